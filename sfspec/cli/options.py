"""Options and helpers shared by commands, defined once."""

from __future__ import annotations

import os
from collections.abc import Callable
from pathlib import Path
from typing import Any

import click


def resolve_spec_path(value: str | None) -> Path:
    """The SPEC argument, or the spec in the working directory (sfspec.discover.default_spec)."""
    from sfspec.discover import DEFAULT_SPECS, default_spec, specs_in

    if value:
        return Path(value)
    found = default_spec(Path("."))
    several = [s for name in DEFAULT_SPECS[2:] for s in specs_in(Path(name))] if found is None else []
    if len(several) > 1:
        shown = ", ".join(s.as_posix() for s in several[:5]) + (", …" if len(several) > 5 else "")
        raise click.UsageError(f"no SPEC given and {len(several)} specs here ({shown}); pass the one to use")
    if found is None:
        raise click.UsageError(
            "no SPEC given and none here (sfspec.yaml, spec/, specs/, or YAML files with `sfspec: 1` in this "
            "folder); pass the spec file or folder"
        )
    return found


def resolve_spec_paths(values: tuple[str, ...], specs_only: bool) -> list[Path]:
    """Many SPEC arguments (a hook passes every changed file): each file is mapped to the spec it
    belongs to, once. With `specs_only`, YAML files that belong to no spec are dropped silently."""
    from sfspec.discover import spec_of

    if not values:
        return [resolve_spec_path(None)]
    found: list[Path] = []
    for value in values:
        path = Path(value)
        spec = spec_of(path) if path.exists() else path  # a missing path is reported by the loader
        if spec is None:
            if specs_only:
                continue
            spec = path  # named on purpose: validate it, and say what is wrong with it
        if spec not in found:
            found.append(spec)
    return found


def spec_argument(fn: Callable[..., Any]) -> Callable[..., Any]:
    return click.argument("spec", required=False, metavar="[SPEC]")(fn)


def environment_option(fn: Callable[..., Any]) -> Callable[..., Any]:
    return click.option(
        "-e", "--env", "environment", metavar="ENV", help="Environment of the spec (its org and overrides)."
    )(fn)


def org_option(fn: Callable[..., Any]) -> Callable[..., Any]:
    return click.option(
        "--org",
        "org",
        metavar="ORG",
        help="Org to compare with: mock:PATH, source:DIR, sf:ALIAS or env (default: the environment's org).",
    )(fn)


def format_option(*choices: str, default: str = "text") -> Callable[..., Any]:
    return click.option(
        "--format",
        "output_format",
        type=click.Choice(choices),
        default=default,
        show_default=True,
        help="Output format.",
    )


def use_color(ctx: click.Context) -> bool:
    settings = ctx.find_root().obj
    return not (getattr(settings, "no_color", False) or os.environ.get("NO_COLOR"))


def echo_diagnostics(diags: Any, *, err: bool = True, color: bool = False) -> None:
    for diag in diags.sorted():
        line = diag.format()
        if color:
            style = {"error": "red", "warning": "yellow"}.get(diag.severity.value)
            line = click.style(line, fg=style) if style else line
        click.echo(line, err=err)


def specs_argument(fn: Callable[..., Any]) -> Callable[..., Any]:
    return click.argument("specs", nargs=-1, metavar="[SPEC]...")(fn)


def specs_only_option(fn: Callable[..., Any]) -> Callable[..., Any]:
    return click.option(
        "--specs-only",
        is_flag=True,
        help="Skip given YAML files that are no part of a spec (for pre-commit, which passes every changed file).",
    )(fn)


class AliasedOption(click.Option):
    """An option whose old spellings still parse but are left out of --help: output paths are
    `-o/--out` everywhere now, and scripts written against `--output` or `--out-dir` keep working."""

    def __init__(self, param_decls: list[str], *, hidden_aliases: tuple[str, ...] = (), **attrs: Any) -> None:
        super().__init__([*param_decls, *hidden_aliases], **attrs)
        self.hidden_aliases = hidden_aliases

    def get_help_record(self, ctx: click.Context) -> tuple[str, str] | None:
        every = self.opts
        self.opts = [o for o in every if o not in self.hidden_aliases]
        try:
            return super().get_help_record(ctx)
        finally:
            self.opts = every


def out_option(dest: str, *, hidden_aliases: tuple[str, ...] = (), **attrs: Any) -> Callable[..., Any]:
    """`-o/--out`: where a command writes its result (a file or a folder)."""
    return click.option("-o", "--out", dest, cls=AliasedOption, hidden_aliases=hidden_aliases, **attrs)
