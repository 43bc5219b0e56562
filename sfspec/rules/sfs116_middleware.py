from __future__ import annotations

from collections.abc import Iterable

from sfspec.codes import Code
from sfspec.diagnostics import Diagnostic
from sfspec.model.flows import Timing
from sfspec.model.systems import Engine, SystemKind
from sfspec.rules.base import Rule, RuleContext, rule


@rule(Code.SFS116, "via-needs-middleware")
def check(ctx: RuleContext, r: Rule) -> Iterable[Diagnostic]:
    """A flow that passes through middleware names it in `via`; that system has `kind:
    middleware` and an `engine` (`camel` for realtime routes, `meltano` for scheduled batch
    jobs), which decides the configuration sfspec generates. `engine` on any other kind of
    system has no meaning, and `leader_election` only means something for Camel. A realtime or
    on-demand flow cannot run on Meltano, which only runs batch jobs.
    """
    systems = ctx.spec.systems
    for name, system in systems.items():
        if system.kind is SystemKind.middleware and system.engine is None:
            yield r.finding(
                f"middleware system {name!r} has no engine",
                ctx.at("systems", name, "kind", value=True),
                "add `engine: camel` (realtime routes) or `engine: meltano` (scheduled batch jobs)",
            )
        elif system.kind is not SystemKind.middleware and system.engine is not None:
            yield r.finding(
                f"system {name!r} has an engine but kind {system.kind!r}",
                ctx.at("systems", name, "engine"),
                "use `kind: middleware`, or remove `engine`",
            )
        if system.leader_election is not None and system.engine is not Engine.camel:
            yield r.finding(
                f"system {name!r} sets leader_election, which only Camel routes use",
                ctx.at("systems", name, "leader_election"),
                "remove `leader_election`, or make the system `kind: middleware` with `engine: camel`",
            )
    for flow_name, flow in ctx.spec.flows.items():
        via = systems.get(flow.via or "")
        if via is None:
            continue  # no via, or an unknown system (SFS101)
        if via.kind is not SystemKind.middleware:
            yield r.finding(
                f"flow {flow_name!r} passes through {flow.via!r}, which is kind {via.kind!r}",
                ctx.at("flows", flow_name, "via", value=True),
                "name a system of kind `middleware`, or drop `via` for a direct connection",
            )
        elif via.engine is Engine.meltano and flow.timing is not Timing.scheduled:
            yield r.finding(
                f"{flow.timing} flow {flow_name!r} passes through {flow.via!r}, a Meltano batch runner",
                ctx.at("flows", flow_name, "via", value=True),
                "route realtime flows through a `camel` middleware, or make the flow scheduled",
            )
