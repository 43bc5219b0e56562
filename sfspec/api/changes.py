"""Use cases `plan`, `apply` and `drift`: the desired state against an org (stages 5-8)."""

from __future__ import annotations

from collections.abc import Callable
from dataclasses import dataclass, replace
from pathlib import Path
from typing import TYPE_CHECKING

from sfspec.api.build import Desired, generated
from sfspec.api.check import checked_for_environment
from sfspec.api.org import org_option
from sfspec.codes import Code
from sfspec.diagnostics import Diagnostics
from sfspec.orgref import OrgKind
from sfspec.state import ORG_TYPES, TYPE_ORDER, ActualState, MetadataType

if TYPE_CHECKING:
    import datetime as dt

    from sfspec.apply import ApplyOutcome
    from sfspec.plan import ManualStep, Plan
    from sfspec.render import Report


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
    from sfspec.apply.outdir import read_middleware
    from sfspec.apply.record import load_record
    from sfspec.apply.unfinished import load_unfinished
    from sfspec.diff import diff, reconcile, sharing_keys
    from sfspec.diff.coexist import org_matters
    from sfspec.diff.existence import missing_objects
    from sfspec.model import org_references
    from sfspec.model.claims import claims
    from sfspec.org import open_org
    from sfspec.paths import canonical_path
    from sfspec.plan import Plan, ReadHashes, spec_digest

    found_spec, checked_diags = checked_for_environment(path, environment)
    if found_spec is None:
        return None, checked_diags
    checked, resolved = found_spec
    wanted, found = generated(checked, resolved, environment)
    diags = Diagnostics([*checked_diags, *found])
    if wanted is None:
        return None, diags
    # made while the text is held as read (it is encoded to be hashed), before the org is read
    digest = spec_digest((f.path, f.text) for f in wanted.checked.doc.files)
    # Generated: the spec's tree (its plain data and positions) is needed again only where something
    # is located (a claim the diff reports on, an SFS033, a manual step, a limits finding), which
    # reads it again from the kept text (SpecDocument.release). Claims locate only when asked.
    wanted.checked.doc.release()
    ref = org_option(org) if org else wanted.resolved.org_ref
    if ref is None:
        diags.error(
            Code.SFS030,
            "no org to plan against",
            None,
            "pass --org mock:PATH|source:DIR|sf:ALIAS|env, or -e ENV for an environment that names its org",
        )
        return None, diags
    reader = open_org(ref, verbose=verbose)
    record = load_record(out_dir, environment, ref)
    # keyed by the desired state's own keys (alive through the diff: no second copy of them), while
    # little else is held (the org is not read yet)
    claimed = sharing_keys(claims(wanted.resolved.spec, wanted.checked.doc), wanted.state)
    # every existing component the spec names (references, adoptions, bound credentials) is read too,
    # and the standard objects and fields it names without creating: the plan relies on them (stale if edited)
    referenced = org_references(wanted.resolved.spec) - set(wanted.state.keys()) - set(claimed)
    keys = record.keys_to_read([*wanted.state, *claimed, *referenced])
    read = reader.read(keys, managed_types=ORG_TYPES)
    if org_matters(wanted.state, read.inventory):
        # The org runs its own triggers on objects sfspec triggers on, or uses Apex names sfspec
        # would generate: generate again, knowing the org (names avoid its own, triggers meet them),
        # from the spec checked and digested already. The first generation's state goes first (its
        # keys live on in the claims): two desired states at once were a brownfield plan's peak.
        wanted = None
        wanted, found = generated(checked, resolved, environment, read.inventory)
        diags = Diagnostics([*checked_diags, *found])  # the second generation's findings replace the first's
        if wanted is None:
            return None, diags
        checked.doc.release()  # generation located in the tree: read again, and let go again
        # Only what the first read cannot answer: the names generation picked to avoid the org's
        # own are absent from everything that read saw whole, and reading them would cost rounds.
        new_keys = {k for k in set(record.keys_to_read([*wanted.state])) - set(keys) if not read.surely_absent(k)}
        if new_keys:
            more = reader.read(sorted(new_keys))
            read = replace(read, components={**read.components, **more.components})
        claimed = sharing_keys(claimed, wanted.state)  # the second generation's keys
    # after a second generation (its diagnostics replace the first's), so the warning is kept
    unfinished = load_unfinished(out_dir, environment, ref)
    if unfinished is not None:
        diags.warning(
            Code.SFS034,
            f"deploy {unfinished.job} to {ref} was left running at {unfinished.when} ({unfinished.why}); "
            "it may have changed the org since, and this plan reads the org as it is now",
            None,
            f"follow it with `sf project deploy report --job-id {unfinished.job}`",
        )
    # middleware is applied by writing out/middleware/: what is there is its actual state
    actual = replace(read, components={**read.components, **{c.key: c for c in read_middleware(out_dir)}})
    del read, keys  # `actual` holds the read; its own index of components is not kept through the diff
    # what would be deployed: references left out, existing components patched over the org's copy
    wanted = replace(wanted, state=reconcile(wanted.state, actual, claimed, record.components))
    if ref.kind is not OrgKind.SOURCE:  # an SFDX project holds part of an org: absence proves nothing
        for name in missing_objects(wanted.state, actual, referenced):
            diags.error(
                Code.SFS033,
                f"object {name} does not exist in {ref} and the spec does not create it",
                wanted.checked.doc.locate(["objects", name]),
                "check the spelling; only custom objects (`__c`) are created, other objects must exist in the org",
            )
        if diags.has_errors():
            return None, diags
    changes = diff(wanted.state, actual, TYPE_ORDER, record.components, claimed)
    # the plan's read hashes are computed when asked, from `actual`, which the run keeps anyway
    read_keys = [*wanted.state.components, *actual.components, *claimed.components, *referenced]
    # what only the read and the diff needed goes before the plan is made (its peak memory: bench/scale.py)
    del claimed, referenced
    made = Plan(
        tuple(changes),
        canonical_path(path),
        digest,
        environment,
        ref,
        ReadHashes(actual.components, read_keys),
        manual_steps=manual_steps(wanted),
        out_dir=canonical_path(out_dir),
    )
    run = PlanRun(made, wanted, actual)
    diags += limit_warnings(run)  # the limits budget's findings, as `sfspec limits` shows them
    return run, diags


