"""The scorecard as an Excel workbook, byte-identical for the same scorecard.

Sheets: **Summary** (a title block, one row per target with what a director reads: value, goal,
status and why, then a native bar chart per unit of each target's value against its goal),
**Details** (the technical columns: KPI, method, scope, unit, numerator, denominator, rows set
aside, note and source), **Benchmarks** (one row per target and benchmark), **Peers** (for a
council with DfE's published figures: each target's rank, quartile and medians among England's
local authorities in one published year, docs/peers.md), **Groups** (one row
per group of each target judged group by group), **Definitions**, **Data quality** and **Chart
data** (the cells the charts draw).
A figure in % is stored as a true percentage (0.367, shown 36.7%); a missing figure is an empty
cell, never 0. Every sheet prints on A4 landscape, one page wide, its header on every page.
Text is always stored as text, never as a formula, whatever it starts with.
"""

from __future__ import annotations

import datetime as dt
import math
from typing import Any

from openpyxl import Workbook
from openpyxl.chart import BarChart, Reference, Series
from openpyxl.chart.data_source import AxDataSource, StrRef
from openpyxl.chart.label import DataLabelList
from openpyxl.styles import Alignment, PatternFill
from openpyxl.utils import get_column_letter
from openpyxl.worksheet.pagebreak import Break

from wfkpi.render.common import COLOURS, unread_line
from wfkpi.render.scorecard.text import (
    as_at_line,
    judged_by_group,
    measured,
    peer_note,
    peer_rows,
    scope_text,
    set_aside_rows,
    strategy_line,
    verdict_line,
)
from wfkpi.render.workbook import (
    PERCENT_AXIS,
    WHOLE,
    cell_font,
    chart_title,
    fit_height,
    goal_figure,
    header_cell,
    part_format,
    print_setup,
    put,
    range_bounds,
    save,
    stored,
    value_format,
    write_header,
)

DATE = "d mmm yyyy"
TITLE_ROWS = 5  # title, as-at, strategy, status counts, attribution; the header row follows
HEADER = TITLE_ROWS + 1

# (heading, width, wrapped): what a director reads first, on one printed page's width
SUMMARY = (("Target", 32, True), ("Value", 10, False), ("Last year", 10, False),
           ("Goal", 26, True), ("Due", 12, False), ("Status", 13, False), ("Why", 56, True))
STATUS_COLUMN = 6
# the technical columns, in the Summary's order of targets
DETAILS = (("Target", 26, True), ("KPI", 22, True), ("Method", 8, False), ("Scope", 20, True),
           ("Unit", 10, True), ("Value", 9, False), ("Numerator", 11, False),
           ("Denominator", 12, False), ("Rows set aside", 9, False),
           ("Note and source", 40, True))

VALUE_COLOUR = "1F3864"  # the header blue
GOAL_COLOUR = "A6A6A6"
CHART_WIDTH = 26.0  # cm: the Summary table's printed width
CHART_BASE, CHART_PER_TARGET, CHART_MOST = 3.5, 1.0, 16.5  # cm: a chart's height
ROW_CM = 0.53  # a default row's height
TITLE_SIZE = 1200  # hundredths of a point
NO_DATA = "no data"




def render(card: dict[str, Any]) -> bytes:
    """An Excel workbook: Summary, Details, Benchmarks, Groups, Definitions, Data quality and
    Chart data sheets."""
    book = Workbook()
    summary = book.active
    _details_sheet(book.create_sheet("Details"), card)
    _benchmarks_sheet(book.create_sheet("Benchmarks"), card)
    if peer_rows(card):
        _peers_sheet(book.create_sheet("Peers"), card)
    _groups_sheet(book.create_sheet("Groups"), card)
    _definitions_sheet(book.create_sheet("Definitions"), card)
    _quality_sheet(book.create_sheet("Data quality"), card)
    charts = _chart_data_sheet(book.create_sheet("Chart data"), card)
    _summary_sheet(summary, card, charts)
    return save(book, f"Scorecard: {card['council']['name']}",
                dt.datetime.fromisoformat(card["as_at"]))


# --------------------------------------------------------------------------- cells

def _table_end(sheet: Any, header_row: int, columns: int, last_row: int) -> None:
    sheet.freeze_panes = sheet.cell(row=header_row + 1, column=1)
    if last_row > header_row:
        sheet.auto_filter.ref = f"A{header_row}:{get_column_letter(columns)}{last_row}"


def _table_header(sheet: Any, row: int, columns: tuple[tuple[str, int, bool], ...]) -> None:
    write_header(sheet, row, [c[0] for c in columns], [c[1] for c in columns])
    fit_height(sheet, row, [(c[0], c[1]) for c in columns])


