"""The landscape graph as Graphviz DOT (`dot -Tsvg landscape.dot > landscape.svg`)."""

from __future__ import annotations

from typing import Any

from sfspec.generate.templates import render
from sfspec.landscape.escape import dot_html, dot_string
from sfspec.landscape.graph import LandscapeGraph, build_graph
from sfspec.model.spec import Spec


def _node_label(title: str, details: tuple[str, ...]) -> str:
    lines = [f"<b>{dot_html(title)}</b>"] + [f'<font point-size="9">{dot_html(d)}</font>' for d in details]
    return "<br/>".join(lines)


def _edge_label(lines: tuple[str, ...]) -> str:
    # Each line is escaped on its own, then joined with DOT's centred line break `\n`.
    return '"' + "\\n".join(dot_string(line)[1:-1] for line in lines) + '"'


def render_dot(graph: LandscapeGraph) -> str:
    groups: list[dict[str, Any]] = [
        {
            "id": dot_string(f"cluster_{group.kind}"),
            "title": dot_string(group.title),
            "nodes": [
                {"id": dot_string(f"sys_{n.name}"), "label": _node_label(n.title, n.details), "changed": n.highlighted}
                for n in group.nodes
            ],
        }
        for group in graph.groups
    ]
    edges = [
        {
            "source": dot_string(f"sys_{source}"),
            "target": dot_string(f"sys_{target}"),
            "label": _edge_label(e.lines) if hop == 0 else '""',
            "bidirectional": e.bidirectional,
            "changed": e.highlighted,
        }
        for e in graph.edges
        for hop, (source, target) in enumerate(e.hops)
    ]
    return render(
        "landscape/graph.dot.j2",
        title=dot_string(graph.title)[1:-1],
        graph_label=dot_string(graph.title),
        groups=groups,
        edges=edges,
    )


def dot(spec: Spec, highlight: set[str] | frozenset[str] = frozenset()) -> str:
    """The spec's landscape as a DOT digraph; `highlight` as in `mermaid()`."""
    return render_dot(build_graph(spec, highlight))
