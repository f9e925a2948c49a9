"""Properties of the engine over generated extracts (hypothesis).

Each test draws small canonical tables — workers of every employment type with FTE in (0, 1] (or
blank), spells starting and ending around the reference date and on the window's edges, cases and
sickness days (or blanks, or no such column); optionally vacancy rows at the reference date (or
undated, or dated a year earlier) whose agency cover never exceeds the vacancy; optionally absence
spells, some naming nobody in the workers table — in the dtypes the readers hand to the engine,
and checks one property over every method it applies to.

The number of examples is modest so that the default run stays fast, and the examples are
derandomised so that every run tries the same ones. ``WFKPI_HYPOTHESIS_EXAMPLES=2000`` raises the
count for a deeper run.
"""

from __future__ import annotations

import datetime as dt
import math
import os
from collections.abc import Callable
from dataclasses import dataclass
from functools import cache
from typing import Any

import frames
import numpy as np
import pandas as pd
import pytest
from hypothesis import HealthCheck, given, settings
from hypothesis import strategies as st

from wfkpi.core.names import METHODS
from wfkpi.engine.measures import NO_FTE
from wfkpi.engine.periods import Period
from wfkpi.engine.report import compute, kpis_of
from wfkpi.engine.results import KpiResult, Report

EXAMPLES = int(os.environ.get("WFKPI_HYPOTHESIS_EXAMPLES", "40"))
PROPERTY = settings(
    max_examples=EXAMPLES,
    deadline=None,
    derandomize=True,
    database=None,
    suppress_health_check=[HealthCheck.too_slow, HealthCheck.data_too_large],
)

REFERENCE_DATES = [
    dt.date(2025, 9, 30),  # DfE's census date
    dt.date(2024, 9, 30),  # a window holding 29 February
    dt.date(2024, 2, 29),
    dt.date(2025, 3, 31),
]
TYPES = [
    "permanent", "fixed_term", "temporary", "bank", "casual", "agency", "self_employed", "other",
]  # fmt: skip
AGENCY_TYPES = ["agency", "self_employed"]
LEAVING_REASONS = [None, "resignation", "retirement", "internal_move", "end_of_contract", "other"]
ABSENCE_REASONS = ["sickness", "sickness", "sickness", "training", "maternity_paternity", "other"]
TEAMS = [None, "Alpha", "Beta"]
UNKNOWN_WORKER = "nobody"  # an absence naming no worker


# ------------------------------------------------------------------------------ frames


def table(name: str, rows: list[dict[str, Any]], present: tuple[str, ...]) -> pd.DataFrame:
    """A canonical frame holding the columns ``present`` (see :func:`frames.table`)."""
    return frames.table(name, [{k: v for k, v in row.items() if k in present} for row in rows],
                        also=present)


@dataclass(frozen=True)
class Extract:
    as_at: dt.date
    workers: pd.DataFrame
    vacancies: pd.DataFrame | None
    absences: pd.DataFrame | None

    def report(
        self, method: str, *, as_at: dt.date | None = None, by: str | None = None, **tables: Any
    ) -> Report:
        frames = {"workers": self.workers, "vacancies": self.vacancies, "absences": self.absences}
        frames.update(tables)
        return compute(frames["workers"], frames["vacancies"], frames["absences"],
                       as_at=as_at or self.as_at, method=method, by=by)  # fmt: skip


# --------------------------------------------------------------------------- strategies


@cache
def edges(as_at: dt.date) -> tuple[dt.date, ...]:
    """R, the window's first day, the opening date and the day after R."""
    start = Period(as_at).start
    return as_at, start, start - dt.timedelta(days=1), as_at + dt.timedelta(days=1)


@cache
def days_around(as_at: dt.date, low: int, high: int) -> st.SearchStrategy[dt.date]:
    """A date ``low .. high`` days from ``as_at``, often one on an edge of the window."""
    offsets = st.integers(low, high).map(lambda n: as_at + dt.timedelta(days=n))
    return st.one_of(st.sampled_from(edges(as_at)), offsets)


def later(start: dt.date, days: int) -> dt.date:
    return start + dt.timedelta(days=days)


