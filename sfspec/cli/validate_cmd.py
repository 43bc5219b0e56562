from __future__ import annotations

from pathlib import Path

import click

from sfspec.cli.options import echo_diagnostics, format_option, resolve_spec_paths, specs_argument, specs_only_option
from sfspec.errors import ExitCode


@click.command()
@specs_argument
@format_option("text", "json", "github", "sarif")
@click.option(
    "--disable", multiple=True, metavar="SFSNNN", help="Skip a semantic rule (repeatable); see `sfspec rules`."
)
@specs_only_option
@click.pass_context
def validate(
    ctx: click.Context, specs: tuple[str, ...], output_format: str, disable: tuple[str, ...], specs_only: bool
) -> int:
    """Check specs: YAML, JSON Schema, then the semantic rules (SFSnnn).

    Every finding prints as `path:line:col: SFSnnn message (hint: …)`; all findings of the run
    are reported. Several SPECs may be given; a file that is part of a folder spec checks that
    folder's spec. Without SPEC: the spec in this folder. Exit 0 when valid, 1 when there are errors.

    \b
    --format json     one JSON document: valid, diagnostics, specs
    --format github   GitHub Actions annotations on the spec lines
    --format sarif    SARIF 2.1.0 for code scanning (github/codeql-action/upload-sarif)

    \b
    Example:
      sfspec validate specs/landscape
      sfspec validate my-landscape.yaml --format json
      sfspec validate --specs-only $(git diff --name-only main -- '*.yaml')
    """
    from sfspec.api import check_spec
    from sfspec.cli import findings_view
    from sfspec.cli.options import use_color
    from sfspec.diagnostics import Diagnostics

    disabled = disable  # check_spec refuses a code that is no rule (UsageError, exit 64)
    everything = Diagnostics()
    checked: list[tuple[Path, bool]] = []
    for path in resolve_spec_paths(specs, specs_only):
        found, diags = check_spec(path, disabled)
        everything += diags
        checked.append((path, found is not None))
        if output_format == "text":
            echo_diagnostics(diags, err=False, color=use_color(ctx))
            if found is not None:
                s = found.spec
                click.echo(
                    f"{found.path}: valid ({len(s.systems)} systems, {len(s.objects)} objects, "
                    f"{len(s.flows)} flows, {len(s.environments)} environments)"
                )
    if output_format == "json":
        click.echo(findings_view.validate_json(checked, everything), nl=False)
    elif output_format == "github":
        click.echo(findings_view.github(everything), nl=False)
    elif output_format == "sarif":
        click.echo(findings_view.sarif(everything), nl=False)
    elif not all(ok for _, ok in checked):
        errors = len(everything.errors())
        click.echo(f"{errors} error{'s' if errors != 1 else ''} found", err=True)
    return ExitCode.OK if all(ok for _, ok in checked) else ExitCode.ERROR
