"""`source:DIR`: a Salesforce DX project on disk, taken as the org's state.

Reads every package directory named in sfdx-project.json (or DIR itself when there is none, as for
a Metadata API folder), whatever its nesting: classes in sub-folders with spaces, objects with or
without their .object-meta.xml, Apex files with or without -meta.xml, and Metadata-API-format
files (`objects/X.object` with fields inside, `X.namedCredential` without the -meta.xml suffix).
Files sfspec does not model (layouts, LWC, static resources…) are skipped.

Reading is lazy: opening indexes the files by component (names only), and `read` parses the
wanted components plus those of the managed types whose files carry the managed marker — a plan
of 5 objects against a project of 2,000 parses about 5 objects' files, not 60,000 (bench/org.py
compares it with Salesforce's source-deploy-retrieve). A broken file is reported when it is read.
"""

from __future__ import annotations

import json
import os
import re
import stat
from collections.abc import Callable, Iterable, Iterator
from pathlib import Path

from sfspec.errors import OrgError
from sfspec.org.forceignore import ForceIgnore
from sfspec.org.inventory import inventory_of
from sfspec.org.mdapi import MDAPI_SUFFIXES, object_attributes, split_object
from sfspec.org.select import fold
from sfspec.orgref import OrgKind, OrgRef
from sfspec.sfdx_format import BY_TYPE, classify, xml_to_attributes
from sfspec.state import MANAGED_MARKER, ActualState, Component, ComponentKey, MetadataType, OrgFacts

_DIRECTORY = {t: st.directory for t, st in BY_TYPE.items()}
MAX_FILE_BYTES = 64 * 1024 * 1024
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


def _files(package_dir: Path, root: Path, ignore: ForceIgnore) -> Iterator[tuple[str, str]]:
    """(path, POSIX path relative to `package_dir`) of every file, in path order. Strings, not
    Path.rglob's path objects, which were a third of reading a big project. Like rglob, symlinked
    folders are not descended into; symlinked files are read."""
    found: list[tuple[list[str], str, str]] = []
    base = str(package_dir)
    prefix = package_dir.relative_to(root).as_posix() if package_dir != root else ""

    def ignored(rel: str) -> bool:
        return ignore.ignores(f"{prefix}/{rel}" if prefix else rel)

    def unreadable(exc: OSError) -> None:  # os.walk would skip such a folder without a word
        rel = os.path.relpath(exc.filename or base, base).replace(os.sep, "/")
        if rel == "." or not ignored(rel):
            raise OrgError(
                f"{exc.filename or base}: cannot read folder ({exc.strerror or exc}); "
                "make it readable or add it to .forceignore"
            )

    # os.scandir, not os.walk: a folder's entries say from the listing whether each is a regular
    # file, where os.walk's names needed a stat each (a tenth of reading a big project)
    folders = [(base, "")]
    while folders:
        folder, rel_dir = folders.pop()
        try:
            with os.scandir(folder) as listing:
                entries = list(listing)
        except OSError as exc:
            unreadable(exc)
            continue
        for entry in entries:
            rel = rel_dir + entry.name
            if _is(entry.is_dir):  # a symlinked folder is not descended into (os.walk's default)
                if not entry.is_symlink() and entry.name not in SKIPPED_DIRS:
                    folders.append((entry.path, rel + "/"))
                continue
            if not _is(entry.is_file):
                # A pipe, device, dangling link or link loop where a component's file belongs:
                # skipping it would plan that component as absent (a create over what the org has).
                if not ignored(rel) and (classify(rel) is not None or _mdapi_type(Path(rel)) is not None):
                    raise OrgError(f"{entry.path}:1:1: {_not_regular(entry.path)}")
                continue
            if ignored(rel):
                continue
            found.append((rel.split("/"), rel, entry.path))
    found.sort()
    for _, rel, path in found:
        yield path, rel


def _is(test: Callable[[], bool]) -> bool:
    """A DirEntry test, False where following a link fails (a loop), as os.path.isfile says."""
    try:
        return test()
    except OSError:
        return False


def _not_regular(path: str) -> str:
    what = "a device, pipe or socket" if os.path.exists(path) else "a link to nothing, or a link loop"
    return f"not a regular file ({what}); replace it with the metadata file or add it to .forceignore"


def _read(path: str | Path) -> bytes:
    """A metadata file's bytes, bounded: nothing Salesforce stores in one file comes near the limit."""
    try:
        with open(path, "rb") as handle:
            if not stat.S_ISREG(os.fstat(handle.fileno()).st_mode):  # replaced since the walk
                raise OrgError(f"{path}:1:1: {_not_regular(str(path))}")
            raw = handle.read(MAX_FILE_BYTES + 1)
    except OSError as exc:
        raise OrgError(
            f"{path}:1:1: cannot read file ({exc.strerror or exc}); make it readable or add it to .forceignore"
        ) from None
    if len(raw) > MAX_FILE_BYTES:
        raise OrgError(f"{path}:1:1: file is larger than {MAX_FILE_BYTES:,} bytes; no metadata file is this large")
    return raw


def _mdapi_type(path: Path) -> str | None:
    """`objects/X.object`, `namedCredentials/X.namedCredential`: Metadata API format files."""
    type_ = MDAPI_SUFFIXES.get(path.suffix)
    return type_ if type_ is not None and path.parent.name == _DIRECTORY[type_] else None


