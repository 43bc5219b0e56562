"""Data-API routes for tools that read records (tap-salesforce, through Meltano):

- the OAuth refresh-token grant (tap-salesforce's only login), next to the grants of auth_routes;
- `queryAll` over the records a test seeds in `fake.state["data"]` (object → list of records),
  with the tap's incremental filter `WHERE <field> >= <datetime> [AND <field> < <datetime>]`
  and `ORDER BY`, paginated through nextRecordsUrl like `query`; each SOQL text is kept in
  `fake.state["queries"]`;
- the Bulk API 1.0 query flow under /services/async (job, CSV batch holding the SOQL, close,
  batch status, result list, CSV result), authenticated by the `X-SFDC-Session` header as
  Salesforce's async API is. Batches complete at once.

Records carry Salesforce's `attributes` and come back with exactly the selected fields.
"""

from __future__ import annotations

import csv
import io
import itertools
import re
import secrets
from typing import Any
from urllib.parse import parse_qs

from fakesf import auth_routes, soql
from fakesf.server import FakeSalesforce, Request, Response, Route, sf_error

V = r"/services/data/v(?P<v>\d+\.0)"
_DATETIME = re.compile(r"(?<!')\b(\d{4}-\d{2}-\d{2}T\d{2}:\d{2}:\d{2}(?:\.\d+)?(?:Z|[+-]\d{2}:?\d{2}))")
_locators = itertools.count(1)


def _utc(text: str) -> str:
    """A Salesforce datetime in one sortable form: 2024-05-02T10:00:00.000000Z."""
    m = re.fullmatch(r"(\d{4}-\d{2}-\d{2}T\d{2}:\d{2}:\d{2})(?:\.(\d+))?(Z|\+0000|\+00:00)", text)
    if not m:
        raise ValueError(f"unsupported datetime {text!r} (the fake keeps UTC only)")
    return f"{m.group(1)}.{(m.group(2) or '').ljust(6, '0')[:6]}Z"


def token(fake: FakeSalesforce, req: Request) -> Response:
    form = {k: v[0] for k, v in parse_qs(req.body.decode("utf-8")).items()}
    if form.get("grant_type") != "refresh_token":
        return auth_routes.token(fake, req)
    expected = fake.state.get("refresh_token_grant")  # (client_id, client_secret, refresh_token)
    if expected is None or (form.get("client_id"), form.get("client_secret"), form.get("refresh_token")) != expected:
        return Response(400, {"error": "invalid_grant", "error_description": "expired access/refresh token"})
    access = fake.issue_token("00DFAKE!" + secrets.token_urlsafe(24))
    return Response(
        200,
        {
            "access_token": access,
            "instance_url": fake.url,
            "scope": "api refresh_token",
            "id": f"{fake.url}/id/00DFAKE/005FAKE",
            "token_type": "Bearer",
        },
    )


def _rows(fake: FakeSalesforce, table: str) -> list[dict[str, Any]]:
    data = fake.state.get("data", {})
    name = next((n for n in data if n.lower() == table.lower()), None)
    rows = []
    for record in data.get(name, []) if name else []:
        row = dict(record)
        for key, value in record.items():
            if isinstance(value, str) and _DATETIME.fullmatch(value):
                row[key] = _utc(value)  # compare datetimes as text, in one form
        rows.append(row)
    return rows


def query_all(fake: FakeSalesforce, req: Request) -> Response:
    records = _select(fake, req.arg("q"), req.match["v"] if req.match else fake.api_version)
    if isinstance(records, Response):
        return records
    locator = f"01gFAKE{next(_locators):08d}"
    with fake.lock:
        fake.state.setdefault("cursors", {})[locator] = (records, False)
    size = int(fake.state.get("page_size", 2000))
    body: dict[str, Any] = {"totalSize": len(records), "done": len(records) <= size, "records": records[:size]}
    if len(records) > size:
        body["nextRecordsUrl"] = f"/services/data/v{req.match['v']}/query/{locator}-{size}"
    return Response(200, body, headers={"Sforce-Limit-Info": "api-usage=12/15000"})


def _select(fake: FakeSalesforce, text: str, version: str) -> Response | list[dict[str, Any]]:
    """Run the tap's SOQL over the seeded records: matching records with the selected fields."""
    with fake.lock:
        fake.state.setdefault("queries", []).append(text)
    quoted = _DATETIME.sub(lambda m: f"'{_utc(m.group(1))}'", text)
    try:
        query = soql.parse(quoted)
    except (soql.SoqlError, ValueError) as exc:
        return sf_error(400, "MALFORMED_QUERY", str(exc))
    data = fake.state.get("data", {})
    if not any(n.lower() == query.table.lower() for n in data) and not fake.org.has_table(query.table):
        return sf_error(400, "INVALID_TYPE", f"sObject type '{query.table}' is not supported.")
    originals = {r["Id"]: r for name, rs in data.items() if name.lower() == query.table.lower() for r in rs}
    records = []
    for row in soql.run(query, _rows(fake, query.table)):
        source = originals.get(row.get("Id"), row)  # answer with the values as seeded
        records.append(
            {
                "attributes": {
                    "type": query.table,
                    "url": f"/services/data/v{version}/sobjects/{query.table}/{source.get('Id')}",
                },
                **{f: source.get(f) for f in query.fields},
            }
        )
    return records


# ── Bulk API 1.0 (query jobs) ────────────────────────────────────────────────────────────────
ASYNC = r"/services/async/(?P<v>\d+\.0)/job"
_XML = "application/xml"


