"""One `fields set` per distinct set of given keys, shared by every model instance that has it.

pydantic gives each model instance its own `__pydantic_fields_set__` (the names written in the
YAML): a large spec has one per field, system and flow, and those sets were a third of the spec
model's memory (bench/scale.py), though a few dozen distinct ones cover them all. Sharing is safe
because the models are frozen (nothing adds to the set) and pydantic copies the set before it
changes a copy's (`model_copy(update=...)`).
"""

from __future__ import annotations

from typing import Any

from pydantic import BaseModel


def share_fields_sets(model: BaseModel) -> None:
    """Replace the fields set of `model` and of every model inside it by a shared equal one."""
    shared: dict[frozenset[str], set[str]] = {}
    seen: set[int] = set()
    stack: list[Any] = [model]
    while stack:
        value = stack.pop()
        if isinstance(value, BaseModel):
            if id(value) in seen:
                continue
            seen.add(id(value))
            given = value.__pydantic_fields_set__
            object.__setattr__(value, "__pydantic_fields_set__", shared.setdefault(frozenset(given), given))
            stack.extend(value.__dict__.values())
        elif isinstance(value, dict):
            stack.extend(value.values())
        elif isinstance(value, (list, tuple)):
            stack.extend(value)
