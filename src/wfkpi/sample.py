"""Seeded synthetic extracts in the canonical layout, shaped like a council's workforce.

A :class:`Profile` gives a council's shape: people in post, agency share, vacancy rate, turnover,
sickness and caseload (each this year and last year, so that year-on-year targets have something
to compare), the role mix and the teams, and the figures its strategy sets targets for
(diversity, training, appraisals, recruitment). One simulation, parameterised by the profile,
builds the worker spells of the last two years and more (starters, leavers and those still in
post), the absences and the vacancies, then each person's equality data, training records and
appraisals and the recruitment campaigns; :func:`extracts` cuts from it one self-contained
extract per month-end, each knowing only what had happened by its date. The same profile, dates
and seed always give byte-identical files. No row describes a real person.
"""

from __future__ import annotations

import datetime as dt
from dataclasses import dataclass, field, replace
from pathlib import Path
from typing import NamedTuple

import numpy as np
import pandas as pd

from wfkpi.engine.periods import Period, bank_holiday_calendar, year_before

AS_AT = dt.date(2025, 9, 30)
EPOCH = dt.date(1970, 1, 1)
OPEN = 10**7  # the end day of a spell still open: after any date the generator writes


class Trend(NamedTuple):
    """A figure for the year before the reference date and for the year to it."""

    last_year: float
    this_year: float


@dataclass(frozen=True)
class Role:
    """A post: its title, grade and DfE CSWW role (``org_role``), and who holds it."""

    title: str
    grade: str
    org_role: int  # the CSWW level nearest the post; posts outside social work without cases: 6
    share: float  # share of directly employed (and bank) posts
    agency_share: float  # share of agency posts
    qualified: float  # chance the holder is a registered social worker in a social-work post
    caseload: float  # cases per FTE relative to the profile's caseload; 0 = holds no cases
    services: tuple[str, ...]  # the services whose teams have such posts


@dataclass(frozen=True)
class Profile:
    """The shape of one council's workforce, as its strategy describes it."""

    id: str
    name: str
    staff: int  # people in post at the reference date, agency workers included
    agency: Trend  # agency share of the people in post
    vacancy: Trend  # vacancy rate: vacant ÷ (vacant + directly employed), as `method` counts
    turnover: Trend  # leavers in the year ÷ directly employed in post at its end
    sickness_days: Trend  # working days lost to sickness in the year per person in post
    caseload: float  # cases per case-holder FTE
    roles: tuple[Role, ...]
    teams: tuple[tuple[str, str], ...]  # (team, service)
    method: str = "dfe"  # whose definitions the rates follow: dfe (children's) or sfc (adults)
    part_time: float = 0.18  # directly employed on less than one FTE
    bank: float = 0.02  # bank and casual workers, on top of `staff`
    agency_turnover: float = 0.6  # agency spells ending in a year ÷ agency in post
    agency_cover: float = 0.75  # share of vacant FTE covered by agency workers
    # Share of staff from Black, Asian, Mixed and other minority ethnic groups, among those whose
    # ethnicity is known: about the local population's. Managers (org_role 1-3) are about two
    # thirds as diverse as the rest, so that diversity falls as grades rise.
    minority: float = 0.2
    training_days: float = 8.0  # mean days of training a year per directly employed worker
    # Share of directly employed staff who take the service's own practice course (COURSE_DAYS
    # days, once), within months of starting or of its launch at the start of the history.
    practice_course: float = 0.0
    appraisals: Trend = Trend(0.70, 0.87)  # share of appraisals due in the year completed
    supervision_days: float = 30.0  # mean days between a worker's supervision sessions
    exit_interviews: Trend = Trend(0.62, 0.72)  # share of leavers (exit known) interviewed
    internal_fill: float = 0.2  # share of hires in recruitment campaigns already employed
    conversions: float = 0.0  # agency workers made permanent ÷ directly employed starters
    asye_cohort: int = 0  # ASYE social workers starting a year (0: as the role mix gives)
    source: str = ""


def _teams(services: dict[str, tuple[str, ...]]) -> tuple[tuple[str, str], ...]:
    return tuple((team, service) for service, teams in services.items() for team in teams)


FRONTLINE = ("Front door", "Safeguarding", "Children in care")
CHILDRENS_ROLES = (
    Role("Head of Service", "M1", 1, 0.02, 0.005, 0.8, 0.0, ("Directorate",)),
    Role("Service Manager", "M3", 2, 0.05, 0.02, 0.9, 0.0, ("Directorate",)),
    Role("Team Manager", "PO8", 3, 0.10, 0.08, 1.0, 0.1, FRONTLINE),
    Role("Advanced Practitioner", "PO6", 4, 0.12, 0.10, 1.0, 0.7, FRONTLINE),
    Role("Social Worker", "PO4", 5, 0.49, 0.76, 1.0, 1.0, FRONTLINE),
    Role("ASYE Social Worker", "PO2", 5, 0.08, 0.0, 1.0, 0.6, FRONTLINE),
    Role("Independent Reviewing Officer", "PO7", 6, 0.09, 0.035, 1.0, 0.0,
         ("Quality assurance",)),
    Role("Practice Educator", "PO5", 6, 0.05, 0.0, 1.0, 0.0, ("Quality assurance",)),
)
ASSESSMENT = "Assessment and care management"
ADULTS_ROLES = (
    Role("Head of Service", "M1", 1, 0.01, 0.0, 0.5, 0.0, ("Directorate",)),
    Role("Service Manager", "M3", 2, 0.03, 0.01, 0.5, 0.0, ("Directorate",)),
    Role("Team Manager", "PO7", 3, 0.05, 0.04, 0.7, 0.0, (ASSESSMENT, "Occupational therapy")),
    Role("Registered Manager", "PO3", 3, 0.02, 0.01, 0.0, 0.0, ("Provider services",)),
    Role("Senior Practitioner", "PO5", 4, 0.05, 0.05, 1.0, 0.6, (ASSESSMENT,)),
    Role("Social Worker", "PO2", 5, 0.16, 0.40, 1.0, 1.0, (ASSESSMENT,)),
    Role("Occupational Therapist", "PO2", 5, 0.07, 0.20, 0.0, 1.0,
         ("Occupational therapy", ASSESSMENT)),
    Role("Care Worker", "SC4", 6, 0.30, 0.20, 0.0, 0.0, ("Provider services",)),
    Role("Support Worker", "SC5", 6, 0.16, 0.05, 0.0, 0.0, ("Provider services",)),
    Role("Assessment Officer", "SO1", 6, 0.06, 0.03, 0.0, 0.0, (ASSESSMENT,)),
    Role("Financial Assessment Officer", "SO1", 6, 0.05, 0.01, 0.0, 0.0, ("Business support",)),
    Role("Commissioning Officer", "PO1", 6, 0.04, 0.0, 0.0, 0.0, ("Business support",)),
)

