"""What every reader returns from `read`: the wanted components, plus every managed one of the
managed types (so a plan can delete what left the spec)."""

from __future__ import annotations

from collections.abc import Iterable

from sfspec.state import ActualState, Component, ComponentKey, OrgFacts


def select(
    components: Iterable[Component],
    wanted: Iterable[ComponentKey],
    managed_types: Iterable[str],
    facts: OrgFacts,
    origin: str,
) -> ActualState:
    wanted_keys = set(wanted)
    managed = set(managed_types)
    chosen = {c.key: c for c in components if c.key in wanted_keys or (c.type in managed and c.managed)}
    return ActualState(chosen, facts=facts, origin=origin)
