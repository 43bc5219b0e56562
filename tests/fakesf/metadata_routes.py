"""The Metadata API SOAP endpoint: deploy / checkDeployStatus (a deploy changes the fake's
snapshot), retrieve / checkRetrieveStatus (a zip built from the snapshot), listMetadata and
readMetadata. Component and test failures can be injected through `fake.state`:
`fail_components` ({"ApexClass:X": "problem"}), `fail_tests` ({"XTest": ("method", "message")}),
`deploy_polls` / `retrieve_polls` (checks that answer InProgress before the result),
`deploy_status` (the status a finished deploy reports, e.g. SucceededPartial).
"""

from __future__ import annotations

import base64
import itertools
import re
import xml.etree.ElementTree as ET
from typing import Any
from xml.sax.saxutils import escape

from fakesf.server import SOAP_ENV, FakeSalesforce, Request, Response, soap_fault
from sfspec.org.mdapi import build_zip, mdapi_files, package_xml, read_zip, with_fields
from sfspec.sfdx_format import BY_TYPE, attributes_to_xml
from sfspec.state import Component, ComponentKey

MD_NS = "http://soap.sforce.com/2006/04/metadata"
_ids = itertools.count(1)


def _local(tag: str) -> str:
    return tag.rsplit("}", 1)[-1]


def _find(el: ET.Element, name: str) -> ET.Element | None:
    return next((c for c in el.iter() if _local(c.tag) == name), None)


def _text(el: ET.Element, name: str, default: str = "") -> str:
    found = _find(el, name)
    return (found.text or "").strip() if found is not None else default


def _envelope(inner: str) -> Response:
    body = (
        f'<?xml version="1.0" encoding="UTF-8"?><soapenv:Envelope xmlns:soapenv="{SOAP_ENV}" xmlns="{MD_NS}" '
        f'xmlns:xsi="http://www.w3.org/2001/XMLSchema-instance"><soapenv:Body>{inner}</soapenv:Body></soapenv:Envelope>'
    )
    return Response(200, body, "text/xml;charset=UTF-8")


def _b(value: bool) -> str:
    return "true" if value else "false"


# ── retrieve ─────────────────────────────────────────────────────────────────────────────
def _select(
    fake: FakeSalesforce, wanted: dict[str, list[str]]
) -> tuple[list[Component], dict[str, list[str]], list[str]]:
    comps = fake.org.components
    chosen: dict[ComponentKey, Component] = {}
    listed: dict[str, list[str]] = {}
    missing: list[str] = []
    for type_, members in wanted.items():
        for member in members:
            if member == "*":
                keys = [k for k in comps if k.type == type_ and (type_ != "CustomObject" or "__" in k.name)]
            else:
                keys = [k for k in (ComponentKey(type_, member),) if k in comps]
            if type_ == "CustomObject" and not keys and fake.org.fields_of(member):
                # an object the snapshot records only through its fields (a standard object): Salesforce
                # returns its .object file, listed in package.xml; the snapshot has no attributes for it
                chosen.update({f.key: f for f in fake.org.fields_of(member)})
                listed.setdefault(type_, []).append(member)
                continue
            if not keys and member != "*":
                missing.append(f"Entity of type '{type_}' named '{member}' cannot be found")
                continue
            for key in keys:
                chosen[key] = comps[key]
                listed.setdefault(type_, []).append(key.name)
                if type_ == "CustomObject":
                    for field in fake.org.fields_of(key.name):
                        chosen[field.key] = field
    return list(chosen.values()), listed, missing


def retrieve(fake: FakeSalesforce, root: ET.Element) -> Response:
    request = _find(root, "retrieveRequest")
    if request is None:
        return soap_fault("sf:INVALID_CROSS_REFERENCE_KEY", "retrieveRequest is missing", 500)
    wanted: dict[str, list[str]] = {}
    for types in (c for c in request.iter() if _local(c.tag) == "types"):
        name = _text(types, "name")
        wanted.setdefault(name, []).extend((m.text or "").strip() for m in types if _local(m.tag) == "members")
    comps, listed, missing = _select(fake, wanted)
    files: dict[str, str | bytes] = dict(mdapi_files(comps))
    files["package.xml"] = package_xml(listed, _text(request, "apiVersion") or fake.api_version)
    job = f"09SFAKE{next(_ids):08d}"
    with fake.lock:
        fake.state.setdefault("retrieves", {})[job] = {
            "zip": build_zip(files),
            "missing": missing,
            "checks": 0,
            "files": sorted(files),
        }
    return _envelope(
        f"<retrieveResponse><result><done>false</done><id>{job}</id><state>Queued</state></result></retrieveResponse>"
    )


