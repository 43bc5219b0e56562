from __future__ import annotations

from pathlib import Path

import click

from sfspec.cli.options import echo_diagnostics, environment_option, org_option, use_color
from sfspec.errors import ExitCode


@click.command()
@click.argument("spec", type=click.Path(exists=True), metavar="SPEC")
@click.argument("components", nargs=-1, required=True, metavar="OBJECT[.FIELD]...")
@environment_option
@org_option
@click.pass_context
def adopt(ctx: click.Context, spec: str, components: tuple[str, ...], environment: str | None, org: str | None) -> int:
    """Take existing org objects and fields under sfspec's management, as a spec change to review.

    Writes each component's definition from the org into the spec with `manage: adopt` (comments
    and layout kept). The next plan shows it as an adoption (<=): sfspec marks it as its own and
    keeps every attribute the spec does not model. Nothing changes in the org until you apply.

    \b
    Example:
      sfspec adopt sfspec.yaml --org source:. Property__c.Days_On_Market__c
      sfspec adopt specs/acme -e prod Invoice__c Invoice__c.Amount__c
      sfspec plan specs/acme -e prod
    """
    from sfspec.api import adopt as run_adopt

    adopted, diags = run_adopt(
        Path(spec), list(components), environment, org, verbose=getattr(ctx.find_root().obj, "verbose", 0)
    )
    echo_diagnostics(diags, color=use_color(ctx))
    if adopted is None:
        click.echo("nothing written", err=True)
        return ExitCode.ERROR
    for item in adopted:
        click.echo(f"adopted {item.key} into {item.file} ({', '.join(item.written) or 'already declared'})")
    if adopted:
        click.echo("Run `sfspec plan` to review the adoption; `sfspec apply` marks it as sfspec's.")
    return ExitCode.OK
