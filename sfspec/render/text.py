"""Terminal rendering with rich: `+ ~ - !` per component, then a Terraform-like summary line."""

from __future__ import annotations

import io

from rich.console import Console
from rich.text import Text

from sfspec.diff import Action, Change
from sfspec.render.report import (
    Report,
    data_loss_note,
    entry_delta,
    references,
    short,
    summary_line,
    symbol,
    text_delta,
    where,
)

STYLE = {
    Action.CREATE: "green",
    Action.UPDATE: "yellow",
    Action.ADOPT: "cyan",
    Action.DELETE: "red",
    Action.CONFLICT: "bold magenta",
}


def _change_lines(change: Change) -> list[Text]:
    style = STYLE.get(change.action, "")
    head = Text(f"  {symbol(change)} ", style=style)
    head.append(f"{change.key.type} ", style="bold")
    head.append(change.key.name, style="bold")
    if where(change):
        head.append(f"  ({where(change)})", style="dim")
    if change.destructive:
        head.append(f"  [{data_loss_note(change)}]", style="bold red")
    lines = [head]
    if change.reason:
        lines.append(
            Text(
                f"      # {change.reason}",
                style="magenta" if change.drift or change.action is Action.CONFLICT else "dim",
            )
        )
    for attr in change.attributes:
        delta = entry_delta(attr.before, attr.after)
        if delta is None:
            words = text_delta(attr.before, attr.after)
            shown = words if words is not None else f"{short(attr.before)} -> {short(attr.after)}"
            lines.append(Text(f"      ~ {attr.path}: {shown}", style="yellow"))
            continue
        lines.append(Text(f"      ~ {attr.path}:", style="yellow"))
        lines += [Text(f"          - {entry}", style="red") for entry in delta[0]]
        lines += [Text(f"          + {entry}", style="green") for entry in delta[1]]
    if change.body_diff:
        for raw in change.body_diff.rstrip("\n").split("\n"):
            line_style = (
                "green"
                if raw.startswith("+")
                else "red"
                if raw.startswith("-")
                else "cyan"
                if raw.startswith("@@")
                else ""
            )
            lines.append(Text(f"      {raw}", style=line_style))
    return lines


def render(report: Report, *, color: bool = False, width: int = 120) -> str:
    buffer = io.StringIO()
    console = Console(
        file=buffer,
        force_terminal=color,
        no_color=not color,
        color_system="standard" if color else None,
        width=width,
        highlight=False,
        soft_wrap=True,
        emoji=False,
    )
    console.print(Text(report.title, style="bold"))
    console.print()
    visible = report.plan.visible()
    for change in visible:
        for line in _change_lines(change):
            console.print(line)
    if visible:
        console.print()
    for change, placed in report.waived:
        expires = placed.waiver.expires
        console.print(Text(f"  ~ {change.key} waived until {expires}: {placed.waiver.reason}", style="dim"))
    for placed in report.expired:
        at = f" ({placed.source})" if placed.source else ""
        console.print(
            Text(f"  ! waiver for {placed.waiver.component} expired on {placed.waiver.expires}{at}", style="magenta")
        )
    if report.waived or report.expired:
        console.print()
    for step in report.plan.manual_steps:
        console.print(Text(f"  manual step: {step.component}: add  {step.line}", style="bold cyan"))
        console.print(Text(f"      # {step.note}", style="dim"))
    if report.plan.manual_steps:
        console.print()
    if references(report.plan):
        console.print(Text(references(report.plan), style="dim"))
    console.print(Text(summary_line(report), style="bold"))
    return buffer.getvalue()