def _write_row(sheet: Any, n: int, columns: tuple[tuple[str, int, bool], ...],
               values: list[tuple[Any, str | None]]) -> None:
    """One table row, its wrapped cells' text setting its height."""
    wrapped = []
    for column, ((value, fmt), (_, width, wrap)) in enumerate(zip(values, columns, strict=True),
                                                              1):
        put(sheet, n, column, value, fmt, wrap)
        if wrap and isinstance(value, str):
            wrapped.append((value, width))
    fit_height(sheet, n, wrapped)


def _status_cell(cell: Any, status: str) -> None:
    fill, text = COLOURS[status]
    cell.fill = PatternFill("solid", fgColor=fill)
    cell.font = cell_font(bold=True, color=text)
    cell.alignment = Alignment(vertical="top", horizontal="center", wrap_text=True)


def _title_block(sheet: Any, card: dict[str, Any], width: int, columns: int) -> None:
    """Rows 1 to 5, each across the table's width, wrapped and tall enough for its text."""
    counts = "   ".join(f"{status}: {n}" for status, n in card["summary"].items())
    lines = [(f"{card['council']['name']}: workforce scorecard", cell_font(bold=True, size=14)),
             (as_at_line(card), None), (strategy_line(card), None),
             (f"Targets by status   {counts}", cell_font(bold=True)),
             (card.get("attribution") or "", cell_font(italic=True, color="404040"))]
    for n, (text, font) in enumerate(lines, 1):
        cell = put(sheet, n, 1, text, wrap=True)
        if font is not None:
            cell.font = font
        sheet.merge_cells(start_row=n, start_column=1, end_row=n, end_column=columns)
        fit_height(sheet, n, [(text, width)], size=14 if n == 1 else 11)
    sheet.row_dimensions[1].height = max(sheet.row_dimensions[1].height or 0, 21)


# --------------------------------------------------------------------------- sheets

def _summary_sheet(sheet: Any, card: dict[str, Any],
                   charts: list[tuple[str, int, int, bool]]) -> None:
    sheet.title = "Summary"
    _title_block(sheet, card, sum(c[1] for c in SUMMARY), len(SUMMARY))
    _table_header(sheet, HEADER, SUMMARY)
    for n, row in enumerate(card["rows"], HEADER + 1):
        unit = value_format(row["unit"])
        due = dt.date.fromisoformat(row["due"]) if row["due"] else None
        _write_row(sheet, n, SUMMARY, [
            (row["label"], None), (stored(row["value"], row["unit"]), unit),
            (stored(row["previous"], row["unit"]), unit), (row["target"], None), (due, DATE),
            (row["status"], None), (row["status_note"], None)])
        _status_cell(sheet.cell(row=n, column=STATUS_COLUMN), row["status"])
    last = HEADER + len(card["rows"])
    _table_end(sheet, HEADER, len(SUMMARY), last)
    print_setup(sheet, HEADER)
    top = last + 2
    for title, first, count, ranged in charts:  # each chart on a page of its own
        sheet.row_breaks.append(Break(id=top - 1))
        chart = _bar_chart(sheet.parent["Chart data"], title, first, count, ranged)
        sheet.add_chart(chart, f"A{top}")
        top += math.ceil(chart.height / ROW_CM) + 2


def _bar_chart(data: Any, title: str, first: int, count: int, ranged: bool) -> Any:
    """Each target's value (a bar, with its figure at the end) against its goal (a grey bar;
    a range's two ends as two): the first target at the top, a target without data as a gap."""
    chart = BarChart()
    chart.type = "bar"
    chart.grouping = "clustered"
    chart.style = 2
    chart.title = chart_title(title, TITLE_SIZE)
    chart.width = CHART_WIDTH
    chart.height = min(CHART_MOST, CHART_BASE + CHART_PER_TARGET * count * (1.4 if ranged else 1))
    chart.gapWidth = 60
    chart.display_blanks = "gap"
    last = first + count - 1
    percent = data.cell(row=first, column=2).value == "%"
    named = [("Value", 4, VALUE_COLOUR), ("Goal", 5, GOAL_COLOUR)]
    if ranged:
        named = [("Value", 4, VALUE_COLOUR), ("Goal, or a range's lower end", 5, GOAL_COLOUR),
                 ("A range's upper end", 6, "D9D9D9")]
    for name, column, colour in named:
        series = Series(Reference(data, min_col=column, min_row=first, max_row=last), title=name)
        series.graphicalProperties.solidFill = colour
        series.graphicalProperties.line.solidFill = colour
        if name == "Value":
            series.dLbls = DataLabelList(showVal=True, showSerName=False, showCatName=False,
                                         showLegendKey=False, showPercent=False)
            series.dLbls.numFmt = value_format(data.cell(row=first, column=2).value)
            series.dLbls.position = "outEnd"
        chart.series.append(series)
    names = AxDataSource(strRef=StrRef(f=str(Reference(data, min_col=3, min_row=first,
                                                       max_row=last))))
    for series in chart.series:  # the targets' names are text: a string reference
        series.cat = names
    chart.x_axis.scaling.orientation = "maxMin"  # the Summary's order, top down
    chart.y_axis.crosses = "max"  # the figures along the bottom, under reversed categories
    chart.y_axis.number_format = PERCENT_AXIS if percent else "#,##0"
    chart.y_axis.majorGridlines = None
    chart.y_axis.scaling.min = 0
    for axis in (chart.x_axis, chart.y_axis):
        axis.delete = False
    chart.legend.position = "b"
    return chart



