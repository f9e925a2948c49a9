"""The grid of cell text every file becomes, and what reading CSVs and spreadsheets shares.

A :class:`Grid` holds the header cells, and the data cells as a frame of strings (``""`` for
empty) whose ``row`` numbers are those a person sees in a spreadsheet (header included). Nothing
here knows about canonical tables; problems that stop a file being read at all are raised as
:class:`FileProblem`.
"""

from __future__ import annotations

import datetime as dt
import itertools
import re
from collections.abc import Callable, Sequence
from dataclasses import dataclass, field

import numpy as np
import pandas as pd
import pyarrow as pa

from wfkpi.core.issues import Issue
from wfkpi.read import limits as lim
from wfkpi.read.limits import Limits

HEADER_SEARCH_ROWS = 30  # the header is looked for among the first rows


class FileProblem(Exception):
    """A file that cannot be read at all; carries the issue to report."""

    def __init__(self, issue: Issue) -> None:
        super().__init__(issue.message)
        self.issue = issue


@dataclass
class Grid:
    file: str
    header: list[str]
    cells: pd.DataFrame  # string cells, columns 0..n-1, index = spreadsheet row number
    header_row: int
    sheet: str | None = None
    details: dict[str, str] = field(default_factory=dict)  # encoding, delimiter
    malformed: dict[int, Issue] = field(default_factory=dict)  # row -> why it cannot be read
    trimmed: bool = False  # known: no cell starts or ends with whitespace (stripping is a no-op)
    other_sheets: dict[str, int] = field(default_factory=dict)  # unread sheets with data -> rows
    block: str | None = None  # the block read, of a text file of several (read.text)


def header_key(text: str) -> str:
    """How headers are compared: case, spacing and punctuation do not matter."""
    return " ".join(re.sub(r"[^0-9a-z%]+", " ", text.lower()).split())


def sniff(raw: bytes) -> str:
    """What a file seems to be from its first bytes, for a message saying it is no CSV or
    workbook."""
    if raw.startswith(b"%PDF"):
        return "it is a PDF document"
    if raw.startswith(b"PK\x03\x04"):
        return "it is a zip archive or an Excel workbook with the wrong name"
    if raw.startswith(b"\xd0\xcf\x11\xe0"):
        return "it is an old-style Office file or a password-protected workbook"
    if raw.lstrip().startswith((b"<", b"\xef\xbb\xbf<")):
        return "it is an XML or HTML document"
    if b"\x00" not in raw[:4096]:
        return "it is a text file; if it is a CSV, name it .csv"
    return "it holds binary data"



# Excel's own size of a worksheet: a sheet said to be larger is not a real one, whatever the
# limits (XLSX, XLSM, XLS and ODS alike).
EXCEL_ROWS, EXCEL_COLUMNS = 1_048_576, 16_384


def check_shape(rows: int, width: int, display: str, sheet: str | None, limits: Limits,
                 header_line: int | None = None) -> None:
    """Refuse a sheet or CSV with more columns, or cells, than the limits allow, and a sheet
    larger than a worksheet can be."""
    if sheet is not None and (rows > EXCEL_ROWS or width > EXCEL_COLUMNS):
        raise FileProblem(Issue("over-limit", f"The sheet spans {rows:,} rows of {width:,} "
                                f"columns, more than a worksheet can hold ({EXCEL_ROWS:,} rows "
                                f"of {EXCEL_COLUMNS:,} columns): it is not a real worksheet",
                                file=display, sheet=sheet))
    if width > limits.columns:
        raise FileProblem(Issue("over-limit", lim.message(
            "columns", f"The {'sheet' if sheet else 'file'} has {width:,} columns", limits),
            file=display, sheet=sheet, row=header_line))
    if rows * width > limits.cells:
        raise FileProblem(Issue("over-limit", lim.message(
            "cells", f"The {'sheet' if sheet else 'file'} has about {rows * width:,} cells "
            f"({rows:,} rows of {width:,} columns)", limits), file=display, sheet=sheet))



