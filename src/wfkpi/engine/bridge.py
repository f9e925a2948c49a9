"""Why a figure moved: a rate's change between two reference dates, split into parts that add up
to it exactly (docs/explain.md).

A rate is ``r = s·N/D`` (``s`` = 100 for a percentage, 1 for cases per FTE). Between a date 0 and
a later date 1 its change splits into a numerator and a denominator effect by the midpoint rule
(the two-factor Shapley split, used for rate decompositions since Kitagawa 1955)::

    r1 − r0 = s·ΔN·h − s·ΔD·N̄/(D0·D1),   h = (1/D0 + 1/D1)/2,   N̄ = (N0 + N1)/2

which holds exactly whatever the sizes. Both terms are linear in ΔN and ΔD, so any split of the
numerator and denominator into pieces — leavers by reason, agency workers who started or ended,
teams — gives each piece its own contribution ``L(Δn, Δd) = s·(Δn·h − Δd·N̄/(D0·D1))``, and the
contributions of all the pieces add up to the change.

**Data quality.** A row a figure sets aside for want of data (a blank FTE, a blank case count, a
vacancy row without its FTE) is valued at the average of the rows of its kind that were counted,
over both dates. Every part is worked out on these complete sums, and one part, *rows set aside
for missing data*, takes the difference the set-aside rows make: the change in what they would
have added. A move that is only data quality shows there and nowhere else.
"""

from __future__ import annotations

import datetime as dt
import logging
import math
from collections.abc import Callable, Iterable
from dataclasses import dataclass, field
from typing import Any

import numpy as np
import pandas as pd

from wfkpi.core.errors import EngineError

from . import dfe, sickness
from .columns import dates, text
from .measures import count, people
from .params import resolve
from .population import (
    FTE_MISSING,
    SICKNESS_MISSING,
    VACANCY_MISSING,
    Population,
)
from .report import compute, kpis_of, population
from .results import Figure, KpiResult, Report
from .scopes import Scope

log = logging.getLogger(__name__)

SCALES = {"%": 100.0, "cases per FTE": 1.0}
# Units of counts and sums: a change in one of these is a difference, not a rate to split.
COUNTS = ("FTE", "people", "cases", "days")
# KPIs read from a column that describes the extract's own date only: at an earlier date of the
# same extract they apply today's counts to the people in post then.
SNAPSHOT_COLUMNS = {"caseload_fte": "cases"}
LONG_TERM_DAYS = 28  # a sickness spell of four weeks or more is long-term (docs/explain.md)

# What a part stands for: which side of the rate it moves.
NUMERATOR, DENOMINATOR, BOTH, DATA, OTHER = "numerator", "denominator", "both", "data", "other"
GROUP, REVISION = "group", "revision"  # a team's part; what a later extract says otherwise
DATA_PART = "rows set aside for missing data"
OTHER_PART = "not additive over the pieces (a person counted in two of them)"
BLANK = "(not recorded)"


@dataclass(frozen=True)
class Part:
    """One piece of a change: what it moved the numerator and the denominator by, and the
    percentage points (or cases per FTE) it contributes."""

    name: str
    kind: str
    numerator: float
    denominator: float
    points: float

    def to_dict(self) -> dict[str, Any]:
        return {"name": self.name, "kind": self.kind, "numerator": self.numerator,
                "denominator": self.denominator, "points": self.points}


@dataclass(frozen=True)
class Bridge:
    """A rate at two reference dates and its change, split into parts (``note`` says why not,
    when there are none). ``groups`` split the same change by ``by`` (team, service...)."""

    kpi: str
    label: str
    unit: str
    method: str
    scope: str | None
    start: dt.date
    end: dt.date
    before: KpiResult
    after: KpiResult
    parts: tuple[Part, ...] = ()
    by: str | None = None
    groups: tuple[Part, ...] = ()
    note: str | None = None
    valued: dict[str, float] = field(default_factory=dict)  # the average a set-aside row is given
    caution: str | None = None  # why the parts should be read with care

    @property
    def change(self) -> float | None:
        if self.before.value is None or self.after.value is None:
            return None
        return self.after.value - self.before.value

    def to_dict(self) -> dict[str, Any]:
        """The documented JSON contract (docs/explain.md): keys in a fixed order, figures
        unrounded."""
        def figure(result: KpiResult, day: dt.date) -> dict[str, Any]:
            return {"as_at": day.isoformat(), "value": result.value,
                    "numerator": result.numerator, "denominator": result.denominator,
                    "note": result.note}

        return {
            "kpi": self.kpi,
            "label": self.label,
            "unit": self.unit,
            "method": self.method,
            "scope": self.scope,
            "before": figure(self.before, self.start),
            "after": figure(self.after, self.end),
            "change": self.change,
            "parts": [part.to_dict() for part in self.parts],
            "by": self.by,
            "groups": [part.to_dict() for part in self.groups],
            "valued": dict(sorted(self.valued.items())),
            "note": self.note,
            "caution": self.caution,
        }


