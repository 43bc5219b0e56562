"""The spec language for orgs that already exist: roll-up summaries and lookup filters (the enums
and patterns are in sfspec/model/existing.py)."""

# No `from __future__ import annotations` in the language modules: pydantic would compile every
# field's annotation back from its string when the class is built.

from typing import Annotated

from pydantic import Field, StringConstraints

from sfspec.model.existing import (
    DISPLAY_FORMAT_MAX,
    DISPLAY_FORMAT_PATTERN,
    FIELD_PATH_PATTERN,
    FORMULA_MAX,
    FilterOperation,
    SummaryOperation,
)
from sfspec.model.language.base import Strict

FieldPath = Annotated[str, StringConstraints(pattern=FIELD_PATH_PATTERN)]
FORMULA = Annotated[str, StringConstraints(min_length=1, max_length=FORMULA_MAX)]
DISPLAY_FORMAT = Annotated[str, StringConstraints(pattern=DISPLAY_FORMAT_PATTERN, max_length=DISPLAY_FORMAT_MAX)]


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