END_KINDS = st.sampled_from(["open", "open", "later", "edge"])
END_DAYS = st.integers(0, 900)
EDGES = st.integers(0, 3)
FTES = st.floats(min_value=0.0, max_value=1.0, exclude_min=True, allow_subnormal=False)
MAYBE_FTE = st.one_of(FTES, FTES, FTES, st.none())
IDS = st.integers(0, 7)
EMPLOYMENT_TYPES = st.sampled_from(TYPES)
REASONS = st.sampled_from(LEAVING_REASONS)
TEAM = st.sampled_from(TEAMS)
CASES = st.one_of(st.integers(0, 30), st.none())
SICKNESS_DAYS = st.one_of(st.floats(0, 60, allow_subnormal=False), st.none())


def draw_end(draw: st.DrawFn, start: dt.date, as_at: dt.date) -> dt.date | None:
    """Blank (still in post), or a date on or after ``start``."""
    kind = draw(END_KINDS)
    if kind == "open":
        return None
    if kind == "later":
        return later(start, draw(END_DAYS))
    return max(start, edges(as_at)[draw(EDGES)])


@st.composite
def worker_rows(
    draw: st.DrawFn,
    as_at: dt.date,
    *,
    one_spell: bool = False,
    fte_one: bool = False,
    min_size: int = 0,
) -> tuple[list[dict[str, Any]], tuple[str, ...]]:
    """Worker spells and the optional columns the table has."""
    size = draw(st.integers(min_size, 12))
    with_cases, with_sickness = draw(st.booleans()), draw(st.booleans())
    rows = []
    for i in range(size):
        start = draw(days_around(as_at, -900, 60))
        end = draw_end(draw, start, as_at)
        row = {
            "worker_id": f"w{i}" if one_spell else f"w{draw(IDS)}",
            "employment_type": draw(EMPLOYMENT_TYPES),
            "fte": 1.0 if fte_one else draw(MAYBE_FTE),
            "start_date": start,
            "end_date": end,
            "leaving_reason": None if end is None else draw(REASONS),
            "team": draw(TEAM),
        }
        if with_cases:
            row["cases"] = draw(CASES)
        if with_sickness:
            row["sickness_days"] = draw(SICKNESS_DAYS)
        rows.append(row)
    present = ["worker_id", "employment_type", "fte", "start_date", "end_date",
               "leaving_reason", "team"]  # fmt: skip
    present += ["cases"] * with_cases + ["sickness_days"] * with_sickness
    return rows, tuple(present)


VACANCY_FTE = st.floats(0, 3, allow_subnormal=False)
COVER_SHARE = st.one_of(st.floats(0, 1), st.none())


@st.composite
def vacancy_rows(draw: st.DrawFn, as_at: dt.date, *, dated: bool = False) -> pd.DataFrame:
    """Vacancy rows dated at ``as_at`` (or undated, or a year earlier, unless ``dated``); the
    agency cover of a row, when known, is at most its vacancy."""
    with_cover = draw(st.booleans())
    when = [as_at] if dated else [as_at, as_at, None, Period(as_at).opening]
    rows = []
    for _ in range(draw(st.integers(0, 4))):
        vacancy = draw(VACANCY_FTE)
        row = {"vacancy_fte": vacancy, "as_at": when[draw(st.integers(0, len(when) - 1))]}
        if with_cover:
            share = draw(COVER_SHARE)
            row["agency_cover_fte"] = None if share is None else vacancy * share
        row["team"] = draw(TEAM)
        rows.append(row)
    present = ("vacancy_fte", "as_at", "team") + ("agency_cover_fte",) * with_cover
    return table("vacancies", rows, present)


ABSENCE_DAYS = st.one_of(st.none(), st.integers(0, 40))
ABSENCE_REASON = st.sampled_from(ABSENCE_REASONS)
DAYS_LOST = st.one_of(st.none(), st.floats(0, 30))


