"""Brownfield (issue 13): sfspec against orgs that already exist.

The orgs are six public Salesforce sample projects taken as the org's state (`--org source:DIR`),
trimmed copies in tests/fixtures/sfdx/samples/ (each with its licence and provenance). Every test
goes through the CLI: what a new user would type.
"""

from __future__ import annotations

import json
import re
import shutil
from pathlib import Path

import pytest
from cli_run import sfspec
from ruamel.yaml import YAML

from sfspec.resources import specs_dir

SAMPLES = Path(__file__).resolve().parents[1] / "fixtures" / "sfdx" / "samples"
PROJECTS = (
    "apex-recipes",
    "coral-cloud",
    "dreamhouse-lwc",
    "easy-spaces-lwc",
    "ebikes-lwc",
    "gearset-archive-viewer",
)
CHANGING = ("create", "update", "delete", "conflict")


def org(project: str) -> str:
    return f"source:{SAMPLES / project}"


def plan_json(spec: Path, org_ref: str, out: Path, *extra: str) -> dict:
    run = sfspec("plan", str(spec), "--org", org_ref, "--out-dir", str(out), "--format", "json", *extra)
    assert run.code in (0, 4), run.err  # 4: the plan holds conflicts
    return json.loads(run.out)


def changes(plan: dict, *actions: str) -> dict[str, dict]:
    return {c["address"]: c for c in plan["changes"] if not actions or c["action"] in actions}


def write(path: Path, text: str) -> Path:
    path.write_text(text, encoding="utf-8")
    return path


@pytest.fixture(autouse=True)
def _plain(monkeypatch: pytest.MonkeyPatch) -> None:
    monkeypatch.setenv("NO_COLOR", "1")


# ── 7. import round-trips ──────────────────────────────────────────────────────────────────────
# Before issue 13: 13, 42, 28, 26, 33 and 0 conflicts (the connector's import had no objects).
@pytest.mark.parametrize("project", PROJECTS)
def test_import_round_trip_is_clean(project: str, tmp_path: Path) -> None:
    spec = tmp_path / "imported.yaml"
    imported = sfspec("import", "--org", org(project), "-o", str(spec))
    assert imported.code == 0, imported.err
    assert sfspec("validate", str(spec)).code == 0
    fmt = sfspec("fmt", "--check", str(spec))
    assert fmt.code == 0, fmt.out + fmt.err  # the import is already in canonical layout
    plan = plan_json(spec, org(project), tmp_path / "out")
    assert {a: plan["summary"][a] for a in CHANGING} == dict.fromkeys(CHANGING, 0), [
        (c["action"], c["address"]) for c in plan["changes"] if c["action"] in CHANGING
    ]
    detailed = sfspec(
        "plan", str(spec), "--org", org(project), "--out-dir", str(tmp_path / "out"), "--detailed-exitcode"
    )
    assert detailed.code == 0, detailed.out


def test_import_keeps_computed_and_time_fields(tmp_path: Path) -> None:
    spec = tmp_path / "coral.yaml"
    assert sfspec("import", "--org", org("coral-cloud"), "-o", str(spec)).code == 0
    data = YAML(typ="safe").load(spec.read_text(encoding="utf-8"))
    fields = {f"{o}.{f}": v for o, obj in data["objects"].items() for f, v in obj["fields"].items()}
    formulas = {k: v for k, v in fields.items() if v.get("formula")}
    assert formulas and all(
        v["type"] in ("Number", "Currency", "Percent", "Text", "Date", "DateTime", "Time", "Checkbox")
        for v in formulas.values()
    )
    summaries = [v for v in fields.values() if v["type"] == "Summary"]
    assert summaries and all(v["summary"]["operation"] in ("count", "sum", "min", "max") for v in summaries)
    assert any(v["type"] == "Time" for v in fields.values())
    booking_session = fields["Booking__c.Session__c"]
    assert booking_session["type"] in ("Lookup", "MasterDetail")


