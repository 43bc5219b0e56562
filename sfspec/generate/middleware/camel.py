"""The view of one flow that a Camel route template renders (Apache Camel YAML DSL).

Routes by kind (flows.RouteKind):
- SUBSCRIBE: Pub/Sub `pubSubSubscribe`, echo and change-type filter, split per record id, jq
  mapping, call the target system, checkpoint.
- UPSERT: receive (platform-http / kafka / file / polling timer), map, `upsertSObject` by the
  external ID; polled batches go through `compositeUpsertSObjectCollections` (200 a call).
- BULK_INGEST: quartz cron (or the receive trigger), load the extract, Bulk API 2.0 ingest job.
Every route has a dead-letter channel with the flow's retry policy. Consumers that must be
single (subscriptions, timers, cron) run behind `master:` only when the middleware system asks
for Kubernetes leader election: `master:` needs a cluster service, which plain `camel run` lacks.
"""

from __future__ import annotations

import json
from dataclasses import dataclass, field
from typing import TypedDict

from sfspec.generate.context import GenerationContext
from sfspec.generate.middleware import cdc, jqexpr
from sfspec.generate.middleware.cron import to_quartz
from sfspec.generate.middleware.flows import (
    MiddlewareFlow,
    RouteKind,
    objects_of,
    route_kind,
    salesforce_system,
    unsupported,
)
from sfspec.generate.middleware.naming import (
    camel_id,
    env_suffix,
    one_line,
    split_base_url,
    uri_path,
    uri_text,
)
from sfspec.model.flows import Flow, StreamingEvent, Transform, Transport, TriggerEvent, WriteMode
from sfspec.model.spec import Spec
from sfspec.model.systems import AuthProtocol

COLLECTION_SIZE = 200  # records per composite collections call (Salesforce's limit)
BULK_POLL_MS = 10_000
BULK_POLL_MAX = 720  # 2 hours of polling before the job counts as failed


@dataclass(frozen=True)
class HttpCall:
    """A call to a non-Salesforce system over Camel's http component."""

    uri: str
    method: str
    parameters: tuple[tuple[str, str], ...] = ()
    headers: tuple[tuple[str, str], ...] = ()  # (name, constant value; may hold {{placeholders}})


@dataclass(frozen=True)
class Endpoint:
    uri: str
    parameters: tuple[tuple[str, str], ...] = ()


@dataclass(frozen=True)
class CamelRoute:
    name: str  # route id and file name: the flow's name (plus the object when a flow has several)
    flow: str
    kind: RouteKind
    description: str
    obj: str
    dead_letter: str
    max_redeliveries: int
    delay_ms: int
    max_delay_ms: int
    # SUBSCRIBE
    channel: str = ""
    subscribe_uri: str = ""
    platform_event: bool = False
    event_object: bool = False  # the flow's object is itself a platform event: its fields are the payload
    keep: str = ""
    read_when: str = ""  # CDC: the event's values cannot be sent, read the record (gap events, diffs)
    payload: str = ""
    payload_fetched: str = ""  # the same mapping over a record read with getSObject (REST shape)
    fetch_fields: str = ""
    target: HttpCall | None = None
    delete_target: HttpCall | None = None
    soap: bool = False
    replay_preset_key: str = ""
    replay_id_key: str = ""
    checkpoint_env: tuple[str, str] = ("", "")
    # UPSERT / BULK_INGEST
    source: Endpoint | None = None
    fetch: HttpCall | None = None
    fetch_file: Endpoint | None = None
    key_path: str = ""
    match_key: str = ""
    write: str = "upsert"  # or update: existing records only (by Id, or by external ID with updateOnly)
    raw_path: str = ""  # update by external ID: jq building the REST path with the key URL-encoded
    record: str = ""
    records: str = ""
    batch: bool = False
    csv: str = ""
    job: str = ""
    webhook_token_key: str = ""  # http receive: the shared secret callers send in X-Sfspec-Token
    webhook_token_env: str = ""
    extra_props: tuple[tuple[str, str], ...] = field(default_factory=tuple)


