"""`sfspec graph`: the bundled landscape and hostile specs through Mermaid's parser and Graphviz."""

from __future__ import annotations

import json
import xml.etree.ElementTree as ET
from pathlib import Path

from sfspec.api import check_spec
from sfspec.landscape.dot import dot
from sfspec.landscape.graph import build_graph
from sfspec.landscape.mermaid import mermaid

HOSTILE = [
    'He said "hi" [x] {y} (z)',
    "<script>alert(1)</script> & <b>bold</b>",
    "%% not a comment --> a --- b ==> c",
    "line one    line two  \u00a0 spaced",  # labels refuse control characters; runs of spaces still collapse
    "back\\slash \\N \\G \\l `tick` #35; #quot; ;",
    "end subgraph class classDef style click",
    "Zürich — ünïcödé ✓ 日本",
    "|pipe| \"quote'mixed' ]]> <!-- -->",
]


def _hostile_spec(tmp_path: Path) -> Path:
    systems = {
        "crm": {"kind": "salesforce", "label": HOSTILE[0]},
        "erp": {"kind": "erp", "label": HOSTILE[1], "base_url": "https://erp.example"},
        "end": {"kind": "custom", "label": HOSTILE[2], "base_url": "https://end.example"},
        "esb": {"kind": "middleware", "label": HOSTILE[3], "engine": "camel"},
        "wh": {"kind": "warehouse", "label": HOSTILE[4]},
    }
    spec = {
        "sfspec": 1,
        "name": "hostile",
        "systems": systems,
        "objects": {
            "Account": {"owner": "crm", "label": HOSTILE[5], "fields": {"Name": {"type": "Text", "length": 80}}},
        },
        "flows": {
            "to-end": {
                "source": "crm",
                "target": "end",
                "object": "Account",
                "transport": "rest",
                "description": HOSTILE[6],
                "endpoint": {"path": "/x"},
                "mapping": [{"field": "Name", "remote": "name"}],
            },
            "to-erp": {
                "source": "crm",
                "target": "erp",
                "object": "Account",
                "transport": "rest",
                "via": "esb",
                "endpoint": {"path": "/y"},
                "mapping": [{"field": "Name", "remote": "name"}],
            },
        },
    }
    path = tmp_path / "hostile.yaml"
    path.write_text(json.dumps(spec, ensure_ascii=False, indent=1), encoding="utf-8")
    return path


def test_mermaid_matches_golden(landscape, golden) -> None:
    golden("landscape.mmd", mermaid(landscape.spec))


def test_dot_matches_golden(landscape, golden) -> None:
    golden("landscape.dot", dot(landscape.spec))


def test_mermaid_is_accepted_by_mermaid_and_shows_every_system_and_flow(landscape, mermaid_parse) -> None:
    spec = landscape.spec
    plain, marked = mermaid(spec), mermaid(spec, {"flow:erp-credit-to-crm", "system:erp"})
    results = mermaid_parse({"plain": plain, "marked": marked})
    for result in results.values():
        assert result["ok"], result["error"]
        assert result["type"] == "flowchart-v2"
    parsed = results["plain"]
    assert {v["id"] for v in parsed["vertices"]} == {f"sys_{name}" for name in spec.systems}
    titles = {s["title"] for s in parsed["subgraphs"]}
    assert {"Salesforce", "ERP", "Marketing", "Data warehouse", "BI", "Middleware"} == titles
    # every flow is an edge labelled with its name; flows through middleware are two links
    labelled = {e["text"].splitlines()[0]: e for e in parsed["edges"] if e["text"]}
    assert set(labelled) == set(spec.flows)
    assert len(parsed["edges"]) == len(spec.flows) + sum(1 for f in spec.flows.values() if f.via)
    credit = labelled["erp-credit-to-crm"]
    assert (credit["start"], credit["end"]) == ("sys_erp", "sys_esb")
    assert "Account · REST · realtime" in credit["text"]
    erp = next(v for v in parsed["vertices"] if v["id"] == "sys_erp")
    assert "owns Invoice__c, Account (3 fields)" in erp["text"]
    # highlighting: the changed system carries the class, the changed flow's links are thick
    marked_result = results["marked"]
    assert next(v for v in marked_result["vertices"] if v["id"] == "sys_erp")["classes"] == ["changed"]
    thick = [e for e in marked_result["edges"] if e["stroke"] == "thick"]
    assert [(e["start"], e["end"]) for e in thick] == [("sys_erp", "sys_esb"), ("sys_esb", "sys_crm")]


