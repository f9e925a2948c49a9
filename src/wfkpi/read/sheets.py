"""Reading a spreadsheet (XLSX, XLSM, XLS, ODS) into rows of cells with python-calamine.

A workbook is checked before it is opened: its first bytes must be a workbook's, and an XLSX's
parts must not unzip to more than the limit (a zip bomb is never inflated). One sheet is read,
the named one or the first; when none was named, the other visible sheets that hold data are
measured, so the reader can say they were not read.
"""

from __future__ import annotations

import re
import zipfile
from pathlib import Path
from typing import Any

from defusedxml import DefusedXmlException, ElementTree
from python_calamine import CalamineWorkbook, SheetTypeEnum, SheetVisibleEnum

from wfkpi.core.issues import Issue
from wfkpi.read import limits as lim
from wfkpi.read.grid import FileProblem, check_shape, sniff
from wfkpi.read.limits import MB, Limits


def sheet_rows(
    path: Path, display: str, sheet: str | int | None, limits: Limits
) -> tuple[list[list[object]], str, dict[str, int]]:
    """The rows of the named sheet (or the first), its name, and, when no sheet was named, the
    other sheets that hold data (see :func:`_other_sheets`)."""
    with path.open("rb") as handle:
        head = handle.read(4096)
    if not head.startswith((b"PK\x03\x04", b"\xd0\xcf\x11\xe0")):
        raise FileProblem(Issue("not-a-workbook", f"This is not an Excel workbook "
                                f"({sniff(head)})", file=display))
    if head.startswith(b"PK\x03\x04"):
        _check_zip(path, display, limits)
    try:
        book = CalamineWorkbook.from_path(str(path))
    except Exception as exc:  # calamine raises several of its own types
        raise FileProblem(Issue("not-a-workbook", "The workbook could not be opened "
                                f"({_first_line(exc)}); it may be damaged or "
                                "password-protected", file=display)) from None
    names = list(book.sheet_names)
    if not names:
        raise FileProblem(Issue("not-a-workbook", "The workbook has no sheets", file=display))
    if sheet is None:
        name = names[0]
    elif isinstance(sheet, int):
        if not 1 <= sheet <= len(names):
            raise FileProblem(Issue("sheet-not-found", f"There is no sheet number {sheet}; "
                                    f"the sheets are: {', '.join(names)}", file=display))
        name = names[sheet - 1]
    else:
        matches = [n for n in names if n.strip().lower() == sheet.strip().lower()]
        if not matches:
            raise FileProblem(Issue("sheet-not-found", f"There is no sheet '{sheet}'; the "
                                    f"sheets are: {', '.join(names)}", file=display))
        name = matches[0]
    try:
        loaded = book.get_sheet_by_name(name)
        check_shape(loaded.height, loaded.width, display, name, limits)
        rows = loaded.to_python(skip_empty_area=False)
    except FileProblem:
        raise
    except Exception as exc:
        raise FileProblem(Issue("unreadable-file", f"Sheet '{name}' could not be read "
                                f"({_first_line(exc)})", file=display, sheet=name)) from None
    return rows, name, _other_sheets(book, path, name) if sheet is None else {}


# The smallest block of cells taken for data on a sheet not read: a header and a row, two
# columns wide. A sheet of notes (a line or a column of text) is less.
_DATA_ROWS, _DATA_COLUMNS = 2, 2


def _other_sheets(book: Any, path: Path, read: str) -> dict[str, int]:
    """The visible worksheets other than ``read`` whose used range spans at least a header and
    a row of two columns, with the rows it spans. An XLSX sheet's range is the ``dimension`` it
    declares at its top, so the sheet is not read; a sheet without one, and every sheet of an
    XLS or ODS workbook (which calamine reads whole when it opens them), is measured by
    calamine."""
    declared = _xlsx_dimensions(path) if path.suffix.lower() in (".xlsx", ".xlsm") else {}
    found = {}
    for meta in book.sheets_metadata:
        if (meta.name == read or meta.typ != SheetTypeEnum.WorkSheet
                or meta.visible != SheetVisibleEnum.Visible):
            continue
        try:
            if meta.name in declared:
                height, width = declared[meta.name]
            else:
                loaded = book.get_sheet_by_name(meta.name)
                height, width = loaded.height, loaded.width
        except Exception:  # a sheet that cannot be measured is no reason not to read this one
            continue
        if height >= _DATA_ROWS and width >= _DATA_COLUMNS:
            found[meta.name] = height
    return found


_DIMENSION = re.compile(rb'<(?:\w+:)?dimension\b[^>]*?\bref="\$?([A-Z]+)\$?(\d+)'
                        rb'(?::\$?([A-Z]+)\$?(\d+))?"')
_SHEET_DATA = re.compile(rb"<(?:\w+:)?sheetData\b")
_RELATIONSHIP = "{http://schemas.openxmlformats.org/officeDocument/2006/relationships}id"


def _xlsx_dimensions(path: Path) -> dict[str, tuple[int, int]]:
    """Each XLSX sheet's used range as its ``<dimension ref="A1:K500">`` declares it, as (rows,
    columns), read from the first 64 KB of the sheet's part (the element comes before the
    cells). A sheet whose part declares none is left out; so is every sheet when the parts
    cannot be followed."""
    try:
        with zipfile.ZipFile(path) as archive:
            book = ElementTree.fromstring(archive.read("xl/workbook.xml"))
            rels = ElementTree.fromstring(archive.read("xl/_rels/workbook.xml.rels"))
            targets = {r.get("Id"): r.get("Target", "") for r in rels
                       if r.tag.endswith("Relationship")}
            found = {}
            for sheet in book.iter():
                if not sheet.tag.endswith("}sheet") or sheet.get("name") is None:
                    continue
                target = targets.get(sheet.get(_RELATIONSHIP), "")
                part = target.lstrip("/") if target.startswith("/") else f"xl/{target}"
                with archive.open(part) as handle:
                    head = handle.read(65536)
                cut = _SHEET_DATA.search(head)
                m = _DIMENSION.search(head[: cut.start()] if cut else head)
                if m:
                    rows = int(m[4] or m[2]) - int(m[2]) + 1
                    columns = _column_number(m[3] or m[1]) - _column_number(m[1]) + 1
                    found[sheet.get("name")] = (rows, columns)
            return found
    except (KeyError, OSError, ValueError, zipfile.BadZipFile, EOFError,
            ElementTree.ParseError, DefusedXmlException):
        return {}


def _column_number(letters: bytes) -> int:
    number = 0
    for letter in letters:
        number = number * 26 + letter - 64
    return number


def _check_zip(path: Path, display: str, limits: Limits) -> None:
    """Refuse a workbook whose parts would unzip to more than the limit, by the sizes the zip
    declares, before anything is unzipped (a zip bomb is never inflated)."""
    try:
        with zipfile.ZipFile(path) as archive:
            declared = sum(info.file_size for info in archive.infolist())
    except (zipfile.BadZipFile, OSError, ValueError, EOFError) as exc:
        raise FileProblem(Issue("not-a-workbook", "The workbook could not be opened (its zip "
                                f"structure is broken: {_first_line(exc)}); it may be "
                                "truncated or damaged: export it again", file=display)) from None
    if declared > limits.unzipped_mb * MB:
        raise FileProblem(Issue("over-limit", lim.message(
            "unzipped-mb", f"The workbook unzips to {declared / MB:,.0f} MB", limits),
            file=display))



def _first_line(exc: Exception) -> str:
    text = str(exc).strip().splitlines()
    return text[0][:200] if text else type(exc).__name__
