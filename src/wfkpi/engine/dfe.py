"""DfE Children's social work workforce statistics — method ``dfe``.

Source: DfE, "Children's social work workforce" (explore-education-statistics): methodology, data
guidance and the published file ``csww_indicators_2017_to_2025.csv``, whose column names are these
KPI ids. Population: workers employed and paid directly by the authority (permanent, fixed_term,
temporary); agency workers (agency, self_employed) are counted separately. Year = the reporting
window; figures "at" a date are at the reference date.

Leavers include ``internal_move`` spells: DfE's ReasonLeave 7 ("moved to a non-children's social
work role in the local authority") is a leaver from this workforce.
"""

from __future__ import annotations

from dataclasses import replace

import numpy as np

from . import sickness
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
    spells,
    starting,
    unavailable,
    with_moves,
)
from .population import (
    CASES_MISSING,
    COVER_MISSING,
    VACANCY_MISSING,
    VACANCY_OTHER_DATE,
    Population,
)
from .results import Figure

METHOD = "dfe"
KPIS: list[Kpi] = []
kpi = registry(METHOD, KPIS)

NO_VACANCIES = "no vacancies table"
NO_COVER = "no agency_cover_fte column in the vacancies table"
NO_CASES = "no cases column in the workers table"


@kpi("inpost_fte")
def inpost_fte(pop: Population) -> Figure:
    """Sum of FTE over directly employed records in post at the reference date.

    Population: directly employed spells with ``start_date <= R`` and ``end_date`` blank or after
    ``R``. Every record counts (a person in two posts twice); a blank FTE is set aside.
    Source: DfE CSWW, ``inpost_fte``.
    """
    return fte_sum(pop, pop.direct & pop.in_post)


@kpi("inpost_headcount")
def inpost_headcount(pop: Population) -> Figure:
    """Distinct people (``worker_id``) among directly employed records in post at R.

    A blank FTE does not matter here. Source: DfE CSWW, ``inpost_headcount``.
    """
    return headcount(pop, pop.direct & pop.in_post)


@kpi("starters_fte")
def starters_fte(pop: Population) -> Figure:
    """Sum of FTE over directly employed spells whose ``start_date`` is inside the window.

    A spell starting on R is a starter and in post. A post taken in a move from another
    directly employed post (a promotion; docs/kpis.md, "Moves between posts") is no starter:
    set aside as ``moved-post``. Source: DfE CSWW, ``starters_fte``; DfE's methodology:
    turnover "doesn't capture the movement of social workers within the same local authority".
    """
    return with_moves(fte_sum(pop, starting(pop)), pop, pop.starter & pop.moved_in)


@kpi("starters_headcount")
def starters_headcount(pop: Population) -> Figure:
    """Directly employed spells starting inside the window, each (worker, start date) once;
    moves are no starters (as ``starters_fte``).

    Source: DfE CSWW, ``starters_headcount``.
    """
    return with_moves(spells(pop, starting(pop), "start"), pop, pop.starter & pop.moved_in)


@kpi("leavers_fte")
def leavers_fte(pop: Population) -> Figure:
    """Sum of FTE over directly employed spells whose ``end_date`` is inside the window.

    A spell ending on R is a leaver and not in post; ``internal_move`` leavers count (census
    ReasonLeave 7: a move out of children's social work). A spell left in a move to another
    directly employed post of the population is no leaver: set aside as ``moved-post``.
    Source: DfE CSWW, ``leavers_fte``.
    """
    return with_moves(fte_sum(pop, leaving(pop)), pop, pop.leaver & pop.moved_on)


@kpi("leavers_headcount")
def leavers_headcount(pop: Population) -> Figure:
    """Directly employed spells ending inside the window, each (worker, leaving date) once: a
    person who left twice in the year is two leavers; moves are no leavers (as
    ``leavers_fte``).

    Source: DfE CSWW, ``leavers_headcount``.
    """
    return with_moves(spells(pop, leaving(pop), "end"), pop, pop.leaver & pop.moved_on)


@kpi("turnover_rate_fte")
def turnover_rate_fte(pop: Population) -> Figure:
    """``leavers_fte / inpost_fte × 100``.

    The denominator is in post at the end of the year, not an average.
    Source: DfE CSWW, ``turnover_rate_fte``.
    """
    return ratio(leavers_fte(pop), inpost_fte(pop), what="directly employed FTE in post")


