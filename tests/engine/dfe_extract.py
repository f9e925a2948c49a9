"""Worker-level extracts rebuilt from rows of DfE's published CSWW indicators.

DfE publishes each authority's numerators and denominators rounded to one decimal place (FTE,
days) or whole numbers (headcounts, cases), and rates computed before rounding. To rebuild an
extract we need exact totals, so :func:`solve` picks, for each rounded FTE or days figure, a value
in hundredths within ±0.04 of it (so it still rounds to the published figure) such that each
published rate is what DfE's formula gives. :func:`build` then makes plausible worker, vacancy and
absence rows whose sums are exactly those totals. The engine is then run on the rows and must
give back the published rates.
"""

from __future__ import annotations

import csv
import datetime as dt
import itertools
import math
from collections.abc import Callable
from dataclasses import dataclass, field
from functools import lru_cache
from pathlib import Path

import holidays
import numpy as np
import pandas as pd

PUBLISHED = Path(__file__).resolve().parents[1] / "data" / "csww_indicators_sample.csv"
OFFSETS = sorted(range(-4, 5), key=lambda d: (abs(d), d))  # hundredths, nearest first

# The rates the reproduction checks, as DfE's formulas over the hidden totals (FTE, days).
Totals = dict[str, float]
RATES: dict[str, Callable[[Totals], float]] = {
    "turnover_rate_fte": lambda t: t["leavers_fte"] / t["inpost_fte"] * 100,
    "turnover_rate_headcount": lambda t: t["leavers_headcount"] / t["inpost_headcount"] * 100,
    "agency_rate_fte": lambda t: t["agency_fte"] / (t["agency_fte"] + t["inpost_fte"]) * 100,
    "agency_rate_headcount": lambda t: (
        t["agency_headcount"] / (t["agency_headcount"] + t["inpost_headcount"]) * 100
    ),
    "vacancy_rate_fte": lambda t: t["vacancy_fte"] / (t["vacancy_fte"] + t["inpost_fte"]) * 100,
    "agency_cover_rate_fte": lambda t: t["agency_cover_fte"] / t["agency_fte"] * 100,
    "vacancy_agency_cover_rate_fte": lambda t: t["agency_cover_fte"] / t["vacancy_fte"] * 100,
    "caseload_fte": lambda t: t["cases"] / t["case_holders_fte"],
    "absence_rate_fte": lambda t: t["working_days_lost_fte"] / (t["inpost_fte"] * t["n"]) * 100,
}
FTE_TOTALS = (
    "inpost_fte", "starters_fte", "leavers_fte", "agency_fte", "vacancy_fte", "agency_cover_fte",
    "case_holders_fte", "working_days_lost_fte",
)  # fmt: skip
COUNTS = (
    "inpost_headcount",
    "starters_headcount",
    "leavers_headcount",
    "agency_headcount",
    "cases",
)


def read_published() -> list[dict[str, str]]:
    with PUBLISHED.open(newline="", encoding="utf-8") as file:
        return list(csv.DictReader(file))


def number(text: str) -> float | None:
    """A published cell as a number; None for DfE's symbols (x, c, u, z, low)."""
    try:
        return float(text)
    except ValueError:
        return None


def name(row: dict[str, str]) -> str:
    place = row["la_name"] or row["region_name"] or row["country_name"]
    return f"{place} {row['time_period']}"


def reference_date(row: dict[str, str]) -> dt.date:
    return dt.date(int(row["time_period"]), 9, 30)


def dfe_n(year: int) -> int:
    return 254 if year in (2020, 2024) else 253


def _matches(value: float, published: float) -> bool:
    """``round(value, 1) == published``, away from a rounding tie (so any rounding rule agrees)."""
    tenths = value * 10
    if not math.isfinite(tenths):
        return False
    return abs(tenths - math.floor(tenths) - 0.5) > 1e-6 and round(value, 1) == published


@dataclass
class Solution:
    """Exact totals for one published row, and which published rates they reproduce."""

    totals: Totals
    consistent: set[str] = field(default_factory=set)  # rates the totals give back
    inconsistent: set[str] = field(default_factory=set)  # no totals within rounding give them


