"""What a Camel route template renders (CamelRoute), and the parts every kind of route shares."""

from __future__ import annotations

from dataclasses import dataclass, field

from sfspec.generate.context import GenerationContext
from sfspec.generate.middleware import cdc, jqexpr
from sfspec.generate.middleware.flows import MiddlewareFlow, RouteKind
from sfspec.generate.middleware.naming import one_line
from sfspec.model.flows import Flow
from sfspec.model.spec import Spec

COLLECTION_SIZE = 200  # records per composite collections call (Salesforce's limit)
BULK_POLL_MS = 10_000
BULK_POLL_MAX = 720  # 2 hours of polling before the job counts as failed


@dataclass(frozen=True, slots=True)
class HttpCall:
    """A call to a non-Salesforce system over Camel's http component."""

    uri: str
    method: str
    parameters: tuple[tuple[str, str], ...] = ()
    headers: tuple[tuple[str, str], ...] = ()  # (name, constant value; may hold {{placeholders}})


@dataclass(frozen=True, slots=True)
class Endpoint:
    uri: str
    parameters: tuple[tuple[str, str], ...] = ()


@dataclass(frozen=True, slots=True)  # slotted: a plan holds every route until its file is rendered
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


def field_maps(spec: Spec, flow: Flow, obj: str, event_shape: bool, skip: str = "") -> list[jqexpr.FieldMap]:
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


def single(spec: Spec, mf: MiddlewareFlow, name: str, uri: str) -> str:
    """`uri` as a consumer only one replica runs: behind `master:` when the middleware system uses
    Kubernetes leader election; as is otherwise (one replica, as the README says)."""
    if spec.systems[mf.via].leader_election == "kubernetes":
        return f"master:sfspec-{name}:{uri}"
    return uri


def route(ctx: GenerationContext, mf: MiddlewareFlow, kind: RouteKind, obj: str, name: str) -> CamelRoute:
    """A route of `kind` with what every route has (name, dead letters, the flow's retry policy); each
    kind adds its parts with dataclasses.replace."""
    flow = mf.flow
    return CamelRoute(
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
