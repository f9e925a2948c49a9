"""The scorecard as an Excel workbook, byte-identical for the same scorecard.

Sheets: **Scorecard** (a title block, then one row per target with a coloured status cell),
**Benchmarks** (one row per target and benchmark), **Groups** (one row per group of each target
judged group by group), **Definitions** and **Data quality**.
Text is always stored as text, never as a formula, whatever it starts with.
"""

from __future__ import annotations

import datetime as dt
import math
from typing import Any

from openpyxl import Workbook
from openpyxl.styles import Alignment, PatternFill
from openpyxl.utils import get_column_letter

from wfkpi.render.common import COLOURS
from wfkpi.render.scorecard.text import (
    as_at_line,
    benchmark_texts,
    judged_by_group,
    measured,
    scope_text,
    set_aside_rows,
    strategy_line,
    verdict_line,
)
from wfkpi.render.workbook import (
    ONE_DP,
    WHOLE,
    cell_font,
    header_cell,
    print_setup,
    put,
    save,
    value_format,
    write_header,
)

DATE = "d mmm yyyy"
TITLE_ROWS = 5  # title, as-at, strategy, status counts, attribution; the header row follows

# (heading, width, wrapped) of the Scorecard sheet: what a reader needs first, then the details
# (printed two pages across, the target repeated on each).
COLUMNS = (("Target", 28, True), ("Label", 28, True), ("Value", 10, False),
           ("Previous", 10, False), ("Goal", 24, True), ("Due", 12, False),
           ("Status", 14, False), ("Why", 44, True), ("Benchmarks", 40, True),
           ("KPI", 24, True), ("Method", 9, False), ("Scope", 24, True), ("Unit", 13, True),
           ("Numerator", 11, False), ("Denominator", 13, False), ("Note", 60, True),
           ("Document", 30, True), ("Section", 30, True), ("Quote", 70, True))
STATUS_COLUMN = 7


def part_format(value: Any, kpi: str | None) -> str:
    """Numerators and denominators: 1 decimal place for FTE and days, else whole numbers."""
    fractional = any(word in (kpi or "") for word in ("fte", "days"))
    if fractional or (isinstance(value, float) and not value.is_integer()):
        return ONE_DP
    return WHOLE


def render(card: dict[str, Any]) -> bytes:
    """An Excel workbook: Scorecard, Benchmarks, Groups, Definitions and Data quality sheets."""
    book = Workbook()
    _scorecard_sheet(book.active, card)
    _benchmarks_sheet(book.create_sheet("Benchmarks"), card)
    _groups_sheet(book.create_sheet("Groups"), card)
    _definitions_sheet(book.create_sheet("Definitions"), card)
    _quality_sheet(book.create_sheet("Data quality"), card)
    return save(book, f"Scorecard: {card['council']['name']}",
                dt.datetime.fromisoformat(card["as_at"]))


# --------------------------------------------------------------------------- cells

def _fit_height(sheet: Any, row: int, texts: list[tuple[str, int]]) -> None:
    """A row tall enough for its wrapped text (Excel does not grow rows it did not write)."""
    lines = max((_lines(text, width) for text, width in texts), default=1)
    if lines > 1:
        sheet.row_dimensions[row].height = min(409, 15 * lines)


def _lines(text: str, width: int) -> int:
    per_line = max(1, int(width * 1.15))  # a column's width is in digits; text runs narrower
    return sum(max(1, math.ceil(len(part) / per_line)) for part in text.split("\n"))


def _table_end(sheet: Any, header_row: int, columns: int, last_row: int) -> None:
    sheet.freeze_panes = sheet.cell(row=header_row + 1, column=1)
    if last_row > header_row:
        sheet.auto_filter.ref = f"A{header_row}:{get_column_letter(columns)}{last_row}"


# --------------------------------------------------------------------------- sheets

def _scorecard_sheet(sheet: Any, card: dict[str, Any]) -> None:
    sheet.title = "Scorecard"
    title = put(sheet, 1, 1, f"{card['council']['name']}: workforce scorecard")
    title.font = cell_font(bold=True, size=14)
    put(sheet, 2, 1, as_at_line(card))
    put(sheet, 3, 1, strategy_line(card))
    counts = "   ".join(f"{status}: {n}" for status, n in card["summary"].items())
    put(sheet, 4, 1, f"Targets by status   {counts}").font = cell_font(bold=True)
    put(sheet, 5, 1, card.get("attribution") or "").font = cell_font(italic=True, color="404040")
    header = TITLE_ROWS + 1
    write_header(sheet, header, [c[0] for c in COLUMNS], [c[1] for c in COLUMNS])
    for n, row in enumerate(card["rows"], header + 1):
        _target_row(sheet, n, row)
    _table_end(sheet, header, len(COLUMNS), header + len(card["rows"]))
    sheet.freeze_panes = sheet.cell(row=header + 1, column=2)
    print_setup(sheet, header, pages_across=2)
    sheet.print_title_cols = "A:A"


def _target_row(sheet: Any, n: int, row: dict[str, Any]) -> None:
    source = row.get("source") or {}
    unit = value_format(row["unit"])
    due = dt.date.fromisoformat(row["due"]) if row["due"] else None
    values = [(row["target_id"], None), (row["label"], None), (row["value"], unit),
              (row["previous"], unit), (row["target"], None), (due, DATE),
              (row["status"], None), (row["status_note"], None),
              ("\n".join(benchmark_texts(row)), None), (row["kpi"], None),
              (row["method"], None), (scope_text(row), None), (row["unit"], None),
              (row["numerator"], part_format(row["numerator"], row["kpi"])),
              (row["denominator"], part_format(row["denominator"], row["kpi"])),
              (row["note"], None), (source.get("document"), None),
              (source.get("section"), None), (source.get("quote"), None)]
    wrapped = []
    for column, ((value, fmt), (_, width, wrap)) in enumerate(zip(values, COLUMNS, strict=True),
                                                              1):
        put(sheet, n, column, value, fmt, wrap)
        if wrap and isinstance(value, str):
            wrapped.append((value, width))
    _status_cell(sheet.cell(row=n, column=STATUS_COLUMN), row["status"])
    _fit_height(sheet, n, wrapped)


