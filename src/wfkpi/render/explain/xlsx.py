"""A bridge as an Excel workbook: the figures and a native waterfall chart, byte-identical for the
same bridge.

Sheets: **Bridge** (the rate at both dates, each part with what it moved the numerator and the
denominator by and its contribution as shown and unrounded, the change; with ``--by`` the groups
that moved it most), **Waterfall** (the chart, and the groups' chart) and **Chart data** (the
cells the charts draw).

Excel's own waterfall (2016's chartex) is not in the file format openpyxl writes, so the chart
is the classic one: a stacked column chart (overlap 100) of an invisible *base* (no fill, no
line) under a bar that *raises* or *lowers* the rate, and the rate at each date as a *total*.
Excel stacks values below zero down from zero, apart from those above it, so a bar below zero is
its base (the end nearer zero) and its length as negative figures, and a bar that crosses zero
is two pieces of one colour, one on each side (:func:`stacks`). The figure on each bar is the
one every format shows (the parts as shown add up to the change as shown), written as the data
label's own number format, so that Excel never rounds it again. Names from the data are text in
cells, never formulas.
"""

from __future__ import annotations

import datetime as dt
from dataclasses import dataclass
from typing import Any

from openpyxl import Workbook
from openpyxl.chart import BarChart, Reference, Series
from openpyxl.chart.data_source import AxDataSource, NumFmt, StrRef
from openpyxl.chart.label import DataLabel, DataLabelList
from openpyxl.chart.legend import LegendEntry
from openpyxl.chart.text import RichText
from openpyxl.descriptors import Typed
from openpyxl.drawing.text import CharacterProperties, Paragraph, ParagraphProperties
from openpyxl.worksheet.pagebreak import Break

from wfkpi.core.display import day_text
from wfkpi.render.bridge import (
    PLACES,
    Figures,
    Row,
    contribution_heading,
    figures,
    groups_heading,
    header_line,
    kind_text,
    no_bridge_text,
    row_name,
    steps,
    valued_text,
)
from wfkpi.render.charts import Bar, Step, bars, value_range
from wfkpi.render.explain.text import dates_line, input_line, source_line
from wfkpi.render.workbook import (
    cell_font,
    chart_title,
    fit_height,
    print_setup,
    put,
    save,
    stored,
    write_header,
)

# The series of a waterfall, in stacking order: the invisible base first (nearest zero).
SERIES = ("Base", "Raises the rate", "Lowers the rate", "Raises the rate (below zero)",
          "Lowers the rate (below zero)", "The rate at a date")
BASE, UP, DOWN, UP_BELOW, DOWN_BELOW, TOTAL = range(len(SERIES))
# Fills light enough for a black figure on them, and their edges: a part's a shade darker (a
# dark edge would strike through the figure on a bar too thin to hold it), a total's dark.
FILLS = {UP: ("F4A7A7", "E57373"), DOWN: ("A8D5A2", "81C784"), UP_BELOW: ("F4A7A7", "E57373"),
         DOWN_BELOW: ("A8D5A2", "81C784"), TOTAL: ("9DB4DB", "1F3864")}
SIGNED = '+#,##0.00;"−"#,##0.00;0.00'
UNROUNDED = '+#,##0.0000;"−"#,##0.0000;0.0000'
ONE = '+#,##0.0;"−"#,##0.0;0.0'
WHOLE = '+#,##0;"−"#,##0;0'
LEVEL_ONE, LEVEL_WHOLE = "#,##0.0", "#,##0"
RATE = "0.00%"
TITLE_SIZE = 1200  # hundredths of a point
CM_PER_BAR, CHART_HEIGHT, CHART_WIDTH = 2.3, 11.0, 22.0
ROW_CM = 0.53


def render(data: dict[str, Any]) -> bytes:
    """An Excel workbook: Bridge, Waterfall and Chart data sheets (a bridge without parts: the
    Bridge sheet alone, saying why)."""
    f = figures(data["bridge"])
    book = Workbook()
    sheet = book.active
    sheet.title = "Bridge"
    _bridge_sheet(sheet, data, f)
    if f.split:
        source = book.create_sheet("Chart data")
        charts = [(f"{f.label}: the change part by part", f.parts)]
        if f.groups:
            charts.append((f"{f.label}: {groups_heading(f.by).lower()}", f.groups))
        blocks = [_chart_data(source, f, rows, title) for title, rows in charts]
        waterfall = book.create_sheet("Waterfall", 1)
        _waterfall_sheet(waterfall, f, source, blocks)
        print_setup(source, 1)
    return save(book, f"Why it moved: {f.label}",
                dt.datetime.combine(f.after.day, dt.time()))


