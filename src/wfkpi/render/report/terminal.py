"""The KPI report for a terminal: every KPI with its figures and why it has none, then (with
``--by``) the headline KPIs group by group.

The table fits the console's width (``COLUMNS``, the terminal's, or 80 in a pipe) and keeps its
key columns at any width down to 80: the KPI, its value, and what was set aside or why there is
no value. Prose wraps at spaces; an id is never cut mid-word, only folded after a ``_`` (or a
reason after a ``-``) when its column is narrower than it. When the numerator and the denominator
do not fit beside the value, they go under it.
"""

from __future__ import annotations

from dataclasses import dataclass
from typing import Any

from rich.cells import cell_len
from rich.table import Table
from rich.text import Text

from wfkpi.core.display import visible
from wfkpi.engine.results import SMALL_GROUP
from wfkpi.render.common import count, unread_line
from wfkpi.render.fit import fold, pieces
from wfkpi.render.report.text import (
    NO_DATA,
    as_at_line,
    by_text,
    group_name,
    heading,
    kpis,
    params_text,
    part_text,
    rows_text,
    set_aside_text,
    value_text,
    why_text,
)

WHY = "Set aside, or why no value"
MIN_WHY = 30  # the last column is never squeezed narrower than this while a wider one can fit
MISSING = NO_DATA  # never 0, and never a bare "-": the last column says why


def render(data: dict[str, Any], console: Any) -> None:
    """The KPIs of ``data`` (``ReportRun.to_dict()``) drawn on a Rich console, at its width."""
    report = data["report"]
    width = console.width
    console.print(_prose(heading(data), width, style="bold"))
    console.print(_prose(as_at_line(data), width))
    if report["params"]:
        console.print(_prose(f"Parameters: {params_text(report)} (set with --param NAME=VALUE)",
                             width))
    console.print(kpi_table(report, width))
    if report["groups"]:
        for table in group_tables(report, width):
            console.print(table)
        missing = _missing_in_groups(report)
        if missing:
            console.print(_prose("Why a group has no value, or a flagged one (⚠):", width,
                                 style="bold"))
            for line in missing:
                console.print(_prose(line, width, indent="  "))
    quality = report["data_quality"]["input"]
    set_aside = sum(t["set_aside"] for t in quality["tables"])
    console.print(_prose(f"Input {quality['verdict']}: {count(quality['errors'], 'error')}, "
                         f"{count(quality['warnings'], 'warning')}; "
                         f"{count(set_aside, 'row')} set aside"
                         + ("; `wfkpi validate` lists them" if quality["errors"]
                            or quality["warnings"] else ""), width))
    unread = unread_line(quality)
    if unread:
        console.print(_prose(unread, width))


# --------------------------------------------------------------------------- the KPI table

@dataclass(frozen=True)
class _Column:
    heading: str
    cells: list[str]  # one text per KPI (lines may be separated by "\n")
    right: bool = True
    style: str | None = None


def _width(texts: list[str]) -> int:
    return max((cell_len(line) for text in texts for line in text.split("\n")), default=0)


def _header_width(heading: str) -> int:
    """A heading wraps at its spaces: its longest word."""
    return max(cell_len(word) for word in heading.split())


def _overhead(columns: int) -> int:
    """What a table without edges adds to its columns' widths: a space either side of each
    column and a rule between two."""
    return 3 * columns - 1


