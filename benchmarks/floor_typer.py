"""The start-up floor of a command line built as wfkpi's is: a Typer app with two commands, the
one run taking one option, that does nothing else.

Usage: python benchmarks/floor_typer.py run
Typer (0.20 and later) checks every option's value with a pydantic ``TypeAdapter`` built as the
command runs, so any command with an option imports pydantic and builds its validators before
the command's own code starts; ``--help`` does not. The light commands (``wfkpi councils``,
``wfkpi targets``) cannot start faster than this.
"""

from __future__ import annotations

from pathlib import Path

import typer

app = typer.Typer(pretty_exceptions_enable=False, rich_markup_mode=None)


@app.command()
def run(file: Path | None = typer.Option(None, "--file", help="A file.")) -> None:
    """Print the file named, if any."""
    typer.echo(str(file))


@app.command()
def other() -> None:
    """Nothing: a second command, so that the first is chosen by name as wfkpi's are."""


if __name__ == "__main__":
    app()
