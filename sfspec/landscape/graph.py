"""The landscape as a graph: systems are nodes grouped by kind, flows are labelled edges.

This is the one place that decides what the diagram says; mermaid.py and dot.py only write it
in their syntax. Text here is plain (unescaped); the writers escape it for their language.
"""

from __future__ import annotations

from dataclasses import dataclass

from sfspec.landscape.usage import owned_by
from sfspec.model import flow_objects
from sfspec.model.flows import Direction, Flow, StreamingEvent, Timing
from sfspec.model.spec import Spec
from sfspec.model.systems import SystemKind

KIND_TITLES: dict[SystemKind, str] = {
    SystemKind.salesforce: "Salesforce",
    SystemKind.erp: "ERP",
    SystemKind.accounting: "Accounting",
    SystemKind.marketing: "Marketing",
    SystemKind.warehouse: "Data warehouse",
    SystemKind.bi: "BI",
    SystemKind.middleware: "Middleware",
    SystemKind.custom: "Custom",
}
KIND_ORDER = tuple(KIND_TITLES)


@dataclass(frozen=True)
class Node:
    name: str
    kind: str
    title: str  # the system's label, or its name
    details: tuple[str, ...]  # further lines: "name · kind", "owns …", "carries …"
    highlighted: bool = False


@dataclass(frozen=True)
class Group:
    kind: str
    title: str
    nodes: tuple[Node, ...]


@dataclass(frozen=True)
class Edge:
    flow: str
    source: str
    target: str
    lines: tuple[str, ...]  # flow name, "Object · transport · timing", then via/two-way/volume
    bidirectional: bool
    highlighted: bool = False
    via: str | None = None  # a middleware the flow passes through: drawn source → via → target

    @property
    def hops(self) -> tuple[tuple[str, str], ...]:
        """The links that draw this flow; the label goes on the first."""
        if self.via and self.via not in (self.source, self.target):
            return ((self.source, self.via), (self.via, self.target))
        return ((self.source, self.target),)


@dataclass(frozen=True)
class LandscapeGraph:
    title: str
    groups: tuple[Group, ...]
    edges: tuple[Edge, ...]

    @property
    def nodes(self) -> tuple[Node, ...]:
        return tuple(n for g in self.groups for n in g.nodes)


def _timing(flow: Flow) -> str:
    if flow.timing is Timing.scheduled and flow.schedule:
        return f"scheduled {flow.schedule}"
    return str(flow.timing).replace("_", " ")


def _transport(flow: Flow) -> str:
    text = {"rest": "REST", "soap": "SOAP", "bulk": "Bulk API 2.0", "streaming": "Streaming"}[str(flow.transport)]
    if flow.event:
        text += " (CDC)" if flow.event is StreamingEvent.cdc else " (platform event)"
    return text


# A label names a few items and counts the rest: Graphviz refuses an HTML label over 16,384
# characters (a system owning 3,000 objects made one), and a wall of names reads as nothing.
MAX_LISTED = 6
MAX_LINE = 160


def listed(items: list[str]) -> str:
    """`a, b, c and 12 more`: at most MAX_LISTED items and MAX_LINE characters."""
    shown = ", ".join(items[:MAX_LISTED])
    if len(shown) > MAX_LINE:
        shown = shown[: MAX_LINE - 1].rstrip(", ") + "…"
    rest = len(items) - min(len(items), MAX_LISTED)
    return f"{shown} and {rest} more" if rest else shown


def edge_lines(name: str, flow: Flow) -> tuple[str, ...]:
    objects = listed(flow_objects(flow)) or "(no object)"
    lines = [name, f"{objects} · {_transport(flow)} · {_timing(flow)}"]
    extra = []
    if flow.via:
        extra.append(f"via {flow.via}")
    if flow.direction is Direction.bidirectional:
        extra.append(f"two-way, {flow.conflict or 'no conflict policy'}")
    if flow.volume is not None:
        extra.append(f"{flow.volume.records_per_day:,} records/day")
    if extra:
        lines.append(" · ".join(extra))
    return tuple(lines)


def _node(spec: Spec, name: str, highlighted: bool) -> Node:
    system = spec.systems[name]
    details = [f"{name} · {system.kind}"]
    whole, fields = owned_by(spec, name)
    owns = list(whole) + [
        f"{obj}.{', '.join(flds)}" if len(flds) == 1 else f"{obj} ({len(flds)} fields)" for obj, flds in fields.items()
    ]
    if owns:
        details.append("owns " + listed(owns))
    carried = sorted(f for f, flow in spec.flows.items() if flow.via == name)
    if carried:
        details.append(f"carries {len(carried)} flow{'s' if len(carried) != 1 else ''}")
    return Node(name, str(system.kind), system.label or name, tuple(details), highlighted)


def build_graph(spec: Spec, highlight: set[str] | frozenset[str] = frozenset()) -> LandscapeGraph:
    """The graph of a spec; `highlight` names flows and systems (`flow:NAME`, `system:NAME`, or a
    bare name matched against both) to mark as changed."""
    marked = set(highlight)

    def is_marked(kind: str, name: str) -> bool:
        return f"{kind}:{name}" in marked or name in marked

    groups = []
    for kind in KIND_ORDER:
        names = sorted(n for n, s in spec.systems.items() if s.kind == kind)
        if names:
            nodes = tuple(_node(spec, n, is_marked("system", n)) for n in names)
            groups.append(Group(kind, KIND_TITLES[kind], nodes))
    edges = tuple(
        Edge(
            name,
            flow.source,
            flow.target,
            edge_lines(name, flow),
            flow.direction is Direction.bidirectional,
            is_marked("flow", name),
            flow.via if flow.via in spec.systems else None,
        )
        for name, flow in sorted(spec.flows.items())
        if flow.source in spec.systems and flow.target in spec.systems
    )
    return LandscapeGraph(spec.name or "landscape", tuple(groups), edges)
