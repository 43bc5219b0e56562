"""Synthetic inputs for the benchmarks, written without sfspec's own code (so a bug in sfspec cannot
flatter its own figures): a landscape spec folder with every flow shape, its mock org, and an
SFDX project for the source-deploy-retrieve comparison.

Landscape of N objects (20 fields each, Text/Number/Currency/Picklist/Checkbox/Date/DateTime/
Email/Lookup, an external ID per remote system) and 0.6 N flows cycling through twelve shapes:

  apex-rest      Salesforce → ERP, Apex callout on create/update, PUT with id write-back
  apex-soap      Salesforce → MDM, Apex SOAP callout
  on-demand      Salesforce → ERP, request/reply started by a user
  cdc            Salesforce → ERP through Camel, Change Data Capture
  platform-event Salesforce → ERP through Camel, a generated platform event
  in-http        ERP → Salesforce through Camel, webhook, upsert by external ID (or by Id: SF-mastered)
  in-kafka       ERP → Salesforce through Camel, Kafka topic
  in-file        ERP → Salesforce through Camel, file drop
  bulk-in-camel  ERP → Salesforce through Camel, scheduled poll, Bulk API 2.0 ingest
  bulk-in-etl    ERP → Salesforce through Camel on a schedule, file batch (Bulk API 2.0)
  bulk-export    Salesforce → warehouse through Meltano, several objects
  cdc-multi      Salesforce → ERP through Camel, CDC on several objects

The mock org holds the org facts and every other object of the landscape with different labels
(so a plan has creates and updates), and a few unmanaged components of its own.
"""

from __future__ import annotations

import json
from pathlib import Path
from typing import Any

import yaml

FIELDS = 20
FLOWS_PER_OBJECT = 0.6
OBJECTS_PER_FILE = 500
SHAPES = (
    "apex-rest",
    "apex-soap",
    "on-demand",
    "cdc",
    "platform-event",
    "in-http",
    "in-kafka",
    "in-file",
    "bulk-in-camel",
    "bulk-in-etl",
    "bulk-export",
    "cdc-multi",
)
_NS = "http://soap.sforce.com/2006/04/metadata"
_MARKER = "Managed by sfspec"  # what sfspec writes into every component it manages
OUTBOUND = {"apex-rest", "apex-soap", "on-demand", "cdc", "platform-event", "cdc-multi"}


class _Dumper(yaml.CSafeDumper):
    def ignore_aliases(self, data: Any) -> bool:
        return True  # shared mapping lists are written out, as a person would write them


def _remote(i: int, systems: int) -> str:
    return f"erp_{i % systems}"


def _systems(count: int) -> dict[str, Any]:
    systems: dict[str, Any] = {
        "crm": {"kind": "salesforce", "label": "Salesforce"},
        "esb": {"kind": "middleware", "engine": "camel", "label": "Integration bus"},
        "etl": {"kind": "middleware", "engine": "meltano", "label": "Batch jobs"},
        "dwh": {
            "kind": "warehouse",
            "warehouse": "postgres",
            "base_url": "https://dwh.example.com",
            "auth": {"protocol": "basic", "username": "env:DWH_USER", "password": "secret:dwh-password"},
        },
        "mdm": {
            "kind": "custom",
            "label": "Customer master (SOAP)",
            "base_url": "https://mdm.example.com",
            "soap_namespace": "urn:example:mdm",
            "auth": {"protocol": "basic", "username": "env:MDM_USER", "password": "secret:mdm-password"},
        },
    }
    protocols = [
        {"protocol": "api_key", "header": "X-API-Key", "api_key": "secret:{n}-key"},
        {
            "protocol": "oauth_client_credentials",
            "token_url": "https://{n}.example.com/oauth/token",
            "client_id": "env:{N}_CLIENT_ID",
            "client_secret": "secret:{n}-client-secret",
            "scope": "records.write",
        },
    ]
    for i in range(count):
        name = f"erp_{i}"
        auth = {k: v.format(n=name, N=name.upper()) for k, v in protocols[i % 2].items()}
        systems[name] = {
            "kind": "erp",
            "label": f"ERP {i}",
            "description": f"Remote system {i}: owns the external IDs and remote fields of its objects.",
            "base_url": f"https://{name.replace('_', '-')}.example.com",
            "auth": auth,
            "rate_limit": {"requests_per_second": 20},
        }
    return systems


