"""Data-API routes for tools that read records (tap-salesforce, through Meltano):

- the OAuth refresh-token grant (tap-salesforce's only login), next to the grants of auth_routes;
- `queryAll` over the records a test seeds in `fake.state["data"]` (object → list of records),
  with the tap's incremental filter `WHERE <field> >= <datetime> [AND <field> < <datetime>]`
  and `ORDER BY`, paginated through nextRecordsUrl like `query`; each SOQL text is kept in
  `fake.state["queries"]`.

Records carry Salesforce's `attributes` and come back with exactly the selected fields.
"""

from __future__ import annotations

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
    return Response(200, {"access_token": access, "instance_url": fake.url, "scope": "api refresh_token",
                          "id": f"{fake.url}/id/00DFAKE/005FAKE", "token_type": "Bearer"})


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
    text = req.arg("q")
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
        records.append({"attributes": {"type": query.table, "url": f"/services/data/v{req.match['v']}/sobjects/"
                                                                 f"{query.table}/{source.get('Id')}"},
                        **{f: source.get(f) for f in query.fields}})
    locator = f"01gFAKE{next(_locators):08d}"
    with fake.lock:
        fake.state.setdefault("cursors", {})[locator] = (records, False)
    size = int(fake.state.get("page_size", 2000))
    body: dict[str, Any] = {"totalSize": len(records), "done": len(records) <= size, "records": records[:size]}
    if len(records) > size:
        body["nextRecordsUrl"] = f"/services/data/v{req.match['v']}/query/{locator}-{size}"
    return Response(200, body, headers={"Sforce-Limit-Info": "api-usage=12/15000"})


def register(fake: FakeSalesforce) -> None:
    # First in the table: the token route decides by grant type and hands the others on.
    fake.routes.insert(0, Route("POST", re.compile(r"/services/oauth2/token"), "oauth_token", token))
    fake.route("GET", V + r"/queryAll/?", "query_all", query_all)
