"""What every class of the spec model shares: frozen, slotted, compared by value, built from data
the schema has passed.

The classes are generated from the language's pydantic definitions (sfspec/model/language/) into
the end of each model module by `python -m sfspec.model.schema`: every command that reads a spec
then runs without importing pydantic (a third of `sfspec validate`'s time went to importing it and
building its validator). The compiled schema checker has already judged the data when they are
built, so they only convert it (enum members, nested classes, new containers) and refuse the few
values the schema and pydantic judge differently (`Refused`); `sfspec.model.build` then lets
pydantic word the refusal. tests/unit/model/test_records.py holds them equal to pydantic's models
on every spec of the hardening corpus.
"""

from __future__ import annotations

import math
import re
from collections.abc import Mapping
from functools import cache
from typing import Any, TypeVar

from sfspec.enums import StrEnum

set_field = object.__setattr__  # the generated __init__s write a frozen record's slots with it

R = TypeVar("R", bound="Record")


class Refused(ValueError):
    """A value the schema lets through and the language refuses: pydantic words why (model.build)."""


class FrozenRecordError(AttributeError):
    """A record was assigned to: the spec model is read-only (copy it with `model_copy(update=...)`)."""


class Record:
    __slots__: tuple[str, ...] = ()

    def __setattr__(self, name: str, value: Any) -> None:
        raise FrozenRecordError(f"{type(self).__name__} is frozen: copy it with model_copy(update={{{name!r}: ...}})")

    def __delattr__(self, name: str) -> None:
        raise FrozenRecordError(f"{type(self).__name__} is frozen")

    def __eq__(self, other: object) -> bool:
        if type(other) is not type(self):
            return NotImplemented
        return all(getattr(self, name) == getattr(other, name) for name in self.__slots__)

    def __hash__(self) -> int:
        # as a frozen pydantic model's: a record holding a dict or a list is not hashable (TypeError)
        return hash((type(self), *(getattr(self, name) for name in self.__slots__)))

    def __repr__(self) -> str:
        return f"{type(self).__name__}({', '.join(f'{name}={getattr(self, name)!r}' for name in self.__slots__)})"

    def __reduce__(self) -> tuple[Any, ...]:  # copy, deepcopy and pickle: slots set without __setattr__
        return _rebuilt, (type(self), tuple(getattr(self, name) for name in self.__slots__))

    @classmethod
    def field_names(cls) -> tuple[str, ...]:
        return cls.__slots__

    @classmethod
    def from_data(cls: type[R], data: Mapping[str, Any]) -> R:
        """The record of schema-valid data (a mapping as the YAML holds it); nothing is validated here."""
        return cls(**data)

    def model_copy(self: R, *, update: Mapping[str, Any] | None = None) -> R:
        """A copy with some fields replaced by values of the fields' types (not converted, as pydantic's)."""
        changes = dict(update or {})
        unknown = set(changes) - set(self.__slots__)
        if unknown:
            raise TypeError(f"{type(self).__name__} has no field {', '.join(sorted(unknown))}")
        return _rebuilt(type(self), tuple(changes.get(name, getattr(self, name)) for name in self.__slots__))

    def model_dump(self, *, mode: str = "python", exclude_none: bool = False) -> dict[str, Any]:
        """The record as plain data, as pydantic's `model_dump`: org references as their text,
        and enums too in `json` mode."""
        out: dict[str, Any] = {}
        for name in self.__slots__:
            value = getattr(self, name)
            if not (exclude_none and value is None):
                out[name] = _dumped(value, mode, exclude_none)
        return out


def _rebuilt(cls: type[R], values: tuple[Any, ...]) -> R:
    record = object.__new__(cls)
    for name, value in zip(cls.__slots__, values, strict=True):
        set_field(record, name, value)
    return record


def _dumped(value: Any, mode: str, exclude_none: bool) -> Any:
    if isinstance(value, Record):
        return value.model_dump(mode=mode, exclude_none=exclude_none)
    if isinstance(value, dict):
        return {key: _dumped(item, mode, exclude_none) for key, item in value.items()}
    if isinstance(value, list):
        return [_dumped(item, mode, exclude_none) for item in value]
    if mode == "json" and isinstance(value, StrEnum):
        return value.value
    if not isinstance(value, str | int | float | bool | type(None)):
        return str(value)  # an org reference: dumped as the text it was read from (its serializer)
    return value


# ── conversions the generated __init__s apply (the schema has checked the types) ─────────────────
def as_pattern(value: str, expression: str) -> str:
    """A string the language constrains with `expression`. The schema checker's `$` (Python's) also
    matches before a final line break, pydantic's only at the end: `Account\\n` is no API name,
    while a description may end with one."""
    if value[-1:] == "\n" and not _at_end(expression).search(value):
        raise Refused("a final line break the pattern does not allow")
    return value


@cache
def _at_end(expression: str) -> re.Pattern[str]:
    return re.compile(expression[:-1] + r"\Z" if expression.endswith("$") else expression)


def as_name(value: str, longest: int, expression: str) -> str:
    """A mapping's key (an API, system or flow name): the schema checks its pattern, not its length."""
    if len(value) > longest:
        raise Refused(f"a name longer than {longest} characters")
    return as_pattern(value, expression)


def as_integer(value: Any) -> int:
    """JSON Schema's integer admits 80.0, which pydantic reads as 80."""
    if value.__class__ is int:
        return value
    if isinstance(value, float) and value.is_integer():
        return int(value)
    raise Refused(f"{value!r} is not an integer")


def as_number(value: Any) -> float:
    """A bounded number: pydantic reads an integer as a float, and NaN satisfies no bound."""
    if isinstance(value, bool) or not isinstance(value, int | float) or math.isnan(value):
        raise Refused(f"{value!r} is not a number within bounds")
    return float(value)


def as_record(cls: type[R], value: Any) -> R:
    """A nested record: the YAML's mapping turned into its class (a record given as such is kept)."""
    return value if value.__class__ is cls else cls(**value)