# -- the arithmetic ----------------------------------------------------------------------------


@dataclass(frozen=True)
class Rate:
    """The two ends of a rate: numerators, denominators and the scale."""

    n0: float
    d0: float
    n1: float
    d1: float
    scale: float

    def points(self, dn: float, dd: float) -> float:
        """``L(Δn, Δd)``: the contribution of a piece that moved N by ``dn`` and D by ``dd``."""
        h = (1 / self.d0 + 1 / self.d1) / 2
        return self.scale * (dn * h - dd * (self.n0 + self.n1) / 2 / (self.d0 * self.d1))


@dataclass(frozen=True)
class Amount:
    """A sum at one date: what the figure counted, and the value its set-aside rows are given."""

    counted: float
    missing: float = 0.0

    @property
    def complete(self) -> float:
        return self.counted + self.missing


Driver = tuple[str, str, float, float]  # name, kind, change in numerator, change in denominator
Quantity = Callable[[Population], Figure]


class Valuer:
    """The value a set-aside row of a quantity is given: the average counted row, both dates."""

    def __init__(self, quantity: Quantity, reason: str, pops: tuple[Population, Population],
                 name: str, valued: dict[str, float]) -> None:
        figures = [quantity(pop) for pop in pops]
        counted = sum(f.value or 0.0 for f in figures)
        rows = sum(f.rows_used for f in figures)
        self.quantity, self.reason = quantity, reason
        self.average = counted / rows if rows else 0.0
        if any(f.set_aside.get(reason) for f in figures):
            valued[name] = self.average

    def amount(self, pop: Population) -> Amount:
        figure = self.quantity(pop)
        return Amount(figure.value or 0.0, figure.set_aside.get(self.reason, 0) * self.average)


def _split(valuer: Valuer, pops: tuple[Population, Population], labels: np.ndarray | None,
           name: str) -> list[tuple[str, Amount, Amount]]:
    """A quantity at both dates, split by the rows' labels (one piece, ``name``, without)."""
    if labels is None:
        return [(name, valuer.amount(pops[0]), valuer.amount(pops[1]))]
    pieces = []
    for label in sorted(set(labels.tolist()), key=_in_order):
        mask = labels == label
        pieces.append((label, *(valuer.amount(pop.subset(mask)) for pop in pops)))
    return pieces


FLOWS = ("agency workers who started", "agency workers who ended",
         "agency workers converted to directly employed", "agency workers in post at both dates",
         "directly employed")


def _in_order(label: str) -> tuple[int, str]:
    """Agency flows in the order people move through them; other labels alphabetically."""
    return (FLOWS.index(label), "") if label in FLOWS else (len(FLOWS), label)


def _drivers(sides: Iterable[tuple[str, list[tuple[str, Amount, Amount]]]]) -> list[Driver]:
    """Drivers from pieces of the numerator (``n``), the denominator (``d``) or both (``nd``),
    pieces of one name merged; then the data part, the change in the set-aside rows' value."""
    merged: dict[str, list[float]] = {}
    data = [0.0, 0.0]
    for side, pieces in sides:
        for name, before, after in pieces:
            change = after.complete - before.complete
            lost = after.missing - before.missing
            entry = merged.setdefault(name, [0.0, 0.0])
            if "n" in side:
                entry[0] += change
                data[0] -= lost
            if "d" in side:
                entry[1] += change
                data[1] -= lost
    drivers: list[Driver] = []
    for name, (dn, dd) in merged.items():
        kind = BOTH if dn and dd else NUMERATOR if dn else DENOMINATOR
        drivers.append((name, kind, dn, dd))
    drivers.append((DATA_PART, DATA, data[0], data[1]))
    return drivers


# -- the rates, family by family ----------------------------------------------------------------


