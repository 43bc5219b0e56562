from __future__ import annotations

from collections.abc import Iterable

from sfspec.codes import Code
from sfspec.diagnostics import Diagnostic
from sfspec.model import is_salesforce
from sfspec.model.flows import Timing, Transport
from sfspec.rules.base import Rule, RuleContext, rule

# Salesforce's guidance is to use Bulk API 2.0 for loads and extracts of more than about 2,000
# records at a time; a scheduled REST/SOAP flow that moves more than 10,000 a day spends a
# large share of the daily API requests on what one bulk job does.
BULK_ABOVE_PER_DAY = 10_000
# One Apex callout per change is fine for a trickle; above about one change a second, let
# Salesforce publish Change Data Capture or platform events and let middleware deliver them.
STREAM_ABOVE_PER_HOUR = 3_600


@rule(Code.SFS120, "transport-fits-volume")
def check(ctx: RuleContext, r: Rule) -> Iterable[Diagnostic]:
    """Scheduled REST or SOAP flows of more than 10,000 records a day should use `transport:
    bulk` (Bulk API 2.0 jobs have their own, much larger allowance). A realtime bulk flow
    queues a job per change; use rest or streaming for realtime. Realtime Apex callouts out of
    Salesforce peaking above 3,600 records an hour should publish events instead (`via:` a
    middleware system with `transport: streaming`).
    """
    spec = ctx.spec
    for name, flow in spec.flows.items():
        at = ctx.at("flows", name, "transport", value=True)
        if flow.timing is Timing.realtime and flow.transport is Transport.bulk:
            yield r.finding(
                f"realtime flow {name!r} uses bulk",
                at,
                "Bulk API jobs take minutes to start; use rest or streaming, or schedule the flow",
            )
        if flow.volume is None:
            continue
        per_day, peak = flow.volume.records_per_day, flow.volume.peak_per_hour or 0
        if (
            flow.timing is Timing.scheduled
            and flow.transport in (Transport.rest, Transport.soap)
            and per_day > BULK_ABOVE_PER_DAY
        ):
            yield r.finding(
                f"scheduled flow {name!r} moves {per_day:,} records a day over {flow.transport}",
                at,
                "use `transport: bulk` for more than 10,000 records a day",
            )
        if (
            flow.timing is Timing.realtime
            and flow.transport in (Transport.rest, Transport.soap)
            and not flow.via
            and is_salesforce(spec, flow.source)
            and peak > STREAM_ABOVE_PER_HOUR
        ):
            yield r.finding(
                f"realtime flow {name!r} makes up to {peak:,} Apex callouts an hour",
                at,
                "publish changes as events (`transport: streaming`, `event: cdc`) for middleware to deliver",
            )
