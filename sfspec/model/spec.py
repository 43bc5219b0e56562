"""Stage 3: the spec language as pydantic models.

These models are the single source of the language: schemas/sfspec.schema.json is generated from
them (`python -m sfspec.model.schema`), and a test fails when the committed schema is stale.
Every model is frozen and forbids unknown keys; descriptions become editor hover docs.
"""

from __future__ import annotations

import re
from typing import Annotated, Literal

from pydantic import (
    AfterValidator,
    ConfigDict,
    Field,
    PlainSerializer,
    PlainValidator,
    StringConstraints,
    WithJsonSchema,
)

from sfspec.enums import StrEnum
from sfspec.model.base import Strict
from sfspec.model.existing import DISPLAY_FORMAT, FORMULA, LookupFilter, Manage, Summary, TriggerMode
from sfspec.orgref import ORG_FORMS, ORG_REF_PATTERN, OrgRef

# ── names ────────────────────────────────────────────────────────────────────────────────────
# Salesforce API names: letters, digits and single underscores, optional namespace and suffix.
API_NAME_PATTERN = (
    r"^(?:[A-Za-z][A-Za-z0-9]*(?:_[A-Za-z0-9]+)*__)?[A-Za-z][A-Za-z0-9]*(?:_[A-Za-z0-9]+)*(?:__(?:c|e|mdt|x|b|r))?$"
)
SYSTEM_NAME_PATTERN = r"^[a-z][a-z0-9_]{0,39}$"
FLOW_NAME_PATTERN = r"^[a-z][a-z0-9]*(?:[-_][a-z0-9]+)*$"
ENV_NAME_PATTERN = r"^[a-z][a-z0-9_-]{0,39}$"
SECRET_REF_PATTERN = r"^(?:secret|env):[A-Za-z_][A-Za-z0-9_./-]{0,127}$"
CRON_PATTERN = r"^\S+( \S+){4,5}$"

ApiName = Annotated[str, StringConstraints(pattern=API_NAME_PATTERN, max_length=80)]
SystemName = Annotated[str, StringConstraints(pattern=SYSTEM_NAME_PATTERN)]
FlowName = Annotated[str, StringConstraints(pattern=FLOW_NAME_PATTERN, max_length=60)]
EnvName = Annotated[str, StringConstraints(pattern=ENV_NAME_PATTERN)]
SecretRef = Annotated[
    str,
    StringConstraints(pattern=SECRET_REF_PATTERN),
    Field(description="A reference to a secret, never its value: `secret:NAME` (secret store) or `env:NAME`."),
]
# Free text ends up in metadata XML, Apex comments and Markdown. XML 1.0 cannot hold C0 control
# characters (other than tab and newlines) or U+FFFE/U+FFFF, and a generator that drops them would
# emit an empty label or picklist value; a label is one line with something visible on it.
_LABEL_CHAR = r"[^\x00-\x1f\x85\u2028\u2029\uFFFE\uFFFF]"
LABEL_PATTERN = rf"^{_LABEL_CHAR}*[^\s\x00-\x1f\x85\u2028\u2029\uFFFE\uFFFF]{_LABEL_CHAR}*$"
TEXT_PATTERN = r"^[^\x00-\x08\x0b\x0c\x0e-\x1f\uFFFE\uFFFF]*$"
Label = Annotated[
    str,
    StringConstraints(min_length=1, max_length=255, pattern=LABEL_PATTERN),
    Field(description="Human-readable name."),
]
Description = Annotated[
    str,
    StringConstraints(max_length=4000, pattern=TEXT_PATTERN),
    Field(description="Free text for readers of the spec and of generated docs."),
]
# RFC 6749 §3.3: scope tokens of visible ASCII except `"` and `\`, separated by single spaces.
# `{` and `}` are refused too: the scope is copied into Camel's application.properties and into
# a Simple expression, where `{{env:NAME}}` / `${...}` would be resolved (a secret sent away).
SCOPE_TOKEN = r"[\x21\x23-\x5b\x5d-\x7a\x7c\x7e]+"
SCOPE_PATTERN = rf"^{SCOPE_TOKEN}( {SCOPE_TOKEN})*$"
HttpUrl = Annotated[str, StringConstraints(pattern=r"^[a-zA-Z][a-zA-Z0-9+.-]*://[^\s]+$", max_length=2048)]
RemotePath = Annotated[str, StringConstraints(min_length=1, max_length=255, pattern=r"^[^\s]+$")]


# ── salesforce settings ──────────────────────────────────────────────────────────────────────
class Edition(StrEnum):
    """Salesforce edition of the org; sets the daily API and event allowances."""

    developer = "developer"
    professional = "professional"
    enterprise = "enterprise"
    unlimited = "unlimited"
    performance = "performance"


