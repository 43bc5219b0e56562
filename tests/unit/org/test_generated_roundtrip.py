"""What the generators produce, deployed to the fake through the real deploy path, reads back
equal: a plan against the live org after an apply has no changes (the attributes the live reader
builds equal the generator's), and the same holds for the SFDX reader over `out/`."""

from __future__ import annotations

from pathlib import Path

import pytest
from fakesf import FakeSalesforce
from fakesf.fixtures import ACCESS_TOKEN

from sfspec import api
from sfspec.cli import main
from sfspec.org import open_org
from sfspec.orgref import OrgRef
from sfspec.resources import specs_dir

SPEC = specs_dir() / "landscape"


def test_apply_to_live_then_plan_has_no_changes(
    fake_salesforce: FakeSalesforce, monkeypatch: pytest.MonkeyPatch, tmp_path: Path, capsys: pytest.CaptureFixture[str]
) -> None:
    monkeypatch.setenv("REQUESTS_CA_BUNDLE", fake_salesforce.ca_file)
    monkeypatch.setenv("SF_INSTANCE_URL", fake_salesforce.url)
    monkeypatch.setenv("SF_ACCESS_TOKEN", ACCESS_TOKEN)
    out_dir = tmp_path / "out"
    code = main(["apply", str(SPEC), "-e", "dev", "--org", "env", "--auto-approve", "--out-dir", str(out_dir)])
    printed = capsys.readouterr()
    assert code == 0, printed.out + printed.err
    assert ACCESS_TOKEN not in printed.out + printed.err
    deployed = fake_salesforce.state["deploys"][-1]
    assert deployed["applied"] and deployed["options"]["testLevel"] == "RunSpecifiedTests"
    run, diags = api.plan(SPEC, "dev", "env", out_dir)
    assert run is not None, [d.format() for d in diags]
    assert not run.plan.has_changes, [str(c) for c in run.plan.changes]


def test_sfdx_reader_over_generated_tree_equals_desired_state(tmp_path: Path) -> None:
    tree, diags = api.build(SPEC, "dev", tmp_path / "out")
    assert tree is not None, [d.format() for d in diags]
    wanted, _ = api.desired(SPEC, "dev")
    assert wanted is not None
    state = open_org(OrgRef.parse(f"source:{tmp_path / 'out'}")).read_all()
    org_side = {k: c for k, c in wanted.state.components.items() if k.type != "MiddlewareFile"}
    assert set(state.components) == set(org_side)
    for key, comp in org_side.items():
        got = state.get(key)
        assert (got.attributes, got.body) == (comp.attributes, comp.body), key
