"""Spec YAML read at the speed of libyaml, with the line and column of every key and item.

PyYAML's C parser (libyaml's composer, `yaml.CSafeLoader`) builds a node tree whose marks carry
positions; this turns it into plain Python data (dict/list/str/int/float/bool/None) plus a table
of positions, in one pass. ruamel's pure-Python round-trip loader, which the loader used to read
every file with, was three quarters of a plan's time (bench/scale.py); ruamel stays for what
writes YAML back (fmt, import, adopt) and for every document this module does not read exactly
as ruamel would.

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
from functools import cache, lru_cache
from typing import Any

import yaml
import yaml.constructor
import yaml.resolver
from yaml.nodes import MappingNode, ScalarNode, SequenceNode

try:
    from yaml import cyaml
except ImportError:  # pragma: no cover - PyYAML built without libyaml
    cyaml = None  # type: ignore[assignment]
# None when PyYAML was built without libyaml: then ruamel reads everything.
CParser: Any = getattr(cyaml, "CParser", None)

# Positions of a container's children, 0-based as in the marks: a mapping's key → (key line, key
# column, value line, value column); a sequence's index → (line, column, line, column). Each is
# packed into one int (`mark`, `unpack`): a large spec has millions, and as tuples they were the
# biggest thing a plan kept after the spec itself (a tuple and its line numbers take ~3x the memory).
Positions = dict[int, dict[Any, int]]
_MASK = (1 << 32) - 1  # a line or column: 32 bits, and a spec file holds at most 8 MiB (guards.MAX_FILE_BYTES)


def mark(key_line: int, key_col: int, value_line: int, value_col: int) -> int:
    return key_line << 96 | key_col << 64 | value_line << 32 | value_col


def unpack(packed: int) -> tuple[int, int, int, int]:
    """(key line, key column, value line, value column) of a `mark`."""
    return packed >> 96, packed >> 64 & _MASK, packed >> 32 & _MASK, packed & _MASK


_PLAIN = "?plain"  # the tag this module's resolver gives an untagged plain scalar
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


class _Resolver(yaml.resolver.BaseResolver):
    """Leaves untagged plain scalars for ruamel's YAML 1.2 rules (PyYAML would apply YAML 1.1's,
    where `on`, `no` and `0777` are not text)."""

    def resolve(self, kind: Any, value: Any, implicit: Any) -> str:
        if kind is ScalarNode:
            return _PLAIN if implicit[0] else _STR
        return _SEQ if kind is SequenceNode else _MAP


if CParser is None:  # pragma: no cover
    _Parser: Any = None
else:

    class _Parser(CParser, yaml.constructor.BaseConstructor, _Resolver):  # type: ignore[no-redef]
        def __init__(self, text: str) -> None:
            CParser.__init__(self, text)
            yaml.constructor.BaseConstructor.__init__(self)
            _Resolver.__init__(self)


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
        root = parser.get_single_node()
    except yaml.YAMLError:
        raise Unsupported("not plain YAML") from None
    finally:
        parser.dispose()
    if root is None:
        raise Unsupported("empty")
    positions: Positions = {}
    seen: set[int] = set()
    limit = min(MAX_DEPTH, sys.getrecursionlimit() - 100)
    try:
        data = _build(root, positions, seen, 0, limit, text)
    except RecursionError:
        raise Unsupported("deep") from None
    if len(seen) > max_nodes:
        raise Unsupported("large")
    return data, positions


def _mark(key: Any, value: Any, flow: bool, text: str) -> tuple[int, int]:
    """Line and column where ruamel puts a mapping's value. They agree except for an empty scalar
    (`key:` with nothing after it), where each marks what the other does not: in a block mapping
    libyaml marks the end of the `:` and ruamel the next token; in a flow mapping the reverse."""
    m = value.start_mark
    if m.index != value.end_mark.index or type(value) is not ScalarNode:
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


def _build(node: Any, positions: Positions, seen: set[int], depth: int, limit: int, text: str) -> Any:
    if id(node) in seen:  # an alias: ruamel shares the object, which later stages must not see differently
        raise Unsupported("alias")
    seen.add(id(node))
    tag = node.tag
    if tag == _PLAIN:
        return _typed(node.value)[1]
    if tag == _STR and type(node) is ScalarNode:
        return node.value
    if depth > limit:
        raise Unsupported("deep")
    if tag == _MAP and type(node) is MappingNode:
        out: dict[str, Any] = {}
        where: dict[Any, int] = {}
        for key_node, value_node in node.value:
            if type(key_node) is not ScalarNode or key_node.tag not in (_PLAIN, _STR):
                raise Unsupported("key")
            text_key, key = (True, key_node.value) if key_node.tag == _STR else _typed(key_node.value)
            if not text_key or key in out or key == "<<":
                raise Unsupported("key")  # a date, number, bool or null key, or a duplicate: ruamel words it
            out[key] = _build(value_node, positions, seen, depth + 1, limit, text)
            km = key_node.start_mark
            where[key] = mark(km.line, km.column, *_mark(key_node, value_node, node.flow_style, text))
        positions[id(out)] = where
        return out
    if tag == _SEQ and type(node) is SequenceNode:
        items = []
        at: dict[Any, int] = {}
        for i, item in enumerate(node.value):
            items.append(_build(item, positions, seen, depth + 1, limit, text))
            m = item.start_mark
            at[i] = mark(m.line, m.column, m.line, m.column)
        positions[id(items)] = at
        return items
    raise Unsupported("tag")
