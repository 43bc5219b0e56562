from __future__ import annotations

from collections.abc import Iterable

from sfspec.codes import Code
from sfspec.diagnostics import Diagnostic
from sfspec.model import flow_objects
from sfspec.model.flows import StreamingEvent
from sfspec.rules.base import Rule, RuleContext, rule


@rule(Code.SFS127, "cdc-unsupported")
def check(ctx: RuleContext, r: Rule) -> Iterable[Diagnostic]:
    """A flow with `event: cdc` names an object that has no change event.

    Change Data Capture publishes `<Object>ChangeEvent` for custom objects (`__c`) and for the
    standard objects that support it (sfspec's catalogue of API 61 lists them; an org read adds
    the org's own). Custom metadata (`__mdt`), platform events (`__e`), external (`__x`) and big
    objects (`__b`) never have one. Publish a platform event instead (`event: platform_event`).
    """
    for name, flow in ctx.spec.flows.items():
        if flow.event is not StreamingEvent.cdc:
            continue
        where: list[tuple[str, tuple[str | int, ...]]] = []
        if flow.object:
            where.append((flow.object, ("flows", name, "object")))
        for i, obj in enumerate(flow.objects or []):
            where.append((obj, ("flows", name, "objects", i)))
        for obj, path in where:
            if obj not in flow_objects(flow):
                continue
            supported = ctx.catalogue.supports_cdc(obj)
            if supported:
                continue
            why = "is not a standard object sfspec knows" if supported is None else "has no change event"
            yield r.finding(
                f"flow {name!r} streams Change Data Capture for {obj}, which {why}",
                ctx.at(*path, value=True),
                "use `event: platform_event` (a generated event published by a trigger)"
                + ("; or plan against an org that has this object" if supported is None else ""),
            )
