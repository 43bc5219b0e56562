"""Brownfield on an org that already runs the Trigger Actions Framework (found trying sfspec on
mitchspano/apex-trigger-actions-framework with a TAF trigger and settings of the org's own).

The org is built here: TAF's API as the signature stubs the semantic check uses
(tests/validators/apexls/stubs), the org's own `AccountTrigger` running `MetadataTriggerHandler`,
and the `sObject_Trigger_Setting` records such an org keeps per object. Every step goes through the
CLI, as a user would: plan, build, merge the build into the project, plan again, drop a flow. The
same org is also served live (the fake Salesforce, through simple-salesforce and `--org env`).
"""

from __future__ import annotations

import json
import shutil
from pathlib import Path

import pytest
from cli_run import sfspec
from fakesf.fixtures import ACCESS_TOKEN

from sfspec.org.sfdx import SfdxProject
from sfspec.org.snapshot import snapshot_from_state

STUBS = Path(__file__).resolve().parents[1] / "validators" / "apexls" / "stubs" / "trigger-actions-framework"
META = '<?xml version="1.0" encoding="UTF-8"?>\n<ApexTrigger xmlns="http://soap.sforce.com/2006/04/metadata">\n'
META += "    <apiVersion>63.0</apiVersion>\n    <status>Active</status>\n</ApexTrigger>\n"
SETTING = """\
<?xml version="1.0" encoding="UTF-8"?>
<CustomMetadata xmlns="http://soap.sforce.com/2006/04/metadata" xmlns:xsi="http://www.w3.org/2001/XMLSchema-instance">
    <label>{obj}</label>
    <protected>false</protected>
    <values>
        <field>Object_API_Name__c</field>
        <value xsi:type="xsd:string">{obj}</value>
    </values>
</CustomMetadata>
"""
SPEC = """\
sfspec: 1
salesforce: {trigger_framework: trigger_actions}
systems:
  salesforce: {kind: salesforce}
  erp: {kind: erp, base_url: "https://erp.example.com", auth: {protocol: none}}
objects:
  Account:
    owner: salesforce
    fields:
      Name: {type: Text}
  Opportunity:
    owner: salesforce
    fields:
      Name: {type: Text}
flows:
  account-to-erp:
    source: salesforce
    target: erp
    object: Account
    transport: rest
    trigger: {on: [create, update]}
    endpoint: {path: /accounts}
    mapping:
      - {field: Name, remote: name}
  opportunity-to-erp:
    source: salesforce
    target: erp
    object: Opportunity
    transport: rest
    trigger: {on: [update]}
    endpoint: {path: /deals}
    mapping:
      - {field: Name, remote: name}
"""


@pytest.fixture(autouse=True)
def _plain(monkeypatch: pytest.MonkeyPatch) -> None:
    monkeypatch.setenv("NO_COLOR", "1")


def _taf_org(root: Path) -> Path:
    default = root / "force-app" / "main" / "default"
    shutil.copytree(STUBS / "classes", default / "classes")
    (default / "triggers").mkdir()
    (default / "triggers" / "AccountTrigger.trigger").write_text(
        "trigger AccountTrigger on Account(before insert, after insert, before update, after update) {\n"
        "    new MetadataTriggerHandler().run();\n}\n",
        encoding="utf-8",
    )
    (default / "triggers" / "AccountTrigger.trigger-meta.xml").write_text(META, encoding="utf-8")
    (default / "customMetadata").mkdir()
    for obj in ("Account", "Opportunity"):
        record = default / "customMetadata" / f"sObject_Trigger_Setting.{obj}.md-meta.xml"
        record.write_text(SETTING.format(obj=obj), encoding="utf-8")
    config = {"packageDirectories": [{"path": "force-app", "default": True}], "sourceApiVersion": "63.0"}
    (root / "sfdx-project.json").write_text(json.dumps(config), encoding="utf-8")
    return root


def _spec(path: Path, text: str) -> Path:
    path.write_text(text, encoding="utf-8")
    return path


def _plan(spec: Path, org: Path, out: Path) -> tuple[int, dict]:
    run = sfspec("plan", str(spec), "--org", f"source:{org}", "--out-dir", str(out), "--format", "json")
    assert run.code in (0, 4), run.err
    return run.code, json.loads(run.out)


def _by_action(plan: dict, action: str) -> set[str]:
    return {c["address"] for c in plan["changes"] if c["action"] == action}


@pytest.mark.parametrize("mode", ["", "    trigger: generate\n"])
def test_a_second_taf_trigger_beside_the_orgs_is_refused(mode: str, tmp_path: Path) -> None:
    """Both triggers would run MetadataTriggerHandler, which runs every action of Account: each
    action, the org's own included, would run twice per save. `generate` does not make that right."""
    org = _taf_org(tmp_path / "org")
    spec = _spec(
        tmp_path / "spec.yaml",
        SPEC.replace("  Account:\n    owner: salesforce\n", f"  Account:\n    owner: salesforce\n{mode}"),
    )
    code, plan = _plan(spec, org, tmp_path / "out")
    (conflict,) = [c for c in plan["changes"] if c["action"] == "conflict"]
    assert code == 4 and conflict["address"].startswith("ApexTrigger:")
    assert "MetadataTriggerHandler" in conflict["reason"] and "twice" in conflict["reason"]
    assert "trigger: integrate" in conflict["reason"]


