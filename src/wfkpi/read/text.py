"""Reading a CSV (or other delimited text) into a grid of cell text, finding its header row.

The encoding (UTF-8, UTF-16 with a byte-order mark, else Windows-1252) and the delimiter are
found by looking; text that mixes encodings, holds NUL characters or has a line over the limit
is refused. The cells are split by pyarrow's parser when it reads the text as pandas' would
(quoted cells included), anything else by pandas'. A UTF-8 file, the usual case, is not decoded
as a whole: pyarrow parses its bytes as they are, and only the lines the header search reads are
decoded (all of them only when pandas has to read the file).
"""

from __future__ import annotations

import codecs
import csv
import io
import re
import warnings
from collections.abc import Iterator
from dataclasses import dataclass, replace
from pathlib import Path
from typing import NamedTuple

import numpy as np
import pandas as pd
import pyarrow as pa
import pyarrow.compute as pc
from pyarrow import csv as pacsv

from wfkpi.core.issues import Issue
from wfkpi.read import limits as lim
from wfkpi.read.grid import (
    HEADER_SEARCH_ROWS,
    FileProblem,
    Grid,
    check_shape,
    header_index,
    sniff,
)
from wfkpi.read.limits import Limits


def text_grid(
    path: Path, display: str, header_row: int | None, known: set[str] | frozenset[str],
    limits: Limits, block: str | None = None,
) -> Grid:
    """The file at ``path`` as a grid: see :func:`wfkpi.read.files.read_grid`; with ``block``,
    only that block of a file of several (:func:`_block`)."""
    raw = path.read_bytes()
    lf = _check_lines(raw, display, limits)
    utf8 = _as_utf8(raw, lf, display) if block is None else None
    if utf8 is not None:  # the usual case: read from the bytes, not decoded as a whole
        del raw  # held by utf8 alone, which lets go of it if pandas reads the text instead
        return _csv_grid(utf8, display, header_row, known, "UTF-8", limits)
    text, encoding = _decode(raw, display)
    del raw
    _refuse_nul(text, display)
    if block is None:
        return _csv_grid(text, display, header_row, known, encoding, limits)
    return _block(text, display, block, known, encoding, limits)


_HEADER_LINE, _DATA_LINE = "METADATA", "MERGE"


def blocks(path: Path) -> list[str]:
    """The blocks of a text file of several, in order (an HCM Data Loader file's components,
    each named on its ``METADATA`` line); none for any other file. Only a file whose first
    line that is not a ``SET`` instruction or a comment is a ``METADATA`` line is one."""
    names: list[str] = []
    with path.open(encoding="utf-8-sig", errors="replace") as lines:
        for line in lines:
            first, _, rest = line.partition("|")
            kind = (first.split() or [""])[0].upper()  # "SET PURGE_FUTURE_CHANGES N" is SET
            if not names and kind not in (_HEADER_LINE, "SET", "COMMENT", ""):
                return []
            name = rest.partition("|")[0].strip()
            if kind == _HEADER_LINE and name and name not in names:
                names.append(name)
    return names


def _block(text: str, display: str, block: str, known: set[str] | frozenset[str],
           encoding: str, limits: Limits) -> Grid:
    """One block of a file of several, each headed by a line of its own: an HCM Data Loader
    file, whose ``METADATA|Assignment|…`` line heads the ``MERGE|Assignment|…`` lines of the
    Assignment block. The block's header is its ``METADATA`` line, its rows its ``MERGE``
    lines; the grid keeps each row's line number in the file. The other lines (other blocks,
    ``SET`` instructions, ``DELETE`` lines, comments) are counted in the grid's details."""
    delimiter = _delimiter(text)
    kept: list[tuple[int, str]] = []
    header = None
    for number, line in enumerate(_lines(text), start=1):
        first, _, rest = line.partition(delimiter)
        if rest.partition(delimiter)[0].strip() != block:
            continue
        kind = first.strip().upper()
        if kind == _HEADER_LINE and header is None:
            header = number
            kept.append((number, line))
        elif kind == _HEADER_LINE:  # its columns may be in another order: not read by the first
            raise FileProblem(Issue(
                "header-not-found", f"Block '{block}' is headed twice, on lines {header} and "
                f"{number}, and its lines cannot all be read by one header; write the block "
                f"under one {_HEADER_LINE} line", file=display, row=number))
        elif kind == _DATA_LINE and header is not None:
            kept.append((number, line))
    if header is None:
        raise FileProblem(Issue("header-not-found", f"No {_HEADER_LINE}{delimiter}{block} line "
                                f"heads a block '{block}' in the file, which the mapping reads",
                                file=display))
    grid = _csv_grid("".join(line if line.endswith("\n") else line + "\n" for _, line in kept),
                     display, 1, known, encoding, limits)
    lines = [number for number, _ in kept]
    grid.cells.index = pd.Index([lines[row - 1] for row in grid.cells.index])
    grid.malformed = {lines[row - 1]: replace(issue, row=lines[row - 1])
                      for row, issue in grid.malformed.items()}
    grid.header_row, grid.block = header, block
    others = sum(1 for _ in _lines(text)) - len(kept)
    grid.details = {**grid.details, "block": f"{block}: lines {header} to {lines[-1]}; "
                    f"{others:,} lines of the file are outside it"}
    return grid


