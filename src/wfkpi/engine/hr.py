"""HR records KPIs — method ``lg``, beside the local-government scorecard figures of :mod:`.lg`.

What council workforce strategies promise besides agency, turnover, vacancy, sickness and caseload:
training, appraisals, supervision, recruitment, agency-to-permanent conversions, tenure,
representation, exit interviews. Each is a local-government HR measure rather than a national
statistic; the formula below is the one wfkpi uses, with the strategy wording it was built to test
(docs/kpis.md).

**Staff** means distinct people directly employed (permanent, fixed_term, temporary) and in post at
the reference date R; the **window** is the 12 months ending on R. Training, appraisals and
supervision follow their workers (in a scope or a breakdown group, those of its people); recruitment
campaigns are limited on the columns they have, as vacancies are.

Representation figures are **withheld** (no value, with a note) when fewer than
:data:`~wfkpi.engine.results.SMALL_GROUP` people are counted in the denominator, so that no one's
ethnicity can be read off a small group.
"""

from __future__ import annotations

import datetime as dt

import numpy as np
import pandas as pd

from wfkpi.core import equality

from .lg import kpi
from .measures import count, headcount, leaving, merge, people, ratio, unavailable
from .periods import year_before
from .population import CASES_MISSING, Population
from .records import Campaigns, course_key
from .results import SMALL_GROUP, Figure

METHOD = "lg"

# Reasons a row is set aside (documented in docs/kpis.md).
TRAINING_LENGTH_MISSING = "training-length-missing"
TRAINING_UNKNOWN_WORKER = "training-unknown-worker"
APPRAISAL_UNKNOWN_WORKER = "appraisal-unknown-worker"
PLAN_MISSING = "plan-missing"
SUPERVISION_UNKNOWN_WORKER = "supervision-unknown-worker"
RECRUITMENT_COUNT_MISSING = "recruitment-count-missing"
TEAM_MISSING = "team-missing"
ETHNICITY_NOT_KNOWN = "ethnicity-not-known"
ETHNICITY_UNKNOWN_LABEL = "ethnicity-unknown-label"  # in none of wfkpi.core.equality's lists
EXIT_INTERVIEW_MISSING = "exit-interview-missing"

GAP_DAYS = 7  # a gap of up to a week between two spells does not break service


def _day(value: object) -> np.datetime64:
    return np.datetime64(value, "D")


def _staff(pop: Population) -> np.ndarray:
    return pop.direct & pop.in_post


def _staff_share(pop: Population, qualifies: np.ndarray, *, what: str,
                 extra_rows: int = 0, set_aside: dict[str, int] | None = None) -> Figure:
    """Distinct staff people for whom ``qualifies`` (indexed by person code) holds ÷ distinct
    staff people × 100."""
    staff = _staff(pop)
    codes = pd.unique(pop.person[staff])
    numerator = Figure(float(np.count_nonzero(qualifies[codes])), rows_used=extra_rows)
    return ratio(numerator, headcount(pop, staff), what=what, set_aside=merge(set_aside or {}))


def _unknown(pop: Population, person: np.ndarray) -> int:
    """Rows naming nobody in the workers table: counted for the whole population only (they
    belong to no breakdown group)."""
    return 0 if pop.is_subset else count(person < 0)


def _of_staff(pop: Population, person: np.ndarray) -> np.ndarray:
    """Which rows of a records table (by their person codes, -1 for nobody) belong to staff."""
    staff = np.zeros(pop.people + 1, dtype=bool)  # the last entry answers for -1
    staff[pd.unique(pop.person[_staff(pop)])] = True
    return staff[person]


def _absent(pop: Population, name: str, table: object) -> str | None:
    """Why a records table gives no figures: not supplied, or no rows, or ids that do not join
    (:func:`wfkpi.engine.population.unjoined`); None when it gives figures."""
    if name in pop.unusable:
        return pop.unusable[name]
    return f"no {name} table" if table is None else None


def _in_window(pop: Population, days: np.ndarray) -> np.ndarray:
    period = pop.period
    return (days >= _day(period.start)) & (days <= _day(period.as_at))


# ----------------------------------------------------------------------------- training

