"""sfspec.api.changes: plan, replan, apply and drift called directly against copies of the seed
landscape's mock dev org (tests/conftest.py `landscape`) and small mock orgs in tmp_path."""

from __future__ import annotations

import json
from dataclasses import replace
from pathlib import Path
from typing import Any

import pytest

from sfspec.api import PlanRun, apply, drift, limit_warnings, plan, replan
from sfspec.apply.sourcemap import SOURCE_MAP
from sfspec.apply.staleness import load_saved_plan
from sfspec.diff import Action
from sfspec.errors import ApplyFailed, SfspecError, StalePlan
from sfspec.org import open_org
from sfspec.org.mock import write_snapshot
from sfspec.org.snapshot import empty_snapshot
from sfspec.orgref import OrgKind, OrgRef
from sfspec.resources import specs_dir
from sfspec.state import Component, ComponentKey, MetadataType

MINIMAL = specs_dir() / "examples" / "minimal.yaml"
NARROWED = (
    "      Credit_Limit__c: {type: Currency, precision: 16, scale: 2, label: Credit limit, owner: erp}",
    "      Credit_Limit__c: {type: Currency, precision: 10, scale: 2, label: Credit limit, owner: erp}",
)


def planned(landscape: Path, environment: str = "dev", org: str | None = None) -> PlanRun:
    run, diags = plan(landscape, environment, org, Path("out"))
    assert run is not None, [d.format() for d in diags]
    assert not diags.has_errors()
    return run


def applied(landscape: Path) -> PlanRun:
    run = planned(landscape)
    apply(run)
    return run


def actions(run: PlanRun) -> set[Action]:
    return {c.action for c in run.plan.changes}


def org_actions(run: PlanRun) -> set[Action]:
    """The actions on the org (middleware files are applied by writing out/, shared by every org)."""
    return {c.action for c in run.plan.changes if c.key.type != MetadataType.MIDDLEWARE_FILE}


def in_org(org: Path) -> set[str]:
    return {str(k) for k in open_org(OrgRef.parse(f"mock:{org}")).read_all().components}


def set_api_limit(org: Path, maximum: int) -> None:
    """The org's /limits as a mock snapshot holds them: DailyApiRequests lowered to `maximum`."""
    data = json.loads(org.read_text(encoding="utf-8"))
    data["org"]["limits"]["DailyApiRequests"] = {"Max": maximum, "Remaining": maximum}
    org.write_text(json.dumps(data), encoding="utf-8")


def edit(path: Path, old: str, new: str) -> None:
    text = path.read_text(encoding="utf-8")
    assert old in text, f"{old!r} not in {path}"
    path.write_text(text.replace(old, new), encoding="utf-8")


def test_plan_against_an_org_without_the_components_creates_them_all(landscape: Path) -> None:
    run = planned(landscape)
    assert actions(run) == {Action.CREATE}
    assert {c.key for c in run.plan.changes} == set(run.desired.state.keys())
    assert run.plan.org.kind is OrgKind.MOCK and run.plan.environment == "dev"
    assert Path(run.plan.spec_path).resolve() == landscape.resolve()
    assert not run.plan.conflicts and not run.plan.destructive
    # every change points at the spec text that caused it
    assert all(c.source is not None for c in run.plan.changes)


def test_plan_reads_the_org_it_is_given_over_the_environments(landscape: Path, tmp_path: Path) -> None:
    org = tmp_path / "other.json"
    org.write_text((landscape / "orgs" / "dev.json").read_text(encoding="utf-8"), encoding="utf-8")
    apply(planned(landscape, org=f"mock:{org}"))  # cwd-relative paths work too (tmp_path)
    assert actions(planned(landscape, org="mock:other.json")) == {Action.NOOP}
    assert org_actions(planned(landscape)) == {Action.CREATE}  # the environment's own org was not touched


def test_plan_without_an_org_is_sfs030() -> None:
    run, diags = plan(MINIMAL)
    assert run is None
    [error] = diags.errors()
    assert error.code == "SFS030" and "--org" in (error.hint or "")


def test_a_standard_object_missing_from_the_org_is_sfs033_at_the_object(tmp_path: Path) -> None:
    org = tmp_path / "empty.json"
    org.write_text(json.dumps(empty_snapshot()), encoding="utf-8")
    run, diags = plan(MINIMAL, None, f"mock:{org}", tmp_path / "out")
    assert run is None
    [error] = diags.errors()
    assert error.code == "SFS033" and "Account" in error.summary
    assert error.source is not None and Path(error.source.path).name == "minimal.yaml"
    lines = MINIMAL.read_text(encoding="utf-8").splitlines()
    assert lines[error.source.start.line - 1].strip() == "Account:"


