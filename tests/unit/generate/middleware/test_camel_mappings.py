"""The generated field mappings, run by real engines on sample payloads: the jq programs with the
`jq` package (libjq) and the JSONPath expressions with jsonpath-ng, in the order the route runs
them. Property placeholders are resolved first, as Camel does when it builds the route."""

from __future__ import annotations

import csv
import io
import json
import xml.etree.ElementTree as ET
from typing import Any

import pytest
from camelrun import INTEGRATION_USER, Subscriber, first, run_jq, run_jsonpath
from mwhelpers import walk


def header(
    change_type: str,
    ids: list[str],
    changed: list[str] = (),
    nulled: list[str] = (),
    user: str = "005000000000099AAA",
    origin: str = "com/salesforce/api/soap/63.0;client=SfdcInternalAPI/",
) -> dict:
    return {
        "entityName": "Contact",
        "changeType": change_type,
        "recordIds": ids,
        "changedFields": list(changed),
        "nulledFields": list(nulled),
        "diffFields": [],
        "commitUser": user,
        "changeOrigin": origin,
        "commitTimestamp": 1714641600000,
        "transactionKey": "0002",
        "sequenceNumber": 1,
    }


@pytest.fixture(scope="module")
def contacts(all_routes: dict[str, Any]) -> Subscriber:
    return Subscriber(all_routes["landscape:middleware/camel/contacts-to-marketing.camel.yaml"])


def test_update_with_partial_fields_sends_only_what_changed(contacts: Subscriber) -> None:
    event = {
        "ChangeEventHeader": header("UPDATE", ["003A1"], changed=["Email", "LastModifiedDate"]),
        "Email": "Ada.Lovelace@Example.COM",
        "LastModifiedDate": 1714641600000,
        "Name": None,
    }
    assert contacts.deliver(event) == [("003A1", "SEND", {"email": "ada.lovelace@example.com"})]


def test_a_nulled_field_is_sent_as_null(contacts: Subscriber) -> None:
    event = {
        "ChangeEventHeader": header("UPDATE", ["003A1"], changed=["Name.FirstName"], nulled=["Name.FirstName"]),
        "Name": {"FirstName": None, "LastName": None},
    }
    assert contacts.deliver(event) == [("003A1", "SEND", {"firstName": None})]


def test_one_event_for_several_records_makes_one_call_per_record(contacts: Subscriber) -> None:
    event = {
        "ChangeEventHeader": header("CREATE", ["003A1", "003A2", "003A3"]),
        "Name": {"Salutation": None, "FirstName": "Ada", "LastName": "Lovelace"},
        "Email": "ADA@EXAMPLE.COM",
    }
    payload = {"firstName": "Ada", "lastName": "Lovelace", "email": "ada@example.com"}
    assert contacts.deliver(event) == [(i, "SEND", payload) for i in ("003A1", "003A2", "003A3")]


@pytest.mark.parametrize(
    "event",
    [
        {"ChangeEventHeader": header("UPDATE", ["003A1"], changed=["Email"], user=INTEGRATION_USER), "Email": "x@y.z"},
        {
            "ChangeEventHeader": header(
                "UPDATE", ["003A1"], changed=["Email"], origin="com/salesforce/api/rest/63.0;client=sfspec"
            ),
            "Email": "x@y.z",
        },
        {"ChangeEventHeader": header("UPDATE", ["003A1"], changed=["Phone"]), "Phone": "+1 555"},
        {"ChangeEventHeader": header("DELETE", ["003A1"])},
    ],
    ids=["echo-integration-user", "echo-client-sfspec", "unwatched-field", "delete-not-triggered"],
)
def test_events_the_flow_must_not_send_are_dropped(contacts: Subscriber, event: dict[str, Any]) -> None:
    assert contacts.deliver(event) == []


