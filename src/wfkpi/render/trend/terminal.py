"""A trend for a terminal: a Rich table of its lines, the first and last month with a sparkline
between them and the change on the month before; with a council, each target's goal and its
status month by month."""

from __future__ import annotations

from typing import Any

from rich.table import Table

from wfkpi.core.display import number
from wfkpi.render.common import STATUS_STYLE, shown
from wfkpi.render.trend.text import (
    change,
    change_heading,
    input_line,
    lines,
    month_text,
    months,
    period_line,
    sparkline,
    status_strip,
    title_line,
)


def render(data: dict[str, Any], console: Any) -> None:
    """The lines for a terminal: first and last month, a sparkline between them, the change on
    the month before; with a council, the goal and each month's status."""
    days = months(data)
    console.print(f"[bold]{shown(title_line(data))}[/]")
    console.print(shown(period_line(data)))
    table = Table(show_edge=False)
    council = data["council"] is not None
    drawn = lines(data)
    table.add_column("Target and KPI" if council else "KPI", overflow="fold",
                     no_wrap=not council, min_width=max((len(line.key) for line in drawn),
                                                        default=0))
    for heading in (month_text(days[0]), "Trend", month_text(days[-1]),
                    change_heading(days).replace(" on ", " on\n")):
        table.add_column(heading, justify="left" if heading == "Trend" else "right",
                         no_wrap=True)
    if council:
        table.add_column("Goal", overflow="fold", max_width=20)
        table.add_column("Status by\nmonth", no_wrap=True, min_width=len(days))
    for line in drawn:
        cells = [number(line.values[0], line.unit), sparkline(line.values),
                 number(line.values[-1], line.unit), change(line)]
        if not council:
            table.add_row(line.kpi, *cells)
            continue
        assert line.statuses is not None
        last = line.statuses[-1]
        status = status_strip(line.statuses) + (
            f"\n[{STATUS_STYLE[last]}]{last}[/]" if last else "")
        goal = shown(line.goal) + (f"\n[dim]{shown(line.note)}[/]" if line.note else "")
        table.add_row(f"{shown(line.key)}\n[dim]{shown(line.kpi_text)}[/]", *cells, goal, status)
    console.print(table)
    console.print(shown(input_line(data)))