# --------------------------------------------------------------------------- the figures

def _bridge_sheet(sheet: Any, data: dict[str, Any], f: Figures) -> None:
    put(sheet, 1, 1, f"Why it moved: {f.label}").font = cell_font(bold=True, size=14)
    put(sheet, 2, 1, header_line(f)).font = cell_font(bold=True)
    put(sheet, 3, 1, f"{source_line(data, f)}. {dates_line(data, f)}.")
    put(sheet, 4, 1, input_line(data)).font = cell_font(italic=True, color="404040")
    if not f.split:
        put(sheet, 6, 1, no_bridge_text(f)).font = cell_font(bold=True)
        sheet.column_dimensions["A"].width = 60
        print_setup(sheet, None)
        return
    sides = [f" ({side})" if side else "" for side in f.sides]
    headings = ["Part", "Kind", f"Numerator{sides[0]}", f"Denominator{sides[1]}", "Rate",
                contribution_heading(f.unit), "Unrounded contribution"]
    write_header(sheet, 6, headings, [44, 13, 16, 16, 11, 16, 16])
    sheet.row_dimensions[6].height = 32
    row = 7
    row = _end_row(sheet, row, f, "before")
    for part in f.parts:
        row = _part_row(sheet, row, part, f)
    row = _change_row(sheet, row, f)
    row = _end_row(sheet, row, f, "after") + 1
    for note in (f.caution and f"Read with care: {f.caution}", valued_text(f)):
        if note:
            put(sheet, row, 1, note).font = cell_font(italic=True, color="404040")
            row += 1
    if f.groups:
        row += 1
        put(sheet, row, 1, groups_heading(f.by)).font = cell_font(bold=True, size=12)
        by = (f.by or "group").replace("_", " ").capitalize()
        write_header(sheet, row + 1, [by, *headings[1:]], [44, 13, 16, 16, 11, 16, 16])
        sheet.row_dimensions[row + 1].height = 32
        row += 2
        for group in f.groups:
            row = _part_row(sheet, row, group, f)
        _change_row(sheet, row, f)
    sheet.freeze_panes = "B7"
    print_setup(sheet, 6)


def _end_row(sheet: Any, row: int, f: Figures, key: str) -> int:
    end = f.before if key == "before" else f.after
    bold = cell_font(bold=True)
    put(sheet, row, 1, day_text(end.day)).font = bold
    put(sheet, row, 2, "rate")
    for column, value, places in ((3, end.numerator, f.places[0]),
                                  (4, end.denominator, f.places[1])):
        put(sheet, row, column, value, LEVEL_ONE if places else LEVEL_WHOLE)
    rate = None if end.shown is None else end.shown / 10 ** PLACES
    put(sheet, row, 5, stored(rate, f.unit), RATE if f.unit == "%" else SIGNED[1:]).font = bold
    return row + 1


def _part_row(sheet: Any, row: int, part: Row, f: Figures) -> int:
    put(sheet, row, 1, row_name(part, f.by))
    put(sheet, row, 2, kind_text(part))
    for column, moved, places in ((3, part.moved[0], f.places[0]),
                                  (4, part.moved[1], f.places[1])):
        put(sheet, row, column, moved / 10 ** places if moved else None,
            ONE if places else WHOLE)
    put(sheet, row, 6, part.value, SIGNED)
    put(sheet, row, 7, part.points, UNROUNDED)
    if part.kind in ("data", "other", "revision") or part.combined:
        sheet.cell(row=row, column=1).font = cell_font(italic=True)
    return row + 1


def _change_row(sheet: Any, row: int, f: Figures) -> int:
    bold = cell_font(bold=True)
    put(sheet, row, 1, "Change").font = bold
    if f.moved is not None:
        for column, moved, places in ((3, f.moved[0], f.places[0]),
                                      (4, f.moved[1], f.places[1])):
            put(sheet, row, column, moved / 10 ** places, ONE if places else WHOLE).font = bold
    put(sheet, row, 6, (f.change or 0) / 10 ** PLACES, SIGNED).font = bold
    change = None if f.after.value is None or f.before.value is None \
        else f.after.value - f.before.value
    put(sheet, row, 7, change, UNROUNDED).font = bold
    return row + 1