@dataclass
class _Utf8:
    """The text of a UTF-8 file as its bytes: ``raw[begin:]``, ``begin`` past a byte-order mark
    (3 or 0), with ``lf`` LFs. The bytes stand in for the text :func:`_decode` gives: a line
    end, a quote or a delimiter is one byte, never part of another character's bytes, so the
    bytes are split, searched and counted as the text would be."""

    raw: bytes
    begin: int
    lf: int

    def decode(self) -> str:
        """The whole text, decoded as :func:`_decode` decodes it, for pandas' parser. The bytes
        are let go of (and this object no longer holds the text): kept, they would take the
        file's size again in memory while pandas reads it."""
        text = self.raw.decode("utf-8-sig")
        self.raw = b""
        return text


def _as_utf8(raw: bytes, lf: int, display: str) -> _Utf8 | None:
    """``raw`` as UTF-8 bytes when :func:`_decode` would read it as UTF-8 (None otherwise, for
    it to read or refuse), after refusing a NUL character as :func:`_refuse_nul` does. Whether
    the bytes are UTF-8 is checked by pyarrow, which accepts the same bytes as Python's decoder
    (no overlong forms, no surrogates, nothing past U+10FFFF) without building the text."""
    if raw.startswith((b"\xff\xfe", b"\xfe\xff")) or _looks_binary(raw):
        return None
    begin = len(codecs.BOM_UTF8) if raw.startswith(codecs.BOM_UTF8) else 0
    if not _is_utf8(memoryview(raw)[begin:]):
        return None
    at = raw.find(b"\x00", begin)
    if at >= 0:
        raise FileProblem(_nul(raw.count(b"\n", begin, at) + 1, display))
    return _Utf8(raw, begin, lf)


def _is_utf8(data: memoryview) -> bool:
    """Whether ``data`` is UTF-8 text: the check of a pyarrow string array of one value."""
    offsets = np.array([0, len(data)], dtype=np.int64)
    text = pa.Array.from_buffers(pa.large_string(), 1,
                                 [None, pa.py_buffer(offsets), pa.py_buffer(data)])
    try:
        text.validate(full=True)
    except pa.ArrowInvalid:
        return False
    return True


_ENCODINGS = (("utf-8-sig", "UTF-8"), ("cp1252", "Windows-1252"))
_DELIMITERS = {",": "comma", ";": "semicolon", "\t": "tab", "|": "pipe"}


