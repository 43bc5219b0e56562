from __future__ import annotations

import click

from sfspec.errors import ExitCode

COMPLETE_VAR = "_SFSPEC_COMPLETE"


@click.command()
@click.argument("shell", type=click.Choice(["bash", "zsh", "fish"]))
def completion(shell: str) -> int:
    """Print the shell completion script for SHELL (commands, options, choices, file names).

    \b
    Example:
      eval "$(sfspec completion bash)"                                   # ~/.bashrc
      eval "$(sfspec completion zsh)"                                    # ~/.zshrc
      sfspec completion fish > ~/.config/fish/completions/sfspec.fish
    """
    from click.shell_completion import get_completion_class

    from sfspec.cli import cli

    completer = get_completion_class(shell)
    assert completer is not None  # the Choice above admits only shells click supports
    click.echo(completer(cli, {}, "sfspec", COMPLETE_VAR).source())
    return ExitCode.OK
