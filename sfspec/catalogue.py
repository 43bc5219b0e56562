"""What the platform itself defines: standard objects, their fields, CDC support, read-only fields.

The standard catalogue is package data (catalogue/standard-objects.json, derived from the
BSD-3-licensed sobject-types stubs, API 61; see catalogue/README.md). An org read extends it with
the org's own objects and fields (`Catalogue.extend`), so rules can ask one question whatever
declares the object: the platform, the spec, or the org.
"""

from __future__ import annotations

import json
import re
from collections.abc import Iterable, Iterator, Mapping
from dataclasses import dataclass, field
from functools import cache
from types import MappingProxyType
from typing import Any

from sfspec.resources import catalogue_path

# Suffixes of object kinds that can never have a Change Data Capture entity.
_NO_CDC_SUFFIXES = ("__mdt", "__e", "__x", "__b", "ChangeEvent")


@dataclass(frozen=True)
class FieldInfo:
    name: str
    type: str  # Apex type (String, Id, Decimal, Datetime, Address, ...)
    read_only: str | None = None  # why: formula, roll_up, auto_number, compound, audit, system
    required: bool = False  # a create must set it


@dataclass(frozen=True)
class ObjectInfo:
    name: str
    fields: Mapping[str, FieldInfo] = field(default_factory=dict)
    cdc: bool = False  # has a <Object>ChangeEvent entity
    source: str = "standard"  # standard | org

    def field(self, name: str) -> FieldInfo | None:
        return self.fields.get(name)


@dataclass(frozen=True)
class Catalogue:
    """Objects by API name. Entries of the packaged file become ObjectInfo only when asked for: the
    file holds 3,256 objects and a validate run looks at a handful."""

    api_version: str
    _raw: Mapping[str, Mapping[str, object]] = field(default_factory=dict, repr=False)
    _system: Mapping[str, str] = field(default_factory=dict, repr=False)
    _extra: Mapping[str, ObjectInfo] = field(default_factory=dict, repr=False)
    _built: dict[str, ObjectInfo] = field(default_factory=dict, repr=False, compare=False)

    def names(self) -> list[str]:
        return sorted({*self._raw, *self._extra})

    def object(self, name: str) -> ObjectInfo | None:
        if name in self._extra:
            return self._extra[name]
        if name not in self._built and name in self._raw:
            self._built[name] = _object(name, self._raw[name], self._system)
        return self._built.get(name)

    def field(self, obj: str, name: str) -> FieldInfo | None:
        info = self.object(obj)
        return info.fields.get(name) if info else None

    def supports_cdc(self, obj: str) -> bool | None:
        """True/False when known; None for an object neither the platform nor the org declares."""
        if obj.endswith(_NO_CDC_SUFFIXES):
            return False
        if obj.endswith("__c"):
            return True  # every custom object can be selected for Change Data Capture
        info = self.object(obj)
        return None if info is None else info.cdc

    def extend(self, objects: Iterable[ObjectInfo]) -> Catalogue:
        """This catalogue plus objects read from an org; an org's object adds fields to the standard one."""
        extra = dict(self._extra)
        for obj in objects:
            old = self.object(obj.name) if obj.name not in extra else extra[obj.name]
            if old is None:
                extra[obj.name] = obj
            else:
                fields = {**obj.fields, **old.fields}  # the platform's properties win for standard fields
                extra[obj.name] = ObjectInfo(obj.name, MappingProxyType(fields), old.cdc or obj.cdc, old.source)
        return Catalogue(self.api_version, self._raw, self._system, MappingProxyType(extra))


def _object(name: str, entry: Mapping[str, Any], system: Mapping[str, str]) -> ObjectInfo:
    # one object of the catalogue JSON (package data written by build_catalogue.py)
    read_only: Mapping[str, str] = entry.get("read_only", {})
    required = set(entry.get("required", []))
    fields = {f: FieldInfo(f, t, read_only.get(f) or system.get(f), f in required) for f, t in entry["fields"].items()}
    return ObjectInfo(name, MappingProxyType(fields), bool(entry.get("cdc", False)))


# build_catalogue.py writes the objects last, one a line: `"Name":{...},` after this line.
_OBJECTS_START = ',\n "objects": {\n'
_OBJECT_LINE = re.compile(r'^("(?:[^"\\]|\\.)*"):\{', re.MULTILINE)


class _PackagedObjects(Mapping[str, Mapping[str, object]]):
    """The packaged file's objects, each parsed from its own line when first asked for: parsing the
    whole 1.5 MB file took most of a `validate` of a spec that names a handful of objects."""

    def __init__(self, text: str, start: int) -> None:
        self._text = text
        self._start = start
        self._parsed: dict[str, Mapping[str, object] | None] = {}

    def __getitem__(self, name: str) -> Mapping[str, object]:
        if name not in self._parsed:
            self._parsed[name] = self._parse(name)
        entry = self._parsed[name]
        if entry is None:
            raise KeyError(name)
        return entry

    def _parse(self, name: str) -> Mapping[str, object] | None:
        key = json.dumps(name)  # spelt as the generator spells it
        at = self._text.find(f"\n{key}:{{", self._start - 1)
        if at < 0:
            return None
        end = self._text.find("\n", at + 1)
        line = self._text[at + 1 : end].removesuffix(",")
        entry: Mapping[str, object] = json.loads("{" + line + "}")[name]
        return entry

    def __iter__(self) -> Iterator[str]:
        body = self._text[self._start :]
        return (json.loads(m[1]) for m in _OBJECT_LINE.finditer(body))

    def __len__(self) -> int:
        return sum(1 for _ in self)


def _packaged(text: str) -> tuple[dict[str, Any], Mapping[str, Mapping[str, object]]]:
    """(the file's other keys, its objects). A file not laid out one object a line (edited by hand,
    or written by another tool) is parsed whole: slower, same answers."""
    split = text.find(_OBJECTS_START)
    if split < 0:
        doc = json.loads(text)
        return doc, doc["objects"]
    head: dict[str, Any] = json.loads(text[:split] + "}")
    return head, _PackagedObjects(text, split + len(_OBJECTS_START))


@cache
def standard() -> Catalogue:
    """The platform's objects (loaded once per process; read-only)."""
    head, objects = _packaged(catalogue_path().read_text(encoding="utf-8"))
    return Catalogue(head["api_version"], objects, head["system_fields"])