@st.composite
def absence_rows(draw: st.DrawFn, as_at: dt.date, ids: list[str]) -> pd.DataFrame:
    """Absence spells of the workers ``ids`` (and of nobody), in and around the window."""
    names = [*ids, UNKNOWN_WORKER]
    rows = []
    for _ in range(draw(st.integers(0, 6))):
        start = draw(days_around(as_at, -420, 30))
        length = draw(ABSENCE_DAYS)
        rows.append({
            "worker_id": names[draw(st.integers(0, len(names) - 1))],
            "start_date": start,
            "end_date": None if length is None else later(start, length),
            "reason": draw(ABSENCE_REASON),
            "working_days_lost": draw(DAYS_LOST),
        })  # fmt: skip
    present = ("worker_id", "start_date", "end_date", "reason", "working_days_lost")
    return table("absences", rows, present)


@st.composite
def extracts(
    draw: st.DrawFn,
    *,
    one_spell: bool = False,
    fte_one: bool = False,
    min_workers: int = 0,
    dated_vacancies: bool = False,
) -> Extract:
    """A small extract at one of the reference dates."""
    as_at = draw(st.sampled_from(REFERENCE_DATES))
    rows, present = draw(
        worker_rows(as_at, one_spell=one_spell, fte_one=fte_one, min_size=min_workers)
    )
    workers = table("workers", rows, present)
    vacancies = None
    if draw(st.booleans()):
        vacancies = draw(vacancy_rows(as_at, dated=dated_vacancies))
    absences = None
    if draw(st.booleans()):
        ids = sorted({row["worker_id"] for row in rows}) or ["w0"]
        absences = draw(absence_rows(as_at, ids))
    return Extract(as_at, workers, vacancies, absences)


# ------------------------------------------------------------------------------ helpers


def close(a: float | None, b: float | None) -> bool:
    """Equal, allowing for the order in which floats were summed."""
    if a is None or b is None:
        return a is None and b is None
    return math.isclose(a, b, rel_tol=1e-9, abs_tol=1e-9)


def assert_same_kpis(got: dict[str, KpiResult], expected: dict[str, KpiResult]) -> None:
    """Every KPI the same: value, numerator and denominator to float precision, the rest
    exactly."""
    assert list(got) == list(expected)
    for kpi_id, want in expected.items():
        have = got[kpi_id]
        for side in ("value", "numerator", "denominator"):
            assert close(getattr(have, side), getattr(want, side)), (kpi_id, side, have, want)
        assert (have.rows_used, have.set_aside, have.note) == (
            want.rows_used, want.set_aside, want.note
        ), kpi_id  # fmt: skip


def assert_same_reports(got: Report, expected: Report) -> None:
    """The same KPIs, the same breakdown groups in the same order, the same data quality."""
    assert_same_kpis(got.kpis, expected.kpis)
    assert [(g.group, g.headcount) for g in got.groups] == [
        (g.group, g.headcount) for g in expected.groups
    ]
    for have, want in zip(got.groups, expected.groups, strict=True):
        assert_same_kpis(have.kpis, want.kpis)
    assert got.data_quality == expected.data_quality


def every_method(check: Callable[[str], None]) -> None:
    for method in METHODS:
        check(method)


# --------------------------------------------------------------------- bounded rates

# Rates that are a part over a whole holding it, so 0–100 by construction:
BOUNDED = {
    "dfe": {
        "agency_rate_fte",  # agency / (agency + direct)
        "agency_rate_headcount",
        "vacancy_rate_fte",  # vacancies / (vacancies + direct)
        "vacancy_agency_cover_rate_fte",  # cover / vacancy, cover <= vacancy row by row
    },
    "sfc": {"vacancy_rate"},  # vacancies / (workers + vacancies)
    "lg": {
        "stability_index",  # people in post a year ago and now / people in post a year ago
        # HR records KPIs: staff (or leavers, or case holders) meeting a test / all of them
        "training_days_share", "course_completion_share", "development_plan_share",
        "team_tenure_36m_share", "service_10y_share", "ethnic_minority_share",
        "ethnic_minority_share_managers", "equality_data_completeness", "exit_interview_rate",
        "caseload_over_max_share", "supervision_coverage",
        "appraisal_completion_rate",  # completed of those due
        "internal_fill_rate",  # internal hires / hires; internal above hires is blanked on reading
    },
}
# Rates whose numerator is not part of their denominator, so only >= 0:
UNBOUNDED = {
    "dfe": {
        "turnover_rate_fte",  # leavers over in post at R: more leavers than staff left is > 100
        "turnover_rate_headcount",
        "agency_cover_rate_fte",  # cover over agency FTE in post: cover may exceed it
        "absence_rate_fte",  # days lost (leavers' too) over in-post FTE × N
    },
    "sfc": {"turnover_rate_headcount"},  # leavers over workers in post at R
    "lg": {
        "turnover_rate_headcount",  # leavers over average headcount
        "interview_success_rate",  # offers / interviewed: a funnel out of order is only warned
    },
}


