"""Round trips (and wall time) to read an org of 2,000 objects / 60,000 fields for a plan, and of a
live apply of the bundled landscape.

Runs the real live reader (simple-salesforce over HTTPS) against the fake Salesforce from
tests/fakesf, for specs of several sizes up to 50,000 members, beside the naive approach: one
describe per object the spec touches (plus describeGlobal), and one per object in the org. Times
are ratios to sfspec's. "trips" counts HTTP requests; "rounds" counts them as the reader waits for
them (requests sent concurrently count once). Targets: plan ≤ 6 rounds, apply ≤ 8.

Rounds are counted where the fake receives the requests, and the fake runs in this process: it
builds a retrieve's zip before answering (Salesforce queues the job and answers at once), work
that competes for the GIL with the threads still sending the other packages, so requests sent
together can reach it apart and a read of several packages shows more rounds than the 3 it waits
for (tests/unit/org/live/test_roundtrips.py proves they are sent concurrently by holding them
until they meet). Each spec is therefore read `--repeat` times and its rounds printed as min-max.

    python bench/roundtrips.py            # add --full-naive to measure 2,001 describes too
"""

from __future__ import annotations

import argparse
import os
import sys
import tempfile
import time
from pathlib import Path
from typing import Any

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
    parser.add_argument("--repeat", type=int, default=3, help="reads per spec size (rounds vary with timing)")
    parser.add_argument("--full-naive", action="store_true", help="also time one describe per object of the org")
    args = parser.parse_args()
    tls = make_tls_files(Path(tempfile.mkdtemp(prefix="sfspec-bench-")))
    os.environ["REQUESTS_CA_BUNDLE"] = str(tls.ca_file)
    fake = start(big_org(args.objects, args.fields), tls)
    fake.issue_token(TOKEN)
    env = {"SF_INSTANCE_URL": fake.url, "SF_ACCESS_TOKEN": TOKEN}
    print(f"org: {args.objects} objects, {args.objects * args.fields} fields (fake Salesforce over HTTPS)")
    print(
        f"{'spec objects':>12} {'members':>8} | {'sfspec trips':>12} {'rounds':>6} {'time':>7} | "
        f"{'naive trips':>11} {'time ratio':>10}"
    )
    try:
        open_live(OrgRef.parse("env"), env=env).read(
            spec_keys(1), managed_types=MANAGED_TYPES
        )  # warm the fake's indexes
        sizes = [(5, 10), (50, 10), (500, 10), (1700, 28)]  # 1,700 × 29 members: just under 50,000
        for spec_objects, spec_fields in [
            (n, f) for n, f in sizes if n <= args.objects and f <= args.fields
        ]:  # a spec cannot touch more objects than the org has
            keys = spec_keys(spec_objects, spec_fields)
            seen: list[int] = []
            for _ in range(max(1, args.repeat)):
                reader = open_live(OrgRef.parse("env"), env=env, policy=RetryPolicy())
                fake.reset_counts()
                t0 = time.perf_counter()
                reader.read(keys, managed_types=MANAGED_TYPES)
                ours, ours_time = fake.round_trips, time.perf_counter() - t0  # the last read's
                seen.append(fake.rounds)
            rounds = f"{min(seen)}-{max(seen)}" if min(seen) != max(seen) else str(min(seen))
            fake.reset_counts()
            t0 = time.perf_counter()
            reader.sf.describe()
            for i in range(spec_objects):
                getattr(reader.sf, object_name(i)).describe()
            naive, naive_time = fake.round_trips, time.perf_counter() - t0
            print(
                f"{spec_objects:>12} {len(keys):>8} | {ours:>12} {rounds:>6} "
                f"{ours_time:>6.2f}s | {naive:>11} {naive_time / ours_time:>9.1f}x"
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
    apply_trips(tls)
    return 0


def apply_trips(tls: Any) -> None:
    """A live plan and apply of the bundled landscape (its dev org as the fake's content)."""
    import json
    import shutil

    from sfspec import api
    from sfspec.resources import specs_dir

    seed = json.loads((specs_dir() / "landscape" / "orgs" / "dev.json").read_text(encoding="utf-8"))
    fake = start(seed, tls)
    fake.issue_token(TOKEN)
    os.environ.update({"SF_INSTANCE_URL": fake.url, "SF_ACCESS_TOKEN": TOKEN})
    work = Path(tempfile.mkdtemp(prefix="sfspec-bench-apply-"))
    try:
        spec = work / "landscape"
        shutil.copytree(specs_dir() / "landscape", spec)
        fake.reset_counts()
        run, diags = api.plan(spec, "dev", org="env", out_dir=work / "out")
        if run is None:
            raise SystemExit("\n".join(d.format() for d in diags.errors()))
        planned, planned_rounds = fake.round_trips, fake.rounds
        fake.reset_counts()
        api.apply(run)
        print(
            f"bundled landscape, live: plan {planned} trips in {planned_rounds} rounds, "
            f"apply {fake.round_trips} trips in {fake.rounds} rounds (targets ≤ 6 and ≤ 8 rounds)"
        )
    finally:
        fake.close()
        shutil.rmtree(work, ignore_errors=True)


if __name__ == "__main__":
    raise SystemExit(main())
