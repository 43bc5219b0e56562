"""Saved plans under attack: a plan file edited after saving, and an org edited by hand after the
plan was made, at every place the spec names (objects, standard and custom fields, classes,
triggers, credentials, permission sets, events, channel members, subscriber configs...), on every
org kind: a mock snapshot, an SFDX project (`source:`), a live org (the fake Salesforce over HTTPS).
`apply PLAN` must refuse each with exit 1 and one clear error, and change nothing.
"""

from __future__ import annotations

import copy
import hashlib
import json
import shutil
from collections.abc import Callable
from pathlib import Path
from typing import Any

import pytest
from fakesf.fixtures import ACCESS_TOKEN

from sfspec.org.mock import write_snapshot
from sfspec.org.snapshot import components_from_json
from sfspec.org.snapshot_load import load_snapshot
from sfspec.resources import specs_dir
from sfspec.state import Component, ComponentKey

from .conftest import TRACEBACK_MARKERS, Run, run_cli

# The standard object and field the spec names without creating them, besides one of each type.
STANDARD = ("CustomObject:Account", "CustomField:Account.Phone", "CustomField:Contact.Email")


@pytest.fixture
def work(tmp_path: Path, monkeypatch: pytest.MonkeyPatch) -> Path:
    shutil.copytree(specs_dir() / "landscape", tmp_path / "spec")
    monkeypatch.chdir(tmp_path)
    monkeypatch.setenv("NO_COLOR", "1")
    return tmp_path


def change_the_spec(work: Path) -> None:
    """One reviewed change after the first apply, so the saved plan has something to apply."""
    objects = work / "spec" / "objects.yaml"
    objects.write_text(objects.read_text().replace("label: ERP customer number", "label: ERP customer no"))


def edited(component: Component) -> Component:
    """The component as someone changed it by hand in the org."""
    if component.body is not None:
        return Component(component.key, component.attributes, component.body + "\n// edited by hand\n")
    return Component(component.key, {**component.attributes, "description": "edited by hand"})


def places(plan: dict[str, Any]) -> list[str]:
    """One component of each type the plan read, plus the standard object and fields it relies on."""
    read = [k for k in plan["read"] if not k.startswith("MiddlewareFile:")]
    first: dict[str, str] = {}
    for key in sorted(read):
        first.setdefault(key.split(":", 1)[0], key)
    chosen = sorted(set(first.values()) | set(STANDARD))
    assert set(STANDARD) <= set(read), "the plan must read what the spec names without creating"
    return chosen


def plan_digest(plan: dict[str, Any]) -> str:
    """What an attacker would recompute: sha256 of the canonical JSON of everything but the digest."""
    body = json.dumps({k: v for k, v in plan.items() if k != "digest"}, sort_keys=True, separators=(",", ":"))
    return "sha256:" + hashlib.sha256(body.encode()).hexdigest()


def check_refused(run: Run, what: str) -> None:
    assert run.code == 1, (what, run.text[-1500:])
    for marker in TRACEBACK_MARKERS:
        assert marker not in run.text, (what, run.text[-1500:])
    errors = [line for line in run.err.splitlines() if line.startswith("sfspec: error:")]
    assert len(errors) == 1 and "stale" in errors[0], (what, run.err[-1500:])


def saved_plan(args: list[str], capsys: pytest.CaptureFixture[str]) -> dict[str, Any]:
    made = run_cli(["plan", *args, "--out", "p.json"], capsys)
    assert made.code == 0, made.text[-2000:]
    plan = json.loads(Path("p.json").read_text())
    assert plan["summary"]["update"] >= 1, plan["summary"]
    return plan


