"""Apex for the flows the org runs itself: triggers, handlers, services, jobs and their tests.

Templates live in generators/salesforce/apex/; this module only decides which classes exist and
passes each template typed data. Spec text reaches Apex only through the `apex_string` and
`apex_comment` filters.
"""

from __future__ import annotations

import json
from dataclasses import dataclass
from typing import Any

from sfspec.generate.salesforce.emit import Emitter, one_line, xml_comment_text
from sfspec.generate.salesforce.layout import (
    TAF_SETTING,
    CalloutFlow,
    FieldMap,
    PublishedEventFlow,
    SalesforceLayout,
)
from sfspec.generate.salesforce.permissions import BYPASS_PERMISSION
from sfspec.generate.salesforce.testdata import event_values, record_values
from sfspec.model.flows import Transform, TriggerEvent
from sfspec.state import MANAGED_MARKER, ComponentKey, MetadataType

SHARED = ("SfspecCalloutResult", "SfspecPayload", "SfspecDeadLetter", "SfspecSharedTest")
SFSPEC_FRAMEWORK = ("SfspecTriggerHandler", "SfspecTriggerHandlerTest")
TAF_CONTEXTS = (
    (TriggerEvent.create, "After_Insert__c", "AI"),
    (TriggerEvent.update, "After_Update__c", "AU"),
    (TriggerEvent.delete, "After_Delete__c", "AD"),
    (TriggerEvent.undelete, "After_Undelete__c", "AUD"),
)


@dataclass(frozen=True)
class PayloadNode:
    key: str
    field: str = ""
    transform: Transform = Transform.none
    children: tuple[PayloadNode, ...] = ()


def payload_tree(mappings: tuple[FieldMap, ...], record_id: bool = True) -> tuple[PayloadNode, ...]:
    """Nest mappings by remote path; the first mapping to claim a path wins, conflicts are dropped.
    A record's payload carries its Salesforce Id (`salesforceId`); a platform event has none."""
    root: dict[str, Any] = {}
    if record_id and not any(m.remote[0] == "salesforceId" for m in mappings):
        root["salesforceId"] = FieldMap("Id", ("salesforceId",), Transform.none)
    for m in mappings:
        node = root
        for seg in m.remote[:-1]:
            nxt = node.setdefault(seg, {})
            if not isinstance(nxt, dict):
                break
            node = nxt
        else:
            node.setdefault(m.remote[-1], m)

    def build(tree: dict[str, Any]) -> tuple[PayloadNode, ...]:
        out = []
        for key, value in tree.items():
            if isinstance(value, dict):
                if value:
                    out.append(PayloadNode(key, children=build(value)))
            else:
                out.append(PayloadNode(key, value.field, value.transform))
        return tuple(out)

    return build(root)


def _with_match_key(cf: CalloutFlow) -> tuple[FieldMap, ...]:
    """A PUT replaces the remote record named by its key: once the key is known (written back from
    `id_path`), the request carries it there, so the remote side updates instead of creating."""
    if cf.method != "PUT" or not cf.write_back or not cf.id_path:
        return cf.mappings
    return (*cf.mappings, FieldMap(cf.write_back, cf.id_path, Transform.none))


def _reply_bodies(cf: CalloutFlow) -> dict[str, str]:
    """Mock replies for the generated tests, shaped like the remote system's answer."""
    if cf.soap:
        env = 'xmlns:soapenv="http://schemas.xmlsoap.org/soap/envelope/"'
        id_el = cf.id_path[-1] if cf.id_path else "id"
        ok = (
            f"<soapenv:Envelope {env}><soapenv:Body>"
            f"<Reply><{id_el}>R-1</{id_el}></Reply></soapenv:Body></soapenv:Envelope>"
        )

        def fault(code: str) -> str:
            return (
                f"<soapenv:Envelope {env}><soapenv:Body><soapenv:Fault><faultcode>soapenv:{code}</faultcode>"
                f"<faultstring>test</faultstring></soapenv:Fault></soapenv:Body></soapenv:Envelope>"
            )

        return {"success_body": ok, "client_error_body": fault("Client"), "server_error_body": fault("Server")}
    reply: Any = "R-1"
    for seg in reversed(cf.id_path or ("id",)):
        reply = {seg: reply}
    return {
        "success_body": json.dumps(reply),
        "client_error_body": '{"error":"invalid"}',
        "server_error_body": '{"error":"unavailable"}',
    }


def uses_taf(em: Emitter) -> bool:
    return em.ctx.spec.salesforce.trigger_framework == "trigger_actions"


def emit_shared(em: Emitter, with_dispatcher: bool) -> None:
    source = em.at("flows")
    for name in SHARED + (SFSPEC_FRAMEWORK if with_dispatcher and not uses_taf(em) else ()):
        em.apex(MetadataType.APEX_CLASS, name, f"apex/{name}.cls.j2", source, shared=True)


