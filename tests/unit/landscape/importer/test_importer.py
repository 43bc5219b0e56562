"""The importer's pieces: field conversion, credentials → systems, and YAML values that stay text."""

from __future__ import annotations

from hypothesis import given, settings
from hypothesis import strategies as st
from ruamel.yaml import YAML

from sfspec.landscape.importer.build import build, landscape_name
from sfspec.landscape.importer.fields import Skipped, convert
from sfspec.landscape.importer.render import render_spec, y
from sfspec.landscape.importer.systems import system_name
from sfspec.orgref import OrgRef
from sfspec.state import ActualState, Component, ComponentKey, OrgFacts


def test_field_conversion_keeps_what_the_spec_can_say() -> None:
    assert convert(
        "A__c",
        "T__c",
        {"type": "Text", "length": "80", "label": "T", "externalId": "true", "unique": "true", "required": "true"},
    ) == {"type": "Text", "length": 80, "label": "T", "required": True, "unique": True, "external_id": True}
    assert convert("A__c", "N__c", {"type": "Number", "precision": "18", "scale": "2"}) == {
        "type": "Number",
        "precision": 18,
        "scale": 2,
    }
    # external ID / unique only where Salesforce allows them
    assert "external_id" not in convert("A__c", "D__c", {"type": "Date", "externalId": "true"})


def test_computed_and_brownfield_field_types_are_imported_with_what_makes_them() -> None:
    """Formula, roll-up summary, auto number, Time, Location, master-detail order and lookup filters
    (issue 13): an imported spec names every field a flow might read."""
    assert convert("A__c", "F__c", {"type": "Number", "formula": "1+1", "precision": "18", "scale": "0"}) == {
        "type": "Number",
        "formula": "1+1",
        "precision": 18,
        "scale": 0,
    }
    rollup = {
        "type": "Summary",
        "summaryOperation": "sum",
        "summarizedField": "B__c.Amount__c",
        "summaryForeignKey": "B__c.A__c",
        "summaryFilterItems": {"field": "B__c.Paid__c", "operation": "equals", "value": "True"},
    }
    assert convert("A__c", "Total__c", rollup) == {
        "type": "Summary",
        "summary": {
            "operation": "sum",
            "foreign_key": "B__c.A__c",
            "field": "B__c.Amount__c",
            "filters": [{"field": "B__c.Paid__c", "operation": "equals", "value": "True"}],
        },
    }
    assert convert("A__c", "No__c", {"type": "AutoNumber", "displayFormat": "A-{0000}", "externalId": "true"}) == {
        "type": "AutoNumber",
        "display_format": "A-{0000}",
    }
    assert convert("A__c", "T__c", {"type": "Time"}) == {"type": "Time"}
    assert convert("A__c", "L__c", {"type": "Location", "scale": "6"}) == {"type": "Location", "scale": 6}
    master = {
        "type": "MasterDetail",
        "referenceTo": "B__c",
        "relationshipOrder": "1",
        "lookupFilter": {
            "active": "true",
            "filterItems": [{"field": "B__c.Type__c", "operation": "equals", "value": "Partner"}],
            "errorMessage": "Partners only",
        },
    }
    assert convert("A__c", "B__c", master) == {
        "type": "MasterDetail",
        "reference_to": "B__c",
        "relationship_order": 1,
        "lookup_filter": {
            "filters": [{"field": "B__c.Type__c", "operation": "equals", "value": "Partner"}],
            "error_message": "Partners only",
        },
    }


def test_fields_left_out_say_why() -> None:
    cases = {
        "formula returning Html": {"type": "Html", "length": "32768", "formula": "1+1"},
        "type MetadataRelationship": {"type": "MetadataRelationship"},
        "roll-up summary": {"type": "Summary", "summaryOperation": "median", "summaryForeignKey": "B__c.A__c"},
        "display format": {"type": "AutoNumber", "displayFormat": "no digits"},
        "without a valid length": {"type": "Text", "length": "not a number"},
        "global value set": {"type": "Picklist", "valueSet": {"valueSetName": "Regions"}},
        "without a valid referenceTo": {"type": "Lookup", "referenceTo": "Bad Name!"},
        "no type": {"label": "override"},
    }
    for reason, attributes in cases.items():
        result = convert("A__c", "F__c", attributes)
        assert isinstance(result, Skipped) and reason in result.reason, (reason, result)


