"""The KPI formulas again, written the plain way: Python loops over records and days.

An independent statement of ``docs/kpis.md`` for the randomised tests: no pandas, no numpy, one
record at a time, working days counted day by day.
"""

from __future__ import annotations

import datetime as dt
from typing import Any

import holidays

DIRECT = {"permanent", "fixed_term", "temporary"}
AGENCY = {"agency", "self_employed"}
Row = dict[str, Any]
_BANK_HOLIDAYS = set(holidays.country_holidays("GB", subdiv="ENG", years=range(2010, 2031)))


def window_start(as_at: dt.date) -> dt.date:
    day = as_at + dt.timedelta(days=1)
    if (day.month, day.day) == (2, 29):
        return dt.date(day.year - 1, 3, 1)
    return day.replace(year=day.year - 1)


def working_days(first: dt.date, last: dt.date) -> int:
    days, day = 0, first
    while day <= last:
        if day.weekday() < 5 and day not in _BANK_HOLIDAYS:
            days += 1
        day += dt.timedelta(days=1)
    return days


def ratio(numerator: float | None, denominator: float | None, scale: float = 100.0) -> float | None:
    if numerator is None or denominator is None or denominator == 0:
        return None
    return numerator / denominator * scale


class Reference:
    """Every KPI of every method for one set of records and reference date.

    ``columns``: the optional columns the whole tables have (for a group, whose rows may not
    show them); by default those any row names.
    """

    def __init__(
        self,
        workers: list[Row],
        vacancies: list[Row] | None,
        absences: list[Row] | None,
        as_at: dt.date,
        columns: set[str] | None = None,
    ) -> None:
        self.workers, self.vacancies, self.absences = workers, vacancies, absences
        if columns is None:
            columns = {key for row in [*workers, *(vacancies or [])] for key in row}
        self.columns = columns
        self.r = as_at
        self.w0 = window_start(as_at)
        self.opening = self.w0 - dt.timedelta(days=1)
        self.n = 254 if self._holds_29_february() else 253

    def _holds_29_february(self) -> bool:
        day = self.w0
        while day <= self.r:
            if (day.month, day.day) == (2, 29):
                return True
            day += dt.timedelta(days=1)
        return False

    # --- record tests
    @staticmethod
    def in_post(w: Row, day: dt.date) -> bool:
        return w["start_date"] <= day and (w.get("end_date") is None or w["end_date"] > day)

    def leaver(self, w: Row) -> bool:
        return w.get("end_date") is not None and self.w0 <= w["end_date"] <= self.r

    def starter(self, w: Row) -> bool:
        return self.w0 <= w["start_date"] <= self.r

    def active(self, w: Row) -> bool:
        end = w.get("end_date")
        return w["start_date"] <= self.r and (end is None or end >= self.w0)

    def direct(self, w: Row) -> bool:
        return w["employment_type"] in DIRECT

    def agency(self, w: Row) -> bool:
        return w["employment_type"] in AGENCY

    # --- sums and counts
    @staticmethod
    def fte(rows: list[Row]) -> float:
        total = 0.0
        for w in rows:
            if w.get("fte") is not None:
                total += w["fte"]
        return total

    @staticmethod
    def people(rows: list[Row]) -> int:
        return len({w["worker_id"] for w in rows})

    def select(self, test) -> list[Row]:
        return [w for w in self.workers if test(w)]

    def has_column(self, rows: list[Row] | None, name: str) -> bool:
        return rows is not None and name in self.columns

    # --- pieces shared by several KPIs
    def vacancy_rows(self) -> list[Row]:
        assert self.vacancies is not None
        return [v for v in self.vacancies if v.get("as_at") in (None, self.r)]

    def vacancy_fte(self) -> float | None:
        if self.vacancies is None:
            return None
        return sum(v["vacancy_fte"] for v in self.vacancy_rows())

    def cover_fte(self) -> float | None:
        if self.vacancies is None or not self.has_column(self.vacancies, "agency_cover_fte"):
            return None
        rows = self.vacancy_rows()
        known = [v["agency_cover_fte"] for v in rows if v.get("agency_cover_fte") is not None]
        if rows and not known:
            return None
        return sum(known)

    def covered_vacancy_fte(self) -> float | None:
        """Vacant FTE of the rows whose cover figure is known."""
        if self.cover_fte() is None:
            return self.vacancy_fte()
        return sum(v["vacancy_fte"] for v in self.vacancy_rows()
                   if v.get("agency_cover_fte") is not None)

    def case_records(self) -> list[Row]:
        return self.select(lambda w: (self.direct(w) or self.agency(w)) and self.in_post(w, self.r))

    def cases(self) -> float | None:
        if not self.has_column(self.workers, "cases"):
            return None
        rows = self.case_records()
        known = [w["cases"] for w in rows if w.get("cases") is not None]
        if rows and not known:
            return None
        return float(sum(known))

    def case_holders_fte(self) -> float | None:
        if not self.has_column(self.workers, "cases"):
            return None
        return self.fte([w for w in self.case_records() if (w.get("cases") or 0) >= 1])

    def spell_days(self, spell: Row) -> float:
        start = spell["start_date"]
        end = spell.get("end_date") or self.r
        first, last = max(start, self.w0), min(end, self.r)
        if first > last or start > end:
            return 0.0
        whole = working_days(start, end)
        inside = working_days(first, last)
        calendar_share = ((last - first).days + 1) / ((end - start).days + 1)
        share = inside / whole if whole else calendar_share
        lost = spell.get("working_days_lost")
        return (whole if lost is None else lost) * share

    def days_lost(self) -> float | None:
        if self.absences is not None:
            counted = {w["worker_id"] for w in self.workers if self.direct(w) and self.active(w)}
            total = 0.0
            for spell in self.absences:
                if spell["reason"] == "sickness" and spell["worker_id"] in counted:
                    total += self.spell_days(spell)
            return total
        if not self.has_column(self.workers, "sickness_days"):
            return None
        rows = self.select(lambda w: self.direct(w) and self.active(w))
        known = [w["sickness_days"] for w in rows if w.get("sickness_days") is not None]
        if rows and not known:
            return None
        return sum(known)

    def current(self) -> list[Row]:
        return self.select(lambda w: self.direct(w) and self.in_post(w, self.r))

    def leavers_not_moving(self) -> int:
        rows = self.select(
            lambda w: (
                self.direct(w) and self.leaver(w) and w.get("leaving_reason") != "internal_move"
            )
        )
        return self.people(rows)

    # --- the methods
    def dfe(self) -> dict[str, float | None]:
        inpost = self.current()
        starters = self.select(lambda w: self.direct(w) and self.starter(w))
        leavers = self.select(lambda w: self.direct(w) and self.leaver(w))
        agency = self.select(lambda w: self.agency(w) and self.in_post(w, self.r))
        inpost_fte, agency_fte = self.fte(inpost), self.fte(agency)
        inpost_hc, agency_hc = self.people(inpost), self.people(agency)
        vacancy, cover = self.vacancy_fte(), self.cover_fte()
        cases, holders = self.cases(), self.case_holders_fte()
        lost = self.days_lost()
        return {
            "inpost_fte": inpost_fte,
            "inpost_headcount": inpost_hc,
            "starters_fte": self.fte(starters),
            "starters_headcount": self.people(starters),
            "leavers_fte": self.fte(leavers),
            "leavers_headcount": self.people(leavers),
            "turnover_rate_fte": ratio(self.fte(leavers), inpost_fte),
            "turnover_rate_headcount": ratio(self.people(leavers), inpost_hc),
            "agency_fte": agency_fte,
            "agency_headcount": agency_hc,
            "agency_rate_fte": ratio(agency_fte, agency_fte + inpost_fte),
            "agency_rate_headcount": ratio(agency_hc, agency_hc + inpost_hc),
            "vacancy_fte": vacancy,
            "vacancy_rate_fte": None if vacancy is None else ratio(vacancy, vacancy + inpost_fte),
            "agency_cover_fte": cover,
            "agency_cover_rate_fte": ratio(cover, agency_fte),
            "vacancy_agency_cover_rate_fte": ratio(cover, self.covered_vacancy_fte()),
            "cases": cases,
            "case_holders_fte": holders,
            "caseload_fte": ratio(cases, holders, 1.0),
            "working_days_lost_fte": lost,
            "absence_rate_fte": ratio(lost, inpost_fte * self.n),
        }

    def sfc(self) -> dict[str, float | None]:
        current = self.current()
        workers = self.people(current)
        vacancy = self.vacancy_fte()
        if self.absences is not None:
            ids = {w["worker_id"] for w in current}
            days = sum(
                self.spell_days(s)
                for s in self.absences
                if s["reason"] == "sickness" and s["worker_id"] in ids
            )
            sickness = ratio(days, len(ids), 1.0)
        elif not self.has_column(self.workers, "sickness_days"):
            sickness = None
        else:
            known = [w for w in current if w.get("sickness_days") is not None]
            if current and not known:
                sickness = None
            else:
                days = sum(w["sickness_days"] for w in known)
                sickness = ratio(days, self.people(known), 1.0)
        return {
            "turnover_rate_headcount": ratio(self.leavers_not_moving(), workers),
            "vacancy_rate": None if vacancy is None else ratio(vacancy, vacancy + workers),
            "sickness_days_per_worker": sickness,
        }

    def lg(self) -> dict[str, float | None]:
        opening = self.select(lambda w: self.direct(w) and self.in_post(w, self.opening))
        closing = self.current()
        average_fte = (self.fte(opening) + self.fte(closing)) / 2
        average_hc = (self.people(opening) + self.people(closing)) / 2
        stayed = {w["worker_id"] for w in opening} & {w["worker_id"] for w in closing}
        return {
            "sickness_days_per_fte": ratio(self.days_lost(), average_fte, 1.0),
            "turnover_rate_headcount": ratio(self.leavers_not_moving(), average_hc),
            "stability_index": ratio(len(stayed), self.people(opening)),
        }
