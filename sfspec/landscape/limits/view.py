"""The budget for people (a rich table with a bar per allocation) and for machines (JSON)."""

from __future__ import annotations

from math import floor
from typing import Any

from rich.console import Group, JustifyMethod
from rich.table import Table
from rich.text import Text

from sfspec.landscape.limits.allocations import Window
from sfspec.landscape.limits.budget import BudgetLine, LimitsBudget, Status

BAR_WIDTH = 20
_STYLE = {Status.OK: "green", Status.WARNING: "yellow", Status.ERROR: "bold red"}
SOURCES = {
    "QR-API": "Salesforce Developer Limits and Allocations Quick Reference: API Request Limits and Allocations",
    "APEX": "Apex Developer Guide: Execution Governors and Limits",
    "QR-BULK": "Quick Reference: Bulk API and Bulk API 2.0 Limits and Allocations",
    "BULK2": "Bulk API 2.0 Developer Guide: Limits and Allocations",
    "PE": "Platform Events Developer Guide: Platform Event Allocations (and Change Data Capture Allocations)",
}


def bar(line: BudgetLine) -> Text:
    filled = min(BAR_WIDTH, round(line.ratio * BAR_WIDTH))
    if line.used and not filled:
        filled = 1  # anything used shows
    return Text("█" * filled + "░" * (BAR_WIDTH - filled), style=_STYLE[line.status])


def _allocations_table(plan: LimitsBudget) -> Table:
    table = Table(
        title=f"Salesforce limits budget ({plan.edition} edition, {plan.licenses:,} licences; "
        f"limits from {plan.source})",
        title_justify="left",
    )
    columns: tuple[tuple[str, JustifyMethod], ...] = (
        ("allocation", "left"),
        ("window", "left"),
        ("used", "right"),
        ("limit", "right"),
        ("%", "right"),
        ("", "left"),
        ("status", "left"),
        ("largest", "left"),
        ("org now", "right"),
    )
    for header, justify in columns:
        table.add_column(header, justify=justify)
    for line in plan.lines:
        top = f"{line.contributors[0][0]} ({line.contributors[0][1]:,})" if line.contributors else "–"
        in_use = line.allocation.in_use
        table.add_row(
            line.allocation.limit.label,
            line.allocation.limit.window.value,
            f"{line.used:,}",
            f"{line.allocation.maximum:,}",
            f"{floor(line.ratio * 1000) / 10:.1f}",  # 99.96 % must not read as 100.0
            bar(line),
            Text(line.label, style=_STYLE[line.status]),
            top,
            f"{in_use:,}" if in_use is not None else "–",
        )
    return table


def _flows_table(plan: LimitsBudget) -> Table:
    table = Table(title="Per flow: API requests a day by way of moving the records", title_justify="left")
    for header in ("flow", "how sfspec moves it", "REST per record", "collections", "Bulk API 2.0", "suggestion"):
        table.add_column(header, overflow="fold")
    for est in plan.flows:
        opts = list(est.api_options.values())
        cells = [f"{v:,}" for v in opts] if opts else ["–", "–", "–"]
        table.add_row(est.flow, est.mechanism, *cells, est.suggestion or "")
    return table


def render_budget(plan: LimitsBudget) -> Group:
    used = sorted({line.allocation.limit.source for line in plan.lines})
    notes = Text("\n".join(f"[{key}] {SOURCES[key]}" for key in used), style="dim")
    return Group(_allocations_table(plan), Text(""), _flows_table(plan), notes)


def budget_json(plan: LimitsBudget) -> dict[str, Any]:
    return {
        "edition": plan.edition,
        "licenses": plan.licenses,
        "limits_from": plan.source,
        "status": plan.status.value,
        "allocations": [
            {
                "key": line.allocation.limit.key,
                "label": line.allocation.limit.label,
                "window": line.allocation.limit.window.name.lower(),
                "used": line.used,
                "limit": line.allocation.maximum,
                "percent": round(line.ratio * 100, 1),
                "status": line.status.value,
                "in_use_now": line.allocation.in_use,
                "source": SOURCES[line.allocation.limit.source],
                "flows": [{"flow": f, "amount": a} for f, a in line.contributors],
            }
            for line in plan.lines
        ],
        "flows": [
            {
                "flow": e.flow,
                "mechanism": e.mechanism,
                "usage": dict(e.usage),
                "api_requests_by_way": dict(e.api_options),
                "suggestion": e.suggestion,
            }
            for e in plan.flows
        ],
    }


__all__ = ["Window", "bar", "budget_json", "render_budget"]
