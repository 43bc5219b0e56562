from __future__ import annotations

from collections.abc import Iterable

from sfspec.codes import Code
from sfspec.diagnostics import Diagnostic
from sfspec.model.systems import SystemKind
from sfspec.rules.base import Rule, RuleContext, rule


@rule(Code.SFS104, "one-salesforce-org")
def check(ctx: RuleContext, r: Rule) -> Iterable[Diagnostic]:
    """sfspec compiles a landscape around one Salesforce org: generated Apex, metadata and
    middleware all refer to it. Model a second org as a system of kind `custom`.
    """
    orgs = [name for name, s in ctx.spec.systems.items() if s.kind is SystemKind.salesforce]
    if not orgs:
        yield r.finding(
            "no system has kind 'salesforce'", ctx.at("systems"), "declare the org, e.g. `crm: {kind: salesforce}`"
        )
    for extra in orgs[1:]:
        yield r.finding(
            f"more than one Salesforce system ({orgs[0]!r} and {extra!r})",
            ctx.at("systems", extra, "kind", value=True),
            "keep one; model other orgs as kind `custom`",
        )