def test_import_keeps_credentials_with_header_prefixes(tmp_path: Path) -> None:
    spec = tmp_path / "gearset.yaml"
    assert sfspec("import", "--org", org("gearset-archive-viewer"), "-o", str(spec)).code == 0
    system = YAML(typ="safe").load(spec.read_text(encoding="utf-8"))["systems"]["gearset_archive_viewer"]
    assert system["credential"] == "GearsetArchiveViewer"  # bound to the org's credential, not regenerated
    assert system["auth"]["protocol"] == "api_key"
    assert system["auth"]["header"] == "Authorization"
    assert system["auth"]["header_prefix"] == "token "
    assert system["auth"]["api_key"].startswith("secret:")


# ── 1. reference is not management ─────────────────────────────────────────────────────────────
DREAMHOUSE_REFERENCES = """\
sfspec: 1
name: dreamhouse
systems:
  salesforce: {kind: salesforce}
  erp: {kind: erp, base_url: "https://erp.example.com"}
objects:
  # existing objects, declared only to record owners
  Property__c:
    owner: salesforce
    fields:
      Price__c: {type: Currency, owner: erp}
      Broker__c: {type: Lookup, reference_to: Broker__c}
      Days_On_Market__c: {type: Number}
      Location__c: {type: Location}
  Broker__c:
    owner: salesforce
    fields:
      Email__c: {type: Email}
"""


def test_declaring_existing_objects_and_fields_plans_clean(tmp_path: Path) -> None:
    spec = write(tmp_path / "spec.yaml", DREAMHOUSE_REFERENCES)
    assert sfspec("validate", str(spec)).code == 0
    plan = plan_json(spec, org("dreamhouse-lwc"), tmp_path / "out")
    assert {a: plan["summary"][a] for a in CHANGING} == dict.fromkeys(CHANGING, 0), changes(plan, *CHANGING)
    text = sfspec("plan", str(spec), "--org", org("dreamhouse-lwc"), "--out-dir", str(tmp_path / "out")).out
    assert "No changes." in text and "References: 2 object(s) and 5 field(s) in the org" in text


def test_a_reference_with_an_incompatible_type_or_a_missing_one_is_a_conflict(tmp_path: Path) -> None:
    spec = write(
        tmp_path / "spec.yaml",
        DREAMHOUSE_REFERENCES.replace(
            "Price__c: {type: Currency, owner: erp}", "Price__c: {type: Text, length: 20, owner: erp}"
        )
        + "      Nickname__c: {type: Text, manage: reference}\n",  # a reference needs no length: never created
    )
    plan = plan_json(spec, org("dreamhouse-lwc"), tmp_path / "out")
    conflicts = changes(plan, "conflict")
    assert set(conflicts) == {"CustomField:Property__c.Price__c", "CustomField:Broker__c.Nickname__c"}
    assert "Currency in the org" in conflicts["CustomField:Property__c.Price__c"]["reason"]
    assert "does not exist" in conflicts["CustomField:Broker__c.Nickname__c"]["reason"]
    assert plan["summary"]["create"] == 0  # a reference is never created


# ── 2 + 3. full-fidelity adoption ──────────────────────────────────────────────────────────────
def test_adopting_a_formula_field_keeps_its_formula_through_build_and_plan(tmp_path: Path) -> None:
    spec = write(tmp_path / "spec.yaml", DREAMHOUSE_REFERENCES)
    adopted = sfspec("adopt", str(spec), "--org", org("dreamhouse-lwc"), "Property__c.Days_On_Market__c")
    assert adopted.code == 0, adopted.err
    text = spec.read_text(encoding="utf-8")
    assert "# existing objects, declared only to record owners" in text  # comments kept
    field = YAML(typ="safe").load(text)["objects"]["Property__c"]["fields"]["Days_On_Market__c"]
    assert field["manage"] == "adopt" and field["formula"] == "TODAY() - Date_Listed__c"
    assert sfspec("validate", str(spec)).code == 0

    plan = plan_json(spec, org("dreamhouse-lwc"), tmp_path / "out")
    change = changes(plan)["CustomField:Property__c.Days_On_Market__c"]
    assert change["action"] == "adopt"
    assert [a["path"] for a in change["attributes"]] == ["description"]  # the marker; nothing dropped
    assert plan["summary"]["conflict"] == 0

    assert sfspec("build", str(spec), "--org", org("dreamhouse-lwc"), "--out", str(tmp_path / "build")).code == 0
    built = (
        tmp_path / "build/force-app/main/default/objects/Property__c/fields/Days_On_Market__c.field-meta.xml"
    ).read_text(encoding="utf-8")
    original = (
        SAMPLES / "dreamhouse-lwc/force-app/main/default/objects/Property__c/fields/Days_On_Market__c.field-meta.xml"
    ).read_text(encoding="utf-8")
    for element in re.findall(r"<(\w+)>[^<]*</\1>", original):
        assert f"<{element}>" in built, element  # every attribute of the org's field survives
    assert "<formula>TODAY() - Date_Listed__c</formula>" in built