def emit_object_triggers(em: Emitter, layout: SalesforceLayout) -> dict[str, dict[str, Any]]:
    """One trigger per object with outbound flows, dispatching to sfspec's handler or to Trigger
    Actions Framework actions; returns object → how its outbound sync is bypassed for write-backs."""
    services = {cf.name: cf.base + "Service" for cf in layout.callouts}
    services.update({pe.name: pe.base + "Service" for pe in layout.published})
    events = {cf.name: cf.events for cf in layout.callouts}
    events.update({pe.name: pe.events for pe in layout.published})
    bases = {cf.name: cf.base for cf in layout.callouts}
    bases.update({pe.name: pe.base for pe in layout.published})
    bypass: dict[str, dict[str, Any]] = {}
    for trig in layout.triggers:
        source = em.at("flows", trig.flows[0])
        common = dict(object=trig.object, flow=", ".join(trig.flows))
        if uses_taf(em):
            actions = [f"TA_{bases[f]}" for f in trig.flows]
            bypass[trig.object] = {"kind": "taf", "actions": actions}
            if not trig.integrated:  # integrated: the org's own trigger runs the framework already
                em.apex(MetadataType.APEX_TRIGGER, trig.base + "Trigger", "apex/taf.trigger.j2", source, **common)
            _emit_taf_records(
                em, trig.object, trig.base, [(f, f"TA_{bases[f]}", services[f], events[f]) for f in trig.flows]
            )
            continue
        handler = trig.base + "TriggerHandler"
        bypass[trig.object] = {"kind": "sfspec", "handler": handler}
        routes = {e: [services[f] for f in trig.flows if e in events[f]] for e in TriggerEvent}
        if not trig.integrated:  # integrated: the org's own trigger calls the handler (POSTDEPLOY.md)
            em.apex(
                MetadataType.APEX_TRIGGER,
                trig.base + "Trigger",
                "apex/object.trigger.j2",
                source,
                handler=handler,
                **common,
            )
        em.apex(MetadataType.APEX_CLASS, handler, "apex/object_handler.cls.j2", source, routes=routes, **common)
    return bypass


def _emit_taf_records(
    em: Emitter, obj: str, setting: str, actions: list[tuple[str, str, str, tuple[str, ...]]]
) -> None:
    """Trigger Actions Framework registration: the object's sObject_Trigger_Setting and one
    Trigger_Action record per action and context (the framework reads both at run time)."""
    why = f"Trigger Actions Framework setting for {obj}"
    em.metadata(
        ComponentKey(MetadataType.CUSTOM_METADATA, f"{TAF_SETTING}.{setting}"),
        "metadata/custom_metadata.md-meta.xml.j2",
        em.at("flows", actions[0][0]),
        marker=MANAGED_MARKER,
        why=xml_comment_text(why),
        # A deploy drops XML comments and the type has no description: the label carries the marker.
        label=one_line(f"{MANAGED_MARKER}: {obj}", 40),
        values=[
            ("Bypass_Execution__c", "boolean", "false"),
            ("Bypass_Permission__c", None, ""),
            ("Object_API_Name__c", "string", obj),
            ("Required_Permission__c", None, ""),
        ],
    )
    for order, (flow, action, service, events) in enumerate(actions, start=1):
        description = em.description(f'Publishes {obj} changes for flow "{flow}" through {service}.', limit=255)
        for event, field, tag in TAF_CONTEXTS:
            if event not in events:
                continue
            contexts = [
                (f, "string" if f == field else None, setting if f == field else "") for _, f, _ in TAF_CONTEXTS
            ]
            em.metadata(
                ComponentKey(MetadataType.CUSTOM_METADATA, f"Trigger_Action.{action}_{tag}"),
                "metadata/custom_metadata.md-meta.xml.j2",
                em.at("flows", flow),
                marker=MANAGED_MARKER,
                why=xml_comment_text(f'{action} on {obj} {event} for flow "{flow}"'),
                label=one_line(f"{action} {tag}", 40),
                values=[
                    *sorted(contexts),
                    ("Apex_Class_Name__c", "string", action),
                    ("Bypass_Execution__c", "boolean", "false"),
                    ("Bypass_Permission__c", "string", BYPASS_PERMISSION),
                    ("Description__c", "string", description),
                    ("Order__c", "double", f"{order}.0"),
                ],
            )
        em.apex(
            MetadataType.APEX_CLASS,
            action,
            "apex/taf_action.cls.j2",
            em.at("flows", flow),
            flow=flow,
            object=obj,
            service=service,
            events=events,
        )


def _publisher(
    em: Emitter,
    name: str,
    flow: str,
    obj: str,
    event: str,
    synced: tuple[str, ...],
    description: str,
    events: tuple[str, ...],
) -> None:
    em.apex(
        MetadataType.APEX_CLASS,
        name,
        "apex/flow_service.cls.j2",
        em.at("flows", flow),
        flow=flow,
        object=obj,
        event=event,
        synced_fields=synced,
        description=description,
        events=events,
        bypass_permission=BYPASS_PERMISSION,
    )


