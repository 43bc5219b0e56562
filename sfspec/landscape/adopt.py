"""`sfspec adopt`: take existing org objects and fields under management as a reviewed spec change.

Adoption is a patch to the spec, not to the org: for each named object or field, the org's
definition is written into the spec (what the spec language models: type, label, description,
formula, roll-up, lengths…) with `manage: adopt`, in the file that already declares the object (or
the one that declares `objects:`), keeping every comment and the canonical layout. The next plan
shows each as an adoption (`<=`), and applying it marks the component as sfspec's while every
attribute the spec does not model stays as the org has it.
"""

from __future__ import annotations

import io
import re
from collections.abc import Iterable
from dataclasses import dataclass
from typing import Any

from ruamel.yaml.comments import CommentedMap

from sfspec.codes import Code
from sfspec.diagnostics import Diagnostics
from sfspec.fmt import canonical_text
from sfspec.landscape.importer.fields import Skipped, convert, text
from sfspec.load.document import SpecDocument
from sfspec.load.roundtrip import new_yaml
from sfspec.model import salesforce_system
from sfspec.model.existing import Manage
from sfspec.model.patterns import API_NAME_PATTERN
from sfspec.model.spec import Spec
from sfspec.state import ActualState, Component, ComponentKey, MetadataType

_NAME = re.compile(API_NAME_PATTERN)
_OBJECT_KEYS = (("label", "label", 255), ("plural_label", "pluralLabel", 255), ("description", "description", 4000))


@dataclass(frozen=True)
class Adoption:
    key: ComponentKey
    file: str  # the spec file written
    written: tuple[str, ...]  # spec keys set


def parse_target(target: str) -> ComponentKey | None:
    """`Obj`, `Obj.Field`, `CustomObject:Obj` or `CustomField:Obj.Field` → its key, else None."""
    kind, sep, name = target.partition(":")
    if not sep:
        kind, name = (MetadataType.CUSTOM_FIELD if "." in target else MetadataType.CUSTOM_OBJECT), target
    if kind == MetadataType.CUSTOM_FIELD and name.count(".") == 1 and all(_NAME.match(p) for p in name.split(".")):
        return ComponentKey(MetadataType.CUSTOM_FIELD, name)
    if kind == MetadataType.CUSTOM_OBJECT and "." not in name and _NAME.match(name):
        return ComponentKey(MetadataType.CUSTOM_OBJECT, name)
    return None


def _found(state: ActualState, key: ComponentKey) -> Component | None:
    """The org's component, under the org's own spelling of the name."""
    return state.get(key) or next(
        (c for k, c in state.components.items() if k.type == key.type and k.name.lower() == key.name.lower()), None
    )


def _file_for(doc: SpecDocument, obj: str) -> str:
    """The spec file that declares `objects.<obj>`, else the one holding `objects:`, else the first."""
    objects = doc.root.get("objects")
    if isinstance(objects, dict):
        if obj in objects:
            return doc.key_origins.get((id(objects), obj), doc.origins.get(id(objects[obj]), doc.primary_path))
        return doc.origins.get(id(objects), doc.primary_path)
    return doc.primary_path


def _mapping(parent: Any, key: str) -> CommentedMap:
    node = parent.get(key)
    if not isinstance(node, CommentedMap):
        node = CommentedMap()
        parent[key] = node
    return node


def _object_entry(data: CommentedMap, obj: str, owner: str) -> CommentedMap:
    objects = _mapping(data, "objects")
    if obj not in objects or not isinstance(objects[obj], CommentedMap):
        objects[obj] = CommentedMap([("owner", owner)])
    return objects[obj]


def _fill(entry: CommentedMap, values: Iterable[tuple[str, Any]], first: bool = False) -> list[str]:
    """Set what the spec does not say yet (a value the spec already holds is the author's choice);
    `first`: new keys go before the existing ones (an object's label above its fields)."""
    written: list[str] = []
    for key, value in values:
        if key not in entry:
            entry.insert(len(written) if first else len(entry), key, value)
            written.append(key)
    if entry.get("manage") != Manage.adopt:
        entry["manage"] = Manage.adopt.value  # plain text: the YAML writer knows no enums
        written.append("manage")
    return written


def _adopt_one(data: CommentedMap, comp: Component, owner: str, declared: set[str]) -> list[str] | str:
    if comp.type == MetadataType.CUSTOM_OBJECT:
        entry = _object_entry(data, comp.name, owner)
        values = [(k, text(comp.attributes.get(attr), limit)) for k, attr, limit in _OBJECT_KEYS]
        return _fill(entry, [(k, v) for k, v in values if v], first=True)
    obj, field = comp.name.split(".", 1)
    converted = convert(obj, field, comp.attributes)
    if isinstance(converted, Skipped):
        return converted.reason
    fields = _mapping(_object_entry(data, obj, owner), "fields")
    if field not in fields or not isinstance(fields[field], CommentedMap):
        fields[field] = CommentedMap()
    target = converted.get("reference_to")
    if target and target not in declared:  # a relationship names its target: the spec must declare it
        _object_entry(data, str(target), owner)
        declared.add(str(target))
    return _fill(fields[field], converted.items())


def adopt(
    doc: SpecDocument, spec: Spec, state: ActualState, keys: Iterable[ComponentKey]
) -> tuple[dict[str, str], list[Adoption], Diagnostics]:
    """New text for each spec file the adoptions touch, and what was adopted; nothing is written."""
    diags = Diagnostics()
    owner = salesforce_system(spec) or "salesforce"
    loaded: dict[str, CommentedMap] = {}
    declared = set(spec.objects)
    adopted: list[Adoption] = []
    for key in keys:
        comp = _found(state, key)
        if comp is None:
            diags.error(
                Code.SFS040, f"{key} does not exist in the org; there is nothing to adopt", None, "check the name"
            )
            continue
        if comp.managed:
            diags.warning(Code.SFS041, f"{comp.key} is managed by sfspec already; nothing to adopt", None)
            continue
        file = _file_for(doc, comp.name.split(".", 1)[0])
        if file not in loaded:
            source = next(f for f in doc.files if f.path == file)
            loaded[file] = new_yaml(preserve_quotes=True).load(io.StringIO(source.text))
        done = _adopt_one(loaded[file], comp, owner, declared)
        if isinstance(done, str):
            diags.error(Code.SFS042, f"{comp.key} cannot be adopted: {done}", None, "declare it by hand")
            continue
        adopted.append(Adoption(comp.key, file, tuple(done)))
    return {file: canonical_text(data) for file, data in loaded.items()}, adopted, diags
