"""Folder specs: the files' top-level sections merged entry by entry, each entry remembering the
file it was written in (SFS014 when one is defined twice).
"""

from __future__ import annotations

from collections.abc import Iterable
from typing import Any

from sfspec.codes import Code
from sfspec.diagnostics import Diagnostics, SourceRange
from sfspec.load.document import SourceFile, SpecDocument
from sfspec.load.positioned import Positions, mark, unpack

# Sections whose entries may be spread over several files of a folder spec.
MERGEABLE_SECTIONS = ("systems", "objects", "flows", "environments")
MERGEABLE_LISTS = ("waivers",)


def merge(files: Iterable[SourceFile], diags: Diagnostics) -> SpecDocument | None:
    files = list(files)
    if not files:
        return None
    # The files' positions move into one table (a file's own would be a second copy of it). Origins
    # are kept where files meet (the root, merged sections and their entries): `locate` walks down
    # from the root, and everything under an entry was written in the file of that entry.
    if len(files) == 1:
        only = files[0]
        doc = SpecDocument(only.data, files, only.positions, {id(only.data): only.path})
        only.positions = {}
        return doc
    positions: Positions = {}
    for f in files:
        positions.update(f.positions)
        f.positions = {}
    root: dict[str, Any] = {}
    doc = SpecDocument(root, files, positions, {id(root): files[0].path})
    root_marks = positions.setdefault(id(root), {})
    for f in files:
        data: dict[str, Any] = f.data
        data_marks = positions.get(id(data), {})
        for key, value in data.items():
            marks = data_marks[key]
            line, col = unpack(marks)[:2]
            if key in MERGEABLE_SECTIONS and isinstance(value, dict):
                section = root.get(key)
                if section is None:
                    section = root[key] = {}
                    root_marks[key] = marks
                    doc.key_origins[(id(root), key)] = f.path
                    doc.origins[id(section)] = f.path
                if not isinstance(section, dict):
                    continue
                section_marks = positions.setdefault(id(section), {})
                value_marks = positions.get(id(value), {})
                for name, entry in value.items():
                    if name in section:
                        first = doc.key_origins.get((id(section), name), "?")
                        diags.error(
                            Code.SFS014,
                            f"{key}.{name} is defined twice (first in {first})",
                            SourceRange.at(f.path, *(n + 1 for n in unpack(value_marks[name])[:2])),
                            "keep one definition",
                        )
                        continue
                    section[name] = entry
                    section_marks[name] = value_marks[name]
                    doc.key_origins[(id(section), name)] = f.path
            elif key in MERGEABLE_LISTS and isinstance(value, list):
                seq = root.get(key)
                if seq is None:
                    seq = root[key] = []
                    root_marks[key] = marks
                    doc.key_origins[(id(root), key)] = f.path
                seq_marks = positions.setdefault(id(seq), {})
                value_marks = positions.get(id(value), {})
                for i, item in enumerate(value):
                    seq_marks[len(seq)] = value_marks.get(i, mark(line, col, line, col))
                    doc.key_origins[(id(seq), len(seq))] = f.path
                    seq.append(item)
            elif key in root:
                first = doc.key_origins.get((id(root), key), "?")
                diags.error(
                    Code.SFS014,
                    f"section {key!r} is defined in more than one file (first in {first})",
                    SourceRange.at(f.path, line + 1, col + 1),
                    f"only {', '.join(MERGEABLE_SECTIONS)} may be split across files",
                )
            else:
                root[key] = value
                root_marks[key] = marks
                doc.key_origins[(id(root), key)] = f.path
    return doc
