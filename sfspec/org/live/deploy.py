"""Deploy generated SFDX files to a live org with the Metadata API, and report every component
and test failure.

The zip is Metadata API format (sfspec.org.mdapi): package.xml, the converted files and, for
deletes, destructiveChanges.xml. rollbackOnError is always on; tests run as RunSpecifiedTests
when given, else NoTestRun, except in production where Apex requires RunLocalTests.
"""

from __future__ import annotations

import io
import time
from collections.abc import Callable
from dataclasses import dataclass
from typing import Any

from simple_salesforce import Salesforce

from sfspec.errors import ExitCode, OrgError
from sfspec.org.live.retry import RetryPolicy, call
from sfspec.org.mdapi import components_zip, source_to_components
from sfspec.state import APEX_TYPES, ComponentKey, GeneratedFile

DONE_STATES = ("Succeeded", "SucceededPartial", "Failed", "Canceled")
DEFAULT_WAIT_MINUTES = 30.0  # how long `apply` waits for a deploy before leaving it to Salesforce


def follow_up(job: str) -> str:
    """The command that follows a deploy sfspec stopped waiting for."""
    return f"sf project deploy report --job-id {job}"


@dataclass
class _Watch:
    job: str
    origin: str
    max_wait: float
    clock: Callable[[], float]
    started: float = 0.0
    waited: float = 0.0  # seconds slept between checks (what tests control)
    last_state: str = "Queued"

    def __post_init__(self) -> None:
        self.started = self.clock()

    @property
    def elapsed(self) -> float:
        return max(self.waited, self.clock() - self.started)


def _minutes(seconds: float) -> str:
    return f"{seconds / 60:.1f} min" if seconds >= 60 else f"{seconds:.0f} s"


class DeployInDoubt(OrgError):
    """A deploy was submitted, then sfspec stopped following it: it may have changed the org."""

    def __init__(self, watch: _Watch, why: str) -> None:
        super().__init__(
            f"deploy {watch.job} to {watch.origin} was submitted and may have changed the org, but {why}; "
            f"it continues in Salesforce: follow it with `{follow_up(watch.job)}` before applying again"
        )
        self.job = watch.job
        self.last_state = watch.last_state
        self.why = why


class DeployInterrupted(DeployInDoubt):
    exit_code = ExitCode.INTERRUPTED


class Interrupted(OrgError):
    exit_code = ExitCode.INTERRUPTED


def _wait(
    sf: Salesforce,
    watch: _Watch,
    policy: RetryPolicy,
    sleep: Callable[[float], None],
    report: Callable[[str], None],
) -> tuple[str, Any, Any]:
    """Poll checkDeployStatus with back-off until the deploy is done or `max_wait` has passed."""
    delay = 1.0
    while True:
        state, detail, components_info, tests_info = call(
            lambda: sf.mdapi.check_deploy_status(watch.job), "checking the deploy", watch.origin, policy, sleep
        )
        watch.last_state = state or watch.last_state
        if state in DONE_STATES:
            return str(state), components_info, tests_info
        if watch.elapsed >= watch.max_wait:
            raise DeployInDoubt(
                watch, f"it was still {watch.last_state} after {_minutes(watch.max_wait)} (apply --wait MINUTES)"
            )
        report(
            f"deploy {watch.job}: {state or 'Queued'}{f' ({detail})' if detail else ''}, "
            f"{_minutes(watch.elapsed)} of up to {_minutes(watch.max_wait)}"
        )
        sleep(delay)
        watch.waited += delay
        delay = min(delay * 2, 15.0)


@dataclass(frozen=True)
class ComponentFailure:
    type: str
    file: str
    problem: str

    def __str__(self) -> str:
        return f"{self.type} {self.file}: {self.problem}"


@dataclass(frozen=True)
class TestFailure:
    class_name: str
    method: str
    message: str
    stack_trace: str = ""

    def __str__(self) -> str:
        return f"test {self.class_name}.{self.method}: {self.message}"


@dataclass(frozen=True)
class DeployResult:
    id: str
    status: str
    check_only: bool
    test_level: str
    components_total: int
    components_deployed: int
    tests_total: int
    component_failures: tuple[ComponentFailure, ...] = ()
    test_failures: tuple[TestFailure, ...] = ()
    submitted: tuple[ComponentKey, ...] = ()  # the components the zip held
    deleted: tuple[ComponentKey, ...] = ()  # destructiveChanges.xml

    @property
    def success(self) -> bool:
        return self.status == "Succeeded" and not self.component_failures and not self.test_failures

    @property
    def partial(self) -> bool:
        """Some components were saved and others not (never with rollbackOnError, but an org says so)."""
        return self.status == "SucceededPartial" and not self.check_only

    def failure_lines(self) -> list[str]:
        return [str(f) for f in self.component_failures] + [str(f) for f in self.test_failures]


