from __future__ import annotations

from collections.abc import Iterable

from sfspec.diagnostics import Diagnostic
from sfspec.rules.base import Rule, RuleContext, rule

# External Credentials arrived in API 56.0 (Winter '23); `WITH USER_MODE` and
# `AccessLevel.USER_MODE`, which the generated Apex uses, are generally available from API 57.0
# (Spring '23 release notes, "Enforce User Mode for Database Operations").
MINIMUM_API_VERSION = 57.0


@rule("SFS126", "minimum-api-version")
def check(ctx: RuleContext, r: Rule) -> Iterable[Diagnostic]:
    """sfspec generates External Credentials (API 56.0 and later) and Apex that runs queries and
    DML in user mode (`WITH USER_MODE`, `AccessLevel.USER_MODE`, API 57.0 and later). Raise
    `api_version`; the default is 63.0.
    """
    version = float(ctx.spec.salesforce.api_version)
    if version < MINIMUM_API_VERSION:
        yield r.finding(
            f"salesforce.api_version {ctx.spec.salesforce.api_version} is older than {MINIMUM_API_VERSION}",
            ctx.at("salesforce", "api_version", value=True),
            "use 63.0 (the default) or at least 57.0",
        )
