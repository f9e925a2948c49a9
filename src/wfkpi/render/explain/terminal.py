"""A bridge for a terminal: the rate at both dates and its change, then a table of the parts
that make the change (each with what it moved the numerator and the denominator by), the change
and the rate at the later date; with ``--by``, the groups that moved it most.

The contributions shown add up to the change shown (:func:`wfkpi.render.bridge.largest_remainder`).
The table fits any terminal of 80 columns or more: the figures keep their width and the names
wrap at spaces (:mod:`wfkpi.render.fit`). When there is no bridge, the reason is printed instead
of it, never a zero.
"""

from __future__ import annotations

from collections.abc import Callable
from typing import Any

from rich.cells import cell_len
from rich.table import Table

from wfkpi.core.display import day_text
from wfkpi.render.bridge import (
    Figures,
    amount_text,
    figures,
    groups_heading,
    header_line,
    level_text,
    no_bridge_text,
    points_unit,
    row_name,
    signed,
    value_text,
    valued_text,
)
from wfkpi.render.common import shown, unread_line
from wfkpi.render.explain.text import dates_line, input_line, source_line
from wfkpi.render.fit import fold, id_width

QUIET = {"data", "other", "revision"}  # parts that are no move of the workforce: in italics


def render(data: dict[str, Any], console: Any) -> None:
    """The bridge of ``data`` (``ExplainRun.to_dict()``) drawn on a Rich console, at its width."""
    f = figures(data["bridge"])
    console.print(f"[bold]{shown(header_line(f))}[/]")
    console.print(shown(source_line(data, f)))
    console.print(shown(dates_line(data, f)))
    if not f.split:
        console.print(f"[bold]{shown(no_bridge_text(f))}[/]")
    else:
        console.print(bridge_table(f, console.width))
        if f.caution:
            console.print(f"[yellow]Read with care:[/] {shown(f.caution)}")
        if f.groups:
            console.print(groups_table(f, console.width))
        if (valued := valued_text(f)) is not None:
            console.print(f"[dim]{shown(valued)}[/]")
    console.print(shown(input_line(data)))
    if unread := unread_line(data["data_quality"]["input"]):
        console.print(shown(unread))


def bridge_table(f: Figures, width: int) -> Table:
    """The earlier date, each part, the change, the later date."""
    ends = [(day_text(end.day), [level_text(end.numerator, f.places[0], f.sides[0]),
                                 level_text(end.denominator, f.places[1], f.sides[1]),
                                 value_text(end.shown, f.unit)]) for end in (f.before, f.after)]
    rows = [(row, _figures(row.moved, row.shown, f)) for row in f.parts]
    total = _figures(f.moved, f.change or 0, f, total=True)
    names = [*(row_name(row, f.by) for row, _ in rows), *(day for day, _ in ends)]
    table, fit = _table("Part", names, [*(c for _, c in rows), *(c for _, c in ends), total], f,
                        width)
    table.add_row(fit(ends[0][0], "bold"), *ends[0][1], end_section=True)
    for row, cells in rows:
        table.add_row(fit(row_name(row, f.by), "italic" if row.kind in QUIET else None), *cells)
    table.add_section()
    table.add_row(fit("Change", "bold"), *total[:2], f"[bold]{total[2]}[/]")
    table.add_row(fit(ends[1][0], "bold"), *ends[1][1])
    return table


def groups_table(f: Figures, width: int) -> Table:
    """The groups that moved the rate most (the rest combined), and the change they make."""
    rows = [(row, _figures(row.moved, row.shown, f)) for row in f.groups]
    total = _figures(f.moved, f.change or 0, f, total=True)
    heading = (f.by or "group").replace("_", " ").capitalize()
    table, fit = _table(heading, [row_name(row, f.by) for row, _ in rows],
                        [*(c for _, c in rows), total], f, width)
    table.title = groups_heading(f.by)
    table.title_justify = "left"
    table.title_style = "bold"
    for row, cells in rows:
        quiet = row.kind == "other" or bool(row.combined)
        table.add_row(fit(row_name(row, f.by), "italic" if quiet else None), *cells)
    table.add_section()
    table.add_row(fit("Change", "bold"), *total[:2], f"[bold]{total[2]}[/]")
    return table


def _figures(moved: tuple[int, int] | None, points: int, f: Figures,
             total: bool = False) -> list[str]:
    """What a row moved the numerator and the denominator by, and its contribution (``·`` for
    a side a part did not move; the total says ``0``)."""
    sides = ["", ""] if moved is None else [
        amount_text(m, p, side, zero=total) or "·"
        for m, p, side in zip(moved, f.places, f.sides, strict=True)]
    return [*sides, signed(points)]


def _table(heading: str, names: list[str], figure_rows: list[list[str]], f: Figures,
           width: int) -> tuple[Table, Callable[[str, str | None], str]]:
    """A table with a name column as wide as the figures leave it and three figure columns
    that never wrap, and the function that makes a name's cell: folded at spaces to the
    column's width and escaped (a team named ``[bold]x[/]`` is shown as it is)."""
    headings = ["Numerator", "Denominator", f"Contribution\n({points_unit(f.unit)})"]
    widths = [max(cell_len(text) for text in [*title.split("\n"), *column]) + 3
              for title, column in zip(headings, zip(*figure_rows, strict=True), strict=True)]
    name_width = id_width([heading, *names], width - sum(widths) - 4)
    table = Table(show_edge=False)
    table.add_column(shown(heading), no_wrap=True, width=name_width)
    for title in headings:
        table.add_column(title, justify="right", no_wrap=True)

    def fit(name: str, style: str | None) -> str:
        text = shown(fold(name, name_width))
        return f"[{style}]{text}[/]" if style else text

    return table, fit
