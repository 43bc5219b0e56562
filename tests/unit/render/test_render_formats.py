"""Renderers: golden files (SFSPEC_UPDATE_GOLDEN=1 to refresh) plus the properties each format promises."""

from __future__ import annotations

import json

import mistune

from sfspec.orgref import OrgRef
from sfspec.plan import Plan
from sfspec.render import RENDERERS, Report


def test_text_golden(plan, golden):
    golden("plan.txt", RENDERERS["text"](Report(plan)))


def test_text_colour_only_when_asked(plan):
    assert "\x1b[" not in RENDERERS["text"](Report(plan), color=False)
    assert "\x1b[" in RENDERERS["text"](Report(plan), color=True)


def test_text_summary_line_is_terraform_like(plan):
    out = RENDERERS["text"](Report(plan))
    assert out.rstrip().endswith("Plan: 1 to create, 1 to update, 1 to delete, 1 conflict(s).")
    for symbol, name in (("+", "Account.ERP_Id__c"), ("~", "AccountHandler"), ("-", "OldHandler"), ("!", "Util")):
        assert any(line.lstrip().startswith(f"{symbol} ") and name in line for line in out.splitlines())
    assert "sfspec_Integration" not in out  # no-ops are counted, not listed


def test_no_changes_message(plan):
    quiet = Plan(plan.changes[2:3], plan.spec_path, plan.spec_digest, None, plan.org)
    assert "No changes. The org matches the spec (1 components)." in RENDERERS["text"](Report(quiet))


def test_markdown_golden_and_structure(plan, golden):
    text = RENDERERS["markdown"](Report(plan, diagram="flowchart LR\n  a --> b"))
    golden("plan.md", text)
    html = mistune.html(text)
    assert html.count("<table>") >= 3  # summary + one per component type section
    assert "<details>" in html and "language-mermaid" in html and "language-diff" in html
    assert "<b>\n" not in html and "&lt;b&gt;" in html  # a diff's HTML stays text


def test_json_is_the_plan_format(plan):
    assert json.loads(RENDERERS["json"](Report(plan))) == plan.to_json()


def test_drift_renderings(drift_report, golden):
    golden("drift.txt", RENDERERS["text"](drift_report))
    golden("drift.github.txt", RENDERERS["github"](drift_report))
    data = json.loads(RENDERERS["json"](drift_report))
    assert data["in_sync"] is False and data["waived"][0]["address"] == "ApexClass:Util"
    assert data["expired_waivers"][0]["source"] == "specs/landscape/landscape.yaml:80:5"


def test_github_annotations_point_at_spec_lines_and_escape(drift_report):
    lines = RENDERERS["github"](drift_report).splitlines()
    create = next(line for line in lines if "Account.ERP_Id__c" in line)
    assert create.startswith("::error file=specs/landscape/objects.yaml,line=14,col=7,title=sfspec drift::")
    expired = next(line for line in lines if "expired" in line)
    assert expired.startswith("::warning file=specs/landscape/landscape.yaml,line=80,col=5,")
    assert all("\n" not in line for line in lines)
    delete = next(line for line in lines if "OldHandler" in line)
    assert delete.startswith("::error title=sfspec drift::")  # no spec line for a delete


def test_repeated_elements_show_entries_removed_and_added(plan):
    from sfspec.diff import Action, AttributeChange, Change
    from sfspec.state import ComponentKey

    before = [{"field": "Account.A__c", "editable": "false"}, {"field": "Account.B__c", "editable": "true"}]
    after = [{"field": "Account.A__c", "editable": "true"}, {"field": "Account.B__c", "editable": "true"}]
    change = Change(
        Action.UPDATE, ComponentKey("PermissionSet", "P"), None, (AttributeChange("fieldPermissions", before, after),)
    )
    text = RENDERERS["text"](Report(Plan((change,), "s", plan.spec_digest, None, OrgRef.parse("mock:x"))))
    assert '- {"editable": "false", "field": "Account.A__c"}' in text
    assert '+ {"editable": "true", "field": "Account.A__c"}' in text
    assert "Account.B__c" not in text  # unchanged entries are not repeated


def test_hostile_text_stays_literal_in_every_format(plan):
    from sfspec.diff import Action, AttributeChange, Change
    from sfspec.state import ComponentKey

    hostile = "[bold red]x[/] | <script>alert(1)</script> ``` %0A\n::error::"
    change = Change(
        Action.UPDATE,
        ComponentKey("ApexClass", "A"),
        None,
        (AttributeChange("label", "a", hostile),),
        f"--- org/A\n+++ spec/A\n@@ -1 +1 @@\n-a\n+{hostile}\n",
        hostile,
    )
    report = Report(Plan((change,), "s", plan.spec_digest, None, OrgRef.parse("mock:x")), "drift")
    assert "[bold red]x[/]" in RENDERERS["text"](report)
    html = mistune.html(RENDERERS["markdown"](report))
    assert "<script>" not in html
    github = RENDERERS["github"](report).splitlines()
    assert len(github) == 2 and all(line.startswith("::") for line in github)  # no injected workflow command
    assert "%250A" in github[0] and "%0A::error::" in github[0]


def test_adoptions_references_and_data_loss_are_marked_in_every_format(plan):
    from sfspec.diff import Action, AttributeChange, Change
    from sfspec.state import ComponentKey

    field = ComponentKey("CustomField", "Account.ERP_Id__c")
    brownfield = Plan(
        (
            Change(
                Action.ADOPT,
                ComponentKey("CustomField", "Property__c.Days__c"),
                None,
                (AttributeChange("description", None, "Managed by sfspec"),),
            ),
            Change(
                Action.UPDATE,
                field,
                None,
                (AttributeChange("type", "Text", "Number"),),
                data_loss="type Text -> Number: values that do not convert are lost",
            ),
            Change(
                Action.DELETE,
                ComponentKey("CustomObject", "Old__c"),
                None,
                data_loss="deletes the object and every record in it",
            ),
            Change(Action.NOOP, ComponentKey("CustomObject", "Broker__c"), None, reference=True),
            Change(Action.NOOP, ComponentKey("CustomField", "Broker__c.Email__c"), None, reference=True),
        ),
        *(plan.spec_path, plan.spec_digest, plan.environment, plan.org),
    )
    report = Report(brownfield)
    text = RENDERERS["text"](report)
    assert "  <= CustomField Property__c.Days__c" in text
    assert "  -/+ CustomField Account.ERP_Id__c  [data loss: type Text -> Number" in text
    assert "  - CustomObject Old__c  [data loss: deletes the object and every record in it]" in text
    assert "References: 1 object(s) and 1 field(s) in the org, checked and left unchanged." in text
    assert "Plan: 0 to create, 1 to adopt, 1 to update, 1 to delete, 2 destructive." in text
    markdown = RENDERERS["markdown"](report)
    assert "| `-/+` **destructive (data loss)** | 2 |" in markdown and "| `<=` adopt | 1 |" in markdown
    assert "**data loss: deletes the object and every record in it**" in markdown
    github = RENDERERS["github"](report)
    assert "DATA LOSS: type Text -> Number" in github
    data = json.loads(RENDERERS["json"](report))
    assert [c["destructive"] for c in data["changes"]] == [False, True, True, False, False]
    assert data["summary"]["adopt"] == 1 and data["changes"][3]["reference"] is True
    assert Plan.from_json(data).changes == brownfield.changes
