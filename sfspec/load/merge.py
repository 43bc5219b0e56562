"""Folder specs: the files' top-level sections merged entry by entry, each entry remembering the
file it was written in (SFS014 when one is defined twice).
"""

from __future__ import annotations

from collections.abc import Iterable
from typing import Any

from sfspec.codes import Code
from sfspec.diagnostics import Diagnostics, SourceRange
from sfspec.load.document import SourceFile, SpecDocument
from sfspec.load.positioned import Positions, child_marks, mark

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
    root_marks: dict[Any, int] = {}  # merged containers keep a dict of packed marks (load.positioned)
    positions[id(root)] = root_marks
    for f in files:
        data: dict[str, Any] = f.data
        data_marks = positions.get(id(data))
        for key, value in data.items():
            line, col, value_line, value_col = child_marks(data_marks, data, key) or (0, 0, 0, 0)
            marks = mark(line, col, value_line, value_col)
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
                value_marks = positions.get(id(value))
                for name, entry in value.items():
                    entry_marks = child_marks(value_marks, value, name) or (0, 0, 0, 0)
                    if name in section:
                        first = doc.key_origins.get((id(section), name), "?")
                        diags.error(
                            Code.SFS014,
                            f"{key}.{name} is defined twice (first in {first})",
                            SourceRange.at(f.path, entry_marks[0] + 1, entry_marks[1] + 1),
                            "keep one definition",
                        )
                        continue
                    section[name] = entry
                    section_marks[name] = mark(*entry_marks)
                    doc.key_origins[(id(section), name)] = f.path
            elif key in MERGEABLE_LISTS and isinstance(value, list):
                seq = root.get(key)
                if seq is None:
                    seq = root[key] = []
                    root_marks[key] = marks
                    doc.key_origins[(id(root), key)] = f.path
                seq_marks = positions.setdefault(id(seq), {})
                value_marks = positions.get(id(value))
                for i, item in enumerate(value):
                    seq_marks[len(seq)] = mark(*(child_marks(value_marks, value, i) or (line, col, line, col)))
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
