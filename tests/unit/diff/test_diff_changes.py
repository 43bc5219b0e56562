"""diff: per-type sameness, conflicts, deletes of managed components only, order, drift flag."""

from __future__ import annotations

from sfspec.diagnostics import SourceRange
from sfspec.diff import Action, comparison_hash, diff
from sfspec.state import MANAGED_MARKER, TYPE_ORDER, ActualState, Component, ComponentKey, DesiredState

HEADER = f"// {MANAGED_MARKER}. Do not edit.\n"
SRC = SourceRange.at("spec/objects.yaml", 12, 7)


def field(name: str, managed: bool = True, **attrs: str) -> Component:
    base = {
        "label": "ERP Id",
        "type": "Text",
        "length": "40",
        "description": f"{MANAGED_MARKER}: owner erp" if managed else "hand made",
    }
    base.update(attrs)
    return Component(ComponentKey("CustomField", name), base, None, SRC)


def apex(name: str, body: str, managed: bool = True) -> Component:
    return Component(
        ComponentKey("ApexClass", name),
        {"apiVersion": "63.0", "status": "Active"},
        (HEADER if managed else "") + body,
        SRC,
    )


def run(desired: list[Component], actual: list[Component], applied: dict[str, str] | None = None):
    return diff(DesiredState.of(desired), ActualState.of(actual), TYPE_ORDER, applied)


def only(changes, action):
    return [c for c in changes if c.action is action]


def test_missing_component_is_a_create_with_its_spec_location():
    [change] = run([field("Account.ERP_Id__c")], [])
    assert change.action is Action.CREATE
    assert change.source == SRC


def test_org_defaults_and_extra_elements_are_not_differences():
    want = field("Account.ERP_Id__c")
    # The org returns elements sfspec never writes, and omits required=false.
    have = field("Account.ERP_Id__c", trackFeedHistory="false", externalId="false")
    want_required = Component(want.key, {**want.attributes, "required": "false"}, None, SRC)
    assert only(run([want_required], [have]), Action.NOOP)


def test_changed_attribute_is_an_update_with_before_and_after():
    [change] = run([field("Account.ERP_Id__c", length="80")], [field("Account.ERP_Id__c")])
    assert change.action is Action.UPDATE
    assert [(a.path, a.before, a.after) for a in change.attributes] == [("length", "40", "80")]


def test_booleans_and_numbers_compare_as_text():
    want = Component(
        ComponentKey("CustomField", "A.B__c"), {"length": 40, "unique": True, "description": MANAGED_MARKER}
    )
    have = Component(
        ComponentKey("CustomField", "A.B__c"), {"length": "40", "unique": "true", "description": MANAGED_MARKER}
    )
    assert run([want], [have])[0].action is Action.NOOP


def test_repeated_elements_compare_regardless_of_order():
    perms = [{"field": "Account.A__c", "editable": "true"}, {"field": "Account.B__c", "editable": "false"}]
    want = Component(ComponentKey("PermissionSet", "P"), {"description": MANAGED_MARKER, "fieldPermissions": perms})
    have = Component(
        ComponentKey("PermissionSet", "P"), {"description": MANAGED_MARKER, "fieldPermissions": list(reversed(perms))}
    )
    assert run([want], [have])[0].action is Action.NOOP
    have2 = Component(have.key, {"description": MANAGED_MARKER, "fieldPermissions": perms[:1]})
    [change] = run([want], [have2])
    assert change.action is Action.UPDATE and change.attributes[0].path == "fieldPermissions"


def test_apex_ignores_trailing_whitespace_and_line_endings_only():
    body = "public class A {\n    void run() {}\n}\n"
    crlf = body.replace("\n", "  \r\n") + "\r\n"
    assert run([apex("A", body)], [apex("A", crlf)])[0].action is Action.NOOP
    reindented = body.replace("    void", "  void")
    [change] = run([apex("A", body)], [apex("A", reindented)])
    assert change.action is Action.UPDATE
    assert "-  void run() {}" in change.body_diff and "+    void run() {}" in change.body_diff
    assert change.body_diff.startswith("--- org/A\n+++ spec/A\n")


def test_middleware_files_compare_byte_for_byte():
    key = ComponentKey("MiddlewareFile", "middleware/camel/routes.yaml")
    want = Component(key, {}, "- route: {}\n")
    assert run([want], [Component(key, {}, "- route: {}\n")])[0].action is Action.NOOP
    assert run([want], [Component(key, {}, "- route: {} \n")])[0].action is Action.UPDATE


def test_unmanaged_component_with_a_managed_name_is_a_conflict_never_an_update():
    [change] = run([apex("Util", "class Util {}")], [apex("Util", "class Util { /* theirs */ }", managed=False)])
    assert change.action is Action.CONFLICT
    assert "unmanaged ApexClass named Util" in change.reason