def test_every_rate_is_classified():
    for method in METHODS:
        rates = {k.id for k in kpis_of(method) if k.unit == "%"}
        assert rates == BOUNDED[method] | UNBOUNDED[method], method


@PROPERTY
@given(extracts())
def test_rates_stay_within_their_bounds(extract):
    """Every "%" KPI, when defined, lies in [0, 100] if it is a share of a whole that holds its
    numerator (agency and vacancy rates, the share of vacancies covered — each row's cover is at
    most its vacancy — and the stability index), and is >= 0 otherwise: turnover divides leavers
    by staff in post at R (or by the average headcount), which people who start and leave in the
    year can outnumber; agency cover can exceed the agency FTE in post; and days lost include
    leavers' days and may exceed N days per in-post FTE. Every other KPI is >= 0 when defined."""

    def check(method: str) -> None:
        for kpi_id, result in extract.report(method).kpis.items():
            if result.value is None:
                assert result.note, (method, kpi_id)
                continue
            assert result.value >= 0, (method, kpi_id, result)
            if kpi_id in BOUNDED[method]:
                assert result.value <= 100 + 1e-9, (method, kpi_id, result)

    every_method(check)


# ------------------------------------------------------------------ adding agency workers


@st.composite
def with_agency_worker(draw: st.DrawFn) -> tuple[Extract, pd.DataFrame]:
    """An extract, and its workers with one more agency record in post at R (a new person, or
    an agency spell of someone already in the table)."""
    extract = draw(extracts())
    as_at = extract.as_at
    ids = list(extract.workers["worker_id"].dropna().unique())
    start = draw(st.integers(0, 900).map(lambda n: as_at - dt.timedelta(days=n)))
    end = draw(st.one_of(st.none(), st.integers(1, 400).map(lambda n: as_at + dt.timedelta(n))))
    row = {
        "worker_id": draw(st.sampled_from(ids)) if ids and draw(st.booleans()) else "agency-new",
        "employment_type": draw(st.sampled_from(AGENCY_TYPES)),
        "fte": draw(FTES),
        "start_date": start,
        "end_date": end,
    }
    if "cases" in extract.workers.columns:
        row["cases"] = draw(st.one_of(st.integers(0, 30), st.none()))
    present = tuple(c for c in extract.workers.columns if c != "_row")
    added = table("workers", [row], present)
    workers = pd.concat([extract.workers, added], ignore_index=True)
    workers["_row"] = np.arange(2, len(workers) + 2, dtype=np.int64)
    return extract, workers


@PROPERTY
@given(with_agency_worker())
def test_adding_an_agency_worker_never_lowers_the_agency_rate(case):
    """DfE's agency rates and counts never fall; the directly employed figures, and every
    ``sfc`` and ``lg`` KPI (their populations are directly employed staff), do not move — but
    for the two ``lg`` KPIs that count agency workers by design."""
    extract, workers = case
    before = extract.report("dfe").kpis
    after = extract.report("dfe", workers=workers).kpis
    for kpi_id, direct in (("agency_rate_fte", "inpost_fte"),
                           ("agency_rate_headcount", "inpost_headcount")):
        if after[direct].value is not None:  # its denominator now holds the worker
            assert after[kpi_id].value is not None, kpi_id
        if before[kpi_id].value is not None:
            assert after[kpi_id].value >= before[kpi_id].value - 1e-9, (kpi_id, before, after)
    if before["agency_fte"].value is not None:
        assert after["agency_fte"].value >= before["agency_fte"].value
    assert after["agency_headcount"].value >= before["agency_headcount"].value
    for kpi_id in ("inpost_fte", "inpost_headcount", "turnover_rate_fte", "vacancy_rate_fte",
                   "working_days_lost_fte", "absence_rate_fte"):  # fmt: skip
        assert unmoved(before[kpi_id], after[kpi_id]), kpi_id
    for method in ("sfc", "lg"):
        was, now = extract.report(method).kpis, extract.report(method, workers=workers).kpis
        for kpi_id in set(was) - AGENCY_COUNTED:
            assert unmoved(was[kpi_id], now[kpi_id]), (method, kpi_id)