PROFILES: dict[str, Profile] = {p.id: p for p in (
    Profile(
        id="lambeth_childrens", name="Lambeth children's social care", staff=480,
        agency=Trend(0.38, 0.355), vacancy=Trend(0.21, 0.18), turnover=Trend(0.23, 0.20),
        sickness_days=Trend(8.9, 8.2), caseload=16.0, roles=CHILDRENS_ROLES,
        teams=_teams({
            "Directorate": ("Leadership",),
            "Front door": ("MASH", "Child Assessment Team 1", "Child Assessment Team 2"),
            "Safeguarding": ("FSCP 1", "FSCP 2", "FSCP 3", "FSCP 4", "Disabled Children",
                             "Court Progression"),
            "Children in care": ("Children Looked After 1", "Children Looked After 2",
                                 "Leaving Care", "Fostering", "Adoption"),
            "Quality assurance": ("Independent Reviewing", "Practice Development"),
        }),
        minority=0.50, training_days=19.0, practice_course=0.80, appraisals=Trend(0.70, 0.87),
        internal_fill=0.32, conversions=0.07, asye_cohort=17,
        source="about 480 staff including agency workers; over 170 agency staff; turnover "
               "about 22%; average caseload 16.9, aiming for 15"),
    Profile(
        id="cambridgeshire", name="Cambridgeshire children's social care", staff=115,
        agency=Trend(0.43, 0.40), vacancy=Trend(0.30, 0.26), turnover=Trend(0.15, 0.12),
        sickness_days=Trend(9.6, 9.0), caseload=18.0, roles=CHILDRENS_ROLES,
        teams=_teams({
            "Directorate": ("Leadership",),
            "Front door": ("Fenland and East Assessment", "Cambridge and South Assessment",
                           "Huntingdonshire Assessment"),
            "Safeguarding": ("Family Safeguarding North", "Family Safeguarding South",
                             "Disabled Children"),
            "Children in care": ("Corporate Parenting", "Leaving Care", "Fostering"),
            "Quality assurance": ("Independent Reviewing",),
        }),
        agency_turnover=0.5, agency_cover=0.85, minority=0.14, practice_course=0.5,
        conversions=0.10,
        source="social worker establishment 120: 56% filled by permanent staff, 40% by agency "
               "workers, 26% unfilled"),
    Profile(
        id="peterborough", name="Peterborough children's social care", staff=55,
        agency=Trend(0.08, 0.06), vacancy=Trend(0.11, 0.09), turnover=Trend(0.13, 0.10),
        sickness_days=Trend(8.4, 7.8), caseload=16.0, roles=CHILDRENS_ROLES,
        teams=_teams({
            "Directorate": ("Leadership",),
            "Front door": ("Referral and Assessment",),
            "Safeguarding": ("Family Safeguarding 1", "Family Safeguarding 2"),
            "Children in care": ("Children in Care", "Leaving Care"),
            "Quality assurance": ("Independent Reviewing",),
        }),
        agency_cover=0.5, minority=0.24, practice_course=0.5, conversions=0.07,
        source="social worker establishment 64: 80% filled by permanent staff, 6% by agency "
               "workers, 9% unfilled"),
    Profile(
        id="camden_childrens", name="Camden children's social work", staff=200,
        agency=Trend(0.24, 0.20), vacancy=Trend(0.17, 0.14), turnover=Trend(0.16, 0.19),
        sickness_days=Trend(7.4, 7.9), caseload=13.5, roles=CHILDRENS_ROLES,
        teams=_teams({
            "Directorate": ("Leadership",),
            "Front door": ("MASH", "Assessment"),
            "Safeguarding": ("Child in Need 1", "Child in Need 2", "Child Protection",
                             "Adolescent Safeguarding", "Children's Disability Service"),
            "Children in care": ("Looked After Children", "Leaving Care",
                                 "Fostering and Adoption"),
            "Quality assurance": ("Independent Reviewing", "Practice Development"),
        }),
        minority=0.42, training_days=16.0, practice_course=0.5, conversions=0.07,
        source="a children's social work service of about 200, agency about 20%, turnover "
               "about 19%"),
    Profile(
        id="camden_asc", name="Camden adult social care", staff=600,
        agency=Trend(0.10, 0.08), vacancy=Trend(0.14, 0.12), turnover=Trend(0.17, 0.15),
        sickness_days=Trend(10.4, 9.5), caseload=20.0, roles=ADULTS_ROLES, method="sfc",
        teams=_teams({
            "Directorate": ("Leadership",),
            ASSESSMENT: ("Assessment North", "Assessment South", "Hospital Discharge",
                         "Safeguarding Adults", "Learning Disabilities", "Mental Health"),
            "Occupational therapy": ("Occupational Therapy", "Sensory and Equipment"),
            "Provider services": ("Reablement", "Day Opportunities", "Supported Living",
                                  "Extra Care"),
            "Business support": ("Financial Assessment", "Commissioning"),
        }),
        part_time=0.25, bank=0.04, agency_turnover=0.8, agency_cover=0.5, minority=0.55,
        training_days=6.0, conversions=0.07,
        source="about 600 staff, mostly care and support workers, occupational therapists and "
               "social workers; 9.5 average sickness days per staff member"),
)}
DEFAULT = PROFILES["lambeth_childrens"]

DIRECT, AGENCY, BANK = 0, 1, 2
EMPLOYMENT = {
    DIRECT: (("permanent", 0.86), ("fixed_term", 0.10), ("temporary", 0.04)),
    AGENCY: (("agency", 0.9), ("self_employed", 0.1)),
    BANK: (("bank", 0.7), ("casual", 0.3)),
}
REASONS = (("resignation", 0.64), ("retirement", 0.09), ("end_of_contract", 0.06),
           ("internal_move", 0.07), ("dismissal", 0.03), ("redundancy_voluntary", 0.02),
           ("other", 0.06), ("unknown", 0.03))
INTERNAL_MOVE = dict(REASONS)["internal_move"]
PART_TIME = np.array([0.9, 0.8, 0.8, 0.7, 0.6, 0.6, 0.5, 0.4])
LEAD_IN = 183  # days of absences drawn before the span, for those running into it
MEAN_SICKNESS = 7.3  # working days of a sickness spell (see _working_lengths)
# Other absences, a share of sickness spells: reason, share, working days (low, high).
OTHER_ABSENCES = (("training", 0.45, (1, 3)), ("other", 0.30, (1, 3)), ("unpaid", 0.12, (1, 10)),
                  ("public_duties", 0.05, (2, 10)), ("maternity_paternity", 0.08, (90, 200)))
WORKERS_COLUMNS = ("worker_id", "employment_type", "fte", "start_date", "end_date",
                   "leaving_reason", "role", "org_role", "qualified_social_worker", "team",
                   "service", "grade", "cases", "start_origin", "ethnicity", "disability",
                   "exit_interview")
TRAINING_COLUMNS = ("worker_id", "date", "days", "hours", "course")
APPRAISALS_COLUMNS = ("worker_id", "due_date", "completed_date", "development_plan")
SUPERVISION_COLUMNS = ("worker_id", "date", "kind")
RECRUITMENT_COLUMNS = ("vacancy_id", "advertised_date", "role", "team", "service",
                       "applications", "shortlisted", "interviewed", "offers", "hires",
                       "internal_hires")

# Equality monitoring, in the census's wording. A person's group is drawn first (minority or
# White, by the profile's share), then the label within it; some decline, some are not recorded.
WHITE = (("White British", 0.78), ("White Irish", 0.05), ("Any other White background", 0.17))
MINORITY = (("Black African", 0.25), ("Black Caribbean", 0.16),
            ("Any other Black background", 0.04), ("Asian Indian", 0.12),
            ("Asian Pakistani", 0.07), ("Asian Bangladeshi", 0.06), ("Chinese", 0.03),
            ("Any other Asian background", 0.05), ("Mixed White and Black Caribbean", 0.07),
            ("Mixed White and Black African", 0.03), ("Mixed White and Asian", 0.04),
            ("Any other ethnic group", 0.08))
DECLINED, NOT_RECORDED = 0.03, 0.04  # ethnicity "Prefer not to say", and blank
MANAGER_DIVERSITY = 2 / 3  # minority share among managers (org_role 1-3) ÷ the profile's
DISABILITY = (("Yes", 0.08), ("No", 0.83), ("Prefer not to say", 0.03), ("", 0.06))
EXIT_NOT_RECORDED = 0.10  # leavers whose exit interview is left blank

# Training: sessions of these lengths in days, a few recorded in hours instead (as some
# learning systems do); new starters have an induction, children's services their practice
# course. Titles are generic, as any council's catalogue has them.
SESSION_DAYS = ((0.5, 0.25), (1.0, 0.40), (2.0, 0.20), (3.0, 0.10), (5.0, 0.05))
IN_HOURS = 0.18  # share of sessions of up to two days recorded in hours
HOURS = {0.5: (3.5,), 1.0: (7.0, 7.4), 2.0: (14.0,)}
INTENSITY_SHAPE = 10.0  # spread of training days between people (gamma shape)
# Induction of those new to the council: course, days, within so many days of starting.
INDUCTION = (("Corporate induction", 1.0, 30), ("Service induction", 2.0, 60),
             ("Case recording system", 1.0, 30))
PRACTICE_COURSE, COURSE_DAYS = "Children at the Heart of Practice", 2.0
CHILDRENS_COURSES = ("Safeguarding children", "Child protection conferences", "Court skills",
                     "Direct work with children", "Domestic abuse", "Working with neglect",
                     "Contextual safeguarding", "Trauma-informed practice",
                     "Motivational interviewing", "Recording and case notes",
                     "Supervision skills", "Equality, diversity and inclusion",
                     "Data protection", "Health and safety")
ADULTS_COURSES = ("Safeguarding adults", "Mental Capacity Act", "Care Act assessments",
                  "Strengths-based practice", "Moving and handling", "Medication awareness",
                  "First aid", "Infection prevention and control", "Dementia awareness",
                  "Supervision skills", "Equality, diversity and inclusion", "Data protection",
                  "Health and safety")
APPRAISAL_LEAD = 61  # days after the reference date for which appraisals due are listed
DEVELOPMENT_PLAN = 0.9  # completed appraisals with a development plan agreed
LAPSED_SUPERVISION = 0.08  # workers whose supervision is seen to half as often as it should be
GROUP_SUPERVISION = 0.2  # sessions that are group supervision

# Recruitment: a campaign fills one to three posts or none; the stages of its funnel become
# known these many days after the post is advertised (applications as they arrive).
CAMPAIGN_HIRES = ((1, 0.75), (2, 0.18), (3, 0.07))
FAILED_CAMPAIGNS = 0.15  # campaigns appointing nobody, per campaign that appoints
CLOSES, SHORTLIST, INTERVIEWS, OFFER, ACCEPT = 21, 28, 42, 7, 14


