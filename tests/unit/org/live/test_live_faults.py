"""Fault injection against the fake Salesforce: every transient fault is retried to success;
every other fault is one clear OrgError line with no token in it."""

from __future__ import annotations

from collections.abc import Callable

import pytest
from fakesf import FakeSalesforce
from fakesf.fixtures import ACCESS_TOKEN
from fakesf.live import live_reader

from sfspec.errors import OrgError
from sfspec.org.live import RetryPolicy
from sfspec.org.mock import MockOrg
from sfspec.resources import specs_dir
from sfspec.state import ComponentKey

K = ComponentKey
WANTED = [K("CustomField", "Account.Name"), K("ApexClass", "AccountRegionHelper")]
MANAGED = ["CustomField", "ApexClass"]


def _expected():  # type: ignore[no-untyped-def]
    return MockOrg(specs_dir() / "landscape" / "orgs" / "dev.json").read(WANTED, managed_types=MANAGED).components


@pytest.mark.parametrize(
    ("endpoint", "fault"),
    [
        ("composite_batch", {"status": 503}),
        ("composite_batch", {"reset": True}),
        ("tooling_composite_batch", {"status": 403, "error_code": "REQUEST_LIMIT_EXCEEDED"}),
        ("tooling_composite_batch", {"malformed": True}),
        ("metadata", {"status": 500, "error_code": "UNKNOWN_EXCEPTION"}),
        ("metadata", {"malformed": True}),
        (None, {"reset": True, "times": 2}),
    ],
    ids=["rest-503", "rest-reset", "limit-exceeded", "tooling-malformed", "soap-500", "soap-malformed", "two-resets"],
)
def test_transient_fault_is_retried_then_succeeds(
    fake_salesforce: FakeSalesforce, monkeypatch: pytest.MonkeyPatch, endpoint: str | None, fault: dict
) -> None:
    reader = live_reader(fake_salesforce, monkeypatch)
    fake_salesforce.inject(endpoint, **fault)
    state = reader.read(WANTED, managed_types=MANAGED)
    assert dict(state.components) == dict(_expected())
    assert fake_salesforce.round_trips == 4 + fault.get("times", 1)  # the clean read is 4 round trips


def test_slow_answer_times_out_and_is_retried(
    fake_salesforce_factory: Callable[..., FakeSalesforce], monkeypatch: pytest.MonkeyPatch
) -> None:
    fake = fake_salesforce_factory()
    reader = live_reader(fake, monkeypatch, policy=RetryPolicy(attempts=3, base_delay=0, timeout=0.5))
    fake.inject("composite_batch", delay=1.5)
    assert reader.read(WANTED, managed_types=MANAGED).facts.licenses == 250
    assert fake.requests["composite_batch"] == 2


@pytest.mark.parametrize(
    ("endpoint", "fault", "expected"),
    [
        ("composite_batch", {"expired_session": True}, "session is expired or invalid (INVALID_SESSION_ID)"),
        ("metadata", {"expired_session": True}, "session is expired or invalid (INVALID_SESSION_ID)"),
        ("tooling_composite_batch", {"status": 403, "error_code": "INSUFFICIENT_ACCESS"}, "permission denied"),
        ("composite_batch", {"status": 502, "times": 10}, "failed 4 times (last: HTTP 502"),
        ("metadata", {"reset": True, "times": 10}, "failed 4 times (last: ConnectionError)"),
    ],
    ids=["rest-expired", "soap-expired", "no-permission", "always-502", "always-reset"],
)
def test_fatal_fault_is_one_clear_line(
    fake_salesforce: FakeSalesforce, monkeypatch: pytest.MonkeyPatch, endpoint: str, fault: dict, expected: str
) -> None:
    reader = live_reader(fake_salesforce, monkeypatch)
    fake_salesforce.inject(endpoint, **fault)
    with pytest.raises(OrgError) as err:
        reader.read(WANTED, managed_types=MANAGED)
    message = str(err.value)
    assert expected in message and "\n" not in message
    assert message.startswith("env: ")
    assert ACCESS_TOKEN not in message and "00DFAKE" not in message
    if "expired" in expected or "permission" in expected:
        assert sum(1 for e, _, _ in fake_salesforce.log if e == endpoint) == 1  # not retried


def test_retrieve_still_in_progress_is_polled(
    fake_salesforce_factory: Callable[..., FakeSalesforce], monkeypatch: pytest.MonkeyPatch
) -> None:
    fake = fake_salesforce_factory(retrieve_polls=2)
    waits: list[float] = []
    reader = live_reader(fake, monkeypatch)
    reader.sleep = waits.append
    assert dict(reader.read(WANTED, managed_types=MANAGED).components) == dict(_expected())
    assert fake.requests["metadata:checkRetrieveStatus"] == 3 and waits == [0.5, 1.0]


def test_a_refused_tooling_subrequest_is_one_line(
    fake_salesforce: FakeSalesforce, monkeypatch: pytest.MonkeyPatch
) -> None:
    reader = live_reader(fake_salesforce, monkeypatch)
    with pytest.raises(OrgError, match=r"a Tooling API query was refused \(INVALID_TYPE: sObject type 'Nope'"):
        reader.tooling_queries(["SELECT Name FROM Nope"])
