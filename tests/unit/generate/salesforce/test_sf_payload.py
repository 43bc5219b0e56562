"""The payload tree the JSON map literal and the SOAP envelope are rendered from."""

from __future__ import annotations

from sfspec.generate.salesforce.apex import PayloadNode, payload_tree
from sfspec.generate.salesforce.layout import FieldMap


def _m(field: str, remote: str, transform: str = "none") -> FieldMap:
    return FieldMap(field, tuple(remote.split(".")), transform)


def test_nesting_follows_remote_paths_and_salesforce_id_comes_first():
    tree = payload_tree(
        (_m("Name", "name"), _m("BillingCity", "address.city", "trim"), _m("BillingStreet", "address.street"))
    )
    assert tree == (
        PayloadNode("salesforceId", "Id"),
        PayloadNode("name", "Name"),
        PayloadNode(
            "address", children=(PayloadNode("city", "BillingCity", "trim"), PayloadNode("street", "BillingStreet"))
        ),
    )


def test_conflicting_paths_keep_the_first_mapping():
    tree = payload_tree((_m("Name", "customer"), _m("Phone", "customer.phone"), _m("Fax", "name"), _m("Site", "name")))
    assert [n.key for n in tree] == ["salesforceId", "customer", "name"]
    assert tree[1] == PayloadNode("customer", "Name") and tree[2] == PayloadNode("name", "Fax")


def test_a_mapping_named_salesforce_id_replaces_the_default():
    tree = payload_tree((_m("External__c", "salesforceId"),))
    assert tree == (PayloadNode("salesforceId", "External__c"),)
