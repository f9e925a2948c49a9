"""The councils whose workforces the sample is shaped like: each one's size, agency share,
vacancy rate, turnover, sickness and caseload (this year and last year, so that year-on-year
targets have something to compare), its role mix and teams, and the figures its strategy sets
targets for (diversity, training, appraisals, recruitment). Plain data: nothing here draws a
random number.
"""

from __future__ import annotations

from dataclasses import dataclass
from typing import NamedTuple


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


def profile(council: str | Profile) -> Profile:
    """A council's profile by id (see :data:`PROFILES`), or the profile given."""
    if isinstance(council, Profile):
        return council
    try:
        return PROFILES[council]
    except KeyError:
        raise ValueError(f"unknown council {council!r} (choose one of: "
                         f"{', '.join(PROFILES)})") from None
