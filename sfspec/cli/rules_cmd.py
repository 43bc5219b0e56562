from __future__ import annotations

import click

from sfspec.errors import UsageError


@click.command()
@click.argument("code", required=False, metavar="[SFSnnn]")
def rules(code: str | None) -> int:
    """List the semantic rules, or explain one rule in full.

    \b
    Example:
      sfspec rules
      sfspec rules SFS105
    """
    from sfspec.rules import RULES
    from sfspec.rules.docs import STAGE_CODES

    if code is None:
        for key, r in RULES.items():
            click.echo(f"{key}  {r.severity.value:<7}  {r.name}: {r.summary}")
        return 0
    key = code.upper()
    if key in RULES:
        r = RULES[key]
        click.echo(
            f"{key} {r.name} ({r.severity.value})\n\n{r.doc}\n\nDisable for one run: sfspec validate --disable {key}"
        )
        return 0
    if key in STAGE_CODES:
        click.echo(f"{key}: {STAGE_CODES[key]}")
        return 0
    raise UsageError(f"no rule {code!r}; `sfspec rules` lists them")
