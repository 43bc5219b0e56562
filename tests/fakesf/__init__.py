"""A fake Salesforce for tests: real HTTPS on 127.0.0.1 serving a mock-org snapshot through the
endpoints simple-salesforce calls (OAuth, REST, Tooling, Metadata SOAP). See server.py for the
route table and fault injection, fixtures.py for the `fake_salesforce` pytest fixture.

Extra routes (e.g. Bulk/queryAll for tap-salesforce) go in fakesf/data_routes.py, which defines
`register(fake)` and is installed automatically when present.
"""

from __future__ import annotations

import importlib
from typing import Any

from fakesf import auth_routes, metadata_routes, rest_routes
from fakesf.org import FakeOrg
from fakesf.server import FakeSalesforce, Fault, Request, Response, sf_error, soap_fault
from fakesf.tls import TlsFiles, make_tls_files


def start(snapshot: dict[str, Any], tls: TlsFiles, **state: Any) -> FakeSalesforce:
    """A running fake serving `snapshot`; `state` seeds options (page_size, client_id, …)."""
    fake = FakeSalesforce(FakeOrg(snapshot), tls, api_version=str(snapshot["org"].get("api_version", "63.0")))
    fake.state.update(state)
    for module in (auth_routes, rest_routes, metadata_routes):
        module.register(fake)
    try:
        extra = importlib.import_module("fakesf.data_routes")
    except ModuleNotFoundError as exc:
        if exc.name != "fakesf.data_routes":
            raise
    else:
        extra.register(fake)
    return fake.serve()


__all__ = [
    "FakeOrg",
    "FakeSalesforce",
    "Fault",
    "Request",
    "Response",
    "TlsFiles",
    "make_tls_files",
    "sf_error",
    "soap_fault",
    "start",
]
