from __future__ import annotations

import math
from collections.abc import Iterable
from dataclasses import dataclass

from sfspec.codes import Code
from sfspec.diagnostics import Diagnostic, SourceRange
from sfspec.model import is_salesforce
from sfspec.model.flows import Flow, Timing, Transport
from sfspec.model.spec import Spec
from sfspec.model.systems import SalesforceSettings
from sfspec.rules.base import Rule, RuleContext, rule

# Daily API request allocation per rolling 24 hours: Salesforce Developer Limits and Allocations
# Quick Reference, "API Request Limits and Allocations"
# (https://developer.salesforce.com/docs/atlas.en-us.salesforce_app_limits_cheatsheet.meta/
#  salesforce_app_limits_cheatsheet/salesforce_app_limits_platform_api.htm):
# Developer Edition 15,000 flat; Professional (with API) and Enterprise 100,000 + 1,000 per
# Salesforce licence; Unlimited and Performance 100,000 + 5,000 per licence.
_API_BASE = {
    "developer": 15_000,
    "professional": 100_000,
    "enterprise": 100_000,
    "unlimited": 100_000,
    "performance": 100_000,
}
_API_PER_LICENCE = {
    "developer": 0,
    "professional": 1_000,
    "enterprise": 1_000,
    "unlimited": 5_000,
    "performance": 5_000,
}
# Asynchronous Apex executions (Queueable, future, batch) per rolling 24 hours: the greater of
# 250,000 or 200 × the org's user licences. Apex Developer Guide, "Execution Governors and
# Limits", Lightning Platform Apex Limits
# (https://developer.salesforce.com/docs/atlas.en-us.apexcode.meta/apexcode/apex_gov_limits.htm).
_ASYNC_APEX_FLOOR = 250_000
_ASYNC_APEX_PER_LICENCE = 200
# Event notifications delivered to CometD / Pub/Sub API subscribers per 24 hours (platform
# events and Change Data Capture without the add-on): Platform Events Developer Guide,
# "Platform Event Allocations"
# (https://developer.salesforce.com/docs/atlas.en-us.platform_events.meta/platform_events/platform_event_limits.htm).
_EVENT_DELIVERY = {
    "developer": 10_000,
    "professional": 10_000,
    "enterprise": 25_000,
    "unlimited": 50_000,
    "performance": 50_000,
}
# sObject Collections take at most 200 records per request, so a batch never saves more calls.
_MAX_RECORDS_PER_CALL = 200


@dataclass(frozen=True)
class Budget:
    key: str
    label: str
    limit: int
    hint: str


def budgets(settings: SalesforceSettings) -> dict[str, Budget]:
    edition, licences = settings.edition, settings.licenses
    return {
        "api": Budget(
            "api",
            "daily API requests",
            _API_BASE[edition] + _API_PER_LICENCE[edition] * licences,
            "batch the records (`volume.batch_size`), move them with `transport: bulk` on a schedule, "
            "or buy more API capacity",
        ),
        "async": Budget(
            "async",
            "daily asynchronous Apex executions",
            max(_ASYNC_APEX_FLOOR, _ASYNC_APEX_PER_LICENCE * licences),
            "batch the callouts (`volume.batch_size`) or publish a platform event for middleware "
            "to deliver (`via:` with `transport: streaming`)",
        ),
        "events": Budget(
            "events",
            "daily event deliveries",
            _EVENT_DELIVERY[edition],
            "buy the high-volume event add-on or move the data with `transport: bulk` on a schedule",
        ),
    }


