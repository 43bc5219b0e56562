"""The landscape graph as a Mermaid flowchart (renders in GitHub pull requests and Markdown)."""

from __future__ import annotations

from typing import Any

from sfspec.generate.templates import render
from sfspec.landscape.escape import mermaid_id, mermaid_text
from sfspec.landscape.graph import LandscapeGraph, build_graph
from sfspec.model.spec import Spec

BREAK = "<br/>"


def _node_label(title: str, details: tuple[str, ...]) -> str:
    return BREAK.join([f"<b>{mermaid_text(title)}</b>", *(mermaid_text(d) for d in details)])


def render_mermaid(graph: LandscapeGraph) -> str:
    groups: list[dict[str, Any]] = [
        {
            "id": mermaid_id("kind", group.kind),
            "title": mermaid_text(group.title),
            "nodes": [{"id": mermaid_id("sys", n.name), "label": _node_label(n.title, n.details)} for n in group.nodes],
        }
        for group in graph.groups
    ]
    edges: list[dict[str, str]] = []
    changed_links: list[str] = []
    for edge in graph.edges:
        arrow = "==>" if edge.highlighted else "-->"
        label = BREAK.join(mermaid_text(line) for line in edge.lines)
        for hop, (source, target) in enumerate(edge.hops):
            if edge.highlighted:
                changed_links.append(str(len(edges)))  # linkStyle counts links in order of appearance
            edges.append(
                {
                    "source": mermaid_id("sys", source),
                    "target": mermaid_id("sys", target),
                    "arrow": ("<" + arrow) if edge.bidirectional else arrow,
                    "label": label if hop == 0 else "",
                }
            )
    return render(
        "landscape/graph.mmd.j2",
        title=mermaid_text(graph.title),
        groups=groups,
        edges=edges,
        changed_nodes=[mermaid_id("sys", n.name) for n in graph.nodes if n.highlighted],
        changed_links=changed_links,
    )


def mermaid(spec: Spec, highlight: set[str] | frozenset[str] = frozenset()) -> str:
    """The spec's landscape as Mermaid flowchart text; `highlight` marks changed flows and systems
    (`flow:NAME`, `system:NAME` or bare names). For embedding in a ```mermaid fence."""
    return render_mermaid(build_graph(spec, highlight))
