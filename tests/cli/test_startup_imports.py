"""What `sfspec validate` and `sfspec --help` import, as real processes.

Start-up time itself is measured in bench/startup.py; this checks the import graph that keeps it
down: each command's module, the use cases it does not run, ruamel (only for what writes YAML
back), jsonschema (only for an invalid spec), pydantic (only to word a value the model refuses)
and the state model stay out of a `validate`."""

from __future__ import annotations

import json
import os
import subprocess
import sys
from pathlib import Path

from sfspec.resources import specs_dir

NOT_FOR_VALIDATE = (
    "ruamel.yaml",
    "jsonschema",
    "pydantic",
    "pydantic_core",
    "sfspec.model.language",
    "pathspec",  # the landscape folder has no ignore file of its own
    "logging",
    "sfspec.state",
    "sfspec.api.adopt",
    "sfspec.api.build",
    "sfspec.api.changes",
    "sfspec.api.landscape",
    "sfspec.api.org",
    "sfspec.fmt",
    "sfspec.generate",
    "sfspec.plan",
    "sfspec.org",
    "sfspec.cli.plan_cmd",
    "sfspec.cli.adopt_cmd",
    "sfspec.cli.graph_cmd",
    "sfspec.cli.fmt_cmd",
)


def imported(tmp_path: Path, *argv: str) -> set[str]:
    """The modules a fresh process holds after running `sfspec ARGV` (sys.modules: -X importtime
    loses the lines written while sfspec.cli.main masks stderr)."""
    listing = tmp_path / "modules.json"
    code = (
        "import json, sys\n"
        "from sfspec.cli import main\n"
        "code = main(sys.argv[1:])\n"
        f"open({str(listing)!r}, 'w').write(json.dumps(sorted(sys.modules)))\n"
        "sys.exit(code)\n"
    )
    env = {k: v for k, v in os.environ.items() if k != "PYTHONPATH"}
    proc = subprocess.run([sys.executable, "-c", code, *argv], capture_output=True, text=True, env=env, timeout=120)
    assert proc.returncode == 0, proc.stderr[-2000:]
    return set(json.loads(listing.read_text()))


def within(module: str, packages: tuple[str, ...]) -> bool:
    return any(module == p or module.startswith(p + ".") for p in packages)


def test_validate_imports_what_it_runs_and_nothing_else(tmp_path: Path) -> None:
    names = imported(tmp_path, "validate", str(specs_dir() / "landscape"))
    assert {"sfspec.api.check", "sfspec.cli.validate_cmd", "sfspec.model", "sfspec.rules"} <= names
    assert sorted(n for n in names if within(n, NOT_FOR_VALIDATE)) == []


def test_help_lists_every_command_without_the_pipeline(tmp_path: Path) -> None:
    names = imported(tmp_path, "--help")
    assert {"sfspec.cli.validate_cmd", "sfspec.cli.plan_cmd", "sfspec.cli.adopt_cmd"} <= names  # help reads them
    assert sorted(n for n in names if within(n, ("pydantic", "sfspec.model", "sfspec.api", "ruamel.yaml"))) == []
