from __future__ import annotations

from collections.abc import Iterable

from sfspec.codes import Code
from sfspec.diagnostics import Diagnostic
from sfspec.model.systems import Auth
from sfspec.rules.base import Rule, RuleContext, rule

# protocol -> (required keys, optional keys)
PROTOCOL_KEYS: dict[str, tuple[tuple[str, ...], tuple[str, ...]]] = {
    "oauth_client_credentials": (("token_url", "client_id", "client_secret"), ("scope",)),
    "jwt_bearer": (("token_url", "client_id", "username", "private_key"), ("scope",)),
    "basic": (("username", "password"), ()),
    "api_key": (("header", "api_key"), ("header_prefix",)),
    "aws_sigv4": (("access_key_id", "secret_access_key", "region", "service"), ()),
    "none": ((), ()),
}


def _problems(auth: Auth, path: tuple[str | int, ...], ctx: RuleContext, r: Rule) -> Iterable[Diagnostic]:
    required, optional = PROTOCOL_KEYS[auth.protocol]
    set_keys = [k for k in auth.field_names() if k != "protocol" and getattr(auth, k) is not None]
    missing = [k for k in required if getattr(auth, k) is None]
    if missing:
        yield r.finding(
            f"auth protocol {auth.protocol!r} needs {', '.join(missing)}",
            ctx.at(*path, "protocol", value=True),
            "add " + ", ".join(f"`{k}:`" for k in missing) + " (secrets as `secret:NAME` or `env:NAME`)",
        )
    for key in set_keys:
        if key not in required and key not in optional:
            yield r.finding(
                f"{key!r} does not apply to auth protocol {auth.protocol!r}",
                ctx.at(*path, key),
                f"{auth.protocol} uses: {', '.join(required + optional) or 'nothing'}",
            )


@rule(Code.SFS118, "auth-references")
def check(ctx: RuleContext, r: Rule) -> Iterable[Diagnostic]:
    """`oauth_client_credentials` needs `token_url`, `client_id`, `client_secret` (`scope`
    optional); `jwt_bearer` needs `token_url`, `client_id`, `username`, `private_key`; `basic`
    needs `username`, `password`; `api_key` needs `header`, `api_key` (`header_prefix`, text sent
    before the key, optional); `aws_sigv4` needs `access_key_id`, `secret_access_key`, `region`,
    `service`; `none` takes nothing. The
    generated Named and External Credentials are built from exactly these parts. Environment
    overrides of `auth` are checked the same way.
    """
    for name, system in ctx.spec.systems.items():
        if system.auth is not None:
            yield from _problems(system.auth, ("systems", name, "auth"), ctx, r)
    for env_name, env in ctx.spec.environments.items():
        for name, override in env.systems.items():
            if override.auth is not None:
                yield from _problems(override.auth, ("environments", env_name, "systems", name, "auth"), ctx, r)
