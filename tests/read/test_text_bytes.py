"""A UTF-8 CSV is read from its bytes (``text._Utf8``), not decoded as a whole: the same grid,
issues and row numbers as reading the decoded text, whatever the encoding, byte-order mark, line
ends, title rows, quotes or ragged rows; and the byte-level steps agree with the text-level ones
they stand for."""

from __future__ import annotations

import codecs
import itertools
from pathlib import Path

import numpy as np
import pytest
from hypothesis import given, settings
from hypothesis import strategies as st
from tests.read.test_fast_reading import CSV_TEXTS, HEADER, ROWS, assert_same_grid

from wfkpi.core.issues import Issue
from wfkpi.read import files
from wfkpi.read import text as text_module
from wfkpi.read.grid import FileProblem, Grid
from wfkpi.read.limits import Limits

KNOWN = frozenset(files.header_key(h) for h in HEADER.split(","))


def _decoded_grid(raw: bytes, limits: Limits) -> Grid | object:
    """``raw`` read the way every CSV was before UTF-8 ones were read from their bytes: decoded
    whole, then split. The grid, or the issue it stops on."""
    try:
        text_module._check_lines(raw, "workers.csv", limits)
        text, encoding = text_module._decode(raw, "workers.csv")
        text_module._refuse_nul(text, "workers.csv")
        return text_module._csv_grid(text, "workers.csv", None, KNOWN, encoding, limits)
    except FileProblem as problem:
        return problem.issue


def _read(path: Path, limits: Limits | None = None) -> Grid | object:
    """``text_grid`` of the file: the grid, or the issue it stops on."""
    try:
        return text_module.text_grid(path, "workers.csv", None, KNOWN, limits or Limits())
    except FileProblem as problem:
        return problem.issue


def _not_decoded(*args: object) -> tuple[str, str]:
    raise AssertionError("a UTF-8 file was decoded whole")


ENCODINGS = ["utf-8", "utf-8-sig", "cp1252", "utf-16"]


@pytest.mark.parametrize("encoding", ENCODINGS)
@pytest.mark.parametrize("case", sorted(CSV_TEXTS))
def test_every_case_in_every_encoding_reads_as_when_decoded(
    case: str, encoding: str, tmp_path: Path, monkeypatch: pytest.MonkeyPatch
) -> None:
    """Title rows, blank lines, CRLF and bare CR, quoted line ends, ragged rows, unclosed quotes,
    semicolons and tabs: read from a file, the same grid or issue as the decoded text gives;
    UTF-8 files, with a byte-order mark or without, are never decoded whole."""
    raw = CSV_TEXTS[case].encode(encoding, errors="replace")  # cp1252 has no \u3000
    (tmp_path / "workers.csv").write_bytes(raw)
    expected = _decoded_grid(raw, Limits())
    if encoding.startswith("utf-8"):
        monkeypatch.setattr(text_module, "_decode", _not_decoded)
    assert_same_grid(_read(tmp_path / "workers.csv"), expected)


TITLED = "\r\n".join(["\ufeffStaff list, all teams", "Run on 1 Oct 2025", "", HEADER,
                      *ROWS, 'W004,permanent,1,2019-04-01,,,"Social\r\nWorker",Zoë – North,3',
                      ""])


@pytest.mark.parametrize("bom", [b"", codecs.BOM_UTF8])
def test_header_after_title_rows_is_read_by_pyarrow_from_the_bytes(
    bom: bytes, tmp_path: Path, monkeypatch: pytest.MonkeyPatch
) -> None:
    """Excel's 'CSV UTF-8' (a byte-order mark, CRLF), title rows above the header, a quoted line
    end and non-ASCII names: read by pyarrow from the file's bytes, rows numbered as before."""
    raw = bom + TITLED[1:].encode("utf-8")
    (tmp_path / "workers.csv").write_bytes(raw)
    expected = _decoded_grid(raw, Limits())
    monkeypatch.setattr(text_module, "_decode", _not_decoded)
    monkeypatch.setattr(text_module, "_pandas_grid", _not_decoded)
    grid = _read(tmp_path / "workers.csv")
    assert_same_grid(grid, expected)
    assert isinstance(grid, Grid)
    assert grid.header_row == 4 and grid.cells.index.tolist() == [5, 6, 7, 8]
    assert grid.cells.iloc[3, 6] == "Social\r\nWorker" and grid.cells.iloc[3, 7] == "Zoë – North"
    assert grid.details == {"encoding": "UTF-8", "delimiter": "comma"}


def test_a_ragged_utf8_file_is_decoded_for_pandas(tmp_path: Path) -> None:
    raw = codecs.BOM_UTF8 + "\n".join([HEADER, ROWS[0] + ",extra", "Zoë,permanent"]).encode()
    (tmp_path / "workers.csv").write_bytes(raw)
    grid = _read(tmp_path / "workers.csv")
    assert_same_grid(grid, _decoded_grid(raw, Limits()))
    assert isinstance(grid, Grid) and list(grid.malformed) == [2]
    assert grid.cells.iloc[1, 0] == "Zoë"