def test_an_sfdx_project_is_only_part_of_an_org_so_absence_is_not_sfs033(empty_project: Path, tmp_path: Path) -> None:
    run, diags = plan(MINIMAL, None, f"source:{empty_project}", tmp_path / "out")
    assert run is not None, [d.format() for d in diags]
    assert Action.CREATE in actions(run)


def test_apply_writes_out_and_the_mock_org_then_nothing_is_left_to_do(landscape: Path) -> None:
    org = landscape / "orgs" / "dev.json"
    (landscape.parent / "seed.json").write_bytes(org.read_bytes())
    run = planned(landscape)
    outcome = apply(run)
    assert not outcome.check_only and outcome.record is not None and outcome.record.is_file()
    assert outcome.upserts == sum(1 for c in run.plan.changes if c.key.type != MetadataType.MIDDLEWARE_FILE)
    assert outcome.middleware == sum(1 for c in run.plan.changes if c.key.type == MetadataType.MIDDLEWARE_FILE)
    assert set(outcome.out.files) == {f.path for f in run.desired.state.files} | {SOURCE_MAP}
    assert all((Path("out") / f).is_file() for f in outcome.out.files)
    org_side = {str(k) for k in run.desired.state if k.type != MetadataType.MIDDLEWARE_FILE}
    assert not org_side & in_org(landscape.parent / "seed.json")
    assert org_side <= in_org(org)
    assert {p.name for p in org.parent.iterdir()} <= {"dev.json", "dev.json.lock"}  # no temporary left
    again = planned(landscape)
    assert actions(again) == {Action.NOOP}
    assert apply(again).upserts == 0


def test_check_only_writes_nothing_to_the_org_and_records_nothing(landscape: Path) -> None:
    org = landscape / "orgs" / "dev.json"
    before = org.read_bytes()
    outcome = apply(planned(landscape), check_only=True)
    assert outcome.check_only and outcome.record is None
    assert outcome.upserts > 0
    assert org.read_bytes() == before
    assert org_actions(planned(landscape)) == {Action.CREATE}


def test_apply_refuses_a_change_that_loses_data_unless_allowed(landscape: Path) -> None:
    org = landscape / "orgs" / "dev.json"
    applied(landscape)
    edit(landscape / "objects.yaml", *NARROWED)
    run = planned(landscape)
    [narrowing] = run.plan.destructive
    assert str(narrowing.key) == "CustomField:Account.Credit_Limit__c" and "precision 16 -> 10" in narrowing.data_loss
    org_before, out_before = org.read_bytes(), sorted(Path("out").rglob("*"))
    with pytest.raises(ApplyFailed, match="lose data") as refused:
        apply(run)
    assert refused.value.details == ["CustomField:Account.Credit_Limit__c: precision 16 -> 10: digits are lost"]
    assert org.read_bytes() == org_before and sorted(Path("out").rglob("*")) == out_before
    outcome = apply(run, allow_destructive=True)
    assert outcome.upserts == 1
    field = open_org(run.plan.org).read([narrowing.key]).components[narrowing.key]
    assert str(field.attributes["precision"]) == "10"


def test_apply_refuses_a_plan_whose_org_changed_since(landscape: Path) -> None:
    org = landscape / "orgs" / "dev.json"
    run = planned(landscape)
    wanted = next(c for c in run.plan.changes if c.key.type == MetadataType.APEX_CLASS)
    write_snapshot(org, [Component(wanted.key, {"apiVersion": "63.0", "status": "Active"}, "public class X {}")], [])
    before = org.read_bytes()
    with pytest.raises(StalePlan, match="changed in"):
        apply(run)
    assert org.read_bytes() == before  # the precondition is checked under the lock: the write never happens


def saved(run: PlanRun, where: Path) -> Path:
    where.write_text(json.dumps(run.plan.to_json()), encoding="utf-8")
    return where


def test_replan_of_an_unchanged_saved_plan_gives_the_same_changes(landscape: Path, tmp_path: Path) -> None:
    run = planned(landscape)
    again, diags = replan(load_saved_plan(saved(run, tmp_path / "dev.plan.json")), Path("out"))
    assert again is not None and not diags.has_errors()
    assert again.plan.changes == run.plan.changes


def test_replan_refuses_a_plan_whose_spec_was_edited(landscape: Path, tmp_path: Path) -> None:
    plan_file = saved(planned(landscape), tmp_path / "dev.plan.json")
    edit(landscape / "objects.yaml", "label: Credit limit", "label: Credit line")
    with pytest.raises(StalePlan, match=r"spec .* changed"):
        replan(load_saved_plan(plan_file), Path("out"))


