"""What each flow costs Salesforce per 24 h (or per hour / per transaction), from its declared volume.

The mechanism follows what sfspec generates for the flow (generate/middleware/flows.py and
docs/salesforce-output.md):
- into Salesforce, realtime: the middleware upserts record by record over REST (one request per
  record), or in sObject Collections of 200 when it polls the source;
- into Salesforce, scheduled or `bulk`: one Bulk API 2.0 ingest job per run and object;
- out of Salesforce, realtime through middleware or `streaming`: the middleware subscribes (Pub/Sub
  API) to Change Data Capture or a platform event: one delivery per record change;
- out of Salesforce, realtime without middleware: trigger → platform event (published after
  commit) → event trigger → Queueable making one callout per record, at most CALLOUTS_PER_JOB per
  job (calloutsPerJob = min(99, 120 s / timeout − margin): 100 callouts and 120 s of callout
  time per transaction);
- out of Salesforce, scheduled: one Bulk API 2.0 query job per run and object (REST queries of
  2,000 records a page when the transport is `rest`/`soap`).
Retries are not counted: these are first-attempt figures.
"""

from __future__ import annotations

from collections.abc import Mapping
from dataclasses import dataclass, field
from math import ceil

from sfspec.landscape.limits import allocations as A
from sfspec.landscape.limits.schedule import runs_per_day
from sfspec.model import flow_objects, salesforce_system
from sfspec.model.flows import Direction, Flow, StreamingEvent, Timing, Transport
from sfspec.model.spec import Spec

COLLECTION_SIZE = 200  # records per sObject Collections request (REST API Developer Guide, sObject Collections)
QUERY_PAGE = 2_000  # records per REST query page before nextRecordsUrl (REST API Developer Guide, Query)
BULK_BATCH_RECORDS = 10_000  # Bulk API 2.0 makes one batch per 10,000 ingested records [BULK2]
BULK_INGEST_REQUESTS_PER_JOB = 5  # create, upload CSV, close (UploadComplete), poll state, failed results
BULK_QUERY_REQUESTS_PER_JOB = 3  # create, poll state, first results page
BULK_QUERY_PAGE = 50_000  # records per results page the client asks for (maxRecords)
CALLOUTS_PER_JOB = 10  # records (one callout each) per generated Queueable, 10 s timeout each
CALLOUT_TIMEOUT_SECONDS = 10
BULK_THRESHOLD = 2_000  # "more than 2,000 records is a good candidate for Bulk API 2.0" [QR-BULK]
FREQUENT_CHANGES_PER_HOUR = 3_600  # about one a second: "frequent changes", stream them (as rule SFS120)
MANY_SINGLE_REQUESTS = 10_000  # per-record requests per day worth batching


@dataclass(frozen=True)
class FlowEstimate:
    flow: str
    mechanism: str  # how the flow reaches Salesforce, in words
    usage: Mapping[str, int] = field(default_factory=dict)  # limit key → amount in that limit's window
    api_options: Mapping[str, int] = field(default_factory=dict)  # API requests per 24 h, per way of moving it
    suggestion: str | None = None  # the transport the volume calls for, and why


def _add(usage: dict[str, int], key: str, amount: int) -> None:
    if amount:
        usage[key] = usage.get(key, 0) + amount


def _options(records: int, jobs: int, per_job: int) -> dict[str, int]:
    return {
        "REST, one record a request": records,
        "sObject Collections (200 a request)": ceil(records / COLLECTION_SIZE),
        "Bulk API 2.0": jobs * BULK_INGEST_REQUESTS_PER_JOB if per_job else 0,
    }


def _inbound(flow: Flow, records: int, runs: int, objects: int, usage: dict[str, int]) -> str:
    if flow.transport is Transport.bulk or flow.timing is Timing.scheduled:
        jobs = runs * objects
        per_job = ceil(records / jobs)
        _add(usage, A.API_REQUESTS.key, jobs * BULK_INGEST_REQUESTS_PER_JOB)
        _add(usage, A.BULK_BATCHES.key, jobs * ceil(per_job / BULK_BATCH_RECORDS))
        _add(usage, A.BULK_RECORDS.key, records)
        return f"Bulk API 2.0 ingest: {jobs:,} job(s) a day of ~{per_job:,} records"
    if flow.receive is not None and flow.receive.mode == "poll":
        _add(usage, A.API_REQUESTS.key, ceil(records / COLLECTION_SIZE))
        return "polled batches upserted with sObject Collections (200 a request)"
    _add(usage, A.API_REQUESTS.key, records)
    return "REST upsert, one request per record"


