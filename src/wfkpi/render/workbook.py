"""What every Excel workbook wfkpi writes shares: cells that keep text as text, number formats
that round as DfE publishes (a rate is stored as a true percentage, 0.367 shown as 36.7%), a
header row, A4 landscape print setup that keeps text at a readable size, the figures a chart draws
for a target's goal, and bytes that depend only on the contents (the scorecard's and the trend's
workbooks are byte-identical for the same data).
"""

from __future__ import annotations

import datetime as dt
import io
import re
import zipfile
from typing import Any

from openpyxl.cell.cell import ILLEGAL_CHARACTERS_RE
from openpyxl.chart.text import RichText, Text
from openpyxl.chart.title import Title
from openpyxl.drawing.text import (
    CharacterProperties,
    Paragraph,
    ParagraphProperties,
    RegularTextRun,
)
from openpyxl.styles import Alignment, Font, PatternFill
from openpyxl.utils import get_column_letter
from openpyxl.xml.functions import tostring

from wfkpi.core.display import fractional_part

HEADER_FILL = "1F3864"
ONE_DP = "0.0"
TWO_DP = "0.00"
WHOLE = "0"
PERCENT = "0.0%"  # of a fraction: write a figure in % through ``stored``
PERCENT_AXIS = "0%"

# Printing: the text size every cell starts at, the smallest a printed page may shrink it to,
# and A4 landscape's width less the side margins, in pixels at 96 per inch.
TEXT_SIZE = 11
SMALLEST_PRINTED = 9
SIDE_MARGIN = 0.4  # inches
PRINTABLE_PX = (11.69 - 2 * SIDE_MARGIN) * 96
DEFAULT_WIDTH = 8.43  # Excel's column width when none is set, in digits


def chart_title(text: str, size: int) -> Any:
    """A chart's title in bold, ``size`` in hundredths of a point."""
    font = CharacterProperties(sz=size, b=True)
    paragraph = Paragraph(pPr=ParagraphProperties(defRPr=font),
                          r=[RegularTextRun(rPr=font, t=text)])
    return Title(tx=Text(rich=RichText(p=[paragraph])), overlay=False)


def part_format(value: Any, kpi: str | None) -> str:
    """A numerator's or denominator's number format, as the terminal shows it
    (:func:`wfkpi.core.display.fractional_part`)."""
    return ONE_DP if fractional_part(value, kpi) else WHOLE


def stored(value: Any, unit: str | None) -> Any:
    """A figure as its cell holds it: a figure in % as the fraction Excel formats as a
    percentage (36.7 → 0.367); anything else, and a missing figure (None, never 0), as it is."""
    if unit == "%" and isinstance(value, int | float) and not isinstance(value, bool):
        return value / 100
    return value


def value_format(unit: str | None) -> str:
    """The number format DfE's rounding gives a figure in ``unit`` (a figure in % must be
    written through :func:`stored`, as the fraction the format multiplies by 100)."""
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
    """Landscape A4, ``pages_across`` pages wide and as many long as it takes, narrow side
    margins, the header row on every page and the page number at the foot."""
    sheet.page_setup.orientation = "landscape"
    sheet.page_setup.paperSize = sheet.PAPERSIZE_A4
    sheet.page_setup.fitToWidth = pages_across
    sheet.page_setup.fitToHeight = 0
    sheet.sheet_properties.pageSetUpPr.fitToPage = True
    margins = sheet.page_margins
    margins.left = margins.right = SIDE_MARGIN
    margins.top = margins.bottom = 0.6
    margins.header = margins.footer = 0.3
    sheet.oddFooter.center.text = "Page &P of &N"
    sheet.oddFooter.center.size = SMALLEST_PRINTED
    if header:
        sheet.print_title_rows = f"{header}:{header}"


def printed_scale(sheet: Any) -> float:
    """The scale fitting the sheet's used columns to one page's width gives (1 when they fit):
    a column is 7 pixels a digit of width and 5 of padding, at Calibri 11's measure.
    Text printed at ``TEXT_SIZE`` times this must be at least ``SMALLEST_PRINTED`` points."""
    pixels = 0.0
    for column in range(1, sheet.max_column + 1):
        width = sheet.column_dimensions[get_column_letter(column)].width or DEFAULT_WIDTH
        pixels += int(width * 7 + 5)
    return min(1.0, PRINTABLE_PX / pixels) if pixels else 1.0


def fit_height(sheet: Any, row: int, texts: list[tuple[str, float]], size: int = TEXT_SIZE) -> None:
    """A row tall enough for its wrapped text (Excel does not grow rows it did not write):
    ``texts`` are each wrapped cell's text and width in digits."""
    lines = max((_lines(text, width, size) for text, width in texts), default=1)
    if lines > 1:
        sheet.row_dimensions[row].height = min(409, round(size * 1.36 * lines + 2, 1))


def _lines(text: str, width: float, size: int) -> int:
    # a column's width is in Calibri 11 digits; text runs about 1.2 characters to a digit (less
    # in capitals and bold), and a word that does not fit moves whole to the next line
    per_line = max(1, int(width * 1.2 * TEXT_SIZE / size) - 1)
    count = 0
    for part in text.split("\n"):
        lines, used = 1, 0
        for word in part.split(" "):
            if used and used + 1 + len(word) > per_line:
                lines, used = lines + 1, 0
            used += (1 if used else 0) + len(word)
            while used > per_line:  # a word longer than a line is broken
                lines, used = lines + 1, used - per_line
        count += lines
    return count


# --------------------------------------------------------------------------- goals as figures
# The goal of a target is in words (``Target.describe``): ``<= 20%``, ``15 to 20 ASYE starters
# per year``, ``at or below Inner London``, ``lower than the previous year``. A chart draws the
# figures in those words, and none where the words hold none.

_NUMBER = r"-?\d+(?:\.\d+)?(?:e[+-]?\d+)?"
_LIMIT = re.compile(rf"(?:<=|>=|<|>) ({_NUMBER})")
_RANGE = re.compile(rf"({_NUMBER}) to ({_NUMBER})")
_CHANGE = re.compile(rf"(?:({_NUMBER})% )?(higher|lower) than the previous year")


def range_bounds(goal: str | None) -> tuple[float, float] | None:
    """The two ends of a range target's goal (``15 to 20 ASYE starters per year`` → 15, 20), or
    None: for any other goal, and for a range of change on the previous year (``-15 to 15
    percent change on previous years``), which bounds the change, not the figure."""
    match = _RANGE.match(goal or "")
    if match is None or re.search(r"\b(change|previous)\b", goal or ""):
        return None
    return float(match[1]), float(match[2])


def goal_figure(row: dict[str, Any]) -> float | None:
    """The one figure a scorecard row's value is judged against, in the value's unit: the
    target's own (``<= 20%`` → 20), the benchmark's (``at or below Inner London``), last year's
    (``lower than the previous year``), or last year's moved by a stated change in % of a
    figure not itself in % (``15% higher than the previous year or more``). None for a range,
    and where the words give no figure."""
    goal = row.get("target") or ""
    limit = _LIMIT.match(goal)
    if limit:
        return float(limit[1])
    if row.get("benchmark_value") is not None:
        return float(row["benchmark_value"])
    change, previous = _CHANGE.match(goal), row.get("previous")
    if change is None or previous is None:
        return None
    if change[1] is None:
        return float(previous)
    if row.get("unit") == "%":  # 2% lower: percentage points or per cent? the words don't say
        return None
    step = float(change[1]) * (1 if change[2] == "higher" else -1)
    return float(previous) * (1 + step / 100)
