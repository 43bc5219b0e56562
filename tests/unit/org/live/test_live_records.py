"""The live reader lists the org's records of the custom metadata types it is asked for, over real
HTTP against the fake Salesforce: every record's name joins the inventory (the managed ones by the
marker in their label), only the asked-for ones are retrieved, and the list rides in the facts'
composite batch, so a read still waits for 3 rounds."""

from __future__ import annotations

from collections.abc import Callable

import pytest
from fakesf import FakeSalesforce
from fakesf.big import MANAGED_TYPES
from fakesf.live import live_reader

from sfspec.org.live import reader as reader_module
from sfspec.org.live.records import record_names, record_types
from sfspec.org.snapshot import empty_snapshot
from sfspec.state import MANAGED_MARKER, ComponentKey, MetadataType

MDT = MetadataType.CUSTOM_METADATA
SETTING = "sObject_Trigger_Setting"
WANTED = [ComponentKey(MDT, f"{SETTING}.Account"), ComponentKey("ApexClass", "AccountService")]


def _org(*records: tuple[str, str]) -> dict:
    data = empty_snapshot()
    data["components"]["ApexClass"] = {
        "AccountService": {"attributes": {"apiVersion": "63.0", "status": "Active"}, "body": "public class X {}"}
    }
    data["components"][MDT] = {
        name: {"attributes": {"label": label, "values": {"field": "Object_API_Name__c", "value": "Account"}}}
        for name, label in records
    }
    return data


def test_every_record_of_the_asked_types_is_known_in_three_rounds(
    monkeypatch: pytest.MonkeyPatch, fake_salesforce_factory: Callable[..., FakeSalesforce]
) -> None:
    fake = fake_salesforce_factory(
        _org(
            (f"{SETTING}.Account", "Account"),
            (f"{SETTING}.SfspecAccount", "Account"),
            (f"{SETTING}.SfspecOpportunity", f"{MANAGED_MARKER}: Opportunity"),
            ("Trigger_Action.TA_Other_AI", "TA_Other AI"),  # a type nothing asked for: not listed
        )
    )
    reader = live_reader(fake, monkeypatch)
    fake.together({"composite_batch", "tooling_composite_batch"}, 2)

    state = reader.read(WANTED, managed_types=MANAGED_TYPES)

    assert set(state.inventory.names[MDT]) == {
        f"{SETTING}.{n}" for n in ("Account", "SfspecAccount", "SfspecOpportunity")
    }
    assert state.inventory.unmanaged(MDT) == {
        "sobject_trigger_setting.account",
        "sobject_trigger_setting.sfspecaccount",
    }
    # listed, not retrieved: only what was asked for (and managed `*` types) comes back whole
    assert {k for k in state if k.type == MDT} == {WANTED[0]}
    assert not fake.apart and fake.rounds <= 3 + reader.retries, fake.log
    assert fake.requests["composite_batch"] == 1 and fake.requests["sub:query"] == 3  # 2 facts + 1 type
    assert not reader.warnings
    # every setting's name is known: one the org does not have is absent without asking again;
    # an Apex class (a `*` type) likewise; the records of a type nothing listed are not known
    assert state.surely_absent(ComponentKey(MDT, f"{SETTING}.SfspecAccount2"))
    assert not state.surely_absent(ComponentKey(MDT, f"{SETTING}.sfspecaccount"))  # Salesforce ignores case
    assert state.surely_absent(ComponentKey("ApexClass", "SfspecAccountHandler2"))
    assert not state.surely_absent(ComponentKey("ApexClass", "AccountService"))
    assert not state.surely_absent(ComponentKey(MDT, "Trigger_Action.TA_New"))


def test_no_records_asked_for_sends_no_record_query(
    monkeypatch: pytest.MonkeyPatch, fake_salesforce_factory: Callable[..., FakeSalesforce]
) -> None:
    fake = fake_salesforce_factory(_org((f"{SETTING}.Account", "Account")))
    state = live_reader(fake, monkeypatch).read(WANTED[1:], managed_types=MANAGED_TYPES)
    assert fake.requests["sub:query"] == 2 and MDT not in state.inventory.names


def test_an_org_without_the_type_has_no_records_and_no_warning(
    monkeypatch: pytest.MonkeyPatch, fake_salesforce_factory: Callable[..., FakeSalesforce]
) -> None:
    fake = fake_salesforce_factory(_org())  # the framework is not installed: INVALID_TYPE
    reader = live_reader(fake, monkeypatch)
    state = reader.read(WANTED, managed_types=MANAGED_TYPES)
    assert MDT not in state.inventory.names and not reader.warnings and state.facts.instance
    assert state.surely_absent(ComponentKey(MDT, f"{SETTING}.Account"))  # no type, no records


def test_a_refused_list_is_a_warning_not_a_failure(
    monkeypatch: pytest.MonkeyPatch, fake_salesforce_factory: Callable[..., FakeSalesforce]
) -> None:
    fake = fake_salesforce_factory(_org((f"{SETTING}.Account", "Account")))
    reader = live_reader(fake, monkeypatch)
    monkeypatch.setattr(reader_module, "record_query", lambda t: f"SELECT FROM {t}__mdt")  # MALFORMED_QUERY
    state = reader.read(WANTED, managed_types=MANAGED_TYPES)
    assert [w.split(" (")[0] for w in reader.warnings] == [f"the org's {SETTING} records could not be listed"]
    assert "MALFORMED_QUERY" in reader.warnings[0]
    assert set(state.inventory.names[MDT]) == {f"{SETTING}.Account"}  # retrieved, as before the list
    assert not state.surely_absent(ComponentKey(MDT, f"{SETTING}.SfspecAccount"))  # unknown, so asked again


def test_later_pages_are_followed(
    monkeypatch: pytest.MonkeyPatch, fake_salesforce_factory: Callable[..., FakeSalesforce]
) -> None:
    names = [f"{SETTING}.Object{i}" for i in range(5)]
    fake = fake_salesforce_factory(_org(*((n, "x") for n in names)), page_size=2)
    state = live_reader(fake, monkeypatch).read(WANTED, managed_types=MANAGED_TYPES)
    assert set(names) <= set(state.inventory.names[MDT]) and fake.requests["query_more"] >= 2


def test_names_carry_the_namespace_and_types_are_identifiers() -> None:
    rows = [
        {"DeveloperName": "Account", "NamespacePrefix": None, "MasterLabel": "Account"},
        {"DeveloperName": "Lead", "NamespacePrefix": "acme", "MasterLabel": f"{MANAGED_MARKER}: Lead"},
    ]
    assert record_names(SETTING, rows) == {
        ComponentKey(MDT, f"{SETTING}.Account"): False,
        ComponentKey(MDT, f"{SETTING}.acme__Lead"): True,
    }
    keys = [ComponentKey(MDT, "Trigger_Action.A"), ComponentKey(MDT, f"{SETTING}.B"), ComponentKey(MDT, "x' OR.C")]
    assert record_types([*keys, ComponentKey("ApexClass", "Foo.Bar")]) == ["Trigger_Action", SETTING]
