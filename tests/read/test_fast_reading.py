"""The fast ways of reading give exactly what the plain ones give.

CSVs go through pyarrow (``text._arrow_cells``) where it splits them as pandas would, quoted
cells included, everything else through pandas (``text._pandas_grid``); a UTF-8 file is read
from its bytes (``text._Utf8``), any other decoded first, with the same grid either way;
several column steps use pyarrow's functions on pyarrow-backed text in place of pandas' slower
ones. Each is checked here against the plain way, on inputs chosen to sit on the edges where
two parsers or two definitions could part.
"""

from __future__ import annotations

import codecs
import datetime as dt
import re
from pathlib import Path
from typing import Any

import numpy as np
import openpyxl
import pandas as pd
import pyarrow as pa
import pyarrow.compute as pc
import pytest
from hypothesis import HealthCheck, given, settings
from hypothesis import strategies as st

from wfkpi.core.arrow import factorize, is_in
from wfkpi.read import files, load_extract
from wfkpi.read import grid as grid_module
from wfkpi.read import table as table_module
from wfkpi.read import text as text_module
from wfkpi.read import values as v
from wfkpi.read.grid import FileProblem, Grid
from wfkpi.read.limits import Limits

HEADER = "worker_id,employment_type,fte,start_date,end_date,leaving_reason,role,team,cases"
ROWS = [
    "W001,permanent,1,2019-04-01,,,Social Worker,North,18",
    "W002,agency,1,15/01/2025,30/06/2025,end_of_contract,Social Worker,North,14",
    "W003,fixed_term,0.6,01/10/2024,,,Senior Practitioner,South,11",
]


# What a read gives: the tables, what was read from each file, every issue.
Outcome = tuple[dict[str, pd.DataFrame], list[dict[str, Any]], list[dict[str, object]]]


def _outcome(folder: Path) -> Outcome:
    """Everything a read gives: the tables, what was read from each file, every issue."""
    extract = load_extract(folder)
    tables = {name: frame for name, frame in extract.tables.items()}
    return tables, [s.to_dict() for s in extract.sources], [i.to_dict() for i in extract.issues]


def _same_both_ways(folder: Path, monkeypatch: pytest.MonkeyPatch) -> Outcome:
    """Read ``folder`` with and without the pyarrow reader and check the two agree."""
    fast = _outcome(folder)
    with monkeypatch.context() as patch:
        patch.setattr(text_module, "_arrow_cells", lambda *args: None)
        plain = _outcome(folder)
    assert fast[1:] == plain[1:]
    assert fast[0].keys() == plain[0].keys()
    for name in fast[0]:
        pd.testing.assert_frame_equal(fast[0][name], plain[0][name], check_exact=True)
    return fast


