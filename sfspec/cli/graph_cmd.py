from __future__ import annotations

import os
from collections.abc import Callable
from pathlib import Path
from typing import Any

import click

from sfspec.cli.options import (
    echo_diagnostics,
    environment_option,
    out_option,
    resolve_spec_path,
    spec_argument,
    use_color,
)
from sfspec.errors import ExitCode
from sfspec.leftovers import remove_stale, temp_file


def output_option(fn: Callable[..., Any]) -> Callable[..., Any]:
    return out_option(
        "output",
        hidden_aliases=("--output",),
        type=click.Path(dir_okay=False),
        metavar="FILE",
        help="Write to FILE instead of standard output.",
    )(fn)


def emit(text: str, output: str | None) -> None:
    """Print, or write FILE atomically (a reader never sees half a diagram)."""
    if output is None:
        click.echo(text, nl=not text.endswith("\n"))
        return
    target = Path(output)
    target.parent.mkdir(parents=True, exist_ok=True)
    remove_stale(target)
    fd, tmp = temp_file(target)
    try:
        with os.fdopen(fd, "w", encoding="utf-8", newline="\n") as handle:
            handle.write(text)
        os.replace(tmp, target)
    except BaseException:
        Path(tmp).unlink(missing_ok=True)
        raise
    click.echo(f"Wrote {target}", err=True)


@click.command()
@spec_argument
@click.option(
    "--format",
    "output_format",
    type=click.Choice(["mermaid", "dot"]),
    default="mermaid",
    show_default=True,
    help="Mermaid flowchart (renders on GitHub) or Graphviz DOT.",
)
@environment_option
@click.option(
    "--plan",
    "plan_file",
    type=click.Path(dir_okay=False),
    metavar="PLAN",
    help="A saved plan (`sfspec plan --out`): highlight the flows and systems it changes.",
)
@output_option
@click.pass_context
def graph(
    ctx: click.Context,
    spec: str | None,
    output_format: str,
    environment: str | None,
    plan_file: str | None,
    output: str | None,
) -> int:
    """Draw the landscape: systems grouped by kind, flows as labelled edges, owners on each system.

    Each flow's label names its objects, transport, timing and volume; a flow through
    middleware is drawn source → middleware → target. With --plan, changed flows and systems
    are highlighted.

    \b
    Example:
      sfspec graph specs/landscape > landscape.mmd
      sfspec graph specs/landscape --format dot | dot -Tsvg > landscape.svg
      sfspec graph specs/landscape --plan dev.plan.json -o changes.mmd
    """
    from sfspec.api import landscape_graph

    text, diags = landscape_graph(
        resolve_spec_path(spec), output_format, environment, Path(plan_file) if plan_file else None
    )
    echo_diagnostics(diags, color=use_color(ctx))
    if text is None:
        click.echo(f"{len(diags.errors())} error(s); no diagram drawn", err=True)
        return ExitCode.ERROR
    emit(text, output)
    return ExitCode.OK