def cell_text(value: object) -> str:
    """A spreadsheet cell as the text a CSV export of it would hold."""
    if value is None:
        return ""
    if isinstance(value, bool):
        return "true" if value else "false"
    if isinstance(value, float):
        return str(int(value)) if value.is_integer() else repr(value)
    if isinstance(value, dt.datetime):
        return value.date().isoformat() if value.time() == dt.time() else value.isoformat(" ")
    if isinstance(value, dt.date):
        return value.isoformat()
    return str(value).strip()


def grid_from_rows(
    rows: Sequence[Sequence[object]], display: str, header_row: int | None,
    known: set[str] | frozenset[str], sheet: str, details: dict[str, str],
) -> Grid:
    text_rows = [[cell_text(v) for v in row] for row in rows[:HEADER_SEARCH_ROWS]]
    index = header_index(text_rows, header_row, known, display, sheet)
    header = [cell_text(v) for v in rows[index]]
    width = len(header)
    body = rows[index + 1:]
    if any(len(r) != width for r in body):  # calamine's rows are all as wide as the sheet
        body = [list(r[:width]) + [None] * (width - len(r)) for r in body]
    if body:
        frame = pd.DataFrame(_columns_text(body, width))
        frame.columns = pd.RangeIndex(width)
    else:
        frame = pd.DataFrame(columns=range(width), dtype=object).astype(str)
    frame.index = pd.RangeIndex(index + 2, index + 2 + len(frame))
    return Grid(display, header, frame, index + 1, sheet, details)


def _columns_text(body: Sequence[Sequence[object]], width: int) -> dict[int, pd.Series]:
    """:func:`cell_text` of every cell of ``body`` (rows ``width`` cells wide), column by
    column. When every cell is text (every cell of a workbook saved as text), the cells are
    stripped in one flat run of ``str.strip`` mapped in C and cut into columns by numpy, about
    twice as fast as transposing the rows in Python; otherwise column by column, as a column of
    numbers or dates needs :func:`cell_text` on each cell."""
    try:
        texts = list(map(str.strip, itertools.chain.from_iterable(body)))
    except TypeError:  # some cell is not text: a number, a date, a blank (None)
        return {i: _column_text(column) for i, column in enumerate(zip(*body, strict=True))}
    cells = np.array(texts, dtype=object).reshape(len(body), width)
    return {i: pd.Series(pa.array(cells[:, i], type=pa.large_string()), dtype="str")
            for i in range(width)}


def _column_text(column: Sequence[object]) -> pd.Series:
    """:func:`cell_text` of every cell of a column, as a ``str`` series. A column of text only
    (the usual case, and every column of a workbook saved as text) is stripped with
    ``str.strip`` mapped in C, several times faster than a Python call per cell; the texts go
    to pyarrow directly, as pandas would check each one again."""
    try:
        texts = list(map(str.strip, column))  # what cell_text does to text
    except TypeError:  # a cell that is not text: a number, a date, a blank (None)
        texts = list(map(cell_text, column))
    return pd.Series(pa.array(texts, type=pa.large_string()), dtype="str")


# ------------------------------------------------------------------------- headers

def header_index(
    rows: Sequence[Sequence[str]], header_row: int | None, known: set[str] | frozenset[str],
    display: str, sheet: str | None = None,
) -> int:
    """0-based index of the header row among ``rows``."""
    nonblank = [i for i, r in enumerate(rows) if any(c.strip() for c in r)]
    if not nonblank:
        raise FileProblem(Issue("empty-file", "The file has no header row and no data",
                                file=display, sheet=sheet))
    if header_row is not None:
        if header_row - 1 >= len(rows):
            raise FileProblem(Issue("header-not-found", f"The mapping puts the header on row "
                                    f"{header_row}, but the file has only {len(rows)} rows",
                                    file=display, sheet=sheet, row=header_row))
        return header_row - 1
    score: Callable[[int], int] = lambda i: sum(header_key(c) in known for c in rows[i])  # noqa: E731
    best = max(nonblank, key=lambda i: (score(i), -i))
    return best if score(best) > 0 else nonblank[0]
