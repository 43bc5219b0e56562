"""The SFDX-project reader over small fixtures that reproduce real sample projects' quirks
(trailheadapps/apex-recipes: class folders with spaces; mitchspano/trigger-actions-framework:
objects with fields but no .object-meta.xml, tab-indented sfdx-project.json; Metadata API folders)."""

from __future__ import annotations

from pathlib import Path

import pytest

from sfspec.errors import OrgError
from sfspec.org import open_org
from sfspec.orgref import OrgRef
from sfspec.state import ComponentKey

K = ComponentKey
FIXTURES = Path(__file__).parents[2] / "fixtures" / "sfdx"


def test_quirky_project_loads_every_modelled_component() -> None:
    state = open_org(OrgRef.parse(f"source:{FIXTURES / 'quirks'}")).read_all()
    assert set(map(str, state)) == {
        "CustomObject:Account",
        "CustomObject:Log__e",
        "CustomField:Account.CustomerPriority__c",
        "CustomField:Log__e.Log_Message__c",
        "CustomField:Trigger_Action__mdt.Apex_Class_Name__c",
        "PlatformEventChannelMember:ChangeEvents_ContactChangeEvent",
        "NamedCredential:ERP",
        "ApexClass:NoMetaFile",
        "ApexClass:QueueableRecipes",
        "ApexTrigger:AccountTrigger",
        "PermissionSet:Log Reader",
    }
    assert state.facts.api_version == "62.0"
    picklist = state.get(K("CustomField", "Account.CustomerPriority__c")).attributes
    assert [v["fullName"] for v in picklist["valueSet"]["valueSetDefinition"]["value"]] == ["High", "Low"]
    # a BOM is dropped, CRLF kept: the body is what the org would hold
    assert state.get(K("ApexClass", "NoMetaFile")).body.startswith("public class NoMetaFile {\r\n")
    assert state.get(K("ApexClass", "NoMetaFile")).attributes == {}
    params = state.get(K("NamedCredential", "ERP")).attributes["namedCredentialParameters"]
    assert len(params) == 2


def test_mdapi_folder_splits_fields_out_of_objects() -> None:
    state = open_org(OrgRef.parse(f"source:{FIXTURES / 'mdapi'}")).read_all()
    invoice = state.get(K("CustomObject", "Invoice__c")).attributes
    assert "fields" not in invoice and "listViews" not in invoice and invoice["label"] == "Invoice"
    assert state.get(K("CustomField", "Account.ERP_Id__c")).attributes["externalId"] == "true"
    assert K("CustomObject", "Account") not in state  # a fields-only .object is not the object
    assert state.get(K("NamedCredential", "Billing")).attributes["label"] == "Billing"


def test_read_selects_wanted_and_managed(tmp_path: Path) -> None:
    state = open_org(OrgRef.parse(f"source:{FIXTURES / 'quirks'}")).read(
        [K("ApexTrigger", "AccountTrigger"), K("ApexClass", "Nope")], managed_types=["ApexClass"]
    )
    assert list(state) == [K("ApexTrigger", "AccountTrigger")]


