"""Folder specs: the files' top-level sections merged entry by entry, each entry remembering the
file it was written in (SFS014 when one is defined twice).
"""

from __future__ import annotations

from collections.abc import Iterable
from typing import Any

from ruamel.yaml.comments import CommentedMap, CommentedSeq

from sfspec.diagnostics import Diagnostics, SourceRange
from sfspec.load.document import SourceFile, SpecDocument

# Sections whose entries may be spread over several files of a folder spec.
MERGEABLE_SECTIONS = ("systems", "objects", "flows", "environments")
MERGEABLE_LISTS = ("waivers",)


def _record_origins(node: Any, file: str, origins: dict[int, str]) -> None:
    stack = [node]
    seen: set[int] = set()
    while stack:
        n = stack.pop()
        if not isinstance(n, (dict, list)) or id(n) in seen:
            continue
        seen.add(id(n))
        origins[id(n)] = file
        stack.extend(n.values() if isinstance(n, dict) else n)


def merge(files: Iterable[SourceFile], diags: Diagnostics) -> SpecDocument | None:
    files = list(files)
    if not files:
        return None
    root = CommentedMap()
    doc = SpecDocument(root, files)
    for f in files:
        _record_origins(f.data, f.path, doc.origins)
    if len(files) == 1:
        doc.root = files[0].data
        return doc
    doc.origins[id(root)] = files[0].path
    for f in files:
        data: CommentedMap = f.data
        for key, value in data.items():
            line, col = data.lc.data[key][0], data.lc.data[key][1]
            if key in MERGEABLE_SECTIONS and isinstance(value, CommentedMap):
                section = root.get(key)
                if section is None:
                    section = root[key] = CommentedMap()
                    root.lc.add_kv_line_col(key, list(data.lc.data[key]))
                    doc.key_origins[(id(root), key)] = f.path
                    doc.origins[id(section)] = f.path
                if not isinstance(section, CommentedMap):
                    continue
                for name, entry in value.items():
                    if name in section:
                        first = doc.key_origins.get((id(section), name), "?")
                        diags.error(
                            "SFS014",
                            f"{key}.{name} is defined twice (first in {first})",
                            SourceRange.at(f.path, value.lc.data[name][0] + 1, value.lc.data[name][1] + 1),
                            "keep one definition",
                        )
                        continue
                    section[name] = entry
                    section.lc.add_kv_line_col(name, list(value.lc.data[name]))
                    doc.key_origins[(id(section), name)] = f.path
            elif key in MERGEABLE_LISTS and isinstance(value, CommentedSeq):
                seq = root.get(key)
                if seq is None:
                    seq = root[key] = CommentedSeq()
                    root.lc.add_kv_line_col(key, list(data.lc.data[key]))
                    doc.key_origins[(id(root), key)] = f.path
                for i, item in enumerate(value):
                    seq.lc.add_kv_line_col(len(seq), list((value.lc.data or {}).get(i, [line, col])))
                    doc.key_origins[(id(seq), len(seq))] = f.path
                    seq.append(item)
            elif key in root:
                first = doc.key_origins.get((id(root), key), "?")
                diags.error(
                    "SFS014",
                    f"section {key!r} is defined in more than one file (first in {first})",
                    SourceRange.at(f.path, line + 1, col + 1),
                    f"only {', '.join(MERGEABLE_SECTIONS)} may be split across files",
                )
            else:
                root[key] = value
                root.lc.add_kv_line_col(key, list(data.lc.data[key]))
                doc.key_origins[(id(root), key)] = f.path
    return doc
