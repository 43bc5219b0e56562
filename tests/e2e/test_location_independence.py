"""A plan depends on what the spec says, not on where it lives or on which line says it (issue 14):
generated files carry names, the plan carries spec locations."""

from __future__ import annotations

import json
import shutil
import subprocess
from pathlib import Path

from cli_run import sfspec


def _tree(root: Path) -> dict[str, bytes]:
    return {str(p.relative_to(root)): p.read_bytes() for p in sorted(root.rglob("*")) if p.is_file()}


def test_the_same_spec_in_another_folder_builds_the_same_bytes(landscape: Path, tmp_path: Path):
    elsewhere = tmp_path / "deeper" / "specs-prod"
    shutil.copytree(landscape, elsewhere)
    assert sfspec("build", str(landscape), "-e", "dev", "--out", "a").code == 0
    assert sfspec("build", str(elsewhere), "-e", "dev", "--out", "b").code == 0
    assert _tree(tmp_path / "a") == _tree(tmp_path / "b")


def test_deleting_an_unrelated_line_plans_no_change_but_moves_the_trace(landscape: Path):
    assert sfspec("apply", str(landscape), "-e", "dev", "--auto-approve").code == 0
    before = json.loads(sfspec("plan", str(landscape), "-e", "dev", "--format", "json").out)
    objects = landscape / "objects.yaml"
    lines = objects.read_text().splitlines(keepends=True)
    assert lines[1].startswith("# Business objects")
    objects.write_text("".join(lines[:1] + lines[2:]))
    again = sfspec("plan", str(landscape), "-e", "dev", "--detailed-exitcode")
    assert again.code == 0, again.out + again.err
    assert "No changes." in again.out
    after = json.loads(sfspec("plan", str(landscape), "-e", "dev", "--format", "json").out)
    # the plan still traces every component to its (new) spec line
    status = "CustomField:Invoice__c.Status__c"
    old = next(c for c in before["changes"] if c["address"] == status)["source"]["line"]
    new = next(c for c in after["changes"] if c["address"] == status)["source"]["line"]
    assert new == old - 1
    assert objects.read_text().splitlines()[new - 1].strip().startswith("Status__c:")
    # and out/'s source map leads from the generated file to that line
    sources = json.loads((landscape.parent / "out" / "sfspec-sources.json").read_text())["files"]
    assert sources["force-app/main/default/objects/Invoice__c/fields/Status__c.field-meta.xml"] == (
        f"objects.yaml:{old}:7"  # as of the last apply; the generated file itself is unchanged
    )


def test_a_copy_of_the_spec_in_another_folder_plans_no_change(landscape: Path, tmp_path: Path):
    assert sfspec("apply", str(landscape), "-e", "dev", "--auto-approve").code == 0
    copy = tmp_path / "specs-prod"
    shutil.copytree(landscape, copy)  # with its orgs/dev.json, as applied
    again = sfspec("plan", str(copy), "-e", "dev", "--detailed-exitcode")
    assert again.code == 0, again.out + again.err
    assert "No changes." in again.out


def test_a_saved_plan_applied_from_another_directory_converges(landscape: Path, tmp_path: Path, monkeypatch):
    saved = sfspec("plan", str(landscape), "-e", "dev", "--out", "plans/dev.plan.json")
    assert saved.code == 0, saved.err
    data = json.loads((tmp_path / "plans" / "dev.plan.json").read_text())
    # every path in the file is relative to the file's folder
    assert (data["spec"]["path"], data["org"], data["out"]) == ("../spec", "mock:../spec/orgs/dev.json", "../out")
    assert {c["source"]["path"] for c in data["changes"] if c["source"]} <= {
        "../spec/flows.yaml",
        "../spec/objects.yaml",
        "../spec/landscape.yaml",
    }
    elsewhere = tmp_path / "somewhere" / "else"
    elsewhere.mkdir(parents=True)
    monkeypatch.chdir(elsewhere)
    applied = sfspec("apply", "../../plans/dev.plan.json")
    assert applied.code == 0, applied.err
    assert not (elsewhere / "out").exists()  # it wrote the plan's out/, not one here
    monkeypatch.chdir(tmp_path)
    again = sfspec("plan", str(landscape), "-e", "dev", "--detailed-exitcode")
    assert again.code == 0, again.out + again.err
    record = json.loads((tmp_path / ".sfspec" / "applied-dev.json").read_text())
    assert record["org"] == "mock:../spec/orgs/dev.json"  # stored like the saved plan's: relative to its file