def test_gap_events_read_the_record_and_overflow_is_dead_lettered(contacts: Subscriber) -> None:
    gap = {"ChangeEventHeader": header("GAP_UPDATE", ["003A1", "003A2"])}
    current = {
        i: {
            "attributes": {"type": "Contact"},
            "Id": i,
            "FirstName": "Ada",
            "LastName": f"L{i[-1]}",
            "Email": "ADA@X.ORG",
        }
        for i in ("003A1", "003A2")
    }
    assert contacts.deliver(gap, current) == [
        ("003A1", "SEND", {"firstName": "Ada", "lastName": "L1", "email": "ada@x.org"}),
        ("003A2", "SEND", {"firstName": "Ada", "lastName": "L2", "email": "ada@x.org"}),
    ]
    overflow = {"ChangeEventHeader": header("GAP_OVERFLOW", [])}
    assert contacts.deliver(overflow) == [("", "DEAD_LETTER", overflow)]
    assert contacts.deliver({"ChangeEventHeader": header("GAP_DELETE", ["003A1"])}) == []  # deletes not triggered


def test_deletes_and_watched_fields(all_routes: dict[str, Any]) -> None:
    route = Subscriber(all_routes["shapes:middleware/camel/account-to-shop.camel.yaml"])
    assert route.deliver({"ChangeEventHeader": header("DELETE", ["001A", "001B"])}) == [
        ("001A", "DELETE", None),
        ("001B", "DELETE", None),
    ]
    assert route.deliver({"ChangeEventHeader": header("GAP_DELETE", ["001C"])}) == [("001C", "DELETE", None)]
    # trigger.fields is [Name]: a city-only change is not sent, a name change is (trimmed)
    city = {
        "ChangeEventHeader": header("UPDATE", ["001A"], changed=["BillingAddress.City"]),
        "BillingAddress": {"City": "Oslo"},
    }
    assert route.deliver(city) == []
    name = {
        "ChangeEventHeader": header("UPDATE", ["001A"], changed=["Name", "BillingAddress.City"]),
        "Name": "  Acme AS ",
        "BillingAddress": {"City": "Oslo"},
    }
    assert route.deliver(name) == [("001A", "SEND", {"displayName": "Acme AS", "city": "Oslo"})]


def test_soap_envelope_is_well_formed_and_escaped(all_routes: dict[str, Any]) -> None:
    route = Subscriber(all_routes["shapes:middleware/camel/account-to-erp-soap.camel.yaml"])
    event = {
        "ChangeEventHeader": header("CREATE", ["001A"]),
        "Name": 'Smith & <Sons> "Ltd"',
        "BillingAddress": {"City": "Zürich"},
    }
    [(_, _, envelope)] = route.deliver(event)
    root = ET.fromstring(envelope)
    body = root.find("{http://schemas.xmlsoap.org/soap/envelope/}Body")
    operation = body.find("{urn:shapes:erp}UpsertCustomer")
    assert operation.findtext("name") == 'Smith & <Sons> "Ltd"'
    # `upper`/`lower` map ASCII letters only: jq has no Unicode case mapping (documented).
    assert operation.find("address").findtext("city") == "ZüRICH"


def _upsert(doc: Any) -> tuple[str, str]:
    steps = doc[1]["route"]["from"]["steps"]
    key = next(s["setHeader"] for s in steps if "setHeader" in s and s["setHeader"]["name"] == "sObjectIdValue")
    record = next(s["transform"] for s in steps if "transform" in s)
    return key["jsonpath"]["expression"], record["jq"]["expression"]


def _header(doc: Any, name: str) -> dict[str, Any]:
    steps = doc[1]["route"]["from"]["steps"]
    return next(s["setHeader"] for s in steps if "setHeader" in s and s["setHeader"]["name"] == name)


