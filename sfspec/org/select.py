"""What every reader returns from `read`: the wanted components, plus every managed one of the
managed types (so a plan can delete what left the spec), plus the inventory of everything it saw.

Salesforce names ignore case, so a wanted `NamedCredential:Gearset_API` finds the org's
`GEARSET_API`: the component comes back under the org's spelling, and the diff reports the clash.
"""

from __future__ import annotations

from collections.abc import Iterable, Mapping

from sfspec.org.inventory import inventory_of
from sfspec.state import ActualState, Component, ComponentKey, OrgFacts


def fold(key: ComponentKey) -> tuple[str, str]:
    """A key as Salesforce compares it: names ignore case."""
    return key.type, key.name.lower()


def select(
    components: Iterable[Component],
    wanted: Iterable[ComponentKey],
    managed_types: Iterable[str],
    facts: OrgFacts,
    origin: str,
    listed: Mapping[ComponentKey, bool] | None = None,
    complete: Iterable[str] = (),
) -> ActualState:
    """`listed`: {key: managed} of components the reader knows by name only (a live org's custom
    metadata records it did not retrieve); they join the inventory, a retrieved one's own reading
    wins. `complete`: the read scopes it saw whole (ActualState.complete)."""
    seen = list(components)
    wanted_keys = {fold(k) for k in wanted}
    managed = set(managed_types)
    chosen = {c.key: c for c in seen if fold(c.key) in wanted_keys or (c.type in managed and c.managed)}
    owners = {**(listed or {}), **{c.key: c.managed for c in seen}}
    inventory = inventory_of(seen, names_managed=owners)
    return ActualState(chosen, facts=facts, origin=origin, inventory=inventory, complete=frozenset(complete))
