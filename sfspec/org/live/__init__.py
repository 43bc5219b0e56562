"""Live orgs through simple-salesforce (`sf:ALIAS`, `env`): the only package that imports it
(an import-linter contract in pyproject.toml enforces that)."""

from __future__ import annotations

import os
from typing import Any

from sfspec.errors import OrgError
from sfspec.org.live.auth import Credentials, from_env, from_sf_cli
from sfspec.org.live.connection import TimeoutSession, connect
from sfspec.org.live.progress import Progress
from sfspec.org.live.reader import LiveOrg
from sfspec.org.live.retry import RetryPolicy
from sfspec.orgref import OrgKind, OrgRef

DEFAULT_API_VERSION = "63.0"


def open_live(
    ref: OrgRef,
    *,
    verbose: int = 0,
    console: Any = None,
    api_version: str | None = None,
    policy: RetryPolicy | None = None,
    env: dict[str, str] | None = None,
) -> LiveOrg:
    env = dict(os.environ) if env is None else env
    policy = policy or RetryPolicy()
    version = api_version or env.get("SFSPEC_API_VERSION") or DEFAULT_API_VERSION
    session = TimeoutSession(policy.timeout)
    if ref.kind is OrgKind.SF:
        credentials = from_sf_cli(ref.target, env)
    elif ref.kind is OrgKind.ENV:
        credentials = from_env(session, env)
    else:
        raise OrgError(f"{ref} is not a live org")
    return LiveOrg(
        connect(credentials, session, version),
        str(ref),
        api_version=version,
        policy=policy,
        progress=Progress(console, verbose),
    )


__all__ = ["Credentials", "LiveOrg", "RetryPolicy", "open_live"]
