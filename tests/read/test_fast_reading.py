"""The fast ways of reading give exactly what the plain ones give.

CSVs without quotes go through pyarrow (``text._arrow_cells``), everything else through pandas;
several column steps use pyarrow's functions on pyarrow-backed text in place of pandas' slower
ones. Each is checked here against the plain way, on inputs chosen to sit on the edges where
two parsers or two definitions could part.
"""

from __future__ import annotations

import datetime as dt
import re
from pathlib import Path

import openpyxl
import pandas as pd
import pyarrow as pa
import pyarrow.compute as pc
import pytest
from hypothesis import HealthCheck, given, settings
from hypothesis import strategies as st

from wfkpi.core.arrow import is_in
from wfkpi.read import files, load_extract
from wfkpi.read import grid as grid_module
from wfkpi.read import table as table_module
from wfkpi.read import text as text_module
from wfkpi.read import values as v

HEADER = "worker_id,employment_type,fte,start_date,end_date,leaving_reason,role,team,cases"
ROWS = [
    "W001,permanent,1,2019-04-01,,,Social Worker,North,18",
    "W002,agency,1,15/01/2025,30/06/2025,end_of_contract,Social Worker,North,14",
    "W003,fixed_term,0.6,01/10/2024,,,Senior Practitioner,South,11",
]


def _outcome(folder: Path) -> tuple:
    """Everything a read gives: the tables, what was read from each file, every issue."""
    extract = load_extract(folder)
    tables = {name: frame for name, frame in extract.tables.items()}
    return tables, [s.to_dict() for s in extract.sources], [i.to_dict() for i in extract.issues]


def _same_both_ways(folder: Path, monkeypatch: pytest.MonkeyPatch) -> tuple:
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
    "title rows": "\n".join(["Staff list", "Run on 1 Oct 2025", "", HEADER, *ROWS]) + "\n",
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


# ------------------------------------------------------------------ column steps

def test_trimmed_only_when_no_cell_has_whitespace_around_it() -> None:
    def trimmed(text: str) -> bool:
        data = text.encode()
        return text_module._trimmed(text, memoryview(data), ",")

    assert trimmed("a,b c\nd,e\n")
    for text in (" a,b\n", "a ,b\n", "a, b\n", "a,b \n", "a,b\r\n \n", "a,b ", "a,\tb\n",
                 "a,b\x0b\n", "a,\xa0b\n", "a\x1c,b\n"):
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
