from __future__ import annotations

from collections.abc import Iterable

from sfspec.codes import Code
from sfspec.diagnostics import Diagnostic
from sfspec.model import is_salesforce
from sfspec.model.flows import WriteMode
from sfspec.rules.base import Rule, RuleContext, rule

# External Credentials arrived in API 56.0 (Winter '23); `WITH USER_MODE` and
# `AccessLevel.USER_MODE`, which the generated Apex uses, are generally available from API 57.0
# (Spring '23 release notes, "Enforce User Mode for Database Operations").
MINIMUM_API_VERSION = 57.0
# An update by external ID that never creates (REST `PATCH .../sobjects/X/Key__c/value?updateOnly=true`)
# arrived in API 61.0 (Summer '24).
UPDATE_ONLY_API_VERSION = 61.0


@rule(Code.SFS126, "minimum-api-version")
def check(ctx: RuleContext, r: Rule) -> Iterable[Diagnostic]:
    """sfspec generates External Credentials (API 56.0 and later) and Apex that runs queries and
    DML in user mode (`WITH USER_MODE`, `AccessLevel.USER_MODE`, API 57.0 and later). Raise
    `api_version`; the default is 63.0. A flow that updates existing records by an external ID
    (`write: update`) sends `?updateOnly=true`, which needs API 61.0.
    """
    version = float(ctx.spec.salesforce.api_version)
    spec = ctx.spec
    update_only = sorted(
        name
        for name, flow in spec.flows.items()
        if flow.write == WriteMode.update
        and flow.match_key not in (None, "Id")
        and is_salesforce(spec, flow.target)
        and not is_salesforce(spec, flow.source)
    )
    if MINIMUM_API_VERSION <= version < UPDATE_ONLY_API_VERSION and update_only:
        yield r.finding(
            f"salesforce.api_version {spec.salesforce.api_version} is older than {UPDATE_ONLY_API_VERSION}, "
            f"which flow {update_only[0]!r} needs to update by external ID without creating",
            ctx.at("salesforce", "api_version", value=True),
            "use 63.0 (the default) or at least 61.0, or update by Id (`match_key: Id`)",
        )
    if version < MINIMUM_API_VERSION:
        yield r.finding(
            f"salesforce.api_version {ctx.spec.salesforce.api_version} is older than {MINIMUM_API_VERSION}",
            ctx.at("salesforce", "api_version", value=True),
            "use 63.0 (the default) or at least 57.0",
        )