def _status_cell(cell: Any, status: str) -> None:
    fill, text = COLOURS[status]
    cell.fill = PatternFill("solid", fgColor=fill)
    cell.font = cell_font(bold=True, color=text)
    cell.alignment = Alignment(vertical="top", horizontal="center")


def _benchmarks_sheet(sheet: Any, card: dict[str, Any]) -> None:
    headings = ["Target", "Label", "KPI", "Scope", "Unit", "Value", "Status", "Benchmark",
                "Benchmark value"]
    write_header(sheet, 1, headings, [30, 30, 24, 22, 13, 10, 14, 52, 16])
    n = 1
    for row in measured(card):
        fmt = value_format(row["unit"])
        for benchmark in row["benchmarks"]:
            n += 1
            cells = [(row["target_id"], None), (row["label"], None), (row["kpi"], None),
                     (scope_text(row), None), (row["unit"], None), (row["value"], fmt),
                     (row["status"], None), (benchmark["name"], None), (benchmark["value"], fmt)]
            for column, (value, number_format) in enumerate(cells, 1):
                put(sheet, n, column, value, number_format)
            _status_cell(sheet.cell(row=n, column=7), row["status"])
    _table_end(sheet, 1, len(headings), n)
    print_setup(sheet, 1)


def _groups_sheet(sheet: Any, card: dict[str, Any]) -> None:
    """One row per group of each target judged group by group: its figure and status."""
    headings = ["Target", "Label", "By", "Group", "People", "Value", "Previous", "Status", "Why"]
    widths = [30, 30, 10, 30, 9, 10, 10, 14, 60]
    write_header(sheet, 1, headings, widths)
    n = 1
    for row in judged_by_group(card):
        fmt = value_format(row["unit"])
        for group in row["groups"]:
            n += 1
            cells = [(row["target_id"], None), (row["label"], None), (row["breakdown"], None),
                     (group["group"], None), (group["headcount"], WHOLE), (group["value"], fmt),
                     (group["previous"], fmt), (group["status"], None), (group["note"], None)]
            for column, (value, number_format) in enumerate(cells, 1):
                put(sheet, n, column, value, number_format, wrap=column == 9)
            _status_cell(sheet.cell(row=n, column=8), group["status"])
    _table_end(sheet, 1, len(headings), n)
    print_setup(sheet, 1)


def _definitions_sheet(sheet: Any, card: dict[str, Any]) -> None:
    widths = [26, 9, 34, 14, 90]
    write_header(sheet, 1, ["KPI", "Method", "Label", "Unit", "Definition"], widths)
    for n, item in enumerate(card.get("definitions") or [], 2):
        definition = item["definition"].replace("``", "")  # reStructuredText literals
        cells = [item["kpi"], item["method"], item["label"], item["unit"], definition]
        for column, value in enumerate(cells, 1):
            put(sheet, n, column, value, wrap=column in (3, 5))
        _fit_height(sheet, n, [(item["label"], widths[2]), (definition, widths[4])])
    _table_end(sheet, 1, 5, 1 + len(card.get("definitions") or []))
    print_setup(sheet, 1)


def _quality_sheet(sheet: Any, card: dict[str, Any]) -> None:
    quality = card["data_quality"]
    for column, width in enumerate([46, 52, 14, 11, 11, 11], 1):
        sheet.column_dimensions[get_column_letter(column)].width = width
    put(sheet, 1, 1, "Data quality of the extract").font = cell_font(bold=True, size=14)
    put(sheet, 2, 1, verdict_line(quality["input"]))
    n = 3
    for label, value in (("Verdict", quality["input"]["verdict"]),
                         ("Errors", quality["input"]["errors"]),
                         ("Warnings", quality["input"]["warnings"])):
        n += 1
        put(sheet, n, 1, label).font = cell_font(bold=True)
        put(sheet, n, 2, value, WHOLE)
    n = _quality_table(sheet, n + 2, "Issues by code", ["Code", "Count"],
                       [[code, count] for code, count in quality["input"]["issues"].items()])
    tables = [[t["table"], t["file"], t["sheet"] or "", t["rows"], t["set_aside"], t["loaded"],
               t.get("matched")] for t in quality["input"]["tables"]]
    n = _quality_table(sheet, n + 2, "Tables read",
                       ["Table", "File", "Sheet", "Rows", "Set aside", "Loaded",
                        "Name a worker"], tables)
    n = _quality_table(sheet, n + 2, "Records set aside, by method, scope and KPI",
                       ["Method:scope:KPI", "Reason", "Records"],
                       [list(item) for item in set_aside_rows(quality)])
    attribution = put(sheet, n + 2, 1, card.get("attribution") or "")
    attribution.font = cell_font(italic=True, color="404040")
    print_setup(sheet, None)


def _quality_table(sheet: Any, start: int, title: str, headings: list[str],
                   rows: list[list[Any]]) -> int:
    put(sheet, start, 1, title).font = cell_font(bold=True, size=12)
    for column, heading in enumerate(headings, 1):
        header_cell(put(sheet, start + 1, column, heading))
    n = start + 1
    for values in rows or [["none"]]:
        n += 1
        for column, value in enumerate(values, 1):
            put(sheet, n, column, value, WHOLE, wrap=isinstance(value, str))
    return n
