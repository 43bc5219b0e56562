"""A str-valued Enum that reads as its value everywhere: `str()`, `repr()`, f-strings (also with
`!r`), Jinja templates, JSON.

enum.StrEnum does most of this from Python 3.11; sfspec supports 3.10, where a `(str, Enum)` member
formats as `Class.MEMBER` in some places and as its value in others. repr() is the value's too, so a
message written as `f"kind {kind!r}"` reads `kind 'erp'` whether `kind` is a member or a str.
"""

from __future__ import annotations

from enum import Enum


class StrEnum(str, Enum):
    # `_value_` is what `.value` returns, read without Enum's descriptor: a plan formats members
    # (component keys, generated names) tens of thousands of times.
    def __str__(self) -> str:
        return str(self._value_)

    def __format__(self, format_spec: str) -> str:
        return format(str(self._value_), format_spec)

    def __repr__(self) -> str:
        return repr(str(self._value_))
