from __future__ import annotations

from collections.abc import Callable
from pathlib import Path
from typing import Any

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
from sfspec.errors import ExitCode


def out_dir_option(fn: Callable[..., Any]) -> Callable[..., Any]:
    return click.option(
        "--out-dir",
        "out_dir",
        type=click.Path(file_okay=False),
        default="out",
        show_default=True,
        help="The out/ folder; its sibling .sfspec/ keeps the last apply's record.",
    )(fn)


@click.command()
@spec_argument
@environment_option
@org_option
@format_option("text", "markdown", "json")
@click.option(
    "--out",
    "plan_out",
    type=click.Path(dir_okay=False),
    metavar="PLAN",
    help="Save the plan (JSON) for `sfspec apply PLAN`.",
)
@click.option(
    "--detailed-exitcode",
    is_flag=True,
    help="Exit 0 when there are no changes, 2 when there are (4 on conflicts, always).",
)
@out_dir_option
@click.pass_context
def plan(
    ctx: click.Context,
    spec: str | None,
    environment: str | None,
    org: str | None,
    output_format: str,
    plan_out: str | None,
    detailed_exitcode: bool,
    out_dir: str,
) -> int:
    """Compare the spec with an org: what would be created, updated, deleted (+ ~ -), and conflicts (!).

    Every change names the spec line that caused it. Nothing is written, except the saved plan
    with --out.

    \b
    Example:
      sfspec plan specs/landscape -e dev
      sfspec plan specs/landscape -e prod --format markdown > plan.md
      sfspec plan specs/landscape -e dev --out dev.plan.json && sfspec apply dev.plan.json
    """
    from sfspec.api import plan as make_plan
    from sfspec.cli.plan_view import plan_exit_code, save_plan, show_plan

    run, diags = make_plan(
        resolve_spec_path(spec), environment, org, Path(out_dir), verbose=ctx.find_root().obj.verbose
    )
    echo_diagnostics(diags, color=use_color(ctx))
    if run is None:
        click.echo(f"{len(diags.errors())} error(s); no plan made", err=True)
        return ExitCode.ERROR
    show_plan(run, output_format, use_color(ctx))
    if plan_out:
        save_plan(run.plan, Path(plan_out))
        if Path(out_dir).resolve() in Path(plan_out).resolve().parents:
            click.echo(
                f"warning: {plan_out} is inside {out_dir}/, which build and apply replace; keep saved plans elsewhere",
                err=True,
            )
    return plan_exit_code(run.plan, changes=detailed_exitcode)