def check_retrieve_status(fake: FakeSalesforce, root: ET.Element) -> Response:
    job_id = _text(root, "asyncProcessId")
    job = fake.state.get("retrieves", {}).get(job_id)
    if job is None:
        return soap_fault("sf:INVALID_ID_FIELD", f"INVALID_ID_FIELD: invalid retrieve id {job_id}")
    job["checks"] += 1
    if job["checks"] <= int(fake.state.get("retrieve_polls", 0)):
        return _envelope(
            f"<checkRetrieveStatusResponse><result><done>false</done><id>{job_id}</id>"
            "<status>InProgress</status><success>false</success></result></checkRetrieveStatusResponse>"
        )
    messages = "".join(
        f"<messages><fileName>unpackaged/package.xml</fileName><problem>{escape(m)}</problem></messages>"
        for m in job["missing"]
    )
    props = "".join(
        f"<fileProperties><fileName>unpackaged/{escape(f)}</fileName><fullName>{escape(f)}</fullName></fileProperties>"
        for f in job["files"]
    )
    include_zip = _text(root, "includeZip").lower() == "true"
    zip_el = f"<zipFile>{base64.b64encode(job['zip']).decode()}</zipFile>" if include_zip else ""
    return _envelope(
        f"<checkRetrieveStatusResponse><result><done>true</done>{props}<id>{job_id}</id>{messages}"
        f"<status>Succeeded</status><success>true</success>{zip_el}</result></checkRetrieveStatusResponse>"
    )


# ── deploy ───────────────────────────────────────────────────────────────────────────────
def _file_name(key: ComponentKey) -> str:
    st = BY_TYPE.get(key.type)
    if key.type == "CustomField":
        return f"objects/{key.name.split('.', 1)[0]}.object"
    return f"{st.directory}/{key.name}.{st.suffix}" if st else key.name


def _test_methods(body: str | None) -> list[str]:
    return re.findall(
        r"(?is)@istest\s+(?:(?:public|private|global|static|testmethod)\s+)*void\s+(\w+)\s*\(", body or ""
    )


def _run_deploy(fake: FakeSalesforce, zip_bytes: bytes, options: dict[str, str]) -> dict[str, Any]:
    try:
        comps, _package, destructive = read_zip(zip_bytes)
    except (ValueError, KeyError, ET.ParseError) as exc:
        return {
            "status": "Failed",
            "error": f"cannot read the deploy zip: {exc}",
            "failures": [],
            "tests": [],
            "total": 0,
            "successes": [],
        }
    deletes = [ComponentKey(t, n) for t, names in destructive.items() for n in names]
    existing = fake.org.components
    injected: dict[str, str] = fake.state.get("fail_components", {})
    failures: list[tuple[ComponentKey, str]] = []
    incoming_objects = {c.name for c in comps if c.type == "CustomObject"}
    known_objects = set(fake.org.object_names()) | incoming_objects
    for comp in comps:
        if str(comp.key) in injected:
            failures.append((comp.key, injected[str(comp.key)]))
        elif comp.type == "CustomField" and comp.name.split(".", 1)[0] not in known_objects:
            failures.append(
                (comp.key, f"Entity of type 'CustomObject' named '{comp.name.split('.', 1)[0]}' cannot be found")
            )
    for key in deletes:
        if key not in existing:
            failures.append((key, f"No {key.type} named: {key.name} found"))
    tests: list[tuple[str, str, str | None]] = []  # (class, method, failure message or None)
    level = options.get("testLevel", "NoTestRun")
    if level == "RunSpecifiedTests":
        bodies = {c.name: c.body for c in comps if c.type == "ApexClass"}
        bodies.update({k.name: c.body for k, c in existing.items() if k.type == "ApexClass" and k.name not in bodies})
        failing: dict[str, tuple[str, str]] = fake.state.get("fail_tests", {})
        for cls in options.get("runTests", []):
            if cls not in bodies:
                tests.append((cls, "", f"no test class named {cls} in the org or the deploy"))
                continue
            for method in _test_methods(bodies[cls]) or ["test"]:
                bad = failing.get(cls)
                tests.append((cls, method, bad[1] if bad and bad[0] in (method, "*") else None))
    failed = bool(failures) or any(t[2] for t in tests)
    applied = not failed and options.get("checkOnly", "false").lower() != "true"
    if applied:
        fake.org.apply(comps, deletes)
    elif not failed or options.get("rollbackOnError", "true").lower() != "true":
        pass  # check-only success, or (not modelled) partial success without rollback
    with fake.lock:
        fake.state.setdefault("deploys", []).append(
            {"components": comps, "deletes": deletes, "options": options, "applied": applied}
        )
    return {
        # `deploy_status` overrides what the org reports (SucceededPartial: some components saved)
        "status": fake.state.get("deploy_status") or ("Failed" if failed else "Succeeded"),
        "failures": failures,
        "tests": tests,
        "total": len(comps) + len(deletes),
        "successes": [c.key for c in comps],
        "error": None,
        "check_only": options.get("checkOnly", "false"),
    }


