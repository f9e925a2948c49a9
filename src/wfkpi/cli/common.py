"""Options shared by several commands, defined once."""

from __future__ import annotations

import io
from pathlib import Path
from typing import Any

import typer

from wfkpi.errors import UsageError

PATH = typer.Argument(
    ..., metavar="PATH", show_default=False,
    help="A folder of extracts (workers.csv, vacancies.csv, absences.csv, or the files a "
    "mapping names), a single file, a DfE census XML file or an ASC-WDS folder.")
MAPPING = typer.Option(None, "--mapping", "-m", help="YAML file mapping an HR system's headers "
                       "and labels to the canonical tables (see docs/mappings.md).",
                       show_default=False)
STANDARD_WEEK = typer.Option(
    None, "--standard-week", metavar="HOURS", min=1, max=80, show_default=False,
    help="Full-time weekly hours, to turn ASC-WDS contracted hours into FTE. Default: 37.")
REDACT = typer.Option(False, "--redact", help="Leave cell values out of the issues listed.")


def console() -> Any:
    from rich.console import Console

    return Console(highlight=False, soft_wrap=False)


def date_option(text: str | None, option: str) -> Any:
    """A date given on the command line, read by the same rules as dates in the data."""
    if text is None:
        return None
    from wfkpi.read.values import Bad, parse_date

    value = parse_date(text.strip())
    if isinstance(value, Bad):
        raise UsageError(f"{option} {text!r}: {value.message}")
    return value


def emit(text: str | bytes, output: Path | None) -> None:
    """Text to the terminal, or text or bytes atomically to ``output``."""
    if output is None:
        typer.echo(text, nl=False)
    else:
        from wfkpi.render.output import write_atomic

        write_atomic(output, text)


def emit_table(draw: Any, output: Path | None) -> None:
    """A rich rendering to the terminal, or as plain text to ``output``."""
    if output is None:
        draw(console())
        return
    from rich.console import Console

    capture = Console(record=True, width=120, file=io.StringIO())
    draw(capture)
    emit(capture.export_text(), output)
