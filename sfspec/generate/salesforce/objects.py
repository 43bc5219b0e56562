"""Custom objects and fields: those the spec declares, external-ID keys, sync events, dead letters.

Standard objects get only their custom fields (objects/Account/fields/…); custom objects also get
their .object-meta.xml. Field attributes follow the Metadata API rules per type (which of length,
precision, required, unique, externalId a type accepts); element order follows the v63 XSD.
"""

from __future__ import annotations

from dataclasses import dataclass, replace
from typing import Any

from sfspec.generate.salesforce.emit import (
    Emitter,
    MetadataRender,
    managed_description,
    one_line,
    xml_comment_text,
)
from sfspec.generate.salesforce.fieldtypes import (
    EXTRA_NAMES,
    Criterion,
    FieldExtras,
    LookupFilterModel,
    extra_attributes,
)
from sfspec.generate.salesforce.layout import SalesforceLayout
from sfspec.generate.salesforce.naming import developer_name, words
from sfspec.model import cdc_member
from sfspec.model.existing import Manage
from sfspec.model.objects import (
    KEY_TYPES,
    NUMBER_TYPES,
    PICKLIST_TYPES,
    RELATION_TYPES,
    FieldSpec,
    FieldType,
    ObjectSpec,
)
from sfspec.state import MANAGED_MARKER, ComponentKey, MetadataType

DEAD_LETTER = "Integration_Error__c"
NOT_CUSTOMISABLE = {FieldType.Id, FieldType.Address}


@dataclass(frozen=True, slots=True)
class FieldModel:
    name: str
    type: FieldType
    label: str
    description: str
    length: int | None = None
    precision: int | None = None
    scale: int | None = None
    required: bool | None = None
    unique: bool | None = None
    external_id: bool | None = None
    case_sensitive: bool | None = None
    default_value: str | None = None
    delete_constraint: str | None = None
    reference_to: str | None = None
    relationship_label: str | None = None
    relationship_name: str | None = None
    values: tuple[str, ...] = ()
    visible_lines: int | None = None
    event_field: bool = False
    # brownfield types and attributes (fieldtypes.extra_attributes), None for a plain field: ten
    # slots most fields leave empty were a third of a FieldModel (bench/scale.py's peak memory)
    extra: FieldExtras | None = None

    @property
    def formula(self) -> str | None:
        return self.extra.formula if self.extra else None

    @property
    def display_format(self) -> str | None:
        return self.extra.display_format if self.extra else None

    @property
    def mask_char(self) -> str | None:
        return self.extra.mask_char if self.extra else None

    @property
    def mask_type(self) -> str | None:
        return self.extra.mask_type if self.extra else None

    @property
    def summary_operation(self) -> str | None:
        return self.extra.summary_operation if self.extra else None

    @property
    def summarized_field(self) -> str | None:
        return self.extra.summarized_field if self.extra else None

    @property
    def summary_foreign_key(self) -> str | None:
        return self.extra.summary_foreign_key if self.extra else None

    @property
    def summary_filters(self) -> tuple[Criterion, ...]:
        return self.extra.summary_filters if self.extra else ()

    @property
    def relationship_order(self) -> int:
        return self.extra.relationship_order if self.extra else 0

    @property
    def lookup_filter(self) -> LookupFilterModel | None:
        return self.extra.lookup_filter if self.extra else None


@dataclass(frozen=True, slots=True)
class ObjectModel:
    name: str
    label: str
    plural_label: str
    description: str
    name_label: str = ""
    sharing_model: str = "ReadWrite"
    auto_number: str | None = None
    platform_event: bool = False


def label_of(api_name: str, limit: int = 40) -> str:
    return one_line(" ".join(words(api_name)) or api_name, limit)


def _picklist_values(values: list[str] | None) -> tuple[str, ...]:
    seen: dict[str, str] = {}
    for v in values or []:
        flat = one_line(v, 255)
        seen.setdefault(flat.lower(), flat)  # Salesforce rejects values differing only in case
    return tuple(seen.values())


