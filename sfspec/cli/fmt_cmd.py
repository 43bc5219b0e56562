from __future__ import annotations

import difflib

import click

from sfspec.cli.options import echo_diagnostics, resolve_spec_path, spec_argument
from sfspec.errors import ExitCode


@click.command()
@spec_argument
@click.option("--check", is_flag=True, help="Write nothing; exit 2 when a file would change.")
@click.option("--diff", "show_diff", is_flag=True, help="Print a unified diff of what would change.")
def fmt(spec: str | None, check: bool, show_diff: bool) -> int:
    """Rewrite spec files in canonical layout, keeping comments and key order.

    \b
    Example:
      sfspec fmt specs/landscape
      sfspec fmt --check specs/landscape   # in CI: exit 2 when unformatted
    """
    from sfspec.fmt import format_spec

    results, diags = format_spec(resolve_spec_path(spec))
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
        if not check:
            r.path.write_text(r.formatted, encoding="utf-8")
            click.echo(f"formatted {r.path}", err=True)
    if check and changed:
        click.echo(f"{len(changed)} file(s) would be reformatted", err=True)
        return ExitCode.CHANGES
    if not changed:
        click.echo(f"{len(results)} file(s) already formatted", err=True)
    return ExitCode.OK
