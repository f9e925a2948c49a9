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
    from rich.table import Table

    from wfkpi.app.councils import councils as load_councils
    from wfkpi.core.errors import UsageError

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
        entry = loaded.councils[name]
        table = Table(title=f"{entry.name} ({name}): {entry.document}", title_justify="left",
                      show_edge=False)
        for column in ("Target", "KPI", "Goal", "Due", "Source"):
            table.add_column(column, overflow="fold")
        for target in entry.targets:
            kpi = f"{target.kpi} ({target.method}{', ' + target.scope if target.scope else ''})" \
                if target.measurable else f"not measured: {target.reason}"
            table.add_row(target.id, kpi, target.describe(),
                          target.due.isoformat() if target.due else "-",
                          f"{target.source.section}: “{target.source.quote}”")
        out.print(table)
        out.print()


def councils(targets_file: Path | None = common.TARGETS_FILE) -> None:
    """List the councils whose targets are configured, with how many each can be measured."""
    from rich.table import Table

    from wfkpi.app.councils import councils as load_councils

    loaded = load_councils(targets_file)
    table = Table(show_edge=False)
    for column in ("Id", "Council", "Strategy", "Targets", "Measurable", "DfE area"):
        table.add_column(column, overflow="fold")
    for name, entry in loaded.councils.items():
        table.add_row(name, entry.name, entry.strategy_period.text, str(len(entry.targets)),
                      str(sum(t.measurable for t in entry.targets)), entry.dfe_area or "-")
    common.console().print(table)
