"""The Salesforce layout beside an org's own triggers and Apex names (issue 13, item 4)."""

from __future__ import annotations

from pathlib import Path

from sfspec import api
from sfspec.api import changes
from sfspec.generate.context import GenerationContext
from sfspec.generate.salesforce.naming import NameBook
from sfspec.state import OrgInventory, OrgTrigger

SPEC = """\
sfspec: 1
systems:
  salesforce: {kind: salesforce}
  erp: {kind: erp, base_url: "https://erp.example.com", auth: {protocol: none}}
objects:
  Account:
    owner: salesforce
    trigger: integrate
    fields:
      Name: {type: Text}
flows:
  account-to-erp:
    source: salesforce
    target: erp
    object: Account
    transport: rest
    trigger: {on: [create, update, undelete]}
    endpoint: {path: /accounts}
    mapping:
      - {field: Name, remote: name}
"""
ORG = OrgInventory(
    {"ApexClass": {"AccountTriggerHandler": False}, "ApexTrigger": {"AccountMDTTrigger": False}},
    (OrgTrigger("AccountMDTTrigger", "Account", ("before insert", "after insert", "after update"), False),),
)


def _context(tmp_path: Path, inventory: OrgInventory | None, spec: str = SPEC) -> GenerationContext:
    path = tmp_path / "spec.yaml"
    path.write_text(spec, encoding="utf-8")
    found, diags = api.checked_for_environment(path)
    assert found is not None, [d.format() for d in diags]
    return GenerationContext(found[1].spec, found[0].doc, None, inventory)


def test_names_avoid_the_orgs_own_apex_readably() -> None:
    book = NameBook()
    book.taken |= {"accounttrigger", "accounttriggerhandler"}
    assert book.claim_family("object#Account", "Account", 26, ("Trigger", "TriggerHandler"), "SfspecAccount") == (
        "SfspecAccount"
    )


def test_integrate_generates_no_trigger_and_names_what_the_existing_one_lacks(tmp_path: Path) -> None:
    layout = _context(tmp_path, ORG).salesforce_layout
    assert layout is not None
    (trig,) = layout.triggers
    assert trig.integrated and trig.existing == ("AccountMDTTrigger",) and trig.base == "SfspecAccount"
    assert trig.missing_events == ("after undelete",)
    wanted, _ = api.desired(tmp_path / "spec.yaml", inventory=ORG)
    assert wanted is not None
    names = {str(k) for k in wanted.state}
    assert "ApexClass:SfspecAccountTriggerHandler" in names and "ApexTrigger:SfspecAccountTrigger" not in names
    postdeploy = next(f.content for f in wanted.state.files if f.path == "POSTDEPLOY.md")
    assert (
        "`new SfspecAccountTriggerHandler().run();`" in postdeploy and "does not fire on after undelete" in postdeploy
    )


def test_without_the_org_or_its_triggers_the_layout_is_as_before(tmp_path: Path) -> None:
    for inventory in (None, OrgInventory()):
        (trig,) = _context(tmp_path, inventory).salesforce_layout.triggers  # type: ignore[union-attr]
        assert trig.base == "Account" and not trig.integrated and trig.existing == ()


def test_once_the_orgs_trigger_runs_the_line_nothing_is_left_to_do(tmp_path: Path) -> None:
    wired = OrgTrigger(
        "AccountMDTTrigger",
        "Account",
        ("after insert", "after update", "after undelete"),
        False,
        ("sfspecaccounttriggerhandler",),
    )
    inventory = OrgInventory(ORG.names, (wired,))
    (trig,) = _context(tmp_path, inventory).salesforce_layout.triggers  # type: ignore[union-attr]
    assert trig.integrated and trig.wired and trig.call == "new SfspecAccountTriggerHandler().run();"
    wanted, _ = api.desired(tmp_path / "spec.yaml", inventory=inventory)
    assert wanted is not None and changes.manual_steps(wanted) == ()
    postdeploy = next(f.content for f in wanted.state.files if f.path == "POSTDEPLOY.md")
    assert "`AccountMDTTrigger` runs `new SfspecAccountTriggerHandler().run();` already" in postdeploy
    lacking = OrgTrigger("AccountMDTTrigger", "Account", ("after insert", "after update"), False, wired.calls)
    wanted, _ = api.desired(tmp_path / "spec.yaml", inventory=OrgInventory(ORG.names, (lacking,)))
    (step,) = changes.manual_steps(wanted)  # type: ignore[arg-type]
    assert "runs this line already" in step.note and "after undelete" in step.note


TAF_SPEC = SPEC.replace("sfspec: 1\n", "sfspec: 1\nsalesforce: {trigger_framework: trigger_actions}\n").replace(
    "    trigger: integrate\n", ""
)


def test_taf_setting_names_avoid_the_orgs_own_settings(tmp_path: Path) -> None:
    """An org on the Trigger Actions Framework has an sObject_Trigger_Setting per object, usually named
    after it: sfspec's setting (named like the object's Apex) takes another name instead of colliding,
    which the plan could only report as a conflict on the org's record."""
    settings = OrgInventory({"CustomMetadata": {"sObject_Trigger_Setting.ACCOUNT": False}})
    layout = _context(tmp_path, settings, TAF_SPEC).salesforce_layout
    assert layout is not None and [t.base for t in layout.triggers] == ["SfspecAccount"]
    ours = OrgInventory({"CustomMetadata": {"sObject_Trigger_Setting.Account": True}})  # sfspec's own, deployed
    layout = _context(tmp_path, ours, TAF_SPEC).salesforce_layout
    assert layout is not None and [t.base for t in layout.triggers] == ["Account"]
    without_taf = _context(tmp_path, settings).salesforce_layout  # sfspec's framework names no setting
    assert without_taf is not None and [t.base for t in without_taf.triggers] == ["Account"]


def test_a_reserved_base_is_not_free_even_when_its_suffixes_are() -> None:
    book = NameBook()
    assert book.claim_family("object#Case", "Case", 26, ("Trigger",), "SfspecCase", frozenset({"case"})) == "SfspecCase"
    both = frozenset({"case", "sfspeccase"})
    tailed = book.claim_family("object#Case2", "Case", 26, ("Trigger",), "SfspecCase", both)
    assert tailed.startswith("CaseX") and tailed.lower() not in both
