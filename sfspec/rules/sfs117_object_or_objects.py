from __future__ import annotations

from collections.abc import Iterable

from sfspec.codes import Code
from sfspec.diagnostics import Diagnostic
from sfspec.rules.base import Rule, RuleContext, rule


@rule(Code.SFS117, "object-or-objects")
def check(ctx: RuleContext, r: Rule) -> Iterable[Diagnostic]:
    """A flow moves either one object (`object: Account`) or, for bulk exports, several
    (`objects: [Account, Contact]`). With neither, there is nothing to move; with both, it is
    unclear which one the mapping and match key refer to.
    """
    for name, flow in ctx.spec.flows.items():
        if flow.object is None and not flow.objects:
            yield r.finding(
                f"flow {name!r} names no object",
                ctx.at("flows", name),
                "add `object: <ApiName>` or `objects: [<ApiName>, …]`",
            )
        elif flow.object is not None and flow.objects:
            yield r.finding(
                f"flow {name!r} has both `object` and `objects`",
                ctx.at("flows", name, "objects"),
                "keep one: `object` for one object, `objects` for several",
            )