class SalesforceSettings(Strict):
    """Org-wide settings for the Salesforce side of the landscape."""

    api_version: Annotated[str, StringConstraints(pattern=r"^[4-9][0-9]\.0$")] = Field(
        "63.0", description="Metadata and REST API version for generated source, e.g. `63.0`."
    )
    integration_user: Annotated[str, StringConstraints(max_length=255)] | None = Field(
        None, description="Username of the integration user; its writes are not echoed back (echo suppression)."
    )
    integration_permission_set: ApiName = Field(
        "sfspec_Integration",
        description="Permission set granted to the integration user: "
        "inbound object/field access and the bypass permission.",
    )
    edition: Edition = Field(Edition.enterprise, description="Salesforce edition, for the limits budget.")
    licenses: int = Field(
        10, ge=1, le=10_000_000, description="Number of full Salesforce licences, for the limits budget."
    )
    trigger_framework: Literal["sfspec", "trigger_actions"] = Field(
        "sfspec", description="Trigger framework the generated handlers plug into."
    )


# ── systems ──────────────────────────────────────────────────────────────────────────────────
class SystemKind(StrEnum):
    """What role a system plays in the landscape."""

    salesforce = "salesforce"
    erp = "erp"
    accounting = "accounting"
    marketing = "marketing"
    warehouse = "warehouse"
    bi = "bi"
    middleware = "middleware"
    custom = "custom"


class AuthProtocol(StrEnum):
    """How generated code authenticates to a system."""

    oauth_client_credentials = "oauth_client_credentials"
    jwt_bearer = "jwt_bearer"
    basic = "basic"
    api_key = "api_key"
    aws_sigv4 = "aws_sigv4"
    none = "none"


class Auth(Strict):
    """How sfspec-generated code authenticates to a system. Secret parts are references only."""

    protocol: AuthProtocol = Field(description="Authentication protocol.")
    token_url: HttpUrl | None = Field(None, description="OAuth token endpoint (oauth_client_credentials, jwt_bearer).")
    client_id: SecretRef | None = Field(None, description="OAuth client id reference.")
    client_secret: SecretRef | None = Field(None, description="OAuth client secret reference.")
    scope: Annotated[str, StringConstraints(max_length=1000, pattern=SCOPE_PATTERN)] | None = Field(
        None, description="OAuth scopes, space-separated (RFC 6749 §3.3), e.g. `customers.write api`."
    )
    username: SecretRef | None = Field(None, description="User name reference (basic, jwt_bearer subject).")
    password: SecretRef | None = Field(None, description="Password reference (basic).")
    private_key: SecretRef | None = Field(None, description="Signing key reference (jwt_bearer).")
    header: Annotated[str, StringConstraints(pattern=r"^[A-Za-z0-9-]{1,64}$")] | None = Field(
        None, description="Header that carries the API key (api_key), e.g. `X-API-Key`."
    )
    api_key: SecretRef | None = Field(None, description="API key reference (api_key).")
    header_prefix: Annotated[str, StringConstraints(pattern=r"^[A-Za-z0-9._:/+=-]{1,32} ?$")] | None = Field(
        None, description="Text sent before the API key in its header (api_key), e.g. `token ` or `Bearer `."
    )
    access_key_id: SecretRef | None = Field(None, description="AWS access key id reference (aws_sigv4).")
    secret_access_key: SecretRef | None = Field(None, description="AWS secret access key reference (aws_sigv4).")
    region: Annotated[str, StringConstraints(pattern=r"^[a-z]{2}(-[a-z]+)+-\d$")] | None = Field(
        None, description="AWS region (aws_sigv4)."
    )
    service: Annotated[str, StringConstraints(pattern=r"^[a-z0-9-]{1,64}$")] | None = Field(
        None, description="AWS service name (aws_sigv4), e.g. `execute-api`."
    )


class RateLimit(Strict):
    """Request limits of a system, respected by generated callouts and routes."""

    requests_per_second: float | None = Field(None, gt=0, description="Sustained request rate the system accepts.")
    requests_per_day: int | None = Field(None, gt=0, description="Daily request quota of the system.")


class Engine(StrEnum):
    """Middleware engine sfspec generates configuration for."""

    camel = "camel"
    meltano = "meltano"


