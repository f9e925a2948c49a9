"""Breakdowns: the KPIs per team, service, role, grade or org_role, plus a total row.

Worker records are grouped by their own value of the column; vacancy rows and recruitment
campaigns by theirs when their table has the column (team, service, role), otherwise their
figures are unavailable per group (the total row still has them). Absences, training and
appraisals follow their workers: a person's sickness counts in each group where they hold a
directly employed spell active in the window.

A group's ``headcount`` is the number of distinct people with a spell active in the window (in
post at the reference date, starting or leaving in the window), any employment type. Groups of
fewer than :data:`~wfkpi.engine.results.SMALL_GROUP` people are flagged ``small``.
"""

from __future__ import annotations

from collections.abc import Callable, Mapping
from dataclasses import replace

import numpy as np
import pandas as pd

from wfkpi.core.errors import EngineError
from wfkpi.core.names import BREAKDOWNS

from .measures import people
from .population import Population, Vacancies, vacancy_rows_used
from .records import Campaigns
from .results import GroupResult, KpiResult

BLANK = "(blank)"
TOTAL = "Total"
# More groups than this is a column of ids or free text, not of teams: a breakdown over it would
# run for minutes and print a table nobody can read.
MAX_GROUPS = 2000


def labels(frame: pd.DataFrame, by: str) -> np.ndarray:
    """Each row's group label: the column's value as text, ``(blank)`` when empty. A value that
    reads as one of these markers (a team named "(blank)" or "Total") is shown in quotes, so it
    is never merged with the blank cells nor taken for the total row."""
    values = frame[by].astype("str").str.strip()
    markers = values.str.casefold().isin({BLANK.casefold(), TOTAL.casefold()})
    values = values.mask(markers.fillna(False).astype(bool), '"' + values + '"')
    return values.mask(values.isna() | (values == ""), BLANK).to_numpy(dtype=object)


def headcount(pop: Population) -> int:
    return people(pop, pop.active)


def breakdown(
    pop: Population,
    tables: Mapping[str, pd.DataFrame | None],
    by: str,
    compute_kpis: Callable[[Population], dict[str, KpiResult]],
    total: dict[str, KpiResult],
) -> tuple[GroupResult, ...]:
    """One :class:`GroupResult` per value of ``by``, then the total row (``total`` KPIs)."""
    workers, vacancies = tables["workers"], tables.get("vacancies")
    recruitment = tables.get("recruitment")
    assert workers is not None
    if by not in BREAKDOWNS:
        raise EngineError(f"cannot break down by {by!r} (choose one of: {', '.join(BREAKDOWNS)})")
    if by not in workers.columns:
        raise EngineError(f"cannot break down by {by!r}: the workers table has no {by} column")
    worker_labels = labels(workers, by)
    vacancy_labels = None
    if vacancies is not None and by in vacancies.columns:
        days = float(pop.params["snapshot_days"])
        vacancy_labels = labels(vacancies, by)[vacancy_rows_used(vacancies, pop.period, days).used]
    campaign_labels = None
    if recruitment is not None and by in recruitment.columns:
        campaign_labels = labels(recruitment, by)
    seen = set(pd.unique(worker_labels))
    for other in (vacancy_labels, campaign_labels):
        if other is not None:
            seen |= set(other)
    if len(seen) > MAX_GROUPS:
        raise EngineError(f"cannot break down by {by!r}: it has {len(seen):,} different values, "
                          f"more than the {MAX_GROUPS:,} groups a breakdown shows; is {by} "
                          "the right column? A scope (--scope) limits the records first")
    names = pd.Index(sorted(seen, key=lambda name: (name == BLANK, name.casefold(), name)))
    # Records sorted by group once, so each group is a slice (no pass over all rows per group).
    codes = names.get_indexer(worker_labels)
    order = np.argsort(codes, kind="stable")
    bounds = np.searchsorted(codes[order], np.arange(len(names) + 1))
    vacancy_codes = None if vacancy_labels is None else names.get_indexer(vacancy_labels)
    campaign_codes = None if campaign_labels is None else names.get_indexer(campaign_labels)
    groups = []
    for code, name in enumerate(names):
        group_pop = pop.subset(order[bounds[code] : bounds[code + 1]])
        if pop.vacancies is not None:
            group_pop = replace(
                group_pop, vacancies=_group_vacancies(pop.vacancies, vacancy_codes, code, by)
            )
        campaigns = pop.records.campaigns
        if campaigns is not None:
            group_pop = replace(group_pop, records=replace(
                pop.records, campaigns=_group_campaigns(campaigns, campaign_codes, code, by)))
        kpis = compute_kpis(group_pop)
        groups.append(GroupResult(by, name, total=False, headcount=headcount(group_pop), kpis=kpis))
    groups.append(GroupResult(by, TOTAL, total=True, headcount=headcount(pop), kpis=total))
    return tuple(groups)


def _group_vacancies(
    vacancies: Vacancies, vacancy_codes: np.ndarray | None, code: int, by: str
) -> Vacancies:
    if vacancy_codes is None:
        note = f"vacancies cannot be broken down by {by}: the vacancies table has no {by} column"
        return Vacancies(np.zeros(0), None, 0, unavailable=note)
    return vacancies.subset(vacancy_codes == code)


def _group_campaigns(
    campaigns: Campaigns, campaign_codes: np.ndarray | None, code: int, by: str
) -> Campaigns:
    if campaign_codes is None:
        note = (f"recruitment cannot be broken down by {by}: the recruitment table has no {by} "
                "column")
        return replace(campaigns.subset(np.zeros(len(campaigns.advertised), dtype=bool)),
                       unavailable=note)
    return campaigns.subset(campaign_codes == code)