@dataclass(frozen=True)
class Ends:
    """The two populations of one extract, and the extract's worker rows."""

    before: Population
    after: Population
    workers: pd.DataFrame
    absences: pd.DataFrame | None = None
    # the population at a date with other absences (the long-term spells only, say)
    build: Callable[[dt.date, pd.DataFrame], Population] | None = None
    valued: dict[str, float] = field(default_factory=dict)

    @property
    def pops(self) -> tuple[Population, Population]:
        return self.before, self.after


def _leaving_reasons(ends: Ends) -> np.ndarray:
    reasons = text(ends.workers, "leaving_reason").fillna(BLANK).astype(str)
    return reasons.map(lambda r: f"leavers: {r.replace('_', ' ')}").to_numpy(dtype=object)


def _turnover(leavers: Quantity, in_post: Quantity, fte: bool) -> Callable[[Ends], list[Driver]]:
    def drivers(ends: Ends) -> list[Driver]:
        what = "FTE" if fte else "people"
        out = Valuer(leavers, FTE_MISSING, ends.pops, f"leavers' {what}", ends.valued)
        held = Valuer(in_post, FTE_MISSING, ends.pops, f"{what} in post", ends.valued)
        return _drivers([
            ("n", _split(out, ends.pops, _leaving_reasons(ends), "")),
            ("d", _split(held, ends.pops, None, f"directly employed {what} in post")),
        ])
    return drivers


def _agency_flows(ends: Ends) -> np.ndarray:
    """Each worker row's part in the change of the agency rate: an agency worker who started,
    ended, or converted to a directly employed post; the directly employed; the rest."""
    before, after = ends.pops
    agency, direct = after.agency, after.direct
    was, now = before.in_post, after.in_post
    joined_direct = direct & now & ~was
    converted_people = np.intersect1d(after.person[agency & was & ~now],
                                      after.person[joined_direct])
    converted = np.isin(after.person, converted_people) & (
        (agency & was & ~now) | joined_direct)
    started, ended, converted_label, both, direct_label = FLOWS
    labels = np.full(after.size, direct_label, dtype=object)
    labels[agency & now & ~was] = started
    labels[agency & was & ~now] = ended
    labels[agency & was & now] = both
    labels[converted] = converted_label
    return labels


def _agency(part: Quantity, rest: Quantity, fte: bool) -> Callable[[Ends], list[Driver]]:
    def drivers(ends: Ends) -> list[Driver]:
        what = "FTE" if fte else "people"
        flows = _agency_flows(ends)
        agency = Valuer(part, FTE_MISSING, ends.pops, f"agency {what}", ends.valued)
        direct = Valuer(rest, FTE_MISSING, ends.pops, f"directly employed {what}", ends.valued)
        return _drivers([("nd", _split(agency, ends.pops, flows, "")),
                         ("d", _split(direct, ends.pops, flows, ""))])
    return drivers


def _vacancy(ends: Ends) -> list[Driver]:
    """Establishment (vacancies plus FTE in post) against posts filled: with ``E = V + P``, the
    rate ``V/E`` moves with the establishment (ΔE on both sides) and with the posts filled (−ΔP
    on the numerator)."""
    vacant = Valuer(dfe.vacancy_fte, VACANCY_MISSING, ends.pops, "vacancy FTE", ends.valued)
    filled = Valuer(dfe.inpost_fte, FTE_MISSING, ends.pops, "FTE in post", ends.valued)
    (_, v0, v1), = _split(vacant, ends.pops, None, "")
    (_, p0, p1), = _split(filled, ends.pops, None, "")
    establishment = v1.complete + p1.complete - v0.complete - p0.complete
    posts = p1.complete - p0.complete
    lost_v, lost_p = v1.missing - v0.missing, p1.missing - p0.missing
    return [("establishment (vacancies plus FTE in post)", BOTH, establishment, establishment),
            ("posts filled (directly employed FTE in post)", NUMERATOR, -posts, 0.0),
            (DATA_PART, DATA, -lost_v, -lost_v - lost_p)]


