"""The mock-org snapshot format (format_version 1): a reviewable JSON file ↔ components.

Layout (schemas/mock-org.schema.json): `org` holds the facts (API version, edition, licences, the
/limits body); `objects` holds each object keyed by API name with its `attributes` and its
`fields` (field name → attributes), the way a reviewer thinks of them; `components` holds every
other type, grouped by Metadata API type and keyed by fullName. Attribute leaves are text, as in
the -meta.xml, so a snapshot, an SFDX project and a live org produce equal components.
"""

from __future__ import annotations

import json
from collections.abc import Iterable, Mapping
from typing import Any

from sfspec.state import ActualState, Component, ComponentKey, MetadataType, OrgFacts

FORMAT_VERSION = 1


def text_leaves(value: Any) -> Any:
    """The normal form of attribute values, the shape parsed XML has: every leaf is text
    ("true", "255") and a repeated element seen once is the element itself, not a one-item list."""
    if isinstance(value, Mapping):
        return {str(k): text_leaves(v) for k, v in value.items()}
    if isinstance(value, (list, tuple)):
        return text_leaves(value[0]) if len(value) == 1 else [text_leaves(v) for v in value]
    if isinstance(value, bool):
        return "true" if value else "false"
    if value is None:
        return ""
    return str(value)


def facts_from_json(org: Mapping[str, Any]) -> OrgFacts:
    limits = {
        str(k): {str(a): int(b) for a, b in v.items() if isinstance(b, int)}
        for k, v in (org.get("limits") or {}).items()
    }
    return OrgFacts(
        api_version=str(org.get("api_version", "63.0")),
        edition=str(org.get("edition", "enterprise")),
        licenses=org.get("licenses"),
        instance=str(org.get("instance", "mock")),
        limits=limits,
    )


def facts_to_json(facts: OrgFacts) -> dict[str, Any]:
    data: dict[str, Any] = {"instance": facts.instance, "api_version": facts.api_version, "edition": facts.edition}
    if facts.licenses is not None:
        data["licenses"] = facts.licenses
    data["limits"] = {k: dict(v) for k, v in sorted(facts.limits.items())}
    return data


def components_from_json(data: Mapping[str, Any], *, normal: bool = False) -> list[Component]:
    """Every component a (schema-valid) snapshot holds. With `normal` (snapshot_check found every
    attribute tree already text-only), the parsed trees are used as they are instead of copied."""
    leaves = _same if normal else text_leaves
    out: list[Component] = []
    for obj, entry in (data.get("objects") or {}).items():
        if "attributes" in entry:  # an entry without attributes only groups fields (object not read)
            out.append(Component(ComponentKey(MetadataType.CUSTOM_OBJECT, obj), leaves(entry["attributes"])))
        prefix = obj + "."
        for field, attrs in (entry.get("fields") or {}).items():
            out.append(Component(ComponentKey(MetadataType.CUSTOM_FIELD, prefix + field), leaves(attrs)))
    for type_, members in (data.get("components") or {}).items():
        for name, entry in members.items():
            body = entry.get("body")
            out.append(Component(ComponentKey(type_, name), leaves(entry.get("attributes") or {}), body))
    return out


def _same(value: Any) -> Any:
    return value


def empty_snapshot(facts: OrgFacts | None = None) -> dict[str, Any]:
    return {
        "format_version": FORMAT_VERSION,
        "org": facts_to_json(facts or OrgFacts()),
        "objects": {},
        "components": {},
    }


def apply_changes(data: dict[str, Any], upserts: Iterable[Component], deletes: Iterable[ComponentKey]) -> list[str]:
    """Upsert and delete components in a snapshot tree, in place; returns the problems found."""
    problems: list[str] = []
    objects: dict[str, Any] = data.setdefault("objects", {})
    components: dict[str, Any] = data.setdefault("components", {})
    for key in sorted(deletes, key=ComponentKey.sort_key, reverse=True):
        if key.type == MetadataType.CUSTOM_OBJECT:
            objects.pop(key.name, None)
        elif key.type == MetadataType.CUSTOM_FIELD:
            obj, _, field = key.name.partition(".")
            (objects.get(obj) or {}).get("fields", {}).pop(field, None)
        else:
            components.get(key.type, {}).pop(key.name, None)
            if key.type in components and not components[key.type]:
                del components[key.type]
    for comp in sorted(upserts, key=lambda c: c.key.sort_key()):
        attrs = text_leaves(comp.attributes)
        if comp.type == MetadataType.MIDDLEWARE_FILE:
            problems.append(f"{comp.key}: middleware files are not org metadata")
        elif comp.type == MetadataType.CUSTOM_OBJECT:
            entry = objects.setdefault(comp.name, {"fields": {}})
            entry["attributes"] = attrs
            entry.setdefault("fields", {})
        elif comp.type == MetadataType.CUSTOM_FIELD:
            obj, _, field = comp.name.partition(".")
            if obj not in objects:
                problems.append(f"{comp.key}: object {obj} does not exist in the org")
                continue
            objects[obj].setdefault("fields", {})[field] = attrs
        else:
            entry = {"attributes": attrs}
            if comp.body is not None:
                entry["body"] = comp.body
            components.setdefault(comp.type, {})[comp.name] = entry
    return problems


def snapshot_from_state(state: ActualState) -> dict[str, Any]:
    data = empty_snapshot(state.facts)
    fields = [state.components[k] for k in state if k.type == MetadataType.CUSTOM_FIELD]
    apply_changes(data, [state.components[k] for k in state if k.type != MetadataType.CUSTOM_FIELD], [])
    for comp in fields:  # a field whose object was not read still needs an entry to live in
        obj, _, field = comp.name.partition(".")
        data["objects"].setdefault(obj, {"fields": {}})["fields"][field] = text_leaves(comp.attributes)
    return data


def dumps(data: Mapping[str, Any]) -> str:
    """Deterministic JSON: sorted keys below the top level, two-space indent, trailing newline."""
    ordered = {k: data[k] for k in ("format_version", "org", "objects", "components") if k in data}
    ordered.update({k: v for k, v in data.items() if k not in ordered})
    text = json.dumps(_sorted(ordered, top=True), indent=2, ensure_ascii=False)
    return text + "\n"


def _sorted(value: Any, top: bool = False) -> Any:
    if isinstance(value, dict):
        items = value.items() if top else sorted(value.items())
        return {k: _sorted(v) for k, v in items}
    if isinstance(value, list):
        return [_sorted(v) for v in value]  # list order is meaningful (picklist values)
    return value
