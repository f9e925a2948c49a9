"""Reading a CSV or spreadsheet into a grid of cell text, finding its header row.

The result is a :class:`Grid`: the header cells, and the data cells as a frame of strings
(``""`` for empty) whose ``row`` numbers are those a person sees in a spreadsheet (header
included). Nothing here knows about canonical tables; problems that stop the file being read at
all are raised as :class:`FileProblem`. A CSV is read by :mod:`wfkpi.read.text`, a spreadsheet by
:mod:`wfkpi.read.sheets`; the grid and what both share are in :mod:`wfkpi.read.grid`.
"""

from __future__ import annotations

from pathlib import Path

from wfkpi.core.issues import Issue
from wfkpi.read import limits as lim
from wfkpi.read.grid import (
    HEADER_SEARCH_ROWS,
    FileProblem,
    Grid,
    cell_text,
    grid_from_rows,
    header_key,
)
from wfkpi.read.limits import MB, Limits
from wfkpi.read.sheets import sheet_rows
from wfkpi.read.text import blocks, text_grid

__all__ = ["HEADER_SEARCH_ROWS", "READABLE_SUFFIXES", "SPREADSHEET_SUFFIXES", "TEXT_SUFFIXES",
           "FileProblem", "Grid", "blocks", "cell_text", "header_key", "read_grid"]

SPREADSHEET_SUFFIXES = {".xlsx", ".xlsm", ".xls", ".ods"}
TEXT_SUFFIXES = {".csv", ".txt", ".tsv", ".dat"}  # .dat: an HCM Data Loader file
READABLE_SUFFIXES = SPREADSHEET_SUFFIXES | TEXT_SUFFIXES


def read_grid(
    path: Path,
    *,
    display: str,
    sheet: str | int | None = None,
    header_row: int | None = None,
    known_headers: set[str] | frozenset[str] = frozenset(),
    limits: Limits | None = None,
    block: str | None = None,
) -> Grid:
    """Read ``path`` (CSV-like or spreadsheet) and split header from data.

    ``header_row`` is 1-based as in a spreadsheet; when None, the header is the row among the
    first few that names most of ``known_headers`` (compared with :func:`header_key`). A file
    over one of ``limits`` is refused (an ``over-limit`` problem) before it is read in full.
    """
    limits = limits or Limits()
    size = path.stat().st_size
    if size == 0:
        raise FileProblem(Issue("empty-file", "The file is empty", file=display))
    if size > limits.file_mb * MB:
        raise FileProblem(Issue("over-limit", lim.message(
            "file-mb", f"The file is {size / MB:,.0f} MB", limits), file=display))
    if path.suffix.lower() in SPREADSHEET_SUFFIXES:
        if block is not None:
            raise FileProblem(Issue("unreadable-file", f"The mapping reads block '{block}', "
                                    "a part of a delimited text file (an HCM Data Loader "
                                    ".dat file); this is a workbook", file=display))
        rows, sheet_name, others = sheet_rows(path, display, sheet, limits)
        grid = grid_from_rows(rows, display, header_row, known_headers, sheet_name, {})
        grid.other_sheets = others
        return grid
    return text_grid(path, display, header_row, known_headers, limits, block)

