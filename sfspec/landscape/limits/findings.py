"""The budget as findings (SFS701-SFS703, declared in sfspec/codes.py), for `sfspec limits` and for
the plan (`limit_findings`). Each points at the spec line of the flow that contributes most (its
`volume`, or its `transport`).
"""

from __future__ import annotations

from sfspec.codes import Code, Severity
from sfspec.diagnostics import Diagnostic, Diagnostics, SourceRange
from sfspec.landscape.limits.allocations import Window
from sfspec.landscape.limits.budget import BudgetLine, LimitsBudget, Status, budget
from sfspec.load.document import SpecDocument
from sfspec.model.spec import Spec
from sfspec.state import OrgFacts


def _where(doc: SpecDocument | None, *path: str) -> SourceRange | None:
    return doc.locate(list(path)) if doc is not None else None


def _line_finding(line: BudgetLine, doc: SpecDocument | None) -> Diagnostic:
    limit = line.allocation.limit
    top_flow, top_amount = line.contributors[0] if line.contributors else (None, 0)
    percent = round(line.ratio * 100)
    summary = (
        f"{limit.label} {limit.window.value}: estimated {line.used:,} of {line.allocation.maximum:,} ({percent} %)"
    )
    hint: str | None
    if limit.window is Window.TRANSACTION:
        hint = f"flow {top_flow!r} does {top_amount:,} in one transaction; lower its volume.batch_size"
        where = _where(doc, "flows", top_flow, "volume") if top_flow else None
    else:
        hint = (
            (
                f"largest share: flow {top_flow!r} ({top_amount:,}); batch it, move it to Bulk API 2.0 or "
                "streaming, or raise the allocation (edition, licences, add-ons)"
            )
            if top_flow
            else None
        )
        where = _where(doc, "flows", top_flow, "volume") if top_flow else _where(doc, "salesforce")
    if line.status is Status.ERROR:
        return Diagnostic(Code.SFS702, summary + ": over the limit", Severity.ERROR, where, hint)
    return Diagnostic(Code.SFS701, summary + ": close to the limit", Severity.WARNING, where, hint)


def budget_findings(plan: LimitsBudget, doc: SpecDocument | None = None) -> Diagnostics:
    diags = Diagnostics()
    for line in plan.lines:
        if line.status is not Status.OK:
            diags.add(_line_finding(line, doc))
    for est in plan.flows:
        if est.suggestion:
            diags.add(
                Diagnostic(
                    Code.SFS703,
                    f"flow {est.flow!r}: {est.suggestion}",
                    Severity.INFO,
                    _where(doc, "flows", est.flow, "transport"),
                )
            )
    return diags


def limit_findings(spec: Spec, facts: OrgFacts | None = None, doc: SpecDocument | None = None) -> Diagnostics:
    """The limits budget's warnings and errors for a spec (and an org's /limits when known)."""
    return budget_findings(budget(spec, facts), doc)