def _chart_data_sheet(sheet: Any, card: dict[str, Any]) -> list[tuple[str, int, int, bool]]:
    """The cells the Summary's charts draw: one block of rows per unit (one chart each), one
    row per measured target: its name on the chart, its value and its goal as figures. A
    target with no data says so in its name and leaves the value empty (no bar, never 0), with
    the reason beside it; a goal in words only leaves the goal empty. Returns each chart's
    (title, first row, rows, whether a goal is a range)."""
    headings = ["Chart", "Unit", "Target", "Value", "Goal, or a range's lower end",
                "A range's upper end", "Why no data"]
    widths = [22, 10, 34, 9, 12, 11, 50]
    write_header(sheet, 1, headings, widths)
    fit_height(sheet, 1, list(zip(headings, widths, strict=True)))
    units: dict[str, list[dict[str, Any]]] = {}
    for row in measured(card):
        units.setdefault(row["unit"] or "", []).append(row)
    labels = [row["label"] for row in measured(card)]
    charts, n = [], 1
    for unit, rows in units.items():
        title = _chart_title(unit)
        fmt = value_format(unit)
        ranged = any(range_bounds(row["target"]) for row in rows)
        charts.append((title, n + 1, len(rows), ranged))
        for row in rows:
            n += 1
            name = row["label"] if labels.count(row["label"]) == 1 else \
                f"{row['label']} ({row['target']})"
            empty = row["value"] is None or row["status"] == NO_DATA
            if empty:
                name += f": {NO_DATA}"
            bounds = range_bounds(row["target"])
            goal = bounds[0] if bounds else goal_figure(row)
            why = row["status_note"] if empty else None
            cells = [(title, None), (unit, None), (name, None),
                     (None if empty else stored(row["value"], unit), fmt),
                     (stored(goal, unit), fmt),
                     (stored(bounds[1] if bounds else None, unit), fmt), (why, None)]
            for column, (value, number_format) in enumerate(cells, 1):
                put(sheet, n, column, value, number_format, wrap=column in (1, 2, 3, 7))
            fit_height(sheet, n, [(title, 22), (unit, 10), (name, 34), (why or "", 50)])
    _table_end(sheet, 1, len(headings), n)
    print_setup(sheet, 1)
    return charts


def _chart_title(unit: str) -> str:
    if unit == "%":
        return "Value against goal: rates and shares (%)"
    return f"Value against goal: {unit or 'figures'}"


def _details_sheet(sheet: Any, card: dict[str, Any]) -> None:
    _table_header(sheet, 1, DETAILS)
    set_aside = card["data_quality"].get("set_aside", {})
    for n, row in enumerate(card["rows"], 2):
        fmt = value_format(row["unit"])
        _write_row(sheet, n, DETAILS, [
            (f"{row['label']}\n{row['target_id']}", None), (row["kpi"], None),
            (row["method"], None), (scope_text(row) or ("everyone" if row["kpi"] else None),
                                    None),
            (row["unit"], None), (stored(row["value"], row["unit"]), fmt),
            (row["numerator"], part_format(row["numerator"], row["kpi"])),
            (row["denominator"], part_format(row["denominator"], row["kpi"])),
            (_set_aside(row, set_aside), WHOLE), (_note_and_source(row), None)])
    _table_end(sheet, 1, len(DETAILS), 1 + len(card["rows"]))
    print_setup(sheet, 1)


