from __future__ import annotations

import click

from sfspec.errors import UsageError


@click.command()
@click.argument("code", required=False, metavar="[SFSnnn]")
def rules(code: str | None) -> int:
    """List every code sfspec reports (the semantic rules and the other stages'), or explain one.

    \b
    Example:
      sfspec rules
      sfspec rules SFS105
    """
    from sfspec.codes import CODES
    from sfspec.rules import RULES

    if code is None:
        for key, c in CODES.items():
            what = RULES[key].name if key in RULES else c.stage.value
            click.echo(f"{key}  {c.severity.value:<7}  {what}: {c.summary}")
        return 0
    key = code.upper()
    if key in RULES:
        r = RULES[key]
        click.echo(
            f"{key} {r.name} ({r.severity.value})\n\n{r.doc}\n\nDisable for one run: sfspec validate --disable {key}"
        )
        return 0
    if key in CODES:
        c = CODES[key]
        click.echo(f"{key} ({c.stage.value} {c.severity.value})\n\n{c.summary}")
        return 0
    raise UsageError(f"no code {code!r}; `sfspec rules` lists them")
