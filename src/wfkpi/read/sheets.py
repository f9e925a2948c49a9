"""Reading a spreadsheet (XLSX, XLSM, XLS, ODS) into rows of cells with python-calamine.

A workbook is checked before it is opened: its first bytes must be a workbook's, and an XLSX's
parts must not unzip to more than the limit (a zip bomb is never inflated). One sheet is read,
the named one or the first; when none was named, the other visible sheets that hold data are
measured, so the reader can say they were not read.
"""

from __future__ import annotations

import zipfile
from pathlib import Path
from typing import Any

import numpy as np
from defusedxml import DefusedXmlException, ElementTree
from lxml import etree
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
    if path.suffix.lower() == ".ods":  # calamine expands every sheet of an ODS as it opens it
        for name, extent in _ods_extents(path).items():
            check_shape(*extent, display, name, limits)
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
    extents = _xlsx_extents(path, None if sheet is None else name) \
        if path.suffix.lower() in (".xlsx", ".xlsm") else {}
    if name in extents:  # measured before a cell is built: a tiny file can span every cell
        check_shape(*extents[name], display, name, limits)
    try:
        loaded = book.get_sheet_by_name(name)
        check_shape(loaded.height, loaded.width, display, name, limits)
        rows = loaded.to_python(skip_empty_area=False)
    except FileProblem:
        raise
    except Exception as exc:
        raise FileProblem(Issue("unreadable-file", f"Sheet '{name}' could not be read "
                                f"({_first_line(exc)})", file=display, sheet=name)) from None
    return rows, name, _other_sheets(book, extents, name) if sheet is None else {}


# The smallest block of cells taken for data on a sheet not read: a header and a row, two
# columns wide. A sheet of notes (a line or a column of text) is less.
_DATA_ROWS, _DATA_COLUMNS = 2, 2


def _other_sheets(book: Any, extents: dict[str, tuple[int, int]], read: str) -> dict[str, int]:
    """The visible worksheets other than ``read`` whose used range spans at least a header and
    a row of two columns, with the rows it spans. An XLSX sheet is measured by streaming its
    part (:func:`_xlsx_extents`), so it is not read; every sheet of an XLS or ODS workbook
    (which calamine reads whole when it opens them) is measured by calamine."""
    found = {}
    for meta in book.sheets_metadata:
        if (meta.name == read or meta.typ != SheetTypeEnum.WorkSheet
                or meta.visible != SheetVisibleEnum.Visible):
            continue
        try:
            if meta.name in extents:
                height, width = extents[meta.name]
            else:
                loaded = book.get_sheet_by_name(meta.name)
                height, width = loaded.height, loaded.width
        except Exception:  # a sheet that cannot be measured is no reason not to read this one
            continue
        if height >= _DATA_ROWS and width >= _DATA_COLUMNS:
            found[meta.name] = height
    return found


# What a cell or row refers to, read after any r=" (a cell's r="XFD1048576", a row's r="7"): an
# optional $ and one to three capital letters name a column (a fourth letter is not read); an
# optional $, at most three letters, an optional $ and one to seven digits closed by " name a
# row. So $B$12 is column 2 and row 12, r="ABCD1" names column ABC and no row, r="7" row 7.
_R, _EQUALS, _QUOTE, _DOLLAR = b'r="$'
_PAST_END = 16  # zero bytes put after a chunk, so a reference or tag read past its end stops
_RELATIONSHIP = "{http://schemas.openxmlformats.org/officeDocument/2006/relationships}id"
_CHUNK = 1 << 20  # bytes of a sheet part scanned at a time
_OVERLAP = 512  # kept from the chunk before, so a tag cut in two is still seen whole


def _xlsx_extents(path: Path, only: str | None = None) -> dict[str, tuple[int, int]]:
    """Each XLSX sheet's extent (or the sheet ``only``'s) as (rows, columns), from the furthest
    row and cell its part refers to, whatever its ``<dimension>`` says, found by streaming the
    part without building a cell: a workbook of a few KB whose one cell sits at XFD1048576 is
    measured, not expanded. Empty when the parts cannot be followed (calamine then says why the
    workbook cannot be opened)."""
    try:
        with zipfile.ZipFile(path) as archive:
            book = ElementTree.fromstring(archive.read("xl/workbook.xml"))
            rels = ElementTree.fromstring(archive.read("xl/_rels/workbook.xml.rels"))
            targets = {r.get("Id"): r.get("Target", "") for r in rels
                       if r.tag.endswith("Relationship")}
            found = {}
            for sheet in book.iter():
                if (not sheet.tag.endswith("}sheet") or sheet.get("name") is None
                        or only not in (None, sheet.get("name"))):
                    continue
                target = targets.get(sheet.get(_RELATIONSHIP), "")
                part = target.lstrip("/") if target.startswith("/") else f"xl/{target}"
                with archive.open(part) as handle:
                    found[sheet.get("name")] = _extent(handle)
            return found
    except (KeyError, OSError, ValueError, zipfile.BadZipFile, EOFError,
            ElementTree.ParseError, DefusedXmlException):
        return {}


