"""Values that make a valid test record of an object, for the generated Apex tests.

Standard objects have fields the platform requires (Account.Name, Opportunity.StageName…) and some
need a parent record (Quote → Opportunity); custom objects need their Text name field, the required
fields the spec declares and a parent for each required Lookup / MasterDetail. Parents are created
once per test method (one DML, outside any loop).
"""

from __future__ import annotations

from dataclasses import dataclass, field

from sfspec.model.objects import PICKLIST_TYPES, FieldType
from sfspec.model.spec import Spec

STANDARD_REQUIRED: dict[str, tuple[tuple[str, str, str], ...]] = {
    "Account": (("Name", "text", ""),),
    "Contact": (("LastName", "text", ""),),
    "Lead": (("LastName", "text", ""), ("Company", "text", "")),
    "Opportunity": (("Name", "text", ""), ("StageName", "literal", "Prospecting"), ("CloseDate", "date", "")),
    "Campaign": (("Name", "text", ""),),
    "Product2": (("Name", "text", ""),),
    "Pricebook2": (("Name", "text", ""),),
    "Quote": (("Name", "text", ""),),
    "Asset": (("Name", "text", ""),),
    "Contract": (),
    "Order": (("EffectiveDate", "date", ""), ("Status", "literal", "Draft")),
}
STANDARD_PARENTS: dict[str, tuple[tuple[str, str], ...]] = {
    "Quote": (("OpportunityId", "Opportunity"),),
    "Asset": (("AccountId", "Account"),),
    "Contract": (("AccountId", "Account"),),
    "Order": (("AccountId", "Account"),),
}
KIND_BY_TYPE = {
    FieldType.Text: "text",
    FieldType.TextArea: "text",
    FieldType.LongTextArea: "text",
    FieldType.Phone: "text",
    FieldType.Email: "email",
    FieldType.Url: "url",
    FieldType.Number: "number",
    FieldType.Currency: "number",
    FieldType.Percent: "number",
    FieldType.Date: "date",
    FieldType.DateTime: "datetime",
    FieldType.Checkbox: "checkbox",
}


@dataclass(frozen=True)
class FieldValue:
    field: str
    kind: str  # text, email, url, number, date, datetime, checkbox, literal, parent (literal = variable)
    literal: str = ""
    tag: str = "test"


@dataclass(frozen=True)
class ParentRecord:
    var: str  # Apex variable holding the parent's Id
    object: str
    values: tuple[FieldValue, ...]


@dataclass(frozen=True)
class TestRecord:
    values: tuple[FieldValue, ...]
    parents: tuple[ParentRecord, ...] = field(default_factory=tuple)


def _own_values(spec: Spec, obj: str) -> tuple[list[FieldValue], list[tuple[str, str]]]:
    values = [FieldValue(f, kind, literal) for f, kind, literal in STANDARD_REQUIRED.get(obj, ())]
    parents = list(STANDARD_PARENTS.get(obj, ()))
    if obj.endswith("__c") and obj in spec.objects:
        values.append(FieldValue("Name", "text"))
    spec_obj = spec.objects.get(obj)
    fields = spec_obj.fields if spec_obj else {}
    for name in sorted(fields):
        f = fields[name]
        if any(v.field == name for v in values) or any(p == name for p, _ in parents):
            continue
        if f.type is FieldType.MasterDetail or (f.type is FieldType.Lookup and f.required):
            if f.reference_to and f.reference_to != obj:
                parents.append((name, f.reference_to))
            continue
        if not f.required:
            continue  # unique fields may stay empty: null never collides
        if f.type in PICKLIST_TYPES and f.values:
            values.append(FieldValue(name, "literal", f.values[0]))
        elif f.type in KIND_BY_TYPE:
            values.append(FieldValue(name, KIND_BY_TYPE[f.type], tag=name.lower()))
    return values, parents


def record_values(spec: Spec, obj: str) -> TestRecord:
    """One level of parents: a parent's own required parents are not created (rare; noted in docs)."""
    values, parent_fields = _own_values(spec, obj)
    parents = []
    for index, (field_name, parent_obj) in enumerate(parent_fields, start=1):
        var = f"parent{index}"
        parents.append(ParentRecord(var, parent_obj, tuple(_own_values(spec, parent_obj)[0])))
        values.append(FieldValue(field_name, "parent", var))
    return TestRecord(tuple(values), tuple(parents))


def event_values(spec: Spec, obj: str) -> TestRecord:
    """A platform event for the tests: every field of the spec's event set, so the payload is full
    (events have no required fields the platform fills, and no parents)."""
    spec_obj = spec.objects.get(obj)
    fields = spec_obj.fields if spec_obj else {}
    values = []
    for name in sorted(fields):
        f = fields[name]
        if f.type in KIND_BY_TYPE:
            values.append(FieldValue(name, KIND_BY_TYPE[f.type], tag=name.lower()))
    return TestRecord(tuple(values))
