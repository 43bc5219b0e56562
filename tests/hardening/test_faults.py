"""Faults at every request position of a live `sfspec apply` (through the CLI, the real
simple-salesforce client, real HTTPS to the fake Salesforce on 127.0.0.1).

For each request N of a clean apply, the fake answers request N with one fault (5xx, 429/
REQUEST_LIMIT_EXCEEDED, a connection reset, malformed JSON/XML, a slow answer), and separately with
a persistent one (expired session, a 500 that never clears). Every run ends in exit 0 with the org
converged (plan is empty afterwards) or exit 1 with one clear `sfspec: error:` line, never a
traceback, and on exit 1 nothing is recorded as applied.
"""

from __future__ import annotations

import shutil
from collections.abc import Callable
from pathlib import Path
from typing import Any

import pytest
from fakesf.fixtures import ACCESS_TOKEN

from .conftest import TRACEBACK_MARKERS, Run, run_cli

TRANSIENT = [
    {"status": 503},
    {"status": 429, "error_code": "REQUEST_LIMIT_EXCEEDED"},
    {"reset": True},
    {"malformed": True},
    {"status": 500, "error_code": "UNKNOWN_EXCEPTION"},
    {"status": 403, "error_code": "REQUEST_LIMIT_EXCEEDED"},
]
EXPIRED = {"expired_session": True, "times": 1000}
EXHAUSTED = {"status": 502, "times": 1000}  # outlasts the retry budget (backs off ~3.5 s: run once)


@pytest.fixture
def landscape_copy(landscape: Path) -> Path:
    """The folder holding a copy of the seed landscape as spec/ (the shared fixture), cwd there."""
    return landscape.parent


def live_env(fake: Any, monkeypatch: pytest.MonkeyPatch) -> None:
    monkeypatch.setenv("REQUESTS_CA_BUNDLE", fake.ca_file)
    monkeypatch.setenv("SF_INSTANCE_URL", fake.url)
    monkeypatch.setenv("SF_ACCESS_TOKEN", ACCESS_TOKEN)
    monkeypatch.setenv("NO_COLOR", "1")


APPLY = ["apply", "spec", "-e", "dev", "--org", "env", "--auto-approve", "--out-dir", "out"]
PLAN = ["plan", "spec", "-e", "dev", "--org", "env", "--detailed-exitcode", "--out-dir", "out"]


def clean_request_count(
    factory: Callable[..., Any], work: Path, monkeypatch: pytest.MonkeyPatch, capsys: pytest.CaptureFixture[str]
) -> int:
    fake = factory()
    live_env(fake, monkeypatch)
    run = run_cli(APPLY, capsys)
    assert run.code == 0, run.text
    total = fake.total
    shutil.rmtree(work / "out", ignore_errors=True)
    shutil.rmtree(work / ".sfspec", ignore_errors=True)
    return total


def check_outcome(run: Run, work: Path, fault: dict, at: int) -> None:
    where = f"fault {fault} at request {at}"
    for marker in TRACEBACK_MARKERS:
        assert marker not in run.text, (where, run.text[-2000:])
    assert ACCESS_TOKEN not in run.text
    assert run.code in (0, 1), (where, run.code, run.text[-2000:])
    if run.code == 1:
        errors = [line for line in run.err.splitlines() if line.startswith("sfspec: error:")]
        assert len(errors) == 1, (where, run.err[-2000:])
        assert not list((work / ".sfspec").glob("applied-*")), f"{where}: recorded as applied after a failure"


@pytest.mark.slow
def test_every_request_position_survives_a_fault(
    fake_salesforce_factory: Callable[..., Any],
    landscape_copy: Path,
    monkeypatch: pytest.MonkeyPatch,
    capsys: pytest.CaptureFixture[str],
) -> None:
    work = landscape_copy
    total = clean_request_count(fake_salesforce_factory, work, monkeypatch, capsys)
    assert total >= 4
    outcomes = {0: 0, 1: 0}
    runs = [(at, TRANSIENT[at % len(TRANSIENT)]) for at in range(1, total + 1)]
    runs += [(at, EXPIRED) for at in range(1, total + 1, 2)] + [(total // 2, EXHAUSTED)]
    for at, fault in runs:
        shutil.rmtree(work / "out", ignore_errors=True)
        shutil.rmtree(work / ".sfspec", ignore_errors=True)
        fake = fake_salesforce_factory()
        live_env(fake, monkeypatch)
        fake.inject(None, at=at, **fault)
        run = run_cli(APPLY, capsys)
        check_outcome(run, work, fault, at)
        outcomes[run.code] += 1
        if run.code == 0:
            fake.faults.clear()
            again = run_cli(PLAN, capsys)
            assert again.code == 0, (fault, at, again.text[-2000:])
        fake.close()
    # Transient faults are retried to success; persistent ones end in one clear error.
    assert outcomes[0] >= total - 1 and outcomes[1] >= 1, outcomes
    print(f"{total} requests per apply; {len(runs)} faulted runs: {outcomes[0]} converged, {outcomes[1]} clear errors")


@pytest.mark.parametrize("position", ["first", "last"])
def test_failed_deploy_is_reported_per_component_and_nothing_recorded(
    fake_salesforce_factory: Callable[..., Any],
    landscape_copy: Path,
    monkeypatch: pytest.MonkeyPatch,
    capsys: pytest.CaptureFixture[str],
    position: str,
) -> None:
    work = landscape_copy
    fake = fake_salesforce_factory()
    live_env(fake, monkeypatch)
    plan = run_cli(["plan", "spec", "-e", "dev", "--org", "env", "--format", "json"], capsys)
    import json

    classes = [c["name"] for c in json.loads(plan.out)["changes"] if c["type"] == "ApexClass"]
    victim = classes[0] if position == "first" else classes[-1]
    fake.state["fail_components"] = {f"ApexClass:{victim}": "Unexpected token 'canary' (3:7)"}
    run = run_cli(APPLY, capsys)
    check_outcome(run, work, {"fail_component": victim}, 0)
    assert run.code == 1
    assert f"{victim}.cls: Unexpected token 'canary' (3:7)" in run.err
    assert not fake.state["deploys"][-1]["applied"]
