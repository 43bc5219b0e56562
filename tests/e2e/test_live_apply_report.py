"""A live apply says exactly what happened, against the fake Salesforce over HTTPS: the deploy id,
the components the org now holds and the `sf project deploy report` line; and when sfspec stops
following a submitted deploy (session lost while checking it, `--wait` passed, Ctrl-C), that the
deploy continues in Salesforce and may have changed the org, recorded for the next run."""

from __future__ import annotations

import json
import os
import re
import shutil
import signal
import subprocess
import sys
import time
from pathlib import Path

import pytest
from cli_run import sfspec
from fakesf.fixtures import ACCESS_TOKEN

APPLY = ("apply", "spec", "-e", "dev", "--org", "env", "--auto-approve")
UNFINISHED = Path(".sfspec") / "unfinished-dev.json"


@pytest.fixture
def live(landscape: Path, fake_salesforce_factory, monkeypatch: pytest.MonkeyPatch):
    fake = fake_salesforce_factory(landscape / "orgs" / "dev.json")
    monkeypatch.setenv("REQUESTS_CA_BUNDLE", fake.ca_file)
    monkeypatch.setenv("SF_INSTANCE_URL", fake.url)
    monkeypatch.setenv("SF_ACCESS_TOKEN", ACCESS_TOKEN)
    return fake


def deploy_id(text: str) -> str:
    found = re.search(r"0AfFAKE\d{8}", text)
    assert found, text[-2000:]
    return found.group()


def test_a_live_apply_names_the_deploy_and_what_the_org_now_holds(landscape: Path, live) -> None:
    run = sfspec(*APPLY)
    assert run.code == 0, run.err[-2000:]
    job = deploy_id(run.out)
    deployed = live.state["deploys"][-1]["components"]
    assert f"Deploy {job}: the org now holds, from this deploy:" in run.out
    assert all(f"  {c.key}\n" in run.out for c in deployed) and len(deployed) > 30
    assert f"sf project deploy report --job-id {job}" in run.out
    assert f"deploy {job} submitted" in run.err  # said as soon as it is known


def first_check_position(live_factory, landscape: Path, monkeypatch: pytest.MonkeyPatch) -> int:
    """Which request of a clean apply is the first checkDeployStatus (positions are deterministic)."""
    probe = live_factory(landscape / "orgs" / "dev.json")
    monkeypatch.setenv("REQUESTS_CA_BUNDLE", probe.ca_file)
    monkeypatch.setenv("SF_INSTANCE_URL", probe.url)
    assert sfspec(*APPLY).code == 0
    paths = [path for _, _, path in probe.log]
    probe.close()
    for dirty in (Path("out"), Path(".sfspec")):
        shutil.rmtree(dirty, ignore_errors=True)
    return next(i for i, p in enumerate(paths, 1) if re.search(r"deployRequest/0Af", p))


def test_session_lost_while_checking_a_deploy_says_the_org_may_have_changed(
    landscape: Path, fake_salesforce_factory, monkeypatch: pytest.MonkeyPatch
) -> None:
    monkeypatch.setenv("SF_ACCESS_TOKEN", ACCESS_TOKEN)
    at = first_check_position(fake_salesforce_factory, landscape, monkeypatch)
    fake = fake_salesforce_factory(landscape / "orgs" / "dev.json")
    monkeypatch.setenv("REQUESTS_CA_BUNDLE", fake.ca_file)
    monkeypatch.setenv("SF_INSTANCE_URL", fake.url)
    fake.inject(None, at=at, expired_session=True, times=1000)
    run = sfspec(*APPLY)
    assert run.code == 1, run.err[-2000:]
    job = deploy_id(run.err)
    errors = [line for line in run.err.splitlines() if line.startswith("sfspec: error:")]
    assert len(errors) == 1 and "may have changed the org" in errors[0] and "INVALID_SESSION_ID" in errors[0]
    assert f"sf project deploy report --job-id {job}" in errors[0]
    assert fake.state["deploys"][-1]["applied"]  # it did change the org
    assert not (Path(".sfspec") / "applied-dev.json").exists()
    recorded = json.loads(UNFINISHED.read_text())
    assert recorded["deploy_id"] == job and recorded["org"] == "env" and len(recorded["components"]) > 30
    fake.faults.clear()
    again = sfspec("plan", "spec", "-e", "dev", "--org", "env")
    assert f"SFS034 warning: deploy {job} to env was left running" in again.err, again.err[-2000:]
    assert sfspec(*APPLY).code == 0
    assert not UNFINISHED.exists()  # a completed apply clears it
    assert "SFS034" not in sfspec("plan", "spec", "-e", "dev", "--org", "env").err


