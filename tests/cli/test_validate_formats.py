"""`validate --format text|json|github|sarif`, and JSON errors from plan and drift (issue 14)."""

from __future__ import annotations

import json
from pathlib import Path

import pytest
from click.testing import CliRunner
from jsonschema import Draft4Validator

from sfspec.cli import main
from sfspec.resources import specs_dir

SARIF_SCHEMA = Path(__file__).parents[1] / "fixtures" / "sarif" / "sarif-schema-2.1.0.json"
GOOD = specs_dir() / "examples" / "minimal.yaml"
BROKEN = """\
sfspec: 1
systems:
  crm: {kind: salesforce}
flows:
  x:
    source: crm
    target: nowhere
    object: Account
    timing: realtime
    transport: rest
"""


def _run(*args: str) -> tuple[int, str, str]:
    with CliRunner().isolation() as (out, err, _):
        code = main(list(args))
    return code, out.getvalue().decode(), err.getvalue().decode()


@pytest.fixture
def broken(tmp_path: Path) -> Path:
    path = tmp_path / "broken.yaml"
    path.write_text(BROKEN)
    return path


def sarif_validator() -> Draft4Validator:
    schema = json.loads(SARIF_SCHEMA.read_text(encoding="utf-8"))
    Draft4Validator.check_schema(schema)
    return Draft4Validator(schema)


def test_sarif_validates_against_the_sarif_2_1_0_schema(broken: Path) -> None:
    code, out, _ = _run("validate", str(broken), str(GOOD), "--format", "sarif")
    log = json.loads(out)
    assert code == 1
    assert [e.message for e in sarif_validator().iter_errors(log)] == []
    (run,) = log["runs"]
    assert run["tool"]["driver"]["name"] == "sfspec"
    rules = [r["id"] for r in run["tool"]["driver"]["rules"]]
    results = run["results"]
    assert results and all(rules[r["ruleIndex"]] == r["ruleId"] for r in results)
    first = next(r for r in results if r["ruleId"] == "SFS101")  # unknown system
    location = first["locations"][0]["physicalLocation"]
    assert location["artifactLocation"]["uri"].endswith("broken.yaml") and location["region"]["startLine"] == 7
    assert first["level"] == "error"


def test_sarif_of_a_valid_spec_is_valid_and_empty() -> None:
    code, out, _ = _run("validate", str(GOOD), "--format", "sarif")
    log = json.loads(out)
    assert code == 0 and log["runs"][0]["results"] == []
    assert [e.message for e in sarif_validator().iter_errors(log)] == []


def test_a_broken_sarif_log_is_refused_by_the_schema() -> None:
    """Negative control: the vendored schema really checks (a result without a message)."""
    log = {"version": "2.1.0", "runs": [{"tool": {"driver": {"name": "x"}}, "results": [{"ruleId": "A"}]}]}
    assert list(sarif_validator().iter_errors(log))


def test_github_annotations_point_at_the_spec_line(broken: Path) -> None:
    code, out, _ = _run("validate", str(broken), "--format", "github")
    assert code == 1
    line = next(x for x in out.splitlines() if "SFS101" in x)
    assert line.startswith("::error file=") and ",line=7,col=" in line and "title=SFS101::" in line


def test_json_lists_every_spec_and_finding(broken: Path) -> None:
    code, out, _ = _run("validate", str(broken), str(GOOD), "--format", "json")
    data = json.loads(out)
    assert code == 1 and data["valid"] is False
    assert [s["valid"] for s in data["specs"]] == [False, True]
    assert any(d["code"] == "SFS101" and d["line"] == 7 for d in data["diagnostics"])


@pytest.mark.parametrize("command", [["plan", "--org", "mock:nowhere.json"], ["drift", "--org", "mock:nowhere.json"]])
def test_plan_and_drift_json_carry_spec_errors_as_json(broken: Path, command: list[str]) -> None:
    code, out, err = _run(command[0], str(broken), *command[1:], "--format", "json")
    assert code == 1
    data = json.loads(out)  # stdout is JSON even when there is no plan
    assert data["valid"] is False and any(d["code"] == "SFS101" for d in data["diagnostics"])
    assert "SFS101" in err  # and people still read the text on stderr