def _batch_xml(job: dict[str, Any], batch_id: str) -> str:
    batch = job["batches"][batch_id]
    return (
        f'<?xml version="1.0" encoding="UTF-8"?><batchInfo xmlns="http://www.force.com/2009/06/asyncapi/dataload">'
        f"<id>{batch_id}</id><jobId>{job['id']}</jobId><state>{batch['state']}</state>"
        f"<stateMessage>{batch.get('message', '')}</stateMessage>"
        f"<numberRecordsProcessed>{len(batch.get('records', []))}</numberRecordsProcessed></batchInfo>"
    )


def _job(fake: FakeSalesforce, req: Request) -> dict[str, Any] | None:
    return fake.state.get("bulk_jobs", {}).get(req.match["job"] if req.match else "")


def create_job(fake: FakeSalesforce, req: Request) -> Response:
    body = req.json() or {}
    if body.get("operation") not in ("query", "queryAll") or body.get("contentType") != "CSV":
        return Response(400, {"exceptionCode": "InvalidJob", "exceptionMessage": "only CSV query jobs are faked"})
    job_id = f"750FAKE{next(_locators):011d}"
    job = {
        "id": job_id,
        "object": body.get("object"),
        "operation": body["operation"],
        "state": "Open",
        "contentType": "CSV",
        "batches": {},
    }
    with fake.lock:
        fake.state.setdefault("bulk_jobs", {})[job_id] = job
    return Response(201, {k: v for k, v in job.items() if k != "batches"})


def add_batch(fake: FakeSalesforce, req: Request) -> Response:
    job = _job(fake, req)
    if job is None or job["state"] != "Open":
        return Response(400, {"exceptionCode": "InvalidJob", "exceptionMessage": "job is not open"})
    batch_id = f"751FAKE{next(_locators):011d}"
    found = _select(fake, req.body.decode("utf-8"), req.match["v"] if req.match else fake.api_version)
    if isinstance(found, Response):
        job["batches"][batch_id] = {"state": "Failed", "message": found.payload().decode("utf-8")}
    else:
        job["batches"][batch_id] = {"state": "Completed", "records": found}
    return Response(201, _batch_xml(job, batch_id), _XML)


def close_job(fake: FakeSalesforce, req: Request) -> Response:
    job = _job(fake, req)
    if job is None:
        return Response(400, {"exceptionCode": "InvalidJob", "exceptionMessage": "no such job"})
    job["state"] = (req.json() or {}).get("state", job["state"])
    return Response(200, {k: v for k, v in job.items() if k != "batches"})


def get_batch(fake: FakeSalesforce, req: Request) -> Response:
    job = _job(fake, req)
    if job is None or req.match["batch"] not in job["batches"]:
        return Response(400, {"exceptionCode": "InvalidBatch", "exceptionMessage": "no such batch"})
    return Response(200, _batch_xml(job, req.match["batch"]), _XML)


def result_list(fake: FakeSalesforce, req: Request) -> Response:
    job = _job(fake, req)
    if job is None or req.match["batch"] not in job["batches"]:
        return Response(400, {"exceptionCode": "InvalidBatch", "exceptionMessage": "no such batch"})
    return Response(
        200,
        '<result-list xmlns="http://www.force.com/2009/06/asyncapi/dataload">'
        f"<result>752FAKE{req.match['batch'][7:]}</result></result-list>",
        _XML,
    )


def result(fake: FakeSalesforce, req: Request) -> Response:
    """The batch's records as Bulk CSV: a header of field names, empty cells for null."""
    job = _job(fake, req)
    batch = job["batches"].get(req.match["batch"]) if job else None
    if batch is None or batch["state"] != "Completed":
        return Response(400, {"exceptionCode": "InvalidBatch", "exceptionMessage": "no results"})
    records = batch["records"]
    fields = [k for k in records[0] if k != "attributes"] if records else []
    out = io.StringIO()
    writer = csv.writer(out, lineterminator="\n")
    writer.writerow(fields)
    for record in records:
        writer.writerow(
            [
                "" if record[f] is None else str(record[f]).lower() if isinstance(record[f], bool) else record[f]
                for f in fields
            ]
        )
    return Response(200, out.getvalue(), "text/csv")


def register(fake: FakeSalesforce) -> None:
    # First in the table: the token route decides by grant type and hands the others on.
    fake.routes.insert(0, Route("POST", re.compile(r"/services/oauth2/token"), "oauth_token", token))
    fake.route("GET", V + r"/queryAll/?", "query_all", query_all)
    # The async API authenticates with X-SFDC-Session instead of a Bearer header.
    bearer_or_soap = fake.authorised
    fake.authorised = lambda req: bearer_or_soap(req) or req.headers.get("x-sfdc-session") in fake.tokens  # type: ignore[method-assign]
    fake.route("POST", ASYNC + r"/?", "bulk_create_job", create_job)
    fake.route("POST", ASYNC + r"/(?P<job>750\w+)/batch/?", "bulk_add_batch", add_batch)
    fake.route("POST", ASYNC + r"/(?P<job>750\w+)/?", "bulk_close_job", close_job)
    fake.route("GET", ASYNC + r"/(?P<job>750\w+)/batch/(?P<batch>751\w+)/?", "bulk_get_batch", get_batch)
    fake.route("GET", ASYNC + r"/(?P<job>750\w+)/batch/(?P<batch>751\w+)/result/?", "bulk_result_list", result_list)
    fake.route(
        "GET", ASYNC + r"/(?P<job>750\w+)/batch/(?P<batch>751\w+)/result/(?P<result>752\w+)", "bulk_result", result
    )
