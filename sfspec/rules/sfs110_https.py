from __future__ import annotations

from collections.abc import Iterable
from urllib.parse import urlsplit

from sfspec.codes import Code
from sfspec.diagnostics import Diagnostic
from sfspec.model.systems import Auth
from sfspec.rules.base import Rule, RuleContext, rule

_LOOPBACK = {"localhost", "127.0.0.1", "::1"}


def _urls(auth: Auth | None, base_url: str | None) -> Iterable[tuple[tuple[str, ...], str]]:
    if base_url:
        yield ("base_url",), base_url
    if auth is not None and auth.token_url:
        yield ("auth", "token_url"), auth.token_url


@rule(Code.SFS110, "https-only")
def check(ctx: RuleContext, r: Rule) -> Iterable[Diagnostic]:
    """Records and credentials travel to these URLs; over plain http anyone on the path reads
    them, and Salesforce Named Credentials refuse non-TLS endpoints in production. Only an
    environment override may point at a loopback address (`http://localhost:8080`) for local
    testing.
    """
    for name, system in ctx.spec.systems.items():
        for key, url in _urls(system.auth, system.base_url):
            if urlsplit(url).scheme.lower() != "https":
                yield r.finding(
                    f"systems.{name}.{'.'.join(key)} does not use https",
                    ctx.at("systems", name, *key, value=True),
                    "use an https:// URL",
                )
    for env_name, env in ctx.spec.environments.items():
        for name, override in env.systems.items():
            for key, url in _urls(override.auth, override.base_url):
                parts = urlsplit(url)
                if parts.scheme.lower() == "https" or (parts.scheme.lower() == "http" and parts.hostname in _LOOPBACK):
                    continue
                yield r.finding(
                    f"environments.{env_name}.systems.{name}.{'.'.join(key)} does not use https",
                    ctx.at("environments", env_name, "systems", name, *key, value=True),
                    "use an https:// URL (plain http is accepted only for localhost)",
                )