def test_integrating_with_the_orgs_taf_keeps_its_settings_and_round_trips(tmp_path: Path) -> None:
    org = _taf_org(tmp_path / "org")
    spec = _spec(
        tmp_path / "spec.yaml",
        SPEC.replace(
            "  Account:\n    owner: salesforce\n", "  Account:\n    owner: salesforce\n    trigger: integrate\n"
        ),
    )
    code, plan = _plan(spec, org, tmp_path / "out")
    assert code == 0 and plan["manual_steps"] == []  # the org's trigger runs the framework already
    created = _by_action(plan, "create")
    settings = {a for a in created if a.startswith("CustomMetadata:sObject_Trigger_Setting.")}
    # sfspec's own setting per object, never the org's name (that was a conflict on the org's record)
    assert len(settings) == 2 and not {s.lower() for s in settings} & {
        "custommetadata:sobject_trigger_setting.account",
        "custommetadata:sobject_trigger_setting.opportunity",
    }
    assert "ApexTrigger:SfspecAccountTrigger" not in created and "ApexTrigger:AccountTrigger" not in created

    build = tmp_path / "build"
    assert sfspec("build", str(spec), "--org", f"source:{org}", "--out", str(build)).code == 0
    postdeploy = (build / "POSTDEPLOY.md").read_text(encoding="utf-8")
    assert "delete the generated ones" not in postdeploy and "SfspecAccountTrigger" not in postdeploy
    merged = shutil.copytree(org, tmp_path / "merged")
    shutil.copytree(build / "force-app", merged / "force-app", dirs_exist_ok=True)
    code, again = _plan(spec, merged, build)
    assert code == 0 and _by_action(again, "create") | _by_action(again, "delete") == set()

    # Dropping a flow deletes its action class and the records that name it: a Trigger_Action left
    # behind would make the framework fail every save ("the TA_... class does not exist").
    dropped = _spec(tmp_path / "dropped.yaml", spec.read_text(encoding="utf-8").split("  opportunity-to-erp:")[0])
    code, last = _plan(dropped, merged, build)
    deleted = _by_action(last, "delete")
    assert code == 0 and {a for a in deleted if a.startswith("ApexClass:TA_")} == {"ApexClass:TA_OpportunityToErp"}
    assert {a.split(".")[0] for a in deleted if a.startswith("CustomMetadata:")} == {
        "CustomMetadata:Trigger_Action",
        "CustomMetadata:sObject_Trigger_Setting",
    }
    assert "CustomMetadata:sObject_Trigger_Setting.Opportunity" not in deleted  # the org's own stays


def test_a_live_plan_knows_every_setting_of_the_org(
    tmp_path: Path, fake_salesforce_factory, monkeypatch: pytest.MonkeyPatch
) -> None:
    """The org holds `Account` and `SfspecAccount` settings (the latter left by an earlier
    integration): the names sfspec tries in turn for its own. A retrieve returns only the records it
    names, so the live reader used to know `Account` (asked for) and not `SfspecAccount`: sfspec took
    it, and the plan showed a conflict advising to delete the org's record. The reader now lists the
    org's records of the types sfspec writes, and sfspec's setting takes a name no record has."""
    org = _taf_org(tmp_path / "org")
    (
        org / "force-app" / "main" / "default" / "customMetadata" / "sObject_Trigger_Setting.SfspecAccount.md-meta.xml"
    ).write_text(SETTING.format(obj="Account"), encoding="utf-8")
    snapshot = snapshot_from_state(SfdxProject(org).read_all())
    for obj in ("Account", "Opportunity"):  # standard objects: the org has them, the project does not hold them
        snapshot["objects"][obj] = {"fields": {"Name": {"label": "Name", "length": "255", "type": "Text"}}}
    fake = fake_salesforce_factory(snapshot)
    for name, value in (("REQUESTS_CA_BUNDLE", fake.ca_file), ("SF_INSTANCE_URL", fake.url)):
        monkeypatch.setenv(name, value)
    monkeypatch.setenv("SF_ACCESS_TOKEN", ACCESS_TOKEN)
    integrate = "  Account:\n    owner: salesforce\n    trigger: integrate\n"
    spec = _spec(tmp_path / "spec.yaml", SPEC.replace("  Account:\n    owner: salesforce\n", integrate))

    run = sfspec("plan", str(spec), "--org", "env", "--out-dir", str(tmp_path / "out"), "--format", "json")
    assert run.code == 0, run.out + run.err
    plan = json.loads(run.out)
    assert not _by_action(plan, "conflict"), plan["changes"]
    theirs = {f"custommetadata:sobject_trigger_setting.{n}" for n in ("account", "sfspecaccount", "opportunity")}
    settings = {a for a in _by_action(plan, "create") if a.startswith("CustomMetadata:sObject_Trigger_Setting.")}
    assert len(settings) == 2 and not {s.lower() for s in settings} & theirs
    # one read: the names the second generation picked are absent from what that read saw whole
    # (every Apex class, every listed setting), so the org is not asked again (7 rounds → 3)
    assert fake.requests["metadata:retrieve"] == 1 and fake.requests["composite_batch"] == 1, fake.requests
