"""Every benchmark in one go, printing all figures (see bench/README.md).

    python bench/run.py            # the full set: takes several minutes on 2 cores
    python bench/run.py --quick    # smaller sizes, for a quick look

Each benchmark is its own script, run here as a subprocess with this interpreter so that one
benchmark's caches and imports do not flatter the next.
"""

from __future__ import annotations

import argparse
import subprocess
import sys
import time
from pathlib import Path

HERE = Path(__file__).resolve().parent

FULL = [
    ("CLI start-up", ["startup.py", "--runs", "10", "--imports"]),
    ("Live round trips, org of 2,000 objects", ["roundtrips.py", "--objects", "2000"]),
    ("Plan vs the C floor, synthetic landscapes", ["scale.py", "--sizes", "50", "500", "5000"]),
    ("Org readers (mock, source: vs SDR)", ["org.py"]),
    ("Plan stages vs component count", ["plan.py"]),
    ("Landscape commands (graph, docs, limits, import)", ["landscape.py"]),
]
QUICK = [
    ("CLI start-up", ["startup.py", "--runs", "5"]),
    ("Live round trips, org of 500 objects", ["roundtrips.py", "--objects", "500"]),
    ("Plan vs the C floor, synthetic landscapes", ["scale.py", "--sizes", "50", "500"]),
    ("Org readers (mock, source: vs SDR)", ["org.py", "--components", "1000", "--objects", "200", "--classes", "50"]),
    ("Plan stages vs component count", ["plan.py", "--components", "1000"]),
    ("Landscape commands (graph, docs, limits, import)", ["landscape.py", "--objects", "100", "--flows", "60"]),
]


def main() -> int:
    parser = argparse.ArgumentParser(description=__doc__, formatter_class=argparse.RawDescriptionHelpFormatter)
    parser.add_argument("--quick", action="store_true", help="smaller sizes")
    parser.add_argument("--only", help="run only the benchmarks whose title contains this text")
    args = parser.parse_args()
    failed = []
    began = time.perf_counter()
    for title, argv in QUICK if args.quick else FULL:
        if args.only and args.only.lower() not in title.lower():
            continue
        print(f"\n=== {title}  (bench/{' '.join(argv)})", flush=True)
        start = time.perf_counter()
        code = subprocess.call([sys.executable, str(HERE / argv[0]), *argv[1:]])
        print(f"--- {time.perf_counter() - start:.1f}s{'' if code == 0 else f', exit {code}'}", flush=True)
        if code != 0:
            failed.append(title)
    print(
        f"\nall benchmarks: {time.perf_counter() - began:.0f}s" + (f"; FAILED: {', '.join(failed)}" if failed else "")
    )
    return 1 if failed else 0


if __name__ == "__main__":
    sys.exit(main())
