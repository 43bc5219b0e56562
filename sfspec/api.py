"""The pipeline as plain functions: the only module the CLI calls for real work.

load → validate → model → rules here; later stages (resolve, org, diff, plan, apply, generate)
hang off `checked_spec`.
"""

from __future__ import annotations

from collections.abc import Callable, Iterable
from dataclasses import dataclass
from pathlib import Path
from typing import TYPE_CHECKING

from sfspec import model, rules, validate
from sfspec.diagnostics import Diagnostics
from sfspec.load import SpecDocument, load_spec
from sfspec.model.spec import Spec
from sfspec.orgref import OrgRef
from sfspec.resolve import Resolved, for_environment
from sfspec.state import ORG_TYPES, TYPE_ORDER, ActualState, ComponentKey, MetadataType

if TYPE_CHECKING:
    import datetime as dt

    from sfspec.apply import ApplyOutcome
    from sfspec.apply.outdir import WrittenTree
    from sfspec.landscape.adopt import Adoption
    from sfspec.landscape.importer import Imported
    from sfspec.landscape.limits import LimitsBudget
    from sfspec.plan import Plan
    from sfspec.render import Report
    from sfspec.state import DesiredState


def org_option(org: str) -> OrgRef:
    """An `--org` value; its `mock:`/`source:` path is relative to the working directory.
    OrgError when it is not an org reference."""
    return OrgRef.parse(org).resolved(Path.cwd())


@dataclass(frozen=True)
class CheckedSpec:
    """A spec that passed every stage up to the semantic rules (warnings may remain)."""

    path: Path
    doc: SpecDocument
    spec: Spec


def check_spec(path: Path, disabled_rules: Iterable[str] = ()) -> tuple[CheckedSpec | None, Diagnostics]:
    """Stages 1–3b. UsageError when `disabled_rules` names a code that is not a semantic rule."""
    disabled = rules.disabled_rules(disabled_rules)
    doc, diags = load_spec(path)
    if doc is None or diags.has_errors():
        return None, diags
    data = doc.plain()
    diags += validate.validate_document(doc, data)
    if diags.has_errors():
        return None, diags
    spec, found = model.build(doc, data)
    diags += found
    if spec is None:
        return None, diags
    diags += rules.run(spec, doc, disabled)
    if diags.has_errors():
        return None, diags
    return CheckedSpec(path, doc, spec), diags


# ── build / plan / apply / drift (issue 6) ─────────────────────────────────────────────────
@dataclass(frozen=True)
class Desired:
    """A checked spec, resolved for one environment, compiled into the components it wants."""

    checked: CheckedSpec
    resolved: Resolved
    state: DesiredState


def checked_for_environment(
    path: Path,
    environment: str | None = None,
    disabled_rules: Iterable[str] = (),
) -> tuple[tuple[CheckedSpec, Resolved] | None, Diagnostics]:
    """Stages 1–4a: a checked spec with one environment's overrides applied."""
    checked, diags = check_spec(path, disabled_rules)
    if checked is None:
        return None, diags
    resolved, found = for_environment(checked.spec, checked.doc, path, environment)
    diags += found
    return (None if resolved is None else (checked, resolved)), diags


def desired(
    path: Path, environment: str | None = None, disabled_rules: Iterable[str] = ()
) -> tuple[Desired | None, Diagnostics]:
    found_spec, diags = checked_for_environment(path, environment, disabled_rules)
    if found_spec is None:
        return None, diags
    checked, resolved = found_spec
    # Imported here: the generators pull in jinja2 and every template module, which `validate`
    # never needs (CLI start-up budget, bench/startup.py).
    from sfspec.generate import generate
    from sfspec.generate.context import GenerationContext

    state, found = generate(GenerationContext(resolved.spec, checked.doc, environment))
    diags += found
    if diags.has_errors():
        return None, diags
    return Desired(checked, resolved, state), diags


