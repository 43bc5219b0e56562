"""Render the Camel routes and their application.properties."""

from __future__ import annotations

from dataclasses import dataclass

from sfspec.generate.context import GenerationContext
from sfspec.generate.middleware.camel import camel_routes
from sfspec.generate.middleware.camel.route import BULK_POLL_MAX, BULK_POLL_MS, CamelRoute
from sfspec.generate.middleware.flows import MiddlewareFlow, RouteKind, salesforce_system
from sfspec.generate.middleware.properties import Prop, salesforce_props, system_props
from sfspec.generate.templates import deferred, render
from sfspec.state import MANAGED_MARKER, GeneratedFile

CAMEL_VERSION = "4.14.9"
CAMEL_DIR = "middleware/camel"


@dataclass(frozen=True)
class CamelReport:
    """What the README says about the Camel side."""

    routes: list[CamelRoute]
    skipped: list[tuple[str, str]]
    properties: list[Prop]

    @property
    def leader_election(self) -> bool:
        """Some route runs behind `master:` (Kubernetes leader election)."""
        return any(p.key == "camel.cluster.kubernetes.enabled" for p in self.properties)


def _systems_called(ctx: GenerationContext, routes: list[CamelRoute]) -> list[str]:
    org = salesforce_system(ctx.spec)
    names = {ctx.spec.flows[r.flow].source for r in routes} | {ctx.spec.flows[r.flow].target for r in routes}
    return sorted(n for n in names if n != org)


def _sections(ctx: GenerationContext, routes: list[CamelRoute]) -> list[tuple[str, list[Prop]]]:
    org = salesforce_system(ctx.spec) or "salesforce"
    sections = [
        (
            f"Salesforce ({org}): OAuth client credentials or JWT bearer, never username/password",
            salesforce_props(ctx.spec, org),
        )
    ]
    for name in _systems_called(ctx, routes):
        sections.append((f"{name}: {ctx.spec.systems[name].label or name}", system_props(name, ctx.spec.systems[name])))
    sfspec = [
        Prop(
            "camel.component.kafka.brokers",
            "{{env:KAFKA_BOOTSTRAP_SERVERS}}",
            comment="dead-letter topics sfspec.deadletter.<flow> (and kafka receive)",
        ),
        Prop(
            "sfspec.integrationUserId",
            "{{env:SF_INTEGRATION_USER_ID}}",
            # The user name stays in the comment: Camel would resolve {{…}} in a property value.
            comment="echo suppression: changes committed by this user are not sent back; the 18-character Id of "
            + (ctx.spec.salesforce.integration_user or "the integration user"),
        ),
    ]
    subscribers = [r for r in routes if r.kind is RouteKind.SUBSCRIBE]
    if subscribers:
        sfspec.append(
            Prop(
                "sfspec.checkpointDir",
                "{{env:SFSPEC_CHECKPOINT_DIR:checkpoints}}",
                # relative by default: a plain `camel run` by any user can write it
                comment="replay checkpoints (default ./checkpoints); in a cluster, a volume every replica mounts",
            )
        )
        for r in subscribers:
            preset_env, id_env = r.checkpoint_env
            sfspec.append(Prop(r.replay_preset_key, "{{env:" + preset_env + ":LATEST}}"))
            sfspec.append(Prop(r.replay_id_key, "{{env:" + id_env + ":}}"))
    for r in routes:
        if r.webhook_token_key:
            sfspec.append(
                Prop(
                    r.webhook_token_key,
                    "{{env:" + r.webhook_token_env + "}}",
                    secret=True,
                    comment=f"callers of {r.source.uri if r.source else r.name} send it in X-Sfspec-Token",
                )
            )
    if any(r.subscribe_uri.startswith("master:") or (r.source and r.source.uri.startswith("master:")) for r in routes):
        sfspec.append(
            Prop(
                "camel.cluster.kubernetes.enabled",
                "true",
                comment="leader election for master: endpoints (one active consumer per flow)",
            )
        )
    sections.append(("sfspec", sfspec))
    return sections


def camel_files(ctx: GenerationContext, flows: list[MiddlewareFlow]) -> tuple[list[GeneratedFile], CamelReport]:
    routes, skipped = camel_routes(ctx, flows)
    if not routes:
        return [], CamelReport(routes, skipped, [])
    files = []
    names: dict[tuple[str, ...], tuple[str, ...]] = {}
    for r in routes:
        # rendered when read (build, apply, or a plan's diff where out/ has the file); the route
        # model it holds is about half its text (slotted: tests/unit/generate/test_deferred_text.py)
        later = deferred(
            "middleware/camel/route.camel.yaml.j2",
            names,
            r=r,
            marker=MANAGED_MARKER,
            camel_version=CAMEL_VERSION,
            poll_ms=BULK_POLL_MS,
            poll_max=BULK_POLL_MAX,
        )
        files.append(GeneratedFile(f"{CAMEL_DIR}/{r.name}.camel.yaml", later, ctx.at("flows", r.flow)))
    sections = _sections(ctx, routes)
    text = render(
        "middleware/camel/application.properties.j2",
        marker=MANAGED_MARKER,
        camel_version=CAMEL_VERSION,
        sections=sections,
    )
    files.append(GeneratedFile(f"{CAMEL_DIR}/application.properties", text, ctx.at("flows")))
    return files, CamelReport(routes, skipped, [p for _, props in sections for p in props])
