"""Field types and attributes that real orgs have beyond plain data fields (issue 13): formulas,
roll-up summaries, auto numbers, Time, Geolocation, rich and encrypted text, master-detail order
and lookup filters. `extra_attributes` gives the FieldModel values for them; the template writes
each element where the v63 XSD wants it."""

from __future__ import annotations

from dataclasses import dataclass
from typing import Any

from sfspec.model.existing import FilterItem
from sfspec.model.objects import COMPUTED_TYPES, FieldSpec, FieldType


@dataclass(frozen=True)
class Criterion:
    field: str
    operation: str
    value: str | None = None
    value_field: str | None = None


@dataclass(frozen=True)
class LookupFilterModel:
    criteria: tuple[Criterion, ...]
    active: bool = True
    optional: bool = False
    boolean_filter: str | None = None
    error_message: str | None = None


@dataclass(frozen=True, slots=True)
class FieldExtras:
    """A FieldModel's brownfield attributes (`extra_attributes`), held only by a field that has one."""

    formula: str | None = None
    display_format: str | None = None
    mask_char: str | None = None
    mask_type: str | None = None
    summary_operation: str | None = None
    summarized_field: str | None = None
    summary_foreign_key: str | None = None
    summary_filters: tuple[Criterion, ...] = ()
    relationship_order: int = 0
    lookup_filter: LookupFilterModel | None = None


EXTRA_NAMES: tuple[str, ...] = tuple(FieldExtras.__dataclass_fields__)


def _criteria(items: list[FilterItem]) -> tuple[Criterion, ...]:
    return tuple(Criterion(i.field, str(i.operation), i.value, i.value_field) for i in items)


def computed(f: FieldSpec) -> bool:
    return f.formula is not None or f.type in COMPUTED_TYPES


def extra_attributes(f: FieldSpec) -> dict[str, Any]:
    """FieldModel values for the brownfield types and attributes of `f` (empty for plain fields)."""
    kind = f.type
    out: dict[str, Any] = {}
    if computed(f):
        out.update(required=None, unique=None, external_id=None, case_sensitive=None, default_value=None)
    if f.formula is not None:
        out.update(formula=f.formula, length=None)
    if kind is FieldType.Location:
        # displayLocationInDecimal is left to the org: the v63 XSD sfspec validates against lacks it
        out.update(scale=f.scale if f.scale is not None else 6)
    if kind is FieldType.Html:
        out.update(length=max(256, min(f.length or 32768, 131072)), visible_lines=25)
    if kind is FieldType.EncryptedText:
        out.update(length=min(f.length or 175, 175), mask_char="asterisk", mask_type="all")
    if kind is FieldType.AutoNumber:
        out.update(display_format=f.display_format or "A-{0000}")
    if kind is FieldType.Summary and f.summary is not None:
        out.update(
            summary_operation=str(f.summary.operation),
            summarized_field=f.summary.field,
            summary_foreign_key=f.summary.foreign_key,
            summary_filters=_criteria(f.summary.filters),
        )
    if f.relationship_order is not None:
        out.update(relationship_order=f.relationship_order)
    if f.lookup_filter is not None:
        lf = f.lookup_filter
        out.update(
            lookup_filter=LookupFilterModel(
                _criteria(lf.filters), lf.active, lf.optional, lf.boolean_filter, lf.error_message
            )
        )
    return out
