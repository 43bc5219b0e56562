"""An org's CustomField metadata → a spec field, or the reason it is left out.

Every type the spec language has is imported, computed ones included (a formula with its
expression, a roll-up summary with its child and filters, an auto number with its format), so the
imported spec names every field a flow might read; attributes the spec does not model stay in the
org (an imported field is a reference, never changed). Attribute values are the metadata's text, so
every number is parsed defensively: a malformed file is skipped with a reason, never a traceback.
"""

from __future__ import annotations

import re
from collections.abc import Mapping
from dataclasses import dataclass
from typing import Any, get_args

from sfspec.model.existing import (
    DISPLAY_FORMAT_MAX,
    DISPLAY_FORMAT_PATTERN,
    FIELD_PATH_PATTERN,
    FORMULA_MAX,
    FilterOperation,
    SummaryOperation,
)
from sfspec.model.objects import (
    FORMULA_TYPES,
    KEY_TYPES,
    LENGTH_RANGE,
    NUMBER_TYPES,
    PICKLIST_TYPES,
    RELATION_TYPES,
    SIZED_TEXT_TYPES,
    FieldType,
)
from sfspec.model.patterns import API_NAME_PATTERN

SPEC_TYPES = frozenset(FieldType) - {FieldType.Id, FieldType.Address}
SUMMARY_OPERATIONS = frozenset(get_args(SummaryOperation))
FILTER_OPERATIONS = frozenset(get_args(FilterOperation))
_FIELD_PATH = re.compile(FIELD_PATH_PATTERN)
_API_NAME = re.compile(API_NAME_PATTERN)


@dataclass(frozen=True)
class Skipped:
    what: str  # "Object.Field" or a component name
    reason: str


def _int(value: Any) -> int | None:
    try:
        return int(str(value).strip())
    except (TypeError, ValueError):
        return None


def _true(value: Any) -> bool:
    return str(value).strip().lower() == "true"


def text(value: Any, limit: int) -> str | None:
    if value is None or isinstance(value, (dict, list)):
        return None
    cleaned = " ".join(str(value).split())
    return cleaned[:limit] if cleaned else None


def _picklist_values(attributes: Mapping[str, Any]) -> list[str] | None:
    value_set = attributes.get("valueSet")
    if not isinstance(value_set, Mapping):
        return None
    definition = value_set.get("valueSetDefinition")
    if not isinstance(definition, Mapping):
        return None  # a global value set: the values live elsewhere
    raw = definition.get("value")
    entries = raw if isinstance(raw, list) else [raw] if raw is not None else []
    values: list[str] = []
    for entry in entries:
        name = text(entry.get("fullName") if isinstance(entry, Mapping) else entry, 255)
        if name and name not in values:
            values.append(name)
    return values or None


def _entries(value: Any) -> list[Mapping[str, Any]]:
    items = value if isinstance(value, list) else [value] if value is not None else []
    return [i for i in items if isinstance(i, Mapping)]


def _filters(value: Any) -> list[dict[str, str]] | None:
    """Roll-up or lookup filter criteria, or None when one cannot be expressed in the spec."""
    out = []
    for item in _entries(value):
        field, operation = str(item.get("field") or ""), str(item.get("operation") or "")
        if not _FIELD_PATH.match(field) or operation not in FILTER_OPERATIONS:
            return None
        entry = {"field": field, "operation": operation}
        if item.get("value") is not None:
            entry["value"] = str(item.get("value"))[:255]
        if item.get("valueField") is not None:
            if not _FIELD_PATH.match(str(item.get("valueField"))):
                return None
            entry["value_field"] = str(item.get("valueField"))
        out.append(entry)
    return out


def _summary(attributes: Mapping[str, Any]) -> dict[str, Any] | None:
    operation = str(attributes.get("summaryOperation") or "")
    key, child = str(attributes.get("summaryForeignKey") or ""), attributes.get("summarizedField")
    filters = _filters(attributes.get("summaryFilterItems"))
    if operation not in SUMMARY_OPERATIONS or not _FIELD_PATH.match(key) or filters is None:
        return None
    summary: dict[str, Any] = {"operation": operation, "foreign_key": key}
    if child is not None:
        if not _FIELD_PATH.match(str(child)):
            return None
        summary["field"] = str(child)
    if filters:
        summary["filters"] = filters
    return summary


