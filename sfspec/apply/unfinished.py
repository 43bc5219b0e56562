"""A live deploy sfspec stopped following (Ctrl-C, `--wait` passed, the session lost while
checking it): what is known about it is kept in `.sfspec/unfinished-<env>.json` beside out/.

The deploy continues in Salesforce and may change the org after sfspec has exited, so the next
`plan` or `apply` says so (with the command to follow it) until an apply to that org completes.
The file holds the deploy id, the org reference, the components submitted and why sfspec stopped;
never a token.
"""

from __future__ import annotations

import datetime as dt
import json
import os
from dataclasses import dataclass
from pathlib import Path

from sfspec import safejson
from sfspec.leftovers import remove_stale, temp_file
from sfspec.orgref import OrgRef


@dataclass(frozen=True)
class Unfinished:
    job: str
    org: str
    why: str
    last_state: str
    when: str  # UTC, ISO 8601
    components: tuple[str, ...] = ()
    deletes: tuple[str, ...] = ()


def unfinished_path(out_dir: Path, environment: str | None) -> Path:
    return Path(out_dir).absolute().parent / ".sfspec" / f"unfinished-{environment or 'default'}.json"


def save_unfinished(out_dir: Path, environment: str | None, found: Unfinished) -> Path:
    path = unfinished_path(out_dir, environment)
    path.parent.mkdir(parents=True, exist_ok=True)
    payload = {
        "deploy_id": found.job,
        "org": found.org,
        "why": found.why,
        "last_state": found.last_state,
        "when": found.when,
        "components": list(found.components),
        "deletes": list(found.deletes),
    }
    remove_stale(path)
    fd, tmp = temp_file(path)
    try:
        with os.fdopen(fd, "w", encoding="utf-8") as handle:
            json.dump(payload, handle, indent=1)
            handle.write("\n")
        os.replace(tmp, path)
    except BaseException:
        Path(tmp).unlink(missing_ok=True)
        raise
    return path


def load_unfinished(out_dir: Path, environment: str | None, org: OrgRef) -> Unfinished | None:
    """The unfinished deploy to this org, if one was recorded (an unreadable record counts as none)."""
    path = unfinished_path(out_dir, environment)
    try:
        if not path.is_file():
            return None
        data = safejson.loads(path.read_text(encoding="utf-8"))
    except (OSError, ValueError):
        return None
    if not isinstance(data, dict) or data.get("org") != str(org) or not isinstance(data.get("deploy_id"), str):
        return None
    return Unfinished(
        data["deploy_id"],
        data["org"],
        str(data.get("why", "")),
        str(data.get("last_state", "")),
        str(data.get("when", "")),
        tuple(map(str, data.get("components") or ())),
        tuple(map(str, data.get("deletes") or ())),
    )


def clear_unfinished(out_dir: Path, environment: str | None) -> None:
    unfinished_path(out_dir, environment).unlink(missing_ok=True)


def now() -> str:
    return dt.datetime.now(dt.timezone.utc).replace(microsecond=0).isoformat()
