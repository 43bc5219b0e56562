"""The exit codes of every command, and the small exception taxonomy that maps to them.

Stages report user mistakes as Diagnostics; exceptions are kept for conditions that end a run.
"""

from __future__ import annotations

from collections.abc import Iterable
from enum import IntEnum, unique


@unique
class ExitCode(IntEnum):
    """The one table of exit codes; each value means one thing (README, "Commands")."""

    OK = 0
    ERROR = 1  # the spec, the org or the input is wrong; the lines before say why
    CHANGES = 2  # changes present: plan --detailed-exitcode, drift, fmt --check found files to reformat
    INTERNAL = 3  # a bug in sfspec: "please report"
    CONFLICTS = 4  # plan and drift: the org holds unmanaged components sfspec would overwrite (wins over 2)
    USAGE = 64  # EX_USAGE; never 2, which means "changes present"
    INTERRUPTED = 130


class SfspecError(Exception):
    """A fatal, expected condition. Its message is one line, safe to print (no secrets); `details`
    are further lines (one per problem) the CLI prints under it."""

    exit_code = ExitCode.ERROR

    def __init__(self, message: str = "", details: Iterable[str] = ()) -> None:
        super().__init__(message)
        self.details = list(details)


class UsageError(SfspecError):
    exit_code = ExitCode.USAGE


class OrgError(SfspecError):
    """Reading or writing the org failed (auth, permissions, network after retries)."""


class ApplyFailed(SfspecError):
    """A deploy or a mock-org write did not complete; nothing was recorded as applied."""


class StalePlan(SfspecError):
    """A saved plan no longer matches the org or the spec it was made from."""