@dataclass
class _History:
    """Every spell, absence and vacancy row of the simulated span, dates as days since 1970."""

    profile: Profile
    seed: int
    start: np.ndarray
    end: np.ndarray  # OPEN when still in post at the last date
    group: np.ndarray  # DIRECT, AGENCY or BANK
    employment: np.ndarray
    role: np.ndarray
    team: np.ndarray
    fte: np.ndarray  # NaN when unknown
    reason: np.ndarray
    qualified: np.ndarray
    origin: np.ndarray
    load: np.ndarray  # case-holding weight: the role's caseload times FTE, with some spread
    ids: np.ndarray
    absences: pd.DataFrame  # spell, start, end (days), reason
    vacancies: pd.DataFrame  # canonical vacancy rows, text cells
    # Worker numbers as first drawn (before conversions joined some to an agency worker's):
    # the per-extract draws of cases follow them, so that conversions leave cases as they were.
    drawn_ids: np.ndarray = field(default_factory=lambda: np.empty(0, dtype=np.int64))
    ethnicity: np.ndarray = field(default_factory=lambda: np.empty(0, dtype=object))
    disability: np.ndarray = field(default_factory=lambda: np.empty(0, dtype=object))
    exit_interview: np.ndarray = field(default_factory=lambda: np.empty(0, dtype=object))
    training: pd.DataFrame = field(default_factory=pd.DataFrame)  # spell, date, days, hours,
    # course (days and hours NaN when not given)
    appraisals: pd.DataFrame = field(default_factory=pd.DataFrame)  # spell, due, completed
    # (a day, or -1 when never completed), plan
    recruitment: pd.DataFrame = field(default_factory=pd.DataFrame)  # one row per campaign
    supervision: pd.DataFrame = field(default_factory=pd.DataFrame)  # spell, date, kind


# --------------------------------------------------------------------------- public API

def profile(council: str | Profile) -> Profile:
    """A council's profile by id (see :data:`PROFILES`), or the profile given."""
    if isinstance(council, Profile):
        return council
    try:
        return PROFILES[council]
    except KeyError:
        raise ValueError(f"unknown council {council!r} (choose one of: "
                         f"{', '.join(PROFILES)})") from None


def generate(workers: int | None = None, *, council: str | Profile = DEFAULT,
             as_at: dt.date = AS_AT, seed: int = 1) -> dict[str, pd.DataFrame]:
    """Canonical ``workers``, ``vacancies``, ``absences``, ``training``, ``appraisals`` and
    ``recruitment`` frames at ``as_at``, as text cells.

    The workers table holds every spell active in the 24 months ending at ``as_at`` plus those
    still open. ``workers``, when given, is the exact number of worker rows wanted: the council's
    size is scaled to it (for benchmarks); otherwise the profile's size is used.
    """
    chosen = profile(council)
    if workers is not None:
        if workers < 1:
            raise ValueError(f"workers must be at least 1, got {workers}")
        chosen = replace(chosen, staff=max(1, round(workers / _rows_per_person(chosen))))
    history = _simulate(chosen, as_at, as_at, seed, rows=workers)
    return _extract(history, as_at)


def extracts(council: str | Profile, *, as_at: dt.date = AS_AT, months: int = 1,
             seed: int = 1) -> dict[dt.date, dict[str, pd.DataFrame]]:
    """One extract per month-end for the ``months`` month-ends ending at ``as_at``, oldest first.

    The extracts are cut from one history: the same people and spells throughout, each extract
    knowing only what had happened by its month-end. With ``months`` = 1, ``as_at`` may be any
    day and the one extract is :func:`generate`'s.
    """
    chosen = profile(council)
    if months < 1:
        raise ValueError(f"months must be at least 1, got {months}")
    if months > 1 and not is_month_end(as_at):
        raise ValueError(f"{as_at.isoformat()} is not a month-end; with more than one month "
                         "the extracts are at month-ends")
    days = month_ends(as_at, months)
    history = _simulate(chosen, days[0], as_at, seed)
    return {day: _extract(history, day) for day in days}


def is_month_end(day: dt.date) -> bool:
    return (day + dt.timedelta(days=1)).day == 1


def month_ends(last: dt.date, months: int) -> list[dt.date]:
    """The ``months`` month-ends ending at ``last`` (itself included), oldest first."""
    days = [last]
    for _ in range(months - 1):
        days.append(days[-1].replace(day=1) - dt.timedelta(days=1))
    return days[::-1]


def write(out: Path, tables: dict[str, pd.DataFrame]) -> list[Path]:
    """Write each table as ``<table>.csv`` (UTF-8, comma, LF line ends)."""
    out.mkdir(parents=True, exist_ok=True)
    paths = []
    for name, frame in tables.items():
        path = out / f"{name}.csv"
        frame.to_csv(path, index=False, lineterminator="\n")
        paths.append(path)
    return paths


def summary(tables: dict[str, pd.DataFrame]) -> str:
    """A one-line account of an extract: rows, people in post, agency, vacancies, absences."""
    workers = tables["workers"]
    open_ = workers[workers["end_date"] == ""]
    agency = open_["employment_type"].isin(["agency", "self_employed"])
    vacancies = tables["vacancies"]
    as_at = vacancies["as_at"].max() if len(vacancies) else ""
    now = vacancies[vacancies["as_at"] == as_at]["vacancy_fte"].astype(float).sum()
    return (f"{len(workers)} worker spells ({open_['worker_id'].nunique()} people in post, "
            f"{open_.loc[agency, 'worker_id'].nunique()} of them agency), {now:g} vacant FTE, "
            f"{len(tables['absences'])} absence spells")


# --------------------------------------------------------------------------- simulation

def _day(day: dt.date) -> int:
    return (day - EPOCH).days


def _date(day: int) -> dt.date:
    return EPOCH + dt.timedelta(days=day)


def _previous(day: dt.date) -> dt.date:
    """The reference date a year earlier, as the scorecard compares: the day before the window
    opens (29 February 2024 for 28 February 2025, 28 February 2023 for 29 February 2024)."""
    return Period(day).opening


def _history_start(day: dt.date) -> dt.date:
    """First day of the 24 months ending at ``day``."""
    return year_before(Period(day).start)


def _year_ends(first: int, last: dt.date) -> np.ndarray:
    """Reference dates a year apart back from ``last`` until one falls before day ``first``."""
    ends = [last]
    while _day(ends[-1]) >= first:
        ends.append(Period(ends[-1]).opening)
    return np.array([_day(d) for d in ends])


def _level(trend: Trend, days: np.ndarray, ends: np.ndarray) -> np.ndarray:
    """A stock figure (a share in post): last year's at a year back, this year's now, linear
    between, last year's before."""
    frac = np.clip((days - ends[1]) / (ends[0] - ends[1]), 0.0, 1.0)
    return trend.last_year + (trend.this_year - trend.last_year) * frac


def _rate(trend: Trend, days: np.ndarray, ends: np.ndarray) -> np.ndarray:
    """A flow figure (turnover, sickness): this year's inside the last year, last year's before."""
    return np.where(days > ends[1], trend.this_year, trend.last_year)


def _pick(rng: np.random.Generator, options: tuple[tuple[str, float], ...], n: int) -> np.ndarray:
    names, weights = zip(*options, strict=True)
    p = np.array(weights) / sum(weights)
    return np.array(names, dtype=object)[rng.choice(len(names), size=n, p=p)]


@dataclass(frozen=True)
class _Group:
    kind: int
    now: int  # spells open at the last date
    share: Trend  # share of `staff` in post, over time
    turnover: Trend
    tenure_years: float  # mean tenure of a spell in post long before the span


def _groups(p: Profile) -> list[_Group]:
    agency_now = round(p.staff * p.agency.this_year)
    turnover = p.turnover
    if p.method == "sfc":  # Skills for Care leaves internal moves out: more leave in all
        turnover = Trend(*(t / (1 - INTERNAL_MOVE) for t in turnover))
    return [
        _Group(DIRECT, p.staff - agency_now, Trend(1 - p.agency.last_year, 1 - p.agency.this_year),
               turnover, 1 / max(turnover.last_year, 0.05)),
        _Group(AGENCY, agency_now, p.agency, Trend(p.agency_turnover, p.agency_turnover),
               1 / p.agency_turnover),
        _Group(BANK, round(p.staff * p.bank), Trend(p.bank, p.bank), Trend(0.35, 0.35), 3.0),
    ]


def _rows_per_person(p: Profile) -> float:
    """Worker rows of a 24-month extract per person in post (a first guess for scaling)."""
    rows = 0.0
    for g in _groups(p):
        rows += g.now * (1 + g.turnover.last_year + g.turnover.this_year)
    return max(rows / max(p.staff, 1), 1.0)


