"""Patch semantics: what sfspec deploys for a component the org already holds.

A deploy replaces a component's whole definition, so a generated file that leaves out an element
the org's copy has (a formula's blank handling, history tracking, a lookup filter) would silently
drop it. Whenever sfspec writes a component that exists, the desired attributes are the org's,
overlaid with what sfspec sets:
- a component sfspec manages: every generated attribute wins (a hand edit of one is drift);
- a component being adopted: only the attributes the spec language models win; the rest (an
  AutoNumber name field, sharing, relationship names, visible lines…) stay as the org has them.
A type change is a replacement, not a patch: the old type's attributes would not fit the new one.
"""

from __future__ import annotations

import re
from collections.abc import Mapping
from typing import Any

from sfspec.sfdx_format import attributes_to_xml, classify
from sfspec.state import Component, ComponentKey, DesiredState, GeneratedFile, MetadataType, plain

# Attributes (top-level elements) the spec language sets; everything else of an adopted component
# is the org's. Types not listed are adopted whole (the spec models all they carry).
MODELLED: dict[str, frozenset[str]] = {
    MetadataType.CUSTOM_OBJECT: frozenset({"label", "pluralLabel", "description"}),
    MetadataType.CUSTOM_FIELD: frozenset(
        {
            "type",
            "label",
            "description",
            "length",
            "precision",
            "scale",
            "required",
            "unique",
            "externalId",
            "valueSet",
            "referenceTo",
            "formula",
            "summaryOperation",
            "summarizedField",
            "summaryForeignKey",
            "summaryFilterItems",
            "displayFormat",
            "relationshipOrder",
            "lookupFilter",
        }
    ),
}


_FULL_NAME = re.compile(r"<fullName>([^<]*)</fullName>")


def _merge(base: Mapping[str, Any], overlay: Mapping[str, Any]) -> dict[str, Any]:
    """`overlay` wins leaf by leaf; nested elements merge; a repeated element is replaced whole."""
    out = dict(base)
    for key, value in overlay.items():
        below = out.get(key)
        out[key] = _merge(below, value) if isinstance(below, dict) and isinstance(value, dict) else value
    return out


def _ordered(value: Any) -> Any:
    """Metadata API types list their elements alphabetically (fullName, inherited, first)."""
    if isinstance(value, dict):
        keys = sorted(value, key=lambda k: (k != "fullName", k))
        return {k: _ordered(value[k]) for k in keys}
    if isinstance(value, list):
        return [_ordered(v) for v in value]
    return value


def patched(want: Component, have: Component, *, adopting: bool) -> Component:
    """The component to deploy over the org's `have`."""
    if want.has_body and want.type in (MetadataType.APEX_CLASS, MetadataType.APEX_TRIGGER):
        return want  # Apex: the source is the component; its meta holds only what sfspec sets
    wanted = plain(want.attributes)  # built once: a generated component's are built when read
    if str(wanted.get("type", "")) != str(have.attributes.get("type", wanted.get("type", ""))):
        return want
    modelled = MODELLED.get(want.type)
    overlay = {k: v for k, v in wanted.items() if k in modelled} if adopting and modelled is not None else wanted
    merged = _merge(have.attributes, overlay)
    if merged == wanted:
        return want
    return want.with_attributes(_ordered(merged))  # a generated body stays unrendered


def with_components(
    desired: DesiredState, replaced: Mapping[ComponentKey, Component], dropped: set[ComponentKey]
) -> DesiredState:
    """`desired` with some components' metadata files rewritten and others (references) left out."""
    files: list[GeneratedFile] = []
    for f in desired.files:
        role = classify(f.path) if f.path.startswith("force-app/") else None
        if role is not None and role.key in dropped:
            continue
        if role is not None and role.is_meta and role.key in replaced:
            comp = replaced[role.key]
            full_name = _FULL_NAME.search(f.render())  # an API name: no markup to unescape; the file is replaced
            xml = attributes_to_xml(comp.type, comp.attributes, full_name[1] if full_name else None)
            f = GeneratedFile(f.path, xml, f.source)
        files.append(f)
    components = {k: replaced.get(k, c) for k, c in desired.components.items() if k not in dropped}
    return DesiredState(components, files=tuple(files))