def _fields(i: int, remote: str, previous: str | None) -> dict[str, Any]:
    fields: dict[str, Any] = {
        "Name__c": {"type": "Text", "length": 80, "label": "Name"},
        "Code__c": {"type": "Text", "length": 20, "label": "Code", "description": f"Code of record type {i}."},
        "Amount__c": {"type": "Currency", "precision": 16, "scale": 2, "label": "Amount"},
        "Quantity__c": {"type": "Number", "precision": 10, "scale": 0, "label": "Quantity"},
        "Status__c": {"type": "Picklist", "label": "Status", "values": ["New", "Active", "Closed"]},
        "Active__c": {"type": "Checkbox", "label": "Active"},
        "Due__c": {"type": "Date", "label": "Due date"},
        "Seen__c": {"type": "DateTime", "label": "Last seen"},
        "Email__c": {"type": "Email", "label": "Email"},
        "Notes__c": {"type": "LongTextArea", "length": 32000, "label": "Notes"},
        "Ratio__c": {"type": "Percent", "precision": 5, "scale": 2, "label": "Ratio"},
        "Web__c": {"type": "Url", "label": "Website"},
        "Phone__c": {"type": "Phone", "label": "Phone"},
        "Region__c": {"type": "Text", "length": 40, "label": "Region"},
        "Ext_Id__c": {
            "type": "Text",
            "length": 40,
            "label": "Remote id",
            "owner": remote,
            "external_id": True,
            "unique": True,
        },
        "Remote_Status__c": {"type": "Text", "length": 40, "label": "Remote status", "owner": remote},
        "Remote_Total__c": {"type": "Currency", "precision": 16, "scale": 2, "label": "Remote total", "owner": remote},
        "Remote_Date__c": {"type": "Date", "label": "Remote date", "owner": remote},
        "Remote_Flag__c": {"type": "Checkbox", "label": "Remote flag", "owner": remote},
    }
    if previous:
        fields["Parent__c"] = {"type": "Lookup", "reference_to": previous, "label": "Parent"}
    else:
        fields["Tag__c"] = {"type": "Text", "length": 10, "label": "Tag"}
    assert len(fields) == FIELDS
    return fields


def _object(i: int, systems: int) -> dict[str, Any]:
    remote = _remote(i, systems)
    return {
        "label": f"Object {i}",
        "plural_label": f"Objects {i}",
        "description": f"Synthetic business object number {i}.",
        # every tenth object is mastered remotely; its flows only come in (or are exported)
        "owner": remote if i % 10 == 9 else "crm",
        "external_ids": {remote: "Ext_Id__c"},
        "fields": _fields(i, remote, f"Obj{i - 1}__c" if i else None),
    }


OUT_MAPPING = [
    {"field": "Name__c", "remote": "name", "transform": "trim"},
    {"field": "Amount__c", "remote": "totals.amount", "transform": "to_number"},
    {"field": "Status__c", "remote": "status", "transform": "upper"},
    {"field": "Due__c", "remote": "dueDate", "transform": "date_iso"},
    {"field": "Email__c", "remote": "contact.email", "transform": "lower"},
]
IN_MAPPING = [
    {"field": "Remote_Status__c", "remote": "status"},
    {"field": "Remote_Total__c", "remote": "total", "transform": "to_number"},
    {"field": "Remote_Date__c", "remote": "date", "transform": "date_iso"},
    {"field": "Remote_Flag__c", "remote": "flag", "transform": "to_boolean"},
]


# What the synthetic flows may spend of an unlimited org's daily allowances, whatever the size, so
# that every landscape passes SFS108 and the limits estimate without a warning: event deliveries
# (50,000 a day) and Bulk API batches (15,000 a day, one per run of a bulk flow of under 10,000 records).
EVENTS_PER_DAY = 40_000
BULK_BATCHES_PER_DAY = 7_500
STREAMING = ("cdc", "platform-event", "cdc-multi")
BULK_IN = ("bulk-in-camel", "bulk-in-etl")


