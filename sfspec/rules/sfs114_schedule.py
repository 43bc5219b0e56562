from __future__ import annotations

import re
from collections.abc import Iterable

from sfspec.codes import Code
from sfspec.diagnostics import Diagnostic
from sfspec.model.flows import Timing
from sfspec.rules.base import Rule, RuleContext, rule

_MONTHS = ["JAN", "FEB", "MAR", "APR", "MAY", "JUN", "JUL", "AUG", "SEP", "OCT", "NOV", "DEC"]
_DAYS = ["SUN", "MON", "TUE", "WED", "THU", "FRI", "SAT"]
# (name, low, high, names) for the five standard cron fields.
_FIELDS: tuple[tuple[str, int, int, list[str]], ...] = (
    ("minute", 0, 59, []),
    ("hour", 0, 23, []),
    ("day of month", 1, 31, []),
    ("month", 1, 12, _MONTHS),
    ("day of week", 0, 7, _DAYS),
)
_PART = re.compile(r"^(\*|[0-9A-Za-z]+(?:-[0-9A-Za-z]+)?)(?:/(\d+))?$")


def _value(token: str, low: int, high: int, names: list[str]) -> int | None:
    if token.isdigit():
        n = int(token)
        return n if low <= n <= high else None
    upper = token.upper()
    if upper in names:
        return names.index(upper) + (1 if low == 1 else 0)
    return None


def cron_problem(expression: str) -> str | None:
    """Why a 5-field cron expression is invalid, or None."""
    parts = expression.split()
    if len(parts) != 5:
        return f"has {len(parts)} fields; write 5: minute hour day-of-month month day-of-week"
    for text, (name, low, high, names) in zip(parts, _FIELDS, strict=False):
        for piece in text.split(","):
            match = _PART.match(piece)
            if not match:
                return f"{name} field {text!r} is not valid"
            span, step = match.groups()
            if step is not None and int(step) == 0:
                return f"{name} field {text!r} has a zero step"
            if span == "*":
                continue
            found = [_value(t, low, high, names) for t in span.split("-")]
            bounds = [b for b in found if b is not None]
            if len(bounds) < len(found):
                return f"{name} field {text!r} is outside {low}-{high}"
            if len(bounds) == 2 and bounds[0] > bounds[1]:
                return f"{name} field {text!r} is a backwards range"
    return None


@rule(Code.SFS114, "schedule-matches-timing")
def check(ctx: RuleContext, r: Rule) -> Iterable[Diagnostic]:
    """A scheduled flow runs at the times of its 5-field cron expression (UTC), e.g. `0 2 * * *`
    for 02:00 every night. Realtime flows run on each change and on-demand flows when a user
    starts them, so a `schedule` there would be ignored: remove it or make the flow scheduled.
    """
    for name, flow in ctx.spec.flows.items():
        if flow.timing is Timing.scheduled and not flow.schedule:
            yield r.finding(
                f"scheduled flow {name!r} has no schedule",
                ctx.at("flows", name, "timing", value=True),
                'add `schedule: "0 2 * * *"` (cron, UTC)',
            )
        elif flow.schedule and flow.timing is not Timing.scheduled:
            yield r.finding(
                f"flow {name!r} has a schedule but timing {flow.timing!r}",
                ctx.at("flows", name, "schedule"),
                "set `timing: scheduled`, or remove `schedule`",
            )
        elif flow.schedule and (problem := cron_problem(flow.schedule)):
            yield r.finding(
                f"schedule of flow {name!r} {problem}",
                ctx.at("flows", name, "schedule", value=True),
                "a cron expression: minute hour day-of-month month day-of-week, e.g. `0 2 * * *`",
            )
    for env_name, env in ctx.spec.environments.items():
        for name, override in env.flows.items():
            if override.schedule and (problem := cron_problem(override.schedule)):
                yield r.finding(
                    f"schedule of flow {name!r} in {env_name!r} {problem}",
                    ctx.at("environments", env_name, "flows", name, "schedule", value=True),
                    "a cron expression: minute hour day-of-month month day-of-week, e.g. `0 2 * * *`",
                )
