"""Reading a CSV or spreadsheet into a grid of cell text, finding its header row.

The result is a :class:`Grid`: the header cells, and the data cells as a frame of strings
(``""`` for empty) whose ``row`` numbers are those a person sees in a spreadsheet (header
included). Nothing here knows about canonical tables; problems that stop the file being read at
all are raised as :class:`FileProblem`.
"""

from __future__ import annotations

import csv
import datetime as dt
import io
import itertools
import re
import warnings
import zipfile
from collections.abc import Callable, Iterator, Sequence
from dataclasses import dataclass, field
from pathlib import Path
from typing import Any

import numpy as np
import pandas as pd
from defusedxml import DefusedXmlException, ElementTree

from wfkpi.core.issues import Issue
from wfkpi.read import limits as lim
from wfkpi.read.limits import MB, Limits

SPREADSHEET_SUFFIXES = {".xlsx", ".xlsm", ".xls", ".ods"}
TEXT_SUFFIXES = {".csv", ".txt", ".tsv"}
READABLE_SUFFIXES = SPREADSHEET_SUFFIXES | TEXT_SUFFIXES
HEADER_SEARCH_ROWS = 30


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


def header_key(text: str) -> str:
    """How headers are compared: case, spacing and punctuation do not matter."""
    return " ".join(re.sub(r"[^0-9a-z%]+", " ", text.lower()).split())


