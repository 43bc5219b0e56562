from __future__ import annotations

from collections.abc import Iterable

from sfspec.codes import Code
from sfspec.diagnostics import Diagnostic
from sfspec.model import is_custom
from sfspec.model.existing import Manage
from sfspec.model.objects import (
    FORMULA_TYPES,
    KEY_TYPES,
    LENGTH_RANGE,
    NUMBER_TYPES,
    PICKLIST_TYPES,
    RELATION_TYPES,
    SIZED_TEXT_TYPES,
    TEXT_TYPES,
    FieldSpec,
    FieldType,
)
from sfspec.rules.base import Rule, RuleContext, rule

# What a platform event field may be (Salesforce: "Platform Event Fields").
EVENT_TYPES = {
    FieldType.Checkbox,
    FieldType.Date,
    FieldType.DateTime,
    FieldType.Number,
    FieldType.Text,
    FieldType.LongTextArea,
}


def event_problems(field: FieldSpec) -> Iterable[tuple[str, str, str]]:
    """A platform event's field: one of the types events support, never a key (events are not records)."""
    if field.type not in EVENT_TYPES:
        yield (
            "type",
            f"a platform event field cannot be {field.type}",
            "use one of " + ", ".join(sorted(EVENT_TYPES)) + " (a Currency or Percent becomes Number)",
        )
    for attr in ("external_id", "unique"):
        if getattr(field, attr):
            yield attr, f"{attr} does not apply to a platform event field", f"remove `{attr}`"


def problems(field: FieldSpec, custom: bool) -> Iterable[tuple[str, str, str]]:
    """(attribute, what is wrong, hint) for one field."""
    kind = field.type
    yield from _computed(field, custom)
    if custom and kind in SIZED_TEXT_TYPES and field.length is None and not field.formula:
        yield "type", f"a custom {kind} field needs a length", "add `length:` (Text: 1-255)"
    if field.length is not None:
        if kind not in TEXT_TYPES:
            yield "length", f"length does not apply to {kind}", "remove `length`, or use a text type"
        elif not LENGTH_RANGE[kind][0] <= field.length <= LENGTH_RANGE[kind][1]:
            low, high = LENGTH_RANGE[kind]
            yield "length", f"{kind} length must be {low}-{high}", "fix `length`"
    if custom and kind in PICKLIST_TYPES and not field.values:
        yield "type", f"a custom {kind} field needs values", "add `values: [A, B]`"
    if field.values and kind not in PICKLIST_TYPES:
        yield "values", f"values do not apply to {kind}", "remove `values`, or use `type: Picklist`"
    if field.values and len(set(field.values)) != len(field.values):
        yield "values", "picklist values repeat", "list each value once"
    if custom and kind in RELATION_TYPES and not field.reference_to:
        yield "type", f"a custom {kind} field needs reference_to", "add `reference_to: <Object>`"
    if field.reference_to and kind not in RELATION_TYPES:
        yield "reference_to", f"reference_to does not apply to {kind}", "remove it, or use `type: Lookup`"
    for attr in ("precision", "scale"):
        if (
            getattr(field, attr) is not None
            and kind not in NUMBER_TYPES
            and not (attr == "scale" and kind is FieldType.Location)
        ):
            yield attr, f"{attr} applies only to Number, Currency and Percent, not {kind}", f"remove `{attr}`"
    if field.precision is not None and field.scale is not None and field.scale > field.precision:
        yield "scale", f"scale {field.scale} is larger than precision {field.precision}", "precision counts all digits"
    for attr in ("external_id", "unique"):
        if getattr(field, attr) and kind not in KEY_TYPES:
            yield attr, f"{attr} is not allowed on {kind}", "Salesforce allows it on Text, Number and Email"
    if field.conflict is not None and not field.bidirectional:
        yield (
            "conflict",
            "a conflict policy on a field that is not bidirectional",
            "add `bidirectional: true`, or remove `conflict`",
        )


def _computed(field: FieldSpec, custom: bool) -> Iterable[tuple[str, str, str]]:
    """Formula, roll-up summary, auto number and relationship extras: each only on its type."""
    kind = field.type
    if field.formula is not None:
        if kind not in FORMULA_TYPES:
            yield "formula", f"a formula cannot return {kind}", "use one of " + ", ".join(sorted(FORMULA_TYPES))
        for attr in ("required", "unique", "external_id"):
            if getattr(field, attr):
                yield attr, f"{attr} does not apply to a formula field", f"remove `{attr}`"
    if kind is FieldType.Summary and custom and field.summary is None:
        yield (
            "type",
            "a custom Summary field needs `summary`",
            "add `summary: {operation: count, foreign_key: Child__c.Parent__c}`",
        )
    if field.summary is not None and kind is not FieldType.Summary:
        yield "summary", f"summary does not apply to {kind}", "use `type: Summary`"
    if field.summary is not None and field.summary.operation != "count" and field.summary.field is None:
        yield (
            "summary",
            f"a {field.summary.operation} roll-up needs the child `field`",
            "add `field: Child__c.Amount__c`",
        )
    if kind is FieldType.AutoNumber and custom and field.display_format is None:
        yield "type", "a custom AutoNumber field needs `display_format`", "add `display_format: A-{0000}`"
    if field.display_format is not None and kind is not FieldType.AutoNumber:
        yield "display_format", f"display_format does not apply to {kind}", "use `type: AutoNumber`"
    if field.relationship_order is not None and kind is not FieldType.MasterDetail:
        yield "relationship_order", f"relationship_order does not apply to {kind}", "use `type: MasterDetail`"
    if field.lookup_filter is not None and kind not in RELATION_TYPES:
        yield "lookup_filter", f"lookup_filter does not apply to {kind}", "use `type: Lookup` or `MasterDetail`"


@rule(Code.SFS119, "field-type-attributes")
def check(ctx: RuleContext, r: Rule) -> Iterable[Diagnostic]:
    """Custom fields (`__c`) that sfspec may generate (all but `manage: reference` ones) need what
    Salesforce needs to create them: Text and LongTextArea a `length` (Text up to 255,
    LongTextArea 256-131072), Picklist `values`, Lookup and MasterDetail `reference_to`. On any
    field, `length` is for text types, `precision`/`scale` for Number, Currency and Percent
    (scale ≤ precision), `values` for picklists, `reference_to` for relationships,
    `external_id`/`unique` for Text, Number and Email, and `conflict` for `bidirectional` fields.
    A `formula` returns Number, Currency, Percent, Text, Date, DateTime, Time or Checkbox and is
    never required, unique or an external ID; a custom Summary needs `summary` (and its child
    `field` unless it counts), a custom AutoNumber a `display_format`; `relationship_order` is for
    MasterDetail, `lookup_filter` for relationships. A platform event's (`__e`) custom fields are
    Checkbox, Date, DateTime, Number, Text or LongTextArea, and never external IDs or unique.
    """
    for obj_name, obj in ctx.spec.objects.items():
        for field_name, field in obj.fields.items():
            # a reference is never created: what Salesforce needs to create a field does not apply
            creatable = is_custom(field_name) and Manage.reference not in (field.manage, obj.manage)
            found = list(problems(field, creatable))
            if creatable and obj_name.endswith("__e"):
                found.extend(event_problems(field))
            for attr, what, hint in found:
                yield r.finding(
                    f"{obj_name}.{field_name}: {what}", ctx.at("objects", obj_name, "fields", field_name, attr), hint
                )
