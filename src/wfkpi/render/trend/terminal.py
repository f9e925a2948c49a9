"""A trend for a terminal: a Rich table of its lines, the first and last month with a sparkline
between them and the change on the month before; with a council, each target's goal, its status
month by month under the sparkline, and the last month's status with the reason for it.

It fits any terminal of 80 columns or more: the target or KPI id is folded only after an
``_``; when the goal and status would be squeezed, the first month's column is left out (the
sparkline still starts there) and the change is shown under the last month's value."""

from __future__ import annotations

from typing import Any

from rich.cells import cell_len
from rich.table import Table

from wfkpi.core.display import number
from wfkpi.render.common import STATUS_STYLE, shown, unread_line
from wfkpi.render.fit import fold, id_width
from wfkpi.render.trend.text import (
    Line,
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

PROSE = 15  # the least width the goal and the status each keep before the layout is compacted


def render(data: dict[str, Any], console: Any) -> None:
    """The lines for a terminal: first and last month, a sparkline between them, the change on
    the month before; with a council, the goal and each month's status."""
    days = months(data)
    console.print(f"[bold]{shown(title_line(data))}[/]")
    console.print(shown(period_line(data)))
    council = data["council"] is not None
    drawn = lines(data)
    keys = [_key(line, council) for line in drawn]
    first = [number(line.values[0], line.unit) for line in drawn]
    last = [number(line.values[-1], line.unit) for line in drawn]
    changes = [change(line) for line in drawn]
    heading = change_heading(days)
    since = f"on {month_text(days[-2])}" if len(days) > 1 else ""
    trend = max(5, len(days)) + 3  # each width with its padding and rule

    def wide(*texts: str) -> int:
        return max(map(cell_len, texts)) + 3

    full = [wide(month_text(days[0]), *first), trend, wide(month_text(days[-1]), *last),
            wide(*heading.split(" on "), *changes)]
    # the goal and the status keep room for their longest word
    prose = max([PROSE, *(len(word) for line in drawn for text in (line.goal, line.note)
                          for word in (text or "").split())]) if council else 0
    width, compact = _id_width(keys, console.width, prose, full)
    if compact:  # the first month left out, the change under the last month's value
        width, _ = _id_width(keys, console.width, prose,
                             [trend, wide(month_text(days[-1]), *last, *changes, since)])
    table = Table(show_edge=False)
    table.add_column("Target and KPI" if council else "KPI", no_wrap=True)
    if not compact:
        table.add_column(month_text(days[0]), justify="right", no_wrap=True)
    table.add_column("Trend", no_wrap=True)
    if compact:
        table.add_column(month_text(days[-1]) + (f"\n[dim]{since}[/]" if since else ""),
                         justify="right", no_wrap=True)
    else:
        table.add_column(month_text(days[-1]), justify="right", no_wrap=True)
        table.add_column(heading.replace(" on ", " on\n"), justify="right", no_wrap=True)
    if council:
        table.add_column("Goal", overflow="fold")
        table.add_column("Status", overflow="fold")
    for line, start, end, moved in zip(drawn, first, last, changes, strict=True):
        cells = [_key_cell(line, council, width)]
        if not compact:
            cells.append(start)
        cells.append(sparkline(line.values, line.unit) + (
            "\n" + status_strip(line.statuses) if line.statuses is not None else ""))
        if not compact:
            cells += [end, moved]
        else:
            cells.append(f"{end}\n[dim]{moved}[/]" if since else end)
        if council:
            cells += [shown(line.goal), _status(line)]
        table.add_row(*cells)
    console.print(table)
    console.print(shown(input_line(data)))
    # every month reads the same tables: the last month's files say which were left unread
    if data["series"] and (unread := unread_line(data["series"][-1]["data_quality"]["input"])):
        console.print(shown(unread))


def _id_width(keys: list[str], total: int, prose: int,
              fixed: list[int]) -> tuple[int, bool]:
    """The width of the id column beside columns ``fixed`` wide (with a council, up to a
    quarter of the terminal), and whether that would leave the goal or the status narrower than
    ``prose`` (0 without a council; then the layout is compacted)."""
    room = total - sum(fixed) - 2
    if not prose:
        width = id_width(keys, room)
        return width, width > room
    wanted = id_width(keys, total // 4)
    room -= 2 * (prose + 3)
    return id_width(keys, max(0, min(wanted, room))), room < wanted


def _key(line: Line, council: bool) -> str:
    return f"{line.key}\n{line.kpi_text}" if council else line.key


def _key_cell(line: Line, council: bool, width: int) -> str:
    """The target id, with its KPI dimmed beneath it; or the KPI id; folded to ``width``."""
    if not council:
        return shown(fold(line.key, width))
    return f"{shown(fold(line.key, width))}\n[dim]{shown(fold(line.kpi_text, width))}[/]"


def _status(line: Line) -> str:
    """The last month's status in words, with why (no data, or a figure not to be trusted)."""
    assert line.statuses is not None
    last = line.statuses[-1]
    text = f"[{STATUS_STYLE[last]}]{last}[/]" if last else "-"
    return text + (f"\n[dim]{shown(line.note)}[/]" if line.note else "")