CSV_TEXTS = {
    "plain": "\n".join([HEADER, *ROWS]) + "\n",
    "crlf": "\r\n".join([HEADER, *ROWS]) + "\r\n",
    "no final newline": "\n".join([HEADER, *ROWS]),
    "spaces around cells": "\n".join([HEADER, " W001 , permanent,1 ,2019-04-01,,,Social Worker,"
                                      "North , 18", *ROWS[1:]]) + "\n",
    "space at the very end": "\n".join([HEADER, *ROWS]) + " ",
    "tab inside a cell": "\n".join([HEADER, *ROWS, "W004,permanent,1,2019-04-01,,,Social\tWorker,"
                                    "North,3"]) + "\n",
    "tab around a cell": "\n".join([HEADER, *ROWS, "W004,permanent,1,2019-04-01,,,\tSocial Worker,"
                                    "North,3"]) + "\n",
    "non-breaking space": "\n".join([HEADER, *ROWS, "W004,permanent,1,2019-04-01,,,"
                                     "\xa0Social Worker\u3000,North,3"]) + "\n",
    "unit separator": "\n".join([HEADER, *ROWS, "W004\x1f,permanent,1,2019-04-01,,,Social Worker,"
                                "North,3"]) + "\n",
    "blank rows inside and after": "\n".join([HEADER, ROWS[0], "", ROWS[1], ",,,,,,,,",
                                              "   ,, ,,,,,,", ROWS[2], "", ""]) + "\n",
    "blank lines in crlf": "\r\n".join([HEADER, ROWS[0], "", ROWS[1], "", ""]) + "\r\n",
    "totals rows": "\n".join([HEADER, *ROWS, "Total,,3,,,,,,43", " grand TOTALS,,,,,,,,",
                              "Subtotal,,,,,,,,", "Totally,,,,,,,,", "TOTAL",
                              "tot,,,,,,,,"]) + "\n",
    "short row": "\n".join([HEADER, ROWS[0], "W009,permanent", *ROWS[1:]]) + "\n",
    "long row": "\n".join([HEADER, ROWS[0], ROWS[1] + ",extra", ROWS[2]]) + "\n",
    "long row of blanks": "\n".join([HEADER, ROWS[0], ROWS[1] + ",,", ROWS[2]]) + "\n",
    "quoted cells": "\n".join([HEADER, '"W001",permanent,1,2019-04-01,,,"Social, Worker",North,1',
                               *ROWS[1:]]) + "\n",
    "quoted newline": "\n".join([HEADER, 'W001,permanent,1,2019-04-01,,,"Social\nWorker",North,1',
                                 *ROWS[1:]]) + "\n",
    "quoted newline in crlf": "\r\n".join([HEADER, 'W001,permanent,1,2019-04-01,,,"Social\r\n'
                                            'Worker",North,1', *ROWS[1:]]) + "\r\n",
    "quoted newline in the last cell": "\n".join([HEADER, *ROWS, 'W004,permanent,1,2019-04-01,,,'
                                                  'SW,N,"3\n"']),
    "every cell quoted": "\n".join(",".join(f'"{c}"' for c in r.split(","))
                                   for r in [HEADER, *ROWS]) + "\n",
    "doubled quotes": "\n".join([HEADER, *ROWS, 'W004,permanent,1,2019-04-01,,,"The ""Hub""",'
                                  '"""N""",""""']) + "\n",
    "empty quoted cells": "\n".join([HEADER, *ROWS, '"W004","","","","","","","",""']) + "\n",
    "quote inside a cell": "\n".join([HEADER, *ROWS, 'W004,permanent,1,2019-04-01,,,Social '
                                       'Worker,5\'10",3']) + "\n",
    "text after a closing quote": "\n".join([HEADER, *ROWS, 'W004,permanent,1,2019-04-01,,,'
                                              '"Social"Worker,N,3']) + "\n",
    "spaces around quotes": "\n".join([HEADER, *ROWS, 'W004,permanent,1,2019-04-01,,,  "Social '
                                        'Worker"  ,N,3']) + "\n",
    "spaces inside quotes": "\n".join([HEADER, *ROWS, 'W004,permanent,1,2019-04-01,,," Social '
                                        'Worker ",N,3']) + "\n",
    "unclosed quote": "\n".join([HEADER, ROWS[0], 'W002,agency,1,"15/01/2025,30/06/2025,,SW,N,1',
                                  *ROWS[1:]]) + "\n",
    "unclosed quote at the end": "\n".join([HEADER, *ROWS, 'W004,permanent,1,2019-04-01,,,SW,N,'
                                             '"3']),
    "quote opened inside a cell": "\n".join([HEADER, *ROWS, 'W004,perm"anent,1,2019-04-01,,,SW,'
                                              '"N,3']) + "\n",
    "quoted short row": "\n".join([HEADER, ROWS[0], '"W009","permanent"', *ROWS[1:]]) + "\n",
    "quoted long row": "\n".join([HEADER, ROWS[0], ROWS[1] + ',"extra, more"', ROWS[2]]) + "\n",
    "title rows": "\n".join(["Staff list", "Run on 1 Oct 2025", "", HEADER, *ROWS]) + "\n",
    "quoted title rows": "\n".join(['"Staff list, all teams"', '"Run on",1 Oct 2025', "",
                                     HEADER, *ROWS]) + "\n",
    "quoted newline in a title row": "\n".join(['"Staff list,\nall teams"', "", HEADER,
                                                 *ROWS]) + "\n",
    # pandas skips the title rows with a parser that reads a quote after a line's first
    # delimiter as a character: it finds the quoted "," unclosed, and reads no rows
    "title row of a delimiter and a quote": "\n".join([',","', HEADER, *ROWS]) + "\n",
    "bare carriage returns": "\r".join([HEADER, *ROWS]) + "\r",
    "mixed line ends": HEADER + "\r\n" + ROWS[0] + "\n" + ROWS[1] + "\r" + ROWS[2] + "\n",
    "semicolons": "\n".join(r.replace(",", ";") for r in [HEADER, *ROWS]) + "\n",
    "tabs": "\n".join(r.replace(",", "\t") for r in [HEADER, *ROWS]) + "\n",
    "non-ASCII names": "\n".join([HEADER, *ROWS, "W004,permanent,1,2019-04-01,,,Social Worker,"
                                  "Île-de-Fréance,3"]) + "\n",
    "header only": HEADER + "\n",
    "header and one blank line": HEADER + "\n\n",
    "bad values": "\n".join([HEADER, "W001,permanent,x,2019-02-30,,,Social Worker,North,1.5",
                             "W001,permanent,x,2019-02-30,,,Social Worker,North,1.5", *ROWS]),
    "comment-like cells": "\n".join([HEADER, *ROWS,
                                     "#W004,permanent,1,2019-04-01,,,SW,N,3"]) + "\n",
    "export furniture": "\n".join([HEADER, "Page 1 of 2", *ROWS[:2], HEADER, ROWS[2], "",
                                   "Records: 3,,,,,,,,", "*** End of Report ***"]) + "\n",
    "ids with leading zeros": "\n".join([HEADER, "0W01,permanent,1,2019-04-01,,,SW,N,3",
                                         "007,permanent,1,2019-04-01,,,SW,N,3",
                                         "00,permanent,1,2019-04-01,,,SW,N,3",
                                         "100634.0,permanent,1,2019-04-01,,,SW,N,3"]) + "\n",
}


