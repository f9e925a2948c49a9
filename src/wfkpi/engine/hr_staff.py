"""HR records KPIs of the staff themselves — method ``lg``, after those of :mod:`.hr`: tenure,
representation, exit interviews and the spread of caseloads. **Staff** and the **window** are as in
:mod:`.hr`.

Representation figures are **withheld** (no value, with a note) when fewer than
:data:`~wfkpi.engine.results.SMALL_GROUP` people are counted in the denominator, so that no one's
ethnicity can be read off a small group.
"""

from __future__ import annotations

import datetime as dt

import numpy as np
import pandas as pd

from wfkpi.core import equality

from .hr import (
    ETHNICITY_NOT_KNOWN,
    ETHNICITY_UNKNOWN_LABEL,
    EXIT_INTERVIEW_MISSING,
    GAP_DAYS,
    TEAM_MISSING,
    as_day,
    staff_records,
)
from .lg import kpi
from .measures import count, headcount, leaving, merge, people, ratio, unavailable
from .periods import year_before
from .population import CASES_MISSING, Population
from .results import SMALL_GROUP, Figure

# --------------------------------------------------------------------------- tenure

def _years_before(day: dt.date, years: int) -> np.datetime64:
    for _ in range(years):
        day = year_before(day)
    return as_day(day)