def test_an_edited_plan_file_is_refused(work: Path, capsys: pytest.CaptureFixture[str]) -> None:
    """The change list cut down to one change: refused as edited, and with a recomputed digest as stale."""
    org = work / "spec" / "orgs" / "dev.json"
    before = org.read_bytes()
    made = run_cli(["plan", "spec", "-e", "dev", "--out", "p.json"], capsys)
    assert made.code == 0
    plan = json.loads(Path("p.json").read_text())
    assert len(plan["changes"]) > 40
    plan["changes"] = plan["changes"][:1]
    plan["summary"]["create"] = 1
    Path("p.json").write_text(json.dumps(plan, indent=2))
    run = run_cli(["apply", "p.json"], capsys)
    assert run.code == 1 and "edited after it was saved" in run.err, run.text[-1500:]
    plan["digest"] = plan_digest(plan)
    Path("p.json").write_text(json.dumps(plan, indent=2))
    check_refused(run_cli(["apply", "p.json"], capsys), "recomputed digest")
    assert org.read_bytes() == before and not (work / "out").exists()


def test_mock_org_edited_by_hand_at_each_place(work: Path, capsys: pytest.CaptureFixture[str]) -> None:
    org = work / "spec" / "orgs" / "dev.json"
    assert run_cli(["apply", "spec", "-e", "dev", "--auto-approve"], capsys).code == 0
    change_the_spec(work)
    plan = saved_plan(["spec", "-e", "dev"], capsys)
    pristine = org.read_bytes()
    tried = 0
    for key in places(plan):
        components = {str(c.key): c for c in components_from_json(load_snapshot(org))}
        if key in components:
            write_snapshot(org, [edited(components[key])], [])
        else:  # a standard object recorded through its fields: give it attributes
            write_snapshot(org, [Component(ComponentKey.parse(key), {"description": "edited by hand"})], [])
        edited_org = org.read_bytes()
        check_refused(run_cli(["apply", "p.json"], capsys), key)
        assert org.read_bytes() == edited_org, f"{key}: apply wrote the org"
        org.write_bytes(pristine)
        tried += 1
    for key in STANDARD[1:]:  # a standard field deleted by hand
        write_snapshot(org, [], [ComponentKey.parse(key)])
        check_refused(run_cli(["apply", "p.json"], capsys), f"{key} deleted")
        org.write_bytes(pristine)
        tried += 1
    assert tried >= 14
    assert run_cli(["apply", "p.json"], capsys).code == 0  # the untouched org takes the plan


def test_source_org_edited_by_hand_is_stale(work: Path, capsys: pytest.CaptureFixture[str]) -> None:
    """An SFDX project planned against, then changed: the saved plan is stale (before `source:` is
    refused as read-only)."""
    assert run_cli(["build", "spec", "-e", "dev", "--out", "project"], capsys).code == 0
    change_the_spec(work)
    plan = saved_plan(["spec", "-e", "dev", "--org", "source:project"], capsys)
    files = sorted((work / "project" / "force-app").rglob("*"))
    by_type = {
        "ApexClass": next(p for p in files if p.suffix == ".cls"),
        "ApexTrigger": next(p for p in files if p.suffix == ".trigger"),
        "CustomField": next(p for p in files if p.name.endswith(".field-meta.xml")),
        "CustomObject": next(p for p in files if p.name.endswith(".object-meta.xml")),
        "PermissionSet": next(p for p in files if p.name.endswith(".permissionset-meta.xml")),
        "NamedCredential": next(p for p in files if p.name.endswith(".namedCredential-meta.xml")),
    }
    assert {k.split(":", 1)[0] for k in places(plan)} >= set(by_type)
    for type_, path in by_type.items():
        original = path.read_bytes()
        text = original.decode()
        if path.suffix in (".cls", ".trigger"):
            path.write_text(text + "\n// edited by hand\n")
        else:
            element = next(e for e in ("<description>", "<label>") if e in text)
            path.write_text(text.replace(element, element + "edited by hand ", 1))
        assert path.read_bytes() != original, type_
        check_refused(run_cli(["apply", "p.json"], capsys), type_)
        path.write_bytes(original)