@pytest.mark.parametrize("case", sorted(CSV_TEXTS))
def test_csv_read_with_pyarrow_or_pandas_alike(
    case: str, tmp_path: Path, monkeypatch: pytest.MonkeyPatch
) -> None:
    (tmp_path / "workers.csv").write_text(CSV_TEXTS[case], encoding="utf-8", newline="")
    _same_both_ways(tmp_path, monkeypatch)


@pytest.mark.parametrize("encoding", ["utf-8-sig", "cp1252", "utf-16"])
def test_csv_in_other_encodings_read_alike(
    encoding: str, tmp_path: Path, monkeypatch: pytest.MonkeyPatch
) -> None:
    text = "\r\n".join([HEADER, *ROWS, "W004,permanent,1,2019-04-01,,,Social Worker,Café £,3"])
    (tmp_path / "workers.csv").write_bytes(text.encode(encoding))
    _same_both_ways(tmp_path, monkeypatch)


CELL = st.lists(st.sampled_from([*"ab01 ,;\t\r\n\"'\xa0-/.é", "Total", "2025-01-31",
                                 "End of Report", "Page 1 of 2", "worker_id"]),
                max_size=6).map("".join)


@settings(max_examples=150, deadline=None,
          suppress_health_check=[HealthCheck.function_scoped_fixture])
@given(rows=st.lists(st.lists(CELL, min_size=0, max_size=6), max_size=8),
       ending=st.sampled_from(["\n", "\r\n", ""]))
def test_random_csvs_read_alike(
    rows: list[list[str]], ending: str, tmp_path_factory: pytest.TempPathFactory,
    monkeypatch: pytest.MonkeyPatch,
) -> None:
    folder = tmp_path_factory.mktemp("random")
    body = "\n".join(",".join(cells) for cells in rows)
    text = "worker_id,start_date,team,fte\n" + body + ending
    (folder / "workers.csv").write_text(text, encoding="utf-8", newline="")
    _same_both_ways(folder, monkeypatch)


# ------------------------------------------------------------------ quoted cells, path by path

KNOWN = frozenset(files.header_key(h) for h in ("worker_id", "start_date", "team", "fte"))


class _FellBack(Exception):
    """Raised in place of reading with pandas, to see which path a text takes."""


def _fall_back(*args: object) -> Grid:
    raise _FellBack


def _grid(text: str | text_module._Utf8) -> Grid | object:
    """``text`` read as a CSV by :func:`text._csv_grid`: the grid, or the issue it stops on;
    None when it is left to pandas and :func:`_fall_back` stands in for it."""
    try:
        return text_module._csv_grid(text, "workers.csv", None, KNOWN, "UTF-8", Limits())
    except FileProblem as problem:
        return problem.issue
    except _FellBack:
        return None


