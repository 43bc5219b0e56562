"""How the landscape commands scale: graph, docs and limits on a large spec, import of a large org.

Builds a spec of N objects × F fields and L flows across S systems (plus its org as a mock
snapshot), then times each landscape step. Times are given as ratios to `validate` of the same
spec (load → schema → model → rules), the step every command pays first.

    python bench/landscape.py                      # 300 objects, 20 fields, 200 flows, 20 systems
    python bench/landscape.py --objects 1000 --flows 600
"""

from __future__ import annotations

import argparse
import json
import sys
import tempfile
import time
from collections.abc import Callable
from pathlib import Path
from typing import Any

ROOT = Path(__file__).resolve().parents[1]
sys.path.insert(0, str(ROOT))

from sfspec.api import check_spec, import_org  # noqa: E402
from sfspec.landscape.dictionary import dictionary  # noqa: E402
from sfspec.landscape.dictionary_md import dictionary_markdown  # noqa: E402
from sfspec.landscape.dot import dot  # noqa: E402
from sfspec.landscape.limits import budget  # noqa: E402
from sfspec.landscape.mermaid import mermaid  # noqa: E402


def big_spec(objects: int, fields: int, flows: int, systems: int) -> dict[str, Any]:
    names = [f"sys_{i}" for i in range(systems)]
    spec: dict[str, Any] = {
        "sfspec": 1,
        "name": "bench",
        "salesforce": {"edition": "unlimited", "licenses": 5000},
        "systems": {
            "crm": {"kind": "salesforce"},
            **{n: {"kind": "custom", "label": f"System {n}", "base_url": f"https://{n}.example"} for n in names},
        },
        "objects": {},
        "flows": {},
    }
    for o in range(objects):
        spec["objects"][f"Obj{o}__c"] = {
            "owner": "crm",
            "label": f"Object {o}",
            "fields": {f"F{f}__c": {"type": "Text", "length": 80, "label": f"Field {f}"} for f in range(fields)},
        }
    for i in range(flows):
        obj = f"Obj{i % objects}__c"
        spec["flows"][f"flow-{i}"] = {
            "source": "crm",
            "target": names[i % systems],
            "object": obj,
            "transport": "rest",
            "endpoint": {"path": f"/api/{i}"},
            "volume": {"records_per_day": 100 + i},
            "mapping": [{"field": f"F{f}__c", "remote": f"f{f}"} for f in range(min(fields, 5))],
        }
    return spec


def snapshot_of(spec: dict[str, Any]) -> dict[str, Any]:
    """The same objects and fields as a mock org (schemas/mock-org.schema.json)."""
    from sfspec.org.snapshot import empty_snapshot  # the org reader's own format

    text = empty_snapshot()
    objects = text["objects"]
    for name, obj in spec["objects"].items():
        objects[name] = {
            "attributes": {
                "label": obj["label"],
                "pluralLabel": obj["label"] + "s",
                "deploymentStatus": "Deployed",
                "sharingModel": "ReadWrite",
            },
            "fields": {
                f: {"label": d["label"], "length": str(d["length"]), "type": "Text"} for f, d in obj["fields"].items()
            },
        }
    return text


def timed(step: Callable[[], Any], repeat: int = 3) -> float:
    best = float("inf")
    for _ in range(repeat):
        start = time.perf_counter()
        step()
        best = min(best, time.perf_counter() - start)
    return best


def main() -> int:
    parser = argparse.ArgumentParser(description=__doc__, formatter_class=argparse.RawDescriptionHelpFormatter)
    parser.add_argument("--objects", type=int, default=300)
    parser.add_argument("--fields", type=int, default=20)
    parser.add_argument("--flows", type=int, default=200)
    parser.add_argument("--systems", type=int, default=20)
    args = parser.parse_args()
    folder = Path(tempfile.mkdtemp(prefix="sfspec-bench-landscape-"))
    spec_data = big_spec(args.objects, args.fields, args.flows, args.systems)
    path = folder / "big.yaml"
    path.write_text(json.dumps(spec_data), encoding="utf-8")
    checked, diags = check_spec(path)
    if checked is None:
        print("\n".join(d.format() for d in diags.errors()[:10]))
        return 1
    spec = checked.spec
    org = folder / "org.json"
    org.write_text(json.dumps(snapshot_of(spec_data)), encoding="utf-8")
    base = timed(lambda: check_spec(path))
    steps = {
        "graph (Mermaid)": lambda: mermaid(spec),
        "graph (DOT)": lambda: dot(spec),
        "docs (JSON data)": lambda: dictionary(spec),
        "docs (Markdown, with the diagram)": lambda: dictionary_markdown(dictionary(spec), mermaid(spec)),
        "limits (budget)": lambda: budget(spec),
        "import (mock org, incl. validation)": lambda: import_org(f"mock:{org}", folder / "imported.yaml"),
    }
    print(f"spec: {args.objects} objects × {args.fields} fields, {args.flows} flows, {args.systems} systems")
    print(f"validate: {base * 1000:.0f} ms (= 1.00)")
    for name, step in steps.items():
        took = timed(step)
        print(f"{name:38s} {took / base:5.2f} × validate")
    return 0


if __name__ == "__main__":
    raise SystemExit(main())
