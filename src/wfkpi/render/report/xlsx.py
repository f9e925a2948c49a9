"""The KPI report as an Excel workbook, byte-identical for the same report.

Sheets: **KPIs** (a title block, then one row per KPI), **Groups** (with ``--by``: one row per
group and KPI, the total last) and **Data quality**. Rates are true percentages (0.208 shown
``20.8%``); a KPI without a value says "no data" on a grey fill, never 0, with the reason beside
it. Text is always stored as text, never as a formula, whatever it starts with.
"""

from __future__ import annotations

import datetime as dt
import math
from typing import Any

from openpyxl import Workbook
from openpyxl.styles import PatternFill
from openpyxl.utils import get_column_letter

from wfkpi.render.common import COLOURS, unread_line
from wfkpi.render.report.text import (
    NO_DATA,
    as_at_line,
    engine_notes,
    group_name,
    heading,
    params_text,
    set_aside_text,
    why_text,
)
from wfkpi.render.scorecard.text import verdict_line
from wfkpi.render.workbook import (
    WHOLE,
    cell_font,
    header_cell,
    part_format,
    print_setup,
    put,
    save,
    stored,
    value_format,
    write_header,
)

TITLE_ROWS = 4  # title, as-at and window, method and parameters, input verdict

# (heading, width, wrapped) of a KPI row, after the group's columns on the Groups sheet.
KPI_COLUMNS = (("KPI", 30, True), ("Label", 30, True), ("Value", 11, False),
               ("Unit", 10, True), ("Numerator", 12, False), ("Denominator", 13, False),
               ("Rows used", 10, False), ("Set aside", 26, True),
               ("Why no value, and notes", 48, True), ("Method", 9, False))
GROUP_COLUMNS = (("By", 10, False), ("Group", 26, True), ("People", 9, False))
VALUE_COLUMN = 3  # of KPI_COLUMNS, counted from 1


def render(data: dict[str, Any]) -> bytes:
    """An Excel workbook: KPIs, Groups (with ``--by``) and Data quality sheets."""
    report = data["report"]
    book = Workbook()
    _kpis_sheet(book.active, data)
    if report["groups"]:
        _groups_sheet(book.create_sheet("Groups"), report)
    _quality_sheet(book.create_sheet("Data quality"), report)
    return save(book, f"KPIs: {data['path']}", dt.datetime.fromisoformat(report["as_at"]))




def _kpi_cells(kpi: str, item: dict[str, Any], method: str) -> list[tuple[Any, str | None]]:
    value = stored(item["value"], item["unit"])  # a rate as a true percentage: 0.352, 35.2%
    return [(kpi, None), (item["label"], None),
            (NO_DATA if value is None else value, value_format(item["unit"])),
            (item["unit"], None),
            (item["numerator"], part_format(item["numerator"], kpi)),
            (item["denominator"], part_format(item["denominator"], kpi)),
            (item["rows_used"], WHOLE), (set_aside_text(item, join="\n"), None),
            (why_text(item, join="\n"), None), (method, None)]


def _write_row(sheet: Any, n: int, cells: list[tuple[Any, str | None]],
               columns: tuple[tuple[str, int, bool], ...], missing_at: int | None) -> None:
    wrapped = []
    for column, ((value, fmt), (_, width, wrap)) in enumerate(zip(cells, columns, strict=True),
                                                              1):
        put(sheet, n, column, value if value != "" else None, fmt, wrap)
        if wrap and isinstance(value, str):
            wrapped.append((value, width))
    if missing_at is not None:
        fill, text = COLOURS[NO_DATA]
        cell = sheet.cell(row=n, column=missing_at)
        cell.fill = PatternFill("solid", fgColor=fill)
        cell.font = cell_font(italic=True, color=text)
    _fit_height(sheet, n, wrapped)


def _fit_height(sheet: Any, row: int, texts: list[tuple[str, int]]) -> None:
    """A row tall enough for its wrapped text (Excel does not grow rows it did not write)."""
    lines = max((sum(max(1, math.ceil(len(part) / max(1, int(width * 1.15))))
                     for part in text.split("\n")) for text, width in texts), default=1)
    if lines > 1:
        sheet.row_dimensions[row].height = min(409, 15 * lines)


def _table_end(sheet: Any, header: int, columns: int, last: int, freeze_column: int) -> None:
    sheet.freeze_panes = sheet.cell(row=header + 1, column=freeze_column)
    if last > header:
        sheet.auto_filter.ref = f"A{header}:{get_column_letter(columns)}{last}"


