from __future__ import annotations

from collections.abc import Iterable

from sfspec.codes import Code
from sfspec.diagnostics import Diagnostic
from sfspec.rules.base import Rule, RuleContext, rule
from sfspec.rules.sfs105_owner_writes import foreign_writes


@rule(Code.SFS111, "write-back-to-owner")
def check(ctx: RuleContext, r: Rule) -> Iterable[Diagnostic]:
    """The target is the field's source of truth; a copy held by the flow's source would
    overwrite the master value (for example, the CRM pushing the ERP's credit limit back to
    the ERP). Drop the mapping, reverse the flow, or, when both sides really edit the field,
    declare it `bidirectional: true` with a `conflict` policy.
    """
    for flow_name, flow in ctx.spec.flows.items():
        for i, obj_name, field_name, owner in foreign_writes(ctx.spec, flow):
            if owner != flow.target:
                continue
            yield r.finding(
                f"flow {flow_name!r} sends {obj_name}.{field_name} back to its owner {owner!r}",
                ctx.at("flows", flow_name, "mapping", i),
                f"{owner!r} is the source of truth; remove the mapping or declare the field bidirectional "
                "with a `conflict` policy",
            )
