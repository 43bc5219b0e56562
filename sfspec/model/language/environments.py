"""Environments (which org, what differs there) and drift waivers (the value checks are in
sfspec/model/environments.py)."""

# No `from __future__ import annotations` in the language modules: pydantic would compile every
# field's annotation back from its string when the class is built.

from typing import Annotated

from pydantic import AfterValidator, Field, PlainSerializer, PlainValidator, StringConstraints, WithJsonSchema

from sfspec.model.environments import calendar_date, org_ref
from sfspec.model.language.base import Strict
from sfspec.model.language.flows import Volume
from sfspec.model.language.patterns import Description, EnvName, FlowName, HttpUrl, SystemName
from sfspec.model.language.systems import Auth
from sfspec.model.patterns import CRON_PATTERN
from sfspec.orgref import ORG_REF_PATTERN, OrgRef

# ── environments and waivers ─────────────────────────────────────────────────────────────────
# In YAML and the JSON Schema a string; in the model the parsed reference (sfspec.orgref).
OrgReference = Annotated[
    OrgRef,
    PlainValidator(org_ref),
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


IsoDate = Annotated[
    str,
    StringConstraints(pattern=r"^\d{4}-\d{2}-\d{2}$"),
    AfterValidator(calendar_date),
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
