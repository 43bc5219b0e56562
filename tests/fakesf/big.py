"""A synthetic large org (default 2,000 objects × 30 fields = 60,000 fields) and specs of any size
over it, for the round-trip test and bench/roundtrips.py."""

from __future__ import annotations

from typing import Any

from sfspec.state import MANAGED_MARKER, ComponentKey

FIELD_KINDS = (
    {"type": "Text", "length": "80"},
    {"type": "Number", "precision": "18", "scale": "0"},
    {"type": "Currency", "precision": "16", "scale": "2"},
    {"type": "Checkbox", "defaultValue": "false"},
    {"type": "Date"},
    {"type": "Email"},
)


def object_name(i: int) -> str:
    return f"Obj{i:04d}__c"


def big_org(objects: int = 2000, fields_per_object: int = 30, managed_every: int = 40) -> dict[str, Any]:
    """Every `managed_every`-th object carries sfspec-managed fields (the rest is the org's own)."""
    data: dict[str, Any] = {
        "format_version": 1,
        "org": {
            "instance": "big.example",
            "api_version": "63.0",
            "edition": "enterprise",
            "licenses": 5000,
            "limits": {"DailyApiRequests": {"Max": 5100000, "Remaining": 5000000}},
        },
        "objects": {},
        "components": {"ApexClass": {}},
    }
    for i in range(objects):
        fields = {}
        for j in range(fields_per_object):
            attrs = {"label": f"Field {j}", **FIELD_KINDS[j % len(FIELD_KINDS)]}
            if i % managed_every == 0 and j == 0:
                attrs["description"] = f"{MANAGED_MARKER}. Synthetic managed field."
            fields[f"Field{j:02d}__c"] = attrs
        data["objects"][object_name(i)] = {
            "attributes": {
                "label": f"Object {i}",
                "pluralLabel": f"Objects {i}",
                "sharingModel": "ReadWrite",
                "deploymentStatus": "Deployed",
            },
            "fields": fields,
        }
    for i in range(0, objects, 20):
        data["components"]["ApexClass"][f"Service{i:04d}"] = {
            "attributes": {"apiVersion": "63.0", "status": "Active"},
            "body": f"public class Service{i:04d} {{}}\n"
            if i % 100
            else f"// {MANAGED_MARKER}\npublic class Service{i:04d} {{}}\n",
        }
    return data


def spec_keys(objects: int, fields_per_object: int = 10, classes: int = 5) -> list[ComponentKey]:
    """What a spec of this size would ask the org for (every object, some fields, some classes)."""
    keys = [ComponentKey("CustomObject", object_name(i)) for i in range(objects)]
    keys += [
        ComponentKey("CustomField", f"{object_name(i)}.Field{j:02d}__c")
        for i in range(objects)
        for j in range(fields_per_object)
    ]
    keys += [ComponentKey("ApexClass", f"Service{i * 20:04d}") for i in range(classes)]
    return keys


MANAGED_TYPES = [
    "CustomObject",
    "CustomField",
    "ApexClass",
    "ApexTrigger",
    "NamedCredential",
    "ExternalCredential",
    "PermissionSet",
    "CustomPermission",
    "PlatformEventChannelMember",
    "PlatformEventSubscriberConfig",
]
