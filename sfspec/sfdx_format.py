"""Salesforce DX source format: which file is which component, and metadata XML ↔ attributes.

Shared by the generators (their output becomes the desired state), the SFDX-project reader and
the deploy writer, so a file name means the same thing everywhere. The folder and suffix of each
type follow @salesforce/source-deploy-retrieve's metadata registry (the npm package the tests
check generated projects with).
"""

from __future__ import annotations

import json
import xml.etree.ElementTree as ET
from collections.abc import Iterable, Mapping
from dataclasses import dataclass
from pathlib import PurePosixPath
from typing import Any
from xml.sax.saxutils import escape

from sfspec.state import Component, ComponentKey, GeneratedFile, MetadataType

METADATA_NS = "http://soap.sforce.com/2006/04/metadata"


@dataclass(frozen=True)
class SourceType:
    type: str
    directory: str
    suffix: str  # file suffix without the -meta.xml part
    has_body: bool = False  # ApexClass/ApexTrigger: a source file plus its -meta.xml


SOURCE_TYPES: tuple[SourceType, ...] = (
    SourceType(MetadataType.APEX_CLASS, "classes", "cls", has_body=True),
    SourceType(MetadataType.APEX_TRIGGER, "triggers", "trigger", has_body=True),
    SourceType(MetadataType.CUSTOM_OBJECT, "objects", "object"),
    SourceType(MetadataType.CUSTOM_FIELD, "fields", "field"),
    SourceType(MetadataType.NAMED_CREDENTIAL, "namedCredentials", "namedCredential"),
    SourceType(MetadataType.EXTERNAL_CREDENTIAL, "externalCredentials", "externalCredential"),
    SourceType(MetadataType.PERMISSION_SET, "permissionsets", "permissionset"),
    SourceType(MetadataType.CUSTOM_PERMISSION, "customPermissions", "customPermission"),
    SourceType(MetadataType.PLATFORM_EVENT_CHANNEL, "platformEventChannels", "platformEventChannel"),
    SourceType(MetadataType.PLATFORM_EVENT_CHANNEL_MEMBER, "platformEventChannelMembers", "platformEventChannelMember"),
    SourceType(
        MetadataType.PLATFORM_EVENT_SUBSCRIBER_CONFIG, "PlatformEventSubscriberConfigs", "platformEventSubscriberConfig"
    ),
    SourceType(MetadataType.REMOTE_SITE_SETTING, "remoteSiteSettings", "remoteSite"),
    SourceType(MetadataType.CUSTOM_METADATA, "customMetadata", "md"),
)
BY_TYPE = {t.type: t for t in SOURCE_TYPES}
# By the name's last dotted part (before `-meta.xml` for the metadata file): no suffix holds a dot.
_META_SUFFIXES = {t.suffix: t for t in SOURCE_TYPES}
_BODY_SUFFIXES = {t.suffix: t for t in SOURCE_TYPES if t.has_body}


@dataclass(frozen=True)
class SourceFileRole:
    key: ComponentKey
    is_meta: bool  # the -meta.xml, as opposed to an Apex body


def _parts(path: str | PurePosixPath) -> list[str]:
    """The path's parts as PurePosixPath has them; a clean relative string (the common case, one
    per file of a project) is split directly instead of building a path object."""
    if isinstance(path, str) and not path.startswith("/") and "//" not in path:
        parts = path.split("/")
        if "." not in parts:
            return parts if path else []
    return list(PurePosixPath(path).parts)


def classify(path: str | PurePosixPath) -> SourceFileRole | None:
    """Which component a file under a package directory belongs to, or None if sfspec ignores it."""
    parts = _parts(path)
    name = parts[-1] if parts else ""
    parent = parts[-2] if len(parts) >= 2 else ""
    # The suffix is looked up, not tried in turn (a plan classifies every generated file twice).
    meta = name.endswith("-meta.xml")
    stem, dot, ext = (name[: -len("-meta.xml")] if meta else name).rpartition(".")
    st = (_META_SUFFIXES if meta else _BODY_SUFFIXES).get(ext) if dot else None
    if st is None:
        return None
    if not meta:
        return SourceFileRole(ComponentKey(st.type, stem), False)
    full = stem
    if st.type == MetadataType.CUSTOM_FIELD:
        if parent != "fields" or len(parts) < 3:
            return None
        full = f"{parts[-3]}.{full}"
    elif st.type == MetadataType.CUSTOM_OBJECT and parent != full:
        return None
    return SourceFileRole(ComponentKey(st.type, full), True) if full else None


