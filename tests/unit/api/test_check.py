"""sfspec.api.check: stages 1-3b (check_spec) and one environment's overrides (checked_for_environment),
called directly on the bundled specs and the spec fixtures."""

from __future__ import annotations

from pathlib import Path

import pytest

from sfspec.api import check_spec, checked_for_environment
from sfspec.errors import UsageError
from sfspec.orgref import OrgKind
from sfspec.resources import specs_dir

FIXTURES = Path(__file__).resolve().parents[2] / "fixtures" / "specs"
MINIMAL = specs_dir() / "examples" / "minimal.yaml"
LANDSCAPE = specs_dir() / "landscape"


def test_a_valid_spec_is_checked_with_its_document_and_model() -> None:
    checked, diags = check_spec(MINIMAL)
    assert checked is not None and not diags.has_errors()
    assert checked.path == MINIMAL
    assert checked.spec.name == "minimal"
    assert set(checked.spec.flows) == {"account-to-erp"}
    assert [Path(f.path).name for f in checked.doc.files] == ["minimal.yaml"]


def test_a_folder_spec_is_merged_from_its_files() -> None:
    checked, diags = check_spec(LANDSCAPE)
    assert checked is not None, [d.format() for d in diags]
    assert sorted(Path(f.path).name for f in checked.doc.files) == ["flows.yaml", "landscape.yaml", "objects.yaml"]
    assert {"account-to-erp", "nightly-warehouse-export"} <= set(checked.spec.flows)  # flows.yaml
    assert {"Account", "Invoice__c"} <= set(checked.spec.objects)  # objects.yaml


def test_a_rule_error_returns_none_with_the_code_at_its_position() -> None:
    path = FIXTURES / "invalid" / "rule_sfs101_unknown_owner.yaml"
    checked, diags = check_spec(path)
    assert checked is None
    [error] = diags.errors()
    assert error.code == "SFS101"
    assert error.source is not None
    assert Path(error.source.path).name == path.name
    line = path.read_text(encoding="utf-8").splitlines().index("    owner: crmm  # ERROR: SFS101") + 1
    assert error.source.start.line == line


@pytest.mark.parametrize("name", ["syntax_error.yaml", "unknown_top_level_key.yaml", "model_bad_date.yaml"])
def test_load_schema_and_model_errors_stop_before_the_rules(name: str) -> None:
    checked, diags = check_spec(FIXTURES / "invalid" / name)
    assert checked is None
    assert diags.has_errors()
    assert all(d.source is not None for d in diags.errors()), [d.format() for d in diags]
    assert not any(d.code.startswith("SFS1") for d in diags.errors())  # the rules never ran


def test_warnings_are_kept_and_a_rule_can_be_disabled() -> None:
    path = FIXTURES / "warning" / "rule_sfs120_callout_storm.yaml"
    checked, diags = check_spec(path)
    assert checked is not None
    assert [d.code for d in diags] == ["SFS120"]
    checked, diags = check_spec(path, disabled_rules=["sfs120"])  # any case
    assert checked is not None and not list(diags)


@pytest.mark.parametrize(("code", "why"), [("SFS001", "only semantic rules"), ("SFS999", "no such code")])
def test_disabling_what_is_not_a_rule_is_a_usage_error(code: str, why: str) -> None:
    with pytest.raises(UsageError, match=why):
        check_spec(MINIMAL, disabled_rules=[code])


def test_an_environment_applies_its_overrides_and_names_its_org() -> None:
    found, diags = checked_for_environment(LANDSCAPE, "dev")
    assert found is not None, [d.format() for d in diags]
    checked, resolved = found
    assert resolved.environment == "dev"
    assert str(resolved.spec.systems["erp"].base_url).startswith("https://erp-test.acme.example")
    assert str(checked.spec.systems["erp"].base_url).startswith("https://erp.acme.example")  # the spec is untouched
    assert resolved.spec.salesforce.integration_user == "integration@acme.example.dev"
    assert resolved.org_ref is not None and resolved.org_ref.kind is OrgKind.MOCK
    assert resolved.org_ref.path.resolve() == (LANDSCAPE / "orgs" / "dev.json").resolve()  # against the spec


def test_without_an_environment_the_spec_is_as_written() -> None:
    found, _ = checked_for_environment(LANDSCAPE)
    assert found is not None
    checked, resolved = found
    assert resolved.spec == checked.spec and resolved.org_ref is None and resolved.environment is None


def test_an_unknown_environment_is_sfs017_at_the_environments_key() -> None:
    found, diags = checked_for_environment(LANDSCAPE, "staging")
    assert found is None
    [error] = diags.errors()
    assert error.code == "SFS017" and "dev, prod" in (error.hint or "")
    assert error.source is not None and Path(error.source.path).name == "landscape.yaml"
    text = (LANDSCAPE / "landscape.yaml").read_text(encoding="utf-8").splitlines()
    assert text[error.source.start.line - 1].startswith("environments:")


def test_an_invalid_spec_never_reaches_the_environment() -> None:
    found, diags = checked_for_environment(FIXTURES / "invalid" / "rule_sfs101_unknown_owner.yaml", "dev")
    assert found is None
    assert [d.code for d in diags.errors()] == ["SFS101"]  # not SFS017 as well
