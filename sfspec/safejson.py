"""JSON input (mock-org snapshots, saved plans) read with the same limits as YAML specs.

`json.loads` recurses once per nested `[` or `{` (RecursionError past ~1,000) and turns a
5,000-digit integer into a ValueError of its own; neither is a JSONDecodeError, so callers that
report syntax errors by position crashed on them. Here nesting deeper than MAX_DEPTH (the YAML
loader's flow-collection limit), integers longer than MAX_INT_DIGITS and non-finite numbers
(`1e999`, NaN, Infinity) are refused, each as a JSONDecodeError with its line and column.

The depth is checked on the parsed containers, and the text is scanned for the offending bracket
only when one nests too deep: a scan of every string and bracket of a 5,000-component snapshot
cost four times its parse (bench/org.py).
"""

from __future__ import annotations

import json
import math
import re
from collections.abc import Callable
from typing import Any

MAX_DEPTH = 100
MAX_INT_DIGITS = 19  # anything Salesforce or sfspec stores fits in 64 bits
_TOKENS = re.compile(r'"[^"\\]*(?:\\.[^"\\]*)*"|[\[\]{}]')
_NUMBER = re.compile(r'"[^"\\]*(?:\\.[^"\\]*)*"|-?\d+(?:\.\d+)?(?:[eE][+-]?\d+)?|NaN|-?Infinity')


class _Refused(Exception):
    def __init__(self, literal: str, why: str) -> None:
        super().__init__(literal)
        self.literal = literal
        self.why = why


def too_deep(text: str, limit: int = MAX_DEPTH) -> int | None:
    """Offset of the first `[`/`{` nested deeper than `limit` (outside strings), in linear time."""
    depth = 0
    for match in _TOKENS.finditer(text):
        c = match.group()
        if c in "[{":
            depth += 1
            if depth > limit:
                return match.start()
        elif c in "]}":
            depth -= 1
    return None


def _int(literal: str) -> int:
    if len(literal.lstrip("-")) > MAX_INT_DIGITS:
        raise _Refused(literal, f"integer with more than {MAX_INT_DIGITS} digits")
    return int(literal)


def _float(literal: str) -> float:
    value = float(literal)
    if not math.isfinite(value):
        raise _Refused(literal, f"number {literal[:40]} is out of range")
    return value


def _constant(literal: str) -> float:
    raise _Refused(literal, f"{literal} is not a JSON number")


def _offset_of(text: str, literal: str) -> int:
    """Where a refused number literal stands (not inside a string)."""
    for match in _NUMBER.finditer(text):
        if match.group() == literal:
            return match.start()
    return 0


def nests_deeper(value: Any, limit: int = MAX_DEPTH) -> bool:
    """Whether parsed JSON holds containers nested more than `limit` deep (the root is level 1),
    one level at a time: no recursion, whatever the input."""
    level = [value] if isinstance(value, (dict, list)) else []
    for _ in range(limit):
        below: list[Any] = []
        for node in level:
            for child in node.values() if isinstance(node, dict) else node:
                if isinstance(child, (dict, list)):
                    below.append(child)
        if not below:
            return False
        level = below
    return True


def loads(text: str, object_pairs_hook: Callable[[list[tuple[str, Any]]], Any] | None = None) -> Any:
    """json.loads within the limits; every refusal is a JSONDecodeError (msg, lineno, colno)."""
    try:
        data = json.loads(
            text, parse_int=_int, parse_float=_float, parse_constant=_constant, object_pairs_hook=object_pairs_hook
        )
    except _Refused as exc:
        deep = too_deep(text)  # a number past a bracket nested too deep: the nesting is reported, as before
        if deep is not None:
            raise _too_deep(text, deep) from None
        raise json.JSONDecodeError(exc.why, text, _offset_of(text, exc.literal)) from None
    except RecursionError:  # json's own limit (about 1,000 levels): far past MAX_DEPTH
        raise _too_deep(text, too_deep(text) or 0) from None
    if nests_deeper(data):
        raise _too_deep(text, too_deep(text) or 0)
    return data


def _too_deep(text: str, offset: int) -> json.JSONDecodeError:
    return json.JSONDecodeError(f"nested more than {MAX_DEPTH} levels deep", text, offset)
