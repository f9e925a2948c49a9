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


def count_target(comparison: str, value: Any = None, amber: dict[str, Any] | None = None,
                 **extra: Any) -> Target:
    return Target.model_validate({
        "id": "t", "kpi": "appraisals_completed", "method": "lg", "scope": None,
        "comparison": comparison, "value": value, "unit": "people", "due": None,
        "amber": amber, "measurable": True,
        "source": {"document": "d", "section": "s", "quote": "words"}, **extra})


@pytest.mark.parametrize(
    ("previous", "value", "status"),
    # "a 15% increase", amber from 10%: 200 -> 230 is +15.0%, 222 is +11.0%, 219 is +9.5%
    [(200, 230, "green"), (200, 250, "green"), (200, 229, "amber"), (200, 220, "amber"),
     (200, 219, "red"), (200, 180, "red")],
)
def test_a_stated_relative_increase(previous: float, value: float, status: str) -> None:
    card = count_target("increase_vs_previous", 15, {"lower": 10, "unit": "percent"},
                        change="relative")
    judged = judge(card, value, previous=previous, unit="people")
    assert judged.status == status
    change = (value / previous - 1) * 100
    assert judged.note.startswith(f"{previous} → {value} ({change:+.1f}%)")


def test_a_relative_change_from_zero_is_no_data() -> None:
    card = count_target("increase_vs_previous", 15, change="relative")
    judged = judge(card, 12, previous=0, unit="people")
    assert (judged.status, judged.note) == ("no data", "0 → 12: no change in % can be taken "
                                                       "from 0")


@pytest.mark.parametrize(
    ("previous", "value", "status"),
    # within +/-15% of last year's rate: 40 -> 46 is +15%, 34 is -15%, 46.4 is +16%
    [(40.0, 46.0, "green"), (40.0, 34.0, "green"), (40.0, 46.4, "red"), (40.0, 33.6, "red")],
)
def test_a_relative_range_on_the_previous_year(previous: float, value: float,
                                               status: str) -> None:
    card = target("range_vs_previous", {"min": -15, "max": 15}, change="relative")
    assert judge(card, value, previous=previous).status == status


def test_a_stated_absolute_decrease() -> None:
    card = target("decrease_vs_previous", 2, {"lower": 1})
    assert judge(card, 17.9, previous=20.0).status == "green"  # down 2.1 pp
    assert judge(card, 18.5, previous=20.0).status == "amber"  # down 1.5 pp: at least 1
    assert judge(card, 19.5, previous=20.0).status == "red"


@pytest.mark.parametrize(("value", "status"), [(0.80, "green"), (1.25, "green"), (0.76, "amber"),
                                               (0.74, "red"), (1.31, "red")])
def test_a_ratio_is_judged_to_two_places(value: float, status: str) -> None:
    card = Target.model_validate({
        "id": "t", "kpi": "progression_ratio", "method": "lg", "scope": None,
        "comparison": "range", "value": {"min": 0.8, "max": 1.25}, "unit": "ratio",
        "due": None, "amber": {"margin": 0.05}, "measurable": True,
        "source": {"document": "d", "section": "s", "quote": "words"}})
    judged = judge(card, value, unit="ratio")
    assert judged.status == status
    assert f"{value:.2f}" in judged.note  # shown to two places, not rounded to 0.8


def test_a_community_benchmark_without_a_profile_says_how_to_give_one() -> None:
    card = target(">=benchmark", None, {"margin": 5.0},
                  benchmark={"source": "community", "geography": "Lambeth population"})
    judged = judge(card, 49.8, benchmark=None)
    assert judged.status == "no data"
    assert "--community FILE" in judged.note


def test_target_params_are_checked() -> None:
    with pytest.raises(ValueError, match="unknown parameter weeks"):
        count_target(">=", 1, params={"weeks": 3})
    with pytest.raises(ValueError, match="training_days must be a number"):
        count_target(">=", 1, params={"training_days": "ten"})
