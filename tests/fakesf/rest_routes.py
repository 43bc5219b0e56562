"""REST and Tooling API routes: versions, /limits, sobjects + describe, SOQL query with
nextRecordsUrl pagination, and composite/batch (REST and Tooling)."""

from __future__ import annotations

import itertools
from typing import Any
from urllib.parse import parse_qs, urlsplit

from fakesf import soql
from fakesf.server import FakeSalesforce, Request, Response, sf_error

V = r"/services/data/v(?P<v>\d+\.0)"
DESCRIBE_TYPES = {
    "Text": "string",
    "Email": "email",
    "Phone": "phone",
    "Url": "url",
    "Currency": "currency",
    "Number": "double",
    "Percent": "percent",
    "Checkbox": "boolean",
    "Date": "date",
    "DateTime": "datetime",
    "Picklist": "picklist",
    "MultiselectPicklist": "multipicklist",
    "Lookup": "reference",
    "MasterDetail": "reference",
    "TextArea": "textarea",
    "LongTextArea": "textarea",
    "Html": "textarea",
}
_locators = itertools.count(1)


def versions(fake: FakeSalesforce, req: Request) -> Response:
    return Response(
        200, [{"label": "Spring '25", "url": f"/services/data/v{fake.api_version}", "version": fake.api_version}]
    )


def resources(fake: FakeSalesforce, req: Request) -> Response:
    v = req.match["v"] if req.match else fake.api_version
    names = ("limits", "sobjects", "query", "queryAll", "tooling", "composite", "jobs", "metadata")
    return Response(200, {n: f"/services/data/v{v}/{n}" for n in names})


def limits(fake: FakeSalesforce, req: Request) -> Response:
    return Response(200, fake.org.data["org"].get("limits", {}))


def describe_global(fake: FakeSalesforce, req: Request) -> Response:
    sobjects = [
        {
            "name": n,
            "label": n,
            "custom": "__" in n,
            "queryable": True,
            "keyPrefix": None,
            "urls": {"describe": f"/services/data/v{fake.api_version}/sobjects/{n}/describe"},
        }
        for n in fake.org.object_names()
    ]
    return Response(200, {"encoding": "UTF-8", "maxBatchSize": 200, "sobjects": sobjects})


def _describe_field(name: str, a: dict[str, Any]) -> dict[str, Any]:
    values = (((a.get("valueSet") or {}).get("valueSetDefinition") or {}).get("value")) or []
    values = values if isinstance(values, list) else [values]

    def num(key: str) -> int:
        try:
            return int(a.get(key) or 0)
        except ValueError:
            return 0

    ref = a.get("referenceTo")
    return {
        "name": name,
        "label": a.get("label", name),
        "type": DESCRIBE_TYPES.get(a.get("type", ""), "string"),
        "length": num("length"),
        "precision": num("precision"),
        "scale": num("scale"),
        "nillable": a.get("required") != "true",
        "unique": a.get("unique") == "true",
        "externalId": a.get("externalId") == "true",
        "custom": name.endswith("__c"),
        "referenceTo": [ref] if ref else [],
        "inlineHelpText": a.get("inlineHelpText"),
        "picklistValues": [
            {
                "value": v.get("fullName"),
                "label": v.get("label"),
                "active": True,
                "defaultValue": v.get("default") == "true",
            }
            for v in values
            if isinstance(v, dict)
        ],
    }


def describe(fake: FakeSalesforce, req: Request) -> Response:
    name = req.match["name"] if req.match else ""
    match = next((n for n in fake.org.object_names() if n.lower() == name.lower()), None)
    if match is None:
        return sf_error(404, "NOT_FOUND", "The requested resource does not exist")
    fields = [
        {
            "name": "Id",
            "label": f"{match} ID",
            "type": "id",
            "length": 18,
            "nillable": False,
            "unique": False,
            "externalId": False,
            "custom": False,
            "referenceTo": [],
            "picklistValues": [],
        }
    ]
    fields += [_describe_field(c.name.split(".", 1)[1], dict(c.attributes)) for c in fake.org.fields_of(match)]
    return Response(200, {"name": match, "label": match, "custom": "__" in match, "fields": fields})