@pytest.fixture
def live(work: Path, fake_salesforce_factory: Callable[..., Any], monkeypatch: pytest.MonkeyPatch) -> Any:
    fake = fake_salesforce_factory(work / "spec" / "orgs" / "dev.json")
    monkeypatch.setenv("REQUESTS_CA_BUNDLE", fake.ca_file)
    monkeypatch.setenv("SF_INSTANCE_URL", fake.url)
    monkeypatch.setenv("SF_ACCESS_TOKEN", ACCESS_TOKEN)
    return fake


def restore(fake: Any, data: dict[str, Any]) -> None:
    fake.org.data = copy.deepcopy(data)
    fake.org.apply([], [])  # drops the views cached from the edited data


def test_live_org_edited_by_hand_at_each_place(work: Path, live: Any, capsys: pytest.CaptureFixture[str]) -> None:
    first = run_cli(["apply", "spec", "-e", "dev", "--org", "env", "--auto-approve"], capsys)
    assert first.code == 0, first.text[-2000:]
    change_the_spec(work)
    plan = saved_plan(["spec", "-e", "dev", "--org", "env"], capsys)
    pristine = copy.deepcopy(live.org.data)
    deploys = len(live.state["deploys"])
    tried = 0
    for key in places(plan):
        component = live.org.components.get(ComponentKey.parse(key))
        live.org.apply([edited(component) if component else Component(ComponentKey.parse(key), {"x": "y"})], [])
        check_refused(run_cli(["apply", "p.json"], capsys), key)
        assert len(live.state["deploys"]) == deploys, f"{key}: deployed"
        restore(live, pristine)
        tried += 1
    for key in STANDARD[1:]:  # a standard field deleted by hand
        live.org.apply([], [ComponentKey.parse(key)])
        check_refused(run_cli(["apply", "p.json"], capsys), f"{key} deleted")
        restore(live, pristine)
        tried += 1
    assert tried >= 14
    done = run_cli(["apply", "p.json"], capsys)  # the untouched org takes the plan
    assert done.code == 0, done.text[-2000:]


WIDGET = "  Widget:\n    owner: crm\n    fields:\n      Size__c: {type: Number, precision: 5, scale: 0}\n"


@pytest.mark.parametrize("kind", ["mock", "live"])
def test_a_field_on_an_object_the_org_lacks_is_refused_at_plan(
    kind: str, work: Path, fake_salesforce_factory: Callable[..., Any], monkeypatch: pytest.MonkeyPatch, capsys
) -> None:
    """`Widget` is not a custom object (sfspec does not create it) and the org has none: its field
    would fail at deploy, after out/ was written; the plan refuses it (SFS033) at the object's line."""
    objects = work / "spec" / "objects.yaml"
    line = objects.read_text().count("\n") + 1
    objects.write_text(objects.read_text() + WIDGET)
    org = work / "spec" / "orgs" / "dev.json"
    before = org.read_bytes()
    args = ["spec", "-e", "dev"]
    if kind == "live":
        fake = fake_salesforce_factory(org)
        monkeypatch.setenv("REQUESTS_CA_BUNDLE", fake.ca_file)
        monkeypatch.setenv("SF_INSTANCE_URL", fake.url)
        monkeypatch.setenv("SF_ACCESS_TOKEN", ACCESS_TOKEN)
        args += ["--org", "env"]
    for command in (["plan"], ["apply", "--auto-approve"]):
        run = run_cli([command[0], *args, *command[1:]], capsys)
        assert run.code == 1, run.text[-2000:]
        found = [m for m in run.findings() if m["code"] == "SFS033"]
        assert found and found[0]["path"].endswith("objects.yaml") and int(found[0]["line"]) == line, run.text
        assert "object Widget does not exist" in run.text
    assert not (work / "out").exists() and org.read_bytes() == before
    if kind == "live":
        assert not fake.state.get("deploys")