def _lookup_filter(value: Any) -> dict[str, Any] | None:
    if not isinstance(value, Mapping):
        return None
    filters = _filters(value.get("filterItems"))
    if not filters:
        return None
    out: dict[str, Any] = {"filters": filters}
    if not _true(value.get("active", "true")):
        out["active"] = False
    if _true(value.get("isOptional")):
        out["optional"] = True
    for key, spec_key in (("booleanFilter", "boolean_filter"), ("errorMessage", "error_message")):
        found = text(value.get(key), 255)
        if found:
            out[spec_key] = found
    return out


def _computed(where: str, kind: str, attributes: Mapping[str, Any], field: dict[str, Any]) -> Skipped | None:
    """Formula, roll-up summary and auto number: what makes the value, into `field`."""
    formula = attributes.get("formula")
    if formula is not None:
        expression = str(formula)  # verbatim: an adopted formula must compare equal to the org's
        if kind not in FORMULA_TYPES or not expression.strip() or len(expression) > FORMULA_MAX:
            return Skipped(where, f"formula returning {kind} cannot be expressed in the spec")
        field["formula"] = expression
    if kind == FieldType.Summary:
        summary = _summary(attributes)
        if summary is None:
            return Skipped(where, "roll-up summary whose operation or filters the spec cannot express")
        field["summary"] = summary
    if kind == FieldType.AutoNumber:
        display = str(attributes.get("displayFormat") or "")
        if not re.match(DISPLAY_FORMAT_PATTERN, display) or len(display) > DISPLAY_FORMAT_MAX:
            return Skipped(where, "AutoNumber without a valid display format")
        field["display_format"] = display
    return None


def convert(obj: str, name: str, attributes: Mapping[str, Any]) -> dict[str, Any] | Skipped:
    """Spec attributes (in spec key order) for one field, or why it is not imported."""
    where = f"{obj}.{name}"
    kind = str(attributes.get("type") or "")
    if not kind:
        return Skipped(where, "no type in its metadata (a standard field's overrides)")
    if kind not in SPEC_TYPES:
        return Skipped(where, f"type {kind} has no spec equivalent")
    field: dict[str, Any] = {"type": kind}
    skipped = _computed(where, kind, attributes, field)
    if skipped is not None:
        return skipped
    if kind in SIZED_TEXT_TYPES and "formula" not in field:
        length = _int(attributes.get("length"))
        low, high = LENGTH_RANGE[FieldType(kind)]
        if length is None or not low <= length <= high:
            return Skipped(where, f"{kind} without a valid length")
        field["length"] = length
    if kind == FieldType.Location:
        scale = _int(attributes.get("scale"))
        if scale is not None and 0 <= scale <= 15:
            field["scale"] = scale
    if kind in NUMBER_TYPES:
        precision, scale = _int(attributes.get("precision")), _int(attributes.get("scale"))
        if precision is not None and 1 <= precision <= 18:
            field["precision"] = precision
            if scale is not None and 0 <= scale <= min(17, precision):
                field["scale"] = scale
    if kind in PICKLIST_TYPES:
        values = _picklist_values(attributes)
        if values is None:
            return Skipped(where, "picklist without inline values (a global value set)")
        field["values"] = values
    if kind in RELATION_TYPES:
        target = str(attributes.get("referenceTo") or "")
        if not _API_NAME.match(target):
            return Skipped(where, f"{kind} without a valid referenceTo")
        field["reference_to"] = target
        order = _int(attributes.get("relationshipOrder"))
        if kind == FieldType.MasterDetail and order in (0, 1):
            field["relationship_order"] = order
        lookup_filter = _lookup_filter(attributes.get("lookupFilter"))
        if lookup_filter is not None:
            field["lookup_filter"] = lookup_filter
    label = text(attributes.get("label"), 255)
    if label:
        field["label"] = label
    description = text(attributes.get("description") or attributes.get("inlineHelpText"), 4000)
    if description:
        field["description"] = description
    computed = "formula" in field or kind in (FieldType.Summary, FieldType.AutoNumber)
    if _true(attributes.get("required")) and not computed:
        field["required"] = True
    if kind in KEY_TYPES and _true(attributes.get("unique")) and not computed:
        field["unique"] = True
    if kind in KEY_TYPES and _true(attributes.get("externalId")) and not computed:
        field["external_id"] = True
    return field
