"""CLI conventions (issue 14): global options after the subcommand, `-o/--out` for every output
path (old spellings still parse), `fmt --diff` writes nothing, `schema` and `completion`."""

from __future__ import annotations

import json
import shutil
import subprocess
import sys
from pathlib import Path

import click
import pytest
from click.testing import CliRunner
from jsonschema import Draft202012Validator

from sfspec.cli import _accept_global_options, cli, main
from sfspec.resources import schema_path, specs_dir

GOOD = specs_dir() / "examples" / "minimal.yaml"


def _run(*args: str) -> tuple[int, str, str]:
    with CliRunner().isolation() as (out, err, _):
        code = main(list(args))
    return code, out.getvalue().decode(), err.getvalue().decode()


def test_global_options_work_after_the_subcommand_too() -> None:
    @click.command()
    @click.pass_context
    def probe(ctx: click.Context) -> object:
        return ctx.find_root().obj

    _accept_global_options(probe)
    cli.add_command(probe)
    try:
        after = cli.main(["probe", "--no-color", "-vv"], standalone_mode=False)
        before = cli.main(["--no-color", "-v", "probe", "-v"], standalone_mode=False)
        neither = cli.main(["probe"], standalone_mode=False)
    finally:
        del cli.commands["probe"]
    assert (after.no_color, after.verbose) == (True, 2)
    assert (before.no_color, before.verbose) == (True, 2)
    assert (neither.no_color, neither.verbose) == (False, 0)


def _leaves(group: click.Group, prefix: tuple[str, ...] = ()) -> list[tuple[str, ...]]:
    found = []
    ctx = click.Context(group)
    for name in group.list_commands(ctx):  # the top level imports its commands when asked (LazyGroup)
        command = group.get_command(ctx, name)
        assert command is not None, name
        if isinstance(command, click.Group):
            found += _leaves(command, (*prefix, name))
        else:
            found.append((*prefix, name))
    return found


@pytest.mark.parametrize("path", _leaves(cli), ids=" ".join)
def test_every_command_accepts_the_global_options_after_it(path: tuple[str, ...]) -> None:
    command: click.Command = cli
    for name in path:
        found = command.get_command(click.Context(command), name)  # type: ignore[attr-defined]
        assert found is not None
        command = found
    names = {opt for p in command.params for opt in getattr(p, "opts", [])}
    assert {"--no-color", "-v"} <= names, path
    outputs = [
        p for p in command.params if "--output" in getattr(p, "opts", []) or "--out-dir" in getattr(p, "opts", [])
    ]
    for p in outputs:  # an old spelling of an output path is an alias of -o/--out, never its own option
        assert {"-o", "--out"} <= set(p.opts) or p.name == "out_dir", (path, p.opts)


def test_output_paths_are_o_out_and_old_spellings_still_parse(tmp_path: Path) -> None:
    assert _run("build", str(GOOD), "-o", str(tmp_path / "a"))[0] == 0
    assert _run("build", str(GOOD), "--out-dir", str(tmp_path / "b"))[0] == 0  # hidden alias
    assert (tmp_path / "a" / "sfdx-project.json").is_file() and (tmp_path / "b" / "sfdx-project.json").is_file()
    assert _run("graph", str(GOOD), "-o", str(tmp_path / "g.mmd"))[0] == 0
    assert _run("graph", str(GOOD), "--output", str(tmp_path / "h.mmd"))[0] == 0
    assert (tmp_path / "g.mmd").read_text() == (tmp_path / "h.mmd").read_text()
    helptext = _run("graph", "--help")[1]
    assert "-o, --out FILE" in helptext and "--output" not in helptext


def test_fmt_diff_prints_and_writes_nothing(tmp_path: Path) -> None:
    spec = tmp_path / "spec.yaml"
    spec.write_text("sfspec: 1\nsystems:   # all systems\n    crm:\n        kind: salesforce\n")
    before = spec.read_bytes()
    code, out, _ = _run("fmt", "--diff", str(spec))
    assert code == 0 and out.startswith("---") and "+++" in out
    assert spec.read_bytes() == before
    assert _run("fmt", str(spec))[0] == 0 and spec.read_bytes() != before  # without --diff it rewrites


def test_fmt_and_validate_take_many_paths(tmp_path: Path) -> None:
    a, b = tmp_path / "a.yaml", tmp_path / "b.yaml"
    shutil.copy(GOOD, a)
    shutil.copy(specs_dir() / "examples" / "rest-callout.yaml", b)
    code, out, _ = _run("validate", str(a), str(b))
    assert code == 0 and out.count(": valid (") == 2
    assert _run("fmt", "--check", str(a), str(b))[0] == 0


def test_schema_prints_the_spec_schema_with_markdown_descriptions() -> None:
    code, out, _ = _run("schema")
    schema = json.loads(out)
    assert code == 0 and schema == json.loads(schema_path("sfspec.schema.json").read_text())
    Draft202012Validator.check_schema(schema)
    described = []

    def walk(node: object) -> None:
        if isinstance(node, dict):
            if isinstance(node.get("description"), str):
                described.append(node)
            for value in node.values():
                walk(value)
        elif isinstance(node, list):
            for value in node:
                walk(value)

    walk(schema)
    assert described and all(n["markdownDescription"] == n["description"] for n in described)
    assert json.loads(_run("schema", "plan")[1])["title"] == "sfspec plan"


@pytest.mark.parametrize("shell", ["bash", "zsh", "fish"])
def test_completion_scripts_use_the_completion_variable(shell: str) -> None:
    code, out, _ = _run("completion", shell)
    assert code == 0 and "_SFSPEC_COMPLETE" in out


def test_bash_completion_completes_commands_in_a_real_process() -> None:
    env = {"_SFSPEC_COMPLETE": "bash_complete", "COMP_WORDS": "sfspec va", "COMP_CWORD": "1", "PATH": ""}
    done = subprocess.run(
        [sys.executable, "-m", "sfspec"], env=env, capture_output=True, text=True, timeout=60, check=False
    )
    assert "plain,validate" in done.stdout.splitlines(), done.stdout + done.stderr
