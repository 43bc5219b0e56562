from __future__ import annotations

from pathlib import Path

import click

from sfspec.cli.options import echo_diagnostics, environment_option, use_color
from sfspec.errors import ExitCode


@click.group()
def org() -> None:
    """Work with an org's state: save it as a mock org for offline plans.

    \b
    Example:
      sfspec org snapshot --org sf:acme-prod -o specs/landscape/orgs/prod.json
    """


@org.command()
@click.option(
    "--org", "org_ref", required=True, metavar="ORG", help="The org to save: mock:PATH, source:DIR, sf:ALIAS or env."
)
@click.option(
    "-o",
    "--out",
    "out",
    required=True,
    type=click.Path(dir_okay=False),
    metavar="FILE",
    help="The snapshot file to write (JSON, schemas/mock-org.schema.json).",
)
@click.option(
    "--spec",
    "spec",
    type=click.Path(exists=True),
    metavar="SPEC",
    help="Save only what this spec touches, plus every sfspec-managed component.",
)
@environment_option
@click.pass_context
def snapshot(ctx: click.Context, org_ref: str, out: str, spec: str | None, environment: str | None) -> int:
    """Save an org (live, SFDX project or mock) as a mock-org snapshot.

    The JSON is deterministic (sorted, two-space indented), so a committed snapshot of production
    reviews well in a pull request and `sfspec plan --org mock:FILE` works offline. Tokens are
    never written. Without --spec every object, Apex class and trigger, credential, permission set,
    custom permission and platform-event setting is saved.

    \b
    Example:
      sfspec org snapshot --org sf:acme-prod -o orgs/prod.json --spec specs/landscape
      sfspec org snapshot --org source:force-app-project -o orgs/from-source.json
      sfspec plan specs/landscape --org mock:orgs/prod.json
    """
    from sfspec.api import org_snapshot

    summary, diags = org_snapshot(
        org_ref, Path(out), Path(spec) if spec else None, environment, verbose=ctx.find_root().obj.verbose
    )
    echo_diagnostics(diags, color=use_color(ctx))
    if summary is None:
        click.echo(f"{len(diags.errors())} error(s) in the spec; nothing written", err=True)
        return ExitCode.ERROR
    click.echo(summary)
    return ExitCode.OK
