"""The names of an org's custom metadata records, of the types sfspec writes records of.

A retrieve names its members and custom metadata has no `*` (sfspec leaves it out of the wildcard
read), so without this a live plan knows only the records it asked for: the org's other
`sObject_Trigger_Setting` records stayed unknown, and generation could name sfspec's setting like
one of them (a conflict, with the advice to delete the org's record). One SOQL query per type
lists them; the reader sends the queries in the composite batch that reads the org's facts, so the
list costs no round trip of its own. SOQL returns the label, where sfspec's settings carry the
managed marker (a deploy drops XML comments and the type has no description).
"""

from __future__ import annotations

import re
from collections.abc import Iterable, Mapping
from typing import Any

from sfspec.state import MANAGED_MARKER, ComponentKey, MetadataType

_TYPE = re.compile(r"[A-Za-z]\w*")  # a type name goes into SOQL: nothing else is let through


def record_types(keys: Iterable[ComponentKey]) -> list[str]:
    """The custom metadata types of `keys` (a record's name is `<type>.<record>`), sorted."""
    return sorted(
        {
            k.name.split(".", 1)[0]
            for k in keys
            if k.type == MetadataType.CUSTOM_METADATA and "." in k.name and _TYPE.fullmatch(k.name.split(".", 1)[0])
        }
    )


def record_query(type_: str) -> str:
    return f"SELECT DeveloperName, NamespacePrefix, MasterLabel FROM {type_}__mdt"


def record_names(type_: str, records: Iterable[Mapping[str, Any]]) -> dict[ComponentKey, bool]:
    """{key: managed} of the rows of `record_query(type_)`: a record's full name carries its
    namespace, as a retrieve spells it. A record whose marker is elsewhere than its label (a
    Trigger_Action's Description__c) counts as the org's here; that only names a record sfspec does
    not ask for, since a record it asks for is retrieved and read whole."""
    out: dict[ComponentKey, bool] = {}
    for r in records:
        name = r.get("DeveloperName")
        if not name:
            continue
        prefix = f"{r['NamespacePrefix']}__" if r.get("NamespacePrefix") else ""
        out[ComponentKey(MetadataType.CUSTOM_METADATA, f"{type_}.{prefix}{name}")] = MANAGED_MARKER in str(
            r.get("MasterLabel") or ""
        )
    return out