def _run_starts(pop: Population, records: np.ndarray, by_team: bool) -> np.ndarray:
    """For each record in ``records``, when its person's unbroken run of directly employed spells
    began (in the same team when ``by_team``). Spells join a run when one starts no more than
    :data:`GAP_DAYS` days after the run's latest end so far."""
    start, end = pop.detail("start")[records], pop.detail("end")[records]
    frame = pd.DataFrame({
        "person": pop.person[records],
        "team": pop.detail("team")[records] if by_team else 0,
        "start": start.astype("int64"),
        "end": np.where(np.isnat(end), np.iinfo(np.int64).max // 2, end.astype("int64")),
        "at": np.arange(count(records)),
    }).sort_values(["person", "team", "start"], kind="stable")
    group = frame.groupby(["person", "team"], sort=False)
    reach = group["end"].cummax()
    previous = reach.groupby([frame["person"], frame["team"]], sort=False).shift()
    new_run = previous.isna() | (frame["start"] > previous + GAP_DAYS)
    run = new_run.cumsum()
    first = frame["start"].groupby(run).transform("min")
    out = np.empty(len(frame), dtype=np.int64)
    out[frame["at"].to_numpy()] = first.to_numpy()
    return out.astype("datetime64[D]")


def _tenure_share(pop: Population, years: int, by_team: bool) -> Figure:
    direct = pop.direct & ~np.isnat(pop.detail("start"))
    aside: dict[str, int] = {}
    if by_team:
        teamless = direct & (pop.detail("team") < 0)
        aside[TEAM_MISSING] = count(teamless & pop.in_post)
        direct &= ~teamless
    staff = direct & pop.in_post
    if not staff.any():
        return ratio(Figure(0.0), Figure(0.0), what="staff in post", set_aside=merge(aside))
    runs = np.full(pop.size, np.datetime64("NaT"), dtype="datetime64[D]")
    runs[direct] = _run_starts(pop, direct, by_team)
    long = staff & (runs <= _years_before(pop.period.as_at + dt.timedelta(days=1), years))
    return ratio(Figure(float(people(pop, long))), Figure(float(people(pop, staff))),
                 what="staff in post", rows_used=count(direct), set_aside=merge(aside))


@kpi("team_tenure_36m_share")
def team_tenure_36m_share(pop: Population) -> Figure:
    """Staff whose unbroken time in their current team is 36 months or more ÷ staff with a team
    recorded × 100.

    Time in a team runs from the start of the person's earliest directly employed spell in that
    team that joins, spell after spell with gaps of no more than 7 days, to the spell they hold at
    R: 36 months at R means it began on or before R + 1 day − 36 months. A person in post in two
    teams counts once, as long-serving if either run is. Staff with no team are set aside
    (``team-missing``). Source: Cambridgeshire and Peterborough children's workforce framework
    2022-25, "the majority of workers staying with their team for a minimum of 36 months".
    """
    return _tenure_share(pop, 3, by_team=True)


@kpi("service_10y_share")
def service_10y_share(pop: Population) -> Figure:
    """Staff whose unbroken directly employed service, in any team, is 10 years or more ÷ staff
    × 100.

    Service joins spells as for ``team_tenure_36m_share``, across teams. Source: London workforce
    practice examples (Tower Hamlets: 25.7% of staff with 10 years or more).
    """
    return _tenure_share(pop, 10, by_team=False)


# --------------------------------------------------------------------- representation

def _group_share(pop: Population, among: np.ndarray, *, what: str) -> Figure:
    """People from minority ethnic groups ÷ people with a known ethnicity × 100, among the
    records ``among``; withheld below :data:`SMALL_GROUP` people."""
    group = pop.detail("ethnic_group")
    known = among & (group >= 0)
    unlisted = among & (group == equality.UNKNOWN)
    aside = merge({ETHNICITY_UNKNOWN_LABEL: people(pop, unlisted),
                   ETHNICITY_NOT_KNOWN: people(pop, among) - people(pop, known | unlisted)})
    denominator = people(pop, known)
    if denominator < SMALL_GROUP:
        return Figure(None, rows_used=count(known), set_aside=aside,
                      note=f"fewer than {SMALL_GROUP} {what} with a known ethnicity: withheld")
    minority = people(pop, known & (group == 1))
    return ratio(Figure(float(minority)), Figure(float(denominator)),
                 what=f"{what} with a known ethnicity", rows_used=count(among), set_aside=aside)


@kpi("ethnic_minority_share")
def ethnic_minority_share(pop: Population) -> Figure:
    """Staff from Black, Asian, Mixed and other minority ethnic groups ÷ staff with a known
    ethnicity × 100.

    White minorities (Irish, Gypsy or Irish Traveller, Roma, other White) count as White, as in
    DfE's workforce statistics; a blank, 'not known' or 'prefer not to say' is set aside
    (``ethnicity-not-known``). How labels are grouped: docs/kpis.md. Compare with the community
    the council serves (a target's ``community`` benchmark). Source: Camden children's workforce
    strategy 2025-27, "a workforce that reflects the community it serves" (Camden: 40% of the
    population from Black, Asian or other ethnic groups).
    """
    return _group_share(pop, staff_records(pop), what="staff")


@kpi("ethnic_minority_share_managers")
def ethnic_minority_share_managers(pop: Population) -> Figure:
    """As ``ethnic_minority_share``, among staff in manager posts (``org_role`` 1 to 3: senior,
    middle and first-line managers).

    Source: Camden adult social care workforce strategy 2024-29, "As role grades increase, racial
    diversity decreases"; Camden children's, "under-representation ... at leadership level".
    """
    managers = staff_records(pop) & (pop.detail("org_role") <= 3)
    return _group_share(pop, managers, what="managers")


@kpi("equality_data_completeness")
def equality_data_completeness(pop: Population) -> Figure:
    """Staff with both ethnicity and disability recorded ÷ staff × 100.

    Recorded means an answer was taken: not blank and not 'not known' ('prefer not to say' is an
    answer). A person counts when any of their records in post has both. Source: Camden
    children's workforce strategy 2025-27, improving equality data.
    """
    staff = staff_records(pop)
    both = staff & pop.detail("ethnicity_recorded") & pop.detail("disability_recorded")
    return ratio(Figure(float(people(pop, both))), headcount(pop, staff), what="staff in post",
                 rows_used=count(staff))


@kpi("progression_ratio")
def progression_ratio(pop: Population) -> Figure:
    """The internal progression rate of staff from minority ethnic groups ÷ that of White staff;
    1.0 is parity, below 1.0 fewer move up.

    A group's rate is its staff with a directly employed spell starting in the window with
    ``start_origin`` internal ÷ its staff. Withheld when either group has fewer than 5 staff.
    Source: Camden adult social care workforce strategy 2024-29, "progression occurs equitably
    across all protected characteristics".
    """
    staff = staff_records(pop)
    group = pop.detail("ethnic_group")
    moved = pop.direct & pop.starter & pop.detail("internal_start")
    mover_people = np.zeros(pop.people, dtype=bool)
    mover_people[pop.person[moved]] = True
    rates = []
    for code in (1, 0):
        members = staff & (group == code)
        n = people(pop, members)
        if n < SMALL_GROUP:
            return Figure(None, rows_used=count(staff),
                          note=f"fewer than {SMALL_GROUP} staff in a group: withheld")
        codes = pd.unique(pop.person[members])
        rates.append(Figure(float(np.count_nonzero(mover_people[codes])) / n))
    return ratio(rates[0], rates[1], what="the White staff's progression rate", scale=1.0,
                 rows_used=count(staff | moved))


# ---------------------------------------------------------------------------- leavers

@kpi("exit_interview_rate")
def exit_interview_rate(pop: Population) -> Figure:
    """Directly employed leaving spells in the window (internal moves excluded) with an exit
    interview ÷ those with ``exit_interview`` recorded × 100.

    A leaver with ``exit_interview`` blank is set aside (``exit-interview-missing``). Source:
    Lambeth children's workforce strategy 2020-23, "an exit interview for all permanent members of
    staff" (scope ``permanent_staff``); Camden adult social care, "increase take up".
    """
    if not pop.has_column("exit_interview"):
        return unavailable("no exit_interview column in the workers table")
    interview = pop.detail("exit_interview")
    leavers = leaving(pop) & ~pop.internal_move
    known = leavers & ~np.isnan(interview)
    return ratio(Figure(float(count(known & (interview == 1.0)))), Figure(float(count(known))),
                 what="leavers with exit_interview recorded", rows_used=count(known),
                 set_aside=merge({EXIT_INTERVIEW_MISSING: count(leavers & ~known)}))


# ---------------------------------------------------------------------------- caseload

@kpi("caseload_over_max_share")
def caseload_over_max_share(pop: Population) -> Figure:
    """Case holders (``org_role`` 5) in post at R with more than ``max_cases`` cases (default 15)
    ÷ case holders in post with cases recorded × 100: directly employed and agency workers, as
    in DfE's caseload (bank and casual records are not counted).

    A case holder with ``cases`` blank is set aside (``cases-missing``). Source: Lambeth
    children's workforce strategy 2020-23, "a maximum of 15 young people in Long-Term Teams".
    """
    if pop.cases is None:
        return unavailable("no cases column in the workers table")
    holders = pop.in_post & (pop.direct | pop.agency) & (pop.detail("org_role") == 5)
    known = holders & ~np.isnan(pop.cases)
    over = known & (pop.cases > float(pop.params["max_cases"]))
    return ratio(Figure(float(count(over))), Figure(float(count(known))),
                 what="case holders with cases recorded", rows_used=count(known),
                 set_aside=merge({CASES_MISSING: count(holders & ~known)}))