def test_replan_refuses_a_plan_whose_org_changed(landscape: Path, tmp_path: Path) -> None:
    plan_file = saved(planned(landscape), tmp_path / "dev.plan.json")
    applied(landscape)  # another apply got there first
    with pytest.raises(StalePlan, match=r"component\(s\) changed"):
        replan(load_saved_plan(plan_file), Path("out"))


def test_replan_refuses_a_plan_from_another_sfspec_or_without_its_spec(landscape: Path) -> None:
    run = planned(landscape)
    with pytest.raises(StalePlan, match=r"made by sfspec 0\.0\.0"):
        replan(replace(run.plan, sfspec_version="0.0.0"), Path("out"))
    with pytest.raises(StalePlan, match="missing"):
        replan(replace(run.plan, spec_path=str(landscape / "gone")), Path("out"))


def test_a_saved_plan_edited_by_hand_is_refused_before_replanning(landscape: Path, tmp_path: Path) -> None:
    plan_file = saved(planned(landscape), tmp_path / "dev.plan.json")
    data = json.loads(plan_file.read_text(encoding="utf-8"))
    data["changes"] = data["changes"][1:]  # drop a change someone did not like
    plan_file.write_text(json.dumps(data), encoding="utf-8")
    with pytest.raises(SfspecError, match="edited after it was saved"):
        load_saved_plan(plan_file)


def test_drift_shows_org_changes_but_not_middleware(landscape: Path) -> None:
    report, diags = drift(landscape, "dev", out_dir=Path("out"))
    assert report is not None and not diags.has_errors() and report.kind == "drift"
    types = {c.key.type for c in report.plan.changes}
    assert MetadataType.APEX_CLASS in types and MetadataType.MIDDLEWARE_FILE not in types


def test_drift_finds_a_managed_component_edited_in_the_org(landscape: Path) -> None:
    run = applied(landscape)
    report, _ = drift(landscape, "dev", out_dir=Path("out"))
    assert report is not None and {c.action for c in report.plan.changes} == {Action.NOOP}
    key = next(k for k in run.desired.state if k.type == MetadataType.APEX_CLASS)
    mine = run.desired.state.components[key]
    write_snapshot(landscape / "orgs" / "dev.json", [replace(mine, body=f"{mine.body}// edited in the org\n")], [])
    report, _ = drift(landscape, "dev", out_dir=Path("out"))
    assert report is not None
    assert [(c.action, c.key) for c in report.plan.changes if c.action is not Action.NOOP] == [(Action.UPDATE, key)]


def test_plan_warns_of_the_limits_the_org_reports(landscape: Path) -> None:
    """The seed landscape estimates 4,636 API requests a day: nothing to say against the org's
    350,000, a warning against 5,000 (over 80 %), the same findings as limit_warnings gives."""
    run = planned(landscape)
    assert list(limit_warnings(run)) == []
    set_api_limit(landscape / "orgs" / "dev.json", 5_000)
    run, diags = plan(landscape, "dev", None, Path("out"))
    assert run is not None
    assert [d.code for d in diags] == ["SFS701"] and "4,636 of 5,000" in diags.items[0].summary
    assert list(limit_warnings(run)) == list(diags)


def test_the_claims_are_released_before_the_plan_is_made(landscape: Path, monkeypatch: pytest.MonkeyPatch) -> None:
    """Memory (issue 16): what only the read and the diff need (the claims: one per declared field)
    is not held while the plan is made, the plan's peak."""
    import gc
    import weakref

    import sfspec.model.claims
    import sfspec.plan

    made: list[weakref.ref[object]] = []
    alive_at_plan: list[bool] = []
    real_claims, real_hashes = sfspec.model.claims.claims, sfspec.plan.ReadHashes

    def claims(*args: object) -> object:
        found = real_claims(*args)  # type: ignore[arg-type]
        made.append(weakref.ref(found))
        return found

    def read_hashes(*args: object) -> object:
        gc.collect()
        alive_at_plan.append(any(r() is not None for r in made))
        return real_hashes(*args)  # type: ignore[arg-type]

    monkeypatch.setattr(sfspec.model.claims, "claims", claims)
    monkeypatch.setattr(sfspec.plan, "ReadHashes", read_hashes)
    planned(landscape)
    assert made and alive_at_plan == [False]