def _set_aside(row: dict[str, Any], set_aside: dict[str, dict[str, int]]) -> int | None:
    """The records the target's KPI left out (``method:scope:kpi`` in the data quality; a
    breakdown's scope names its groups in brackets); None for a target not measured."""
    if not row["kpi"] or row["status"] == "not measured":
        return None
    scope = row["scope"] or "everyone"
    key = f"{row['method']}:{scope}:{row['kpi']}"
    if key in set_aside:
        return sum(set_aside[key].values())
    grouped = [reasons for name, reasons in set_aside.items()
               if name.startswith(f"{row['method']}:{scope} (") and
               name.endswith(f":{row['kpi']}")]
    return sum(sum(reasons.values()) for reasons in grouped)


def _note_and_source(row: dict[str, Any]) -> str:
    source = row.get("source") or {}
    where = ", ".join(part for part in (source.get("document"), source.get("section")) if part)
    parts = [row["note"] or "", f"Source: {where}" if where else "",
             f"“{source['quote']}”" if source.get("quote") else ""]
    return "\n".join(part for part in parts if part)


def _benchmarks_sheet(sheet: Any, card: dict[str, Any]) -> None:
    columns = (("Target", 24, True), ("Label", 26, True), ("KPI", 20, True),
               ("Scope", 18, True), ("Unit", 8, True), ("Value", 9, False),
               ("Status", 12, False), ("Benchmark", 36, True), ("Benchmark value", 11, False))
    _table_header(sheet, 1, columns)
    n = 1
    for row in measured(card):
        fmt, unit = value_format(row["unit"]), row["unit"]
        for benchmark in row["benchmarks"]:
            n += 1
            _write_row(sheet, n, columns, [
                (row["target_id"], None), (row["label"], None), (row["kpi"], None),
                (scope_text(row), None), (unit, None), (stored(row["value"], unit), fmt),
                (row["status"], None), (benchmark["name"], None),
                (stored(benchmark["value"], unit), fmt)])
            _status_cell(sheet.cell(row=n, column=7), row["status"])
    _table_end(sheet, 1, len(columns), n)
    print_setup(sheet, 1)


def _peers_sheet(sheet: Any, card: dict[str, Any]) -> None:
    """One row per target with a peer position: the council's published figure, its rank and
    quartile, and the medians of all authorities, its region and its neighbours with their n,
    all from DfE's figures of one published year (never the current figure)."""
    columns = (("Target", 24, True), ("KPI", 20, True), ("Published", 22, True),
               ("Direction", 16, True), ("Council's published figure", 11, False),
               ("Rank", 7, False), ("Of", 7, False), ("Quartile", 9, False),
               ("Median, all", 10, False), ("n", 6, False), ("Region", 14, True),
               ("Median, region", 10, False), ("n", 6, False),
               ("Median, neighbours", 11, False), ("n", 6, False), ("Neighbours from", 30, True),
               ("Note", 40, True))
    _table_header(sheet, 1, columns)
    for n, row in enumerate(peer_rows(card), 2):
        peers = row["peers"]
        unit = peers["unit"]
        fmt = value_format(unit)
        region, near = peers["region"] or {}, peers["neighbours"] or {}
        _write_row(sheet, n, columns, [
            (row["target_id"], None), (peers["kpi"], None), (peers["published"], None),
            (peers["direction_text"], None), (stored(peers["value"], unit), fmt),
            (peers["rank"], WHOLE), (peers["of"], WHOLE), (peers["quartile"], WHOLE),
            (stored(peers["all"]["median"], unit), fmt), (peers["all"]["n"], WHOLE),
            (region.get("name"), None), (stored(region.get("median"), unit), fmt),
            (region.get("n"), WHOLE), (stored(near.get("median"), unit), fmt),
            (near.get("n"), WHOLE), (peers.get("neighbours_source"), None),
            (peer_note(peers) or None, None)])
    _table_end(sheet, 1, len(columns), 1 + len(peer_rows(card)))
    print_setup(sheet, 1)


def _groups_sheet(sheet: Any, card: dict[str, Any]) -> None:
    """One row per group of each target judged group by group: its figure and status."""
    columns = (("Target", 24, True), ("Label", 24, True), ("By", 9, True), ("Group", 24, True),
               ("People", 8, False), ("Value", 9, False), ("Previous", 9, False),
               ("Status", 12, False), ("Why", 44, True))
    _table_header(sheet, 1, columns)
    n = 1
    for row in judged_by_group(card):
        fmt, unit = value_format(row["unit"]), row["unit"]
        for group in row["groups"]:
            n += 1
            _write_row(sheet, n, columns, [
                (row["target_id"], None), (row["label"], None), (row["breakdown"], None),
                (group["group"], None), (group["headcount"], WHOLE),
                (stored(group["value"], unit), fmt), (stored(group["previous"], unit), fmt),
                (group["status"], None), (group["note"], None)])
            _status_cell(sheet.cell(row=n, column=8), group["status"])
    _table_end(sheet, 1, len(columns), n)
    print_setup(sheet, 1)


