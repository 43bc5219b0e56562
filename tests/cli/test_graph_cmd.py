"""`sfspec graph` through the CLI: output, --plan highlighting, -o, and clear errors."""

from __future__ import annotations

import json
from pathlib import Path

from sfspec.cli import main
from sfspec.diagnostics import SourceRange
from sfspec.diff import Action, Change
from sfspec.orgref import OrgRef
from sfspec.plan import Plan
from sfspec.resources import specs_dir
from sfspec.state import ComponentKey

LANDSCAPE = specs_dir() / "landscape"


def _saved_plan(tmp_path: Path) -> Path:
    """A saved plan whose only change was caused by the consent-to-crm flow (flows.yaml line 80)."""
    flows = LANDSCAPE / "flows.yaml"
    line = flows.read_text(encoding="utf-8").splitlines().index("  consent-to-crm:") + 1
    change = Change(
        Action.CREATE,
        ComponentKey("MiddlewareFile", "camel/consent-to-crm.yaml"),
        SourceRange.at(str(flows), line + 3, 5),
    )
    plan = Plan((change,), str(LANDSCAPE), "sha256:" + "0" * 64, "dev", OrgRef.parse("mock:/x.json"))
    path = tmp_path / "dev.plan.json"
    path.write_text(json.dumps(plan.to_json()), encoding="utf-8")
    return path


def test_graph_prints_mermaid(capsys) -> None:
    assert main(["graph", str(LANDSCAPE)]) == 0
    out = capsys.readouterr().out
    assert out.startswith("%% acme") and "flowchart LR" in out and "classDef changed" not in out


def test_graph_with_plan_highlights_the_changed_flow(tmp_path, capsys) -> None:
    assert main(["graph", str(LANDSCAPE), "--plan", str(_saved_plan(tmp_path)), "--format", "dot"]) == 0
    out = capsys.readouterr().out
    changed = [line for line in out.splitlines() if "penwidth=3" in line]
    assert any('"sys_marketing" -> "sys_esb"' in line and "consent-to-crm" in line for line in changed)
    assert any(line.strip().startswith('"sys_esb" [') for line in changed)
    assert not any("account-to-erp" in line for line in changed)


def test_graph_writes_a_file(tmp_path, capsys) -> None:
    target = tmp_path / "docs" / "landscape.dot"
    assert main(["graph", str(LANDSCAPE), "--format", "dot", "-o", str(target)]) == 0
    assert target.read_text(encoding="utf-8").startswith("// acme")
    assert capsys.readouterr().out == ""


def test_graph_reports_a_bad_spec_and_writes_nothing(tmp_path, capsys) -> None:
    bad = tmp_path / "bad.yaml"
    bad.write_text(
        "sfspec: 1\nsystems:\n  crm: {kind: salesforce}\nflows:\n  f: {source: crm, target: nowhere, transport: rest}\n"
    )
    target = tmp_path / "out.mmd"
    assert main(["graph", str(bad), "-o", str(target)]) == 1
    err = capsys.readouterr().err
    assert "bad.yaml:5:" in err and "Traceback" not in err
    assert not target.exists()


def test_graph_rejects_a_file_that_is_not_a_plan(tmp_path, capsys) -> None:
    junk = tmp_path / "junk.json"
    junk.write_text('{"hello": 1}')
    assert main(["graph", str(LANDSCAPE), "--plan", str(junk)]) == 1
    err = capsys.readouterr().err
    assert "not a valid sfspec plan" in err and "Traceback" not in err


def test_graph_unknown_environment_is_an_error(capsys) -> None:
    assert main(["graph", str(LANDSCAPE), "-e", "nope"]) == 1
    assert "SFS017" in capsys.readouterr().err