@kpi("turnover_rate_headcount")
def turnover_rate_headcount(pop: Population) -> Figure:
    """``leavers_headcount / inpost_headcount × 100``.

    Source: DfE CSWW, ``turnover_rate_headcount``.
    """
    return ratio(
        leavers_headcount(pop), inpost_headcount(pop), what="directly employed headcount in post"
    )


@kpi("agency_fte")
def agency_fte(pop: Population) -> Figure:
    """Sum of FTE over agency and self-employed records in post at R (not de-duplicated).

    Source: DfE CSWW, ``agency_fte``.
    """
    return fte_sum(pop, pop.agency & pop.in_post)


@kpi("agency_headcount")
def agency_headcount(pop: Population) -> Figure:
    """Agency and self-employed records in post at R, not de-duplicated: DfE counts agency
    records (a worker placed by two agencies is two).

    Source: DfE CSWW, ``agency_headcount``.
    """
    mask = pop.agency & pop.in_post
    return Figure(float(count(mask)), rows_used=count(mask))


@kpi("agency_rate_fte")
def agency_rate_fte(pop: Population) -> Figure:
    """``agency_fte / (agency_fte + inpost_fte) × 100``. Source: DfE CSWW, ``agency_rate_fte``."""
    return share(agency_fte(pop), inpost_fte(pop), what="agency plus directly employed FTE")


@kpi("agency_rate_headcount")
def agency_rate_headcount(pop: Population) -> Figure:
    """``agency_headcount / (agency_headcount + inpost_headcount) × 100``.

    Source: DfE CSWW, ``agency_rate_headcount``.
    """
    return share(
        agency_headcount(pop), inpost_headcount(pop), what="agency plus directly employed headcount"
    )


@kpi("vacancy_fte")
def vacancy_fte(pop: Population) -> Figure:
    """Sum of ``vacancy_fte`` over the vacancy rows that describe R, covered by agency workers
    or not: the undated rows and the latest snapshot dated on or before R, no more than
    ``snapshot_days`` (31) before it; its date is shown when it is not R. Rows of other dates
    are set aside, as is a blank ``vacancy_fte``; with no snapshot in reach, no value.

    Source: DfE CSWW, ``vacancy_fte``.
    """
    vacancies = pop.vacancies
    if vacancies is None:
        return unavailable(NO_VACANCIES)
    known = ~np.isnan(vacancies.vacancy_fte)
    set_aside = merge({VACANCY_OTHER_DATE: vacancies.other_dates, VACANCY_MISSING: count(~known)})
    if vacancies.unavailable:
        return Figure(None, set_aside=set_aside, note=vacancies.unavailable)
    return Figure(float(vacancies.vacancy_fte[known].sum()), rows_used=count(known),
                  set_aside=set_aside, as_of=vacancies.as_of)


@kpi("vacancy_rate_fte")
def vacancy_rate_fte(pop: Population) -> Figure:
    """``vacancy_fte / (vacancy_fte + inpost_fte) × 100``; agency FTE is not in the denominator.

    Source: DfE CSWW, ``vacancy_rate_fte``.
    """
    return share(vacancy_fte(pop), inpost_fte(pop), what="vacancies plus directly employed FTE")


@kpi("agency_cover_fte")
def agency_cover_fte(pop: Population) -> Figure:
    """Sum of ``agency_cover_fte`` over the vacancy rows used for ``vacancy_fte``; a blank
    cover figure is set aside. Source: DfE CSWW, ``agency_cover_fte``.
    """
    vacancies = pop.vacancies
    if vacancies is None:
        return unavailable(NO_VACANCIES)
    if vacancies.unavailable:
        return unavailable(vacancies.unavailable)
    if vacancies.cover is None:
        return unavailable(NO_COVER)
    known = ~np.isnan(vacancies.cover)
    set_aside = merge({VACANCY_OTHER_DATE: vacancies.other_dates, COVER_MISSING: count(~known)})
    if known.size and not known.any():
        note = "no vacancy row has an agency_cover_fte figure"
        return Figure(None, set_aside=set_aside, note=note)
    return Figure(float(vacancies.cover[known].sum()), rows_used=count(known), set_aside=set_aside,
                  as_of=vacancies.as_of)


@kpi("agency_cover_rate_fte")
def agency_cover_rate_fte(pop: Population) -> Figure:
    """``agency_cover_fte / agency_fte × 100``. Source: DfE CSWW, ``agency_cover_rate_fte``."""
    return ratio(agency_cover_fte(pop), agency_fte(pop), what="agency FTE in post")


