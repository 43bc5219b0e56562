"""The limits budget: every flow's estimate summed per allocation, with a status per line.

Daily and hourly figures add up across flows (peaks are assumed to coincide, the safe side) and
warn at 80 %, fail at 100 %; per-transaction figures are the largest single flow's, since
transactions do not add up, and fail only above the governor limit.
"""

from __future__ import annotations

from dataclasses import dataclass
from enum import Enum

from sfspec.landscape.limits.allocations import Allocation, Window, allocations
from sfspec.landscape.limits.estimate import FlowEstimate, estimate
from sfspec.model.spec import Spec
from sfspec.state import OrgFacts

WARN_AT = 0.80
ERROR_AT = 1.00


class Status(str, Enum):
    OK = "ok"
    WARNING = "warning"
    ERROR = "error"


@dataclass(frozen=True)
class BudgetLine:
    allocation: Allocation
    used: int
    contributors: tuple[tuple[str, int], ...]  # (flow, amount), largest first

    @property
    def ratio(self) -> float:
        return self.used / self.allocation.maximum if self.allocation.maximum else 0.0

    @property
    def status(self) -> Status:
        if self.allocation.limit.window is Window.TRANSACTION:
            # Per-transaction figures are the generated code's fixed maxima, not estimates: reaching
            # a governor limit exactly is allowed (one enqueue of one), exceeding it throws.
            return Status.ERROR if self.used > self.allocation.maximum else Status.OK
        if self.ratio >= ERROR_AT:
            return Status.ERROR
        return Status.WARNING if self.ratio >= WARN_AT else Status.OK

    @property
    def label(self) -> str:
        """The status as the table shows it: `over` (an estimate at 100 % or more, a transaction
        past its governor limit), `warning` (an estimate at 80 % or more), `at limit` (a
        transaction exactly at its governor limit: allowed, nothing more fits), else `ok`."""
        if self.status is Status.ERROR:
            return "over"
        if self.status is Status.WARNING:
            return "warning"
        return "at limit" if self.allocation.maximum and self.used >= self.allocation.maximum else "ok"


@dataclass(frozen=True)
class LimitsBudget:
    edition: str
    licenses: int
    source: str  # "spec" (edition and licences from the spec) or the org reference whose /limits were read
    lines: tuple[BudgetLine, ...]
    flows: tuple[FlowEstimate, ...]

    @property
    def status(self) -> Status:
        found = {line.status for line in self.lines}
        return Status.ERROR if Status.ERROR in found else Status.WARNING if Status.WARNING in found else Status.OK


def budget(spec: Spec, facts: OrgFacts | None = None) -> LimitsBudget:
    edition = str(spec.salesforce.edition)
    licenses = spec.salesforce.licenses
    org_limits = dict(facts.limits) if facts is not None and facts.limits else None
    table = allocations(edition, licenses, org_limits)
    estimates = tuple(estimate(spec, name, flow) for name, flow in sorted(spec.flows.items()))
    lines = []
    for key, allocation in table.items():
        amounts = sorted(((e.flow, e.usage[key]) for e in estimates if e.usage.get(key)), key=lambda p: (-p[1], p[0]))
        if not amounts and allocation.in_use is None:
            continue
        if allocation.limit.window is Window.TRANSACTION:
            used = amounts[0][1] if amounts else 0
        else:
            used = sum(a for _, a in amounts)
        lines.append(BudgetLine(allocation, used, tuple(amounts)))
    source = facts.instance if org_limits and facts is not None else "spec"
    return LimitsBudget(edition, licenses, source, tuple(lines), estimates)