@pytest.mark.parametrize("bom", [b"", codecs.BOM_UTF8])
@pytest.mark.parametrize("at", [5000, 0])
def test_a_nul_in_a_utf8_file_is_reported_as_before(bom: bytes, at: int, tmp_path: Path) -> None:
    """Late in the file, on the line it is found on (CRLF, non-ASCII before it); in the first
    bytes, as binary."""
    lines = [HEADER] + [f"W{i:04},permanent,1,2019-04-01,,,Zoë,N,3" for i in range(300)]
    raw = bom + "\r\n".join(lines).encode()
    raw = raw[:at] + b"\x00" + raw[at:]
    (tmp_path / "workers.csv").write_bytes(raw)
    issue = _read(tmp_path / "workers.csv")
    assert issue == _decoded_grid(raw, Limits())
    assert isinstance(issue, Issue)
    if at:
        assert issue.code == "malformed-csv" and issue.row == raw.count(b"\n", 0, at) + 1
    else:
        assert issue.code == "not-a-workbook"


@pytest.mark.parametrize("raw", [
    "worker_id,team\nW1,Café\n".encode("cp1252"),  # Windows-1252
    "worker_id,team\nW1,Zoë\n".encode() + "W2,Café\n".encode("cp1252"),  # mixed
    codecs.BOM_UTF8 + "worker_id,team\nW1,Café\n".encode("cp1252"),
    b"worker_id,team\nW1,\x81\x8d\n",  # neither
    b"worker_id,team\nW1,\xed\xa0\x80\n",  # an encoded surrogate: not UTF-8 to Python
    b"worker_id,team\nW1,\xc0\xaf\n",  # an overlong form
    "worker_id,team\r\nW1,Zoë\r\n".encode("utf-16"),
    "worker_id,team\nW1,Zoë\n".encode("utf-16-be"),  # UTF-16 without a byte-order mark
    b"\xff\xfeworker_id,team\n",  # a UTF-16 byte-order mark before bytes that are no UTF-16
    b"", codecs.BOM_UTF8, b"\n\n", codecs.BOM_UTF8 + b"\xef\xbb\xbfworker_id,team\nW1,N\n",
])
def test_files_that_are_not_plain_utf8_read_as_before(raw: bytes, tmp_path: Path) -> None:
    (tmp_path / "workers.csv").write_bytes(raw)
    assert_same_grid(_read(tmp_path / "workers.csv"), _decoded_grid(raw, Limits()))


def test_rows_are_counted_for_the_cell_limit_as_before(tmp_path: Path) -> None:
    raw = codecs.BOM_UTF8 + ("\r\n".join([HEADER, *ROWS * 40]) + "\r\n").encode()
    (tmp_path / "workers.csv").write_bytes(raw)
    for cells in (9 * 120, 9 * 121, 9 * 122):
        limits = Limits(cells=cells)
        assert_same_grid(_read(tmp_path / "workers.csv", limits), _decoded_grid(raw, limits))


# ------------------------------------------------------------------ the byte-level steps

def _python_reads(raw: bytes) -> bool:
    try:
        raw.decode("utf-8")
    except UnicodeDecodeError:
        return False
    return True


def _arrow_reads(raw: bytes) -> bool:
    return text_module._is_utf8(memoryview(raw))


def test_utf8_is_what_python_decodes_byte_by_byte() -> None:
    """Every sequence of one or two bytes, and of three and four bytes around the edges of
    each byte's ranges (overlong forms, surrogates, past U+10FFFF, cut short), alone and after
    ASCII text (pyarrow looks at eight ASCII bytes at a time)."""
    edges = [0x00, 0x41, 0x7F, 0x80, 0x8F, 0x90, 0x9F, 0xA0, 0xBF, 0xC0, 0xC1, 0xC2, 0xDF,
             0xE0, 0xED, 0xEF, 0xF0, 0xF4, 0xF5, 0xFF]
    sequences = [bytes(s) for s in itertools.product(range(256), repeat=2)]
    sequences += [bytes(s) for s in itertools.product(range(0xC0, 0x100), edges, edges)]
    sequences += [bytes(s) for s in itertools.product(range(0xF0, 0x100), edges, edges, edges)]
    for n, raw in enumerate(sequences):
        raw = b"abcdefghijk"[:n % 12] + raw
        assert _arrow_reads(raw) == _python_reads(raw), raw


PIECES = st.one_of(st.text(max_size=6).map(lambda t: t.encode("utf-8")), st.binary(max_size=4),
                   st.sampled_from([b"\xed\xa0\x80", b"\xed\x9f\xbf", b"\xc0\x80", b"\xe0\x9f\xbf",
                                    b"\xf0\x8f\xbf\xbf", b"\xf4\x8f\xbf\xbf", b"\xf4\x90\x80\x80",
                                    b"\xef\xbb\xbf", b"\xe2\x82", b"\x80"]),
                   st.integers(0, 40).map(lambda n: b"a" * n))


