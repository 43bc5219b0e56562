"""The integration permission set, checked against what the generated code does (issue 12): every
object and custom field the integration user's Apex reads `WITH USER_MODE` or writes with
`AccessLevel.USER_MODE`, and every one the middleware reads (Pub/Sub channels, getSObject, the
Meltano tap's select) or writes (upsert, update, raw PATCH, composite, Bulk), is granted. The required
set is derived from the generated files, not from the plan the generator used, so a template that
starts reading a field the planner does not know about fails here."""

from __future__ import annotations

import json
import re
import xml.etree.ElementTree as ET
from dataclasses import dataclass, field

import pytest
from ruamel.yaml import YAML
from sf_support import spec_cases, validators

from sfspec import resolve
from sfspec.api import check_spec
from sfspec.generate import generate
from sfspec.generate.context import GenerationContext

NS = {"m": "http://soap.sforce.com/2006/04/metadata"}
# The integration user runs these (PlatformEventSubscriberConfig); on-demand services run as the user.
RUN_AS_INTEGRATION = ("Queueable.cls", "Finalizer.cls", "EventHandler.cls")
SOQL = re.compile(r"\[\s*SELECT\s+(.*?)\s+FROM\s+(\w+)\b(.*?)\]", re.S | re.I)
USER_MODE_DML = re.compile(r"Database\.(insert|update|upsert)\(\s*(\w+)\b[^;]*AccessLevel\.USER_MODE", re.S)
LIST_DECL = re.compile(r"List<(\w+)>\s+(\w+)\s*=")
NEW_RECORD = re.compile(r"\bnew\s+(\w+)\s*\(([^()]*)\)")
JQ_WRITE = re.compile(r'\.\["(\w+__c)"\] =')


@dataclass
class Access:
    read: set[str] = field(default_factory=set)  # objects
    edit: set[str] = field(default_factory=set)
    create: set[str] = field(default_factory=set)
    field_read: set[str] = field(default_factory=set)  # Object.Field__c
    field_edit: set[str] = field(default_factory=set)

    def reads(self, obj: str, fields: list[str] | tuple[str, ...] = ()) -> None:
        self.read.add(obj)
        self.field_read.update(f"{obj}.{f}" for f in fields if f.endswith("__c"))

    def writes(self, obj: str, fields: list[str] | tuple[str, ...] = (), create: bool = False) -> None:
        self.reads(obj)
        self.edit.add(obj)
        if create:
            self.create.add(obj)
        self.field_edit.update(f"{obj}.{f}" for f in fields if f.endswith("__c"))
        self.field_read.update(f"{obj}.{f}" for f in fields if f.endswith("__c"))


def _granted(files: dict[str, str]) -> Access:
    granted = Access()
    sets = [t for p, t in files.items() if p.endswith(".permissionset-meta.xml") and "Integration" in p]
    assert len(sets) <= 1
    for text in sets:
        root = ET.fromstring(text)
        for o in root.findall("m:objectPermissions", NS):
            name = o.findtext("m:object", namespaces=NS) or ""
            if o.findtext("m:allowRead", namespaces=NS) == "true":
                granted.read.add(name)
            if o.findtext("m:allowEdit", namespaces=NS) == "true":
                granted.edit.add(name)
            if o.findtext("m:allowCreate", namespaces=NS) == "true":
                granted.create.add(name)
        for f in root.findall("m:fieldPermissions", NS):
            name = f.findtext("m:field", namespaces=NS) or ""
            if f.findtext("m:readable", namespaces=NS) == "true":
                granted.field_read.add(name)
            if f.findtext("m:editable", namespaces=NS) == "true":
                granted.field_edit.add(name)
    return granted


def apex_access(files: dict[str, str], access: Access) -> None:
    for path, text in files.items():
        if not path.endswith(RUN_AS_INTEGRATION):
            continue
        code = validators.strip_comments_and_strings(text)
        for select, obj, rest in SOQL.findall(code):
            if "WITH USER_MODE" in rest.upper():
                access.reads(obj, [f.strip() for f in select.split(",")])
        lists = {var: obj for obj, var in LIST_DECL.findall(code)}
        for op, var in USER_MODE_DML.findall(code):
            obj = lists.get(var)
            assert obj, f"{path}: cannot tell the object of {var}"
            # the records written are built as `new Obj(Field__c = ...)`: those fields are edited
            assigned = [
                f.split("=")[0].strip() for o, args in NEW_RECORD.findall(code) if o == obj for f in args.split(",")
            ]
            access.writes(obj, assigned, create=op in ("insert", "upsert"))


def _walk(node: object):
    if isinstance(node, dict):
        for k, v in node.items():
            yield k, v
            yield from _walk(v)
    elif isinstance(node, list):
        for v in node:
            yield from _walk(v)


def _change_event_object(entity: str) -> str:
    base = entity.removesuffix("ChangeEvent")
    return base + "c" if base.endswith("__") else base


