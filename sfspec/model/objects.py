"""Business objects and their fields: field types, the families rules and generators share, owners."""

# No `from __future__ import annotations` here: pydantic would compile every field's annotation back from
# its string when the class is built (start-up of every command; see sfspec/model/base.py).

from typing import Annotated, Literal

from pydantic import Field, StringConstraints

from sfspec.enums import StrEnum
from sfspec.model.base import Strict
from sfspec.model.existing import DISPLAY_FORMAT, FORMULA, LookupFilter, Manage, Summary, TriggerMode
from sfspec.model.patterns import LABEL_PATTERN, ApiName, Description, Label, SystemName


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
