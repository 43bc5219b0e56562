from __future__ import annotations

from pathlib import Path

import click

from sfspec.cli.options import (
    echo_diagnostics,
    environment_option,
    format_option,
    org_option,
    resolve_spec_path,
    spec_argument,
    use_color,
)
from sfspec.cli.plan_cmd import out_dir_option
from sfspec.errors import ExitCode


@click.command()
@spec_argument
@environment_option
@org_option
@format_option("text", "markdown", "json", "github")
@out_dir_option
@click.pass_context
def drift(
    ctx: click.Context, spec: str | None, environment: str | None, org: str | None, output_format: str, out_dir: str
) -> int:
    """Check that the org still matches the spec, for every component sfspec manages.

    Exit 0 in sync, 2 on drift, 4 on conflicts with unmanaged components, 1 on error. Waivers in
    the spec (`waivers:`) hide a component's drift until they expire; expired waivers are reported.
    `--format github` prints workflow annotations on the spec lines.

    \b
    Example:
      sfspec drift specs/landscape -e prod
      sfspec drift specs/landscape -e prod --format github   # in a nightly GitHub Actions job
    """
    from sfspec.api import drift as find_drift
    from sfspec.cli.plan_view import plan_exit_code, terminal_color
    from sfspec.render import RENDERERS

    report, diags = find_drift(
        resolve_spec_path(spec), environment, org, Path(out_dir), verbose=ctx.find_root().obj.verbose
    )
    echo_diagnostics(diags, color=use_color(ctx))
    if report is None:
        click.echo(f"{len(diags.errors())} error(s); drift not checked", err=True)
        return ExitCode.ERROR
    click.echo(RENDERERS[output_format](report, color=terminal_color(use_color(ctx))), nl=False)
    return plan_exit_code(report.plan, changes=True)
