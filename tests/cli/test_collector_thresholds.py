"""`sfspec` runs each command with the cycle collector's young collections made rarer (a plan's
objects live until it ends), and gives the process its own thresholds back afterwards: main() also
runs inside test processes and programs that embed it."""

from __future__ import annotations

import gc
from collections.abc import Sequence

import pytest

import sfspec.cli
from sfspec.cli import COLLECTOR_THRESHOLDS, main


def test_a_command_runs_with_the_thresholds_and_they_are_restored(monkeypatch: pytest.MonkeyPatch) -> None:
    seen: list[tuple[int, int, int]] = []

    def run(argv: Sequence[str] | None) -> int:
        seen.append(gc.get_threshold())
        return 0

    monkeypatch.setattr(sfspec.cli, "_run", run)
    before = gc.get_threshold()
    assert before != COLLECTOR_THRESHOLDS
    assert main(["--version"]) == 0
    assert seen == [COLLECTOR_THRESHOLDS]
    assert gc.get_threshold() == before


def test_restored_when_the_command_raises(monkeypatch: pytest.MonkeyPatch) -> None:
    def run(argv: Sequence[str] | None) -> int:
        raise KeyboardInterrupt

    monkeypatch.setattr(sfspec.cli, "_run", run)
    before = gc.get_threshold()
    with pytest.raises(KeyboardInterrupt):
        main(["plan"])
    assert gc.get_threshold() == before
