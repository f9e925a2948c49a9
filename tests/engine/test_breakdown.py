from __future__ import annotations

import datetime as dt
import json

import pytest

from wfkpi.core.errors import EngineError
from wfkpi.engine.report import compute

R = dt.date(2025, 9, 30)


@pytest.fixture
def staff(frames):
    w = frames.worker
    rows = [w(f"alpha-{i}", team="Alpha", grade="7", org_role=5, cases=10) for i in range(6)]
    # alpha-0 also had a second, half-time post that ended in April: a spell ending
    rows += [w("alpha-0", team="Alpha", fte=0.5, end_date=dt.date(2025, 4, 30), cases=None)]
    rows += [w(f"beta-{i}", team="Beta", fte=0.5, grade="8", org_role=3) for i in range(3)]
    rows += [w("beta-left", team="Beta", end_date=dt.date(2025, 1, 31))]
    rows += [w("nobody", team=None, employment_type="agency", cases=20)]
    return frames.workers(*rows)


@pytest.fixture
def vacancies(frames):
    return frames.vacancies(
        {"vacancy_fte": 2.0, "agency_cover_fte": 1.0, "team": "Alpha"},
        {"vacancy_fte": 1.0, "agency_cover_fte": 0.0, "team": "Gamma"},
    )


def test_groups_then_total(staff, vacancies):
    report = compute(staff, vacancies, None, as_at=R, by="team")
    names = [(g.group, g.total) for g in report.groups]
    assert names == [("Alpha", False), ("Beta", False), ("Gamma", False), ("(blank)", False),
                     ("Total", True)]  # fmt: skip
    alpha, beta, gamma, blank, total = report.groups
    assert alpha.headcount == 6 and not alpha.small
    assert beta.headcount == 4 and beta.small  # three in post and a leaver
    assert gamma.headcount == 0 and gamma.small  # a team known only from its vacancies
    assert alpha.kpis["inpost_fte"].value == 6.0
    assert alpha.kpis["leavers_fte"].value == 0.5
    assert alpha.kpis["vacancy_rate_fte"].value == pytest.approx(2 / 8 * 100)
    assert beta.kpis["turnover_rate_headcount"].value == pytest.approx(100 / 3)
    assert beta.kpis["vacancy_fte"].value == 0.0
    assert gamma.kpis["vacancy_rate_fte"].value == pytest.approx(100.0)
    assert blank.kpis["agency_fte"].value == 1.0
    assert blank.kpis["caseload_fte"].value == pytest.approx(20.0)


def test_the_total_row_equals_the_ungrouped_report(staff, vacancies):
    grouped = compute(staff, vacancies, None, as_at=R, by="team")
    plain = compute(staff, vacancies, None, as_at=R)
    total = grouped.groups[-1]
    assert total.kpis == plain.kpis == grouped.kpis
    assert total.headcount == 11
    assert grouped.to_dict()["kpis"] == plain.to_dict()["kpis"]


def test_group_figures_add_up_to_the_total(staff, vacancies):
    report = compute(staff, vacancies, None, as_at=R, by="team")
    *groups, total = report.groups
    for kpi_id in ("inpost_fte", "leavers_fte", "agency_fte", "vacancy_fte"):
        assert sum(g.kpis[kpi_id].value for g in groups) == pytest.approx(total.kpis[kpi_id].value)
    beta = groups[1]
    assert beta.kpis["cases"].value is None  # nobody in Beta has a cases figure
    assert beta.kpis["cases"].note == "no worker in post has a cases figure"
    assert total.kpis["cases"].value == 6 * 10 + 20


def test_vacancies_without_the_breakdown_column(staff, vacancies):
    report = compute(staff, vacancies, None, as_at=R, by="grade")
    assert [g.group for g in report.groups] == ["7", "8", "(blank)", "Total"]
    seven = report.groups[0]
    assert seven.kpis["vacancy_fte"].value is None
    assert seven.kpis["vacancy_fte"].note == (
        "vacancies cannot be broken down by grade: the vacancies table has no grade column"
    )
    assert report.groups[-1].kpis["vacancy_fte"].value == 3.0


def test_by_org_role(staff):
    report = compute(staff, None, None, as_at=R, by="org_role")
    # (blank): alpha-0's second post, beta-left and nobody; a person counts in each of their groups
    assert [(g.group, g.headcount) for g in report.groups] == [
        ("3", 3), ("5", 6), ("(blank)", 3), ("Total", 11)
    ]  # fmt: skip