def _leaver_days(rng: np.random.Generator, g: _Group, n_at: np.ndarray, grid: np.ndarray,
                 ends: np.ndarray) -> np.ndarray:
    """Days on which spells of group ``g`` end: turnover × in post at the year's end per year,
    spread over the months so that any twelve months hold their share to within one."""
    block = np.searchsorted(-ends, -grid)  # grid day d lies in (ends[block], ends[block - 1]]
    length = ends[block - 1] - ends[block]
    per_day = _rate(g.turnover, grid, ends) * n_at[block - 1] / length
    months = max(1, round(len(grid) / 30.44))
    edges = np.round(np.linspace(0, len(grid), months + 1)).astype(np.int64)
    cumulative = np.concatenate([[0.0], np.cumsum(per_day)])[edges]
    counts = np.diff(np.floor(cumulative + rng.random())).astype(np.int64)
    lows = np.repeat(edges[:-1], counts)
    spans = np.repeat(np.diff(edges), counts)
    return grid[lows + (rng.random(lows.size) * spans).astype(np.int64)]


def _tenure(rng: np.random.Generator, g: _Group, n: int) -> np.ndarray:
    """Days in post of leavers: agency spells are short; a third of employees leave early."""
    if g.kind == AGENCY:
        years = rng.exponential(1 / max(g.turnover.this_year, 0.05), n)
    else:
        early = rng.random(n) < 0.35
        years = np.where(early, rng.exponential(0.9, n), rng.exponential(g.tenure_years, n))
    return np.clip(np.round(years * 365.25), 7, 40 * 365).astype(np.int64)


def _group_spells(rng: np.random.Generator, g: _Group, grid: np.ndarray,
                  ends: np.ndarray, extra_leavers: int) -> tuple[np.ndarray, np.ndarray]:
    """Start and end days of one group's spells: leavers first, then a stock that keeps the
    number in post on the profile's path and ends at ``g.now`` open spells."""
    path = _level(g.share, grid, ends)
    target = g.now * path / max(path[-1], 1e-9)  # people in post on each day of the grid
    n_at = g.now * _level(g.share, ends, ends) / max(path[-1], 1e-9)
    end = _leaver_days(rng, g, n_at, grid, ends)
    if extra_leavers > 0:  # exact row counts: a few more leavers in the oldest months
        end = np.concatenate([end, grid[rng.integers(0, min(len(grid), 92), extra_leavers)]])
    elif extra_leavers < 0:
        end = np.sort(end)[-extra_leavers:]
    start = end - _tenure(rng, g, end.size)
    # Leavers in post on each grid day (start <= d < end), then the stock that tops them up.
    first = grid[0]
    steps = np.zeros(grid.size + 1, dtype=np.int64)
    np.add.at(steps, np.clip(start - first, 0, grid.size), 1)
    np.add.at(steps, np.clip(end - first, 0, grid.size), -1)
    leavers_in_post = np.cumsum(steps)[:-1]
    stock = np.round(target - leavers_in_post).astype(np.int64)
    stock = np.minimum(np.maximum.accumulate(np.maximum(stock, 0)), g.now)
    stock[-1] = g.now
    before = int(stock[0])
    old = first - np.clip(np.round(rng.exponential(g.tenure_years * 365.25, before)), 0,
                          40 * 365).astype(np.int64)
    new = np.repeat(grid[1:], np.diff(stock))
    start = np.concatenate([start, old, new])
    end = np.concatenate([end, np.full(before + new.size, OPEN, dtype=np.int64)])
    return start, end


def _simulate(p: Profile, first_as_at: dt.date, last_as_at: dt.date, seed: int,
              rows: int | None = None) -> _History:
    """Spells, absences and vacancies covering the 24 months before ``first_as_at`` to
    ``last_as_at``; ``rows`` makes the number of spells exact."""
    first, last = _day(_history_start(first_as_at)), _day(last_as_at)
    grid = np.arange(first, last + 1, dtype=np.int64)
    ends = _year_ends(first, last_as_at)
    groups = _groups(p)

    def stream(*part: int) -> np.random.Generator:
        return np.random.default_rng([seed, last, *part])

    extra = 0
    if rows is not None:  # the number of spells is settled before any is drawn
        spells = sum(_group_spells(stream(1, g.kind), g, grid, ends, 0)[0].size
                     for g in groups)
        extra = rows - spells
    starts, finishes, kinds = [], [], []
    for g in groups:
        start, end = _group_spells(stream(1, g.kind), g, grid, ends,
                                   extra if g.kind == DIRECT else 0)
        starts.append(start)
        finishes.append(end)
        kinds.append(np.full(start.size, g.kind, dtype=np.int8))
    start, end, group = np.concatenate(starts), np.concatenate(finishes), np.concatenate(kinds)
    n = start.size
    rng = stream(2)

    employment = np.empty(n, dtype=object)
    role = np.zeros(n, dtype=np.int64)
    fte = np.ones(n)
    shares = np.array([r.share for r in p.roles])
    weights = {DIRECT: shares, AGENCY: np.array([r.agency_share for r in p.roles]),
               BANK: shares * np.array([r.org_role >= 5 for r in p.roles])}
    for kind, options in EMPLOYMENT.items():
        mask = group == kind
        k = int(mask.sum())
        employment[mask] = _pick(rng, options, k)
        w = weights[kind] if weights[kind].sum() > 0 else shares
        role[mask] = rng.choice(len(p.roles), size=k, p=w / w.sum())
        if kind == DIRECT:
            fte[mask] = np.where(rng.random(k) < p.part_time,
                                 PART_TIME[rng.integers(0, PART_TIME.size, k)], 1.0)
        elif kind == AGENCY:
            fte[mask] = np.where(rng.random(k) < 0.07, 0.8, 1.0)
        else:
            fte[mask] = rng.choice([0.2, 0.3, 0.4, 0.5], k)
    team_service = np.array([s for _, s in p.teams], dtype=object)
    team = np.zeros(n, dtype=np.int64)
    for i, r in enumerate(p.roles):
        eligible = np.flatnonzero(np.isin(team_service, r.services))
        if eligible.size == 0:
            eligible = np.arange(len(p.teams))
        mask = role == i
        team[mask] = eligible[rng.integers(0, eligible.size, int(mask.sum()))]
    qualified = rng.random(n) < np.array([r.qualified for r in p.roles])[role]
    origin = np.where((group == DIRECT) & (rng.random(n) < 0.1), "internal", "external")
    left = end != OPEN
    reason = np.where(left & (group != AGENCY), _pick(rng, REASONS, n), "").astype(object)
    contract = left & np.isin(employment, ["fixed_term", "temporary"]) & (rng.random(n) < 0.7)
    reason[contract] = "end_of_contract"
    spread = rng.lognormal(0.0, 0.2, n)
    # Worker numbers follow start dates, as payroll numbers do; about 2% of the people in post
    # hold a second post, which shares the number of their first.
    ids = np.empty(n, dtype=np.int64)
    ids[np.lexsort((rng.random(n), start))] = np.arange(1, n + 1)
    holders = np.flatnonzero((group == DIRECT) & ~left)
    pairs = rng.permutation(holders)[: 2 * (round(holders.size * 0.02))].reshape(2, -1)
    twins = (role[pairs[0]] == role[pairs[1]]) & (start[pairs[0]] == start[pairs[1]])
    pairs = pairs[:, ~twins]  # two posts of one person never look like one post twice
    ids[pairs[1]] = ids[pairs[0]]
    fte[pairs.ravel()] = 0.5
    _asye_cohort(stream(11), p, start, group, role, origin, grid, ends)
    load = np.array([r.caseload for r in p.roles])[role] * fte * spread
    fte[rng.random(n) < 0.01] = np.nan  # a few unknown FTEs, as real extracts have

    history = _History(p, seed, start, end, group, employment, role, team, fte, reason,
                       qualified, origin, load, ids, pd.DataFrame(), pd.DataFrame())
    history.absences = _absences(stream(3), history, grid, ends)
    dates = sorted({d for m in month_ends(last_as_at, _months_between(first_as_at, last_as_at))
                    for d in (_previous(m), m)})
    history.vacancies = _vacancies(stream(4), history, dates, ends)
    # What follows draws from streams of its own, so that the spells, absences and vacancies
    # above are the same whether or not it is there.
    history.drawn_ids = history.ids.copy()
    _conversions(stream(12), history, grid)
    history.ethnicity, history.disability = _equality(stream(13), history)
    history.exit_interview = _exit_interviews(stream(14), history, ends)
    history.training = _training(stream(15), history, grid)
    history.appraisals = _appraisals(stream(16), history, grid, ends)
    history.recruitment = _recruitment(stream(17), history, grid, ends)
    history.supervision = _supervision(stream(18), history, grid)
    return history


