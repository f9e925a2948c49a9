"""A council's peer position for a terminal: a Rich table, one row per KPI, with the council's
published figure, its rank and quartile, and the three medians with how many figures each is
of; then the notes and the neighbours.

It fits a terminal of 80 columns: the KPI id is folded only after an ``_``, and its label is
shown beneath it from 120 columns up."""

from __future__ import annotations

from typing import Any

from rich.table import Table

from wfkpi.core.display import number
from wfkpi.render.common import shown
from wfkpi.render.fit import fold, id_width
from wfkpi.render.peers.text import (
    area_line,
    neighbours_line,
    notes,
    quartile_text,
    rank_text,
    region_name,
    rules_line,
    title,
    value_text,
)

LABELS_FROM = 120  # the terminal width from which a KPI's label is shown under its id


def render(data: dict[str, Any], console: Any) -> None:
    """The table of positions, the notes, the neighbours and the attribution."""
    console.print(f"[bold]{shown(title(data))}[/]")
    console.print(shown(area_line(data)))
    console.print(f"[dim]{shown(rules_line(data))}[/]")
    labels = console.width >= LABELS_FROM
    width = id_width([kpi["kpi"] for kpi in data["kpis"]], console.width // 4)
    table = Table(show_edge=False)
    table.add_column("KPI", no_wrap=True)
    table.add_column(shown(data["council"]["dfe_area"]), justify="right", overflow="fold")
    table.add_column("Rank", justify="right", no_wrap=True)
    table.add_column("Median,\nall", justify="right", no_wrap=True)
    table.add_column(f"Median,\n{shown(region_name(data))}", justify="right", overflow="fold")
    table.add_column("Median,\nneighbours", justify="right", no_wrap=True)
    for kpi in data["kpis"]:
        unit = kpi["unit"]
        name = shown(fold(kpi["kpi"], width))
        if kpi["direction"] != "lower":
            name += "\n[dim]neither better[/]"
        if labels:
            name += f"\n[dim]{shown(kpi['label'])}[/]"
        rank = rank_text(kpi)
        if kpi["quartile"] is not None:
            rank += f"\n[dim]{quartile_text(kpi)} quartile[/]"
        table.add_row(name, shown(value_text(kpi)), rank,
                      *(_median(kpi[key], unit) for key in ("all", "region", "neighbours")))
    console.print(table)
    for line in notes(data):
        console.print(f"[dim]{shown(line)}[/]")
    console.print("Rank 1 is the lowest figure; lower is better for every KPI not marked "
                  "'neither better'. n=a/b: a of the b authorities in the group have a "
                  "published figure.")
    console.print(shown(neighbours_line(data)))
    console.print(f"[dim]{shown(data['attribution'])}[/]")


def _median(group: dict[str, Any] | None, unit: str) -> str:
    """A group's median, and beneath it how many published figures it is of."""
    if group is None:
        return "-"
    figure = "-" if group["median"] is None else number(group["median"], unit)
    return f"{figure}\n[dim]n={group['n']}/{group['size']}[/]"
