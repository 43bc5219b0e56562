"""`sfspec limits`: allocations per edition, per-flow estimates, the 80 % / 100 % thresholds,
transport suggestions, the org's /limits, and the findings the plan shows."""

from __future__ import annotations

import json
from pathlib import Path
from typing import Any

import pytest

from sfspec.api import check_spec
from sfspec.cli import main
from sfspec.landscape.limits import Status, budget, limit_findings
from sfspec.landscape.limits.allocations import allocations
from sfspec.landscape.limits.schedule import runs_per_day
from sfspec.landscape.limits.view import budget_json
from sfspec.model.flows import Flow
from sfspec.resources import specs_dir
from sfspec.state import OrgFacts

BASE: dict[str, Any] = {
    "sfspec": 1,
    "salesforce": {"edition": "enterprise", "licenses": 10},
    "systems": {
        "crm": {"kind": "salesforce"},
        "erp": {"kind": "erp", "base_url": "https://erp.example"},
        "esb": {"kind": "middleware", "engine": "camel"},
    },
    "objects": {
        "Account": {
            "owner": "crm",
            "external_ids": {"erp": "ERP_Id__c"},
            "fields": {
                "Name": {"type": "Text", "length": 80},
                "Credit__c": {"type": "Currency", "precision": 16, "scale": 2, "owner": "erp"},
                "ERP_Id__c": {"type": "Text", "length": 40, "external_id": True, "unique": True, "owner": "erp"},
            },
        }
    },
}


def _spec(tmp_path: Path, flows: dict[str, Any], **salesforce: Any):
    data = json.loads(json.dumps(BASE))
    data["salesforce"].update(salesforce)
    data["flows"] = flows
    path = tmp_path / "spec.yaml"
    path.write_text(json.dumps(data, indent=1), encoding="utf-8")
    checked, diags = check_spec(path)
    assert checked is not None, [d.format() for d in diags]
    return checked, path


def _inbound(records: int, **extra: Any) -> dict[str, Any]:
    flow = {
        "source": "erp",
        "target": "crm",
        "object": "Account",
        "via": "esb",
        "transport": "rest",
        "receive": {"mode": "http", "path": "/in"},
        "mapping": [{"field": "Credit__c", "remote": "credit"}],
        # the CRM creates accounts: the ERP updates them by the Id it was given (SFS132, SFS133)
        "match_key": "Id",
        "write": "update",
        "volume": {"records_per_day": records},
    }
    flow.update(extra)
    return flow


def _callout(records: int, **volume: Any) -> dict[str, Any]:
    return {
        "source": "crm",
        "target": "erp",
        "object": "Account",
        "transport": "rest",
        "endpoint": {"path": "/out"},
        "mapping": [{"field": "Name", "remote": "name"}],
        "volume": {"records_per_day": records, **volume},
    }


def _line(made, key: str):
    return next(line for line in made.lines if line.allocation.limit.key == key)


@pytest.mark.parametrize(
    "edition,licenses,api,async_apex,delivered",
    [
        ("developer", 2, 15_000, 250_000, 10_000),
        ("professional", 10, 110_000, 250_000, 10_000),
        ("enterprise", 250, 350_000, 250_000, 25_000),
        ("unlimited", 100, 600_000, 250_000, 50_000),
        ("performance", 2_000, 10_100_000, 400_000, 50_000),
    ],
)
def test_documented_allocations_per_edition(edition, licenses, api, async_apex, delivered) -> None:
    table = allocations(edition, licenses)
    assert table["api_requests"].maximum == api
    assert table["async_apex"].maximum == async_apex
    assert table["event_delivery"].maximum == delivered
    assert table["bulk_batches"].maximum == 15_000 and table["callouts"].maximum == 100


def test_org_limits_win_over_defaults_and_show_current_use() -> None:
    table = allocations("enterprise", 10, {"DailyApiRequests": {"Max": 123_000, "Remaining": 100_000}})
    assert table["api_requests"].maximum == 123_000 and table["api_requests"].in_use == 23_000
    assert table["api_requests"].from_org and not table["async_apex"].from_org


