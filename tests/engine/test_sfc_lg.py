"""Skills for Care and local government KPIs on tiny frames, worked out by hand."""

from __future__ import annotations

import datetime as dt

import pytest

from wfkpi.core.errors import EngineError
from wfkpi.engine.report import compute
from wfkpi.engine.scopes import Scope

D = dt.date
R = D(2025, 9, 30)


@pytest.fixture
def adult_care(frames):
    w = frames.worker
    return frames.workers(
        w("p1", sickness_days=4.0),
        w("p2", employment_type="temporary", sickness_days=None),
        w("p3", employment_type="fixed_term", sickness_days=6.0),
        w("p4", end_date=D(2025, 5, 31), leaving_reason="resignation", sickness_days=20.0),
        w("p5", end_date=D(2025, 6, 30), leaving_reason="internal_move"),
        w("p6", employment_type="agency", sickness_days=50.0),
        w("p7", employment_type="bank"),
    )


def test_sfc_turnover_leaves_out_internal_moves(frames, adult_care):
    k = compute(adult_care, None, None, as_at=R, method="sfc").kpis
    turnover = k["turnover_rate_headcount"]
    assert turnover.value == pytest.approx(100 / 3)
    assert (turnover.numerator, turnover.denominator) == (1, 3)
    assert turnover.set_aside == {"internal-move": 1}


def test_sfc_vacancy_rate_counts_vacancies_beside_workers(frames, adult_care):
    vacancies = frames.vacancies({"vacancy_fte": 1.0})
    k = compute(adult_care, vacancies, None, as_at=R, method="sfc").kpis
    assert k["vacancy_rate"].value == pytest.approx(25.0)
    assert (k["vacancy_rate"].numerator, k["vacancy_rate"].denominator) == (1.0, 4.0)
    k = compute(adult_care, None, None, as_at=R, method="sfc").kpis
    assert k["vacancy_rate"].value is None
    assert k["vacancy_rate"].note == "no vacancies table"


@pytest.mark.parametrize("basis, value, denominator", [
    # fte: 1.5 vacant FTE ÷ (p1 1.0 + p2 0.5 + p3 1.0 in post + 1.5) = 37.5%
    ("fte", 1.5 / 4.0 * 100, 4.0),
    # posts: 1.5 read as posts ÷ (3 permanent or temporary records + 1.5) = 33.3%
    ("posts", 1.5 / 4.5 * 100, 4.5),
])
def test_sfc_vacancy_rate_keeps_one_unit_on_both_sides(frames, adult_care, basis, value,
                                                       denominator):
    staff = adult_care.copy()
    staff.loc[1, "fte"] = 0.5  # p2 works half time: a headcount of 3 is an FTE of 2.5
    vacancies = frames.vacancies({"vacancy_fte": 1.5})
    k = compute(staff, vacancies, None, as_at=R, method="sfc",
                params={"vacancy_basis": basis}).kpis
    assert k["vacancy_rate"].value == pytest.approx(value)
    assert k["vacancy_rate"].denominator == pytest.approx(denominator)


def test_vacancy_basis_is_fte_or_posts(adult_care):
    with pytest.raises(EngineError, match="vacancy_basis must be one of fte, posts"):
        compute(adult_care, None, None, as_at=R, method="sfc", params={"vacancy_basis": "x"})


def test_sfc_sickness_is_the_mean_over_current_workers_whose_figure_is_known(adult_care):
    k = compute(adult_care, None, None, as_at=R, method="sfc").kpis
    sickness = k["sickness_days_per_worker"]
    assert sickness.value == pytest.approx(5.0)  # (4 + 6) / 2: p2 unknown, p4 left, p6 agency
    assert sickness.set_aside == {"sickness-missing": 1}


def test_sfc_sickness_from_absences_counts_everyone_in_post(frames, adult_care):
    absences = frames.absences(
        {"worker_id": "p1", "start_date": D(2025, 1, 6), "end_date": D(2025, 1, 10),
         "reason": "sickness"},
        {"worker_id": "p4", "start_date": D(2025, 1, 6), "end_date": D(2025, 1, 10),
         "reason": "sickness"},
    )  # fmt: skip
    k = compute(adult_care, None, absences, as_at=R, method="sfc").kpis
    sickness = k["sickness_days_per_worker"]
    assert sickness.value == pytest.approx(5 / 3)  # p1's 5 days over p1, p2, p3
    assert sickness.set_aside == {"absence-not-current-worker": 1}


