from __future__ import annotations

import datetime as dt

from sfspec.diff import Action, Change
from sfspec.diff.waivers import PlacedWaiver, apply_waivers
from sfspec.model.environments import Waiver
from sfspec.state import ComponentKey

TODAY = dt.date(2026, 6, 1)


def change(name: str, action: Action = Action.UPDATE) -> Change:
    return Change(action, ComponentKey("ApexClass", name))


def waiver(component: str, expires: str, environment: str | None = None) -> PlacedWaiver:
    return PlacedWaiver(Waiver(component=component, reason="hot fix in prod", expires=expires, environment=environment))


def test_active_waiver_hides_drift_until_and_including_its_day():
    result = apply_waivers([change("A"), change("B")], [waiver("ApexClass:A", "2026-06-01")], "prod", TODAY)
    assert [str(c.key) for c in result.remaining] == ["ApexClass:B"]
    assert [str(c.key) for c, _ in result.waived] == ["ApexClass:A"]
    assert result.expired == ()


def test_expired_waiver_is_reported_and_no_longer_hides():
    result = apply_waivers([change("A")], [waiver("ApexClass:A", "2026-05-31")], "prod", TODAY)
    assert [str(c.key) for c in result.remaining] == ["ApexClass:A"]
    assert [p.waiver.component for p in result.expired] == ["ApexClass:A"]


def test_waiver_for_another_environment_does_not_apply():
    result = apply_waivers([change("A")], [waiver("ApexClass:A", "2027-01-01", environment="dev")], "prod", TODAY)
    assert len(result.remaining) == 1 and not result.waived


def test_no_op_is_never_counted_as_waived():
    result = apply_waivers([change("A", Action.NOOP)], [waiver("ApexClass:A", "2027-01-01")], None, TODAY)
    assert not result.waived and len(result.remaining) == 1


def test_waiver_findings_name_stray_and_expired_waivers():
    from sfspec.diff.waivers import waiver_findings

    placed = [
        waiver("ApexClass:A", "2027-01-01"),
        waiver("ApexClass:Typo", "2027-01-01"),
        waiver("ApexClass:B", "2026-05-31"),
        waiver("ApexClass:Elsewhere", "2027-01-01", environment="dev"),
    ]
    result = apply_waivers([change("A"), change("B")], placed, "prod", TODAY)
    found = waiver_findings(placed, result, {"ApexClass:A", "ApexClass:B"}, "prod")
    assert [(d.code, d.severity.value) for d in found] == [("SFS032", "warning"), ("SFS031", "warning")]
    assert "ApexClass:Typo" in found.items[0].summary and "2026-05-31" in found.items[1].summary