def test_the_wait_for_a_deploy_is_bounded_and_shows_progress(landscape: Path, live) -> None:
    live.state["deploy_polls"] = 10**6  # never finishes
    started = time.monotonic()
    run = sfspec(*APPLY, "--wait", "0.1")
    took = time.monotonic() - started
    assert run.code == 1, run.err[-2000:]
    job = deploy_id(run.err)
    assert "still InProgress after 6 s (apply --wait MINUTES)" in run.err
    assert "continues in Salesforce" in run.err and f"sf project deploy report --job-id {job}" in run.err
    assert re.search(rf"deploy {job}: InProgress \(Deploying components\), \d+ s of up to 6 s", run.err)
    assert json.loads(UNFINISHED.read_text())["why"].startswith("it was still InProgress")
    assert took < 120  # bounded (the default is 30 minutes, not an hour)


def test_a_wait_outside_its_range_is_a_usage_error(landscape: Path) -> None:
    assert sfspec(*APPLY, "--wait", "0").code == 64


def test_ctrl_c_during_a_deploy_says_it_continues_and_records_the_job(landscape: Path, live) -> None:
    """A real process and a real SIGINT while the deploy is being followed."""
    live.state["deploy_polls"] = 10**6
    env = {**os.environ, "NO_COLOR": "1", "PYTHONUNBUFFERED": "1"}
    proc = subprocess.Popen(
        [sys.executable, "-m", "sfspec", *APPLY],
        cwd=landscape.parent,
        env=env,
        stdout=subprocess.PIPE,
        stderr=subprocess.PIPE,
        text=True,
    )
    seen = ""
    assert proc.stderr is not None
    deadline = time.monotonic() + 300
    while "submitted" not in seen and time.monotonic() < deadline:
        line = proc.stderr.readline()
        if not line:
            break
        seen += line
    assert "submitted" in seen, seen[-2000:]
    proc.send_signal(signal.SIGINT)
    _out, err = proc.communicate(timeout=120)
    err = seen + err
    assert proc.returncode == 130, err[-2000:]
    job = deploy_id(err)
    assert "Traceback" not in err
    errors = [line for line in err.splitlines() if line.startswith("sfspec: error:")]
    assert len(errors) == 1 and "interrupted" in errors[0] and "continues in Salesforce" in errors[0], err[-1500:]
    assert f"sf project deploy report --job-id {job}" in errors[0]
    assert json.loads((landscape.parent / UNFINISHED).read_text())["deploy_id"] == job


def test_a_deploy_saved_in_part_is_a_failed_apply(landscape: Path, live) -> None:
    plan = json.loads(sfspec("plan", "spec", "-e", "dev", "--org", "env", "--format", "json").out)
    victim = next(c["name"] for c in plan["changes"] if c["type"] == "CustomField")
    live.state["fail_components"] = {f"CustomField:{victim}": "Entity of type 'CustomObject' cannot be found"}
    live.state["deploy_status"] = "SucceededPartial"
    run = sfspec(*APPLY)
    assert run.code == 1, run.out[-2000:]
    assert "succeeded only in part" in run.err and "Apply complete" not in run.out
    assert "cannot be found" in run.err and "sf project deploy report --job-id" in run.err
    assert not (Path(".sfspec") / "applied-dev.json").exists()
