"""An org's objects and fields as catalogue entries, so validate knows what the org adds to the
platform (custom objects and fields, standard fields a snapshot lists) — the hook the brownfield
import and `--org` planning use: `standard().extend(org_objects(state))`."""

from __future__ import annotations

from collections.abc import Mapping
from types import MappingProxyType
from typing import Any

from sfspec.catalogue import FieldInfo, ObjectInfo
from sfspec.model.objects import FieldType
from sfspec.state import ComponentSet, MetadataType

# Metadata API field types whose values the platform computes.
_COMPUTED: dict[str, str] = {FieldType.AutoNumber: "auto_number", FieldType.Summary: "roll_up"}


def _field(name: str, attrs: Mapping[str, Any]) -> FieldInfo:
    kind = str(attrs.get("type", ""))
    read_only = "formula" if attrs.get("formula") else _COMPUTED.get(kind)
    required = str(attrs.get("required", "false")).lower() == "true" or kind == FieldType.MasterDetail
    return FieldInfo(name, kind or "String", read_only, required)


def org_objects(state: ComponentSet) -> list[ObjectInfo]:
    """Every object the org declares or adds fields to."""
    fields: dict[str, dict[str, FieldInfo]] = {c.name: {} for c in state.of_type(MetadataType.CUSTOM_OBJECT)}
    for comp in state.of_type(MetadataType.CUSTOM_FIELD):
        obj, _, name = comp.name.partition(".")
        fields.setdefault(obj, {})[name] = _field(name, comp.attributes)
    return [ObjectInfo(obj, MappingProxyType(f), cdc=False, source="org") for obj, f in sorted(fields.items())]