def _decode(raw: bytes, display: str) -> tuple[str, str]:
    if raw.startswith((b"\xff\xfe", b"\xfe\xff")):
        try:
            return raw.decode("utf-16"), "UTF-16"
        except UnicodeDecodeError:
            pass
    if _looks_binary(raw):
        raise FileProblem(Issue("not-a-workbook", f"This is not a text CSV ({sniff(raw)}); "
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



def _csv_records(text: str | _Utf8, delimiter: str, limit: int) -> list[tuple[int, list[str]]]:
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


def _lines(text: str | _Utf8) -> Iterator[str]:
    """The lines of ``text`` as ``io.StringIO(text)`` gives them (split after each LF, ends
    kept), one at a time: a StringIO would first copy the whole text, for the sake of a few
    lines at the top. The lines of UTF-8 bytes are decoded one by one, as they are read."""
    if isinstance(text, _Utf8):
        raw, start = text.raw, text.begin
        while start < len(raw):
            end = raw.find(b"\n", start) + 1 or len(raw)
            yield raw[start:end].decode("utf-8")
            start = end
        return
    start = 0
    while start < len(text):
        end = text.find("\n", start) + 1 or len(text)
        yield text[start:end]
        start = end


_SAMPLE = 65536  # the characters the delimiter is found from


def _sample(text: str | _Utf8) -> str:
    """The first characters of ``text``, which :func:`_delimiter` looks at; of UTF-8 bytes, only
    the bytes they can take are decoded (four a character at most, a character cut at the end
    held back)."""
    if isinstance(text, str):
        return text[:_SAMPLE]
    head = text.raw[text.begin:text.begin + 4 * _SAMPLE]
    return codecs.getincrementaldecoder("utf-8")().decode(head)[:_SAMPLE]


def _delimiter(text: str) -> str:
    """The delimiter giving the most records of the same, widest shape."""
    sample = text[:_SAMPLE]
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
    text: str | _Utf8, display: str, header_row: int | None, known: set[str] | frozenset[str],
    encoding: str, limits: Limits,
) -> Grid:
    """The grid of ``text``: decoded, or a UTF-8 file's bytes (:class:`_Utf8`)."""
    delimiter = _delimiter(_sample(text))
    records = _csv_records(text, delimiter, HEADER_SEARCH_ROWS)
    index = header_index([r for _, r in records], header_row, known, display)
    line, header = records[index]
    width = len(header)
    lf = text.lf if isinstance(text, _Utf8) else text.count("\n")
    check_shape(lf + 1 - line, width, display, None, limits, line)
    details = {"encoding": encoding, "delimiter": _DELIMITERS[delimiter]}
    fast = _arrow_cells(text, delimiter, line, width)
    if fast is not None:
        frame, trimmed = fast
        frame.index = pd.RangeIndex(index + 2, index + 2 + len(frame))
        return Grid(display, [h.strip() for h in header], frame, index + 1, None, details,
                    trimmed=trimmed)
    if isinstance(text, _Utf8):
        text = text.decode()
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
    text: str | _Utf8, delimiter: str, line: int, width: int
) -> tuple[pd.DataFrame, bool] | None:
    """The cells after line ``line`` read with pyarrow's multi-threaded parser, and whether no
    cell starts or ends with whitespace (see :func:`_trimmed`); None when the text is outside
    the cases where pyarrow and pandas are known to agree.

    pyarrow splits text the same way as pandas' C parser (which :func:`_pandas_grid` uses)
    when every line ends in LF or CRLF and every quote stands where :func:`_quotes` looks for
    it: each record is a row, blank lines included, cells are split at every delimiter outside
    quotes, a quoted cell loses its quotes and reads a doubled quote as one, and a record whose
    quoted cell holds a line end spans lines (the rows are numbered by record, as pandas
    numbers them). A quote never closed is left to pandas, which stops with the error wfkpi
    reports where pyarrow would read it as closed at the end of the text. A row with more or
    fewer cells than the header makes pyarrow stop, and pandas then reads the file as before
    (padding short rows, reporting long ones).

    pyarrow parses UTF-8 bytes: a UTF-8 file's own, any other text encoded. Every character
    looked for here is ASCII, a byte of its own, so the bytes are searched and counted in place
    of the text; a byte-order mark before them (``begin``) holds none of those bytes.
    """
    if isinstance(text, _Utf8):
        raw, begin = text.raw, text.begin
    else:
        try:
            raw, begin = text.encode("utf-8"), 0
        except UnicodeEncodeError:  # a lone surrogate from a damaged UTF-16 file
            return None
    if not width or (b"\r" in raw and _lone_cr(raw)):
        return None
    start = begin
    for _ in range(line):  # pandas' skiprows: the first `line` lines, title rows and header
        start = raw.find(b"\n", start) + 1
        if start == 0:
            return None
    data = memoryview(raw)[start:]  # the data, without copying it
    if not len(data):
        return None
    quotes = _Quotes(np.empty(0, dtype=np.int64), False)
    if b'"' in raw:
        found = _quotes(memoryview(raw)[begin:], delimiter, start - begin)
        if found is None:
            return None
        quotes = found
    names = [str(i) for i in range(width)]
    try:
        table = pacsv.read_csv(
            pa.py_buffer(data),
            read_options=pacsv.ReadOptions(column_names=names, block_size=_ARROW_BLOCK),
            parse_options=pacsv.ParseOptions(
                delimiter=delimiter, quote_char='"' if len(quotes.at) else False,
                double_quote=True, escape_char=False, ignore_empty_lines=False,
                # only when needed: it makes pyarrow find where rows end in one thread
                newlines_in_values=quotes.multiline),
            convert_options=pacsv.ConvertOptions(
                # large_string is what pandas' str dtype holds: no conversion afterwards
                column_types=dict.fromkeys(names, pa.large_string()), strings_can_be_null=False,
                quoted_strings_can_be_null=False, null_values=[]),
        )
    except pa.ArrowException:  # a row wider or narrower than the header, a line too long, ...
        return None
    trimmed = _trimmed(raw[begin:start], data, delimiter, quotes.at)
    del data, raw
    frame = pd.DataFrame({i: pd.Series(table.column(i), dtype="str", copy=False)
                          for i in range(width)})
    return frame, trimmed