def test_adopting_an_object_preserves_what_sfspec_does_not_model(tmp_path: Path) -> None:
    spec = write(
        tmp_path / "spec.yaml",
        "sfspec: 1\nsystems:\n  salesforce: {kind: salesforce}\nobjects:\n  Booking__c:\n    owner: salesforce\n",
    )
    assert sfspec("adopt", str(spec), "--org", org("coral-cloud"), "Booking__c", "Booking__c.Session__c").code == 0
    plan = plan_json(spec, org("coral-cloud"), tmp_path / "out")
    adopted = changes(plan, "adopt")
    assert set(adopted) == {"CustomObject:Booking__c", "CustomField:Booking__c.Session__c"}
    for change in adopted.values():
        assert [a["path"] for a in change["attributes"]] == ["description"], change["attributes"]


# ── 4. triggers that coexist ───────────────────────────────────────────────────────────────────
ACCOUNT_CALLOUT = """\
sfspec: 1
systems:
  salesforce: {kind: salesforce}
  erp: {kind: erp, base_url: "https://erp.example.com", auth: {protocol: none}}
objects:
  Account:
    owner: salesforce
    fields:
      Name: {type: Text}
flows:
  account-to-erp:
    source: salesforce
    target: erp
    object: Account
    transport: rest
    endpoint: {path: /accounts}
    mapping:
      - {field: Name, remote: name}
"""


def _renamed_trigger_org(tmp_path: Path) -> Path:
    """apex-recipes with its Account trigger under another name, as many orgs name theirs."""
    root = tmp_path / "org"
    shutil.copytree(SAMPLES / "apex-recipes", root)
    triggers = root / "force-app/main/default/triggers"
    for suffix in (".trigger", ".trigger-meta.xml"):
        (triggers / f"AccountTrigger{suffix}").rename(triggers / f"AccountMDTTrigger{suffix}")
    body = triggers / "AccountMDTTrigger.trigger"
    body.write_text(body.read_text().replace("trigger AccountTrigger on", "trigger AccountMDTTrigger on"))
    return root


@pytest.mark.parametrize("renamed", [False, True], ids=["AccountTrigger", "AccountMDTTrigger"])
def test_an_existing_trigger_is_reported_with_a_coexistence_path(renamed: bool, tmp_path: Path) -> None:
    org_ref = f"source:{_renamed_trigger_org(tmp_path)}" if renamed else org("apex-recipes")
    existing = "AccountMDTTrigger" if renamed else "AccountTrigger"
    spec = write(tmp_path / "spec.yaml", ACCOUNT_CALLOUT)
    plan = plan_json(spec, org_ref, tmp_path / "out")
    created_triggers = [c for c in changes(plan, "create") if c.startswith("ApexTrigger:")]
    assert not any("Account" in c and "Event" not in c for c in created_triggers)  # never a silent second trigger
    conflict = changes(plan, "conflict")
    (account,) = [c for a, c in conflict.items() if a.startswith("ApexTrigger:")]
    assert existing in account["reason"] and "integrate" in account["reason"] and "generate" in account["reason"]


def _with_the_line(trigger: Path, line: str) -> None:
    """What the team does by hand: the call goes first in the body of their trigger."""
    body = trigger.read_text(encoding="utf-8")
    start = body.index("{") + 1
    trigger.write_text(body[:start] + f"\n    {line}\n" + body[start:], encoding="utf-8")


