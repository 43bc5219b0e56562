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
    out_option,
    resolve_spec_path,
    spec_argument,
    use_color,
)
from sfspec.errors import ExitCode

GITHUB_COMMENT_LIMIT = 65_536  # characters in one GitHub issue or pull-request comment


def out_dir_option(fn: Callable[..., Any]) -> Callable[..., Any]:
    return click.option(
        "--out-dir",
        "out_dir",
        type=click.Path(file_okay=False),
        default="out",
        show_default=True,
        help="The out/ folder; its sibling .sfspec/ keeps the last apply's record.",
    )(fn)


def max_chars_option(fn: Callable[..., Any]) -> Callable[..., Any]:
    return click.option(
        "--max-chars",
        type=click.IntRange(min=0),
        default=GITHUB_COMMENT_LIMIT,
        show_default=True,
        metavar="N",
        help="Markdown: fit the report into N characters, leaving out details first (GitHub's comment "
        "limit by default; 0 = no limit).",
    )(
        click.option(
            "--details-url",
            metavar="URL",
            help="Markdown: when parts are left out, link here for the complete report (the CI run).",
        )(fn)
    )


@click.command()
@spec_argument
@environment_option
@org_option
@format_option("text", "markdown", "json")
@out_option(
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
@max_chars_option
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
    max_chars: int,
    details_url: str | None,
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
    from sfspec.cli.findings_view import errors_json
    from sfspec.cli.plan_view import plan_exit_code, save_plan, show_plan

    run, diags = make_plan(
        resolve_spec_path(spec), environment, org, Path(out_dir), verbose=ctx.find_root().obj.verbose
    )
    echo_diagnostics(diags, color=use_color(ctx))
    if run is None:
        if output_format == "json":  # a CI step parsing stdout gets the errors as JSON too
            click.echo(errors_json(diags), nl=False)
        click.echo(f"{len(diags.errors())} error(s); no plan made", err=True)
        return ExitCode.ERROR
    show_plan(run, output_format, use_color(ctx), max_chars=max_chars, details_url=details_url)
    if plan_out:
        save_plan(run.plan, Path(plan_out))
        if Path(out_dir).resolve() in Path(plan_out).resolve().parents:
            click.echo(
                f"warning: {plan_out} is inside {out_dir}/, which build and apply replace; keep saved plans elsewhere",
                err=True,
            )
    return plan_exit_code(run.plan, changes=detailed_exitcode)
