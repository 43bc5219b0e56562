"""Plan of synthetic landscapes (bench/synth.py: every flow shape) against a mock org, beside the C
floor: PyYAML's CSafeLoader (libyaml) reading the same spec files plus json.loads of the org.

Each size runs in a fresh process (warmed on a 10-object landscape first, so template compilation
and schema building are not counted). Times are CPU seconds (best of 3 below 5,000 objects), shown
as ratios to the C floor; the plan, validate and the floor all run under the cycle-collector settings
`sfspec` runs its commands with (sfspec.cli.fewer_collections), so the ratio compares work, not
collector settings (the floor alone runs 30-45 % faster with them). Memory: the plan's peak RSS
above the warmed process, beside the size of the parsed input as Python objects (tracemalloc of
the CSafeLoader result).

Targets (issue 16): plan ≤ 5× the C floor at every size; 10× more input costs ≤ 11×; peak memory
≤ 3× the parsed input.

    python bench/scale.py                       # 50, 500 and 5,000 objects
    python bench/scale.py --sizes 500 --profile  # cProfile's top functions of one plan
"""

from __future__ import annotations

import argparse
import cProfile
import io
import itertools
import json
import pstats
import resource
import subprocess
import sys
import tempfile
import time
import tracemalloc
from collections.abc import Callable
from pathlib import Path
from typing import Any

import yaml

HERE = Path(__file__).resolve().parent
sys.path.insert(0, str(HERE.parent))
sys.path.insert(0, str(HERE))

import synth  # noqa: E402


def c_floor(folder: Path) -> list[Any]:
    out = [yaml.load(p.read_text(encoding="utf-8"), Loader=yaml.CSafeLoader) for p in synth.spec_files(folder)]
    out.append(json.loads((folder / "org.json").read_text(encoding="utf-8")))
    return out


def cpu_best(fn: Callable[[], Any], repeat: int) -> tuple[float, Any]:
    times, result = [], None
    for _ in range(repeat):
        result = None  # the previous run's result would count in this run's peak memory
        start = time.process_time()
        result = fn()
        times.append(time.process_time() - start)
    return min(times), result


def rss_now() -> int:
    with open("/proc/self/statm") as fh:
        return int(fh.read().split()[1]) * resource.getpagesize()


def measure(root: Path, objects: int, profile: bool) -> dict[str, Any]:
    """One size, in this process (its files already written under `root` by the parent, so the
    generator's memory is not in the peak): the figures as a dict (printed as JSON by --one)."""
    from sfspec.api import check_spec
    from sfspec.api import plan as make_plan
    from sfspec.cli import fewer_collections  # the collector settings `sfspec` runs its commands with

    def plan_once(folder: Path) -> Any:
        with fewer_collections():
            run, diags = make_plan(folder, "bench", out_dir=folder / "out")
        if run is None:
            raise SystemExit("plan failed:\n" + "\n".join(d.format() for d in diags.errors()[:20]))
        return run

    plan_once(root / "warm")
    folder = root / "spec"
    repeat = 3 if objects < 5000 else 1
    base = rss_now()
    t_plan, run = cpu_best(lambda: plan_once(folder), repeat)
    peak = resource.getrusage(resource.RUSAGE_SELF).ru_maxrss * 1024 - base
    changes = len(run.plan.changes)
    del run

    def validate_once(folder: Path) -> Any:
        with fewer_collections():
            return check_spec(folder)

    t_validate, _ = cpu_best(lambda: validate_once(folder), repeat)

    def floor_once(folder: Path) -> Any:
        with fewer_collections():  # the floor gets the same collector settings as the plan it is compared with
            return c_floor(folder)

    t_floor, _ = cpu_best(lambda: floor_once(folder), 3)
    tracemalloc.start()
    kept = c_floor(folder)
    input_bytes = tracemalloc.get_traced_memory()[0]
    tracemalloc.stop()
    del kept
    if profile:
        profiler = cProfile.Profile()
        profiler.enable()
        plan_once(folder)
        profiler.disable()
        out = io.StringIO()
        pstats.Stats(profiler, stream=out).sort_stats("cumulative").print_stats(30)
        print(out.getvalue(), file=sys.stderr)
    return {
        "objects": objects,
        "changes": changes,
        "floor": t_floor,
        "validate": t_validate,
        "plan": t_plan,
        "peak": peak,
        "input": input_bytes,
    }


def main() -> int:
    parser = argparse.ArgumentParser(description=__doc__, formatter_class=argparse.RawDescriptionHelpFormatter)
    parser.add_argument("--sizes", type=int, nargs="+", default=[50, 500, 5000])
    parser.add_argument("--profile", action="store_true", help="print cProfile's top 30 of each size's plan")
    parser.add_argument("--timeout", type=float, default=1200, help="seconds per size before giving up")
    parser.add_argument("--one", type=int, help=argparse.SUPPRESS)  # internal: measure one size, print JSON
    parser.add_argument("--root", type=Path, help=argparse.SUPPRESS)
    args = parser.parse_args()
    if args.one:
        print(json.dumps(measure(args.root, args.one, args.profile)))
        return 0
    print("plan against a mock org vs the C floor (CSafeLoader of the spec files + json.loads of the org), CPU time")
    print(
        f"{'objects':>7} {'fields':>7} {'flows':>6} {'changes':>7} | {'C floor':>8} {'validate/C':>10} "
        f"{'plan/C':>7} {'ms/object':>9} | {'peak MiB':>8} {'input MiB':>9} {'peak/input':>10}"
    )
    rows = []
    for n in args.sizes:
        spec = synth.landscape(n)
        shape = {"fields": sum(len(o["fields"]) for o in spec["objects"].values()), "flows": len(spec["flows"])}
        del spec
        with tempfile.TemporaryDirectory(prefix="sfspec-scale-") as tmp:
            synth.write_landscape(Path(tmp) / "warm", 10)
            synth.write_landscape(Path(tmp) / "spec", n)
            cmd = [sys.executable, __file__, "--one", str(n), "--root", tmp, *(["--profile"] if args.profile else [])]
            try:
                proc = subprocess.run(cmd, capture_output=True, text=True, timeout=args.timeout)
            except subprocess.TimeoutExpired:
                print(f"{n:>7} {shape['fields']:>7} {shape['flows']:>6} plan did not finish in {args.timeout:.0f} s")
                continue
        if args.profile:
            print(proc.stderr)
        if proc.returncode != 0:
            print(f"{n:>7} failed: {proc.stderr[-2000:]}{proc.stdout[-2000:]}")
            continue
        r = {**json.loads(proc.stdout.strip().splitlines()[-1]), **shape}
        rows.append(r)
        mib = 1024 * 1024
        print(
            f"{r['objects']:>7} {r['fields']:>7} {r['flows']:>6} {r['changes']:>7} | {r['floor']:>7.2f}s "
            f"{r['validate'] / r['floor']:>9.1f}x {r['plan'] / r['floor']:>6.1f}x {r['plan'] / n * 1000:>9.2f} | "
            f"{r['peak'] / mib:>8.0f} {r['input'] / mib:>9.0f} {r['peak'] / r['input']:>9.1f}x",
            flush=True,
        )
    for a, b in itertools.pairwise(rows):
        print(
            f"growth {a['objects']} → {b['objects']} objects: plan ×{b['plan'] / a['plan']:.1f} "
            f"(C floor ×{b['floor'] / a['floor']:.1f}) for input ×{b['objects'] / a['objects']:.0f}"
        )
    return 0


if __name__ == "__main__":
    sys.exit(main())
