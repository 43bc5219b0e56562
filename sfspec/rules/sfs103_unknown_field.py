from __future__ import annotations

from collections.abc import Iterable

from sfspec.diagnostics import Diagnostic
from sfspec.model import flow_objects, split_field
from sfspec.rules.base import Rule, RuleContext, did_you_mean, rule


@rule("SFS103", "unknown-field")
def check(ctx: RuleContext, r: Rule) -> Iterable[Diagnostic]:
    """Every field a flow touches is declared under `objects.<Object>.fields`, standard fields
    included: the spec is where each field's owner is recorded. Checked: mapping fields,
    `trigger.fields`, `match_key`, and the fields named in `external_ids`. References into an
    undeclared object are reported once, as SFS102.
    """
    objects = ctx.spec.objects

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
            obj_name, field = split_field(flow, mapping.field)
            if obj_name in objects and obj_name in moved and field not in objects[obj_name].fields:
                yield finding(obj_name, field, "flows", flow_name, "mapping", i, "field")
        if flow.trigger and flow.trigger.fields and moved:
            for i, field in enumerate(flow.trigger.fields):
                if field not in objects[moved[0]].fields:
                    yield finding(moved[0], field, "flows", flow_name, "trigger", "fields", i)
        if flow.match_key:
            for obj_name in moved:
                if flow.match_key not in objects[obj_name].fields:
                    yield finding(obj_name, flow.match_key, "flows", flow_name, "match_key")
