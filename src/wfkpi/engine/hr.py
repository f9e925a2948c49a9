"""HR records KPIs — method ``lg``, beside the local-government scorecard figures of :mod:`.lg`.

What council workforce strategies promise besides agency, turnover, vacancy, sickness and caseload:
training, appraisals, supervision, recruitment and agency-to-permanent conversions here; tenure,
representation, exit interviews and the spread of caseloads in :mod:`.hr_staff`. Each is a
local-government HR measure rather than a national statistic; the formula below is the one wfkpi
uses, with the strategy wording it was built to test (docs/kpis.md).

**Staff** means distinct people directly employed (permanent, fixed_term, temporary) and in post at
the reference date R; the **window** is the 12 months ending on R. Training, appraisals and
supervision follow their workers (in a scope or a breakdown group, those of its people); recruitment
campaigns are limited on the columns they have, as vacancies are.
"""

from __future__ import annotations

import numpy as np
import pandas as pd

from .lg import kpi
from .measures import count, headcount, merge, people, ratio, unavailable
from .population import Population
from .records import Campaigns, course_key
from .results import Figure

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


def as_day(value: object) -> np.datetime64:
    """A date (or date-like value) as a numpy day."""
    return np.datetime64(value, "D")


def staff_records(pop: Population) -> np.ndarray:
    """Which records are staff: directly employed and in post at the reference date."""
    return pop.direct & pop.in_post


def staff_share(pop: Population, qualifies: np.ndarray, *, what: str,
                 extra_rows: int = 0, set_aside: dict[str, int] | None = None) -> Figure:
    """Distinct staff people for whom ``qualifies`` (indexed by person code) holds ÷ distinct
    staff people × 100."""
    staff = staff_records(pop)
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
    staff[pd.unique(pop.person[staff_records(pop)])] = True
    return staff[person]


def _absent(pop: Population, name: str, table: object) -> str | None:
    """Why a records table gives no figures: not supplied, or no rows, or ids that do not join
    (:func:`wfkpi.engine.population.unjoined`); None when it gives figures."""
    if name in pop.unusable:
        return pop.unusable[name]
    return f"no {name} table" if table is None else None


def _in_window(pop: Population, days: np.ndarray) -> np.ndarray:
    period = pop.period
    return (days >= as_day(period.start)) & (days <= as_day(period.as_at))


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
    return staff_share(pop, qualifies, what="staff in post", extra_rows=count(used),
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
        (training.date <= as_day(pop.period.as_at))
    qualifies = np.bincount(training.person[done], minlength=pop.people) > 0
    return staff_share(pop, qualifies, what="staff in post", extra_rows=count(done),
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
    done = due & (appraisals.completed <= as_day(pop.period.as_at))
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
    return staff_share(pop, qualifies, what="staff in post", extra_rows=count(done),
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
    r = as_day(pop.period.as_at)
    recent = (sessions.person >= 0) & (sessions.date <= r) & \
        (sessions.date > r - np.timedelta64(days, "D"))
    qualifies = np.bincount(sessions.person[recent], minlength=pop.people) > 0
    return staff_share(pop, qualifies, what="staff in post", extra_rows=count(recent),
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