def _auth(system: str, spec: Spec) -> tuple[tuple[tuple[str, str], ...], tuple[tuple[str, str], ...]]:
    """(endpoint options, headers) that authenticate a call to `system`."""
    auth = spec.systems[system].auth
    protocol = auth.protocol if auth else AuthProtocol.none
    if auth is not None and protocol is AuthProtocol.oauth_client_credentials:
        params = [
            ("oauth2ClientId", "{{" + system + ".clientId}}"),
            ("oauth2ClientSecret", "{{" + system + ".clientSecret}}"),
            ("oauth2TokenEndpoint", "{{" + system + ".tokenUrl}}"),
        ]
        if auth.scope:
            params.append(("oauth2Scope", "{{" + system + ".scope}}"))
        return tuple(params), ()
    if protocol is AuthProtocol.basic:
        return (
            ("authMethod", "Basic"),
            ("authUsername", "{{" + system + ".username}}"),
            ("authPassword", "{{" + system + ".password}}"),
            ("authenticationPreemptive", "true"),
        ), ()
    if auth is not None and protocol is AuthProtocol.api_key:
        return (), ((auth.header or "X-API-Key", (auth.header_prefix or "") + "{{" + system + ".apiKey}}"),)
    if protocol in (AuthProtocol.jwt_bearer, AuthProtocol.aws_sigv4):
        return (("authBearerToken", "{{" + system + ".accessToken}}"),), ()
    return (), ()


def _call(spec: Spec, system: str, path: str, method: str, extra_headers: tuple[tuple[str, str], ...] = ()) -> HttpCall:
    base = spec.systems[system].base_url
    scheme = split_base_url(base)[0] if base else "https"
    params, headers = _auth(system, spec)
    return HttpCall(
        uri=f"{scheme}://{{{{{system}.host}}}}{uri_path(path)}",
        method=method,
        parameters=(*params, ("throwExceptionOnFailure", "true")),
        headers=(*headers, *extra_headers),
    )


def _field_maps(spec: Spec, flow: Flow, obj: str, event_shape: bool, skip: str = "") -> list[jqexpr.FieldMap]:
    fields = spec.objects[obj].fields if obj in spec.objects else {}
    out = []
    for m in flow.mapping:
        owner_obj, _, name = m.field.rpartition(".")
        if (owner_obj and owner_obj != obj) or name == skip:
            continue
        spec_field = fields.get(name)
        out.append(
            jqexpr.FieldMap(
                field=name,
                sf_path=cdc.event_path(obj, name) if event_shape else (name,),
                remote=tuple(m.remote.split(".")),
                transform=m.transform,
                sf_type=spec_field.type if spec_field else None,
            )
        )
    return out


def _key_path(ctx: GenerationContext, name: str, flow: Flow, obj: str) -> str:
    """Where the inbound payload carries the match key: its mapping, else the `id_path` the
    reverse flow writes back into that key, else `salesforceId` for the record's Id, else `id`."""
    for m in flow.mapping:
        if m.field.rpartition(".")[2] == flow.match_key:
            return m.remote
    for other_name in ctx.flows_by_object.get(obj, ()):
        other = ctx.spec.flows[other_name]
        if (
            other_name != name
            and other.target == flow.source
            and other.match_key == flow.match_key
            and obj in objects_of(other)
            and other.endpoint
            and other.endpoint.id_path
        ):
            return other.endpoint.id_path
    # sfspec's own outbound payloads name a record's Id `salesforceId`: the sender echoes it back
    return "salesforceId" if flow.match_key == "Id" else "id"


def _single(spec: Spec, mf: MiddlewareFlow, name: str, uri: str) -> str:
    """`uri` as a consumer only one replica runs: behind `master:` when the middleware system uses
    Kubernetes leader election; as is otherwise (one replica, as the README says)."""
    if spec.systems[mf.via].leader_election == "kubernetes":
        return f"master:sfspec-{name}:{uri}"
    return uri


class _Common(TypedDict):
    """What every kind of route has: the leading fields of CamelRoute."""

    name: str
    flow: str
    kind: RouteKind
    description: str
    obj: str
    dead_letter: str
    max_redeliveries: int
    delay_ms: int
    max_delay_ms: int