def _definitions_sheet(sheet: Any, card: dict[str, Any]) -> None:
    columns = (("KPI", 24, True), ("Method", 8, False), ("Label", 30, True), ("Unit", 12, True),
               ("Definition", 86, True))
    _table_header(sheet, 1, columns)
    for n, item in enumerate(card.get("definitions") or [], 2):
        definition = item["definition"].replace("``", "")  # reStructuredText literals
        _write_row(sheet, n, columns, [(item["kpi"], None), (item["method"], None),
                                       (item["label"], None), (item["unit"], None),
                                       (definition, None)])
    _table_end(sheet, 1, len(columns), 1 + len(card.get("definitions") or []))
    print_setup(sheet, 1)


def _quality_sheet(sheet: Any, card: dict[str, Any]) -> None:
    quality = card["data_quality"]
    widths = [46, 52, 14, 10, 10, 10, 12]
    for column, width in enumerate(widths, 1):
        sheet.column_dimensions[get_column_letter(column)].width = width
    put(sheet, 1, 1, "Data quality of the extract").font = cell_font(bold=True, size=14)
    sheet.row_dimensions[1].height = 21
    put(sheet, 2, 1, verdict_line(quality["input"]), wrap=True)
    sheet.merge_cells(start_row=2, start_column=1, end_row=2, end_column=len(widths))
    fit_height(sheet, 2, [(verdict_line(quality["input"]), sum(widths))])
    unread = unread_line(quality["input"])
    if unread:
        put(sheet, 3, 1, unread, wrap=True)
        sheet.merge_cells(start_row=3, start_column=1, end_row=3, end_column=len(widths))
        fit_height(sheet, 3, [(unread, sum(widths))])
    n = 3
    for label, value in (("Verdict", quality["input"]["verdict"]),
                         ("Errors", quality["input"]["errors"]),
                         ("Warnings", quality["input"]["warnings"])):
        n += 1
        put(sheet, n, 1, label).font = cell_font(bold=True)
        put(sheet, n, 2, value, WHOLE)
    n = _quality_table(sheet, n + 2, "Issues by code", ["Code", "Count"],
                       [[code, count] for code, count in quality["input"]["issues"].items()],
                       widths)
    tables = [[t["table"], t["file"], t["sheet"] or "", t["rows"], t["set_aside"], t["loaded"],
               t.get("matched")] for t in quality["input"]["tables"]]
    n = _quality_table(sheet, n + 2, "Tables read",
                       ["Table", "File", "Sheet", "Rows", "Set aside", "Loaded",
                        "Name a worker"], tables, widths)
    if quality["input"].get("unread"):
        n = _quality_table(sheet, n + 2, "Tables left unread", ["Table", "File", "Why"],
                           [[u["table"], u["file"], u["why"]] for u in quality["input"]["unread"]],
                           widths)
    n = _quality_table(sheet, n + 2, "Records set aside, by method, scope and KPI",
                       ["Method:scope:KPI", "Reason", "Records"],
                       [list(item) for item in set_aside_rows(quality)], widths)
    attribution = put(sheet, n + 2, 1, card.get("attribution") or "", wrap=True)
    attribution.font = cell_font(italic=True, color="404040")
    sheet.merge_cells(start_row=n + 2, start_column=1, end_row=n + 2, end_column=len(widths))
    fit_height(sheet, n + 2, [(card.get("attribution") or "", sum(widths))])
    print_setup(sheet, None)


def _quality_table(sheet: Any, start: int, title: str, headings: list[str],
                   rows: list[list[Any]], widths: list[int]) -> int:
    put(sheet, start, 1, title).font = cell_font(bold=True, size=12)
    for column, heading in enumerate(headings, 1):
        header_cell(put(sheet, start + 1, column, heading, wrap=True))
    fit_height(sheet, start + 1, list(zip(headings, widths, strict=False)))
    n = start + 1
    for values in rows or [["none"]]:
        n += 1
        for column, value in enumerate(values, 1):
            put(sheet, n, column, value, WHOLE, wrap=isinstance(value, str))
        fit_height(sheet, n, [(v, w) for v, w in zip(values, widths, strict=False)
                              if isinstance(v, str)])
    return n