@pytest.fixture
def council(frames):
    w = frames.worker
    return frames.workers(
        w("a", sickness_days=5.0),
        w("b", fte=0.5, end_date=D(2025, 3, 31), leaving_reason="resignation", sickness_days=3.0),
        w("c", start_date=D(2025, 1, 1)),
        w("d", end_date=D(2025, 6, 30), leaving_reason="internal_move", sickness_days=2.0),
        w("d", start_date=D(2025, 7, 1)),  # the same person in a new role: a move, no leaving
        w("e", fte=0.8, start_date=D(2024, 9, 30)),  # in post at the opening date
        w("f", start_date=D(2024, 10, 1)),  # first day of the window: a starter
        w("g", employment_type="agency", sickness_days=10.0),
    )


def test_lg_turnover_is_leavers_over_average_headcount(council):
    k = compute(council, None, None, as_at=R, method="lg").kpis
    turnover = k["turnover_rate_headcount"]
    # opening a, b, d, e = 4; closing a, c, d, e, f = 5; leavers b (d moved to a new post)
    assert turnover.denominator == pytest.approx(4.5)
    assert turnover.numerator == 1
    assert turnover.value == pytest.approx(100 / 4.5)
    assert turnover.set_aside == {"moved-post": 1}


def test_lg_stability_index(council):
    k = compute(council, None, None, as_at=R, method="lg").kpis
    stability = k["stability_index"]
    assert (stability.numerator, stability.denominator) == (3, 4)  # a, d, e stayed
    assert stability.value == pytest.approx(75.0)


def test_lg_sickness_days_per_average_fte(council):
    k = compute(council, None, None, as_at=R, method="lg").kpis
    per_fte = k["sickness_days_per_fte"]
    # opening FTE 1 + 0.5 + 1 + 0.8 = 3.3; closing 1 + 1 + 1 + 0.8 + 1 = 4.8; agency days left out
    assert per_fte.numerator == pytest.approx(10.0)
    assert per_fte.denominator == pytest.approx(4.05)
    assert per_fte.value == pytest.approx(10.0 / 4.05)


def test_dfe_turnover_leaves_out_a_move_to_another_post_of_the_workforce(council):
    # d's post ended on 30 Jun and d's next post in the same workforce began on 1 Jul: DfE's
    # turnover "doesn't capture the movement of social workers within the same local
    # authority", whatever the leaving reason says; only b left
    k = compute(council, None, None, as_at=R, method="dfe").kpis
    assert k["leavers_headcount"].value == 1
    assert k["leavers_fte"].value == pytest.approx(0.5)
    assert k["leavers_fte"].set_aside == {"moved-post": 1}
    assert k["starters_headcount"].set_aside == {"moved-post": 1}  # d's new post: no starter


def test_dfe_turnover_counts_a_move_out_of_the_scope_as_a_leaver(council):
    # the same move, when d's new post is outside the workforce reported on (ReasonLeave 7)
    scope = Scope(name="social_workers", where={"role": ["Social worker"]})
    council = council.assign(role="Social worker")
    council.loc[4, "role"] = "Business support"  # d's new post
    k = compute(council, None, None, as_at=R, method="dfe", scope=scope).kpis
    assert k["leavers_headcount"].value == 2  # b, and d moving out of social work
    assert k["leavers_fte"].value == pytest.approx(1.5)


def test_dfe_absence_rate_converts_to_lg_days_per_fte(frames):
    """A DfE absence rate × N / 100 is days per FTE when the FTE is steady."""
    staff = frames.workers(frames.worker("a", sickness_days=8.855), frames.worker("b"))
    dfe = compute(staff, None, None, as_at=R).kpis["absence_rate_fte"].value
    lg = compute(staff, None, None, as_at=R, method="lg").kpis["sickness_days_per_fte"].value
    assert dfe == pytest.approx(1.75)
    assert dfe * 253 / 100 == pytest.approx(lg)
