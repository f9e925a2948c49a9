"""The engine's entry points: :func:`compute` a :class:`Report`, :func:`default_as_at`, and
:func:`tables_for`, the tables a report reads."""

from __future__ import annotations

import datetime as dt
import logging
import time
from collections.abc import Collection, Mapping
from typing import Any

import numpy as np
import pandas as pd

from wfkpi.core.errors import EngineError
from wfkpi.core.ids import encode, lookup
from wfkpi.core.names import METHODS
from wfkpi.core.schema import PER_WORKER, RECORDS

from . import (
    dfe,
    hr,
    hr_staff,  # noqa: F401 - its KPIs register after those of hr, in report order
    lg,
    sfc,
)
from .breakdown import breakdown
from .measures import Kpi, count
from .params import resolve
from .periods import Period, month_end_on_or_before
from .population import Population, build, dates, unjoined
from .results import KpiResult, Report
from .scope_mask import scope_mask, unscoped_columns
from .scopes import Scope, resolve_scope_name

log = logging.getLogger(__name__)

# The KPIs of each method (wfkpi.core.names.METHODS), in report order.
CATALOGUE: dict[str, tuple[Kpi, ...]] = {
    dfe.METHOD: tuple(dfe.KPIS),
    sfc.METHOD: tuple(sfc.KPIS),
    lg.METHOD: tuple(lg.KPIS),  # with the HR records KPIs of .hr
}
assert tuple(CATALOGUE) == METHODS and hr.METHOD == lg.METHOD


def kpis_of(method: str) -> tuple[Kpi, ...]:
    """The KPIs a method computes, in report order."""
    try:
        return CATALOGUE[method]
    except KeyError:
        raise EngineError(
            f"unknown method {method!r} (choose one of: {', '.join(METHODS)})"
        ) from None


# The tables a breakdown takes its groups from (:func:`wfkpi.engine.breakdown.breakdown`): the
# workers' own values, the vacancy rows' and the recruitment campaigns'.
GROUPED_FROM = ("workers", "vacancies", "recruitment")
# The tables :func:`default_as_at` dates an extract by.
DATED_BY = ("workers", "vacancies", "absences")


def tables_for(method: str, kpis: Collection[str] | None = None, *,
               by: str | None = None) -> frozenset[str]:
    """The tables :func:`compute` reads for the KPIs of ``method`` (those of ``kpis``, default
    every one; an id of no KPI reads nothing): workers, the tables each KPI reads
    (:attr:`Kpi.tables`, as :mod:`wfkpi.engine.kpis` publishes them), and with ``by`` the tables
    a breakdown takes its groups from. No other table can change the report's figures, so the
    others can be left unread."""
    chosen = {kpi for kpi in kpis_of(method) if kpis is None or kpi.id in kpis}
    tables = {"workers", *(table for kpi in chosen for table in kpi.tables)}
    if by is not None:
        tables.update(GROUPED_FROM)
    return frozenset(tables)


def compute_kpis(pop: Population, method: str,
                 only: Collection[str] | None = None) -> dict[str, KpiResult]:
    return {item.id: item(pop) for item in kpis_of(method) if only is None or item.id in only}


def compute(
    workers: pd.DataFrame,
    vacancies: pd.DataFrame | None,
    absences: pd.DataFrame | None,
    *,
    as_at: dt.date,
    method: str = "dfe",
    scope: Scope | str | None = None,
    by: str | None = None,
    suppress_below: int | None = None,
    records: Mapping[str, pd.DataFrame | None] | None = None,
    params: Mapping[str, Any] | None = None,
    kpis: Collection[str] | None = None,
    log_counts: bool = True,
    shared: Shared | None = None,
) -> Report:
    """Every KPI of ``method`` at reference date ``as_at`` for the canonical tables.

    ``records`` holds the optional HR records tables by name (``training``, ``appraisals``,
    ``supervision``, ``recruitment``; other names are ignored). ``scope`` (a :class:`Scope` or the
    name of a default one) limits the workers, the vacancies and recruitment (on the columns they
    have) and the absences, training, appraisals and supervision (which follow their workers).
    ``by`` adds a breakdown with a total row; ``suppress_below`` hides the figures of groups with
    fewer people in serialised output. ``params`` sets KPI parameters (:mod:`wfkpi.engine.params`).
    ``kpis`` limits the work to those KPIs of the method (default: every one). ``log_counts``
    logs a line of counts at INFO (a bridge, which computes many reports, logs its own).
    ``shared`` keeps the populations of one extract's tables for the next call (see
    :class:`Shared`).
    """
    known = {kpi.id for kpi in kpis_of(method)}  # an unknown method fails before any work
    if kpis is not None and set(kpis) - known:
        raise EngineError(f"no such {method} KPI: {', '.join(sorted(set(kpis) - known))}")
    chosen = resolve(params)
    started = time.perf_counter()
    if suppress_below is not None and (isinstance(suppress_below, bool) or suppress_below < 1):
        raise EngineError(
            f"suppress_below must be a whole number of people, got {suppress_below!r}"
        )
    if isinstance(as_at, dt.datetime):
        as_at = as_at.date()
    period = Period(as_at)
    resolved = resolve_scope_name(scope) if isinstance(scope, str) else scope
    pop, tables, notes = population(workers, vacancies, absences, as_at=as_at, scope=resolved,
                                    records=records, params=chosen, shared=shared)
    results = compute_kpis(pop, method, kpis)
    groups = ()
    if by is not None:
        groups = breakdown(pop, tables, by, lambda p: compute_kpis(p, method, kpis), results)
    if log_counts:
        _log_computed(method, as_at, resolved, pop, results, len(groups), started)
    return Report(
        as_at=as_at,
        period_start=period.start,
        method=method,
        scope=None if resolved is None else resolved.name,
        kpis=results,
        groups=groups,
        suppress_below=suppress_below,
        params=_params_in_use(method, chosen),
        data_quality={"engine": _engine_quality(pop, results, notes)},
    )


