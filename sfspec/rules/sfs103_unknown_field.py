from __future__ import annotations

from collections.abc import Iterable

from sfspec.codes import Code
from sfspec.diagnostics import Diagnostic
from sfspec.model import flow_objects, split_field
from sfspec.rules.base import Rule, RuleContext, did_you_mean, rule

# What people call a field and what Salesforce calls it, tried before the spelling distance.
_SYNONYMS = (("ZipCode", "PostalCode"), ("Zip", "PostalCode"), ("Postcode", "PostalCode"), ("Province", "State"))


def _suggest(field: str, known: list[str], obj_name: str) -> str:
    for word, platform_word in _SYNONYMS:
        candidate = field.replace(word, platform_word)
        if candidate != field and candidate in known:
            return f"did you mean {candidate!r}?"
    return did_you_mean(field, known, f"standard fields of {obj_name}")


@rule(Code.SFS103, "unknown-field")
def check(ctx: RuleContext, r: Rule) -> Iterable[Diagnostic]:
    """Every field a flow touches is declared under `objects.<Object>.fields`, standard fields
    included: the spec is where each field's owner is recorded. Checked: mapping fields,
    `trigger.fields`, `match_key`, and the fields named in `external_ids`. References into an
    undeclared object are reported once, as SFS102. `Id` (every record's own, the key of
    `write: update` flows) needs no declaration.

    A standard field (no `__c`) declared on a standard object must exist on that object:
    `Account.BillingZip` is refused with a did-you-mean (`BillingPostalCode`). The standard
    objects come from sfspec's catalogue (Salesforce API 61); an org read adds the org's own.
    """
    objects = ctx.spec.objects
    for obj_name, obj in objects.items():
        known = ctx.catalogue.object(obj_name) if "__" not in obj_name else None
        if known is None:
            continue
        for field in obj.fields:
            if "__" not in field and field not in known.fields:
                yield r.finding(
                    f"{obj_name} has no standard field {field!r}",
                    ctx.at("objects", obj_name, "fields", field),
                    _suggest(field, sorted(known.fields), obj_name) + "; custom fields end in __c",
                )

    def finding(obj_name: str, field: str, *path: str | int) -> Diagnostic:
        known = list(objects[obj_name].fields)
        return r.finding(
            f"unknown field {field!r} on {obj_name}",
            ctx.at(*path, value=True),
            did_you_mean(field, known, f"fields of {obj_name}") + f"; or declare objects.{obj_name}.fields.{field}",
        )

    for obj_name, obj in objects.items():
        for system, field in obj.external_ids.items():
            if field not in obj.fields:
                yield finding(obj_name, field, "objects", obj_name, "external_ids", system)
    for flow_name, flow in ctx.spec.flows.items():
        moved = [name for name in flow_objects(flow) if name in objects]
        for i, mapping in enumerate(flow.mapping):
            owner, field = split_field(flow, mapping.field)
            if (
                owner is not None
                and owner in objects
                and owner in moved
                and field not in (*objects[owner].fields, "Id")
            ):
                yield finding(owner, field, "flows", flow_name, "mapping", i, "field")
        if flow.trigger and flow.trigger.fields and moved:
            for i, field in enumerate(flow.trigger.fields):
                if field not in objects[moved[0]].fields:
                    yield finding(moved[0], field, "flows", flow_name, "trigger", "fields", i)
        if flow.match_key and flow.match_key != "Id":  # every record has its Id: nothing to declare
            for obj_name in moved:
                if flow.match_key not in objects[obj_name].fields:
                    yield finding(obj_name, flow.match_key, "flows", flow_name, "match_key")
