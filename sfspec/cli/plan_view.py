"""Showing and saving plans, shared by `plan`, `apply` and `drift`."""

from __future__ import annotations

import json
import os
import sys
from pathlib import Path
from typing import Any

import click

from sfspec.errors import ExitCode
from sfspec.leftovers import remove_stale, temp_file


def diagram(run: Any) -> str:
    """The landscape as Mermaid, with what the plan changes highlighted (sfspec.landscape)."""
    from sfspec.api import plan_diagram

    return plan_diagram(run)


def plan_exit_code(plan: Any, *, changes: bool) -> ExitCode:
    """Conflicts exit 4 with or without --detailed-exitcode (CI must be able to gate on them) and win
    over changes, which exit 2 when `changes` is asked for."""
    if plan.conflicts:
        return ExitCode.CONFLICTS
    return ExitCode.CHANGES if changes and plan.has_changes else ExitCode.OK


def terminal_color(color: bool) -> bool:
    """Colour only on a terminal: a plan piped to a file or a PR comment stays plain text."""
    isatty = getattr(sys.stdout, "isatty", None)
    return color and bool(isatty and isatty())


def show_plan(run: Any, output_format: str, color: bool, *, max_chars: int = 0, details_url: str | None = None) -> None:
    from sfspec.render import Report

    report = Report(run.plan, diagram=diagram(run) if output_format == "markdown" else None)
    show_report(report, output_format, color, max_chars=max_chars, details_url=details_url)


def show_report(
    report: Any, output_format: str, color: bool, *, max_chars: int = 0, details_url: str | None = None
) -> None:
    """A plan or drift report on stdout; Markdown fitted into `max_chars` (0 = no limit), its note
    linking to `details_url` when parts are left out."""
    from sfspec.render import RENDERERS, markdown

    if output_format == "markdown":
        click.echo(markdown.render(report, max_chars=max_chars or None, details_url=details_url), nl=False)
        return
    click.echo(RENDERERS[output_format](report, color=terminal_color(color)), nl=False)


def save_plan(plan: Any, path: Path) -> None:
    """Write atomically: a half-written plan must never be applied."""
    path.parent.mkdir(parents=True, exist_ok=True)
    remove_stale(path)
    fd, tmp = temp_file(path)
    with os.fdopen(fd, "w", encoding="utf-8") as handle:
        json.dump(plan.to_json(path.absolute().parent), handle, indent=2, ensure_ascii=False)
        handle.write("\n")
    os.replace(tmp, path)
    click.echo(f"Saved the plan to {path}; apply it with: sfspec apply {path}", err=True)
