"""Which files make up a spec, and which spec a path belongs to (before anything is parsed).

A folder spec is the YAML files below it, except:
- dot-files and dot-folders (`.github/`, `.pre-commit-config.yaml`, `.venv/`);
- sfspec's own output: a folder holding the out/ marker (`.sfspec-out`, whatever the folder is
  called) and `out/` at the top of the spec folder;
- paths matched by the folder's `.gitignore` and `.sfspecignore` (gitignore syntax, read in that
  order, so `.sfspecignore` may re-include with `!pattern`);
- subfolders that hold a root file (`sfspec: 1`) of their own: those are separate specs.
Of what is left, a file joins the spec only when it holds an sfspec section (`SECTIONS` below);
load.py decides that after parsing, with `holds_sections`.
"""

from __future__ import annotations

import difflib
import os
import re
import stat
from collections.abc import Callable, Iterable, Mapping
from pathlib import Path
from typing import Protocol

SPEC_SUFFIXES = (".yaml", ".yml")
OUT_MARKER = ".sfspec-out"  # written by sfspec.apply.outdir into every folder it owns
IGNORE_FILES = (".gitignore", ".sfspecignore")
DEFAULT_EXCLUDES = (".*", "/out/")
# The spec language's top-level keys: a parsed file of a folder spec joins it when it has one.
SECTIONS = ("sfspec", "name", "description", "salesforce", "systems", "objects", "flows", "environments", "waivers")
# Before parsing, in files anywhere in a repository: `name:` and `description:` are everywhere
# (workflows, charts, compose files), so only the keys no other format uses identify a spec file.
_DISTINCT = ("sfspec", "salesforce", "systems", "objects", "flows", "environments", "waivers")
DEFAULT_SPECS = ("sfspec.yaml", "sfspec.yml", "spec", "specs")
_ROOT_LINE = re.compile(r"^sfspec[ \t]*:", re.MULTILINE)
_SECTION_LINE = re.compile(rf"^(?:{'|'.join(_DISTINCT)})[ \t]*:", re.MULTILINE)


class Ignored(Protocol):
    def match_file(self, file: str) -> bool: ...


class _DefaultExcludes:
    """DEFAULT_EXCLUDES matched as gitignore matches them, for a folder without ignore files (the
    usual spec folder): importing pathspec was ~4 % of a `validate`. A path (relative, POSIX, a
    folder with a trailing /) is excluded when one of its names starts with a dot (`.*`), or when it
    is the top-level out/ folder or inside it (`/out/`). tests/unit/test_discover.py compares it
    with pathspec's GitIgnoreSpec of DEFAULT_EXCLUDES."""

    def match_file(self, file: str) -> bool:
        file = file[1:] if file.startswith("/") else file.removeprefix("./")  # as pathspec normalises it
        names = file.split("/")
        return (names[0] == "out" and len(names) > 1) or any(name.startswith(".") for name in names)


def ignore_spec(folder: Path) -> Ignored:
    lines = list(DEFAULT_EXCLUDES)
    for name in IGNORE_FILES:
        try:
            lines += (folder / name).read_text(encoding="utf-8", errors="replace").splitlines()
        except OSError:
            continue
    if len(lines) == len(DEFAULT_EXCLUDES):
        return _DefaultExcludes()
    import pathspec  # only for a folder with its own ignore patterns

    return pathspec.GitIgnoreSpec.from_lines(lines)


def spec_files(path: Path) -> list[Path]:
    """The candidate files of a spec: the file itself, or the YAML files of a folder that no rule
    above excludes. Not `is_file()`: a pipe, device or dangling link named *.yaml is returned, so
    the loader reports it instead of skipping it silently."""
    if not path.is_dir():
        return [path]
    ignored = ignore_spec(path)
    found: list[Path] = []
    for here, dirs, files in os.walk(path):
        rel = Path(here).relative_to(path)
        kept = []
        for d in sorted(dirs):
            if _part_of_spec(path, rel / d, ignored):
                kept.append(d)
        dirs[:] = kept  # os.walk does not descend into what is dropped here
        for name in files:
            if Path(name).suffix in SPEC_SUFFIXES and not ignored.match_file((rel / name).as_posix()):
                found.append(path / rel / name)
    return sorted(found)


def keeper(spec: Path) -> Callable[[Path, bool], bool]:
    """For sfspec.load.folder's walk: whether a path relative to the folder spec `spec` (a folder when
    the flag says so) is part of it, by the rules above."""
    ignored = ignore_spec(spec)

    def keep(rel: Path, is_dir: bool) -> bool:
        return _part_of_spec(spec, rel, ignored) if is_dir else not ignored.match_file(rel.as_posix())

    return keep


def _part_of_spec(spec: Path, rel: Path, ignored: Ignored) -> bool:
    """Whether the subfolder `rel` of a folder spec belongs to it (see the module docstring)."""
    sub = spec / rel
    if (sub / OUT_MARKER).exists() or ignored.match_file(rel.as_posix() + "/"):
        return False
    return not any(is_root_file(p) for p in _yaml_files(sub))  # its own `sfspec: 1`: a spec of its own


