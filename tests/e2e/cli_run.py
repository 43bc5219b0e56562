"""Run the real CLI entry point in-process, with CliRunner's stream isolation."""

from __future__ import annotations

from dataclasses import dataclass

from click.testing import CliRunner

from sfspec.cli import main


@dataclass
class Run:
    code: int
    out: str
    err: str


def sfspec(*args: str, input: str | None = None) -> Run:
    """`main()` maps exceptions to exit codes exactly as the console script does."""
    with CliRunner().isolation(input=input) as (out, err, _):
        code = main(list(args))
    return Run(code, out.getvalue().decode(), err.getvalue().decode())
