"""A sheet part's extent (:func:`wfkpi.read.sheets._extent`), read from the raw XML before
calamine builds a cell: it agrees with the plain scan kept here (two regular expressions, every
match collected) on generated parts, hostile ones included — references out of order, far
beyond their row, with $, with four letters or eight digits, rows without a number, namespaced
tags, and tags cut in two where a small chunk ends."""

from __future__ import annotations

import io
import re
from unittest import mock

import pytest
from hypothesis import HealthCheck, given, settings
from hypothesis import strategies as st

from wfkpi.read import sheets

PROPERTY = settings(max_examples=300, deadline=None, derandomize=True, database=None,
                    suppress_health_check=[HealthCheck.too_slow, HealthCheck.data_too_large])

# The plain scan: the column letters and the row number of every r="...", each match a bytes
# object, then the largest of the distinct ones.
COLUMN_LETTERS = re.compile(rb'r="\$?([A-Z]{1,3})')
ROW_NUMBER = re.compile(rb'r="\$?[A-Z]{0,3}\$?(\d{1,7})"')


def column_number(letters: bytes) -> int:
    number = 0
    for letter in letters:
        number = number * 26 + letter - 64
    return number


def reference_extent(part: bytes, chunk_size: int, overlap: int) -> tuple[int, int]:
    """(rows, columns) as the plain scan finds them, reading ``part`` in chunks of
    ``chunk_size`` bytes, each searched with the last ``overlap`` bytes of the one before."""
    handle = io.BytesIO(part)
    rows = columns = counted = 0
    tail = b""
    while chunk := handle.read(chunk_size):
        text = tail + chunk
        letters = set(COLUMN_LETTERS.findall(text))
        if letters:
            columns = max(columns, *map(column_number, letters))
        numbers = set(ROW_NUMBER.findall(text))
        if numbers:
            rows = max(rows, *map(int, numbers))
        counted += chunk.count(b"<row") + chunk.count(b":row ")
        tail = text[-overlap:]
    return max(rows, counted), columns


def extent(part: bytes, chunk_size: int = sheets._CHUNK,
           overlap: int = sheets._OVERLAP) -> tuple[int, int]:
    with mock.patch.object(sheets, "_CHUNK", chunk_size), \
            mock.patch.object(sheets, "_OVERLAP", overlap):
        return sheets._extent(io.BytesIO(part))


# ------------------------------------------------------------------------------ generating

def _ascii(alphabet: str, max_size: int) -> st.SearchStrategy[bytes]:
    return st.text(alphabet=alphabet, max_size=max_size).map(str.encode)


@st.composite
def references(draw: st.DrawFn) -> bytes:
    """An r="..." as a cell or row carries it, usually well formed, often not: $ anywhere, no
    letters or four, no digits or eight with leading zeros, no closing quote, a lower-case or
    unexpected letter, another r=" inside."""
    letters = draw(st.one_of(st.sampled_from([b"A", b"Q", b"Z", b"AA", b"AZ", b"ZZ", b"XFD",
                                              b"ZZZ", b"AAA", b""]),
                             _ascii("ABCDQXYZaz@[", 5)))
    digits = draw(st.one_of(
        st.integers(1, 1_048_576).map(lambda n: str(n).encode()),
        st.sampled_from([b"1048576", b"9999999", b"10000000", b"0", b"000", b"0000012", b""]),
        _ascii("0123456789/:", 9)))
    return b"".join([b'r="', draw(st.sampled_from([b"", b"", b"$", b"$$"])), letters,
                     draw(st.sampled_from([b"", b"", b"$", b"$$"])), digits,
                     draw(st.sampled_from([b'"', b'"', b'"', b"", b"'", b"x", b'r="']))])


def _cell(ref: bytes, prefix: bytes) -> bytes:
    return b"<" + prefix + b"c " + ref + b' t="n"><' + prefix + b"v>1</" + prefix + b"v></" \
        + prefix + b"c>"


fragments = st.one_of(
    # a row as a writer lays it out, its cells in order
    st.tuples(st.integers(1, 2_000_000), st.integers(1, 6), st.sampled_from([b"", b"x:"])).map(
        lambda t: b"<" + t[2] + b'row r="%d" spans="1:%d">' % (t[0], t[1])
        + b"".join(_cell(b'r="%s%d"' % (bytes([64 + c]), t[0]), t[2])
                   for c in range(1, t[1] + 1)) + b"</" + t[2] + b"row>"),
    # rows without a number, and tags that look like rows
    st.sampled_from([b"<row>", b"<row spans=\"1:3\">", b"<x:row>", b"<x:row spans=\"1:1\">",
                     b"</row>", b"<rowBreaks count=\"1\"/>", b"<rows/>", b"<x:rowx/>"]),
    # cells with any reference, namespaced or not
    st.tuples(references(), st.sampled_from([b"", b"x:"])).map(lambda t: _cell(*t)),
    references(),
    # other attributes whose names end in r, and the furniture around the data
    st.sampled_from([b'<pageSetup paper="9"/>', b'<dimension ref="A1:XFD1048576"/>',
                     b'<selection activeCell="B2" sqref="B2"/>', b'header="0.3"',
                     b'<c r="XFD1048576"/>', b'<c r="$A$1"/>', b'<row r="1048577">']),
    # fragments of all of that
    _ascii('r="$AQZXFD0179<>:/ow cx', 14),
    st.binary(max_size=6),
)


