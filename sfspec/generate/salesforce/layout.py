"""The Salesforce layout: what the Salesforce generator will build, decided once from the spec
(typed hand-off to templates, and to the middleware generator, which needs the sync event names).

`build_layout` sorts every flow that touches the org into one of four shapes:
- an Apex callout flow (source is the org, no `via`): realtime → trigger, platform event, Queueable;
  on_demand → an invocable/@AuraEnabled service with a synchronous callout;
- a middleware-published flow (source is the org, `via` middleware): a CDC channel member, or a
  platform event plus the trigger that publishes it;
- a flow whose object is itself a platform event (`X__e`): the org publishes nothing more; Apex
  subscribes to that event (a trigger declares only `after insert`) and carries the delivered events
  to the callout job, because SOQL cannot read a platform event back; middleware subscribes to its channel;
- an inbound flow (target is the org): external-ID fields and integration-user access.
Names are allocated here, in sorted order, so output does not depend on dict order.
"""

from __future__ import annotations

import math
from collections.abc import Mapping
from dataclasses import dataclass, field
from functools import cached_property

from sfspec.generate.salesforce.naming import (
    FLOW_BASE_MAX,
    FLOW_SUFFIXES,
    OBJECT_BASE_MAX,
    OBJECT_SUFFIXES,
    NameBook,
    developer_name,
    pascal,
)
from sfspec.model import cdc_entity, field_owner, flow_objects, is_salesforce, salesforce_system, split_field
from sfspec.model.flows import Flow, StreamingEvent, Timing, Transform, Transport, TriggerEvent, WriteMode
from sfspec.model.objects import FieldType
from sfspec.model.spec import Spec
from sfspec.model.systems import SystemKind
from sfspec.state import MetadataType, OrgInventory

# The Trigger Actions Framework's custom metadata type of per-object settings (records: `<type>.<name>`).
TAF_SETTING = "sObject_Trigger_Setting"
CALLOUT_TRANSPORTS = frozenset({Transport.rest, Transport.soap})


@dataclass(frozen=True)
class FieldMap:
    field: str  # Salesforce field API name on the flow's object
    remote: tuple[str, ...]  # remote path segments
    transform: Transform


@dataclass(frozen=True)
class CalloutFlow:
    """A flow Salesforce sends itself, through a Named Credential."""

    name: str
    object: str
    system: str
    base: str  # Apex name stem: <base>Service, <base>Queueable, …
    event: str  # platform event API name (realtime only)
    credential: str  # NamedCredential / ExternalCredential developer name
    realtime: bool  # False: on_demand
    soap: bool
    method: str
    path: str
    soap_action: str
    operation: str
    namespace: str
    id_path: tuple[str, ...]
    write_back: str | None  # external-ID field the remote id is written into
    events: tuple[TriggerEvent, ...]  # create / update / undelete (record triggers; none for an event source)
    synced_fields: tuple[str, ...]
    mappings: tuple[FieldMap, ...]
    query_fields: tuple[str, ...]
    max_attempts: int
    initial_delay_minutes: int
    max_delay_minutes: int
    description: str
    event_source: bool = False  # the object is a platform event: subscribe to it, never query it


@dataclass(frozen=True)
class PublishedEventFlow:
    """A flow the middleware consumes from a platform event the org publishes."""

    name: str
    object: str
    base: str
    event: str
    events: tuple[TriggerEvent, ...]
    synced_fields: tuple[str, ...]
    description: str
    read_fields: tuple[str, ...] = ()  # what the middleware reads back from the record it names


@dataclass(frozen=True)
class Export:
    """Middleware reads the org itself (a Bulk export, a scheduled extract): the integration user reads."""

    name: str
    object: str
    fields: tuple[str, ...]


@dataclass(frozen=True)
class CdcFlow:
    name: str
    object: str
    entity: str  # AccountChangeEvent, Invoice__ChangeEvent
    fields: tuple[str, ...] = ()  # mapped fields the subscriber must be able to read


@dataclass(frozen=True)
class EventSubscription:
    """Middleware subscribes to a platform event the business publishes (the flow's object is `X__e`)."""

    name: str
    event: str
    fields: tuple[str, ...] = ()


@dataclass(frozen=True)
class InboundFlow:
    name: str
    object: str
    fields: tuple[str, ...]
    match_key: str | None
    creates: bool = True  # an upsert may create; `write: update` only edits existing records


