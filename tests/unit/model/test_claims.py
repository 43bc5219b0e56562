"""Claims: what a spec says about components that may already exist in the org."""

from __future__ import annotations

from pathlib import Path

from sfspec.model.claims import claims
from sfspec.model.spec import Spec
from sfspec.state import ComponentKey


def test_declared_objects_fields_events_and_bound_credentials_are_claimed() -> None:
    spec = Spec.from_data(
        {
            "sfspec": 1,
            "systems": {
                "salesforce": {"kind": "salesforce"},
                "gearset": {"kind": "custom", "credential": "GearsetArchiveViewer"},
            },
            "objects": {
                "Property__c": {
                    "owner": "salesforce",
                    "trigger": "integrate",
                    "fields": {
                        "Days__c": {"type": "Number", "formula": "1", "manage": "adopt"},
                        "Name": {"type": "Text"},
                    },
                },
                "Broker__c": {"owner": "salesforce", "manage": "reference", "fields": {"Email__c": {"type": "Email"}}},
                "Manufacturing_Event__e": {"owner": "salesforce"},
            },
        }
    )
    found = claims(spec)
    days = found.get(ComponentKey("CustomField", "Property__c.Days__c"))
    assert days is not None and days.adopting and days.computed and days.field_type == "Number"
    assert found.get(ComponentKey("CustomField", "Property__c.Name")) is None  # standard: the catalogue's job
    assert found.get(ComponentKey("CustomObject", "Property__c")).manage is None  # type: ignore[union-attr]
    assert found.get(ComponentKey("CustomField", "Broker__c.Email__c")).reference_only  # type: ignore[union-attr]
    assert found.get(ComponentKey("CustomObject", "Manufacturing_Event__e")).reference_only  # type: ignore[union-attr]
    assert found.get(ComponentKey("NamedCredential", "GearsetArchiveViewer")).reference_only  # type: ignore[union-attr]
    assert found.trigger_modes["Property__c"] == "integrate" and found.trigger_modes["Broker__c"] is None


def test_a_claim_is_located_where_the_spec_declares_it(tmp_path: Path) -> None:
    """Every declared object and field is claimed, and each claim's line is found from its key
    through one place shared by them all (memory, issue 16), exactly where the spec wrote it."""
    from sfspec.load import load_spec
    from sfspec.model import build

    spec_file = tmp_path / "spec.yaml"
    spec_file.write_text(
        "sfspec: 1\n"
        "systems:\n"
        "  salesforce: {kind: salesforce}\n"
        "  erp: {kind: erp, credential: ERP_Login}\n"
        "objects:\n"
        "  Account:\n"
        "    owner: salesforce\n"
        "    fields:\n"
        "      ERP_Id__c: {type: Text, length: 40}\n"
        "  Invoice__c:\n"
        "    owner: erp\n"
        "    fields:\n"
        "      Total__c: {type: Currency}\n",
        encoding="utf-8",
    )
    doc, _ = load_spec(spec_file)
    assert doc is not None
    spec, _ = build(doc, doc.plain(), schema_valid=True)
    assert spec is not None
    found = claims(spec, doc)

    def where(key: ComponentKey) -> str:
        claim = found.get(key)
        assert claim is not None
        return str(claim.source)

    assert where(ComponentKey("CustomField", "Account.ERP_Id__c")) == f"{spec_file}:9:7"
    assert where(ComponentKey("CustomObject", "Invoice__c")) == f"{spec_file}:10:3"
    assert where(ComponentKey("CustomField", "Invoice__c.Total__c")) == f"{spec_file}:13:7"
    assert where(ComponentKey("NamedCredential", "ERP_Login")) == f"{spec_file}:4:20"
    places = {id(found.components[k].place) for k in found.components if k.type in ("CustomField", "CustomObject")}
    assert len(places) == 1
