"""Stage 7: the plan, a versioned artifact (like Terraform's saved plan).

A Plan is the ordered change set plus what `apply PLAN` needs to refuse a stale one: the digest of
the spec it came from, the sfspec version that generated the artifacts, the environment and org,
and the content hash of every org component it read. Its JSON form is described by
schemas/plan.schema.json (`format_version`); rendering lives in sfspec/render/.
"""

from __future__ import annotations

import hashlib
import json
from bisect import bisect_left
from collections.abc import Callable, Iterable, Iterator, Mapping
from dataclasses import dataclass, field
from pathlib import Path
from typing import Any

from sfspec import __version__
from sfspec.diagnostics import SourcePos, SourceRange
from sfspec.diff import Action, AttributeChange, Change
from sfspec.orgref import OrgRef
from sfspec.paths import from_portable, portable_path
from sfspec.state import Component, ComponentKey, by_name

FORMAT_VERSION = 1


def plan_digest(data: Mapping[str, Any]) -> str:
    """sha256 over a plan's whole JSON form except its own `digest`, canonically serialised, so
    the file's layout does not matter but any edited value (a dropped change, a changed hash) does."""
    body = {k: v for k, v in data.items() if k != "digest"}
    canonical = json.dumps(body, sort_keys=True, separators=(",", ":"), ensure_ascii=False)
    return "sha256:" + hashlib.sha256(canonical.encode("utf-8")).hexdigest()


def spec_digest(files: Iterable[tuple[str, str]]) -> str:
    """sha256 over the spec files' names and text: the same spec gives the same digest from any cwd."""
    h = hashlib.sha256()
    for path, text in sorted((Path(p).name, t) for p, t in files):
        # fed in parts: one concatenation was a second copy of the encoded text (bench/scale.py)
        for part in (path.encode(), b"\0", text.encode("utf-8"), b"\0"):
            h.update(part)
    return "sha256:" + h.hexdigest()


class ReadHashes(Mapping[str, "str | None"]):
    """`Plan.read` of a plan just made: each component it read, by address, to its content hash
    (None: absent), hashed when asked. The plan keeps the components it read anyway; their hashes
    held beside them were a fifth of the parsed input at a plan's peak memory (bench/scale.py).
    Equal to `ActualState.fingerprint(keys)`, which hashes them all at once."""

    __slots__ = ("_components", "_keys")

    def __init__(self, components: Mapping[ComponentKey, Component], keys: Iterable[ComponentKey]) -> None:
        self._components = components
        self._keys = sorted(set(keys), key=by_name)

    def __getitem__(self, address: str) -> str | None:
        key = ComponentKey.parse(address)
        i = bisect_left(self._keys, by_name(key), key=by_name)
        if i == len(self._keys) or self._keys[i] != key:
            raise KeyError(address)
        comp = self._components.get(key)
        return comp.content_hash() if comp is not None else None

    def __iter__(self) -> Iterator[str]:
        return map(str, self._keys)

    def __len__(self) -> int:
        return len(self._keys)


@dataclass(frozen=True)
class ManualStep:
    """Something a person must do in the org that no deploy can (edit code sfspec does not own)."""

    component: str  # `Type:Name` of the org's component to change, e.g. `ApexTrigger:AccountTrigger`
    line: str  # the exact line to add
    note: str
    source: SourceRange | None = None  # the spec line that asked for it

    def to_json(self) -> dict[str, Any]:
        src = self.source
        return {
            "component": self.component,
            "line": self.line,
            "note": self.note,
            "source": {"path": src.path, "line": src.start.line, "col": src.start.col} if src else None,
        }

    @classmethod
    def from_json(cls, d: Mapping[str, Any]) -> ManualStep:
        src = d.get("source")
        where = SourceRange(src["path"], SourcePos(src["line"], src["col"])) if src else None
        return cls(d["component"], d["line"], d["note"], where)


