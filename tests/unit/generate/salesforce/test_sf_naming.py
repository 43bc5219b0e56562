"""Spec names → Apex identifiers and developer names: valid, ≤ 40 characters, collision-free, stable."""

from __future__ import annotations

import re

from sfspec.generate.salesforce.naming import (
    FLOW_BASE_MAX,
    FLOW_SUFFIXES,
    NameBook,
    developer_name,
    pascal,
)

IDENT = re.compile(r"^[A-Za-z][A-Za-z0-9_]*$")


def test_pascal_and_developer_names():
    assert pascal("account-to-erp") == "AccountToErp"
    assert pascal("Invoice__c") == "Invoice"
    assert pascal("2fa-sync") == "N2faSync"
    assert developer_name("sap-s4") == "Sap_S4"
    assert developer_name("erp") == "Erp"


def test_colliding_spec_names_get_distinct_identifiers():
    book = NameBook()
    first = book.claim_family("a-b", pascal("a-b"), FLOW_BASE_MAX, FLOW_SUFFIXES)
    second = book.claim_family("a_b", pascal("a_b"), FLOW_BASE_MAX, FLOW_SUFFIXES)
    assert first == "AB" and second != first and second.lower() != first.lower()


def test_names_are_case_insensitively_unique_and_avoid_shared_classes():
    book = NameBook()
    base = book.claim_family("sfspec-trigger", "SfspecTrigger", FLOW_BASE_MAX, ("Handler",))
    assert base + "Handler" != "SfspecTriggerHandler"
    again = book.claim_family("x", "ab", FLOW_BASE_MAX, ("Service",))
    other = book.claim_family("y", "AB", FLOW_BASE_MAX, ("Service",))
    assert again.lower() != other.lower()


def test_long_names_are_shortened_deterministically_within_the_apex_limit():
    long_flow = "customer-master-data-synchronisation-to-the-enterprise-erp"
    names = []
    for _ in range(2):
        book = NameBook()
        names.append(book.claim_family(long_flow, pascal(long_flow), FLOW_BASE_MAX, FLOW_SUFFIXES))
    assert names[0] == names[1]
    for suffix in FLOW_SUFFIXES:
        full = names[0] + suffix
        assert len(full) <= 40 and IDENT.match(full)


def test_generated_project_with_colliding_and_long_flow_names(tmp_path):
    from sf_support import generate_files, validators

    flow = (
        "    source: crm\n    target: erp\n    object: Account\n    transport: rest\n"
        "    endpoint: {path: /x}\n    mapping:\n      - {field: Name, remote: name}\n"
    )
    long_name = "customer-master-data-synchronisation-to-the-enterprise-erp"
    spec = tmp_path / "names.yaml"
    spec.write_text(
        "sfspec: 1\nsystems:\n  crm: {kind: salesforce}\n  erp: {kind: erp, base_url: https://erp.example}\n"
        "objects:\n  Account: {owner: crm, fields: {Name: {type: Text}}}\n"
        f"flows:\n  a-b:\n{flow}  a_b:\n{flow}  {long_name}:\n{flow}"
    )
    files = generate_files(spec)
    apex = [f for f in files if f.path.endswith((".cls", ".trigger"))]
    names = [f.path.rsplit("/", 1)[1].rsplit(".", 1)[0] for f in apex]
    assert len({n.lower() for n in names}) == len(names)
    assert all(len(n) <= 40 and IDENT.match(n) for n in names)
    events = {f.path.split("/")[4] for f in files if "__e/" in f.path}
    assert len(events) == 3 and all(len(e) <= 43 for e in events)
    validators.require_apex_parser()
    assert validators.apex_parse_errors({f.path: f.content for f in apex}) == {}
