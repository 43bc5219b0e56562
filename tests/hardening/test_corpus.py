"""Every hostile spec of the corpus: exit 1, a positioned `path:line:col: SFSnnn` finding with one of
the expected codes, no traceback, no secret echoed, and no file written anywhere.

Each case runs through every spec-taking command that exists (validate, build, plan) in-process;
a sample also runs as a real `python -m sfspec` subprocess, the way a user's shell runs it.
"""

from __future__ import annotations

import os
import re
import subprocess
import sys
from pathlib import Path

import pytest

from .conftest import POSITIONED, TRACEBACK_MARKERS, Run, run_cli, tree
from .corpus import SPEC, Case, SnapshotCase, all_cases, base_text, landscape_files, snapshot_cases

CASES = all_cases()


def commands() -> list[list[str]]:
    import click

    from sfspec.cli import cli

    names = cli.list_commands(click.Context(cli))
    found = [["validate"]]
    if "build" in names:
        found.append(["build", "--out", "out"])
    if "plan" in names:
        found.append(["plan", "--org", "mock:org.json"])
    if "apply" in names:
        found.append(["apply", "--auto-approve", "--org", "mock:org.json"])
    return found


def materialise(case: Case, root: Path) -> None:
    for rel, content in case.files.items():
        path = root / rel
        path.parent.mkdir(parents=True, exist_ok=True)
        path.write_bytes(content)
    for rel, target in case.symlinks.items():
        link = root / rel
        link.parent.mkdir(parents=True, exist_ok=True)
        if target == "<fifo>":
            os.mkfifo(link)
        else:
            link.symlink_to(target)


def check_rejected(case: Case, run: Run, root: Path) -> None:
    assert run.code == 1, f"exit {run.code}\n{run.text[-2000:]}"
    for marker in TRACEBACK_MARKERS:
        assert marker not in run.text, run.text[-2000:]
    findings = run.findings()
    assert findings, f"no positioned finding:\n{run.text[-2000:]}"
    matching = [m for m in findings if m["code"] in case.codes]
    assert matching, (
        f"expected one of {sorted(case.codes)}, got {sorted({m['code'] for m in findings})}:\n{run.text[:2000]}"
    )
    first = matching[0]
    # a name that is not UTF-8 is printed with `\xff` escapes; map them back to the bytes on disk
    shown = Path(re.sub(r"\\x([0-9a-f]{2})", lambda m: chr(0xDC00 + int(m[1], 16)), first["path"]))
    assert (root / shown).exists() or shown.exists() or (root / shown).is_symlink(), first["path"]
    if case.line is not None:
        assert int(first["line"]) == case.line, f"expected line {case.line}:\n{run.text[:1000]}"
    if case.secret:
        assert case.secret not in run.text


def test_corpus_is_large_enough() -> None:
    assert len(CASES) >= 300, len(CASES)


def test_base_spec_is_valid(sandbox: Path, capsys: pytest.CaptureFixture[str]) -> None:
    """The unmutated base passes, so every rejection below is caused by its one mutation."""
    (sandbox / SPEC).write_text(base_text(), encoding="utf-8")
    run = run_cli(["validate", SPEC], capsys)
    assert run.code == 0, run.text
    for rel, content in landscape_files().items():
        (sandbox / rel).parent.mkdir(exist_ok=True)
        (sandbox / rel).write_bytes(content)
    assert run_cli(["validate", "spec"], capsys).code == 0


@pytest.mark.parametrize("case", CASES, ids=[c.id for c in CASES])
def test_hostile_spec_is_rejected_cleanly(case: Case, sandbox: Path, capsys: pytest.CaptureFixture[str]) -> None:
    materialise(case, sandbox)
    temp = Path(os.environ["TMPDIR"])
    before, temp_before = tree(sandbox), tree(temp)
    for command in commands():
        run = run_cli([*command, case.target], capsys)
        check_rejected(case, run, sandbox)
        assert tree(sandbox) == before, f"{command[0]} wrote files"
        assert tree(temp) == temp_before, f"{command[0]} wrote temp files"
        assert not (sandbox / "out").exists()


SUBPROCESS_SAMPLE = CASES[::12]


@pytest.mark.parametrize("case", SUBPROCESS_SAMPLE, ids=[c.id for c in SUBPROCESS_SAMPLE])
def test_hostile_spec_through_real_entry_point(case: Case, tmp_path: Path) -> None:
    work, temp = tmp_path / "work", tmp_path / "tmp"
    work.mkdir()
    temp.mkdir()
    materialise(case, work)
    before = tree(work)
    env = {**os.environ, "TMPDIR": str(temp), "NO_COLOR": "1"}
    proc = subprocess.run(
        [sys.executable, "-m", "sfspec", "validate", case.target],
        cwd=work,
        env=env,
        capture_output=True,
        text=True,
        timeout=120,
    )
    run = Run(proc.returncode, proc.stdout, proc.stderr)
    check_rejected(case, run, work)
    assert "Traceback" not in proc.stderr
    assert tree(work) == before and not any(temp.iterdir())
    assert POSITIONED.search(run.text)


SNAPSHOTS = snapshot_cases()
POSITIONED_ANY = re.compile(r"^\s*(?P<path>\S+?):(?P<line>\d+):(?P<col>\d+): ", re.MULTILINE)


@pytest.mark.parametrize("case", SNAPSHOTS, ids=[c.id for c in SNAPSHOTS])
def test_hostile_snapshot_is_rejected_cleanly(
    case: SnapshotCase, sandbox: Path, capsys: pytest.CaptureFixture[str]
) -> None:
    """A broken mock org: plan and apply exit 1 with a positioned line into the snapshot, write nothing."""
    (sandbox / SPEC).write_text(base_text(), encoding="utf-8")
    (sandbox / "org.json").write_bytes(case.content)
    temp = Path(os.environ["TMPDIR"])
    before, temp_before = tree(sandbox), tree(temp)
    for command in (
        ["plan", SPEC, "--org", "mock:org.json"],
        ["apply", SPEC, "--auto-approve", "--org", "mock:org.json"],
    ):
        run = run_cli(command, capsys)
        assert run.code == 1, (command, run.code, run.text[-2000:])
        for marker in TRACEBACK_MARKERS:
            assert marker not in run.text, run.text[-2000:]
        where = [m for m in POSITIONED_ANY.finditer(run.text) if m["path"].endswith("org.json")]
        assert where, f"no positioned line into org.json:\n{run.text[-2000:]}"
        if case.line is not None:
            assert int(where[0]["line"]) == case.line, run.text[-1000:]
        assert "00Dx!secret" not in run.text
        assert tree(sandbox) == before and tree(temp) == temp_before, f"{command[0]} wrote files"