@dataclass(frozen=True)
class Plan:
    changes: tuple[Change, ...]
    spec_path: str
    spec_digest: str
    environment: str | None
    org: OrgRef  # OrgRef.resolved form, e.g. mock:specs/x/orgs/dev.json or sf:acme-prod (never a secret)
    read: Mapping[str, str | None] = field(default_factory=dict)  # component → content hash when read
    sfspec_version: str = __version__
    format_version: int = FORMAT_VERSION
    manual_steps: tuple[ManualStep, ...] = ()
    out_dir: str | None = None  # the out/ folder the plan was made with (its middleware, its apply record)

    def count(self, action: Action) -> int:
        return sum(1 for c in self.changes if c.action is action)

    def summary(self) -> dict[str, int]:
        return {a.value: self.count(a) for a in Action}

    @property
    def has_changes(self) -> bool:
        """Anything to apply or to resolve (conflicts make `apply` refuse, so they count too)."""
        return any(c.action is not Action.NOOP for c in self.changes)

    @property
    def destructive(self) -> list[Change]:
        """Changes that lose stored data; `apply` needs `--allow-destructive` for them."""
        return [c for c in self.changes if c.destructive]

    @property
    def conflicts(self) -> list[Change]:
        return [c for c in self.changes if c.action is Action.CONFLICT]

    def visible(self) -> list[Change]:
        return [c for c in self.changes if c.action is not Action.NOOP]

    # ── JSON (schemas/plan.schema.json) ──────────────────────────────────────────────────────
    def to_json(self, folder: Path | None = None) -> dict[str, Any]:
        """The plan as JSON. For a file in `folder`, every path (spec, org, out/, each change's
        source) is written relative to that folder, so the saved plan works from any directory."""

        def path(p: str) -> str:
            return p if folder is None else portable_path(p, folder)

        data: dict[str, Any] = {
            "format_version": self.format_version,
            "sfspec_version": self.sfspec_version,
            "spec": {"path": path(self.spec_path), "digest": self.spec_digest},
            "environment": self.environment,
            "org": str(self.org if folder is None else self.org.portable(folder)),
        }
        if self.out_dir is not None:
            data["out"] = path(self.out_dir)
        data["summary"] = self.summary()
        data["changes"] = [_change_json(c, path) for c in self.changes]
        data["read"] = dict(sorted(self.read.items()))
        data["manual_steps"] = [s.to_json() for s in self.manual_steps]
        data["digest"] = plan_digest(data)
        return data

    @classmethod
    def from_json(cls, data: Mapping[str, Any], folder: Path | None = None) -> Plan:
        """Inverse of to_json; the caller validates `data` against the schema first."""

        def path(p: str) -> str:
            return p if folder is None else from_portable(p, folder)

        return cls(
            changes=tuple(_change_from(c, path) for c in data["changes"]),
            spec_path=path(data["spec"]["path"]),
            spec_digest=data["spec"]["digest"],
            environment=data.get("environment"),
            org=OrgRef.parse(data["org"]) if folder is None else OrgRef.parse(data["org"]).resolved(folder),
            read=dict(data.get("read", {})),
            sfspec_version=data["sfspec_version"],
            format_version=data["format_version"],
            manual_steps=tuple(ManualStep.from_json(s) for s in data.get("manual_steps", [])),
            out_dir=path(data["out"]) if data.get("out") is not None else None,
        )


def _change_json(c: Change, path: Callable[[str], str]) -> dict[str, Any]:
    src = c.source
    return {
        "action": c.action.value,
        "address": str(c.key),
        "type": c.key.type,
        "name": c.key.name,
        "source": {"path": path(src.path), "line": src.start.line, "col": src.start.col} if src else None,
        "attributes": [{"path": a.path, "before": a.before, "after": a.after} for a in c.attributes],
        "body_diff": c.body_diff,
        "reason": c.reason,
        "drift": c.drift,
        "destructive": c.destructive,
        "data_loss": c.data_loss,
        "reference": c.reference,
    }


def _change_from(d: Mapping[str, Any], path: Callable[[str], str]) -> Change:
    src = d.get("source")
    return Change(
        action=Action(d["action"]),
        key=ComponentKey(d["type"], d["name"]),
        source=SourceRange(path(src["path"]), SourcePos(src["line"], src["col"])) if src else None,
        attributes=tuple(AttributeChange(a["path"], a["before"], a["after"]) for a in d.get("attributes", [])),
        body_diff=d.get("body_diff"),
        reason=d.get("reason", ""),
        drift=bool(d.get("drift", False)),
        data_loss=d.get("data_loss", ""),
        reference=bool(d.get("reference", False)),
    )
