"""The duplicate-spell check on integer codes (:func:`wfkpi.read.rules.first_copies`) finds the
rows ``DataFrame.duplicated(keys, keep="first")`` finds, and for each the first copy the groups
of ``DataFrame.groupby(keys, dropna=False)`` give: on text with blanks and empty cells, dates
with blanks, times and other units, and loosely typed columns, with keys repeated often."""

from __future__ import annotations

import datetime as dt

import numpy as np
import pandas as pd
import pytest
from hypothesis import HealthCheck, given, settings
from hypothesis import strategies as st

from wfkpi.core import ids
from wfkpi.read import rules
from wfkpi.read.extract import Source
from wfkpi.read.rules import first_copies, row_rules

PROPERTY = settings(max_examples=150, deadline=None, derandomize=True,
                    suppress_health_check=[HealthCheck.too_slow])

IDS = ["W1", "W2", "w1", "007", "7", "", None]
COURSES = ["Safeguarding", "safeguarding", "Equality, diversity and inclusion", "", None]
DAYS = [dt.datetime(2024, 1, 31), dt.datetime(2024, 2, 1), dt.datetime(1999, 12, 31),
        dt.datetime(2250, 6, 1), None]
LOOSE = [1, 1.0, 2, "1", "x", None, np.nan]
COLUMNS = ("worker_id", "date", "course", "loose")


@st.composite
def frames(draw: st.DrawFn) -> tuple[pd.DataFrame, list[str]]:
    rows = draw(st.integers(0, 30))

    def cells(values: list) -> list:
        return draw(st.lists(st.sampled_from(values), min_size=rows, max_size=rows))

    unit = draw(st.sampled_from(["ns", "us", "s"]))
    days = pd.Series(pd.to_datetime(pd.Series(cells(DAYS), dtype=object))).astype(
        f"datetime64[{unit}]")
    if draw(st.booleans()):  # some dates with a time of day: not whole days
        days = days + pd.to_timedelta(cells([0, 0, 1, 3_600]), unit="s")
    frame = pd.DataFrame({
        "worker_id": pd.Series(cells(IDS), dtype="str"),
        "date": days,
        "course": pd.Series(cells(COURSES), dtype="str"),
        "loose": pd.Series(cells(LOOSE), dtype=object),
    })
    if draw(st.booleans()):  # labels other than positions
        frame.index = pd.Index(draw(st.permutations(range(100, 100 + rows))))
    keys = draw(st.lists(st.sampled_from(COLUMNS), min_size=1, max_size=4, unique=True))
    return frame, keys


def _expected(frame: pd.DataFrame, keys: list[str]) -> tuple[np.ndarray, np.ndarray]:
    """``duplicated``'s rows, and each one's first copy as the groups give it (positions)."""
    repeat = frame.duplicated(keys, keep="first").to_numpy()
    at = pd.Series(np.arange(len(frame)), index=frame.index)
    first = at.groupby([frame[k] for k in keys], dropna=False, sort=False).transform("first")
    return repeat, np.where(repeat, first.to_numpy(), np.arange(len(frame)))


@PROPERTY
@given(frames())
def test_the_rows_and_first_copies_duplicated_and_groups_find(
    case: tuple[pd.DataFrame, list[str]],
) -> None:
    frame, keys = case
    repeat, first = _expected(frame, keys)
    firsts = first_copies(frame, keys)
    assert (firsts != np.arange(len(frame))).tolist() == repeat.tolist()
    assert firsts.tolist() == first.tolist()


@PROPERTY
@given(frames())
def test_the_same_when_the_combined_codes_would_overflow(
    case: tuple[pd.DataFrame, list[str]],
) -> None:
    frame, keys = case
    repeat, first = _expected(frame, keys)
    with pytest.MonkeyPatch.context() as patch:  # combinations numbered afresh at each column
        patch.setattr(rules, "_LARGEST", 4)
        firsts = first_copies(frame, keys)
    assert (firsts != np.arange(len(frame))).tolist() == repeat.tolist()
    assert firsts.tolist() == first.tolist()


def test_a_blank_equals_a_blank_and_an_empty_cell_does_not() -> None:
    frame = pd.DataFrame({
        "worker_id": pd.Series(["A", None, "A", None, "", ""], dtype="str"),
        "date": pd.to_datetime(pd.Series(["2024-01-01", None, "2024-01-01", None, None, None])),
    })
    assert first_copies(frame, ["worker_id", "date"]).tolist() == [0, 1, 0, 1, 4, 4]


def _workers(ids_: list[str | None], roles: list[str]) -> pd.DataFrame:
    return pd.DataFrame({
        "_row": np.arange(2, 2 + len(ids_)),
        "worker_id": pd.Series(ids_, dtype="str"),
        "role": pd.Series(roles, dtype="str"),
        "start_date": pd.to_datetime(pd.Series(["2020-01-01"] * len(ids_))),
        "end_date": pd.to_datetime(pd.Series([None] * len(ids_)), format="ISO8601"),
        "team": pd.Series(["A"] * (len(ids_) - 1) + ["B"], dtype="str"),
        "_file": pd.Series(["workers.csv"] * len(ids_), dtype="str"),
    })


def test_a_repeated_spell_is_one_issue_naming_the_first_copy_and_what_differs() -> None:
    frame = _workers(["C", "A", "B", "A", "A"], ["SW"] * 5)
    frame.index = pd.Index([10, 11, 12, 13, 14])
    sources = [Source("workers", "workers.csv", None, 1, {}, [], {}, rows=5)]
    kept, issues = row_rules("workers", frame, sources)
    assert [(i.code, i.row, i.message) for i in issues] == [
        ("duplicate-spell", 5, "same worker_id, role, start_date, end_date as row 3; this copy "
         "is set aside"),
        ("duplicate-spell", 6, "same worker_id, role, start_date, end_date as row 3; this copy "
         "is set aside; it differs in team: check which is right"),
    ]
    assert kept["worker_id"].tolist() == ["C", "A", "B"]
    assert sources[0].set_aside == 2


def test_the_ids_codes_follow_the_rows_kept() -> None:
    frame = _workers(["C", "A", "A", "B", None, "D", "A"], ["SW"] * 7)
    sources = [Source("workers", "workers.csv", None, 1, {}, [], {}, rows=7)]
    kept, _ = row_rules("workers", frame, sources)
    remembered = ids._kept(ids._data(kept["worker_id"]))
    assert remembered is not None  # carried from the codes of the whole table
    codes, uniques = pd.factorize(kept["worker_id"])
    assert remembered.codes.tolist() == codes.tolist()
    assert remembered.uniques.tolist() == uniques.tolist()
    assert remembered.blanks