def build(
    path: Path, environment: str | None, out_dir: Path, org: str | None = None, *, verbose: int = 0
) -> tuple[WrittenTree | None, Diagnostics]:
    """Generate every artifact and replace `out_dir` with them; nothing is written on errors. With
    an org, what `apply` would deploy there: components the org already holds patched over its copy
    (nothing it has is dropped), references left out. OrgError when that org cannot be read."""
    from sfspec.apply.outdir import write_tree

    if org is not None:
        run, diags = plan(path, environment, org, out_dir, verbose=verbose)
        wanted = run.desired if run is not None else None
    else:
        wanted, diags = desired(path, environment)
    if wanted is None:
        return None, diags
    tree, found = write_tree(wanted.state.files, out_dir)
    diags += found
    return tree, diags


@dataclass(frozen=True)
class PlanRun:
    """A plan with what it was computed from: `apply` deploys exactly `desired.state`."""

    plan: Plan
    desired: Desired
    actual: ActualState


def plan(
    path: Path, environment: str | None = None, org: str | None = None, out_dir: Path = Path("out"), *, verbose: int = 0
) -> tuple[PlanRun | None, Diagnostics]:
    """Desired state × the org (and the last apply's middleware record) → a Plan. OrgError when the
    org cannot be read."""
    import dataclasses

    from sfspec.apply.record import load_record
    from sfspec.diff import diff, reconcile
    from sfspec.model.claims import claims
    from sfspec.org import open_org
    from sfspec.plan import Plan, spec_digest

    wanted, diags = desired(path, environment)
    if wanted is None:
        return None, diags
    ref = org_option(org) if org else wanted.resolved.org_ref
    if ref is None:
        diags.error(
            "SFS030",
            "no org to plan against",
            None,
            "pass --org mock:PATH|source:DIR|sf:ALIAS|env, or -e ENV for an environment that names its org",
        )
        return None, diags
    reader = open_org(ref, verbose=verbose)
    record = load_record(out_dir, environment, ref)
    claimed = claims(wanted.resolved.spec, wanted.checked.doc)
    # also what sfspec applied before: marker-less components it owns are found through the record;
    # and every existing component the spec names (references, adoptions, bound credentials)
    keys = (
        {k for k in wanted.state if k.type != MetadataType.MIDDLEWARE_FILE}
        | {ComponentKey.parse(k) for k in record.components}
        | set(claimed)
    )
    read = reader.read(sorted(keys), managed_types=ORG_TYPES)
    actual = ActualState(
        {**read.components, **{c.key: c for c in record.middleware_components()}},
        facts=read.facts,
        origin=read.origin,
        inventory=read.inventory,
    )
    # what would be deployed: references left out, existing components patched over the org's copy
    wanted = dataclasses.replace(wanted, state=reconcile(wanted.state, actual, claimed, record.components))
    changes = diff(wanted.state, actual, TYPE_ORDER, record.components, claimed)
    digest = spec_digest((f.path, f.text) for f in wanted.checked.doc.files)
    read_keys = set(wanted.state.keys()) | set(actual.keys()) | set(claimed)
    made = Plan(tuple(changes), str(path), digest, environment, ref, actual.fingerprint(read_keys))
    run = PlanRun(made, wanted, actual)
    diags += limit_warnings(run)  # the limits budget's findings, as `sfspec limits` shows them
    return run, diags


def replan(saved: Plan, out_dir: Path = Path("out"), *, verbose: int = 0) -> tuple[PlanRun | None, Diagnostics]:
    """Recompute a saved plan against the org now; StalePlan when the spec, sfspec or any component
    the plan read has changed since (Terraform's "Saved plan is stale")."""
    from sfspec.apply.staleness import check_fresh

    spec_path = Path(saved.spec_path)
    if not spec_path.exists():
        check_fresh(saved, None)  # raises: the spec is gone
    run, diags = plan(spec_path, saved.environment, str(saved.org), out_dir, verbose=verbose)
    if run is not None:  # otherwise the spec's own errors say why
        check_fresh(saved, run.plan)
    return run, diags