def _months_between(first: dt.date, last: dt.date) -> int:
    return (last.year - first.year) * 12 + last.month - first.month + 1


def _working_lengths(rng: np.random.Generator, n: int) -> np.ndarray:
    """Working days of sickness spells: mostly a few days, some weeks, a few long-term."""
    u = rng.random(n)
    return np.where(u < 0.80, rng.integers(1, 4, n),
                    np.where(u < 0.94, rng.integers(4, 16, n), rng.integers(16, 130, n)))


def _absences(rng: np.random.Generator, h: _History, grid: np.ndarray,
              ends: np.ndarray) -> pd.DataFrame:
    """Sickness of directly employed staff, at the profile's days per person in post in each
    year, and other absences; no two absences of one person overlap.

    Candidate spells are drawn in proportion to time in post; sickness spells are then kept, in
    the order drawn, until each year's working days reach the profile's figure."""
    direct = np.flatnonzero(h.group == DIRECT)
    first_day, last_day = h.start[direct], np.minimum(h.end[direct], grid[-1])
    calendar = bank_holiday_calendar(np.datetime64(int(grid[0]) - 400, "D"),
                                     np.datetime64(int(grid[-1]) + 800, "D"))
    # Start half a year early, so that absences running into the span are there too.
    begins = int(grid[0]) - LEAD_IN
    ends = _year_ends(begins, _date(int(ends[0])))
    targets = np.zeros(2 * ends.size)
    parts: list[tuple[np.ndarray, ...]] = []
    other = np.array([o[0] for o in OTHER_ABSENCES], dtype=object)
    lows = np.array([o[2][0] for o in OTHER_ABSENCES])
    highs = np.array([o[2][1] for o in OTHER_ABSENCES])
    for b in range(1, ends.size):  # year b runs from ends[b] (excluded) to ends[b - 1]
        low, high = max(ends[b] + 1, begins), ends[b - 1]
        year = ends[b - 1] - ends[b]
        a, z = np.maximum(first_day, low), np.minimum(last_day, high)
        exposure = np.clip(z - a + 1, 0, None).astype(float)
        in_post = (h.start[direct] <= high) & (h.end[direct] > high)
        rate = h.profile.sickness_days.this_year if b == 1 else h.profile.sickness_days.last_year
        # Those in post at the year's end lose `rate` days each (whatever part of the year they
        # worked, as the per-person figures count); the others, in proportion to their time.
        for stratum, members in ((0, in_post), (1, ~in_post)):
            chosen = np.flatnonzero(members & (exposure > 0))
            weight = exposure[chosen]
            if weight.sum() == 0:
                continue
            label = 2 * b + stratum
            people = _people(h.ids[direct][members])  # a second post is one person
            share = people * (high - low + 1) / year if stratum == 0 else weight.sum() / year
            targets[label] = rate * share
            spare = 1.4 if high - low + 1 >= year else 2.0  # a part year keeps fewer days
            k = int(np.ceil(spare * targets[label] / MEAN_SICKNESS)) + 20
            m = k // 5  # other absences: training, leave and the like
            pick = chosen[rng.choice(chosen.size, size=k + m, p=weight / weight.sum())]
            kinds = rng.choice(len(OTHER_ABSENCES), size=m, p=[o[1] for o in OTHER_ABSENCES])
            length = np.concatenate([
                _working_lengths(rng, k),
                lows[kinds] + (rng.random(m) * (highs - lows + 1)[kinds]).astype(np.int64)])
            reason = np.concatenate([np.full(k, "sickness", dtype=object), other[kinds]])
            first = a[pick] + (rng.random(k + m) * exposure[pick]).astype(np.int64)
            parts.append((pick, first, length, reason,
                          np.r_[np.full(k, label), np.zeros(m, dtype=np.int64)]))
    if not parts:
        return pd.DataFrame({"spell": [], "start": [], "end": [], "reason": []})
    pick, first, length, reason, block = (np.concatenate(x) for x in zip(*parts, strict=True))
    # label: 2 * year + stratum for sickness spells, 0 for other absences
    begin = np.busday_offset(first.astype("datetime64[D]"), 0, roll="forward",
                             busdaycal=calendar)
    start = begin.astype(np.int64)
    end = np.busday_offset(begin, length - 1, busdaycal=calendar).astype(np.int64)
    spell_end = h.end[direct][pick]
    end = np.minimum(end, spell_end)  # a leaver's absence stops with the spell
    keep = start <= spell_end
    who = h.ids[direct][pick]
    order = np.argsort(who * 2**25 + start, kind="stable")
    order = order[keep[order]]
    # Drop an absence that starts before an earlier one of the same person has ended.
    key = who[order] * 2**25 + end[order]
    reach = np.maximum.accumulate(key)
    clash = np.r_[False, (who[order][1:] == who[order][:-1])
                  & (reach[:-1] - who[order][1:] * 2**25 >= start[order][1:])]
    order = np.sort(order[~clash])  # back to the random order the spells were drawn in
    # Keep sickness spells, in that order, until each year's working days reach its target,
    # oldest year first so that days running on from the year before count toward it.
    start, end, pick, label = start[order], end[order], pick[order], block[order]
    reason = reason[order]
    sick = label > 0
    kept = ~sick
    for b in range(ends.size - 1, 0, -1):
        low, high = max(ends[b] + 1, begins), ends[b - 1]
        inside = np.zeros(start.size, dtype=np.int64)
        near = np.flatnonzero(sick & (label >= 2 * b) & (end >= low))
        inside[near] = np.busday_count(np.maximum(start[near], low).astype("datetime64[D]"),
                                       (np.minimum(end[near], high) + 1).astype("datetime64[D]"),
                                       busdaycal=calendar).clip(0)
        after = np.zeros(start.size, dtype=np.int64)
        if b == ends.size - 1:
            late = np.flatnonzero(sick & (end > high))
            after[late] = np.busday_count(np.maximum(start[late], high + 1).astype(
                "datetime64[D]"), (end[late] + 1).astype("datetime64[D]"), busdaycal=calendar)
        in_post = (h.start[direct] <= high) & (h.end[direct] > high)
        for stratum in (0, 1):
            members = in_post[pick] == (stratum == 0)
            mine = np.flatnonzero(label == 2 * b + stratum)
            if b == ends.size - 1:
                # The oldest year has nothing running into it: allow for what would have, as
                # much as runs on out of it.
                need = targets[2 * b + stratum]
                need -= after[_fill(mine, inside[mine], need)].sum()
            else:
                earlier = kept & sick & members & (label > 2 * b + 1)
                need = targets[2 * b + stratum] - inside[earlier].sum()
            kept[_fill(mine, inside[mine], need)] = True
    order = np.flatnonzero(kept)
    order = order[np.argsort(h.ids[direct][pick[order]] * 2**25 + start[order], kind="stable")]
    return pd.DataFrame({"spell": direct[pick[order]], "start": start[order],
                         "end": end[order], "reason": reason[order]})


def _fill(candidates: np.ndarray, days: np.ndarray, need: float) -> np.ndarray:
    """The candidates kept, in their order, until their days reach ``need``; then short
    ones left over close the gap."""
    running = np.cumsum(days)
    take = running <= need
    short = ~take & (days <= 3)
    gap = need - days[take].sum()
    take[np.flatnonzero(short)[np.cumsum(days[short]) <= gap]] = True
    return candidates[take]


def _vacancies(rng: np.random.Generator, h: _History, dates: list[dt.date],
               ends: np.ndarray) -> pd.DataFrame:
    """One row per team at each date: vacant FTE at the profile's rate (whole posts for sfc),
    spread over the teams by size, partly covered by agency workers."""
    p = h.profile
    fte = np.nan_to_num(h.fte)
    unit = 1.0 if p.method == "sfc" else 0.5
    rows = []
    for day in dates:
        d = _day(day)
        in_post = (h.start <= d) & (h.end > d)
        direct, agency = in_post & (h.group == DIRECT), in_post & (h.group == AGENCY)
        base = _people(h.ids[direct]) if p.method == "sfc" else fte[direct].sum()
        rate = float(_level(p.vacancy, np.array([d]), ends)[0])
        units = round(rate / (1 - rate) * base / unit)
        size = np.bincount(h.team[in_post], weights=fte[in_post], minlength=len(p.teams)) + 0.5
        vacant = rng.multinomial(units, size / size.sum()) * unit
        share = np.clip(rng.normal(p.agency_cover, 0.15, len(p.teams)), 0, 1)
        cover = np.floor(vacant * share / unit) * unit
        available = fte[agency].sum()
        if cover.sum() > available:
            cover = np.floor(cover * available / cover.sum() / unit) * unit
        for (team, service), v, c in zip(p.teams, vacant, cover, strict=True):
            rows.append((f"{v:g}", f"{c:g}", day.isoformat(), team, service))
    return pd.DataFrame(rows, columns=["vacancy_fte", "agency_cover_fte", "as_at", "team",
                                       "service"], dtype=object)


