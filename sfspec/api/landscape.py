"""Use cases `graph`, `docs` and `limits`: views of the landscape a spec describes, and the diagram
of a plan for its Markdown report."""

from __future__ import annotations

from dataclasses import dataclass
from pathlib import Path
from typing import TYPE_CHECKING

from sfspec.api.check import CheckedSpec, checked_for_environment
from sfspec.api.org import org_option
from sfspec.diagnostics import Diagnostics
from sfspec.model.spec import Spec
from sfspec.orgref import OrgRef

if TYPE_CHECKING:
    from sfspec.api.changes import PlanRun
    from sfspec.landscape.limits import LimitsBudget


@dataclass(frozen=True)
class Landscape:
    """A checked spec with one environment's overrides applied (volumes, schedules, base URLs)."""

    checked: CheckedSpec
    spec: Spec
    environment: str | None
    org_ref: OrgRef | None


def landscape(path: Path, environment: str | None = None) -> tuple[Landscape | None, Diagnostics]:
    found_spec, diags = checked_for_environment(path, environment)
    if found_spec is None:
        return None, diags
    checked, resolved = found_spec
    return Landscape(checked, resolved.spec, environment, resolved.org_ref), diags


def landscape_graph(
    path: Path, output_format: str = "mermaid", environment: str | None = None, plan_file: Path | None = None
) -> tuple[str | None, Diagnostics]:
    """The landscape as Mermaid or DOT; with a saved plan, what it changes is highlighted.
    SfspecError when the plan file cannot be used."""
    from sfspec.landscape import changed
    from sfspec.landscape.dot import dot
    from sfspec.landscape.mermaid import mermaid

    view, diags = landscape(path, environment)
    if view is None:
        return None, diags
    highlight: set[str] = set()
    if plan_file is not None:
        from sfspec.apply.staleness import load_saved_plan

        saved = load_saved_plan(plan_file)
        highlight = changed.highlights(view.spec, view.checked.doc, [c.source for c in saved.visible()])
    writer = dot if output_format == "dot" else mermaid
    return writer(view.spec, highlight), diags


def plan_diagram(run: PlanRun) -> str:
    """Mermaid of the planned landscape with the flows and systems the plan changes highlighted,
    for the plan's Markdown report (render/ cannot import landscape/: they are sibling layers)."""
    from sfspec.landscape import changed
    from sfspec.landscape.mermaid import mermaid

    spec = run.desired.resolved.spec
    return mermaid(spec, changed.highlights(spec, run.desired.checked.doc, [c.source for c in run.plan.visible()]))


def landscape_docs(
    path: Path, output_format: str = "markdown", environment: str | None = None
) -> tuple[str | None, Diagnostics]:
    """The data dictionary as Markdown or JSON (schemas/dictionary.schema.json)."""
    import json

    from sfspec.landscape.dictionary import dictionary
    from sfspec.landscape.dictionary_md import dictionary_markdown
    from sfspec.landscape.mermaid import mermaid

    view, diags = landscape(path, environment)
    if view is None:
        return None, diags
    data = dictionary(view.spec, environment)
    if output_format == "json":
        return json.dumps(data, indent=2, ensure_ascii=False) + "\n", diags
    return dictionary_markdown(data, mermaid(view.spec)), diags


def landscape_limits(
    path: Path, environment: str | None = None, org: str | None = None, *, read_org: bool = True, verbose: int = 0
) -> tuple[LimitsBudget | None, Diagnostics]:
    """The limits budget of the flows' declared volumes, with its findings (SFS701-SFS703) in the
    diagnostics. The org's /limits (its real maxima and current use) are read when `org` is given
    or the environment names one; OrgError when that org cannot be read."""
    from sfspec.landscape.limits import budget, budget_findings

    view, diags = landscape(path, environment)
    if view is None:
        return None, diags
    ref = org_option(org) if org else view.org_ref
    facts = None
    if ref is not None and read_org:
        from sfspec.org import open_org

        facts = open_org(ref, verbose=verbose).read([]).facts
    made = budget(view.spec, facts)
    diags += budget_findings(made, view.checked.doc)
    return made, diags