def apply(
    run: PlanRun,
    out_dir: Path = Path("out"),
    *,
    check_only: bool = False,
    allow_destructive: bool = False,
    progress: Callable[[str], None] = lambda _m: None,
) -> ApplyOutcome:
    from sfspec.apply import apply_plan

    return apply_plan(
        run.plan,
        run.desired.state,
        out_dir,
        check_only=check_only,
        allow_destructive=allow_destructive,
        progress=progress,
    )


def drift(
    path: Path,
    environment: str | None,
    org: str | None = None,
    out_dir: Path = Path("out"),
    *,
    today: dt.date | None = None,
    verbose: int = 0,
) -> tuple[Report | None, Diagnostics]:
    """The org against the spec for every managed Salesforce component, with waivers applied."""
    import dataclasses
    import datetime as dt

    from sfspec.diff.waivers import PlacedWaiver, apply_waivers
    from sfspec.render import Report

    run, diags = plan(path, environment, org, out_dir, verbose=verbose)
    if run is None:
        return None, diags
    doc = run.desired.checked.doc
    placed = [PlacedWaiver(w, doc.locate(["waivers", i])) for i, w in enumerate(run.desired.checked.spec.waivers)]
    org_side = [
        c for c in run.plan.changes if c.key.type != MetadataType.MIDDLEWARE_FILE
    ]  # middleware is not in the org
    result = apply_waivers(org_side, placed, environment, today or dt.datetime.now(dt.timezone.utc).date())
    known = {str(k) for k in run.desired.state} | {str(c.key) for c in org_side}
    for stray in placed:
        if stray.waiver.component not in known and stray.waiver.environment in (None, environment):
            diags.warning(
                "SFS032",
                f"waiver names {stray.waiver.component}, which this spec does not manage",
                stray.source,
                "check the `Type:FullName` spelling, or remove the waiver",
            )
    for expired in result.expired:
        diags.warning(
            "SFS031",
            f"waiver for {expired.waiver.component} expired on {expired.waiver.expires}",
            expired.source,
            "renew the expiry date or remove the waiver",
        )
    return Report(
        dataclasses.replace(run.plan, changes=result.remaining), "drift", result.waived, result.expired
    ), diags


# ── landscape: graph, docs, limits, import (issue 7) ───────────────────────────────────────
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
    """The limits budget of the flows' declared volumes, with its findings (SFS701–SFS703) in the
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


def limit_warnings(run: PlanRun) -> Diagnostics:
    """The limits budget's findings for a plan: the plan shows the same warnings as `sfspec limits`."""
    from sfspec.landscape.limits import limit_findings

    return limit_findings(run.desired.resolved.spec, run.actual.facts, run.desired.checked.doc)


# ── org snapshot (issue 3) ─────────────────────────────────────────────────────────────────
def org_snapshot(
    org: str, out: Path, spec: Path | None = None, environment: str | None = None, *, verbose: int = 0
) -> tuple[str | None, Diagnostics]:
    """Save an org as a mock snapshot: everything relevant, or (with a spec) the spec's components
    plus every sfspec-managed one. Returns a summary line. OrgError when the org cannot be read."""
    from sfspec.org import open_org
    from sfspec.org.export import take_snapshot, write_snapshot_file

    diags = Diagnostics()
    wanted = None
    if spec is not None:
        found, diags = desired(spec, environment)
        if found is None:
            return None, diags
        wanted = [k for k in found.state if k.type != MetadataType.MIDDLEWARE_FILE]
    reader = open_org(org_option(org), verbose=verbose)
    state = take_snapshot(reader, wanted, ORG_TYPES)
    return write_snapshot_file(state, out), diags