# --------------------------------------------------------------------------- the chart

@dataclass(frozen=True)
class Block:
    """A chart's rows on the Chart data sheet: its title, its first data row and its bars."""

    title: str
    first: int
    steps: list[Step]
    scale: list[float]
    cut: bool


def stacks(bar: Bar) -> list[float | None]:
    """A bar as the stacked series draw it, in :data:`SERIES` order (None: nothing).

    A total stands on zero. A part above zero stands on an invisible base as high as its lower
    end; below zero, the base reaches down to its upper end and the part hangs below it (Excel
    stacks the values below zero downwards from zero); across zero, it is a piece up from zero
    and a piece down from it, of the same colour."""
    cells: list[float | None] = [None] * len(SERIES)
    if bar.kind == "total":
        cells[TOTAL] = bar.end
        return cells
    low, high = sorted((bar.start, bar.end))
    up = bar.kind != "down"
    if low >= 0:
        cells[BASE] = low or None
        cells[UP if up else DOWN] = high - low
    elif high <= 0:
        cells[BASE] = high or None
        cells[UP_BELOW if up else DOWN_BELOW] = low - high
    else:
        cells[UP if up else DOWN] = high
        cells[UP_BELOW if up else DOWN_BELOW] = low
    return cells


def _chart_data(sheet: Any, f: Figures, rows: list[Row], title: str) -> Block:
    """One chart's rows: a header, then a row per bar with its name, the stacked series and the
    figure written on it."""
    top = sheet.max_row + 2 if sheet.max_row > 1 else 1
    put(sheet, top, 1, title).font = cell_font(bold=True)
    headings = ["Bar", *SERIES, "Figure on the bar"]
    widths = [40, 10, 12, 12, 14, 14, 12, 16]
    write_header(sheet, top + 1, headings, widths)
    fit_height(sheet, top + 1, list(zip(headings, widths, strict=True)))
    bar_steps = steps(f, rows)
    drawn = bars(bar_steps)
    fmt = RATE if f.unit == "%" else "#,##0.00"
    for n, (step, bar) in enumerate(zip(bar_steps, drawn, strict=True), top + 2):
        put(sheet, n, 1, step.name)
        for column, value in enumerate(stacks(bar), 2):
            put(sheet, n, column, _exact(stored(value, f.unit)), fmt)
        put(sheet, n, len(SERIES) + 2, step.text)
    scale, cut = value_range(drawn, f.unit)
    return Block(title, top + 2, bar_steps, scale, cut)


def _exact(value: float | None) -> float | None:
    """A figure of the chart as shown, without float dust (20.82 − 0.41 is 20.41, and 3.7% is
    0.037): rounded far beyond the places shown, even as a fraction."""
    return None if value is None else round(value, PLACES + 6)


def _waterfall_sheet(sheet: Any, f: Figures, source: Any, blocks: list[Block]) -> None:
    put(sheet, 1, 1, f"Why it moved: {f.label}").font = cell_font(bold=True, size=14)
    put(sheet, 2, 1, header_line(f))
    put(sheet, 3, 1, "Red raises the rate, green lowers it; the figures on the bars add up to "
                     "the change.").font = cell_font(italic=True, color="404040")
    top = 5
    for n, block in enumerate(blocks):
        if n:  # each chart on a page of its own
            sheet.row_breaks.append(Break(id=top - 1))
        chart = waterfall_chart(source, block, f.unit)
        sheet.add_chart(chart, f"A{top}")
        top += int(chart.height / ROW_CM) + 3
    print_setup(sheet, None)