def middleware_access(files: dict[str, str], access: Access) -> None:
    yaml = YAML(typ="safe", pure=True)
    for path, text in files.items():
        if path.endswith(".camel.yaml"):
            doc = yaml.load(text)
            jq = " ".join(str(v["expression"]) for k, v in _walk(doc) if k == "jq" and isinstance(v, dict))
            for key, value in _walk(doc):
                if key not in ("from", "to") or not isinstance(value, dict):
                    continue
                uri, params = str(value.get("uri", "")), value.get("parameters") or {}
                channel = re.search(r"pubSubSubscribe:/(data|event)/(\w+)", uri)
                if channel:
                    kind, name = channel.groups()
                    access.reads(_change_event_object(name) if kind == "data" else name)
                elif uri.endswith("salesforce:getSObject"):
                    access.reads(params["sObjectName"], params["sObjectFields"].split(","))
                elif uri.endswith(("salesforce:upsertSObject", "salesforce:updateSObject")):
                    access.writes(params["sObjectName"], JQ_WRITE.findall(jq), create="upsert" in uri)
                elif uri.endswith("salesforce:raw"):
                    obj = re.search(r"/sobjects/(\w+)/", jq)
                    assert obj, path
                    access.writes(obj.group(1), JQ_WRITE.findall(jq))
                elif uri.endswith(("CompositeUpsertSObjectCollections", "compositeUpsertSObjectCollections")):
                    access.writes(params["sObjectName"], JQ_WRITE.findall(jq), create=True)
                elif uri.endswith("compositeUpdateSObjectCollections"):
                    typed = re.search(r'"type": "(\w+)"', jq)
                    assert typed, path
                    access.writes(typed.group(1), JQ_WRITE.findall(jq))
            for key, value in _walk(doc):
                if key == "setBody" and "bulk" not in path and '"operation"' in str(value):
                    job = json.loads(value["constant"]["expression"])
                    header = re.search(r"\[([^\[\]]*)\] \| @csv", jq)
                    assert header, path
                    columns = [c.strip().strip('"') for c in header.group(1).split(",")]
                    access.writes(job["object"], columns, create=job["operation"] in ("insert", "upsert"))
        elif path.endswith("meltano.yml"):
            doc = yaml.load(text)
            for key, value in _walk(doc):
                if key == "select":
                    for entry in value:
                        obj, _, name = str(entry).partition(".")
                        access.reads(obj, [name])


def _files(case: str) -> dict[str, str]:
    spec_path, env = spec_cases()[case]
    checked, diags = check_spec(spec_path)
    assert checked is not None, [d.format() for d in diags]
    resolved, diags = resolve.for_environment(checked.spec, checked.doc, spec_path, env)
    assert resolved is not None
    desired, _ = generate(GenerationContext(resolved.spec, checked.doc, resolved.environment))
    return {f.path: f.content for f in desired.files}


def _no_field_security(files: dict[str, str]) -> set[str]:
    """Required and master-detail fields: always readable and editable, a permission set cannot name them."""
    out = set()
    for path, text in files.items():
        m = re.search(r"objects/(\w+)/fields/(\w+)\.field-meta\.xml$", path)
        if m and ("<required>true</required>" in text or "<type>MasterDetail</type>" in text):
            out.add(f"{m.group(1)}.{m.group(2)}")
    return out


def _missing(required: Access, granted: Access, files: dict[str, str]) -> list[str]:
    exempt = _no_field_security(files)
    required.field_read -= exempt
    required.field_edit -= exempt
    out = []
    for what in ("read", "edit", "create", "field_read", "field_edit"):
        out += [f"{what} {name}" for name in sorted(getattr(required, what) - getattr(granted, what))]
    return out


@pytest.mark.parametrize("case", sorted(spec_cases()))
def test_the_integration_permission_set_grants_what_the_generated_code_uses(case):
    files = _files(case)
    required = Access()
    apex_access(files, required)
    middleware_access(files, required)
    assert _missing(required, _granted(files), files) == []


def test_the_derivation_sees_the_code_and_catches_a_missing_grant():
    """Negative control: the landscape uses objects and fields (so the check is not vacuous), and a
    permission set without one of them fails."""
    files = _files("landscape")
    required = Access()
    apex_access(files, required)
    middleware_access(files, required)
    assert {"Account", "Contact"} <= required.read and "Account.ERP_Id__c" in required.field_edit
    path = next(p for p in files if p.endswith(".permissionset-meta.xml") and "Integration" in p)
    stripped = re.sub(
        r"<fieldPermissions>\s*<editable>true</editable>\s*<field>Account\.ERP_Id__c</field>.*?</fieldPermissions>",
        "",
        files[path],
        flags=re.S,
    )
    assert stripped != files[path]
    assert "field_edit Account.ERP_Id__c" in _missing(required, _granted({**files, path: stripped}), files)
