"""A monthly trend as an Excel workbook: a native line chart per KPI, byte-identical for the same
trend.

Sheets: **Charts** (a title block, then one line chart per KPI, or per measured target with its
target drawn as a dashed line, a range target's two ends as two), **Data** (the month-ends down,
one column per line and per target line: the cells the charts draw) and, with a council,
**Status** (each target's status month by month, coloured as in the scorecard).
Every chart's title is its own: the KPI's label, its method and scope and, with a council, the
goal (and the target id where two targets would still read alike). A figure in % is stored as a
true percentage (0.367, shown 36.7%).
"""

from __future__ import annotations

import datetime as dt
from dataclasses import dataclass
from typing import Any

from openpyxl import Workbook
from openpyxl.chart import LineChart, Reference, Series
from openpyxl.chart.axis import DateAxis
from openpyxl.styles import Alignment, PatternFill
from openpyxl.worksheet.pagebreak import Break

from wfkpi.render.common import COLOURS
from wfkpi.render.trend.text import Line, input_line, lines, months, period_line, title_line
from wfkpi.render.workbook import (
    PERCENT_AXIS,
    cell_font,
    chart_title,
    print_setup,
    put,
    range_bounds,
    save,
    stored,
    value_format,
    write_header,
)

MONTH = "mmm yyyy"
VALUE_COLOUR = "1F3864"  # the scorecard's header blue
TARGET_COLOUR = "C00000"
CHART_WIDTH, CHART_HEIGHT = 16.0, 8.5  # cm
CHART_ROWS = 18  # rows from one chart's top to the next one's (a row is about 0.53 cm)
TITLE_SIZE = 1100  # hundredths of a point
CHART_COLUMNS = ("A", "K")  # two charts side by side
TITLE_ROWS = 4
PRINTED_COLUMNS = 12  # Data columns to a printed page


def render(data: dict[str, Any]) -> bytes:
    """An Excel workbook: Charts, Data and, with a council, Status sheets."""
    book = Workbook()
    charts = book.active
    charts.title = "Charts"
    sheet = book.create_sheet("Data")
    drawn = lines(data)
    columns = _data_sheet(sheet, data, drawn)
    _charts_sheet(charts, data, drawn, sheet, columns)
    if data["council"] is not None:
        _status_sheet(book.create_sheet("Status"), data, drawn)
    return save(book, f"Trend: {title_line(data)}",
                dt.datetime.fromisoformat(data["series"][-1]["as_at"]))


