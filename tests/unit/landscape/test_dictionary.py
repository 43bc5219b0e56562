"""`sfspec docs`: the data dictionary as JSON (against its schema) and Markdown (through mistune)."""

from __future__ import annotations

import json
from collections.abc import Iterator
from pathlib import Path
from typing import Any

import mistune
from jsonschema import Draft202012Validator

from sfspec.api import check_spec
from sfspec.landscape.dictionary import dictionary
from sfspec.landscape.dictionary_md import dictionary_markdown
from sfspec.landscape.escape import one_line
from sfspec.landscape.mermaid import mermaid
from sfspec.resources import schema_path

NASTY = [
    "pipes | in | cells and `ticks` *stars* _under_ ~~strike~~",
    "<script>alert(1)</script> &amp; &lt; [link](https://evil.example) ![img](x.png)",
    "# not a heading\n- not a list\n> not a quote",
    "back\\slash \\| escaped pipe {{ jinja }} {% raw %}",
]


def _ast(text: str) -> list[dict[str, Any]]:
    return mistune.create_markdown(renderer="ast", plugins=["table", "strikethrough", "url"])(text)


def _walk(nodes: list[dict[str, Any]]) -> Iterator[dict[str, Any]]:
    for node in nodes:
        yield node
        yield from _walk(node.get("children", []))


def _plain(node: dict[str, Any]) -> str:
    if node["type"] in ("text", "codespan"):
        return node["raw"]
    return "".join(_plain(c) for c in node.get("children", []))


def _tables(text: str) -> list[list[list[str]]]:
    """Each table as rows of cell texts (header first), as a Markdown renderer sees them."""
    found = []
    for table in (n for n in _walk(_ast(text)) if n["type"] == "table"):
        rows = [[_plain(c) for c in table["children"][0]["children"]]]
        rows += [[_plain(c) for c in row["children"]] for row in table["children"][1]["children"]]
        found.append(rows)
    return found


def test_json_matches_schema_and_golden(landscape, golden) -> None:
    data = dictionary(landscape.spec)
    schema = json.loads(schema_path("dictionary.schema.json").read_text(encoding="utf-8"))
    errors = list(Draft202012Validator(schema).iter_errors(data))
    assert errors == []
    golden("dictionary.json", json.dumps(data, indent=2, ensure_ascii=False) + "\n")


def test_fields_know_their_owner_external_ids_and_flows(landscape) -> None:
    data = dictionary(landscape.spec)
    account = next(o for o in data["objects"] if o["name"] == "Account")
    erp_id = next(f for f in account["fields"] if f["name"] == "ERP_Id__c")
    assert erp_id["owner"] == "erp" and erp_id["external_id"] and erp_id["external_id_for"] == ["erp"]
    assert [(r["flow"], r["roles"]) for r in erp_id["written_by"]] == [("erp-credit-to-crm", ["match_key"])]
    assert {r["flow"] for r in erp_id["read_by"]} == {"account-to-erp", "nightly-warehouse-export"}
    credit = next(f for f in account["fields"] if f["name"] == "Credit_Limit__c")
    assert [r["flow"] for r in credit["written_by"]] == ["erp-credit-to-crm"]
    assert [e["name"] for e in account["environments"]] == ["dev", "prod"]
    rows = {r["system"]: r["cells"] for r in data["matrix"]["rows"]}
    assert rows["crm"]["Account"] == ["owns", "reads", "writes"]
    assert rows["erp"]["Account"] == ["owns", "reads", "writes"]  # owns 3 fields; source and target of flows
    assert rows["warehouse"]["Invoice__c"] == ["writes"] and rows["esb"]["Contact"] == ["carries"]
    assert rows["bi"]["Account"] == []


def test_markdown_matches_golden_and_renders_as_tables(landscape, golden, mermaid_parse) -> None:
    text = dictionary_markdown(dictionary(landscape.spec), mermaid(landscape.spec))
    golden("dictionary.md", text)
    nodes = list(_walk(_ast(text)))
    (block,) = [n for n in nodes if n["type"] == "block_code"]
    assert block["attrs"]["info"] == "mermaid"
    parsed = mermaid_parse({"dictionary": block["raw"]})["dictionary"]
    assert parsed["ok"], parsed["error"]
    assert not [n for n in nodes if n["type"] in ("inline_html", "block_html")]
    headings = [_plain(n) for n in nodes if n["type"] == "heading" and n["attrs"]["level"] == 3]
    assert headings == ["Account", "Contact", "Opportunity", "Invoice__c: Invoice"]
    tables = _tables(text)
    matrix = tables[0]
    assert matrix[0] == ["system", "Account", "Contact", "Opportunity", "Invoice__c"]
    assert ["crm", "O R W", "O R W", "O R", "R W"] in matrix
    fields = tables[2]
    assert fields[0] == ["field", "type", "label", "owner", "external ID", "read by", "written by"]
    assert [
        "ERP_Id__c",
        "Text(40)",
        "ERP customer number",
        "erp",
        "yes (erp)",
        "account-to-erp (match key), nightly-warehouse-export (whole object)",
        "erp-credit-to-crm (match key)",
    ] in fields
    for table in tables:
        assert all(len(row) == len(table[0]) for row in table)


def test_hostile_text_stays_text_in_markdown(tmp_path: Path) -> None:
    spec = {
        "sfspec": 1,
        "name": "nasty",
        "description": NASTY[2],
        "systems": {"crm": {"kind": "salesforce", "label": NASTY[0]}, "erp": {"kind": "erp", "label": NASTY[1]}},
        "objects": {
            "Thing__c": {
                "owner": "crm",
                "label": NASTY[1],
                "description": NASTY[3],
                "fields": {
                    "Code__c": {"type": "Text", "length": 10, "label": NASTY[0]},
                    "Kind__c": {"type": "Picklist", "values": ["a|b", "<i>", "`x`"]},
                },
            }
        },
    }
    path = tmp_path / "nasty.yaml"
    path.write_text(json.dumps(spec), encoding="utf-8")
    checked, diags = check_spec(path)
    assert checked is not None, [d.format() for d in diags]
    text = dictionary_markdown(dictionary(checked.spec), mermaid(checked.spec))
    nodes = list(_walk(_ast(text)))
    assert not [
        n
        for n in nodes
        if n["type"] in ("inline_html", "block_html", "image", "emphasis", "strikethrough", "list", "block_quote")
    ]
    # bold is only the page's own labels; links are only GitHub-style autolinks of bare URLs
    assert {_plain(n) for n in nodes if n["type"] == "strong"} <= {
        "O",
        "R",
        "W",
        "V",
        "Owner:",
        "Description:",
        "Custom object",
        "Flows:",
        "External IDs:",
        "Environments:",
    }
    assert all(_plain(n) == n["attrs"]["url"] for n in nodes if n["type"] == "link")
    assert [n["attrs"]["level"] for n in nodes if n["type"] == "heading"] == [1, 2, 2, 2, 2, 3]
    paragraphs = [_plain(n) for n in nodes if n["type"] == "paragraph"]
    assert one_line(NASTY[2]) in paragraphs
    assert f"Description: {one_line(NASTY[3])}" in paragraphs
    systems, fields = _tables(text)[1], _tables(text)[2]
    assert [row[2] for row in systems[1:]] == [one_line(NASTY[0]), one_line(NASTY[1])]
    assert fields[1][2] == one_line(NASTY[0])
    assert fields[2][1] == "Picklist: a|b, <i>, `x`"
    assert all(len(row) == 7 for row in fields)