def _training_days(pop: Population) -> tuple[np.ndarray, np.ndarray, dict[str, int]] | None:
    """Training days in the window per person code, which records count, and what was set
    aside; None without a training table."""
    training = pop.records.training
    if training is None:
        return None
    known = training.person >= 0
    days = np.where(np.isnan(training.days), training.hours / float(pop.params["day_hours"]),
                    training.days)
    dated = _in_window(pop, training.date)
    blank = known & dated & np.isnan(days)
    used = known & dated & ~blank
    per_person = np.bincount(training.person[used], weights=days[used], minlength=pop.people)
    staff = _of_staff(pop, training.person)
    return per_person, used & staff, {TRAINING_LENGTH_MISSING: count(blank & staff),
                                      TRAINING_UNKNOWN_WORKER: _unknown(pop, training.person)}


NO_TRAINING = "no training table"


@kpi("training_days_share")
def training_days_share(pop: Population) -> Figure:
    """Staff whose training dated in the window adds up to at least ``training_days`` days ÷
    staff × 100.

    A record's length is ``days``, else ``hours`` ÷ ``day_hours`` (default 7.4); a record with
    neither adds nothing and is set aside (``training-length-missing``). Records of people not in
    the workers table count toward nothing (``training-unknown-worker``).
    Source: Lambeth children's workforce strategy 2020-23, "80% of staff engage in a minimum of 10
    days training"; Camden children's workforce strategy 2025-27, "5 protected learning and
    development days" (``training_days`` 5).
    """
    found = _training_days(pop)
    if (why := _absent(pop, "training", found)) or found is None:
        return unavailable(why or NO_TRAINING)
    per_person, used, aside = found
    threshold = float(pop.params["training_days"])
    qualifies = per_person >= threshold - 1e-9  # sums of halves and hours: allow rounding
    return _staff_share(pop, qualifies, what="staff in post", extra_rows=count(used),
                        set_aside=aside)


@kpi("course_completion_share")
def course_completion_share(pop: Population) -> Figure:
    """Staff with a training record for ``course`` dated on or before R ÷ staff × 100.

    The course is matched ignoring case and spacing, on any date up to R (a course done once
    stays done). Without a course named (``--param course=NAME`` or a target's ``params``) there
    is no value. Source: Lambeth children's workforce strategy 2020-23, "70% undertake Children
    at the Heart of Practice training".
    """
    training = pop.records.training
    if (why := _absent(pop, "training", training)) or training is None:
        return unavailable(why or NO_TRAINING)
    course = course_key(str(pop.params["course"]))
    if not course:
        return unavailable("no course named: give one with --param course=NAME")
    done = (training.person >= 0) & (training.course == course) & \
        (training.date <= _day(pop.period.as_at))
    qualifies = np.bincount(training.person[done], minlength=pop.people) > 0
    return _staff_share(pop, qualifies, what="staff in post", extra_rows=count(done),
                        set_aside={TRAINING_UNKNOWN_WORKER: _unknown(pop, training.person)})


# --------------------------------------------------------------------------- appraisals

NO_APPRAISALS = "no appraisals table"


@kpi("appraisal_completion_rate")
def appraisal_completion_rate(pop: Population) -> Figure:
    """Staff appraisals due in the window and completed on or before R ÷ staff appraisals due in
    the window × 100.

    Counted per appraisal, for the people who are staff at R (a leaver's missed appraisal is not
    held against the team they left). Source: Lambeth children's workforce strategy 2020-23,
    "Improve uptake of annual appraisals".
    """
    appraisals = pop.records.appraisals
    if (why := _absent(pop, "appraisals", appraisals)) or appraisals is None:
        return unavailable(why or NO_APPRAISALS)
    due = _of_staff(pop, appraisals.person) & _in_window(pop, appraisals.due)
    done = due & (appraisals.completed <= _day(pop.period.as_at))
    aside = merge({APPRAISAL_UNKNOWN_WORKER: _unknown(pop, appraisals.person)})
    return ratio(Figure(float(count(done))), Figure(float(count(due))),
                 what="staff appraisals due in the year", rows_used=count(due), set_aside=aside)


