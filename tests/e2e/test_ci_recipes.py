"""docs/ci recipes never rot: valid workflow YAML whose every `sfspec` call parses with the real CLI."""

from __future__ import annotations

import shlex
from pathlib import Path

import click
import pytest
from ruamel.yaml import YAML

from sfspec.cli import cli

RECIPES = sorted((Path(__file__).parents[2] / "docs" / "ci").glob("*.yml"))


def invocations(workflow: dict) -> list[list[str]]:
    found = []
    for job in workflow["jobs"].values():
        for step in job["steps"]:
            for line in str(step.get("run", "")).splitlines():
                line = line.split(">", 1)[0].split("||", 1)[0].strip()
                if line.startswith("sfspec "):
                    found.append(shlex.split(line)[1:])
            if step.get("uses") == "./":  # the repository's own action (action.yml) plans with these
                found.append(["plan", step["with"]["spec"], "-e", step["with"]["environment"]])
    return found


@pytest.mark.parametrize("recipe", RECIPES, ids=lambda p: p.name)
def test_recipe_is_a_workflow_whose_sfspec_calls_parse(recipe: Path):
    workflow = YAML(typ="safe").load(recipe.read_text())
    assert workflow["jobs"] and ("on" in workflow or True in workflow)  # YAML 1.1 reads `on` as True
    calls = invocations(workflow)
    assert calls, f"{recipe.name} runs no sfspec command"
    for args in calls:
        assert not parse_error(args), f"{recipe.name}: sfspec {' '.join(args)}: {parse_error(args)}"


def parse_error(args: list[str]) -> str | None:
    split = next(i for i, a in enumerate(args) if not a.startswith("-"))
    ctx = cli.make_context("sfspec", args[: split + 1])
    command = cli.get_command(ctx, args[split])
    if command is None:
        return f"no command {args[split]!r}"
    try:
        command.make_context(args[split], args[split + 1 :], parent=ctx)
    except click.UsageError as exc:
        return exc.format_message()
    return None


def test_the_check_catches_a_bad_flag():
    assert "--bogus" in parse_error(["--no-color", "plan", "specs", "--bogus"])
    assert parse_error(["plna"]) == "no command 'plna'"


def test_recipes_exist():
    assert {p.name for p in RECIPES} >= {"plan-pr-comment.yml", "nightly-drift.yml", "validate-sarif.yml"}
