"""What the diff hands to the plan: one Change per component, with its action and its evidence."""

from __future__ import annotations

from dataclasses import dataclass
from enum import Enum
from typing import Any

from sfspec.diagnostics import SourceRange
from sfspec.state import ComponentKey


class Action(str, Enum):
    CREATE = "create"
    UPDATE = "update"
    ADOPT = "adopt"  # take an unmanaged org component under management (the spec says `manage: adopt`)
    DELETE = "delete"
    NOOP = "no-op"
    CONFLICT = "conflict"  # the org holds something sfspec must not touch; never applied


@dataclass(frozen=True, slots=True)
class AttributeChange:
    """One metadata attribute that differs. `path` is dotted (`valueSet.restricted`); values are
    canonical text or JSON-like trees; None means absent."""

    path: str
    before: Any
    after: Any


@dataclass(frozen=True, slots=True)
class Difference:
    """How a desired component differs from the org's copy; empty means "the same" for its type."""

    attributes: tuple[AttributeChange, ...] = ()
    body_diff: str | None = None  # unified diff, org → spec

    def __bool__(self) -> bool:
        return bool(self.attributes) or self.body_diff is not None


@dataclass(frozen=True, slots=True)
class Change:
    action: Action
    key: ComponentKey
    source: SourceRange | None = None  # the spec location that caused it (desired side)
    attributes: tuple[AttributeChange, ...] = ()
    body_diff: str | None = None
    reason: str = ""  # for conflicts, drift and deletes: why, in one sentence
    drift: bool = False  # the org changed outside sfspec (known from the last apply's record)
    data_loss: str = ""  # why applying this loses stored data (a deleted object or field, a narrowing type change)
    reference: bool = False  # a no-op on a component the spec names without managing it

    @property
    def destructive(self) -> bool:
        return bool(self.data_loss)
