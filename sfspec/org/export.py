"""`sfspec org snapshot`: any org's state saved as a mock-org snapshot (deterministic JSON)."""

from __future__ import annotations

from collections import Counter
from collections.abc import Iterable
from pathlib import Path

from sfspec.errors import OrgError
from sfspec.org import OrgReader
from sfspec.org.mock import atomic_write
from sfspec.org.snapshot import dumps, snapshot_from_state
from sfspec.org.snapshot_load import problems
from sfspec.state import ActualState, ComponentKey, MetadataType


def take_snapshot(
    reader: OrgReader, wanted: Iterable[ComponentKey] | None = None, managed_types: Iterable[str] = ()
) -> ActualState:
    """Everything relevant (no `wanted`), or the spec's components plus the managed ones; the objects
    that hold the spec's fields are kept too, so a plan against the snapshot knows they exist."""
    if wanted is None:
        return reader.read_all()
    keys = set(wanted)
    keys |= {
        ComponentKey(MetadataType.CUSTOM_OBJECT, k.name.split(".", 1)[0])
        for k in keys
        if k.type == MetadataType.CUSTOM_FIELD
    }
    return reader.read(sorted(keys), managed_types=managed_types)


def write_snapshot_file(state: ActualState, path: Path) -> str:
    """Write `state` to `path` atomically; returns a one-line summary. OrgError if it is not valid."""
    text = dumps(snapshot_from_state(state))
    _, found = problems(text, str(path))
    if found:  # an org whose content the format cannot hold (e.g. an odd name): say so, write nothing
        raise OrgError(f"the org's content does not fit the snapshot format: {found[0]}")
    path.parent.mkdir(parents=True, exist_ok=True)
    atomic_write(path, text)
    counts = Counter(k.type for k in state)
    parts = ", ".join(f"{n} {t}" for t, n in sorted(counts.items(), key=lambda tn: ComponentKey(tn[0], "").sort_key()))
    return f"wrote {path}: {len(state)} components ({parts or 'none'}) from {state.origin}"
