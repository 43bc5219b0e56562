"""`source:DIR`: a Salesforce DX project on disk, taken as the org's state.

Reads every package directory named in sfdx-project.json (or DIR itself when there is none, as for
a Metadata API folder), whatever its nesting: classes in sub-folders with spaces, objects with or
without their .object-meta.xml, Apex files with or without -meta.xml, and Metadata-API-format
files (`objects/X.object` with fields inside, `X.namedCredential` without the -meta.xml suffix).
Files sfspec does not model (layouts, LWC, static resources…) are skipped.
"""

from __future__ import annotations

import json
import re
from collections.abc import Iterable, Iterator
from pathlib import Path

from sfspec.errors import OrgError
from sfspec.org.forceignore import ForceIgnore
from sfspec.org.mdapi import MDAPI_SUFFIXES, object_attributes, split_object
from sfspec.org.select import select
from sfspec.orgref import OrgKind, OrgRef
from sfspec.sfdx_format import BY_TYPE, classify, xml_to_attributes
from sfspec.state import ActualState, Component, ComponentKey, MetadataType, OrgFacts

_DIRECTORY = {t: st.directory for t, st in BY_TYPE.items()}
SKIPPED_DIRS = {"node_modules", ".sfdx", ".sf", ".git", "__tests__", "lwc", "aura", "staticresources"}


def _project_dirs(root: Path) -> tuple[list[Path], str | None]:
    config = root / "sfdx-project.json"
    if not config.is_file():
        return [root], None
    try:
        data = json.loads(config.read_text(encoding="utf-8-sig"))
    except json.JSONDecodeError as exc:
        raise OrgError(f"{config}:{exc.lineno}:{exc.colno}: sfdx-project.json is not valid JSON: {exc.msg}") from None
    except UnicodeDecodeError as exc:
        raise OrgError(f"{config}:1:1: sfdx-project.json is not UTF-8 ({exc.reason}); save it as UTF-8") from None
    except RecursionError:
        raise OrgError(f"{config}:1:1: sfdx-project.json is nested too deeply to be a project file") from None
    dirs = data.get("packageDirectories") if isinstance(data, dict) else None
    if not isinstance(dirs, list) or not all(isinstance(d, dict) and isinstance(d.get("path"), str) for d in dirs):
        raise OrgError(f'{config}: packageDirectories must be a list of {{"path": ...}} entries')
    found = [root / d["path"] for d in dirs if (root / d["path"]).is_dir()]
    if not found:
        names = ", ".join(d["path"] for d in dirs) or "(none)"
        raise OrgError(f"{config}: none of its packageDirectories exist ({names})")
    version = data.get("sourceApiVersion")
    return found, str(version) if version else None


def _files(package_dir: Path, root: Path, ignore: ForceIgnore) -> Iterator[Path]:
    for path in sorted(package_dir.rglob("*")):
        if (
            path.is_file()
            and not SKIPPED_DIRS.intersection(path.relative_to(package_dir).parts[:-1])
            and not ignore.ignores(path.relative_to(root).as_posix())
        ):
            yield path


def _mdapi_type(path: Path) -> str | None:
    """`objects/X.object`, `namedCredentials/X.namedCredential`: Metadata API format files."""
    type_ = MDAPI_SUFFIXES.get(path.suffix)
    return type_ if type_ is not None and path.parent.name == _DIRECTORY[type_] else None


def _body(path: Path) -> str:
    raw = path.read_bytes()
    try:
        return raw.decode("utf-8-sig")
    except UnicodeDecodeError as exc:
        line = raw[: exc.start].count(b"\n") + 1
        col = exc.start - (raw.rfind(b"\n", 0, exc.start) + 1) + 1
        raise OrgError(
            f"{path}:{line}:{col}: not valid UTF-8 (byte 0x{raw[exc.start]:02x}); save it as UTF-8"
        ) from None


def _parse(path: Path) -> dict:
    try:
        return xml_to_attributes(path.read_bytes())[1]
    except RecursionError:
        raise OrgError(f"{path}:1:1: XML nested too deeply to be Salesforce metadata") from None
    except ValueError as exc:  # "not well-formed XML: mismatched tag: line 3, column 2" (column 0-based)
        found = re.search(r"line (\d+), column (\d+)", str(exc))
        where = f"{path}:{found[1]}:{int(found[2]) + 1}" if found else f"{path}:1:1"
        raise OrgError(f"{where}: {exc} (fix the file or add it to .forceignore)") from None


def _read_package(package_dir: Path, root: Path, ignore: ForceIgnore) -> Iterable[Component]:
    metas: dict[ComponentKey, dict] = {}
    bodies: dict[ComponentKey, str] = {}
    extra: list[Component] = []
    for path in _files(package_dir, root, ignore):
        rel = path.relative_to(package_dir).as_posix()
        role = classify(rel)
        if role is not None:
            if role.is_meta:
                attrs = _parse(path)
                metas[role.key] = object_attributes(attrs) if role.key.type == MetadataType.CUSTOM_OBJECT else attrs
            else:
                bodies[role.key] = _body(path)
            continue
        mdapi_type = _mdapi_type(path)
        if mdapi_type == MetadataType.CUSTOM_OBJECT:
            extra.extend(split_object(path.stem, _parse(path)))
        elif mdapi_type is not None:
            extra.append(Component(ComponentKey(mdapi_type, path.stem), _parse(path)))
    for key in sorted(set(metas) | set(bodies)):
        yield Component(key, metas.get(key, {}), bodies.get(key))
    yield from extra


class SfdxProject:
    """An OrgReader over an SFDX project (or a Metadata API folder) on disk."""

    def __init__(self, root: Path) -> None:
        if not root.is_dir():
            raise OrgError(f"SFDX project {root} is not a folder")
        self.root = root
        self.origin = str(OrgRef.of_path(OrgKind.SOURCE, root))
        dirs, version = _project_dirs(root)
        components: dict[ComponentKey, Component] = {}
        ignore = ForceIgnore.load(root)
        for package_dir in dirs:
            for comp in _read_package(package_dir, root, ignore):
                components[comp.key] = comp
        self._components = components
        self._facts = OrgFacts(api_version=version or OrgFacts.api_version, instance=self.origin)

    def read(self, wanted: Iterable[ComponentKey], *, managed_types: Iterable[str] = ()) -> ActualState:
        return select(self._components.values(), wanted, managed_types, self._facts, self.origin)

    def read_all(self) -> ActualState:
        return ActualState(dict(self._components), facts=self._facts, origin=self.origin)
