"""plan → apply → plan through the CLI, against a copy of the seed landscape's mock dev org."""

from __future__ import annotations

import json
import os
import shutil
import subprocess
import sys
from pathlib import Path

from cli_run import sfspec
from filelock import FileLock

from sfspec.org.mock import write_snapshot
from sfspec.org.snapshot import components_from_json
from sfspec.org.snapshot_load import load_snapshot
from sfspec.state import MANAGED_MARKER, Component, ComponentKey


def org_components(org: Path) -> dict[str, Component]:
    return {str(c.key): c for c in components_from_json(load_snapshot(org))}


def managed_apex(org: Path) -> list[str]:
    return sorted(k for k, c in org_components(org).items() if c.type == "ApexClass" and c.managed)


def test_plan_apply_plan_is_empty(landscape: Path):
    org = landscape / "orgs" / "dev.json"
    first = sfspec("plan", str(landscape), "-e", "dev", "--detailed-exitcode")
    assert first.code == 2, first.err
    assert "Plan: " in first.out and " to create" in first.out
    assert sfspec("plan", str(landscape), "-e", "dev").code == 0  # without the flag, changes still exit 0
    applied = sfspec("apply", str(landscape), "-e", "dev", "--auto-approve")
    assert applied.code == 0, applied.err
    assert "Apply complete!" in applied.out
    assert managed_apex(org)
    assert (landscape.parent / "out" / "force-app").is_dir()
    again = sfspec("plan", str(landscape), "-e", "dev", "--detailed-exitcode")
    assert again.code == 0, again.out + again.err
    assert "No changes." in again.out
    twice = sfspec("apply", str(landscape), "-e", "dev", "--auto-approve")  # applying twice is a no-op
    assert twice.code == 0 and "0 created or updated, 0 deleted" in twice.out


def test_unmanaged_components_are_never_deleted_or_overwritten(landscape: Path):
    org = landscape / "orgs" / "dev.json"
    before = {k: c for k, c in org_components(org).items() if not c.managed}
    assert before, "the seed dev org should hold hand-made components"
    assert sfspec("apply", str(landscape), "-e", "dev", "--auto-approve").code == 0
    after = org_components(org)
    for key, component in before.items():
        assert after[key] == component, f"{key} was touched"


def test_conflict_with_an_unmanaged_component_refuses_apply(landscape: Path):
    org = landscape / "orgs" / "dev.json"
    plan = json.loads(sfspec("plan", str(landscape), "-e", "dev", "--format", "json").out)
    # An object: generated Apex names step aside from the org's own classes, object names cannot.
    target = next(c for c in plan["changes"] if c["type"] == "CustomObject")
    theirs = Component(ComponentKey("CustomObject", target["name"]), {"label": "Theirs", "pluralLabel": "Theirs"})
    write_snapshot(org, [theirs], [])
    shown = sfspec("plan", str(landscape), "-e", "dev")
    assert f"! CustomObject {target['name']}" in shown.out and "unmanaged" in shown.out
    # conflicts exit 4 with or without --detailed-exitcode, and win over changes (2)
    assert shown.code == 4, shown.err
    assert sfspec("plan", str(landscape), "-e", "dev", "--detailed-exitcode").code == 4
    assert sfspec("drift", str(landscape), "-e", "dev").code == 4
    refused = sfspec("apply", str(landscape), "-e", "dev", "--auto-approve")
    assert refused.code == 1 and "conflict" in refused.err
    assert org_components(org)[f"CustomObject:{target['name']}"] == theirs


def test_saved_plan_applies_and_a_stale_one_is_refused(landscape: Path, tmp_path: Path):
    org = landscape / "orgs" / "dev.json"
    saved = sfspec("plan", str(landscape), "-e", "dev", "--out", "dev.plan.json")
    assert saved.code == 0 and Path("dev.plan.json").is_file()
    # someone else creates a component the plan looked for (it was absent when planned)
    wanted = next(c for c in json.loads(Path("dev.plan.json").read_text())["changes"] if c["type"] == "ApexClass")
    write_snapshot(
        org,
        [
            Component(
                ComponentKey("ApexClass", wanted["name"]),
                {"apiVersion": "63.0", "status": "Active"},
                f"// {MANAGED_MARKER}\npublic class {wanted['name']} {{}}\n",
            )
        ],
        [],
    )
    snapshot = org.read_bytes()
    stale = sfspec("apply", "dev.plan.json")
    assert stale.code == 1
    assert "plan is stale" in stale.err and f"ApexClass:{wanted['name']}: absent when planned" in stale.err
    assert org.read_bytes() == snapshot  # nothing applied
    fresh = sfspec("plan", str(landscape), "-e", "dev", "--out", "dev.plan.json")
    assert fresh.code == 0
    done = sfspec("apply", "dev.plan.json")  # a saved plan needs no confirmation
    assert done.code == 0, done.err
    assert sfspec("plan", str(landscape), "-e", "dev", "--detailed-exitcode").code == 0
    (landscape / "landscape.yaml").write_text((landscape / "landscape.yaml").read_text() + "\n# edited\n")
    sfspec("plan", str(landscape), "-e", "dev", "--out", "dev.plan.json")
    (landscape / "landscape.yaml").write_text((landscape / "landscape.yaml").read_text() + "# again\n")
    changed_spec = sfspec("apply", "dev.plan.json")
    assert changed_spec.code == 1 and "the spec" in changed_spec.err and "changed" in changed_spec.err