def test_integrating_with_an_existing_trigger_lists_the_one_line_call(tmp_path: Path) -> None:
    org_ref = f"source:{_renamed_trigger_org(tmp_path)}"
    spec = write(
        tmp_path / "spec.yaml",
        ACCOUNT_CALLOUT.replace("    owner: salesforce\n", "    owner: salesforce\n    trigger: integrate\n", 1),
    )
    plan = plan_json(spec, org_ref, tmp_path / "out")
    assert plan["summary"]["conflict"] == 0
    assert not [a for a in changes(plan, "create") if a.startswith("ApexTrigger:") and "Event" not in a]
    steps = plan["manual_steps"]
    (step,) = [s for s in steps if s["component"] == "ApexTrigger:AccountMDTTrigger"]
    line = step["line"]
    assert re.fullmatch(r"new \w+\(\)\.run\(\);", line)
    handler = line[len("new ") : -len("().run();")]
    assert (
        f"ApexClass:{handler}" in changes(plan, "create") and handler != "AccountTriggerHandler"
    )  # org's name is taken
    text = sfspec("plan", str(spec), "--org", org_ref, "--out-dir", str(tmp_path / "out")).out
    assert line in text and "AccountMDTTrigger" in text
    assert sfspec("build", str(spec), "--org", org_ref, "--out", str(tmp_path / "build")).code == 0
    postdeploy = (tmp_path / "build" / "POSTDEPLOY.md").read_text(encoding="utf-8")
    assert line in postdeploy and "AccountMDTTrigger" in postdeploy
    # The team adds the line: the next plan has nothing left to ask.
    _with_the_line(tmp_path / "org/force-app/main/default/triggers/AccountMDTTrigger.trigger", line)
    again = plan_json(spec, org_ref, tmp_path / "out")
    assert again["manual_steps"] == [] and again["summary"]["conflict"] == 0


PLANTED = "trigger SfspecPlantedTrigger on Contact(after insert) {\n    new NoSuchAccountHandler().run();\n}\n"


def test_the_integrated_handler_compiles_in_the_org_with_its_line_in_the_orgs_trigger(tmp_path: Path) -> None:
    """apex-recipes' own AccountTrigger, with the one line added, beside the generated project: apex-ls
    finds nothing new (the sample is trimmed, so its own findings are the baseline), while a trigger
    calling a handler that does not exist is caught in the same run."""
    from validators.apexls import require_apexls, semantic_issues

    require_apexls()
    spec = write(
        tmp_path / "spec.yaml",
        ACCOUNT_CALLOUT.replace("    owner: salesforce\n", "    owner: salesforce\n    trigger: integrate\n", 1),
    )
    plan = plan_json(spec, org("apex-recipes"), tmp_path / "out")
    (step,) = plan["manual_steps"]
    assert step["component"] == "ApexTrigger:AccountTrigger"
    assert sfspec("build", str(spec), "--org", org("apex-recipes"), "--out", str(tmp_path / "build")).code == 0
    merged = shutil.copytree(SAMPLES / "apex-recipes", tmp_path / "merged")
    default = merged / "force-app/main/default"
    shutil.copytree(tmp_path / "build/force-app/main/default", default, dirs_exist_ok=True)
    _with_the_line(default / "triggers/AccountTrigger.trigger", step["line"])
    (default / "triggers/SfspecPlantedTrigger.trigger").write_text(PLANTED, encoding="utf-8")
    shutil.copy(
        default / "triggers/AccountTrigger.trigger-meta.xml", default / "triggers/SfspecPlantedTrigger.trigger-meta.xml"
    )
    baseline = {str(i) for i in semantic_issues(SAMPLES / "apex-recipes")}
    new = [str(i) for i in semantic_issues(merged) if str(i) not in baseline]
    assert len(new) == 1 and "SfspecPlantedTrigger.trigger:2:" in new[0] and "NoSuchAccountHandler" in new[0], new


