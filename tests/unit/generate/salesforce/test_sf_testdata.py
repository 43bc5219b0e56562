"""Test records the generated Apex tests insert: required fields and parents, nothing optional."""

from __future__ import annotations

from sf_support import HERE

from sfspec.api import check_spec
from sfspec.generate.salesforce.testdata import record_values


def _spec():
    checked, _ = check_spec(HERE / "fixtures" / "every_shape.yaml")
    assert checked is not None
    return checked.spec


def test_standard_objects_get_their_required_fields_and_parents():
    spec = _spec()
    quote = record_values(spec, "Quote")
    assert [(v.field, v.kind) for v in quote.values] == [("Name", "text"), ("OpportunityId", "parent")]
    assert [(p.object, [v.field for v in p.values]) for p in quote.parents] == [
        ("Opportunity", ["Name", "StageName", "CloseDate"])
    ]
    assert [v.field for v in record_values(spec, "Account").values] == ["Name"]


def test_custom_objects_get_name_required_fields_and_master_records():
    spec = _spec()
    line = record_values(spec, "Order_Line__c")
    assert [(v.field, v.kind) for v in line.values] == [
        ("Name", "text"),
        ("Quantity__c", "number"),
        ("Order__c", "parent"),
    ]
    assert [p.object for p in line.parents] == ["Order__c"]


def test_optional_unique_fields_stay_empty():
    spec = _spec()
    assert "Billing_Id__c" not in [v.field for v in record_values(spec, "Order__c").values]