def test_hand_edited_managed_apex_is_drift_until_waived(landscape: Path):
    org = landscape / "orgs" / "dev.json"
    assert sfspec("apply", str(landscape), "-e", "dev", "--auto-approve").code == 0
    assert sfspec("drift", str(landscape), "-e", "dev").code == 0
    shutil.rmtree(landscape.parent / ".sfspec")  # a CI checkout has no apply record: still in sync
    assert sfspec("drift", str(landscape), "-e", "dev").code == 0
    assert sfspec("apply", str(landscape), "-e", "dev", "--auto-approve").code == 0  # the record is back
    name = managed_apex(org)[0]
    cls = org_components(org)[name]
    write_snapshot(org, [Component(cls.key, cls.attributes, cls.body.replace("{\n", "{\n    // hot fix\n", 1))], [])
    drift = sfspec("drift", str(landscape), "-e", "dev")
    assert drift.code == 2
    assert f"~ ApexClass {cls.name}" in drift.out and "+    // hot fix" not in drift.out  # org → spec diff
    assert "-    // hot fix" in drift.out and "changed in the org outside sfspec" in drift.out
    github = sfspec("drift", str(landscape), "-e", "dev", "--format", "github")
    line = next(x for x in github.out.splitlines() if cls.name in x)
    assert line.startswith("::error file=") and ",line=" in line
    waivers = landscape / "waivers.yaml"
    waivers.write_text(
        f"waivers:\n  - component: {name}\n    reason: vendor hot fix INC-42\n    expires: '2999-01-01'\n"
    )
    assert sfspec("drift", str(landscape), "-e", "dev").code == 0
    waivers.write_text(
        f"waivers:\n  - component: {name}\n    reason: vendor hot fix INC-42\n    expires: '2000-01-01'\n"
    )
    expired = sfspec("drift", str(landscape), "-e", "dev", "--format", "json")
    assert expired.code == 2
    assert json.loads(expired.out)["expired_waivers"][0]["component"] == name
    assert "waivers.yaml:2:5: SFS031" in expired.err
    waivers.write_text("waivers:\n  - component: ApexClass:NoSuchClass\n    reason: typo\n    expires: '2999-01-01'\n")
    stray = sfspec("drift", str(landscape), "-e", "dev")
    assert "waivers.yaml:2:5: SFS032 warning: waiver names ApexClass:NoSuchClass" in stray.err


def test_apply_without_a_terminal_refuses_to_prompt(landscape: Path):
    org = landscape / "orgs" / "dev.json"
    before = org.read_bytes()
    run = sfspec("apply", str(landscape), "-e", "dev", input="yes\n")
    assert run.code == 1 and "without a terminal" in run.err and "--auto-approve" in run.err
    assert org.read_bytes() == before and not (landscape.parent / "out").exists()


def test_check_only_writes_nothing_to_the_org(landscape: Path):
    org = landscape / "orgs" / "dev.json"
    before = org.read_bytes()
    run = sfspec("apply", str(landscape), "-e", "dev", "--auto-approve", "--check-only")
    assert run.code == 0 and "Nothing was applied" in run.out
    assert org.read_bytes() == before
    assert sfspec("plan", str(landscape), "-e", "dev", "--detailed-exitcode").code == 2


def _console(*args: str, cwd: Path) -> subprocess.Popen:
    return subprocess.Popen(
        [sys.executable, "-m", "sfspec", *args],
        cwd=cwd,
        stdout=subprocess.PIPE,
        stderr=subprocess.PIPE,
        text=True,
        env={**os.environ, "NO_COLOR": "1"},
    )


def test_concurrent_applies_to_one_mock_org_are_serialised(landscape: Path):
    org = landscape / "orgs" / "dev.json"
    before = org.read_bytes()
    with FileLock(str(org) + ".lock"):  # another apply is writing: both new ones must wait for the lock
        runs = [
            _console(
                "apply", str(landscape), "-e", "dev", "--auto-approve", "--out-dir", f"out{i}", cwd=landscape.parent
            )
            for i in range(2)
        ]
        try:
            runs[0].wait(timeout=3)
        except subprocess.TimeoutExpired:
            pass
        assert org.read_bytes() == before, "an apply wrote the mock org while another run held its lock"
    results = [(p.wait(timeout=120), *p.communicate()) for p in runs]
    # Both planned against the same org; the first to get the lock applies. The second then finds
    # the org changed under the lock and refuses as stale (or, if it planned after the first
    # finished, has nothing left to do). Never a lost update or a torn file.
    codes = sorted(r[0] for r in results)
    assert codes in ([0, 0], [0, 1]), results
    assert all("plan is stale" in r[2] and "nothing applied" in r[2] for r in results if r[0] == 1), results
    load_snapshot(org)  # still a valid snapshot
    applied = next(i for i, r in enumerate(results) if r[0] == 0)  # its out/ holds the applied middleware
    assert sfspec("plan", str(landscape), "-e", "dev", "--detailed-exitcode", "--out-dir", f"out{applied}").code == 0


