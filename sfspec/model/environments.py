"""Environments (which org, what differs there) and drift waivers."""

# No `from __future__ import annotations` here: pydantic would compile every field's annotation back from
# its string when the class is built (start-up of every command; see sfspec/model/base.py).

import re
from typing import Annotated

from pydantic import AfterValidator, Field, PlainSerializer, PlainValidator, StringConstraints, WithJsonSchema

from sfspec.model.base import Strict
from sfspec.model.flows import Volume
from sfspec.model.patterns import CRON_PATTERN, Description, EnvName, FlowName, HttpUrl, SystemName
from sfspec.model.systems import Auth
from sfspec.orgref import ORG_FORMS, ORG_REF_PATTERN, OrgRef


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
