"""apply_plan against a mock org file: success records, failure and check-only record nothing."""

from __future__ import annotations

import json

import pytest

from sfspec.apply import apply_plan
from sfspec.apply.outdir import read_middleware
from sfspec.apply.record import load_record, record_path
from sfspec.diff import Action, Change, diff
from sfspec.errors import ApplyFailed
from sfspec.org.mock import MockOrg, write_snapshot
from sfspec.orgref import OrgRef
from sfspec.plan import Plan
from sfspec.sfdx_format import attributes_to_xml, source_path
from sfspec.state import MANAGED_MARKER, TYPE_ORDER, Component, ComponentKey, DesiredState, GeneratedFile

ATTRS = {"label": "ERP Id", "type": "Text", "length": "40", "description": MANAGED_MARKER}


def desired_of(*components: Component, middleware: str = "x=1\n") -> DesiredState:
    files = [
        GeneratedFile(source_path(c.key), attributes_to_xml(c.type, c.attributes, c.name.split(".")[-1]))
        for c in components
    ]
    files.append(GeneratedFile("middleware/camel/application.properties", middleware))
    mw = Component(ComponentKey("MiddlewareFile", "middleware/camel/application.properties"), {}, middleware)
    state = DesiredState.of([*components, mw])
    return DesiredState(state.components, files=tuple(files))


def plan_for(desired: DesiredState, org_path) -> Plan:
    actual = MockOrg(org_path).read(list(desired), managed_types=TYPE_ORDER)
    return Plan(
        tuple(diff(desired, actual, TYPE_ORDER)), "spec", "sha256:" + "0" * 64, "dev", OrgRef.parse(f"mock:{org_path}")
    )


@pytest.fixture
def org(tmp_path):
    path = tmp_path / "org.json"
    write_snapshot(path, [Component(ComponentKey("CustomObject", "Account"), {"label": "Account"})], [])
    return path


def test_apply_writes_the_org_out_and_the_record(tmp_path, org):
    desired = desired_of(Component(ComponentKey("CustomField", "Account.ERP_Id__c"), ATTRS))
    outcome = apply_plan(plan_for(desired, org), desired, tmp_path / "out")
    assert outcome.upserts == 1 and outcome.record == record_path(tmp_path / "out", "dev")
    assert (tmp_path / "out/force-app/main/default/objects/Account/fields/ERP_Id__c.field-meta.xml").is_file()
    assert all(c.action is Action.NOOP for c in plan_for(desired, org).changes if c.key.type != "MiddlewareFile")
    record = load_record(tmp_path / "out", "dev", OrgRef.parse(f"mock:{org}"))
    assert "CustomField:Account.ERP_Id__c" in record.components
    assert not any(k.startswith("MiddlewareFile:") for k in record.components)  # out/middleware/ is their state
    stored = json.loads(record_path(tmp_path / "out", "dev").read_text())["org"]
    assert stored == "mock:../org.json"  # relative to the record's folder, like a saved plan's paths
    another = OrgRef.parse("mock:/another/org.json")
    assert load_record(tmp_path / "out", "dev", another).components == {}  # records are per org


def test_a_failed_write_records_nothing(tmp_path, org):
    desired = desired_of(Component(ComponentKey("CustomField", "Missing__c.A__c"), ATTRS))
    before = org.read_bytes()
    with pytest.raises(ApplyFailed):
        apply_plan(plan_for(desired, org), desired, tmp_path / "out")
    assert org.read_bytes() == before
    assert not record_path(tmp_path / "out", "dev").exists()


def test_check_only_validates_and_writes_nothing_to_the_org(tmp_path, org):
    good = desired_of(Component(ComponentKey("CustomField", "Account.ERP_Id__c"), ATTRS))
    before = org.read_bytes()
    assert apply_plan(plan_for(good, org), good, tmp_path / "out", check_only=True).record is None
    bad = desired_of(Component(ComponentKey("CustomField", "Missing__c.A__c"), ATTRS))
    with pytest.raises(ApplyFailed, match="check-only"):
        apply_plan(plan_for(bad, org), bad, tmp_path / "out", check_only=True)
    assert org.read_bytes() == before and not record_path(tmp_path / "out", "dev").exists()


def test_conflicts_and_source_orgs_are_refused_before_writing(tmp_path, org):
    desired = desired_of()
    conflict = Plan(
        (Change(Action.CONFLICT, ComponentKey("ApexClass", "A"), reason="unmanaged"),),
        "spec",
        "sha256:" + "0" * 64,
        "dev",
        OrgRef.parse(f"mock:{org}"),
    )
    with pytest.raises(ApplyFailed, match="conflict"):
        apply_plan(conflict, desired, tmp_path / "out")
    source = Plan((), "spec", "sha256:" + "0" * 64, "dev", OrgRef.parse(f"source:{tmp_path}"))
    with pytest.raises(ApplyFailed, match="cannot be applied"):
        apply_plan(source, desired, tmp_path / "out")
    assert not (tmp_path / "out").exists()


def test_out_middleware_is_the_actual_side_so_the_next_plan_sees_only_real_changes(tmp_path, org):
    first = desired_of(middleware="x=1\n")
    assert read_middleware(tmp_path / "out") == []  # nothing applied yet
    apply_plan(plan_for(first, org), first, tmp_path / "out")
    actual = MockOrg(org).read([], managed_types=TYPE_ORDER)
    from sfspec.state import ActualState

    with_mw = ActualState({**actual.components, **{c.key: c for c in read_middleware(tmp_path / "out")}})
    assert [c for c in diff(first, with_mw, TYPE_ORDER) if c.action is not Action.NOOP] == []
    second = desired_of(middleware="x=2\n")
    [change] = [c for c in diff(second, with_mw, TYPE_ORDER) if c.key.type == "MiddlewareFile"]
    assert change.action is Action.UPDATE and "-x=1" in change.body_diff and "+x=2" in change.body_diff


def test_org_changed_between_plan_and_write_is_refused_under_the_lock(tmp_path, org):
    from sfspec.errors import StalePlan

    desired = desired_of(Component(ComponentKey("CustomField", "Account.ERP_Id__c"), ATTRS))
    actual = MockOrg(org).read(list(desired), managed_types=TYPE_ORDER)
    plan = Plan(
        tuple(diff(desired, actual, TYPE_ORDER)),
        "spec",
        "sha256:" + "0" * 64,
        "dev",
        OrgRef.parse(f"mock:{org}"),
        actual.fingerprint(set(desired.keys()) | set(actual.keys())),
    )
    # another run creates the same field (differently) after this plan was made
    write_snapshot(org, [Component(ComponentKey("CustomField", "Account.ERP_Id__c"), {**ATTRS, "length": "80"})], [])
    before = org.read_bytes()
    with pytest.raises(StalePlan, match="1 component") as err:
        apply_plan(plan, desired, tmp_path / "out")
    assert err.value.details == [
        f"CustomField:Account.ERP_Id__c: absent when planned, sha256 "
        f"{MockOrg(org).read_all().components[ComponentKey('CustomField', 'Account.ERP_Id__c')].content_hash()[:12]} now"
    ]
    assert org.read_bytes() == before and not record_path(tmp_path / "out", "dev").exists()