@pytest.mark.parametrize(
    "cron,runs",
    [
        ("0 2 * * *", 1),
        ("0 * * * *", 24),
        ("*/15 * * * *", 96),
        ("0 8-17 * * 1-5", 10),
        ("0,30 */6 * * *", 8),
        ("0 0 1 * *", 1),
    ],
)
def test_runs_per_day(cron: str, runs: int) -> None:
    flow = Flow(source="a", target="b", transport="bulk", timing="scheduled", schedule=cron)
    assert runs_per_day(flow) == runs


def test_the_seed_landscape_fits_its_org(landscape, golden) -> None:
    made = budget(landscape.spec)
    assert made.status is Status.OK
    assert _line(made, "api_requests").used == 3_000 + 1_500 + 24 * 5 + 4 * 4
    assert _line(made, "async_apex").used == 200  # 2,000 records / 10 callouts a job
    assert _line(made, "event_delivery").used == 8_000
    assert _line(made, "bulk_batches").used == 24
    golden("limits.json", json.dumps(budget_json(made), indent=2) + "\n")


def test_inbound_rest_costs_one_request_per_record_and_polling_batches_it(tmp_path) -> None:
    checked, _ = _spec(
        tmp_path,
        {"a": _inbound(10_000), "b": _inbound(10_000, receive={"mode": "poll", "path": "/p", "interval_seconds": 60})},
    )
    made = budget(checked.spec)
    assert dict(_line(made, "api_requests").contributors) == {"a": 10_000, "b": 50}
    est = next(e for e in made.flows if e.flow == "a")
    assert est.api_options["REST, one record a request"] == 10_000
    assert est.api_options["sObject Collections (200 a request)"] == 50


def test_warns_at_80_percent_and_fails_at_100(tmp_path) -> None:
    # enterprise, 10 licences: 110,000 API requests a day
    checked, _ = _spec(tmp_path, {"big": _inbound(90_000)})
    assert budget(checked.spec).status is Status.WARNING
    found = limit_findings(checked.spec, None, checked.doc)
    warning = next(d for d in found if d.code == "SFS701")
    assert "API requests per 24 h: estimated 90,000 of 110,000 (82 %)" in warning.summary
    assert warning.source is not None and warning.source.start.line > 1  # points at the flow's volume
    # over 100 % of what the org reports (its /limits) is an error; the spec's own allocations are
    # guarded by the semantic rule SFS108 already, so such a spec does not validate
    facts = OrgFacts(instance="x", limits={"DailyApiRequests": {"Max": 90_000, "Remaining": 0}})
    found = limit_findings(checked.spec, facts, checked.doc)
    assert [d.code for d in found if d.severity.value == "error"] == ["SFS702"]
    assert "90,000 of 90,000 (100 %)" in next(d.summary for d in found if d.code == "SFS702")


def test_per_transaction_callouts_over_the_governor_limit(tmp_path) -> None:
    checked, _ = _spec(tmp_path, {"push": _callout(5_000, batch_size=150)})
    made = budget(checked.spec)
    assert _line(made, "callouts").used == 150 and _line(made, "callouts").status is Status.ERROR
    assert _line(made, "callout_seconds").used == 1_500
    assert _line(made, "async_apex").used == 34  # ceil(5,000 / 150)
    errors = [d for d in limit_findings(checked.spec, None, checked.doc) if d.code == "SFS702"]
    assert {d.summary.split(":")[0] for d in errors} == {"Callouts per transaction", "Callout time (s) per transaction"}


def test_suggests_the_transport_the_volume_calls_for(tmp_path) -> None:
    flows = {
        "nightly-rest": _inbound(
            50_000, timing="scheduled", schedule="0 1 * * *", receive={"mode": "poll", "path": "/x"}
        ),
        "tiny-bulk": _inbound(
            100, transport="bulk", timing="scheduled", schedule="0 1 * * *", receive={"mode": "poll", "path": "/x"}
        ),
        "chatty": _callout(40_000, peak_per_hour=5_000, batch_size=10),
    }
    checked, _ = _spec(tmp_path, flows)
    tips = {
        d.summary.split("'")[1]: d.summary
        for d in limit_findings(checked.spec, None, checked.doc)
        if d.code == "SFS703"
    }
    assert "use transport bulk" in tips["nightly-rest"]
    assert "use transport rest" in tips["tiny-bulk"]
    assert "use transport streaming" in tips["chatty"]


