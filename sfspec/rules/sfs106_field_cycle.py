from __future__ import annotations

from collections import defaultdict
from collections.abc import Iterable

from sfspec.codes import Code
from sfspec.diagnostics import Diagnostic
from sfspec.model import flow_objects, split_field
from sfspec.model.spec import Spec
from sfspec.rules.base import Rule, RuleContext, rule

FieldKey = tuple[str, str]
Edges = dict[str, list[tuple[str, str]]]  # system -> [(next system, flow name)]


def field_edges(spec: Spec) -> dict[FieldKey, Edges]:
    """For each declared field, the flows that move it as edges source → target.

    A flow without a mapping (a bulk export) moves every declared field of its objects. A
    `direction: bidirectional` flow is one declared edge, not a cycle: SFS113 covers its policy.
    """
    graph: dict[FieldKey, Edges] = defaultdict(lambda: defaultdict(list))
    for flow_name, flow in spec.flows.items():
        if flow.source == flow.target:
            continue  # SFS115
        moved: list[FieldKey] = []
        if flow.mapping:
            for mapping in flow.mapping:
                obj_name, field = split_field(flow, mapping.field)
                moved.append((obj_name or "", field))
        else:
            for obj_name in flow_objects(flow):
                declared = spec.objects.get(obj_name)
                moved.extend((obj_name, f) for f in (declared.fields if declared else ()))
        for key in moved:
            obj = spec.objects.get(key[0])
            if obj is not None and key[1] in obj.fields:
                graph[key][flow.source].append((flow.target, flow_name))
    return graph


def find_cycle(edges: Edges) -> list[tuple[str, str]] | None:
    """One cycle as [(system, flow that leaves it), …], or None (iterative DFS, three colours)."""
    state: dict[str, int] = {}
    for start in sorted(edges):
        if state.get(start):
            continue
        path: list[tuple[str, str]] = []
        stack = [(start, iter(sorted(edges.get(start, []))))]
        state[start] = 1
        while stack:
            node, children = stack[-1]
            for nxt, flow in children:
                if state.get(nxt) == 1:
                    path.append((node, flow))
                    begin = next(i for i, (system, _) in enumerate(path) if system == nxt)
                    return path[begin:]
                if not state.get(nxt):
                    path.append((node, flow))
                    state[nxt] = 1
                    stack.append((nxt, iter(sorted(edges.get(nxt, [])))))
                    break
            else:
                state[node] = 2
                stack.pop()
                if path:
                    path.pop()
    return None


@rule(Code.SFS106, "field-cycle")
def check(ctx: RuleContext, r: Rule) -> Iterable[Diagnostic]:
    """When flow A sends a field from system X to Y and flow B (perhaps through further systems)
    sends it back to X, every change loops around the landscape and the systems overwrite each
    other. If several systems really edit the field, declare it on the object with
    `bidirectional: true` and a `conflict` policy; otherwise remove one of the mappings. The
    finding is placed on the field's declaration and names the flows of the cycle.
    """
    for (obj_name, field_name), edges in sorted(field_edges(ctx.spec).items()):
        declared = ctx.spec.objects[obj_name].fields[field_name]
        if declared.bidirectional:
            continue
        cycle = find_cycle(edges)
        if cycle is None:
            continue
        route = " → ".join([system for system, _ in cycle] + [cycle[0][0]])
        flows = ", ".join(flow for _, flow in cycle)
        yield r.finding(
            f"{obj_name}.{field_name} moves in a cycle {route} (flows {flows})",
            ctx.at("objects", obj_name, "fields", field_name),
            "declare the field `bidirectional: true` with a `conflict` policy, or drop one mapping",
        )
