"""Saved plans: load one safely, and refuse it when the world moved on since it was made.

A saved plan is refused when its digest does not match its content (edited after saving). It is
stale when its spec is gone or changed (digest), it was made by another sfspec version (the
generated artifacts may differ), any org component it read now hashes differently, appeared or
disappeared, or planning again gives other changes than the ones it shows: what is applied is
always exactly what was reviewed (STYLE.md convention 11; Terraform backend_local.go).
"""

from __future__ import annotations

import json
from collections.abc import Mapping
from functools import lru_cache
from pathlib import Path

from jsonschema import Draft202012Validator

from sfspec import __version__, safejson
from sfspec.diff import Change
from sfspec.errors import SfspecError, StalePlan
from sfspec.orgref import OrgRef
from sfspec.plan import FORMAT_VERSION, Plan, plan_digest
from sfspec.resources import schema_path

MAX_PLAN_BYTES = 64 * 1024 * 1024


@lru_cache(maxsize=1)
def _validator() -> Draft202012Validator:
    return Draft202012Validator(json.loads(schema_path("plan.schema.json").read_text(encoding="utf-8")))


def load_saved_plan(path: Path) -> Plan:
    try:
        if path.exists() and not path.is_file():  # a folder, /dev/zero or a pipe: never read it
            raise SfspecError(f"{path}: not a saved sfspec plan (not a regular file)")
        if path.stat().st_size > MAX_PLAN_BYTES:
            raise SfspecError(f"{path}: too large to be an sfspec plan")
        text = path.read_text(encoding="utf-8")
    except OSError as exc:
        raise SfspecError(f"cannot read plan {path}: {exc.strerror or exc}") from None
    except UnicodeDecodeError as exc:
        raise SfspecError(f"{path}: not a saved sfspec plan (not UTF-8: {exc.reason})") from None
    try:
        data = safejson.loads(text)
    except json.JSONDecodeError as exc:
        raise SfspecError(
            f"{path}:{exc.lineno}:{exc.colno}: not a saved sfspec plan (invalid JSON: {exc.msg})"
        ) from None
    if isinstance(data, dict) and data.get("format_version") not in (None, FORMAT_VERSION):
        raise SfspecError(
            f"{path}: plan format_version {data.get('format_version')!r} is not supported "
            f"(this sfspec reads {FORMAT_VERSION}); make the plan again"
        )
    errors = sorted(_validator().iter_errors(data), key=lambda e: list(map(str, e.absolute_path)))
    if errors:
        first = errors[0]
        where = "/".join(str(p) for p in first.absolute_path) or "(top level)"
        raise SfspecError(f"{path}: not a valid sfspec plan at {where}: {first.message[:200]}")
    if data["digest"] != plan_digest(data):
        raise SfspecError(
            f"{path}: the saved plan was edited after it was saved (its digest does not match its content); "
            "nothing applied, run `sfspec plan --out` again"
        )
    return Plan.from_json(data, path.absolute().parent)  # its paths are relative to its folder


def check_fresh(saved: Plan, fresh: Plan | None) -> None:
    if fresh is None:
        raise StalePlan(
            f"saved plan is stale: its spec {saved.spec_path} is missing or no longer valid; run `sfspec plan` again"
        )
    if saved.sfspec_version != __version__:
        raise StalePlan(
            f"saved plan was made by sfspec {saved.sfspec_version}, this is {__version__}; run `sfspec plan` again"
        )
    if saved.spec_digest != fresh.spec_digest:
        raise StalePlan(
            f"saved plan is stale: the spec {saved.spec_path} changed since the plan was made; run `sfspec plan` again"
        )
    raise_if_changed(saved.org, saved.read, fresh.read)
    raise_if_other_changes(saved, fresh)


def _what(c: Change) -> tuple[str, str, str, str]:
    """A change as applied: its action, component, attribute values and body (not its spec position)."""
    values = json.dumps([[a.path, a.before, a.after] for a in c.attributes], sort_keys=True)
    return (c.action.value, str(c.key), values, c.body_diff or "")


def raise_if_other_changes(saved: Plan, fresh: Plan) -> None:
    """`apply PLAN` deploys what the org needs now; refuse unless that is exactly what was reviewed."""
    before, now = [_what(c) for c in saved.changes], [_what(c) for c in fresh.changes]
    if before == now:
        return
    planned, needed = set(before), set(now)
    error = StalePlan(
        f"saved plan is stale: planning again gives other changes than the {len(saved.visible())} it shows "
        f"({len(fresh.visible())} now); nothing applied, plan again"
    )
    lines = [f"{w[1]}: {w[0]} needed, not in the plan" for w in now if w not in planned]
    lines += [f"{w[1]}: {w[0]} in the plan, not needed now" for w in before if w not in needed]
    error.details = lines[:20] + ([f"... and {len(lines) - 20} more"] if len(lines) > 20 else [])
    raise error


def raise_if_changed(org: OrgRef, planned: Mapping[str, str | None], now: Mapping[str, str | None]) -> None:
    """StalePlan naming every component whose hash differs (absent = None) between the two reads."""
    changed = sorted(k for k in set(planned) | set(now) if planned.get(k) != now.get(k))
    if changed:
        details = [f"{k}: {_state(planned.get(k))} when planned, {_state(now.get(k))} now" for k in changed[:20]]
        raise StalePlan(
            f"plan is stale: {len(changed)} component(s) changed in {org} since the plan was made "
            f"(by another apply or by hand); nothing applied, plan again",
            details + ([f"... and {len(changed) - 20} more"] if len(changed) > 20 else []),
        )


def _state(digest: str | None) -> str:
    return "absent" if digest is None else f"sha256 {digest[:12]}"
