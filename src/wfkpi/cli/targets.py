"""``wfkpi targets`` and ``wfkpi councils``: what the strategies ask, and where they say so."""

from __future__ import annotations

import json
from enum import StrEnum
from pathlib import Path

import typer

from wfkpi.cli import common


class Format(StrEnum):
    table = "table"
    json = "json"


def targets(
    council: str | None = typer.Option(None, "--council", show_default=False,
                                       help="Only this council's targets."),
    format: Format = typer.Option(Format.table, "--format", "-f",
                                  help="table, or json with every field of the file."),
    targets_file: Path | None = common.TARGETS_FILE,
) -> None:
    """List the strategy targets with their KPI, comparison, due date and source quote."""
    from wfkpi.app.councils import councils as load_councils
    from wfkpi.core.errors import UsageError
    from wfkpi.render.targets import print_targets

    loaded = load_councils(targets_file)
    chosen = [council] if council else list(loaded.councils)
    for name in chosen:
        if name not in loaded.councils:
            raise UsageError(f"unknown council '{name}' (configured: "
                             f"{', '.join(loaded.councils)})")
    if format is Format.json:
        data = {name: loaded.councils[name].model_dump(mode="json") for name in chosen}
        typer.echo(json.dumps(data, indent=2, ensure_ascii=False))
        return
    out = common.console()
    for name in chosen:
        print_targets(name, loaded.councils[name], out)
        out.print()


def councils(targets_file: Path | None = common.TARGETS_FILE) -> None:
    """List the councils whose targets are configured, with how many each can be measured."""
    from wfkpi.app.councils import councils as load_councils
    from wfkpi.render.targets import print_councils

    print_councils(load_councils(targets_file), common.console())