def test_taf_records_are_a_conflict_where_metadata_trigger_handler_is_another_frameworks(tmp_path: Path) -> None:
    """apex-recipes has its own MetadataTriggerHandler (not the Trigger Actions Framework's)."""
    spec = write(
        tmp_path / "spec.yaml",
        ACCOUNT_CALLOUT.replace("sfspec: 1\n", "sfspec: 1\nsalesforce: {trigger_framework: trigger_actions}\n").replace(
            "    owner: salesforce\n", "    owner: salesforce\n    trigger: integrate\n", 1
        ),
    )
    plan = plan_json(spec, org("apex-recipes"), tmp_path / "out")
    (conflict,) = changes(plan, "conflict").values()
    assert conflict["address"].startswith("CustomMetadata:sObject_Trigger_Setting.")
    assert "TriggerAction" in conflict["reason"] and "trigger_framework: sfspec" in conflict["reason"]


def test_generating_beside_an_existing_trigger_warns_about_execution_order(tmp_path: Path) -> None:
    spec = write(
        tmp_path / "spec.yaml",
        ACCOUNT_CALLOUT.replace("    owner: salesforce\n", "    owner: salesforce\n    trigger: generate\n", 1),
    )
    plan = plan_json(spec, org("apex-recipes"), tmp_path / "out")
    assert plan["summary"]["conflict"] == 0
    (ours,) = [a for a in changes(plan, "create") if a.startswith("ApexTrigger:") and "Event" not in a]
    assert ours.lower() != "apextrigger:accounttrigger"  # the org's name is taken, case-insensitively
    text = sfspec("plan", str(spec), "--org", org("apex-recipes"), "--out-dir", str(tmp_path / "out")).out
    assert "execution order" in text and "AccountTrigger" in text


# ── 5. existing events and credentials ─────────────────────────────────────────────────────────
def test_a_flow_subscribes_to_an_existing_platform_event(tmp_path: Path) -> None:
    spec = write(
        tmp_path / "spec.yaml",
        """\
sfspec: 1
systems:
  salesforce: {kind: salesforce}
  esb: {kind: middleware, engine: camel}
  erp: {kind: erp, base_url: "https://erp.example.com", auth: {protocol: none}}
objects:
  Manufacturing_Event__e:
    owner: salesforce
    manage: reference
    fields:
      Order_Id__c: {type: Text}
      Status__c: {type: Text}
flows:
  manufacturing-to-erp:
    source: salesforce
    target: erp
    via: esb
    object: Manufacturing_Event__e
    transport: streaming
    event: platform_event
    endpoint: {path: /manufacturing}
    mapping:
      - {field: Order_Id__c, remote: orderId}
      - {field: Status__c, remote: status}
""",
    )
    plan = plan_json(spec, org("ebikes-lwc"), tmp_path / "out")
    created = changes(plan, "create")
    assert not [a for a in created if a.startswith(("CustomObject:", "ApexTrigger:"))], sorted(created)
    assert plan["summary"]["conflict"] == 0
    built = sfspec("build", str(spec), "--org", org("ebikes-lwc"), "--out", str(tmp_path / "build"))
    assert built.code == 0, built.err
    route = (tmp_path / "build/middleware/camel/manufacturing-to-erp.camel.yaml").read_text(encoding="utf-8")
    assert "pubSubSubscribe:/event/Manufacturing_Event__e" in route and "getSObject" not in route
    assert not list((tmp_path / "build").rglob("*__e.object-meta.xml"))


ORDERS_CDC = """\
sfspec: 1
systems:
  salesforce: {kind: salesforce}
  esb: {kind: middleware, engine: camel}
  erp: {kind: erp, base_url: "https://erp.example.com", auth: {protocol: none}}
objects:
  Order__c:
    owner: salesforce
    manage: reference
    fields:
      Status__c: {type: Picklist}
flows:
  orders-to-erp:
    source: salesforce
    target: erp
    object: Order__c
    via: esb
    transport: streaming
    event: cdc
    endpoint: {path: /orders}
    mapping:
      - {field: Status__c, remote: status}
"""
MEMBER = "PlatformEventChannelMember:ChangeEvents_Order_ChangeEvent"


