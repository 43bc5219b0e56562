from __future__ import annotations

import click

from sfspec.errors import ExitCode

SCHEMAS = {
    "spec": "sfspec.schema.json",
    "plan": "plan.schema.json",
    "mock-org": "mock-org.schema.json",
    "dictionary": "dictionary.schema.json",
}


@click.command()
@click.argument("name", required=False, default="spec", type=click.Choice(sorted(SCHEMAS)))
def schema(name: str) -> int:
    """Print a JSON Schema: the spec language (default), a saved plan, a mock org, the data dictionary.

    The spec schema gives completion and hover docs in editors. VS Code's YAML extension reads it
    from the `# yaml-language-server: $schema=PATH` first line of a spec file, or from the
    `yaml.schemas` setting; write it next to your specs once (it ships inside sfspec):

    \b
    Example:
      sfspec schema > sfspec.schema.json
      sfspec schema plan > plan.schema.json
    """
    from sfspec.resources import schema_path

    click.echo(schema_path(SCHEMAS[name]).read_text(encoding="utf-8"), nl=False)
    return ExitCode.OK
