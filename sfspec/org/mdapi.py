"""Metadata API format: the zip a deploy sends and a retrieve returns, ↔ components.

Source (SFDX) format and Metadata API format differ, for the types sfspec generates, only in
layout: Apex keeps `classes/X.cls` + `X.cls-meta.xml`; other types drop the `-meta.xml` suffix
(`namedCredentials/X.namedCredential`); and an object's fields, decomposed into
`objects/O/fields/F.field-meta.xml` in source format, live inside `objects/O.object` as
`<fields>` elements. Shared by the deploy writer, the live reader (retrieve) and the fake server.
"""

from __future__ import annotations

import io
import zipfile
from collections import defaultdict
from collections.abc import Iterable, Mapping
from pathlib import PurePosixPath
from typing import Any

from sfspec.sfdx_format import BY_TYPE, METADATA_NS, SOURCE_TYPES, attributes_to_xml, classify, xml_to_attributes
from sfspec.state import Component, ComponentKey, GeneratedFile, MetadataType

# Children of an object that source format splits into their own files; sfspec models only fields,
# so an object's own attributes leave all of them out, whichever format it was read from.
DECOMPOSED_CHILDREN = frozenset(
    {
        "fields",
        "listViews",
        "recordTypes",
        "validationRules",
        "webLinks",
        "compactLayouts",
        "fieldSets",
        "businessProcesses",
        "sharingReasons",
        "indexes",
    }
)
# File suffix in Metadata API format → type, for types whose source file has a -meta.xml suffix.
MDAPI_SUFFIXES: dict[str, str] = {
    f".{t.suffix}": t.type for t in SOURCE_TYPES if not t.has_body and t.type != MetadataType.CUSTOM_FIELD
}
_BODY_TYPES = {t.type for t in SOURCE_TYPES if t.has_body}


def split_object(name: str, attributes: Mapping[str, Any], listed: bool = False) -> list[Component]:
    """An mdapi `.object` document → the CustomObject and one CustomField per `<fields>`.

    A file holding only fields (a standard object carrying new fields) is not the object itself,
    unless the package lists the object (`listed`).
    """
    fields = attributes.get("fields") or []
    fields = fields if isinstance(fields, list) else [fields]
    own = object_attributes(attributes)
    out = [Component(ComponentKey(MetadataType.CUSTOM_OBJECT, name), own)] if own or not fields or listed else []
    for field in fields:
        if isinstance(field, dict) and field.get("fullName"):
            attrs = {k: v for k, v in field.items() if k != "fullName"}
            out.append(Component(ComponentKey(MetadataType.CUSTOM_FIELD, f"{name}.{field['fullName']}"), attrs))
    return out


def object_attributes(attributes: Mapping[str, Any]) -> dict[str, Any]:
    return {k: v for k, v in attributes.items() if k not in DECOMPOSED_CHILDREN}


def with_fields(attributes: Mapping[str, Any], fields: list[dict[str, Any]] | None) -> dict[str, Any]:
    """An object's attributes with its `<fields>` where the XSD's sequence wants them. The Metadata
    API rejects elements out of order; its types list elements alphabetically (ASCII: fieldSets
    before fields), which is also the order the generators and snapshots use."""
    if not fields:
        return dict(attributes)
    out: dict[str, Any] = {}
    for key, value in attributes.items():
        if "fields" not in out and key > "fields":
            out["fields"] = fields
        out[key] = value
    out.setdefault("fields", fields)
    return out


def package_xml(members: Mapping[str, Iterable[str]], api_version: str | None) -> str:
    lines = ['<?xml version="1.0" encoding="UTF-8"?>', f'<Package xmlns="{METADATA_NS}">']
    for type_ in sorted(members):
        names = sorted(set(members[type_]))
        if not names:
            continue
        lines.append("    <types>")
        lines.extend(f"        <members>{n}</members>" for n in names)
        lines.append(f"        <name>{type_}</name>")
        lines.append("    </types>")
    if api_version:
        lines.append(f"    <version>{api_version}</version>")
    lines.append("</Package>")
    return "\n".join(lines) + "\n"


def parse_package_xml(text: str | bytes) -> dict[str, list[str]]:
    _, attrs = xml_to_attributes(text)
    types = attrs.get("types") or []
    out: dict[str, list[str]] = {}
    for entry in types if isinstance(types, list) else [types]:
        members = entry.get("members") or []
        out.setdefault(entry.get("name", ""), []).extend(members if isinstance(members, list) else [members])
    return out


def mdapi_files(components: Iterable[Component]) -> dict[str, str]:
    """Components → {path in the zip: text}, fields folded into their object's `.object` file."""
    files: dict[str, str] = {}
    objects: dict[str, dict[str, Any]] = {}
    fields: dict[str, list[dict[str, Any]]] = defaultdict(list)
    for comp in sorted(components, key=lambda c: c.key.sort_key()):
        st = BY_TYPE.get(comp.type)
        if st is None:
            continue
        if comp.type == MetadataType.CUSTOM_OBJECT:
            objects[comp.name] = object_attributes(comp.attributes)
        elif comp.type == MetadataType.CUSTOM_FIELD:
            obj, _, field = comp.name.partition(".")
            fields[obj].append({"fullName": field, **comp.attributes})
        elif comp.type in _BODY_TYPES:
            files[f"{st.directory}/{comp.name}.{st.suffix}"] = comp.body or ""
            files[f"{st.directory}/{comp.name}.{st.suffix}-meta.xml"] = attributes_to_xml(comp.type, comp.attributes)
        else:
            files[f"{st.directory}/{comp.name}.{st.suffix}"] = attributes_to_xml(comp.type, comp.attributes)
    for obj in sorted(set(objects) | set(fields)):
        files[f"objects/{obj}.object"] = attributes_to_xml(
            MetadataType.CUSTOM_OBJECT, with_fields(objects.get(obj, {}), fields.get(obj))
        )
    return files


