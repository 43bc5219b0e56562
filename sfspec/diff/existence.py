"""Objects the spec relies on but neither creates nor finds in the org.

sfspec creates custom objects (`__c`) and adds fields to the others; a field on an object that is
not created and not in the org (a misspelt standard object, a feature the org lacks) can only
fail at deploy, after out/ is written. The plan reads every object the spec names
(model.org_references), so this is decided before anything is written.
"""

from __future__ import annotations

from collections.abc import Iterable

from sfspec.state import ActualState, ComponentKey, DesiredState, MetadataType


def holds_object(actual: ActualState, name: str) -> bool:
    """The org has the object: read as an object, or holding fields of it."""
    if ComponentKey(MetadataType.CUSTOM_OBJECT, name) in actual:
        return True
    prefix = name + "."
    return any(k.type == MetadataType.CUSTOM_FIELD and k.name.startswith(prefix) for k in actual.components)


def missing_objects(desired: DesiredState, actual: ActualState, referenced: Iterable[ComponentKey]) -> list[str]:
    """Names of the objects that fields or lookups need, that the spec does not create and the org lacks."""
    created = {k.name for k in desired.components if k.type == MetadataType.CUSTOM_OBJECT}
    needed = {k.name.split(".", 1)[0] for k in desired.components if k.type == MetadataType.CUSTOM_FIELD}
    needed |= {k.name for k in referenced if k.type == MetadataType.CUSTOM_OBJECT}
    return sorted(name for name in needed - created if not holds_object(actual, name))