@dataclass(frozen=True)
class ObjectTrigger:
    object: str
    base: str  # <base>Trigger, <base>TriggerHandler
    flows: tuple[str, ...]  # outbound flow names dispatched by the handler
    existing: tuple[str, ...] = ()  # the org's own (unmanaged) triggers on the object
    mode: str | None = None  # objects.<O>.trigger: generate | integrate (None: not chosen)
    missing_events: tuple[str, ...] = ()  # contexts the handler needs that the first existing trigger lacks
    call: str = ""  # integrate: the line the org's trigger must run
    wired: bool = False  # integrate: an existing trigger runs that line already (nothing left to do)

    @property
    def integrated(self) -> bool:
        """No trigger of sfspec's own: the handler is called from the org's existing trigger."""
        return self.mode == "integrate" and bool(self.existing)


@dataclass
class SalesforceLayout:
    org_system: str
    callouts: list[CalloutFlow] = field(default_factory=list)
    published: list[PublishedEventFlow] = field(default_factory=list)
    cdc: list[CdcFlow] = field(default_factory=list)
    subscriptions: list[EventSubscription] = field(default_factory=list)
    exports: list[Export] = field(default_factory=list)
    inbound: list[InboundFlow] = field(default_factory=list)
    triggers: list[ObjectTrigger] = field(default_factory=list)
    credentials: dict[str, str] = field(default_factory=dict)  # system → credential developer name
    bound: dict[str, str] = field(default_factory=dict)  # system → the org's Named Credential it names (none generated)
    deletes_not_sent: list[str] = field(default_factory=list)  # flows whose `delete` trigger has no Apex path
    not_in_apex: list[str] = field(default_factory=list)  # org-sourced flows without `via` that Apex cannot run

    @cached_property
    def event_of(self) -> dict[str, str]:
        """The sync event of each published flow, by flow name (read once the layout is built:
        every platform-event route asks for its own)."""
        return {p.name: p.event for p in self.published}

    @property
    def has_outbound_triggers(self) -> bool:
        return bool(self.triggers)

    @property
    def has_dead_letter(self) -> bool:
        return bool(self.callouts) or bool(self.published)


def _is_middleware(spec: Spec, name: str | None) -> bool:
    system = spec.systems.get(name or "")
    return system is not None and system.kind is SystemKind.middleware


def _object_fields(flow: Flow, obj: str) -> list[tuple[str, str, Transform]]:
    """(field, remote, transform) of the mappings that belong to `obj`."""
    out = []
    for m in flow.mapping:
        owner_obj, field_name = split_field(flow, m.field)
        if owner_obj == obj:
            out.append((field_name, m.remote, m.transform))
    return out


def _synced_fields(spec: Spec, flow: Flow, obj: str, org: str) -> tuple[str, ...]:
    """Fields whose change starts the flow: `trigger.fields`, else mapped fields the org owns."""
    if flow.trigger and flow.trigger.fields:
        return tuple(dict.fromkeys(flow.trigger.fields))
    spec_obj = spec.objects.get(obj)
    names = [f for f, _, _ in _object_fields(flow, obj)]
    if spec_obj is not None:
        names = [f for f in names if field_owner(spec_obj, f) == org]
    return tuple(dict.fromkeys(names))


def _trigger_events(flow: Flow, with_delete: bool = False) -> tuple[TriggerEvent, ...]:
    """Record events that publish. Deletes only where the consumer needs no re-read (middleware):
    a deleted record cannot be queried by an Apex sync job."""
    wanted = flow.trigger.on if flow.trigger else [TriggerEvent.create, TriggerEvent.update]
    known = [TriggerEvent.create, TriggerEvent.update, TriggerEvent.undelete]
    if with_delete:
        known.append(TriggerEvent.delete)
    return tuple(e for e in known if e in wanted)


def _field_type(spec: Spec, obj: str, field_name: str) -> FieldType | None:
    spec_obj = spec.objects.get(obj)
    spec_field = spec_obj.fields.get(field_name) if spec_obj else None
    return spec_field.type if spec_field else None


def is_platform_event(obj: str) -> bool:
    return obj.endswith("__e")


def _minutes(seconds: int) -> int:
    return max(1, min(10, math.ceil(seconds / 60)))


