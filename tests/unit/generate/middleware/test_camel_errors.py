"""Error handling of every generated route: which failures are retried (the dead-letter channel's
redelivery policy) and which go to the dead-letter topic at once (an onException). The onWhen
predicates are evaluated as Camel's Simple language would (camelrun.simple_predicate)."""

from __future__ import annotations

import json
from typing import Any

import pytest
from camelrun import on_failure
from mwhelpers import CAMEL, walk

SF = "org.apache.camel.component.salesforce.api.SalesforceException"
NOT_FOUND = "org.apache.camel.component.salesforce.api.NoSuchSObjectException"
HTTP = "org.apache.camel.http.base.HttpOperationFailedException"
IO = "java.io.IOException"

# (exception, HTTP status, message) → dead-lettered at once?
CASES = [
    (SF, 400, '[{"errorCode":"FIELD_CUSTOM_VALIDATION_EXCEPTION","message":"Credit limit too high"}]', True),
    (SF, 400, '[{"errorCode":"INVALID_FIELD","message":"No such column"}]', True),
    (NOT_FOUND, 404, '[{"errorCode":"NOT_FOUND","message":"The requested resource does not exist"}]', True),
    (SF, 400, '[{"errorCode":"UNABLE_TO_LOCK_ROW","message":"unable to obtain exclusive access"}]', False),
    (SF, 403, '[{"errorCode":"REQUEST_LIMIT_EXCEEDED","message":"TotalRequests Limit exceeded."}]', False),
    (SF, 503, "Service Unavailable", False),
    (SF, 0, "java.net.ConnectException: Connection refused", False),
    (HTTP, 404, "", True),
    (HTTP, 422, "", True),
    (HTTP, 408, "", False),
    (HTTP, 429, "", False),
    (HTTP, 502, "", False),
    (IO, 0, "Connection reset", False),
]


IDS = [f"{c[0].rsplit('.', 1)[1]}-{c[1]}-{'now' if c[3] else 'retry'}-{i}" for i, c in enumerate(CASES)]


@pytest.mark.parametrize("exception,status,message,at_once", CASES, ids=IDS)
def test_permanent_rejections_are_dead_lettered_at_once_and_the_rest_retried(
    all_routes: dict[str, Any], exception: str, status: int, message: str, at_once: bool
) -> None:
    for name, doc in all_routes.items():
        action, redeliveries = on_failure(doc, exception, status, message)
        if at_once:
            assert action == "dead-letter", f"{name}: {exception} {status} would be retried"
        else:
            assert action == "retry" and redeliveries >= 1, f"{name}: {exception} {status} is not retried"


def test_every_exception_class_comes_from_a_component_the_routes_use(all_routes: dict[str, Any]) -> None:
    """The classes named in onException live in the artifacts of components in the pinned catalog
    (camel-salesforce, camel-http via camel-http-base); a typo in a package would never match."""
    catalog = json.loads((CAMEL / "components.json").read_text())
    owner = {SF: "salesforce", HTTP: "http"}
    artifact_of_class = {SF: "camel-salesforce", HTTP: "camel-http"}  # http-base ships with camel-http
    named = {c for doc in all_routes.values() for k, v in walk(doc) if k == "exception" for c in v}
    assert named == set(owner)
    for cls, component in owner.items():
        assert catalog[component]["component"]["artifactId"] == artifact_of_class[cls]
        if component == "salesforce":
            assert cls.startswith(catalog[component]["component"]["javaType"].rsplit(".", 1)[0] + ".")
