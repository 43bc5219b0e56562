"""Round trips (and wall time) to read an org of 2,000 objects / 60,000 fields for a plan.

Runs the real live reader (simple-salesforce over HTTPS) against the fake Salesforce from
tests/fakesf, for specs of several sizes, beside the naive approach: one describe per object the
spec touches (plus describeGlobal), and one per object in the org. Times are ratios to sfspec's.

    python bench/roundtrips.py            # add --full-naive to measure 2,001 describes too
"""

from __future__ import annotations

import argparse
import os
import sys
import tempfile
import time
from pathlib import Path

ROOT = Path(__file__).resolve().parents[1]
sys.path.insert(0, str(ROOT / "tests"))

from fakesf import make_tls_files, start  # noqa: E402
from fakesf.big import MANAGED_TYPES, big_org, object_name, spec_keys  # noqa: E402

from sfspec.org.live import RetryPolicy, open_live  # noqa: E402
from sfspec.orgref import OrgRef  # noqa: E402

TOKEN = "00DBENCH!token"


def main() -> int:
    parser = argparse.ArgumentParser(description=__doc__, formatter_class=argparse.RawDescriptionHelpFormatter)
    parser.add_argument("--objects", type=int, default=2000)
    parser.add_argument("--fields", type=int, default=30)
    parser.add_argument("--full-naive", action="store_true", help="also time one describe per object of the org")
    args = parser.parse_args()
    tls = make_tls_files(Path(tempfile.mkdtemp(prefix="sfspec-bench-")))
    os.environ["REQUESTS_CA_BUNDLE"] = str(tls.ca_file)
    fake = start(big_org(args.objects, args.fields), tls)
    fake.issue_token(TOKEN)
    env = {"SF_INSTANCE_URL": fake.url, "SF_ACCESS_TOKEN": TOKEN}
    print(f"org: {args.objects} objects, {args.objects * args.fields} fields (fake Salesforce over HTTPS)")
    print(
        f"{'spec objects':>12} {'spec fields':>11} | {'sfspec trips':>12} {'time':>7} | "
        f"{'naive trips':>11} {'time ratio':>10}"
    )
    try:
        open_live(OrgRef.parse("env"), env=env).read(
            spec_keys(1), managed_types=MANAGED_TYPES
        )  # warm the fake's indexes
        for spec_objects in [
            n for n in (5, 50, 200, 500) if n <= args.objects
        ]:  # a spec cannot touch more objects than the org has
            keys = spec_keys(spec_objects)
            reader = open_live(OrgRef.parse("env"), env=env, policy=RetryPolicy())
            fake.reset_counts()
            t0 = time.perf_counter()
            reader.read(keys, managed_types=MANAGED_TYPES)
            ours, ours_time = fake.round_trips, time.perf_counter() - t0
            fake.reset_counts()
            t0 = time.perf_counter()
            reader.sf.describe()
            for i in range(spec_objects):
                getattr(reader.sf, object_name(i)).describe()
            naive, naive_time = fake.round_trips, time.perf_counter() - t0
            fields = sum(1 for k in keys if k.type == "CustomField")
            print(
                f"{spec_objects:>12} {fields:>11} | {ours:>12} {ours_time:>6.2f}s | {naive:>11} "
                f"{naive_time / ours_time:>9.1f}x"
            )
        if args.full_naive:
            fake.reset_counts()
            t0 = time.perf_counter()
            reader.sf.describe()
            for i in range(args.objects):
                getattr(reader.sf, object_name(i)).describe()
            print(f"naive, every object of the org: {fake.round_trips} round trips, {time.perf_counter() - t0:.1f}s")
        else:
            print(f"naive, every object of the org: {args.objects + 1} round trips (measure with --full-naive)")
    finally:
        fake.close()
    return 0


if __name__ == "__main__":
    raise SystemExit(main())