class Shared:
    """What the reports on one extract's tables have in common, worked out once for them all: the
    tables whose ids join no worker, the tables limited to each scope, and the population at each
    scope, date and set of parameters. A scorecard tests many targets on one extract, often at
    the same scope and date by different methods; passing one ``Shared`` to each
    :func:`compute` builds each population once. Only for calls on the same tables."""

    def __init__(self) -> None:
        self.tables: dict[str, pd.DataFrame | None] | None = None
        self.unusable: dict[str, str] | None = None
        self.scoped: dict[str, tuple[dict[str, pd.DataFrame | None], list[str]]] = {}
        self.populations: dict[tuple[str, dt.date, str], Population] = {}


def population(
    workers: pd.DataFrame,
    vacancies: pd.DataFrame | None,
    absences: pd.DataFrame | None,
    *,
    as_at: dt.date,
    scope: Scope | None = None,
    records: Mapping[str, pd.DataFrame | None] | None = None,
    params: Mapping[str, Any] | None = None,
    shared: Shared | None = None,
) -> tuple[Population, dict[str, pd.DataFrame | None], list[str]]:
    """The :class:`Population` every KPI at ``as_at`` reads, with the tables limited to
    ``scope`` and notes on what could not be limited (:func:`compute` computes from it);
    ``params`` as :func:`wfkpi.engine.params.resolve` gives them (defaults when None); from
    ``shared`` when an earlier call on the same tables worked it out."""
    given = {name: (records or {}).get(name) for name in RECORDS}
    every = {"workers": workers, "vacancies": vacancies, "absences": absences, **given}
    chosen = dict(params or resolve())
    if shared is None:
        shared = Shared()
    elif shared.tables is not None:
        assert all(every[name] is shared.tables[name] for name in every), \
            "a Shared is for the reports on one extract's tables"
    shared.tables = every
    if shared.unusable is None:
        shared.unusable = unjoined(every)
    where = repr(scope)  # a scope's name and rules
    if where not in shared.scoped:
        shared.scoped[where] = scoped(every, scope)
    tables, notes = shared.scoped[where]
    at = (where, as_at, repr(sorted(chosen.items())))
    if at not in shared.populations:
        shared.populations[at] = build(tables["workers"], tables["vacancies"],
                                       tables["absences"], Period(as_at), tables, chosen,
                                       shared.unusable)
    return shared.populations[at], tables, list(notes)


PER_POST = ("vacancies", "recruitment")  # tables of posts, limited on the columns they have


def _params_in_use(method: str, params: dict[str, Any]) -> dict[str, Any]:
    """The parameters the method's KPIs read, with their values (a report prints them)."""
    used = {name for kpi in kpis_of(method) for name in kpi.params}
    return {name: value for name, value in params.items() if name in used}