@dataclass(frozen=True, slots=True, eq=False)
class SpecField(MetadataRender):
    """A field the spec declares, as its -meta.xml: its FieldModel is made each time the file is
    rendered or its attributes are built. A plan holds one per generated field; a FieldModel held
    made, with a label and description of its own, and a render context around it were two fifths
    of the desired state (bench/scale.py's peak memory). Everything here is the spec's or shared
    by the object's fields."""

    obj: str
    name: str
    spec: FieldSpec
    force_key: bool  # an upsert key of some flow or system, declared so or not
    rel_name: str
    rel_label: str
    owner: str
    event: bool  # a field of a platform event

    def made(self) -> FieldModel:
        model = field_model(self.obj, self.name, self.spec, self.force_key, self.rel_name, self.rel_label, self.owner)
        return event_field(model) if self.event else model

    def template_name(self) -> str:
        return "metadata/custom_field.field-meta.xml.j2"

    def context(self) -> dict[str, Any]:
        return {"f": self.made()}


def field_model(
    obj: str, name: str, f: FieldSpec, force_key: bool, rel_name: str, rel_label: str, owner: str
) -> FieldModel:
    t = f.type
    key = force_key or f.external_id
    unique = (f.unique or force_key) if t in KEY_TYPES else None
    # the attributes gathered first and the model made once: a dataclasses.replace per type rule
    # was most of the time spent on each field
    attrs: dict[str, Any] = {
        "name": name,
        "type": t,
        "label": one_line(f.label, 40) if f.label else label_of(name),
        "description": managed_description(f"{f.description or f'{obj}.{name}.'} Source of truth: {owner}."),
        "required": f.required if t not in (FieldType.Checkbox, FieldType.Lookup, FieldType.MasterDetail) else None,
        "external_id": key if t in KEY_TYPES else None,
    }
    if t is FieldType.Text:
        attrs.update(length=min(f.length or 255, 255), unique=unique, case_sensitive=False if unique else None)
    elif t in (FieldType.Email, FieldType.Number):
        attrs["unique"] = unique
    if t is FieldType.LongTextArea:
        attrs.update(length=max(256, min(f.length or 32768, 131072)), visible_lines=3)
    if t in NUMBER_TYPES:
        precision = f.precision or 18
        scale = f.scale if f.scale is not None else (2 if t is FieldType.Currency else 0)
        attrs.update(precision=precision, scale=min(scale, precision - 1) if precision > 1 else 0)
    if t is FieldType.Checkbox:
        attrs["default_value"] = "false"
    if t in PICKLIST_TYPES:
        attrs.update(values=_picklist_values(f.values), visible_lines=4 if t is FieldType.MultiselectPicklist else None)
    if t in RELATION_TYPES:
        attrs.update(
            reference_to=f.reference_to or "Account",
            relationship_label=rel_label,
            relationship_name=rel_name,
            delete_constraint="SetNull" if t is FieldType.Lookup else None,
        )
    extra = extra_attributes(f)
    brownfield = {k: extra.pop(k) for k in EXTRA_NAMES if k in extra}
    attrs.update(extra)
    return FieldModel(**attrs, extra=FieldExtras(**brownfield) if brownfield else None)


def _key_fields(layout: SalesforceLayout, spec_objects: dict[str, ObjectSpec]) -> dict[str, set[str]]:
    """Fields that are upsert keys: declared external IDs of other systems and inbound match keys."""
    keys: dict[str, set[str]] = {}
    for obj, spec_obj in spec_objects.items():
        for field_name in spec_obj.external_ids.values():
            keys.setdefault(obj, set()).add(field_name)
    for flow in layout.inbound:
        if flow.match_key:
            keys.setdefault(flow.object, set()).add(flow.match_key)
    return keys