# ------------------------------------------- ASYEs, conversions, equality data and new tables

def _asye_cohort(rng: np.random.Generator, p: Profile, start: np.ndarray, group: np.ndarray,
                 role: np.ndarray, origin: np.ndarray, grid: np.ndarray,
                 ends: np.ndarray) -> None:
    """Make enough directly employed social worker starters of each year ASYEs (newly
    qualified, in their assessed first year) for the profile's yearly cohort."""
    titles = [r.title for r in p.roles]
    if not p.asye_cohort or "ASYE Social Worker" not in titles or "Social Worker" not in titles:
        return
    asye, worker = titles.index("ASYE Social Worker"), titles.index("Social Worker")
    for b in range(1, ends.size):
        low, high = max(ends[b] + 1, grid[0] + 1), ends[b - 1]
        if low > high:
            continue
        starters = (group == DIRECT) & (start >= low) & (start <= high)
        need = round(p.asye_cohort * (high - low + 1) / (ends[b - 1] - ends[b]))
        need -= int((starters & (role == asye)).sum())
        candidates = np.flatnonzero(starters & (role == worker) & (origin == "external"))
        if need > 0 and candidates.size:
            role[rng.permutation(candidates)[:need]] = asye


def _conversions(rng: np.random.Generator, h: _History, grid: np.ndarray) -> None:
    """Agency workers taken on permanently: some permanent starters in the history become the
    agency worker of the same role whose spell ended up to a month before they start (the
    permanent spell takes the agency worker's number and ``start_origin`` "agency")."""
    p = h.profile
    starters = np.flatnonzero((h.group == DIRECT) & (h.start > grid[0])
                              & (h.employment == "permanent") & (h.origin == "external")
                              & (np.bincount(h.ids)[h.ids] == 1))
    wanted = round(p.conversions * np.count_nonzero((h.group == DIRECT) & (h.start > grid[0])))
    agency = np.flatnonzero((h.group == AGENCY) & (h.end >= grid[0]) & (h.end != OPEN))
    used = np.zeros(h.start.size, dtype=bool)
    done = 0
    for i in rng.permutation(starters):
        if done >= wanted:
            break
        gap = h.start[i] - h.end[agency]
        fits = agency[(gap >= 1) & (gap <= 30) & (h.role[agency] == h.role[i]) & ~used[agency]]
        if (h.team[fits] == h.team[i]).any():  # staying in the team they worked in, if one
            fits = fits[h.team[fits] == h.team[i]]
        if fits.size:
            j = fits[rng.integers(0, fits.size)]
            used[j] = True
            h.ids[i] = h.ids[j]
            h.origin[i] = "agency"
            done += 1


def _first_spells(h: _History, mask: np.ndarray) -> np.ndarray:
    """The earliest spell of each person among the spells in ``mask``, for each spell in it
    (the spell itself when it is the person's only one)."""
    chosen = np.flatnonzero(mask)
    order = chosen[np.lexsort((h.start[chosen], h.ids[chosen]))]
    first = np.r_[True, h.ids[order][1:] != h.ids[order][:-1]]
    by_id = np.zeros(int(h.ids.max(initial=0)) + 1, dtype=np.int64)
    by_id[h.ids[order][first]] = order[first]
    return by_id[h.ids[chosen]]


def _equality(rng: np.random.Generator, h: _History) -> tuple[np.ndarray, np.ndarray]:
    """Ethnicity and disability of each spell: one answer per person, drawn for their first
    spell, with fewer people from minority ethnic groups in management posts."""
    p, n = h.profile, h.start.size
    shares = np.array([r.share for r in p.roles])
    manager = np.array([r.org_role <= 3 for r in p.roles])
    managers = shares[manager].sum() / shares.sum()
    high = MANAGER_DIVERSITY * p.minority
    low = (p.minority - managers * high) / (1 - managers)
    # Shares held within each group of spells (managers or not, by kind, open at the end or
    # not), so that even a small council's managers in post come out near their share.
    strata = (manager[h.role] * 3 + h.group) * 2 + (h.end == OPEN)
    minority = _spread(rng, np.where(manager[h.role], high, low), strata)
    ethnicity = np.where(minority, _pick(rng, MINORITY, n), _pick(rng, WHITE, n))
    u = rng.random(n)
    ethnicity[u < DECLINED] = "Prefer not to say"
    ethnicity[(u >= DECLINED) & (u < DECLINED + NOT_RECORDED)] = ""
    disability = _pick(rng, DISABILITY, n)
    first = _first_spells(h, np.ones(n, dtype=bool))
    return ethnicity[first].astype(object), disability[first].astype(object)


def _spread(rng: np.random.Generator, share: np.ndarray, strata: np.ndarray) -> np.ndarray:
    """Flags set at each element's ``share``, evenly within each stratum: in a random order,
    every run of the stratum holds its share to within one."""
    flags = np.zeros(share.size, dtype=bool)
    order = rng.permutation(share.size)
    for stratum in np.unique(strata):
        members = order[strata[order] == stratum]
        running = np.floor(np.cumsum(share[members]) + rng.random())
        flags[members] = np.diff(np.r_[0, running]) > 0
    return flags


def _exit_interviews(rng: np.random.Generator, h: _History, ends: np.ndarray) -> np.ndarray:
    """Whether directly employed leavers (not internal moves) had an exit interview: "yes" at
    the profile's rate for the year they left, "no", or not recorded."""
    n = h.start.size
    leaver = (h.group == DIRECT) & (h.end != OPEN) & (h.reason != "internal_move")
    held = rng.random(n) < _rate(h.profile.exit_interviews, h.end, ends)
    answer = np.where(held, "yes", "no").astype(object)
    answer[(rng.random(n) < EXIT_NOT_RECORDED) | ~leaver] = ""
    return answer


def _training(rng: np.random.Generator, h: _History, grid: np.ndarray) -> pd.DataFrame:
    """Training of the directly employed (one record set per person): sessions through the
    history at each person's own pace around the profile's days a year, an induction for new
    starters and, in children's services, the practice course."""
    p = h.profile
    direct = np.flatnonzero(h.group == DIRECT)
    spells = direct[_first_spells(h, h.group == DIRECT) == direct]
    first = np.maximum(h.start[spells], grid[0])
    last = np.minimum(h.end[spells] - 1, grid[-1])
    spells, first, last = (x[last >= first] for x in (spells, first, last))
    exposure = last - first + 1
    lengths, weights = (np.array(x) for x in zip(*SESSION_DAYS, strict=True))
    pace = p.training_days * rng.gamma(INTENSITY_SHAPE, 1 / INTENSITY_SHAPE, spells.size)
    count = rng.poisson(pace * exposure / 365.25 / (lengths @ weights))
    who = np.repeat(np.arange(spells.size), count)
    date = first[who] + (rng.random(who.size) * exposure[who]).astype(np.int64)
    days = lengths[rng.choice(lengths.size, size=who.size, p=weights)]
    courses = np.array(ADULTS_COURSES if p.method == "sfc" else CHILDRENS_COURSES, dtype=object)
    course = courses[rng.integers(0, courses.size, who.size)]
    parts = [(who, date, days, course)]
    # Induction, in the first weeks, for those new to the council.
    new = np.flatnonzero((h.start[spells] > grid[0]) & (h.origin[spells] != "internal"))
    for title, length, within in INDUCTION:
        when = h.start[spells][new] + rng.integers(0, within + 1, new.size)
        inducted = when <= last[new]
        parts.append((new[inducted], when[inducted], np.full(inducted.sum(), length),
                      np.full(inducted.sum(), title, dtype=object)))
    if p.practice_course > 0:
        takes = np.flatnonzero(rng.random(spells.size) < p.practice_course)
        when = first[takes] + 14 + rng.exponential(120, takes.size).astype(np.int64)
        takes, when = takes[when <= last[takes]], when[when <= last[takes]]
        parts.append((takes, when, np.full(takes.size, COURSE_DAYS),
                      np.full(takes.size, PRACTICE_COURSE, dtype=object)))
    who, date, days, course = (np.concatenate(x) for x in zip(*parts, strict=True))
    hours = np.full(who.size, np.nan)
    in_hours = (days <= 2) & (rng.random(who.size) < IN_HOURS)
    for length, options in HOURS.items():
        mine = np.flatnonzero(in_hours & (days == length))
        hours[mine] = np.array(options)[rng.integers(0, len(options), mine.size)]
    days = np.where(in_hours, np.nan, days)
    frame = pd.DataFrame({"spell": spells[who], "date": date, "days": days, "hours": hours,
                          "course": course})
    frame = frame.drop_duplicates(["spell", "date", "course"])
    return frame.sort_values(["spell", "date", "course"], kind="stable").reset_index(drop=True)


