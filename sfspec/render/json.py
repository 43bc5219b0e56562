"""JSON rendering: the plan's versioned form (schemas/plan.schema.json); drift wraps it."""

from __future__ import annotations

import json
from typing import Any

from sfspec.render.report import Report


def as_data(report: Report) -> dict[str, Any]:
    if report.kind == "plan":
        return report.plan.to_json()
    return {
        "format_version": 1,
        "kind": "drift",
        "in_sync": not report.plan.has_changes,
        "plan": report.plan.to_json(),
        "waived": [
            {"address": str(c.key), "action": c.action.value, "reason": p.waiver.reason, "expires": p.waiver.expires}
            for c, p in report.waived
        ],
        "expired_waivers": [
            {
                "component": p.waiver.component,
                "expires": p.waiver.expires,
                "reason": p.waiver.reason,
                "source": str(p.source) if p.source else None,
            }
            for p in report.expired
        ],
    }


def render(report: Report, *, color: bool = False) -> str:
    return json.dumps(as_data(report), indent=2, ensure_ascii=False) + "\n"