def test_cdc_the_org_already_enabled_is_referenced_not_recreated(tmp_path: Path) -> None:
    """ebikes-lwc selected Order__ChangeEvent itself: the flow rides on it; sfspec neither deploys nor owns it."""
    spec = write(tmp_path / "spec.yaml", ORDERS_CDC)
    plan = plan_json(spec, org("ebikes-lwc"), tmp_path / "out")
    assert not [a for a in changes(plan, *CHANGING) if a.startswith("PlatformEventChannelMember:")]
    assert changes(plan)[MEMBER]["reference"] and plan["summary"]["conflict"] == 0
    assert sfspec("build", str(spec), "--org", org("ebikes-lwc"), "--out", str(tmp_path / "build")).code == 0
    assert not list((tmp_path / "build").rglob("*.platformEventChannelMember-meta.xml"))
    route = (tmp_path / "build/middleware/camel/orders-to-erp.camel.yaml").read_text(encoding="utf-8")
    assert "/data/Order__ChangeEvent" in route

    without = shutil.copytree(SAMPLES / "ebikes-lwc", tmp_path / "org")
    shutil.rmtree(without / "force-app/main/default/platformEventChannelMembers")
    assert MEMBER in changes(
        plan_json(spec, f"source:{without}", tmp_path / "out2"), "create"
    )  # named as Salesforce does
    gone = write(tmp_path / "gone.yaml", ORDERS_CDC.split("flows:")[0])
    assert not changes(plan_json(gone, org("ebikes-lwc"), tmp_path / "out3"), "delete")  # never sfspec's to delete


GEARSET_CALLOUT = """\
sfspec: 1
systems:
  salesforce: {kind: salesforce}
  gearset:
    kind: custom
    base_url: "https://archive.gearset.com"
    credential: GearsetArchiveViewer
objects:
  Account:
    owner: salesforce
    fields:
      Name: {type: Text}
flows:
  account-archive:
    source: salesforce
    target: gearset
    object: Account
    timing: on_demand
    transport: rest
    endpoint: {path: /archive}
    mapping:
      - {field: Name, remote: name}
"""


def test_a_system_binds_to_an_existing_named_credential(tmp_path: Path) -> None:
    spec = write(tmp_path / "spec.yaml", GEARSET_CALLOUT)
    assert sfspec("validate", str(spec)).code == 0
    plan = plan_json(spec, org("gearset-archive-viewer"), tmp_path / "out")
    credentials = {a: c for a, c in changes(plan).items() if a.startswith(("NamedCredential:", "ExternalCredential:"))}
    assert list(credentials) == ["NamedCredential:GearsetArchiveViewer"]  # checked, nothing generated
    assert credentials["NamedCredential:GearsetArchiveViewer"]["reference"]
    assert plan["summary"]["conflict"] == 0
    built = sfspec("build", str(spec), "--org", org("gearset-archive-viewer"), "--out", str(tmp_path / "build"))
    assert built.code == 0, built.err
    client = next((tmp_path / "build").rglob("AccountArchiveClient.cls")).read_text(encoding="utf-8")
    assert "callout:GearsetArchiveViewer" in client
    assert not list((tmp_path / "build").rglob("*.namedCredential-meta.xml"))
    assert "the org's Named Credential `GearsetArchiveViewer`" in (tmp_path / "build" / "POSTDEPLOY.md").read_text()
    missing = write(tmp_path / "missing.yaml", GEARSET_CALLOUT.replace("GearsetArchiveViewer", "NoSuchCredential"))
    conflict = changes(plan_json(missing, org("gearset-archive-viewer"), tmp_path / "out2"), "conflict")
    assert "NamedCredential:NoSuchCredential" in conflict
    assert "does not exist" in conflict["NamedCredential:NoSuchCredential"]["reason"]


