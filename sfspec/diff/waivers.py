"""Accepted drift (spec.waivers): a waiver hides one component's drift until its expiry date.

A waiver matches a change by `Type:Name` (and environment, when it names one). It is active up to
and including its `expires` day; after that the drift counts again and the waiver is reported as
expired so someone renews or removes it.
"""

from __future__ import annotations

import datetime as dt
from collections.abc import Collection, Iterable, Sequence
from dataclasses import dataclass

from sfspec.codes import Code
from sfspec.diagnostics import Diagnostics, SourceRange
from sfspec.diff.model import Action, Change
from sfspec.model.environments import Waiver


@dataclass(frozen=True)
class PlacedWaiver:
    waiver: Waiver
    source: SourceRange | None = None


@dataclass(frozen=True)
class WaiverResult:
    remaining: tuple[Change, ...]  # changes no waiver covers (no-ops included)
    waived: tuple[tuple[Change, PlacedWaiver], ...]
    expired: tuple[PlacedWaiver, ...]  # for this environment, past their date (matched or not)


def _applies(placed: PlacedWaiver, environment: str | None) -> bool:
    env = placed.waiver.environment
    return env is None or env == environment


def apply_waivers(
    changes: Sequence[Change], waivers: Iterable[PlacedWaiver], environment: str | None, today: dt.date
) -> WaiverResult:
    relevant = [w for w in waivers if _applies(w, environment)]
    active = {w.waiver.component: w for w in relevant if dt.date.fromisoformat(w.waiver.expires) >= today}
    expired = tuple(w for w in relevant if dt.date.fromisoformat(w.waiver.expires) < today)
    remaining: list[Change] = []
    waived: list[tuple[Change, PlacedWaiver]] = []
    for change in changes:
        placed = active.get(str(change.key))
        if placed is not None and change.action is not Action.NOOP:
            waived.append((change, placed))
        else:
            remaining.append(change)
    return WaiverResult(tuple(remaining), tuple(waived), expired)


def waiver_findings(
    waivers: Iterable[PlacedWaiver], result: WaiverResult, managed: Collection[str], environment: str | None
) -> Diagnostics:
    """Warnings about the waivers themselves: one naming a component the spec does not manage
    (`managed`: `Type:Name` addresses), and every expired one."""
    diags = Diagnostics()
    for stray in waivers:
        if stray.waiver.component not in managed and _applies(stray, environment):
            diags.warning(
                Code.SFS032,
                f"waiver names {stray.waiver.component}, which this spec does not manage",
                stray.source,
                "check the `Type:FullName` spelling, or remove the waiver",
            )
    for expired in result.expired:
        diags.warning(
            Code.SFS031,
            f"waiver for {expired.waiver.component} expired on {expired.waiver.expires}",
            expired.source,
            "renew the expiry date or remove the waiver",
        )
    return diags
