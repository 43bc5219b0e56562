"""Renderers: golden files (SFSPEC_UPDATE_GOLDEN=1 to refresh) plus the properties each format promises."""

from __future__ import annotations

import json

import mistune

from sfspec.diff import Action, AttributeChange, Change
from sfspec.orgref import OrgRef
from sfspec.plan import Plan
from sfspec.render import RENDERERS, Report
from sfspec.state import ComponentKey


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


def test_long_attribute_values_show_the_words_that_differ(plan):
    """A long description that differs near its end: cutting it at 120 characters would hide the
    difference; text and Markdown show it as a word diff instead."""
    lead = "Managed by sfspec. " + "The amount the ERP invoiced, in the account currency, rounded to cents. " * 3
    change = Change(
        Action.UPDATE,
        ComponentKey("CustomField", "Invoice__c.Amount__c"),
        None,
        (AttributeChange("description", lead + "Owner: erp.", lead + "Owner: billing."),),
    )
    report = Report(Plan((change,), plan.spec_path, plan.spec_digest, "dev", plan.org))
    text = RENDERERS["text"](report)
    assert "~ description: …" in text and '[-erp."-]{+billing."+}' in text
    assert "..." not in text  # nothing is cut off
    markdown = RENDERERS["markdown"](report)
    assert '[-erp."-]{+billing."+}' in markdown and "word diff" in markdown
    short = Change(Action.UPDATE, change.key, None, (AttributeChange("length", 40, 80),))
    assert "~ length: 40 -> 80" in RENDERERS["text"](
        Report(Plan((short,), plan.spec_path, plan.spec_digest, None, plan.org))
    )


def _big_plan(plan, n: int = 300) -> Plan:
    body = "--- org\n+++ spec\n@@ -1,1 +1,1 @@\n" + "".join(f"+    line {i} of generated code\n" for i in range(40))
    changes = tuple(
        Change(Action.CREATE if i % 2 else Action.UPDATE, ComponentKey("ApexClass", f"Class{i:04d}"), None, (), body)
        for i in range(n)
    ) + tuple(Change(Action.CREATE, ComponentKey("CustomField", f"Obj{i}__c.F__c"), None) for i in range(n))
    return Plan(changes, plan.spec_path, plan.spec_digest, "dev", plan.org)


def test_markdown_starts_with_a_hidden_marker_per_kind_and_environment(plan, drift_report):
    assert RENDERERS["markdown"](Report(plan)).startswith("<!-- sfspec:plan:dev:specs/landscape -->\n")
    odd = Plan(plan.changes, "specs/a--b>", plan.spec_digest, None, plan.org)
    assert RENDERERS["markdown"](Report(odd)).splitlines()[0] == "<!-- sfspec:plan:-:specs/a-b -->"
    assert RENDERERS["markdown"](drift_report).splitlines()[0].startswith("<!-- sfspec:drift:")


def test_markdown_fits_a_github_comment_and_says_what_it_left_out(plan):
    from sfspec.render import markdown

    report = Report(_big_plan(plan), diagram="flowchart LR\n  a --> b")
    full = markdown.render(report)
    assert len(full) > 65_536
    fitted = markdown.render(report, max_chars=65_536)
    assert len(fitted) <= 65_536
    assert fitted.startswith("<!-- sfspec:plan:dev:") and "Plan: 450 to create, 150 to update" in fitted
    assert "more than fit here (65,536)" in fitted and "_Left out: " in fitted
    html = mistune.html(fitted)
    assert html.count("<details>") == html.count("</details>")  # sections are whole, never cut in half
    assert "CustomField" in fitted  # the second type still shows, at least as a table
    small = markdown.render(Report(plan), max_chars=65_536)
    assert small == markdown.render(Report(plan)) and "Left out" not in small


def test_a_cut_markdown_plan_links_to_the_run_that_keeps_all_of_it(plan):
    from sfspec.render import markdown

    report = Report(_big_plan(plan))
    url = "https://github.com/acme/crm/actions/runs/42 (retry)"
    fitted = markdown.render(report, max_chars=20_000, details_url=url)
    assert len(fitted) <= 20_000
    assert "[this CI run](https://github.com/acme/crm/actions/runs/42%20%28retry%29)" in fitted
    html = mistune.html(fitted)
    assert 'href="https://github.com/acme/crm/actions/runs/42%20%28retry%29"' in html  # one link, not broken text
    assert "this CI run" not in markdown.render(report, max_chars=20_000)  # no URL, no link
    assert "this CI run" not in markdown.render(Report(plan), max_chars=20_000, details_url=url)  # nothing cut
