"""Stage 2: schema findings carry the right code, position and a useful hint; all are reported."""

from __future__ import annotations

from pathlib import Path

from sfspec.api import check_spec
from sfspec.diagnostics import Diagnostic


def _check(tmp_path: Path, text: str) -> list[Diagnostic]:
    spec = tmp_path / "spec.yaml"
    spec.write_text(text, encoding="utf-8")
    checked, diags = check_spec(spec)
    assert checked is None
    return diags.sorted()


def test_unknown_key_suggests_the_closest_key(tmp_path: Path) -> None:
    (d,) = _check(tmp_path, "sfspec: 1\nsystems:\n  crm: {kind: salesforce, lable: CRM}\n")
    assert (d.code, d.source.start.line, d.source.start.col) == ("SFS010", 3, 27)
    assert d.hint == "did you mean 'label'?"


def test_unknown_key_without_a_close_match_lists_the_allowed_keys(tmp_path: Path) -> None:
    (d,) = _check(tmp_path, "sfspec: 1\nsystems:\n  crm: {kind: salesforce, zzz: 1}\n")
    assert d.code == "SFS010" and d.hint and d.hint.startswith("allowed keys: ") and "base_url" in d.hint


def test_bad_enum_value_suggests_the_closest_value(tmp_path: Path) -> None:
    (d,) = _check(tmp_path, "sfspec: 1\nsystems:\n  crm: {kind: salesforse}\n")
    assert (d.code, d.source.start.col, d.hint) == ("SFS013", 15, "did you mean 'salesforce'?")


def test_every_error_of_the_run_is_reported_in_source_order(tmp_path: Path) -> None:
    diags = _check(
        tmp_path,
        "sfspec: 1\nsystems:\n  crm: {kind: crm}\n  erp: {kind: erp, bogus: 1}\nobjects:\n  Account: {label: A}\n",
    )
    assert [(d.code, d.source.start.line) for d in diags] == [("SFS013", 3), ("SFS010", 4), ("SFS012", 6)]


def test_path_traversal_names_are_refused_with_an_explanation(tmp_path: Path) -> None:
    (d,) = _check(tmp_path, "sfspec: 1\nsystems:\n  crm: {kind: salesforce}\nobjects:\n  ../x: {owner: crm}\n")
    assert (d.code, d.source.start.line) == ("SFS015", 5)
    assert "path separators are not allowed" in d.summary and "Salesforce API name" in (d.hint or "")


def test_literal_secret_is_reported_without_its_value(tmp_path: Path) -> None:
    (d,) = _check(
        tmp_path,
        "sfspec: 1\nsystems:\n  crm: {kind: salesforce}\n  erp:\n    kind: erp\n"
        "    auth: {protocol: basic, username: env:U, password: Tr0ub4dor&3}\n",
    )
    assert d.code == "SFS109" and "Tr0ub4dor" not in d.format()
    assert "secret:NAME" in (d.hint or "")


def test_wrong_type_names_yaml_types(tmp_path: Path) -> None:
    (d,) = _check(tmp_path, "sfspec: 1\nsystems: [crm]\n")
    assert d.code == "SFS011" and d.summary == "systems must be a mapping, not a list"


def test_semantic_rules_run_only_after_the_schema_passes(tmp_path: Path) -> None:
    diags = _check(
        tmp_path, "sfspec: 1\nsystems:\n  crm: {kind: salesforce, bogus: 1}\nobjects:\n  Account: {owner: nobody}\n"
    )
    assert [d.code for d in diags] == ["SFS010"]


def test_json_output_lists_findings(tmp_path: Path) -> None:
    import json

    from click.testing import CliRunner

    from sfspec.cli import cli

    spec = tmp_path / "spec.yaml"
    spec.write_text("sfspec: 1\nsystems:\n  crm: {kind: salesforce}\nobjects:\n  Account: {owner: erp}\n")
    result = CliRunner().invoke(cli, ["validate", str(spec), "--format", "json"], standalone_mode=False)
    payload = json.loads(result.output)
    assert result.return_value == 1 and payload["valid"] is False
    (finding,) = payload["diagnostics"]
    assert finding["code"] == "SFS101" and finding["line"] == 5 and finding["hint"]


def test_disable_skips_a_rule(tmp_path: Path) -> None:
    spec = tmp_path / "spec.yaml"
    spec.write_text(
        "sfspec: 1\nsystems:\n  crm: {kind: salesforce}\n  erp: {kind: erp, base_url: http://erp.example.com}\n"
    )
    assert [d.code for d in check_spec(spec)[1]] == ["SFS110"]
    checked, diags = check_spec(spec, frozenset({"SFS110"}))
    assert checked is not None and not diags