def _kpis_sheet(sheet: Any, data: dict[str, Any]) -> None:
    report = data["report"]
    sheet.title = "KPIs"
    put(sheet, 1, 1, f"KPIs: {heading(data)}").font = cell_font(bold=True, size=14)
    put(sheet, 2, 1, as_at_line(data) + ".")
    put(sheet, 3, 1, f"Parameters: {params_text(report)}." if report["params"] else "")
    put(sheet, 4, 1, verdict_line(report["data_quality"]["input"])).font = cell_font(bold=True)
    header = TITLE_ROWS + 1
    write_header(sheet, header, [c[0] for c in KPI_COLUMNS], [c[1] for c in KPI_COLUMNS])
    for n, (kpi, item) in enumerate(report["kpis"].items(), header + 1):
        _write_row(sheet, n, _kpi_cells(kpi, item, report["method"]), KPI_COLUMNS,
                   VALUE_COLUMN if item["value"] is None else None)
    _table_end(sheet, header, len(KPI_COLUMNS), header + len(report["kpis"]), 2)
    print_setup(sheet, header, pages_across=2)
    sheet.print_title_cols = "A:A"


def _groups_sheet(sheet: Any, report: dict[str, Any]) -> None:
    """One row per group and KPI, the total row's last: for a filter or a pivot table."""
    columns = GROUP_COLUMNS + KPI_COLUMNS
    write_header(sheet, 1, [c[0] for c in columns], [c[1] for c in columns])
    n = 1
    for group in report["groups"]:
        where = [(group["by"], None), (group_name(group), None), (group["headcount"], WHOLE)]
        for kpi, item in group["kpis"].items():
            n += 1
            _write_row(sheet, n, where + _kpi_cells(kpi, item, report["method"]), columns,
                       len(GROUP_COLUMNS) + VALUE_COLUMN if item["value"] is None else None)
            if group["total"]:
                sheet.cell(row=n, column=2).font = cell_font(bold=True)
    _table_end(sheet, 1, len(columns), n, 3)
    print_setup(sheet, 1, pages_across=2)
    sheet.print_title_cols = "A:B"


def _quality_sheet(sheet: Any, report: dict[str, Any]) -> None:
    quality = report["data_quality"]["input"]
    for column, width in enumerate([46, 52, 14, 11, 11, 11, 14], 1):
        sheet.column_dimensions[get_column_letter(column)].width = width
    put(sheet, 1, 1, "Data quality of the extract").font = cell_font(bold=True, size=14)
    put(sheet, 2, 1, verdict_line(quality))
    if quality.get("unread"):
        put(sheet, 3, 1, unread_line(quality))
    n = 3
    for label, value in (("Verdict", quality["verdict"]), ("Errors", quality["errors"]),
                         ("Warnings", quality["warnings"])):
        n += 1
        put(sheet, n, 1, label).font = cell_font(bold=True)
        put(sheet, n, 2, value, WHOLE)
    n = _small_table(sheet, n + 2, "Issues by code", ["Code", "Count"],
                     [[code, count] for code, count in quality["issues"].items()])
    tables = [[t["table"], t["file"], t["sheet"] or "", t["rows"], t["set_aside"], t["loaded"],
               t.get("matched")] for t in quality["tables"]]
    n = _small_table(sheet, n + 2, "Tables read", ["Table", "File", "Sheet", "Rows", "Set aside",
                                                  "Loaded", "Name a worker"], tables)
    if quality.get("unread"):
        n = _small_table(sheet, n + 2, "Tables left unread", ["Table", "File", "Why"],
                         [[u["table"], u["file"], u["why"]] for u in quality["unread"]])
    n = _small_table(sheet, n + 2, "Notes", ["Note"],
                     [[note] for note in engine_notes(report)])
    print_setup(sheet, None)


def _small_table(sheet: Any, start: int, title: str, headings: list[str],
                 rows: list[list[Any]]) -> int:
    put(sheet, start, 1, title).font = cell_font(bold=True, size=12)
    for column, name in enumerate(headings, 1):
        header_cell(put(sheet, start + 1, column, name))
    n = start + 1
    for values in rows or [["none"]]:
        n += 1
        for column, value in enumerate(values, 1):
            put(sheet, n, column, value, WHOLE, wrap=isinstance(value, str))
    return n