def _outbound(flow: Flow, records: int, peak: int, runs: int, objects: int, usage: dict[str, int]) -> str:
    if flow.timing is Timing.scheduled or flow.transport is Transport.bulk:
        jobs = runs * objects
        per_job = ceil(records / jobs)
        if flow.transport in (Transport.rest, Transport.soap):
            _add(usage, A.API_REQUESTS.key, jobs * max(1, ceil(per_job / QUERY_PAGE)))
            return f"REST queries: {jobs:,} a day of ~{per_job:,} records, 2,000 a page"
        _add(
            usage,
            A.API_REQUESTS.key,
            jobs * (BULK_QUERY_REQUESTS_PER_JOB + max(0, ceil(per_job / BULK_QUERY_PAGE) - 1)),
        )
        _add(usage, A.BULK_QUERY_JOBS.key, jobs)
        return f"Bulk API 2.0 query: {jobs:,} job(s) a day of ~{per_job:,} records"
    if flow.via or flow.transport is Transport.streaming:
        _add(usage, A.EVENT_DELIVERY.key, records)
        if flow.event is not StreamingEvent.cdc:
            _add(usage, A.EVENT_PUBLISHING.key, peak)
        channel = "Change Data Capture" if flow.event is StreamingEvent.cdc else "a platform event"
        return f"{channel} delivered to {'the middleware' if flow.via else 'the subscriber'} (Pub/Sub API)"
    if flow.timing is Timing.on_demand:
        _add(usage, A.CALLOUTS.key, 1)
        _add(usage, A.CALLOUT_SECONDS.key, CALLOUT_TIMEOUT_SECONDS)
        return "synchronous Apex callout started by a user"
    per_job = (flow.volume.batch_size if flow.volume and flow.volume.batch_size else None) or CALLOUTS_PER_JOB
    _add(usage, A.EVENT_PUBLISHING.key, peak)
    _add(usage, A.ASYNC_APEX.key, ceil(records / per_job))
    _add(usage, A.CALLOUTS.key, per_job)
    _add(usage, A.CALLOUT_SECONDS.key, per_job * CALLOUT_TIMEOUT_SECONDS)
    _add(usage, A.ENQUEUES.key, 1)
    return f"platform event → Queueable Apex callouts, {per_job} per job"


def _suggest(flow: Flow, inbound: bool, records: int, peak: int, per_run: int) -> str | None:
    batch = flow.timing is Timing.scheduled or flow.transport is Transport.bulk
    if batch and flow.transport in (Transport.rest, Transport.soap) and per_run > BULK_THRESHOLD:
        return (
            f"use transport bulk: ~{per_run:,} records a run; Bulk API 2.0 is the fit above "
            f"{BULK_THRESHOLD:,} records (large loads, migrations and backups)"
        )
    if flow.transport is Transport.bulk and per_run < BULK_THRESHOLD:
        return (
            f"use transport rest: only ~{per_run:,} records a run; below {BULK_THRESHOLD:,} records "
            "bulkified REST (sObject Collections) is the fit"
        )
    if not inbound and not batch and flow.transport is not Transport.streaming and peak > FREQUENT_CHANGES_PER_HOUR:
        return (
            f"use transport streaming (event: cdc, via middleware): {peak:,} changes in the peak hour "
            "are frequent changes; Change Data Capture pushes them without Apex jobs or polling"
        )
    if inbound and not batch and records > MANY_SINGLE_REQUESTS and not (flow.receive and flow.receive.mode == "poll"):
        return (
            f"batch the writes: {records:,} single-record requests a day; sObject Collections "
            f"(200 a request) would need {ceil(records / COLLECTION_SIZE):,}, or use bulk on a schedule"
        )
    return None


def estimate(spec: Spec, name: str, flow: Flow) -> FlowEstimate:
    sf = salesforce_system(spec)
    if flow.volume is None:
        return FlowEstimate(name, "no volume declared: not estimated")
    touches_in = flow.target == sf and flow.source != sf
    touches_out = flow.source == sf and flow.target != sf
    if flow.direction is Direction.bidirectional and (touches_in or touches_out):
        touches_in = touches_out = True
    if not (touches_in or touches_out):
        return FlowEstimate(name, "does not read or write Salesforce")
    records = flow.volume.records_per_day
    peak = flow.volume.peak_per_hour if flow.volume.peak_per_hour is not None else ceil(records / 24)
    objects = max(1, len(flow_objects(flow)))
    runs = runs_per_day(flow)
    per_run = ceil(records / (runs * objects))
    usage: dict[str, int] = {}
    ways = []
    if touches_in:
        ways.append(_inbound(flow, records, runs, objects, usage))
    if touches_out:
        ways.append(_outbound(flow, records, peak, runs, objects, usage))
    return FlowEstimate(
        name,
        "; ".join(ways),
        usage,
        _options(records, runs * objects, per_run),
        _suggest(flow, touches_in and not touches_out, records, peak, per_run),
    )
