"""An org's actual state → the parts of a spec: objects (platform events included, so flows can
subscribe to them) with their fields, systems bound to the org's credentials, and what the spec
language has no place for (CDC channel members) as notes. Owners are inferred where the org says
who writes a field: a system's external-ID field is owned by that system."""

from __future__ import annotations

import re
from dataclasses import dataclass, field
from pathlib import Path
from typing import Any

from sfspec.landscape.importer.fields import Skipped, convert, text
from sfspec.landscape.importer.systems import ImportedSystem, system_name, systems_from
from sfspec.model.patterns import API_NAME_PATTERN
from sfspec.model.systems import Edition
from sfspec.orgref import OrgRef
from sfspec.rules.sfs126_api_version import MINIMUM_API_VERSION
from sfspec.state import ActualState, Component, MetadataType

SALESFORCE = "salesforce"
_API_NAME = re.compile(API_NAME_PATTERN)
# Suffixes of objects that are not business records or events: custom metadata, external and big
# objects, change events, shares, history, feeds.
_NOT_BUSINESS = ("__mdt", "__x", "__b", "ChangeEvent", "__Share", "__History", "__Feed", "__Tag")


@dataclass
class ImportedObject:
    name: str
    label: str | None = None
    plural_label: str | None = None
    description: str | None = None
    external_ids: dict[str, str] = field(default_factory=dict)
    fields: dict[str, dict[str, Any]] = field(default_factory=dict)
    notes: list[str] = field(default_factory=list)


@dataclass
class Imported:
    name: str
    origin: str
    api_version: str
    edition: Edition
    licenses: int | None
    systems: list[ImportedSystem]
    objects: list[ImportedObject]
    platform_events: list[str]
    cdc_members: list[tuple[str, str]]  # (channel, entity)
    skipped: list[Skipped]


def _is_custom(name: str) -> bool:
    return name.endswith(("__c", "__e"))


def _object_of(objects: dict[str, ImportedObject], state: ActualState, name: str) -> ImportedObject:
    if name not in objects:
        comp = next(
            (c for c in state.components.values() if c.type == MetadataType.CUSTOM_OBJECT and c.name == name), None
        )
        attrs = comp.attributes if comp is not None else {}
        objects[name] = ImportedObject(
            name,
            text(attrs.get("label"), 255),
            text(attrs.get("pluralLabel"), 255),
            text(attrs.get("description"), 4000),
        )
    return objects[name]


_GENERIC_WORDS = {"api", "sys", "system", "service", "http", "https", "rest", "soap", "prod", "sandbox", "test"}


def _external_ids(objects: dict[str, ImportedObject], systems: list[ImportedSystem]) -> None:
    """An external-ID field named after a system (ERP_Id__c and system erp_api share "erp") is that
    system's upsert key (ObjectSpec.external_ids)."""
    words = {s.name: {w for w in s.name.split("_") if len(w) > 2 and w not in _GENERIC_WORDS} for s in systems}
    for obj in objects.values():
        for fname, spec_field in obj.fields.items():
            if not spec_field.get("external_id"):
                continue
            first = fname.lower().split("_")[0]
            match = next((s.name for s in systems if first in words[s.name]), None)
            if match and match not in obj.external_ids:
                obj.external_ids[match] = fname
                spec_field.setdefault("owner", match)  # the system's own key: it writes it


def _resolve_references(objects: dict[str, ImportedObject], skipped: list[Skipped]) -> None:
    """A relationship needs its target in the spec: a standard target is declared (with no
    fields, so nothing is generated for it); a custom one the org's metadata lacks drops the field."""
    for obj in list(objects.values()):
        for fname, spec_field in list(obj.fields.items()):
            target = spec_field.get("reference_to")
            if target is None or target in objects:
                continue
            if _is_custom(target) or target.endswith(_NOT_BUSINESS):
                del obj.fields[fname]
                skipped.append(Skipped(f"{obj.name}.{fname}", f"refers to {target}, which is not imported"))
            else:
                objects[target] = ImportedObject(target, notes=[f"referred to by {obj.name}.{fname}"])