def test_inbound_update_by_external_id_never_creates_and_keeps_the_key_out_of_the_body(
    all_routes: dict[str, Any],
) -> None:
    """erp-credit-to-crm (`write: update`): PATCH .../sobjects/Account/ERP_Id__c/<key>?updateOnly=true, so
    an ERP number no account carries is a 404 (dead-lettered), never an Account without a Name."""
    doc = all_routes["landscape:middleware/camel/erp-credit-to-crm.camel.yaml"]
    path = _header(doc, "rawPath")["jq"]["expression"]
    erp = {"customerNumber": "C-1001", "creditLimit": "15000.50", "paymentTerms": "NET30", "name": "ignored"}
    assert run_jq(path, erp) == "/services/data/v63.0/sobjects/Account/ERP_Id__c/C-1001"
    # the key is a path segment: a slash or space in it is encoded, not a different resource
    assert (
        run_jq(path, {**erp, "customerNumber": "C/1 0"}) == "/services/data/v63.0/sobjects/Account/ERP_Id__c/C%2F1%200"
    )
    assert _header(doc, "updateOnly")["constant"]["expression"] == "true"
    call = next(v for k, v in walk(doc) if k == "to" and v["uri"].startswith("salesforce:"))
    assert call == {
        "uri": "salesforce:raw",
        "parameters": {"rawMethod": "PATCH", "rawQueryParameters": "updateOnly"},
    }
    record = next(s["transform"] for s in doc[1]["route"]["from"]["steps"] if "transform" in s)["jq"]["expression"]
    assert run_jq(record, erp) == {"Credit_Limit__c": 15000.5, "Payment_Terms__c": "NET30"}
    # an absent value is left alone, an explicit null clears the field
    assert run_jq(record, {"customerNumber": "C-1", "creditLimit": None}) == {"Credit_Limit__c": None}


def test_inbound_update_by_id_and_transforms(all_routes: dict[str, Any]) -> None:
    """consent-to-crm (`write: update`, `match_key: Id`): the Id the platform got from contacts-to-marketing
    names the Contact; updateSObject never creates one."""
    doc = all_routes["landscape:middleware/camel/consent-to-crm.camel.yaml"]
    key = _header(doc, "sObjectId")["jsonpath"]["expression"]
    message = {"salesforceId": "003000000000001AAA", "optIn": "YES", "changedAt": 1714641600000}
    assert run_jsonpath(key, message) == ["003000000000001AAA"]
    call = next(v for k, v in walk(doc) if k == "to" and v["uri"].startswith("salesforce:"))
    assert call["uri"] == "salesforce:updateSObject" and "sObjectIdName" not in call["parameters"]
    consent = next(s["transform"] for s in doc[1]["route"]["from"]["steps"] if "transform" in s)["jq"]["expression"]
    assert run_jq(consent, message) == {  # the Id is in the URL, not the body
        "Marketing_Consent__c": True,
        "Consent_Updated_At__c": "2024-05-02T09:20:00Z",
    }


def test_inbound_upsert_maps_and_keeps_the_key_out_of_the_body(all_routes: dict[str, Any]) -> None:
    doc = all_routes["shapes:middleware/camel/orders-from-kafka.camel.yaml"]
    call = next(v for k, v in walk(doc) if k == "to" and v["uri"].startswith("salesforce:"))
    assert call["uri"] == "salesforce:upsertSObject" and call["parameters"]["sObjectIdName"] == "Shop_Id__c"
    key, orders = _upsert(doc)
    order = {"id": "o-9", "totals": {"amount": "12.5"}, "placedAt": "2024-05-02T10:00:00+02:00", "paid": 0}
    assert run_jsonpath(key, order) == ["o-9"]
    assert run_jq(orders, order) == {"Amount__c": 12.5, "Placed__c": "2024-05-02", "Paid__c": False}


def test_polled_updates_by_id_go_to_composite_update(all_routes: dict[str, Any]) -> None:
    steps = all_routes["shapes:middleware/camel/payments-from-poll.camel.yaml"][1]["route"]["from"]["steps"]
    to_chunks = next(s["transform"] for s in steps if "transform" in s)["jq"]["expression"]
    split = next(s["split"] for s in steps if "split" in s)
    assert first(split, "to") == {
        "uri": "salesforce:compositeUpdateSObjectCollections",
        "parameters": {"rawPayload": True},
    }
    records = run_jq(to_chunks, {"records": [{"orderRef": "a01000000000001AAA", "paid": "yes"}]})
    assert records == [[{"attributes": {"type": "Order__c"}, "Id": "a01000000000001AAA", "Paid__c": True}]]


def test_bulk_updates_by_id(all_routes: dict[str, Any]) -> None:
    doc = all_routes["shapes:middleware/camel/payments-from-files.camel.yaml"]
    job = next(v for k, v in walk(doc) if k == "setBody" and "operation" in str(v))
    assert json.loads(job["constant"]["expression"]) == {
        "object": "Order__c",
        "operation": "update",
        "contentType": "CSV",
        "lineEnding": "LF",
    }
    csv = run_jq(first(doc, "setProperty")["jq"]["expression"], [{"orderRef": "a01000000000001AAA", "paid": 1}])
    assert csv == '"Id","Paid__c"\n"a01000000000001AAA",true\n'


