"""Plan time for synthetic landscapes of growing size, next to the time to merely parse the same files.

Each landscape has N objects × 20 custom fields, one flow per 5 objects (realtime REST out of
Salesforce, inbound upserts through a Camel ESB, nightly bulk exports through Meltano), spread over
several spec files, and is planned against a mock org (a snapshot holding the org facts and none of
the landscape yet, as on a first plan). "parse" is reading the same input files and nothing else:
the spec YAML (ruamel, as the loader does) and the snapshot JSON. Target: plan ≤ 1.5× parse, and
time per object flat as N grows.

    python bench/scale.py                     # 50, 500 and 5,000 objects
    python bench/scale.py --sizes 50 500 --profile 500   # cProfile's top functions for one size
"""

from __future__ import annotations

import argparse
import cProfile
import io
import json
import pstats
import sys
import tempfile
import time
from collections.abc import Callable
from pathlib import Path
from typing import Any

ROOT = Path(__file__).resolve().parents[1]
sys.path.insert(0, str(ROOT))

from ruamel.yaml import YAML  # noqa: E402

from sfspec.api import plan as make_plan  # noqa: E402
from sfspec.resources import specs_dir  # noqa: E402

FIELDS = 20
OBJECTS_PER_FILE = 500


def landscape(objects: int) -> dict[str, Any]:
    systems = max(2, objects // 100)
    names = [f"sys_{i}" for i in range(systems)]
    spec: dict[str, Any] = {
        "sfspec": 1,
        "name": "scale",
        "salesforce": {"edition": "unlimited", "licenses": 10000},
        "systems": {
            "crm": {"kind": "salesforce"},
            "esb": {"kind": "middleware", "engine": "camel"},
            "etl": {"kind": "middleware", "engine": "meltano"},
            "dwh": {
                "kind": "warehouse",
                "warehouse": "postgres",
                "base_url": "https://dwh.example",
                "auth": {"protocol": "basic", "username": "env:DWH_USER", "password": "secret:dwh"},
            },
            **{
                n: {
                    "kind": "erp",
                    "label": f"System {n}",
                    "base_url": f"https://{n}.example",
                    "auth": {"protocol": "api_key", "header": "X-Key", "api_key": f"secret:{n}"},
                }
                for n in names
            },
        },
        "objects": {},
        "flows": {},
        "environments": {"bench": {"org": "mock:org.json"}},
    }
    for o in range(objects):
        owner = names[o % systems] if o % 5 == 1 else "crm"
        fields = {f"F{f}__c": {"type": "Text", "length": 80, "label": f"Field {f}"} for f in range(FIELDS)}
        fields["Ext_Id__c"] = {"type": "Text", "length": 40, "external_id": True, "unique": True, "owner": owner}
        obj = {"owner": owner, "label": f"Object {o}", "plural_label": f"Objects {o}", "fields": fields}
        if owner != "crm":
            obj["external_ids"] = {owner: "Ext_Id__c"}
        spec["objects"][f"Obj{o}__c"] = obj
    for o in range(0, objects, 5):
        obj, kind = f"Obj{o}__c", (o // 5) % 3
        mapping = [{"field": f"F{f}__c", "remote": f"f{f}"} for f in range(5)]
        if kind == 0:
            spec["flows"][f"out-{o}"] = {
                "source": "crm",
                "target": names[o % systems],
                "object": obj,
                "transport": "rest",
                "timing": "realtime",
                "endpoint": {"path": f"/api/{o}", "method": "PUT"},
                "mapping": mapping,
                "volume": {"records_per_day": 50},
            }
        elif kind == 1 and objects > 1:
            src = f"Obj{o + 1}__c" if o + 1 < objects else obj
            owner = spec["objects"][src]["owner"]
            if owner == "crm":
                continue
            spec["flows"][f"in-{o}"] = {
                "source": owner,
                "target": "crm",
                "object": src,
                "via": "esb",
                "transport": "rest",
                "timing": "realtime",
                "receive": {"mode": "http", "path": f"/in/{o}"},
                "mapping": [{"field": f"F{f}__c", "remote": f"f{f}"} for f in range(5)],
                "match_key": "Ext_Id__c",
                "volume": {"records_per_day": 50},
            }
        else:
            spec["flows"][f"export-{o}"] = {
                "source": "crm",
                "target": "dwh",
                "objects": [obj],
                "via": "etl",
                "transport": "bulk",
                "timing": "scheduled",
                "schedule": "0 2 * * *",
                "volume": {"records_per_day": 1000},
            }
    return spec


def write_landscape(root: Path, objects: int) -> Path:
    """The spec as a folder: landscape.yaml, objects-N.yaml (500 objects each), flows.yaml; org.json."""
    data = landscape(objects)
    folder = root / "spec"
    folder.mkdir(parents=True)
    yaml = YAML(typ="safe", pure=True)
    yaml.default_flow_style = False

    def dump(name: str, value: dict[str, Any]) -> None:
        with (folder / name).open("w", encoding="utf-8") as fh:
            yaml.dump(value, fh)

    dump("landscape.yaml", {k: v for k, v in data.items() if k not in ("objects", "flows")})
    names = list(data["objects"])
    for i in range(0, len(names), OBJECTS_PER_FILE):
        dump(
            f"objects-{i // OBJECTS_PER_FILE:03d}.yaml",
            {"objects": {n: data["objects"][n] for n in names[i : i + OBJECTS_PER_FILE]}},
        )
    dump("flows.yaml", {"flows": data["flows"]})
    seed = json.loads((specs_dir() / "landscape" / "orgs" / "dev.json").read_text(encoding="utf-8"))
    org = {"format_version": seed["format_version"], "org": seed["org"], "objects": {}, "components": {}}
    (folder / "org.json").write_text(json.dumps(org, indent=2), encoding="utf-8")
    return folder


def parse_only(folder: Path) -> None:
    for path in sorted(folder.glob("*.yaml")):
        YAML(typ="rt").load(path.read_text(encoding="utf-8"))
    json.loads((folder / "org.json").read_text(encoding="utf-8"))


def best(fn: Callable[[], Any], repeat: int) -> tuple[float, Any]:
    """The best time of `repeat` runs, and the last run's result."""
    times, result = [], None
    for _ in range(repeat):
        start = time.perf_counter()
        result = fn()
        times.append(time.perf_counter() - start)
    return min(times), result


def plan_once(folder: Path) -> Any:
    run, diags = make_plan(folder, "bench", out_dir=folder.parent / "out")
    if run is None:
        raise SystemExit("plan failed:\n" + "\n".join(d.format() for d in diags.errors()[:20]))
    return run


def main() -> int:
    parser = argparse.ArgumentParser(description=__doc__, formatter_class=argparse.RawDescriptionHelpFormatter)
    parser.add_argument("--sizes", type=int, nargs="+", default=[50, 500, 5000])
    parser.add_argument("--profile", type=int, help="print cProfile's top 25 for this size")
    args = parser.parse_args()
    print(f"plan against a mock org vs parsing the same files ({FIELDS} fields per object, 1 flow per 5 objects)")
    print(
        f"{'objects':>8} {'fields':>7} {'flows':>6} {'changes':>8} | {'parse':>8} {'plan':>8} {'plan/parse':>10} "
        f"| {'plan ms/object':>14}"
    )
    rows = []
    for n in args.sizes:
        with tempfile.TemporaryDirectory(prefix="sfspec-scale-") as tmp:
            folder = write_landscape(Path(tmp), n)
            repeat = 3 if n <= 500 else 1
            t_parse, _ = best(lambda folder=folder: parse_only(folder), repeat)
            if not rows:
                plan_once(folder)  # warm once: templates compiled, schema validators built
            t_plan, run = best(lambda folder=folder: plan_once(folder), repeat)
            flows = len(landscape(n)["flows"])
            changes = len(run.plan.changes)
            rows.append((n, t_plan))
            print(
                f"{n:>8} {n * (FIELDS + 1):>7} {flows:>6} {changes:>8} | {t_parse:>7.2f}s {t_plan:>7.2f}s "
                f"{t_plan / t_parse:>9.2f}x | {t_plan / n * 1000:>14.2f}"
            )
            if args.profile == n:
                profiler = cProfile.Profile()
                profiler.enable()
                plan_once(folder)
                profiler.disable()
                out = io.StringIO()
                pstats.Stats(profiler, stream=out).sort_stats("cumulative").print_stats(25)
                print(out.getvalue())
    if len(rows) >= 2:
        (n0, t0), (n1, t1) = rows[0], rows[-1]
        print(f"growth {n0} → {n1} objects: time ×{t1 / t0:.1f} for size ×{n1 / n0:.0f} (linear = ×{n1 / n0:.0f})")
    return 0


if __name__ == "__main__":
    sys.exit(main())
