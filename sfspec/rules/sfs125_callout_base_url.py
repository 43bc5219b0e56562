from __future__ import annotations

from collections.abc import Iterable

from sfspec.codes import Code
from sfspec.diagnostics import Diagnostic
from sfspec.model import is_salesforce
from sfspec.rules.base import Rule, RuleContext, rule


@rule(Code.SFS125, "callout-needs-base-url")
def check(ctx: RuleContext, r: Rule) -> Iterable[Diagnostic]:
    """Outbound flows without `via` become Apex callouts through a Named Credential, whose URL is
    the target system's `base_url`; without it the generated Named Credential has no endpoint
    and the deploy fails. Give the system a `base_url` (an environment may override it), or
    route the flow through middleware with `via`.
    """
    spec = ctx.spec
    for name, flow in spec.flows.items():
        target = spec.systems.get(flow.target)
        if flow.via or target is None or not is_salesforce(spec, flow.source) or is_salesforce(spec, flow.target):
            continue
        if not target.base_url:
            yield r.finding(
                f"flow {name!r} calls {flow.target!r} from Apex, but systems.{flow.target} has no base_url",
                ctx.at("flows", name, "target", value=True),
                f"add `base_url: https://…` to systems.{flow.target}, or route the flow `via` middleware",
            )
