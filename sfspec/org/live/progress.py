"""Progress while a live org is read, on stderr through rich: a spinner in a terminal, one line per
step with -v (and in CI logs), nothing otherwise. Steps never contain a token."""

from __future__ import annotations

from typing import Any


class Progress:
    def __init__(self, console: Any = None, verbose: int = 0) -> None:
        if console is None:
            from rich.console import Console

            console = Console(stderr=True)
        self.console = console
        self.verbose = verbose
        self._status: Any = None

    def __call__(self, step: str) -> None:
        if self.verbose:
            self.console.print(f"[dim]org:[/dim] {step}", highlight=False)
        elif self.console.is_terminal:
            if self._status is None:
                self._status = self.console.status(step)
                self._status.start()
            else:
                self._status.update(step)

    def done(self) -> None:
        if self._status is not None:
            self._status.stop()
            self._status = None