@st.composite
def parts(draw: st.DrawFn) -> bytes:
    body = b"".join(draw(st.lists(fragments, max_size=40)))
    if draw(st.booleans()):
        body = (b'<worksheet xmlns="http://schemas.openxmlformats.org/spreadsheetml/2006/main">'
                b"<sheetData>" + body + b"</sheetData></worksheet>")
    return body


chunk_sizes = st.one_of(st.integers(1, 12), st.integers(13, 300), st.just(sheets._CHUNK))
overlaps = st.one_of(st.integers(0, 20), st.just(sheets._OVERLAP))


# ------------------------------------------------------------------------------ properties

@PROPERTY
@given(parts(), chunk_sizes, overlaps)
def test_the_extent_is_the_plain_scans(part: bytes, chunk_size: int, overlap: int) -> None:
    assert extent(part, chunk_size, overlap) == reference_extent(part, chunk_size, overlap)


@settings(PROPERTY, max_examples=150)
@given(parts())
def test_the_extent_of_a_whole_part_read_at_once(part: bytes) -> None:
    assert extent(part) == reference_extent(part, sheets._CHUNK, sheets._OVERLAP)


@settings(PROPERTY, max_examples=200)
@given(st.lists(st.one_of(references(), _ascii('r="$AZ09:/@[', 4)), max_size=6),
       chunk_sizes)
def test_a_few_odd_references(pieces: list[bytes], chunk_size: int) -> None:
    """A handful of references and near misses, so that each of them can be the furthest."""
    part = b"".join(pieces)
    assert extent(part, chunk_size) == reference_extent(part, chunk_size, sheets._OVERLAP)


@settings(PROPERTY, max_examples=100)
@given(st.lists(st.tuples(st.integers(1, 2_000_000), st.integers(1, 18_278)), max_size=30),
       chunk_sizes)
def test_cells_in_any_order(cells: list[tuple[int, int]], chunk_size: int) -> None:
    """Cells anywhere, in any order, each its own row: the furthest row and column win."""
    part = b"".join(b'<row r="%d"><c r="%s%d"/></row>' % (row, _letters(column), row)
                    for row, column in cells)
    expected = (max((row for row, _ in cells), default=0),
                max((column for _, column in cells), default=0))
    assert extent(part, chunk_size) == (max(expected[0], len(cells)), expected[1])
    assert extent(part, chunk_size) == reference_extent(part, chunk_size, sheets._OVERLAP)


def _letters(column: int) -> bytes:
    name = b""
    while column:
        column, rest = divmod(column - 1, 26)
        name = bytes([65 + rest]) + name
    return name


# ------------------------------------------------------------------------------ examples

@pytest.mark.parametrize(("part", "expected"), [
    (b"", (0, 0)),
    (b'<row r="1"><c r="A1"/><c r="Q1"/></row><row r="2"><c r="B2"/></row>', (2, 17)),
    (b'<row r="1"><c r="XFD1048576"/></row>', (1_048_576, 16_384)),
    (b'<c r="$B$12"/>', (12, 2)),
    (b'<c r="ABCD1"/>', (0, 731)),  # columns read ABC, and no row
    (b'<c r="A0000012"/>', (12, 1)),  # seven digits, leading zeros
    (b'<c r="A12345678"/>', (0, 1)),  # eight digits: no row
    (b'<c r="A5/>', (0, 1)),  # no closing quote: no row
    (b"<row><c/></row><row><c/></row><x:row spans=\"1:1\"></x:row>", (3, 0)),
    (b'<x:row r="7"><x:c r="C7"/></x:row>', (7, 3)),
    (b'<pageSetup paper="9"/>', (9, 0)),
    (b'<row r="3"><c r="Z2"/></row><row r="1"><c r="AA1"/></row>', (3, 27)),
])
def test_examples(part: bytes, expected: tuple[int, int]) -> None:
    assert extent(part) == expected
    assert reference_extent(part, sheets._CHUNK, sheets._OVERLAP) == expected


@pytest.mark.parametrize("chunk_size", [1, 2, 3, 5, 7, 64])
def test_a_reference_cut_where_a_chunk_ends(chunk_size: int) -> None:
    """A far cell's reference split across two chunks is still read whole."""
    part = b'<row r="1"><c r="A1"/><c r="$XFD$1048576"/></row>'
    assert extent(part, chunk_size, overlap=20) == (1_048_576, 16_384)


def test_a_large_regular_sheet() -> None:
    """Many rows of seventeen cells, read in the usual 1 MiB chunks."""
    part = b"".join(b'<row r="%d">' % row + b"".join(
        b'<c r="%s%d" t="s"><v>%d</v></c>' % (bytes([64 + c]), row, c) for c in range(1, 18))
        + b"</row>" for row in range(1, 8_001))
    assert len(part) > 3 * sheets._CHUNK
    assert extent(part) == (8_000, 17)
    assert extent(part) == reference_extent(part, sheets._CHUNK, sheets._OVERLAP)