@kpi("vacancy_agency_cover_rate_fte")
def vacancy_agency_cover_rate_fte(pop: Population) -> Figure:
    """``agency_cover_fte / vacancy_fte × 100``, over the vacancy rows whose cover is known (a row
    with a blank cover figure is set aside from both sides, not read as uncovered).

    Source: DfE CSWW, ``vacancy_agency_cover_rate_fte``.
    """
    cover = agency_cover_fte(pop)
    vacancies = pop.vacancies
    if cover.value is None or vacancies is None or vacancies.cover is None:
        return ratio(cover, vacancy_fte(pop), what="vacancy FTE", set_aside=cover.set_aside)
    known = ~np.isnan(vacancies.cover)
    covered = Figure(float(vacancies.vacancy_fte[known].sum()), rows_used=count(known))
    return ratio(cover, covered, what="vacancy FTE with a known cover figure",
                 rows_used=cover.rows_used, set_aside=cover.set_aside)


def _case_records(pop: Population) -> np.ndarray:
    """Records in post at R, directly employed or agency: the workers whose cases count."""
    return (pop.direct | pop.agency) & pop.in_post


@kpi("cases")
def cases(pop: Population) -> Figure:
    """Sum of ``cases`` held at R by directly employed and agency records in post; a blank is
    set aside. Source: DfE CSWW, ``cases``.
    """
    if pop.cases is None:
        return unavailable(NO_CASES)
    mask = _case_records(pop)
    known = mask & ~np.isnan(pop.cases)
    set_aside = merge({CASES_MISSING: count(mask & ~known)})
    if mask.any() and not known.any():
        return Figure(None, set_aside=set_aside, note="no worker in post has a cases figure")
    return Figure(float(pop.cases[known].sum()), rows_used=count(known), set_aside=set_aside)


@kpi("case_holders_fte")
def case_holders_fte(pop: Population) -> Figure:
    """Sum of FTE over records in post at R holding one case or more, agency workers included.

    A blank FTE is set aside. Source: DfE CSWW, ``case_holders_fte``.
    """
    if pop.cases is None:
        return unavailable(NO_CASES)
    holding = _case_records(pop) & (np.nan_to_num(pop.cases) >= 1)
    return fte_sum(pop, holding)


@kpi("caseload_fte")
def caseload_fte(pop: Population) -> Figure:
    """``cases / case_holders_fte``, both over the case holders whose FTE is known: a case
    holder with a blank FTE is left out of both sides (set aside as ``fte-missing``), so that
    their cases are not shared among the others' FTE.

    Source: DfE CSWW, ``caseload_fte``; the edge rule of the shared KPI definitions.
    """
    held = cases(pop)  # its rows include every case holder's
    if held.value is None:
        return ratio(held, case_holders_fte(pop), what="case-holder FTE", scale=1.0)
    assert pop.cases is not None
    unknown_fte = _case_records(pop) & np.isnan(pop.fte) & (np.nan_to_num(pop.cases) >= 1)
    counted = replace(held, value=held.value - float(pop.cases[unknown_fte].sum()))
    return ratio(counted, case_holders_fte(pop), what="case-holder FTE", scale=1.0,
                 rows_used=held.rows_used - count(unknown_fte))


@kpi("working_days_lost_fte")
def working_days_lost_fte(pop: Population) -> Figure:
    """Working days lost to sickness in the window by directly employed workers.

    From the absences table (``reason == sickness``; ``working_days_lost`` or else the working
    days of the spell; spells crossing the window's edge pro-rated by working days; an open spell
    runs to R), else the sum of ``workers.sickness_days`` over directly employed spells active in
    the window. Source: DfE CSWW, ``working_days_lost_fte`` (census item WorkingDaysLost).
    """
    return sickness.days_lost(pop)


@kpi("absence_rate_fte")
def absence_rate_fte(pop: Population) -> Figure:
    """``working_days_lost_fte / (inpost_fte × N) × 100``, N = 253, or 254 when the window
    contains 29 February. Source: DfE CSWW, ``absence_rate_fte`` (N inferred from the
    published data: it reproduces every published rate).
    """
    lost = working_days_lost_fte(pop)
    direct = inpost_fte(pop)
    n = pop.period.dfe_working_days
    available = Figure(
        None if direct.value is None else direct.value * n,
        rows_used=direct.rows_used,
        set_aside=direct.set_aside,
        note=direct.note,
    )
    in_post = pop.direct & pop.in_post & ~np.isnan(pop.fte)  # the rows inpost_fte sums
    what = f"directly employed FTE in post × {n} days"
    return ratio(lost, available, what=what, rows_used=sickness.rows_used(pop, lost, in_post))
