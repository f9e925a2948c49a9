"""A council's peer position as an Excel workbook, byte-identical for the same position.

Sheets: **Summary** (a title block with the year and rules, then one row per KPI: the council's
published figure, rank, quartile and the three medians with their n), then one sheet per KPI,
named by its id: every authority's published figure, lowest first, and a native bar chart of
them, the council's bar red (a series of its own), its statistical neighbours' blue, the others
grey, with the medians of all authorities, of the region and of the neighbours as lines.
A figure in % is stored as a true percentage (0.195, shown 19.5%); a missing figure is an empty
cell, never 0. Text is always stored as text, never as a formula.
"""

from __future__ import annotations

import datetime as dt
from typing import Any

from openpyxl import Workbook
from openpyxl.chart import BarChart, LineChart, Reference
from openpyxl.chart.data_source import AxDataSource, StrRef
from openpyxl.utils import get_column_letter

from wfkpi.render.peers.text import (
    area_line,
    direction,
    neighbours_line,
    quartile_text,
    region_name,
    rules_line,
    title,
)
from wfkpi.render.workbook import (
    PERCENT_AXIS,
    WHOLE,
    cell_font,
    chart_title,
    fit_height,
    print_setup,
    put,
    save,
    stored,
    value_format,
    write_header,
)

COUNCIL, NEIGHBOUR, OTHER = "C00000", "1F4E99", "B8C2CC"
MEDIAN_COLOURS = {"all": "1B1F24", "region": "B26A00", "neighbours": "1F4E99"}
TITLE_ROWS = 6  # title, published, area, rules, neighbours, attribution
SUMMARY = (("KPI", 30, True), ("KPI id", 24, True), ("Direction", 14, True),
           ("Council's figure", 11, False), ("Rank", 7, False), ("Of", 7, False),
           ("Quartile", 9, False), ("Median, all authorities", 12, False), ("n", 6, False),
           ("Median, region", 12, False), ("n", 6, False), ("Median, neighbours", 12, False),
           ("n", 6, False), ("Note", 48, True))
CHART_WIDTH, CHART_HEIGHT = 26.0, 11.0  # cm
TITLE_SIZE = 1200  # hundredths of a point


def render(data: dict[str, Any]) -> bytes:
    """An Excel workbook: the Summary, then a sheet of figures and a ranked chart per KPI."""
    book = Workbook()
    _summary(book.active, data)
    for kpi in data["kpis"]:
        _kpi_sheet(book.create_sheet(kpi["kpi"][:31]), data, kpi)
    return save(book, title(data), dt.datetime(data["year"], 9, 30))


def _summary(sheet: Any, data: dict[str, Any]) -> None:
    sheet.title = "Summary"
    width = sum(column[1] for column in SUMMARY)
    lines = [(title(data), cell_font(bold=True, size=14)), (data["published"] + ".", None),
             (area_line(data), None), (rules_line(data), None), (neighbours_line(data), None),
             (data["attribution"], cell_font(italic=True, color="404040"))]
    for n, (text, font) in enumerate(lines, 1):
        cell = put(sheet, n, 1, text, wrap=True)
        if font is not None:
            cell.font = font
        sheet.merge_cells(start_row=n, start_column=1, end_row=n, end_column=len(SUMMARY))
        fit_height(sheet, n, [(text, width)], size=14 if n == 1 else 11)
    header = TITLE_ROWS + 1
    headings = [c[0] for c in SUMMARY]
    headings[9] = f"Median, {region_name(data)}"
    write_header(sheet, header, headings, [c[1] for c in SUMMARY])
    fit_height(sheet, header, [(h, c[1]) for h, c in zip(headings, SUMMARY, strict=True)])
    for n, kpi in enumerate(data["kpis"], header + 1):
        fmt, unit = value_format(kpi["unit"]), kpi["unit"]
        region, near = kpi["region"] or {}, kpi["neighbours"] or {}
        cells = [(kpi["label"], None), (kpi["kpi"], None), (direction(kpi), None),
                 (stored(kpi["value"], unit), fmt), (kpi["rank"], WHOLE), (kpi["of"], WHOLE),
                 (None if kpi["quartile"] is None else quartile_text(kpi), None),
                 (stored(kpi["all"]["median"], unit), fmt), (kpi["all"]["n"], WHOLE),
                 (stored(region.get("median"), unit), fmt), (region.get("n"), WHOLE),
                 (stored(near.get("median"), unit), fmt), (near.get("n"), WHOLE),
                 (_note(kpi), None)]
        wrapped = []
        for column, ((value, number_format), (_, size, wrap)) in enumerate(
                zip(cells, SUMMARY, strict=True), 1):
            put(sheet, n, column, value, number_format, wrap)
            if wrap and isinstance(value, str):
                wrapped.append((value, size))
        fit_height(sheet, n, wrapped)
    last = header + len(data["kpis"])
    sheet.freeze_panes = sheet.cell(row=header + 1, column=1)
    if last > header:
        sheet.auto_filter.ref = f"A{header}:{get_column_letter(len(SUMMARY))}{last}"
    print_setup(sheet, header)