def test_broken_project_files_are_positioned_errors(tmp_path: Path) -> None:
    (tmp_path / "sfdx-project.json").write_text('{\n  "packageDirectories": [\n    {"path": "force-app",}\n  ]\n}\n')
    with pytest.raises(OrgError, match=r"sfdx-project.json:3:\d+: sfdx-project.json is not valid JSON"):
        open_org(OrgRef.parse(f"source:{tmp_path}"))
    (tmp_path / "sfdx-project.json").write_text('{"packageDirectories": [{"path": "force-app"}]}')
    with pytest.raises(OrgError, match="none of its packageDirectories exist"):
        open_org(OrgRef.parse(f"source:{tmp_path}"))
    classes = tmp_path / "force-app" / "main" / "default" / "classes"
    classes.mkdir(parents=True)
    (classes / "X.cls-meta.xml").write_text("<ApexClass>\n  <apiVersion>63.0</status>\n</ApexClass>\n")
    with pytest.raises(OrgError, match=r"X.cls-meta.xml:2:\d+: not well-formed XML"):
        open_org(OrgRef.parse(f"source:{tmp_path}")).read_all()
    with pytest.raises(OrgError, match=r"X.cls-meta.xml:2:\d+: not well-formed XML"):
        open_org(OrgRef.parse(f"source:{tmp_path}")).read([K("ApexClass", "X")])
    # a file the read does not need is not parsed (an unmanaged class, read for a plan of other things)
    assert (
        len(open_org(OrgRef.parse(f"source:{tmp_path}")).read([K("ApexClass", "Other")], managed_types=["ApexClass"]))
        == 0
    )
    (classes / "X.cls-meta.xml").unlink()
    (classes / "Y.cls").write_bytes(b"public class Y {\n  // caf\xe9\n}\n")
    with pytest.raises(OrgError, match=r"Y.cls:2:9: not valid UTF-8 \(byte 0xe9\)"):
        open_org(OrgRef.parse(f"source:{tmp_path}")).read_all()
    (classes / "Y.cls").unlink()
    (classes / "Z.cls-meta.xml").write_text("<a>" * 5000 + "</a>" * 5000)
    with pytest.raises(OrgError, match=r"Z.cls-meta.xml:1:1: .*nested too deeply"):
        open_org(OrgRef.parse(f"source:{tmp_path}")).read_all()
    with pytest.raises(OrgError, match="is not a folder"):
        open_org(OrgRef.parse(f"source:{tmp_path / 'missing'}"))


def test_forceignore_patterns() -> None:
    from sfspec.org.forceignore import ForceIgnore

    ignore = ForceIgnore(("package.xml", "**/__tests__/**", "force-app/main/default/profiles", "*.dup", "docs/"))
    assert ignore.ignores("force-app/main/default/package.xml")
    assert ignore.ignores("force-app/main/default/lwc/x/__tests__/x.test.js")
    assert ignore.ignores("force-app/main/default/profiles/Admin.profile-meta.xml")
    assert ignore.ignores("extra/classes/A.cls.dup") and ignore.ignores("docs/readme.txt")
    assert not ignore.ignores("other/force-app/main/default/profiles/Admin.profile-meta.xml")
    assert not ignore.ignores("force-app/main/default/classes/A.cls")


def test_managed_components_are_found_without_parsing_the_rest(tmp_path: Path) -> None:
    """`read` parses only wanted files and those that can hold the marker, however it is spelt."""
    fields = tmp_path / "objects" / "Thing__c" / "fields"
    fields.mkdir(parents=True)
    field = '<CustomField xmlns="http://soap.sforce.com/2006/04/metadata"><description>{}</description></CustomField>'
    (fields / "Plain__c.field-meta.xml").write_text(field.format("Managed by sfspec. Plain."))
    (fields / "Escaped__c.field-meta.xml").write_text(field.format("&#77;anaged by sfspec. Escaped."))
    (fields / "Utf16__c.field-meta.xml").write_bytes(
        ('<?xml version="1.0" encoding="UTF-16"?>' + field.format("Managed by sfspec. Wide.")).encode("utf-16")
    )
    (fields / "Theirs__c.field-meta.xml").write_text(field.format("Hand-made"))
    (fields / "Broken__c.field-meta.xml").write_text("<CustomField><oops></CustomField>")  # never needed
    state = open_org(OrgRef.parse(f"source:{tmp_path}")).read([], managed_types=["CustomField"])
    assert {k.name for k in state} == {"Thing__c.Plain__c", "Thing__c.Escaped__c", "Thing__c.Utf16__c"}
    with pytest.raises(OrgError, match=r"Broken__c\.field-meta\.xml"):
        open_org(OrgRef.parse(f"source:{tmp_path}")).read_all()