def deploy(fake: FakeSalesforce, root: ET.Element) -> Response:
    zip_b64 = _text(root, "ZipFile")
    opts_el = _find(root, "DeployOptions")
    options: dict[str, Any] = {}
    if opts_el is not None:
        for child in opts_el:
            name = _local(child.tag)
            if name == "runTests":
                options.setdefault("runTests", []).append((child.text or "").strip())
            else:
                options[name] = (child.text or "").strip()
    try:
        zip_bytes = base64.b64decode(zip_b64, validate=True)
    except ValueError:
        return soap_fault("sf:INVALID_ZIP", "ZipFile is not base64")
    job = f"0AfFAKE{next(_ids):08d}"
    result = _run_deploy(fake, zip_bytes, options)
    result["checks"] = 0
    with fake.lock:
        fake.state.setdefault("deploy_jobs", {})[job] = result
    return _envelope(
        f"<deployResponse><result><done>false</done><id>{job}</id><state>Queued</state></result></deployResponse>"
    )


def check_deploy_status(fake: FakeSalesforce, root: ET.Element) -> Response:
    job_id = _text(root, "asyncProcessId")
    job = fake.state.get("deploy_jobs", {}).get(job_id)
    if job is None:
        return soap_fault("sf:INVALID_ID_FIELD", f"INVALID_ID_FIELD: invalid deploy id {job_id}")
    job["checks"] += 1
    if job["checks"] <= int(fake.state.get("deploy_polls", 0)):
        return _envelope(
            f"<checkDeployStatusResponse><result><done>false</done><id>{job_id}</id>"
            "<status>InProgress</status><stateDetail>Deploying components</stateDetail>"
            "<success>false</success></result></checkDeployStatusResponse>"
        )
    failed_keys = {k for k, _ in job["failures"]}
    fails = "".join(
        f"<componentFailures><componentType>{k.type}</componentType><fileName>{escape(_file_name(k))}</fileName>"
        f"<fullName>{escape(k.name)}</fullName><problem>{escape(p)}</problem><problemType>Error</problemType>"
        "<success>false</success></componentFailures>"
        for k, p in job["failures"]
    )
    oks = "".join(
        f"<componentSuccesses><componentType>{k.type}</componentType><fileName>{escape(_file_name(k))}</fileName>"
        f"<fullName>{escape(k.name)}</fullName><success>true</success></componentSuccesses>"
        for k in job["successes"]
        if k not in failed_keys
    )
    test_fails = "".join(
        f"<failures><message>{escape(m)}</message><methodName>{escape(meth)}</methodName><name>{escape(c)}</name>"
        f"<stackTrace>Class.{escape(c)}.{escape(meth)}: line 1, column 1</stackTrace><type>Class</type></failures>"
        for c, meth, m in job["tests"]
        if m
    )
    n_fail = sum(1 for t in job["tests"] if t[2])
    run = (
        f"<runTestResult><numFailures>{n_fail}</numFailures><numTestsRun>{len(job['tests'])}</numTestsRun>"
        f"{test_fails}</runTestResult>"
    )
    error = f"<errorMessage>{escape(job['error'])}</errorMessage>" if job.get("error") else ""
    n_errors = len(job["failures"])
    inner = (
        f"<checkDeployStatusResponse><result><checkOnly>{job.get('check_only', 'false')}</checkOnly>"
        f"<details>{fails}{oks}{run}</details><done>true</done>{error}<id>{job_id}</id>"
        f"<numberComponentErrors>{n_errors}</numberComponentErrors>"
        f"<numberComponentsDeployed>{job['total'] - n_errors if job['status'] != 'Failed' else 0}</numberComponentsDeployed>"
        f"<numberComponentsTotal>{job['total']}</numberComponentsTotal>"
        f"<numberTestErrors>{n_fail}</numberTestErrors><numberTestsCompleted>{len(job['tests']) - n_fail}"
        f"</numberTestsCompleted><numberTestsTotal>{len(job['tests'])}</numberTestsTotal>"
        f"<rollbackOnError>true</rollbackOnError><status>{job['status']}</status>"
        f"<success>{_b(job['status'] == 'Succeeded')}</success></result></checkDeployStatusResponse>"
    )
    return _envelope(inner)


