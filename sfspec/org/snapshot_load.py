"""Read a mock-org snapshot file, turning every problem into a `file:line:col` line.

JSON syntax errors carry their own position; schema violations are located by walking the
same text as a ruamel round-trip tree (JSON is YAML), the way the spec loader locates nodes.
A valid snapshot is recognised by `snapshot_check` (one walk of the tree); jsonschema runs only
when that says no, to word and position every problem.
"""

from __future__ import annotations

import json
from collections.abc import Sequence
from functools import cache
from pathlib import Path
from typing import Any

from sfspec import safejson
from sfspec.errors import OrgError
from sfspec.org.snapshot import FORMAT_VERSION
from sfspec.org.snapshot_check import check
from sfspec.resources import schema_path

SCHEMA_FILE = "mock-org.schema.json"


class SnapshotError(OrgError):
    """A snapshot that cannot be used; `details` holds one positioned line per problem."""


@cache
def validator() -> Any:
    """jsonschema's validator of the snapshot schema (imported here: only a bad snapshot needs it)."""
    from jsonschema import Draft202012Validator

    return Draft202012Validator(json.loads(schema_path(SCHEMA_FILE).read_text(encoding="utf-8")))


class _Locator:
    """Positions of nodes in snapshot text, from one round-trip parse made on first use (a
    snapshot with 300 schema errors was parsed 300 times: minutes)."""

    def __init__(self, text: str) -> None:
        self.text = text
        self._tree: Any = None
        self._parsed = False

    def _root(self) -> Any:
        if not self._parsed:
            from ruamel.yaml import YAML
            from ruamel.yaml.error import YAMLError

            self._parsed = True
            try:
                self._tree = YAML(typ="rt").load(self.text)
            except YAMLError:  # tabs and other JSON that is not YAML: positions fall back to the start
                self._tree = None
        return self._tree

    def position(self, path: Sequence[Any]) -> tuple[int, int]:
        """1-based line/col of the deepest existing node on `path`; (1, 1) when it cannot be found."""
        node = self._root()
        if node is None:
            return (1, 1)
        line, col = 0, 0
        for step in path:
            lc = getattr(node, "lc", None)
            data = (lc.data or {}).get(step) if lc is not None else None
            if data is None:
                break
            line, col = data[0], data[1]
            node = node[step]
        return (line + 1, col + 1)


def _position(text: str, path: Sequence[Any]) -> tuple[int, int]:
    return _Locator(text).position(path)


def _no_duplicates(pairs: list[tuple[str, Any]], found: list[str]) -> dict[str, Any]:
    seen = dict(pairs)  # in C; only an object that lost a key is looked at key by key
    if len(seen) != len(pairs):
        names: set[str] = set()
        for key, _ in pairs:
            if key in names:
                found.append(key)
                break
            names.add(key)
    return seen


def _duplicate_line(text: str, shown: str, key: str) -> str:
    """A key given twice would silently lose one entry; ruamel knows where the second one is."""
    from ruamel.yaml import YAML
    from ruamel.yaml.constructor import DuplicateKeyError
    from ruamel.yaml.error import YAMLError

    yaml = YAML(typ="rt")
    yaml.allow_duplicate_keys = False
    try:
        yaml.load(text)
    except DuplicateKeyError as exc:
        mark = exc.problem_mark
        if mark is not None:
            return f"{shown}:{mark.line + 1}:{mark.column + 1}: key {key!r} appears twice in the same object"
    except YAMLError:
        pass
    return f"{shown}:1:1: key {key!r} appears twice in the same object"


def problems(text: str, shown: str) -> tuple[dict[str, Any] | None, list[str]]:
    """Parse and validate snapshot text; returns (data, []) or (None, positioned problem lines)."""
    data, found, _ = parse(text, shown)
    return data, found


def parse(text: str, shown: str) -> tuple[dict[str, Any] | None, list[str], bool]:
    """`problems`, plus whether every attribute tree is already in normal form (text leaves)."""
    duplicates: list[str] = []
    try:
        data = safejson.loads(text, object_pairs_hook=lambda pairs: _no_duplicates(pairs, duplicates))
    except json.JSONDecodeError as exc:
        return None, [f"{shown}:{exc.lineno}:{exc.colno}: not valid JSON: {exc.msg}"], False
    if duplicates:
        return None, [_duplicate_line(text, shown, duplicates[0])], False
    if not isinstance(data, dict):
        return (
            None,
            [f"{shown}:1:1: a mock org snapshot is a JSON object with format_version, org, objects, components"],
            False,
        )
    version = data.get("format_version")
    if version != FORMAT_VERSION:
        line, col = _position(text, ["format_version"])
        return (
            None,
            [
                f"{shown}:{line}:{col}: format_version {json.dumps(version)} is not supported "
                f"(this sfspec reads format_version {FORMAT_VERSION}; re-create it with `sfspec org snapshot`)"
            ],
            False,
        )
    valid, normal = check(data)
    if valid:
        return data, [], normal
    found = []
    locator = _Locator(text)
    for error in sorted(validator().iter_errors(data), key=lambda e: list(map(str, e.absolute_path))):
        path = list(error.absolute_path)
        line, col = locator.position(path)
        where = ".".join(str(p) for p in path) or "(top level)"
        message = error.message if len(error.message) <= 160 else error.message[:157] + "..."
        found.append(f"{shown}:{line}:{col}: {where}: {message}")
    return (None, found, False) if found else (data, [], False)


def load_snapshot(path: Path) -> dict[str, Any]:
    """The snapshot's data, or SnapshotError naming every problem with its position."""
    return read_snapshot(path)[0]


def read_snapshot(path: Path) -> tuple[dict[str, Any], bool]:
    """`load_snapshot`, plus whether its attribute trees are already text-only (normal form)."""
    shown = str(path)
    try:
        if path.exists() and not path.is_file():  # a folder, /dev/zero or a pipe: never read it
            raise OrgError(f"mock org {shown} is not a regular file")
        text = path.read_text(encoding="utf-8-sig")
    except FileNotFoundError:
        raise OrgError(f"mock org {shown} does not exist (create one with `sfspec org snapshot`)") from None
    except UnicodeDecodeError as exc:  # point at the bad byte, as the spec loader does
        raw = path.read_bytes()
        line = raw.count(b"\n", 0, exc.start) + 1
        col = exc.start - (raw.rfind(b"\n", 0, exc.start) + 1) + 1
        raise SnapshotError(
            f"mock org {shown} is not UTF-8",
            [f"{shown}:{line}:{col}: byte 0x{raw[exc.start]:02x} is not UTF-8; save the file as UTF-8"],
        ) from None
    except OSError as exc:
        raise OrgError(f"cannot read mock org {shown}: {getattr(exc, 'strerror', None) or exc}") from None
    data, found, normal = parse(text, shown)
    if data is None:
        count = len(found)
        raise SnapshotError(
            f"mock org {shown} is not a valid snapshot ({count} problem{'s' if count != 1 else ''})", found
        )
    return data, normal
