"""Stage 1: read spec files into one SpecDocument that remembers where every value came from.

A spec is one YAML file or a folder of them; top-level sections (systems, objects, flows, …) are
merged entry by entry (merge.py), and every entry keeps the file and line it was written on
(document.py). Each file passes the hostile-input guards (guards.py) first. Nothing here raises on
bad input: problems come back as Diagnostics with a file:line:col.

Files are read by libyaml (positioned.py) into plain data and a table of positions; a file it does
not read exactly as ruamel would (errors, tags, aliases, …) is read by ruamel's round-trip loader
and converted to the same two things.
"""

from __future__ import annotations

import os
from collections.abc import Sequence
from pathlib import Path

from sfspec.codes import Code
from sfspec.diagnostics import Diagnostics, SourceRange
from sfspec.discover import holds_sections, keeper
from sfspec.load import folder, guards
from sfspec.load.document import SourceFile, SpecDocument
from sfspec.load.guards import MAX_EXPANDED_NODES
from sfspec.load.merge import merge
from sfspec.load.positioned import Positions, Unsupported, compose_plain

SPEC_SUFFIXES = folder.SPEC_SUFFIXES


def spec_files(path: Path, diags: Diagnostics) -> list[Path]:
    """The spec's files: which ones, by sfspec.discover's rules (no out/, dot-folders, ignored paths
    or nested specs); a folder that breaks a limit of `folder` is reported, not read."""
    if not path.is_dir():
        return [path]
    # Not only regular files: a pipe, device or dangling link named *.yaml is reported, not skipped.
    found = folder.walk(path, keeper(path))
    for problem in found.problems:
        diags.error(Code.SFS007, problem.message, SourceRange.at(display_path(problem.path), 1, 1), problem.hint)
    return [] if found.problems else found.files


def display_path(path: Path) -> str:
    try:
        shown = str(path.resolve().relative_to(Path.cwd().resolve()))
    except (ValueError, RuntimeError, OSError):  # outside the cwd, or a symlink loop (RuntimeError)
        shown = str(path)
    return printable_name(shown)


def printable_name(name: str) -> str:
    """A path as text: bytes that are not UTF-8 (surrogate escapes) shown as `\\xff`."""
    return os.fsencode(name).decode("utf-8", "backslashreplace")


def load_file(path: Path, diags: Diagnostics) -> SourceFile | None:
    """One spec file, guarded and parsed; None (with the reason in `diags`) when it cannot be used."""
    shown = display_path(path)
    if printable_name(str(path)) != str(path):  # the name would reach generated files, which are UTF-8
        diags.error(Code.SFS007, "file name is not valid UTF-8", SourceRange.at(shown, 1, 1), "rename the file")
        return None
    text = guards.read_text(path, shown, diags)
    return None if text is None else _from_text(text, shown, diags)


def _from_text(text: str, shown: str, diags: Diagnostics) -> SourceFile | None:
    if not guards.text_is_safe(text, shown, diags):
        return None
    try:
        plain, positions = compose_plain(text, MAX_EXPANDED_NODES)
    except Unsupported:
        return _load_round_trip(text, shown, diags)
    if not _is_mapping(plain, shown, diags):
        return None
    return SourceFile(shown, text, plain, positions)


def _load_round_trip(text: str, shown: str, diags: Diagnostics) -> SourceFile | None:
    """A file read by ruamel, with every check of a hostile document, then made plain."""
    from sfspec.load.roundtrip import from_round_trip, parse_yaml  # ruamel: only for the files that need it

    data = parse_yaml(text, shown, diags)
    if data is None and diags.has_errors():
        return None
    if not _is_mapping(data, shown, diags) or not guards.tree_is_safe(data, text, shown, diags):
        return None
    positions: Positions = {}
    return SourceFile(shown, text, from_round_trip(data, positions), positions)


def _is_mapping(data: object, shown: str, diags: Diagnostics) -> bool:
    if data is None:
        diags.error(Code.SFS006, "file is empty", SourceRange.at(shown, 1, 1), "start with `sfspec: 1`")
        return False
    if not isinstance(data, dict):
        kind = "a list" if isinstance(data, list) else "a single value"
        diags.error(
            Code.SFS004,
            f"the document is {kind}, expected a mapping of sections",
            SourceRange.at(shown, 1, 1),
            "a spec starts with `sfspec: 1` followed by systems:, objects:, flows:",
        )
        return False
    return True


def reread(files: Sequence[SourceFile]) -> SpecDocument:
    """The document of files read before, read again from the text they kept, as `load_spec` read
    them (SpecDocument.release): the same text gives the same data, positions and origins. They
    passed every check then, so any finding now is a fault of sfspec's, not the spec's."""
    diags = Diagnostics()
    again = [_from_text(f.text, f.path, diags) for f in files]
    doc = merge([f for f in again if f is not None], diags) if None not in again else None
    if doc is None or diags.has_errors():
        codes = ", ".join(sorted({str(d.code) for d in diags.errors()}))  # codes only: a message may quote the spec
        raise RuntimeError(f"the spec's kept text no longer reads as it did ({codes or 'no document'})")
    return doc


def load_spec(path: Path) -> tuple[SpecDocument | None, Diagnostics]:
    """Read a spec file or folder. Returns (None, errors) when nothing usable was read."""
    diags = Diagnostics()
    if not path.exists():
        diags.error(Code.SFS007, f"no such file or folder: {path}", None, "pass the path of a spec file or folder")
        return None, diags
    paths = spec_files(path, diags)  # which files make up the spec: sfspec.discover, within load.folder's limits
    if diags.has_errors():
        return None, diags
    loaded = [f for f in (load_file(p, diags) for p in paths) if f is not None]
    if diags.has_errors():
        return None, diags
    if path.is_dir():  # other YAML beside the spec (a CI config, a compose file) is not part of it
        loaded = [f for f in loaded if holds_sections(f.data)]
    if not loaded:
        diags.error(
            Code.SFS007,
            f"no spec files in {display_path(path)}",
            SourceRange.at(display_path(path), 1, 1),
            "a folder spec holds .yaml files with sfspec sections (sfspec:, systems:, objects:, flows:, …)",
        )
        return None, diags
    return merge(loaded, diags), diags