def test_system_names_are_valid_and_unique() -> None:
    taken: set[str] = {"salesforce"}
    names = [system_name(n, taken) for n in ("ERP_API", "ErpApi", "9Lives", "Salesforce", "---")]
    assert names == ["erp_api", "erp_api_2", "sys_9_lives", "salesforce_2", "system"]


def _state(*components: Component) -> ActualState:
    return ActualState({c.key: c for c in components}, facts=OrgFacts(api_version="61.0", edition="unlimited"))


def test_legacy_and_external_credentials_map_to_protocols() -> None:
    nc = lambda name, **a: Component(ComponentKey("NamedCredential", name), {"label": name, **a})  # noqa: E731
    ec = Component(
        ComponentKey("ExternalCredential", "Hub_EC"),
        {
            "authenticationProtocol": "Custom",
            "externalCredentialParameters": [
                {
                    "parameterType": "AuthHeader",
                    "parameterName": "X-Api-Key",
                    "parameterValue": "{!$Credential.Hub_EC.Key}",
                }
            ],
        },
    )
    state = _state(
        nc(
            "Hub",
            namedCredentialParameters=[
                {"parameterType": "Url", "parameterValue": "https://hub.example"},
                {"parameterType": "Authentication", "externalCredential": "Hub_EC"},
            ],
        ),
        ec,
        nc("Ledger", endpoint="https://ledger.example", protocol="Oauth"),
        nc("Orphan", namedCredentialParameters=[{"parameterType": "Authentication", "externalCredential": "Gone"}]),
    )
    systems = {s.name: s for s in build(state, "x").systems}
    assert dict(systems["hub"].auth) == {"protocol": "api_key", "header": "X-Api-Key", "api_key": "secret:hub-api-key"}
    ledger = dict(systems["ledger"].auth)
    assert ledger["token_url"] == "https://ledger.example/oauth/token" and "guess" in " ".join(systems["ledger"].notes)
    assert systems["orphan"].auth == [] and "Gone" in systems["orphan"].notes[0]


def test_empty_org_still_makes_a_valid_looking_spec() -> None:
    text = render_spec(build(_state(), "empty"))
    data = YAML(typ="safe").load(text)
    assert data["objects"] == {} and list(data["systems"]) == ["salesforce"]
    assert data["salesforce"] == {"api_version": "61.0", "edition": "unlimited"}


def test_api_version_older_than_what_sfspec_generates_is_raised_to_its_minimum() -> None:
    """A project's sourceApiVersion is only its default (trailheadapps/ecars says 56.0): the import
    keeps a usable one and raises an older one to the minimum SFS126 accepts, never below it."""

    def imported(version: str | None) -> str:
        state = ActualState({}, facts=OrgFacts(api_version=version, edition="enterprise"))
        return build(state, "x").api_version

    assert [imported(v) for v in ("56.0", "45.0", "57.0", "61.0", "66.0")] == ["57.0", "57.0", "57.0", "61.0", "66.0"]
    assert [imported(v) for v in (None, "", "sixty", "62.5", "9.0")] == ["63.0"] * 5


@settings(max_examples=300, deadline=None)
@given(st.text(min_size=0, max_size=80))
def test_yaml_values_load_back_as_the_same_text(value: str) -> None:
    loaded = YAML(typ="safe").load(f"key: {y(value)}\n")
    assert loaded["key"] == value


def test_landscape_name_is_a_spec_name_from_the_org_or_the_option() -> None:
    assert landscape_name(None, OrgRef.parse("mock:/orgs/Prod Org.json")) == "Prod-Org"
    assert landscape_name(None, OrgRef.parse("sf:acme-prod")) == "acme-prod"
    assert landscape_name(None, OrgRef.parse("env")) == "imported"
    assert landscape_name("2024 landscape!", OrgRef.parse("env")) == "org-2024-landscape"
    assert landscape_name("***", OrgRef.parse("env")) == "imported"
    assert len(landscape_name("x" * 100, OrgRef.parse("env"))) == 64
