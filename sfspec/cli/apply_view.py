"""The interactive parts of `apply`: the confirmation question, progress lines and the outcome."""

from __future__ import annotations

from collections.abc import Callable
from typing import Any

import click

from sfspec.errors import SfspecError


def confirm(plan: Any, check_only: bool, interactive: bool) -> bool:
    if not interactive:
        raise SfspecError(
            "refusing to ask for confirmation without a terminal; pass --auto-approve, "
            "or apply a saved plan (`sfspec plan --out PLAN`, then `sfspec apply PLAN`)"
        )
    what = "validate (check-only)" if check_only else "apply"
    click.echo(f"\nDo you want to {what} these changes to {plan.org}?\n  Only 'yes' will be accepted.", err=True)
    answer = click.prompt("  Enter a value", default="", show_default=False, err=True)
    return answer.strip() == "yes"


def progress_printer(color: bool) -> Callable[[str], None]:
    """Progress lines on stderr (rich): out/ written, the org write or each deploy poll."""
    from rich.console import Console
    from rich.text import Text

    console = Console(stderr=True, no_color=not color, highlight=False, emoji=False, soft_wrap=True)

    def emit(message: str) -> None:
        console.print(Text(f"  {message}", style="dim"))

    return emit


def report_outcome(outcome: Any) -> None:
    tests = f", {outcome.tests_run} test(s) run" if outcome.tests_run else ""
    tests += f"; {outcome.middleware} middleware file(s) changed in out/" if outcome.middleware else ""
    if outcome.check_only:
        click.echo(
            f"Check-only deploy succeeded: {outcome.upserts} to create or update, {outcome.deletes} to "
            f"delete{tests}. Nothing was applied."
        )
    else:
        click.echo(
            f"Apply complete! Components: {outcome.upserts} created or updated, {outcome.deletes} deleted{tests}."
        )
    if outcome.deploy_id:
        held = "validated by" if outcome.check_only else "the org now holds, from"
        click.echo(f"Deploy {outcome.deploy_id}: {held} this deploy:")
        for address in outcome.deployed:
            click.echo(f"  {address}")
        for address in outcome.deleted:
            click.echo(f"  {address} (deleted)")
        click.echo(f"Follow it in Salesforce with: sf project deploy report --job-id {outcome.deploy_id}")
