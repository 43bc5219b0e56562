"""out/sfspec-sources.json: which spec line made each generated file.

Generated files name their flows and objects, never a spec path or line, so that a moved or
reformatted spec plans no change (issue 14). The way back from a file to the spec is this map,
written beside the files: it is neither deployed nor planned. Its paths are relative to the folder
that holds the spec's files, so the map is the same wherever the spec lives; it changes when spec
lines move, the generated files do not.
"""

from __future__ import annotations

import json
import os
from collections.abc import Iterable
from pathlib import Path

from sfspec.state import GeneratedFile

SOURCE_MAP = "sfspec-sources.json"
_ABOUT = (
    "Where each file in this folder comes from: spec file:line:col, relative to the folder holding the spec. "
    "Written by sfspec build/apply; not deployed."
)


def source_map(files: Iterable[GeneratedFile]) -> GeneratedFile | None:
    """The map of `files` that know their spec location, or None when none does."""
    located = sorted((f.path, f.source) for f in files if f.source is not None and f.path != SOURCE_MAP)
    if not located:
        return None
    spec_files = {path: Path(source.path).absolute() for path, source in located}
    base = os.path.commonpath([str(p.parent) for p in spec_files.values()])
    entries = {
        path: f"{Path(os.path.relpath(spec_files[path], base)).as_posix()}:{source.start.line}:{source.start.col}"
        for path, source in located
    }
    text = json.dumps({"about": _ABOUT, "files": entries}, indent=2, ensure_ascii=False) + "\n"
    return GeneratedFile(SOURCE_MAP, text)