def test_the_claims_the_diff_judges_share_the_desired_states_keys(
    landscape: Path, monkeypatch: pytest.MonkeyPatch
) -> None:
    """Memory (issue 16): a claim on a component the spec generates is keyed by the desired state's
    own ComponentKey object, not by an equal one of its own (one per declared field, alive at the diff)."""
    import sfspec.diff

    seen: list[tuple[object, object]] = []
    real_diff = sfspec.diff.diff

    def diff(desired, actual, managed_types, applied=None, claims=None):  # type: ignore[no-untyped-def]
        seen.append((desired, claims))
        return real_diff(desired, actual, managed_types, applied, claims)

    monkeypatch.setattr(sfspec.diff, "diff", diff)
    planned(landscape)
    ((desired, claims),) = seen
    both = [k for k in claims.components if k in desired.components]  # type: ignore[attr-defined]
    assert len(both) > 10
    for key in both:
        own = desired.components[key].key  # type: ignore[attr-defined]
        assert key is own and claims.components[key].key is own  # type: ignore[attr-defined]


def test_the_reads_own_state_goes_and_the_digest_is_made_before_the_diff(
    landscape: Path, monkeypatch: pytest.MonkeyPatch
) -> None:
    """Memory (issue 16): the plan's peak is at the diff; the reader's own state (its index of the
    components, copied into the actual state with out/'s middleware) is not kept through it, and the
    spec's digest (which encodes the spec's text) is made before it."""
    import gc
    import weakref

    import sfspec.diff
    import sfspec.org
    import sfspec.plan

    reads: list[weakref.ref[object]] = []
    events: list[str] = []
    real_open, real_diff, real_digest = sfspec.org.open_org, sfspec.diff.diff, sfspec.plan.spec_digest

    def open_org(*args, **kwargs):  # type: ignore[no-untyped-def]
        reader = real_open(*args, **kwargs)
        real_read = reader.read

        def read(*a, **k):  # type: ignore[no-untyped-def]
            got = real_read(*a, **k)
            reads.append(weakref.ref(got))
            return got

        monkeypatch.setattr(reader, "read", read)
        return reader

    def diff(*args, **kwargs):  # type: ignore[no-untyped-def]
        gc.collect()
        events.append("diff: read alive" if any(r() is not None for r in reads) else "diff")
        return real_diff(*args, **kwargs)

    def spec_digest(files):  # type: ignore[no-untyped-def]
        events.append("digest")
        return real_digest(files)

    monkeypatch.setattr(sfspec.org, "open_org", open_org)
    monkeypatch.setattr(sfspec.diff, "diff", diff)
    monkeypatch.setattr(sfspec.plan, "spec_digest", spec_digest)
    planned(landscape)
    assert reads and events == ["digest", "diff"]


def test_the_specs_tree_is_released_by_a_plan_that_locates_nothing_after_generating(
    landscape: Path, monkeypatch: pytest.MonkeyPatch
) -> None:
    """Memory (issue 16): once generated, the spec's plain data and positions (most of the parsed
    spec in memory) are not held through the read and the diff; nothing (records, claims, deferred
    renders, diagnostics) keeps a container of them alive. Each container the loader reads is made
    weakly referable (a plain dict or list is not) and must be dead when `plan` returns; a location
    asked for afterwards reads the kept text again and gives the same answer as before."""
    import gc
    import weakref

    import sfspec.load

    class Mapping(dict):  # type: ignore[type-arg]
        pass

    class Sequence(list):  # type: ignore[type-arg]
        pass

    read: list[weakref.ref[object]] = []
    real_compose = sfspec.load.compose_plain

    def referable(node: Any, positions: dict[int, Any]) -> Any:
        if not isinstance(node, (dict, list)):
            return node
        if isinstance(node, dict):
            new: Any = Mapping({k: referable(v, positions) for k, v in node.items()})
        else:
            new = Sequence(referable(v, positions) for v in node)
        if id(node) in positions:  # the old containers are alive until the whole file is converted
            positions[id(new)] = positions.pop(id(node))
        read.append(weakref.ref(new))
        return new

    def compose_plain(text: str, max_nodes: int) -> tuple[Any, Any]:
        data, positions = real_compose(text, max_nodes)
        converted = referable(data, positions)
        read.extend(weakref.ref(marks) for marks in positions.values() if not isinstance(marks, dict))
        return converted, positions

    monkeypatch.setattr(sfspec.load, "compose_plain", compose_plain)
    first, _ = sfspec.load.load_spec(landscape)
    assert first is not None
    where = {name: first.locate(["objects", name]) for name in ("Account", "Invoice__c")}
    del first
    read.clear()  # the plan's own reading starts here

    run = planned(landscape)
    gc.collect()
    assert len(read) > 100 and [r() for r in read if r() is not None] == []
    doc = run.desired.checked.doc
    assert not doc.holds_tree
    assert {name: doc.locate(["objects", name]) for name in where} == where


