"""sfdx_format.classify looks a file's suffix up by its last dotted part: it must name every path
exactly as trying each type's suffix in turn did (the definition, kept here)."""

from __future__ import annotations

import random
from pathlib import PurePosixPath

from sfspec.sfdx_format import SOURCE_TYPES, SourceFileRole, _parts, classify
from sfspec.state import ComponentKey, MetadataType


def by_each_suffix(path: str | PurePosixPath) -> SourceFileRole | None:
    parts = _parts(path)
    name = parts[-1] if parts else ""
    parent = parts[-2] if len(parts) >= 2 else ""
    for st in SOURCE_TYPES:
        suffix = f".{st.suffix}-meta.xml"
        if name.endswith(suffix):
            full = name[: -len(suffix)]
            if st.type == MetadataType.CUSTOM_FIELD:
                if parent != "fields" or len(parts) < 3:
                    return None
                full = f"{parts[-3]}.{full}"
            elif st.type == MetadataType.CUSTOM_OBJECT and parent != full:
                return None
            return SourceFileRole(ComponentKey(st.type, full), True) if full else None
    for st in SOURCE_TYPES:
        if st.has_body and name.endswith(f".{st.suffix}"):
            return SourceFileRole(ComponentKey(st.type, name[: -len(st.suffix) - 1]), False)
    return None


def test_classify_names_every_path_as_trying_each_suffix_did() -> None:
    rng = random.Random(68)
    stems = ["Account", "Foo__c", "Trigger_Action.Foo", "a.b.c", "", ".", "x-meta", "Ä__c", "md", "cls"]
    suffixes = [f".{t.suffix}" for t in SOURCE_TYPES] + [".xml", ".Cls", ".object", ".fieldx", "", "."]
    suffixes += [s + "-meta.xml" for s in suffixes] + ["-meta.xml", "-meta.xml.cls", "meta.xml"]
    folders = ["force-app/main/default/classes", "objects/Foo__c", "objects/Foo__c/fields", "fields", "", "/abs/fields"]
    folders += ["a//b/fields", "./objects/Account", "objects/Account/./fields"]
    paths: list[str | PurePosixPath] = []
    for _ in range(4000):
        stem = rng.choice(stems)
        folder = rng.choice([*folders, f"objects/{stem}"])
        name = stem + rng.choice(suffixes)
        path = f"{folder}/{name}" if folder else name
        paths.append(PurePosixPath(path) if rng.random() < 0.2 else path)
    found = {by_each_suffix(p) is not None for p in paths}
    assert found == {True, False}
    for path in paths:
        assert classify(path) == by_each_suffix(path), path
