"""sfspec.api.org: `--org` values, `org snapshot` (an org saved as a mock org) and `import` (a spec
bootstrapped from an org), called directly on the SFDX fixture projects and mock orgs."""

from __future__ import annotations

import json
from pathlib import Path

import pytest

from sfspec.api import apply, check_spec, import_org, org_option, org_snapshot, plan
from sfspec.diff import Action
from sfspec.errors import OrgError
from sfspec.org import open_org
from sfspec.orgref import OrgKind
from sfspec.resources import specs_dir

DREAMHOUSE = Path(__file__).resolve().parents[2] / "fixtures" / "sfdx" / "dreamhouse-lwc"
DEV = specs_dir() / "landscape" / "orgs" / "dev.json"


def keys(org: str) -> set[str]:
    return {str(k) for k in open_org(org_option(org)).read_all()}


def test_org_option_resolves_paths_against_the_working_directory(tmp_path: Path, monkeypatch) -> None:
    monkeypatch.chdir(tmp_path)
    ref = org_option("mock:orgs/../orgs/dev.json")
    assert ref.kind is OrgKind.MOCK and ref.path.resolve() == (tmp_path / "orgs" / "dev.json").resolve()
    assert ref == org_option(f"mock:{tmp_path}/orgs/dev.json")  # one org, one spelling
    assert org_option("sf:acme-prod").kind is OrgKind.SF
    with pytest.raises(OrgError):
        org_option("ftp:somewhere")


def test_a_snapshot_of_a_project_reads_back_as_the_same_org(tmp_path: Path) -> None:
    out = tmp_path / "snap" / "dreamhouse.json"
    summary, diags = org_snapshot(f"source:{DREAMHOUSE}", out)
    assert not diags.has_errors()
    assert summary is not None and summary.endswith("dreamhouse-lwc")
    assert summary.startswith(f"wrote {out}: 19 components (3 CustomObject, 16 CustomField) from source:")
    assert keys(f"mock:{out}") == keys(f"source:{DREAMHOUSE}")
    assert "CustomField:Property__c.Price__c" in keys(f"mock:{out}")
    again = tmp_path / "again.json"
    org_snapshot(f"mock:{out}", again)
    assert again.read_text(encoding="utf-8") == out.read_text(encoding="utf-8")  # a snapshot is a fixed point


def test_a_snapshot_for_a_spec_keeps_its_components_and_sfspecs_only(landscape: Path, tmp_path: Path) -> None:
    org = landscape / "orgs" / "dev.json"
    run, _ = plan(landscape, "dev", None, Path("out"))
    assert run is not None
    apply(run)
    out = tmp_path / "for-spec.json"
    summary, diags = org_snapshot(f"mock:{org}", out, landscape, "dev")
    assert summary is not None and summary.startswith(f"wrote {out}: ") and not diags.has_errors()
    kept = keys(f"mock:{out}")
    assert "ApexClass:AccountToErpService" in kept and "CustomField:Account.Credit_Limit__c" in kept
    assert "ApexClass:AccountRegionHelper" not in kept  # hand-made, not in the spec
    assert "ApexClass:AccountRegionHelper" in keys(f"mock:{org}")
    assert not any(k.startswith("MiddlewareFile:") for k in kept)  # not in an org
    # planning against the slim snapshot sees the same: nothing to do
    run, diags = plan(landscape, "dev", f"mock:{out}", Path("out"))
    assert run is not None, [d.format() for d in diags]
    assert {c.action for c in run.plan.changes if c.key.type != "MiddlewareFile"} == {Action.NOOP}


def test_a_snapshot_for_an_invalid_spec_writes_nothing(tmp_path: Path) -> None:
    bad = Path(__file__).resolve().parents[2] / "fixtures" / "specs" / "invalid" / "rule_sfs101_unknown_owner.yaml"
    summary, diags = org_snapshot(f"mock:{DEV}", tmp_path / "x.json", bad)
    assert summary is None and [d.code for d in diags.errors()] == ["SFS101"]
    assert not (tmp_path / "x.json").exists()


def test_import_returns_a_valid_spec_and_writes_nothing(tmp_path: Path, monkeypatch) -> None:
    monkeypatch.chdir(DREAMHOUSE.parent)
    output = tmp_path / "imported" / "spec.yaml"
    result, diags = import_org("source:./dreamhouse-lwc", output, name="dreamhouse")
    assert result is not None and not diags.has_errors()
    assert not output.parent.exists()
    # the origin as the user wrote it, so the header reads the same from any folder
    assert result.imported.name == "dreamhouse" and result.imported.origin == "source:./dreamhouse-lwc"
    assert {o.name for o in result.imported.objects} == {"Account", "Broker__c", "Property__c"}
    assert "source:./dreamhouse-lwc" in result.text.splitlines()[2] and 'name: "dreamhouse"' in result.text
    output.parent.mkdir()
    output.write_text(result.text, encoding="utf-8")
    checked, diags = check_spec(output)
    assert checked is not None, [d.format() for d in diags]
    assert {"Price__c", "Broker__c"} <= set(checked.spec.objects["Property__c"].fields)
    # everything imported exists in the org already: a plan against it changes nothing there
    run, _ = plan(output, None, f"source:{DREAMHOUSE}", tmp_path / "out")
    assert run is not None and {c.action for c in run.plan.visible()} <= {Action.CREATE}
    assert not [c for c in run.plan.visible() if c.key.type in ("CustomObject", "CustomField")]


def test_import_with_standard_objects_adds_them(tmp_path: Path) -> None:
    bare, _ = import_org(f"mock:{DEV}", tmp_path / "spec.yaml")
    full, _ = import_org(f"mock:{DEV}", tmp_path / "spec.yaml", include_standard=True)
    assert bare is not None and full is not None
    fields = [sum(len(o.fields) for o in r.imported.objects) for r in (bare, full)]
    assert fields[1] > fields[0]
    assert json.loads(DEV.read_text(encoding="utf-8"))["objects"]["Account"]["fields"]["AccountNumber"]
    assert "AccountNumber:" in full.text and "AccountNumber:" not in bare.text


def test_import_of_an_org_that_cannot_be_read_raises_org_error(tmp_path: Path) -> None:
    with pytest.raises(OrgError):
        import_org(f"mock:{tmp_path / 'missing.json'}", tmp_path / "spec.yaml")
