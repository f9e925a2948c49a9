from __future__ import annotations

import datetime as dt
from typing import get_args

import pandas as pd
import pytest

from wfkpi.core.errors import EngineError
from wfkpi.core.names import METHODS, Method
from wfkpi.engine.kpis import KPIS
from wfkpi.engine.report import CATALOGUE, compute, default_as_at, kpis_of, planned_ends

D = dt.date
R = D(2025, 9, 30)


def test_methods_and_their_kpis():
    assert list(CATALOGUE) == ["dfe", "sfc", "lg"]
    assert [k.id for k in kpis_of("sfc")] == [
        "turnover_rate_headcount",
        "vacancy_rate",
        "sickness_days_per_worker",
    ]
    assert [k.id for k in kpis_of("lg")] == [
        "sickness_days_per_fte",
        "turnover_rate_headcount",
        "stability_index",
        # HR records KPIs (engine/hr.py)
        "training_days_share", "course_completion_share", "appraisal_completion_rate",
        "appraisals_completed", "development_plan_share", "supervision_coverage",
        "interview_success_rate",
        "internal_fill_rate", "applications_per_campaign", "agency_conversions",
        "team_tenure_36m_share", "service_10y_share", "ethnic_minority_share",
        "ethnic_minority_share_managers", "equality_data_completeness", "progression_ratio",
        "exit_interview_rate", "caseload_over_max_share",
    ]
    for kpis in CATALOGUE.values():
        for kpi in kpis:
            definition = kpi.definition
            assert "Source:" in definition, kpi.id  # formula, population and source
    with pytest.raises(EngineError, match="unknown method 'ons'"):
        kpis_of("ons")


def test_only_the_required_columns(frames):
    staff = frames.table(
        "workers",
        [{"worker_id": "a", "employment_type": "permanent", "start_date": D(2020, 1, 1)}],
    )
    assert list(staff.columns) == ["worker_id", "employment_type", "start_date", "_row"]
    k = compute(staff, None, None, as_at=R).kpis
    assert k["inpost_headcount"].value == 1
    assert k["inpost_fte"].value is None  # absent is not 0
    assert k["inpost_fte"].note == "none of the 1 records has an FTE figure"
    assert k["inpost_fte"].set_aside == {"fte-missing": 1}
    assert k["agency_fte"].value is None  # no agency records, but no FTE anywhere either
    assert k["agency_fte"].note == "no worker record has an FTE figure"
    assert k["leavers_headcount"].value == 0
    assert k["turnover_rate_headcount"].value == 0.0
    assert k["turnover_rate_fte"].value is None


def test_an_empty_workers_table(frames):
    staff = frames.workers(also=["team"])
    report = compute(staff, frames.vacancies(), frames.absences(), as_at=R, by="team")
    assert report.kpis["inpost_headcount"].value == 0
    assert report.kpis["vacancy_fte"].value is None
    assert report.kpis["vacancy_fte"].note == "the vacancies table has no rows"
    assert report.kpis["vacancy_rate_fte"].value is None
    assert [g.group for g in report.groups] == ["Total"]


def test_as_at_may_be_a_timestamp(frames):
    staff = frames.workers(frames.worker("a"))
    report = compute(staff, None, None, as_at=pd.Timestamp("2025-09-30"))
    assert report.as_at == R
    assert report.to_dict()["as_at"] == "2025-09-30"


def test_suppress_below_must_be_a_count(frames):
    with pytest.raises(EngineError, match="suppress_below"):
        compute(frames.workers(frames.worker("a")), None, None, as_at=R, suppress_below=0)


def test_data_quality_summary(frames):
    staff = frames.workers(
        frames.worker("a", fte=None),
        frames.worker("b", end_date=D(2020, 5, 1)),  # ended before the window
    )
    quality = compute(staff, None, None, as_at=R).data_quality["engine"]
    assert quality["worker_rows"] == 2
    assert quality["worker_rows_outside_window"] == 1
    assert quality["set_aside"]["inpost_fte"] == {"fte-missing": 1}
    assert "inpost_headcount" not in quality["set_aside"]


class TestDefaultAsAt:
    def test_the_last_month_end_the_data_covers(self, frames):
        staff = frames.workers(frames.worker("a", start_date=D(2025, 10, 6)), frames.worker("b"))
        assert default_as_at(staff, None, None) == D(2025, 9, 30)

    def test_a_date_that_is_a_month_end_is_itself(self, frames):
        staff = frames.workers(frames.worker("a", start_date=D(2025, 8, 31)))
        assert default_as_at(staff, None, None) == D(2025, 8, 31)

    def test_vacancy_and_absence_dates_count(self, frames):
        staff = frames.workers(frames.worker("a", start_date=D(2024, 1, 1)))
        vacancies = frames.vacancies({"vacancy_fte": 1.0, "as_at": D(2025, 3, 31)})
        absences = frames.absences(
            {"worker_id": "a", "start_date": D(2025, 6, 2), "reason": "sickness"}
        )
        assert default_as_at(staff, vacancies, None) == D(2025, 3, 31)
        assert default_as_at(staff, vacancies, absences) == D(2025, 5, 31)

    def test_end_dates_are_planned_and_do_not_move_it(self, frames):
        staff = frames.workers(
            frames.worker("a", start_date=D(2025, 7, 14), end_date=D(2026, 3, 31)),
            frames.worker("b", start_date=D(2020, 1, 1), end_date=D(2025, 6, 30)),
        )
        assert default_as_at(staff, None, None) == D(2025, 6, 30)
        assert planned_ends(staff, D(2025, 6, 30)) == 1

    def test_no_dates(self, frames):
        with pytest.raises(EngineError, match="no start dates"):
            default_as_at(frames.workers(), None, None)


def test_only_the_kpis_asked_for(frames):
    staff = frames.workers(frames.worker("a"), frames.worker("b", employment_type="agency"))
    whole = compute(staff, None, None, as_at=R)
    some = compute(staff, None, None, as_at=R, kpis={"agency_rate_fte", "inpost_fte"})
    assert list(some.kpis) == ["inpost_fte", "agency_rate_fte"]  # in the method's order
    assert some.kpis["agency_rate_fte"] == whole.kpis["agency_rate_fte"]
    with pytest.raises(EngineError, match="no such dfe KPI: vacancy_rate"):
        compute(staff, None, None, as_at=R, kpis={"vacancy_rate"})


def test_every_published_kpi_has_one_function_and_every_function_is_published() -> None:
    for method in METHODS:
        ids = [kpi.id for kpi in CATALOGUE[method]]
        assert ids == list(KPIS[method]), method  # the same KPIs, in the same report order
        for kpi in CATALOGUE[method]:
            published = KPIS[method][kpi.id]
            assert (kpi.label, kpi.unit, kpi.params) == (published.label, published.unit,
                                                         published.params)


def test_the_method_type_names_the_methods() -> None:
    assert get_args(Method) == METHODS