class System(Strict):
    """One system of the landscape: the Salesforce org or a system it exchanges data with."""

    kind: SystemKind = Field(description="What the system is; exactly one system is `salesforce`.")
    label: Label | None = Field(None, description="Human-readable name.")
    description: Description | None = None
    base_url: HttpUrl | None = Field(None, description="Base URL of the system's API (https).")
    auth: Auth | None = Field(None, description="How to authenticate to the system's API.")
    rate_limit: RateLimit | None = Field(None, description="Request limits of the system's API.")
    engine: Engine | None = Field(
        None, description="For kind `middleware`: the engine sfspec generates config for (camel or meltano)."
    )
    warehouse: Literal["postgres", "snowflake", "bigquery", "redshift", "duckdb", "sqlite", "jsonl"] | None = Field(
        None, description="For kind `warehouse`: the database flavour, which picks the Meltano loader."
    )
    soap_namespace: Annotated[str, StringConstraints(max_length=255)] | None = Field(
        None, description="XML namespace of the system's SOAP service (soap flows)."
    )
    credential: ApiName | None = Field(
        None,
        description="An existing Named Credential in the org to call the system through; sfspec then generates "
        "no Named or External Credential for it and checks that this one exists.",
    )
    leader_election: Literal["none", "kubernetes"] | None = Field(
        None,
        description="For engine `camel`: how replicas agree on the one that consumes Pub/Sub "
        "subscriptions, timers and schedules. `none` (the default: run one replica; the routes start "
        "with plain `camel run`) or `kubernetes` (Camel's `master:` endpoints with the Kubernetes "
        "cluster service: a Lease per flow, so replicas can run side by side).",
    )


# ── objects and fields ───────────────────────────────────────────────────────────────────────
class FieldType(StrEnum):
    """Salesforce field type."""

    Text = "Text"
    TextArea = "TextArea"
    LongTextArea = "LongTextArea"
    Number = "Number"
    Currency = "Currency"
    Percent = "Percent"
    Date = "Date"
    DateTime = "DateTime"
    Checkbox = "Checkbox"
    Picklist = "Picklist"
    MultiselectPicklist = "MultiselectPicklist"
    Lookup = "Lookup"
    MasterDetail = "MasterDetail"
    Email = "Email"
    Phone = "Phone"
    Url = "Url"
    Id = "Id"
    Address = "Address"
    Time = "Time"
    Location = "Location"
    Html = "Html"
    EncryptedText = "EncryptedText"
    AutoNumber = "AutoNumber"
    Summary = "Summary"


# Field types by what Salesforce lets them have (the rules check a spec against these, the
# generators and the importer write fields with them).
TEXT_TYPES = frozenset(
    {FieldType.Text, FieldType.TextArea, FieldType.LongTextArea, FieldType.Html, FieldType.EncryptedText}
)
LENGTH_RANGE: dict[FieldType, tuple[int, int]] = {
    FieldType.Text: (1, 255),
    FieldType.TextArea: (1, 255),
    FieldType.LongTextArea: (256, 131072),
    FieldType.Html: (256, 131072),
    FieldType.EncryptedText: (1, 175),
}
SIZED_TEXT_TYPES = TEXT_TYPES - {FieldType.TextArea}
"""Text types whose length is the field's own (a TextArea's is fixed at 255)."""
NUMBER_TYPES = frozenset({FieldType.Number, FieldType.Currency, FieldType.Percent})
PICKLIST_TYPES = frozenset({FieldType.Picklist, FieldType.MultiselectPicklist})
RELATION_TYPES = frozenset({FieldType.Lookup, FieldType.MasterDetail})
KEY_TYPES = frozenset({FieldType.Text, FieldType.Number, FieldType.Email})
COMPUTED_TYPES = frozenset({FieldType.Summary, FieldType.AutoNumber})
"""Values Salesforce makes (roll-up summaries, auto numbers): never required, unique or written."""
"""External ID and unique are allowed only on these (and Auto Number, which sfspec does not generate)."""
FORMULA_TYPES = frozenset(
    {
        FieldType.Number,
        FieldType.Currency,
        FieldType.Percent,
        FieldType.Text,
        FieldType.Date,
        FieldType.DateTime,
        FieldType.Time,
        FieldType.Checkbox,
    }
)
"""What a formula field may return."""


class ConflictPolicy(StrEnum):
    """Who wins when two systems change the same value."""

    source_wins = "source_wins"
    target_wins = "target_wins"
    last_write_wins = "last_write_wins"
    salesforce_wins = "salesforce_wins"
    manual = "manual"