def test_dot_is_accepted_by_graphviz(landscape, graphviz_svg) -> None:
    svg = graphviz_svg(dot(landscape.spec, {"flow:account-to-erp"}))
    root = ET.fromstring(svg)
    ns = {"svg": "http://www.w3.org/2000/svg"}
    titles = [t.text for t in root.iterfind(".//svg:g[@class='node']/svg:title", ns)]
    assert sorted(titles) == sorted(f"sys_{n}" for n in landscape.spec.systems)
    clusters = [t.text for t in root.iterfind(".//svg:g[@class='cluster']/svg:title", ns)]
    assert "cluster_middleware" in clusters
    texts = [t.text for t in root.iter("{http://www.w3.org/2000/svg}text")]
    assert "account-to-erp" in texts and "nightly-warehouse-export" in texts


def test_hostile_labels_stay_literal_text_in_mermaid(tmp_path, mermaid_parse) -> None:
    checked, diags = check_spec(_hostile_spec(tmp_path))
    assert checked is not None, [d.format() for d in diags]
    result = mermaid_parse({"hostile": mermaid(checked.spec, {"flow:to-end"})})["hostile"]
    assert result["ok"], result["error"]
    shown = {v["id"]: v["text"].splitlines()[0] for v in result["vertices"]}
    expected = {
        "sys_crm": HOSTILE[0],
        "sys_erp": HOSTILE[1],
        "sys_end": HOSTILE[2],
        "sys_esb": "line one line two spaced",
        "sys_wh": HOSTILE[4],
    }
    assert shown == expected
    assert {e["text"].splitlines()[0] for e in result["edges"] if e["text"]} == {"to-end", "to-erp"}


def test_hostile_labels_stay_literal_text_in_dot(tmp_path, graphviz_svg) -> None:
    checked, _ = check_spec(_hostile_spec(tmp_path))
    assert checked is not None
    svg = graphviz_svg(dot(checked.spec))
    texts = [t.text for t in ET.fromstring(svg).iter("{http://www.w3.org/2000/svg}text")]
    for label in (HOSTILE[0], HOSTILE[1], HOSTILE[2], HOSTILE[4]):
        assert label in texts
    assert "line one line two spaced" in texts


def test_the_validators_reject_broken_diagrams(mermaid_parse, graphviz_svg) -> None:
    """The checks above can fail: an unescaped quote breaks both languages."""
    bad = mermaid_parse({"bad": 'flowchart LR\n  a["say "hi"" --> b\n'})["bad"]
    assert not bad["ok"] and "Parse error" in bad["error"]
    try:
        graphviz_svg('digraph g { a [label="say "hi""]; }')
    except AssertionError as exc:
        assert "Graphviz rejected" in str(exc)
    else:
        raise AssertionError("Graphviz accepted broken DOT")


def test_graph_model_groups_by_kind_and_routes_via_middleware(landscape) -> None:
    graph = build_graph(landscape.spec, {"system:esb", "consent-to-crm"})
    assert [g.kind for g in graph.groups] == ["salesforce", "erp", "marketing", "warehouse", "bi", "middleware"]
    consent = next(e for e in graph.edges if e.flow == "consent-to-crm")
    assert consent.hops == (("marketing", "esb"), ("esb", "crm")) and consent.highlighted
    assert next(n for n in graph.nodes if n.name == "esb").highlighted
    direct = next(e for e in graph.edges if e.flow == "account-to-erp")
    assert direct.hops == (("crm", "erp"),) and not direct.highlighted