def _note(kpi: dict[str, Any]) -> str | None:
    parts = [kpi["note"]] if kpi["note"] else []
    for word, group in (("region", kpi["region"]), ("neighbours", kpi["neighbours"])):
        if group is not None and group["note"]:
            parts.append(f"{word}: {group['note']}")
    return "; ".join(parts) or None


# (heading, width) of a KPI's sheet; the value columns the chart draws come after Figure.
FIGURES = (("Rank", 7), ("Authority", 34), ("Region", 22), ("Figure", 10))


def _kpi_sheet(sheet: Any, data: dict[str, Any], kpi: dict[str, Any]) -> None:
    """Every authority's figure, lowest first, split into three columns the chart's series draw
    (the council, a neighbour, another authority: one filled a row, so each bar has its
    series' colour), the medians repeated down a column each (a line across the chart), and the
    chart beside them."""
    unit, fmt = kpi["unit"], value_format(kpi["unit"])
    council = data["council"]["dfe_area"]
    near = set((data.get("neighbours") or {}).get("areas", []))
    medians = [(key, name, kpi[key]["median"]) for key, name in (
        ("all", "Median, all authorities"), ("region", f"Median, {region_name(data)}"),
        ("neighbours", "Median, neighbours")) if kpi.get(key) and kpi[key]["median"] is not None]
    headings = [h for h, _ in FIGURES] + [council, "Statistical neighbour", "Other authority"] \
        + [name for _, name, _ in medians]
    widths = [w for _, w in FIGURES] + [12, 12, 12] + [12] * len(medians)
    write_header(sheet, 1, headings, widths)
    fit_height(sheet, 1, list(zip(headings, widths, strict=True)))
    for n, figure in enumerate(kpi["figures"], 2):
        kind = 0 if figure["area"] == kpi["area"] else 1 if figure["area"] in near else 2
        value = stored(figure["value"], unit)
        cells = [(figure["rank"], WHOLE), (figure["area"], None), (figure["region"], None),
                 (value, fmt)] + [(value if kind == i else None, fmt) for i in range(3)] \
            + [(stored(median, unit), fmt) for _, _, median in medians]
        for column, (cell, number_format) in enumerate(cells, 1):
            put(sheet, n, column, cell, number_format)
    last = 1 + len(kpi["figures"])
    sheet.freeze_panes = "A2"
    if last > 1:
        sheet.auto_filter.ref = f"A1:{get_column_letter(len(headings))}{last}"
        sheet.add_chart(_chart(sheet, kpi, council, last, [key for key, _, _ in medians]),
                        f"{get_column_letter(len(headings) + 2)}2")
    print_setup(sheet, 1)


def _chart(sheet: Any, kpi: dict[str, Any], council: str, last: int,
           medians: list[str]) -> Any:
    """The ranked bars (three series stacked, one of them filled a row) and the median lines,
    the authorities' names as the categories."""
    bars = BarChart()
    bars.type = "col"
    bars.grouping = "stacked"
    bars.overlap = 100
    bars.gapWidth = 30
    bars.title = chart_title(f"{kpi['label']}, {kpi['published']}: {council} and every "
                             "authority, lowest first", TITLE_SIZE)
    bars.add_data(Reference(sheet, min_col=5, max_col=7, min_row=1, max_row=last),
                  titles_from_data=True)
    names = AxDataSource(strRef=StrRef(f=str(Reference(sheet, min_col=2, min_row=2,
                                                       max_row=last))))
    for series, colour in zip(bars.series, (COUNCIL, NEIGHBOUR, OTHER), strict=True):
        series.graphicalProperties.solidFill = colour
        series.graphicalProperties.line.solidFill = colour
        series.cat = names
    percent = kpi["unit"] == "%"
    bars.y_axis.number_format = PERCENT_AXIS if percent else "0"
    bars.y_axis.scaling.min = 0
    bars.y_axis.title = kpi["unit"] if not percent else None
    bars.x_axis.title = "Authorities, lowest figure (rank 1) on the left"
    bars.x_axis.tickLblPos = "none"  # 150 names would be unreadable: the table names them
    for axis in (bars.x_axis, bars.y_axis):
        axis.delete = False
    if medians:
        lines = LineChart()
        lines.add_data(Reference(sheet, min_col=8, max_col=7 + len(medians), min_row=1,
                                 max_row=last), titles_from_data=True)
        for series, key in zip(lines.series, medians, strict=True):
            series.graphicalProperties.line.solidFill = MEDIAN_COLOURS[key]
            series.graphicalProperties.line.width = 19050  # 1.5 pt
            series.graphicalProperties.line.dashStyle = "dash"
            series.marker.symbol = "none"
            series.smooth = False
            series.cat = names
        bars += lines
    bars.legend.position = "b"
    bars.width, bars.height = CHART_WIDTH, CHART_HEIGHT
    return bars