def test_only_managed_components_that_left_the_spec_are_deleted():
    changes = run(
        [], [apex("Old", "class Old {}"), apex("Theirs", "class Theirs {}", managed=False), field("Account.Old__c")]
    )
    deleted = [str(c.key) for c in only(changes, Action.DELETE)]
    assert deleted == ["ApexClass:Old", "CustomField:Account.Old__c"]  # reverse dependency order
    assert all(str(c.key) != "ApexClass:Theirs" for c in changes)


def test_deletes_only_for_managed_types():
    changes = diff(DesiredState.of([]), ActualState.of([apex("Old", "class Old {}")]), ["CustomField"])
    assert changes == []


def test_creates_and_updates_follow_type_order():
    desired = [
        apex("Z", "class Z {}"),
        field("Account.A__c"),
        Component(ComponentKey("CustomObject", "Invoice__c"), {"label": "Invoice", "description": MANAGED_MARKER}),
    ]
    assert [c.key.type for c in run(desired, [])] == ["CustomObject", "CustomField", "ApexClass"]


def test_hand_edit_since_last_apply_is_flagged_as_drift():
    want = apex("Handler", "class Handler {}")
    edited = apex("Handler", "class Handler { /* hot fix */ }")
    [change] = run([want], [edited], applied={"ApexClass:Handler": comparison_hash(want)})
    assert change.action is Action.UPDATE and change.drift
    assert "outside sfspec" in change.reason
    # when the spec changed since the last apply, the same difference is an ordinary update
    [change] = run([want], [edited], applied={"ApexClass:Handler": "0" * 64})
    assert change.action is Action.UPDATE and not change.drift


def member(event: str = "ContactChangeEvent", channel: str = "ChangeEvents") -> Component:
    # PlatformEventChannelMember has no <description>: it cannot carry the managed marker
    return Component(
        ComponentKey("PlatformEventChannelMember", "ChangeEvents_ContactChangeEvent"),
        {"eventChannel": channel, "selectedEntity": event},
        None,
        SRC,
    )


def test_marker_less_type_identical_in_the_org_is_adopted_different_is_a_conflict():
    assert run([member()], [member()])[0].action is Action.NOOP
    [change] = run([member()], [member(channel="Other")])  # same key, different content
    assert change.action is Action.CONFLICT and "differs from the spec" in change.reason
    assert change.attributes[0].path == "eventChannel"


def test_marker_less_type_is_owned_through_the_apply_record():
    recorded = {str(member().key): comparison_hash(member())}
    [change] = run([member()], [member(channel="Other")], applied=recorded)
    assert change.action is Action.UPDATE and change.drift
    [gone] = run([], [member()], applied=recorded)
    assert gone.action is Action.DELETE
    assert run([], [member()]) == []  # without a record it is not ours to delete


def permset(*fields: tuple[str, str]) -> Component:
    perms = [{"field": f, "editable": e, "readable": "true"} for f, e in fields]
    return Component(
        ComponentKey("PermissionSet", "sfspec_Integration"),
        {
            "description": MANAGED_MARKER,
            "label": "Integration",
            "fieldPermissions": perms[0] if len(perms) == 1 else perms,
        },
        None,
        SRC,
    )


def test_permission_set_entries_are_compared_by_what_the_spec_names():
    want = permset(("Account.ERP_Id__c", "true"))
    # an entry granted by hand in the org: a deploy cannot remove it, so it is not a difference
    assert run([want], [permset(("Account.ERP_Id__c", "true"), ("Account.Other__c", "true"))])[0].action is Action.NOOP
    [changed] = run([want], [permset(("Account.ERP_Id__c", "false"), ("Account.Other__c", "true"))])
    assert changed.action is Action.UPDATE and changed.attributes[0].path == "fieldPermissions"
    assert "Other__c" not in str(changed.attributes[0].before)
    [missing] = run(
        [permset(("Account.ERP_Id__c", "true"), ("Account.New__c", "true"))], [permset(("Account.ERP_Id__c", "true"))]
    )
    assert missing.action is Action.UPDATE


def test_the_orgs_case_insensitive_index_holds_only_what_asked_keys_fold_to() -> None:
    """Memory (issue 16): the diff's index of the org by case-insensitive name holds the org's
    components a wanted key folds to (a case clash), not a folded entry for every component."""
    from sfspec.diff import _Org
    from sfspec.state import ActualState

    comps = [Component(ComponentKey("CustomField", f"Obj__c.F{i}__c"), {}) for i in range(50)]
    org = _Org(
        ActualState({c.key: c for c in comps}),
        [ComponentKey("CustomField", "obj__c.f3__c"), ComponentKey("CustomField", "Obj__c.F4__c")],
    )
    assert org.spelt_otherwise(ComponentKey("CustomField", "obj__c.f3__c")) is comps[3]
    assert org.exact(ComponentKey("CustomField", "Obj__c.F4__c")) is comps[4]
    assert len(org.folded) == 1  # F4 is held as spelt; no other component was asked about
