"""Which flows run on which middleware engine, and what shape of Camel route each one needs.

A flow whose `via` names a middleware system runs on that system's `engine`; flows without
`via` (Apex callouts) and flows via a system without an engine are not middleware's business.
"""

from __future__ import annotations

from dataclasses import dataclass

from sfspec.enums import StrEnum
from sfspec.model.flows import Flow, Timing, Transport
from sfspec.model.spec import Spec
from sfspec.model.systems import Engine, SystemKind


class RouteKind(StrEnum):
    SUBSCRIBE = "subscribe"  # Salesforce → system: Pub/Sub subscription (CDC or platform event)
    UPSERT = "upsert"  # system → Salesforce, record by record (or composite collections)
    BULK_INGEST = "bulk_ingest"  # system → Salesforce, scheduled or bulk: Bulk API 2.0 ingest job


@dataclass(frozen=True)
class MiddlewareFlow:
    name: str
    flow: Flow
    engine: Engine
    via: str  # the middleware system's name


def salesforce_system(spec: Spec) -> str | None:
    return next((name for name, s in sorted(spec.systems.items()) if s.kind is SystemKind.salesforce), None)


def middleware_flows(spec: Spec) -> list[MiddlewareFlow]:
    out = []
    for name in sorted(spec.flows):
        flow = spec.flows[name]
        system = spec.systems.get(flow.via) if flow.via else None
        if system is not None and system.kind is SystemKind.middleware and system.engine:
            out.append(MiddlewareFlow(name, flow, system.engine, str(flow.via)))
    return out


def objects_of(flow: Flow) -> list[str]:
    return list(flow.objects or ([flow.object] if flow.object else []))


def route_kind(spec: Spec, flow: Flow) -> RouteKind | None:
    """The Camel route shape of a flow, or None when Camel has no route for it (see `unsupported`)."""
    org = salesforce_system(spec)
    if flow.source == org and flow.target != org and flow.timing is not Timing.scheduled:
        return RouteKind.SUBSCRIBE
    if flow.target == org and flow.source != org:
        if flow.transport is Transport.bulk or flow.timing is Timing.scheduled:
            return RouteKind.BULK_INGEST
        return RouteKind.UPSERT
    return None


def unsupported(spec: Spec, flow: Flow) -> str:
    org = salesforce_system(spec)
    if flow.source == org and flow.timing is Timing.scheduled:
        return "scheduled exports from Salesforce belong on a Meltano system (`via:` a system with `engine: meltano`)"
    return "Camel routes are generated for flows that start or end in Salesforce"