def _callout_flow(
    spec: Spec, name: str, flow: Flow, obj: str, org: str, book: NameBook, credential: str
) -> CalloutFlow:
    endpoint = flow.endpoint
    base = book.claim_family(name, pascal(name), FLOW_BASE_MAX, FLOW_SUFFIXES)
    mapped = _object_fields(flow, obj)
    event_source = is_platform_event(obj)
    if event_source:
        # An event is published once and never changes: no record trigger, no sync event, no query,
        # nothing to write back into.
        event, write_back, query = obj, None, []
    else:
        event = book.claim(name + "#event", developer_name(name), 40 - len("_Event")) + "_Event__e"
        write_back = None
        if endpoint and endpoint.id_path and flow.match_key:
            key_type = _field_type(spec, obj, flow.match_key)
            if key_type in (None, FieldType.Text):
                write_back = flow.match_key
        query = ["Id", *(f for f, _, _ in mapped)]
        if write_back:
            query.append(write_back)
        query.append("SystemModstamp")
    system = spec.systems[flow.target]
    soap = flow.transport is Transport.soap
    return CalloutFlow(
        name=name,
        object=obj,
        system=flow.target,
        base=base,
        event=event,
        credential=credential,
        realtime=flow.timing is not Timing.on_demand,
        soap=soap,
        method="POST" if soap else (endpoint.method if endpoint else "POST"),
        path=(endpoint.path if endpoint else "/"),
        soap_action=(endpoint.soap_action or "") if endpoint else "",
        operation=(endpoint.operation or "") if endpoint and endpoint.operation else pascal(obj),
        namespace=system.soap_namespace or "",
        id_path=tuple(endpoint.id_path.split(".")) if endpoint and endpoint.id_path else (),
        write_back=write_back,
        events=() if event_source else _trigger_events(flow),
        synced_fields=() if event_source else _synced_fields(spec, flow, obj, org),
        mappings=tuple(FieldMap(f, tuple(r.split(".")), t) for f, r, t in mapped),
        query_fields=tuple(dict.fromkeys(query)),
        max_attempts=flow.retry.max_attempts,
        initial_delay_minutes=_minutes(flow.retry.initial_delay_seconds),
        max_delay_minutes=_minutes(flow.retry.max_delay_seconds),
        description=flow.description or "",
        event_source=event_source,
    )


def _taf_settings(spec: Spec, inventory: OrgInventory | None) -> frozenset[str]:
    """The org's own sObject_Trigger_Setting record names (lower-cased): under the Trigger Actions
    Framework an object's base names sfspec's setting record, which must not take one of these (an
    org on TAF has a setting per object, and overwriting it would be refused as a conflict)."""
    if inventory is None or spec.salesforce.trigger_framework != "trigger_actions":
        return frozenset()
    prefix = TAF_SETTING.lower() + "."
    return frozenset(
        n[len(prefix) :] for n in inventory.unmanaged(MetadataType.CUSTOM_METADATA) if n.startswith(prefix)
    )


