"""Where a Salesforce field sits in a Change Data Capture event body.

CDC events carry compound fields nested: `BillingCity` arrives as `BillingAddress.City` and a
Contact's `FirstName` as `Name.FirstName`; `changedFields`/`nulledFields` use the same dotted
names. Everything else sits at the top level under its API name.
"""

from __future__ import annotations

_ADDRESS_PARTS = {
    "Street": "Street",
    "City": "City",
    "State": "State",
    "PostalCode": "PostalCode",
    "Country": "Country",
    "StateCode": "StateCode",
    "CountryCode": "CountryCode",
    "Latitude": "Latitude",
    "Longitude": "Longitude",
    "GeocodeAccuracy": "GeocodeAccuracy",
}
_ADDRESS_PREFIXES = ("Billing", "Shipping", "Mailing", "Other")
_NAME_PARTS = ("Salutation", "FirstName", "MiddleName", "LastName", "Suffix")
# Objects whose person name is the compound `Name` field in CDC.
_PERSON_OBJECTS = ("Contact", "Lead", "User")


def event_path(obj: str, field: str) -> tuple[str, ...]:
    """Path of `field` of `obj` inside a CDC event payload."""
    if "__" not in field:
        for prefix in _ADDRESS_PREFIXES:
            part = field[len(prefix) :]
            if field.startswith(prefix) and part in _ADDRESS_PARTS:
                return (f"{prefix}Address", _ADDRESS_PARTS[part])
        if obj == "Lead" and field in _ADDRESS_PARTS:
            return ("Address", field)
        if obj in _PERSON_OBJECTS and field in _NAME_PARTS:
            return ("Name", field)
    return (field,)


def channel(obj: str) -> str:
    """Pub/Sub channel of an object's change events: Account → /data/AccountChangeEvent,
    Invoice__c → /data/Invoice__ChangeEvent."""
    base = obj[:-3] + "__" if obj.endswith("__c") else obj
    return f"/data/{base}ChangeEvent"
