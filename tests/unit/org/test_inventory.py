"""The org inventory: triggers found by what they fire on, names matched whatever their case."""

from __future__ import annotations

from sfspec.org.inventory import handler_calls, inventory_of, parse_trigger
from sfspec.org.select import select
from sfspec.state import MANAGED_MARKER, Component, ComponentKey, OrgFacts


def test_a_trigger_is_known_by_its_object_and_events_whatever_its_name() -> None:
    body = "/* trigger Fake on Contact(after insert) */\n// trigger Nope on Lead()\ntrigger AccountMDTTrigger on Account(\n  before insert,\n  after   update\n) { }"
    assert parse_trigger(body) == ("AccountMDTTrigger", "Account", ("before insert", "after update"))
    assert parse_trigger("public class NotATrigger {}") is None


def test_the_handlers_a_trigger_runs_are_found_and_comments_are_not() -> None:
    body = (
        "trigger AccountTrigger on Account(after insert) {\n"
        "    // new CommentedTriggerHandler().run();\n"
        "    /* new BlockTriggerHandler().run(); */\n"
        "    new AccountTriggerHandler().run();\n"
        "    new   MetadataTriggerHandler( )\n        .run();\n"
        "    new Helper().go();\n}\n"
    )
    assert handler_calls(body) == ("accounttriggerhandler", "metadatatriggerhandler")
    assert handler_calls(None) == ()


def test_the_inventory_lists_every_name_with_its_owner() -> None:
    theirs = Component(ComponentKey("ApexTrigger", "LogTrigger"), {}, "trigger LogTrigger on Log__e(after insert) {}")
    ours = Component(
        ComponentKey("ApexClass", "SfspecPayload"), {}, f"// {MANAGED_MARKER}\npublic class SfspecPayload {{}}"
    )
    inventory = inventory_of([theirs, ours])
    assert inventory.unmanaged("ApexTrigger", "ApexClass") == {"logtrigger"}
    (trigger,) = inventory.triggers_on("LOG__E")
    assert trigger.name == "LogTrigger" and not trigger.managed


def test_wanted_names_match_the_orgs_whatever_their_case() -> None:
    org = Component(ComponentKey("NamedCredential", "GEARSET_API"), {"label": "Gearset"})
    state = select([org], [ComponentKey("NamedCredential", "Gearset_API")], (), OrgFacts(), "mock:x")
    assert list(state.components) == [org.key]  # under the org's own spelling
