"""The spec language for orgs that already exist (issue 13): how a declared object or field relates
to the org's copy, the computed field types real orgs have, and how generated triggers live beside
the org's own.

A declared object or field is, by default, *managed if sfspec created it, referenced otherwise*:
sfspec creates it when the org lacks it, keeps it in line when it carries sfspec's marker, and only
checks an unmanaged one (exists, compatible type) without ever proposing to change it. `manage`
makes the choice explicit: `reference` (must exist; never created or changed) or `adopt` (take the
org's component under management: the plan shows an adoption, and every attribute the spec does not
model is kept from the org).
"""

# No `from __future__ import annotations` here: pydantic would compile every field's annotation back from
# its string when the class is built (start-up of every command; see sfspec/model/base.py).

from typing import Annotated, Literal

from pydantic import Field, StringConstraints

from sfspec.enums import StrEnum
from sfspec.model.base import Strict


class Manage(StrEnum):
    """How sfspec treats a declared object or field that may exist in the org already."""

    reference = "reference"
    adopt = "adopt"


class TriggerMode(StrEnum):
    """How sfspec's outbound trigger logic meets triggers the org already has on an object."""

    generate = "generate"
    integrate = "integrate"


# `Object.Field`, `$Source.Field` (lookup filters) or a bare field name.
FIELD_PATH_PATTERN = r"^\$?[A-Za-z][A-Za-z0-9_]*(\.[A-Za-z][A-Za-z0-9_]*)*$"
FieldPath = Annotated[str, StringConstraints(pattern=FIELD_PATH_PATTERN)]
SummaryOperation = Literal["count", "sum", "min", "max"]
FilterOperation = Literal[
    "equals",
    "notEqual",
    "lessThan",
    "greaterThan",
    "lessOrEqual",
    "greaterOrEqual",
    "contains",
    "notContain",
    "startsWith",
    "includes",
    "excludes",
    "within",
]


class FilterItem(Strict):
    """One criterion of a roll-up summary or lookup filter."""

    field: FieldPath = Field(description="Field the criterion tests, e.g. `Booking__c.Status__c`.")
    operation: FilterOperation = Field(description="Comparison, as Salesforce names it (`equals`, `notEqual`…).")
    value: Annotated[str, StringConstraints(max_length=255)] | None = Field(None, description="Literal to compare.")
    value_field: FieldPath | None = Field(None, description="Field to compare with, instead of a literal.")


class Summary(Strict):
    """A roll-up summary field: an aggregate over a master-detail child."""

    operation: SummaryOperation = Field(description="Aggregate function.")
    foreign_key: FieldPath = Field(description="The child's master-detail field, e.g. `Booking__c.Session__c`.")
    field: FieldPath | None = Field(None, description="Child field aggregated (not for `count`).")
    filters: list[FilterItem] = Field(default_factory=list, description="Only child records matching all of these.")


class LookupFilter(Strict):
    """Which records a Lookup or MasterDetail field may point to."""

    filters: list[FilterItem] = Field(min_length=1, description="Criteria, joined by AND unless `boolean_filter`.")
    active: bool = Field(True, description="Whether the filter is enforced.")
    optional: bool = Field(False, description="Users may save a value outside the filter.")
    boolean_filter: Annotated[str, StringConstraints(max_length=255)] | None = Field(
        None, description="How criteria combine, e.g. `1 AND (2 OR 3)`."
    )
    error_message: Annotated[str, StringConstraints(max_length=255)] | None = Field(
        None, description="Message shown when a value breaks the filter."
    )


FORMULA_MAX = 3900  # characters Salesforce allows in a formula
DISPLAY_FORMAT_PATTERN = r"^.*\{0+\}.*$"  # an AutoNumber's format holds its number as {0…}
DISPLAY_FORMAT_MAX = 30
FORMULA = Annotated[str, StringConstraints(min_length=1, max_length=FORMULA_MAX)]
DISPLAY_FORMAT = Annotated[str, StringConstraints(pattern=DISPLAY_FORMAT_PATTERN, max_length=DISPLAY_FORMAT_MAX)]
