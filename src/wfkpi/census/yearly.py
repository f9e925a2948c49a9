"""Last year's census return beside this year's: the headline figures that moved far.

DfE's census guide lists year-on-year checks among what a return is checked for; its thresholds
are not published with it, so the ones here are wfkpi's own (``docs/census.md``, "Year on
year"): a figure is queried when the larger of the two years' figures is more than ``ratio``
times the smaller and the two differ by at least :data:`MIN_CHANGE`. The in-post figures move
little from year to year (DfE's statistics 2017-2025: a move of more than 25% in 3% of
authority-years), the others much more, so they are queried when they double or halve.
"""

from __future__ import annotations

import datetime as dt

from wfkpi.core.issues import Issue
from wfkpi.engine.results import Report

# DfE KPI id -> how many times the larger year's figure may be of the smaller's.
MOVES = {"inpost_fte": 1.25, "inpost_headcount": 1.25, "agency_fte": 2.0,
         "vacancy_fte": 2.0, "starters_headcount": 2.0, "leavers_headcount": 2.0}
MIN_CHANGE = 5.0  # FTE or people: smaller moves are never queried


def year_on_year(current: Report, previous: Report, *, file: str, previous_file: str,
                 la: str = "", previous_la: str = "") -> list[Issue]:
    """A ``csww-year-on-year`` warning for each headline figure of ``current`` that moved far
    from ``previous`` (the return of the year before), and for a previous return that is not
    the year before's or not the same authority's."""
    found = []
    now, then = current.as_at, previous.as_at
    if not _a_year_before(then, now):
        found.append(Issue("csww-year-on-year", f"The previous return ({previous_file}) is at "
                           f"{then:%d %b %Y}, not a year before {now:%d %b %Y}: its figures "
                           "are compared all the same", file=file))
    if la and previous_la and la != previous_la:
        found.append(Issue("csww-year-on-year", f"The previous return is LA {previous_la}'s, "
                           f"this one LA {la}'s: its figures are compared all the same",
                           file=file, column="LEA"))
    for kpi, ratio in MOVES.items():
        a, b = current.kpis.get(kpi), previous.kpis.get(kpi)
        if a is None or b is None or a.value is None or b.value is None:
            continue
        low, high = sorted((a.value, b.value))
        if high - low >= MIN_CHANGE and high > ratio * low:
            change = f"{(a.value - b.value) / b.value:+.0%}" if b.value else "from 0"
            found.append(Issue(
                "csww-year-on-year", f"{a.label} ({kpi}) is {a.value:,.1f} at {now:%d %b %Y}, "
                f"{b.value:,.1f} a year before ({change}): a larger move than wfkpi's "
                f"year-on-year check allows (x{ratio:g}); check it, or explain it in a note "
                "with the return", file=file, column=kpi, value=f"{a.value:g}"))
    return found


def _a_year_before(then: dt.date, now: dt.date) -> bool:
    try:
        return then.replace(year=then.year + 1) == now
    except ValueError:  # 29 February
        return False