class FieldSpec(Strict):
    """A field of an object. Custom fields (`__c`) are generated; standard fields are referenced."""

    type: FieldType = Field(description="Salesforce field type.")
    label: Label | None = None
    description: Description | None = None
    owner: SystemName | None = Field(None, description="Source of truth for this field; overrides the object's owner.")
    length: int | None = Field(None, ge=1, le=131072, description="Length for Text, TextArea, LongTextArea.")
    precision: int | None = Field(None, ge=1, le=18, description="Total digits for Number, Currency, Percent.")
    scale: int | None = Field(None, ge=0, le=17, description="Decimal places for Number, Currency, Percent.")
    required: bool = Field(False, description="Whether the field is required.")
    unique: bool = Field(False, description="Whether values must be unique.")
    external_id: bool = Field(False, description="Whether the field is an external ID (upsert key).")
    values: list[Annotated[str, StringConstraints(min_length=1, max_length=255, pattern=LABEL_PATTERN)]] | None = Field(
        None, description="Picklist values."
    )
    reference_to: ApiName | None = Field(None, description="Target object of a Lookup or MasterDetail.")
    formula: FORMULA | None = Field(
        None, description="A formula field's expression; `type` is its return type (Number, Text, Date…)."
    )
    summary: Summary | None = Field(None, description="For `type: Summary`: the roll-up's operation and child.")
    display_format: DISPLAY_FORMAT | None = Field(None, description="For `type: AutoNumber`, e.g. `INV-{00000}`.")
    relationship_order: Literal[0, 1] | None = Field(
        None, description="For a second MasterDetail on a junction object: 0 (primary) or 1 (secondary)."
    )
    lookup_filter: LookupFilter | None = Field(None, description="Which records a Lookup or MasterDetail may name.")
    manage: Manage | None = Field(
        None,
        description="`reference`: exists in the org; sfspec checks it and never creates or changes it. `adopt`: "
        "take the org's field under management, keeping every attribute the spec does not set. Default: "
        "sfspec manages what it created and only references what it did not.",
    )
    bidirectional: bool = Field(False, description="Written by more than one system; needs a conflict policy.")
    conflict: ConflictPolicy | None = Field(None, description="Who wins when both sides change the field.")


class ObjectSpec(Strict):
    """A business object (an sObject) and the system that owns it by default."""

    label: Label | None = None
    plural_label: Label | None = None
    description: Description | None = None
    owner: SystemName = Field(description="Default source of truth for the object's fields.")
    external_ids: dict[SystemName, ApiName] = Field(
        default_factory=dict, description="External-ID field per remote system: system name → field API name."
    )
    fields: dict[ApiName, FieldSpec] = Field(default_factory=dict, description="Fields by API name.")
    manage: Manage | None = Field(
        None,
        description="`reference`: exists in the org; sfspec checks it and never creates or changes it. `adopt`: "
        "take the org's object under management, keeping every attribute the spec does not set.",
    )
    trigger: TriggerMode | None = Field(
        None,
        description="When the org already has triggers on this object: `generate` sfspec's own trigger beside "
        "them (their execution order is not guaranteed), or `integrate`: sfspec generates the handler and the "
        "one line to add to the existing trigger.",
    )


# ── flows ────────────────────────────────────────────────────────────────────────────────────
class Transport(StrEnum):
    """Salesforce API a flow uses."""

    rest = "rest"
    soap = "soap"
    bulk = "bulk"
    streaming = "streaming"


class StreamingEvent(StrEnum):
    """Kind of Salesforce event a streaming flow rides on."""

    platform_event = "platform_event"
    cdc = "cdc"


class TriggerEvent(StrEnum):
    """Record event that starts an outbound flow."""

    create = "create"
    update = "update"
    delete = "delete"
    undelete = "undelete"


class WriteMode(StrEnum):
    """How a flow into Salesforce writes: create or update (upsert), or only update existing records."""

    upsert = "upsert"
    update = "update"


class Timing(StrEnum):
    """When a flow runs."""

    realtime = "realtime"
    scheduled = "scheduled"
    on_demand = "on_demand"


class Direction(StrEnum):
    """Whether data moves one way or both ways."""

    one_way = "one_way"
    bidirectional = "bidirectional"


class Transform(StrEnum):
    """Simple value transform applied by a mapping."""

    none = "none"
    trim = "trim"
    upper_case = "upper"  # not `upper`/`lower`: a member must not hide the str method of that name
    lower_case = "lower"
    to_string = "to_string"
    to_number = "to_number"
    to_boolean = "to_boolean"
    date_iso = "date_iso"
    datetime_iso = "datetime_iso"


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


# ── environments and waivers ─────────────────────────────────────────────────────────────────
def _org_ref(value: object) -> OrgRef:
    if isinstance(value, OrgRef):
        return value
    if not isinstance(value, str) or not re.fullmatch(ORG_REF_PATTERN, value):
        raise ValueError(f"not an org reference ({ORG_FORMS})")
    return OrgRef.parse(value)


