from __future__ import annotations

from collections.abc import Iterable, Iterator

from sfspec.codes import Code
from sfspec.diagnostics import Diagnostic
from sfspec.model.objects import FieldType
from sfspec.rules.base import Rule, RuleContext, rule

MAX_MASTERS = 2  # master-detail relationships per object


@rule(Code.SFS131, "master-detail")
def check(ctx: RuleContext, r: Rule) -> Iterable[Diagnostic]:
    """Salesforce refuses a master-detail relationship from an object to itself (use a Lookup), a
    standard object on the detail side, more than two master-detail fields on one object, and
    master-detail relationships that form a cycle (A is the detail of B, which is the detail of
    A): each record's master decides its owner and sharing, so the chain must end.
    """
    masters: dict[str, list[tuple[str, str]]] = {}  # detail object → [(field, master object)]
    for obj_name, obj in ctx.spec.objects.items():
        for field_name, field in obj.fields.items():
            if field.type == FieldType.MasterDetail and field.reference_to:
                masters.setdefault(obj_name, []).append((field_name, field.reference_to))
    for detail, edges in masters.items():
        for i, (field_name, master) in enumerate(edges):
            where = ctx.at("objects", detail, "fields", field_name, "reference_to", value=True)
            if master == detail:
                yield r.finding(
                    f"master-detail field {detail}.{field_name} points at its own object",
                    where,
                    "use a Lookup for a relationship to the same object",
                )
            elif not detail.endswith("__c"):
                yield r.finding(
                    f"{detail} is a standard object; it cannot be the detail side of master-detail {field_name}",
                    where,
                    "use a Lookup, or put the master-detail field on the custom object",
                )
            if i == MAX_MASTERS:
                yield r.finding(
                    f"{detail} has more than {MAX_MASTERS} master-detail fields",
                    ctx.at("objects", detail, "fields", field_name),
                    "make the others Lookups",
                )
    yield from _cycles(ctx, r, masters)


def _cycles(ctx: RuleContext, r: Rule, masters: dict[str, list[tuple[str, str]]]) -> Iterable[Diagnostic]:
    """Every cycle once, found by an iterative depth-first walk (no recursion limit on big specs)."""
    state: dict[str, int] = {}  # 1: on the current path, 2: done

    def masters_of(obj: str) -> Iterator[str]:
        return iter(sorted({m for _, m in masters.get(obj, []) if m != obj}))

    for root in sorted(masters):
        if root in state:
            continue
        state[root], path, stack = 1, [root], [(root, masters_of(root))]
        while stack:
            node, pending = stack[-1]
            master = next(pending, None)
            if master is None:
                state[node] = 2
                stack.pop()
                path.pop()
            elif state.get(master) == 1:
                cycle = path[path.index(master) :]
                field_name = next(f for f, m in masters[node] if m == master)
                yield r.finding(
                    f"master-detail relationships form a cycle: {' → '.join([*cycle, master])}",
                    ctx.at("objects", node, "fields", field_name, "reference_to", value=True),
                    "make one of them a Lookup",
                )
            elif master not in state:
                state[master] = 1
                path.append(master)
                stack.append((master, masters_of(master)))
