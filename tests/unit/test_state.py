"""Metadata type names live in sfspec.state (MetadataType); everything else names them through it."""

from __future__ import annotations

import json
import pickle
import random
import re
from dataclasses import replace
from pathlib import Path

import pytest

from sfspec.state import ORG_TYPES, TYPE_ORDER, Component, ComponentKey, GeneratedFile, MetadataType, by_name

ROOT = Path(__file__).resolve().parents[2]


def test_no_metadata_type_name_is_a_bare_literal_outside_state() -> None:
    names = "|".join(t.value for t in MetadataType)
    literal = re.compile(rf"""["']({names})[:"']""")
    offenders = {
        str(p.relative_to(ROOT)): literal.findall(p.read_text(encoding="utf-8"))
        for p in (ROOT / "sfspec").rglob("*.py")
        if p.name != "state.py"
    }
    assert {k: v for k, v in offenders.items() if v} == {}


def test_org_types_are_every_type_but_middleware_files_in_deploy_order() -> None:
    assert tuple(MetadataType) == TYPE_ORDER
    assert tuple(t for t in TYPE_ORDER if t != "MiddlewareFile") == ORG_TYPES


def test_a_type_member_is_its_name_as_text_in_keys_json_and_dicts() -> None:
    key = ComponentKey(MetadataType.APEX_CLASS, "A")
    assert key == ComponentKey("ApexClass", "A") and hash(key) == hash(ComponentKey("ApexClass", "A"))
    assert str(key) == "ApexClass:A" and ComponentKey.parse(str(key)) == key
    assert json.dumps({MetadataType.APEX_CLASS: [MetadataType.CUSTOM_FIELD]}) == '{"ApexClass": ["CustomField"]}'
    assert {"ApexClass": 1}[MetadataType.APEX_CLASS] == 1
    assert ComponentKey("CustomObject", "B").sort_key() < ComponentKey(MetadataType.CUSTOM_FIELD, "A").sort_key()


def test_a_custom_metadata_record_is_sfspecs_by_its_label_or_a_text_value() -> None:
    """A deploy drops the XML comment that carries the marker, and custom metadata records have no
    description: sfspec's TAF setting carries the marker in its label, a Trigger_Action in Description__c.
    Seen as unmanaged, they were never deleted with their flow (the action class was, so the framework
    failed every save of the object)."""
    from sfspec.state import MANAGED_MARKER, Component

    def record(label: str, *values: str) -> Component:
        entries = [{"field": f"F{i}__c", "value": v} for i, v in enumerate(values)]
        attrs = {"label": label, "values": entries[0] if len(entries) == 1 else entries}
        return Component(ComponentKey(MetadataType.CUSTOM_METADATA, "sObject_Trigger_Setting.X"), attrs)

    assert record(f"{MANAGED_MARKER}: Account", "Account").managed
    assert record("TA_AccountToErp AI", "Account", f"{MANAGED_MARKER}. Publishes Account changes").managed
    assert record("Account", f"{MANAGED_MARKER}. Only value").managed  # one <values> parses to a dict
    assert not record("Account", "Account", "").managed  # the org's own setting
    other = Component(ComponentKey(MetadataType.CUSTOM_OBJECT, "A__c"), {"label": f"{MANAGED_MARKER}: A"})
    assert not other.managed  # the label counts for custom metadata records only


def test_a_key_is_surely_absent_only_where_the_read_saw_everything() -> None:
    """A reader that saw a type whole (or one custom metadata type's records) answers for keys it
    does not name; anywhere else absence proves nothing (an SFDX project, a retrieve of named keys)."""
    from sfspec.state import ActualState, OrgInventory, read_scope, records_scope

    setting = ComponentKey(MetadataType.CUSTOM_METADATA, "sObject_Trigger_Setting.Account")
    action = ComponentKey(MetadataType.CUSTOM_METADATA, "Trigger_Action.TA_X")
    assert read_scope(setting) == records_scope("sObject_Trigger_Setting") == "CustomMetadata:sObject_Trigger_Setting"
    assert read_scope(ComponentKey(MetadataType.APEX_CLASS, "X")) == "ApexClass"
    inventory = OrgInventory(
        {"ApexClass": {"Taken": False}, "CustomMetadata": {"sObject_Trigger_Setting.Account": False}}
    )
    state = ActualState(
        {}, inventory=inventory, complete=frozenset({"ApexClass", records_scope("sObject_Trigger_Setting")})
    )
    assert state.surely_absent(ComponentKey(MetadataType.APEX_CLASS, "Free"))
    assert not state.surely_absent(ComponentKey(MetadataType.APEX_CLASS, "TAKEN"))  # names ignore case
    assert not state.surely_absent(setting)
    assert state.surely_absent(ComponentKey(MetadataType.CUSTOM_METADATA, "sObject_Trigger_Setting.SfspecAccount"))
    assert not state.surely_absent(action)  # that type's records were not listed
    assert not ActualState({}, inventory=inventory).surely_absent(ComponentKey(MetadataType.APEX_CLASS, "Free"))


