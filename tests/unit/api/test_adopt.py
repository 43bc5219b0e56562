"""sfspec.api.adopt: the org's definition written into the spec file that declares the object,
comments kept, nothing written on errors; the next plan adopts it."""

from __future__ import annotations

from pathlib import Path

from sfspec.api import adopt, check_spec, plan
from sfspec.diff import Action
from sfspec.state import ComponentKey, MetadataType

FIELD = ComponentKey(MetadataType.CUSTOM_FIELD, "Account.Region__c")  # hand-made in the seed dev org


def texts(spec: Path) -> dict[str, str]:
    return {p.name: p.read_text(encoding="utf-8") for p in sorted(spec.glob("*.yaml"))}


def test_adopt_writes_the_orgs_field_into_the_file_that_declares_its_object(landscape: Path) -> None:
    before = texts(landscape)
    adopted, diags = adopt(landscape, ["Account.Region__c"], "dev")  # the org: the environment's
    assert adopted is not None and not diags.has_errors()
    [adoption] = adopted
    assert adoption.key == FIELD and Path(adoption.file).name == "objects.yaml"
    assert {"type", "values", "manage"} <= set(adoption.written)
    after = texts(landscape)
    assert after["landscape.yaml"] == before["landscape.yaml"] and after["flows.yaml"] == before["flows.yaml"]
    objects = after["objects.yaml"]
    assert objects.startswith(before["objects.yaml"].split("objects:")[0])  # the header comment is kept
    assert "      Region__c:\n        type: Picklist\n" in objects and "manage: adopt" in objects
    assert "- APAC" in objects and "label: Region" in objects  # the org's definition
    checked, diags = check_spec(landscape)
    assert checked is not None, [d.format() for d in diags]
    run, _ = plan(landscape, "dev", None, Path("out"))
    assert run is not None
    assert [c.key for c in run.plan.changes if c.action is Action.ADOPT] == [FIELD]


def test_a_bad_target_writes_nothing_even_beside_a_good_one(landscape: Path) -> None:
    before = texts(landscape)
    adopted, diags = adopt(landscape, ["Account.Region__c", "Account.Bad Name"], "dev")
    assert adopted is None and [d.code for d in diags.errors()] == ["SFS043"]
    assert texts(landscape) == before


def test_a_field_the_org_does_not_hold_is_refused(landscape: Path) -> None:
    before = texts(landscape)
    adopted, diags = adopt(landscape, ["Account.Nope__c"], "dev")
    assert adopted is None and [d.code for d in diags.errors()] == ["SFS040"]
    assert texts(landscape) == before


def test_adopt_needs_an_org(landscape: Path) -> None:
    adopted, diags = adopt(landscape, ["Account.Region__c"])  # no environment, no --org
    assert adopted is None and [d.code for d in diags.errors()] == ["SFS030"]


def test_an_explicit_org_wins_over_the_environments(landscape: Path, empty_project: Path) -> None:
    adopted, diags = adopt(landscape, ["Account.Region__c"], "dev", f"source:{empty_project}")
    assert adopted is None and [d.code for d in diags.errors()] == ["SFS040"]  # not in that project
