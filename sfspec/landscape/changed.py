"""Which flows and systems a plan changes, for highlighting them in the diagram.

Every planned change names the spec location that caused it (file:line). A location inside a
flow's block marks that flow (and the systems it joins); inside a system's block, that system;
inside an object's block, the flows that move the object and the Salesforce system, where the
change lands. A change without a location (a managed component that left the spec) marks the
Salesforce system.
"""

from __future__ import annotations

from collections.abc import Iterable
from dataclasses import dataclass
from pathlib import Path

from sfspec.diagnostics import SourceRange
from sfspec.load.document import SpecDocument
from sfspec.model import flow_objects, salesforce_system
from sfspec.model.spec import Spec


@dataclass(frozen=True)
class Region:
    section: str  # "flows" | "systems" | "objects"
    name: str
    path: str
    first_line: int
    last_line: int  # inclusive; a large number for the last block of a file


def _same_file(a: str, b: str) -> bool:
    """The same spec file, also when a saved plan was made from another folder (its paths are
    relative to where `sfspec plan` ran): then the file names must agree."""
    if a == b:
        return True
    try:
        if Path(a).resolve() == Path(b).resolve():
            return True
    except OSError:
        pass
    return Path(a).name == Path(b).name


def regions(spec: Spec, doc: SpecDocument) -> list[Region]:
    """Line spans of each flow, system and object entry: from its key to the next entry's key."""
    starts: list[tuple[str, int, str, str]] = []
    for section, names in (("flows", spec.flows), ("systems", spec.systems), ("objects", spec.objects)):
        for name in names:
            at = doc.locate([section, name])
            starts.append((at.path, at.start.line, section, name))
    # Section keys themselves end the previous section's last entry.
    for section in doc.root:
        at = doc.locate([section])
        starts.append((at.path, at.start.line, "", str(section)))
    starts.sort()
    found = []
    for i, (path, line, section, name) in enumerate(starts):
        if not section:
            continue
        nxt = next((s for s in starts[i + 1 :] if s[0] == path and s[1] > line), None)
        found.append(Region(section, name, path, line, (nxt[1] - 1) if nxt else 10**9))
    return found


def highlights(spec: Spec, doc: SpecDocument, sources: Iterable[SourceRange | None]) -> set[str]:
    """`flow:NAME` / `system:NAME` for everything the changes at these locations touch."""
    spans = regions(spec, doc)
    sf = salesforce_system(spec)
    marked: set[str] = set()
    for src in sources:
        hit = (
            None
            if src is None
            else next(
                (r for r in spans if _same_file(r.path, src.path) and r.first_line <= src.start.line <= r.last_line),
                None,
            )
        )
        if hit is None:
            if sf:
                marked.add(f"system:{sf}")
        elif hit.section == "flows":
            flow = spec.flows[hit.name]
            marked.add(f"flow:{hit.name}")
            marked.update({f"system:{flow.source}", f"system:{flow.target}"})
            if flow.via:
                marked.add(f"system:{flow.via}")
        elif hit.section == "systems":
            marked.add(f"system:{hit.name}")
        else:
            marked.update(f"flow:{f}" for f, flow in spec.flows.items() if hit.name in flow_objects(flow))
            if sf:
                marked.add(f"system:{sf}")
    return marked
