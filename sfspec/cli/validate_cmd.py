from __future__ import annotations

import json
from typing import Any

import click

from sfspec.cli.options import echo_diagnostics, format_option, resolve_spec_path, spec_argument, use_color


@click.command()
@spec_argument
@format_option("text", "json")
@click.option(
    "--disable", multiple=True, metavar="SFSNNN", help="Skip a semantic rule (repeatable); see `sfspec rules`."
)
@click.pass_context
def validate(ctx: click.Context, spec: str | None, output_format: str, disable: tuple[str, ...]) -> int:
    """Check a spec: YAML, JSON Schema, then the semantic rules (SFSnnn).

    Every finding prints as `path:line:col: SFSnnn message (hint: …)`; all findings of the run
    are reported. Exit 0 when valid, 1 when there are errors.

    \b
    Example:
      sfspec validate specs/landscape
      sfspec validate my-landscape.yaml --format json
    """
    from sfspec.api import check_spec

    checked, diags = check_spec(resolve_spec_path(spec), disable)
    if output_format == "json":
        payload: dict[str, Any] = {"valid": checked is not None, "diagnostics": [d.to_dict() for d in diags.sorted()]}
        click.echo(json.dumps(payload, indent=2))
    else:
        echo_diagnostics(diags, err=False, color=use_color(ctx))
        if checked is not None:
            s = checked.spec
            click.echo(
                f"{checked.path}: valid ({len(s.systems)} systems, {len(s.objects)} objects, "
                f"{len(s.flows)} flows, {len(s.environments)} environments)"
            )
        else:
            errors = len(diags.errors())
            click.echo(f"{errors} error{'s' if errors != 1 else ''} found", err=True)
    return 0 if checked is not None else 1
