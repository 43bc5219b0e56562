"""How plan, its renderers and a mock apply scale with the number of components.

Builds a desired state of N components (custom fields, permission sets with many entries, Apex
classes with 200-line bodies, middleware files) and an org holding them with 10% changed, 5%
missing, 5% extra managed (to delete) and 2% unmanaged clashes, then times each stage. Times are
ratios to the diff itself; the seed landscape's full `plan` is given as a ratio to `validate`.

    python bench/plan.py                 # 5,000 components
    python bench/plan.py --components 20000
"""

from __future__ import annotations

import argparse
import sys
import tempfile
import time
from collections.abc import Callable
from pathlib import Path
from typing import Any

ROOT = Path(__file__).resolve().parents[1]
sys.path.insert(0, str(ROOT))

from sfspec.api import check_spec  # noqa: E402
from sfspec.api import plan as make_plan  # noqa: E402
from sfspec.diff import diff  # noqa: E402
from sfspec.org.mock import MockOrg, write_snapshot  # noqa: E402
from sfspec.orgref import OrgRef  # noqa: E402
from sfspec.plan import Plan  # noqa: E402
from sfspec.render import RENDERERS, Report  # noqa: E402
from sfspec.resources import specs_dir  # noqa: E402
from sfspec.state import MANAGED_MARKER, TYPE_ORDER, ActualState, Component, ComponentKey, DesiredState  # noqa: E402

BODY = "\n".join(f"        Integer x{i} = {i}; // line {i}" for i in range(200))


def component(i: int, variant: str = "") -> Component:
    kind = i % 4
    if kind == 0:
        return Component(
            ComponentKey("CustomField", f"Obj{i % 50}__c.F{i}__c"),
            {"label": f"F{i}{variant}", "type": "Text", "length": "80", "description": MANAGED_MARKER},
        )
    if kind == 1:
        perms = [{"field": f"Obj{i % 50}__c.F{j}__c", "editable": "true", "readable": "true"} for j in range(40)]
        if variant:
            perms[0] = {**perms[0], "editable": "false"}
        return Component(
            ComponentKey("PermissionSet", f"PS{i}"),
            {"label": f"PS{i}", "description": MANAGED_MARKER, "fieldPermissions": perms},
        )
    if kind == 2:
        return Component(
            ComponentKey("ApexClass", f"C{i}"),
            {"apiVersion": "63.0", "status": "Active"},
            f"// {MANAGED_MARKER}\npublic class C{i} {{\n{BODY}{variant}\n}}\n",
        )
    return Component(
        ComponentKey("MiddlewareFile", f"middleware/camel/r{i}.yaml"), {}, f"- route: {{id: r{i}{variant}}}\n"
    )


def states(n: int) -> tuple[DesiredState, ActualState]:
    desired = [component(i) for i in range(n)]
    actual: list[Component] = []
    for i, c in enumerate(desired):
        roll = i % 100
        if roll < 10:
            actual.append(component(i, " changed"))
        elif roll < 15:
            continue  # missing: a create
        elif roll < 17:
            actual.append(
                Component(
                    c.key,
                    {**c.attributes, "description": "hand made"},
                    c.body.replace(MANAGED_MARKER, "") if c.body else None,
                )
            )
        else:
            actual.append(c)
    actual += [component(n + i) for i in range(n // 20)]  # managed, no longer in the spec: deletes
    return DesiredState.of(desired), ActualState.of(actual)


def timed(fn: Callable[[], Any], repeat: int = 3) -> tuple[float, Any]:
    best, result = float("inf"), None
    for _ in range(repeat):
        start = time.perf_counter()
        result = fn()
        best = min(best, time.perf_counter() - start)
    return best, result


def main() -> int:
    parser = argparse.ArgumentParser(description=__doc__, formatter_class=argparse.RawDescriptionHelpFormatter)
    parser.add_argument("--components", type=int, default=5000)
    args = parser.parse_args()
    desired, actual = states(args.components)
    t_diff, changes = timed(lambda: diff(desired, actual, TYPE_ORDER))
    plan = Plan(
        tuple(changes), "bench", "sha256:" + "0" * 64, "bench", OrgRef.parse("mock:bench"), actual.fingerprint()
    )
    rows = [("diff", t_diff)]
    rows.append(("fingerprint (stale-plan hashes)", timed(lambda: actual.fingerprint())[0]))
    rows.append(("plan → JSON", timed(plan.to_json)[0]))
    for name in ("text", "markdown", "json"):
        rows.append((f"render {name}", timed(lambda name=name: RENDERERS[name](Report(plan)))[0]))
    with tempfile.TemporaryDirectory() as tmp:
        org = Path(tmp) / "org.json"
        upserts = [c for c in desired.components.values() if c.type not in ("MiddlewareFile", "CustomField")]
        rows.append(("mock apply (write_snapshot, locked)", timed(lambda: write_snapshot(org, upserts, []), 1)[0]))
        rows.append(("mock org read", timed(lambda: MockOrg(org).read(list(desired), managed_types=TYPE_ORDER), 1)[0]))
    summary = plan.summary()
    print(f"{args.components} components: {summary}")
    for name, seconds in rows:
        print(f"  {name:<40} {seconds * 1000:9.1f} ms   {seconds / t_diff:6.2f}× diff")
    spec = specs_dir() / "landscape"
    t_validate = timed(lambda: check_spec(spec))[0]
    t_plan = timed(lambda: make_plan(spec, "dev", out_dir=Path(tempfile.mkdtemp()) / "out"))[0]
    print(
        f"seed landscape: plan -e dev {t_plan * 1000:.0f} ms = {t_plan / t_validate:.1f}× validate "
        f"({t_validate * 1000:.0f} ms)"
    )
    return 0


if __name__ == "__main__":
    sys.exit(main())