def test_bidirectional_flows_are_double_headed(tmp_path, mermaid_parse, graphviz_svg) -> None:
    spec = {
        "sfspec": 1,
        "systems": {"crm": {"kind": "salesforce"}, "hub": {"kind": "custom", "base_url": "https://hub.example"}},
        "objects": {
            "Account": {
                "owner": "crm",
                "external_ids": {"hub": "Hub_Id__c"},
                "fields": {
                    "Hub_Id__c": {"type": "Text", "length": 40, "external_id": True, "unique": True, "owner": "hub"},
                    "Tier__c": {"type": "Text", "length": 10, "bidirectional": True, "conflict": "last_write_wins"},
                },
            }
        },
        "flows": {
            "sync": {
                "source": "crm",
                "target": "hub",
                "object": "Account",
                "transport": "rest",
                "direction": "bidirectional",
                "conflict": "last_write_wins",
                "endpoint": {"path": "/a"},
                "mapping": [{"field": "Tier__c", "remote": "tier"}],
                "match_key": "Hub_Id__c",
            }
        },
    }
    path = tmp_path / "two-way.yaml"
    path.write_text(json.dumps(spec), encoding="utf-8")
    checked, diags = check_spec(path)
    assert checked is not None, [d.format() for d in diags]
    parsed = mermaid_parse({"two": mermaid(checked.spec)})["two"]
    assert parsed["ok"], parsed["error"]
    (edge,) = parsed["edges"]
    assert edge["type"] == "double_arrow_point" and "two-way, last_write_wins" in edge["text"]
    assert "dir=both" in dot(checked.spec) and "<svg" in graphviz_svg(dot(checked.spec))


def test_the_plan_report_embeds_a_valid_diagram_with_the_changes_highlighted(tmp_path, mermaid_parse, capsys) -> None:
    from sfspec.cli import main
    from sfspec.resources import specs_dir

    landscape_dir = specs_dir() / "landscape"
    org = tmp_path / "dev.json"
    org.write_text((landscape_dir / "orgs" / "dev.json").read_text(encoding="utf-8"), encoding="utf-8")
    assert (
        main(
            [
                "plan",
                str(landscape_dir),
                "--org",
                f"mock:{org}",
                "--format",
                "markdown",
                "--out-dir",
                str(tmp_path / "out"),
            ]
        )
        == 0
    )
    report = capsys.readouterr().out
    fence = report.index("```mermaid\n")
    diagram = report[fence + len("```mermaid\n") : report.index("\n```", fence)]
    parsed = mermaid_parse({"plan": diagram})["plan"]
    assert parsed["ok"], parsed["error"]
    changed = {v["id"] for v in parsed["vertices"] if "changed" in v["classes"]}
    assert "sys_crm" in changed  # everything is new in this org: Salesforce gets the metadata
    assert any(e["stroke"] == "thick" for e in parsed["edges"])


def _wide_spec(tmp_path: Path, count: int = 3000) -> Path:
    names = [f"Object_Number_{i:04d}__c" for i in range(count)]
    lines = [
        "sfspec: 1",
        "systems:",
        "  crm: {kind: salesforce}",
        "  dw: {kind: warehouse, base_url: https://dw.example.com}",
        "  etl: {kind: middleware, engine: meltano}",
        "objects:",
        *(f"  {n}: {{owner: crm}}" for n in names),
        "flows:",
        "  export:",
        "    {source: crm, target: dw, via: etl, transport: bulk, timing: scheduled, schedule: '0 2 * * *',",
        f"     objects: [{', '.join(names)}]}}",
    ]
    path = tmp_path / "wide.yaml"
    path.write_text("\n".join(lines) + "\n", encoding="utf-8")
    return path


def test_thousands_of_objects_make_bounded_labels_graphviz_and_mermaid_accept(
    tmp_path, graphviz_svg, mermaid_parse
) -> None:
    """A system owning 3,000 objects and a flow moving them all: each label names a few and counts
    the rest (an HTML label over 16,384 characters is refused by Graphviz)."""
    checked, diags = check_spec(_wide_spec(tmp_path))
    assert checked is not None, [d.format() for d in diags]
    text = dot(checked.spec)
    assert len(text) < 5000 and "and 2994 more" in text
    assert "<svg" in graphviz_svg(text)
    assert mermaid_parse({"wide": mermaid(checked.spec)})["wide"]["ok"]