def test_secret_values_never_reach_outputs_out_the_plan_or_the_record(landscape: Path, monkeypatch):
    secrets = {"ERP_CLIENT_ID": "s3cr3t-client-id-4711", "SNOWFLAKE_USER": "s3cr3t-snowflake-user-4711"}
    for name, value in secrets.items():
        monkeypatch.setenv(name, value)
    texts = [
        sfspec("plan", str(landscape), "-e", "dev", "--format", fmt, "--out", "p.json")
        for fmt in ("text", "markdown", "json")
    ]
    texts.append(sfspec("apply", str(landscape), "-e", "dev", "--auto-approve"))
    texts.append(sfspec("drift", str(landscape), "-e", "dev", "--format", "github"))
    written = [p.read_text(errors="replace") for p in landscape.parent.rglob("*") if p.is_file()]
    for value in secrets.values():
        assert not any(value in r.out or value in r.err for r in texts)
        assert not any(value in text for text in written)


def _apply_on_a_terminal(landscape: Path, answer: str) -> tuple[int, str]:
    """Run `sfspec apply` as a real process whose stdin is a pseudo-terminal, and answer the prompt."""
    import pty

    primary, secondary = pty.openpty()
    proc = subprocess.Popen(
        [sys.executable, "-m", "sfspec", "apply", str(landscape), "-e", "dev"],
        cwd=landscape.parent,
        stdin=secondary,
        stdout=subprocess.PIPE,
        stderr=subprocess.PIPE,
        text=True,
        env={**os.environ, "NO_COLOR": "1"},
    )
    os.close(secondary)
    os.write(primary, answer.encode() + b"\n")
    out, err = proc.communicate(timeout=120)
    os.close(primary)
    return proc.returncode, out + err


def test_interactive_apply_asks_and_only_yes_applies(landscape: Path):
    org = landscape / "orgs" / "dev.json"
    before = org.read_bytes()
    code, text = _apply_on_a_terminal(landscape, "y")
    assert code == 1 and "Only 'yes' will be accepted" in text and "Apply cancelled." in text
    assert org.read_bytes() == before
    code, text = _apply_on_a_terminal(landscape, "yes")
    assert code == 0 and "Apply complete!" in text, text
    assert org.read_bytes() != before


def test_real_plan_json_and_saved_plan_match_the_schema(landscape: Path):
    from jsonschema import Draft202012Validator

    from sfspec.resources import schema_path

    validator = Draft202012Validator(json.loads(schema_path("plan.schema.json").read_text()))
    shown = sfspec("plan", str(landscape), "-e", "dev", "--format", "json", "--out", "saved.json")
    data = json.loads(shown.out)
    assert list(validator.iter_errors(data)) == []
    assert data == json.loads(Path("saved.json").read_text())
    assert data["summary"]["create"] == len([c for c in data["changes"] if c["action"] == "create"]) > 0
    assert all(c["source"] for c in data["changes"] if c["action"] != "delete")  # every change names its spec line
    order = [c["type"] for c in data["changes"]]
    from sfspec.state import TYPE_ORDER

    assert order == sorted(order, key=TYPE_ORDER.index)  # dependency order


def test_exit_codes_of_plan_apply_and_drift_on_errors(landscape: Path):
    org = landscape / "orgs" / "dev.json"
    before = org.read_bytes()
    unknown_env = sfspec("plan", str(landscape), "-e", "nope", "--detailed-exitcode")
    assert unknown_env.code == 1 and "SFS017 unknown environment 'nope'" in unknown_env.err
    no_org = sfspec("drift", str(landscape))
    assert no_org.code == 1 and "SFS030" in no_org.err
    missing_org = sfspec("plan", str(landscape), "--org", "mock:nowhere.json")
    assert missing_org.code == 1 and "nowhere.json" in missing_org.err and "Traceback" not in missing_org.err
    assert sfspec("apply", str(landscape), "-e", "dev", "--bogus").code == 64  # usage: never 2
    assert sfspec("plan", str(landscape), "-e", "dev", "--format", "yaml").code == 64
    bad_plan = Path("bad.plan.json")
    bad_plan.write_text('{"format_version": 1}')
    refused = sfspec("apply", str(bad_plan))
    assert refused.code == 1 and "not a valid sfspec plan" in refused.err
    assert sfspec("apply", str(bad_plan), "-e", "dev").code == 64  # a saved plan names its environment
    (landscape / "flows.yaml").write_text(
        (landscape / "flows.yaml").read_text().replace("source: crm", "source: ghost", 1)
    )
    broken = sfspec("apply", str(landscape), "-e", "dev", "--auto-approve")
    assert broken.code == 1 and "flows.yaml:" in broken.err and "SFS101" in broken.err
    assert org.read_bytes() == before and not Path("out").exists()
