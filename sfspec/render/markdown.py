"""Markdown for a pull-request comment: a summary table, one collapsible section per component
type, diffs in fenced blocks, and the landscape diagram (Mermaid) when one is given."""

from __future__ import annotations

from sfspec.diff import Action, Change
from sfspec.render.report import (
    SYMBOL,
    VERB,
    Report,
    data_loss_note,
    entry_delta,
    references,
    short,
    summary_line,
    symbol,
    where,
)

_ORDER = (Action.CREATE, Action.ADOPT, Action.UPDATE, Action.DELETE, Action.CONFLICT, Action.NOOP)


def cell(text: str) -> str:
    """Text safe inside a table cell: no pipes, no HTML, no line breaks."""
    return text.replace("&", "&amp;").replace("<", "&lt;").replace(">", "&gt;").replace("|", "\\|").replace("\n", " ")


def fenced(body: str, lang: str = "") -> str:
    fence = "```"
    while fence in body:
        fence += "`"
    return f"{fence}{lang}\n{body.rstrip()}\n{fence}"


def _detail(change: Change) -> list[str]:
    out: list[str] = []
    plain = [a for a in change.attributes if entry_delta(a.before, a.after) is None]
    if plain:
        out += ["", "| attribute | org | spec |", "|---|---|---|"]
        out += [f"| `{cell(a.path)}` | {cell(short(a.before))} | {cell(short(a.after))} |" for a in plain]
    for attr in change.attributes:
        delta = entry_delta(attr.before, attr.after)
        if delta is not None:
            body = "\n".join([*(f"- {e}" for e in delta[0]), *(f"+ {e}" for e in delta[1])])
            out += ["", f"`{cell(attr.path)}`", "", fenced(body, "diff")]
    if change.body_diff:
        out += ["", fenced(change.body_diff, "diff")]
    return out


def _section(type_: str, changes: list[Change]) -> list[str]:
    lines = [
        f"<details><summary><b>{cell(type_)}</b> ({len(changes)})</summary>",
        "",
        "| | component | spec | note |",
        "|---|---|---|---|",
    ]
    for c in changes:
        loss = f"**{cell(data_loss_note(c))}** " if c.destructive else ""
        lines.append(f"| `{symbol(c)}` | `{cell(c.key.name)}` | {cell(where(c))} | {loss}{cell(c.reason)} |")
    for c in changes:
        detail = _detail(c)
        if detail:
            lines += ["", f"**`{symbol(c)}` {cell(str(c.key))}**", *detail]
    return [*lines, "", "</details>", ""]


def render(report: Report, *, color: bool = False) -> str:
    plan = report.plan
    lines = [f"### {cell(report.title)}", "", "| action | count |", "|---|---|"]
    shown = [a for a in _ORDER if a is not Action.ADOPT or plan.count(a)]
    lines += [f"| {f'`{SYMBOL[a]}` ' if a is not Action.NOOP else ''}{VERB[a]} | {plan.count(a)} |" for a in shown]
    destructive = sum(1 for c in plan.changes if c.destructive)
    if destructive:
        lines.append(f"| `-/+` **destructive (data loss)** | {destructive} |")
    lines += ["", f"**{cell(summary_line(report))}**", ""]
    if references(plan):
        lines += [cell(references(plan)), ""]
    if plan.manual_steps:
        lines += [
            "#### Manual steps (a deploy cannot do these)",
            "",
            "| component | add this line | note |",
            "|---|---|---|",
        ]
        lines += [f"| `{cell(s.component)}` | `{cell(s.line)}` | {cell(s.note)} |" for s in plan.manual_steps]
        lines.append("")
    by_type: dict[str, list[Change]] = {}
    for change in plan.visible():  # deletes come last in the plan; group them with their type
        by_type.setdefault(change.key.type, []).append(change)
    for type_, group in by_type.items():
        lines += _section(type_, group)
    if report.waived or report.expired:
        lines += ["#### Waivers", "", "| component | status | reason |", "|---|---|---|"]
        lines += [
            f"| `{cell(str(c.key))}` | waived until {p.waiver.expires} | {cell(p.waiver.reason)} |"
            for c, p in report.waived
        ]
        lines += [
            f"| `{cell(p.waiver.component)}` | **expired** {p.waiver.expires} | {cell(p.waiver.reason)} |"
            for p in report.expired
        ]
        lines.append("")
    if report.diagram:
        lines += [
            "<details><summary>Landscape diagram</summary>",
            "",
            fenced(report.diagram, "mermaid"),
            "",
            "</details>",
            "",
        ]
    return "\n".join(lines)
