"""Stage 8b: carry out a plan. out/ is written first (it is what gets deployed), then the org:

- `mock:PATH` → the snapshot is rewritten atomically under its file lock (sfspec.org.mock);
- a live org → a Metadata API deploy of the generated tree (sfspec.apply.live);
- `source:DIR` is read-only: refused before anything is written.
Conflicts refuse the whole apply, and so do changes that lose data (deletes of objects and
fields, narrowing field changes) unless the caller allows them explicitly. The applied record
(record.py) is saved only after the org accepted everything, so a failed or check-only apply
records nothing as applied.
"""

from __future__ import annotations

from collections.abc import Callable
from dataclasses import dataclass
from pathlib import Path

from sfspec.apply.outdir import WrittenTree, write_tree
from sfspec.apply.record import record_of, save_record
from sfspec.apply.unfinished import Unfinished, clear_unfinished, now, save_unfinished
from sfspec.diff import Action
from sfspec.errors import ApplyFailed
from sfspec.orgref import OrgKind
from sfspec.plan import Plan
from sfspec.state import Component, ComponentKey, DesiredState, MetadataType

Progress = Callable[[str], None]


@dataclass(frozen=True)
class ApplyOutcome:
    out: WrittenTree
    upserts: int
    deletes: int
    check_only: bool
    record: Path | None  # where the applied record went (None for check-only)
    tests_run: int = 0
    middleware: int = 0  # middleware files created, changed or removed in out/
    deploy_id: str | None = None  # a live org's deploy
    deployed: tuple[str, ...] = ()  # what the org now holds from this apply ("Type:Name")
    deleted: tuple[str, ...] = ()


def org_changes(plan: Plan, desired: DesiredState) -> tuple[list[Component], list[ComponentKey]]:
    """What the org must receive: middleware files are applied by writing out/, not by the org."""
    upserts = [
        desired.components[c.key]
        for c in plan.changes
        if c.action in (Action.CREATE, Action.UPDATE, Action.ADOPT) and c.key.type != MetadataType.MIDDLEWARE_FILE
    ]
    deletes = [c.key for c in plan.changes if c.action is Action.DELETE and c.key.type != MetadataType.MIDDLEWARE_FILE]
    return upserts, deletes


def apply_plan(
    plan: Plan,
    desired: DesiredState,
    out_dir: Path,
    *,
    check_only: bool = False,
    allow_destructive: bool = False,
    progress: Progress = lambda _msg: None,
    wait_minutes: float | None = None,
) -> ApplyOutcome:
    if plan.conflicts:
        raise ApplyFailed(
            f"{len(plan.conflicts)} conflict(s) with unmanaged components; nothing applied",
            [f"{c.key}: {c.reason}" for c in plan.conflicts],
        )
    if plan.destructive and not allow_destructive:
        raise ApplyFailed(
            f"{len(plan.destructive)} change(s) lose data; nothing applied (pass --allow-destructive to apply them)",
            [f"{c.key}: {c.data_loss}" for c in plan.destructive],
        )
    if plan.org.kind is OrgKind.SOURCE:
        raise ApplyFailed(
            f"{plan.org} is an SFDX project read as an org; it cannot be applied to",
            ["use `sfspec build --out DIR` to write the generated source, or apply to a mock or live org"],
        )
    tree, diags = write_tree(desired.files, out_dir)
    if tree is None:
        raise ApplyFailed(f"cannot write {out_dir}", [d.format() for d in diags])
    progress(f"wrote {len(tree.files)} file(s) to {out_dir}")
    upserts, deletes = org_changes(plan, desired)
    live = None
    if plan.org.kind is OrgKind.MOCK:
        from sfspec.apply.mock import apply_mock

        planned = {k: v for k, v in plan.read.items() if ComponentKey.parse(k).type != MetadataType.MIDDLEWARE_FILE}
        apply_mock(
            plan.org.path, upserts, deletes, check_only=check_only, progress=progress, planned=planned, org=plan.org
        )
    elif upserts or deletes:
        from sfspec.apply.live import apply_live
        from sfspec.org.live.deploy import DeployInDoubt

        try:
            live = apply_live(
                plan, desired, upserts, deletes, check_only=check_only, progress=progress, wait_minutes=wait_minutes
            )
        except DeployInDoubt as exc:  # running on in Salesforce: the next run must know
            found = Unfinished(
                exc.job,
                str(plan.org),
                exc.why,
                exc.last_state,
                now(),
                tuple(str(c.key) for c in upserts),
                tuple(map(str, deletes)),
            )
            where = save_unfinished(out_dir, plan.environment, found)
            exc.details = [*getattr(exc, "details", []), f"recorded in {where}"]
            raise
    middleware = sum(
        1 for c in plan.changes if c.key.type == MetadataType.MIDDLEWARE_FILE and c.action is not Action.NOOP
    )
    deployed = (live.deploy_id, live.deployed, live.deleted) if live else (None, (), ())
    tests_run = live.tests_run if live else 0
    if check_only:
        return ApplyOutcome(tree, len(upserts), len(deletes), True, None, tests_run, middleware, *deployed)
    saved = save_record(out_dir, plan.environment, record_of(desired, plan.org))
    clear_unfinished(out_dir, plan.environment)
    return ApplyOutcome(tree, len(upserts), len(deletes), False, saved, tests_run, middleware, *deployed)