_OFFICE = "urn:oasis:names:tc:opendocument:xmlns:office:1.0"
_TABLE = "urn:oasis:names:tc:opendocument:xmlns:table:1.0"
_ROW_TAG, _SHEET_TAG = f"{{{_TABLE}}}table-row", f"{{{_TABLE}}}table"
_ROWS_REPEATED = f"{{{_TABLE}}}number-rows-repeated"
_COLUMNS_REPEATED = f"{{{_TABLE}}}number-columns-repeated"
_VALUE_TYPE = f"{{{_OFFICE}}}value-type"


def _ods_extents(path: Path) -> dict[str, tuple[int, int]]:
    """Each ODS sheet's extent as (rows, columns) up to its last cell that holds something,
    with repeated rows and cells counted, not expanded: an 873-byte file whose one cell is
    repeated 1,000 columns by 99,000 rows is measured in kilobytes. Empty repeats (LibreOffice
    pads a sheet with a million empty rows) do not count. Empty when the file cannot be
    followed (calamine then says why)."""
    found: dict[str, tuple[int, int]] = {}
    rows = last_row = width = 0
    try:
        with zipfile.ZipFile(path) as archive, archive.open("content.xml") as handle:
            for _, element in etree.iterparse(handle, events=("end",),
                                              tag=(_ROW_TAG, _SHEET_TAG),
                                              resolve_entities=False, no_network=True,
                                              load_dtd=False, huge_tree=False):
                if element.tag == _ROW_TAG:
                    repeated = int(element.get(_ROWS_REPEATED, "1") or 1)
                    column = filled = 0
                    for cell in element:
                        column += int(cell.get(_COLUMNS_REPEATED, "1") or 1)
                        if cell.get(_VALUE_TYPE) is not None or len(cell):
                            filled = column
                    rows += repeated
                    if filled:
                        last_row, width = rows, max(width, filled)
                else:
                    found[element.get(f"{{{_TABLE}}}name") or str(len(found) + 1)] = (
                        last_row, width)
                    rows = last_row = width = 0
                element.clear()
                while element.getprevious() is not None:
                    del element.getparent()[0]
    except (KeyError, OSError, ValueError, zipfile.BadZipFile, EOFError,
            etree.XMLSyntaxError):
        return {}
    return found


def _extent(handle: Any) -> tuple[int, int]:
    """The (rows, columns) a sheet part spans: the largest row and column any cell or row
    refers to, and at least as many rows as it has (rows need not carry their number)."""
    rows = columns = counted = 0
    tail = b""
    while chunk := handle.read(_CHUNK):
        text = tail + chunk
        data = np.frombuffer(text + bytes(_PAST_END), np.uint8)
        furthest_row, furthest_column = _furthest(data)
        rows, columns = max(rows, furthest_row), max(columns, furthest_column)
        counted += _row_tags(data, len(tail))  # the chunk's own, not those of the overlap
        tail = text[-_OVERLAP:]
    return max(rows, counted), columns


def _row_tags(data: np.ndarray, start: int) -> int:
    """How many times <row, or :row and a space (a namespaced x:row), begins at or after
    ``start`` in ``data``. Each is looked for at its w, a byte far rarer in a sheet than <."""
    at = np.flatnonzero(data[start + 3:] == ord("w")) + start + 3
    row = (data[at - 2] == ord("r")) & (data[at - 1] == ord("o"))
    tag = (data[at - 3] == ord("<")) | ((data[at - 3] == ord(":")) & (data[at + 1] == ord(" ")))
    return int(np.count_nonzero(row & tag))


def _furthest(data: np.ndarray) -> tuple[int, int]:
    """The largest row and column the references in ``data`` (the text scanned at a time,
    then :data:`_PAST_END` zeros) name, 0 when none does. All the references are read together, as
    numpy arrays holding the byte at each offset after every r=" (13 at most: $XFD$1048576"),
    not as a regular expression's matches, one bytes object per cell: on a sheet of 100,000
    rows those took as long to build as calamine took to read the sheet."""
    found = data[:-2] == _R  # the padding holds no quote, so every r=" found is in the text
    found &= data[1:-1] == _EQUALS
    found &= data[2:] == _QUOTE
    at = np.flatnonzero(found) + 3  # where each reference starts, after its r="
    if not len(at):
        return 0, 0
    at += data[at] == _DOLLAR
    # The column: up to three letters, A as 1, each letter read only if those before it were.
    # A byte is a number from 0 to 255, so taking ord("A") from a byte below A wraps it round
    # above Z's 25, as taking ord("0") from one below "0" (for the row) wraps it above 9.
    columns = np.zeros(len(at), np.int32)
    reading = np.ones(len(at), bool)
    letters = np.zeros(len(at), np.int64)
    for offset in range(3):
        letter = data[at + offset] - ord("A")
        reading &= letter <= 25
        columns = np.where(reading, columns * 26 + letter + 1, columns)
        letters += reading
    # The row: after those letters and an optional $, one to seven digits, then a quote (so a
    # fourth letter, read as neither, means there is none). Leading zeros count for nothing.
    at += letters + (data[at + letters] == _DOLLAR)
    rows = np.zeros(len(at), np.int32)
    reading = np.ones(len(at), bool)
    digits = np.zeros(len(at), np.int64)
    for offset in range(7):
        digit = data[at + offset] - ord("0")
        reading &= digit <= 9
        if not reading.any():
            break
        rows = np.where(reading, rows * 10 + digit, rows)
        digits += reading
    named = (digits > 0) & (data[at + digits] == _QUOTE)
    return int(rows[named].max()) if named.any() else 0, int(columns.max())


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
