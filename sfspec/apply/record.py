"""The record of the last successful apply, per environment: `.sfspec/applied-<env>.json` beside out/.

It holds two things no org can tell us:
- middleware files as applied (their text): the "actual" side of MiddlewareFile components, so a
  plan diffs generated Camel/Meltano config against what the last apply wrote, not against the
  last `build` (a build is not an apply);
- a comparison hash of every Salesforce component as applied: when the org differs from the spec
  but the spec's component still hashes the same, the org was edited by hand (drift).
The file is written only after the org accepted the changes, atomically; it never holds a secret
(generated files reference secrets, they do not contain them).
"""

from __future__ import annotations

import json
import os
from collections.abc import Iterable, Mapping
from dataclasses import dataclass, field, replace
from pathlib import Path

from sfspec import safejson
from sfspec.diff import comparison_hash
from sfspec.errors import OrgError
from sfspec.leftovers import remove_stale, temp_file
from sfspec.orgref import OrgRef
from sfspec.state import ActualState, Component, ComponentKey, DesiredState, MetadataType

FORMAT_VERSION = 1


@dataclass(frozen=True)
class AppliedRecord:
    org: str = ""  # the org reference's text (OrgRef), as the record file stores it
    components: Mapping[str, str] = field(default_factory=dict)  # "Type:Name" → comparison hash
    middleware: Mapping[str, str] = field(default_factory=dict)  # path under out/ → text as applied

    def middleware_components(self) -> list[Component]:
        return [
            Component(ComponentKey(MetadataType.MIDDLEWARE_FILE, path), {}, text)
            for path, text in sorted(self.middleware.items())
        ]

    def keys_to_read(self, wanted: Iterable[ComponentKey]) -> list[ComponentKey]:
        """The org components a plan reads: the wanted ones, and every one sfspec applied before
        (a component that cannot carry the managed marker is found through the record)."""
        keys = {k for k in wanted if k.type != MetadataType.MIDDLEWARE_FILE}
        return sorted(keys | {ComponentKey.parse(k) for k in self.components})

    def with_middleware(self, read: ActualState) -> ActualState:
        """The org as read, plus the middleware files as last applied: their "actual" side."""
        return replace(read, components={**read.components, **{c.key: c for c in self.middleware_components()}})


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
    if not isinstance(data, dict) or data.get("format_version") != FORMAT_VERSION or not same_org(data.get("org"), org):
        return AppliedRecord(text)
    return AppliedRecord(text, dict(data.get("components") or {}), dict(data.get("middleware") or {}))


def record_of(desired: DesiredState, org: OrgRef) -> AppliedRecord:
    return AppliedRecord(
        str(org),
        {str(c.key): comparison_hash(c) for c in desired.components.values() if c.type != MetadataType.MIDDLEWARE_FILE},
        {c.name: c.body or "" for c in desired.components.values() if c.type == MetadataType.MIDDLEWARE_FILE},
    )


def save_record(out_dir: Path, environment: str | None, record: AppliedRecord) -> Path:
    path = record_path(out_dir, environment)
    path.parent.mkdir(parents=True, exist_ok=True)
    payload = {
        "format_version": FORMAT_VERSION,
        "environment": environment,
        "org": record.org,
        "components": dict(sorted(record.components.items())),
        "middleware": dict(sorted(record.middleware.items())),
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