def unmoved(before, after) -> bool:
    """The same figure; or, where the extract had no FTE figure at all until the worker came
    with one, an FTE figure that had none (absent is not 0)."""
    return close(after.value, before.value) or NO_FTE in (before.note or "")


# lg KPIs whose population takes in agency workers: an agency spell under the id of a later
# direct starter is a conversion; case holders include agency workers, as DfE's caseload does.
AGENCY_COUNTED = {"agency_conversions", "caseload_over_max_share"}


# ------------------------------------------------------------- row order and file splits


@st.composite
def shuffled(draw: st.DrawFn) -> tuple[Extract, Extract]:
    """An extract, and the same with the rows of every table in another order (the index
    following the rows or numbered afresh)."""
    extract = draw(extracts())

    def shuffle(frame: pd.DataFrame | None) -> pd.DataFrame | None:
        if frame is None:
            return None
        order = draw(st.permutations(range(len(frame))))
        moved = frame.iloc[list(order)]
        return moved.reset_index(drop=True) if draw(st.booleans()) else moved

    other = Extract(
        extract.as_at, shuffle(extract.workers), shuffle(extract.vacancies),
        shuffle(extract.absences),
    )  # fmt: skip
    return extract, other


@PROPERTY
@given(shuffled())
def test_row_order_changes_nothing(case):
    """Every KPI, every breakdown group (by team) and the data-quality summary are the same
    whatever the order of the rows of each table."""
    extract, other = case

    def check(method: str) -> None:
        assert_same_reports(other.report(method, by="team"), extract.report(method, by="team"))

    every_method(check)


@st.composite
def split(draw: st.DrawFn) -> tuple[Extract, pd.DataFrame]:
    """An extract, and its workers read as two files and stacked as the reader stacks them:
    each part numbered from 0 with its own spreadsheet rows, then concatenated afresh."""
    extract = draw(extracts())
    workers = extract.workers
    cut = draw(st.integers(0, len(workers)))
    parts = []
    for part in (workers.iloc[:cut], workers.iloc[cut:]):
        part = part.reset_index(drop=True)
        part["_row"] = np.arange(2, len(part) + 2, dtype=np.int64)
        parts.append(part)
    return extract, pd.concat(parts, ignore_index=True)


@PROPERTY
@given(split())
def test_splitting_the_workers_file_in_two_changes_nothing(case):
    """Two files of one extract stacked together give the report of the extract, breakdown by
    team included, and the columns keep the readers' dtypes."""
    extract, workers = case
    assert dict(workers.dtypes) == dict(extract.workers.dtypes)

    def check(method: str) -> None:
        assert_same_reports(
            extract.report(method, by="team", workers=workers), extract.report(method, by="team")
        )

    every_method(check)


# --------------------------------------------------------------- FTE and headcount agree

FTE_AND_HEADCOUNT = [
    ("inpost_fte", "inpost_headcount"),
    ("starters_fte", "starters_headcount"),
    ("leavers_fte", "leavers_headcount"),
    ("agency_fte", "agency_headcount"),
    ("turnover_rate_fte", "turnover_rate_headcount"),
    ("agency_rate_fte", "agency_rate_headcount"),
]


@PROPERTY
@given(extracts(one_spell=True, fte_one=True))
def test_fte_and_headcount_agree_when_every_fte_is_one(extract):
    """With one spell per person and every FTE 1, each DfE FTE figure is its headcount twin
    (``sfc`` and ``lg`` have no FTE twins of their headcount figures)."""
    kpis = extract.report("dfe").kpis
    for fte_id, headcount_id in FTE_AND_HEADCOUNT:
        fte, headcount = kpis[fte_id], kpis[headcount_id]
        if not len(extract.workers):  # no record, so no FTE figure: absent, not 0
            assert fte.value is None and fte.note == NO_FTE, fte
            continue
        assert close(fte.value, headcount.value), (fte, headcount)
        assert close(fte.numerator, headcount.numerator), (fte, headcount)
        assert close(fte.denominator, headcount.denominator), (fte, headcount)


