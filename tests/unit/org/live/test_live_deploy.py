"""Metadata API deploys through simple-salesforce to the fake, which applies the zip to its org."""

from __future__ import annotations

import io
import zipfile
from collections.abc import Callable

import pytest
from fakesf import FakeSalesforce
from fakesf.live import live_reader

from sfspec.org.live.deploy import choose_test_level, deploy
from sfspec.org.mdapi import components_zip, source_to_components
from sfspec.state import MANAGED_MARKER, ComponentKey, GeneratedFile

K = ComponentKey
ROOT = "force-app/main/default"
CLASS = f"// {MANAGED_MARKER}\npublic with sharing class ErpClient {{}}\n"
TEST = (
    f"// {MANAGED_MARKER}\n@IsTest\nprivate class ErpClientTest {{\n    @IsTest\n    static void sendsAccount() {{}}\n"
    "    @IsTest static void retriesOn503() {}\n}\n"
)
META = (
    '<?xml version="1.0" encoding="UTF-8"?>\n<ApexClass xmlns="http://soap.sforce.com/2006/04/metadata">\n'
    "    <apiVersion>63.0</apiVersion>\n    <status>Active</status>\n</ApexClass>\n"
)


def _xml(type_: str, body: str) -> str:
    return f'<?xml version="1.0" encoding="UTF-8"?>\n<{type_} xmlns="http://soap.sforce.com/2006/04/metadata">\n{body}</{type_}>\n'


FILES = [
    GeneratedFile(f"{ROOT}/classes/ErpClient.cls", CLASS),
    GeneratedFile(f"{ROOT}/classes/ErpClient.cls-meta.xml", META),
    GeneratedFile(f"{ROOT}/classes/ErpClientTest.cls", TEST),
    GeneratedFile(f"{ROOT}/classes/ErpClientTest.cls-meta.xml", META),
    GeneratedFile(
        f"{ROOT}/objects/Invoice__c/Invoice__c.object-meta.xml",
        _xml(
            "CustomObject",
            f"    <deploymentStatus>Deployed</deploymentStatus>\n    <description>{MANAGED_MARKER}.</description>\n"
            "    <label>Invoice</label>\n    <nameField>\n        <label>Invoice Name</label>\n        <type>Text</type>\n"
            "    </nameField>\n    <pluralLabel>Invoices</pluralLabel>\n    <sharingModel>ReadWrite</sharingModel>\n",
        ),
    ),
    GeneratedFile(
        f"{ROOT}/objects/Invoice__c/fields/Amount__c.field-meta.xml",
        _xml(
            "CustomField",
            f"    <fullName>Amount__c</fullName>\n    <description>{MANAGED_MARKER}.</description>\n    <label>Amount</label>\n"
            "    <precision>16</precision>\n    <scale>2</scale>\n    <type>Currency</type>\n",
        ),
    ),
    GeneratedFile(
        f"{ROOT}/objects/Account/fields/ERP_Id__c.field-meta.xml",
        _xml(
            "CustomField",
            f"    <fullName>ERP_Id__c</fullName>\n    <description>{MANAGED_MARKER}.</description>\n    <externalId>true</externalId>\n"
            "    <label>ERP customer number</label>\n    <length>40</length>\n    <type>Text</type>\n    <unique>true</unique>\n",
        ),
    ),
    GeneratedFile(
        f"{ROOT}/namedCredentials/Erp.namedCredential-meta.xml",
        _xml(
            "NamedCredential",
            f"    <description>{MANAGED_MARKER}.</description>\n    <label>ERP</label>\n"
            "    <namedCredentialType>SecuredEndpoint</namedCredentialType>\n",
        ),
    ),
    GeneratedFile("middleware/camel/routes.yaml", "- route: {}\n"),
]
KEYS = [
    K("ApexClass", "ErpClient"),
    K("ApexClass", "ErpClientTest"),
    K("CustomObject", "Invoice__c"),
    K("CustomField", "Invoice__c.Amount__c"),
    K("CustomField", "Account.ERP_Id__c"),
    K("NamedCredential", "Erp"),
]


def test_zip_is_metadata_api_format() -> None:
    data = components_zip(source_to_components(FILES), "63.0", [K("ApexClass", "Old")])
    names = set(zipfile.ZipFile(io.BytesIO(data)).namelist())
    assert names == {
        "package.xml",
        "destructiveChanges.xml",
        "classes/ErpClient.cls",
        "classes/ErpClient.cls-meta.xml",
        "classes/ErpClientTest.cls",
        "classes/ErpClientTest.cls-meta.xml",
        "objects/Invoice__c.object",
        "objects/Account.object",
        "namedCredentials/Erp.namedCredential",
    }
    package = zipfile.ZipFile(io.BytesIO(data)).read("package.xml").decode()
    assert "<members>Account.ERP_Id__c</members>" in package and "<members>Account</members>" not in package
    assert (
        "<fullName>Amount__c</fullName>" in zipfile.ZipFile(io.BytesIO(data)).read("objects/Invoice__c.object").decode()
    )


