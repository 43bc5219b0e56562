"""Salesforce's allocations that an integration landscape consumes, per edition and licence count.

Figures and where they come from (Salesforce documentation, as published for API version 63.0):
- [QR-API] "Salesforce Developer Limits and Allocations Quick Reference" → "API Request Limits and
  Allocations" → Total API Request Allocations: Developer Edition 15,000 per 24 h; Enterprise and
  Professional (with API access) 100,000 + 1,000 per Salesforce licence; Unlimited and Performance
  100,000 + 5,000 per Salesforce licence.
- [APEX] Apex Developer Guide "Execution Governors and Limits" → Lightning Platform Apex Limits:
  asynchronous Apex executions (batch, future, queueable, scheduled) per 24 h = the greater of
  250,000 and 200 × user licences. Per-transaction limits: 100 callouts, 120 s cumulative callout
  time, `System.enqueueJob` 50 in a synchronous and 1 in an asynchronous transaction.
- [QR-BULK] Quick Reference → "Bulk API and Bulk API 2.0 Limits and Allocations": 15,000 batches
  per rolling 24 h, shared by Bulk API and Bulk API 2.0 ingest (query jobs consume none).
  [BULK2] Bulk API 2.0 Developer Guide "Limits and Allocations" / "Understanding Bulk API 2.0
  Ingest": 150,000,000 ingested records per 24 h, one batch per 10,000 records, 10,000 query jobs
  per 24 h.
- [PE] Platform Events Developer Guide "Platform Event Allocations" (default allocations, no
  add-on licence) and Change Data Capture Developer Guide "Change Data Capture Allocations": event
  delivery to Pub/Sub API and CometD clients, shared by high-volume platform events and change
  events, per 24 h: Performance/Unlimited 50,000, Enterprise 25,000, Developer and Professional
  10,000 (Apex triggers, flows and processes do not count). Event publishing per hour:
  Performance/Unlimited/Enterprise 250,000, Developer and Professional 50,000.
A live org's `/limits` resource ([REST] REST API Developer Guide "Limits") gives the org's real
maxima, which win over these defaults (add-on licences raise them).
"""

from __future__ import annotations

from collections.abc import Mapping
from dataclasses import dataclass
from enum import Enum


class Window(str, Enum):
    DAY = "per 24 h"
    HOUR = "per hour"
    TRANSACTION = "per transaction"


@dataclass(frozen=True)
class LimitDef:
    key: str  # our name; `limits_key` is Salesforce's /limits name when there is one
    label: str
    window: Window
    source: str
    limits_key: str | None = None


API_REQUESTS = LimitDef("api_requests", "API requests", Window.DAY, "QR-API", "DailyApiRequests")
ASYNC_APEX = LimitDef("async_apex", "Async Apex executions", Window.DAY, "APEX", "DailyAsyncApexExecutions")
BULK_BATCHES = LimitDef("bulk_batches", "Bulk API batches", Window.DAY, "QR-BULK", "DailyBulkApiBatches")
BULK_RECORDS = LimitDef("bulk_ingest_records", "Bulk API 2.0 ingested records", Window.DAY, "BULK2")
BULK_QUERY_JOBS = LimitDef("bulk_query_jobs", "Bulk API 2.0 query jobs", Window.DAY, "BULK2", "DailyBulkV2QueryJobs")
EVENT_DELIVERY = LimitDef(
    "event_delivery", "Event deliveries (platform events + CDC)", Window.DAY, "PE", "DailyDeliveredPlatformEvents"
)
EVENT_PUBLISHING = LimitDef(
    "event_publishing", "Platform events published", Window.HOUR, "PE", "HourlyPublishedPlatformEvents"
)
CALLOUTS = LimitDef("callouts", "Callouts", Window.TRANSACTION, "APEX")
CALLOUT_SECONDS = LimitDef("callout_seconds", "Callout time (s)", Window.TRANSACTION, "APEX")
ENQUEUES = LimitDef("queueable_enqueues", "Queueable jobs enqueued", Window.TRANSACTION, "APEX")

ALL: tuple[LimitDef, ...] = (
    API_REQUESTS,
    ASYNC_APEX,
    BULK_BATCHES,
    BULK_RECORDS,
    BULK_QUERY_JOBS,
    EVENT_DELIVERY,
    EVENT_PUBLISHING,
    CALLOUTS,
    CALLOUT_SECONDS,
    ENQUEUES,
)

# [QR-API]: (base, per Salesforce licence)
_API = {
    "developer": (15_000, 0),
    "professional": (100_000, 1_000),
    "enterprise": (100_000, 1_000),
    "unlimited": (100_000, 5_000),
    "performance": (100_000, 5_000),
}
# [PE]: (delivered per 24 h, published per hour)
_EVENTS = {
    "developer": (10_000, 50_000),
    "professional": (10_000, 50_000),
    "enterprise": (25_000, 250_000),
    "unlimited": (50_000, 250_000),
    "performance": (50_000, 250_000),
}

BULK_BATCHES_PER_DAY = 15_000  # [QR-BULK]
BULK_INGEST_RECORDS_PER_DAY = 150_000_000  # [BULK2]
BULK_QUERY_JOBS_PER_DAY = 10_000  # [BULK2]
CALLOUTS_PER_TRANSACTION = 100  # [APEX]
CALLOUT_SECONDS_PER_TRANSACTION = 120  # [APEX] cumulative timeout of all callouts in a transaction
ENQUEUES_ASYNC_TRANSACTION = 1  # [APEX] System.enqueueJob from an asynchronous context (a PE trigger)


@dataclass(frozen=True)
class Allocation:
    limit: LimitDef
    maximum: int
    in_use: int | None = None  # what the org already consumes now (live /limits), if known
    from_org: bool = False  # maximum read from the org's /limits rather than computed


def default_maximum(limit: LimitDef, edition: str, licenses: int) -> int:
    base, per_licence = _API.get(edition, _API["enterprise"])
    delivered, published = _EVENTS.get(edition, _EVENTS["enterprise"])
    return {
        "api_requests": base + per_licence * licenses,
        "async_apex": max(250_000, 200 * licenses),
        "bulk_batches": BULK_BATCHES_PER_DAY,
        "bulk_ingest_records": BULK_INGEST_RECORDS_PER_DAY,
        "bulk_query_jobs": BULK_QUERY_JOBS_PER_DAY,
        "event_delivery": delivered,
        "event_publishing": published,
        "callouts": CALLOUTS_PER_TRANSACTION,
        "callout_seconds": CALLOUT_SECONDS_PER_TRANSACTION,
        "queueable_enqueues": ENQUEUES_ASYNC_TRANSACTION,
    }[limit.key]


def allocations(
    edition: str, licenses: int, org_limits: Mapping[str, Mapping[str, int]] | None = None
) -> dict[str, Allocation]:
    """Every allocation: the org's /limits maximum when it reports one, else the documented default."""
    found = {}
    for limit in ALL:
        reported = (org_limits or {}).get(limit.limits_key or "") if limit.limits_key else None
        if reported and isinstance(reported.get("Max"), int) and reported["Max"] > 0:
            maximum = int(reported["Max"])
            remaining = reported.get("Remaining")
            in_use = maximum - int(remaining) if isinstance(remaining, int) else None
            found[limit.key] = Allocation(limit, maximum, in_use, True)
        else:
            found[limit.key] = Allocation(limit, default_maximum(limit, edition, licenses))
    return found
