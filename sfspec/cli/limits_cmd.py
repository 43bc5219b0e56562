from __future__ import annotations

import json

import click

from sfspec.cli.options import (
    echo_diagnostics,
    environment_option,
    org_option,
    resolve_spec_path,
    spec_argument,
    use_color,
)
from sfspec.errors import ExitCode


@click.command()
@spec_argument
@environment_option
@org_option
@click.option("--offline", is_flag=True, help="Do not read the org's /limits; use the spec's edition and licences.")
@click.option(
    "--format",
    "output_format",
    type=click.Choice(["text", "json"]),
    default="text",
    show_default=True,
    help="A table with a bar per allocation, or JSON.",
)
@click.pass_context
def limits(
    ctx: click.Context, spec: str | None, environment: str | None, org: str | None, offline: bool, output_format: str
) -> int:
    """Estimate what the flows' declared volumes cost against Salesforce's limits.

    Per 24 h: API requests (REST per record vs sObject Collections vs Bulk API 2.0), async Apex
    executions, platform event deliveries and publishing, Bulk API batches and jobs; per
    transaction: callouts, callout time and queueable enqueues. Warns at 80 %, fails (exit 1) at
    100 %, and suggests the transport a flow's volume calls for. Limits come from the spec's
    edition and licences, or from the org's /limits with --org or an environment's org.

    \b
    Example:
      sfspec limits specs/landscape
      sfspec limits specs/landscape -e dev          # dev's volumes and its org's /limits
      sfspec limits specs/landscape -e prod --offline
      sfspec limits specs/landscape --org sf:acme-prod --format json
    """
    from rich.console import Console

    from sfspec.api import landscape_limits
    from sfspec.errors import OrgError
    from sfspec.landscape.limits import Status
    from sfspec.landscape.limits.view import budget_json, render_budget

    root = ctx.find_root().obj
    try:
        made, diags = landscape_limits(
            resolve_spec_path(spec), environment, org, read_org=not offline, verbose=getattr(root, "verbose", 0)
        )
    except OrgError as exc:
        raise OrgError(f"{exc} (or pass --offline to budget with the spec's edition and licences)") from None
    color = use_color(ctx)
    if made is None:
        echo_diagnostics(diags, color=color)
        click.echo(f"{len(diags.errors())} error(s); no budget made", err=True)
        return ExitCode.ERROR
    if output_format == "json":
        payload = {**budget_json(made), "diagnostics": [d.to_dict() for d in diags.sorted()]}
        click.echo(json.dumps(payload, indent=2))
    else:
        console = Console(no_color=not color, highlight=False)
        if not console.is_terminal:
            console = Console(no_color=not color, highlight=False, width=160)  # pipes and files get the full table
        console.print(render_budget(made))
        echo_diagnostics(diags, color=color)
    return ExitCode.ERROR if made.status is Status.ERROR or diags.has_errors() else ExitCode.OK