def solve(row: dict[str, str]) -> Solution:
    """Totals within each published figure's rounding that reproduce as many rates as possible."""
    published = {key: number(row[key]) for key in (*FTE_TOTALS, *COUNTS, *RATES)}
    base: Totals = {
        key: published[key] for key in (*FTE_TOTALS, *COUNTS) if published[key] is not None
    }
    base["n"] = dfe_n(int(row["time_period"]))
    targets = {kpi: value for kpi, value in published.items() if kpi in RATES and value is not None}

    def candidates(key: str) -> list[float]:
        if key not in base:
            return [math.nan]
        if base[key] == 0:
            return [0.0]
        return [round(base[key] * 100 + d) / 100 for d in OFFSETS]

    def usable(kpi: str, totals: Totals) -> bool:
        try:
            return kpi in targets and _matches(RATES[kpi](totals), targets[kpi])
        except (KeyError, ZeroDivisionError):
            return False

    def score(totals: Totals, kpis: tuple[str, ...]) -> int:
        return sum(usable(kpi, totals) for kpi in kpis)

    def fitting(totals: Totals, key: str, kpis: tuple[str, ...]) -> list[float]:
        """The candidates for ``key`` that reproduce the most of ``kpis``, nearest first."""
        scored = [(score({**totals, key: value}, kpis), value) for value in candidates(key)]
        top = max(hits for hits, _ in scored)
        if top == 0:
            return [scored[0][1]]
        return [value for hits, value in scored if hits == top]

    # Each rate depends on the in-post FTE and one or two other totals: for each in-post value,
    # choose the others (nearest first) to reproduce the most rates; stop at the first in-post
    # value that reproduces every rate. Agency cover depends on both agency and vacancy FTE.
    cover_rates = ("agency_cover_rate_fte", "vacancy_agency_cover_rate_fte")
    best: tuple[int, Totals] | None = None
    for inpost in candidates("inpost_fte"):
        totals = {**base, "inpost_fte": inpost}
        for key, kpi in (
            ("leavers_fte", "turnover_rate_fte"),
            ("working_days_lost_fte", "absence_rate_fte"),
            ("case_holders_fte", "caseload_fte"),
        ):
            totals[key] = fitting(totals, key, (kpi,))[0]
        options = itertools.product(
            fitting(totals, "agency_fte", ("agency_rate_fte",)),
            fitting(totals, "vacancy_fte", ("vacancy_rate_fte",)),
            candidates("agency_cover_fte"),
        )
        chosen, top = totals, -1
        for a, v, c in options:
            trial = {**totals, "agency_fte": a, "vacancy_fte": v, "agency_cover_fte": c}
            hits = score(trial, cover_rates)
            if hits > top:
                chosen, top = trial, hits
            if top == len(cover_rates):
                break
        totals = chosen
        hits = score(totals, tuple(targets))
        if best is None or hits > best[0]:
            best = (hits, totals)
        if hits == len(targets):
            break
    assert best is not None
    totals = {key: value for key, value in best[1].items() if not math.isnan(value)}
    solution = Solution(totals)
    for kpi in targets:
        computable = all(key in totals for key in inputs(kpi))
        if computable and usable(kpi, totals):
            solution.consistent.add(kpi)
        elif computable:
            solution.inconsistent.add(kpi)
    return solution


def inputs(kpi: str) -> tuple[str, ...]:
    return {
        "turnover_rate_fte": ("leavers_fte", "inpost_fte"),
        "turnover_rate_headcount": ("leavers_headcount", "inpost_headcount"),
        "agency_rate_fte": ("agency_fte", "inpost_fte"),
        "agency_rate_headcount": ("agency_headcount", "inpost_headcount"),
        "vacancy_rate_fte": ("vacancy_fte", "inpost_fte"),
        "agency_cover_rate_fte": ("agency_cover_fte", "agency_fte"),
        "vacancy_agency_cover_rate_fte": ("agency_cover_fte", "vacancy_fte"),
        "caseload_fte": ("cases", "case_holders_fte"),
        "absence_rate_fte": ("working_days_lost_fte", "inpost_fte"),
    }[kpi]


# --- building the extract -------------------------------------------------------------------


