"""Skills for Care adult social care workforce figures (ASC-WDS) — method ``sfc``.

Source: Skills for Care, "The state of the adult social care sector and workforce in England", and
the ASC-WDS benchmark code. Directly employed = permanent, fixed_term and temporary (ASC-WDS
records fixed-term contracts as temporary). Skills for Care counts leavers from the employer, so an
``internal_move`` (a move to another role with the same council) is not a leaver here.
"""

from __future__ import annotations

from dataclasses import replace

from . import sickness
from .dfe import vacancy_fte
from .measures import (
    Kpi,
    count,
    fte_sum,
    headcount,
    leaving,
    merge,
    ratio,
    registry,
    share,
    with_moves,
)
from .population import INTERNAL_MOVE, Population
from .results import Figure

METHOD = "sfc"
KPIS: list[Kpi] = []
kpi = registry(METHOD, KPIS)


def leavers(pop: Population) -> Figure:
    """Distinct people with a directly employed spell ending in the window, internal moves
    (``internal_move``, and moves between posts: ``moved-post``) set aside."""
    moved = leaving(pop) & pop.internal_move
    counted = headcount(pop, leaving(pop) & ~pop.internal_move)
    return with_moves(replace(counted, set_aside=merge({INTERNAL_MOVE: count(moved)})), pop,
                      pop.leaver & pop.moved_on)


def current_workers(pop: Population) -> Figure:
    """Distinct directly employed people in post at the reference date."""
    return headcount(pop, pop.direct & pop.in_post)


@kpi("turnover_rate_headcount")
def turnover_rate_headcount(pop: Population) -> Figure:
    """Leavers in the last 12 months ÷ directly employed workers now × 100 (headcount).

    Numerator: distinct people with a directly employed spell ending in the window, excluding
    ``internal_move`` and moves between posts (``moved-post``). Denominator: distinct directly
    employed people in post at R.
    Source: Skills for Care, ASC-WDS turnover rate.
    """
    return ratio(leavers(pop), current_workers(pop), what="directly employed headcount in post")


@kpi("vacancy_rate")
def vacancy_rate(pop: Population) -> Figure:
    """Vacancies ÷ (staff + vacancies) × 100, both sides in one unit.

    ``vacancy_basis`` posts (Skills for Care's own basis, the default for an ASC-WDS file):
    vacant posts (the vacancy rows used at R) ÷ (permanent and temporary staff records in post
    at R + vacant posts) — ASC-WDS's benchmarks code, ``noOfProperty / (permTempCount +
    noOfProperty)``, counting staff records of contract Permanent or Temporary. ``fte`` (the
    default for an HR extract, whose vacancies are FTE): vacancy FTE ÷ (directly employed FTE
    in post + vacancy FTE). Never vacancy FTE over a headcount: the units would not agree.
    Source: Skills for Care, ASC-WDS vacancy rate.
    """
    if pop.params["vacancy_basis"] == "posts":
        records = pop.direct & pop.in_post
        staff = Figure(float(count(records)), rows_used=count(records))
        return share(vacancy_fte(pop), staff, what="staff records plus vacant posts")
    return share(vacancy_fte(pop), fte_sum(pop, pop.direct & pop.in_post),
                 what="directly employed FTE plus vacancy FTE")


@kpi("sickness_days_per_worker")
def sickness_days_per_worker(pop: Population) -> Figure:
    """Mean working days lost to sickness in the last 12 months over directly employed people in
    post at R whose figure is known.

    From the absences table when supplied (everyone's figure is then known), else
    ``workers.sickness_days``. Source: Skills for Care, ASC-WDS ``DAYSSICK`` average.
    """
    return sickness.days_per_current_worker(pop)
