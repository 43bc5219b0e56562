"""What the spec says about components that may already exist in the org (issue 13).

A *claim* ties an org component the spec names to how sfspec may treat it: declared custom objects
and fields (with their `manage` choice and, for fields, the type the spec expects), platform events
a flow rides on, and Named Credentials a system is bound to. The diff uses claims to tell a
reference (checked, never changed) from a component sfspec manages or adopts; the org readers use
their keys to know what to read. Standard objects and fields have no org copy in an SFDX project,
so they are not claimed here (the standard-object catalogue checks them).
"""

from __future__ import annotations

from collections.abc import Iterator, Mapping
from dataclasses import dataclass, field

from sfspec.diagnostics import SourceRange
from sfspec.load.document import SpecDocument
from sfspec.model import cdc_member, flow_objects, is_salesforce
from sfspec.model.existing import Manage, TriggerMode
from sfspec.model.flows import StreamingEvent
from sfspec.model.objects import SIZED_TEXT_TYPES, FieldType
from sfspec.model.spec import Spec
from sfspec.state import ComponentKey, MetadataType, by_name


@dataclass(frozen=True, slots=True)
class SpecPlace:
    """A place in the spec, located when asked: every declared field is claimed, and only the few
    claims a plan reports on (references, conflicts) need their line."""

    doc: SpecDocument
    path: tuple[str, ...]

    def locate(self, key: ComponentKey) -> SourceRange:
        return self.doc.locate(list(self.path))


@dataclass(frozen=True, slots=True)
class DeclarationPlace:
    """Where the spec declares a custom object or field, found from the claim's key: one for the
    whole spec, shared by every such claim (a place with its own path per declared field was a
    twentieth of a plan's peak memory, bench/scale.py)."""

    doc: SpecDocument

    def locate(self, key: ComponentKey) -> SourceRange:
        if key.type == MetadataType.CUSTOM_FIELD:
            obj, field_name = key.name.split(".", 1)
            return self.doc.locate(["objects", obj, "fields", field_name])
        return self.doc.locate(["objects", key.name])


@dataclass(frozen=True, slots=True)
class Claim:
    key: ComponentKey
    manage: Manage | None  # None: sfspec manages what it created and references what it did not
    place: SourceRange | SpecPlace | DeclarationPlace | None = None
    field_type: FieldType | None = None  # CustomField: the type the spec declares
    computed: bool = False  # CustomField: the spec declares a formula, roll-up summary or auto number
    length: int | None = None  # CustomField of a sized text type: the length the spec declares

    @property
    def source(self) -> SourceRange | None:
        place = self.place
        return place.locate(self.key) if isinstance(place, (SpecPlace, DeclarationPlace)) else place

    @property
    def reference_only(self) -> bool:
        return self.manage is Manage.reference

    @property
    def adopting(self) -> bool:
        return self.manage is Manage.adopt


@dataclass(frozen=True)
class Claims:
    components: Mapping[ComponentKey, Claim] = field(default_factory=dict)
    trigger_modes: Mapping[str, TriggerMode | None] = field(default_factory=dict)  # by object

    def get(self, key: ComponentKey) -> Claim | None:
        return self.components.get(key)

    def __iter__(self) -> Iterator[ComponentKey]:
        return iter(sorted(self.components, key=by_name))

    @property
    def references(self) -> list[ComponentKey]:
        """Components the spec names but sfspec must never write (no file is generated for them)."""
        return [k for k in sorted(self.components, key=by_name) if self.components[k].reference_only]


def _custom(name: str) -> bool:
    return name.endswith("__c")


def claims(spec: Spec, doc: SpecDocument | None = None) -> Claims:
    def at(*path: str) -> SpecPlace | None:
        return SpecPlace(doc, path) if doc is not None else None

    declared = DeclarationPlace(doc) if doc is not None else None

    found: dict[ComponentKey, Claim] = {}
    for obj_name, obj in spec.objects.items():
        if obj_name.endswith("__e"):  # a platform event is never generated from a declaration: it must exist
            key = ComponentKey(MetadataType.CUSTOM_OBJECT, obj_name)
            found[key] = Claim(key, obj.manage or Manage.reference, declared)
        elif _custom(obj_name):
            key = ComponentKey(MetadataType.CUSTOM_OBJECT, obj_name)
            found[key] = Claim(key, obj.manage, declared)
        for field_name, spec_field in obj.fields.items():
            if not _custom(field_name):
                continue
            key = ComponentKey(MetadataType.CUSTOM_FIELD, f"{obj_name}.{field_name}")
            inherited = Manage.reference if obj.manage is Manage.reference else None
            computed = spec_field.formula is not None or spec_field.type in (FieldType.Summary, FieldType.AutoNumber)
            found[key] = Claim(
                key,
                spec_field.manage or inherited,
                declared,
                field_type=spec_field.type,
                computed=computed,
                length=spec_field.length if spec_field.type in SIZED_TEXT_TYPES else None,
            )
    for name, system in spec.systems.items():
        if system.credential:
            key = ComponentKey(MetadataType.NAMED_CREDENTIAL, system.credential)
            found[key] = Claim(key, Manage.reference, at("systems", name, "credential"))
    for name, flow in spec.flows.items():
        if flow.event is StreamingEvent.cdc and is_salesforce(spec, flow.source):
            # CDC the org may have turned on itself: then it is the org's (referenced, never deleted).
            for obj_name in flow_objects(flow):
                key = ComponentKey(MetadataType.PLATFORM_EVENT_CHANNEL_MEMBER, cdc_member(obj_name))
                found.setdefault(key, Claim(key, None, at("flows", name)))
    modes = {name: obj.trigger for name, obj in spec.objects.items()}
    return Claims(found, modes)
