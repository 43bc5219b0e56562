"""Saved plans: load one safely, and refuse it when the world moved on since it was made.

A saved plan is stale when its spec is gone or changed (digest), it was made by another sfspec
version (the generated artifacts may differ), or any org component it read now hashes
differently, appeared or disappeared (as Terraform refuses a stale saved plan).
"""

from __future__ import annotations

import json
from collections.abc import Mapping
from functools import lru_cache
from pathlib import Path

from jsonschema import Draft202012Validator

from sfspec import __version__
from sfspec.errors import SfspecError, StalePlan
from sfspec.orgref import OrgRef
from sfspec.plan import FORMAT_VERSION, Plan
from sfspec.resources import schema_path

MAX_PLAN_BYTES = 64 * 1024 * 1024


@lru_cache(maxsize=1)
def _validator() -> Draft202012Validator:
    return Draft202012Validator(json.loads(schema_path("plan.schema.json").read_text(encoding="utf-8")))


def load_saved_plan(path: Path) -> Plan:
    try:
        if path.stat().st_size > MAX_PLAN_BYTES:
            raise SfspecError(f"{path}: too large to be an sfspec plan")
        data = json.loads(path.read_text(encoding="utf-8"))
    except OSError as exc:
        raise SfspecError(f"cannot read plan {path}: {exc.strerror or exc}") from None
    except (ValueError, UnicodeDecodeError) as exc:
        raise SfspecError(f"{path}: not a saved sfspec plan (invalid JSON: {str(exc).splitlines()[0]})") from None
    if isinstance(data, dict) and data.get("format_version") not in (None, FORMAT_VERSION):
        raise SfspecError(
            f"{path}: plan format_version {data.get('format_version')!r} is not supported "
            f"(this sfspec reads {FORMAT_VERSION}); make the plan again"
        )
    errors = sorted(_validator().iter_errors(data), key=lambda e: list(e.absolute_path))
    if errors:
        first = errors[0]
        where = "/".join(str(p) for p in first.absolute_path) or "(top level)"
        raise SfspecError(f"{path}: not a valid sfspec plan at {where}: {first.message[:200]}")
    return Plan.from_json(data)


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
