"""Options shared by several commands, defined once."""

from __future__ import annotations

from pathlib import Path
from typing import Any

import typer

PATH = typer.Argument(
    ..., metavar="PATH", show_default=False,
    help="A folder of extracts (workers.csv, vacancies.csv, absences.csv, or the files a "
    "mapping names) or a single file.")
MAPPING = typer.Option(None, "--mapping", "-m", help="YAML file mapping an HR system's headers "
                       "and labels to the canonical tables (see docs/mappings.md).",
                       show_default=False)
REDACT = typer.Option(False, "--redact", help="Leave cell values out of the issues listed.")


def load(path: Path, mapping: Path | None) -> Any:
    """Read the extract at ``path`` through the optional mapping file."""
    from wfkpi.read import load_extract, load_mapping

    return load_extract(path, load_mapping(mapping) if mapping else None)


def console() -> Any:
    from rich.console import Console

    return Console(highlight=False, soft_wrap=False)
