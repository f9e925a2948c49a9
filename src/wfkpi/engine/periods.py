"""The reporting window around a reference date, and working days.

The reference date ``R`` is the day a snapshot describes. The reporting window is the twelve months
ending on ``R``, both ends included: from ``R + 1 day − 12 months`` to ``R``, so ``R = 2025-09-30``
gives 1 October 2024 to 30 September 2025 (DfE's census year) and ``R = 2025-02-28`` gives
1 March 2024 to 28 February 2025. When ``R + 1 day`` is 29 February, the window starts on 1 March
of the year before, so a window is never longer than a year.

Working days are Monday to Friday less the bank holidays of England and Wales, as published by the
``holidays`` package (``country_holidays("GB", subdiv="ENG")``, substitute days included).
"""

from __future__ import annotations

import datetime as dt
from dataclasses import dataclass
from functools import lru_cache

import holidays
import numpy as np

DAY = np.timedelta64(1, "D")


def year_before(day: dt.date) -> dt.date:
    """The same date a year earlier; 29 February moves on to 1 March."""
    try:
        return day.replace(year=day.year - 1)
    except ValueError:
        return dt.date(day.year - 1, 3, 1)


@dataclass(frozen=True)
class Period:
    """A reference date and its twelve-month window ``start .. as_at`` (inclusive)."""

    as_at: dt.date

    @property
    def start(self) -> dt.date:
        """First day of the window: ``R + 1 day − 12 months``."""
        return year_before(self.as_at + dt.timedelta(days=1))

    @property
    def opening(self) -> dt.date:
        """The day before the window opens: the reference date a year earlier.

        Who was in post "at the start of the year" is who was in post at the close of this day,
        so that ``in post now = in post at opening + starters − leavers`` holds spell by spell.
        """
        return self.start - dt.timedelta(days=1)

    @property
    def contains_29_february(self) -> bool:
        for year in {self.start.year, self.as_at.year}:
            try:
                leap_day = dt.date(year, 2, 29)
            except ValueError:
                continue
            if self.start <= leap_day <= self.as_at:
                return True
        return False

    @property
    def dfe_working_days(self) -> int:
        """DfE's N for the absence rate: 253, or 254 when the window contains 29 February."""
        return 254 if self.contains_29_february else 253


def month_end_on_or_before(day: dt.date) -> dt.date:
    """``day`` if it is the last day of its month, else the last day of the month before."""
    following = day + dt.timedelta(days=1)
    if following.month != day.month:
        return day
    return day.replace(day=1) - dt.timedelta(days=1)


@lru_cache(maxsize=16)
def _calendar(first_year: int, last_year: int) -> np.busdaycalendar:
    days = holidays.country_holidays("GB", subdiv="ENG", years=range(first_year, last_year + 1))
    return np.busdaycalendar(
        weekmask="1111100", holidays=np.array(sorted(days), dtype="datetime64[D]")
    )


def bank_holiday_calendar(first: np.datetime64, last: np.datetime64) -> np.busdaycalendar:
    """A Monday–Friday calendar less England and Wales bank holidays covering ``first .. last``."""
    first_year = int(str(np.datetime64(first, "Y")))
    last_year = int(str(np.datetime64(last, "Y")))
    return _calendar(first_year, last_year)


def working_days(first: np.ndarray, last: np.ndarray) -> np.ndarray:
    """Working days in each inclusive range ``first[i] .. last[i]`` (0 when ``last < first``).

    Both arrays are ``datetime64[D]`` without NaT.
    """
    first = np.asarray(first, dtype="datetime64[D]")
    last = np.asarray(last, dtype="datetime64[D]")
    if first.size == 0:
        return np.zeros(0, dtype=np.int64)
    calendar = bank_holiday_calendar(min(first.min(), last.min()), max(first.max(), last.max()))
    counts = np.busday_count(first, last + DAY, busdaycal=calendar)
    return np.maximum(counts, 0).astype(np.int64)
