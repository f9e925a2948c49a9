"""A monthly trend as an Excel workbook: a native line chart per KPI, byte-identical for the same
trend.

Sheets: **Charts** (a title block, then one line chart per KPI, or per measured target with its
target drawn as a second, dashed line), **Data** (the month-ends down, one column per line and
per target line: the cells the charts draw) and, with a council, **Status** (each target's
status month by month, coloured as in the scorecard).
"""

from __future__ import annotations

import datetime as dt
from typing import Any

from openpyxl import Workbook
from openpyxl.chart import LineChart, Reference, Series
from openpyxl.chart.axis import DateAxis
from openpyxl.chart.text import RichText, Text
from openpyxl.chart.title import Title
from openpyxl.drawing.text import (
    CharacterProperties,
    Paragraph,
    ParagraphProperties,
    RegularTextRun,
)
from openpyxl.styles import Alignment, PatternFill
from openpyxl.worksheet.pagebreak import Break

from wfkpi.render.common import COLOURS
from wfkpi.render.trend.text import Line, input_line, lines, months, period_line, title_line
from wfkpi.render.workbook import (
    cell_font,
    print_setup,
    put,
    save,
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


def _data_sheet(sheet: Any, data: dict[str, Any], drawn: list[Line]) -> list[tuple[int, int]]:
    """The month-ends in column A, then each line's values (and its target line): the columns
    (value, target or 0) of each line."""
    headings, widths, columns = ["Month end"], [12], []
    for line in drawn:
        columns.append((len(headings) + 1, len(headings) + 2 if line.targets else 0))
        headings.append(line.key)
        if line.targets:
            headings.append(f"{line.key}: target")
    widths += [max(12, min(30, len(h) + 2)) for h in headings[1:]]
    write_header(sheet, 1, headings, widths)
    sheet.row_dimensions[1].height = 45
    for n, day in enumerate(months(data), 2):
        put(sheet, n, 1, day, MONTH)
        for line, (value_column, target_column) in zip(drawn, columns, strict=True):
            fmt = value_format(line.unit)
            put(sheet, n, value_column, line.values[n - 2], fmt)
            if line.targets:
                put(sheet, n, target_column, line.targets[n - 2], fmt)
    sheet.freeze_panes = "B2"
    print_setup(sheet, 1, pages_across=-(-len(headings) // PRINTED_COLUMNS))
    sheet.print_title_cols = "A:A"
    return columns


def _charts_sheet(sheet: Any, data: dict[str, Any], drawn: list[Line], source: Any,
                  columns: list[tuple[int, int]]) -> None:
    put(sheet, 1, 1, f"Workforce trends: {title_line(data)}").font = cell_font(bold=True, size=14)
    put(sheet, 2, 1, period_line(data))
    put(sheet, 3, 1, input_line(data)).font = cell_font(italic=True, color="404040")
    count = len(months(data))
    for n, (line, (value_column, target_column)) in enumerate(zip(drawn, columns, strict=True)):
        chart = _chart(line, source, value_column, target_column, count)
        row = TITLE_ROWS + 1 + (n // len(CHART_COLUMNS)) * CHART_ROWS
        sheet.add_chart(chart, f"{CHART_COLUMNS[n % len(CHART_COLUMNS)]}{row}")
    print_setup(sheet, None)
    rows = -(-len(drawn) // len(CHART_COLUMNS))
    for page in range(2, rows, 2):  # two rows of charts to a printed page, none cut in two
        sheet.row_breaks.append(Break(id=TITLE_ROWS + page * CHART_ROWS))


def _chart(line: Line, source: Any, value_column: int, target_column: int, count: int) -> Any:
    chart = LineChart()
    chart.title = _title(line)
    chart.style = 2
    chart.width, chart.height = CHART_WIDTH, CHART_HEIGHT
    chart.display_blanks = "gap"  # a month without a value is a gap, never a zero
    value = Series(Reference(source, min_col=value_column, min_row=2, max_row=count + 1),
                   title="Value")
    _stroke(value, VALUE_COLOUR, dashed=False)
    value.marker.symbol = "circle"
    value.marker.size = 5
    value.marker.graphicalProperties.solidFill = VALUE_COLOUR
    value.marker.graphicalProperties.line.solidFill = VALUE_COLOUR
    chart.series.append(value)
    if target_column:
        target = Series(Reference(source, min_col=target_column, min_row=2, max_row=count + 1),
                        title=f"Target ({line.goal})" if line.goal else "Target")
        _stroke(target, TARGET_COLOUR, dashed=True)
        target.marker.symbol = "none"
        chart.series.append(target)
    chart.set_categories(Reference(source, min_col=1, min_row=2, max_row=count + 1))
    chart.x_axis = DateAxis(crossAx=100, axPos="b")
    chart.x_axis.number_format = "mmm yy"
    chart.x_axis.majorTimeUnit = "months"
    chart.x_axis.title = None
    chart.y_axis.title = line.unit
    chart.y_axis.number_format = '0"%"' if line.unit == "%" else value_format(line.unit)
    chart.y_axis.crossAx = 500
    for axis in (chart.x_axis, chart.y_axis):
        axis.delete = False
    chart.legend.position = "b"
    return chart


def _title(line: Line) -> Any:
    """The KPI's label and scope, in bold at 11 pt (the target's goal is in the legend)."""
    scope = f", {line.scope.replace('_', ' ')}" if line.scope else ""
    font = CharacterProperties(sz=TITLE_SIZE, b=True)
    text = Paragraph(pPr=ParagraphProperties(defRPr=font),
                     r=[RegularTextRun(rPr=font, t=f"{line.label}{scope}")])
    return Title(tx=Text(rich=RichText(p=[text])), overlay=False)


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

