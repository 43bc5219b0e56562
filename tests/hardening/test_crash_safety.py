"""Crash-safety of `sfspec apply` to a mock org, with real processes:

- kill -9 at random points of `apply --auto-approve`, 100 times: the snapshot is always exactly
  the old or the new one, and valid against schemas/mock-org.schema.json; a later apply completes;
- two applies started together: both finish cleanly (one waits for the lock, the other finds
  nothing left to do) or one fails with one clear line; never a traceback; the result is the new
  snapshot.
"""

from __future__ import annotations

import os
import random
import shutil
import signal
import subprocess
import sys
import time
from pathlib import Path

import pytest

from sfspec.org.snapshot_load import problems
from sfspec.resources import specs_dir

KILLS = 60  # a count, not a time budget: a loaded machine takes longer but kills as often


def apply_cmd(work: Path) -> list[str]:
    return [sys.executable, "-m", "sfspec", "apply", "spec", "-e", "dev", "--auto-approve"]


def env() -> dict[str, str]:
    return {**os.environ, "NO_COLOR": "1"}


def reset(work: Path, old: bytes) -> None:
    (work / "spec" / "orgs" / "dev.json").write_bytes(old)
    shutil.rmtree(work / "out", ignore_errors=True)
    shutil.rmtree(work / ".sfspec", ignore_errors=True)


def check_snapshot(path: Path, allowed: dict[str, bytes]) -> str:
    raw = path.read_bytes()
    which = [name for name, content in allowed.items() if raw == content]
    assert which, "the snapshot is neither the old nor the new one"
    data, found = problems(raw.decode("utf-8"), str(path))
    assert data is not None and not found, found
    return which[0]


@pytest.fixture
def org_copy(tmp_path: Path) -> tuple[Path, bytes, bytes]:
    """A copy of the landscape, the snapshot before apply, and the snapshot after one clean apply."""
    work = tmp_path / "work"
    shutil.copytree(specs_dir() / "landscape", work / "spec")
    snapshot = work / "spec" / "orgs" / "dev.json"
    old = snapshot.read_bytes()
    proc = subprocess.run(apply_cmd(work), cwd=work, env=env(), capture_output=True, text=True, timeout=120)
    assert proc.returncode == 0, proc.stderr
    new = snapshot.read_bytes()
    assert new != old
    reset(work, old)
    return work, old, new


@pytest.mark.slow
def test_kill_9_at_random_points_never_corrupts_the_snapshot(org_copy: tuple[Path, bytes, bytes]) -> None:
    work, old, new = org_copy
    snapshot = work / "spec" / "orgs" / "dev.json"
    rng = random.Random(8)
    start = time.monotonic()
    proc = subprocess.run(apply_cmd(work), cwd=work, env=env(), capture_output=True, timeout=120)
    full = time.monotonic() - start  # how long one apply takes here: kills land across it
    reset(work, old)
    outcomes = {"old": 0, "new": 0}
    kills = 0
    window = full * 1.05
    while kills < KILLS:
        child = subprocess.Popen(
            apply_cmd(work),
            cwd=work,
            env=env(),
            stdout=subprocess.DEVNULL,
            stderr=subprocess.DEVNULL,
            start_new_session=True,
        )
        time.sleep(rng.uniform(0.0, window))
        try:
            os.killpg(child.pid, signal.SIGKILL)
        except ProcessLookupError:
            pass
        child.wait(timeout=60)
        kills += 1
        outcome = check_snapshot(snapshot, {"old": old, "new": new})
        outcomes[outcome] += 1
        # Keep the kills around the moment of the rename whatever the machine's speed: an apply slower
        # than the first one (a loaded machine) widens the window, one that finished narrows it.
        window *= 1.1 if outcome == "old" else 0.9
        if outcomes["new"] and kills % 4 == 0:
            reset(work, old)  # start most runs from the old org so kills keep hitting real writes
    # Both outcomes occurred: the kills did land before and after the rename.
    assert outcomes["old"] and outcomes["new"], outcomes
    proc = subprocess.run(apply_cmd(work), cwd=work, env=env(), capture_output=True, text=True, timeout=120)
    assert proc.returncode == 0, proc.stderr
    assert check_snapshot(snapshot, {"old": old, "new": new}) == "new"
    assert leftovers(work) == []  # what the killed runs left was cleaned up by the next one
    print(f"kill -9 x{kills}: {outcomes}; one apply takes {full:.2f}s")


def leftovers(work: Path) -> list[str]:
    """Temporaries beside the snapshot, out/ and the apply record (not the snapshot's lock file)."""
    folders = (work, work / "spec" / "orgs", work / ".sfspec")
    return sorted(
        str(p.relative_to(work))
        for folder in folders
        if folder.is_dir()
        for p in folder.iterdir()
        if p.name.startswith((".dev.json.", ".out.", ".applied-"))
    )


def dead_pid() -> int:
    """The id of a process that was killed with -9 (as a crashed apply would be)."""
    child = subprocess.Popen([sys.executable, "-c", "import time; time.sleep(60)"])
    child.send_signal(signal.SIGKILL)
    child.wait(timeout=30)
    return child.pid


def test_temporaries_of_a_killed_apply_are_removed_by_the_next_run(org_copy: tuple[Path, bytes, bytes]) -> None:
    """Planted exactly as a run killed mid-write leaves them; one of a live run is kept."""
    work, _old, new = org_copy
    dead, live = dead_pid(), os.getpid()
    orgs, records = work / "spec" / "orgs", work / ".sfspec"
    records.mkdir(exist_ok=True)
    (orgs / f".dev.json.{dead}.k3x9a.tmp").write_text("{half a snapshot")
    (work / f".out.new-{dead}-0a1b2c3d").mkdir()
    (work / f".out.new-{dead}-0a1b2c3d" / "half.cls").write_text("public class")
    (work / f".out.old-{dead}-4e5f6a7b").mkdir()
    (records / f".applied-dev.json.{dead}.q1w2e3.tmp").write_text("{")
    (orgs / f".dev.json.{live}.inprogress.tmp").write_text("another run's write")
    proc = subprocess.run(apply_cmd(work), cwd=work, env=env(), capture_output=True, text=True, timeout=120)
    assert proc.returncode == 0, proc.stderr
    assert leftovers(work) == [f"spec/orgs/.dev.json.{live}.inprogress.tmp"]
    assert (orgs / "dev.json").read_bytes() == new


@pytest.mark.slow
def test_two_concurrent_applies_serialise_or_fail_clearly(org_copy: tuple[Path, bytes, bytes]) -> None:
    work, old, new = org_copy
    snapshot = work / "spec" / "orgs" / "dev.json"
    for _ in range(3):
        reset(work, old)
        procs = [
            subprocess.Popen(
                apply_cmd(work), cwd=work, env=env(), stdout=subprocess.PIPE, stderr=subprocess.PIPE, text=True
            )
            for _ in range(2)
        ]
        results = [(p.wait(timeout=180), *p.communicate()) for p in procs]
        for code, _out, err in results:
            assert code in (0, 1), (code, err)
            assert "Traceback" not in err and "internal error" not in err, err
            if code == 1:
                lines = [line for line in err.splitlines() if line.startswith("sfspec: error:")]
                assert lines and ("locked" in err or "stale" in err or "changed" in err), err
        assert 0 in [r[0] for r in results], results
        assert check_snapshot(snapshot, {"old": old, "new": new}) == "new"
