from __future__ import annotations

import datetime as dt

import numpy as np
import pytest

from wfkpi.engine.periods import Period, month_end_on_or_before, working_days


@pytest.mark.parametrize(
    ("as_at", "start"),
    [
        (dt.date(2025, 9, 30), dt.date(2024, 10, 1)),
        (dt.date(2025, 3, 31), dt.date(2024, 4, 1)),
        (dt.date(2024, 2, 29), dt.date(2023, 3, 1)),
        (dt.date(2024, 2, 28), dt.date(2023, 3, 1)),  # R + 1 day is 29 Feb: 1 March a year before
        (dt.date(2025, 2, 28), dt.date(2024, 3, 1)),
        (dt.date(2025, 12, 31), dt.date(2025, 1, 1)),
    ],
)
def test_window_is_the_twelve_months_ending_on_the_reference_date(as_at, start):
    assert Period(as_at).start == start


@pytest.mark.parametrize(
    ("as_at", "n"),
    [
        (dt.date(2025, 9, 30), 253),
        (dt.date(2024, 9, 30), 254),  # 2023-10-01 .. 2024-09-30 holds 29 Feb 2024
        (dt.date(2020, 9, 30), 254),
        (dt.date(2024, 2, 29), 254),
        (dt.date(2024, 2, 28), 253),
        (dt.date(2025, 2, 28), 253),  # 2024-03-01 .. 2025-02-28
        (dt.date(2028, 3, 31), 254),
    ],
)
def test_dfe_working_days_are_254_when_the_window_holds_29_february(as_at, n):
    assert Period(as_at).dfe_working_days == n


def d(text: str) -> np.datetime64:
    return np.datetime64(text, "D")


@pytest.mark.parametrize(
    ("first", "last", "expected"),
    [
        ("2025-09-29", "2025-10-05", 5),  # Monday to Sunday
        ("2024-12-23", "2024-12-27", 3),  # Christmas Day and Boxing Day
        ("2020-12-24", "2020-12-29", 2),  # Boxing Day on a Saturday: substitute Monday 28th
        ("2022-09-19", "2022-09-19", 0),  # the State Funeral bank holiday
        ("2025-08-25", "2025-08-25", 0),  # late summer bank holiday (England and Wales)
        ("2025-03-17", "2025-03-17", 1),  # St Patrick's Day is not a holiday in England
        ("2025-10-03", "2025-10-01", 0),  # an empty range
        ("2023-10-01", "2024-09-30", 253),  # DfE's N is 254 for this year: N is not a count
        ("2024-10-01", "2025-09-30", 253),
    ],
)
def test_working_days_are_monday_to_friday_less_england_and_wales_bank_holidays(
    first, last, expected
):
    assert working_days(np.array([d(first)]), np.array([d(last)])).tolist() == [expected]


def test_working_days_is_vectorised():
    first = np.array([d("2025-01-06"), d("2025-01-06")])
    last = np.array([d("2025-01-10"), d("2025-01-17")])
    assert working_days(first, last).tolist() == [5, 10]
    assert working_days(first[:0], last[:0]).tolist() == []


@pytest.mark.parametrize(
    ("day", "month_end"),
    [
        (dt.date(2025, 9, 30), dt.date(2025, 9, 30)),
        (dt.date(2025, 10, 3), dt.date(2025, 9, 30)),
        (dt.date(2024, 3, 15), dt.date(2024, 2, 29)),
        (dt.date(2025, 1, 1), dt.date(2024, 12, 31)),
    ],
)
def test_month_end_on_or_before(day, month_end):
    assert month_end_on_or_before(day) == month_end


def test_working_days_know_the_special_bank_holidays() -> None:
    """The Queen's funeral (19 September 2022) and the coronation (8 May 2023) were bank
    holidays; 1 May 2023 too, so 1-5 May 2023 has four working days."""
    first = np.array(["2022-09-19", "2023-05-08", "2023-05-01"], dtype="datetime64[D]")
    last = np.array(["2022-09-19", "2023-05-08", "2023-05-05"], dtype="datetime64[D]")
    assert working_days(first, last).tolist() == [0, 0, 4]
