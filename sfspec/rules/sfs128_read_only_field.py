from __future__ import annotations

from collections.abc import Iterable

from sfspec.codes import Code
from sfspec.diagnostics import Diagnostic
from sfspec.model import flow_objects, is_salesforce, split_field
from sfspec.rules.base import Rule, RuleContext, rule

WHY = {
    "formula": "a formula",
    "roll_up": "a roll-up summary",
    "auto_number": "an auto-number",
    "compound": "a compound field (write its parts)",
    "audit": "an audit field",
    "system": "set by the platform",
}


@rule(Code.SFS128, "read-only-field")
def check(ctx: RuleContext, r: Rule) -> Iterable[Diagnostic]:
    """A flow writes a field that Salesforce computes or sets itself.

    Formula, roll-up summary and auto-number fields, compound fields (`BillingAddress`,
    `Contact.Name`) and audit and system fields (`CreatedDate`, `SystemModstamp`, ...) cannot be
    written: every record the flow sends would fail. Checked: the mapped fields of flows into
    Salesforce, and the field an Apex callout writes the remote id back into (`match_key` with
    `endpoint.id_path`).
    """
    spec = ctx.spec
    for name, flow in spec.flows.items():
        inbound = is_salesforce(spec, flow.target) and not is_salesforce(spec, flow.source)
        if inbound:
            for i, mapping in enumerate(flow.mapping):
                obj, field = split_field(flow, mapping.field)
                if field == "Id" and flow.match_key == "Id":
                    continue  # where the sender carries the Id to update by: a key, not a write
                info = ctx.catalogue.field(obj, field) if obj else None
                if info is not None and info.read_only:
                    yield r.finding(
                        f"flow {name!r} writes {obj}.{field}, which is {WHY.get(info.read_only, 'read-only')}",
                        ctx.at("flows", name, "mapping", i, "field", value=True),
                        "map the value to a writable field, or drop the mapping",
                    )
        write_back = is_salesforce(spec, flow.source) and flow.via is None and flow.endpoint and flow.endpoint.id_path
        if write_back and flow.match_key:
            for obj in flow_objects(flow)[:1]:
                info = ctx.catalogue.field(obj, flow.match_key)
                if info is not None and info.read_only:
                    yield r.finding(
                        f"flow {name!r} writes the remote id back into {obj}.{flow.match_key}, which is "
                        f"{WHY.get(info.read_only, 'read-only')}",
                        ctx.at("flows", name, "match_key", value=True),
                        "use a custom external-ID field (`Text`, `external_id: true`) as match_key",
                    )
