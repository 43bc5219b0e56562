"""Claims: what a spec says about components that may already exist in the org."""

from __future__ import annotations

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
