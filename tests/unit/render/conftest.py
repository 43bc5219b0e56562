from __future__ import annotations

import os
from pathlib import Path

import pytest

from sfspec.diagnostics import SourceRange
from sfspec.diff import Action, AttributeChange, Change
from sfspec.diff.waivers import PlacedWaiver
from sfspec.model.environments import Waiver
from sfspec.orgref import OrgRef
from sfspec.plan import Plan
from sfspec.render import Report
from sfspec.state import ComponentKey

GOLDEN = Path(__file__).parent / "golden"
BODY_DIFF = (
    "--- org/AccountHandler\n+++ spec/AccountHandler\n@@ -1,3 +1,3 @@\n public class AccountHandler {\n"
    "-    // hot fix | <b>\n+    // Managed by sfspec\n }\n"
)


@pytest.fixture
def plan() -> Plan:
    objects = SourceRange.at("specs/landscape/objects.yaml", 14, 7)
    flows = SourceRange.at("specs/landscape/flows.yaml", 4, 3)
    changes = (
        Change(Action.CREATE, ComponentKey("CustomField", "Account.ERP_Id__c"), objects),
        Change(
            Action.UPDATE,
            ComponentKey("ApexClass", "AccountHandler"),
            flows,
            (AttributeChange("apiVersion", "62.0", "63.0"),),
            BODY_DIFF,
            "changed in the org outside sfspec since the last apply",
            True,
        ),
        Change(Action.NOOP, ComponentKey("PermissionSet", "sfspec_Integration"), flows),
        Change(
            Action.CONFLICT,
            ComponentKey("ApexClass", "Util"),
            flows,
            reason="the org already has an unmanaged ApexClass named Util",
        ),
        Change(
            Action.DELETE,
            ComponentKey("ApexClass", "OldHandler"),
            None,
            reason="managed by sfspec and no longer in the spec",
        ),
    )
    return Plan(
        changes,
        "specs/landscape",
        "sha256:" + "0" * 64,
        "dev",
        OrgRef.parse("mock:specs/landscape/orgs/dev.json"),
        {"ApexClass:AccountHandler": "a" * 64},
    )


@pytest.fixture
def drift_report(plan: Plan) -> Report:
    waiver = Waiver(component="ApexClass:Util", reason="vendor hot fix, see INC-42", expires="2026-01-31")
    expired = PlacedWaiver(
        Waiver(component="ApexClass:Gone", reason="old", expires="2025-01-01"),
        SourceRange.at("specs/landscape/landscape.yaml", 80, 5),
    )
    util = plan.changes[3]
    rest = tuple(c for c in plan.changes if c is not util)
    return Report(
        Plan(rest, plan.spec_path, plan.spec_digest, plan.environment, plan.org, plan.read),
        "drift",
        ((util, PlacedWaiver(waiver)),),
        (expired,),
    )


@pytest.fixture
def golden():
    def check(name: str, text: str) -> None:
        path = GOLDEN / name
        if os.environ.get("SFSPEC_UPDATE_GOLDEN") == "1":
            path.parent.mkdir(parents=True, exist_ok=True)
            path.write_text(text, encoding="utf-8")
        assert path.exists(), f"missing golden file {path}; run with SFSPEC_UPDATE_GOLDEN=1"
        assert text == path.read_text(encoding="utf-8"), f"{name} differs; SFSPEC_UPDATE_GOLDEN=1 to accept"

    return check
