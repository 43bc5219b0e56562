"""An org read extends the standard catalogue with the org's own objects and fields."""

from __future__ import annotations

from sfspec.catalogue import standard
from sfspec.org.catalogue import org_objects
from sfspec.state import ActualState, Component, ComponentKey


def _state() -> ActualState:
    return ActualState.of(
        [
            Component(ComponentKey("CustomObject", "Shipment__c"), {"label": "Shipment"}),
            Component(ComponentKey("CustomField", "Shipment__c.Carrier__c"), {"type": "Text", "length": "40"}),
            Component(ComponentKey("CustomField", "Shipment__c.Number__c"), {"type": "AutoNumber"}),
            Component(ComponentKey("CustomField", "Account.Region__c"), {"type": "Text", "formula": "BillingCountry"}),
            Component(ComponentKey("CustomField", "Account.Tier__c"), {"type": "Picklist", "required": "true"}),
        ]
    )


def test_the_org_adds_its_objects_and_fields_to_the_platforms() -> None:
    base = standard()
    extended = base.extend(org_objects(_state()))
    assert base.object("Shipment__c") is None and base.field("Account", "Region__c") is None
    assert extended.field("Shipment__c", "Carrier__c").type == "Text"
    assert extended.field("Shipment__c", "Number__c").read_only == "auto_number"
    assert extended.field("Account", "Region__c").read_only == "formula"
    assert extended.field("Account", "Tier__c").required
    assert extended.field("Account", "Name").required  # the platform's fields stay
    assert extended.supports_cdc("Shipment__c") and extended.supports_cdc("Account")


def test_rules_use_the_extended_catalogue(tmp_path) -> None:
    """SFS128 refuses a write to the org's formula field only when the org has been read."""
    from sfspec import rules
    from sfspec.api import check_spec

    spec = tmp_path / "spec.yaml"
    spec.write_text(
        "sfspec: 1\nsystems:\n  crm: {kind: salesforce}\n  erp: {kind: erp}\n  bus: {kind: middleware, engine: camel}\n"
        "objects:\n  Account:\n    owner: erp\n    external_ids: {erp: ERP_Id__c}\n    fields:\n"
        "      Region__c: {type: Text, length: 40}\n"
        "      ERP_Id__c: {type: Text, length: 40, external_id: true, unique: true}\n"
        "flows:\n  accounts-in:\n    source: erp\n    target: crm\n    via: bus\n    object: Account\n"
        "    receive: {mode: http, path: /accounts}\n    transport: rest\n"
        "    mapping:\n      - {field: ERP_Id__c, remote: id}\n      - {field: Region__c, remote: region}\n"
        "    match_key: ERP_Id__c\n    write: update\n",
        encoding="utf-8",
    )
    checked, diags = check_spec(spec)
    assert checked is not None, [d.format() for d in diags]
    with_org = rules.run(checked.spec, checked.doc, catalogue=standard().extend(org_objects(_state())))
    assert [(d.code, d.source.start.line) for d in with_org] == [("SFS128", 23)]  # the Region__c mapping
