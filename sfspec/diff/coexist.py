"""sfspec's trigger on an object that already has triggers of its own (issue 13, item 4).

Salesforce runs every trigger on an object, in no guaranteed order, so a second trigger is never
added silently: without a choice in the spec (`objects.<O>.trigger`) it is a conflict that names
the org's triggers and both ways forward; with `generate` it is created with a warning about
execution order; with `integrate` sfspec generates no trigger at all (the plan lists the line to
add to the existing one instead).
"""

from __future__ import annotations

import re
from collections.abc import Mapping
from dataclasses import dataclass

from sfspec.model.existing import TriggerMode
from sfspec.org.inventory import handler_calls, parse_trigger
from sfspec.state import ActualState, DesiredState, MetadataType, OrgInventory


@dataclass(frozen=True)
class TriggerNote:
    blocking: bool  # a conflict: the plan cannot be applied as it is
    reason: str


def _by_lower_name(modes: Mapping[str, TriggerMode | None]) -> dict[str, TriggerMode | None]:
    """Each object's choice by its lower-cased name (Salesforce ignores case; the first spelling wins)."""
    lowered: dict[str, TriggerMode | None] = {}
    for name, mode in modes.items():
        lowered.setdefault(name.lower(), mode)
    return lowered


def trigger_notes(
    desired: DesiredState, actual: ActualState, modes: Mapping[str, TriggerMode | None]
) -> dict[str, TriggerNote]:
    """Notes by `ApexTrigger:Name` for sfspec's triggers on objects that have unmanaged triggers."""
    notes: dict[str, TriggerNote] = {}
    lowered = _by_lower_name(modes)
    for comp in desired.of_type(MetadataType.APEX_TRIGGER):
        header = parse_trigger(comp.body)
        if header is None or header[1].endswith("__e"):  # event subscribers run independently
            continue
        obj = header[1]
        theirs = [t for t in actual.inventory.triggers_on(obj) if not t.managed]
        if not theirs:
            continue
        names = ", ".join(t.name for t in theirs)
        mode = lowered.get(obj.lower())
        # The same dispatcher in two triggers runs every action it finds twice per save: the Trigger
        # Actions Framework's MetadataTriggerHandler runs all of the object's actions, the org's too.
        shared = [c for t in theirs for c in t.calls if c in handler_calls(comp.body)]
        if shared:
            runs = next(t.name for t in theirs if shared[0] in t.calls)
            notes[str(comp.key)] = TriggerNote(
                True,
                f"{runs} already runs {_spelt(comp.body, shared[0])} on {obj}: a second trigger running it would run "
                f"every action on {obj} twice per save, the org's own included. Use `objects.{obj}.trigger: "
                f"integrate` ({runs} then runs sfspec's actions as they are; no line to add)",
            )
            continue
        if mode is TriggerMode.generate and all(t.name.lower() != comp.name.lower() for t in theirs):
            notes[str(comp.key)] = TriggerNote(
                False,
                f"a second trigger on {obj}, beside {names}: Salesforce does not guarantee the execution order "
                "of triggers on one object (`trigger: integrate` calls sfspec's handler from the existing one)",
            )
            continue
        notes[str(comp.key)] = TriggerNote(
            True,
            f"{obj} already has trigger(s) {names} that sfspec does not manage; a second trigger would run in no "
            f"guaranteed order. Choose in the spec: `objects.{obj}.trigger: integrate` (sfspec generates the "
            f"handler and the one line to add to {theirs[0].name}) or `trigger: generate` (its own trigger "
            "beside them)",
        )
    return notes


def _spelt(body: str | None, lowered: str) -> str:
    """`lowered` as the generated trigger spells it (handler_calls lower-cases names)."""
    return next((w for w in re.findall(r"\w+", body or "") if w.lower() == lowered), lowered)


def framework_notes(desired: DesiredState, inventory: OrgInventory) -> dict[str, TriggerNote]:
    """The Trigger Actions Framework's records are run by its `MetadataTriggerHandler`; an org whose
    class of that name is another framework's (no `TriggerAction` interface beside it, as in
    apex-recipes) cannot install TAF, and its triggers would never run sfspec's actions."""
    theirs = inventory.unmanaged(MetadataType.APEX_CLASS)
    if "metadatatriggerhandler" not in theirs or "triggeraction" in theirs:
        return {}
    reason = (
        "the org's MetadataTriggerHandler is not the Trigger Actions Framework's (the org has no TriggerAction "
        "class): TAF cannot be installed beside it and would never run these records (use "
        "`salesforce.trigger_framework: sfspec`)"
    )
    return {
        str(c.key): TriggerNote(True, reason)
        for c in desired.of_type(MetadataType.CUSTOM_METADATA)
        if c.name.startswith("sObject_Trigger_Setting.")
    }


def org_matters(desired: DesiredState, inventory: OrgInventory) -> bool:
    """Whether generating again with the org's inventory would change anything: sfspec triggers on
    objects that have unmanaged triggers, or Apex names (and Trigger Actions Framework settings, named
    like the object's Apex) the org's own components already use."""
    kinds = (MetadataType.APEX_CLASS, MetadataType.APEX_TRIGGER, MetadataType.CUSTOM_METADATA)
    theirs = inventory.unmanaged(*kinds)
    ours = [c for c in desired.components.values() if c.type in kinds]
    if any(c.name.lower() in theirs for c in ours):
        return True
    for comp in ours:
        header = parse_trigger(comp.body) if comp.type == MetadataType.APEX_TRIGGER else None
        if header is not None and any(not t.managed for t in inventory.triggers_on(header[1])):
            return True
    return False
