from __future__ import annotations

import click

from sfspec.cli.graph_cmd import emit, output_option
from sfspec.cli.options import echo_diagnostics, environment_option, resolve_spec_path, spec_argument, use_color
from sfspec.errors import ExitCode


@click.command()
@spec_argument
@click.option(
    "--format",
    "output_format",
    type=click.Choice(["markdown", "json"]),
    default="markdown",
    show_default=True,
    help="A Markdown page or JSON (schemas/dictionary.schema.json).",
)
@environment_option
@output_option
@click.pass_context
def docs(ctx: click.Context, spec: str | None, output_format: str, environment: str | None, output: str | None) -> int:
    """Write the data dictionary: every object and field with its type, owner, external IDs and
    the flows that read and write it, plus a systems × objects matrix (owns / reads / writes).

    \b
    Example:
      sfspec docs specs/landscape -o docs/data-dictionary.md
      sfspec docs specs/landscape --format json | jq '.objects[].name'
    """
    from sfspec.api import landscape_docs

    text, diags = landscape_docs(resolve_spec_path(spec), output_format, environment)
    echo_diagnostics(diags, color=use_color(ctx))
    if text is None:
        click.echo(f"{len(diags.errors())} error(s); no data dictionary written", err=True)
        return ExitCode.ERROR
    emit(text, output)
    return ExitCode.OK