def _caseload(ends: Ends) -> list[Driver]:
    """Cases against case-holding FTE. A record in post with a blank case count is valued at
    the cases and FTE of an average case holder; a case holder with a blank FTE keeps their
    cases and is given the average case holder's FTE (the figure leaves both out)."""
    amounts = []
    for pop in ends.pops:
        held = dfe.caseload_fte(pop)
        assert pop.cases is not None
        holders = (pop.direct | pop.agency) & pop.in_post & (np.nan_to_num(pop.cases) >= 1)
        no_fte = holders & np.isnan(pop.fte)
        blank = (pop.direct | pop.agency) & pop.in_post & np.isnan(pop.cases)
        amounts.append((held.numerator or 0.0, held.denominator or 0.0,
                        count(holders & ~no_fte), float(pop.cases[no_fte].sum()),
                        count(no_fte), count(blank)))
    counted_holders = sum(a[2] for a in amounts)
    cases_each = sum(a[0] for a in amounts) / counted_holders if counted_holders else 0.0
    fte_each = sum(a[1] for a in amounts) / counted_holders if counted_holders else 0.0
    if any(a[4] or a[5] for a in amounts):
        ends.valued.update({"cases per case holder": cases_each,
                            "FTE per case holder": fte_each})
    missing = [(a[3] + a[5] * cases_each, (a[4] + a[5]) * fte_each) for a in amounts]
    (n0, d0, *_), (n1, d1, *_) = amounts
    (mn0, md0), (mn1, md1) = missing
    return [("cases held", NUMERATOR, n1 + mn1 - n0 - mn0, 0.0),
            ("case-holding FTE", DENOMINATOR, 0.0, d1 + md1 - d0 - md0),
            (DATA_PART, DATA, -(mn1 - mn0), -(md1 - md0))]


def _absence(ends: Ends) -> list[Driver]:
    """Days lost, long-term and short-term, each as absentees × days each (midpoint split),
    against directly employed FTE in post × working days in the year."""
    n_days = [pop.period.dfe_working_days for pop in ends.pops]
    held = Valuer(dfe.inpost_fte, FTE_MISSING, ends.pops, "FTE in post", ends.valued)
    (_, f0, f1), = _split(held, ends.pops, None, "")
    drivers: list[Driver] = []
    lost_n = 0.0
    for kind, (a0, c0, m0), (a1, c1, m1) in _sickness_groups(ends):
        each0 = (c0 + m0) / a0 if a0 else None
        each1 = (c1 + m1) / a1 if a1 else None
        # no absentees at one date: days each is the other date's, and the change is absentees
        d0 = each0 if each0 is not None else (each1 or 0.0)
        d1 = each1 if each1 is not None else d0
        drivers.append((f"{kind}: number of absentees", NUMERATOR, (a1 - a0) * (d0 + d1) / 2,
                        0.0))
        drivers.append((f"{kind}: days each", NUMERATOR, (a0 + a1) / 2 * (d1 - d0), 0.0))
        lost_n -= m1 - m0
    fte_change = (f1.complete - f0.complete) * (n_days[0] + n_days[1]) / 2
    drivers.append(("directly employed FTE in post", DENOMINATOR, 0.0, fte_change))
    if n_days[0] != n_days[1]:
        drivers.append((f"working days in the year ({n_days[0]} → {n_days[1]})", DENOMINATOR,
                        0.0, (f0.complete + f1.complete) / 2 * (n_days[1] - n_days[0])))
    lost_d = -(f1.missing * n_days[1] - f0.missing * n_days[0])
    drivers.append((DATA_PART, DATA, lost_n, lost_d))
    return drivers


def _sickness_groups(ends: Ends) -> list[tuple[str, tuple[int, float, float], ...]]:
    """Per kind of absence (long-term and short-term from the absences table, or the days of
    ``workers.sickness_days``): (absentees, days counted, value of the days set aside) at each
    date."""
    groups = []
    if ends.before.absences is None:  # sickness_days per worker record
        figures = [sickness.days_lost(pop) for pop in ends.pops]
        rows = sum(figure.rows_used for figure in figures)
        each = sum(figure.value or 0.0 for figure in figures) / rows if rows else 0.0
        values = []
        for pop, figure in zip(ends.pops, figures, strict=True):
            days = pop.sickness if pop.sickness is not None else np.zeros(pop.size)
            # a blank record is valued at the average: an absentee when that is above 0
            sick = (days > 0) | (np.isnan(days) & (each > 0))
            values.append((people(pop, pop.direct & pop.active & sick), figure.value or 0.0,
                           figure.set_aside.get(SICKNESS_MISSING, 0) * each))
        if any(v[2] for v in values):
            ends.valued["sickness days per record"] = each
        groups.append(("days lost", *values))
        return groups
    for kind, pops in _absence_kinds(ends):
        values = []
        for pop in pops:
            absences = pop.absences
            assert absences is not None
            counted = pd.unique(pop.person[pop.direct & pop.active])
            days = float(absences.fte_days[counted].sum())
            spells = int(absences.spells[counted].sum())
            blank = int(absences.fte_missing[counted].sum())
            absentees = int(np.count_nonzero(absences.spells[counted]))
            values.append((absentees, days, spells - blank, blank))
        used = sum(v[2] for v in values)
        each = sum(v[1] for v in values) / used if used else 0.0
        if any(v[3] for v in values):
            ends.valued[f"{kind}: FTE days per spell"] = each
        groups.append((kind, *((a, c, k * each) for a, c, _, k in values)))
    return groups


