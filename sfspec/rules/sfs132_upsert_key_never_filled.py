from __future__ import annotations

from collections.abc import Iterable

from sfspec.codes import Code
from sfspec.diagnostics import Diagnostic
from sfspec.model import field_owner, flow_objects, flows_by_object, is_salesforce, split_field
from sfspec.model.flows import Flow, WriteMode
from sfspec.model.spec import Spec
from sfspec.rules.base import Rule, RuleContext, rule


def _inbound(spec: Spec, flow: Flow) -> bool:
    return is_salesforce(spec, flow.target) and not is_salesforce(spec, flow.source)


def fills(spec: Spec, name: str, flow: Flow, obj: str, key: str) -> bool:
    """Does `flow` put values into obj.key on records it did not create itself?"""
    if obj not in flow_objects(flow):
        return False
    if _inbound(spec, flow):
        mapped = any(split_field(flow, m.field) == (obj, key) for m in flow.mapping if flow.match_key != key)
        # an upsert sets its key on the records it creates: records of the object when its source owns it
        spec_obj = spec.objects.get(obj)
        creates = flow.write == WriteMode.upsert and spec_obj is not None and spec_obj.owner == flow.source
        return mapped or (flow.match_key == key and creates)
    # an Apex callout writes the id the remote system answers with back into its match_key
    callout = is_salesforce(spec, flow.source) and flow.via is None
    return bool(callout and flow.match_key == key and flow.endpoint and flow.endpoint.id_path)


def sends_key(spec: Spec, flow: Flow, obj: str, key: str, to: str) -> bool:
    """Does `flow` send obj.key, a value Salesforce keeps itself, to system `to`? Then `to` knows
    the key of every record it was sent (a correlation id: NebulaLogger's Log__c.TransactionId__c
    sent to an ITSM that later updates the Log__c by it)."""
    spec_obj = spec.objects.get(obj)
    if spec_obj is None or flow.target != to or not is_salesforce(spec, flow.source):
        return False
    if not is_salesforce(spec, field_owner(spec_obj, key)):
        return False  # a key owned by another system is that system's to fill, not Salesforce's to send
    return any(split_field(flow, m.field) == (obj, key) for m in flow.mapping)


@rule(Code.SFS132, "upsert-key-never-filled")
def check(ctx: RuleContext, r: Rule) -> Iterable[Diagnostic]:
    """A flow into Salesforce matches records on an external ID that no flow ever fills.

    An upsert updates the record whose `match_key` holds the incoming key and creates one when none
    does. When the object's records come from another system (its `owner` is not the flow's
    source), no other flow writes that key into them (an inbound flow mapping it, the owner's upsert
    by it, or an Apex callout writing the remote id back with `endpoint.id_path`) and Salesforce
    does not send it to the source either (a key Salesforce keeps, mapped by a flow to that system),
    no record ever matches: every message creates a new record beside the one it meant to change
    (or, with `write: update`, finds nothing to update). Update existing records by their Salesforce
    Id instead (`write: update`, `match_key: Id`, the sender echoing the `salesforceId` it
    received), or fill the key from another flow.
    """
    spec = ctx.spec
    touching = flows_by_object(spec)
    for name, flow in spec.flows.items():
        key = flow.match_key
        if not _inbound(spec, flow) or not key or key == "Id":
            continue
        for obj in flow_objects(flow):
            spec_obj = spec.objects.get(obj)
            if spec_obj is None or spec_obj.owner == flow.source or spec_obj.external_ids.get(flow.source) != key:
                continue  # the source creates these records (or SFS107 reports the key)
            if any(
                fills(spec, other_name, spec.flows[other_name], obj, key)
                or sends_key(spec, spec.flows[other_name], obj, key, flow.source)
                for other_name in touching.get(obj, ())
                if other_name != name
            ):
                continue
            upsert = flow.write == WriteMode.upsert
            outcome = f"create a new {obj}" if upsert else f"find no {obj} to update"
            yield r.finding(
                f"flow {name!r} {'upserts' if upsert else 'updates'} {obj} by {key}, which no flow fills: "
                f"{obj} records come from {spec_obj.owner}, so every message would {outcome}",
                ctx.at("flows", name, "match_key", value=True),
                "update existing records by their Salesforce Id (`write: update`, `match_key: Id`), or fill "
                f"{obj}.{key} from another flow (an Apex callout with `endpoint.id_path` writes the remote id back)",
            )
