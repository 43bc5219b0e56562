"""The positioned spec document: the merged files' plain data, and a way back from any JSON path
to the file, line and column it was written on. (Reading a file is positioned.py's, or roundtrip.py's
for what libyaml cannot read as ruamel would; neither is imported here, so a module that only reads
documents does not pay for ruamel.)
"""

from __future__ import annotations

import zlib
from collections.abc import Callable, Sequence
from dataclasses import dataclass
from typing import Any

from sfspec.diagnostics import SourcePos, SourceRange
from sfspec.load.positioned import Positions, child_marks

JsonPath = Sequence[str | int]


class SourceFile:
    """One file of the spec: its name as shown, its text, and (while the document holds its tree)
    its plain data and positions."""

    def __init__(self, path: str, text: str, data: Any = None, positions: Positions | None = None) -> None:
        self.path = path
        self.data = data  # plain data: dict/list/str/int/float/bool/None (None once the document is released)
        self.positions: Positions = positions if positions is not None else {}  # id(container) -> 0-based marks
        self._text: str | None = text
        self._packed: bytes | None = None

    @property
    def text(self) -> str:
        if self._text is not None:
            return self._text
        assert self._packed is not None  # one of the two is always set (release)
        return zlib.decompress(self._packed).decode("utf-8")

    def release(self) -> None:
        """Drop the data, and keep the text compressed: once the plan's digest is made, the text is
        read only to read the tree again, rarely if ever. A spec's YAML compresses well (4 % of its
        size for a generated landscape's; at level 1 it takes milliseconds per megabyte), and the
        text was a tenth of the parsed spec in memory, held to the end of a plan."""
        self.data = None
        if self._text is not None:
            self._packed, self._text = zlib.compress(self._text.encode("utf-8"), 1), None

    def __repr__(self) -> str:
        return f"SourceFile({self.path!r})"


@dataclass
class _Tree:
    """The merged plain data and what locates in it: ids of its own containers, so held together."""

    root: dict[str, Any]
    positions: Positions
    origins: dict[int, str]  # id(container) -> file
    key_origins: dict[tuple[int, Any], str]  # (id(container), key) -> file of a merged entry


class SpecDocument:
    """The merged spec, with a way back from any JSON path to the file, line and column.

    A plan needs the tree (the plain data and its marks, about 60 % of the parsed input in memory)
    only until it has generated and claimed; after that it locates rarely, if at all (an SFS033, a
    manual step, a limits finding, drift's waivers). `release` lets the tree go, and the first
    `locate`, `locator`, `plain` or `root` after it reads the files' kept text again: the same
    text read the same way gives the same positions (not the files on disk, which may have
    changed since)."""

    def __init__(
        self,
        root: dict[str, Any],
        files: list[SourceFile],
        positions: Positions | None = None,
        origins: dict[int, str] | None = None,
        key_origins: dict[tuple[int, Any], str] | None = None,
    ) -> None:
        self.files = files
        self._tree: _Tree | None = _Tree(root, positions or {}, origins or {}, key_origins or {})

    @property
    def primary_path(self) -> str:
        return self.files[0].path if self.files else "<spec>"

    @property
    def root(self) -> dict[str, Any]:
        return self._held().root

    @property
    def positions(self) -> Positions:
        return self._held().positions

    @property
    def origins(self) -> dict[int, str]:
        return self._held().origins

    @property
    def key_origins(self) -> dict[tuple[int, Any], str]:
        return self._held().key_origins

    @property
    def holds_tree(self) -> bool:
        """Whether the tree is in memory (False between `release` and the next use of it)."""
        return self._tree is not None

    def release(self) -> None:
        """Let the plain data and its positions go; they are read again from the files' text when
        next asked for. A document without files (built from data by a caller) keeps its tree:
        there is nothing to read it again from."""
        if not self.files:
            return
        self._tree = None
        for f in self.files:
            f.release()  # a folder spec's files hold their own top-level mappings too

    def _held(self) -> _Tree:
        if self._tree is None:
            # Imported here: sfspec.load builds documents (merge), so it cannot be imported at the top.
            from sfspec.load import reread

            again = reread(self.files)
            self._tree = again._held()
            for mine, theirs in zip(self.files, again.files, strict=True):
                mine.data = theirs.data
        return self._tree

    def locate(self, path: JsonPath, *, value: bool = False) -> SourceRange:
        """Position of the deepest node of `path` that exists (key position unless `value`)."""
        _, file, deepest, _ = self._walk(path, value)
        return SourceRange(file, _pos(deepest))

    def locator(self, prefix: JsonPath, *, value: bool = False) -> Callable[[str | int], SourceRange]:
        """`step → locate([*prefix, step], value=value)`, the prefix walked once: for the many
        entries of one mapping (a generator locates every field of an object). The locator holds
        the tree it walked: keep it no longer than the loop that uses it."""
        node, file, deepest, whole = self._walk(prefix, value)
        if not whole:  # the walk stopped before the prefix's end: no step under it changes that
            stopped = SourceRange(file, _pos(deepest))
            return lambda step: stopped
        tree = self._held()
        positions, origins, key_origins = tree.positions, tree.origins, tree.key_origins

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
        tree = self._held()
        positions, origins, key_origins = tree.positions, tree.origins, tree.key_origins
        node: Any = tree.root
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
        """The spec as JSON-like data (the loader's own tree: later stages read it, never change it).
        After `release`, an equal tree read again, not the same objects."""
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
