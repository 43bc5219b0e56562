from __future__ import annotations

from collections.abc import Iterable

from sfspec.diagnostics import Diagnostic
from sfspec.model import is_custom
from sfspec.model.spec import FieldSpec
from sfspec.rules.base import Rule, RuleContext, rule

TEXT_TYPES = {"Text", "TextArea", "LongTextArea"}
NUMBER_TYPES = {"Number", "Currency", "Percent"}
PICKLIST_TYPES = {"Picklist", "MultiselectPicklist"}
RELATION_TYPES = {"Lookup", "MasterDetail"}
# Salesforce accepts external ID and unique only on Text, Number, Email (and Auto Number).
KEY_TYPES = {"Text", "Number", "Email"}
MAX_LENGTH = {"Text": 255, "TextArea": 255, "LongTextArea": 131072}
MIN_LENGTH = {"LongTextArea": 256}


def problems(field: FieldSpec, custom: bool) -> Iterable[tuple[str, str, str]]:
    """(attribute, what is wrong, hint) for one field."""
    kind = field.type
    if custom and kind in ("Text", "LongTextArea") and field.length is None:
        yield "type", f"a custom {kind} field needs a length", "add `length:` (Text: 1-255)"
    if field.length is not None:
        if kind not in TEXT_TYPES:
            yield "length", f"length does not apply to {kind}", "remove `length`, or use a text type"
        elif not MIN_LENGTH.get(kind, 1) <= field.length <= MAX_LENGTH[kind]:
            yield "length", f"{kind} length must be {MIN_LENGTH.get(kind, 1)}-{MAX_LENGTH[kind]}", "fix `length`"
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
        if getattr(field, attr) is not None and kind not in NUMBER_TYPES:
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


@rule("SFS119", "field-type-attributes")
def check(ctx: RuleContext, r: Rule) -> Iterable[Diagnostic]:
    """Custom fields (`__c`), which sfspec generates, need what Salesforce needs to create them:
    Text and LongTextArea a `length` (Text up to 255, LongTextArea 256-131072), Picklist
    `values`, Lookup and MasterDetail `reference_to`. On any field, `length` is for text types,
    `precision`/`scale` for Number, Currency and Percent (scale ≤ precision), `values` for
    picklists, `reference_to` for relationships, `external_id`/`unique` for Text, Number and
    Email, and `conflict` for `bidirectional` fields.
    """
    for obj_name, obj in ctx.spec.objects.items():
        for field_name, field in obj.fields.items():
            for attr, what, hint in problems(field, is_custom(field_name)):
                yield r.finding(
                    f"{obj_name}.{field_name}: {what}", ctx.at("objects", obj_name, "fields", field_name, attr), hint
                )