def manual_steps(wanted: Desired) -> tuple[ManualStep, ...]:
    """What a person must do in the org that a deploy cannot: the line that calls sfspec's handler
    from a trigger the org already has (`objects.<O>.trigger: integrate`)."""
    from sfspec.generate.context import GenerationContext
    from sfspec.plan import ManualStep

    if wanted.inventory is None:
        return ()
    context = GenerationContext(wanted.resolved.spec, wanted.checked.doc, wanted.environment, wanted.inventory)
    layout = context.salesforce_layout
    steps = []
    for trig in layout.triggers if layout else []:
        if not trig.integrated or (trig.wired and not trig.missing_events):
            continue  # the org's trigger runs the handler already, in every context it needs
        if trig.wired:
            note = f"{trig.existing[0]} runs this line already; it must also fire on {', '.join(trig.missing_events)}"
        else:
            note = (
                f"add this line to {trig.existing[0]}, the org's trigger on {trig.object}, and deploy it with the "
                "generated project (its tests expect the handler to run)"
            )
            if trig.missing_events:
                note += f"; it must also fire on {', '.join(trig.missing_events)}"
        source = wanted.checked.doc.locate(["objects", trig.object, "trigger"])
        steps.append(ManualStep(f"{MetadataType.APEX_TRIGGER}:{trig.existing[0]}", trig.call, note, source))
    return tuple(steps)


def limit_warnings(run: PlanRun) -> Diagnostics:
    """The limits budget's findings for a plan: the plan shows the same warnings as `sfspec limits`."""
    from sfspec.landscape.limits import limit_findings

    return limit_findings(run.desired.resolved.spec, run.actual.facts, run.desired.checked.doc)


def replan(saved: Plan, out_dir: Path = Path("out"), *, verbose: int = 0) -> tuple[PlanRun | None, Diagnostics]:
    """Recompute a saved plan against the org now; StalePlan when the spec, sfspec or any component
    the plan read has changed since (Terraform's "Saved plan is stale")."""
    from sfspec.apply.staleness import check_fresh

    spec_path = Path(saved.spec_path)
    if not spec_path.exists():
        check_fresh(saved, None)  # raises: the spec is gone
    if saved.out_dir is not None:  # the plan's own out/: the same middleware and apply record from anywhere
        out_dir = Path(saved.out_dir)
    run, diags = plan(spec_path, saved.environment, str(saved.org), out_dir, verbose=verbose)
    if run is not None:  # otherwise the spec's own errors say why
        check_fresh(saved, run.plan)
    return run, diags


def apply(
    run: PlanRun,
    *,
    check_only: bool = False,
    allow_destructive: bool = False,
    progress: Callable[[str], None] = lambda _m: None,
    wait_minutes: float | None = None,
) -> ApplyOutcome:
    """Carry out a plan into the out/ folder it was made with (its middleware, its apply record); a live
    deploy is followed for at most `wait_minutes` (default 30)."""
    from sfspec.apply import apply_plan

    return apply_plan(
        run.plan,
        run.desired.state,
        Path(run.plan.out_dir or "out"),
        check_only=check_only,
        allow_destructive=allow_destructive,
        progress=progress,
        wait_minutes=wait_minutes,
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
    import datetime as dt

    from sfspec.diff.waivers import PlacedWaiver, apply_waivers, waiver_findings
    from sfspec.render import Report

    run, diags = plan(path, environment, org, out_dir, verbose=verbose)
    if run is None:
        return None, diags
    doc = run.desired.checked.doc
    placed = [PlacedWaiver(w, doc.locate(["waivers", i])) for i, w in enumerate(run.desired.checked.spec.waivers)]
    org_side = [c for c in run.plan.changes if c.key.type != MetadataType.MIDDLEWARE_FILE]  # middleware: not in the org
    result = apply_waivers(org_side, placed, environment, today or dt.datetime.now(dt.timezone.utc).date())
    managed = {str(k) for k in run.desired.state} | {str(c.key) for c in org_side}
    diags += waiver_findings(placed, result, managed, environment)
    return Report(replace(run.plan, changes=result.remaining), "drift", result.waived, result.expired), diags
