from __future__ import annotations

from collections.abc import Iterable

from sfspec.codes import Code
from sfspec.diagnostics import Diagnostic
from sfspec.model import flow_objects, is_salesforce
from sfspec.model.flows import Transport, WriteMode
from sfspec.rules.base import Rule, RuleContext, rule


@rule(Code.SFS107, "upsert-needs-external-id")
def check(ctx: RuleContext, r: Rule) -> Iterable[Diagnostic]:
    """Data coming into Salesforce is upserted: records are matched on a field that holds the
    source system's key, so a resent message updates the record instead of duplicating it.
    The object declares that field in `external_ids: {<source>: Field__c}`, the field is
    `external_id: true`, and the flow names it as `match_key`.

    A flow that only updates existing records (`write: update`) matches them by their Salesforce
    Id (`match_key: Id`) or by that external ID. Bulk API 2.0 and polled batches (composite
    collections) update by Id only.
    """
    spec = ctx.spec
    for flow_name, flow in spec.flows.items():
        if not is_salesforce(spec, flow.target) or is_salesforce(spec, flow.source):
            continue
        if flow.write == WriteMode.update:
            if flow.match_key is None:
                yield r.finding(
                    f"flow {flow_name!r} updates records without a match_key",
                    ctx.at("flows", flow_name, "write", value=True),
                    "add `match_key: Id` (the sender sends the Salesforce Id) or an external-ID field",
                )
                continue
            if flow.match_key == "Id":
                continue  # the record's own Id: no external ID needed
            polled = flow.receive is not None and flow.receive.mode == "poll"
            if flow.transport == Transport.bulk or polled:
                yield r.finding(
                    f"flow {flow_name!r} updates in batches by {flow.match_key}: "
                    f"{'Bulk API 2.0' if flow.transport == Transport.bulk else 'composite collections'} "
                    "updates by Id only",
                    ctx.at("flows", flow_name, "match_key", value=True),
                    "use `match_key: Id`, or `write: upsert` with the external ID",
                )
                continue
        moved = [name for name in flow_objects(flow) if name in spec.objects]
        for obj_name in moved:
            obj = spec.objects[obj_name]
            ext = obj.external_ids.get(flow.source)
            if ext is None:
                where = ("flows", flow_name, "match_key") if flow.match_key else ("flows", flow_name)
                yield r.finding(
                    f"{obj_name} has no external-ID field for {flow.source!r}, which "
                    + (f"updates it by {flow.match_key}" if flow.write == WriteMode.update else "upserts into it"),
                    ctx.at(*where),
                    f"declare objects.{obj_name}.external_ids.{flow.source}: <Field__c> "
                    "and mark that field `external_id: true`",
                )
                continue
            if len(moved) > 1:
                continue  # each object upserts on its own external_ids entry
            if flow.match_key is None:
                yield r.finding(
                    f"flow {flow_name!r} upserts {obj_name} without a match_key",
                    ctx.at("flows", flow_name),
                    f"add `match_key: {ext}`",
                )
            elif flow.match_key != ext:
                yield r.finding(
                    f"match_key {flow.match_key} is not {obj_name}'s external ID for {flow.source!r} ({ext})",
                    ctx.at("flows", flow_name, "match_key", value=True),
                    f"use `match_key: {ext}`",
                )
            elif flow.match_key in obj.fields and not obj.fields[flow.match_key].external_id:
                yield r.finding(
                    f"match_key {obj_name}.{flow.match_key} is not an external-ID field",
                    ctx.at("flows", flow_name, "match_key", value=True),
                    f"set `external_id: true` on objects.{obj_name}.fields.{flow.match_key}",
                )
