"""Options and helpers shared by commands, defined once."""

from __future__ import annotations

import os
from collections.abc import Callable
from pathlib import Path
from typing import Any

import click

DEFAULT_SPECS = ("sfspec.yaml", "sfspec.yml", "spec")


def resolve_spec_path(value: str | None) -> Path:
    if value:
        return Path(value)
    for candidate in DEFAULT_SPECS:
        if Path(candidate).exists():
            return Path(candidate)
    raise click.UsageError("no SPEC given and no sfspec.yaml or spec/ folder here; pass the spec file or folder")


def spec_argument(fn: Callable[..., Any]) -> Callable[..., Any]:
    return click.argument("spec", required=False, metavar="[SPEC]")(fn)


def environment_option(fn: Callable[..., Any]) -> Callable[..., Any]:
    return click.option(
        "-e", "--env", "environment", metavar="ENV", help="Environment of the spec (its org and overrides)."
    )(fn)


def org_option(fn: Callable[..., Any]) -> Callable[..., Any]:
    return click.option(
        "--org",
        "org",
        metavar="ORG",
        help="Org to compare with: mock:PATH, source:DIR, sf:ALIAS or env (default: the environment's org).",
    )(fn)


def format_option(*choices: str, default: str = "text") -> Callable[..., Any]:
    return click.option(
        "--format",
        "output_format",
        type=click.Choice(choices),
        default=default,
        show_default=True,
        help="Output format.",
    )


def use_color(ctx: click.Context) -> bool:
    settings = ctx.find_root().obj
    return not (getattr(settings, "no_color", False) or os.environ.get("NO_COLOR"))


def echo_diagnostics(diags: Any, *, err: bool = True, color: bool = False) -> None:
    for diag in diags.sorted():
        line = diag.format()
        if color:
            style = {"error": "red", "warning": "yellow"}.get(diag.severity.value)
            line = click.style(line, fg=style) if style else line
        click.echo(line, err=err)
