from __future__ import annotations

import sys
from pathlib import Path

import click
from click.core import ParameterSource

from sfspec.cli.options import echo_diagnostics, environment_option, org_option, resolve_spec_path, use_color
from sfspec.cli.plan_cmd import out_dir_option
from sfspec.errors import ExitCode, UsageError


def _saved_plan(target: str | None) -> Path | None:
    """The saved plan file `target` names, or None when it names a spec (or nothing)."""
    path = Path(target) if target else None
    return path if path is not None and path.suffix == ".json" and path.is_file() else None


@click.command()
@click.argument("target", required=False, metavar="[PLAN|SPEC]")
@environment_option
@org_option
@click.option("--auto-approve", is_flag=True, help="Apply without asking (required without a terminal).")
@click.option("--check-only", is_flag=True, help="Validate the deploy (checkOnly) and run its tests; record nothing.")
@click.option(
    "--allow-destructive",
    is_flag=True,
    help="Apply changes that lose data (deletes of objects and fields, narrowing field changes).",
)
@click.option(
    "--wait",
    "wait_minutes",
    type=click.FloatRange(min=0.1, max=24 * 60),
    default=30.0,
    show_default=True,
    metavar="MINUTES",
    help="How long to follow a live deploy; after that it continues in Salesforce and sfspec says how to follow it.",
)
@out_dir_option
@click.pass_context
def apply(
    ctx: click.Context,
    target: str | None,
    environment: str | None,
    org: str | None,
    auto_approve: bool,
    check_only: bool,
    allow_destructive: bool,
    wait_minutes: float,
    out_dir: str,
) -> int:
    """Write out/ and bring the org in line with the spec.

    With a SPEC: plans, shows the plan and asks for confirmation (unless --auto-approve). With a
    saved PLAN (from `sfspec plan --out`): applies exactly that plan, and refuses it when the spec
    or any org component it read changed since ("stale plan").

    \b
    Example:
      sfspec apply specs/landscape -e dev
      sfspec apply specs/landscape -e prod --check-only --auto-approve
      sfspec plan specs/landscape -e dev --out dev.plan.json && sfspec apply dev.plan.json
    """
    from sfspec.api import apply as run_apply
    from sfspec.api import plan as make_plan
    from sfspec.api import replan
    from sfspec.apply.staleness import load_saved_plan
    from sfspec.cli.apply_view import confirm, progress_printer, report_outcome
    from sfspec.cli.plan_view import show_plan

    color = use_color(ctx)
    verbose = ctx.find_root().obj.verbose
    saved = _saved_plan(target)
    if saved is not None:
        if environment or org or ctx.get_parameter_source("out_dir") is not ParameterSource.DEFAULT:
            raise UsageError("a saved plan already names its environment, org and out folder; drop -e/--org/--out-dir")
        run, diags = replan(load_saved_plan(saved), Path(out_dir), verbose=verbose)
    else:
        run, diags = make_plan(resolve_spec_path(target), environment, org, Path(out_dir), verbose=verbose)
    echo_diagnostics(diags, color=color)
    if run is None:
        click.echo(f"{len(diags.errors())} error(s); nothing applied", err=True)
        return ExitCode.ERROR
    show_plan(run, "text", color)
    if run.plan.conflicts:
        click.echo(
            f"Error: {len(run.plan.conflicts)} conflict(s) with unmanaged components; nothing applied.", err=True
        )
        return ExitCode.ERROR
    if run.plan.destructive and not allow_destructive:
        click.echo(
            f"Error: {len(run.plan.destructive)} change(s) lose data (marked data loss above); nothing applied. "
            "Pass --allow-destructive to apply them.",
            err=True,
        )
        return ExitCode.ERROR
    if (
        run.plan.has_changes
        and not (auto_approve or saved is not None)
        and not confirm(run.plan, check_only, sys.stdin.isatty())
    ):
        click.echo("Apply cancelled.", err=True)
        return ExitCode.ERROR
    outcome = run_apply(
        run,
        check_only=check_only,
        allow_destructive=allow_destructive,
        progress=progress_printer(color),
        wait_minutes=wait_minutes,
    )
    report_outcome(outcome)
    return ExitCode.OK