def allocate(people: int, units: int) -> tuple[np.ndarray, np.ndarray]:
    """Records for ``people`` people whose FTE (in hundredths) sums to ``units``.

    Most people are full time and a few part time. When there is more FTE than people, some
    people hold a second post (a second record); when there is less than 0.01 a head, some
    records have a blank FTE (they count in the headcount only, as DfE's rule says).
    Returns each record's person number and its FTE in hundredths (0 = blank).
    """
    person = np.arange(people)
    if people == 0:
        return person, np.zeros(0, dtype=np.int64)
    if units < people:
        return person, np.where(person < units, 1, 0).astype(np.int64)
    if units > 100 * people:
        extra = units - 100 * people
        chunks = np.full(-(-extra // 100), 100, dtype=np.int64)
        chunks[-1] = extra - 100 * (chunks.size - 1)
        second = np.arange(chunks.size) % people
        return np.concatenate([person, second]), np.concatenate(
            [np.full(people, 100, dtype=np.int64), chunks]
        )
    full = min(people - 1, (units - people) // 99)
    rest, share = units - 100 * full, people - full
    part = np.full(share, rest // share, dtype=np.int64)
    part[: rest % share] += 1
    return person, np.concatenate([np.full(full, 100, dtype=np.int64), part])


def spread(total: int, parts: int) -> np.ndarray:
    """``total`` split into ``parts`` whole numbers differing by at most one."""
    if parts == 0:
        return np.zeros(0, dtype=np.int64)
    values = np.full(parts, total // parts, dtype=np.int64)
    values[: total % parts] += 1
    return values


def units(value: float) -> int:
    return round(value * 100)


@dataclass
class Extract:
    """The canonical frames rebuilt from one published row."""

    as_at: dt.date
    workers: pd.DataFrame
    vacancies: pd.DataFrame | None
    absences: pd.DataFrame | None
    checks: set[str]  # published figures the extract is built to give back


def _days(base: dt.date, offsets: np.ndarray) -> np.ndarray:
    return np.datetime64(base, "D") + offsets.astype("timedelta64[D]")


def build(row: dict[str, str], solution: Solution, *, use_absences: bool) -> Extract:
    """Plausible worker, vacancy and absence rows whose sums are ``solution.totals``."""
    t = solution.totals
    as_at = reference_date(row)
    window_start = dt.date(as_at.year - 1, 10, 1)
    checks: set[str] = set()
    records: list[pd.DataFrame] = []

    def group(prefix, people, fte_units, kinds, start, end=None, reasons=None) -> pd.DataFrame:
        person, hundredths = allocate(people, fte_units)
        n = person.size
        return pd.DataFrame(
            {
                "worker_id": [f"{prefix}{p}" for p in person],
                "employment_type": np.array(kinds)[person % len(kinds)],
                "fte": np.where(hundredths > 0, hundredths / 100, np.nan),
                "start_date": start(person),
                "end_date": end(person)
                if end
                else np.full(n, np.datetime64("NaT"), "datetime64[D]"),
                "leaving_reason": np.array(reasons)[person % len(reasons)] if reasons else None,
                "team": np.where(person % 3 == 0, "Assessment", "Children in Need"),
            }
        )

    direct = ["permanent", "permanent", "permanent", "fixed_term", "temporary"]

    def before(p: np.ndarray) -> np.ndarray:
        return _days(window_start, -1 - p % 3000)

    def inside(p: np.ndarray) -> np.ndarray:
        return _days(window_start, p % 365)

    def add(kpi: str, prefix: str, kinds: list[str], start, end=None, reasons=None) -> None:
        """People from a published headcount with FTE from the published FTE (or blank)."""
        fte, headcount = f"{kpi}_fte", f"{kpi}_headcount"
        if headcount not in t:
            return
        fte_units = units(t[fte]) if fte in t else 0
        if kpi == "inpost" and "starters_fte" in t:  # starters are in post: the rest started before
            fte_units -= units(t["starters_fte"])
        people = int(t[headcount]) - (int(t.get("starters_headcount", 0)) if kpi == "inpost" else 0)
        records.append(group(prefix, people, fte_units, kinds, start, end, reasons))
        checks.update(key for key in (fte, headcount) if key in t)

    if "inpost_headcount" not in t:
        raise ValueError(f"{name(row)}: no in-post figures to build from")
    add("starters", "s", direct, inside)
    add("inpost", "p", direct, before)
    add("leavers", "l", direct, before, inside,
        ["resignation", "retirement", "internal_move", "end_of_contract", "other"])  # fmt: skip
    add("agency", "a", ["agency", "agency", "self_employed"], inside)
    workers = pd.concat(records, ignore_index=True)
    in_post = workers["end_date"].isna().to_numpy()
    is_direct = workers["employment_type"].isin(["permanent", "fixed_term", "temporary"]).to_numpy()
    if "cases" in t and "case_holders_fte" in t:
        workers = _hold_cases(workers, in_post, int(t["cases"]), units(t["case_holders_fte"]))
        in_post = workers["end_date"].isna().to_numpy()
        is_direct = (
            workers["employment_type"].isin(["permanent", "fixed_term", "temporary"]).to_numpy()
        )
        checks |= {"cases", "case_holders_fte"}
    absences = None
    if "working_days_lost_fte" in t:
        lost = units(t["working_days_lost_fte"])
        holders = np.flatnonzero(in_post & is_direct)
        if use_absences:
            absences = _absence_spells(workers, holders, lost, window_start, as_at)
        else:
            sickness = np.full(len(workers), np.nan)
            sickness[np.flatnonzero(is_direct)] = 0.0
            sickness[holders] = spread(lost, holders.size) / 100
            workers["sickness_days"] = sickness
        checks.add("working_days_lost_fte")
    vacancies = None
    if "vacancy_fte" in t:
        vacancies = _vacancy_rows(t, as_at)
        checks.add("vacancy_fte")
        if "agency_cover_fte" in t:
            checks.add("agency_cover_fte")
    checks |= solution.consistent
    return Extract(as_at, _typed(workers), vacancies, absences, checks)


def _hold_cases(
    workers: pd.DataFrame, in_post: np.ndarray, cases: int, holder_units: int
) -> pd.DataFrame:
    """Give cases to in-post records (directly employed and agency) whose FTE sums to
    ``holder_units``: agency records first, then directly employed ones, and the directly
    employed record that crosses the total is split into two posts of one person (DfE counts
    agency records, so an agency record is never split)."""
    fte_units = np.nan_to_num(workers["fte"].to_numpy() * 100).round().astype(np.int64)
    direct = workers["employment_type"].isin(["permanent", "fixed_term", "temporary"]).to_numpy()
    agency = np.flatnonzero(in_post & ~direct & (fte_units > 0))
    order = np.flatnonzero(in_post & direct & (fte_units > 0))
    cumulative = np.cumsum(fte_units[order])
    # the fewest agency records that leave no more than the directly employed FTE to hold
    need = holder_units - (int(cumulative[-1]) if order.size else 0)
    taken = agency[: int(np.searchsorted(np.cumsum(fte_units[agency]), need))
                   + 1] if need > 0 else agency[:0]
    rest = holder_units - int(fte_units[taken].sum())
    if rest < 0:  # the last agency record taken overshoots: move its excess to the next one
        last, spare = taken[-1], agency[taken.size] if taken.size < agency.size else None
        assert spare is not None, "no agency record to take the excess case-holder FTE"
        fte_units[last] += rest
        fte_units[spare] -= rest
        workers.loc[[last, spare], "fte"] = fte_units[[last, spare]] / 100
        rest = 0
    assert 0 <= rest <= (cumulative[-1] if order.size else 0), \
        "more case-holder FTE than FTE in post"
    holders, extra = taken, None
    if rest:
        k = int(np.searchsorted(cumulative, rest))
        short = rest - (cumulative[k - 1] if k else 0)
        holders = np.concatenate([taken, order[: k + 1]])
        if short != fte_units[order[k]]:
            split = workers.iloc[[order[k]]].copy()
            split["fte"] = (fte_units[order[k]] - short) / 100  # the same person's other post
            workers.loc[order[k], "fte"] = short / 100
            extra = split
    workers["cases"] = np.where(in_post, 0, -1)
    workers.loc[holders, "cases"] = spread(cases, holders.size)
    assert (workers.loc[holders, "cases"] >= 1).all(), "fewer cases than case holders"
    if extra is not None:
        extra["cases"] = 0
        workers = pd.concat([workers, extra], ignore_index=True)
    return workers


@lru_cache(maxsize=1)
def _calendar() -> np.busdaycalendar:
    """Monday to Friday less England and Wales bank holidays, 2000 to 2030."""
    days = holidays.country_holidays("GB", subdiv="ENG", years=range(2000, 2031))
    return np.busdaycalendar(weekmask="1111100", holidays=np.array(sorted(days), "datetime64[D]"))


def _absence_spells(
    workers: pd.DataFrame, holders: np.ndarray, lost: int, window_start: dt.date, as_at: dt.date
) -> pd.DataFrame:
    """Sickness spells of whole working days (counted by the engine, not given) adding up to
    ``lost`` hundredths of a day, a part day given explicitly, and spells the engine must ignore."""
    calendar = _calendar()
    all_posts = holders
    # in post since before the window: sickness counts only on days of direct employment
    began = workers["start_date"].to_numpy().astype("datetime64[D]")[holders]
    settled = holders[began <= np.datetime64(window_start, "D")]
    holders = settled if settled.size else holders
    ids = workers["worker_id"].to_numpy()[holders]
    days = spread(lost // 100, holders.size)
    sick = days > 0
    first = np.busday_offset(
        _days(window_start, np.arange(holders.size) % 150), 0, roll="forward", busdaycal=calendar
    )[sick]
    last = np.busday_offset(first, days[sick] - 1, roll="forward", busdaycal=calendar)
    assert (last <= np.datetime64(as_at, "D")).all()
    # a spell left blank counts its working days × the post's FTE: a full-time worker's spell
    # is left blank (counted by the engine), a part-time worker's gives its days explicitly
    held = workers.iloc[all_posts].groupby("worker_id")["fte"].sum()  # a person's posts
    fte = held.reindex(ids[sick]).to_numpy(dtype=np.float64)
    spells = pd.DataFrame(
        {"worker_id": ids[sick], "start_date": first, "end_date": last, "reason": "sickness",
         "working_days_lost": np.where(fte == 1.0, np.nan, days[sick].astype(np.float64))}
    )
    part = pd.DataFrame(
        {
            "worker_id": [ids[0]] * 3,
            "start_date": [np.datetime64(window_start, "D") + 40, np.datetime64("2015-01-05"),
                           np.datetime64(window_start, "D") + 60],
            "end_date": [np.datetime64(window_start, "D") + 40, np.datetime64("2015-01-09"),
                         np.datetime64(window_start, "D") + 64],
            "reason": ["sickness", "sickness", "training"],
            "working_days_lost": [lost % 100 / 100, 5.0, np.nan],
        }
    )  # fmt: skip
    spells = pd.concat([spells, part], ignore_index=True)
    spells["working_days_lost"] = spells["working_days_lost"].astype("float64")
    frame = spells.astype({"worker_id": "str", "reason": "str"})
    for name in ("start_date", "end_date"):
        frame[name] = frame[name].astype("datetime64[ns]")
    frame["_row"] = np.arange(2, len(frame) + 2, dtype=np.int64)
    return frame


def _vacancy_rows(t: Totals, as_at: dt.date) -> pd.DataFrame:
    vacant = spread(units(t["vacancy_fte"]), 2) / 100
    data: dict[str, object] = {
        "vacancy_fte": np.append(vacant, 5.0),
        "as_at": pd.to_datetime([as_at, as_at, dt.date(as_at.year - 1, 9, 30)]).astype(
            "datetime64[ns]"
        ),
        "team": pd.Series(["Assessment", "Children in Need", "Assessment"], dtype="str"),
    }
    if "agency_cover_fte" in t:
        data["agency_cover_fte"] = np.append(spread(units(t["agency_cover_fte"]), 2) / 100, 1.0)
    frame = pd.DataFrame(data)
    frame["_row"] = np.arange(2, len(frame) + 2, dtype=np.int64)
    return frame


def _typed(workers: pd.DataFrame) -> pd.DataFrame:
    """The reader's dtypes."""
    typed = workers.astype({"worker_id": "str", "employment_type": "str", "team": "str"})
    typed["leaving_reason"] = workers["leaving_reason"].astype("str")
    for name in ("start_date", "end_date"):
        typed[name] = workers[name].astype("datetime64[ns]")
    if "cases" in workers:
        typed["cases"] = pd.array(
            np.where(workers["cases"] < 0, None, workers["cases"]), dtype="Int64"
        )
    typed["_row"] = np.arange(2, len(typed) + 2, dtype=np.int64)
    return typed
