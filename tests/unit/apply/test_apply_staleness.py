"""Saved plans: refused when stale, when malformed, when from another version."""

from __future__ import annotations

import dataclasses
import json

import pytest

from sfspec.apply.staleness import check_fresh, load_saved_plan
from sfspec.diff import Action, Change
from sfspec.errors import SfspecError, StalePlan
from sfspec.orgref import OrgRef
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


def test_saved_plan_round_trips_and_bad_files_are_clear_errors(tmp_path):
    good = tmp_path / "p.json"
    good.write_text(json.dumps(PLAN.to_json()))
    assert load_saved_plan(good) == PLAN
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