def _utf8(text: str, bom: bytes = b"") -> text_module._Utf8:
    """``text`` as the bytes of a UTF-8 file (``bom`` before them), read as text_grid reads
    them: not decoded."""
    raw = bom + text.encode("utf-8")
    utf8 = text_module._as_utf8(raw, raw.count(b"\n"), "workers.csv")
    assert utf8 is not None
    return utf8


def assert_same_grid(one: object, other: object) -> None:
    """The same grid, to the row numbers and whether its cells are known trimmed, or issue."""
    if isinstance(one, Grid) and isinstance(other, Grid):
        pd.testing.assert_frame_equal(one.cells, other.cells, check_exact=True)
        assert one.cells.index.equals(other.cells.index)
        assert {**vars(one), "cells": None} == {**vars(other), "cells": None}
    else:
        assert one == other


def _each_form(text: str) -> Grid | object:
    """:func:`_grid` of ``text``, checked to be the same read from its UTF-8 bytes, with and
    without a byte-order mark."""
    decoded = _grid(text)
    for bom in (b"", codecs.BOM_UTF8):
        assert_same_grid(_grid(_utf8(text, bom)), decoded)
    return decoded


def _by_each_path(text: str, monkeypatch: pytest.MonkeyPatch) -> tuple[object, object]:
    """The grid (or issue) ``text`` gives through pyarrow, None when pyarrow leaves it to
    pandas, and the grid (or issue) through pandas alone; checked to agree when both read it,
    and to be the same read from the text's UTF-8 bytes (:func:`_each_form`)."""
    with monkeypatch.context() as patch:
        patch.setattr(text_module, "_pandas_grid", _fall_back)
        fast = _each_form(text)
    with monkeypatch.context() as patch:
        patch.setattr(text_module, "_arrow_cells", lambda *args: None)
        plain = _each_form(text)
    if isinstance(fast, Grid):
        assert isinstance(plain, Grid), (text, plain)
        pd.testing.assert_frame_equal(fast.cells, plain.cells, check_exact=True)
        assert fast.cells.index.equals(plain.cells.index)
        assert (fast.header, fast.header_row, fast.details, fast.malformed, fast.sheet) == \
            (plain.header, plain.header_row, plain.details, plain.malformed, plain.sheet)
        assert not plain.trimmed  # pandas never knows; pyarrow knows only when it is so
        if fast.trimmed:
            assert all((fast.cells[c] == fast.cells[c].str.strip()).all()
                       for c in fast.cells.columns), text
    elif fast is not None:  # stopped before either path: the same issue
        assert fast == plain
    return fast, plain


def _quoted(value: str) -> str:
    return '"' + value.replace('"', '""') + '"'


DELIMITERS = {",": "comma", ";": "semicolon", "\t": "tab", "|": "pipe"}
VALUE = st.lists(st.sampled_from([*'ab ,;|\t\n"é\\', "\r\n", "Total", "Social Worker"]),
                 max_size=5).map("".join)
PLAIN = st.lists(st.sampled_from([*"ab é-", "Social Worker", "2025-01-31"]),
                 max_size=4).map("".join)
# A cell as exports write it: plain, or quoted with its quotes doubled.
WRITTEN = st.one_of(PLAIN, VALUE.map(_quoted))
# A cell as they break it: a quote never closed, in the middle, spaces around quotes, ...
BROKEN = st.builds(str.format, st.sampled_from(['"{}', '{}"', ' "{}" ', '"{}" ', ' "{}"', '"{}"x',
                                                'a"{}', '"{}""', "{}"]), VALUE)
RARELY = st.integers(0, 3).map(lambda n: n == 0)


@settings(max_examples=400, deadline=None,
          suppress_health_check=[HealthCheck.function_scoped_fixture])
@given(rows=st.lists(st.one_of(*[st.lists(WRITTEN, min_size=4, max_size=4)] * 3, st.just([])),
                     max_size=6),
       broken=st.one_of(st.none(), st.none(), st.tuples(BROKEN, st.integers(0, 30))),
       short=RARELY, quote_header=st.booleans(),
       titles=st.lists(st.lists(WRITTEN, min_size=1, max_size=2), max_size=2),
       line_end=st.sampled_from(["\n", "\r\n"]), last=st.booleans(),
       delimiter=st.sampled_from([",", ",", ";", "\t", "|"]))
