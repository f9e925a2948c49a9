"""A column of dates or numbers that pyarrow converts in one pass (``values._read_whole``) is
typed exactly as parsing each distinct value gives it: the same values, dtype and bad rows,
and the one pass is taken only when every value is one it reads as the parser does."""

from __future__ import annotations

import datetime as dt
from collections.abc import Callable
from typing import Any
from unittest import mock

import numpy as np
import pandas as pd
import pytest
from hypothesis import given, settings
from hypothesis import strategies as st

from wfkpi.core.schema import columns
from wfkpi.read import values as v
from wfkpi.read.mapping import NO_END

WORKERS = columns("workers")
DATE, NUMBER, WHOLE = WORKERS["end_date"], WORKERS["fte"], WORKERS["cases"]
OWN_END = dt.date(2099, 12, 31)  # a "no end" date a mapping may name, inside the accepted years

PARSERS: list[tuple[str, Any, Callable[[str], Any]]] = [
    ("dates", DATE, v.parse_date),
    ("dates, default no end", DATE, v.date_parser((), frozenset(map(dt.date.fromisoformat,
                                                                     NO_END)))),
    ("dates, own no end", DATE, v.date_parser((), frozenset({OWN_END}))),
    ("dates in a mapping's format", DATE, v.date_parser(("%Y-%m-%d",), frozenset())),
    ("numbers", NUMBER, v.parse_number),
    ("whole numbers", WHOLE, v.parse_integer),
]


def _parsed(texts: list[str | None], column: Any, parse: Callable[[str], Any],
            whole: bool) -> v.Parsed:
    cells = v.blank_as_missing(pd.Series(texts, dtype="str").fillna(""))
    if whole:
        return v.parse_column(cells, column, parse)
    with mock.patch.object(v, "_read_whole", return_value=None):
        return v.parse_column(cells, column, parse)


def _assert_same(texts: list[str | None], column: Any, parse: Callable[[str], Any]) -> bool:
    """Both readings of ``texts`` agree; whether the one pass was taken."""
    cells = v.blank_as_missing(pd.Series(texts, dtype="str").fillna(""))
    taken = v._read_whole(cells, parse) is not None
    fast, slow = _parsed(texts, column, parse, True), _parsed(texts, column, parse, False)
    assert fast.values.dtype == slow.values.dtype
    pd.testing.assert_series_equal(fast.values, slow.values)
    assert fast.bad.tolist() == slow.bad.tolist()
    if taken:
        assert not slow.reasons  # the one pass never hides a value the parser refuses
        if column.kind != "date":  # a number written -0 is 0 either way
            numbers = np.asarray(fast.values.dropna(), dtype=float)
            assert not np.signbit(numbers[numbers == 0]).any()
    else:
        assert fast.reasons == slow.reasons
    return taken


_DAYS = st.dates(min_value=dt.date(1850, 1, 1), max_value=dt.date(2150, 12, 31))
_DATE_TEXTS = st.one_of(
    _DAYS.map(dt.date.isoformat),
    _DAYS.map(lambda d: d.strftime("%d/%m/%Y")),
    _DAYS.map(lambda d: f"{d.year}-{d.month}-{d.day}"),  # ISO without leading zeros
    _DAYS.map(lambda d: f"{d.isoformat()} 00:00"),
    st.sampled_from(["2023-02-29", "2024-02-29", "2024-13-01", "2024-04-31", "0000-01-01",
                     *NO_END, OWN_END.isoformat(), "45000", "20240105", "31 Sep 2025", "soon"]),
)
_NUMBER_TEXTS = st.one_of(
    st.floats(allow_nan=True, allow_infinity=True).map(repr),
    st.floats(min_value=-1e6, max_value=1e6).map(lambda x: f"{x:.3f}"),
    st.integers(min_value=-(2**60), max_value=2**60).map(str),
    st.sampled_from(["-0", "-0.0", "+1", ".5", "1.", "1e3", "80%", "1,234.5", "nan", "inf",
                     "-Infinity", "1e400", "1e-400", str(2**53), str(2**53 + 1), "0x10",
                     "1_000", "one", "٣", "0.1", "7.40", "1.0"]),
)


def _columns(texts: st.SearchStrategy[str]) -> st.SearchStrategy[list[str | None]]:
    """Columns of one kind of text with blanks, often drawn from a few values (as a real
    column's are), so that many are wholly readable in one pass."""
    cell = st.one_of(st.none(), texts)
    return st.one_of(st.lists(cell, max_size=30),
                     st.lists(texts, min_size=1, max_size=4).flatmap(
                         lambda few: st.lists(st.one_of(st.none(), st.sampled_from(few)),
                                              max_size=30)))


@settings(max_examples=300, deadline=None)
@given(texts=_columns(_DATE_TEXTS), which=st.sampled_from([p for p in PARSERS
                                                           if p[1].kind == "date"]))
def test_dates_read_whole_as_parsed(texts: list[str | None], which: tuple[Any, ...]) -> None:
    _assert_same(texts, which[1], which[2])


@settings(max_examples=300, deadline=None)
@given(texts=_columns(_NUMBER_TEXTS), which=st.sampled_from([p for p in PARSERS
                                                             if p[1].kind != "date"]))
def test_numbers_read_whole_as_parsed(texts: list[str | None], which: tuple[Any, ...]) -> None:
    _assert_same(texts, which[1], which[2])


@pytest.mark.parametrize(("texts", "parser", "taken"), [
    (["2024-01-05", None, "1900-01-01", "2100-12-31"], 0, True),
    (["2024-01-05", "1899-12-31"], 0, False),  # before the accepted years
    (["2024-01-05", "30/09/2025"], 0, False),  # day-first: the parser reads it
    (["2024-01-05", "9999-12-31"], 0, False),  # beyond the accepted years
    (["2024-01-05", "9999-12-31", "4712-12-31"], 1, True),  # no end: blank, as parsed
    (["2024-01-05", "2099-12-31"], 1, True),
    (["2024-01-05", "2099-12-31", None], 2, True),  # the mapping's own no-end date
    (["2099-12-31", "9999-12-31"], 2, False),  # not this mapping's: beyond the years
    (["2024-01-05"], 3, False),  # a mapping's format: its own rules
    (["1", "0.5", None, "-0"], 4, True),
    (["1", "80%"], 4, False),
    (["1", "nan"], 4, False),
    (["1", str(2**53 + 2)], 4, False),  # beyond what a float holds exactly
    (["3", "3.0", None], 5, True),
    (["3", "3.5"], 5, False),
])
def test_one_pass_taken_only_when_it_reads_every_value(
    texts: list[str | None], parser: int, taken: bool
) -> None:
    _, column, parse = PARSERS[parser]
    assert _assert_same(texts, column, parse) is taken


def test_a_column_read_whole_has_the_parsers_dtypes() -> None:
    dates = _parsed(["2024-02-29", None], DATE, v.parse_date, True).values
    assert dates.dtype == "datetime64[ns]" and dates.isna().tolist() == [False, True]
    assert dates[0] == pd.Timestamp("2024-02-29")
    whole = _parsed(["12", None], WHOLE, v.parse_integer, True).values
    assert str(whole.dtype) == "Int64" and whole.tolist() == [12, pd.NA]
