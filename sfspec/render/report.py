"""What a renderer receives: a plan, and for drift the waivers that touched it."""

from __future__ import annotations

from dataclasses import dataclass

from sfspec.diff import Action, Change
from sfspec.diff.waivers import PlacedWaiver
from sfspec.plan import Plan
from sfspec.state import MetadataType

SYMBOL = {
    Action.CREATE: "+",
    Action.UPDATE: "~",
    Action.ADOPT: "<=",
    Action.DELETE: "-",
    Action.CONFLICT: "!",
    Action.NOOP: " ",
}
VERB = {
    Action.CREATE: "create",
    Action.UPDATE: "update",
    Action.ADOPT: "adopt",
    Action.DELETE: "delete",
    Action.CONFLICT: "conflict",
    Action.NOOP: "unchanged",
}


@dataclass(frozen=True)
class Report:
    plan: Plan
    kind: str = "plan"  # "plan" or "drift"
    waived: tuple[tuple[Change, PlacedWaiver], ...] = ()
    expired: tuple[PlacedWaiver, ...] = ()
    diagram: str | None = None  # Mermaid source of the landscape, when available

    @property
    def title(self) -> str:
        where = f"environment {self.plan.environment}" if self.plan.environment else "no environment"
        return f"sfspec {self.kind}: {self.plan.spec_path} ({where}) against {self.plan.org}"


def symbol(change: Change) -> str:
    """`-/+` for an update or adoption that replaces a field and loses data (Terraform's replace)."""
    if change.destructive and change.action in (Action.UPDATE, Action.ADOPT):
        return "-/+"
    return SYMBOL[change.action]


def data_loss_note(change: Change) -> str:
    return f"data loss: {change.data_loss}" if change.destructive else ""


def references(plan: Plan) -> str:
    """`References: 2 object(s) and 5 field(s) in the org, checked and left unchanged.` ("" if none)."""
    counted: dict[str, int] = {}
    for c in plan.changes:
        if c.reference:
            counted[c.key.type] = counted.get(c.key.type, 0) + 1
    if not counted:
        return ""
    words: dict[str, str] = {
        MetadataType.CUSTOM_OBJECT: "object(s)",
        MetadataType.CUSTOM_FIELD: "field(s)",
        MetadataType.NAMED_CREDENTIAL: "credential(s)",
        MetadataType.PLATFORM_EVENT_CHANNEL_MEMBER: "Change Data Capture selection(s)",
    }
    parts = [
        f"{n} {words.get(t, t)}"
        for t, n in sorted(counted.items(), key=lambda item: item[0] != MetadataType.CUSTOM_OBJECT)
    ]
    listed = ", ".join(parts[:-1]) + (" and " if len(parts) > 1 else "") + parts[-1]
    return f"References: {listed} in the org, checked and left unchanged."


def summary_line(report: Report) -> str:
    """Terraform's one-line summary: `Plan: 2 to create, 1 to update, 0 to delete.`"""
    plan = report.plan
    if report.kind == "drift":
        drifted = len(plan.visible())
        if not drifted:
            return f"No drift: the org matches the spec ({plan.count(Action.NOOP)} components checked)."
        return f"Drift: {drifted} component(s) differ from the spec ({_counts(plan)})."
    if not plan.has_changes:
        return f"No changes. The org matches the spec ({plan.count(Action.NOOP)} components)."
    text = f"Plan: {_counts(plan)}."
    return text


def _counts(plan: Plan) -> str:
    parts = [f"{plan.count(Action.CREATE)} to create"]
    if plan.count(Action.ADOPT):
        parts.append(f"{plan.count(Action.ADOPT)} to adopt")
    parts += [f"{plan.count(Action.UPDATE)} to update", f"{plan.count(Action.DELETE)} to delete"]
    destructive = sum(1 for c in plan.changes if c.destructive)
    if destructive:
        parts.append(f"{destructive} destructive")
    if plan.conflicts:
        parts.append(f"{len(plan.conflicts)} conflict(s)")
    return ", ".join(parts)


def where(change: Change) -> str:
    src = change.source
    return f"{src.path}:{src.start.line}:{src.start.col}" if src else ""


SHORT = 120  # an attribute value longer than this is shown as a word diff, never cut off


def one_line(value: object) -> str:
    """An attribute value on one line: text quoted, trees as compact JSON, absent as (none)."""
    import json

    return "(none)" if value is None else json.dumps(value, ensure_ascii=False, sort_keys=True)


def short(value: object) -> str:
    text = one_line(value)
    return text if len(text) <= SHORT else text[: SHORT - 3] + "..."


def text_delta(before: object, after: object) -> str | None:
    """For a value too long for one line: the words that differ, git's `--word-diff=plain` style
    (`[-old-]{+new+}`) with a little context and the unchanged stretches elided; None when both
    values fit on a line. Cutting a long value off would hide exactly where it differs."""
    old, new = one_line(before), one_line(after)
    if len(old) <= SHORT and len(new) <= SHORT:
        return None
    return word_diff(old, new)


def word_diff(old: str, new: str, context: int = 6) -> str:
    """`context` tokens (words and the spaces between them) are kept around every change."""
    import difflib
    import re

    a, b = re.findall(r"\s+|[^\s]+", old), re.findall(r"\s+|[^\s]+", new)
    ops = difflib.SequenceMatcher(None, a, b, autojunk=False).get_opcodes()
    out: list[str] = []
    for n, (tag, i1, i2, j1, j2) in enumerate(ops):
        if tag == "equal":
            same = a[i1:i2]
            head = same[:context] if n > 0 else []
            tail = same[-context:] if n < len(ops) - 1 else []
            if len(same) > len(head) + len(tail):
                out += [*head, "…", *tail]
            else:
                out += same
            continue
        if i2 > i1:
            out.append("[-" + "".join(a[i1:i2]) + "-]")
        if j2 > j1:
            out.append("{+" + "".join(b[j1:j2]) + "+}")
    return "".join(out)


def entry_delta(before: object, after: object) -> tuple[list[str], list[str]] | None:
    """For a repeated element (a list on either side): the entries removed and added, each on one
    line; None for plain values."""
    import json

    if not isinstance(before, list) and not isinstance(after, list):
        return None

    def entries(value: object) -> list[str]:
        items = value if isinstance(value, list) else ([] if value is None else [value])
        return [json.dumps(i, ensure_ascii=False, sort_keys=True) for i in items]

    old, new = entries(before), entries(after)
    return [e for e in old if e not in new], [e for e in new if e not in old]
