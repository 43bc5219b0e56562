from __future__ import annotations

from collections.abc import Iterable

from sfspec.codes import Code
from sfspec.diagnostics import Diagnostic
from sfspec.model import is_salesforce
from sfspec.rules.base import Rule, RuleContext, rule


@rule(Code.SFS124, "trigger-and-receive-placement")
def check(ctx: RuleContext, r: Rule) -> Iterable[Diagnostic]:
    """A `trigger` is a Salesforce record event (create, update, delete, undelete), so only a
    flow whose source is the Salesforce system can have one. `receive` tells the middleware
    named in `via` how the source system hands it data (webhook, Kafka, polling, file), so it
    needs `via` and a source other than Salesforce.
    """
    spec = ctx.spec
    for name, flow in spec.flows.items():
        if flow.trigger is not None and flow.source in spec.systems and not is_salesforce(spec, flow.source):
            yield r.finding(
                f"flow {name!r} has a trigger but its source {flow.source!r} is not Salesforce",
                ctx.at("flows", name, "trigger"),
                "remove `trigger`; inbound flows start from `receive` or a schedule",
            )
        if flow.receive is not None and not flow.via:
            yield r.finding(
                f"flow {name!r} has `receive` but no `via` middleware",
                ctx.at("flows", name, "receive"),
                "add `via: <middleware system>`, or remove `receive`",
            )
        elif flow.receive is not None and is_salesforce(spec, flow.source):
            yield r.finding(
                f"flow {name!r} receives from Salesforce",
                ctx.at("flows", name, "receive"),
                "flows out of Salesforce start from a `trigger` or an event; remove `receive`",
            )