def landscape_name(name: str | None, org: OrgRef) -> str:
    """The imported spec's `name:`: the one asked for, else the org's file or alias, as a spec name
    (letters, digits, `-` and `_`, starting with a letter, at most 64 characters)."""
    default = Path(org.target).stem if org.target else "imported"
    cleaned = re.sub(r"[^A-Za-z0-9_-]+", "-", name or default).strip("-_")[:64] or "imported"
    return cleaned if cleaned[0].isalpha() else "org-" + cleaned[:60]


def _api_version(found: str | None) -> str:
    """The org's or project's API version, raised to the oldest sfspec generates for: a project's
    `sourceApiVersion` is only its default (ecars says 56.0), the org itself runs the current release
    and deploys components of any later version, so an old project must still import to a valid spec."""
    if found is None or not re.fullmatch(r"[1-9][0-9]{1,2}\.0", found):
        return "63.0"
    return found if float(found) >= MINIMUM_API_VERSION else f"{MINIMUM_API_VERSION:.1f}"


def build(state: ActualState, landscape: str, include_standard: bool = False) -> Imported:
    skipped: list[Skipped] = []
    objects: dict[str, ImportedObject] = {}
    by_type: dict[str, list[Component]] = {}
    for comp in state.components.values():
        by_type.setdefault(comp.type, []).append(comp)
    events = sorted(c.name for c in by_type.get(MetadataType.CUSTOM_OBJECT, []) if c.name.endswith("__e"))
    for comp in sorted(by_type.get(MetadataType.CUSTOM_OBJECT, []), key=lambda c: c.name):
        if comp.name.endswith(_NOT_BUSINESS) or not _API_NAME.match(comp.name):
            continue
        if _is_custom(comp.name) or include_standard:
            _object_of(objects, state, comp.name)
    for comp in sorted(by_type.get(MetadataType.CUSTOM_FIELD, []), key=lambda c: c.name):
        obj_name, _, fname = comp.name.partition(".")
        if obj_name.endswith(_NOT_BUSINESS) or not (_API_NAME.match(obj_name) and _API_NAME.match(fname)):
            continue
        if not _is_custom(fname) and not include_standard:
            continue
        converted = convert(obj_name, fname, comp.attributes)
        if isinstance(converted, Skipped):
            skipped.append(converted)
            continue
        _object_of(objects, state, obj_name).fields[fname] = converted
    _resolve_references(objects, skipped)
    taken = {SALESFORCE}
    external = {c.name: c for c in by_type.get(MetadataType.EXTERNAL_CREDENTIAL, [])}
    systems = systems_from(by_type.get(MetadataType.NAMED_CREDENTIAL, []), external, taken)
    _external_ids(objects, systems)
    members = sorted(
        (str(c.attributes.get("eventChannel") or ""), str(c.attributes.get("selectedEntity") or c.name))
        for c in by_type.get(MetadataType.PLATFORM_EVENT_CHANNEL_MEMBER, [])
    )
    for channel, entity in members:
        if entity.endswith("__ChangeEvent"):  # Invoice__ChangeEvent is the change event of Invoice__c
            base = entity[: -len("__ChangeEvent")] + "__c"
        else:
            base = entity[: -len("ChangeEvent")] if entity.endswith("ChangeEvent") else ""
        if base in objects:
            objects[base].notes.append(f"Change Data Capture is on ({channel} channel)")
    version = _api_version(state.facts.api_version)
    edition = Edition(state.facts.edition) if state.facts.edition in set(Edition) else Edition.enterprise
    return Imported(
        landscape,
        state.origin,
        version,
        edition,
        state.facts.licenses,
        systems,
        [objects[k] for k in sorted(objects)],
        events,
        members,
        skipped,
    )


__all__ = ["SALESFORCE", "Imported", "ImportedObject", "build", "system_name"]