def build_layout(spec: Spec, inventory: OrgInventory | None = None) -> SalesforceLayout | None:
    """The layout of the spec's Salesforce side; None when no system is Salesforce. Computed once
    per generation: GenerationContext.salesforce_layout."""
    org = salesforce_system(spec)
    if org is None:
        return None
    layout = SalesforceLayout(org_system=org)
    book = NameBook()
    if inventory is not None:  # names the org's own Apex already uses (Apex ignores case)
        book.taken |= inventory.unmanaged(MetadataType.APEX_CLASS, MetadataType.APEX_TRIGGER)
    outbound_by_object: dict[str, list[str]] = {}
    for name in sorted(spec.flows):
        flow = spec.flows[name]
        objects = flow_objects(flow)
        if not objects:
            continue
        obj = objects[0]
        source_is_org = is_salesforce(spec, flow.source) and not is_salesforce(spec, flow.target)
        if (
            source_is_org
            and flow.via is None
            and flow.trigger
            and TriggerEvent.delete in flow.trigger.on
            and not is_platform_event(obj)
        ):
            layout.deletes_not_sent.append(name)
        if (
            source_is_org
            and flow.via is None
            and flow.transport in CALLOUT_TRANSPORTS
            and flow.timing is not Timing.scheduled
        ):
            existing = spec.systems[flow.target].credential
            if existing:  # the system names the org's own Named Credential: call through it
                layout.bound[flow.target] = existing
            elif flow.target not in layout.credentials:
                layout.credentials[flow.target] = (
                    book.claim("cred#" + flow.target, developer_name(flow.target), 40 - len("_API")) + "_API"
                )
            credential = existing or layout.credentials[flow.target]
            cf = _callout_flow(spec, name, flow, obj, org, book, credential)
            layout.callouts.append(cf)
            if cf.realtime and cf.events:
                outbound_by_object.setdefault(obj, []).append(name)
        elif source_is_org and flow.via is None:
            layout.not_in_apex.append(name)  # scheduled or bulk/streaming without middleware
        elif source_is_org and _is_middleware(spec, flow.via) and flow.transport is Transport.streaming:
            if flow.event is StreamingEvent.platform_event and is_platform_event(obj):
                fields = tuple(f for f, _, _ in _object_fields(flow, obj))
                layout.subscriptions.append(EventSubscription(name, obj, fields))
            elif flow.event is StreamingEvent.cdc:
                layout.cdc.extend(
                    CdcFlow(name, o, cdc_entity(o), tuple(f for f, _, _ in _object_fields(flow, o))) for o in objects
                )
            else:
                base = book.claim_family(name, pascal(name), FLOW_BASE_MAX, FLOW_SUFFIXES)
                event = book.claim(name + "#event", developer_name(name), 40 - len("_Event")) + "_Event__e"
                pe = PublishedEventFlow(
                    name,
                    obj,
                    base,
                    event,
                    _trigger_events(flow, with_delete=True),
                    _synced_fields(spec, flow, obj, org),
                    flow.description or "",
                    tuple(dict.fromkeys(f for f, _, _ in _object_fields(flow, obj))),
                )
                layout.published.append(pe)
                if pe.events:
                    outbound_by_object.setdefault(obj, []).append(name)
        elif source_is_org and _is_middleware(spec, flow.via):
            for o in objects:
                # a mapped extract reads its mapped fields; an unmapped export (Meltano) every declared one
                mapped = [f for f, _, _ in _object_fields(flow, o)]
                declared = list(spec.objects[o].fields) if o in spec.objects else []
                layout.exports.append(Export(name, o, tuple(dict.fromkeys(mapped or declared))))
        elif is_salesforce(spec, flow.target) and not is_salesforce(spec, flow.source):
            for o in objects:
                fields = tuple(dict.fromkeys(f for f, _, _ in _object_fields(flow, o)))
                layout.inbound.append(InboundFlow(name, o, fields, flow.match_key, flow.write is WriteMode.upsert))
    # the record events each outbound flow publishes on, by flow name (a flow is a callout or a
    # published event, never both)
    events = {c.name: c.events for c in layout.callouts} | {p.name: p.events for p in layout.published}
    settings = _taf_settings(spec, inventory)
    for obj in sorted(outbound_by_object):
        base = book.claim_family(
            "object#" + obj, pascal(obj), OBJECT_BASE_MAX, OBJECT_SUFFIXES, "Sfspec" + pascal(obj), settings
        )
        layout.triggers.append(_object_trigger(spec, inventory, obj, base, tuple(outbound_by_object[obj]), events))
    return layout


_CONTEXTS = {
    TriggerEvent.create: "after insert",
    TriggerEvent.update: "after update",
    TriggerEvent.delete: "after delete",
    TriggerEvent.undelete: "after undelete",
}


def _object_trigger(
    spec: Spec,
    inventory: OrgInventory | None,
    obj: str,
    base: str,
    flows: tuple[str, ...],
    events: Mapping[str, tuple[TriggerEvent, ...]],
) -> ObjectTrigger:
    """sfspec's trigger logic on `obj`, and how it meets the triggers the org already runs there."""
    theirs = [t for t in inventory.triggers_on(obj) if not t.managed] if inventory else []
    spec_obj = spec.objects.get(obj)
    mode = str(getattr(spec_obj.trigger, "value", spec_obj.trigger)) if spec_obj and spec_obj.trigger else None
    used = {e for name in flows for e in events.get(name, ())}
    needed = [context for event, context in _CONTEXTS.items() if event in used]
    missing = tuple(c for c in needed if theirs and c not in theirs[0].events)
    taf = spec.salesforce.trigger_framework == "trigger_actions"
    handler = "MetadataTriggerHandler" if taf else base + "TriggerHandler"
    wired = any(handler.lower() in t.calls for t in theirs)
    names = tuple(t.name for t in theirs)
    return ObjectTrigger(obj, base, flows, names, mode, missing, f"new {handler}().run();", wired)