def test_random_quoted_csvs_read_alike_by_each_path(
    rows: list[list[str]], broken: tuple[str, int] | None, short: bool, quote_header: bool,
    titles: list[list[str]], line_end: str, last: bool, delimiter: str,
    monkeypatch: pytest.MonkeyPatch,
) -> None:
    """Random CSVs with quoted cells (holding delimiters, doubled quotes, line ends, nothing),
    perhaps one cell broken (a quote never closed or in the middle of a cell, spaces around
    quotes), a row too short, blank lines, title rows above the header, any delimiter: each
    path gives the same grid, row numbers and issues, and a well-formed one is read by
    pyarrow."""
    cells = [(r, c) for r, row in enumerate(rows) for c in range(len(row))]
    if broken is not None and cells:
        r, c = cells[broken[1] % len(cells)]
        rows[r][c] = broken[0]
    if short and rows:
        rows[-1] = rows[-1][:2]
    header = delimiter.join(_quoted(h) if quote_header else h
                            for h in ("worker_id", "start_date", "team", "fte"))
    lines = [*(delimiter.join(title) for title in titles), header,
             *(delimiter.join(row) for row in rows)]
    text = line_end.join(lines) + (line_end if last else "")
    fast, plain = _by_each_path(text, monkeypatch)
    above = lines[:len(titles)]  # left to pandas: see "quoted newline in a title row" and
    # "title row of a delimiter and a quote"
    if any(rows) and broken is None and not short and "\n" not in "".join(above) and \
            not any(title.startswith(delimiter + '"') for title in above) and \
            isinstance(plain, Grid) and plain.details["delimiter"] == DELIMITERS[delimiter]:
        assert fast is not None, text  # read by pyarrow, not left to pandas


@pytest.mark.parametrize("case", sorted(CSV_TEXTS))
def test_csv_texts_read_alike_by_each_path(case: str, monkeypatch: pytest.MonkeyPatch) -> None:
    _by_each_path(CSV_TEXTS[case], monkeypatch)


@pytest.mark.parametrize("case", ["quoted cells", "quoted newline", "quoted newline in crlf",
                                  "quoted newline in the last cell", "every cell quoted",
                                  "doubled quotes", "empty quoted cells", "spaces inside quotes",
                                  "quoted title rows"])
def test_well_formed_quoted_csv_is_read_by_pyarrow(
    case: str, tmp_path: Path, monkeypatch: pytest.MonkeyPatch
) -> None:
    (tmp_path / "workers.csv").write_text(CSV_TEXTS[case], encoding="utf-8", newline="")
    monkeypatch.setattr(text_module, "_pandas_grid", _fall_back)
    grid = files.read_grid(tmp_path / "workers.csv", display="workers.csv",
                           known_headers={files.header_key(h) for h in HEADER.split(",")})
    assert len(grid.cells) >= 3


@pytest.mark.parametrize("case", ["unclosed quote", "unclosed quote at the end",
                                  "quote opened inside a cell", "quote inside a cell",
                                  "text after a closing quote", "spaces around quotes",
                                  "quoted newline in a title row",
                                  "title row of a delimiter and a quote"])
def test_quotes_pyarrow_could_read_otherwise_are_left_to_pandas(
    case: str, monkeypatch: pytest.MonkeyPatch
) -> None:
    fast, _ = _by_each_path(CSV_TEXTS[case], monkeypatch)
    assert fast is None


def test_an_unclosed_quote_is_reported_as_before(tmp_path: Path) -> None:
    (tmp_path / "workers.csv").write_text(CSV_TEXTS["unclosed quote"], newline="")
    with pytest.raises(FileProblem) as problem:
        files.read_grid(tmp_path / "workers.csv", display="workers.csv",
                        known_headers={files.header_key(h) for h in HEADER.split(",")})
    assert problem.value.issue.row == 3
    assert "opened on line 3 is never closed" in problem.value.issue.message


@pytest.mark.parametrize("newline", ["", "\n"])
def test_quoted_csv_over_many_blocks_reads_alike(
    newline: str, monkeypatch: pytest.MonkeyPatch
) -> None:
    """Split into many blocks read on several threads, with line ends inside quoted values
    across the blocks' edges or none."""
    monkeypatch.setattr(text_module, "_ARROW_BLOCK", 1 << 14)
    lines = [HEADER] + [f'W{i:05},permanent,1,2019-04-01,,,"Social, {newline}Worker",'
                        f'"The""{i % 7}""team",{i % 5}' for i in range(20_000)]
    text = "\n".join(lines) + "\n"
    assert len(text) > 50 * text_module._ARROW_BLOCK
    fast, plain = _by_each_path(text, monkeypatch)
    assert isinstance(fast, Grid) and len(fast.cells) == 20_000
    assert fast.cells.index[-1] == 20_001
    assert fast.trimmed  # the spaces and line ends are inside quoted values


