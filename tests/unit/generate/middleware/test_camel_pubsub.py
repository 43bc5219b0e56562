"""CDC routes on change events in the Pub/Sub API's real shape: changedFields, nulledFields and
diffFields are bitmaps over the event's Avro schema, not field names (pubsub.py builds the events
from the documented format and the Apache Avro library). Before the routes decoded them, every
UPDATE was dropped by the watched-fields filter while the replay checkpoint moved past it."""

from __future__ import annotations

from typing import Any

import pytest
from camelrun import INTEGRATION_USER, Subscriber, run_jq
from mwhelpers import missing

from sfspec.generate.middleware import jqexpr

try:
    import pubsub
except ImportError:  # the avro test extra is missing
    pubsub = None  # type: ignore[assignment]


@pytest.fixture(autouse=True)
def _avro() -> None:
    if pubsub is None:
        missing("the avro package (a test extra: pip install -e '.[test]') builds the Pub/Sub events")


@pytest.fixture(scope="module")
def contacts(all_routes: dict[str, Any]) -> Subscriber:
    return Subscriber(all_routes["landscape:middleware/camel/contacts-to-marketing.camel.yaml"])


@pytest.fixture(scope="module")
def accounts(all_routes: dict[str, Any]) -> Subscriber:
    """account-to-shop: create/update/delete, trigger.fields [Name], maps Name and BillingCity."""
    return Subscriber(all_routes["shapes:middleware/camel/account-to-shop.camel.yaml"])


def _names(bitmaps: list[str], event: dict[str, Any]) -> list[str]:
    return run_jq(jqexpr.BITMAP_DEFS + "\n. as $e | $e.x | sfspec_names($e)", {**event, "x": bitmaps})


def test_the_documented_bitmap_decodes_to_the_documented_positions() -> None:
    """Salesforce's example '0x650004E0' (bit i = schema position i, least significant first)."""
    bits = jqexpr.BITMAP_DEFS + "\nsfspec_bits"
    assert run_jq(bits, "0x650004E0") == [5, 6, 7, 10, 24, 26, 29, 30]
    assert run_jq(bits, "0x650004e0") == [5, 6, 7, 10, 24, 26, 29, 30]
    assert run_jq(bits, "0x") == [] and run_jq(bits, "0x00") == []
    # '4-0x10': the compound field at position 4, its nested field at position 4
    event = {f"F{i}": None for i in range(6)}
    event["F4"] = {f"P{i}": None for i in range(6)}
    assert _names(["0x21", "4-0x10"], event) == ["F0", "F5", "F4.P4"]


def test_the_fixture_encodes_what_the_route_decodes() -> None:
    changed = ["Email", "Name.LastName", "LastModifiedDate"]
    values = {"Email": "a@b.c", "Name.LastName": "Byron", "LastModifiedDate": 1}
    event = pubsub.change_event(pubsub.CONTACT, "UPDATE", ["003A1"], values, changed=changed)
    header = event["ChangeEventHeader"]
    assert header["changedFields"] == ["0x2080", "2-0x04"]  # Email: 7, LastModifiedDate: 13; Name (2) part 2
    assert _names(header["changedFields"], event) == ["Email", "LastModifiedDate", "Name.LastName"]
    assert list(event)[:3] == ["ChangeEventHeader", "AccountId", "Name"]  # every field, in schema order
    assert list(event["Name"]) == [p for p, _ in pubsub._PERSON_NAME]
    # a compound whose parts are not in the event stands for all of them
    assert _names(header["changedFields"], {**event, "Name": None}) == ["Email", "LastModifiedDate", "Name"]


def test_an_update_of_a_mapped_field_is_sent(contacts: Subscriber) -> None:
    """The defect: this UPDATE was dropped (its changedFields never matched a field name)."""
    event = pubsub.change_event(
        pubsub.CONTACT,
        "UPDATE",
        ["003A1"],
        {"Email": "Ada.Lovelace@Example.COM", "LastModifiedDate": 1714641600000},
        changed=["Email", "LastModifiedDate"],
    )
    assert contacts.deliver(event) == [("003A1", "SEND", {"email": "ada.lovelace@example.com"})]


def test_a_nulled_compound_part_is_sent_as_null_and_unchanged_fields_are_left_out(contacts: Subscriber) -> None:
    event = pubsub.change_event(
        pubsub.CONTACT,
        "UPDATE",
        ["003A1", "003A2"],
        {"Name.LastName": "Byron", "LastModifiedDate": 1714641600000},
        changed=["Name.FirstName", "Name.LastName", "LastModifiedDate"],
        nulled=["Name.FirstName"],
    )
    sent = {"firstName": None, "lastName": "Byron"}
    assert contacts.deliver(event) == [("003A1", "SEND", sent), ("003A2", "SEND", sent)]