def choose_test_level(run_tests: list[str], has_apex: bool, production: bool) -> str:
    if run_tests:
        return "RunSpecifiedTests"
    return "RunLocalTests" if production and has_apex else "NoTestRun"


def _int(value: Any) -> int:
    try:
        return int(value)
    except (TypeError, ValueError):
        return 0


def deploy(
    connection: Any,
    files: list[GeneratedFile],
    deletes: list[ComponentKey],
    *,
    check_only: bool,
    run_tests: list[str],
    api_version: str,
    progress: Callable[[str], None] | None = None,
    policy: RetryPolicy | None = None,
    sleep: Callable[[float], None] = time.sleep,
    max_wait: float = DEFAULT_WAIT_MINUTES * 60,
    clock: Callable[[], float] = time.monotonic,
) -> DeployResult:
    """Deploy `files` (SFDX paths under force-app/) and delete `deletes`; wait for the result.

    `connection` is a LiveOrg (from sfspec.org.open_org) or a simple_salesforce.Salesforce.
    Raises OrgError when the org cannot be reached or refuses the request, DeployInDoubt once the
    deploy is submitted but its end cannot be known (checking it fails, `max_wait` seconds pass,
    Ctrl-C: DeployInterrupted); component and test failures come back in the DeployResult.
    """
    sf: Salesforce = getattr(connection, "sf", connection)
    origin = getattr(connection, "origin", "org")
    policy = policy or getattr(connection, "policy", None) or RetryPolicy()
    report = progress or (lambda _text: None)
    components = source_to_components(files)
    has_apex = any(c.type in APEX_TYPES for c in components)
    if has_apex and not run_tests and getattr(connection, "is_sandbox", True) is None:
        connection.facts()  # one round trip: production refuses Apex deploys without tests
    production = getattr(connection, "is_sandbox", None) is False
    level = choose_test_level(run_tests, has_apex, production)
    zip_bytes = components_zip(components, api_version, deletes)
    # simple-salesforce formats these into its SOAP template as they are: pass XML-ready text.
    options: dict[str, Any] = {
        "checkOnly": "true" if check_only else "false",
        "rollbackOnError": "true",
        "testLevel": level,
        "ignoreWarnings": "false",
        "tests": "",
    }
    if level == "RunSpecifiedTests":
        options["tests"] = sorted(set(run_tests))
    report(
        f"{'validating' if check_only else 'deploying'} {len(components)} component(s), "
        f"{len(deletes)} deletion(s) ({level})"
    )
    # Retry the submission only when Salesforce answered with a transient error; after a dropped
    # connection the deploy may already be running, so that is reported instead of repeated.
    try:
        job, _state = call(
            lambda: sf.mdapi.deploy(io.BytesIO(zip_bytes), sandbox=True, **options),
            "submitting the deploy",
            origin,
            policy,
            sleep,
            retry_connection=False,
        )
    except KeyboardInterrupt:
        raise Interrupted(
            f"interrupted while submitting the deploy to {origin}: it may have been received and may change "
            "the org; check Setup > Deployment Status before applying again"
        ) from None
    if not job:
        raise OrgError(f"{origin}: the Metadata API did not accept the deploy")
    watch = _Watch(job, origin, max_wait, clock)
    try:
        report(f"deploy {job} submitted; follow it with `{follow_up(job)}`")
        state, components_info, tests_info = _wait(sf, watch, policy, sleep, report)
    except KeyboardInterrupt:
        raise DeployInterrupted(watch, "sfspec was interrupted (Ctrl-C)") from None
    except DeployInDoubt:
        raise
    except OrgError as exc:  # the deploy is running or done; only its outcome is unknown
        raise DeployInDoubt(watch, f"checking it failed: {exc}") from None
    components_info = components_info or {}
    tests_info = tests_info or {}
    failures = tuple(
        ComponentFailure(str(e.get("type") or ""), str(e.get("file") or ""), str(e.get("message") or ""))
        for e in components_info.get("errors", [])
    )
    test_failures = tuple(
        TestFailure(
            str(e.get("class") or ""),
            str(e.get("method") or ""),
            str(e.get("message") or ""),
            str(e.get("stack_trace") or ""),
        )
        for e in tests_info.get("errors", [])
    )
    return DeployResult(
        job,
        str(state),
        check_only,
        level,
        _int(components_info.get("total_count")),
        _int(components_info.get("deployed_count")),
        _int(tests_info.get("total_count")),
        failures,
        test_failures,
        tuple(sorted({c.key for c in components}, key=ComponentKey.sort_key)),
        tuple(deletes),
    )