def emit_spec_objects(em: Emitter, layout: SalesforceLayout) -> None:
    spec = em.ctx.spec
    keys = _key_fields(layout, spec.objects)
    for obj in sorted(spec.objects):
        spec_obj = spec.objects[obj]
        referenced = spec_obj.manage is Manage.reference  # exists in the org: nothing of it is generated
        if obj.endswith("__e") and not referenced:
            emit_spec_event(em, obj, spec_obj)
        elif obj.endswith("__c") and not referenced:
            master = any(f.type is FieldType.MasterDetail for f in spec_obj.fields.values())
            label = one_line(spec_obj.label, 40) if spec_obj.label else label_of(obj)
            model = ObjectModel(
                name=obj,
                label=label,
                plural_label=one_line(spec_obj.plural_label, 40)
                if spec_obj.plural_label
                else one_line(label + "s", 40),
                description=em.description(spec_obj.description or f"Business object owned by {spec_obj.owner}."),
                name_label=one_line(f"{label} Name", 80),
                sharing_model="ControlledByParent" if master else "ReadWrite",
            )
            em.metadata(
                ComponentKey(MetadataType.CUSTOM_OBJECT, obj),
                "metadata/custom_object.object-meta.xml.j2",
                em.at("objects", obj),
                o=model,
            )
        fields = dict(spec_obj.fields)
        for key_field in sorted(keys.get(obj, ())):
            if key_field.endswith("__c") and key_field not in fields and not obj.endswith("__e"):
                fields[key_field] = FieldSpec(
                    type=FieldType.Text,
                    length=255,
                    external_id=True,
                    unique=True,
                    description="Upsert key (external ID).",
                )
        plural = (
            one_line(spec_obj.plural_label, 40)
            if spec_obj.plural_label
            else one_line((spec_obj.label or label_of(obj)) + "s", 40)
        )
        rel_targets: dict[str, int] = {}
        for name in sorted(fields):
            f = fields[name]
            if f.reference_to:
                rel_targets[f.reference_to] = rel_targets.get(f.reference_to, 0) + 1
        object_rel = developer_name(plural)[:40]  # the same for every field of the object
        field_at = em.locator("objects", obj, "fields")
        for name in sorted(fields):
            if not name.endswith("__c") or referenced or fields[name].manage is Manage.reference:
                continue
            f = fields[name]
            rel = object_rel
            if f.reference_to and rel_targets.get(f.reference_to, 0) > 1:
                rel = developer_name(f"{plural} {name}")[:40].rstrip("_")
            if f.type in NOT_CUSTOMISABLE:
                continue
            owner = f.owner or spec_obj.owner
            em.rendered(
                ComponentKey(MetadataType.CUSTOM_FIELD, f"{obj}.{name}"),
                SpecField(obj, name, f, name in keys.get(obj, ()), rel, plural, owner, obj.endswith("__e")),
                field_at(name) if name in spec_obj.fields else em.at("objects", obj),
            )


def event_field(f: FieldModel) -> FieldModel:
    """A field of a platform event: never unique or an external ID (events are not records)."""
    return replace(
        f,
        unique=False if f.unique is not None else None,
        external_id=False if f.external_id is not None else None,
        case_sensitive=None,
        event_field=True,
    )


def emit_spec_event(em: Emitter, obj: str, spec_obj: ObjectSpec) -> None:
    """A platform event the spec declares: the business publishes it, flows subscribe to it."""
    label = one_line(spec_obj.label, 40) if spec_obj.label else label_of(obj)
    model = ObjectModel(
        name=obj,
        label=label,
        plural_label=one_line(spec_obj.plural_label, 40) if spec_obj.plural_label else one_line(label + "s", 40),
        description=em.description(spec_obj.description or f"Platform event published by {spec_obj.owner}."),
        platform_event=True,
    )
    em.metadata(
        ComponentKey(MetadataType.CUSTOM_OBJECT, obj),
        "metadata/custom_object.object-meta.xml.j2",
        em.at("objects", obj),
        o=model,
    )