def _body(path: str | Path) -> str:
    raw = _read(path)
    try:
        return raw.decode("utf-8-sig")
    except UnicodeDecodeError as exc:
        line = raw[: exc.start].count(b"\n") + 1
        col = exc.start - (raw.rfind(b"\n", 0, exc.start) + 1) + 1
        raise OrgError(
            f"{path}:{line}:{col}: not valid UTF-8 (byte 0x{raw[exc.start]:02x}); save it as UTF-8"
        ) from None


def _parse(path: str | Path) -> dict:
    try:
        return xml_to_attributes(_read(path))[1]
    except RecursionError:
        raise OrgError(f"{path}:1:1: XML nested too deeply to be Salesforce metadata") from None
    except ValueError as exc:  # "not well-formed XML: mismatched tag: line 3, column 2" (column 0-based)
        found = re.search(r"line (\d+), column (\d+)", str(exc))
        where = f"{path}:{found[1]}:{int(found[2]) + 1}" if found else f"{path}:1:1"
        raise OrgError(f"{where}: {exc} (fix the file or add it to .forceignore)") from None


class _SourceFiles:
    """The files of one source-format component, read when asked for."""

    __slots__ = ("body", "meta")

    def __init__(self) -> None:
        self.meta: str | None = None
        self.body: str | None = None

    def may_be_managed(self) -> bool:
        """False only when neither file can hold the managed marker. Raw bytes are searched; an
        XML character reference (`&#77;anaged…`) or a non-UTF-8 encoding could hide it, so those
        files count as candidates and get parsed."""
        for path in (self.meta, self.body):
            if path is not None:
                raw = _read(path)
                if _MARKER in raw or b"&#" in raw or b"\x00" in raw:
                    return True
        return False

    def component(self, key: ComponentKey) -> Component:
        attrs = _parse(self.meta) if self.meta is not None else {}
        if key.type == MetadataType.CUSTOM_OBJECT and self.meta is not None:
            attrs = object_attributes(attrs)
        return Component(key, attrs, _body(self.body) if self.body is not None else None)


_MARKER = MANAGED_MARKER.encode()
Source = _SourceFiles | Component  # a source-format file pair, or a component parsed from a Metadata API file


def _index_package(package_dir: Path, root: Path, ignore: ForceIgnore) -> Iterable[tuple[ComponentKey, Source]]:
    """Every component of a package folder, in the order the files would override each other:
    source-format components by key, then those of Metadata API files (parsed now: one file holds
    an object and all its fields, and such folders are rare)."""
    files: dict[ComponentKey, _SourceFiles] = {}
    extra: list[Component] = []
    for name, rel in _files(package_dir, root, ignore):
        role = classify(rel)
        if role is not None:
            entry = files.setdefault(role.key, _SourceFiles())
            if role.is_meta:
                entry.meta = name
            else:
                entry.body = name
            continue
        path = Path(name)  # a Metadata API file, or none sfspec reads: rare
        mdapi_type = _mdapi_type(path)
        if mdapi_type == MetadataType.CUSTOM_OBJECT:
            extra.extend(split_object(path.stem, _parse(path)))
        elif mdapi_type is not None:
            extra.append(Component(ComponentKey(mdapi_type, path.stem), _parse(path)))
    for key in sorted(files):
        yield key, files[key]
    for comp in extra:
        yield comp.key, comp


class SfdxProject:
    """An OrgReader over an SFDX project (or a Metadata API folder) on disk."""

    def __init__(self, root: Path) -> None:
        if not root.is_dir():
            raise OrgError(f"SFDX project {root} is not a folder")
        self.root = root
        self.origin = str(OrgRef.of_path(OrgKind.SOURCE, root))
        dirs, version = _project_dirs(root)
        index: dict[ComponentKey, Source] = {}
        ignore = ForceIgnore.load(root)
        for package_dir in dirs:
            index.update(_index_package(package_dir, root, ignore))
        self._index = index
        self._facts = OrgFacts(api_version=version or OrgFacts.api_version, instance=self.origin)

    def _component(self, key: ComponentKey) -> Component:
        source = self._index[key]
        return source if isinstance(source, Component) else source.component(key)

    def read(self, wanted: Iterable[ComponentKey], *, managed_types: Iterable[str] = ()) -> ActualState:
        managed = set(managed_types)
        folded: dict[tuple[str, str], list[ComponentKey]] = {}
        for key in self._index:  # Salesforce names ignore case: the org's spelling comes back (select.py)
            folded.setdefault(fold(key), []).append(key)
        chosen = {k: self._component(k) for w in set(wanted) for k in folded.get(fold(w), ())}
        owned: dict[ComponentKey, bool] = {k: c.managed for k, c in chosen.items()}
        triggers: list[Component] = [c for c in chosen.values() if c.type == MetadataType.APEX_TRIGGER]
        for key, source in self._index.items():
            if key in chosen:
                continue
            if isinstance(source, Component):
                comp: Component | None = source
            elif key.type == MetadataType.APEX_TRIGGER or source.may_be_managed():
                comp = source.component(key)  # a trigger's header is needed whoever owns it
            else:
                comp = None  # neither file holds the marker: unmanaged, known without parsing
            owned[key] = comp is not None and comp.managed
            if comp is not None and comp.type == MetadataType.APEX_TRIGGER:
                triggers.append(comp)
            if comp is not None and key.type in managed and comp.managed:
                chosen[key] = comp
        return ActualState(
            chosen, facts=self._facts, origin=self.origin, inventory=inventory_of(triggers, names_managed=owned)
        )

    def read_all(self) -> ActualState:
        return ActualState({k: self._component(k) for k in self._index}, facts=self._facts, origin=self.origin)