# ── CRUD-style reads (zeep clients) ──────────────────────────────────────────────────────
def list_metadata(fake: FakeSalesforce, root: ET.Element) -> Response:
    types = [(_text(q, "type")) for q in root.iter() if _local(q.tag) == "queries"]
    out = []
    for key, _ in sorted(fake.org.components.items()):
        if key.type in types:
            out.append(
                f"<result><createdById>005FAKE</createdById><createdByName>Fake</createdByName>"
                f"<createdDate>2025-01-01T00:00:00.000Z</createdDate><fileName>{escape(_file_name(key))}</fileName>"
                f"<fullName>{escape(key.name)}</fullName><id>01pFAKE</id><lastModifiedById>005FAKE</lastModifiedById>"
                f"<lastModifiedByName>Fake</lastModifiedByName><lastModifiedDate>2025-01-01T00:00:00.000Z"
                f"</lastModifiedDate><manageableState>unmanaged</manageableState><type>{key.type}</type></result>"
            )
    return _envelope(f"<listMetadataResponse>{''.join(out)}</listMetadataResponse>")


def read_metadata(fake: FakeSalesforce, root: ET.Element) -> Response:
    type_ = _text(root, "type")
    names = [(n.text or "").strip() for n in root.iter() if _local(n.tag) == "fullNames"]
    records = []
    for name in names:
        comp = fake.org.components.get(ComponentKey(type_, name))
        if comp is None:
            continue
        attrs = dict(comp.attributes)
        if type_ == "CustomObject":
            attrs = with_fields(
                attrs, [{"fullName": f.name.split(".", 1)[1], **f.attributes} for f in fake.org.fields_of(name)]
            )
        inner = attributes_to_xml(type_, attrs, name).splitlines()[2:-1]
        records.append(f'<records xsi:type="{type_}">{"".join(line.strip() for line in inner)}</records>')
    return _envelope(f"<readMetadataResponse><result>{''.join(records)}</result></readMetadataResponse>")


OPERATIONS = {
    "retrieve": retrieve,
    "checkRetrieveStatus": check_retrieve_status,
    "deploy": deploy,
    "checkDeployStatus": check_deploy_status,
    "listMetadata": list_metadata,
    "readMetadata": read_metadata,
}


def soap(fake: FakeSalesforce, req: Request) -> Response:
    try:
        root = ET.fromstring(req.body)
    except ET.ParseError:
        return soap_fault("soapenv:Client", "request is not well-formed XML")
    body = next((c for c in root if _local(c.tag) == "Body"), None)
    op_el = next(iter(body), None) if body is not None else None
    op = _local(op_el.tag) if op_el is not None else ""
    handler = OPERATIONS.get(op)
    with fake.lock:
        fake.requests[f"metadata:{op or 'unknown'}"] += 1
    fake.meet(f"metadata:{op}")
    if handler is None or op_el is None:
        return soap_fault("sf:UNKNOWN_OPERATION", f"operation {op!r} is not supported by the fake")
    return handler(fake, op_el)


def register(fake: FakeSalesforce) -> None:
    fake.route("POST", r"/services/Soap/m/(?P<v>\d+\.0)(?:/.*)?", "metadata", soap)
