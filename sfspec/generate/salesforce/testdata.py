"""Values that make a valid test record of an object, for the generated Apex tests.

Standard objects have fields the platform requires (Account.Name, Opportunity.StageName…); custom
objects need their Text name field and the required fields the spec declares. Lookups cannot be
filled without a parent record, so required lookups are left to the org's own test data.
"""

from __future__ import annotations

from dataclasses import dataclass

from sfspec.model.spec import Spec

STANDARD_REQUIRED: dict[str, tuple[tuple[str, str, str], ...]] = {
    "Account": (("Name", "text", ""),),
    "Contact": (("LastName", "text", ""),),
    "Lead": (("LastName", "text", ""), ("Company", "text", "")),
    "Opportunity": (("Name", "text", ""), ("StageName", "literal", "Prospecting"), ("CloseDate", "date", "")),
    "Campaign": (("Name", "text", ""),),
    "Product2": (("Name", "text", ""),),
    "Pricebook2": (("Name", "text", ""),),
}
KIND_BY_TYPE = {
    "Text": "text", "TextArea": "text", "LongTextArea": "text", "Phone": "text", "Email": "email", "Url": "url",
    "Number": "number", "Currency": "number", "Percent": "number", "Date": "date", "DateTime": "datetime",
    "Checkbox": "checkbox",
}


@dataclass(frozen=True)
class FieldValue:
    field: str
    kind: str  # text, email, url, number, date, datetime, checkbox, literal
    literal: str = ""
    tag: str = "test"


def record_values(spec: Spec, obj: str) -> list[FieldValue]:
    values = [FieldValue(f, kind, literal) for f, kind, literal in STANDARD_REQUIRED.get(obj, ())]
    if obj.endswith("__c") and obj in spec.objects:
        values.append(FieldValue("Name", "text"))
    spec_obj = spec.objects.get(obj)
    for name in sorted(spec_obj.fields if spec_obj else ()):
        f = spec_obj.fields[name]  # type: ignore[union-attr]
        if any(v.field == name for v in values):
            continue
        if f.required or f.unique:
            if f.type in ("Picklist", "MultiselectPicklist") and f.values:
                values.append(FieldValue(name, "literal", f.values[0]))
            elif f.type in KIND_BY_TYPE and (f.required or f.type in ("Text", "Email", "Number")):
                values.append(FieldValue(name, KIND_BY_TYPE[f.type], tag=name.lower()))
    return values
