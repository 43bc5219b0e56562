"""The Meltano environments of the generated project: one per spec environment, plus `test` for
smoke runs, each telling tap-salesforce whether it logs in to a sandbox (`is_sandbox`).

Whether an environment's org is a sandbox is decided from the spec, in this order:
1. the environment's `sandbox: true|false`;
2. the environment's override of the Salesforce system: a `base_url` or `auth.token_url` on a
   sandbox host (`test.salesforce.com`, `*.sandbox.my.salesforce.com`, or a My Domain whose first
   label holds `--`, as in `acme--uat.my.salesforce.com`);
3. otherwise a production org.
`test` always logs in to a sandbox: it is the smoke run before production.
"""

from __future__ import annotations

from dataclasses import dataclass
from urllib.parse import urlsplit

from sfspec.model.spec import Spec

SMOKE = "test"


@dataclass(frozen=True)
class MeltanoEnvironment:
    name: str
    sandbox: bool
    why: str  # one line for the comment above it
    smoke: bool = False  # REST API and a recent start date


def sandbox_host(url: str | None) -> bool:
    host = (urlsplit(url or "").hostname or "").lower()
    if host == "test.salesforce.com" or host.endswith(".sandbox.my.salesforce.com"):
        return True
    return host.endswith(".my.salesforce.com") and "--" in host.split(".", 1)[0]


def _decide(spec: Spec, name: str, org: str | None) -> tuple[bool, str]:
    env = spec.environments[name]
    if env.sandbox is not None:
        return env.sandbox, f"`sandbox: {'true' if env.sandbox else 'false'}` in the spec"
    override = env.systems.get(org) if org else None
    if override is not None:
        for key, url in (
            ("base_url", override.base_url),
            ("auth.token_url", override.auth.token_url if override.auth else None),
        ):
            if sandbox_host(url):
                return True, f"its Salesforce {key} is a sandbox host"
    return False, "a production org (no `sandbox: true`, no sandbox URL)"


def meltano_environments(spec: Spec, org: str | None) -> tuple[list[MeltanoEnvironment], str]:
    """The environments and the default one (`prod` when there is one, else the first production org)."""
    envs = []
    for name in sorted(spec.environments):
        sandbox, why = _decide(spec, name, org)
        envs.append(MeltanoEnvironment(name, sandbox, ("sandbox: " if sandbox else "production: ") + why))
    if not envs:
        envs.append(MeltanoEnvironment("prod", False, "production: the spec declares no environments"))
    if SMOKE not in spec.environments:
        envs.append(MeltanoEnvironment(SMOKE, True, "sandbox: smoke runs (REST API, recent start date)", smoke=True))
    names = [e.name for e in envs]
    default = "prod" if "prod" in names else next((e.name for e in envs if not e.sandbox), names[0])
    return envs, default
