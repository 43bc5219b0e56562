"""The spec language as pydantic models: the landscape at the top.

These models are the single source of the language: schemas/sfspec.schema.json is generated from
them (`python -m sfspec.model.schema`), and a test fails when the committed schema is stale.
Every model is frozen and forbids unknown keys; descriptions become editor hover docs.
"""

# No `from __future__ import annotations` in the language modules: pydantic would compile every
# field's annotation back from its string when the class is built.

from typing import Annotated, Literal

from pydantic import ConfigDict, Field, StringConstraints

from sfspec.model.language.base import Strict
from sfspec.model.language.environments import Environment, Waiver
from sfspec.model.language.flows import Flow
from sfspec.model.language.objects import ObjectSpec
from sfspec.model.language.patterns import ApiName, Description, EnvName, FlowName, SystemName
from sfspec.model.language.systems import SalesforceSettings, System


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
