"""Routes into Salesforce: receive or poll, map, and upsert/update records (one by one, in
collections, or as a Bulk API 2.0 job)."""

from __future__ import annotations

import json
from dataclasses import replace

from sfspec.generate.context import GenerationContext
from sfspec.generate.middleware import jqexpr
from sfspec.generate.middleware.camel.http import http_call
from sfspec.generate.middleware.camel.route import CamelRoute, Endpoint, HttpCall, field_maps, route, single
from sfspec.generate.middleware.cron import to_quartz
from sfspec.generate.middleware.flows import MiddlewareFlow, RouteKind, objects_of
from sfspec.generate.middleware.naming import camel_id, env_suffix, uri_path
from sfspec.model.flows import Flow, Transform, WriteMode
from sfspec.model.spec import Spec


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


def _receive(spec: Spec, mf: MiddlewareFlow) -> tuple[Endpoint, HttpCall | None]:
    """The route's `from` and, for polling, the GET that loads the data."""
    flow = mf.flow
    receive = flow.receive
    mode = receive.mode if receive else "poll"
    path = receive.path if receive and receive.path else "/"
    if flow.schedule:
        # stateful: Quartz never starts a run while the previous one is still going.
        trigger = Endpoint(
            single(spec, mf, mf.name, f"quartz:sfspec/{mf.name}"),
            (("cron", to_quartz(flow.schedule)), ("stateful", "true")),
        )
        return trigger, (None if mode == "file" else http_call(spec, flow.source, path, "GET"))
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
        single(spec, mf, mf.name, f"timer:sfspec-{mf.name}"), (("period", str(period)), ("fixedRate", "false"))
    )
    return trigger, http_call(spec, flow.source, path, "GET")


def inbound(ctx: GenerationContext, mf: MiddlewareFlow, kind: RouteKind, obj: str) -> CamelRoute:
    spec, flow = ctx.spec, mf.flow
    source, fetch = _receive(spec, mf)
    fetch_file = None
    if flow.schedule and flow.receive and flow.receive.mode == "file":
        fetch_file = Endpoint(
            f"file:{uri_path(flow.receive.path or '.')}", (("move", ".done"), ("moveFailed", ".failed"))
        )
    match_key = flow.match_key or ""
    key_path = _key_path(ctx, mf.name, flow, obj)
    all_fields = field_maps(spec, flow, obj, event_shape=False)
    if match_key and not any(f.field == match_key for f in all_fields):
        all_fields.append(jqexpr.FieldMap(match_key, (match_key,), tuple(key_path.split(".")), Transform.none, None))
    base = route(ctx, mf, kind, obj, mf.name)
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
        return replace(
            base,
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
    return replace(
        base,
        source=source,
        fetch=fetch,
        key_path="$." + key_path,
        match_key=match_key,
        write=WriteMode(flow.write).value,
        raw_path=raw_path,
        record=jqexpr.inbound_record(field_maps(spec, flow, obj, event_shape=False, skip=match_key)),
        records=jqexpr.records_array(all_fields, obj),
        batch=batch,
        webhook_token_key=token_key,
        webhook_token_env=token_env,
    )
