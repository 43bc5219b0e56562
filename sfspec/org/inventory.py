"""What names an org uses and which triggers it runs, from the components a reader saw.

Every reader builds it from the same components it selects from (an SFDX project and a mock org
hold everything; a live read retrieves every Apex class and trigger), so a trigger on Account is
found whatever it is called.
"""

from __future__ import annotations

import re
from collections.abc import Iterable, Mapping

from sfspec.state import Component, ComponentKey, MetadataType, OrgInventory, OrgTrigger

# Apex comments, then `trigger Name on Object (event, event…)` (names are case-insensitive).
_COMMENTS = re.compile(r"/\*.*?\*/|//[^\n]*", re.S)
_HEADER = re.compile(r"\btrigger\s+(\w+)\s+on\s+(\w+)\s*\(([^)]*)\)", re.I)
_RUN = re.compile(r"\bnew\s+(\w+)\s*\(\s*\)\s*\.\s*run\s*\(", re.I)


def handler_calls(body: str | None) -> tuple[str, ...]:
    """Lower-cased classes a trigger runs as `new X().run();` (how sfspec's and TAF's handlers are
    called): the line sfspec asks a team to add is then found once it is there."""
    return tuple(dict.fromkeys(m.lower() for m in _RUN.findall(_COMMENTS.sub(" ", body or ""))))


def parse_trigger(body: str | None) -> tuple[str, str, tuple[str, ...]] | None:
    """(name, object, events) of an Apex trigger's source, or None when it has no header."""
    found = _HEADER.search(_COMMENTS.sub(" ", body or ""))
    if found is None:
        return None
    events = tuple(" ".join(e.split()).lower() for e in found[3].split(",") if e.strip())
    return found[1], found[2], events


def inventory_of(
    components: Iterable[Component], names_managed: Mapping[ComponentKey, bool] | None = None
) -> OrgInventory:
    """The inventory of `components`; a reader that knows who owns components it did not parse (an
    SFDX project's files without the marker) passes every key it saw in `names_managed`."""
    names: dict[str, dict[str, bool]] = {}
    triggers: list[OrgTrigger] = []
    seen = list(components)
    owners = names_managed if names_managed is not None else {c.key: c.managed for c in seen}
    for key, managed in owners.items():
        names.setdefault(key.type, {})[key.name] = managed
    for comp in seen:
        if comp.type == MetadataType.APEX_TRIGGER:
            header = parse_trigger(comp.body)
            if header is not None:
                triggers.append(OrgTrigger(comp.name, header[1], header[2], comp.managed, handler_calls(comp.body)))
    return OrgInventory(names, tuple(sorted(triggers, key=lambda t: t.name.lower())))
