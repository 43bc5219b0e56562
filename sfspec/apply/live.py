"""Apply to a live org: one Metadata API deploy of the changed part of the generated tree.

The zip holds the source files of every component the plan creates or updates, plus
destructiveChanges.xml for its deletes (the diff only ever deletes sfspec-managed components).
Tests run as RunSpecifiedTests with the generated test classes whenever Apex is deployed;
rollbackOnError is always on, so a failed deploy changes nothing and is reported per component
and per test (sfspec.org.live.deploy does the SOAP calls through simple-salesforce).
"""

from __future__ import annotations

import re
from collections.abc import Callable
from dataclasses import dataclass

from sfspec.apply.staleness import raise_if_changed
from sfspec.errors import ApplyFailed
from sfspec.plan import Plan
from sfspec.sfdx_format import classify
from sfspec.state import APEX_TYPES, ORG_TYPES, Component, ComponentKey, DesiredState, GeneratedFile, MetadataType

_IS_TEST = re.compile(r"@istest\b", re.IGNORECASE)


def test_classes(desired: DesiredState) -> list[str]:
    """The generated Apex test classes (annotated @IsTest)."""
    return sorted(c.name for c in desired.of_type(MetadataType.APEX_CLASS) if _IS_TEST.search(c.body or ""))


def files_for(desired: DesiredState, keys: set[ComponentKey]) -> list[GeneratedFile]:
    out = []
    for f in desired.files:
        role = classify(f.path) if f.path.startswith("force-app/") else None
        if role is not None and role.key in keys:
            out.append(f)
    return out


@dataclass(frozen=True)
class LiveApplied:
    deploy_id: str
    tests_run: int
    deployed: tuple[str, ...]  # "Type:Name" the org now holds from this deploy
    deleted: tuple[str, ...]


def apply_live(
    plan: Plan,
    desired: DesiredState,
    upserts: list[Component],
    deletes: list[ComponentKey],
    *,
    check_only: bool,
    progress: Callable[[str], None],
    wait_minutes: float | None = None,
) -> LiveApplied:
    """Deploy; ApplyFailed (nothing applied) when any component or test fails, DeployInDoubt when
    sfspec stops following a submitted deploy (it may still change the org)."""
    from sfspec.org import open_org
    from sfspec.org.live.deploy import DEFAULT_WAIT_MINUTES, deploy, follow_up

    connection = open_org(plan.org)
    # Re-read what the plan read just before deploying (a live org has no lock to hold): the
    # confirmation prompt may have waited while someone changed the org.
    planned = {k: v for k, v in plan.read.items() if ComponentKey.parse(k).type != MetadataType.MIDDLEWARE_FILE}
    keys = [ComponentKey.parse(k) for k in planned]
    now = connection.read(keys, managed_types=ORG_TYPES)
    raise_if_changed(plan.org, planned, now.fingerprint(set(keys) | set(now.keys())))
    files = files_for(desired, {c.key for c in upserts})
    touches_apex = any(c.type in APEX_TYPES for c in upserts) or any(k.type in APEX_TYPES for k in deletes)
    tests = test_classes(desired) if touches_apex else []
    result = deploy(
        connection,
        files,
        deletes,
        check_only=check_only,
        run_tests=tests,
        api_version=getattr(connection, "api_version", "63.0"),
        progress=progress,
        max_wait=(DEFAULT_WAIT_MINUTES if wait_minutes is None else wait_minutes) * 60,
    )
    follow = f"details: `{follow_up(result.id)}`"
    if result.partial:
        raise ApplyFailed(
            f"deploy {result.id} succeeded only in part: {result.components_deployed} of {result.components_total} "
            f"component(s) are in the org now, the others failed; nothing recorded as applied, plan again ({follow})",
            result.failure_lines() or [f"the org reported status {result.status} without details"],
        )
    if not result.success:
        failures = result.failure_lines()
        raise ApplyFailed(
            f"deploy {result.id} {result.status.lower()}: {len(result.component_failures)} component failure(s), "
            f"{len(result.test_failures)} test failure(s); nothing was applied (rollbackOnError; {follow})",
            failures or [f"the org reported status {result.status} without details"],
        )
    verb = "validated" if check_only else "deployed"
    progress(
        f"deploy {result.id}: {result.components_total} component(s) {verb}, "
        f"{result.tests_total} test(s) passed ({result.test_level})"
    )
    return LiveApplied(
        result.id, result.tests_total, tuple(map(str, result.submitted)), tuple(map(str, result.deleted))
    )
