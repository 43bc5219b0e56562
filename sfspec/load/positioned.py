"""Spec YAML read at the speed of libyaml, with the line and column of every key and item.

PyYAML's C parser (libyaml, as `yaml.CSafeLoader` uses it) emits events whose marks carry
positions; this turns them into plain Python data (dict/list/str/int/float/bool/None) plus a table
of positions, in one pass, typed and marked as libyaml's composer would (without its node tree).
ruamel's pure-Python round-trip loader, which the loader used to read every file with, was three
quarters of a plan's time (bench/scale.py); ruamel stays for what writes YAML back (fmt, import,
adopt) and for every document this module does not read exactly as ruamel would.

"Exactly as ruamel would" is kept by being narrow: scalars are typed by ruamel's own YAML 1.2
resolver and constructor, and anything beyond plain documents raises `Unsupported` so the caller
reads the file with ruamel as before — a syntax error (so every message and position stays
ruamel's), explicit tags, anchors used by aliases, merge keys, `%` directives, keys that are not
text, nesting deeper than Python's stack. tests/unit/load/test_positioned.py compares both
loaders (data, every position, every diagnostic) over the specs, fixtures and hardening corpus.
"""

from __future__ import annotations

import datetime as _dt
import re
import sys
from array import array
from collections.abc import Collection, Sequence
from functools import cache, lru_cache
from typing import Any

import yaml
from yaml.events import (
    AliasEvent,
    MappingEndEvent,
    MappingStartEvent,
    ScalarEvent,
    SequenceEndEvent,
    SequenceStartEvent,
    StreamEndEvent,
)

try:
    from yaml import cyaml
except ImportError:  # pragma: no cover - PyYAML built without libyaml
    cyaml = None  # type: ignore[assignment]
# None when PyYAML was built without libyaml: then ruamel reads everything.
CParser: Any = getattr(cyaml, "CParser", None)

# Positions of a container's children, 0-based as in the marks: a mapping's key → (key line, key
# column, value line, value column); a sequence's index → (line, column, line, column).
#
# A container of at most SMALL children (nearly all of them: a field, an object's fields) keeps its
# marks in one array of 32-bit numbers, four per child in the container's own order (`table`),
# found again by the child's place (`child_marks`). A larger one keeps a dict from child to the
# four marks packed into one int (`mark`, `unpack`), so a key is found without a scan. As a dict
# of packed ints every container cost ~6x its array: the marks were the largest thing a plan kept
# besides the spec model (bench/scale.py).
Marks = dict[Any, int] | array
Positions = dict[int, Marks]
_MASK = (1 << 32) - 1  # a line or column: 32 bits, and a spec file holds at most 8 MiB (guards.MAX_FILE_BYTES)
NO_MARKS = _MASK  # in an array: this child has no marks (ruamel's, for a key it made up)
SMALL = 32


def mark(key_line: int, key_col: int, value_line: int, value_col: int) -> int:
    return key_line << 96 | key_col << 64 | value_line << 32 | value_col


def unpack(packed: int) -> tuple[int, int, int, int]:
    """(key line, key column, value line, value column) of a `mark`."""
    return packed >> 96, packed >> 64 & _MASK, packed >> 32 & _MASK, packed & _MASK


def table(children: Collection[Any], flat: Sequence[int]) -> Marks:
    """The marks of a container whose children (keys or indexes, in order) have the four marks at
    flat[4 * i : 4 * i + 4] (NO_MARKS × 4 for a child without marks)."""
    if len(children) <= SMALL:
        return array("I", flat)
    return {c: mark(*flat[4 * i : 4 * i + 4]) for i, c in enumerate(children) if flat[4 * i] != NO_MARKS}


def child_marks(marks: Marks | None, node: Any, step: Any) -> tuple[int, int, int, int] | None:
    """The four marks of `node`'s child `step` (a key of a dict, an index of a list), given the
    container's `marks`; None when it has none."""
    if marks is None:
        return None
    if type(marks) is dict:
        packed = marks.get(step)
        return None if packed is None else unpack(packed)
    if isinstance(node, list):
        i = step if isinstance(step, int) and 0 <= step < len(node) else -1
    elif step in node:
        i = list(node).index(step)  # at most SMALL keys, compared in C
    else:
        return None
    if i < 0 or 4 * i >= len(marks) or marks[4 * i] == NO_MARKS:
        return None
    return marks[4 * i], marks[4 * i + 1], marks[4 * i + 2], marks[4 * i + 3]


