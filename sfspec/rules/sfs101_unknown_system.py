from __future__ import annotations

import difflib
from collections.abc import Iterable

from sfspec.codes import Code
from sfspec.diagnostics import Diagnostic
from sfspec.rules.base import Rule, RuleContext, names, rule


@rule(Code.SFS101, "unknown-system")
def check(ctx: RuleContext, r: Rule) -> Iterable[Diagnostic]:
    """Objects name their owner, fields may override it, flows name a source, a target and
    optionally a middleware system (`via`), objects map external-ID fields per system, and
    environments override systems. Each of these must be a key of `systems:`.
    """
    known = list(ctx.spec.systems)

    def finding(name: str, *path: str | int) -> Diagnostic:
        close = difflib.get_close_matches(name, known, n=1)
        hint = f"did you mean {close[0]!r}?" if close else f"declared systems: {names(known)}"
        return r.finding(f"unknown system {name!r}", ctx.at(*path, value=True), hint)

    for obj_name, obj in ctx.spec.objects.items():
        if obj.owner not in ctx.spec.systems:
            yield finding(obj.owner, "objects", obj_name, "owner")
        for system in obj.external_ids:
            if system not in ctx.spec.systems:
                yield finding(system, "objects", obj_name, "external_ids", system)
        for field_name, field in obj.fields.items():
            if field.owner and field.owner not in ctx.spec.systems:
                yield finding(field.owner, "objects", obj_name, "fields", field_name, "owner")
    for flow_name, flow in ctx.spec.flows.items():
        for key in ("source", "target", "via"):
            value = getattr(flow, key)
            if value and value not in ctx.spec.systems:
                yield finding(value, "flows", flow_name, key)
    for env_name, env in ctx.spec.environments.items():
        for system in env.systems:
            if system not in ctx.spec.systems:
                yield finding(system, "environments", env_name, "systems", system)