def read_grid(
    path: Path,
    *,
    display: str,
    sheet: str | int | None = None,
    header_row: int | None = None,
    known_headers: set[str] | frozenset[str] = frozenset(),
    limits: Limits | None = None,
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
        rows, sheet_name, others = _spreadsheet_rows(path, display, sheet, limits)
        grid = _grid_from_rows(rows, display, header_row, known_headers, sheet_name, {})
        grid.other_sheets = others
        return grid
    raw = path.read_bytes()
    _check_lines(raw, display, limits)
    text, encoding = _decode(raw, display)
    del raw
    _refuse_nul(text, display)
    return _csv_grid(text, display, header_row, known_headers, encoding, limits)


# ----------------------------------------------------------------------------- CSV

_ENCODINGS = (("utf-8-sig", "UTF-8"), ("cp1252", "Windows-1252"))
_DELIMITERS = {",": "comma", ";": "semicolon", "\t": "tab", "|": "pipe"}


def _decode(raw: bytes, display: str) -> tuple[str, str]:
    if raw.startswith((b"\xff\xfe", b"\xfe\xff")):
        try:
            return raw.decode("utf-16"), "UTF-16"
        except UnicodeDecodeError:
            pass
    if _looks_binary(raw):
        raise FileProblem(Issue("not-a-workbook", f"This is not a text CSV ({_sniff(raw)}); "
                                "export the data as CSV or XLSX", file=display))
    for codec, name in _ENCODINGS:
        try:
            return raw.decode(codec), name
        except UnicodeDecodeError as exc:
            if codec == "utf-8-sig":
                _refuse_mixed(raw, exc.start, display)
            if codec == "cp1252":
                line = raw[: exc.start].count(b"\n") + 1
                raise FileProblem(Issue(
                    "encoding",
                    f"Line {line} is neither UTF-8 nor Windows-1252 text; save the file as "
                    "'CSV UTF-8' from Excel",
                    file=display, row=line)) from None
    raise AssertionError("unreachable")


_UTF8_MULTIBYTE = re.compile(rb"[\xc2-\xdf][\x80-\xbf]|[\xe0-\xef][\x80-\xbf]{2}"
                             rb"|[\xf0-\xf4][\x80-\xbf]{3}")


def _refuse_mixed(raw: bytes, bad: int, display: str) -> None:
    """Text that is not UTF-8 at ``bad`` but holds UTF-8 characters elsewhere mixes two
    encodings (rows pasted together from two exports): read either way, some names would come
    out garbled, so say where each is."""
    utf8 = _UTF8_MULTIBYTE.search(raw)
    if utf8 is None:
        return
    first, second = sorted((utf8.start(), bad))
    lines = [raw[:at].count(b"\n") + 1 for at in (first, second)]
    which = ("UTF-8", "Windows-1252") if first == utf8.start() else ("Windows-1252", "UTF-8")
    raise FileProblem(Issue(
        "encoding", f"The file mixes text encodings: line {lines[0]} is {which[0]} but line "
        f"{lines[1]} is {which[1]}, so some characters (£, é) would be garbled; save the file "
        "again as 'CSV UTF-8' from one source", file=display, row=lines[1]))


def _looks_binary(raw: bytes) -> bool:
    head = raw[:4096]
    return head.startswith((b"PK\x03\x04", b"%PDF", b"\xd0\xcf\x11\xe0")) or b"\x00" in head


def _sniff(raw: bytes) -> str:
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


def _csv_records(text: str, delimiter: str, limit: int) -> list[tuple[int, list[str]]]:
    """The first ``limit`` records with the line each starts on (1-based)."""
    reader = csv.reader(_lines(text), delimiter=delimiter)
    records = []
    line = 1
    try:
        for record in reader:
            records.append((line, record))
            line = reader.line_num + 1
            if len(records) >= limit:
                break
    except csv.Error:
        pass
    return records


def _lines(text: str) -> Iterator[str]:
    """The lines of ``text`` as ``io.StringIO(text)`` gives them (split after each LF, ends
    kept), one at a time: a StringIO would first copy the whole text, for the sake of a few
    lines at the top."""
    start = 0
    while start < len(text):
        end = text.find("\n", start) + 1 or len(text)
        yield text[start:end]
        start = end


def _delimiter(text: str) -> str:
    """The delimiter giving the most records of the same, widest shape."""
    sample = text[:65536]
    best, best_score = ",", (0, 0)
    for delimiter in _DELIMITERS:
        widths = [len(r) for _, r in _csv_records(sample, delimiter, 50) if any(r)]
        if not widths:
            continue
        common = max(set(widths), key=lambda w: (widths.count(w), w))
        score = (widths.count(common) if common > 1 else 0, common)
        if score > best_score:
            best, best_score = delimiter, score
    return best


def _csv_grid(
    text: str, display: str, header_row: int | None, known: set[str] | frozenset[str],
    encoding: str, limits: Limits,
) -> Grid:
    delimiter = _delimiter(text)
    records = _csv_records(text, delimiter, HEADER_SEARCH_ROWS)
    index = _header_index([r for _, r in records], header_row, known, display)
    line, header = records[index]
    width = len(header)
    _check_shape(text.count("\n") + 1 - line, width, display, None, limits, line)
    details = {"encoding": encoding, "delimiter": _DELIMITERS[delimiter]}
    fast = _arrow_cells(text, delimiter, line, width)
    if fast is not None:
        frame, trimmed = fast
        frame.index = pd.RangeIndex(index + 2, index + 2 + len(frame))
        return Grid(display, [h.strip() for h in header], frame, index + 1, None, details,
                    trimmed=trimmed)
    return _pandas_grid(text, delimiter, display, header, index, line, details)


def _pandas_grid(
    text: str, delimiter: str, display: str, header: list[str], index: int, line: int,
    details: dict[str, str],
) -> Grid:
    """The cells after the header read with pandas' C parser: any CSV, however broken."""
    width = len(header)
    try:
        with warnings.catch_warnings():
            warnings.simplefilter("error", pd.errors.ParserWarning)
            frame = pd.read_csv(
                io.StringIO(text), sep=delimiter, header=None, skiprows=line, dtype=str,
                keep_default_na=False, na_filter=False, skip_blank_lines=False, engine="c",
                names=range(width), index_col=False,
            )
        malformed: dict[int, Issue] = {}
    except (pd.errors.ParserError, pd.errors.ParserWarning) as exc:
        if "EOF inside string" in str(exc):
            raise FileProblem(_unclosed_quote(text, delimiter, display)) from None
        # Some row has more cells than the header: read it the slow, exact way.
        frame, malformed = _ragged_rows(text, delimiter, index, width, display)
    except pd.errors.EmptyDataError:
        frame, malformed = pd.DataFrame(columns=range(width), dtype=str), {}
    frame.index = pd.RangeIndex(index + 2, index + 2 + len(frame))
    return Grid(display, [h.strip() for h in header], frame, index + 1, None, details,
                malformed)


def _arrow_cells(
    text: str, delimiter: str, line: int, width: int
) -> tuple[pd.DataFrame, bool] | None:
    """The cells after line ``line`` read with pyarrow's multi-threaded parser, and whether no
    cell starts or ends with whitespace (see :func:`_trimmed`); None when the text is outside
    the simple case where pyarrow and pandas are known to agree.

    pyarrow splits text the same way as pandas' C parser (which :func:`_pandas_grid` uses)
    when no cell is quoted and every line ends in LF or CRLF: each line is a row, blank lines
    included, and cells are split at every delimiter. Quotes are left to pandas, because
    pyarrow reads a quote that is never closed as if it were closed, where pandas stops with
    the error wfkpi reports. A row with more or fewer cells than the header makes pyarrow
    stop, and pandas then reads the file as before (padding short rows, reporting long ones).
    """
    if not width or '"' in text or ("\r" in text and text.count("\r") != text.count("\r\n")):
        return None
    import pyarrow as pa
    from pyarrow import csv as pacsv

    start = 0
    for _ in range(line):  # pandas' skiprows: the first `line` lines, title rows and header
        start = text.find("\n", start) + 1
        if start == 0:
            return None
    try:
        encoded = text.encode("utf-8")
    except UnicodeEncodeError:  # a lone surrogate from a damaged UTF-16 file
        return None
    # The data without copying it again: where line `line` ends, counted in bytes.
    data = memoryview(encoded)[start if text.isascii() else len(text[:start].encode()):]
    if not len(data):
        return None
    names = [str(i) for i in range(width)]
    try:
        table = pacsv.read_csv(
            pa.py_buffer(data),
            read_options=pacsv.ReadOptions(column_names=names),
            parse_options=pacsv.ParseOptions(delimiter=delimiter, quote_char=False,
                                             ignore_empty_lines=False),
            convert_options=pacsv.ConvertOptions(
                # large_string is what pandas' str dtype holds: no conversion afterwards
                column_types=dict.fromkeys(names, pa.large_string()), strings_can_be_null=False,
                quoted_strings_can_be_null=False, null_values=[]),
        )
    except pa.ArrowException:  # a row wider or narrower than the header, a line too long, ...
        return None
    trimmed = _trimmed(text, data, delimiter)
    del data, encoded
    frame = pd.DataFrame({i: pd.Series(table.column(i), dtype="str", copy=False)
                          for i in range(width)})
    return frame, trimmed


# The ASCII characters that str.strip and pyarrow's utf8_trim_whitespace remove (the same for
# both), apart from the space and line ends.
_ASCII_SPACE = "\t\x0b\x0c\x1c\x1d\x1e\x1f"


def _trimmed(text: str, data: memoryview, delimiter: str) -> bool:
    """Whether no cell of ``data``, the part of ``text`` after the header (unquoted, lines
    ending in LF or CRLF: see :func:`_arrow_cells`), starts or ends with whitespace, so that
    stripping every cell would change nothing. That is so when the text is ASCII with no
    whitespace but spaces and line ends, and no space is next to a delimiter, a line end or
    either end of the data. Single characters are looked for in the text (as fast as memchr);
    spaces with numpy, as Python's search for two characters would take longer than stripping
    a million cells."""
    if not text.isascii() or any(c in text for c in _ASCII_SPACE):
        return False
    buffer = np.frombuffer(data, dtype=np.uint8)  # ASCII: one byte a character
    spaces = np.flatnonzero(buffer == 32)
    if not len(spaces):
        return True
    if spaces[0] == 0 or spaces[-1] == len(buffer) - 1:
        return False
    edges = np.array([ord(delimiter), 10, 13], dtype=np.uint8)
    return not (np.isin(buffer[spaces - 1], edges).any()
                or np.isin(buffer[spaces + 1], edges).any())


def _unclosed_quote(text: str, delimiter: str, display: str) -> Issue:
    """A quote opened and never closed swallows the rest of the file: name the row it opens on."""
    reader = csv.reader(io.StringIO(text), delimiter=delimiter, strict=True)
    row, start = 0, 1
    try:
        for row, _ in enumerate(reader, start=1):  # noqa: B007 - the count is the row number
            start = reader.line_num + 1
    except csv.Error:
        pass
    return Issue("malformed-csv", f"A double quote opened on line {start} is never closed, so "
                 "every line after it would run into one cell; close it or remove it",
                 file=display, row=row + 1)


def _ragged_rows(
    text: str, delimiter: str, header_index: int, width: int, display: str
) -> tuple[pd.DataFrame, dict[int, Issue]]:
    """Every row after the header, cut or padded to the header's width; a row with extra
    non-empty cells is reported (its values cannot be trusted to sit under their headers)."""
    rows: list[list[str]] = []
    malformed: dict[int, Issue] = {}
    reader = csv.reader(io.StringIO(text), delimiter=delimiter)
    try:
        for number, record in enumerate(reader, start=1):
            if number <= header_index + 1:
                continue
            if len(record) > width and any(c.strip() for c in record[width:]):
                malformed[number] = Issue(
                    "malformed-csv", f"This row has {len(record)} cells but the header has "
                    f"{width}; a value probably holds an unquoted "
                    f"{_DELIMITERS[delimiter]}. The row is set aside",
                    file=display, row=number)
            rows.append((record + [""] * width)[:width])
    except csv.Error as exc:
        raise FileProblem(Issue("malformed-csv", f"The CSV could not be split into cells "
                                f"({exc})", file=display, row=reader.line_num)) from None
    return pd.DataFrame(rows, columns=range(width), dtype=str), malformed


# ----------------------------------------------------------------------- spreadsheets

def _spreadsheet_rows(
    path: Path, display: str, sheet: str | int | None, limits: Limits
) -> tuple[list[list[object]], str, dict[str, int]]:
    """The rows of the named sheet (or the first), its name, and, when no sheet was named, the
    other sheets that hold data (see :func:`_other_sheets`)."""
    from python_calamine import CalamineWorkbook

    with path.open("rb") as handle:
        head = handle.read(4096)
    if not head.startswith((b"PK\x03\x04", b"\xd0\xcf\x11\xe0")):
        raise FileProblem(Issue("not-a-workbook", f"This is not an Excel workbook "
                                f"({_sniff(head)})", file=display))
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
        _check_shape(loaded.height, loaded.width, display, name, limits)
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
    from python_calamine import SheetTypeEnum, SheetVisibleEnum

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


def _check_shape(rows: int, width: int, display: str, sheet: str | None, limits: Limits,
                 header_line: int | None = None) -> None:
    """Refuse a sheet or CSV with more columns, or cells, than the limits allow."""
    if width > limits.columns:
        raise FileProblem(Issue("over-limit", lim.message(
            "columns", f"The {'sheet' if sheet else 'file'} has {width:,} columns", limits),
            file=display, sheet=sheet, row=header_line))
    if rows * width > limits.cells:
        raise FileProblem(Issue("over-limit", lim.message(
            "cells", f"The {'sheet' if sheet else 'file'} has about {rows * width:,} cells "
            f"({rows:,} rows of {width:,} columns)", limits), file=display, sheet=sheet))


def _refuse_nul(text: str, display: str) -> None:
    """A NUL character never belongs in a CSV: the file is damaged (or part binary), and a cell
    holding one would not read as the same text anywhere else."""
    at = text.find("\x00")
    if at >= 0:
        line = text.count("\n", 0, at) + 1
        raise FileProblem(Issue("malformed-csv", f"Line {line} holds a NUL character (code 0), "
                                "which no text export writes: the file is damaged; export it "
                                "again", file=display, row=line))


def _check_lines(raw: bytes, display: str, limits: Limits) -> None:
    """Refuse a file with a line longer than the limit (it is no row of an HR extract, and a cell
    that long makes every later step slow). Lines are measured in bytes, a block at a time."""
    import csv as csv_module

    longest = int(limits.line_kb * 1024)
    csv_module.field_size_limit(max(csv_module.field_size_limit(), longest))
    if len(raw) <= longest:
        return
    block = 1 << 24
    last = -1  # the newline before the line being measured
    lines = 0
    for start in range(0, len(raw), block):
        ends = np.flatnonzero(np.frombuffer(raw, np.uint8, min(block, len(raw) - start),
                                            start) == 10) + start
        bounds = np.concatenate(([last], ends, [len(raw)] if start + block >= len(raw) else []))
        over = np.flatnonzero(np.diff(bounds) - 1 > longest)
        if len(over):
            line = lines + int(over[0]) + 1
            raise FileProblem(Issue("over-limit", lim.message(
                "line-kb", f"Line {line} is over {longest / 1024:,.0f} KB long", limits),
                file=display, row=line))
        if len(ends):
            last = int(ends[-1])
        lines += len(ends)


def _first_line(exc: Exception) -> str:
    text = str(exc).strip().splitlines()
    return text[0][:200] if text else type(exc).__name__


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


def _grid_from_rows(
    rows: Sequence[Sequence[object]], display: str, header_row: int | None,
    known: set[str] | frozenset[str], sheet: str, details: dict[str, str],
) -> Grid:
    text_rows = [[cell_text(v) for v in row] for row in rows[:HEADER_SEARCH_ROWS]]
    index = _header_index(text_rows, header_row, known, display, sheet)
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
    import pyarrow as pa

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
    import pyarrow as pa

    try:
        texts = list(map(str.strip, column))  # what cell_text does to text
    except TypeError:  # a cell that is not text: a number, a date, a blank (None)
        texts = list(map(cell_text, column))
    return pd.Series(pa.array(texts, type=pa.large_string()), dtype="str")


# ------------------------------------------------------------------------- headers

def _header_index(
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