_PLAIN = "?plain"  # an untagged plain scalar (typed by ruamel's YAML 1.2 rules, not PyYAML's 1.1)
_STR = "tag:yaml.org,2002:str"
_SEQ = "tag:yaml.org,2002:seq"
_MAP = "tag:yaml.org,2002:map"
# `%` directives; surrogate escapes; tabs (ruamel refuses some that libyaml takes); NEL, LS and PS,
# line breaks to libyaml (YAML 1.1) but not to ruamel (1.2), so lines would be counted differently.
# And explicit `? key` entries: before one, libyaml and ruamel mark an empty value differently.
_SPECIAL = re.compile(
    "^%|\\\\[uU]0{0,4}[dD][89a-fA-F]|[\t\x85\u2028\u2029]|(?:^|[ \\-\\[{,])\\?(?:[ \n]|$)", re.MULTILINE
)
# The same, one alternative at a time behind a substring every match of it holds (a lone character
# is its own test): one search of the alternation tried every branch at every character of a file.
_SPECIAL_PARTS: tuple[tuple[str, re.Pattern[str] | None], ...] = (
    ("%", re.compile("^%", re.MULTILINE)),
    ("\\", re.compile("\\\\[uU]0{0,4}[dD][89a-fA-F]")),
    ("\t", None),
    ("\x85", None),
    ("\u2028", None),
    ("\u2029", None),
    ("?", re.compile("(?:^|[ \\-\\[{,])\\?(?:[ \n]|$)", re.MULTILINE)),
)


def special(text: str) -> bool:
    """Whether `_SPECIAL` matches somewhere in `text`."""
    return any(clue in text and (pattern is None or pattern.search(text)) for clue, pattern in _SPECIAL_PARTS)


# The loader's own bound (load.expanded_size): deeper documents are refused, in ruamel's words.
MAX_DEPTH = 200


class Unsupported(Exception):
    """The document needs ruamel's loader (see the module docstring)."""


# libyaml's parser: its events are read one by one (_Builder), never composed into a node tree.
_Parser: Any = CParser


@cache
def _ruamel() -> tuple[Any, Any, Any]:
    """ruamel's YAML 1.2 resolver table and a round-trip constructor, to type scalars its way."""
    from ruamel.yaml import YAML
    from ruamel.yaml.nodes import ScalarNode as RuamelScalar

    loader = YAML(typ="rt")
    resolver = loader.resolver
    constructor = loader.constructor
    return resolver, constructor, RuamelScalar


# What ruamel's YAML 1.2 resolver makes of the plain scalars a spec is mostly written in, answered
# without importing ruamel (a tenth of a `validate`). Its implicit resolvers are chosen by a scalar's
# first character: a word that starts with any other character than these is text, and of the words
# that do start with a letter only these exact spellings are booleans or null. Everything else (other
# numbers, dates, `.inf`, `<<`, `=`) is typed by ruamel itself; tests/unit/load/test_positioned.py
# checks these answers against ruamel's.
_RUAMEL_FIRST = frozenset("-+.0123456789<=~!&*tTfFnN")
_WORDS: dict[str, Any] = {
    **dict.fromkeys(("true", "True", "TRUE"), True),
    **dict.fromkeys(("false", "False", "FALSE"), False),
    **dict.fromkeys(("null", "Null", "NULL", "~", ""), None),
}
_DECIMAL = re.compile(r"[1-9][0-9]{0,17}")


def _without_ruamel(value: str) -> tuple[bool, Any] | None:
    if value in _WORDS:
        return False, _WORDS[value]
    if value[0] not in _RUAMEL_FIRST or value[0] in "tTfFnN":
        return True, value
    if _DECIMAL.fullmatch(value):
        return False, int(value)
    return None


@lru_cache(maxsize=8192)
def _typed(value: str) -> tuple[bool, Any]:
    """(is text, value) of an untagged plain scalar, typed as ruamel types it and flattened as
    sfspec.load.roundtrip.to_plain flattens it (memoised: specs repeat the same few numbers and words)."""
    known = _without_ruamel(value)
    return known if known is not None else _by_ruamel(value)


def _by_ruamel(value: str) -> tuple[bool, Any]:
    resolver, constructor, scalar_node = _ruamel()
    tag = resolver.resolve(scalar_node, value, (True, False))
    tag = tag if isinstance(tag, str) else str(tag)
    if tag == _STR:
        return True, value
    if tag.endswith((":merge", ":value")):  # `<<` and `=` mean something to ruamel
        raise Unsupported(value)
    try:
        data = constructor.construct_object(scalar_node(tag, value), deep=True)
    except (ValueError, TypeError, OverflowError):  # e.g. 2024-02-30: the round-trip loader words it
        raise Unsupported(value) from None
    if isinstance(data, bool) or data is None:
        return False, data
    if isinstance(data, int):
        return False, int(data)
    if isinstance(data, float):
        return False, float(data)
    if isinstance(data, (_dt.date, _dt.datetime)):
        return False, data.isoformat()
    return False, str(data)


def compose_plain(text: str, max_nodes: int) -> tuple[Any, Positions]:
    """Plain data and positions of a one-document YAML text; Unsupported when ruamel must read
    it (including every error: ruamel words them as the spec loader always has)."""
    if _Parser is None or special(text):
        raise Unsupported("needs the round-trip loader")
    parser = _Parser(text)
    try:
        return _Builder(parser, text, max_nodes).document()
    except yaml.YAMLError:
        raise Unsupported("not plain YAML") from None
    except RecursionError:
        raise Unsupported("deep") from None
    finally:
        parser.dispose()