def test_a_case_variant_of_an_existing_name_is_a_conflict(tmp_path: Path) -> None:
    root = tmp_path / "org"  # the connector's credential spelt as the issue found it in an org
    shutil.copytree(SAMPLES / "gearset-archive-viewer", root)
    creds = root / "force-app/main/default/namedCredentials"
    (creds / "GearsetArchiveViewer.namedCredential").rename(creds / "GEARSET_API.namedCredential")
    spec = write(
        tmp_path / "spec.yaml",
        GEARSET_CALLOUT.replace("    credential: GearsetArchiveViewer\n", "    auth: {protocol: none}\n"),
    )
    plan = plan_json(spec, f"source:{root}", tmp_path / "out")
    conflict = changes(plan, "conflict")
    assert "NamedCredential:Gearset_API" in conflict, sorted(changes(plan, *CHANGING))
    assert "GEARSET_API" in conflict["NamedCredential:Gearset_API"]["reason"]
    # a field spelt differently from the org's, on real data: coral-cloud's Contact.External_Id__c
    field_spec = write(
        tmp_path / "field.yaml",
        "sfspec: 1\nsystems:\n  salesforce: {kind: salesforce}\n  erp: {kind: erp}\nobjects:\n"
        "  Contact:\n    owner: salesforce\n    fields:\n      External_ID__c: {type: Text, length: 255, external_id: true}\n",
    )
    conflict = changes(plan_json(field_spec, org("coral-cloud"), tmp_path / "out3"), "conflict")
    assert "External_Id__c" in conflict["CustomField:Contact.External_ID__c"]["reason"]


# ── 6. destructive changes are loud ────────────────────────────────────────────────────────────
@pytest.fixture
def applied_landscape(tmp_path: Path, monkeypatch: pytest.MonkeyPatch) -> Path:
    shutil.copytree(specs_dir() / "landscape", tmp_path / "spec")
    monkeypatch.chdir(tmp_path)
    assert sfspec("apply", "spec", "-e", "dev", "--auto-approve").code == 0
    return tmp_path / "spec"


def _edit(path: Path, change) -> None:  # type: ignore[no-untyped-def]
    yaml = YAML()
    data = yaml.load(path.read_text(encoding="utf-8"))
    change(data)
    with path.open("w", encoding="utf-8") as handle:
        yaml.dump(data, handle)


def test_removing_a_flow_marks_data_losing_deletes_and_apply_needs_a_flag(applied_landscape: Path) -> None:
    def remove_erp_accounts(data) -> None:  # type: ignore[no-untyped-def]
        # erp-credit-to-crm updates by the ERP id account-to-erp fills: without it, SFS132
        for flow in ("account-to-erp", "erp-credit-to-crm"):
            data["flows"].pop(flow)

    _edit(applied_landscape / "flows.yaml", remove_erp_accounts)
    plan = json.loads(sfspec("plan", "spec", "-e", "dev", "--format", "json").out)
    deletes = changes(plan, "delete")
    data_losing = {a for a, c in deletes.items() if c.get("destructive")}
    assert "CustomObject:Integration_Error__c" in data_losing
    assert {a for a in deletes if a.startswith(("CustomObject:", "CustomField:"))} == data_losing
    assert not any(c.get("destructive") for a, c in deletes.items() if a.startswith("ApexClass:"))
    text = sfspec("plan", "spec", "-e", "dev").out
    assert re.search(r"- CustomObject Integration_Error__c .*data loss", text)
    markdown = sfspec("plan", "spec", "-e", "dev", "--format", "markdown").out
    assert "data loss" in markdown.lower()
    refused = sfspec("apply", "spec", "-e", "dev", "--auto-approve")
    assert refused.code == 1 and "--allow-destructive" in refused.err
    assert sfspec("apply", "spec", "-e", "dev", "--auto-approve", "--allow-destructive").code == 0


def test_a_data_losing_type_change_is_destructive(applied_landscape: Path) -> None:
    def retype(data) -> None:  # type: ignore[no-untyped-def]
        for obj in data["objects"].values():
            for name, field in (obj.get("fields") or {}).items():
                if field.get("external_id") and field.get("type") == "Text":
                    field["type"] = "Number"
                    field.pop("length", None)
                    retype.name = name  # type: ignore[attr-defined]
                    return

    _edit(applied_landscape / "objects.yaml", retype)
    plan = json.loads(sfspec("plan", "spec", "-e", "dev", "--format", "json").out)
    (change,) = [c for c in plan["changes"] if c["name"].endswith("." + retype.name)]  # type: ignore[attr-defined]
    assert change["action"] == "update" and change["destructive"]
    assert "Text -> Number" in change["reason"] or "Text" in json.dumps(change["attributes"])
    text = sfspec("plan", "spec", "-e", "dev").out
    assert re.search(r"-/\+ CustomField \S+" + re.escape(retype.name), text)  # type: ignore[attr-defined]
