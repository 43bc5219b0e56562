"""Apply to a mock org: the snapshot file is rewritten atomically under its lock (sfspec.org.mock).

`--check-only` runs the same change on an in-memory copy and validates the result against the
snapshot schema, writing nothing: the mock counterpart of a checkOnly deploy.
"""

from __future__ import annotations

from collections.abc import Callable, Mapping
from pathlib import Path

from sfspec.apply.staleness import raise_if_changed
from sfspec.errors import ApplyFailed
from sfspec.leftovers import remove_stale
from sfspec.org.mock import write_snapshot
from sfspec.org.snapshot import apply_changes, dumps, empty_snapshot
from sfspec.org.snapshot_load import load_snapshot, problems
from sfspec.orgref import OrgRef
from sfspec.state import ActualState, Component, ComponentKey


def unchanged_since(org: OrgRef, planned: Mapping[str, str | None]) -> Callable[[ActualState], None]:
    """A write precondition: the org still holds what the plan read (and no new managed component),
    checked under the snapshot's lock so a concurrent apply cannot slip in between."""

    def check(state: ActualState) -> None:
        keys = {ComponentKey.parse(k) for k in planned}
        keys |= {k for k, c in state.components.items() if c.managed}
        raise_if_changed(org, planned, state.fingerprint(keys))

    return check


def apply_mock(
    path: Path,
    upserts: list[Component],
    deletes: list[ComponentKey],
    *,
    check_only: bool,
    progress: Callable[[str], None],
    planned: Mapping[str, str | None] | None = None,
    org: OrgRef | None = None,
) -> None:
    remove_stale(path)  # temporaries of a run killed mid-write, even when there is nothing to write now
    if check_only:
        data = load_snapshot(path) if path.exists() else empty_snapshot()
        found = apply_changes(data, upserts, deletes)
        if not found:
            found = problems(dumps(data), str(path))[1]
        if found:
            raise ApplyFailed(f"check-only: the changes would not apply to mock org {path}", found)
        progress(f"check-only: {len(upserts)} upsert(s) and {len(deletes)} delete(s) would apply to {path}")
        return
    if not upserts and not deletes:
        progress(f"mock org {path} already up to date")
        return
    precondition = unchanged_since(org, planned) if planned is not None and org is not None else None
    write_snapshot(path, upserts, deletes, precondition)
    progress(f"mock org {path}: {len(upserts)} upsert(s), {len(deletes)} delete(s) written")
