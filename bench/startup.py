"""CLI start-up: `sfspec --help` and `sfspec validate` of the bundled landscape as real processes,
best and median of N runs, as ratios to `python -c 'import click'` (what any click CLI pays).
Targets (issue 16): --help ≤ 2×, validate ≤ 3×. With --imports, the slowest imports of
`validate` (python -X importtime).

    python bench/startup.py
    python bench/startup.py --runs 20 --imports
"""

from __future__ import annotations

import argparse
import os
import re
import shutil
import statistics
import subprocess
import sys
import time
from pathlib import Path

ROOT = Path(__file__).resolve().parents[1]
sys.path.insert(0, str(ROOT))

from sfspec.resources import specs_dir  # noqa: E402

TARGETS = {"sfspec --help": 2.0, "sfspec validate <landscape>": 3.0}


def sfspec_command() -> list[str]:
    script = Path(sys.executable).parent / "sfspec"
    found = str(script) if script.exists() else shutil.which("sfspec")
    return [found] if found else [sys.executable, "-m", "sfspec"]


def measured_env() -> dict[str, str]:
    """As an installed sfspec runs: with its bytecode cached (pip compiles a wheel's modules at
    install). PYTHONDONTWRITEBYTECODE, set on some machines and CI images, would have every run of
    an editable checkout compile all of sfspec's sources again, which no user pays."""
    env = {**os.environ, "NO_COLOR": "1"}
    env.pop("PYTHONDONTWRITEBYTECODE", None)
    return env


def timings(cmd: list[str], runs: int) -> list[float]:
    env = measured_env()
    subprocess.run(cmd, capture_output=True, env=env)  # warm-up: writes the bytecode cache
    out = []
    for _ in range(runs):
        start = time.perf_counter()
        proc = subprocess.run(cmd, capture_output=True, env=env)
        out.append(time.perf_counter() - start)
        if proc.returncode != 0:
            raise SystemExit(f"{' '.join(cmd)} exited {proc.returncode}: {proc.stderr.decode()[-500:]}")
    return out


def slowest_imports(cmd_args: list[str], top: int = 12) -> list[tuple[int, str]]:
    proc = subprocess.run(
        [sys.executable, "-X", "importtime", "-m", "sfspec", *cmd_args],
        capture_output=True,
        text=True,
        env=measured_env(),
    )
    rows = []
    for line in proc.stderr.splitlines():
        m = re.match(r"import time:\s+(\d+) \|\s+(\d+) \|(\s*)(\S+)", line)
        if m and len(m[3]) <= 3:  # top-level packages only: their cumulative time
            rows.append((int(m[2]), m[4]))
    return sorted(rows, reverse=True)[:top]


def main() -> int:
    parser = argparse.ArgumentParser(description=__doc__, formatter_class=argparse.RawDescriptionHelpFormatter)
    parser.add_argument("--runs", type=int, default=10)
    parser.add_argument("--imports", action="store_true", help="show the slowest imports of validate")
    args = parser.parse_args()
    sfspec = sfspec_command()
    example = str(specs_dir() / "landscape")  # the bundled landscape
    cases = {
        "python -c pass": [sys.executable, "-c", "pass"],
        "python -c 'import click'": [sys.executable, "-c", "import click"],
        "sfspec --help": [*sfspec, "--help"],
        "sfspec validate <landscape>": [*sfspec, "validate", example],
    }
    print(f"CLI start-up, {args.runs} runs each ({' '.join(sfspec)}), wall time of whole processes")
    print(f"{'command':<28} {'best':>7} {'median':>7} {'best/click':>10} {'median/click':>12} {'target':>7}")
    click = None
    for name, cmd in cases.items():
        times = timings(cmd, args.runs)
        if "import click" in name:
            click = times
        target = TARGETS.get(name)
        ratios = (
            f"{min(times) / min(click):>9.2f}x {statistics.median(times) / statistics.median(click):>11.2f}x"
            if click
            else f"{'':>10} {'':>12}"
        )
        print(
            f"{name:<28} {min(times):>6.3f}s {statistics.median(times):>6.3f}s {ratios} "
            f"{(f'≤ {target:.0f}x' if target else ''):>7}"
        )
    if args.imports:
        print("slowest imports of `sfspec validate` (cumulative µs):")
        for micros, name in slowest_imports(["validate", example]):
            print(f"  {micros:>9}  {name}")
    return 0


if __name__ == "__main__":
    sys.exit(main())
