"""Flows between systems: transport, timing, trigger, mappings, volume and retry (the enums are in
sfspec/model/flows.py)."""

# No `from __future__ import annotations` in the language modules: pydantic would compile every
# field's annotation back from its string when the class is built.

from typing import Annotated, Literal

from pydantic import Field, StringConstraints

from sfspec.model.flows import Direction, StreamingEvent, Timing, Transform, Transport, TriggerEvent, WriteMode
from sfspec.model.language.base import Strict
from sfspec.model.language.patterns import ApiName, Description, RemotePath, SystemName
from sfspec.model.objects import ConflictPolicy
from sfspec.model.patterns import CRON_PATTERN


class Trigger(Strict):
    """Which record changes start a flow that leaves Salesforce."""

    on: list[TriggerEvent] = Field(
        default_factory=lambda: [TriggerEvent.create, TriggerEvent.update],
        min_length=1,
        description="Record events that start the flow.",
    )
    fields: list[ApiName] | None = Field(
        None, description="Only when one of these fields changes (default: the mapped fields the source owns)."
    )


class Receive(Strict):
    """How middleware receives data from a system for a flow into Salesforce."""

    mode: Literal["http", "kafka", "poll", "file"] = Field(description="Webhook, Kafka topic, polling or a file drop.")
    path: RemotePath | None = Field(None, description="HTTP path to listen on, or the remote path to poll or read.")
    topic: Annotated[str, StringConstraints(pattern=r"^[A-Za-z0-9._-]{1,249}$")] | None = Field(
        None, description="Kafka topic (mode kafka)."
    )
    interval_seconds: int | None = Field(None, ge=5, le=86400, description="Polling interval (mode poll).")


class Endpoint(Strict):
    """Where on the target system a flow writes."""

    path: RemotePath = Field(description="Path appended to the target system's base URL, e.g. `/api/v1/customers`.")
    method: Literal["POST", "PUT", "PATCH"] = Field("POST", description="HTTP method for REST calls.")
    soap_action: Annotated[str, StringConstraints(max_length=512)] | None = Field(
        None, description="SOAPAction header (soap transport)."
    )
    operation: Annotated[str, StringConstraints(pattern=r"^[A-Za-z_][A-Za-z0-9_.-]{0,127}$")] | None = Field(
        None, description="SOAP body element / operation name (soap transport)."
    )
    id_path: Annotated[str, StringConstraints(pattern=r"^[A-Za-z_][A-Za-z0-9_.]{0,127}$")] | None = Field(
        None, description="Where the target's reply carries its record id (written back to the external-ID field)."
    )


class Mapping(Strict):
    """One field mapping: a Salesforce field and where it lives on the remote side."""

    field: Annotated[str, StringConstraints(pattern=r"^(?:[A-Za-z][A-Za-z0-9_]*\.)?[A-Za-z][A-Za-z0-9_]*$")] = Field(
        description="Salesforce field API name (`Field__c`, or `Object.Field__c` in multi-object flows)."
    )
    remote: Annotated[str, StringConstraints(pattern=r"^[A-Za-z_][A-Za-z0-9_]*(?:\.[A-Za-z_][A-Za-z0-9_]*)*$")] = Field(
        description="Path of the value in the remote payload, dotted for nesting (`address.city`)."
    )
    transform: Transform = Field(Transform.none, description="Simple transform applied on the way.")


class Volume(Strict):
    """Declared data volume, for the limits budget and transport checks."""

    records_per_day: int = Field(ge=0, le=10_000_000_000, description="Records moved per day.")
    peak_per_hour: int | None = Field(None, ge=0, le=10_000_000_000, description="Records in the busiest hour.")
    batch_size: int | None = Field(None, ge=1, le=10000, description="Records per transaction/batch.")


class Retry(Strict):
    """Retry policy of generated callouts and routes (exponential back-off, then dead letter)."""

    max_attempts: int = Field(5, ge=1, le=10, description="Attempts before a message is dead-lettered.")
    initial_delay_seconds: int = Field(60, ge=1, le=3600, description="Delay before the first retry.")
    max_delay_seconds: int = Field(600, ge=1, le=86400, description="Cap of the exponential delay.")


class Flow(Strict):
    """A movement of data from a source system to a target system."""

    description: Description | None = None
    source: SystemName = Field(description="System the data comes from.")
    target: SystemName = Field(description="System the data goes to.")
    object: ApiName | None = Field(None, description="The object the flow moves.")
    objects: list[ApiName] | None = Field(None, min_length=1, description="Several objects (bulk exports).")
    via: SystemName | None = Field(
        None, description="Middleware system the flow passes through; without it, Salesforce calls out from Apex."
    )
    trigger: Trigger | None = Field(None, description="Record events that start an outbound flow.")
    receive: Receive | None = Field(None, description="How middleware receives inbound data.")
    timing: Timing = Field(
        Timing.realtime, description="realtime, scheduled (needs `schedule`) or on_demand (user-started)."
    )
    schedule: Annotated[str, StringConstraints(pattern=CRON_PATTERN, max_length=120)] | None = Field(
        None, description="Cron expression (5 fields, UTC) for scheduled flows, e.g. `0 2 * * *`."
    )
    transport: Transport = Field(description="Salesforce API used: rest, soap, bulk or streaming.")
    event: StreamingEvent | None = Field(None, description="For streaming: platform_event or cdc.")
    endpoint: Endpoint | None = Field(None, description="Where the flow writes on the target system.")
    mapping: list[Mapping] = Field(default_factory=list, description="Field mapping, Salesforce ↔ remote.")
    match_key: ApiName | None = Field(
        None, description="External-ID field used to match records (upsert key); `Id` with `write: update`."
    )
    write: WriteMode = Field(
        WriteMode.upsert,
        description="Into Salesforce: upsert (create or update by match_key) or update (existing records only: "
        "by `Id`, or by an external ID with REST, API 61.0+).",
    )
    direction: Direction = Field(Direction.one_way, description="one_way, or bidirectional with a conflict policy.")
    conflict: ConflictPolicy | None = Field(None, description="Conflict policy for bidirectional flows.")
    volume: Volume | None = Field(None, description="Declared volume: records per day, peak per hour, batch size.")
    retry: Retry = Field(default_factory=Retry, description="Retry policy before a message is dead-lettered.")
