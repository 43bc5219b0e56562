"""Which flows and systems a plan's changes touch, from the spec locations that caused them."""

from __future__ import annotations

from sfspec.diagnostics import SourceRange
from sfspec.landscape.changed import highlights, regions


def _line(path, text: str) -> int:
    return path.read_text(encoding="utf-8").splitlines().index(text) + 1


def test_regions_cover_each_entry_up_to_the_next(landscape) -> None:
    spans = {(r.section, r.name): r for r in regions(landscape.spec, landscape.doc)}
    assert set(spans) >= {("flows", "account-to-erp"), ("systems", "erp"), ("objects", "Invoice__c")}
    first, second = spans[("flows", "account-to-erp")], spans[("flows", "erp-credit-to-crm")]
    assert first.last_line == second.first_line - 1
    assert spans[("systems", "etl")].last_line < spans[("systems", "etl")].first_line + 10  # ends at `environments:`


def test_changes_mark_flows_systems_and_objects(landscape) -> None:
    folder = landscape.path
    flows, objects = folder / "flows.yaml", folder / "objects.yaml"
    in_flow = SourceRange.at(str(flows), _line(flows, "  contacts-to-marketing:") + 2, 5)
    assert highlights(landscape.spec, landscape.doc, [in_flow]) == {
        "flow:contacts-to-marketing",
        "system:crm",
        "system:marketing",
        "system:esb",
    }
    in_object = SourceRange.at(str(objects), _line(objects, "  Invoice__c:") + 1, 5)
    assert highlights(landscape.spec, landscape.doc, [in_object]) == {
        "flow:erp-invoices-to-crm",
        "flow:nightly-warehouse-export",
        "system:crm",
    }
    assert highlights(landscape.spec, landscape.doc, [None]) == {"system:crm"}  # a delete has no location


def test_a_plan_made_from_another_folder_still_matches(landscape) -> None:
    flows = landscape.path / "flows.yaml"
    relative = SourceRange.at("elsewhere/landscape/flows.yaml", _line(flows, "  account-to-erp:") + 1, 5)
    assert "flow:account-to-erp" in highlights(landscape.spec, landscape.doc, [relative])
