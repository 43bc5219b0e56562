from __future__ import annotations

from collections.abc import Iterable

from sfspec.codes import Code
from sfspec.diagnostics import Diagnostic
from sfspec.rules.base import Rule, RuleContext, did_you_mean, rule


@rule(Code.SFS123, "unknown-flow")
def check(ctx: RuleContext, r: Rule) -> Iterable[Diagnostic]:
    """`environments.<env>.flows.<name>` changes a flow's volume or schedule in that
    environment; the name must be a key of `flows:`, or the override silently does nothing.
    """
    known = ctx.spec.flows  # a mapping: asked once per override
    for env_name, env in ctx.spec.environments.items():
        for name in env.flows:
            if name not in known:
                yield r.finding(
                    f"environment {env_name!r} overrides unknown flow {name!r}",
                    ctx.at("environments", env_name, "flows", name),
                    did_you_mean(name, list(known), "flows"),
                )
