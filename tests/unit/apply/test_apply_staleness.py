"""Saved plans: refused when stale, when malformed, when from another version."""

from __future__ import annotations

import dataclasses
import json

import pytest

from sfspec.apply.staleness import check_fresh, load_saved_plan
from sfspec.diff import Action, Change
from sfspec.errors import SfspecError, StalePlan
from sfspec.orgref import OrgRef
from sfspec.paths import from_portable
from sfspec.plan import Plan
from sfspec.state import ComponentKey

PLAN = Plan(
    (Change(Action.CREATE, ComponentKey("ApexClass", "A")),),
    "spec.yaml",
    "sha256:" + "1" * 64,
    "dev",
    OrgRef.parse("mock:/tmp/org.json"),
    {"ApexClass:A": None, "ApexClass:B": "b" * 64},
)


def test_fresh_plan_passes():
    check_fresh(PLAN, dataclasses.replace(PLAN))


@pytest.mark.parametrize(
    "change, message",
    [
        ({"read": {"ApexClass:A": "c" * 64, "ApexClass:B": "b" * 64}}, r"1 component\(s\) changed"),
        ({"read": {"ApexClass:A": None}}, r"1 component\(s\) changed"),
        ({"read": {**PLAN.read, "ApexClass:C": "d" * 64}}, r"1 component\(s\) changed"),
        ({"spec_digest": "sha256:" + "2" * 64}, "the spec spec.yaml changed"),
        ({"sfspec_version": "0.0.1"}, "made by sfspec 0.0.1"),
    ],
)
def test_stale_plans_are_refused(change, message):
    fresh = dataclasses.replace(PLAN, **change)
    saved, now = (fresh, PLAN) if "sfspec_version" in change else (PLAN, fresh)
    with pytest.raises(StalePlan, match=message):
        check_fresh(saved, now)


def test_stale_details_name_the_component():
    with pytest.raises(StalePlan) as err:
        check_fresh(PLAN, dataclasses.replace(PLAN, read={"ApexClass:A": "c" * 64, "ApexClass:B": "b" * 64}))
    assert err.value.details == ["ApexClass:A: absent when planned, sha256 cccccccccccc now"]


def test_missing_spec_is_stale():
    with pytest.raises(StalePlan, match="missing or no longer valid"):
        check_fresh(PLAN, None)


def test_saved_plan_round_trips_and_bad_files_are_clear_errors(tmp_path, monkeypatch):
    monkeypatch.chdir(tmp_path)
    good = tmp_path / "plans" / "p.json"
    good.parent.mkdir()
    saved = dataclasses.replace(PLAN, org=OrgRef.parse("mock:orgs/dev.json"), out_dir="out")
    data = saved.to_json(good.parent)
    # paths are relative to the plan file's folder: the plan means the same from any directory
    assert (data["spec"]["path"], data["org"], data["out"]) == ("../spec.yaml", "mock:../orgs/dev.json", "../out")
    good.write_text(json.dumps(data))
    assert load_saved_plan(good) == saved
    monkeypatch.chdir(good.parent)  # read from elsewhere: the same files, spelled from here
    elsewhere = load_saved_plan(good)
    assert (elsewhere.spec_path, str(elsewhere.org), elsewhere.out_dir) == (
        str(tmp_path / "spec.yaml"),
        f"mock:{tmp_path}/orgs/dev.json",
        str(tmp_path / "out"),
    )
    bad = tmp_path / "bad.json"
    for text, message in (
        ("{not json", "invalid JSON"),
        ('{"format_version": 9}', "format_version 9"),
        ('{"format_version": 1}', "not a valid sfspec plan"),
    ):
        bad.write_text(text)
        with pytest.raises(SfspecError, match=message):
            load_saved_plan(bad)
    with pytest.raises(SfspecError, match="cannot read plan"):
        load_saved_plan(tmp_path / "missing.json")


def test_a_plan_edited_after_saving_is_refused(tmp_path):
    """The digest covers the whole plan: a change dropped from the list (or any value edited) is refused."""
    two = dataclasses.replace(PLAN, changes=(*PLAN.changes, Change(Action.CREATE, ComponentKey("ApexClass", "B"))))
    data = two.to_json()
    data["changes"] = data["changes"][:1]
    data["summary"]["create"] = 1
    path = tmp_path / "edited.json"
    path.write_text(json.dumps(data, indent=4))
    with pytest.raises(SfspecError, match="edited after it was saved"):
        load_saved_plan(path)
    path.write_text(json.dumps(two.to_json(), indent=4, sort_keys=True))  # another layout is not an edit
    # a saved plan's paths are relative to its own file (issue 14): spec.yaml is read beside it
    assert load_saved_plan(path) == dataclasses.replace(two, spec_path=from_portable("spec.yaml", tmp_path))
    for edit in ({"org": "mock:/tmp/other.json"}, {"read": {"ApexClass:A": None}}, {"digest": "sha256:" + "0" * 64}):
        path.write_text(json.dumps({**two.to_json(), **edit}))
        with pytest.raises(SfspecError, match="edited after it was saved"):
            load_saved_plan(path)
    del data["digest"]
    path.write_text(json.dumps(data))
    with pytest.raises(SfspecError, match="digest"):
        load_saved_plan(path)


def test_a_plan_whose_changes_differ_from_a_fresh_plan_is_stale():
    """Even with a recomputed digest, `apply PLAN` applies only what the plan shows."""
    extra = Change(Action.CREATE, ComponentKey("ApexClass", "B"))
    fresh = dataclasses.replace(PLAN, changes=(*PLAN.changes, extra))
    with pytest.raises(StalePlan, match=r"other changes than the 1 it shows \(2 now\)") as err:
        check_fresh(PLAN, fresh)
    assert err.value.details == ["ApexClass:B: create needed, not in the plan"]
    updated = Change(Action.UPDATE, ComponentKey("ApexClass", "A"))
    with pytest.raises(StalePlan) as err:
        check_fresh(PLAN, dataclasses.replace(PLAN, changes=(updated,)))
    assert err.value.details == [
        "ApexClass:A: update needed, not in the plan",
        "ApexClass:A: create in the plan, not needed now",
    ]


@pytest.mark.parametrize(
    "text, message",
    [
        ('{"a": ' + "[" * 5000 + "]" * 5000 + "}", r":1:106: .*nested more than 100"),
        ('{"format_version": 1, "n": ' + "9" * 5000 + "}", r":1:28: .*more than 19 digits"),
        ('{"format_version": 1, "n": 1e999}', r":1:28: .*out of range"),
        ('{"format_version": NaN}', r":1:20: .*NaN is not a JSON number"),
    ],
    ids=["deep", "huge-int", "inf", "nan"],
)
def test_saved_plans_get_the_json_limits(tmp_path, text, message):
    path = tmp_path / "p.json"
    path.write_text(text)
    with pytest.raises(SfspecError, match=message):
        load_saved_plan(path)


def test_a_special_file_is_not_read_as_a_plan(tmp_path):
    import os

    fifo = tmp_path / "p.json"
    os.mkfifo(fifo)
    with pytest.raises(SfspecError, match="not a regular file"):
        load_saved_plan(fifo)
