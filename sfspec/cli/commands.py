"""The explicit command registry; each command lives in its own module beside this one.

A command's module is imported when that command runs, or when help or completion lists every
command (sfspec.cli.LazyGroup): `sfspec validate` does not import what plan, apply or adopt need.
"""

from __future__ import annotations

import importlib
from dataclasses import dataclass

import click


@dataclass(frozen=True)
class Settings:
    no_color: bool = False
    verbose: int = 0


# name → (module in sfspec.cli, attribute that holds the command)
COMMANDS: dict[str, tuple[str, str]] = {
    "validate": ("validate_cmd", "validate"),
    "fmt": ("fmt_cmd", "fmt"),
    "build": ("build_cmd", "build"),
    "plan": ("plan_cmd", "plan"),
    "apply": ("apply_cmd", "apply"),
    "drift": ("drift_cmd", "drift"),
    "graph": ("graph_cmd", "graph"),
    "docs": ("docs_cmd", "docs"),
    "rules": ("rules_cmd", "rules"),
    "limits": ("limits_cmd", "limits"),
    "org": ("org_cmd", "org"),
    "import": ("import_cmd", "import_"),
    "adopt": ("adopt_cmd", "adopt"),
    "schema": ("schema_cmd", "schema"),
    "completion": ("completion_cmd", "completion"),
}


def load(name: str) -> click.Command:
    module, attribute = COMMANDS[name]
    command: click.Command = getattr(importlib.import_module(f"sfspec.cli.{module}"), attribute)
    return command


def all_commands() -> list[click.Command]:
    """Every command, each module imported (for tests and tools that need them all)."""
    return [load(name) for name in COMMANDS]