def test_polled_records_go_in_chunks_of_200(all_routes: dict[str, Any]) -> None:
    steps = all_routes["shapes:middleware/camel/orders-from-poll.camel.yaml"][1]["route"]["from"]["steps"]
    to_chunks = next(s["transform"] for s in steps if "transform" in s)["jq"]["expression"]
    split = next(s["split"] for s in steps if "split" in s)
    wrap = first(split, "transform")["jq"]["expression"]
    polled = {"records": [{"id": f"o-{i}", "totals": {"amount": i}} for i in range(450)]}
    chunks = run_jsonpath(split["jsonpath"]["expression"], run_jq(to_chunks, polled))
    assert [len(c) for c in chunks] == [200, 200, 50]
    request = run_jq(wrap, chunks[2])
    assert request["allOrNone"] is False
    assert request["records"][0] == {"attributes": {"type": "Order__c"}, "Shop_Id__c": "o-400", "Amount__c": 400}


def test_bulk_ingest_csv(all_routes: dict[str, Any]) -> None:
    doc = all_routes["landscape:middleware/camel/erp-invoices-to-crm.camel.yaml"]
    program = first(doc, "setProperty")["jq"]["expression"]
    rows = [
        {"number": "INV-1", "total": "99.90", "dueDate": "2024-06-30T00:00:00Z", "status": "Open"},
        {"number": 'INV-2, "B"', "total": 10, "status": None},
    ]
    text = run_jq(program, rows)
    table = list(csv.reader(io.StringIO(text)))
    assert text.endswith("\n") and "\r" not in text  # lineEnding LF
    assert table[0] == ["Invoice_Number__c", "Amount__c", "Due_Date__c", "Status__c"]
    assert [(r[0], float(r[1]), r[2], r[3]) for r in table[1:]] == [
        ("INV-1", 99.9, "2024-06-30", "Open"),
        ('INV-2, "B"', 10.0, "", ""),
    ]
    job = json.loads(
        next(
            s["setBody"]
            for k, s in walk(doc)
            if k == "steps" and isinstance(s, list)
            for s in s
            if "setBody" in s and "bulk2" not in str(s) and "object" in str(s)
        )["constant"]["expression"]
    )
    assert job == {
        "object": "Invoice__c",
        "operation": "upsert",
        "externalIdFieldName": "Invoice_Number__c",
        "contentType": "CSV",
        "lineEnding": "LF",
    }


# Camel runs jackson-jq, not jq: the generated programs stay inside this documented subset.
JQ_SUBSET = {
    "as",
    "if",
    "then",
    "elif",
    "else",
    "end",
    "and",
    "or",
    "not",
    "def",
    "null",
    "true",
    "false",
    "select",
    "length",
    "type",
    "tostring",
    "tonumber",
    "ascii_downcase",
    "ascii_upcase",
    "sub",
    "test",
    "todate",
    "floor",
    "join",
    "getpath",
    "has",
    "to_entries",
    "map",
    "range",
    "xml",
    # decoding the Pub/Sub bitmaps (jqexpr.BITMAP_DEFS); each is a jackson-jq 1.x builtin
    "empty",
    "explode",
    "reverse",
    "keys_unsorted",
    "ltrimstr",
    "startswith",
    "split",
    "sfspec_bits",
    "sfspec_names",
}


def test_jq_programs_use_only_the_documented_subset(all_routes: dict[str, Any]) -> None:
    import re

    used: set[str] = set()
    for doc in all_routes.values():
        for key, value in walk(doc):
            if key == "jq" and isinstance(value, dict):
                code = re.sub(r'"(?:[^"\\]|\\.)*"', '""', value["expression"])  # drop string literals
                code = re.sub(r"\$[A-Za-z_]\w*|\.[A-Za-z_]\w*|@\w+", "", code)  # variables, fields, formats
                used |= set(re.findall(r"[A-Za-z_]\w*", code))
    assert used - JQ_SUBSET == set()
    assert {"sub", "todate", "getpath"} <= used  # the check sees real programs