# The bytes pyarrow parses at a time, each block on a thread of its own: with its default
# (1 MiB) the memory allocator went on holding some 400 MB more after reading 770 MB of CSV, for
# no gain in speed.
_ARROW_BLOCK = 4 << 20

_QUOTE, _LF, _CR, _SPACE = (ord(c) for c in '"\n\r ')
_BLOCK = 1 << 20  # bytes looked at together with numpy: within the processor's cache
_SPACE_BLOCK = 1 << 18  # the same for _trimmed, which makes several arrays of a block's size


def _lone_cr(raw: bytes) -> bool:
    """Whether a CR of ``raw`` is not followed by an LF: a line end pyarrow and pandas read
    differently. Looked for with numpy, a block at a time, as counting CRs and CRLFs takes
    Python two passes over the bytes, each longer than this one."""
    buffer = np.frombuffer(raw, dtype=np.uint8)
    for i in range(0, len(buffer), _BLOCK):
        after = np.flatnonzero(buffer[i:i + _BLOCK] == _CR) + i + 1  # where each CR's LF is
        if len(after) and (after[-1] == len(buffer) or (buffer[after] != _LF).any()):
            return True
    return False


class _Quotes(NamedTuple):
    """The quotes of the data after the header: where each is, in bytes from the data's start
    (the first of each two opens a quoted value, the second closes it), and whether a quoted
    value holds a line end."""

    at: np.ndarray
    multiline: bool


def _quotes(encoded: bytes | memoryview, delimiter: str, start: int) -> _Quotes | None:
    """The quotes of ``encoded``, the whole text in UTF-8, whose data starts at byte ``start``;
    None when pyarrow and pandas could read them differently.

    Both parsers open a quoted value at a quote that starts a cell and close it at the next
    lone quote, reading two quotes together inside one as a quote; a quote anywhere else is a
    character of its cell. When every quote stands where a well-formed CSV puts it (opening a
    cell: after a delimiter, a line end or at the start of the text; closing one: before a
    delimiter, a line end or at the end of the text; or two together inside a quoted value),
    the first of each two quotes opens a value and the second closes it, for either parser. A
    quote elsewhere (``ab"c``, ``"a"b``, a space before an opening quote) breaks that pairing,
    and an odd number of quotes leaves the last value unclosed: such text is left to pandas.
    So is a line end inside quotes above the data, which pandas' skiprows would count as a
    record where :func:`_arrow_cells` counts lines. Quote, delimiter and line ends are ASCII,
    never part of another character's UTF-8 bytes."""
    buffer = np.frombuffer(encoded, dtype=np.uint8)
    at = np.concatenate([np.flatnonzero(buffer[i:i + _BLOCK] == _QUOTE) + i
                         for i in range(0, len(buffer), _BLOCK)])
    if not len(at):
        return _Quotes(at, False)
    if len(at) % 2:
        return None
    opens, closes = at[0::2], at[1::2]
    before = buffer[opens[opens > 0] - 1]
    after = buffer[closes[closes < len(buffer) - 1] + 1]
    if not (np.isin(before, [ord(delimiter), _LF, _QUOTE]).all()
            and np.isin(after, [ord(delimiter), _LF, _CR, _QUOTE]).all()):
        return None
    # The text from each quote to the next as an array of pyarrow binary values, without
    # copying it: the first of each two is a quoted value.
    spans = pa.LargeBinaryArray.from_buffers(
        pa.large_binary(), len(at) - 1, [None, pa.py_buffer(at), pa.py_buffer(encoded)])
    multiline = pc.find_substring(spans, "\n").to_numpy()[0::2] >= 0
    if multiline[opens < start].any():  # above the data, or around the line it starts on
        return None
    # pandas skips the lines above the data with a parser of its own, which takes a delimiter
    # starting a line for a cell's first character: a quote after it opens no quoted value.
    above = opens[(opens > 0) & (opens < start)]
    starts = above[buffer[above - 1] == ord(delimiter)] - 1  # where such a delimiter is
    if ((starts == 0) | (buffer[starts - 1] == _LF)).any():
        return None
    return _Quotes(at[np.searchsorted(at, start):] - start, bool(multiline.any()))