def _caps(flows: int) -> tuple[int, int]:
    """(events a day a streaming flow may declare, hours between the runs of a bulk flow into
    Salesforce) for a landscape of `flows` flows cycling through SHAPES."""
    streaming = sum(1 for j in range(flows) if SHAPES[j % len(SHAPES)] in STREAMING)
    bulk_in = sum(1 for j in range(flows) if SHAPES[j % len(SHAPES)] in BULK_IN)
    events = EVENTS_PER_DAY // max(streaming, 1)
    hours = 1
    while bulk_in * -(-24 // hours) > BULK_BATCHES_PER_DAY and hours < 24:
        hours += 1
    return events, hours


def _flow(j: int, shape: str, obj: str, o: int, objects: int, systems: int, caps: tuple[int, int]) -> dict[str, Any]:
    remote = _remote(o, systems)
    volume = {"records_per_day": 100 + j % 900, "peak_per_hour": 20}
    if shape in STREAMING:
        # 5 to 24 events a day each, less when there are so many flows that they would not fit the allowance
        events = max(1, min(5 + j % 20, caps[0]))
        volume = {"records_per_day": events, "peak_per_hour": min(5, events)}
    if shape in ("apex-rest", "on-demand"):
        flow = {
            "description": f"Records of {obj} go to {remote}.",
            "source": "crm",
            "target": remote,
            "object": obj,
            "timing": "on_demand" if shape == "on-demand" else "realtime",
            "transport": "rest",
            "endpoint": {"path": f"/api/v1/{obj.lower()}", "method": "PUT", "id_path": "id"},
            "mapping": OUT_MAPPING,
            "match_key": "Ext_Id__c",
            "volume": volume,
            "retry": {"max_attempts": 3 + j % 4, "initial_delay_seconds": 30, "max_delay_seconds": 900},
        }
        if shape == "apex-rest":
            flow["trigger"] = {"on": ["create", "update"], "fields": ["Name__c", "Amount__c", "Status__c"]}
        return flow
    if shape == "apex-soap":
        return {
            "source": "crm",
            "target": "mdm",
            "object": obj,
            "trigger": {"on": ["create", "update", "delete"]},
            "transport": "soap",
            "endpoint": {
                "path": "/services/Master",
                "soap_action": f"urn:Upsert{obj}",
                "operation": f"Upsert{obj.replace('__c', '')}Request",
            },
            "mapping": OUT_MAPPING[:3],
            "volume": volume,
        }
    if shape in STREAMING:
        flow = {
            "source": "crm",
            "target": remote,
            "via": "esb",
            "transport": "streaming",
            "event": "platform_event" if shape == "platform-event" else "cdc",
            "endpoint": {"path": f"/events/{obj.lower()}", "method": "POST"},
            "volume": volume,
        }
        if shape == "cdc-multi":
            step = 2 if (o + 1) % 10 == 9 else 1  # the second object is mastered in Salesforce too
            nxt = f"Obj{(o + step) % objects}__c"
            flow["objects"] = [obj, nxt]
            flow["mapping"] = [
                {"field": f"{obj}.Name__c", "remote": "a.name"},
                {"field": f"{nxt}.Name__c", "remote": "b.name"},
            ]
        else:
            flow["object"] = obj
            flow["mapping"] = OUT_MAPPING
            flow["match_key"] = "Ext_Id__c"
        if shape == "platform-event":
            flow["trigger"] = {"on": ["create", "update", "delete"]}
        return flow
    if shape == "bulk-export":
        return {
            "description": "Nightly export to the warehouse.",
            "source": "crm",
            "target": "dwh",
            "objects": [f"Obj{(o + k) % objects}__c" for k in range(3)],
            "via": "etl",
            "timing": "scheduled",
            "schedule": f"{j % 60} 2 * * *",
            "transport": "bulk",
            "volume": {"records_per_day": 50000},
        }
    inbound: dict[str, Any] = {
        "source": remote,
        "target": "crm",
        "object": obj,
        "via": "esb",
        "transport": "rest",
        "mapping": IN_MAPPING,
        "match_key": "Ext_Id__c",
        "volume": volume,
    }
    if o % 10 != 9:  # Salesforce masters the object: the remote updates records it was sent, by Id (SFS132)
        inbound.update({"mapping": [{"field": "Id", "remote": "salesforceId"}, *IN_MAPPING], "match_key": "Id"})
        inbound["write"] = "update"
    if shape == "in-http":
        inbound["receive"] = {"mode": "http", "path": f"/in/{obj.lower()}"}
    elif shape == "in-kafka":
        inbound["receive"] = {"mode": "kafka", "topic": f"{remote}.{obj.lower()}"}
    elif shape == "in-file":
        inbound["receive"] = {"mode": "file", "path": f"/data/in/{obj.lower()}"}
    else:
        mode = {"mode": "poll", "path": f"/api/v1/{obj.lower()}/changes"}
        if shape == "bulk-in-etl":
            mode = {"mode": "file", "path": f"/data/batch/{obj.lower()}"}
        inbound.update(
            {
                "receive": mode,
                "timing": "scheduled",
                "schedule": f"{j % 60} * * * *" if caps[1] == 1 else f"{j % 60} */{caps[1]} * * *",
                "transport": "bulk",
                "volume": {"records_per_day": 100000, "batch_size": 2000},
            }
        )
    return inbound


def landscape(objects: int, systems: int | None = None) -> dict[str, Any]:
    """The whole spec as one mapping (sections systems, objects, flows, environments); `systems`
    remote systems (default one per 100 objects, at least 2)."""
    systems = systems or max(2, objects // 100)
    spec: dict[str, Any] = {
        "sfspec": 1,
        "name": "synthetic",
        "description": f"A synthetic landscape of {objects} objects for the benchmarks.",
        "salesforce": {
            "api_version": "63.0",
            "integration_user": "integration@example.com",
            "edition": "unlimited",
            "licenses": 100000,
        },
        "systems": _systems(systems),
        "objects": {f"Obj{i}__c": _object(i, systems) for i in range(objects)},
        "flows": {},
        "environments": {
            "bench": {"org": "mock:org.json", "description": "The synthetic org snapshot."},
            "prod": {
                "org": "sf:synthetic-prod",
                "systems": {"erp_0": {"base_url": "https://erp-0.prod.example.com"}},
            },
        },
    }
    flows = int(objects * FLOWS_PER_OBJECT)
    caps = _caps(flows)
    for j in range(flows):
        shape = SHAPES[j % len(SHAPES)]
        o = (j * 5 // 3) % objects
        if shape in OUTBOUND and o % 10 == 9:
            o -= 1  # a remotely mastered object does not leave Salesforce
        spec["flows"][f"{shape}-{j}"] = _flow(j, shape, f"Obj{o}__c", o, objects, systems, caps)
    return spec


def org_snapshot(spec: dict[str, Any]) -> dict[str, Any]:
    """A mock org (schemas/mock-org.schema.json) holding an earlier, sfspec-managed version of every
    other object of the spec and a few unmanaged components of its own."""
    objects: dict[str, Any] = {}
    for i, (name, obj) in enumerate(spec["objects"].items()):
        if i % 2:
            continue
        objects[name] = {
            "attributes": {
                "label": obj["label"] + " (old)",
                "description": f"{_MARKER}. An earlier version.",
                "pluralLabel": obj["plural_label"],
                "deploymentStatus": "Deployed",
                "sharingModel": "ReadWrite",
                "nameField": {"label": "Name", "type": "Text"},
            },
            "fields": {
                f: {
                    "label": d.get("label", f),
                    "description": _MARKER,
                    "type": d["type"],
                    **({"length": str(d["length"])} if "length" in d else {}),
                }
                for f, d in obj["fields"].items()
            },
        }
    return {
        "format_version": 1,
        "org": {
            "instance": "synthetic.my.salesforce.com",
            "api_version": "63.0",
            "edition": "unlimited",
            "licenses": 100000,
            "limits": {"DailyApiRequests": {"Max": 600000000, "Remaining": 599000000}},
        },
        "objects": objects,
        "components": {
            "ApexClass": {
                f"Legacy{i}": {
                    "attributes": {"apiVersion": "60.0", "status": "Active"},
                    "body": f"public class Legacy{i} {{}}\n",
                }
                for i in range(5)
            },
            "RemoteSiteSetting": {"Old_Site": {"attributes": {"url": "https://old.example.com", "isActive": "true"}}},
        },
    }


def write_landscape(folder: Path, objects: int, systems: int | None = None) -> Path:
    """landscape.yaml, objects-NNN.yaml (500 objects each), flows.yaml and org.json in `folder`."""
    spec = landscape(objects, systems)
    folder.mkdir(parents=True, exist_ok=True)

    def dump(name: str, value: dict[str, Any]) -> None:
        text = yaml.dump(value, Dumper=_Dumper, sort_keys=False, default_flow_style=None, width=120)
        (folder / name).write_text(f"# synthetic landscape (bench/synth.py)\n{text}", encoding="utf-8")

    dump("landscape.yaml", {k: v for k, v in spec.items() if k not in ("objects", "flows")})
    names = list(spec["objects"])
    for start in range(0, len(names), OBJECTS_PER_FILE):
        chunk = {n: spec["objects"][n] for n in names[start : start + OBJECTS_PER_FILE]}
        dump(f"objects-{start // OBJECTS_PER_FILE:03d}.yaml", {"objects": chunk})
    dump("flows.yaml", {"flows": spec["flows"]})
    (folder / "org.json").write_text(json.dumps(org_snapshot(spec), indent=2) + "\n", encoding="utf-8")
    return folder


def spec_files(folder: Path) -> list[Path]:
    return sorted(folder.glob("*.yaml"))


# ── an SFDX project, for `source:` against Salesforce's source-deploy-retrieve ─────────────────


def _object_xml(i: int, managed: bool) -> str:
    marker = f"\n    <description>{_MARKER}: synthetic object {i}</description>" if managed else ""
    return (
        f'<?xml version="1.0" encoding="UTF-8"?>\n<CustomObject xmlns="{_NS}">\n'
        f"    <deploymentStatus>Deployed</deploymentStatus>{marker}\n"
        f"    <label>Project Object {i}</label>\n"
        f"    <nameField>\n        <label>Name</label>\n        <type>Text</type>\n    </nameField>\n"
        f"    <pluralLabel>Project Objects {i}</pluralLabel>\n"
        f"    <sharingModel>ReadWrite</sharingModel>\n</CustomObject>\n"
    )


def _field_xml(name: str, f: int, managed: bool) -> str:
    marker = f"\n    <description>{_MARKER}</description>" if managed else ""
    kind = f % 3
    body = (
        "<length>80</length>\n    <type>Text</type>"
        if kind == 0
        else "<precision>16</precision>\n    <scale>2</scale>\n    <type>Currency</type>"
        if kind == 1
        else "<type>Picklist</type>\n    <valueSet>\n        <valueSetDefinition>\n"
        + "".join(
            f"            <value>\n                <fullName>V{v}</fullName>\n"
            f"                <default>false</default>\n"
            f"                <label>Value {v}</label>\n            </value>\n"
            for v in range(4)
        )
        + "        </valueSetDefinition>\n    </valueSet>"
    )
    return (
        f'<?xml version="1.0" encoding="UTF-8"?>\n<CustomField xmlns="{_NS}">\n'
        f"    <fullName>{name}</fullName>{marker}\n    <label>Field {f}</label>\n    {body}\n</CustomField>\n"
    )


def write_sfdx_project(folder: Path, objects: int, fields: int, classes: int) -> Path:
    """An SFDX project: `objects` custom objects × `fields` fields, `classes` Apex classes; every
    tenth object and class carries sfspec's managed marker (as a project sfspec deployed to would)."""
    folder.mkdir(parents=True, exist_ok=True)
    (folder / "sfdx-project.json").write_text(
        json.dumps({"packageDirectories": [{"path": "force-app", "default": True}], "sourceApiVersion": "63.0"}),
        encoding="utf-8",
    )
    base = folder / "force-app" / "main" / "default"
    for i in range(objects):
        name = f"Proj{i}__c"
        managed = i % 10 == 0
        fdir = base / "objects" / name / "fields"
        fdir.mkdir(parents=True)
        (base / "objects" / name / f"{name}.object-meta.xml").write_text(_object_xml(i, managed), encoding="utf-8")
        for f in range(fields):
            (fdir / f"F{f}__c.field-meta.xml").write_text(_field_xml(f"F{f}__c", f, managed), encoding="utf-8")
    cdir = base / "classes"
    cdir.mkdir(parents=True)
    for c in range(classes):
        header = f"// {_MARKER}: synthetic class {c}\n" if c % 10 == 0 else ""
        body = (
            header
            + f"public with sharing class Cls{c} {{\n"
            + "".join(f"    public static Integer m{m}(Integer x) {{ return x + {m}; }}\n" for m in range(30))
            + "}\n"
        )
        (cdir / f"Cls{c}.cls").write_text(body, encoding="utf-8")
        (cdir / f"Cls{c}.cls-meta.xml").write_text(
            f'<?xml version="1.0" encoding="UTF-8"?>\n<ApexClass xmlns="{_NS}">\n'
            f"    <apiVersion>63.0</apiVersion>\n    <status>Active</status>\n</ApexClass>\n",
            encoding="utf-8",
        )
    return folder