@kpi("appraisals_completed")
def appraisals_completed(pop: Population) -> Figure:
    """Staff with an appraisal completed in the window (a count of people).

    Source: Lambeth children's workforce strategy 2020-23, "15% increase in number of staff with
    completed appraisal", compared with the same count a year earlier.
    """
    appraisals = pop.records.appraisals
    if (why := _absent(pop, "appraisals", appraisals)) or appraisals is None:
        return unavailable(why or NO_APPRAISALS)
    done = _of_staff(pop, appraisals.person) & _in_window(pop, appraisals.completed)
    n = len(pd.unique(appraisals.person[done]))
    return Figure(float(n), rows_used=count(done),
                  set_aside=merge({APPRAISAL_UNKNOWN_WORKER: _unknown(pop, appraisals.person)}))


@kpi("development_plan_share")
def development_plan_share(pop: Population) -> Figure:
    """Staff with an appraisal completed in the window at which a development plan was agreed
    (``development_plan`` yes) ÷ staff × 100.

    A completed appraisal with ``development_plan`` blank is set aside (``plan-missing``) and
    does not count as a plan. Source: Lambeth children's workforce strategy 2020-23, "all staff
    at all levels have the opportunity to have their own developmental plan alongside their
    annual appraisals".
    """
    appraisals = pop.records.appraisals
    if (why := _absent(pop, "appraisals", appraisals)) or appraisals is None:
        return unavailable(why or NO_APPRAISALS)
    if appraisals.plan is None:
        return unavailable("no development_plan column in the appraisals table")
    staff = _of_staff(pop, appraisals.person)
    done = staff & _in_window(pop, appraisals.completed)
    planned = done & (appraisals.plan == 1.0)
    qualifies = np.bincount(appraisals.person[planned], minlength=pop.people) > 0
    return _staff_share(pop, qualifies, what="staff in post", extra_rows=count(done),
                        set_aside={PLAN_MISSING: count(done & np.isnan(appraisals.plan)),
                                   APPRAISAL_UNKNOWN_WORKER: _unknown(pop, appraisals.person)})


# -------------------------------------------------------------------------- supervision

@kpi("supervision_coverage")
def supervision_coverage(pop: Population) -> Figure:
    """Staff with a supervision session dated in the ``supervision_weeks`` weeks ending on R
    (default 6: from R − 6 × 7 days + 1 day to R) ÷ staff × 100.

    Sessions of any kind count. Source: Camden adult social care workforce strategy 2024-29,
    "All staff receive quality, person-centred supervision"; Lambeth children's 2020-23,
    "professional supervision and group supervision targets met" (the interval is the supervision
    policy's).
    """
    sessions = pop.records.supervision
    if (why := _absent(pop, "supervision", sessions)) or sessions is None:
        return unavailable(why or "no supervision table")
    days = int(round(float(pop.params["supervision_weeks"]) * 7))
    r = _day(pop.period.as_at)
    recent = (sessions.person >= 0) & (sessions.date <= r) & \
        (sessions.date > r - np.timedelta64(days, "D"))
    qualifies = np.bincount(sessions.person[recent], minlength=pop.people) > 0
    return _staff_share(pop, qualifies, what="staff in post", extra_rows=count(recent),
                        set_aside={SUPERVISION_UNKNOWN_WORKER: _unknown(pop, sessions.person)})


# -------------------------------------------------------------------------- recruitment

def _campaigns(pop: Population) -> tuple[Campaigns | None, str]:
    """The recruitment campaigns, or None and why there are none to count."""
    campaigns = pop.records.campaigns
    if campaigns is None:
        return None, "no recruitment table"
    if campaigns.unavailable:
        return None, campaigns.unavailable
    return campaigns, ""


def _campaign_ratio(pop: Population, top: str, bottom: str, *, what: str) -> Figure:
    """Σ ``top`` ÷ Σ ``bottom`` × 100 over campaigns advertised in the window with both known."""
    campaigns, why = _campaigns(pop)
    if campaigns is None:
        return unavailable(why)
    dated = _in_window(pop, campaigns.advertised)
    a, b = campaigns.counts[top], campaigns.counts[bottom]
    known = dated & ~np.isnan(a) & ~np.isnan(b)
    return ratio(Figure(float(a[known].sum())), Figure(float(b[known].sum())), what=what,
                 rows_used=count(known),
                 set_aside=merge({RECRUITMENT_COUNT_MISSING: count(dated & ~known)}))


