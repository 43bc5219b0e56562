"""`mock:PATH`: an org kept as a JSON snapshot file, read and written like a real one.

Writes are atomic (temp file in the same folder, fsync, os.replace) and serialised by a file lock
(`<path>.lock`), so concurrent `apply` runs against one mock org queue up instead of losing changes.
"""

from __future__ import annotations

import os
from collections.abc import Callable, Iterable
from pathlib import Path

from filelock import FileLock, Timeout

from sfspec.errors import ApplyFailed
from sfspec.leftovers import remove_stale, temp_file
from sfspec.org.select import select
from sfspec.org.snapshot import apply_changes, components_from_json, dumps, empty_snapshot, facts_from_json
from sfspec.org.snapshot_check import check
from sfspec.org.snapshot_load import problems, read_snapshot
from sfspec.orgref import OrgKind, OrgRef
from sfspec.state import ActualState, Component, ComponentKey, MetadataType

LOCK_TIMEOUT_SECONDS = 60.0


class MockOrg:
    """An OrgReader over a snapshot file; the file is read once, when the reader opens."""

    def __init__(self, path: Path) -> None:
        self.path = path
        data, normal = read_snapshot(path)
        self._facts = facts_from_json(data["org"])
        self._components = {c.key: c for c in components_from_json(data, normal=normal)}
        # Objects recorded only through their fields (standard objects): they exist, their
        # attributes were not recorded. Asked for by name, they read as an object without attributes,
        # as a retrieve returns an existing object, so "absent" always means absent from the org.
        self._bare = {obj for obj, entry in (data.get("objects") or {}).items() if "attributes" not in entry}
        self.origin = str(OrgRef.of_path(OrgKind.MOCK, path))

    def read(self, wanted: Iterable[ComponentKey], *, managed_types: Iterable[str] = ()) -> ActualState:
        wanted = set(wanted)
        bare = [Component(k, {}) for k in wanted if k.type == MetadataType.CUSTOM_OBJECT and k.name in self._bare]
        return select([*self._components.values(), *bare], wanted, managed_types, self._facts, self.origin)

    def read_all(self) -> ActualState:
        return ActualState(dict(self._components), facts=self._facts, origin=self.origin)


def atomic_write(path: Path, text: str) -> None:
    """Replace `path` with `text` so readers see the old or the new file, never a partial one."""
    remove_stale(path)  # what a killed run left beside the snapshot
    fd, tmp = temp_file(path)
    try:
        with os.fdopen(fd, "w", encoding="utf-8") as handle:
            handle.write(text)
            handle.flush()
            os.fsync(handle.fileno())
        os.replace(tmp, path)
    except BaseException:
        Path(tmp).unlink(missing_ok=True)
        raise
    try:  # make the rename itself durable
        dir_fd = os.open(path.parent, os.O_RDONLY)
    except OSError:
        return
    try:
        os.fsync(dir_fd)
    finally:
        os.close(dir_fd)


def write_snapshot(
    path: Path,
    upserts: list[Component],
    deletes: list[ComponentKey],
    precondition: Callable[[ActualState], None] | None = None,
) -> None:
    """Apply upserts and deletes to the snapshot at `path` (created if absent), atomically.

    Raises ApplyFailed, leaving the file untouched, when a change cannot apply (a field on a
    missing object) or the result would not match schemas/mock-org.schema.json. `precondition`
    sees the org as it is under the lock and may raise to refuse the write (apply's stale-plan
    check, so a concurrent change cannot slip in between the check and the write).
    """
    path = Path(path)
    lock = FileLock(str(path) + ".lock", timeout=LOCK_TIMEOUT_SECONDS)
    try:
        with lock:
            data, normal = read_snapshot(path) if path.exists() else (empty_snapshot(), True)
            if precondition is not None:
                precondition(ActualState({c.key: c for c in components_from_json(data, normal=normal)}))
            found = apply_changes(data, upserts, deletes)
            if found:
                raise ApplyFailed(f"cannot write mock org {path}: {len(found)} change(s) cannot apply", found)
            text = dumps(data)
            # The tree was valid when read; one walk of the result answers whether the changes kept
            # it so. Only when they did not is the text parsed again, to position every problem.
            if not check(data)[0]:
                _, invalid = problems(text, str(path))
                if invalid:
                    raise ApplyFailed(
                        f"cannot write mock org {path}: the result would not be a valid snapshot", invalid
                    )
            atomic_write(path, text)
    except Timeout:
        raise ApplyFailed(
            f"mock org {path} is locked by another sfspec run ({path}.lock); retry when it finishes"
        ) from None
    except OSError as exc:  # a missing folder, no permission, a full disk: the old file is intact
        raise ApplyFailed(f"cannot write mock org {path}: {exc.strerror or type(exc).__name__}") from None
