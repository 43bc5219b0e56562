from __future__ import annotations

from collections.abc import Iterable

from sfspec.codes import Code
from sfspec.diagnostics import Diagnostic
from sfspec.model import flow_objects
from sfspec.rules.base import Rule, RuleContext, did_you_mean, rule


@rule(Code.SFS102, "unknown-object")
def check(ctx: RuleContext, r: Rule) -> Iterable[Diagnostic]:
    """Flows name the object (`object:`) or objects (`objects:`) they move, Lookup and
    MasterDetail fields name their target (`reference_to:`), and a mapping in a multi-object
    flow qualifies its field as `Object.Field`, where the object must be one the flow moves.
    Declare the object with its owner, or fix the name.
    """
    known = ctx.spec.objects  # a mapping: asked once per lookup field and flow (a list made this quadratic)

    def finding(name: str, *path: str | int) -> Diagnostic:
        return r.finding(
            f"unknown object {name!r}", ctx.at(*path, value=True), did_you_mean(name, list(known), "objects")
        )

    for obj_name, obj in ctx.spec.objects.items():
        for field_name, field in obj.fields.items():
            if field.reference_to and field.reference_to not in known:
                yield finding(field.reference_to, "objects", obj_name, "fields", field_name, "reference_to")
    for flow_name, flow in ctx.spec.flows.items():
        if flow.object and flow.object not in known:
            yield finding(flow.object, "flows", flow_name, "object")
        for i, name in enumerate(flow.objects or []):
            if name not in known:
                yield finding(name, "flows", flow_name, "objects", i)
        moved = flow_objects(flow)
        for i, mapping in enumerate(flow.mapping):
            if "." not in mapping.field:
                continue
            qualifier = mapping.field.split(".", 1)[0]
            if qualifier not in known:
                yield finding(qualifier, "flows", flow_name, "mapping", i, "field")
            elif qualifier not in moved:
                yield r.finding(
                    f"{mapping.field}: object {qualifier!r} is not moved by flow {flow_name!r}",
                    ctx.at("flows", flow_name, "mapping", i, "field", value=True),
                    f"the flow moves: {', '.join(moved) or '(nothing)'}",
                )