def emit_callout_flow(em: Emitter, cf: CalloutFlow, bypass: dict[str, dict[str, Any]]) -> None:
    spec = em.ctx.spec
    source = em.at("flows", cf.name)
    names = {
        s: cf.base + s for s in ("Service", "Client", "EventHandler", "EventTrigger", "Queueable", "Finalizer", "Test")
    }
    common: dict[str, Any] = dict(
        flow=cf.name,
        object=cf.object,
        credential=cf.credential,
        bypass=bypass.get(cf.object),
        write_back=cf.write_back,
        soap=cf.soap,
        method=cf.method,
        service=names["Service"],
        client=names["Client"],
        queueable=names["Queueable"],
        finalizer=names["Finalizer"],
        event=cf.event,
        description=cf.description,
        query_fields=cf.query_fields,
        events=cf.events,
        system_label=one_line(spec.systems[cf.system].label or cf.system, 80),
        permission_set=spec.salesforce.integration_permission_set,
        records=event_values(spec, cf.object) if cf.event_source else record_values(spec, cf.object),
        event_source=cf.event_source,
        **_reply_bodies(cf),
    )
    if cf.event_source:
        # the subscriber holds the flow's name: there is no record-side service
        common["service"] = names["EventHandler"]
    path = cf.path if cf.path.startswith("/") else "/" + cf.path
    em.apex(
        MetadataType.APEX_CLASS,
        names["Client"],
        "apex/flow_client.cls.j2",
        source,
        path=path,
        namespace=cf.namespace,
        soap_action=cf.soap_action,
        operation=cf.operation,
        id_path=cf.id_path,
        payload=payload_tree(_with_match_key(cf), record_id=not cf.event_source),
        **common,
    )
    if not cf.realtime:
        label = one_line(f"Send {cf.object} to {common['system_label']}", 80)
        em.apex(
            MetadataType.APEX_CLASS,
            names["Service"],
            "apex/on_demand_service.cls.j2",
            source,
            action_label=label,
            action_description=one_line(cf.description or f'sfspec flow "{cf.name}"', 255),
            **common,
        )
        em.apex(MetadataType.APEX_CLASS, names["Test"], "apex/on_demand_test.cls.j2", source, **common)
        return
    if cf.event_source:
        _emit_event_source(em, cf, names, common)
        return
    _publisher(em, names["Service"], cf.name, cf.object, cf.event, cf.synced_fields, cf.description, cf.events)
    _event_chain(em, cf, names, common, handler="event_handler", job="flow")


def _emit_event_source(em: Emitter, cf: CalloutFlow, names: dict[str, str], common: dict[str, Any]) -> None:
    """A flow whose object is a platform event: a trigger on that event (after insert only) hands the
    delivered events to the job; SOQL cannot read an event back, so the job carries them."""
    _event_chain(em, cf, names, common, handler="event_source_handler", job="event_source")


def _event_chain(
    em: Emitter, cf: CalloutFlow, names: dict[str, str], common: dict[str, Any], *, handler: str, job: str
) -> None:
    """The event trigger, its handler and the job's Queueable, Finalizer and test, from the `job` templates."""
    source = em.at("flows", cf.name)
    em.apex(
        MetadataType.APEX_TRIGGER,
        names["EventTrigger"],
        "apex/event.trigger.j2",
        source,
        handler=names["EventHandler"],
        **common,
    )
    em.apex(MetadataType.APEX_CLASS, names["EventHandler"], f"apex/{handler}.cls.j2", source, **common)
    em.apex(
        MetadataType.APEX_CLASS,
        names["Queueable"],
        f"apex/{job}_queueable.cls.j2",
        source,
        max_attempts=cf.max_attempts,
        initial_delay_minutes=cf.initial_delay_minutes,
        max_delay_minutes=cf.max_delay_minutes,
        **common,
    )
    em.apex(MetadataType.APEX_CLASS, names["Finalizer"], f"apex/{job}_finalizer.cls.j2", source, **common)
    em.apex(MetadataType.APEX_CLASS, names["Test"], f"apex/{job}_test.cls.j2", source, **common)


def emit_published_flow(em: Emitter, pe: PublishedEventFlow) -> None:
    spec = em.ctx.spec
    source = em.at("flows", pe.name)
    service = pe.base + "Service"
    _publisher(em, service, pe.name, pe.object, pe.event, pe.synced_fields, pe.description, pe.events)
    em.apex(
        MetadataType.APEX_CLASS,
        pe.base + "Test",
        "apex/published_test.cls.j2",
        source,
        flow=pe.name,
        object=pe.object,
        event=pe.event,
        service=service,
        events=pe.events,
        permission_set=spec.salesforce.integration_permission_set,
        records=record_values(spec, pe.object),
    )
