"""The command-line shell: parse arguments, call sfspec.api, render, return an exit code.

`main()` runs click with standalone_mode=False so that usage errors exit 64 (never 2, which means
"changes present"), internal bugs exit 3 with a "please report" line, and Ctrl-C exits 130.
Command modules import the pipeline lazily so `sfspec --help` starts fast.
"""

from __future__ import annotations

import dataclasses
import gc
import os
import sys
from collections.abc import Iterator, Sequence
from contextlib import contextmanager

import click

from sfspec import __version__
from sfspec.cli import commands
from sfspec.errors import ExitCode, SfspecError


class LazyGroup(click.Group):
    """A group whose commands (sfspec.cli.commands.COMMANDS) are imported when one runs, or when help
    or completion lists them all: `sfspec validate` does not pay for the other fourteen modules."""

    def list_commands(self, ctx: click.Context) -> list[str]:
        return sorted({*self.commands, *commands.COMMANDS})

    def get_command(self, ctx: click.Context, cmd_name: str) -> click.Command | None:
        if cmd_name not in self.commands and cmd_name in commands.COMMANDS:
            command = commands.load(cmd_name)
            _accept_global_options(command)
            self.add_command(command, cmd_name)
        return self.commands.get(cmd_name)

    def resolve_command(
        self, ctx: click.Context, args: list[str]
    ) -> tuple[str | None, click.Command | None, list[str]]:
        if args and args[0] not in self.commands and args[0] not in commands.COMMANDS:
            for name in commands.COMMANDS:  # an unknown name: click suggests the nearest of all of them
                self.get_command(ctx, name)
        return super().resolve_command(ctx, args)


@click.group(cls=LazyGroup, context_settings={"help_option_names": ["-h", "--help"], "max_content_width": 100})
@click.version_option(__version__, prog_name="sfspec")
@click.option("--no-color", is_flag=True, envvar="SFSPEC_NO_COLOR", help="Plain output (NO_COLOR is honoured too).")
@click.option("-v", "--verbose", count=True, help="More detail on stderr (-vv for debug).")
@click.pass_context
def cli(ctx: click.Context, no_color: bool, verbose: int) -> None:
    """sfspec: Terraform for Salesforce integrations.

    Describe systems, objects, owners and flows in one YAML spec; validate it, see the plan
    against an org, and apply it.

    \b
    Example:
      sfspec validate specs/landscape
      sfspec plan specs/landscape -e dev
    """
    if verbose >= 2 or "sfspec.cli.logs" in sys.modules:  # else no handler of ours can exist: logging stays unimported
        from sfspec.cli.logs import configure

        configure(verbose)
    ctx.obj = commands.Settings(no_color=no_color, verbose=verbose)


def _no_color_late(ctx: click.Context, _param: click.Parameter, value: bool) -> None:
    if value:
        root = ctx.find_root()
        root.obj = dataclasses.replace(root.obj or commands.Settings(), no_color=True)


def _verbose_late(ctx: click.Context, _param: click.Parameter, value: int) -> None:
    if value:
        root = ctx.find_root()
        settings = root.obj or commands.Settings()
        root.obj = dataclasses.replace(settings, verbose=settings.verbose + value)


def _accept_global_options(command: click.Command) -> None:
    """`--no-color` and `-v` also after the subcommand (`sfspec plan … --no-color`), as people
    type them; they set the same settings as before it."""
    command.params.append(
        click.Option(["--no-color"], is_flag=True, expose_value=False, callback=_no_color_late, help="Plain output.")
    )
    command.params.append(
        click.Option(["-v", "--verbose"], count=True, expose_value=False, callback=_verbose_late, help="More detail.")
    )
    for sub in getattr(command, "commands", {}).values():
        _accept_global_options(sub)


def _report_internal(exc: BaseException) -> None:
    # The message of an unexpected exception may quote input; print only its type and location.
    tb = exc.__traceback__
    while tb is not None and tb.tb_next is not None:
        tb = tb.tb_next
    where = f" at {tb.tb_frame.f_code.co_filename.rsplit('/', 1)[-1]}:{tb.tb_lineno}" if tb else ""
    click.echo(
        f"sfspec: internal error ({type(exc).__name__}{where}). This is a bug in sfspec {__version__}; "
        "please report it with the command you ran.",
        err=True,
    )


# A command builds hundreds of thousands of objects that live until it ends (the spec, its model,
# the desired state, the org) and frees few cycles: at CPython's default thresholds (700, 10, 10)
# the cycle collector spent a fifth of a 500-object plan scanning them. Young collections 140x
# rarer keep cycles collected; peak memory did not move (bench/scale.py measures with these too).
COLLECTOR_THRESHOLDS = (100_000, 50, 100)


@contextmanager
def fewer_collections() -> Iterator[None]:
    before = gc.get_threshold()
    gc.set_threshold(*COLLECTOR_THRESHOLDS)
    try:
        yield
    finally:
        gc.set_threshold(*before)  # main() also runs inside test processes and other programs


def main(argv: Sequence[str] | None = None) -> int:
    """Run one command with stdout and stderr masked for every secret known now or learnt later
    (sfspec.redact): results, progress, -vv logs, warnings and errors take the same path."""
    from sfspec.redact import KNOWN, RedactingStream

    KNOWN.add_environment(os.environ)
    streams = sys.stdout, sys.stderr
    sys.stdout, sys.stderr = RedactingStream(streams[0]), RedactingStream(streams[1])
    try:
        with fewer_collections():
            return _run(argv)
    finally:
        for wrapped in (sys.stdout, sys.stderr):
            try:
                wrapped.flush()
            except (OSError, ValueError):  # a closed pipe: nothing more can reach it
                pass
        sys.stdout, sys.stderr = streams


def _run(argv: Sequence[str] | None) -> int:
    args = list(argv) if argv is not None else sys.argv[1:]
    try:
        result = cli.main(args=args, prog_name="sfspec", standalone_mode=False)
        return int(result) if isinstance(result, int) else ExitCode.OK
    except click.exceptions.Exit as exc:
        return int(exc.exit_code)
    except (click.exceptions.Abort, KeyboardInterrupt):
        click.echo("sfspec: interrupted", err=True)
        return ExitCode.INTERRUPTED
    except click.UsageError as exc:
        exc.show()
        return ExitCode.USAGE
    except click.ClickException as exc:
        exc.show()
        return ExitCode.ERROR
    except SfspecError as exc:
        # Messages can quote a library or a server: stderr masks any known secret (see main).
        click.echo(f"sfspec: error: {exc}", err=True)
        for line in getattr(exc, "details", []) or []:
            click.echo(f"  {line}", err=True)
        return int(exc.exit_code)
    except BrokenPipeError:
        return ExitCode.ERROR
    except Exception as exc:
        _report_internal(exc)
        return ExitCode.INTERNAL