def scoped(
    tables: Mapping[str, pd.DataFrame | None], scope: Scope | None
) -> tuple[dict[str, pd.DataFrame | None], list[str]]:
    """The tables limited to ``scope``: workers by the scope, vacancies and recruitment on the
    columns they have, absences, training and appraisals following their workers; with notes on
    what could not be limited. Tables not given come back as None."""
    names = ("workers", *PER_POST, *PER_WORKER)
    limited: dict[str, pd.DataFrame | None] = {name: tables.get(name) for name in names}
    notes: list[str] = []
    if scope is None:
        return limited, notes
    all_workers = tables["workers"]
    assert all_workers is not None
    inside = scope_mask(all_workers, scope)
    limited["workers"] = all_workers[inside]
    for name in PER_POST:
        frame = limited[name]
        if frame is None:
            continue
        limited[name] = frame[scope_mask(frame, scope, strict=False)]
        missing = unscoped_columns(frame, scope)
        if missing:
            what = "recruitment campaigns" if name == "recruitment" else name
            notes.append(f"{what} are not limited by {', '.join(missing)} "
                         f"(the {name} table has no such column)")
    for name in PER_WORKER:
        frame = limited[name]
        if frame is not None:
            limited[name] = frame[_follows(frame["worker_id"], all_workers["worker_id"],
                                           np.asarray(inside, dtype=bool))]
    return limited, notes


def _log_computed(method: str, as_at: dt.date, scope: Scope | None, pop: Population,
                  results: dict[str, KpiResult], groups: int, started: float) -> None:
    """One line of counts: never a value from the data."""
    if not log.isEnabledFor(logging.INFO):
        return
    most: dict[str, int] = {}  # each reason's largest count over the KPIs
    for result in results.values():
        for reason, n in result.set_aside.items():
            most[reason] = max(most.get(reason, 0), int(n))
    aside = ", ".join(f"{reason} {n}" for reason, n in sorted(most.items())) or "none"
    log.info("method %s at %s, scope %s: %d KPIs from %d worker rows (%d outside the window)%s; "
             "set aside at most: %s; %.2f s", method, as_at.isoformat(),
             scope.name if scope else "everyone", len(results), pop.size, count(~pop.active),
             f", {groups} groups" if groups else "", aside, time.perf_counter() - started)


def _follows(ids: pd.Series, every: pd.Series, inside: np.ndarray) -> np.ndarray:
    """Which rows of ``ids`` follow the workers rows ``inside`` of ``every`` keeps: those naming
    a worker with a row inside, and those naming no worker at all (set aside later). Read from
    the ids' shared codes (:mod:`wfkpi.core.ids`), so each scope costs a lookup, not a hash."""
    known = encode(every)
    kept = np.zeros(len(known.uniques) + 1, dtype=bool)  # the last place: a blank id
    kept[known.codes[inside]] = True  # a blank worker id (code -1) lands on the last place
    mine = encode(ids)
    at = np.append(lookup(mine, known), -1)[mine.codes]  # -1: blank, or no such worker
    named = at >= 0
    keep = np.where(named, kept[np.where(named, at, -1)], True)
    blank = mine.codes < 0
    if blank.any() and known.blanks:  # a blank id matches the workers' blank id
        keep[blank] = kept[-1]
    return keep


def _engine_quality(
    pop: Population, results: dict[str, KpiResult], notes: list[str]
) -> dict[str, Any]:
    return {
        "worker_rows": pop.size,
        "worker_rows_outside_window": count(~pop.active),
        "set_aside": {
            kpi_id: dict(sorted(result.set_aside.items()))
            for kpi_id, result in results.items()
            if result.set_aside
        },
        "notes": notes,
    }


def default_as_at(
    workers: pd.DataFrame,
    vacancies: pd.DataFrame | None,
    absences: pd.DataFrame | None,
) -> dt.date:
    """The last month-end the data covers: the latest month-end on or before the latest date on
    which something is recorded as having happened — a spell's start, a vacancy's ``as_at``, an
    absence's start.

    End dates are left out: an extract holds planned ones (a fixed-term contract's end, a notice
    period) that are no evidence of when it was taken. The answer depends on the data alone, never
    on the day it is computed. See :func:`planned_ends`.
    """
    candidates = [dates(workers, "start_date")]
    if vacancies is not None:
        candidates.append(dates(vacancies, "as_at"))
    if absences is not None:
        candidates.append(dates(absences, "start_date"))
    every = np.concatenate(candidates)
    every = every[~np.isnat(every)]
    if every.size == 0:
        raise EngineError("the data has no start dates, so there is no default reference date")
    return month_end_on_or_before(every.max().astype(dt.date))


def planned_ends(workers: pd.DataFrame, as_at: dt.date) -> int:
    """How many spells end after ``as_at``: read as planned, they are in post at ``as_at``."""
    ends = dates(workers, "end_date")
    return count(~np.isnat(ends) & (ends > np.datetime64(as_at, "D")))


def active_spells(workers: pd.DataFrame, as_at: dt.date) -> int:
    """How many worker spells overlap the 12 months ending on ``as_at``."""
    period = Period(as_at)
    start, end = dates(workers, "start_date"), dates(workers, "end_date")
    begins = start <= np.datetime64(period.as_at, "D")
    lasts = np.isnat(end) | (end >= np.datetime64(period.start, "D"))
    return count(begins & lasts)