def members_of(components: Iterable[Component]) -> dict[str, list[str]]:
    members: dict[str, list[str]] = defaultdict(list)
    for comp in components:
        if comp.type in BY_TYPE:
            members[comp.type].append(comp.name)
    return dict(members)


def build_zip(files: Mapping[str, str | bytes]) -> bytes:
    buffer = io.BytesIO()
    with zipfile.ZipFile(buffer, "w", zipfile.ZIP_DEFLATED) as zf:
        for path in sorted(files):
            info = zipfile.ZipInfo(path, date_time=(2000, 1, 1, 0, 0, 0))  # fixed time: same input, same zip
            info.compress_type = zipfile.ZIP_DEFLATED
            zf.writestr(info, files[path])
    return buffer.getvalue()


def components_zip(components: Iterable[Component], api_version: str, deletes: Iterable[ComponentKey] = ()) -> bytes:
    """A complete Metadata API package (package.xml, files, destructiveChanges.xml if deletes)."""
    comps = list(components)
    files: dict[str, str | bytes] = dict(mdapi_files(comps))
    files["package.xml"] = package_xml(members_of(comps), api_version)
    gone: dict[str, list[str]] = defaultdict(list)
    for key in deletes:
        gone[key.type].append(key.name)
    if gone:
        files["destructiveChanges.xml"] = package_xml(gone, api_version)
    return build_zip(files)


def source_to_components(files: Iterable[GeneratedFile], package_root: str = "force-app/") -> list[Component]:
    """Generated SFDX files → components (middleware and unknown files are not deployable)."""
    metas: dict[ComponentKey, dict[str, Any]] = {}
    bodies: dict[ComponentKey, str] = {}
    for f in files:
        if not f.path.startswith(package_root):
            continue
        role = classify(PurePosixPath(f.path))
        if role is None:
            continue
        if role.is_meta:
            metas[role.key] = xml_to_attributes(f.content)[1]
        else:
            bodies[role.key] = f.content
    return [Component(k, metas.get(k, {}), bodies.get(k)) for k in sorted(set(metas) | set(bodies))]


def read_zip(data: bytes) -> tuple[list[Component], dict[str, list[str]], dict[str, list[str]]]:
    """An mdapi zip → (components, package.xml members, destructiveChanges members).

    Accepts a single-package zip (files at the root) or one folder deep (`unpackaged/...`).
    Raises ValueError for a zip or XML that cannot be read.
    """
    try:
        zf = zipfile.ZipFile(io.BytesIO(data))
    except zipfile.BadZipFile as exc:
        raise ValueError(f"not a zip file: {exc}") from None
    names = [n for n in zf.namelist() if not n.endswith("/")]
    prefix = ""
    if "package.xml" not in names:
        tops = {n.split("/", 1)[0] for n in names if "/" in n}
        if len(tops) == 1:
            prefix = tops.pop() + "/"
    texts = {n[len(prefix) :]: zf.read(n) for n in names if n.startswith(prefix)}
    package = parse_package_xml(texts["package.xml"]) if "package.xml" in texts else {}
    destructive: dict[str, list[str]] = {}
    for name in ("destructiveChanges.xml", "destructiveChangesPre.xml", "destructiveChangesPost.xml"):
        if name in texts:
            for type_, members in parse_package_xml(texts[name]).items():
                destructive.setdefault(type_, []).extend(members)
    components: list[Component] = []
    bodies: dict[ComponentKey, str] = {}
    metas: dict[ComponentKey, dict[str, Any]] = {}
    by_dir_suffix = {(t.directory, f".{t.suffix}"): t for t in SOURCE_TYPES}
    for path, raw in texts.items():
        p = PurePosixPath(path)
        if len(p.parts) != 2:
            continue
        directory, file_name = p.parts
        if file_name.endswith("-meta.xml"):
            st = by_dir_suffix.get((directory, PurePosixPath(file_name[: -len("-meta.xml")]).suffix))
            if st is not None and st.has_body:
                metas[ComponentKey(st.type, file_name[: -len(f".{st.suffix}-meta.xml")])] = xml_to_attributes(raw)[1]
            continue
        st = by_dir_suffix.get((directory, p.suffix))
        if st is None or st.type == MetadataType.CUSTOM_FIELD:
            continue
        if st.has_body:
            bodies[ComponentKey(st.type, p.stem)] = raw.decode("utf-8-sig")
        elif st.type == MetadataType.CUSTOM_OBJECT:
            listed = p.stem in package.get(MetadataType.CUSTOM_OBJECT, ())
            components.extend(split_object(p.stem, xml_to_attributes(raw)[1], listed))
        else:
            components.append(Component(ComponentKey(st.type, p.stem), xml_to_attributes(raw)[1]))
    for key in sorted(set(metas) | set(bodies)):
        components.append(Component(key, metas.get(key, {}), bodies.get(key)))
    return components, package, destructive