def _event_field(name: str, label: str, length: int, description: str) -> FieldModel:
    return FieldModel(
        name=name,
        type=FieldType.Text,
        label=label,
        description=description,
        length=length,
        required=True,
        unique=False,
        external_id=False,
        event_field=True,
    )


def emit_sync_event(em: Emitter, event: str, flow: str, obj: str, description: str) -> None:
    source = em.at("flows", flow)
    model = ObjectModel(
        name=event,
        label=one_line(f"{label_of(flow, 30)} Event", 40),
        plural_label=one_line(f"{label_of(flow, 29)} Events", 40),
        description=em.description(f'{obj} changes of flow "{flow}", published after commit. {description}'),
        platform_event=True,
    )
    em.metadata(
        ComponentKey(MetadataType.CUSTOM_OBJECT, event), "metadata/custom_object.object-meta.xml.j2", source, o=model
    )
    why = em.description(f'Sync event field of flow "{flow}".')
    for name, label, length in (
        ("Record_Id__c", "Record Id", 18),
        ("Operation__c", "Operation", 16),
        ("Idempotency_Key__c", "Idempotency Key", 80),
    ):
        em.metadata(
            ComponentKey(MetadataType.CUSTOM_FIELD, f"{event}.{name}"),
            "metadata/custom_field.field-meta.xml.j2",
            source,
            f=_event_field(name, label, length, why),
        )


def emit_dead_letter(em: Emitter) -> None:
    source = em.at("flows")
    model = ObjectModel(
        name=DEAD_LETTER,
        label="Integration Error",
        plural_label="Integration Errors",
        description=em.description(
            "Dead-letter store: one row per message that failed permanently or exhausted "
            "its retries, keyed by flow and record."
        ),
        name_label="Integration Error Number",
        auto_number="IE-{00000000}",
    )
    em.metadata(
        ComponentKey(MetadataType.CUSTOM_OBJECT, DEAD_LETTER),
        "metadata/custom_object.object-meta.xml.j2",
        source,
        o=model,
    )
    why = em.description("Dead-letter field.")
    fields = (
        FieldModel(
            "Idempotency_Key__c",
            FieldType.Text,
            "Idempotency Key",
            why,
            length=255,
            required=False,
            unique=True,
            external_id=True,
            case_sensitive=True,
        ),
        FieldModel("Flow__c", FieldType.Text, "Flow", why, length=80, required=False, unique=False, external_id=False),
        FieldModel(
            "Record_Id__c", FieldType.Text, "Record Id", why, length=18, required=False, unique=False, external_id=False
        ),
        FieldModel(
            "Attempts__c",
            FieldType.Number,
            "Attempts",
            why,
            precision=3,
            scale=0,
            required=False,
            unique=False,
            external_id=False,
        ),
        FieldModel("Error__c", FieldType.LongTextArea, "Error", why, length=32768, visible_lines=3),
        FieldModel("Payload__c", FieldType.LongTextArea, "Payload", why, length=131072, visible_lines=3),
    )
    for f in fields:
        em.metadata(
            ComponentKey(MetadataType.CUSTOM_FIELD, f"{DEAD_LETTER}.{f.name}"),
            "metadata/custom_field.field-meta.xml.j2",
            source,
            f=f,
        )


def emit_cdc(em: Emitter, layout: SalesforceLayout) -> None:
    seen: set[str] = set()
    for cdc in layout.cdc:
        if cdc.entity in seen:
            continue
        seen.add(cdc.entity)
        em.metadata(
            ComponentKey(MetadataType.PLATFORM_EVENT_CHANNEL_MEMBER, cdc_member(cdc.object)),
            "metadata/channel_member.platformEventChannelMember-meta.xml.j2",
            em.at("flows", cdc.name),
            entity=cdc.entity,
            marker=MANAGED_MARKER,
            why=xml_comment_text(f'Change Data Capture for flow "{cdc.name}"'),
        )
