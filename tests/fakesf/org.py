"""The fake server's org: a mock snapshot plus the views the APIs read (SOQL tables, describe).

Deploys change the snapshot through the same `apply_changes` the mock writer uses, so what a
deploy wrote can be read back by any reader.
"""

from __future__ import annotations

import copy
import hashlib
import threading
from typing import Any

from sfspec.org.snapshot import apply_changes, components_from_json, facts_from_json
from sfspec.state import Component, ComponentKey

EDITIONS = {
    "enterprise": "Enterprise Edition",
    "developer": "Developer Edition",
    "unlimited": "Unlimited Edition",
    "professional": "Professional Edition",
    "performance": "Performance Edition",
}


def fake_id(prefix: str, name: str) -> str:
    return (prefix + hashlib.sha1(name.encode()).hexdigest().upper())[:15] + "AAA"


def _suffix_free(name: str) -> str:
    for suffix in ("__c", "__e", "__mdt", "__b", "__x"):
        if name.endswith(suffix):
            return name[: -len(suffix)]
    return name


class FakeOrg:
    def __init__(self, data: dict[str, Any]) -> None:
        self.data = copy.deepcopy(data)
        self.lock = threading.RLock()
        self._components: dict[ComponentKey, Component] | None = None
        self._tables: dict[str, list[dict[str, Any]]] | None = None
        self._fields: dict[str, list[Component]] | None = None

    # ── content ──────────────────────────────────────────────────────────────────────────
    @property
    def components(self) -> dict[ComponentKey, Component]:
        with self.lock:
            if self._components is None:
                self._components = {c.key: c for c in components_from_json(self.data)}
            return self._components

    @property
    def facts(self):  # type: ignore[no-untyped-def]
        return facts_from_json(self.data["org"])

    def apply(self, upserts: list[Component], deletes: list[ComponentKey]) -> list[str]:
        with self.lock:
            problems = apply_changes(self.data, upserts, deletes)
            self._components = None
            self._tables = None
            self._fields = None
            return problems

    def fields_of(self, obj: str) -> list[Component]:
        with self.lock:
            if self._fields is None:
                index: dict[str, list[Component]] = {}
                for k, c in self.components.items():
                    if k.type == "CustomField":
                        index.setdefault(k.name.split(".", 1)[0], []).append(c)
                self._fields = index
            return self._fields.get(obj, [])

    def object_names(self) -> list[str]:
        self.fields_of("")
        names = {k.name for k in self.components if k.type == "CustomObject"} | set(self._fields or {})
        return sorted(names)

    # ── SOQL tables (REST query and Tooling query) ───────────────────────────────────────
    def table(self, name: str) -> list[dict[str, Any]]:
        with self.lock:
            if self._tables is None:
                self._tables = self._build_tables()
            return self._tables.get(name.lower(), [])

    def has_table(self, name: str) -> bool:
        self.table(name)
        return name.lower() in (self._tables or {})

    def _build_tables(self) -> dict[str, list[dict[str, Any]]]:
        facts = self.facts
        comps = self.components
        t: dict[str, list[dict[str, Any]]] = {
            "organization": [
                {
                    "Id": fake_id("00D", facts.instance),
                    "Name": "Fake Org",
                    "OrganizationType": EDITIONS.get(facts.edition, facts.edition),
                    "InstanceName": "FAKE1",
                    "IsSandbox": True,
                }
            ],
            "userlicense": [
                {
                    "Id": fake_id("100", "Salesforce"),
                    "Name": "Salesforce",
                    "TotalLicenses": facts.licenses or 0,
                    "UsedLicenses": min(facts.licenses or 0, 3),
                }
            ],
        }
        entity, fields, custom_fields, custom_objects = [], [], [], []
        for obj in self.object_names():
            attrs = comps.get(ComponentKey("CustomObject", obj))
            a = dict(attrs.attributes) if attrs else {}
            durable = fake_id("01I", obj) if "__" in obj else obj
            entity.append(
                {
                    "DurableId": durable,
                    "QualifiedApiName": obj,
                    "DeveloperName": _suffix_free(obj),
                    "Label": a.get("label", obj),
                    "PluralLabel": a.get("pluralLabel"),
                    "NamespacePrefix": None,
                    "IsCustomizable": True,
                }
            )
            if "__" in obj:
                custom_objects.append(
                    {
                        "Id": durable,
                        "DeveloperName": _suffix_free(obj),
                        "NamespacePrefix": None,
                        "Description": a.get("description"),
                        "SharingModel": a.get("sharingModel"),
                    }
                )
        for key, comp in comps.items():
            if key.type != "CustomField":
                continue
            obj, field = key.name.split(".", 1)
            a = comp.attributes
            ref = {"QualifiedApiName": obj, "DurableId": fake_id("01I", obj) if "__" in obj else obj}
            fields.append(
                {
                    "DurableId": f"{ref['DurableId']}.{field}",
                    "QualifiedApiName": field,
                    "EntityDefinition": ref,
                    "Label": a.get("label"),
                    "DataType": a.get("type"),
                    "Length": a.get("length"),
                    "Precision": a.get("precision"),
                    "Scale": a.get("scale"),
                    "Description": a.get("description"),
                }
            )
            if field.endswith("__c"):
                custom_fields.append(
                    {
                        "Id": fake_id("00N", key.name),
                        "DeveloperName": field[:-3],
                        "TableEnumOrId": ref["DurableId"],
                        "EntityDefinition": ref,
                        "NamespacePrefix": None,
                        "Description": a.get("description"),
                    }
                )
        t["entitydefinition"], t["fielddefinition"] = entity, fields
        t["customfield"], t["customobject"] = custom_fields, custom_objects
        for type_, table in (("ApexClass", "apexclass"), ("ApexTrigger", "apextrigger")):
            t[table] = [
                {
                    "Id": fake_id("01p" if type_ == "ApexClass" else "01q", k.name),
                    "Name": k.name,
                    "NamespacePrefix": None,
                    "Body": c.body,
                    "ApiVersion": float(c.attributes.get("apiVersion", 0) or 0),
                    "Status": c.attributes.get("status", "Active"),
                }
                for k, c in comps.items()
                if k.type == type_
            ]
        for type_ in ("NamedCredential", "ExternalCredential", "PermissionSet", "CustomPermission"):
            t[type_.lower()] = [
                {
                    "Id": fake_id("0XA", k.name),
                    "DeveloperName": k.name,
                    "Name": k.name,
                    "NamespacePrefix": None,
                    "Description": c.attributes.get("description"),
                    "MasterLabel": c.attributes.get("label"),
                }
                for k, c in comps.items()
                if k.type == type_
            ]
        # Custom metadata types are SOQL tables (`<type>__mdt`), one row per record, with or without
        # records (a type the snapshot defines as an object); the record's values are its columns.
        for obj in self.object_names():
            if obj.endswith("__mdt"):
                t.setdefault(obj.lower(), [])
        for k, c in comps.items():
            if k.type == "CustomMetadata" and "." in k.name:
                type_, name = k.name.split(".", 1)
                t.setdefault(f"{type_}__mdt".lower(), []).append(_record_row(k.name, name, c.attributes))
        return t


def _record_row(full_name: str, name: str, attrs: dict[str, Any]) -> dict[str, Any]:
    values = attrs.get("values")
    entries = values if isinstance(values, list) else [values] if isinstance(values, dict) else []
    row: dict[str, Any] = {e["field"]: e.get("value") if isinstance(e.get("value"), str) else None for e in entries}
    return row | {
        "Id": fake_id("m00", full_name),
        "DeveloperName": name,
        "QualifiedApiName": name,
        "MasterLabel": attrs.get("label"),
        "Label": attrs.get("label"),
        "NamespacePrefix": None,
    }
