"""Stage 6: desired × actual → one Change per component (DESIGN.md §5).

- create: the spec wants it and the org does not have it;
- update: both have it, managed by sfspec, and they differ by the rules of its type (compare.py);
- delete: a managed component of a managed type that left the spec;
- conflict: the org holds an *unmanaged* component under a name the spec wants; never overwritten;
- no-op: the same.
An update or create is flagged as drift when the last apply's record shows the spec did not change
since then, so the org must have (a managed component edited or deleted by hand).

Some types cannot carry the managed marker (PlatformEventChannelMember and PlatformEventSubscriberConfig
have no <description>): the generator's own component then has no marker either, and ownership
comes from the apply record (sfspec applied it) or, without a record, from equality (an identical
component is adopted, there is nothing to overwrite); a different one is a conflict.
"""

from __future__ import annotations

from collections.abc import Iterable, Mapping

from sfspec.diff.compare import comparison_hash, difference
from sfspec.diff.model import Action, AttributeChange, Change, Difference
from sfspec.state import MANAGED_MARKER, ActualState, Component, ComponentKey, DesiredState, MetadataType

__all__ = ["Action", "AttributeChange", "Change", "Difference", "comparison_hash", "diff"]


def _managed(component: Component, applied: Mapping[str, str]) -> bool:
    # Middleware files' actual side is sfspec's own apply record, so they are always sfspec's.
    return component.type == MetadataType.MIDDLEWARE_FILE or component.managed or str(component.key) in applied


def _clash(want: Component) -> str:
    head = f"the org already has an unmanaged {want.type} named {want.name}; sfspec will not overwrite it"
    if want.managed:
        return f"{head} (rename it in the org, or adopt it by adding '{MANAGED_MARKER}' to it)"
    # the type cannot carry the marker: only an identical component is adopted
    return f"{head} (it differs from the spec: delete it in the org or make it match)"


def _compare(want: Component, have: Component | None, applied: Mapping[str, str]) -> Change:
    recorded = applied.get(str(want.key))
    unchanged_spec = recorded is not None and recorded == comparison_hash(want)
    if have is None:
        reason = "deleted in the org outside sfspec since the last apply" if unchanged_spec else ""
        return Change(Action.CREATE, want.key, want.source, reason=reason, drift=unchanged_spec)
    found = difference(want, have)
    if not _managed(have, applied) and (want.managed or found):
        return Change(Action.CONFLICT, want.key, want.source, found.attributes, found.body_diff, _clash(want))
    if not found:
        return Change(Action.NOOP, want.key, want.source)
    reason = "changed in the org outside sfspec since the last apply" if unchanged_spec else ""
    return Change(Action.UPDATE, want.key, want.source, found.attributes, found.body_diff, reason, unchanged_spec)


def diff(
    desired: DesiredState, actual: ActualState, managed_types: Iterable[str], applied: Mapping[str, str] | None = None
) -> list[Change]:
    """Every change, in dependency order: creates and updates by TYPE_ORDER, then deletes reversed."""
    applied = applied or {}
    forward = [_compare(desired.components[key], actual.get(key), applied) for key in desired]
    managed = set(managed_types)
    gone: list[ComponentKey] = [
        key
        for key in actual
        if key not in desired and key.type in managed and _managed(actual.components[key], applied)
    ]
    deletes = [
        Change(Action.DELETE, key, None, reason="managed by sfspec and no longer in the spec") for key in reversed(gone)
    ]
    return forward + deletes