def waterfall_chart(source: Any, block: Block, unit: str) -> BarChart:
    """The stacked column chart of one block: the base without fill or line, each bar's figure
    on it as a data label (its own text, as a number format of literal text)."""
    chart = BarChart()
    chart.type = "col"
    chart.grouping = "stacked"
    chart.overlap = 100
    chart.gapWidth = 40
    chart.style = 2
    title = block.title
    if block.cut:
        title += f" (the axis starts at {_axis_text(block.scale[0], unit)})"
    chart.title = chart_title(title, TITLE_SIZE)
    count = len(block.steps)
    chart.width = max(CHART_WIDTH, CM_PER_BAR * count)
    chart.height = CHART_HEIGHT + (3.0 if count > 10 else 0.0)  # room for slanted names
    last = block.first + count - 1
    labels = _label_places(block)
    for column, name in enumerate(SERIES, 2):
        series = Series(Reference(source, min_col=column, min_row=block.first, max_row=last),
                        title=name)
        index = column - 2
        if index == BASE:
            series.graphicalProperties.noFill = True
            series.graphicalProperties.line.noFill = True
        else:
            fill, edge = FILLS[index]
            series.graphicalProperties.solidFill = fill
            series.graphicalProperties.line.solidFill = edge
            series.dLbls = _labels(block, labels, index)
        chart.series.append(series)
    names = AxDataSource(strRef=StrRef(f=str(Reference(source, min_col=1, min_row=block.first,
                                                       max_row=last))))
    for series in chart.series:  # the names are text: a string reference
        series.cat = names
    chart.x_axis.tickLblPos = "low"  # the names under the chart, whatever the bars' sign
    chart.y_axis.number_format = _axis_format(block.scale, unit)
    chart.y_axis.scaling.min = stored(block.scale[0], unit)
    chart.y_axis.scaling.max = stored(block.scale[-1], unit)
    chart.y_axis.majorUnit = stored(block.scale[1] - block.scale[0], unit) \
        if len(block.scale) > 1 else None
    for axis in (chart.x_axis, chart.y_axis):
        axis.delete = False
    chart.legend.position = "b"
    chart.legend.legendEntry = [LegendEntry(idx=i, delete=True)
                                for i in (BASE, UP_BELOW, DOWN_BELOW)]
    return chart


def _label_places(block: Block) -> dict[int, int]:
    """The series each bar's figure is written on: the total's, else the piece above zero (or,
    for a bar all below zero, the piece below)."""
    places = {}
    for i, bar in enumerate(bars(block.steps)):
        cells = stacks(bar)
        for index in (TOTAL, UP, DOWN, UP_BELOW, DOWN_BELOW):
            if cells[index] is not None:
                places[i] = index
                break
    return places


class LiteralLabel(DataLabel):
    """A point's data label whose number format is its own, not the cells' (``sourceLinked``
    written as 0: without it, a spreadsheet may take the cells' format instead)."""

    numFmt = Typed(expected_type=NumFmt, allow_none=True)
    __elements__ = DataLabel.__elements__
    __nested__ = tuple(name for name in DataLabel.__nested__ if name != "numFmt")
    __attrs__ = DataLabel.__attrs__


def _labels(block: Block, places: dict[int, int], index: int) -> DataLabelList:
    """The data labels of one series: none but the figures of the bars written on it."""
    hidden = {"showVal": False, "showSerName": False, "showCatName": False,
              "showLegendKey": False, "showPercent": False}
    text = RichText(p=[Paragraph(pPr=ParagraphProperties(
        defRPr=CharacterProperties(sz=900, b=index == TOTAL, solidFill="000000")), r=[],
        endParaRPr=CharacterProperties())])
    labels = DataLabelList(**hidden)
    labels.txPr = text
    labels.dLbl = [
        LiteralLabel(idx=i, numFmt=NumFmt(formatCode=_literal(block.steps[i].text),
                                          sourceLinked=False),
                     showVal=True, showSerName=False, showCatName=False, showLegendKey=False,
                     showPercent=False, dLblPos="ctr" if index != TOTAL else "inEnd", txPr=text)
        for i, where in sorted(places.items()) if where == index]
    return labels


def _literal(text: str) -> str:
    """A number format that shows ``text`` whatever the figure."""
    return '"' + text.replace('"', "'") + '"'


def _axis_format(scale: list[float], unit: str) -> str:
    step = scale[1] - scale[0] if len(scale) > 1 else 1.0
    whole = float(step).is_integer()
    if unit == "%":
        return "0%" if whole else "0.0%"
    return "#,##0" if whole else "#,##0.0"


def _axis_text(value: float, unit: str) -> str:
    return f"{value:g}" + ("%" if unit == "%" else "")