def kpi_table(report: dict[str, Any], width: int) -> Table:
    """Every KPI: id, value, numerator, denominator, rows used, and what was set aside or why
    there is no value. The widest layout that leaves the last column ``MIN_WHY`` cells is used:
    ids whole, then ids folded at ``_``, then the numerator and denominator under the value."""
    items = kpis(report)
    ids = [visible(kpi) for kpi, _ in items]  # never wrapped at a space: an id has none
    values = [value_text(item, missing=MISSING) for _, item in items]
    numerators = [part_text(item["numerator"], kpi) for kpi, item in items]
    denominators = [part_text(item["denominator"], kpi) for kpi, item in items]
    rows = [rows_text(item["rows_used"]) for _, item in items]
    whys = [visible("\n".join(part for part in (why_text(item, join="\n"),
                                                set_aside_text(item, join="\n")) if part))
            for _, item in items]
    stacked = [value if not numerator and not denominator else
               f"{value}\n{numerator} / {denominator}"
               for value, numerator, denominator in zip(values, numerators, denominators,
                                                        strict=True)]
    layouts = [
        [_Column("Value", values), _Column("Numerator", numerators),
         _Column("Denominator", denominators), _Column("Rows used", rows)],
        [_Column("Value, numerator / denominator", stacked), _Column("Rows used", rows)],
    ]
    natural = _width(ids)
    shortest = max((cell_len(piece) for kpi in ids for piece in pieces(kpi)), default=1)
    need = min(MIN_WHY, max(_width(whys), cell_len(WHY)))
    best: tuple[int, int] | None = None
    choice: tuple[list[_Column], list[int], int, int] | None = None
    # every layout, with whole headings or headings wrapped at their spaces, and every width of
    # the ids that leaves the last column its room: the one that takes the fewest lines
    for rank, (middle, short) in enumerate((m, s) for m in layouts for s in (False, True)):
        widths = [max(_width(c.cells), _header_width(c.heading) if short
                      else cell_len(c.heading)) for c in middle]
        for id_width in range(max(natural, cell_len("KPI")), max(shortest, 3) - 1, -1):
            room = width - _overhead(len(middle) + 2) - id_width - sum(widths)
            if room < need:
                continue
            why_width = min(room, max(_width(whys), cell_len(WHY)))
            columns = [_Column("KPI", ids), *middle, _Column(WHY, whys)]
            score = (_lines(columns, [id_width, *widths, why_width]), rank)
            if best is None or score < best:
                best, choice = score, (middle, widths, id_width, why_width)
    if choice is None:  # narrower than any layout: the last, ids folded as far as they go
        middle = layouts[-1]
        widths = [max(_width(c.cells), _header_width(c.heading)) for c in middle]
        id_width = max(shortest, 3)
        choice = (middle, widths, id_width, max(_header_width(WHY), width - id_width
                                                - _overhead(len(middle) + 2) - sum(widths)))
    middle, widths, id_width, why_width = choice
    columns = [_Column("KPI", ids, right=False), *middle, _Column(WHY, whys, right=False)]
    return _table(columns, [id_width, *widths, why_width])


def _lines(columns: list[_Column], widths: list[int]) -> int:
    """How many lines a table of these columns takes at these widths, its header included."""
    def height(texts: list[str]) -> int:
        return max(sum(len(wrap_lines(line, width)) for line in text.split("\n"))
                   for text, width in zip(texts, widths, strict=True))

    return height([c.heading for c in columns]) + sum(
        height(list(cells)) for cells in zip(*(c.cells for c in columns), strict=True))


def wrap_lines(text: str, width: int) -> list[str]:
    """``text`` on lines of at most ``width`` cells: prose wrapped at its spaces, an id folded
    only after a ``_`` and a reason (``absence-not-directly-employed``) after a ``-``
    (:func:`wfkpi.render.fit.fold`)."""
    return fold(text, max(1, width), breaks="_-").split("\n")


def _table(columns: list[_Column], widths: list[int], bold: tuple[int, ...] = (),
           **options: Any) -> Table:
    """A table of exactly these column widths, each cell wrapped (prose at spaces, ids at ``_``)
    to its column before Rich sees it, so that nothing is cut."""
    table = Table(show_edge=False, **options)
    for column, width in zip(columns, widths, strict=True):
        table.add_column("\n".join(wrap_lines(column.heading, width)), overflow="fold",
                         justify="right" if column.right else "left", width=width)
    for n, cells in enumerate(zip(*(c.cells for c in columns), strict=True)):
        table.add_row(*(Text("\n".join(line for text in cell.split("\n")
                                       for line in wrap_lines(text, width)), style=c.style or "")
                        for cell, width, c in zip(cells, widths, columns, strict=True)),
                      style="bold" if n in bold else None)
    return table


def _prose(text: str, width: int, *, style: str = "", indent: str = "") -> Text:
    lines = wrap_lines(visible(text), width - len(indent))
    return Text("\n".join(indent + line for line in lines), style=style)


# --------------------------------------------------------------------------- the groups

