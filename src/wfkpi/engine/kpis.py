"""The KPIs as published: each method's KPI ids with their labels, units, the parameters they
read and the tables they read. Plain data, so that a targets file can be checked without loading
the engine; the functions that compute them (in ``dfe``, ``sfc``, ``lg``, ``hr`` and
``hr_staff``) register under these ids (``@kpi("inpost_fte")``), each documenting its formula and
source.

Every KPI reads the workers table; ``reads`` names the other tables it reads (a table it does not
name cannot change its figure: tests/engine/test_kpi_tables.py takes each other table away and
checks). ``wfkpi report`` reads only the tables its KPIs read.
"""

from __future__ import annotations

from dataclasses import dataclass


@dataclass(frozen=True)
class Published:
    """A KPI's label (which may show its parameters, as ``{training_days:g}``), its unit, the
    parameters it reads, and the tables it reads besides workers."""

    label: str
    unit: str
    params: tuple[str, ...] = ()
    reads: tuple[str, ...] = ()


SNAPSHOT = ("snapshot_days",)  # the vacancy KPIs read the snapshot rule
# The tables a KPI reads besides workers (wfkpi.core.schema.MODELS).
VACANCIES = ("vacancies",)
ABSENCES = ("absences",)
TRAINING = ("training",)
APPRAISALS = ("appraisals",)
SUPERVISION = ("supervision",)
RECRUITMENT = ("recruitment",)

KPIS: dict[str, dict[str, Published]] = {
    "dfe": {
        "inpost_fte": Published("Directly employed FTE in post", "FTE"),
        "inpost_headcount": Published("Directly employed headcount in post", "people"),
        "starters_fte": Published("Directly employed starters FTE", "FTE"),
        "starters_headcount": Published("Directly employed starters", "people"),
        "leavers_fte": Published("Directly employed leavers FTE", "FTE"),
        "leavers_headcount": Published("Directly employed leavers", "people"),
        "turnover_rate_fte": Published("Turnover rate (FTE)", "%"),
        "turnover_rate_headcount": Published("Turnover rate (headcount)", "%"),
        "agency_fte": Published("Agency FTE in post", "FTE"),
        "agency_headcount": Published("Agency headcount in post", "people"),
        "agency_rate_fte": Published("Agency worker rate (FTE)", "%"),
        "agency_rate_headcount": Published("Agency worker rate (headcount)", "%"),
        "vacancy_fte": Published("Vacancies (FTE)", "FTE", SNAPSHOT, reads=VACANCIES),
        "vacancy_rate_fte": Published("Vacancy rate (FTE)", "%", SNAPSHOT, reads=VACANCIES),
        "agency_cover_fte": Published(
            "Vacancies covered by agency workers (FTE)", "FTE", SNAPSHOT, reads=VACANCIES),
        "agency_cover_rate_fte": Published(
            "Agency workers covering vacancies (% of agency FTE)", "%", SNAPSHOT, reads=VACANCIES),
        "vacancy_agency_cover_rate_fte": Published(
            "Vacancies covered by agency workers (% of vacancies)", "%", SNAPSHOT, reads=VACANCIES),
        "cases": Published("Cases held", "cases"),
        "case_holders_fte": Published("Case holders (FTE)", "FTE"),
        "caseload_fte": Published("Average caseload per case-holder FTE", "cases per FTE"),
        "working_days_lost_fte": Published("Working days lost to sickness", "days", reads=ABSENCES),
        "absence_rate_fte": Published("Sickness absence rate", "%", reads=ABSENCES),
    },
    "sfc": {
        "turnover_rate_headcount": Published("Staff turnover rate", "%"),
        "vacancy_rate": Published("Vacancy rate", "%", (*SNAPSHOT, "vacancy_basis"),
                                  reads=VACANCIES),
        "sickness_days_per_worker": Published("Sickness days per worker", "days per worker",
                                              reads=ABSENCES),
    },
    "lg": {
        "sickness_days_per_fte": Published("Working days lost to sickness per FTE", "days per FTE",
                                           reads=ABSENCES),
        "turnover_rate_headcount": Published("Labour turnover rate (CIPD)", "%"),
        "stability_index": Published("Stability index", "%"),
        "training_days_share": Published(
            "Staff with {training_days:g}+ training days in the year", "%",
            ("training_days", "day_hours"), reads=TRAINING),
        "course_completion_share": Published("Staff who have completed {course}", "%", ("course",),
                                             reads=TRAINING),
        "appraisal_completion_rate": Published("Appraisals completed on time or since", "%",
                                               reads=APPRAISALS),
        "appraisals_completed": Published(
            "Staff with an appraisal completed in the year", "people", reads=APPRAISALS),
        "development_plan_share": Published(
            "Staff with a development plan agreed in the year", "%", reads=APPRAISALS),
        "supervision_coverage": Published(
            "Staff supervised in the last {supervision_weeks:g} weeks", "%",
            ("supervision_weeks",), reads=SUPERVISION),
        "interview_success_rate": Published("Interview success rate", "%", reads=RECRUITMENT),
        "internal_fill_rate": Published("Posts filled by internal candidates", "%",
                                        reads=RECRUITMENT),
        "applications_per_campaign": Published("Applications per campaign", "applications",
                                               reads=RECRUITMENT),
        "agency_conversions": Published("Agency workers taken on directly", "people"),
        "team_tenure_36m_share": Published("Staff with 36+ months in their team", "%"),
        "service_10y_share": Published("Staff with 10+ years' service", "%"),
        "ethnic_minority_share": Published(
            "Staff from Black, Asian and minority ethnic groups", "%"),
        "ethnic_minority_share_managers": Published(
            "Managers from Black, Asian and minority ethnic groups", "%"),
        "equality_data_completeness": Published(
            "Staff with ethnicity and disability recorded", "%"),
        "progression_ratio": Published("Progression: minority ethnic rate ÷ White rate", "ratio"),
        "exit_interview_rate": Published("Leavers with an exit interview", "%"),
        "caseload_over_max_share": Published(
            "Case holders above {max_cases:g} cases", "%", ("max_cases",)),
    },
}
