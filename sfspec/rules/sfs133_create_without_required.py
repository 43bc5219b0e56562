from __future__ import annotations

from collections.abc import Iterable

from sfspec.codes import Code
from sfspec.diagnostics import Diagnostic
from sfspec.model import flow_objects, is_salesforce, split_field
from sfspec.model.flows import WriteMode
from sfspec.model.objects import FieldType
from sfspec.rules.base import Rule, RuleContext, names, rule


@rule(Code.SFS133, "create-without-required-fields")
def check(ctx: RuleContext, r: Rule) -> Iterable[Diagnostic]:
    """An inbound flow can create records without a field Salesforce requires on create.

    An upsert (the default `write`) or an insert creates the record when no existing one matches.
    The create then needs every required field: the platform's own (Contact `LastName`, Account
    `Name`, Opportunity `StageName` and `CloseDate`, from the standard-object catalogue or the
    org), the spec's `required: true` fields without a default and master-detail parents. A flow
    that maps none of them fails on every new record. Map them, or only update existing records
    (`write: update`).
    """
    spec = ctx.spec
    for name, flow in spec.flows.items():
        inbound = is_salesforce(spec, flow.target) and not is_salesforce(spec, flow.source)
        if not inbound or flow.write != WriteMode.upsert:
            continue
        for obj in flow_objects(flow):
            written = {field for o, field in (split_field(flow, m.field) for m in flow.mapping) if o == obj}
            if flow.match_key:
                written.add(flow.match_key)
            missing = [f for f in _required(ctx, obj) if f not in written]
            if missing:
                where = ("flows", name, "mapping") if flow.mapping else ("flows", name)
                yield r.finding(
                    f"flow {name!r} can create {obj} records without {names(missing)}, which Salesforce "
                    "requires on create",
                    ctx.at(*where),
                    f"map {names(missing)}, or set `write: update` to only update existing records",
                )


def _required(ctx: RuleContext, obj: str) -> list[str]:
    """Fields a create must set: the catalogue's (platform or org) and the spec's own."""
    required: list[str] = []
    info = ctx.catalogue.object(obj)
    if info is not None:
        required.extend(f.name for f in info.fields.values() if f.required)
    spec_obj = ctx.spec.objects.get(obj)
    if spec_obj is not None:
        for field_name, field in spec_obj.fields.items():
            if field.type is FieldType.MasterDetail or (field.required and field.type is not FieldType.Checkbox):
                required.append(field_name)
    return sorted(dict.fromkeys(required))
