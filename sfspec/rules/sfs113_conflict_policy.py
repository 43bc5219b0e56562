from __future__ import annotations

from collections.abc import Iterable

from sfspec.codes import Code
from sfspec.diagnostics import Diagnostic
from sfspec.model.flows import Direction
from sfspec.rules.base import Rule, RuleContext, rule

_POLICIES = "source_wins, target_wins, last_write_wins, salesforce_wins or manual"


@rule(Code.SFS113, "bidirectional-needs-conflict-policy")
def check(ctx: RuleContext, r: Rule) -> Iterable[Diagnostic]:
    """When two systems may both change a value, the generated code must know who wins when the
    changes cross: `source_wins`, `target_wins`, `last_write_wins`, `salesforce_wins`, or
    `manual` (park the record for a person). Declare it next to `direction: bidirectional` on
    the flow or `bidirectional: true` on the field.
    """
    for name, flow in ctx.spec.flows.items():
        if flow.direction is Direction.bidirectional and flow.conflict is None:
            yield r.finding(
                f"bidirectional flow {name!r} has no conflict policy",
                ctx.at("flows", name, "direction", value=True),
                f"add `conflict:` ({_POLICIES})",
            )
    for obj_name, obj in ctx.spec.objects.items():
        for field_name, field in obj.fields.items():
            if field.bidirectional and field.conflict is None:
                yield r.finding(
                    f"bidirectional field {obj_name}.{field_name} has no conflict policy",
                    ctx.at("objects", obj_name, "fields", field_name, "bidirectional", value=True),
                    f"add `conflict:` ({_POLICIES})",
                )
