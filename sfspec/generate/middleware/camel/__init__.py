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

from sfspec.generate.context import GenerationContext
from sfspec.generate.middleware.camel.inbound import inbound
from sfspec.generate.middleware.camel.route import CamelRoute
from sfspec.generate.middleware.camel.subscribe import subscribe
from sfspec.generate.middleware.flows import (
    MiddlewareFlow,
    RouteKind,
    objects_of,
    route_kind,
    salesforce_system,
    unsupported,
)
from sfspec.model.flows import StreamingEvent


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
                subscribe(ctx, mf, obj, f"{mf.name}-{obj.lower().replace('_', '-').strip('-')}") for obj in objects
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
            routes.append(subscribe(ctx, mf, objects[0], mf.name))
        else:
            routes.append(inbound(ctx, mf, kind, objects[0]))
    return routes, skipped