class _Builder:
    """Plain data straight from libyaml's events, as its composer would type and mark them. The
    composer's node tree (each scalar a node and two marks) was 3-4x the file's plain data at once,
    a plan's peak memory for a spec of one large file (bench/scale.py); events pass one at a time."""

    def __init__(self, parser: Any, text: str, max_nodes: int) -> None:
        self.get, self.peek = parser.get_event, parser.peek_event
        self.text, self.max_nodes, self.nodes = text, max_nodes, 0
        self.anchors: set[str] = set()
        self.positions: Positions = {}
        self.limit = min(MAX_DEPTH, sys.getrecursionlimit() - 100)

    def document(self) -> tuple[Any, Positions]:
        self.get()  # StreamStartEvent
        if type(self.peek()) is StreamEndEvent:
            raise Unsupported("empty")
        self.get()  # DocumentStartEvent
        data = self.node(0)[0]
        self.get()  # DocumentEndEvent
        if type(self.peek()) is not StreamEndEvent:  # a second document (or an error after the first)
            raise Unsupported("documents")
        return data, self.positions

    def anchored(self, event: Any) -> None:
        if event.anchor is not None:  # an alias would share the value; the composer refuses a reused anchor
            if event.anchor in self.anchors:
                raise Unsupported("anchor")
            self.anchors.add(event.anchor)

    def node(self, depth: int) -> tuple[Any, Any]:
        """(value, its first event) of the next node."""
        event = self.get()
        kind = type(event)
        if kind is AliasEvent:  # ruamel shares the object, which later stages must not see differently
            raise Unsupported("alias")
        self.anchored(event)
        self.nodes += 1
        if self.nodes > self.max_nodes:
            raise Unsupported("large")
        tag = event.tag
        if kind is ScalarEvent:
            if tag is None or tag == "!":
                tag = _PLAIN if event.implicit[0] else _STR
            if tag == _PLAIN:
                return _typed(event.value)[1], event
            if tag == _STR:
                return event.value, event
            raise Unsupported("tag")
        if depth > self.limit:
            raise Unsupported("deep")
        if kind is MappingStartEvent and (tag is None or tag in ("!", _MAP)):
            return self.mapping(event, depth), event
        if kind is SequenceStartEvent and (tag is None or tag in ("!", _SEQ)):
            return self.sequence(depth), event
        raise Unsupported("tag")

    def mapping(self, start: Any, depth: int) -> dict[str, Any]:
        out: dict[str, Any] = {}
        flat: list[int] = []
        while type(self.peek()) is not MappingEndEvent:
            key_event = self.get()
            if type(key_event) is not ScalarEvent:
                raise Unsupported("key")
            self.anchored(key_event)
            tag = key_event.tag
            if tag is None or tag == "!":
                tag = _PLAIN if key_event.implicit[0] else _STR
            if tag not in (_PLAIN, _STR):
                raise Unsupported("key")
            text_key, key = (True, key_event.value) if tag == _STR else _typed(key_event.value)
            if not text_key or key in out or key == "<<":
                raise Unsupported("key")  # a date, number, bool or null key, or a duplicate: ruamel words it
            out[key], value_event = self.node(depth + 1)
            km: Any = key_event.start_mark
            flat.extend((km.line, km.column, *_mark(key_event, value_event, start.flow_style, self.text)))
        self.get()  # MappingEndEvent
        self.positions[id(out)] = table(out, flat)
        return out

    def sequence(self, depth: int) -> list[Any]:
        items: list[Any] = []
        flat: list[int] = []
        while type(self.peek()) is not SequenceEndEvent:
            item, event = self.node(depth + 1)
            items.append(item)
            m = event.start_mark
            flat.extend((m.line, m.column, m.line, m.column))
        self.get()  # SequenceEndEvent
        self.positions[id(items)] = table(range(len(items)), flat)
        return items


def _mark(key: Any, value: Any, flow: bool, text: str) -> tuple[int, int]:
    """Line and column where ruamel puts a mapping's value. They agree except for an empty scalar
    (`key:` with nothing after it), where each marks what the other does not: in a block mapping
    libyaml marks the end of the `:` and ruamel the next token; in a flow mapping the reverse."""
    m = value.start_mark
    if m.index != value.end_mark.index or type(value) is not ScalarEvent:
        return m.line, m.column
    if flow:  # the end of the `:` after the key, if there is one
        i, line, col = key.end_mark.index, key.end_mark.line, key.end_mark.column
        while i < len(text) and text[i] == " ":
            i, col = i + 1, col + 1
        return (line, col + 1) if i < len(text) and text[i] == ":" else (m.line, m.column)
    i, n, line, col = m.index, len(text), m.line, m.column
    while i < n:
        c = text[i]
        if c == "\n":
            line, col = line + 1, 0
        elif c == "#":
            end = text.find("\n", i)
            i = n if end < 0 else end
            continue
        elif c in " \r":
            col += 1
        else:
            break
        i += 1
    return line, col
