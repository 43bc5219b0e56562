"""The small exception taxonomy and the exit codes it maps to (DESIGN.md §2).

Stages report user mistakes as Diagnostics; exceptions are kept for conditions that end a run.
"""

from __future__ import annotations

from enum import IntEnum

from sfspec.diagnostics import Diagnostics


class ExitCode(IntEnum):
    OK = 0
    ERROR = 1
    CHANGES = 2  # plan --detailed-exitcode, drift
    INTERNAL = 3  # a bug in sfspec: "please report"
    FMT_CHANGES = 3  # fmt --check found files to rewrite (DESIGN.md proposal)
    USAGE = 64  # EX_USAGE; never 2, which means "changes present"
    INTERRUPTED = 130


class SfspecError(Exception):
    """A fatal, expected condition. Its message is one line, safe to print (no secrets)."""

    exit_code = ExitCode.ERROR


class UsageError(SfspecError):
    exit_code = ExitCode.USAGE


class SpecError(SfspecError):
    """The spec could not be used; the diagnostics say why, each with a location."""

    def __init__(self, diagnostics: Diagnostics, message: str = "the spec has errors") -> None:
        super().__init__(message)
        self.diagnostics = diagnostics


class OrgError(SfspecError):
    """Reading or writing the org failed (auth, permissions, network after retries)."""


class ApplyFailed(SfspecError):
    """A deploy or a mock-org write did not complete; nothing was recorded as applied."""

    def __init__(self, message: str, details: list[str] | None = None) -> None:
        super().__init__(message)
        self.details = details or []


class StalePlan(SfspecError):
    """A saved plan no longer matches the org or the spec it was made from."""
