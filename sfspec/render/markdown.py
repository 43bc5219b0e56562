"""Markdown for a pull-request comment: a summary table, one collapsible section per component
type, diffs in fenced blocks, and the landscape diagram (Mermaid) when one is given."""

from __future__ import annotations

from urllib.parse import quote

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
    text_delta,
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
    table = [a for a in plain if text_delta(a.before, a.after) is None]
    if table:
        out += ["", "| attribute | org | spec |", "|---|---|---|"]
        out += [f"| `{cell(a.path)}` | {cell(short(a.before))} | {cell(short(a.after))} |" for a in table]
    for attr in change.attributes:
        delta = entry_delta(attr.before, attr.after)
        if delta is not None:
            body = "\n".join([*(f"- {e}" for e in delta[0]), *(f"+ {e}" for e in delta[1])])
            out += ["", f"`{cell(attr.path)}`", "", fenced(body, "diff")]
        elif attr not in table:  # too long for a cell: the words that differ, `[-org-]{+spec+}`
            out += [
                "",
                f"`{cell(attr.path)}` (word diff: `[-org-]{{+spec+}}`)",
                "",
                fenced(text_delta(attr.before, attr.after) or ""),
            ]
    if change.body_diff:
        out += ["", fenced(change.body_diff, "diff")]
    return out


def marker(report: Report) -> str:
    """A hidden first line that identifies the comment, so CI updates one sticky comment per spec
    and environment instead of adding one per push (action.yml looks for it)."""
    key = f"{report.kind}:{report.plan.environment or '-'}:{report.plan.spec_path}"
    while "--" in key:  # an HTML comment must not contain `--`
        key = key.replace("--", "-")
    return f"<!-- sfspec:{key.replace('>', '')} -->"


def _section(type_: str, changes: list[Change], *, details: bool = True, rows: int | None = None) -> list[str]:
    lines = [
        f"<details><summary><b>{cell(type_)}</b> ({len(changes)})</summary>",
        "",
        "| | component | spec | note |",
        "|---|---|---|---|",
    ]
    shown = changes if rows is None else changes[:rows]
    for c in shown:
        loss = f"**{cell(data_loss_note(c))}** " if c.destructive else ""
        lines.append(f"| `{symbol(c)}` | `{cell(c.key.name)}` | {cell(where(c))} | {loss}{cell(c.reason)} |")
    if len(shown) < len(changes):
        lines.append(f"| | … {len(changes) - len(shown)} more | | |")
    for c in shown if details else ():
        detail = _detail(c)
        if detail:
            lines += ["", f"**`{symbol(c)}` {cell(str(c.key))}**", *detail]
    return [*lines, "", "</details>", ""]


def _waivers(report: Report) -> list[str]:
    if not (report.waived or report.expired):
        return []
    lines = ["#### Waivers", "", "| component | status | reason |", "|---|---|---|"]
    lines += [
        f"| `{cell(str(c.key))}` | waived until {p.waiver.expires} | {cell(p.waiver.reason)} |"
        for c, p in report.waived
    ]
    lines += [
        f"| `{cell(p.waiver.component)}` | **expired** {p.waiver.expires} | {cell(p.waiver.reason)} |"
        for p in report.expired
    ]
    return [*lines, ""]


def _diagram(report: Report) -> list[str]:
    if not report.diagram:
        return []
    return [
        "<details><summary>Landscape diagram</summary>",
        "",
        fenced(report.diagram, "mermaid"),
        "",
        "</details>",
        "",
    ]


def render(report: Report, *, color: bool = False, max_chars: int | None = None, details_url: str | None = None) -> str:
    """The whole report, or, past `max_chars`, as much as fits: the summary always, then each
    component type's section with its diffs, else without them, else its first rows; the
    diagram last. A note says what was left out and where to find all of it (a link to
    `details_url`, the CI run that keeps the complete plan, when given)."""
    plan = report.plan
    head = [marker(report), f"### {cell(report.title)}", "", "| action | count |", "|---|---|"]
    shown = [a for a in _ORDER if a is not Action.ADOPT or plan.count(a)]
    head += [f"| {f'`{SYMBOL[a]}` ' if a is not Action.NOOP else ''}{VERB[a]} | {plan.count(a)} |" for a in shown]
    destructive = sum(1 for c in plan.changes if c.destructive)
    if destructive:
        head.append(f"| `-/+` **destructive (data loss)** | {destructive} |")
    head += ["", f"**{cell(summary_line(report))}**", ""]
    if references(plan):
        head += [cell(references(plan)), ""]
    if plan.manual_steps:
        head += [
            "#### Manual steps (a deploy cannot do these)",
            "",
            "| component | add this line | note |",
            "|---|---|---|",
        ]
        head += [f"| `{cell(s.component)}` | `{cell(s.line)}` | {cell(s.note)} |" for s in plan.manual_steps]
        head.append("")
    by_type: dict[str, list[Change]] = {}
    for change in plan.visible():  # deletes come last in the plan; group them with their type
        by_type.setdefault(change.key.type, []).append(change)
    full = [*head, *(line for t, g in by_type.items() for line in _section(t, g)), *_waivers(report), *_diagram(report)]
    text = "\n".join(full)
    if max_chars is None or len(text) <= max_chars:
        return text
    return _fitted(report, head, by_type, max_chars, len(text), details_url)


def _link(url: str) -> str:
    """A Markdown link target that stays one: spaces, parentheses and angle brackets encoded."""
    return quote(url, safe=":/?#[]@!$&'*+,;=%~")


def _fitted(
    report: Report, head: list[str], by_type: dict[str, list[Change]], limit: int, size: int, url: str | None
) -> str:
    kept = f"in the artifacts of [this CI run]({_link(url)})" if url else "in the CI job's artifacts"
    note = (
        f"> **This plan is {size:,} characters, more than fit here ({limit:,}).** Parts are left out below; "
        f"the complete plan is {kept}, or run `sfspec plan --format markdown` locally."
    )
    budget = limit - len(note) - 200  # the note, and the closing line about what was cut
    out = [*head, note, ""]
    used = sum(len(line) + 1 for line in out)
    cut: list[str] = []
    for type_, group in by_type.items():
        choices = [_section(type_, group), _section(type_, group, details=False)]
        choices += [_section(type_, group, details=False, rows=n) for n in (200, 50, 10)]
        section = next((c for c in choices if used + sum(len(x) + 1 for x in c) <= budget), None)
        if section is None:
            cut.append(f"{type_} ({len(group)})")
            continue
        if section is not choices[0]:
            cut.append(f"diffs of {type_}")
        used += sum(len(x) + 1 for x in section)
        out += section
    for extra, what in ((_waivers(report), "waivers"), (_diagram(report), "the landscape diagram")):
        if extra and used + sum(len(x) + 1 for x in extra) <= budget:
            used += sum(len(x) + 1 for x in extra)
            out += extra
        elif extra:
            cut.append(what)
    out.append(f"_Left out: {cell(', '.join(cut))}._" if cut else "")
    return "\n".join(out)[:limit]