# ------------------------------------------------------------------ column steps

def test_trimmed_only_when_no_cell_has_whitespace_around_it() -> None:
    def trimmed(text: str) -> bool:
        data = text.encode()
        quotes = np.flatnonzero(np.frombuffer(data, dtype=np.uint8) == ord('"'))
        return text_module._trimmed(b"", memoryview(data), ",", quotes)

    for text in ("a,b c\nd,e\n", 'a,"b, c"\nd,e\n', 'a,"b\n c"\n"",e\n', 'a,"b "" c"\n'):
        assert trimmed(text), repr(text)
    for text in (" a,b\n", "a ,b\n", "a, b\n", "a,b \n", "a,b\r\n \n", "a,b ", "a,\tb\n",
                 "a,b\x0b\n", "a,\xa0b\n", "a\x1c,b\n", 'a," b"\n', 'a,"b "\n', 'a,"\nb"\n',
                 'a,"b\r\n"\n', '"a",b, "c"\n', 'a,"b "" "\n', 'a,"\n""b"\n'):
        assert not trimmed(text), repr(text)


def test_ascii_whitespace_is_the_same_for_python_and_pyarrow() -> None:
    """``_ASCII_SPACE`` with the space and line ends is what both strip."""
    ascii_ = [chr(i) for i in range(128)]
    stripped = pc.utf8_trim_whitespace(pa.array([f"a{c}a{c}" for c in ascii_])).to_pylist()
    by_arrow = {c for c, s in zip(ascii_, stripped, strict=True) if s == f"a{c}a"}
    by_python = {c for c in ascii_ if c.isspace()}
    assert by_arrow == by_python == set(text_module._ASCII_SPACE) | set(" \n\r")


def test_the_totals_search_finds_every_regex_match() -> None:
    """Only t, T, o and O match those letters case-blind, so looking for 'tot' first loses none."""
    letters = {c for c in map(chr, range(0x110000)) if re.fullmatch("(?i)[to]", c)}
    assert letters == set("tToO")
    probes = pd.Series(["Total", " grand total", "SUB TOTALS", "subtotal x", "totally", "Tot",
                        "W001", "", "x total", "\u00a0Total", "ToTaL", None], dtype="str")
    expected = probes.str.match(table_module._TOTAL).to_numpy(dtype=bool)
    assert table_module._totals(probes).tolist() == expected.tolist()
    as_objects = probes.astype(object)
    assert table_module._totals(as_objects).tolist() == \
        as_objects.str.match(table_module._TOTAL).to_numpy(dtype=bool).tolist()


def test_is_in_matches_get_indexer() -> None:
    known = pd.Series(["W1", "W2", "W3", "W2"], dtype="str")
    values = pd.Series(["W2", "W9", None, "W1", ""], dtype="str")
    expected = pd.Index(known.unique()).get_indexer(values) != -1
    assert is_in(values, known).tolist() == expected.tolist()
    with_missing = pd.Series(["W1", None], dtype="str")
    expected = pd.Index(with_missing.unique()).get_indexer(values) != -1
    assert is_in(values, with_missing).tolist() == expected.tolist()
    assert is_in(values.astype(object), known.astype(object)).tolist() == \
        (pd.Index(known.unique()).get_indexer(values.astype(object)) != -1).tolist()


def test_factorize_matches_pandas() -> None:
    chunked = pa.chunked_array([["b", "a", None], ["", "b", "c"], []], type=pa.large_string())
    for cells in (pd.Series(["b", "a", None, "b", "c"], dtype="str"),
                  pd.Series(chunked, dtype="str"), pd.Series([], dtype="str"),
                  pd.Series([None, None], dtype="str")):
        codes, uniques = v._factorize(cells)
        expected_codes, expected_uniques = pd.factorize(cells, use_na_sentinel=True)
        assert codes.tolist() == expected_codes.tolist()
        assert list(uniques) == list(expected_uniques)
        _assert_factorized_as_pandas(cells)


