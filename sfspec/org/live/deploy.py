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

from sfspec.errors import OrgError
from sfspec.org.live.retry import RetryPolicy, call
from sfspec.org.mdapi import components_zip, source_to_components
from sfspec.state import APEX_TYPES, ComponentKey, GeneratedFile

DONE_STATES = ("Succeeded", "SucceededPartial", "Failed", "Canceled")


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

    @property
    def success(self) -> bool:
        return self.status == "Succeeded" and not self.component_failures and not self.test_failures

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
    max_wait: float = 3600.0,
) -> DeployResult:
    """Deploy `files` (SFDX paths under force-app/) and delete `deletes`; wait for the result.

    `connection` is a LiveOrg (from sfspec.org.open_org) or a simple_salesforce.Salesforce.
    Raises OrgError when the org cannot be reached or refuses the request; component and test
    failures come back in the DeployResult.
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
    job, _state = call(
        lambda: sf.mdapi.deploy(io.BytesIO(zip_bytes), sandbox=True, **options),
        "submitting the deploy",
        origin,
        policy,
        sleep,
        retry_connection=False,
    )
    if not job:
        raise OrgError(f"{origin}: the Metadata API did not accept the deploy")
    waited, delay = 0.0, 1.0
    while True:
        state, detail, components_info, tests_info = call(
            lambda: sf.mdapi.check_deploy_status(job), "checking the deploy", origin, policy, sleep
        )
        if state in DONE_STATES:
            break
        if waited >= max_wait:
            raise OrgError(f"{origin}: deploy {job} did not finish within {max_wait:.0f} s; check it in Setup")
        report(f"deploy {state or 'queued'}{f': {detail}' if detail else ''}")
        sleep(delay)
        waited += delay
        delay = min(delay * 2, 15.0)
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
    )
