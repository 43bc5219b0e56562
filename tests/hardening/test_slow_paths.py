"""Inputs that used to take minutes (quadratic or repeated work), through the real CLI process.
The timeouts are hang guards far above the linear cost (a second or two), not speed assertions:
the speed itself is measured in bench/."""

from __future__ import annotations

import json
import os
import shutil
import subprocess
import sys
from pathlib import Path

import pytest

from sfspec.resources import specs_dir

from .conftest import POSITIONED, TRACEBACK_MARKERS

GUARD_S = 150


@pytest.fixture
def work(tmp_path: Path) -> Path:
    shutil.copytree(specs_dir() / "landscape", tmp_path / "spec")
    return tmp_path


def sfspec(work: Path, *args: str) -> subprocess.CompletedProcess[str]:
    return subprocess.run(
        [sys.executable, "-m", "sfspec", *args],
        cwd=work,
        env={**os.environ, "NO_COLOR": "1"},
        capture_output=True,
        text=True,
        timeout=GUARD_S,
    )


def test_a_long_comment_line_is_scanned_for_secrets_in_linear_time(work: Path) -> None:
    """250 KB of letters before a `user:password@` URL: the scheme pattern was tried from every
    letter to the end of the run (105 s); now one finding at the URL's column, at once."""
    flows = work / "spec" / "flows.yaml"
    lines = flows.read_text().splitlines()
    lines.append("# " + "a" * 250_000 + " see https://deploy:hunter2canary@erp.acme.example")
    flows.write_text("\n".join(lines) + "\n")
    proc = sfspec(work, "validate", "spec")
    assert proc.returncode == 1, proc.stderr[-2000:]
    found = [m for m in POSITIONED.finditer(proc.stdout + proc.stderr) if m["code"] == "SFS122"]
    assert len(found) == 1 and int(found[0]["line"]) == len(lines) and int(found[0]["col"]) == 250_008
    assert "hunter2canary" not in proc.stdout + proc.stderr


def test_300_schema_errors_in_a_mock_org_are_located_from_one_parse(work: Path) -> None:
    """Each schema error re-parsed the snapshot to find its line (300 errors: 7 minutes)."""
    snapshot = json.loads((work / "spec" / "orgs" / "dev.json").read_text())
    for i in range(300):
        snapshot["objects"][f"Broken_{i:03d}__c"] = {"fields": 7}
    (work / "org.json").write_text(json.dumps(snapshot, indent=2))
    proc = sfspec(work, "plan", "spec", "--org", "mock:org.json")
    assert proc.returncode == 1, proc.stderr[-2000:]
    for marker in TRACEBACK_MARKERS:
        assert marker not in proc.stderr
    located = [line for line in proc.stderr.splitlines() if "org.json:" in line and "fields" in line]
    assert len(located) == 300 and "(300 problems)" in proc.stderr
    assert len({line.split(": ", 1)[0] for line in located}) == 300  # each at its own line:col
