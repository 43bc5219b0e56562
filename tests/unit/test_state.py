"""Metadata type names live in sfspec.state (MetadataType); everything else names them through it."""

from __future__ import annotations

import json
import re
from pathlib import Path

from sfspec.state import ORG_TYPES, TYPE_ORDER, ComponentKey, MetadataType

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