def consumption(spec: Spec, flow: Flow) -> tuple[str, int] | None:
    """Which daily allowance a realtime flow draws on, and how much of it."""
    if flow.timing is not Timing.realtime or flow.volume is None or flow.transport is Transport.bulk:
        return None
    records = flow.volume.records_per_day
    batch = flow.volume.batch_size or 1
    from_sf, to_sf = is_salesforce(spec, flow.source), is_salesforce(spec, flow.target)
    if from_sf and flow.transport is Transport.streaming:
        return "events", records  # each change is one delivered event, whatever the batch
    if from_sf and not flow.via:
        return "async", math.ceil(records / batch)  # one Queueable callout per record or batch
    if from_sf or to_sf:
        return "api", math.ceil(records / min(batch, _MAX_RECORDS_PER_CALL))
    return None


@rule(Code.SFS108, "realtime-volume-exceeds-limits")
def check(ctx: RuleContext, r: Rule) -> Iterable[Diagnostic]:
    """The declared `volume.records_per_day` of each realtime flow is charged to the allowance it
    draws on, from `salesforce.edition` and `salesforce.licenses`: Apex callouts out of
    Salesforce run as asynchronous Apex (the greater of 250,000 or 200 per licence per day);
    systems and middleware calling Salesforce's REST or SOAP API spend API requests (Enterprise
    100,000 + 1,000 per licence, Unlimited/Performance 100,000 + 5,000 per licence, Developer
    15,000); streaming out of Salesforce spends event deliveries (Enterprise 25,000,
    Unlimited/Performance 50,000, Developer/Professional 10,000 per day). A flow that alone
    exceeds an allowance is reported on its volume; when only the sum does, the finding is on
    the largest contributor. Bulk and scheduled flows have their own limits and are not counted.
    Volumes overridden in an environment (`environments.<env>.flows.<flow>.volume`) are checked
    the same way, and reported on the override.
    """
    spec = ctx.spec
    yield from _scenario(ctx, r, spec.flows, None)
    for env_name, env in spec.environments.items():
        overridden = {name: o.volume for name, o in env.flows.items() if o.volume is not None and name in spec.flows}
        if overridden:
            flows = {
                name: f.model_copy(update={"volume": overridden.get(name, f.volume)}) for name, f in spec.flows.items()
            }
            yield from _scenario(ctx, r, flows, (env_name, set(overridden)))


def _scenario(
    ctx: RuleContext, r: Rule, flows: dict[str, Flow], env: tuple[str, set[str]] | None
) -> Iterable[Diagnostic]:
    """Findings for one set of volumes: the spec's own, or an environment's overrides applied."""
    spec = ctx.spec
    limits = budgets(spec.salesforce)
    used: dict[str, list[tuple[int, str]]] = {}
    for flow_name, flow in flows.items():
        drawn = consumption(spec, flow)
        if drawn is not None:
            used.setdefault(drawn[0], []).append((drawn[1], flow_name))

    def at(name: str) -> SourceRange:
        if env is not None and name in env[1]:
            return ctx.at("environments", env[0], "flows", name, "volume")
        return ctx.at("flows", name, "volume")

    where = f" in environment {env[0]!r}" if env else ""
    for key, drawn_by in sorted(used.items()):
        budget = limits[key]
        alone = [(n, name) for n, name in drawn_by if n > budget.limit]
        if env is not None:  # the spec's own volumes were checked already
            alone = [(n, name) for n, name in alone if name in env[1]]
        for n, name in alone:
            yield r.finding(
                f"flow {name!r} needs {n:,} {budget.label}{where}; the org has {budget.limit:,} "
                f"({spec.salesforce.edition}, {spec.salesforce.licenses} licences)",
                at(name),
                budget.hint,
            )
        total = sum(n for n, _ in drawn_by)
        touched = env is None or any(name in env[1] for _, name in drawn_by)
        if not alone and total > budget.limit and touched:
            biggest = max(drawn_by)[1]
            if env is not None:
                biggest = max((n, name) for n, name in drawn_by if name in env[1])[1]
            yield r.finding(
                f"realtime flows together need {total:,} {budget.label}{where} "
                f"({', '.join(name for _, name in sorted(drawn_by, reverse=True))}); "
                f"the org has {budget.limit:,}",
                at(biggest),
                budget.hint,
            )