# The ASCII characters that str.strip and pyarrow's utf8_trim_whitespace remove (the same for
# both), apart from the space and line ends; and the same as a table of which bytes they are.
_ASCII_SPACE = "\t\x0b\x0c\x1c\x1d\x1e\x1f"
_IS_ASCII_SPACE = np.isin(np.arange(256), list(_ASCII_SPACE.encode()))


def _trimmed(head: bytes, data: memoryview, delimiter: str, quotes: np.ndarray) -> bool:
    """Whether no cell of ``data``, the text's UTF-8 bytes after the header (lines ending in LF
    or CRLF, quotes at ``quotes`` as :func:`_quotes` finds them), starts or ends with
    whitespace, so that stripping every cell would change nothing. That is so when the text
    (``head``, the lines above the data, then the data) is ASCII with no whitespace but spaces
    and line ends, no quoted value starts or ends with a space or a line end, and no space
    outside quotes is next to a delimiter, a line end or either end of the data. The data is
    looked at once, with numpy, a block at a time: which bytes are spaces, which are delimiters
    or line ends, and where the one stands next to the other; Python's search for two characters
    would take longer than stripping a million cells."""
    if not head.isascii() or any(c in head for c in _ASCII_SPACE.encode()):
        return False
    buffer = np.frombuffer(data, dtype=np.uint8)
    if len(quotes):
        # The first and last character of each quoted value; not next to a doubled quote
        # (``"a "" b"`` is one value, ``a " b``), which the pairs of quotes split in two.
        opens, closes = quotes[0::2], quotes[1::2]
        doubled = closes[:-1] + 1 == opens[1:]
        inner = np.concatenate((opens[1:][~doubled] + 1, closes[:-1][~doubled] - 1,
                                opens[:1] + 1, closes[-1:] - 1))
        if np.isin(buffer[inner], [_SPACE, _LF, _CR]).any():
            return False
    if buffer[:1].tobytes() == b" " or buffer[-1:].tobytes() == b" ":
        return False
    for i in range(0, len(buffer), _SPACE_BLOCK):
        block = buffer[i:i + _SPACE_BLOCK + 1]  # with the next block's first byte
        if block.max() >= 0x80:  # not ASCII
            return False
        lf, cr = block == _LF, block == _CR
        # the control characters but line ends, looked at only when there are any
        if ((block < _SPACE) ^ lf ^ cr).any() and _IS_ASCII_SPACE[block].any():
            return False
        space = block == _SPACE
        if not space.any():
            continue
        edge = (block == ord(delimiter)) | lf | cr
        after, before = space[1:] & edge[:-1], space[:-1] & edge[1:]
        if after.any() or before.any():
            spaces = np.concatenate((np.flatnonzero(after) + 1, np.flatnonzero(before))) + i
            # a delimiter or line end inside a quoted value is no cell's edge
            if (np.searchsorted(quotes, spaces) % 2 == 0).any():
                return False
    return True


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


def _refuse_nul(text: str, display: str) -> None:
    """A NUL character never belongs in a CSV: the file is damaged (or part binary), and a cell
    holding one would not read as the same text anywhere else."""
    at = text.find("\x00")
    if at >= 0:
        raise FileProblem(_nul(text.count("\n", 0, at) + 1, display))


def _nul(line: int, display: str) -> Issue:
    """The issue of a NUL character on line ``line``."""
    return Issue("malformed-csv", f"Line {line} holds a NUL character (code 0), which no text "
                 "export writes: the file is damaged; export it again", file=display, row=line)


def _check_lines(raw: bytes, display: str, limits: Limits) -> int:
    """Refuse a file with a line longer than the limit (it is no row of an HR extract, and a cell
    that long makes every later step slow). Lines are measured in bytes, a block at a time. The
    number of LF bytes, found on the way, is returned: the line ends of ASCII-based text."""
    longest = int(limits.line_kb * 1024)
    csv.field_size_limit(max(csv.field_size_limit(), longest))
    if len(raw) <= longest:
        return raw.count(b"\n")
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
    return lines
