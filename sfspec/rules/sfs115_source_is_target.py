from __future__ import annotations

from collections.abc import Iterable

from sfspec.codes import Code
from sfspec.diagnostics import Diagnostic
from sfspec.rules.base import Rule, RuleContext, rule


@rule(Code.SFS115, "source-is-target")
def check(ctx: RuleContext, r: Rule) -> Iterable[Diagnostic]:
    """A flow moves data between two systems; copying a system onto itself is a loop that
    sfspec cannot generate (inside Salesforce, use a Flow or Apex instead). Fix `source` or
    `target`.
    """
    for name, flow in ctx.spec.flows.items():
        if flow.source == flow.target:
            yield r.finding(
                f"flow {name!r} has {flow.source!r} as both source and target",
                ctx.at("flows", name, "target", value=True),
                "a flow connects two different systems",
            )