def test_org_facts_feed_the_budget(tmp_path) -> None:
    checked, _ = _spec(tmp_path, {"a": _inbound(50_000)})
    facts = OrgFacts(instance="acme.my.salesforce.com", limits={"DailyApiRequests": {"Max": 55_000, "Remaining": 1}})
    made = budget(checked.spec, facts)
    line = _line(made, "api_requests")
    assert (
        line.allocation.maximum == 55_000 and line.status is Status.WARNING and made.source == "acme.my.salesforce.com"
    )


def test_cli_exits_1_over_the_limit_and_0_within(tmp_path, capsys) -> None:
    _, path = _spec(tmp_path, {"big": _inbound(60_000)})
    snapshot = json.loads((specs_dir() / "landscape" / "orgs" / "dev.json").read_text(encoding="utf-8"))
    snapshot["org"]["limits"]["DailyApiRequests"] = {"Max": 50_000, "Remaining": 50_000}
    org = tmp_path / "small-org.json"
    org.write_text(json.dumps(snapshot), encoding="utf-8")
    assert main(["--no-color", "limits", str(path), "--org", f"mock:{org}"]) == 1
    out = capsys.readouterr()
    assert "API requests" in out.out and "60,000" in out.out and "SFS702" in out.err
    assert main(["--no-color", "limits", str(path)]) == 0  # the spec's own allocation: 110,000
    capsys.readouterr()
    _, path = _spec(tmp_path, {"small": _inbound(1_000)})
    assert main(["limits", str(path), "--format", "json"]) == 0
    payload = json.loads(capsys.readouterr().out)
    assert payload["status"] == "ok" and payload["allocations"][0]["used"] == 1_000


def test_plan_shows_the_same_warnings(tmp_path, capsys) -> None:
    _, path = _spec(tmp_path, {"big": _inbound(90_000)})
    snapshot = json.loads((specs_dir() / "landscape" / "orgs" / "dev.json").read_text(encoding="utf-8"))
    snapshot["org"]["limits"]["DailyApiRequests"] = {"Max": 100_000, "Remaining": 100_000}
    org = tmp_path / "org.json"
    org.write_text(json.dumps(snapshot), encoding="utf-8")
    assert main(["--no-color", "plan", str(path), "--org", f"mock:{org}", "--out-dir", str(tmp_path / "out")]) == 0
    err = capsys.readouterr().err
    assert "SFS701 warning: API requests per 24 h: estimated 90,000 of 100,000 (90 %)" in err


def test_limits_from_a_live_org(landscape, monkeypatch, fake_salesforce, capsys) -> None:
    """`--org env` reads /limits from the fake Salesforce over HTTPS through simple-salesforce."""
    from fakesf.fixtures import ACCESS_TOKEN

    monkeypatch.setenv("REQUESTS_CA_BUNDLE", fake_salesforce.ca_file)
    monkeypatch.setenv("SF_INSTANCE_URL", fake_salesforce.url)
    monkeypatch.setenv("SF_ACCESS_TOKEN", ACCESS_TOKEN)
    assert main(["limits", str(landscape.path), "--org", "env", "--format", "json"]) == 0
    out = capsys.readouterr()
    payload = json.loads(out.out)
    delivery = next(a for a in payload["allocations"] if a["key"] == "event_delivery")
    assert delivery["limit"] == 50_000  # the org's /limits, not the enterprise default of 25,000
    api = next(a for a in payload["allocations"] if a["key"] == "api_requests")
    assert api["in_use_now"] == 350_000 - 348_112
    assert ACCESS_TOKEN not in out.out + out.err


def test_status_labels_warn_from_80_and_mark_100_percent() -> None:
    from sfspec.landscape.limits.allocations import API_REQUESTS, ENQUEUES, Allocation
    from sfspec.landscape.limits.budget import BudgetLine

    def label(limit, used: int, maximum: int) -> str:
        return BudgetLine(Allocation(limit, maximum), used, ()).label

    assert [label(API_REQUESTS, n, 1000) for n in (799, 800, 999, 1000, 1200)] == [
        "ok",
        "warning",
        "warning",
        "over",
        "over",
    ]
    # a governor limit reached exactly is allowed (one enqueue of one), but never shown as plain "ok"
    assert [label(ENQUEUES, n, 1) for n in (0, 1, 2)] == ["ok", "at limit", "over"]