@kpi("interview_success_rate")
def interview_success_rate(pop: Population) -> Figure:
    """Offers made ÷ candidates interviewed × 100, over campaigns advertised in the window.

    Campaigns with ``offers`` or ``interviewed`` blank are set aside
    (``recruitment-count-missing``). Source: Lambeth children's workforce strategy 2020-23,
    "Interview success rate does not deviate +/- 15% on previous years".
    """
    return _campaign_ratio(pop, "offers", "interviewed", what="candidates interviewed")


@kpi("internal_fill_rate")
def internal_fill_rate(pop: Population) -> Figure:
    """Internal hires ÷ hires × 100, over campaigns advertised in the window.

    An internal hire is a candidate already employed by the council (internal progression).
    Source: Lambeth children's workforce strategy 2020-23, "Minimum of 30% of roles filled by
    internal progression".
    """
    return _campaign_ratio(pop, "internal_hires", "hires", what="hires")


@kpi("applications_per_campaign")
def applications_per_campaign(pop: Population) -> Figure:
    """Applications ÷ campaigns, over campaigns advertised in the window with applications known.

    Source: Camden adult social care workforce strategy 2024-29, "a pool of high calibre
    candidates" (the size of the pool; who the candidates are is not in the table).
    """
    campaigns, why = _campaigns(pop)
    if campaigns is None:
        return unavailable(why)
    dated = _in_window(pop, campaigns.advertised)
    applications = campaigns.counts["applications"]
    known = dated & ~np.isnan(applications)
    return ratio(Figure(float(applications[known].sum())), Figure(float(count(known))),
                 what="campaigns with applications recorded", scale=1.0, rows_used=count(known),
                 set_aside=merge({RECRUITMENT_COUNT_MISSING: count(dated & ~known)}))


# ----------------------------------------------------------------------- conversions

@kpi("agency_conversions")
def agency_conversions(pop: Population) -> Figure:
    """People with a directly employed spell starting in the window who had an agency spell
    (agency or self_employed) starting before it, under the same ``worker_id``.

    Source: Camden children's workforce strategy 2025-27, "move agency staff to permanent
    contracts"; Newham counted 28 in 2024.
    """
    start = pop.detail("start")
    first_agency = np.full(pop.people, np.datetime64("NaT"), dtype="datetime64[D]")
    agency = pop.agency & ~np.isnat(start)
    if agency.any():
        order = pd.Series(start[agency]).groupby(pop.person[agency]).min()
        first_agency[order.index.to_numpy()] = order.to_numpy().astype("datetime64[D]")
    before = first_agency[pop.person]
    converted = pop.direct & pop.starter & ~np.isnat(before) & (before < start)
    return Figure(float(people(pop, converted)), rows_used=count(converted | agency))


# --------------------------------------------------------------------------- tenure

def _years_before(day: dt.date, years: int) -> np.datetime64:
    for _ in range(years):
        day = year_before(day)
    return _day(day)


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
    return _group_share(pop, _staff(pop), what="staff")


@kpi("ethnic_minority_share_managers")
def ethnic_minority_share_managers(pop: Population) -> Figure:
    """As ``ethnic_minority_share``, among staff in manager posts (``org_role`` 1 to 3: senior,
    middle and first-line managers).

    Source: Camden adult social care workforce strategy 2024-29, "As role grades increase, racial
    diversity decreases"; Camden children's, "under-representation ... at leadership level".
    """
    managers = _staff(pop) & (pop.detail("org_role") <= 3)
    return _group_share(pop, managers, what="managers")


@kpi("equality_data_completeness")
def equality_data_completeness(pop: Population) -> Figure:
    """Staff with both ethnicity and disability recorded ÷ staff × 100.

    Recorded means an answer was taken: not blank and not 'not known' ('prefer not to say' is an
    answer). A person counts when any of their records in post has both. Source: Camden
    children's workforce strategy 2025-27, improving equality data.
    """
    staff = _staff(pop)
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
    staff = _staff(pop)
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