def test_deploy_applies_and_reads_back_identically(
    fake_salesforce: FakeSalesforce, monkeypatch: pytest.MonkeyPatch
) -> None:
    reader = live_reader(fake_salesforce, monkeypatch)
    steps: list[str] = []
    result = deploy(
        reader, FILES, [], check_only=False, run_tests=["ErpClientTest"], api_version="63.0", progress=steps.append
    )
    assert result.success, result.failure_lines()
    assert (result.test_level, result.tests_total, result.components_total) == ("RunSpecifiedTests", 2, 6)
    options = fake_salesforce.state["deploys"][-1]["options"]
    assert options["rollbackOnError"] == "true" and options["runTests"] == ["ErpClientTest"]
    state = reader.read(KEYS)
    assert dict(state.components) == {c.key: c for c in source_to_components(FILES)}
    assert steps and steps[0].startswith("deploying 6 component(s)")


def test_check_only_changes_nothing(fake_salesforce: FakeSalesforce, monkeypatch: pytest.MonkeyPatch) -> None:
    reader = live_reader(fake_salesforce, monkeypatch)
    result = deploy(reader, FILES, [], check_only=True, run_tests=[], api_version="63.0")
    assert result.success and result.check_only and result.test_level == "NoTestRun"
    assert len(reader.read(KEYS)) == 0


def test_deletes_go_through_destructive_changes(
    fake_salesforce: FakeSalesforce, monkeypatch: pytest.MonkeyPatch
) -> None:
    reader = live_reader(fake_salesforce, monkeypatch)
    assert deploy(reader, FILES, [], check_only=False, run_tests=[], api_version="63.0").success
    result = deploy(
        reader,
        [],
        [K("CustomField", "Account.ERP_Id__c"), K("ApexClass", "ErpClient")],
        check_only=False,
        run_tests=[],
        api_version="63.0",
    )
    assert result.success
    assert set(map(str, reader.read(KEYS))) == {
        "ApexClass:ErpClientTest",
        "CustomObject:Invoice__c",
        "CustomField:Invoice__c.Amount__c",
        "NamedCredential:Erp",
    }


@pytest.mark.parametrize(
    ("state", "expected"),
    [
        (
            {"fail_components": {"NamedCredential:Erp": "Invalid parameter value for Url"}},
            ["NamedCredential namedCredentials/Erp.namedCredential: Invalid parameter value for Url"],
        ),
        (
            {"fail_tests": {"ErpClientTest": ("retriesOn503", "System.AssertException: Assertion Failed")}},
            ["test ErpClientTest.retriesOn503: System.AssertException: Assertion Failed"],
        ),
    ],
)
def test_failures_are_reported_and_rolled_back(
    fake_salesforce_factory: Callable[..., FakeSalesforce],
    monkeypatch: pytest.MonkeyPatch,
    state: dict,
    expected: list[str],
) -> None:
    fake = fake_salesforce_factory(deploy_polls=1, **state)
    reader = live_reader(fake, monkeypatch)
    result = deploy(
        reader, FILES, [], check_only=False, run_tests=["ErpClientTest"], api_version="63.0", sleep=lambda _s: None
    )
    assert not result.success and result.status == "Failed"
    assert result.failure_lines() == expected
    assert len(reader.read(KEYS)) == 0
    assert fake.requests["metadata:checkDeployStatus"] == 2


def test_field_on_a_missing_object_fails(fake_salesforce: FakeSalesforce, monkeypatch: pytest.MonkeyPatch) -> None:
    reader = live_reader(fake_salesforce, monkeypatch)
    result = deploy(reader, [FILES[5]], [], check_only=False, run_tests=[], api_version="63.0")
    assert result.failure_lines() == [
        "CustomField objects/Invoice__c.object: Entity of type 'CustomObject' named 'Invoice__c' cannot be found"
    ]


def test_test_level_rules() -> None:
    assert choose_test_level(["A"], True, True) == "RunSpecifiedTests"
    assert choose_test_level([], True, True) == "RunLocalTests"  # production needs tests for Apex
    assert choose_test_level([], True, False) == "NoTestRun"
    assert choose_test_level([], False, True) == "NoTestRun"