def _assert_factorized_as_pandas(cells: pd.Series) -> None:
    """``core.arrow.factorize`` (which worker ids, duplicate checks and record keys share)
    gives pandas' codes, and its distinct values as pandas' Index, dtype included."""
    codes, uniques = factorize(cells)
    expected_codes, expected_uniques = pd.factorize(cells)
    assert codes.tolist() == expected_codes.tolist()
    pd.testing.assert_index_equal(uniques, pd.Index(expected_uniques))


@settings(max_examples=200, deadline=None)
@given(texts=st.lists(st.one_of(st.none(), st.sampled_from(["", "W1", "w1", "0100", "100", " ",
                                                              "é", "W2"]), st.text(max_size=4)),
                      max_size=40),
       cut=st.integers(min_value=0, max_value=40))
def test_factorize_matches_pandas_on_random_columns(texts: list[str | None], cut: int) -> None:
    as_large = [pa.array(part, type=pa.large_string()) for part in (texts[:cut], texts[cut:])]
    _assert_factorized_as_pandas(pd.Series(pa.chunked_array(as_large), dtype="str"))
    _assert_factorized_as_pandas(pd.Series(texts, dtype="str"))
    _assert_factorized_as_pandas(pd.Series(texts, dtype=object))


def test_blank_as_missing_matches_where() -> None:
    for cells in (pd.Series(["a", "", " ", None], dtype="str"), pd.Series(["a", "b"], dtype="str"),
                  pd.Series(["a", ""], dtype=object)):
        expected = cells.where(cells != "")
        pd.testing.assert_series_equal(v.blank_as_missing(cells), expected)


def test_spreadsheet_columns_become_the_text_cell_text_gives() -> None:
    cells = [" a ", "b\xa0", "\u3000c", "", None, 1.0, 2.5, True, dt.date(2025, 1, 31),
             dt.datetime(2025, 1, 31, 9, 30), 7, "x\x1c"]
    for column in (cells, [c for c in cells if isinstance(c, str)], []):
        assert grid_module._column_text(column).tolist() == [files.cell_text(c) for c in column]


def test_spreadsheet_rows_become_the_text_cell_text_gives() -> None:
    text_only = [[" a ", "b\xa0", "\u3000c"], ["", "x\x1c", "y"]]
    mixed = [[" a ", 1.0, None], ["b", dt.date(2025, 1, 31), True]]
    for body in (text_only, mixed):
        columns = grid_module._columns_text(body, 3)
        assert list(columns) == [0, 1, 2]
        for i, column in columns.items():
            assert str(column.dtype) == "str"
            assert column.tolist() == [files.cell_text(row[i]) for row in body]


def test_a_workbook_reads_as_before(tmp_path: Path) -> None:
    book = openpyxl.Workbook()
    sheet = book.active
    sheet.append(HEADER.split(","))
    for row in ROWS:
        sheet.append([c or None for c in row.split(",")])
    sheet.append([" W004 ", "permanent", 0.5, dt.datetime(2020, 2, 29), None, None, "SW", "N", 3])
    sheet.append([None] * 9)
    sheet.append(["Total", None, 2.5])
    book.save(tmp_path / "workers.xlsx")
    grid = files.read_grid(tmp_path / "workers.xlsx", display="workers.xlsx",
                           known_headers={files.header_key(h) for h in HEADER.split(",")})
    expected = [[files.cell_text(c) for c in row] for row in
                [[c or None for c in r.split(",")] for r in ROWS]]
    assert grid.cells.iloc[:3].to_numpy().tolist() == expected
    assert grid.cells.iloc[3].tolist() == ["W004", "permanent", "0.5", "2020-02-29", "", "", "SW",
                                           "N", "3"]
    assert grid.cells.index.tolist() == [2, 3, 4, 5, 6, 7]
    assert all(str(dtype) == "str" for dtype in grid.cells.dtypes)


@settings(max_examples=300, deadline=None)
@given(ids=st.lists(st.one_of(st.none(), st.text(alphabet="0123456789.xE-٣ ", max_size=8)),
                    max_size=12))
def test_worker_ids_by_pyarrow_are_worker_id_of_each(ids: list[str | None]) -> None:
    """The column rewrite (pyarrow's RE2) and the one-id rule (Python's re) agree."""
    column = pd.Series(ids, dtype="str")
    expected = [None if text is None else v.worker_id(text) for text in ids]
    got = v.worker_ids(column)
    assert [None if pd.isna(text) else text for text in got] == expected
    assert got.dtype == column.dtype