def headline(report: dict[str, Any]) -> list[tuple[str, dict[str, Any]]]:
    """The KPIs shown group by group in a terminal: the rates and the caseload (every format
    but this one has them all)."""
    return [(kpi, item) for kpi, item in kpis(report)
            if item["unit"] in ("%", "cases per FTE")]


def group_tables(report: dict[str, Any], width: int) -> list[Table]:
    """The headline KPIs of each group, one column per KPI: as many tables as it takes to show
    every column at ``width``, each repeating the group and its people."""
    groups = report["groups"]
    by = groups[0]["by"]
    names = [visible(group_name(g)) + ("" if g["total"] or not g["small"] else
                                       f" (fewer than {SMALL_GROUP})") for g in groups]
    people = [rows_text(g["headcount"]) for g in groups]
    columns = [_Column(item["label"], [value_text(g["kpis"][kpi], missing=MISSING)
                                       for g in groups]) for kpi, item in headline(report)]
    people_column = _Column("People", people)
    fixed = max(_width(people), _header_width("People"))
    kpi_widths = [max(_width(c.cells), _header_width(c.heading), 6) for c in columns]
    longest = max((cell_len(word) for name in names for word in name.split()), default=1)
    natural = max(_width(names), cell_len(by_text(by)))
    # names whole when that takes no more tables than names wrapped at their spaces
    options = [_chunks(group_width, fixed, kpi_widths, width)
               for group_width in (natural, min(natural, max(16, longest)))]
    group_width, chunks = min(zip((natural, min(natural, max(16, longest))), options,
                                  strict=True), key=lambda option: len(option[1]))
    tables = []
    for part, chunk in enumerate(chunks, 1):
        widths = _widen([columns[i].heading for i in chunk], [kpi_widths[i] for i in chunk],
                        width - group_width - fixed - _overhead(len(chunk) + 2))
        title = f"By {by.replace('_', ' ')}" + (f" ({part} of {len(chunks)})"
                                                if len(chunks) > 1 else "")
        table = _table([_Column(by_text(by), names, right=False), people_column,
                        *[columns[i] for i in chunk]],
                       [group_width, fixed, *widths],
                       bold=tuple(n for n, g in enumerate(groups) if g["total"]),
                       title=title, title_justify="left")
        tables.append(table)
    return tables


def _widen(headings: list[str], widths: list[int], room: int) -> list[int]:
    """Column widths grown, a cell at a time, into the ``room`` left, to take the most lines
    off the tallest wrapped heading."""
    widths = list(widths)
    spare = room - sum(widths)
    while spare > 0:
        lines = [len(wrap_lines(h, w)) for h, w in zip(headings, widths, strict=True)]
        tallest = max(lines, default=1)
        if tallest <= 1:
            break
        n = lines.index(tallest)
        widths[n] += 1
        spare -= 1
    return widths


def _chunks(group_width: int, fixed: int, kpi_widths: list[int], width: int) -> list[list[int]]:
    """The KPI columns (by index) of each table, as many to a table as fit in ``width``."""
    chunks: list[list[int]] = [[]]
    for n, kpi_width in enumerate(kpi_widths):
        used = group_width + fixed + sum(kpi_widths[i] for i in chunks[-1]) + kpi_width
        if chunks[-1] and used + _overhead(len(chunks[-1]) + 3) > width:
            chunks.append([])
        chunks[-1].append(n)
    return chunks


def _missing_in_groups(report: dict[str, Any]) -> list[str]:
    """Why a headline KPI has no value in a group (suppressed groups aside), or why its value
    is flagged: one line per KPI and reason, naming the groups, or "every group"."""
    groups = report["groups"]
    lines = []
    for kpi, _ in headline(report):
        reasons: dict[str, list[str]] = {}
        for group in groups:
            item = group["kpis"][kpi]
            if item["value"] is None:
                reasons.setdefault(item["note"] or "no value", []).append(group_name(group))
            for flag in item["flags"]:
                reasons.setdefault(f"⚠ {flag}", []).append(group_name(group))
        for reason, names in reasons.items():
            where = "every group" if len(names) == len(groups) else ", ".join(names)
            lines.append(f"{kpi} ({where}): {reason}")
    return lines
