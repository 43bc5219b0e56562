"""The integration user's permission set and the echo-suppression custom permission.

The integration permission set (spec.salesforce.integration_permission_set) gives the integration
user what its flows need and nothing more: create/edit on objects that inbound flows upsert (edit
only where they only update, `write: update`), edit on their mapped custom fields, read on what
outbound jobs query (they run as that user via the PlatformEventSubscriberConfig), read on what
the middleware subscribes to, reads back or exports, edit on write-back fields, and the bypass
custom permission, which no other generated permission set grants (so only the integration user's
own writes skip the outbound triggers).
"""

from __future__ import annotations

from dataclasses import dataclass, field

from sfspec.generate.salesforce.emit import Emitter
from sfspec.generate.salesforce.layout import SalesforceLayout
from sfspec.model.objects import FieldType
from sfspec.model.spec import Spec
from sfspec.state import ComponentKey, MetadataType

BYPASS_PERMISSION = "sfspec_Bypass_Outbound_Sync"


@dataclass(frozen=True)
class ObjectPermission:
    object: str
    create: bool
    edit: bool


@dataclass(frozen=True)
class FieldPermission:
    field: str
    editable: bool


@dataclass(frozen=True)
class PermissionSetModel:
    name: str
    label: str
    description: str
    custom_permissions: tuple[str, ...] = ()
    principals: tuple[str, ...] = ()
    fields: tuple[FieldPermission, ...] = ()
    objects: tuple[ObjectPermission, ...] = ()
    user_permissions: tuple[str, ...] = ()


@dataclass
class _Grants:
    objects: dict[str, ObjectPermission] = field(default_factory=dict)
    fields: dict[str, FieldPermission] = field(default_factory=dict)

    def object(self, name: str, create: bool = False, edit: bool = False) -> None:
        old = self.objects.get(name, ObjectPermission(name, False, False))
        self.objects[name] = ObjectPermission(name, old.create or create, old.edit or edit)

    def field(self, spec: Spec, obj: str, name: str, editable: bool) -> None:
        # Field permissions exist only for custom fields that are not required or master-detail
        # (a deploy rejects the others); standard fields follow the object permission.
        spec_field = spec.objects[obj].fields.get(name) if obj in spec.objects else None
        if not name.endswith("__c") or (
            spec_field and (spec_field.required or spec_field.type is FieldType.MasterDetail)
        ):
            return
        key = f"{obj}.{name}"
        old = self.fields.get(key, FieldPermission(key, False))
        self.fields[key] = FieldPermission(key, old.editable or editable)


def integration_grants(spec: Spec, layout: SalesforceLayout) -> _Grants:
    grants = _Grants()
    for flow in layout.inbound:
        grants.object(flow.object, create=flow.creates, edit=True)
        for name in (*flow.fields, *([flow.match_key] if flow.match_key else [])):
            grants.field(spec, flow.object, name, editable=True)
    for pe in layout.published:
        # The middleware subscribes to the event and reads the record it names.
        grants.object(pe.event)
        grants.object(pe.object)
        for name in (*pe.synced_fields, *pe.read_fields):
            grants.field(spec, pe.object, name, editable=False)
    for export in layout.exports:
        grants.object(export.object)  # the middleware's own read of the org (e.g. the Meltano tap)
        for name in export.fields:
            grants.field(spec, export.object, name, editable=False)
    for sub in layout.subscriptions:
        grants.object(sub.event)  # the middleware subscribes to the event's channel
    for cdc in layout.cdc:
        grants.object(cdc.object)  # change events carry only fields the subscriber can read
        for name in cdc.fields:
            grants.field(spec, cdc.object, name, editable=False)
    for cf in layout.callouts:
        if not cf.realtime:
            continue  # on-demand callouts run as the user who starts them
        grants.object(cf.object, edit=cf.write_back is not None)
        for name in cf.query_fields:
            grants.field(spec, cf.object, name, editable=name == cf.write_back)
    return grants


def emit_integration_access(em: Emitter, layout: SalesforceLayout) -> None:
    spec = em.ctx.spec
    grants = integration_grants(spec, layout)
    bypass = (BYPASS_PERMISSION,) if layout.has_outbound_triggers else ()
    if not (grants.objects or bypass):
        return
    source = em.at("salesforce")
    if bypass:
        em.metadata(
            ComponentKey(MetadataType.CUSTOM_PERMISSION, BYPASS_PERMISSION),
            "metadata/custom_permission.customPermission-meta.xml.j2",
            source,
            label="Bypass Outbound Sync",
            description=em.description(
                "Holders (integration users) do not start outbound sync: echo suppression.", limit=255
            ),
        )
    user = spec.salesforce.integration_user
    pset = PermissionSetModel(
        name=spec.salesforce.integration_permission_set,
        label="sfspec Integration",
        description=em.description(
            f"The integration user{' ' + user if user else ''}: inbound upserts, outbound job access and "
            "the outbound-sync bypass.",
            limit=255,
        ),
        custom_permissions=bypass,
        fields=tuple(grants.fields[k] for k in sorted(grants.fields)),
        objects=tuple(grants.objects[k] for k in sorted(grants.objects)),
        user_permissions=("ApiEnabled",),
    )
    em.metadata(
        ComponentKey(MetadataType.PERMISSION_SET, pset.name),
        "metadata/permission_set.permissionset-meta.xml.j2",
        source,
        p=pset,
    )