# In YAML and the JSON Schema a string; in the model the parsed reference (sfspec.orgref).
OrgReference = Annotated[
    OrgRef,
    PlainValidator(_org_ref),
    PlainSerializer(str, return_type=str),
    WithJsonSchema({"type": "string", "pattern": ORG_REF_PATTERN}),
]


class SystemOverride(Strict):
    """What differs for a system in one environment."""

    base_url: HttpUrl | None = Field(None, description="Base URL of the system in this environment.")
    auth: Auth | None = Field(None, description="Authentication in this environment (references only).")


class SalesforceOverride(Strict):
    """What differs for the Salesforce org in one environment."""

    integration_user: Annotated[str, StringConstraints(max_length=255)] | None = Field(
        None,
        description="Username of the integration user in this environment: a sandbox's usernames carry the "
        "sandbox suffix (`integration@acme.com.dev`). Runs the platform-event subscribers and is echo-suppressed.",
    )


class FlowOverride(Strict):
    """What differs for a flow in one environment."""

    volume: Volume | None = Field(None, description="Declared volume in this environment.")
    schedule: Annotated[str, StringConstraints(pattern=CRON_PATTERN, max_length=120)] | None = Field(
        None, description="Cron schedule (5 fields, UTC) in this environment."
    )


class Environment(Strict):
    """A deployment target: which org, and what differs there."""

    org: OrgReference = Field(
        description="`mock:PATH` (snapshot, relative to the spec), `source:DIR`, `sf:ALIAS` or `env`."
    )
    description: Description | None = None
    sandbox: bool | None = Field(
        None,
        description="Whether the org is a sandbox (logins go to test.salesforce.com). Default: true when "
        "the environment's Salesforce system URL is a sandbox host (`*.sandbox.my.salesforce.com`, "
        "`test.salesforce.com`, a My Domain with `--`), false otherwise.",
    )
    salesforce: SalesforceOverride | None = Field(
        None, description="Org settings that differ in this environment (the integration user's username)."
    )
    systems: dict[SystemName, SystemOverride] = Field(default_factory=dict, description="Per-system overrides.")
    flows: dict[FlowName, FlowOverride] = Field(default_factory=dict, description="Per-flow overrides.")


def _calendar_date(value: str) -> str:
    """`2024-02-30` has the right shape and is no date: refused here, not when drift compares it."""
    import datetime as dt

    try:
        dt.date.fromisoformat(value)
    except ValueError as exc:
        raise ValueError(f"{value} is not a calendar date ({exc})") from None
    return value


IsoDate = Annotated[
    str,
    StringConstraints(pattern=r"^\d{4}-\d{2}-\d{2}$"),
    AfterValidator(_calendar_date),
    WithJsonSchema({"type": "string", "pattern": r"^\d{4}-\d{2}-\d{2}$", "format": "date"}),
]


class Waiver(Strict):
    """An accepted drift: reported as waived until it expires."""

    component: Annotated[str, StringConstraints(pattern=r"^[A-Za-z]+:[^\s]+$", max_length=255)] = Field(
        description="`Type:FullName` of the component, e.g. `ApexClass:AccountTriggerHandler`."
    )
    reason: Annotated[str, StringConstraints(min_length=3, max_length=1000)] = Field(
        description="Why the drift is accepted."
    )
    expires: IsoDate = Field(description="Date (YYYY-MM-DD).")
    environment: EnvName | None = Field(None, description="Only in this environment.")


class Spec(Strict):
    """An sfspec landscape: systems, objects with owners, and the flows between them."""

    model_config = ConfigDict(title="sfspec landscape spec")

    sfspec: Literal[1] = Field(description="Format version of the spec language.")
    name: Annotated[str, StringConstraints(pattern=r"^[A-Za-z][A-Za-z0-9_-]{0,63}$")] | None = Field(
        None, description="Name of the landscape (used for generated project names)."
    )
    description: Description | None = None
    salesforce: SalesforceSettings = Field(
        default_factory=SalesforceSettings,
        description="Org-wide Salesforce settings: API version, integration user, edition.",
    )
    systems: dict[SystemName, System] = Field(description="Systems by name.")
    objects: dict[ApiName, ObjectSpec] = Field(default_factory=dict, description="Business objects by API name.")
    flows: dict[FlowName, Flow] = Field(default_factory=dict, description="Flows by name.")
    environments: dict[EnvName, Environment] = Field(default_factory=dict, description="Environments by name.")
    waivers: list[Waiver] = Field(default_factory=list, description="Accepted drifts with a reason and an expiry.")