# ------------------------------------------------------------ before every date: no data

# KPIs whose value has a denominator: "no data" for them is None, never 0.
RATIO_UNITS = {"%", "cases per FTE", "days per FTE", "days per worker", "ratio", "applications"}


def first_date(extract: Extract) -> dt.date:
    """The earliest date anywhere in the extract."""
    found = [extract.workers["start_date"].min()]
    if extract.vacancies is not None:
        found.append(extract.vacancies["as_at"].min())
    if extract.absences is not None:
        found.append(extract.absences["start_date"].min())
    return min(day for day in found if not pd.isna(day)).date()


@PROPERTY
@given(extracts(min_workers=1, dated_vacancies=True), st.integers(1, 800))
def test_a_date_before_all_data_gives_no_rate(extract, days_before):
    """At a reference date before every start, vacancy date and absence, nobody is in post and
    nothing has happened: every rate and ratio is None with a note saying why, never 0; counts
    and sums are 0. (Vacancy rows are dated here: an undated row describes any date.)"""
    as_at = first_date(extract) - dt.timedelta(days=days_before)

    def check(method: str) -> None:
        for kpi_id, result in extract.report(method, as_at=as_at).kpis.items():
            if result.unit in RATIO_UNITS:
                assert result.value is None, (method, kpi_id, result)
                assert result.note, (method, kpi_id, result)
            else:
                assert result.value in (0, None), (method, kpi_id, result)

    every_method(check)


def test_units_of_ratios_are_known():
    units = {k.unit for method in METHODS for k in kpis_of(method)}
    assert units - RATIO_UNITS == {"FTE", "people", "cases", "days"}


@pytest.mark.parametrize("method", METHODS)
def test_a_date_before_all_data_example(method):
    """One worker starting after R, one vacancy dated later: no rate at R."""
    workers = table(
        "workers",
        [{"worker_id": "a", "employment_type": "permanent", "fte": 1.0,
          "start_date": dt.date(2025, 1, 6), "sickness_days": 2.0, "cases": 3}],
        ("worker_id", "employment_type", "fte", "start_date", "sickness_days", "cases"),
    )  # fmt: skip
    vacancies = table(
        "vacancies",
        [{"vacancy_fte": 1.0, "agency_cover_fte": 0.5, "as_at": dt.date(2025, 9, 30)}],
        ("vacancy_fte", "agency_cover_fte", "as_at"),
    )
    report = compute(workers, vacancies, None, as_at=dt.date(2024, 9, 30), method=method)
    for kpi_id, result in report.kpis.items():
        if result.unit in RATIO_UNITS:
            assert result.value is None and result.note, (kpi_id, result)


# ------------------------------------------------------------------ regression examples


def test_a_ratio_over_an_all_but_zero_fte_is_no_value_not_a_crash():
    """An FTE of 2.2e-308 is above 0, so the readers accept it; 4 cases over it overflowed a
    float and ``compute`` raised ValueError (a KPI value must be finite). The ratio is now None
    with a note, and the figures it is made of stand."""
    workers = table(
        "workers",
        [{"worker_id": "a", "employment_type": "agency", "fte": 2.2250738585072014e-308,
          "start_date": dt.date(2025, 1, 6), "cases": 4}],
        ("worker_id", "employment_type", "fte", "start_date", "cases"),
    )  # fmt: skip
    vacancies = table(
        "vacancies", [{"vacancy_fte": 2.0, "agency_cover_fte": 2.0}],
        ("vacancy_fte", "agency_cover_fte"),
    )  # fmt: skip
    kpis = compute(workers, vacancies, None, as_at=dt.date(2025, 9, 30)).kpis
    for kpi_id in ("caseload_fte", "agency_cover_rate_fte"):
        result = kpis[kpi_id]
        assert result.value is None, result
        assert result.note.startswith("ratio too large for a float"), result
        assert result.denominator == 2.2250738585072014e-308
    assert kpis["cases"].value == 4
    assert kpis["agency_rate_fte"].value == 100.0
