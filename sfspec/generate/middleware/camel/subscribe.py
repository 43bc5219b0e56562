"""Routes out of Salesforce: subscribe to change events or a platform event and call the target system."""

from __future__ import annotations

from dataclasses import replace

from sfspec.generate.context import GenerationContext
from sfspec.generate.middleware import cdc, jqexpr
from sfspec.generate.middleware.camel.http import http_call
from sfspec.generate.middleware.camel.route import CamelRoute, field_maps, route, single
from sfspec.generate.middleware.flows import MiddlewareFlow, RouteKind
from sfspec.generate.middleware.naming import camel_id, env_suffix, uri_text
from sfspec.model.flows import StreamingEvent, Transport, TriggerEvent


def subscribe(ctx: GenerationContext, mf: MiddlewareFlow, obj: str, name: str) -> CamelRoute:
    spec, flow = ctx.spec, mf.flow
    platform_event = flow.event is StreamingEvent.platform_event
    # A platform event the business publishes: subscribe to it and send its own fields (it cannot be read back).
    event_object = platform_event and obj.endswith("__e")
    fields = field_maps(spec, flow, obj, event_shape=not platform_event)
    fetched = field_maps(spec, flow, obj, event_shape=False)
    endpoint = flow.endpoint
    path = endpoint.path if endpoint else "/"
    soap = flow.transport is Transport.soap
    events = flow.trigger.on if flow.trigger else [TriggerEvent.create, TriggerEvent.update]
    if soap:
        system = spec.systems[flow.target]
        operation = endpoint.operation if endpoint and endpoint.operation else obj
        namespace = uri_text(system.soap_namespace or f"urn:{flow.target}")
        payload = jqexpr.soap_envelope(fields, operation, namespace)
        payload_fetched = jqexpr.soap_envelope(fetched, operation, namespace)
        headers = (
            ("SOAPAction", uri_text(endpoint.soap_action if endpoint and endpoint.soap_action else operation)),
            ("Content-Type", "text/xml; charset=utf-8"),
        )
        target = http_call(spec, flow.target, path, "POST", headers)
    else:
        payload = jqexpr.outbound_payload(fields)
        payload_fetched = jqexpr.outbound_payload(fetched)
        target = http_call(
            spec, flow.target, path, endpoint.method if endpoint else "POST", (("Content-Type", "application/json"),)
        )
    delete_target = None
    if TriggerEvent.delete in events and not soap and not event_object:
        delete_target = http_call(spec, flow.target, path.rstrip("/") + "/${exchangeProperty.sfId}", "DELETE")
    watched = flow.trigger.fields if flow.trigger and flow.trigger.fields else [f.field for f in fields]
    key = camel_id(name)
    read_when = ""
    if platform_event:
        channel = "/event/" + (obj if event_object else _event_name(ctx, mf.name))
        keep = '(.CreatedById // "") != "{{sfspec.integrationUserId}}"'
    else:
        channel = cdc.channel(obj)
        # GAP_* events stand for changes Salesforce could not stream; they are handled by reading the record.
        types = [e.upper() for e in events]
        keep = jqexpr.keep_event(
            [*types, *(f"GAP_{t}" for t in types), "GAP_OVERFLOW"], [".".join(cdc.event_path(obj, w)) for w in watched]
        )
        read_when = jqexpr.read_record([".".join(f.sf_path) for f in fields])
    return replace(
        route(ctx, mf, RouteKind.SUBSCRIBE, obj, name),
        channel=channel,
        subscribe_uri=single(spec, mf, name, f"salesforce:pubSubSubscribe:{channel}"),
        platform_event=platform_event,
        event_object=event_object,
        keep=keep,
        read_when=read_when,
        payload=payload,
        payload_fetched=payload_fetched,
        fetch_fields=",".join(f.field for f in fields),
        target=target,
        delete_target=delete_target,
        soap=soap,
        replay_preset_key=f"sfspec.{key}.replayPreset",
        replay_id_key=f"sfspec.{key}.replayId",
        checkpoint_env=(f"SFSPEC_REPLAY_PRESET_{env_suffix(name)}", f"SFSPEC_REPLAY_ID_{env_suffix(name)}"),
    )


def _event_name(ctx: GenerationContext, flow_name: str) -> str:
    # The Salesforce layout names the sync event; ask it rather than guess the same rule twice.
    layout = ctx.salesforce_layout
    return layout.event_of.get(flow_name, flow_name) if layout else flow_name
