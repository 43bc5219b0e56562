"""The systems of a landscape: the Salesforce org's settings and every other system with its auth
(the enums are in sfspec/model/systems.py)."""

# No `from __future__ import annotations` in the language modules: pydantic would compile every
# field's annotation back from its string when the class is built.

from typing import Annotated, Literal

from pydantic import Field, StringConstraints

from sfspec.model.language.base import Strict
from sfspec.model.language.patterns import ApiName, Description, HttpUrl, Label, SecretRef
from sfspec.model.patterns import SCOPE_PATTERN
from sfspec.model.systems import AuthProtocol, Edition, Engine, SystemKind


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