def test_suppression_replaces_small_groups_with_c(staff, vacancies):
    data = compute(staff, vacancies, None, as_at=R, by="team", suppress_below=5).to_dict()
    alpha, beta, _, _, total = data["groups"]
    assert beta["small"] is True and beta["suppressed"] is True
    assert beta["headcount"] == "c"
    turnover = beta["kpis"]["turnover_rate_fte"]
    assert {turnover[k] for k in ("value", "numerator", "denominator", "rows_used")} == {"c"}
    assert alpha["suppressed"] is False
    assert alpha["kpis"]["inpost_fte"]["value"] == 6.0
    assert total["suppressed"] is False and total["headcount"] == 11
    unsuppressed = compute(staff, vacancies, None, as_at=R, by="team").to_dict()
    assert unsuppressed["groups"][1]["small"] is True
    assert unsuppressed["groups"][1]["kpis"]["turnover_rate_headcount"]["value"] == pytest.approx(
        100 / 3
    )


def test_bad_breakdowns(frames, staff):
    with pytest.raises(EngineError, match="cannot break down by 'colour'"):
        compute(staff, None, None, as_at=R, by="colour")
    with pytest.raises(EngineError, match="the workers table has no service column"):
        compute(staff, None, None, as_at=R, by="service")


def test_json_contract(staff, vacancies, frames):
    absences = frames.absences(
        {"worker_id": "alpha-1", "start_date": dt.date(2025, 1, 6), "reason": "sickness",
         "end_date": dt.date(2025, 1, 7)},
    )  # fmt: skip
    report = compute(staff, vacancies, absences, as_at=R, by="team", suppress_below=3)
    data = report.to_dict()
    assert list(data) == [
        "schema_version", "as_at", "period_start", "method", "scope", "params", "kpis",
        "groups", "data_quality",
    ]  # fmt: skip
    assert data["params"] == {"snapshot_days": 31.0}  # the vacancy KPIs' snapshot rule
    assert data["schema_version"] == 1
    assert (data["as_at"], data["period_start"], data["method"]) == (
        "2025-09-30",
        "2024-10-01",
        "dfe",
    )
    assert list(data["kpis"]["turnover_rate_fte"]) == [
        "label", "unit", "value", "numerator", "denominator", "rows_used", "set_aside", "note",
        "as_of", "flags",
    ]  # fmt: skip
    assert list(data["groups"][0]) == [
        "by", "group", "total", "headcount", "small", "suppressed", "kpis"
    ]  # fmt: skip
    assert data["kpis"]["turnover_rate_fte"]["unit"] == "%"
    assert data["kpis"]["working_days_lost_fte"]["value"] == 2.0
    text = json.dumps(data)
    assert json.dumps(compute(staff, vacancies, absences, as_at=R, by="team",
                              suppress_below=3).to_dict()) == text  # fmt: skip
    for worker_id in staff["worker_id"]:
        assert worker_id not in text
    report.data_quality["validation"] = {"errors": 0}  # the caller's own section
    assert list(report.to_dict()["data_quality"]) == ["engine", "validation"]


def test_teams_named_like_the_tools_markers_are_kept_apart(frames):
    """A team really called "(blank)" is not merged with workers whose team is blank, and one
    called "Total" is not taken for the total row."""
    w = frames.worker
    staff = frames.workers(w("a", team="(blank)"), w("b", team=None), w("c", team="Total"),
                           w("d", team="total"), w("e", team="North"))
    report = compute(staff, None, None, as_at=R, by="team")
    found = [(g.group, g.total, g.headcount) for g in report.groups]
    assert found == [('"(blank)"', False, 1), ('"Total"', False, 1), ('"total"', False, 1),
                     ("North", False, 1), ("(blank)", False, 1), ("Total", True, 5)]


def test_a_breakdown_over_too_many_values_is_refused(frames):
    w = frames.worker
    staff = frames.workers(*[w(f"p{i}", team=f"team {i}") for i in range(2001)])
    with pytest.raises(EngineError, match="it has 2,001 different values, more than the 2,000"):
        compute(staff, None, None, as_at=R, by="team")
    assert len(compute(staff.iloc[:2000], None, None, as_at=R, by="team").groups) == 2001