def test_a_nulled_top_level_field_is_sent_as_null(contacts: Subscriber) -> None:
    event = pubsub.change_event(pubsub.CONTACT, "UPDATE", ["003A1"], {}, changed=["Email"], nulled=["Email"])
    assert contacts.deliver(event) == [("003A1", "SEND", {"email": None})]


def test_updates_of_unmapped_fields_and_echoes_are_dropped(contacts: Subscriber) -> None:
    phone = pubsub.change_event(pubsub.CONTACT, "UPDATE", ["003A1"], {"Phone": "+1 555"}, changed=["Phone"])
    assert contacts.deliver(phone) == []
    echo = pubsub.change_event(pubsub.CONTACT, "UPDATE", ["003A1"], {"Email": "x@y.z"}, changed=["Email"])
    echo["ChangeEventHeader"]["commitUser"] = INTEGRATION_USER
    assert contacts.deliver(echo) == []


def test_a_create_sends_every_mapped_value(contacts: Subscriber) -> None:
    values = {"Name.FirstName": "Ada", "Name.LastName": "Lovelace", "Email": "ADA@X.ORG", "Phone": "1"}
    event = pubsub.change_event(pubsub.CONTACT, "CREATE", ["003A1"], values, changed=list(values))
    assert contacts.deliver(event) == [
        ("003A1", "SEND", {"firstName": "Ada", "lastName": "Lovelace", "email": "ada@x.org"})
    ]


def test_watched_fields_decide_on_compound_parts(accounts: Subscriber) -> None:
    city = pubsub.change_event(
        pubsub.ACCOUNT, "UPDATE", ["001A"], {"BillingAddress.City": "Oslo"}, changed=["BillingAddress.City"]
    )
    assert accounts.deliver(city) == []  # trigger.fields is [Name]
    name = pubsub.change_event(
        pubsub.ACCOUNT,
        "UPDATE",
        ["001A"],
        {"Name": "  Acme AS ", "BillingAddress.City": "Oslo"},
        changed=["Name", "BillingAddress.City"],
    )
    assert accounts.deliver(name) == [("001A", "SEND", {"displayName": "Acme AS", "city": "Oslo"})]


@pytest.mark.parametrize("compound", [None, "all-null"], ids=["compound-null", "compound-with-null-parts"])
def test_a_whole_compound_set_to_null_clears_its_mapped_parts(accounts: Subscriber, compound: str | None) -> None:
    parts = [f"BillingAddress.{p}" for p, _ in pubsub._ADDRESS]
    values: dict[str, Any] = {"Name": "Acme"}
    if compound:
        values.update({p: None for p in parts})
    event = pubsub.change_event(pubsub.ACCOUNT, "UPDATE", ["001A"], values, changed=["Name", *parts], nulled=parts)
    assert event["ChangeEventHeader"]["nulledFields"] == ["4-0x03FF"]
    assert accounts.deliver(event) == [("001A", "SEND", {"displayName": "Acme", "city": None})]


def test_a_mapped_field_sent_as_a_diff_reads_the_record(contacts: Subscriber) -> None:
    """diffFields: the event carries a diff of the value, not the value: the route reads the record."""
    event = pubsub.change_event(
        pubsub.CONTACT, "UPDATE", ["003A1"], {"Email": "@@ -1 +1 @@"}, changed=["Email"], diff=["Email"]
    )
    record = {"attributes": {"type": "Contact"}, "Id": "003A1", "FirstName": "Ada", "LastName": "L", "Email": "A@X.ORG"}
    assert contacts.deliver(event, {"003A1": record}) == [
        ("003A1", "SEND", {"firstName": "Ada", "lastName": "L", "email": "a@x.org"})
    ]
    unmapped = pubsub.change_event(
        pubsub.CONTACT,
        "UPDATE",
        ["003A1"],
        {"Email": "b@x.org"},
        changed=["Email", "Description"],
        diff=["Description"],
    )
    assert contacts.deliver(unmapped) == [("003A1", "SEND", {"email": "b@x.org"})]


def test_deletes_and_gaps_keep_working_on_the_pubsub_shape(accounts: Subscriber) -> None:
    delete = pubsub.change_event(pubsub.ACCOUNT, "DELETE", ["001A", "001B"])
    assert accounts.deliver(delete) == [("001A", "DELETE", None), ("001B", "DELETE", None)]
    gap = pubsub.change_event(pubsub.ACCOUNT, "GAP_UPDATE", ["001C"])
    record = {"attributes": {"type": "Account"}, "Id": "001C", "Name": "Initech", "BillingCity": "Oslo"}
    assert accounts.deliver(gap, {"001C": record}) == [("001C", "SEND", {"displayName": "Initech", "city": "Oslo"})]