def test_platform_event_notify_then_fetch(all_routes: dict[str, Any]) -> None:
    steps = all_routes["shapes:middleware/camel/account-events-to-shop.camel.yaml"][1]["route"]["from"]["steps"]
    event_filter = next(s["filter"] for s in steps if "filter" in s)
    record_id = next(s["setProperty"] for s in event_filter["steps"] if "setProperty" in s)["jsonpath"]["expression"]
    [when] = first(event_filter, "choice")["when"]  # no delete: the flow triggers on create/update
    event = {
        "Record_Id__c": "001A",
        "Operation__c": "UPDATE",
        "Idempotency_Key__c": "001A:1714641600000",
        "CreatedById": "005000000000099AAA",
    }
    assert run_jq(event_filter["jq"]["expression"], event) is True
    assert run_jq(event_filter["jq"]["expression"], {**event, "CreatedById": INTEGRATION_USER}) is False
    assert run_jsonpath(record_id, event) == ["001A"]
    assert run_jq(when["jq"]["expression"], event) is True
    fetched = {"attributes": {"type": "Account"}, "Id": "001A", "Name": "Initech"}
    assert run_jq(first(when["steps"], "transform")["jq"]["expression"], fetched) == {"displayName": "Initech"}
    key = next(v for k, v in walk(when["steps"]) if k == "setHeader" and v["name"] == "Idempotency-Key")
    assert key["simple"]["expression"] == "${exchangeProperty.idempotencyKey}"


def test_a_published_platform_event_is_sent_as_it_is_never_read_back(all_routes: dict[str, Any]) -> None:
    """A flow whose object is a platform event subscribes to that event's channel and maps the event's
    own fields: SOQL and getSObject cannot read an event."""
    doc = all_routes["shapes:middleware/camel/placed-orders-to-shop.camel.yaml"]
    route = doc[1]["route"]
    assert route["from"]["uri"].endswith("salesforce:pubSubSubscribe:/event/Order_Placed__e")
    assert not any(k == "to" and "getSObject" in v["uri"] for k, v in walk(route))
    event_filter = next(s["filter"] for s in route["from"]["steps"] if "filter" in s)
    event = {
        "CreatedDate": 1714641600000,
        "CreatedById": "005000000000099AAA",
        "EventUuid": "4a5c5e4e-0b0e-4d5c-8c3e-1b2a3c4d5e6f",
        "Order_Number__c": "SO-1",
        "Total__c": 12.5,
    }
    assert run_jq(event_filter["jq"]["expression"], event) is True
    assert run_jq(event_filter["jq"]["expression"], {**event, "CreatedById": INTEGRATION_USER}) is False
    assert run_jq(first(event_filter, "transform")["jq"]["expression"], event) == {"number": "SO-1", "total": 12.5}
    key = next(v for k, v in walk(event_filter) if k == "setProperty" and v["name"] == "idempotencyKey")
    assert key["simple"]["expression"] == "${header.CamelSalesforcePubSubEventId}"  # the event's EventUuid


def test_a_flow_with_several_objects_gets_a_route_per_change_event_channel(all_routes: dict[str, Any]) -> None:
    routes = {name: Subscriber(doc) for name, doc in all_routes.items() if "people-to-shop" in name}
    assert sorted(routes) == [
        "shapes:middleware/camel/people-to-shop-account.camel.yaml",
        "shapes:middleware/camel/people-to-shop-contact.camel.yaml",
    ]
    account = routes["shapes:middleware/camel/people-to-shop-account.camel.yaml"]
    contact = routes["shapes:middleware/camel/people-to-shop-contact.camel.yaml"]
    assert account.deliver({"ChangeEventHeader": header("CREATE", ["001A"]), "Name": "Initech"}) == [
        ("001A", "SEND", {"company": "Initech"})
    ]
    assert contact.deliver({"ChangeEventHeader": header("UPDATE", ["003A"], changed=["Email"]), "Email": "X@Y.Z"}) == [
        ("003A", "SEND", {"email": "x@y.z"})
    ]