def _supervision(rng: np.random.Generator, h: _History, grid: np.ndarray) -> pd.DataFrame:
    """Supervision sessions of each directly employed spell, at its person's own interval around
    the profile's (some workers' supervision lapses to half as often), mostly one-to-one."""
    spells = np.flatnonzero(h.group == DIRECT)
    first = np.maximum(h.start[spells], grid[0])
    last = np.minimum(h.end[spells] - 1, grid[-1])
    spells, first, last = (x[last >= first] for x in (spells, first, last))
    gap = h.profile.supervision_days * rng.gamma(8.0, 1 / 8.0, spells.size)
    gap = np.where(rng.random(spells.size) < LAPSED_SUPERVISION, gap * 2, gap)
    count = np.floor((last - first + 1) / gap).astype(np.int64) + 1
    who = np.repeat(np.arange(spells.size), count)
    step = np.arange(who.size) - np.repeat(np.cumsum(count) - count, count)
    offset = rng.random(spells.size) * gap  # the first session falls anywhere in a gap
    date = (first[who] + offset[who] + step * gap[who]
            + rng.integers(-3, 4, who.size)).astype(np.int64)
    keep = (date >= first[who]) & (date <= last[who])
    kind = np.where(rng.random(who.size) < GROUP_SUPERVISION, "group", "one-to-one")
    frame = pd.DataFrame({"spell": spells[who][keep], "date": date[keep],
                          "kind": kind[keep].astype(object)})
    frame = frame.drop_duplicates(["spell", "date", "kind"])
    return frame.sort_values(["spell", "date", "kind"], kind="stable").reset_index(drop=True)


def _anniversary(days: np.ndarray, years: np.ndarray) -> np.ndarray:
    """The day ``years`` years after each day (28 February for 29 February)."""
    d = days.astype("datetime64[D]")
    month = d.astype("datetime64[M]")
    year = month.astype("datetime64[Y]").astype(np.int64) + years
    month_no = (month - month.astype("datetime64[Y]")).astype(np.int64)
    day = (d - month).astype(np.int64)
    leap = (year % 4 == 0) & ((year % 100 != 0) | (year % 400 == 0))
    day = np.where((month_no == 1) & (day == 28) & ~leap, 27, day)
    first = (year * 12 + month_no).astype("datetime64[M]").astype("datetime64[D]")
    return (first + day).astype(np.int64)


