from __future__ import annotations

from collections import Counter
from pathlib import Path

import click

from sfspec.cli.options import (
    echo_diagnostics,
    environment_option,
    org_option,
    out_option,
    resolve_spec_path,
    spec_argument,
    use_color,
)
from sfspec.errors import ExitCode


@click.command()
@spec_argument
@environment_option
@org_option
@out_option(
    "out_dir",
    hidden_aliases=("--out-dir",),
    type=click.Path(file_okay=False),
    default="out",
    show_default=True,
    help="Folder to write; replaced as a whole on every run.",
)
@click.pass_context
def build(ctx: click.Context, spec: str | None, environment: str | None, org: str | None, out_dir: str) -> int:
    """Generate every artifact (SFDX source, Apex, middleware config) into a folder.

    The folder is replaced in one step: it holds exactly what this run generated. Nothing is
    written when the spec has errors. Without --org no org is read; with it, the folder holds what
    `apply` would deploy there: components the org already has are patched over its copy (no
    attribute dropped) and references are left out.

    \b
    Example:
      sfspec build specs/landscape -e dev
      sfspec build specs/landscape --out /tmp/acme-out
      sfspec build sfspec.yaml --org source:. --out /tmp/patched
    """
    from sfspec.api import build as run_build

    tree, diags = run_build(
        resolve_spec_path(spec), environment, Path(out_dir), org, verbose=ctx.find_root().obj.verbose
    )
    echo_diagnostics(diags, color=use_color(ctx))
    if tree is None:
        click.echo(f"{len(diags.errors())} error(s); nothing written", err=True)
        return ExitCode.ERROR
    kinds = Counter(f"{path.split('/', 1)[0]}/" if "/" in path else "" for path in tree.files)
    ordered = sorted(kinds.items(), key=lambda kv: (not kv[0], kv[0]))  # folders, then the files at the top
    detail = ", ".join(f"{n} in {top}" if top else f"{n} at its top" for top, n in ordered) or "no artifacts"
    click.echo(f"wrote {len(tree.files)} file(s) to {out_dir}/ ({detail})")
    return ExitCode.OK