def test_a_plan_hashes_what_it_read_only_when_asked(landscape: Path, monkeypatch: pytest.MonkeyPatch) -> None:
    """Memory (issue 16): the content hashes of the components a plan read are computed when its
    JSON is made or a stale plan is checked, not held beside the components; they are the same
    hashes the read gives at once."""
    apply(planned(landscape))  # the org now holds the landscape's components: a plan reads them whole
    hashed: list[str] = []
    real = Component.content_hash
    monkeypatch.setattr(Component, "content_hash", lambda self: hashed.append(str(self.key)) or real(self))
    run = planned(landscape)
    assert hashed == []
    read = run.plan.read
    keys = [*run.desired.state.components, *run.actual.components]
    assert dict(read) == run.actual.fingerprint(keys) and len(hashed) > len(run.desired.state.components)
    some = next(k for k, v in read.items() if v is not None)
    assert (
        read[some]
        == run.actual.fingerprint([c.key for c in run.actual.components.values() if str(c.key) == some])[some]
    )
    assert read.get("ApexClass:NotReadByThisPlan") is None and "ApexClass:NotReadByThisPlan" not in read
    assert json.loads(json.dumps(run.plan.to_json()))["read"] == dict(sorted(read.items()))


def test_a_plan_that_generates_again_knowing_the_org_checks_the_spec_once(
    tmp_path: Path, monkeypatch: pytest.MonkeyPatch
) -> None:
    """An org with its own Apex under a name sfspec would generate makes a plan generate again,
    knowing the org. That generation starts from the spec checked (and digested) already, not
    from the files read and checked again, and the first generation's state is gone by then:
    two desired states at once were a brownfield plan's peak memory (issue 16)."""
    import gc
    import weakref

    import sfspec.api.changes

    spec = tmp_path / "spec.yaml"
    spec.write_text(
        "sfspec: 1\n"
        "systems:\n"
        "  salesforce: {kind: salesforce}\n"
        '  erp: {kind: erp, base_url: "https://erp.example.com", auth: {protocol: none}}\n'
        "objects:\n"
        "  Account:\n"
        "    owner: salesforce\n"
        "    fields:\n"
        "      Name: {type: Text}\n"
        "flows:\n"
        "  account-to-erp:\n"
        "    source: salesforce\n"
        "    target: erp\n"
        "    object: Account\n"
        "    transport: rest\n"
        "    trigger: {on: [create, update]}\n"
        "    endpoint: {path: /accounts}\n"
        "    mapping:\n"
        "      - {field: Name, remote: name}\n",
        encoding="utf-8",
    )
    org = tmp_path / "org.json"
    org.write_text(json.dumps(empty_snapshot()), encoding="utf-8")
    theirs = Component(
        ComponentKey(MetadataType.APEX_CLASS, "AccountTriggerHandler"),
        {"apiVersion": "63.0", "status": "Active"},
        "public class AccountTriggerHandler {}",
    )
    account = Component(ComponentKey(MetadataType.CUSTOM_OBJECT, "Account"), {"label": "Account"})
    write_snapshot(org, [account, theirs], [])
    checks: list[Path] = []
    states: list[weakref.ref[object]] = []
    alive_at_second: list[bool] = []
    real_check, real_generated = sfspec.api.changes.checked_for_environment, sfspec.api.changes.generated

    def checked_for_environment(path: Path, *args: object) -> object:
        checks.append(path)
        return real_check(path, *args)  # type: ignore[arg-type]

    def generated(*args: object) -> object:
        if states:
            gc.collect()
            alive_at_second.append(any(r() is not None for r in states))
        wanted, found = real_generated(*args)  # type: ignore[arg-type]
        states.append(weakref.ref(wanted.state))
        return wanted, found

    monkeypatch.setattr(sfspec.api.changes, "checked_for_environment", checked_for_environment)
    monkeypatch.setattr(sfspec.api.changes, "generated", generated)
    run = planned(spec, None, f"mock:{org}")
    assert checks == [spec] and len(states) == 2 and alive_at_second == [False]
    names = {k.name for k in run.desired.state.of_type(MetadataType.APEX_CLASS)}
    assert "AccountTriggerHandler" not in names and any(n.endswith("AccountTriggerHandler") for n in names)
    assert run.desired.inventory is not None and not run.desired.checked.doc.holds_tree
