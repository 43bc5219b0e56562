from __future__ import annotations

from collections.abc import Iterable

from sfspec.codes import Code
from sfspec.diagnostics import Diagnostic
from sfspec.model.flows import Transport
from sfspec.rules.base import Rule, RuleContext, rule


@rule(Code.SFS112, "streaming-needs-event")
def check(ctx: RuleContext, r: Rule) -> Iterable[Diagnostic]:
    """A streaming flow names the kind of Salesforce event it rides on: `platform_event` (a
    generated `__e` event published after commit) or `cdc` (Change Data Capture on the
    object). Other transports have no event.
    """
    for name, flow in ctx.spec.flows.items():
        if flow.transport is Transport.streaming and flow.event is None:
            yield r.finding(
                f"streaming flow {name!r} does not say which event it uses",
                ctx.at("flows", name, "transport", value=True),
                "add `event: cdc` or `event: platform_event`",
            )
        elif flow.transport is not Transport.streaming and flow.event is not None:
            yield r.finding(
                f"flow {name!r} has `event` but transport {flow.transport!r}",
                ctx.at("flows", name, "event"),
                "use `transport: streaming`, or remove `event`",
            )
