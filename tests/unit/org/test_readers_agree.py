"""For the same org content, the mock, SFDX and live readers produce equal actual state."""

from __future__ import annotations

import json
from collections.abc import Callable
from pathlib import Path

import pytest
from fakesf import FakeSalesforce
from fakesf.live import live_reader
from fakesf.projects import write_sfdx_project

from sfspec.org import OrgReader, open_org
from sfspec.org.inventory import inventory_of
from sfspec.orgref import OrgRef
from sfspec.state import ComponentKey

K = ComponentKey
ORG = Path(__file__).parents[2] / "fixtures" / "orgs" / "integration.json"
WANTED = [
    K("CustomObject", "Account"),
    K("CustomField", "Account.Name"),
    K("CustomField", "Account.ERP_Id__c"),
    K("CustomObject", "Invoice__c"),
    K("CustomField", "Invoice__c.Amount__c"),
    K("CustomField", "Invoice__c.Gone__c"),
    K("NamedCredential", "Erp"),
    K("ApexClass", "AccountRegionHelper"),
    K("ApexTrigger", "AccountTrigger"),
    K("PlatformEventChannelMember", "ChangeEvents_ContactChangeEvent"),
    K("MiddlewareFile", "middleware/x.yaml"),
]
MANAGED = [
    "CustomObject",
    "CustomField",
    "ApexClass",
    "ApexTrigger",
    "NamedCredential",
    "ExternalCredential",
    "PermissionSet",
    "CustomPermission",
]


@pytest.fixture(params=["mock", "source", "live"])
def reader(
    request: pytest.FixtureRequest,
    tmp_path: Path,
    monkeypatch: pytest.MonkeyPatch,
    fake_salesforce_factory: Callable[..., FakeSalesforce],
) -> OrgReader:
    if request.param == "mock":
        return open_org(OrgRef.parse(f"mock:{ORG}"))
    if request.param == "source":
        components = open_org(OrgRef.parse(f"mock:{ORG}")).read_all().components.values()
        return open_org(OrgRef.parse(f"source:{write_sfdx_project(components, tmp_path / 'project')}"))
    return live_reader(fake_salesforce_factory(ORG), monkeypatch)


def test_read_all_is_the_same_org(reader: OrgReader) -> None:
    expected = open_org(OrgRef.parse(f"mock:{ORG}")).read_all()
    assert dict(reader.read_all().components) == dict(expected.components)


def test_read_returns_wanted_plus_managed(reader: OrgReader) -> None:
    state = reader.read(WANTED, managed_types=MANAGED)
    assert set(map(str, state)) == {
        "CustomObject:Account",
        "CustomField:Account.Name",
        "CustomField:Account.ERP_Id__c",
        "CustomObject:Invoice__c",
        "CustomField:Invoice__c.Amount__c",
        "NamedCredential:Erp",
        "ApexClass:AccountRegionHelper",
        "ApexTrigger:AccountTrigger",
        "PlatformEventChannelMember:ChangeEvents_ContactChangeEvent",
        # managed components the spec no longer names, so a plan can delete them
        "CustomField:Account.Old_Sync_Flag__c",
        "CustomField:Invoice__c.Status__c",
        "CustomObject:Account_Changed__e",
        "CustomField:Account_Changed__e.Record_Id__c",
        "ExternalCredential:Erp",
        "CustomPermission:sfspec_Bypass",
        "PermissionSet:sfspec_Integration",
        "ApexClass:AccountTriggerHandler",
    }
    expected = open_org(OrgRef.parse(f"mock:{ORG}")).read(WANTED, managed_types=MANAGED)
    assert dict(state.components) == dict(expected.components)
    field = state.get(K("CustomField", "Account.ERP_Id__c")).attributes
    assert {k: field[k] for k in ("label", "type", "length", "unique", "externalId")} == {
        "label": "ERP customer number",
        "type": "Text",
        "length": "40",
        "unique": "true",
        "externalId": "true",
    }


def test_fixture_is_a_valid_snapshot() -> None:
    assert json.loads(ORG.read_text())["format_version"] == 1


@pytest.mark.parametrize("kind", ["mock", "source"])
def test_a_small_read_carries_the_inventory_of_the_whole_org(kind: str, tmp_path: Path) -> None:
    """The source reader parses only what it needs, yet names every component with its owner and
    every trigger, as the mock reader (which holds everything parsed) does; names ignore case."""
    mock = open_org(OrgRef.parse(f"mock:{ORG}"))
    if kind == "mock":
        reader = mock
    else:
        project = write_sfdx_project(mock.read_all().components.values(), tmp_path / "project")
        reader = open_org(OrgRef.parse(f"source:{project}"))
    state = reader.read([K("CustomObject", "ACCOUNT"), K("ApexClass", "accountregionhelper")], managed_types=MANAGED)
    assert {"CustomObject:Account", "ApexClass:AccountRegionHelper"} <= set(map(str, state))
    whole = inventory_of(mock.read_all().components.values())
    assert whole.triggers and whole.unmanaged("ApexClass")  # the fixture has both kinds to tell apart
    assert state.inventory == whole