def _absence_kinds(ends: Ends) -> list[tuple[str, tuple[Population, Population]]]:
    """The populations of each date with only the long-term, or only the short-term, sickness
    spells (four weeks or more from first day to last; an open spell to the reference date)."""
    assert ends.absences is not None and ends.build is not None
    kinds = []
    for kind, long in (("long-term sickness", True), ("short-term sickness", False)):
        pops = [ends.build(pop.period.as_at, ends.absences[_long(ends.absences, pop) == long])
                for pop in ends.pops]
        kinds.append((kind, (pops[0], pops[1])))
    return kinds


def _long(frame: pd.DataFrame, pop: Population) -> np.ndarray:
    start = dates(frame, "start_date")
    end = dates(frame, "end_date")
    last = np.where(np.isnat(end), np.datetime64(pop.period.as_at, "D"), end)
    return (last - start).astype("timedelta64[D]").astype(np.int64) + 1 >= LONG_TERM_DAYS


FAMILIES: dict[str, Callable[[Ends], list[Driver]]] = {
    "turnover_rate_fte": _turnover(dfe.leavers_fte, dfe.inpost_fte, fte=True),
    "turnover_rate_headcount": _turnover(dfe.leavers_headcount, dfe.inpost_headcount, fte=False),
    "agency_rate_fte": _agency(dfe.agency_fte, dfe.inpost_fte, fte=True),
    "agency_rate_headcount": _agency(dfe.agency_headcount, dfe.inpost_headcount, fte=False),
    "vacancy_rate_fte": _vacancy,
    "caseload_fte": _caseload,
    "absence_rate_fte": _absence,
}
RICH = {("dfe", kpi) for kpi in FAMILIES}


def explain(
    workers: pd.DataFrame,
    vacancies: pd.DataFrame | None,
    absences: pd.DataFrame | None,
    *,
    kpi: str,
    start: dt.date,
    end: dt.date,
    method: str = "dfe",
    scope: Scope | None = None,
    by: str | None = None,
    suppress_below: int | None = None,
    records: dict[str, pd.DataFrame | None] | None = None,
    params: dict[str, Any] | None = None,
) -> Bridge:
    """The change of ``kpi`` from ``start`` to ``end`` in one extract, split into parts (the
    published method's own pieces for the rates of :data:`FAMILIES`, else numerator and
    denominator), and with ``by`` into the groups that moved it."""
    check_dates(start, end)
    chosen = resolve(params)

    def report(day: dt.date) -> Report:
        return compute(workers, vacancies, absences, as_at=day, method=method, scope=scope,
                       by=by, records=records, params=chosen, kpis=[kpi], log_counts=False)

    reports = (report(start), report(end))
    before, after = (r.kpis[kpi] for r in reports)
    rich = (method, kpi) in RICH
    ends = None
    if rich and before.value is not None and after.value is not None:
        def build(day: dt.date, spells: pd.DataFrame | None) -> Population:
            return population(workers, vacancies, spells, as_at=day, scope=scope,
                              records=records, params=chosen)[0]

        pops = [population(workers, vacancies, absences, as_at=day, scope=scope,
                           records=records, params=chosen) for day in (start, end)]
        scoped_workers = pops[1][1]["workers"]
        assert scoped_workers is not None
        ends = Ends(pops[0][0], pops[1][0], scoped_workers, absences, build)
    parts, note, rate = split(before, after, ends)
    groups: tuple[Part, ...] = ()
    if by is not None and rate is not None:
        small = {g.group for r in reports for g in r.groups
                 if suppress_below is not None and g.headcount < suppress_below}
        groups = team_parts(rate, *(_groups(r, kpi, small) for r in reports), by)
    caution = None
    if kpi in SNAPSHOT_COLUMNS and parts:
        column = SNAPSHOT_COLUMNS[kpi]
        caution = (f"`{column}` holds the counts at the extract's own date: at "
                   f"{start.isoformat()} they are today's counts of the people in post then. "
                   "Compare two extracts (`wfkpi trend`) for the change in what was held.")
    log.info("bridge of %s %s, %s to %s, scope %s: %s", method, kpi, start.isoformat(),
             end.isoformat(), scope.name if scope else "everyone",
             f"{len(parts)} parts, {len(groups)} groups" if rate else "no parts")
    return Bridge(kpi, after.label, after.unit, method, None if scope is None else scope.name,
                  start, end, before, after, parts, by, groups, note,
                  dict(ends.valued) if ends else {}, caution)