def _data_sheet(sheet: Any, data: dict[str, Any], drawn: list[Line]) -> list[Columns]:
    """The month-ends in column A, then each line's values and its target lines: the columns
    of each line."""
    headings, widths, columns = ["Month end"], [12], []
    for line in drawn:
        value_column = len(headings) + 1
        headings.append(line.key)
        targets = _target_lines(line)
        target_columns = []
        for name, _ in targets:
            target_columns.append((len(headings) + 1, name))
            headings.append(f"{line.key}: {name.lower()}")
        columns.append(Columns(value_column, target_columns))
    widths += [max(12, min(30, len(h) + 2)) for h in headings[1:]]
    write_header(sheet, 1, headings, widths)
    sheet.row_dimensions[1].height = 45
    for n, day in enumerate(months(data), 2):
        put(sheet, n, 1, day, MONTH)
        for line, line_columns in zip(drawn, columns, strict=True):
            fmt = value_format(line.unit)
            put(sheet, n, line_columns.value, stored(line.values[n - 2], line.unit), fmt)
            for (column, _), (_, figures) in zip(line_columns.targets, _target_lines(line),
                                                 strict=True):
                put(sheet, n, column, stored(figures[n - 2], line.unit), fmt)
    sheet.freeze_panes = "B2"
    print_setup(sheet, 1, pages_across=-(-len(headings) // PRINTED_COLUMNS))
    sheet.print_title_cols = "A:A"
    return columns


@dataclass(frozen=True)
class Columns:
    """A line's columns on the Data sheet: its values, and each target line's with its name."""

    value: int
    targets: list[tuple[int, str]]


def _target_lines(line: Line) -> list[tuple[str, list[float | None]]]:
    """The lines a target is drawn as, each named, month by month: the target line where the
    target gives one; a range's two ends (``15 to 20``) in the months the target was tested;
    none where the goal is in words only (a range of change on the year before)."""
    if line.targets is None:
        return []
    if any(figure is not None for figure in line.targets):
        return [("Target", line.targets)]
    bounds = range_bounds(line.goal)
    if bounds is None:
        return []
    tested = [status is not None for status in (line.statuses or [])]
    return [(name, [bound if on else None for on in tested])
            for name, bound in (("Target: lower end", bounds[0]),
                                ("Target: upper end", bounds[1]))]


def _charts_sheet(sheet: Any, data: dict[str, Any], drawn: list[Line], source: Any,
                  columns: list[Columns]) -> None:
    put(sheet, 1, 1, f"Workforce trends: {title_line(data)}").font = cell_font(bold=True, size=14)
    put(sheet, 2, 1, period_line(data))
    put(sheet, 3, 1, input_line(data)).font = cell_font(italic=True, color="404040")
    count = len(months(data))
    for n, (line, title, line_columns) in enumerate(zip(drawn, titles(drawn), columns,
                                                        strict=True)):
        chart = _chart(line, title, source, line_columns, count)
        row = TITLE_ROWS + 1 + (n // len(CHART_COLUMNS)) * CHART_ROWS
        sheet.add_chart(chart, f"{CHART_COLUMNS[n % len(CHART_COLUMNS)]}{row}")
    print_setup(sheet, None)
    rows = -(-len(drawn) // len(CHART_COLUMNS))
    for page in range(2, rows, 2):  # two rows of charts to a printed page, none cut in two
        sheet.row_breaks.append(Break(id=TITLE_ROWS + page * CHART_ROWS))


def titles(drawn: list[Line]) -> list[str]:
    """Each chart's title, no two alike: the KPI's label with its method and scope
    (``Vacancy rate (FTE): dfe, everyone``) and, for a target, its goal; the target id (or the
    KPI id) is added where two would still read alike."""
    said = []
    for line in drawn:
        text = f"{line.label}: {line.method}, {(line.scope or 'everyone').replace('_', ' ')}"
        if line.goal:
            text += f"; target {line.goal}"
        said.append(text)
    return [f"{text} [{line.key}]" if said.count(text) > 1 else text
            for text, line in zip(said, drawn, strict=True)]


def _chart(line: Line, title: str, source: Any, columns: Columns, count: int) -> Any:
    chart = LineChart()
    chart.title = chart_title(title, TITLE_SIZE)
    chart.style = 2
    chart.width, chart.height = CHART_WIDTH, CHART_HEIGHT
    chart.display_blanks = "gap"  # a month without a value is a gap, never a zero
    value = Series(Reference(source, min_col=columns.value, min_row=2, max_row=count + 1),
                   title="Value")
    _stroke(value, VALUE_COLOUR, dashed=False)
    value.marker.symbol = "circle"
    value.marker.size = 5
    value.marker.graphicalProperties.solidFill = VALUE_COLOUR
    value.marker.graphicalProperties.line.solidFill = VALUE_COLOUR
    chart.series.append(value)
    for column, name in columns.targets:
        target = Series(Reference(source, min_col=column, min_row=2, max_row=count + 1),
                        title=name)
        _stroke(target, TARGET_COLOUR, dashed=True)
        target.marker.symbol = "none"
        chart.series.append(target)
    chart.set_categories(Reference(source, min_col=1, min_row=2, max_row=count + 1))
    chart.x_axis = DateAxis(crossAx=100, axPos="b")
    chart.x_axis.number_format = "mmm yy"
    chart.x_axis.majorTimeUnit = "months"
    chart.x_axis.title = None
    chart.y_axis.title = line.unit
    chart.y_axis.number_format = PERCENT_AXIS if line.unit == "%" else value_format(line.unit)
    chart.y_axis.crossAx = 500
    for axis in (chart.x_axis, chart.y_axis):
        axis.delete = False
    chart.legend.position = "b"
    return chart



def _stroke(series: Any, colour: str, *, dashed: bool) -> None:
    series.smooth = False
    series.graphicalProperties.line.solidFill = colour
    series.graphicalProperties.line.width = 28575  # 2.25 pt
    if dashed:
        series.graphicalProperties.line.dashStyle = "dash"


def _status_sheet(sheet: Any, data: dict[str, Any], drawn: list[Line]) -> None:
    write_header(sheet, 1, ["Month end", *[line.key for line in drawn]],
            [12, *[max(12, min(30, len(line.key) + 2)) for line in drawn]])
    sheet.row_dimensions[1].height = 45
    for n, day in enumerate(months(data), 2):
        put(sheet, n, 1, day, MONTH)
        for column, line in enumerate(drawn, 2):
            assert line.statuses is not None
            status = line.statuses[n - 2]
            cell = put(sheet, n, column, status)
            if status:
                fill, text = COLOURS[status]
                cell.fill = PatternFill("solid", fgColor=fill)
                cell.font = cell_font(bold=True, color=text)
                cell.alignment = Alignment(horizontal="center")
    sheet.freeze_panes = "B2"
    print_setup(sheet, 1)

