"""sfspec.api.landscape: the views of a landscape (graph, docs, limits) and a plan's diagram, called
directly on the seed landscape."""

from __future__ import annotations

import json
from pathlib import Path

from jsonschema import Draft202012Validator

from sfspec.api import PlanRun, apply, landscape, landscape_docs, landscape_graph, landscape_limits, plan, plan_diagram
from sfspec.landscape.limits.budget import Status
from sfspec.orgref import OrgKind
from sfspec.resources import schema_path, specs_dir

SEED = specs_dir() / "landscape"
INVALID = Path(__file__).resolve().parents[2] / "fixtures" / "specs" / "invalid" / "rule_sfs101_unknown_owner.yaml"
FLOWS = ("account-to-erp", "consent-to-crm", "erp-credit-to-crm", "nightly-warehouse-export")


def changed_flow(landscape: Path) -> PlanRun:
    """Apply the seed landscape to its dev org, then change what erp-credit-to-crm sends: the plan's
    only change is that flow's Camel route."""
    run, _ = plan(landscape, "dev", None, Path("out"))
    assert run is not None
    apply(run)
    flows = landscape / "flows.yaml"
    flows.write_text(flows.read_text(encoding="utf-8").replace("remote: paymentTerms", "remote: terms"), "utf-8")
    run, _ = plan(landscape, "dev", None, Path("out"))
    assert run is not None
    assert [str(c.key) for c in run.plan.visible()] == ["MiddlewareFile:middleware/camel/erp-credit-to-crm.camel.yaml"]
    return run


def test_landscape_is_the_spec_with_the_environments_overrides() -> None:
    view, diags = landscape(SEED, "dev")
    assert view is not None and not diags.has_errors()
    assert view.environment == "dev" and view.org_ref is not None and view.org_ref.kind is OrgKind.MOCK
    assert str(view.spec.systems["erp"].base_url).startswith("https://erp-test.")
    assert str(view.checked.spec.systems["erp"].base_url).startswith("https://erp.acme")


def test_graph_draws_every_system_and_flow_in_mermaid_or_dot() -> None:
    mermaid, diags = landscape_graph(SEED)
    assert mermaid is not None and not diags.has_errors()
    assert mermaid.splitlines()[1] == "flowchart LR"
    dot, _ = landscape_graph(SEED, "dot")
    assert dot is not None and "digraph landscape {" in dot
    for text in (mermaid, dot):
        for name in ("sys_crm", "sys_erp", "sys_esb", "sys_warehouse", *FLOWS):
            assert name in text
    assert "classDef changed" not in mermaid  # nothing highlighted without a plan


def test_graph_highlights_what_a_saved_plan_changes(landscape: Path, tmp_path: Path) -> None:
    run = changed_flow(landscape)
    saved = tmp_path / "dev.plan.json"
    saved.write_text(json.dumps(run.plan.to_json()), encoding="utf-8")
    shown, _ = landscape_graph(landscape, plan_file=saved)
    assert shown is not None
    thick = [line for line in shown.splitlines() if "==>" in line]
    assert len(thick) == 2 and "erp-credit-to-crm" in thick[0]  # the flow's two hops, through the ESB
    assert "class sys_crm,sys_erp,sys_esb changed" in shown
    assert plan_diagram(run) == shown  # the plan report's diagram is the same picture


def test_views_of_an_invalid_spec_are_none_with_its_errors() -> None:
    for view in (landscape_graph(INVALID), landscape_docs(INVALID), landscape_limits(INVALID)):
        assert view[0] is None and [d.code for d in view[1].errors()] == ["SFS101"]


def test_docs_json_follows_the_dictionary_schema() -> None:
    text, diags = landscape_docs(SEED, "json", "dev")
    assert text is not None and not diags.has_errors()
    data = json.loads(text)
    schema = json.loads(schema_path("dictionary.schema.json").read_text(encoding="utf-8"))
    assert not list(Draft202012Validator(schema).iter_errors(data))
    assert data["landscape"] == "acme" and data["environment"] == "dev"
    erp = next(s for s in data["systems"] if s["name"] == "erp")
    assert erp["base_url"].startswith("https://erp-test.")  # the environment's
    crm = next(s for s in data["systems"] if s["name"] == "crm")
    assert crm["owns_objects"] == ["Account", "Contact", "Opportunity"]


def test_docs_markdown_holds_the_diagram_and_the_objects() -> None:
    text, _ = landscape_docs(SEED)
    assert text is not None and text.startswith("# Data dictionary: acme\n")
    graph, _ = landscape_graph(SEED)
    assert graph is not None and f"```mermaid\n{graph}" in text
    for name in ("Account", "Invoice__c", "Credit_Limit__c", *FLOWS):
        assert name in text


def test_limits_use_the_orgs_maxima_when_the_environment_names_an_org(landscape: Path) -> None:
    from_spec, diags = landscape_limits(landscape, "dev", read_org=False)
    assert from_spec is not None and from_spec.source == "spec" and not list(diags)
    from_org, _ = landscape_limits(landscape, "dev")
    assert from_org is not None and from_org.source == "acme--dev.sandbox.my.salesforce.com"
    api = {b.allocation.limit.key: b for b in from_org.lines}["api_requests"]
    assert api.allocation.maximum == 350_000 and api.used > 0
    assert {f.flow for f in from_org.flows} >= set(FLOWS)
    # the org's /limits lowered under the estimate: an error (SFS702) at the flow that uses most
    org = landscape / "orgs" / "dev.json"
    data = json.loads(org.read_text(encoding="utf-8"))
    data["org"]["limits"]["DailyApiRequests"] = {"Max": api.used, "Remaining": 0}
    org.write_text(json.dumps(data), encoding="utf-8")
    tight, diags = landscape_limits(landscape, "dev")
    assert tight is not None and tight.status is Status.ERROR
    [error] = diags.errors()
    assert error.code == "SFS702" and error.source is not None and error.source.path.endswith("flows.yaml")
    # an --org given explicitly wins over the environment's
    loose, _ = landscape_limits(landscape, "dev", f"mock:{specs_dir() / 'landscape' / 'orgs' / 'dev.json'}")
    assert loose is not None and loose.status is not Status.ERROR
