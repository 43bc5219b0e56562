"""Spec cron (5 fields, UTC, Sunday = 0) → Quartz cron for Camel's quartz component.

Quartz wants a seconds field, day-of-week 1–7 with Sunday = 1, and `?` in one of the two day
fields. A 6-field spec cron is taken as seconds-first already.
"""

from __future__ import annotations

import re


def _shift_dow(field: str) -> str:
    # Numbers move by one (cron 0/7 = Sunday → Quartz 1); names (MON-FRI) are the same in both.
    def shift(match: re.Match[str]) -> str:
        return str(int(match.group(0)) % 7 + 1)

    if field in ("*", "?"):
        return field
    head, slash, step = field.partition("/")
    return re.sub(r"\d+", shift, head) + (slash + step if slash else "")


def to_quartz(cron: str) -> str:
    fields = cron.split()
    seconds, rest = ("0", fields) if len(fields) == 5 else (fields[0], fields[1:])
    minute, hour, dom, month, dow = rest
    if dow in ("*", "?"):
        dow = "?"
    else:
        # cron ORs the two day fields; Quartz cannot, so a weekday list wins over the day of month.
        dom, dow = "?", _shift_dow(dow)
    return " ".join((seconds, minute, hour, dom, month, dow))


def five_field(cron: str) -> str:
    """Meltano's `interval` takes classic 5-field cron: drop a leading seconds field."""
    fields = cron.split()
    return " ".join(fields[1:] if len(fields) == 6 else fields)
