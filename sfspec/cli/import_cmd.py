from __future__ import annotations

from pathlib import Path

import click

from sfspec.cli.graph_cmd import emit
from sfspec.cli.options import echo_diagnostics, out_option, use_color
from sfspec.errors import ExitCode


@click.command(name="import")
@click.option(
    "--org",
    "org",
    required=True,
    metavar="ORG",
    help="The org to read: mock:PATH, source:DIR (an SFDX project), sf:ALIAS or env.",
)
@out_option(
    "output",
    hidden_aliases=("--output",),
    required=True,
    type=click.Path(dir_okay=False),
    metavar="SPEC",
    help="Where to write the new spec (YAML).",
)
@click.option("--include-standard", is_flag=True, help="Also import standard objects and standard fields.")
@click.option("--name", "name", metavar="NAME", help="The landscape's name (default: from the org reference).")
@click.option("--force", is_flag=True, help="Overwrite SPEC if it exists.")
@click.pass_context
def import_(ctx: click.Context, org: str, output: str, include_standard: bool, name: str | None, force: bool) -> int:
    """Bootstrap a spec from an existing org or SFDX project.

    Imports custom objects and fields (standard ones with --include-standard), external-ID
    fields, Named and External Credentials as systems (auth as secret references, never values),
    and lists the org's platform events and Change Data Capture channel members. The new spec
    validates; plan it against the same org to see what sfspec would add.

    \b
    Example:
      sfspec import --org source:. -o sfspec.yaml
      sfspec import --org sf:acme-prod -o specs/acme.yaml --name acme
      sfspec validate sfspec.yaml && sfspec plan sfspec.yaml --org source:.
    """
    from sfspec.api import import_org

    target = Path(output)
    if target.exists() and not force:
        click.echo(f"sfspec: error: {target} exists; pass --force to overwrite it", err=True)
        return ExitCode.ERROR
    result, diags = import_org(
        org, target, include_standard=include_standard, name=name, verbose=getattr(ctx.find_root().obj, "verbose", 0)
    )
    echo_diagnostics(diags, color=use_color(ctx))
    if result is None:
        click.echo("no spec written", err=True)
        return ExitCode.ERROR
    emit(result.text, str(target))
    s = result.imported
    fields = sum(len(o.fields) for o in s.objects)
    click.echo(
        f"Imported {len(s.objects)} object(s) with {fields} field(s), {len(s.systems)} system(s), "
        f"{len(s.platform_events)} platform event(s), {len(s.cdc_members)} CDC channel member(s); "
        f"{len(s.skipped)} field(s) skipped (listed at the top of {target})",
        err=True,
    )
    return ExitCode.OK
