"""plan → apply → plan against the fake Salesforce (HTTPS on 127.0.0.1) through `--org env`:
the real simple-salesforce client, a real Metadata API deploy, per-component and per-test failures."""

from __future__ import annotations

import json
from pathlib import Path

import pytest
from cli_run import sfspec
from fakesf.fixtures import ACCESS_TOKEN


@pytest.fixture
def live(landscape: Path, fake_salesforce_factory, monkeypatch: pytest.MonkeyPatch):
    fake = fake_salesforce_factory(landscape / "orgs" / "dev.json")
    monkeypatch.setenv("REQUESTS_CA_BUNDLE", fake.ca_file)
    monkeypatch.setenv("SF_INSTANCE_URL", fake.url)
    monkeypatch.setenv("SF_ACCESS_TOKEN", ACCESS_TOKEN)
    return fake


def test_live_plan_apply_plan_is_empty(landscape: Path, live):
    first = sfspec("plan", str(landscape), "-e", "dev", "--org", "env", "--detailed-exitcode")
    assert first.code == 2, first.err
    applied = sfspec("apply", str(landscape), "-e", "dev", "--org", "env", "--auto-approve")
    assert applied.code == 0, applied.err
    deploy = live.state["deploys"][-1]
    assert deploy["applied"] and deploy["options"]["testLevel"] == "RunSpecifiedTests"
    assert deploy["options"]["rollbackOnError"] == "true" and deploy["options"]["checkOnly"] == "false"
    assert all(name.endswith("Test") for name in deploy["options"]["runTests"]) and deploy["options"]["runTests"]
    assert "test(s) run" in applied.out
    again = sfspec("plan", str(landscape), "-e", "dev", "--org", "env", "--detailed-exitcode")
    assert again.code == 0, again.out
    assert ACCESS_TOKEN not in applied.out + applied.err + again.out + again.err


def test_live_check_only_and_failed_deploys_apply_nothing(landscape: Path, live):
    check = sfspec("apply", str(landscape), "-e", "dev", "--org", "env", "--auto-approve", "--check-only")
    assert check.code == 0 and live.state["deploys"][-1]["options"]["checkOnly"] == "true"
    assert not live.state["deploys"][-1]["applied"]
    plan = json.loads(sfspec("plan", str(landscape), "-e", "dev", "--org", "env", "--format", "json").out)
    apex = next(c["name"] for c in plan["changes"] if c["type"] == "ApexClass" and not c["name"].endswith("Test"))
    test = live.state["deploys"][-1]["options"]["runTests"][0]
    live.state["fail_components"] = {f"ApexClass:{apex}": "Variable does not exist: foo (12:5)"}
    live.state["fail_tests"] = {test: ("*", "System.AssertException: Assertion Failed")}
    failed = sfspec("apply", str(landscape), "-e", "dev", "--org", "env", "--auto-approve")
    assert failed.code == 1
    assert "nothing was applied" in failed.err
    assert f"classes/{apex}.cls: Variable does not exist: foo (12:5)" in failed.err
    assert f"test {test}." in failed.err and "Assertion Failed" in failed.err
    assert not live.state["deploys"][-1]["applied"]
    assert not (landscape.parent / ".sfspec" / "applied-dev.json").exists()  # nothing recorded as applied
    assert sfspec("plan", str(landscape), "-e", "dev", "--org", "env", "--detailed-exitcode").code == 2


def test_live_deletes_only_managed_components(landscape: Path, live):
    hand_made = dict(live.org.components)  # the seed org before sfspec touched it
    assert sfspec("apply", str(landscape), "-e", "dev", "--org", "env", "--auto-approve").code == 0
    flows = landscape / "flows.yaml"
    text = flows.read_text()
    # erp-credit-to-crm updates by the ERP id account-to-erp fills (SFS132 without it): both go
    flows.write_text(text[: text.index("  account-to-erp:")] + text[text.index("  erp-invoices-to-crm:") :])
    # the removed flow's dead-letter object and event fields go with it: deletes that lose data
    refused = sfspec("apply", str(landscape), "-e", "dev", "--org", "env", "--auto-approve")
    assert refused.code == 1 and "--allow-destructive" in refused.err
    applied = sfspec("apply", str(landscape), "-e", "dev", "--org", "env", "--auto-approve", "--allow-destructive")
    assert applied.code == 0, applied.err
    deleted = live.state["deploys"][-1]["deletes"]
    assert deleted and not set(deleted) & set(hand_made)  # destructiveChanges never names a hand-made component
    assert all(live.org.components.get(k) == c for k, c in hand_made.items())
    assert sfspec("plan", str(landscape), "-e", "dev", "--org", "env", "--detailed-exitcode").code == 0


def test_live_saved_plan_is_refused_when_the_org_changed(landscape: Path, live):
    from sfspec.state import MANAGED_MARKER, Component, ComponentKey

    assert sfspec("plan", str(landscape), "-e", "dev", "--org", "env", "--out", "live.plan.json").code == 0
    wanted = next(c for c in json.loads(Path("live.plan.json").read_text())["changes"] if c["type"] == "ApexClass")
    live.org.apply(
        [
            Component(
                ComponentKey("ApexClass", wanted["name"]),
                {"apiVersion": "63.0", "status": "Active"},
                f"// {MANAGED_MARKER}\npublic class {wanted['name']} {{}}\n",
            )
        ],
        [],
    )
    deploys = len(live.state.get("deploys", []))
    stale = sfspec("apply", "live.plan.json")
    assert stale.code == 1 and "plan is stale" in stale.err and wanted["name"] in stale.err
    assert len(live.state.get("deploys", [])) == deploys  # no deploy was sent