def rates(method: str) -> list[str]:
    """The KPIs of ``method`` a bridge splits: every one that is not a count or a sum."""
    return [kpi.id for kpi in kpis_of(method) if kpi.unit not in COUNTS]


def _groups(report: Report, kpi: str, small: set[str]) -> dict[str, KpiResult]:
    """Each group's figure by name, but for the ``small`` groups (fewer people than
    ``suppress_below`` at either date): their part goes to the rest, never shown on its own."""
    return {g.group: g.kpis[kpi] for g in report.groups if not g.total and g.group not in small}


def split(before: KpiResult, after: KpiResult,
          ends: Ends | None) -> tuple[tuple[Part, ...], str | None, Rate | None]:
    """The parts of the change from ``before`` to ``after`` (with ``ends``, the published
    method's own pieces), or why there are none."""
    scale = SCALES.get(after.unit, 1.0)
    for result, day in ((before, "earlier"), (after, "later")):
        if result.value is None:
            return (), f"no figure at the {day} date: {result.note or 'not computed'}", None
        if result.numerator is None or not result.denominator or not math.isclose(
                result.value, scale * result.numerator / result.denominator, rel_tol=1e-9):
            return (), f"{result.id} is not a ratio of a numerator and a denominator", None
    assert before.numerator is not None and after.numerator is not None
    assert before.denominator is not None and after.denominator is not None
    rate = Rate(before.numerator, before.denominator, after.numerator, after.denominator, scale)
    if ends is not None:
        drivers = FAMILIES[after.id](ends)
    else:
        drivers = [("numerator", NUMERATOR, rate.n1 - rate.n0, 0.0),
                   ("denominator", DENOMINATOR, 0.0, rate.d1 - rate.d0)]
    parts = [Part(name, kind, dn, dd, rate.points(dn, dd)) for name, kind, dn, dd in drivers
             if dn or dd]
    rest = (rate.n1 - rate.n0 - sum(p.numerator for p in parts),
            rate.d1 - rate.d0 - sum(p.denominator for p in parts))
    tolerance = 1e-9 * max(1.0, abs(rate.n1), abs(rate.d1))
    if abs(rest[0]) > tolerance or abs(rest[1]) > tolerance:
        parts.append(Part(OTHER_PART, OTHER, rest[0], rest[1], rate.points(*rest)))
    return tuple(parts), None, rate


def team_parts(rate: Rate, before: dict[str, KpiResult], after: dict[str, KpiResult],
               label: str) -> tuple[Part, ...]:
    """Each group's contribution, largest first, and the rest: what no group's figures hold
    (vacancies without a team column, a person counted in two teams)."""
    parts = []
    for name in sorted(set(before) | set(after)):
        n0, d0 = _sides(before.get(name))
        n1, d1 = _sides(after.get(name))
        if n0 == n1 and d0 == d1:
            continue
        parts.append(Part(name, GROUP, n1 - n0, d1 - d0, rate.points(n1 - n0, d1 - d0)))
    parts.sort(key=lambda p: (-abs(p.points), p.name))
    rest = (rate.n1 - rate.n0 - sum(p.numerator for p in parts),
            rate.d1 - rate.d0 - sum(p.denominator for p in parts))
    if not all(math.isclose(x, 0.0, abs_tol=1e-9 * max(1.0, abs(rate.d1))) for x in rest):
        parts.append(Part(f"not attributed to one {label}", OTHER, *rest, rate.points(*rest)))
    return tuple(parts)


def _sides(result: KpiResult | None) -> tuple[float, float]:
    if result is None:
        return 0.0, 0.0
    return result.numerator or 0.0, result.denominator or 0.0


def check_dates(start: dt.date, end: dt.date) -> None:
    if start >= end:
        raise EngineError(f"the earlier date ({start.isoformat()}) must be before the later "
                          f"one ({end.isoformat()})")
