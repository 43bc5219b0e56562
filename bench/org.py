"""Org readers beside their floors, as ratios (CPU time, best of 3).

- mock org: open + read_all of a 5,000-component snapshot vs `json.loads` of its text, and one
  write (`mock.write_snapshot` of a single upsert: lock, read, apply, serialise, check, atomic
  replace) vs `json.dumps` of the same data in the same layout (indent 2). Targets ≤ 5× each.
- `source:` vs Salesforce's source-deploy-retrieve (bench/sdr_read.js: resolve every component,
  parse every metadata XML, read every Apex body) on the same SFDX project of N objects × 30
  fields + 500 classes (bench/synth.py): sfspec reading it all (`org snapshot`), and reading what
  a 5-object plan needs (its objects and fields, plus every managed component). Target ≤ 1×.

    python bench/org.py                     # 5,000 components; project of 2,000 objects
    python bench/org.py --objects 200       # a smaller project
"""

from __future__ import annotations

import argparse
import json
import os
import shutil
import subprocess
import sys
import tempfile
import time
from collections.abc import Callable
from pathlib import Path
from typing import Any

HERE = Path(__file__).resolve().parent
ROOT = HERE.parent
sys.path.insert(0, str(ROOT))
sys.path.insert(0, str(HERE))

import synth  # noqa: E402

from sfspec.org.mock import MockOrg, write_snapshot  # noqa: E402
from sfspec.org.sfdx import SfdxProject  # noqa: E402
from sfspec.state import TYPE_ORDER, Component, ComponentKey  # noqa: E402

NODE_MODULES = ROOT / "tests" / "validators" / "apex" / "node_modules"


def cpu_best(fn: Callable[[], Any], repeat: int = 3) -> float:
    best = float("inf")
    for _ in range(repeat):
        start = time.process_time()
        fn()
        best = min(best, time.process_time() - start)
    return best


def snapshot(components: int) -> dict[str, Any]:
    """`components` components: objects of 24 fields each (every tenth sfspec-managed), 5% Apex."""
    classes = components // 20
    per_object = 25
    objects = {}
    for i in range((components - classes) // per_object):
        marker = "Managed by sfspec. " if i % 10 == 0 else ""
        objects[f"Bench{i}__c"] = {
            "attributes": {
                "label": f"Bench {i}",
                "pluralLabel": f"Bench {i}s",
                "description": f"{marker}Object {i}",
                "deploymentStatus": "Deployed",
                "sharingModel": "ReadWrite",
                "nameField": {"label": "Name", "type": "Text"},
            },
            "fields": {
                f"F{f}__c": {
                    "label": f"Field {f}",
                    "description": f"{marker}Field {f}",
                    "type": "Picklist" if f % 5 == 0 else "Text",
                    **(
                        {
                            "valueSet": {
                                "valueSetDefinition": {
                                    "value": [
                                        {"fullName": f"V{v}", "default": "false", "label": f"V{v}"} for v in range(3)
                                    ]
                                }
                            }
                        }
                        if f % 5 == 0
                        else {"length": "80"}
                    ),
                }
                for f in range(per_object - 1)
            },
        }
    apex = {
        f"BenchClass{c}": {
            "attributes": {"apiVersion": "63.0", "status": "Active"},
            "body": f"// Managed by sfspec\npublic class BenchClass{c} {{\n" + "    Integer x = 1;\n" * 20 + "}\n",
        }
        for c in range(classes)
    }
    return {
        "format_version": 1,
        "org": {"instance": "bench", "api_version": "63.0", "edition": "enterprise", "licenses": 10, "limits": {}},
        "objects": objects,
        "components": {"ApexClass": apex},
    }


def mock_figures(components: int) -> None:
    folder = Path(tempfile.mkdtemp(prefix="sfspec-bench-org-"))
    try:
        data = snapshot(components)
        path = folder / "org.json"
        text = json.dumps(data, indent=2, ensure_ascii=False) + "\n"
        path.write_text(text, encoding="utf-8")
        count = len(MockOrg(path).read_all())
        t_loads = cpu_best(lambda: json.loads(text))
        t_dumps = cpu_best(lambda: json.dumps(data, indent=2, ensure_ascii=False))
        t_read = cpu_best(lambda: MockOrg(path).read_all())
        change = Component(ComponentKey("ApexClass", "BenchNew"), {"apiVersion": "63.0", "status": "Active"}, "x")
        t_write = cpu_best(lambda: write_snapshot(path, [change], []))
        print(f"mock org of {count:,} components ({len(text) / 1048576:.1f} MiB of JSON)")
        print(f"  read  (open + read_all)        {t_read / t_loads:6.1f}× json.loads   (target ≤ 5×)")
        print(f"  write (one upsert, atomically) {t_write / t_dumps:6.1f}× json.dumps   (target ≤ 5×)")
    finally:
        shutil.rmtree(folder, ignore_errors=True)


def sdr_cpu(project: Path) -> tuple[float, int]:
    env = {**os.environ, "NODE_PATH": str(NODE_MODULES)}
    best, count = float("inf"), 0
    for _ in range(3):
        proc = subprocess.run(
            ["node", str(HERE / "sdr_read.js"), str(project)], capture_output=True, text=True, env=env, check=True
        )
        found = json.loads(proc.stdout)
        best, count = min(best, found["cpu_ms"] / 1000), found["components"]
    return best, count


def source_figures(objects: int, fields: int, classes: int) -> None:
    if not (NODE_MODULES / "@salesforce" / "source-deploy-retrieve").is_dir() or not shutil.which("node"):
        print("source: vs SDR skipped: run tests/validators/install.sh (node + @salesforce/source-deploy-retrieve)")
        return
    folder = Path(tempfile.mkdtemp(prefix="sfspec-bench-sfdx-"))
    try:
        project = synth.write_sfdx_project(folder / "project", objects, fields, classes)
        t_sdr, sdr_count = sdr_cpu(project)
        count = len(SfdxProject(project).read_all())
        t_all = cpu_best(lambda: SfdxProject(project).read_all())
        wanted = [ComponentKey("CustomObject", f"Proj{i}__c") for i in range(1, 6)]
        wanted += [ComponentKey("CustomField", f"Proj{i}__c.F{f}__c") for i in range(1, 6) for f in range(fields)]
        managed = [t for t in TYPE_ORDER if t != "MiddlewareFile"]
        t_plan = cpu_best(lambda: SfdxProject(project).read(wanted, managed_types=managed))
        print(
            f"SFDX project: {objects:,} objects × {fields} fields + {classes} classes "
            f"(SDR: {sdr_count:,} components in {t_sdr:.2f}s CPU; sfspec: {count:,})"
        )
        print(f"  source: read all               {t_all / t_sdr:6.2f}× SDR   (target ≤ 1×)")
        print(f"  source: a 5-object plan's read {t_plan / t_sdr:6.2f}× SDR   (target ≤ 1×)")
    finally:
        shutil.rmtree(folder, ignore_errors=True)


def main() -> int:
    parser = argparse.ArgumentParser(description=__doc__, formatter_class=argparse.RawDescriptionHelpFormatter)
    parser.add_argument("--components", type=int, default=5000)
    parser.add_argument("--objects", type=int, default=2000)
    parser.add_argument("--fields", type=int, default=30)
    parser.add_argument("--classes", type=int, default=500)
    args = parser.parse_args()
    mock_figures(args.components)
    source_figures(args.objects, args.fields, args.classes)
    return 0


if __name__ == "__main__":
    sys.exit(main())
