from __future__ import annotations

import difflib
from pathlib import Path

import click

from sfspec.cli.options import echo_diagnostics, resolve_spec_path, specs_argument, specs_only_option
from sfspec.errors import ExitCode


@click.command()
@specs_argument
@click.option("--check", is_flag=True, help="Write nothing; exit 2 when a file would change.")
@click.option("--diff", "show_diff", is_flag=True, help="Print a unified diff of what would change; write nothing.")
@specs_only_option
def fmt(specs: tuple[str, ...], check: bool, show_diff: bool, specs_only: bool) -> int:
    """Rewrite spec files in canonical layout, keeping comments and key order.

    Takes spec files and folders (a folder: the files of its spec). Without SPEC: the spec in
    this folder.

    \b
    Example:
      sfspec fmt specs/landscape
      sfspec fmt --diff specs/landscape    # show what would change
      sfspec fmt --check specs/landscape   # in CI: exit 2 when unformatted
    """
    from sfspec.diagnostics import Diagnostics
    from sfspec.fmt import format_spec

    paths = [Path(s) for s in specs] or [resolve_spec_path(None)]
    results = []
    diags = Diagnostics()
    for path in paths:
        found, problems = format_spec(path, specs_only=specs_only)
        results += found
        diags += problems
    if diags.has_errors():
        echo_diagnostics(diags)
        return ExitCode.ERROR
    changed = [r for r in results if r.changed]
    for r in changed:
        if show_diff or check:
            click.echo(
                "".join(
                    difflib.unified_diff(
                        r.original.splitlines(True), r.formatted.splitlines(True), str(r.path), f"{r.path} (formatted)"
                    )
                ),
                nl=False,
            )
        if not (check or show_diff):
            r.path.write_text(r.formatted, encoding="utf-8")
            click.echo(f"formatted {r.path}", err=True)
    if check and changed:
        click.echo(f"{len(changed)} file(s) would be reformatted", err=True)
        return ExitCode.CHANGES
    if not changed:
        click.echo(f"{len(results)} file(s) already formatted", err=True)
    return ExitCode.OK
