"""Breakdowns: the KPIs per team, service, role, grade or org_role, plus a total row.

Worker records are grouped by their own value of the column; vacancy rows by theirs when the
vacancies table has the column (team, service, role), otherwise vacancy figures are unavailable per
group (the total row still has them). Absences follow their workers: a person's sickness counts in
each group where they hold a directly employed spell active in the window.

A group's ``headcount`` is the number of distinct people with a spell active in the window (in
post at the reference date, starting or leaving in the window), any employment type. Groups of
fewer than :data:`~wfkpi.engine.results.SMALL_GROUP` people are flagged ``small``.
"""

from __future__ import annotations

from collections.abc import Callable
from dataclasses import replace

import numpy as np
import pandas as pd

from .errors import EngineError
from .measures import people
from .population import Population, Vacancies, vacancy_rows_used
from .results import GroupResult, KpiResult

BREAKDOWNS = ("team", "service", "role", "grade", "org_role")
BLANK = "(blank)"


def labels(frame: pd.DataFrame, by: str) -> np.ndarray:
    """Each row's group label: the column's value as text, ``(blank)`` when empty."""
    values = frame[by].astype("str").str.strip()
    return values.mask(values.isna() | (values == ""), BLANK).to_numpy(dtype=object)


def headcount(pop: Population) -> int:
    return people(pop, pop.active)


def breakdown(
    pop: Population,
    workers: pd.DataFrame,
    vacancies: pd.DataFrame | None,
    by: str,
    compute_kpis: Callable[[Population], dict[str, KpiResult]],
    total: dict[str, KpiResult],
) -> tuple[GroupResult, ...]:
    """One :class:`GroupResult` per value of ``by``, then the total row (``total`` KPIs)."""
    if by not in BREAKDOWNS:
        raise EngineError(f"cannot break down by {by!r} (choose one of: {', '.join(BREAKDOWNS)})")
    if by not in workers.columns:
        raise EngineError(f"cannot break down by {by!r}: the workers table has no {by} column")
    worker_labels = labels(workers, by)
    vacancy_labels = None
    if vacancies is not None and by in vacancies.columns:
        vacancy_labels = labels(vacancies, by)[vacancy_rows_used(vacancies, pop.period)]
    seen = set(pd.unique(worker_labels))
    if vacancy_labels is not None:
        seen |= set(vacancy_labels)
    names = pd.Index(sorted(seen, key=lambda name: (name == BLANK, name.casefold(), name)))
    # Records sorted by group once, so each group is a slice (no pass over all rows per group).
    codes = names.get_indexer(worker_labels)
    order = np.argsort(codes, kind="stable")
    bounds = np.searchsorted(codes[order], np.arange(len(names) + 1))
    vacancy_codes = None if vacancy_labels is None else names.get_indexer(vacancy_labels)
    groups = []
    for code, name in enumerate(names):
        group_pop = pop.subset(order[bounds[code] : bounds[code + 1]])
        if pop.vacancies is not None:
            group_pop = replace(
                group_pop, vacancies=_group_vacancies(pop.vacancies, vacancy_codes, code, by)
            )
        kpis = compute_kpis(group_pop)
        groups.append(GroupResult(by, name, total=False, headcount=headcount(group_pop), kpis=kpis))
    groups.append(GroupResult(by, "Total", total=True, headcount=headcount(pop), kpis=total))
    return tuple(groups)


def _group_vacancies(
    vacancies: Vacancies, vacancy_codes: np.ndarray | None, code: int, by: str
) -> Vacancies:
    if vacancy_codes is None:
        note = f"vacancies cannot be broken down by {by}: the vacancies table has no {by} column"
        return Vacancies(np.zeros(0), None, 0, unavailable=note)
    return vacancies.subset(vacancy_codes == code)
