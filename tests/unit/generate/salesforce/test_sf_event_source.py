"""A flow whose object is a platform event (every_shape: Order_Placed__e). Events are published once,
never updated, and SOQL cannot read them back: Apex subscribes to the event itself (after insert only)
and carries the delivered events to the callout job; the middleware subscribes to the event's channel."""

from __future__ import annotations

import re

from sf_support import validators

EVENT = "Order_Placed__e"


def _files(projects) -> dict[str, str]:
    return {f.path: f.content for f in projects["every_shape"][0]}


def _code(files: dict[str, str]) -> dict[str, str]:
    return {
        p.rsplit("/", 1)[1]: validators.strip_comments_and_strings(c)
        for p, c in files.items()
        if p.endswith((".cls", ".trigger"))
    }


def test_the_only_trigger_on_the_event_is_its_subscriber_after_insert(projects):
    code = _code(_files(projects))
    on_event = {n: s for n, s in code.items() if re.search(rf"^\s*trigger\s+\w+\s+on\s+{EVENT}\b", s, re.M)}
    assert list(on_event) == ["PlacedOrdersToLakeEventTrigger.trigger"]
    assert re.search(rf"on {EVENT}\(after insert\)", on_event["PlacedOrdersToLakeEventTrigger.trigger"])


def test_nothing_queries_the_event_or_reads_fields_it_does_not_have(projects):
    for name, src in _code(_files(projects)).items():
        assert not re.search(rf"\bFROM\s+{EVENT}\b", src, re.I), name
        for var in re.findall(rf"\b{EVENT}\s+(\w+)\s*[=:;),]", src):
            assert not re.search(rf"\b{var}\.(SystemModstamp|LastModifiedDate|Id)\b", src), (name, var)


def test_the_job_carries_the_events_and_dead_letters_keep_them(projects):
    files = _files(projects)
    classes = "force-app/main/default/classes/"
    job = files[classes + "PlacedOrdersToLakeQueueable.cls"]
    assert f"Map<String, {EVENT}> eventsByKey" in job and "[SELECT" not in job
    assert "SfspecDeadLetter.build(PlacedOrdersToLakeEventHandler.FLOW, key, attempt, result.detail, evt)" in job
    assert "evt.EventUuid" in files[classes + "PlacedOrdersToLakeEventHandler.cls"]
    client = files[classes + "PlacedOrdersToLakeClient.cls"]
    assert "return rec.EventUuid;" in client and "salesforceId" not in client
    # no record-side machinery: no sync event, no service, no handler of record triggers
    assert not any(re.search(r"PlacedOrdersTo\w*(Service|TriggerHandler)\.cls$", p) for p in files)
    assert not any("Placed_Orders_To_" in p for p in files)
    config = (
        "PlatformEventSubscriberConfigs/PlacedOrdersToLakeEventTriggerConfig.platformEventSubscriberConfig-meta.xml"
    )
    assert "<user>integration@shapes.example</user>" in files["force-app/main/default/" + config]


def test_the_spec_event_is_generated_as_a_platform_event(projects):
    files = _files(projects)
    folder = f"force-app/main/default/objects/{EVENT}/"
    assert "<eventType>HighVolume</eventType>" in files[folder + f"{EVENT}.object-meta.xml"]
    total = files[folder + "fields/Total__c.field-meta.xml"]
    assert "<type>Number</type>" in total and "<isFilteringDisabled>false</isFilteringDisabled>" in total
    # the middleware's subscription needs read access to the event (events have no field-level security)
    pset = files["force-app/main/default/permissionsets/sfspec_Shapes_Integration.permissionset-meta.xml"]
    assert f"<object>{EVENT}</object>" in pset and f"<field>{EVENT}." not in pset
