from __future__ import annotations

from typing import Iterable

from sfspec.diagnostics import Diagnostic
from sfspec.model import field_owner, split_field
from sfspec.rules.base import Rule, RuleContext, rule


@rule("SFS105", "write-needs-ownership")
def check(ctx: RuleContext, r: Rule) -> Iterable[Diagnostic]:
    """A flow writes a field whose source of truth is not the flow's source system.

    Only the owner of a field may push it to other systems; otherwise two systems overwrite
    each other. Allowed when the field is declared `bidirectional: true` with a `conflict`
    policy. Change the field's `owner`, drop the mapping, or declare the field bidirectional.
    """
    spec = ctx.spec
    for flow_name, flow in spec.flows.items():
        for i, mapping in enumerate(flow.mapping):
            obj_name, field_name = split_field(flow, mapping.field)
            obj = spec.objects.get(obj_name or "")
            if obj is None or field_name not in obj.fields and "." in mapping.field:
                continue
            if obj is None:
                continue
            spec_field = obj.fields.get(field_name)
            if spec_field is not None and spec_field.bidirectional and spec_field.conflict:
                continue
            owner = field_owner(obj, field_name)
            if owner != flow.source and owner in spec.systems:
                yield r.finding(
                    f"flow {flow_name!r} writes {obj_name}.{field_name}, owned by {owner!r}, from {flow.source!r}",
                    ctx.at("flows", flow_name, "mapping", i),
                    f"only {owner!r} may send this field; or declare it `bidirectional: true` with a `conflict` policy",
                )
