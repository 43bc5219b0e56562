"""The positioned spec document: the merged files' plain data, and a way back from any JSON path
to the file, line and column it was written on. (Reading a file is positioned.py's, or roundtrip.py's
for what libyaml cannot read as ruamel would; neither is imported here, so a module that only reads
documents does not pay for ruamel.)
"""

from __future__ import annotations

from collections.abc import Callable, Sequence
from dataclasses import dataclass, field
from typing import Any

from sfspec.diagnostics import SourcePos, SourceRange
from sfspec.load.positioned import Positions, child_marks

JsonPath = Sequence[str | int]


@dataclass
class SourceFile:
    path: str
    text: str
    data: Any = None  # plain data: dict/list/str/int/float/bool/None
    positions: Positions = field(default_factory=dict)  # id(container) -> child -> 0-based marks


@dataclass
class SpecDocument:
    """The merged spec, with a way back from any JSON path to the file, line and column."""

    root: dict[str, Any]
    files: list[SourceFile]
    positions: Positions = field(default_factory=dict)
    origins: dict[int, str] = field(default_factory=dict)  # id(container) -> file
    key_origins: dict[tuple[int, Any], str] = field(default_factory=dict)  # merged entries

    @property
    def primary_path(self) -> str:
        return self.files[0].path if self.files else "<spec>"

    def locate(self, path: JsonPath, *, value: bool = False) -> SourceRange:
        """Position of the deepest node of `path` that exists (key position unless `value`)."""
        _, file, deepest, _ = self._walk(path, value)
        return SourceRange(file, _pos(deepest))

    def locator(self, prefix: JsonPath, *, value: bool = False) -> Callable[[str | int], SourceRange]:
        """`step → locate([*prefix, step], value=value)`, the prefix walked once: for the many
        entries of one mapping (a generator locates every field of an object)."""
        node, file, deepest, whole = self._walk(prefix, value)
        if not whole:  # the walk stopped before the prefix's end: no step under it changes that
            stopped = SourceRange(file, _pos(deepest))
            return lambda step: stopped
        positions, origins, key_origins = self.positions, self.origins, self.key_origins

        def at(step: str | int) -> SourceRange:
            found = _child_position(node, step, value, positions)
            if found is None:
                return SourceRange(file, _pos(deepest))
            origin = key_origins.get((id(node), step))
            return SourceRange(origin if origin is not None else origins.get(id(node), file), _pos(found))

        return at

    def _walk(self, path: JsonPath, value: bool) -> tuple[Any, str, tuple[int, int] | None, bool]:
        """The deepest node of `path` that exists, its file, its 0-based position (None: the root)
        and whether it is the whole path. Called for every generated component: a merged entry's
        file is looked up before its container's, and no position object is made per step."""
        positions, origins, key_origins = self.positions, self.origins, self.key_origins
        node: Any = self.root
        file = origins.get(id(node), self.primary_path)
        deepest: tuple[int, int] | None = None
        for step in path:
            found = _child_position(node, step, value, positions)
            if found is None:
                return node, file, deepest, False
            deepest = found
            node_id = id(node)
            origin = key_origins.get((node_id, step))
            file = origin if origin is not None else origins.get(node_id, file)
            node = node[step]
        return node, file, deepest, True

    def plain(self) -> dict[str, Any]:
        """The spec as JSON-like data (the loader's own tree: later stages read it, never change it)."""
        return self.root


def _pos(found: tuple[int, int] | None) -> SourcePos:
    return SourcePos(found[0] + 1, found[1] + 1) if found is not None else SourcePos(1, 1)


def _child_position(node: Any, step: str | int, value: bool, positions: Positions) -> tuple[int, int] | None:
    if isinstance(node, dict) and step in node:
        found = child_marks(positions.get(id(node)), node, step)
        if found is None:
            return None
        line, col, value_line, value_col = found
        return (value_line, value_col) if value and not isinstance(node[step], (dict, list)) else (line, col)
    if isinstance(node, list) and isinstance(step, int) and 0 <= step < len(node):
        found = child_marks(positions.get(id(node)), node, step)
        return found[:2] if found is not None else None
    return None