def test_plan_apply_plan_with_a_saved_plan_converges_from_any_directory(landscape: Path, tmp_path: Path, monkeypatch):
    inside = landscape / "work"  # a working directory below the spec, another above it
    inside.mkdir()
    for cwd, spec in ((inside, ".."), (tmp_path.parent, f"{tmp_path.name}/spec")):
        monkeypatch.chdir(cwd)
        assert sfspec("plan", spec, "-e", "dev", "--out", "p.json").code == 0
        applied = sfspec("apply", "p.json")
        assert applied.code == 0, applied.err
        again = sfspec("plan", spec, "-e", "dev", "--detailed-exitcode")
        assert again.code == 0, (cwd, again.out, again.err)


def test_a_fresh_clone_plans_clean_after_apply(landscape: Path, tmp_path: Path, monkeypatch):
    """A team commits the spec, the mock org and out/ (not .sfspec/); CI's fresh clone then plans
    clean: the middleware's actual state is the committed out/middleware/."""

    def git(*args: str, cwd: Path) -> None:
        subprocess.run(["git", *args], cwd=cwd, check=True, capture_output=True)

    repo = tmp_path
    (repo / ".gitignore").write_text(".sfspec/\n")
    assert sfspec("apply", str(landscape), "-e", "dev", "--auto-approve").code == 0
    git("init", "-q", "-b", "main", cwd=repo)
    git("add", "-A", cwd=repo)
    git("-c", "user.name=ci", "-c", "user.email=ci@example.invalid", "commit", "-qm", "applied", cwd=repo)
    clone = tmp_path.parent / f"{tmp_path.name}-clone"
    git("clone", "-q", str(repo), str(clone), cwd=tmp_path.parent)
    assert not (clone / ".sfspec").exists() and (clone / "out" / "middleware").is_dir()
    monkeypatch.chdir(clone)
    again = sfspec("plan", "spec", "-e", "dev", "--detailed-exitcode")
    assert again.code == 0, again.out + again.err
    (clone / "spec" / "flows.yaml").write_text(
        (clone / "spec" / "flows.yaml").read_text().replace("0 2 * * *", "0 3 * * *")
    )
    changed = sfspec("plan", "spec", "-e", "dev", "--detailed-exitcode")
    assert changed.code == 2 and "~ MiddlewareFile middleware/meltano/meltano.yml" in changed.out, changed.out


def test_a_spec_folder_with_its_build_ci_config_and_hooks_still_validates(landscape: Path, monkeypatch):
    """Run from inside the spec folder, with no argument: its out/, .github/ workflows, a
    pre-commit config and a compose file beside the spec are no part of it."""
    monkeypatch.chdir(landscape)
    (landscape / ".github" / "workflows").mkdir(parents=True)
    (landscape / ".github" / "workflows" / "ci.yml").write_text("on: push\njobs: {}\n")
    (landscape / ".pre-commit-config.yaml").write_text("repos: []\n")
    (landscape / "compose.yaml").write_text("services:\n  db: {image: postgres}\n")
    assert sfspec("validate").code == 0
    assert sfspec("build", ".", "-e", "dev").code == 0 and (landscape / "out" / "middleware").is_dir()
    assert sfspec("build", ".", "-e", "dev", "--out", "build/x").code == 0  # any folder sfspec wrote
    valid = sfspec("validate", ".")
    assert valid.code == 0, valid.out + valid.err


def test_sfspecignore_excludes_and_re_includes_with_gitignore_patterns(landscape: Path, monkeypatch):
    monkeypatch.chdir(landscape)
    systems = len(json.loads(sfspec("docs", ".", "--format", "json").out)["systems"])
    (landscape / "drafts").mkdir()
    (landscape / "drafts" / "wip.yaml").write_text("flows:\n  half-done: {source: nowhere}\n")
    (landscape / ".shared").mkdir()
    (landscape / ".shared" / "bi.yaml").write_text("systems:\n  bi2: {kind: bi}\n")
    assert sfspec("validate", ".").code == 1  # the draft is read, .shared/ is not
    (landscape / ".sfspecignore").write_text("drafts/\n!.shared/\n")
    assert sfspec("validate", ".").code == 0
    docs = json.loads(sfspec("docs", ".", "--format", "json").out)
    assert len(docs["systems"]) == systems + 1 and "bi2" in json.dumps(docs["systems"])
