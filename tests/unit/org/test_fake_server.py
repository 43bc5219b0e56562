"""The fake Salesforce itself: its SOQL, pagination, describe, zeep-based Metadata reads, route
table and request counting (the reader tests rely on these behaving like Salesforce)."""

from __future__ import annotations

from collections.abc import Callable

import pytest
import requests
from fakesf import FakeSalesforce, Response, soql
from fakesf.fixtures import ACCESS_TOKEN
from fakesf.live import live_reader

ROWS = [
    {
        "Name": "Alpha",
        "Description": "Managed by sfspec. x",
        "NamespacePrefix": None,
        "Size": 3,
        "EntityDefinition": {"QualifiedApiName": "Account"},
    },
    {
        "Name": "beta",
        "Description": None,
        "NamespacePrefix": "pkg",
        "Size": 10,
        "EntityDefinition": {"QualifiedApiName": "Contact"},
    },
]


@pytest.mark.parametrize(
    ("where", "names"),
    [
        ("Name IN ('ALPHA', 'gamma')", ["Alpha"]),
        ("Name NOT IN ('alpha')", ["beta"]),
        ("Description LIKE '%managed BY sfspec%'", ["Alpha"]),
        ("NamespacePrefix = null AND Size < 5", ["Alpha"]),
        ("(Size >= 10 OR Name = 'Alpha') AND NOT Name = 'beta'", ["Alpha"]),
        ("EntityDefinition.QualifiedApiName = 'Contact'", ["beta"]),
    ],
)
def test_soql_where(where: str, names: list[str]) -> None:
    query = soql.parse(f"SELECT Name, EntityDefinition.QualifiedApiName FROM T WHERE {where} ORDER BY Name")
    assert [r["Name"] for r in soql.run(query, ROWS)] == names


def test_soql_rejects_what_it_does_not_know() -> None:
    for text in ("SELECT FROM T", "SELECT Name FROM T WHERE", "SELECT Name FROM T GROUP BY Name", "DELETE x"):
        with pytest.raises(soql.SoqlError):
            soql.parse(text)


def test_tooling_pagination_is_followed(
    fake_salesforce_factory: Callable[..., FakeSalesforce], monkeypatch: pytest.MonkeyPatch
) -> None:
    fake = fake_salesforce_factory(page_size=7)
    reader = live_reader(fake, monkeypatch)
    (records,) = reader.tooling_queries(["SELECT QualifiedApiName FROM FieldDefinition"])
    fields = sum(len(o.get("fields", {})) for o in fake.snapshot["objects"].values())
    assert len(records) == fields == 48 and len({r["QualifiedApiName"] for r in records}) > 30
    assert fake.requests["tooling_query_more"] == 6  # 7 a page: the batch answers the first, 6 more follow


def test_describe_and_bad_token(fake_salesforce: FakeSalesforce, monkeypatch: pytest.MonkeyPatch) -> None:
    monkeypatch.setenv("REQUESTS_CA_BUNDLE", fake_salesforce.ca_file)
    url = f"{fake_salesforce.url}/services/data/v63.0/sobjects/Account/describe"
    described = requests.get(url, headers={"Authorization": f"Bearer {ACCESS_TOKEN}"}, timeout=10).json()
    region = next(f for f in described["fields"] if f["name"] == "Region__c")
    assert region["type"] == "picklist" and [p["value"] for p in region["picklistValues"]] == ["EMEA", "AMER", "APAC"]
    denied = requests.get(url, headers={"Authorization": "Bearer wrong"}, timeout=10)
    assert denied.status_code == 401 and denied.json()[0]["errorCode"] == "INVALID_SESSION_ID"
    assert fake_salesforce.requests["describe"] == 2


def test_zeep_list_and_read_metadata(fake_salesforce: FakeSalesforce, monkeypatch: pytest.MonkeyPatch) -> None:
    reader = live_reader(fake_salesforce, monkeypatch)  # zeep has its own session: REQUESTS_CA_BUNDLE reaches it
    mdapi = reader.sf.mdapi
    listed = mdapi.list_metadata([mdapi._client.get_type("ns0:ListMetadataQuery")(type="ApexClass")])
    assert sorted(p.fullName for p in listed) == ["AccountRegionHelper", "AccountRegionHelperTest"]
    record = mdapi.CustomObject.read("Account")
    assert record.fullName == "Account" and any(f.fullName == "Region__c" for f in record.fields)
    assert fake_salesforce.requests["metadata:readMetadata"] == 1


def test_route_table_accepts_new_routes(fake_salesforce: FakeSalesforce, monkeypatch: pytest.MonkeyPatch) -> None:
    monkeypatch.setenv("REQUESTS_CA_BUNDLE", fake_salesforce.ca_file)
    fake_salesforce.route(
        "GET", r"/services/data/v\d+\.0/jobs/query/?", "bulk_jobs", lambda fake, req: Response(200, {"records": []})
    )
    answer = requests.get(
        f"{fake_salesforce.url}/services/data/v63.0/jobs/query",
        headers={"Authorization": f"Bearer {ACCESS_TOKEN}"},
        timeout=10,
    )
    assert answer.json() == {"records": []} and fake_salesforce.requests["bulk_jobs"] == 1
