"""What every Excel workbook wfkpi writes shares: cells that keep text as text, number formats
that round as DfE publishes, a header row, A4 print setup, and bytes that depend only on the
contents (the scorecard's and the trend's workbooks are byte-identical for the same data).
"""

from __future__ import annotations

import datetime as dt
import io
import zipfile
from typing import Any

from openpyxl.cell.cell import ILLEGAL_CHARACTERS_RE
from openpyxl.styles import Alignment, Font, PatternFill
from openpyxl.utils import get_column_letter
from openpyxl.xml.functions import tostring

HEADER_FILL = "1F3864"
ONE_DP = "0.0"
TWO_DP = "0.00"
WHOLE = "0"
PERCENT = '0.0"%"'


def value_format(unit: str | None) -> str:
    """The number format DfE's rounding gives a figure in ``unit``."""
    if unit == "%":
        return PERCENT
    if unit in ("people", "cases"):
        return WHOLE
    if unit == "ratio":
        return TWO_DP
    return ONE_DP if unit else "General"


def save(book: Any, title: str, day: dt.datetime) -> bytes:
    """The workbook's bytes, titled, created and modified on ``day`` (never the clock)."""
    book.properties.title = title
    book.properties.creator = "wfkpi"
    book.properties.created = day
    raw = io.BytesIO()
    book.save(raw)
    book.properties.modified = day  # ``save`` stamps the clock time; put the day back
    return stable_zip(raw.getvalue(), core_xml(book))


def core_xml(book: Any) -> bytes:
    return tostring(book.properties.to_tree())


def stable_zip(data: bytes, core: bytes) -> bytes:
    """The entries sorted by name ([Content_Types].xml first), with fixed timestamps and
    attributes, so the bytes depend only on the contents."""
    out = io.BytesIO()
    with zipfile.ZipFile(io.BytesIO(data)) as old, \
            zipfile.ZipFile(out, "w", zipfile.ZIP_DEFLATED) as new:
        entries = sorted(old.infolist(),
                         key=lambda e: (e.filename != "[Content_Types].xml", e.filename))
        for entry in entries:
            info = zipfile.ZipInfo(entry.filename, date_time=(1980, 1, 1, 0, 0, 0))
            info.compress_type = zipfile.ZIP_DEFLATED
            info.create_system = 3
            info.external_attr = 0o644 << 16
            body = core if entry.filename == "docProps/core.xml" else old.read(entry)
            new.writestr(info, body)
    return out.getvalue()


def put(sheet: Any, row: int, column: int, value: Any, number_format: str | None = None,
        wrap: bool = False) -> Any:
    """Write one cell; text stays text even when it starts with ``=``."""
    cell = sheet.cell(row=row, column=column)
    if isinstance(value, str):
        cell.value = ILLEGAL_CHARACTERS_RE.sub("", value)
        cell.data_type = "s"
    else:
        cell.value = value
        if number_format and value is not None:
            cell.number_format = number_format
    number = isinstance(value, int | float | dt.date) and not isinstance(value, bool)
    cell.alignment = Alignment(vertical="top", wrap_text=wrap,
                               horizontal="right" if number else None, indent=1 if number else 0)
    return cell


def cell_font(*, bold: bool = False, italic: bool = False, size: int = 11,
              color: str | None = None) -> Any:
    return Font(name="Calibri", size=size, bold=bold, italic=italic, color=color)


def header_cell(cell: Any) -> None:
    """White bold text on the header blue."""
    cell.font = cell_font(bold=True, color="FFFFFF")
    cell.fill = PatternFill("solid", fgColor=HEADER_FILL)


def write_header(sheet: Any, row: int, headings: list[str], widths: list[int]) -> None:
    for column, (heading, width) in enumerate(zip(headings, widths, strict=True), 1):
        header_cell(put(sheet, row, column, heading, wrap=True))
        sheet.column_dimensions[get_column_letter(column)].width = width


def print_setup(sheet: Any, header: int | None, pages_across: int = 1) -> None:
    """Landscape A4, ``pages_across`` pages wide, the header row on every page."""
    sheet.page_setup.orientation = "landscape"
    sheet.page_setup.paperSize = sheet.PAPERSIZE_A4
    sheet.page_setup.fitToWidth = pages_across
    sheet.page_setup.fitToHeight = 0
    sheet.sheet_properties.pageSetUpPr.fitToPage = True
    if header:
        sheet.print_title_rows = f"{header}:{header}"
