"""Change events in the shape Camel's `pubSubSubscribe` hands them to a route
(`pubSubDeserializeType: JSON`), built from Salesforce's documented format rather than guessed.

The Pub/Sub API sends each event as Avro binary in the channel's schema (Pub/Sub API guide,
"Event Deserialization Considerations"; Change Data Capture guide, "Change Event Body Fields"):
- every record field is in the payload; an UPDATE leaves unchanged fields (and nulled ones) null;
- the ChangeEventHeader's changedFields / nulledFields / diffFields are bitmaps: a list whose
  first string is a hex bitmap over the top-level schema fields (bit i = the field at position i,
  e.g. '0x650004E0'), followed by '{ParentFieldPosition}-{NestedFieldBitmap}' strings for the
  parts of compound fields (e.g. '4-0x10').
Camel decodes the binary into a GenericRecord and writes it as JSON with Avro's JsonEncoder
without union wrappers (camel-salesforce PubSubApiClient → json-avro-converter's
NoWrappingJsonEncoder): every field, in schema order. Here the event is encoded with the Apache
Avro library and read back, which yields exactly that: all fields, schema order, plain values.
"""

from __future__ import annotations

import io
import json
from collections.abc import Iterable, Sequence
from typing import Any

import pytest

avro_io = pytest.importorskip("avro.io", reason="the avro package (test extra) encodes the recorded-shape events")
avro_schema = pytest.importorskip("avro.schema")

OTHER_USER = "005000000000099AAA"
UI_ORIGIN = "com/salesforce/api/soap/63.0;client=SfdcInternalAPI/"


def _optional(kind: Any) -> list[Any]:
    return ["null", kind]


_HEADER = {
    "type": "record",
    "name": "ChangeEventHeader",
    "namespace": "com.sforce.eventbus",
    "fields": [
        {"name": "entityName", "type": "string"},
        {"name": "recordIds", "type": {"type": "array", "items": "string"}},
        {
            "name": "changeType",
            "type": {
                "type": "enum",
                "name": "ChangeType",
                "symbols": [
                    "CREATE",
                    "UPDATE",
                    "DELETE",
                    "UNDELETE",
                    "GAP_CREATE",
                    "GAP_UPDATE",
                    "GAP_DELETE",
                    "GAP_UNDELETE",
                    "GAP_OVERFLOW",
                    "SNAPSHOT",
                ],
            },
        },
        {"name": "changeOrigin", "type": "string"},
        {"name": "transactionKey", "type": "string"},
        {"name": "sequenceNumber", "type": "int"},
        {"name": "commitTimestamp", "type": "long"},
        {"name": "commitNumber", "type": "long"},
        {"name": "commitUser", "type": "string"},
        {"name": "nulledFields", "type": {"type": "array", "items": "string"}},
        {"name": "diffFields", "type": {"type": "array", "items": "string"}},
        {"name": "changedFields", "type": {"type": "array", "items": "string"}},
    ],
}


def _record(name: str, parts: Sequence[tuple[str, Any]]) -> dict[str, Any]:
    return {
        "type": "record",
        "name": name,
        "fields": [{"name": n, "type": _optional(t), "default": None} for n, t in parts],
    }


_ADDRESS = [
    ("Street", "string"),
    ("City", "string"),
    ("State", "string"),
    ("PostalCode", "string"),
    ("Country", "string"),
    ("StateCode", "string"),
    ("CountryCode", "string"),
    ("Latitude", "double"),
    ("Longitude", "double"),
    ("GeocodeAccuracy", "string"),
]
_PERSON_NAME = [
    ("Salutation", "string"),
    ("FirstName", "string"),
    ("LastName", "string"),
    ("MiddleName", "string"),
    ("InformalName", "string"),
    ("Suffix", "string"),
]


def change_event_schema(entity: str, fields: Sequence[tuple[str, Any]]) -> dict[str, Any]:
    """`<Entity>ChangeEvent`: the header first, then the record fields, each optional."""
    return {
        "type": "record",
        "name": f"{entity}ChangeEvent",
        "namespace": "com.sforce.eventbus",
        "fields": [
            {"name": "ChangeEventHeader", "type": _HEADER},
            *({"name": n, "type": _optional(t), "default": None} for n, t in fields),
        ],
    }


