"""The KPIs as published: each method's KPI ids with their labels, units and the parameters
they read. Plain data, so that a targets file can be checked without loading the engine; the
functions that compute them (in ``dfe``, ``sfc``, ``lg``, ``hr`` and ``hr_staff``) register
under these ids (``@kpi("inpost_fte")``), each documenting its formula and source.
"""

from __future__ import annotations

from dataclasses import dataclass


@dataclass(frozen=True)
class Published:
    """A KPI's label (which may show its parameters, as ``{training_days:g}``) and unit."""

    label: str
    unit: str
    params: tuple[str, ...] = ()


SNAPSHOT = ("snapshot_days",)  # the vacancy KPIs read the snapshot rule

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
        "vacancy_fte": Published("Vacancies (FTE)", "FTE", SNAPSHOT),
        "vacancy_rate_fte": Published("Vacancy rate (FTE)", "%", SNAPSHOT),
        "agency_cover_fte": Published("Vacancies covered by agency workers (FTE)", "FTE", SNAPSHOT),
        "agency_cover_rate_fte": Published(
            "Agency workers covering vacancies (% of agency FTE)", "%", SNAPSHOT),
        "vacancy_agency_cover_rate_fte": Published(
            "Vacancies covered by agency workers (% of vacancies)", "%", SNAPSHOT),
        "cases": Published("Cases held", "cases"),
        "case_holders_fte": Published("Case holders (FTE)", "FTE"),
        "caseload_fte": Published("Average caseload per case-holder FTE", "cases per FTE"),
        "working_days_lost_fte": Published("Working days lost to sickness", "days"),
        "absence_rate_fte": Published("Sickness absence rate", "%"),
    },
    "sfc": {
        "turnover_rate_headcount": Published("Staff turnover rate", "%"),
        "vacancy_rate": Published("Vacancy rate", "%", (*SNAPSHOT, "vacancy_basis")),
        "sickness_days_per_worker": Published("Sickness days per worker", "days per worker"),
    },
    "lg": {
        "sickness_days_per_fte": Published("Working days lost to sickness per FTE", "days per FTE"),
        "turnover_rate_headcount": Published("Labour turnover rate (CIPD)", "%"),
        "stability_index": Published("Stability index", "%"),
        "training_days_share": Published(
            "Staff with {training_days:g}+ training days in the year", "%",
            ("training_days", "day_hours")),
        "course_completion_share": Published("Staff who have completed {course}", "%", ("course",)),
        "appraisal_completion_rate": Published("Appraisals completed on time or since", "%"),
        "appraisals_completed": Published(
            "Staff with an appraisal completed in the year", "people"),
        "development_plan_share": Published(
            "Staff with a development plan agreed in the year", "%"),
        "supervision_coverage": Published(
            "Staff supervised in the last {supervision_weeks:g} weeks", "%",
            ("supervision_weeks",)),
        "interview_success_rate": Published("Interview success rate", "%"),
        "internal_fill_rate": Published("Posts filled by internal candidates", "%"),
        "applications_per_campaign": Published("Applications per campaign", "applications"),
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
