"""Red, amber and green on hand-made targets, one comparison at a time."""

from __future__ import annotations

from typing import Any

import pytest

from wfkpi.targets.config import Target
from wfkpi.targets.scorecard import judge


def target(comparison: str, value: Any = None, amber: dict[str, Any] | None = None,
           **extra: Any) -> Target:
    return Target.model_validate({
        "id": "t", "kpi": "agency_rate_fte", "method": "dfe", "scope": None,
        "comparison": comparison, "value": value, "unit": "percent", "due": None,
        "amber": amber, "measurable": True,
        "source": {"document": "d", "section": "s", "quote": "words"}, **extra})


@pytest.mark.parametrize(
    ("value", "status"),
    [(9.9, "green"), (10.0, "amber"), (12.0, "amber"), (12.1, "red")],
)
def test_below_with_an_amber_limit(value: float, status: str) -> None:
    assert judge(target("<", 10, {"upper": 12}), value).status == status


@pytest.mark.parametrize(("value", "status"), [(10.0, "green"), (10.04, "green"), (10.05, "red")])
def test_at_or_below_without_amber(value: float, status: str) -> None:
    assert judge(target("<=", 10), value).status == status


@pytest.mark.parametrize(
    ("value", "status"), [(35, "green"), (34, "amber"), (31, "amber"), (30, "red")])
def test_at_least_with_a_lower_amber_limit(value: float, status: str) -> None:
    assert judge(target(">=", 35, {"lower": 31}), value).status == status


@pytest.mark.parametrize(
    ("value", "status"), [(11.7, "green"), (13.7, "amber"), (13.8, "red")])
def test_against_a_benchmark_with_a_margin(value: float, status: str) -> None:
    card = target("<=benchmark", None, {"margin": 2.0},
                  benchmark={"source": "dfe", "geography": "Inner London"})
    judged = judge(card, value, benchmark=11.7)
    assert judged.status == status
    if status == "amber":
        assert judged.note == (f"{value:.1f}% misses Inner London (<= 11.7%) but is within "
                               "the amber limit of 13.7%")


def test_a_benchmark_that_is_not_published_is_no_data() -> None:
    card = target("<=benchmark", None, benchmark={"source": "dfe", "geography": "Narnia"})
    assert judge(card, 10.0, benchmark=None).status == "no data"


@pytest.mark.parametrize(
    ("previous", "value", "status"),
    [(20.0, 19.9, "green"), (20.0, 20.0, "amber"), (20.0, 21.0, "amber"), (20.0, 21.1, "red")],
)
def test_decrease_on_the_previous_year(previous: float, value: float, status: str) -> None:
    card = target("decrease_vs_previous", None, {"tolerance": 1.0, "unit": "pp"})
    assert judge(card, value, previous=previous).status == status


def test_a_relative_tolerance_is_a_share_of_last_year() -> None:
    card = target("increase_vs_previous", None, {"tolerance": 5, "unit": "percent"})
    assert judge(card, 96.0, previous=100.0).status == "amber"  # 4 down, 5% of 100 allowed
    assert judge(card, 94.0, previous=100.0).status == "red"
    assert judge(card, 101.0, previous=100.0).status == "green"


def test_no_previous_figure_is_no_data_with_the_reason() -> None:
    card = target("decrease_vs_previous", None, {"tolerance": 1.0})
    judged = judge(card, 20.0, previous=None, why_none="no history")
    assert (judged.status, judged.note) == ("no data", "no history")


def test_range() -> None:
    card = target("range", {"min": 15, "max": 20}, {"margin": 2})
    assert [judge(card, v).status for v in (15, 20, 21.5, 22.5, 12)] == [
        "green", "green", "amber", "red", "red"]


def test_no_value_is_no_data_and_unmeasurable_is_not_measured() -> None:
    assert judge(target("<", 10), None, why_none="no vacancies table").note == \
        "no vacancies table"
    survey = Target.model_validate({
        "id": "s", "kpi": None, "method": None, "scope": None, "comparison": ">=",
        "value": 70, "unit": "percent", "due": None, "amber": None, "measurable": False,
        "reason": "Staff survey score", "source": {"document": "d", "section": "s",
                                                   "quote": "words"}})
    assert (judge(survey, None).status, judge(survey, None).note) == (
        "not measured", "Staff survey score")


def test_judged_as_published_to_one_decimal_place() -> None:
    """20.04% is shown as 20.0%, so it meets "<= 20%"; 14.96% shows as 15.0%, missing "< 15"."""
    assert judge(target("<=", 20), 20.04).status == "green"
    assert judge(target("<", 15), 14.96).note == "15.0% misses the target (< 15.0%)"
    card = target("decrease_vs_previous", None, {"tolerance": 0})
    assert judge(card, 20.04, previous=20.0).status == "amber"  # flat once rounded