def _mixed_keys() -> list[ComponentKey]:
    """Keys as the readers and generators make them: members and plain strings for the same type,
    unknown types, names differing in case, dots, underscores, digits and non-ASCII letters."""
    rng = random.Random(16)
    types: list[str] = [*TYPE_ORDER, *(t.value for t in TYPE_ORDER), "Flow", "AAA", "zzz", ""]
    names = ["Account", "account", "Account.ERP_Id__c", "Account.erp_id__c", "a_b", "a.b", "Ä__c", "Z9", "", "_"]
    keys = {ComponentKey(rng.choice(types), rng.choice(names) + rng.choice(["", "1", "__c", ".X"])) for _ in range(600)}
    out = list(keys)
    rng.shuffle(out)
    return out


def test_by_name_sorts_exactly_like_the_keys_own_order() -> None:
    keys = _mixed_keys()
    assert [repr(k) for k in sorted(keys, key=by_name)] == [repr(k) for k in sorted(keys)]


def test_sort_key_is_the_type_order_then_the_name_with_unknown_types_last() -> None:
    def by_index(k: ComponentKey) -> tuple[int, str]:  # the definition sort_key stands for
        return (TYPE_ORDER.index(k.type) if k.type in TYPE_ORDER else len(TYPE_ORDER), k.name)

    keys = _mixed_keys()
    assert [k.sort_key() for k in keys] == [by_index(k) for k in keys]
    assert [repr(k) for k in sorted(keys, key=ComponentKey.sort_key)] == [repr(k) for k in sorted(keys, key=by_index)]


def test_a_fingerprint_reads_a_key_given_twice_once(monkeypatch: pytest.MonkeyPatch) -> None:
    """The plan passes the keys it read as one list (desired, actual, claimed: they overlap), not
    a set of them all (issue 16, peak memory): each component is still hashed once."""
    from sfspec.state import ActualState

    hashed: list[str] = []
    real = Component.content_hash

    def content_hash(self: Component) -> str:
        hashed.append(self.name)
        return real(self)

    monkeypatch.setattr(Component, "content_hash", content_hash)
    a, b = Component(ComponentKey("CustomObject", "A__c"), {"label": "A"}), Component(ComponentKey("ApexClass", "B"))
    state = ActualState({a.key: a, b.key: b})
    missing = ComponentKey("CustomObject", "Gone__c")
    found = state.fingerprint([a.key, missing, b.key, a.key, missing, ComponentKey("CustomObject", "A__c")])
    assert sorted(hashed) == ["A__c", "B"]
    assert found == {
        "ApexClass:B": b.content_hash(),
        "CustomObject:A__c": a.content_hash(),
        "CustomObject:Gone__c": None,
    }
    assert list(found) == ["ApexClass:B", "CustomObject:A__c", "CustomObject:Gone__c"]


class _Renders:
    """A generated file's deferred text that counts how often it is rendered."""

    def __init__(self, text: str) -> None:
        self.text, self.calls = text, 0

    def __call__(self) -> str:
        self.calls += 1
        return self.text


def test_a_generated_body_is_rendered_on_each_read_and_never_kept() -> None:
    render = _Renders("public class A {}\n")
    file = GeneratedFile("force-app/main/default/classes/A.cls", render)
    comp = Component.generated(ComponentKey(MetadataType.APEX_CLASS, "A"), {}, file, None)
    assert render.calls == 0 and comp.has_body  # made, and asked whether it has a body: nothing rendered
    assert comp.body == "public class A {}\n" and comp.body == render.text
    assert render.calls == 2 and not file.rendered  # each read renders; neither the file nor the component keeps it
    # what callers see is a plain component holding that text
    assert comp == Component(comp.key, {}, render.text) and comp.to_json()["body"] == render.text
    assert replace(comp, source=None).body == render.text and "public class A" in repr(comp)
    assert pickle.loads(pickle.dumps(comp)) == comp
    in_hand = comp.with_body()
    calls = render.calls
    assert in_hand.body == in_hand.body == render.text and render.calls == calls  # rendered once, by with_body
    patched = comp.with_attributes({"status": "Active"})
    assert render.calls == calls and patched.attributes == {"status": "Active"} and patched.body == render.text


def test_a_generated_body_is_read_from_its_file_once_the_file_was_written() -> None:
    """build and apply read `content` (kept) to write out/; the bodies they deploy then read that text."""
    render = _Renders("trigger T on Account (after insert) {}\n")
    file = GeneratedFile("force-app/main/default/triggers/T.trigger", render)
    comp = Component.generated(ComponentKey(MetadataType.APEX_TRIGGER, "T"), {}, file, None)
    assert file.content == render.text and file.rendered
    assert comp.body == render.text and file.render() == render.text and render.calls == 1
    made_late = Component.generated(comp.key, {}, file, None)  # a rendered file is held as its text
    assert made_late.with_body() is made_late
    assert Component.generated(comp.key, {}, None, None).body is None and not Component(comp.key).has_body