def source_path(key: ComponentKey, *, meta: bool = True, root: str = "force-app/main/default") -> str:
    """The path a component is written to in an SFDX project (inverse of `classify`)."""
    st = BY_TYPE[key.type]
    suffix = f".{st.suffix}-meta.xml" if meta or not st.has_body else f".{st.suffix}"
    if key.type == MetadataType.CUSTOM_FIELD:
        obj, field = key.name.split(".", 1)
        return f"{root}/objects/{obj}/fields/{field}{suffix}"
    if key.type == MetadataType.CUSTOM_OBJECT:
        return f"{root}/objects/{key.name}/{key.name}{suffix}"
    return f"{root}/{st.directory}/{key.name}{suffix}"


# ── XML ↔ attributes ────────────────────────────────────────────────────────────────────────
def _local(tag: str) -> str:
    return tag.rsplit("}", 1)[-1]


def _element_value(el: ET.Element) -> Any:
    children = list(el)
    if not children:
        return el.text or ""
    grouped: dict[str, list[Any]] = {}
    for child in children:
        grouped.setdefault(_local(child.tag), []).append(_element_value(child))
    return {key: values[0] if len(values) == 1 else values for key, values in grouped.items()}


def xml_to_attributes(text: str | bytes) -> tuple[str, dict[str, Any]]:
    """Parse a metadata XML document into (root type, attributes). Raises ValueError on bad XML."""
    try:
        root = ET.fromstring(text)
    except ET.ParseError as exc:
        raise ValueError(f"not well-formed XML: {exc}") from None
    try:
        value = _element_value(root)
    except RecursionError:  # thousands of nested elements: no metadata file looks like that
        raise ValueError("not metadata XML: elements nested too deeply") from None
    attrs = value if isinstance(value, dict) else {}
    attrs.pop("fullName", None)
    return _local(root.tag), attrs


def attributes_to_xml(type_: str, attributes: Mapping[str, Any], full_name: str | None = None) -> str:
    """Render attributes back to metadata XML (used by fake servers and snapshot exports)."""
    lines = ['<?xml version="1.0" encoding="UTF-8"?>', f'<{type_} xmlns="{METADATA_NS}">']
    if full_name is not None:
        lines.append(f"    <fullName>{escape(full_name)}</fullName>")

    def emit(key: str, value: Any, depth: int) -> None:
        pad = "    " * depth
        if isinstance(value, list):
            for item in value:
                emit(key, item, depth)
        elif isinstance(value, dict):
            lines.append(f"{pad}<{key}>")
            for k, v in value.items():
                emit(k, v, depth + 1)
            lines.append(f"{pad}</{key}>")
        else:
            text = "true" if value is True else "false" if value is False else str(value)
            lines.append(f"{pad}<{key}>{escape(text)}</{key}>")

    for key, value in attributes.items():
        emit(key, value, 1)
    lines.append(f"</{type_}>")
    return "\n".join(lines) + "\n"


def canonical(value: Any) -> Any:
    """Comparable form: a lone child and a one-item list are the same; list order is irrelevant
    for repeated elements (Salesforce returns them in its own order); booleans are text."""
    if isinstance(value, dict):
        return {k: canonical(v) for k, v in sorted(value.items()) if v not in (None, "")}
    if isinstance(value, list):
        items = [canonical(v) for v in value]
        return sorted(items, key=lambda v: json.dumps(v, sort_keys=True))
    if isinstance(value, bool):
        return "true" if value else "false"
    if isinstance(value, (int, float)):
        return str(value)
    return value


def components_from_files(files: Iterable[GeneratedFile], package_root: str = "force-app/") -> list[Component]:
    """Turn generated SFDX files (and middleware files) into components for the desired state.

    Generated XML is never parsed back: each -meta.xml carries the attributes its generator built
    (generate/salesforce/attributes.py, held to the parse of the file by test_sf_attributes.py)."""
    metas: dict[ComponentKey, tuple[Mapping[str, Any], GeneratedFile]] = {}
    bodies: dict[ComponentKey, GeneratedFile] = {}
    middleware: list[Component] = []
    for f in files:
        if f.path.startswith("middleware/"):
            middleware.append(Component.generated(ComponentKey(MetadataType.MIDDLEWARE_FILE, f.path), {}, f, f.source))
            continue
        if not f.path.startswith(package_root):
            continue
        role = classify(f.path)
        if role is None:
            continue
        if role.is_meta:
            if f.attributes is None:
                raise ValueError(f"{f.path}: generated metadata without its attributes (Emitter.metadata builds them)")
            metas[role.key] = (f.attributes, f)  # shared, not copied: neither is changed after generation
        else:
            bodies[role.key] = f
    out: list[Component] = []
    for key, (attrs, f) in metas.items():
        body = bodies.get(key)
        source = f.source or (body.source if body else None)
        out.append(Component.generated(key, attrs, body, source))  # the body is read from its file when asked
    return out + middleware
