"""The sample's calendar: its default reference date, days as numbers, month-ends and the
reference dates a year apart that its yearly figures run between."""

from __future__ import annotations

import datetime as dt

import numpy as np

from wfkpi.engine.periods import Period, year_before

AS_AT = dt.date(2025, 9, 30)
EPOCH = dt.date(1970, 1, 1)


def day_of(day: dt.date) -> int:
    """A date as a day number: days since 1970, as the simulation counts them."""
    return (day - EPOCH).days


def date_of(day: int) -> dt.date:
    return EPOCH + dt.timedelta(days=day)


def previous(day: dt.date) -> dt.date:
    """The reference date a year earlier, as the scorecard compares: the day before the window
    opens (29 February 2024 for 28 February 2025, 28 February 2023 for 29 February 2024)."""
    return Period(day).opening


def history_start(day: dt.date) -> dt.date:
    """First day of the 24 months ending at ``day``."""
    return year_before(Period(day).start)


def year_ends(first: int, last: dt.date) -> np.ndarray:
    """Reference dates a year apart back from ``last`` until one falls before day ``first``."""
    ends = [last]
    while day_of(ends[-1]) >= first:
        ends.append(Period(ends[-1]).opening)
    return np.array([day_of(d) for d in ends])


def is_month_end(day: dt.date) -> bool:
    return (day + dt.timedelta(days=1)).day == 1


def month_ends(last: dt.date, months: int) -> list[dt.date]:
    """The ``months`` month-ends ending at ``last`` (itself included), oldest first."""
    days = [last]
    for _ in range(months - 1):
        days.append(days[-1].replace(day=1) - dt.timedelta(days=1))
    return days[::-1]


def months_between(first: dt.date, last: dt.date) -> int:
    return (last.year - first.year) * 12 + last.month - first.month + 1