def _page(
    fake: FakeSalesforce, v: str, tooling: bool, records: list[dict[str, Any]], start: int, locator: str
) -> dict[str, Any]:
    size = int(fake.state.get("page_size", 2000))
    chunk = records[start : start + size]
    done = start + size >= len(records)
    body: dict[str, Any] = {"size": len(records), "totalSize": len(records), "done": done, "records": chunk}
    if tooling:
        body["entityTypeName"] = chunk[0]["attributes"]["type"] if chunk else None
    if not done:
        base = f"/services/data/v{v}/{'tooling/' if tooling else ''}query"
        body["nextRecordsUrl"] = f"{base}/{locator}-{start + size}"
    return body


def run_query(fake: FakeSalesforce, v: str, tooling: bool, text: str) -> Response:
    try:
        query = soql.parse(text)
    except soql.SoqlError as exc:
        return sf_error(400, "MALFORMED_QUERY", str(exc))
    if not fake.org.has_table(query.table):
        return sf_error(400, "INVALID_TYPE", f"sObject type '{query.table}' is not supported.")
    rows = fake.org.table(query.table)
    records = soql.run(query, rows)
    locator = f"01gFAKE{next(_locators):08d}"
    with fake.lock:
        fake.state.setdefault("cursors", {})[locator] = (records, tooling)
    return Response(200, _page(fake, v, tooling, records, 0, locator))


def query(fake: FakeSalesforce, req: Request) -> Response:
    return run_query(fake, req.match["v"], "/tooling/" in req.path, req.arg("q"))


def query_more(fake: FakeSalesforce, req: Request) -> Response:
    locator, start = req.match["locator"], int(req.match["start"])
    cursor = fake.state.get("cursors", {}).get(locator)
    if cursor is None:
        return sf_error(400, "INVALID_QUERY_LOCATOR", "invalid query locator")
    records, tooling = cursor
    return Response(200, _page(fake, req.match["v"], tooling, records, start, locator))


def composite_batch(fake: FakeSalesforce, req: Request) -> Response:
    """Subrequests run in order inside one round trip; each is also counted as `sub:<endpoint>`."""
    body = req.json() or {}
    subs = body.get("batchRequests") or []
    if not 0 < len(subs) <= 25:
        return sf_error(400, "INVALID_BATCH_REQUEST", "a batch holds 1 to 25 subrequests")
    results, has_errors = [], False
    for sub in subs:
        url = "/services/data/" + str(sub.get("url", "")).lstrip("/")
        parts = urlsplit(url)
        inner = Request(str(sub.get("method", "GET")).upper(), parts.path, parse_qs(parts.query), req.headers, b"")
        route, match = fake.endpoint_of(inner.method, inner.path)
        if route is None or route.handler is composite_batch:
            result = sf_error(404, "NOT_FOUND", "The requested resource does not exist")
        else:
            inner.match = match
            with fake.lock:
                fake.requests[f"sub:{route.endpoint}"] += 1
            result = route.handler(fake, inner)
        has_errors = has_errors or result.status >= 400
        results.append({"statusCode": result.status, "result": result.body})
    return Response(200, {"hasErrors": has_errors, "results": results})


def register(fake: FakeSalesforce) -> None:
    fake.route("GET", r"/services/data/?", "versions", versions)
    fake.route("GET", V + r"/?", "resources", resources)
    fake.route("GET", V + r"/limits/?", "limits", limits)
    fake.route("GET", V + r"/sobjects/?", "sobjects", describe_global)
    fake.route("GET", V + r"/sobjects/(?P<name>\w+)/describe/?", "describe", describe)
    fake.route("GET", V + r"/query/?", "query", query)
    fake.route("GET", V + r"/tooling/query/?", "tooling_query", query)
    fake.route("GET", V + r"/query/(?P<locator>01g\w+)-(?P<start>\d+)", "query_more", query_more)
    fake.route("GET", V + r"/tooling/query/(?P<locator>01g\w+)-(?P<start>\d+)", "tooling_query_more", query_more)
    fake.route("POST", V + r"/composite/batch/?", "composite_batch", composite_batch)
    fake.route("POST", V + r"/tooling/composite/batch/?", "tooling_composite_batch", composite_batch)
