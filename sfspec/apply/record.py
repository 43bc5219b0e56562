"""The record of the last successful apply, per environment: `.sfspec/applied-<env>.json` beside out/.

It holds what no org can tell us: a comparison hash of every Salesforce component as applied.
When the org differs from the spec but the spec's component still hashes the same, the org was
edited by hand (drift); a component without the managed marker (some types have no place for
it) is known as sfspec's through it. Without the record (a fresh CI checkout) plans are still
right: drift shows as a plain update, and a marker-less component that sfspec applied and the
spec dropped is not deleted.

Middleware files are not in the record: their actual state is out/middleware/ itself
(sfspec.apply.outdir.read_middleware). The org reference is stored relative to the record's
folder, like a saved plan's. The file is written only after the org accepted the changes,
atomically; it never holds a secret.
"""

from __future__ import annotations

import json
import os
from collections.abc import Iterable, Mapping
from dataclasses import dataclass, field
from pathlib import Path

from sfspec import safejson
from sfspec.diff import comparison_hash
from sfspec.errors import OrgError
from sfspec.leftovers import remove_stale, temp_file
from sfspec.orgref import OrgRef
from sfspec.state import ComponentKey, DesiredState, MetadataType, by_name

FORMAT_VERSION = 1


@dataclass(frozen=True)
class AppliedRecord:
    org: str = ""  # the org reference's text (OrgRef, resolved form)
    components: Mapping[str, str] = field(default_factory=dict)  # "Type:Name" → comparison hash

    def keys_to_read(self, wanted: Iterable[ComponentKey]) -> list[ComponentKey]:
        """The org components a plan reads: the wanted ones, and every one sfspec applied before
        (a component that cannot carry the managed marker is found through the record)."""
        keys = {k for k in wanted if k.type != MetadataType.MIDDLEWARE_FILE}
        return sorted(keys | {ComponentKey.parse(k) for k in self.components}, key=by_name)


def record_path(out_dir: Path, environment: str | None) -> Path:
    return Path(out_dir).absolute().parent / ".sfspec" / f"applied-{environment or 'default'}.json"


def same_org(recorded: object, org: OrgRef) -> bool:
    """One org under two spellings: `mock:spec/orgs/dev.json` from the spec's environment and the
    absolute path a saved plan's `--org` resolves to name the same file."""
    if not isinstance(recorded, str):
        return False
    if recorded == str(org):
        return True
    try:
        other = OrgRef.parse(recorded)
    except OrgError:
        return False
    if other.kind != org.kind or other.live:
        return False
    return other.path.resolve() == org.path.resolve()


def load_record(out_dir: Path, environment: str | None, org: OrgRef) -> AppliedRecord:
    """The record for this environment and org; an empty one when absent, unreadable or for another org."""
    path = record_path(out_dir, environment)
    text = str(org)
    try:
        if not path.is_file():  # absent, or a pipe or device put there: never block on it
            return AppliedRecord(text)
        data = safejson.loads(path.read_text(encoding="utf-8"))
    except (OSError, ValueError):
        return AppliedRecord(text)
    if not isinstance(data, dict) or data.get("format_version") != FORMAT_VERSION:
        return AppliedRecord(text)
    try:  # stored relative to the record's folder
        recorded = str(OrgRef.parse(str(data.get("org"))).resolved(path.parent))
    except OrgError:
        return AppliedRecord(text)
    same = isinstance(data.get("org"), str) and same_org(recorded, org)
    return AppliedRecord(text, dict(data.get("components") or {})) if same else AppliedRecord(text)


def record_of(desired: DesiredState, org: OrgRef) -> AppliedRecord:
    return AppliedRecord(
        str(org),
        {str(c.key): comparison_hash(c) for c in desired.components.values() if c.type != MetadataType.MIDDLEWARE_FILE},
    )


def save_record(out_dir: Path, environment: str | None, record: AppliedRecord) -> Path:
    path = record_path(out_dir, environment)
    path.parent.mkdir(parents=True, exist_ok=True)
    payload = {
        "format_version": FORMAT_VERSION,
        "environment": environment,
        "org": str(OrgRef.parse(record.org).portable(path.parent)),
        "components": dict(sorted(record.components.items())),
    }
    remove_stale(path)
    fd, tmp = temp_file(path)
    try:
        with os.fdopen(fd, "w", encoding="utf-8") as handle:
            json.dump(payload, handle, indent=1, sort_keys=False)
            handle.write("\n")
        os.replace(tmp, path)
    except BaseException:
        Path(tmp).unlink(missing_ok=True)
        raise
    return path