def _base(ctx: GenerationContext, mf: MiddlewareFlow, kind: RouteKind, obj: str, name: str) -> _Common:
    flow = mf.flow
    return _Common(
        name=name,
        flow=mf.name,
        kind=kind,
        description=one_line(flow.description or ""),
        obj=obj,
        dead_letter=f"kafka:sfspec.deadletter.{name}",
        max_redeliveries=flow.retry.max_attempts - 1,
        delay_ms=flow.retry.initial_delay_seconds * 1000,
        max_delay_ms=max(flow.retry.max_delay_seconds, flow.retry.initial_delay_seconds) * 1000,
    )


def _subscribe(ctx: GenerationContext, mf: MiddlewareFlow, obj: str, name: str) -> CamelRoute:
    spec, flow = ctx.spec, mf.flow
    platform_event = flow.event is StreamingEvent.platform_event
    # A platform event the business publishes: subscribe to it and send its own fields (it cannot be read back).
    event_object = platform_event and obj.endswith("__e")
    fields = _field_maps(spec, flow, obj, event_shape=not platform_event)
    fetched = _field_maps(spec, flow, obj, event_shape=False)
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
        target = _call(spec, flow.target, path, "POST", headers)
    else:
        payload = jqexpr.outbound_payload(fields)
        payload_fetched = jqexpr.outbound_payload(fetched)
        target = _call(
            spec, flow.target, path, endpoint.method if endpoint else "POST", (("Content-Type", "application/json"),)
        )
    delete_target = None
    if TriggerEvent.delete in events and not soap and not event_object:
        delete_target = _call(spec, flow.target, path.rstrip("/") + "/${exchangeProperty.sfId}", "DELETE")
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
    return CamelRoute(
        **_base(ctx, mf, RouteKind.SUBSCRIBE, obj, name),
        channel=channel,
        subscribe_uri=_single(spec, mf, name, f"salesforce:pubSubSubscribe:{channel}"),
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


def _receive(spec: Spec, mf: MiddlewareFlow) -> tuple[Endpoint, HttpCall | None]:
    """The route's `from` and, for polling, the GET that loads the data."""
    flow = mf.flow
    receive = flow.receive
    mode = receive.mode if receive else "poll"
    path = receive.path if receive and receive.path else "/"
    if flow.schedule:
        # stateful: Quartz never starts a run while the previous one is still going.
        trigger = Endpoint(
            _single(spec, mf, mf.name, f"quartz:sfspec/{mf.name}"),
            (("cron", to_quartz(flow.schedule)), ("stateful", "true")),
        )
        return trigger, (None if mode == "file" else _call(spec, flow.source, path, "GET"))
    if mode == "http":
        return Endpoint(f"platform-http:{uri_path(path)}", (("httpMethodRestrict", "POST"),)), None
    if mode == "kafka":
        topic = receive.topic if receive and receive.topic else f"sfspec.{mf.name}"
        return Endpoint(f"kafka:{topic}", (("groupId", f"sfspec-{mf.name}"), ("autoOffsetReset", "earliest"))), None
    if mode == "file":
        return Endpoint(
            f"file:{uri_path(path)}", (("move", ".done"), ("moveFailed", ".failed"), ("readLock", "changed"))
        ), None
    period = (receive.interval_seconds if receive and receive.interval_seconds else 60) * 1000
    # A timer fires again only after the previous poll has finished (fixedRate false).
    trigger = Endpoint(
        _single(spec, mf, mf.name, f"timer:sfspec-{mf.name}"), (("period", str(period)), ("fixedRate", "false"))
    )
    return trigger, _call(spec, flow.source, path, "GET")


def _inbound(ctx: GenerationContext, mf: MiddlewareFlow, kind: RouteKind, obj: str) -> CamelRoute:
    spec, flow = ctx.spec, mf.flow
    source, fetch = _receive(spec, mf)
    fetch_file = None
    if flow.schedule and flow.receive and flow.receive.mode == "file":
        fetch_file = Endpoint(
            f"file:{uri_path(flow.receive.path or '.')}", (("move", ".done"), ("moveFailed", ".failed"))
        )
    match_key = flow.match_key or ""
    key_path = _key_path(ctx, mf.name, flow, obj)
    all_fields = _field_maps(spec, flow, obj, event_shape=False)
    if match_key and not any(f.field == match_key for f in all_fields):
        all_fields.append(jqexpr.FieldMap(match_key, (match_key,), tuple(key_path.split(".")), Transform.none, None))
    base = _base(ctx, mf, kind, obj, mf.name)
    webhook = bool(flow.receive and flow.receive.mode == "http" and not flow.schedule)
    token_key = f"sfspec.{camel_id(mf.name)}.webhookToken" if webhook else ""
    token_env = f"SFSPEC_WEBHOOK_TOKEN_{env_suffix(mf.name)}" if webhook else ""
    if kind is RouteKind.BULK_INGEST:
        update = flow.write == WriteMode.update  # by Id (SFS107): Bulk API 2.0 updates by Id only
        job = {
            "object": obj,
            "operation": "update" if update else "upsert" if match_key else "insert",
            "contentType": "CSV",
            "lineEnding": "LF",
        }
        if match_key and not update:
            job["externalIdFieldName"] = match_key
        return CamelRoute(
            **base,
            source=source,
            fetch=fetch,
            fetch_file=fetch_file,
            match_key=match_key,
            csv=jqexpr.bulk_csv(all_fields),
            job=json.dumps(job),
            webhook_token_key=token_key,
            webhook_token_env=token_env,
        )
    batch = fetch is not None  # a poll returns many records: composite collections
    raw_path = ""
    if flow.write == WriteMode.update and match_key != "Id":
        # PATCH .../sobjects/<obj>/<key field>/<value>?updateOnly=true (API 61.0+, SFS126): a key that
        # matches nothing is a 404, never a new record. Camel's raw operation takes the path as is.
        prefix = f"/services/data/v{spec.salesforce.api_version}/sobjects/{obj}/{match_key}/"
        raw_path = f"{json.dumps(prefix)} + (getpath({json.dumps(key_path.split('.'))}) | tostring | @uri)"
    return CamelRoute(
        **base,
        source=source,
        fetch=fetch,
        key_path="$." + key_path,
        match_key=match_key,
        write=WriteMode(flow.write).value,
        raw_path=raw_path,
        record=jqexpr.inbound_record(_field_maps(spec, flow, obj, event_shape=False, skip=match_key)),
        records=jqexpr.records_array(all_fields, obj),
        batch=batch,
        webhook_token_key=token_key,
        webhook_token_env=token_env,
    )


def camel_routes(ctx: GenerationContext, flows: list[MiddlewareFlow]) -> tuple[list[CamelRoute], list[tuple[str, str]]]:
    """Routes for the Camel flows, and (flow, reason) for those Camel cannot carry."""
    routes: list[CamelRoute] = []
    skipped: list[tuple[str, str]] = []
    for mf in flows:
        kind = route_kind(ctx.spec, mf.flow)
        objects = objects_of(mf.flow)
        if kind is None or not objects or salesforce_system(ctx.spec) is None:
            skipped.append((mf.name, unsupported(ctx.spec, mf.flow)))
        elif kind is RouteKind.SUBSCRIBE and mf.flow.event is not StreamingEvent.platform_event and len(objects) > 1:
            # one change-event channel per object: a route (and checkpoint) each
            routes.extend(
                _subscribe(ctx, mf, obj, f"{mf.name}-{obj.lower().replace('_', '-').strip('-')}") for obj in objects
            )
        elif len(objects) > 1:
            skipped.append(
                (
                    mf.name,
                    "Camel carries several objects only for change-data-capture flows out of "
                    "Salesforce; split the flow per object",
                )
            )
        elif kind is RouteKind.SUBSCRIBE:
            routes.append(_subscribe(ctx, mf, objects[0], mf.name))
        else:
            routes.append(_inbound(ctx, mf, kind, objects[0]))
    return routes, skipped