@settings(max_examples=500, deadline=None)
@given(pieces=st.lists(PIECES, max_size=12))
def test_utf8_is_what_python_decodes(pieces: list[bytes]) -> None:
    raw = b"".join(pieces)
    assert _arrow_reads(raw) == _python_reads(raw)


@pytest.mark.parametrize("width", [1, 2, 3, 4])
@pytest.mark.parametrize("ascii_before", [0, 1, 2, 3, 5])
def test_the_sample_is_the_first_characters(width: int, ascii_before: int) -> None:
    """However the bytes' cut falls inside a character."""
    char = {1: "a", 2: "é", 3: "–", 4: "😀"}[width]
    text = "x" * ascii_before + (char * 70_000)[: text_module._SAMPLE + 10]
    for total in (len(text), text_module._SAMPLE - 1, text_module._SAMPLE,
                  text_module._SAMPLE + 1):
        sample = text_module._sample(text_module._Utf8(text[:total].encode(), 0, 0))
        assert sample == text[:total][: text_module._SAMPLE]


@pytest.mark.parametrize("text", ["", "a", "a\n", "\n\n", "a\r\nb\r\n", "é\n–\n😀", "a\rb\n\n c",
                                  '"a\nb",c\nd', "\ufeffa\n\ufeffb"])
def test_lines_of_the_bytes_are_the_lines_of_the_text(text: str) -> None:
    for bom in (b"", codecs.BOM_UTF8):
        raw = bom + text.encode()
        utf8 = text_module._as_utf8(raw, raw.count(b"\n"), "workers.csv")
        decoded, _ = text_module._decode(raw, "workers.csv")
        assert utf8 is not None
        assert list(text_module._lines(utf8)) == list(text_module._lines(decoded))
        assert utf8.decode() == decoded and not utf8.raw  # let go of for pandas


@pytest.mark.parametrize("text", ["", "a", "a\nb", "a\n" * 50, "a\r\n\n" * 300])
def test_check_lines_counts_the_line_ends(text: str) -> None:
    """Of a file under the line limit, and of one over it (measured a block at a time)."""
    for limits in (Limits(), Limits(line_kb=0.01)):
        assert text_module._check_lines(text.encode(), "workers.csv", limits) == text.count("\n")


@settings(max_examples=300, deadline=None)
@given(text=st.text(alphabet="a\r\n", max_size=40), block=st.sampled_from([1, 2, 3, 1 << 20]))
def test_a_lone_cr_is_a_cr_before_anything_but_lf(text: str, block: int) -> None:
    with pytest.MonkeyPatch.context() as patch:
        patch.setattr(text_module, "_BLOCK", block)
        assert text_module._lone_cr(text.encode()) == (text.count("\r") != text.count("\r\n"))


def _trimmed_by_cells(head: str, rows: list[list[str]]) -> bool:
    """What :func:`text._trimmed` finds, worked out cell by cell: the text is ASCII with no
    whitespace but spaces and line ends, no cell outside quotes starts or ends with a space,
    and no quoted value (as written, doubled quotes and all) with a space or a line end."""
    text = head + "".join("".join(row) for row in rows)
    if not text.isascii() or any(c in text for c in text_module._ASCII_SPACE):
        return False
    for cell in itertools.chain.from_iterable(rows):
        quoted = cell[:1] == '"'
        value, edges = (cell[1:-1], " \r\n") if quoted else (cell, " ")
        if value and (value[0] in edges or value[-1] in edges):
            return False
    return True


CELL = st.one_of(st.text(alphabet="ab é\t\x1f", max_size=4),
                 st.text(alphabet='ab ,\r\n"', max_size=5).map(lambda v: '"' + v.replace('"', '""')
                                                                + '"'))


@settings(max_examples=500, deadline=None)
@given(rows=st.lists(st.lists(CELL, min_size=2, max_size=2), max_size=6),
       head=st.sampled_from(["", "a,b\n", "t\x1f\na,b\n", "é\na,b\n"]),
       ending=st.sampled_from(["\n", "\r\n"]), block=st.sampled_from([1, 2, 5, 1 << 18]))
def test_trimmed_a_block_at_a_time_is_trimmed_cell_by_cell(
    rows: list[list[str]], head: str, ending: str, block: int
) -> None:
    """Spaces next to delimiters and line ends across the blocks' edges, inside quotes and
    out, control characters and non-ASCII text in the data or above it."""
    data = (ending.join(",".join(row) for row in rows) + ending).encode()
    quotes = np.flatnonzero(np.frombuffer(data, dtype=np.uint8) == ord('"'))
    with pytest.MonkeyPatch.context() as patch:
        patch.setattr(text_module, "_SPACE_BLOCK", block)
        got = text_module._trimmed(head.encode(), memoryview(data), ",", quotes)
    assert got == _trimmed_by_cells(head, rows), (head, data)
