"""Shared helpers for the hardening suite: a bounded hypothesis profile, an in-process CLI runner
that proves "exit 1, positioned message, no traceback", and a snapshot of the files a run may touch.
"""

from __future__ import annotations

import os
import re
import tempfile
from dataclasses import dataclass
from pathlib import Path

import pytest
from hypothesis import HealthCheck, settings

# Bounded so the whole hardening suite stays within a few minutes on 2 cores; raise locally with
# HYPOTHESIS_PROFILE=deep for a longer hunt.
settings.register_profile(
    "hardening",
    max_examples=40,
    deadline=None,
    derandomize=True,
    suppress_health_check=[HealthCheck.too_slow, HealthCheck.function_scoped_fixture, HealthCheck.data_too_large],
)
settings.register_profile("deep", max_examples=2000, deadline=None, suppress_health_check=list(HealthCheck))
settings.load_profile(os.environ.get("HYPOTHESIS_PROFILE", "hardening"))

POSITIONED = re.compile(r"^(?P<path>.+?):(?P<line>\d+):(?P<col>\d+): (?P<code>SFS\d{3}) ", re.MULTILINE)
TRACEBACK_MARKERS = ("Traceback (most recent call last)", "internal error", "please report")


@dataclass(frozen=True)
class Run:
    code: int
    out: str
    err: str

    @property
    def text(self) -> str:
        return self.out + self.err

    def findings(self) -> list[re.Match[str]]:
        return list(POSITIONED.finditer(self.text))


def run_cli(args: list[str], capsys: pytest.CaptureFixture[str]) -> Run:
    from sfspec.cli import main

    capsys.readouterr()
    code = main(args)
    captured = capsys.readouterr()
    return Run(int(code), captured.out, captured.err)


def tree(root: Path) -> dict[str, tuple[int, int]]:
    """Every file under root with its size and mtime: what a run must leave untouched."""
    found: dict[str, tuple[int, int]] = {}
    for dirpath, dirnames, filenames in os.walk(root):
        for name in dirnames + filenames:
            p = Path(dirpath) / name
            try:
                st = p.lstat()
            except OSError:
                continue
            found[str(p.relative_to(root))] = (st.st_size, st.st_mtime_ns)
    return found


@pytest.fixture
def sandbox(tmp_path: Path, monkeypatch: pytest.MonkeyPatch) -> Path:
    """A working directory and a private temp dir, so 'nothing written anywhere' can be checked."""
    work = tmp_path / "work"
    temp = tmp_path / "tmp"
    work.mkdir()
    temp.mkdir()
    monkeypatch.chdir(work)
    monkeypatch.setenv("TMPDIR", str(temp))
    monkeypatch.setattr(tempfile, "tempdir", str(temp))
    return work
