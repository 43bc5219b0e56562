"""An org's CustomField metadata → a spec field, or the reason it is left out.

Only types the spec language has one-to-one are imported; computed fields (formula, roll-up
summary, auto number) are not integration data and are left out, as are types sfspec cannot
generate (Location, Time, EncryptedText, Html …). Attribute values are the metadata's text, so
every number is parsed defensively: a malformed file is skipped with a reason, never a traceback.
"""

from __future__ import annotations

import re
from collections.abc import Mapping
from dataclasses import dataclass
from typing import Any

from sfspec.model.spec import API_NAME_PATTERN, FieldType

SPEC_TYPES = {t.value for t in FieldType} - {"Id", "Address"}
KEY_TYPES = {"Text", "Number", "Email"}  # Salesforce allows external ID / unique only on these
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


def convert(obj: str, name: str, attributes: Mapping[str, Any]) -> dict[str, Any] | Skipped:
    """Spec attributes (in spec key order) for one field, or why it is not imported."""
    where = f"{obj}.{name}"
    kind = str(attributes.get("type") or "")
    if not kind:
        return Skipped(where, "no type in its metadata (a standard field's overrides)")
    if attributes.get("formula") is not None:
        return Skipped(where, "formula field (computed, not integration data)")
    if kind not in SPEC_TYPES:
        return Skipped(where, f"type {kind} has no spec equivalent")
    field: dict[str, Any] = {"type": kind}
    if kind in ("Text", "LongTextArea"):
        length = _int(attributes.get("length"))
        limits = (1, 255) if kind == "Text" else (256, 131072)
        if length is None or not limits[0] <= length <= limits[1]:
            return Skipped(where, f"{kind} without a valid length")
        field["length"] = length
    if kind in ("Number", "Currency", "Percent"):
        precision, scale = _int(attributes.get("precision")), _int(attributes.get("scale"))
        if precision is not None and 1 <= precision <= 18:
            field["precision"] = precision
            if scale is not None and 0 <= scale <= min(17, precision):
                field["scale"] = scale
    if kind in ("Picklist", "MultiselectPicklist"):
        values = _picklist_values(attributes)
        if values is None:
            return Skipped(where, "picklist without inline values (a global value set)")
        field["values"] = values
    if kind in ("Lookup", "MasterDetail"):
        target = str(attributes.get("referenceTo") or "")
        if not _API_NAME.match(target):
            return Skipped(where, f"{kind} without a valid referenceTo")
        field["reference_to"] = target
    label = text(attributes.get("label"), 255)
    if label:
        field["label"] = label
    description = text(attributes.get("description") or attributes.get("inlineHelpText"), 4000)
    if description:
        field["description"] = description
    if _true(attributes.get("required")):
        field["required"] = True
    if kind in KEY_TYPES and _true(attributes.get("unique")):
        field["unique"] = True
    if kind in KEY_TYPES and _true(attributes.get("externalId")):
        field["external_id"] = True
    return field