def holds_sections(data: Mapping[str, object]) -> bool:
    """A parsed file belongs to the spec when a top-level key is a section no other format uses,
    or nearly one (`sytems:` is a typo to report, SFS010, not a file to skip), or when every key is
    a spec key (`name: x` alone). A compose file's `name:` beside `services:` does not count."""
    keys = [k for k in data if isinstance(k, str)]
    near = any(k in _DISTINCT or difflib.get_close_matches(k, _DISTINCT, n=1, cutoff=0.8) for k in keys)
    return near or (bool(keys) and all(k in SECTIONS for k in keys))


def _text(path: Path, limit: int = 1 << 20) -> str:
    """The start of a regular file; "" for anything else. A pipe named *.yaml would block an open
    for reading (no writer) and a read of a device need not end: the loader reports those by name."""
    try:
        fd = os.open(path, os.O_RDONLY | os.O_NONBLOCK)
    except OSError:
        return ""
    with os.fdopen(fd, "rb") as handle:
        try:
            if not stat.S_ISREG(os.fstat(fd).st_mode):
                return ""
            return handle.read(limit).decode("utf-8", errors="replace")
        except OSError:
            return ""


def is_root_file(path: Path) -> bool:
    """A file that starts a spec: `sfspec: 1` at the top level (block style, as every spec sfspec
    writes or documents has it)."""
    return path.suffix in SPEC_SUFFIXES and bool(_ROOT_LINE.search(_text(path)))


def has_spec_sections(path: Path) -> bool:
    return path.suffix in SPEC_SUFFIXES and bool(_SECTION_LINE.search(_text(path)))


def default_spec(folder: Path) -> Path | None:
    """The spec to use when none is named: sfspec.yaml, sfspec.yml, spec/ or specs/ here, else
    this folder itself when one of its YAML files is a root file (`sfspec: 1`). A spec/ or specs/
    folder that only holds specs of its own (specs/landscape/, specs/examples/*.yaml) stands for
    the one spec in it; with several, None (`specs_in` names them)."""
    for name in DEFAULT_SPECS:
        candidate = folder / name
        if candidate.is_dir() and not spec_files(candidate):
            inside = specs_in(candidate)
            return inside[0] if len(inside) == 1 else None
        if candidate.exists():
            return candidate
    if any(is_root_file(p) for p in sorted(folder.iterdir()) if p.is_file()):
        return folder
    return None


def specs_in(folder: Path) -> list[Path]:
    """The specs one level inside a folder: each subfolder with one root file is a spec, and each
    root file of a subfolder holding several (a folder of examples) is one."""
    found: list[Path] = []
    try:
        subs = sorted(d for d in folder.iterdir() if d.is_dir() and not d.name.startswith("."))
    except OSError:
        return []
    for sub in subs:
        roots = [p for p in _yaml_files(sub) if is_root_file(p)]
        found += [sub] if len(roots) == 1 else roots
    return sorted(found, key=lambda p: (p.is_file(), p))  # folder specs first: they are the likelier pick


def spec_of(path: Path) -> Path | None:
    """The spec a given path belongs to (for hooks that pass changed files one by one): a folder
    is its own spec; a file is part of the folder spec above it whose folder holds exactly one
    root file (`sfspec: 1`), else its own spec when it is a root file (a folder of examples, one
    spec per file); None for a YAML file that is no part of any spec."""
    if path.is_dir():
        return path
    if not has_spec_sections(path):
        return None
    for candidate in [path.parent, *path.parent.parents]:
        roots = [p for p in _yaml_files(candidate) if is_root_file(p)]
        if len(roots) == 1 and (roots != [path] or _has_section_files(candidate, path)):
            return candidate if _member(candidate, path) else None
        if roots:
            break  # several specs side by side, or a lone root file: the file is its own spec
    return path


def _member(spec: Path, path: Path) -> bool:
    """Whether `path` is one of `spec_files(spec)`, without walking the folder."""
    ignored = ignore_spec(spec)
    rel = path.relative_to(spec)
    folders = [Path(*rel.parts[:i]) for i in range(1, len(rel.parts))]
    return all(_part_of_spec(spec, f, ignored) for f in folders) and not ignored.match_file(rel.as_posix())


def _has_section_files(folder: Path, root: Path) -> bool:
    """Whether a root file has company: another file of the folder's spec beside it or one folder
    down (`flows/`). Not deeper: a lone `sfspec.yaml` at the top of a repository must not take in
    every fixture or example below it (`sfspec validate FOLDER` still reads all of a folder)."""
    ignored = ignore_spec(folder)
    near = [p for p in _yaml_files(folder) if p != root]
    try:
        subs = sorted(d for d in folder.iterdir() if d.is_dir())
    except OSError:
        subs = []
    for sub in subs:
        if _part_of_spec(folder, Path(sub.name), ignored):
            near += _yaml_files(sub)
    return any(has_spec_sections(p) and not ignored.match_file(p.relative_to(folder).as_posix()) for p in near)


def _yaml_files(folder: Path) -> Iterable[Path]:
    try:
        return sorted(p for p in folder.iterdir() if p.suffix in SPEC_SUFFIXES and p.is_file())
    except OSError:
        return []
