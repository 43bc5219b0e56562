"""The Salesforce side of a landscape, in SFDX source format (docs/salesforce-output.md).

`generate(ctx)` returns every file under out/: force-app/main/default/… (Apex, objects, fields,
credentials, permissions, events, CDC members), sfdx-project.json, manifest/package.xml and
POSTDEPLOY.md. Decisions are made once, in the layout (`layout.py`, `ctx.salesforce_layout`); the
modules beside this one render them, each through its templates in generators/salesforce/.
"""

from __future__ import annotations

from sfspec.generate.context import GenerationContext
from sfspec.generate.salesforce.apex import emit_callout_flow, emit_object_triggers, emit_published_flow, emit_shared
from sfspec.generate.salesforce.credentials import credential_model, emit_credential
from sfspec.generate.salesforce.emit import Emitter, one_line, xml_comment_text
from sfspec.generate.salesforce.objects import emit_cdc, emit_dead_letter, emit_spec_objects, emit_sync_event
from sfspec.generate.salesforce.permissions import emit_integration_access
from sfspec.generate.salesforce.project import emit_project
from sfspec.state import MANAGED_MARKER, ComponentKey, GeneratedFile, MetadataType

__all__ = ["generate"]


def generate(ctx: GenerationContext) -> list[GeneratedFile]:
    layout = ctx.salesforce_layout
    if layout is None:
        return []
    em = Emitter(ctx)
    spec = ctx.spec
    emit_spec_objects(em, layout)
    emit_cdc(em, layout)
    credentials = [
        credential_model(em, system, spec.systems[system], name) for system, name in sorted(layout.credentials.items())
    ]
    for cred in credentials:
        emit_credential(em, cred)
    if layout.callouts or layout.published:
        emit_shared(em, with_dispatcher=layout.has_outbound_triggers)
        emit_dead_letter(em)
    bypass = emit_object_triggers(em, layout)
    subscriber_configs = []
    for cf in layout.callouts:
        emit_callout_flow(em, cf, bypass)
        if cf.realtime:
            if not cf.event_source:  # an event source is itself the event the subscriber runs on
                emit_sync_event(em, cf.event, cf.name, cf.object, cf.description)
            if spec.salesforce.integration_user:
                trigger = cf.base + "EventTrigger"
                subscriber_configs.append(trigger + "Config")
                em.metadata(
                    ComponentKey(MetadataType.PLATFORM_EVENT_SUBSCRIBER_CONFIG, trigger + "Config"),
                    "metadata/subscriber_config.platformEventSubscriberConfig-meta.xml.j2",
                    em.ctx.salesforce_at("integration_user"),
                    label=one_line(trigger + " Config", 80),
                    trigger=trigger,
                    user=spec.salesforce.integration_user,
                    marker=MANAGED_MARKER,
                    why=xml_comment_text(f'Runs {trigger} as the integration user for flow "{cf.name}"'),
                )
    for pe in layout.published:
        emit_published_flow(em, pe)
        emit_sync_event(em, pe.event, pe.name, pe.object, pe.description)
    emit_integration_access(em, layout)
    emit_project(em, layout, credentials, subscriber_configs)
    return sorted(em.files, key=lambda f: f.path)