# Field order as in an org's schema: standard fields, compound fields as nested records, system
# fields, then custom fields. The route must not depend on it: it reads positions from the event.
CONTACT = change_event_schema(
    "Contact",
    [
        ("AccountId", "string"),
        ("Name", _record("Switchable_PersonName", _PERSON_NAME)),
        ("OtherAddress", _record("Address", _ADDRESS)),
        ("MailingAddress", "Address"),
        ("Phone", "string"),
        ("MobilePhone", "string"),
        ("Email", "string"),
        ("Title", "string"),
        ("Description", "string"),
        ("OwnerId", "string"),
        ("CreatedDate", "long"),
        ("CreatedById", "string"),
        ("LastModifiedDate", "long"),
        ("LastModifiedById", "string"),
        ("Marketing_Id__c", "string"),
        ("Marketing_Consent__c", "boolean"),
        ("Consent_Updated_At__c", "long"),
    ],
)
ACCOUNT = change_event_schema(
    "Account",
    [
        ("Name", "string"),
        ("Type", "string"),
        ("ParentId", "string"),
        ("BillingAddress", _record("Address", _ADDRESS)),
        ("ShippingAddress", "Address"),
        ("Phone", "string"),
        ("Description", "string"),
        ("OwnerId", "string"),
        ("LastModifiedDate", "long"),
        ("LastModifiedById", "string"),
        ("ERP_Id__c", "string"),
        ("Shop_Account__c", "string"),
    ],
)


def _hex(positions: Iterable[int]) -> str:
    """A hex bitmap: bit i set for position i, written in whole bytes, most significant first."""
    value = sum(1 << p for p in set(positions))
    size = max(1, (value.bit_length() + 7) // 8)
    return "0x" + value.to_bytes(size, "big").hex().upper()


def _nested_fields(schema: dict[str, Any], name: str) -> list[str]:
    field = next(f for f in schema["fields"] if f["name"] == name)
    kind = field["type"][1]
    if isinstance(kind, str):  # a named type defined earlier (Address)
        kind = next(
            f["type"][1]
            for f in schema["fields"]
            if isinstance(f["type"], list) and isinstance(f["type"][1], dict) and f["type"][1]["name"] == kind
        )
    return [f["name"] for f in kind["fields"]]


def bitmap(schema: dict[str, Any], names: Sequence[str]) -> list[str]:
    """The documented bitmap list for field names (`Email`, `Name.FirstName`)."""
    top = [f["name"] for f in schema["fields"]]
    plain = [top.index(n) for n in names if "." not in n]
    nested: dict[int, list[int]] = {}
    for name in names:
        if "." in name:
            parent, part = name.split(".", 1)
            nested.setdefault(top.index(parent), []).append(_nested_fields(schema, parent).index(part))
    return ([_hex(plain)] if plain else []) + [f"{p}-{_hex(parts)}" for p, parts in sorted(nested.items())]


def change_event(
    schema: dict[str, Any],
    change_type: str,
    record_ids: Sequence[str],
    values: dict[str, Any] | None = None,
    *,
    changed: Sequence[str] = (),
    nulled: Sequence[str] = (),
    diff: Sequence[str] = (),
    user: str = OTHER_USER,
    origin: str = UI_ORIGIN,
) -> dict[str, Any]:
    """One event as the route receives it. `values` gives field values by dotted name; every other
    field is null, as in a Pub/Sub UPDATE."""
    record: dict[str, Any] = {}
    for name, value in (values or {}).items():
        if "." in name:
            parent, part = name.split(".", 1)
            record.setdefault(parent, {})[part] = value
        else:
            record[name] = value
    record["ChangeEventHeader"] = {
        "entityName": schema["name"].removesuffix("ChangeEvent"),
        "recordIds": list(record_ids),
        "changeType": change_type,
        "changeOrigin": origin,
        "transactionKey": "0002a4b7-77d0-6dc9-44fe-b1a7bb20c9a3",
        "sequenceNumber": 1,
        "commitTimestamp": 1714641600000,
        "commitNumber": 11234567890123,
        "commitUser": user,
        "nulledFields": bitmap(schema, nulled),
        "diffFields": bitmap(schema, diff),
        "changedFields": bitmap(schema, changed),
    }
    parsed = avro_schema.parse(json.dumps(schema))
    buffer = io.BytesIO()
    avro_io.DatumWriter(parsed).write(_complete(parsed, record), avro_io.BinaryEncoder(buffer))
    buffer.seek(0)
    decoded = avro_io.DatumReader(parsed).read(avro_io.BinaryDecoder(buffer))
    return json.loads(json.dumps(decoded))


def _complete(schema: Any, record: dict[str, Any]) -> dict[str, Any]:
    """Every field of the record schema present (null when not given), nested records too."""
    out = {}
    for field in schema.fields:
        value = record.get(field.name)
        kinds = getattr(field.type, "schemas", [field.type])
        nested = next((k for k in kinds if k.type == "record"), None)
        out[field.name] = _complete(nested, value) if nested is not None and isinstance(value, dict) else value
    return out
