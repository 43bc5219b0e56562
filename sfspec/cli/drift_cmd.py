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
from sfspec.cli.plan_cmd import max_chars_option, out_dir_option
from sfspec.errors import ExitCode


@click.command()
@spec_argument
@environment_option
@org_option
@format_option("text", "markdown", "json", "github")
@max_chars_option
@out_dir_option
@click.pass_context
def drift(
    ctx: click.Context,
    spec: str | None,
    environment: str | None,
    org: str | None,
    output_format: str,
    max_chars: int,
    details_url: str | None,
    out_dir: str,
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
    from sfspec.cli.findings_view import errors_json
    from sfspec.cli.plan_view import plan_exit_code, show_report

    report, diags = find_drift(
        resolve_spec_path(spec), environment, org, Path(out_dir), verbose=ctx.find_root().obj.verbose
    )
    echo_diagnostics(diags, color=use_color(ctx))
    if report is None:
        if output_format == "json":  # a CI step parsing stdout gets the errors as JSON too
            click.echo(errors_json(diags), nl=False)
        click.echo(f"{len(diags.errors())} error(s); drift not checked", err=True)
        return ExitCode.ERROR
    show_report(report, output_format, use_color(ctx), max_chars=max_chars, details_url=details_url)
    return plan_exit_code(report.plan, changes=True)
