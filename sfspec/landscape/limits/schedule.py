"""How often a flow runs per 24 h, from its timing and 5-field cron schedule (UTC)."""

from __future__ import annotations

from sfspec.model.flows import Flow

HOURLY_MICRO_BATCHES = 24  # a realtime/on-demand bulk flow is taken as hourly jobs


def _count(field: str, low: int, high: int) -> int:
    """How many values a cron minute or hour field selects (`*`, `a`, `a-b`, `*/n`, `a-b/n`, lists)."""
    chosen: set[int] = set()
    for part in field.split(","):
        span, _, step_text = part.partition("/")
        step = int(step_text) if step_text.isdigit() and int(step_text) > 0 else 1
        if span == "*":
            start, end = low, high
        elif "-" in span:
            a, b = span.split("-", 1)
            start, end = (int(a), int(b)) if a.isdigit() and b.isdigit() else (low, high)
        elif span.isdigit():
            start = int(span)
            end = high if step_text else start
        else:
            start, end = low, high
        chosen.update(range(max(low, start), min(high, end) + 1, step))
    return max(1, len(chosen))


def runs_per_day(flow: Flow) -> int:
    """Runs on a day the schedule fires (the worst day: day-of-month/week filters do not reduce it).
    Flows without a schedule are not batch runs; the caller treats them record by record."""
    if not flow.schedule:
        return HOURLY_MICRO_BATCHES
    fields = flow.schedule.split()
    if len(fields) == 6:  # a leading seconds field
        seconds, fields = _count(fields[0], 0, 59), fields[1:]
    else:
        seconds = 1
    return seconds * _count(fields[0], 0, 59) * _count(fields[1], 0, 23)
