"""Plan: versioned JSON that validates against schemas/plan.schema.json and round-trips."""

from __future__ import annotations

import json

import pytest
from jsonschema import Draft202012Validator

from sfspec.diagnostics import SourceRange
from sfspec.diff import Action, AttributeChange, Change
from sfspec.orgref import OrgRef
from sfspec.plan import FORMAT_VERSION, Plan, spec_digest
from sfspec.resources import schema_path
from sfspec.state import ComponentKey


def sample_plan() -> Plan:
    src = SourceRange.at("specs/landscape/objects.yaml", 14, 7)
    changes = (
        Change(Action.CREATE, ComponentKey("CustomField", "Account.ERP_Id__c"), src),
        Change(
            Action.UPDATE,
            ComponentKey("ApexClass", "AccountHandler"),
            src,
            (AttributeChange("apiVersion", "62.0", "63.0"),),
            "--- org/A\n+++ spec/A\n@@ -1 +1 @@\n-a\n+b\n",
            "changed in the org outside sfspec since the last apply",
            True,
        ),
        Change(Action.NOOP, ComponentKey("PermissionSet", "sfspec_Integration"), src),
        Change(Action.CONFLICT, ComponentKey("ApexClass", "Util"), src, reason="unmanaged"),
        Change(Action.DELETE, ComponentKey("ApexClass", "OldHandler"), None, reason="no longer in the spec"),
    )
    return Plan(
        changes,
        "specs/landscape",
        spec_digest([("a.yaml", "sfspec: 1\n")]),
        "dev",
        OrgRef.parse("mock:orgs/dev.json"),
        {"ApexClass:AccountHandler": "a" * 64, "CustomField:Account.ERP_Id__c": None},
    )


@pytest.fixture(scope="module")
def validator() -> Draft202012Validator:
    schema = json.loads(schema_path("plan.schema.json").read_text())
    Draft202012Validator.check_schema(schema)
    return Draft202012Validator(schema)


def test_plan_json_matches_its_schema_and_round_trips(validator):
    plan = sample_plan()
    data = json.loads(json.dumps(plan.to_json()))
    assert list(validator.iter_errors(data)) == []
    assert data["format_version"] == FORMAT_VERSION
    assert data["summary"] == {"create": 1, "update": 1, "adopt": 0, "delete": 1, "no-op": 1, "conflict": 1}
    assert Plan.from_json(data) == plan


def test_schema_rejects_an_unknown_action_and_a_bad_hash(validator):
    data = sample_plan().to_json()
    data["changes"][0]["action"] = "replace"
    data["read"]["ApexClass:AccountHandler"] = "not-a-hash"
    assert len(list(validator.iter_errors(data))) == 2


def test_spec_digest_depends_on_content_not_on_the_folder():
    a = spec_digest([("/x/specs/a.yaml", "sfspec: 1\n")])
    assert a == spec_digest([("other/a.yaml", "sfspec: 1\n")])
    assert a != spec_digest([("/x/specs/a.yaml", "sfspec: 1\n# edited\n")])


def test_has_changes_counts_conflicts_but_not_no_ops():
    plan = sample_plan()
    assert plan.has_changes
    quiet = Plan(
        (Change(Action.NOOP, ComponentKey("ApexClass", "A")),), "s", plan.spec_digest, None, OrgRef.parse("mock:x")
    )
    assert not quiet.has_changes and quiet.visible() == []


def test_manual_steps_round_trip_and_match_the_schema(validator):
    import dataclasses

    from sfspec.diagnostics import SourceRange
    from sfspec.plan import ManualStep

    step = ManualStep(
        "ApexTrigger:AccountMDTTrigger",
        "new SfspecAccountTriggerHandler().run();",
        "add it",
        SourceRange.at("s.yaml", 8, 5),
    )
    plan = dataclasses.replace(sample_plan(), manual_steps=(step,))
    data = json.loads(json.dumps(plan.to_json()))
    assert list(validator.iter_errors(data)) == []
    assert Plan.from_json(data).manual_steps == (step,)