def _appraisals(rng: np.random.Generator, h: _History, grid: np.ndarray,
                ends: np.ndarray) -> pd.DataFrame:
    """An appraisal a year per directly employed person, due on the anniversary of their start,
    completed around the due date at the profile's rate for its year, mostly with a
    development plan."""
    direct = np.flatnonzero(h.group == DIRECT)
    spells = direct[_first_spells(h, h.group == DIRECT) == direct]
    spells = spells[h.end[spells] > grid[0]]
    start = h.start[spells]
    first_year = np.maximum(1, (grid[0] - start) // 366)
    parts = []
    for extra in range(int((grid[-1] + APPRAISAL_LEAD - grid[0]) // 365) + 3):
        due = _anniversary(start, first_year + extra)
        keep = (due >= grid[0]) & (due <= grid[-1] + APPRAISAL_LEAD)
        parts.append((spells[keep], due[keep]))
    spell, due = (np.concatenate(x) for x in zip(*parts, strict=True))
    n = spell.size
    done = rng.random(n) < _rate(h.profile.appraisals, due, ends)
    completed = np.where(done, due + rng.integers(-21, 36, n), -1)
    plan = np.where(rng.random(n) < DEVELOPMENT_PLAN, "yes", "no").astype(object)
    frame = pd.DataFrame({"spell": spell, "due": due, "completed": completed, "plan": plan})
    return frame.sort_values(["spell", "due"], kind="stable").reset_index(drop=True)


def _recruitment(rng: np.random.Generator, h: _History, grid: np.ndarray,
                 ends: np.ndarray) -> pd.DataFrame:
    """Recruitment campaigns: in each year, as many appointments as there were directly
    employed starters, in campaigns for the roles and teams those starters joined, advertised
    through the year; each with its funnel of applications down to hires."""
    p = h.profile
    rows = []
    for b in range(1, ends.size):
        low, high = max(ends[b] + 1, grid[0] + 1), ends[b - 1]
        starters = np.flatnonzero((h.group == DIRECT) & (h.start >= low) & (h.start <= high))
        if low > high or starters.size == 0:
            continue
        sizes = np.array([s for s, _ in CAMPAIGN_HIRES])
        hires = sizes[rng.choice(sizes.size, size=starters.size,
                                 p=[w for _, w in CAMPAIGN_HIRES])]
        filled = np.cumsum(hires)
        hires = hires[: np.searchsorted(filled, starters.size) + 1]
        hires[-1] -= filled[hires.size - 1] - starters.size
        hires = np.r_[hires, np.zeros(rng.binomial(hires.size, FAILED_CAMPAIGNS), np.int64)]
        like = starters[rng.integers(0, starters.size, hires.size)]
        advertised = low + (rng.random(hires.size) * (high - low + 1)).astype(np.int64)
        rows.append((advertised, h.role[like], h.team[like], hires))
    if not rows:
        return pd.DataFrame(columns=["advertised", "role", "team", *RECRUITMENT_COLUMNS[5:],
                                     "interview"])
    advertised, role, team, hires = (np.concatenate(x) for x in zip(*rows, strict=True))
    n = hires.size
    offers = hires + rng.binomial(hires + 1, 0.2)
    ratio = rng.uniform(0.30, 0.42, n)
    interviewed = np.where(offers > 0, np.maximum(offers, np.round(offers / ratio)),
                           rng.integers(2, 6, n)).astype(np.int64)
    shortlisted = interviewed + rng.integers(0, 4, n)
    applications = shortlisted + np.round(shortlisted * rng.lognormal(np.log(2.5), 0.6, n))
    # Internal appointments spread evenly over the campaigns in the order advertised, so that
    # any year's share is the profile's to within one.
    order = np.argsort(advertised, kind="stable")
    filled = np.floor(np.cumsum(hires[order]) * p.internal_fill + rng.random())
    internal = np.empty(n, dtype=np.int64)
    internal[order] = np.diff(np.r_[0, filled])
    interview = advertised + INTERVIEWS + rng.integers(0, 15, n)
    order = np.lexsort((rng.random(n), advertised))
    frame = pd.DataFrame({"advertised": advertised, "role": role, "team": team,
                          "applications": applications.astype(np.int64),
                          "shortlisted": shortlisted, "interviewed": interviewed,
                          "offers": offers, "hires": hires, "internal_hires": internal,
                          "interview": interview})
    return frame.iloc[order].reset_index(drop=True)


def _people(ids: np.ndarray) -> int:
    """Distinct worker numbers (they run from 1 to the number of spells)."""
    seen = np.zeros(int(ids.max(initial=0)) + 1, dtype=bool)
    seen[ids] = True
    return int(seen.sum())


def _id_text(ids: np.ndarray) -> np.ndarray:
    """Worker numbers in the form of Social Work England numbers, SW0000042, so that a census
    return can be written from the sample extracts (none is a real registration)."""
    return np.char.add("SW", np.char.zfill(ids.astype(str), 7)).astype(object)


def _date_text(days: np.ndarray) -> np.ndarray:
    """ISO dates for day numbers, through a table of every day in their range."""
    if days.size == 0:
        return days.astype(object)
    low = int(days.min())
    table = np.datetime_as_string(np.arange(low, int(days.max()) + 1).astype("datetime64[D]"))
    return table.astype(object)[days - low]


def _extract(h: _History, as_at: dt.date) -> dict[str, pd.DataFrame]:
    """The extract at ``as_at``: spells active in the 24 months to it or still open, as known
    then (an end after ``as_at`` is not known yet), with cases held at ``as_at``."""
    p, d = h.profile, _day(as_at)
    keep = np.flatnonzero((h.start <= d) & (h.end >= _day(_history_start(as_at))))
    drawn = keep[np.lexsort((h.start[keep], h.drawn_ids[keep]))]
    keep = keep[np.lexsort((h.start[keep], h.ids[keep]))]
    cases = _cases(h, drawn, as_at)
    at = np.empty(h.start.size, dtype=np.int64)
    at[drawn] = np.arange(drawn.size)
    start, end = h.start[keep], h.end[keep]
    ended = end <= d
    end_text = np.full(keep.size, "", dtype=object)
    end_text[ended] = _date_text(end[ended])
    fte = h.fte[keep]
    levels = np.unique(fte[~np.isnan(fte)])
    fte_text = np.array([f"{x:g}" for x in levels] + [""], dtype=object)[
        np.where(np.isnan(fte), levels.size, np.searchsorted(levels, fte))]
    ids = _id_text(h.ids[keep])
    text = np.empty(int(h.ids.max(initial=0)) + 1, dtype=object)
    text[h.ids[keep]] = ids
    workers = pd.DataFrame({
        "worker_id": ids,
        "employment_type": h.employment[keep],
        "fte": fte_text,
        "start_date": _date_text(start),
        "end_date": end_text,
        "leaving_reason": np.where(ended, h.reason[keep], "").astype(object),
        "role": np.array([r.title for r in p.roles], dtype=object)[h.role[keep]],
        "org_role": np.array([str(r.org_role) for r in p.roles], dtype=object)[h.role[keep]],
        "qualified_social_worker": np.where(h.qualified[keep], "yes", "no").astype(object),
        "team": np.array([t for t, _ in p.teams], dtype=object)[h.team[keep]],
        "service": np.array([s for _, s in p.teams], dtype=object)[h.team[keep]],
        "grade": np.array([r.grade for r in p.roles], dtype=object)[h.role[keep]],
        "cases": cases[at[keep]],
        "start_origin": h.origin[keep].astype(object),
        "ethnicity": h.ethnicity[keep],
        "disability": h.disability[keep],
        "exit_interview": np.where(ended, h.exit_interview[keep], "").astype(object),
    }, columns=list(WORKERS_COLUMNS), dtype=object)
    vacancies = h.vacancies[h.vacancies["as_at"].isin([as_at.isoformat(),
                                                       _previous(as_at).isoformat()])]
    a = h.absences
    window = (a["start"] <= d) & (a["end"] >= _day(_history_start(as_at)))
    a = a[window.to_numpy()]
    absences = pd.DataFrame({
        "worker_id": text[h.ids[a["spell"].to_numpy()]],
        "start_date": _date_text(a["start"].to_numpy()),
        "end_date": np.where(a["end"].to_numpy() <= d, _date_text(a["end"].to_numpy()), ""),
        "reason": a["reason"].to_numpy(),
    }, dtype=object)
    return {"workers": workers, "vacancies": vacancies.reset_index(drop=True),
            "absences": absences, "training": _training_rows(h, as_at, text),
            "appraisals": _appraisal_rows(h, as_at, text),
            "supervision": _supervision_rows(h, as_at, text),
            "recruitment": _recruitment_rows(h, as_at)}


def _number_text(values: np.ndarray) -> np.ndarray:
    """Numbers as their shortest text, "" for NaN."""
    return np.array(["" if np.isnan(x) else f"{x:g}" for x in values], dtype=object)


def _training_rows(h: _History, as_at: dt.date, text: np.ndarray) -> pd.DataFrame:
    """Training attended in the 24 months to ``as_at``, and the practice course whenever it was
    taken by someone in the extract (a course done once stays done, so its record is kept)."""
    t, d = h.training, _day(as_at)
    listed = pd.notna(text[h.ids[t["spell"].to_numpy()]])
    recent = (t["date"] >= _day(_history_start(as_at))) | ((t["course"] == PRACTICE_COURSE)
                                                           & listed)
    t = t[(recent & (t["date"] <= d)).to_numpy()]
    ids = h.ids[t["spell"].to_numpy()]
    t = t.iloc[np.lexsort((t["course"].to_numpy(), t["date"].to_numpy(), ids))]
    return pd.DataFrame({
        "worker_id": text[h.ids[t["spell"].to_numpy()]],
        "date": _date_text(t["date"].to_numpy()),
        "days": _number_text(t["days"].to_numpy()),
        "hours": _number_text(t["hours"].to_numpy()),
        "course": t["course"].to_numpy(),
    }, columns=list(TRAINING_COLUMNS), dtype=object)


def _supervision_rows(h: _History, as_at: dt.date, text: np.ndarray) -> pd.DataFrame:
    """Supervision sessions held in the 24 months to ``as_at``."""
    s, d = h.supervision, _day(as_at)
    s = s[((s["date"] >= _day(_history_start(as_at))) & (s["date"] <= d)).to_numpy()]
    ids = h.ids[s["spell"].to_numpy()]
    s = s.iloc[np.lexsort((s["kind"].to_numpy(), s["date"].to_numpy(), ids))]
    rows = pd.DataFrame({
        "worker_id": text[h.ids[s["spell"].to_numpy()]],
        "date": _date_text(s["date"].to_numpy()),
        "kind": s["kind"].to_numpy(),
    }, columns=list(SUPERVISION_COLUMNS), dtype=object)
    # a person moving between posts may meet their supervisor for both on the same day: once
    return rows.drop_duplicates().reset_index(drop=True)


def _appraisal_rows(h: _History, as_at: dt.date, text: np.ndarray) -> pd.DataFrame:
    """Appraisals due from the start of the 24 months to two months after ``as_at``, except
    those falling after a known leaving date; completed only when done by ``as_at``."""
    a, d = h.appraisals, _day(as_at)
    spell, due = a["spell"].to_numpy(), a["due"].to_numpy()
    end = h.end[spell]
    keep = ((due >= _day(_history_start(as_at))) & (due <= d + APPRAISAL_LEAD)
            & ((due < end) | (end > d)))
    spell, due, end = spell[keep], due[keep], end[keep]
    completed = a["completed"].to_numpy()[keep]
    known = (completed >= 0) & (completed <= d) & (completed < end)
    order = np.lexsort((due, h.ids[spell]))
    done = np.full(spell.size, "", dtype=object)
    done[known] = _date_text(completed[known])
    plan = np.where(known, a["plan"].to_numpy()[keep], "").astype(object)
    return pd.DataFrame({
        "worker_id": text[h.ids[spell]][order],
        "due_date": _date_text(due)[order],
        "completed_date": done[order],
        "development_plan": plan[order],
    }, columns=list(APPRAISALS_COLUMNS), dtype=object)


def _recruitment_rows(h: _History, as_at: dt.date) -> pd.DataFrame:
    """Campaigns advertised in the 24 months to ``as_at``, each stage of the funnel as far as
    it had got by then (0 for a stage not yet reached)."""
    r, d = h.recruitment, _day(as_at)
    number = np.arange(1, len(r) + 1)
    keep = ((r["advertised"] >= _day(_history_start(as_at))) & (r["advertised"] <= d)).to_numpy()
    r, number = r[keep], number[keep]
    elapsed = d - r["advertised"].to_numpy()
    interview = r["interview"].to_numpy()
    reached = {
        "applications": elapsed >= CLOSES,
        "shortlisted": elapsed >= SHORTLIST,
        "interviewed": d >= interview,
        "offers": d >= interview + OFFER,
        "hires": d >= interview + OFFER + ACCEPT,
        "internal_hires": d >= interview + OFFER + ACCEPT,
    }
    stages = {name: np.where(now, r[name].to_numpy(), 0) for name, now in reached.items()}
    # Applications arrive while the advert is open.
    arrived = np.floor(r["applications"].to_numpy() * (elapsed + 1) / (CLOSES + 1))
    stages["applications"] = np.where(reached["applications"], stages["applications"],
                                      arrived).astype(np.int64)
    return pd.DataFrame({
        "vacancy_id": np.char.add("REQ-", np.char.zfill(number.astype(str), 5)).astype(object),
        "advertised_date": _date_text(r["advertised"].to_numpy()),
        "role": np.array([x.title for x in h.profile.roles], dtype=object)[r["role"].to_numpy(
            dtype=np.int64)],
        "team": np.array([t for t, _ in h.profile.teams], dtype=object)[r["team"].to_numpy(
            dtype=np.int64)],
        "service": np.array([s for _, s in h.profile.teams], dtype=object)[r["team"].to_numpy(
            dtype=np.int64)],
        **{name: values.astype(np.int64).astype(str).astype(object)
           for name, values in stages.items()},
    }, columns=list(RECRUITMENT_COLUMNS), dtype=object)


def _cases(h: _History, keep: np.ndarray, as_at: dt.date) -> np.ndarray:
    """Cases held at ``as_at`` by the spells in post then ("" for the others): each post's
    load, new starters still building theirs, scaled to the profile's caseload per FTE."""
    d = _day(as_at)
    rng = np.random.default_rng([h.seed, d, 1])
    in_post = (h.start[keep] <= d) & (h.end[keep] > d)
    ramp = np.clip((d - h.start[keep] + 1) / 60, 0.1, 1.0)
    load = h.load[keep] * ramp * rng.lognormal(0.0, 0.1, keep.size) * in_post
    holders = load > 0
    fte = h.fte[keep]
    known = holders & ~np.isnan(fte)
    scale = h.profile.caseload * fte[known].sum() / max(load[known].sum(), 1e-9)
    cases = np.round(load * scale).astype(np.int64)
    text = np.where(in_post, cases.astype(str), "").astype(object)
    return text