def adopt(
    path: Path, targets: list[str], environment: str | None = None, org: str | None = None, *, verbose: int = 0
) -> tuple[list[Adoption] | None, Diagnostics]:
    """Write the spec patch that takes existing org objects and fields under management
    (`manage: adopt` with the org's definition), after checking the patched spec like any spec;
    nothing is written on errors. OrgError when the org cannot be read."""
    import shutil
    import tempfile

    from sfspec.landscape import adopt as adoption
    from sfspec.org import open_org

    found_spec, diags = checked_for_environment(path, environment)
    if found_spec is None:
        return None, diags
    checked, resolved = found_spec
    keys = []
    for target in targets:
        key = adoption.parse_target(target)
        if key is None:
            diags.error("SFS043", f"{target!r} is not an object or field name", None, "e.g. Property__c.Price__c")
        else:
            keys.append(key)
    ref = org_option(org) if org else resolved.org_ref
    if ref is None:
        diags.error(
            "SFS030", "no org to adopt from", None, "pass --org, or -e ENV for an environment that names its org"
        )
    if diags.has_errors() or ref is None:
        return None, diags
    state = open_org(ref, verbose=verbose).read(keys)
    texts, adopted, found = adoption.adopt(checked.doc, checked.spec, state, keys)
    diags += found
    if diags.has_errors():
        return None, diags
    with tempfile.TemporaryDirectory(prefix="sfspec-adopt-") as tmp:  # the patched spec must check
        probe = Path(tmp) / path.name
        (shutil.copytree if path.is_dir() else shutil.copyfile)(path, probe)
        for file, text in texts.items():
            relative = Path(file).resolve().relative_to(path.resolve()) if path.is_dir() else Path(probe.name)
            (probe / relative if path.is_dir() else probe).write_text(text, encoding="utf-8")
        again, problems = check_spec(probe)
    if again is None:
        for d in problems.errors():
            diags.error(d.code, f"the adopted spec would not validate ({d.summary}); this is a bug in sfspec adopt")
        return None, diags
    for file, text in texts.items():
        target_file = Path(file)
        staged = target_file.with_name(f".{target_file.name}.sfspec-adopt")
        staged.write_text(text, encoding="utf-8")
        staged.replace(target_file)  # atomic per file
    return adopted, diags


@dataclass(frozen=True)
class ImportResult:
    """An imported spec's text, checked like any spec, and what went into it."""

    text: str
    imported: Imported


def import_org(
    org: str, output: Path, *, include_standard: bool = False, name: str | None = None, verbose: int = 0
) -> tuple[ImportResult | None, Diagnostics]:
    """Read an org (live, `source:DIR` or `mock:PATH`) and write nothing: return the spec text for
    `output`, checked by the whole validation pipeline first. OrgError when the org cannot be read."""
    import dataclasses
    import re
    import tempfile

    from sfspec.landscape.importer import build, render_spec
    from sfspec.org import open_org

    ref = org_option(org)
    state = open_org(ref, verbose=verbose).read_all()
    default = Path(ref.target).stem if ref.target else "imported"
    landscape_name = re.sub(r"[^A-Za-z0-9_-]+", "-", name or default).strip("-_")[:64] or "imported"
    if not landscape_name[0].isalpha():
        landscape_name = "org-" + landscape_name[:60]
    imported = build(state, landscape_name, include_standard)
    imported.origin = org  # as the user wrote it: the header stays the same from any folder
    text = render_spec(imported)
    with tempfile.TemporaryDirectory(prefix="sfspec-import-") as tmp:
        probe = Path(tmp) / output.name
        probe.write_text(text, encoding="utf-8")
        checked, diags = check_spec(probe)
    if checked is None:
        found = Diagnostics()
        for d in diags:
            summary = f"the imported spec does not validate ({d.summary}); this is a bug in sfspec import"
            found.add(dataclasses.replace(d, summary=summary, source=None))
        return None, found
    return ImportResult(text, imported), diags
