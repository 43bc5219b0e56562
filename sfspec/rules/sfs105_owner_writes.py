from __future__ import annotations

from collections.abc import Iterable

from sfspec.codes import Code
from sfspec.diagnostics import Diagnostic
from sfspec.model import field_owner, flow_objects, split_field
from sfspec.model.flows import Flow
from sfspec.model.objects import FieldSpec
from sfspec.model.spec import Spec
from sfspec.rules.base import Rule, RuleContext, rule


def foreign_writes(spec: Spec, flow: Flow) -> Iterable[tuple[int, str, str, str]]:
    """(mapping index, object, field, owner) for each mapped field the flow's source does not own.

    Fields declared `bidirectional` with a `conflict` policy, undeclared fields (SFS103) and
    fields of undeclared objects (SFS102) are left out. Shared with SFS111.
    """
    moved = flow_objects(flow)
    for i, mapping in enumerate(flow.mapping):
        obj_name, field_name = split_field(flow, mapping.field)
        obj = spec.objects.get(obj_name or "")
        if obj is None or obj_name not in moved:
            continue
        declared: FieldSpec | None = obj.fields.get(field_name)
        if declared is None or (declared.bidirectional and declared.conflict):
            continue
        owner = field_owner(obj, field_name)
        if owner != flow.source and owner in spec.systems:
            yield i, str(obj_name), field_name, owner


@rule(Code.SFS105, "write-needs-ownership")
def check(ctx: RuleContext, r: Rule) -> Iterable[Diagnostic]:
    """Only the owner of a field may push it to other systems; a system that merely holds a copy
    must not relay it, or two systems overwrite each other. Allowed when the field is declared
    `bidirectional: true` with a `conflict` policy. Change the field's `owner`, drop the
    mapping, or declare the field bidirectional. (Sending a field back to its owner is SFS111.)
    """
    for flow_name, flow in ctx.spec.flows.items():
        for i, obj_name, field_name, owner in foreign_writes(ctx.spec, flow):
            if owner == flow.target:
                continue
            yield r.finding(
                f"flow {flow_name!r} writes {obj_name}.{field_name}, owned by {owner!r}, from {flow.source!r}",
                ctx.at("flows", flow_name, "mapping", i),
                f"only {owner!r} may send this field; or declare it `bidirectional: true` with a `conflict` policy",
            )
