"""Business objects and their fields (the field types and their families are in sfspec/model/objects.py)."""

# No `from __future__ import annotations` in the language modules: pydantic would compile every
# field's annotation back from its string when the class is built.

from typing import Annotated, Literal

from pydantic import Field, StringConstraints

from sfspec.model.existing import Manage, TriggerMode
from sfspec.model.language.base import Strict
from sfspec.model.language.existing import DISPLAY_FORMAT, FORMULA, LookupFilter, Summary
from sfspec.model.language.patterns import ApiName, Description, Label, SystemName
from sfspec.model.objects import ConflictPolicy, FieldType
from sfspec.model.patterns import LABEL_PATTERN


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
