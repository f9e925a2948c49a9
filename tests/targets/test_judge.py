"""Red, amber and green on hand-made targets, one comparison at a time (wfkpi.targets.judge)."""

from __future__ import annotations

from typing import Any

import pytest

from wfkpi.targets.config import Target
from wfkpi.targets.judge import Judgement, judge, needs_previous, target_value, trusted


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


# ------------------------------------------------------------- every kind, at its boundaries

def benchmarked(comparison: str, amber: dict[str, Any] | None = None,
                geography: str = "England") -> Target:
    return target(comparison, None, amber, benchmark={"source": "dfe", "geography": geography})


@pytest.mark.parametrize(
    ("card", "value", "status", "note"),
    [
        # a strict bound is missed by a value equal to it, an inclusive one met
        (target("<", 10, {"upper": 12}), 10.0, "amber",
         "10.0% misses the target (< 10.0%) but is within the amber limit of 12.0%"),
        (target("<", 10, {"upper": 12}), 12.0, "amber",
         "12.0% misses the target (< 10.0%) but is within the amber limit of 12.0%"),
        (target("<", 10, {"upper": 12}), 12.1, "red",
         "12.1% misses the target (< 10.0%); the amber limit is 12.0%"),
        (target("<=", 10), 10.0, "green", "10.0% meets the target (<= 10.0%)"),
        (target("<=", 10), 10.1, "red", "10.1% misses the target (<= 10.0%)"),
        (target(">", 50), 50.0, "red", "50.0% misses the target (> 50.0%)"),
        (target(">", 50), 50.1, "green", "50.1% meets the target (> 50.0%)"),
        (target(">=", 35, {"lower": 31}), 35.0, "green", "35.0% meets the target (>= 35.0%)"),
        (target(">=", 35, {"lower": 31}), 31.0, "amber",
         "31.0% misses the target (>= 35.0%) but is within the amber limit of 31.0%"),
        (target(">=", 35, {"lower": 31}), 30.9, "red",
         "30.9% misses the target (>= 35.0%); the amber limit is 31.0%"),
        # a range holds both its ends; the amber margin is measured from the nearer end
        (target("range", {"min": 15, "max": 20}, {"margin": 2}), 15.0, "green",
         "15.0% is within 15 to 20"),
        (target("range", {"min": 15, "max": 20}, {"margin": 2}), 20.0, "green",
         "20.0% is within 15 to 20"),
        (target("range", {"min": 15, "max": 20}, {"margin": 2}), 22.0, "amber",
         "22.0% is outside 15 to 20 by 2.0, within the amber margin of 2"),
        (target("range", {"min": 15, "max": 20}, {"margin": 2}), 13.0, "amber",
         "13.0% is outside 15 to 20 by 2.0, within the amber margin of 2"),
        (target("range", {"min": 15, "max": 20}, {"margin": 2}), 22.1, "red",
         "22.1% is outside 15 to 20"),
        (target("range", {"min": 15, "max": 20}), 20.1, "red", "20.1% is outside 15 to 20"),
    ],
)
def test_a_fixed_target_at_its_boundaries(card: Target, value: float, status: str,
                                          note: str) -> None:
    assert judge(card, value) == Judgement(status, note)


@pytest.mark.parametrize(
    ("card", "value", "status", "note"),
    [
        (benchmarked("<=benchmark", {"margin": 2.0}), 11.7, "green",
         "11.7% meets England (<= 11.7%)"),
        (benchmarked("<=benchmark", {"margin": 2.0}), 13.7, "amber",
         "13.7% misses England (<= 11.7%) but is within the amber limit of 13.7%"),
        (benchmarked("<=benchmark"), 11.8, "red", "11.8% misses England (<= 11.7%)"),
        (benchmarked(">=benchmark", {"margin": 5.0}), 11.7, "green",
         "11.7% meets England (>= 11.7%)"),
        (benchmarked(">=benchmark", {"margin": 5.0}), 6.7, "amber",
         "6.7% misses England (>= 11.7%) but is within the amber limit of 6.7%"),
        (benchmarked(">=benchmark", {"margin": 5.0}), 6.6, "red",
         "6.6% misses England (>= 11.7%); the amber limit is 6.7%"),
        # above: the benchmark itself is not enough
        (benchmarked(">benchmark"), 11.7, "red", "11.7% misses England (> 11.7%)"),
        (benchmarked(">benchmark"), 11.8, "green", "11.8% meets England (> 11.7%)"),
    ],
)
def test_a_benchmarked_target_at_its_boundaries(card: Target, value: float, status: str,
                                                note: str) -> None:
    assert judge(card, value, benchmark=11.7) == Judgement(status, note)


@pytest.mark.parametrize(
    ("card", "value", "status", "note"),
    [
        # lower than last year, up to 1 pp worse amber
        (target("decrease_vs_previous", None, {"tolerance": 1.0, "unit": "pp"}), 19.9, "green",
         "20.0% → 19.9%: moved the right way"),
        (target("decrease_vs_previous", None, {"tolerance": 1.0, "unit": "pp"}), 20.0, "amber",
         "20.0% → 20.0%: flat or worse by no more than 1.0"),
        (target("decrease_vs_previous", None, {"tolerance": 1.0, "unit": "pp"}), 21.0, "amber",
         "20.0% → 21.0%: flat or worse by no more than 1.0"),
        (target("decrease_vs_previous", None, {"tolerance": 1.0, "unit": "pp"}), 21.1, "red",
         "20.0% → 21.1%: moved the wrong way"),
        # higher than last year with no amber band: flat is amber, any fall red
        (target("increase_vs_previous"), 20.0, "amber",
         "20.0% → 20.0%: flat or worse by no more than 0.0"),
        (target("increase_vs_previous"), 19.9, "red", "20.0% → 19.9%: moved the wrong way"),
        # a stated size of change: exactly that size is met
        (target("increase_vs_previous", 2, {"lower": 1}), 22.0, "green",
         "20.0% → 22.0%: moved the right way by 2 or more"),
        (target("increase_vs_previous", 2, {"lower": 1}), 21.0, "amber",
         "20.0% → 21.0%: short of 2 but at least 1"),
        (target("increase_vs_previous", 2, {"lower": 1}), 20.9, "red",
         "20.0% → 20.9%: short of 2"),
        (target("decrease_vs_previous", 2), 18.0, "green",
         "20.0% → 18.0%: moved the right way by 2 or more"),
        (target("decrease_vs_previous", 2), 18.1, "red", "20.0% → 18.1%: short of 2"),
        # a change within a range, both ends held
        (target("range_vs_previous", {"min": -1, "max": 1}), 21.0, "green",
         "20.0% → 21.0%: the change is within the range"),
        (target("range_vs_previous", {"min": -1, "max": 1}), 19.0, "green",
         "20.0% → 19.0%: the change is within the range"),
        (target("range_vs_previous", {"min": -1, "max": 1}), 21.1, "red",
         "20.0% → 21.1%: the change is outside the range"),
    ],
)
def test_a_year_on_year_target_at_its_boundaries(card: Target, value: float, status: str,
                                                 note: str) -> None:
    assert judge(card, value, previous=20.0) == Judgement(status, note)


MEASURABLE = [
    target("<", 10), target("<=", 10), target(">", 10), target(">=", 10),
    target("range", {"min": 1, "max": 2}), benchmarked("<=benchmark"),
    benchmarked(">=benchmark"), benchmarked(">benchmark"), target("decrease_vs_previous"),
    target("increase_vs_previous"), target("range_vs_previous", {"min": -1, "max": 1}),
]


@pytest.mark.parametrize("card", MEASURABLE, ids=lambda t: t.comparison)
def test_no_value_is_no_data_whatever_the_comparison(card: Target) -> None:
    assert judge(card, None, previous=10.0, benchmark=10.0) == Judgement(
        "no data", "the KPI has no value")
    assert judge(card, None, why_none="no vacancies table") == Judgement(
        "no data", "no vacancies table")


def test_nothing_to_compare_with_is_no_data() -> None:
    assert judge(target("decrease_vs_previous"), 10.0) == Judgement(
        "no data", "no figure for the previous year")
    assert judge(benchmarked("<=benchmark", geography="Narnia"), 10.0) == Judgement(
        "no data", "no Narnia figure to compare with")


def test_only_year_on_year_targets_need_last_years_figure() -> None:
    assert [needs_previous(card) for card in MEASURABLE] == [False] * 8 + [True] * 3


# ------------------------------------------------------------------------------ trust

def test_a_flag_holds_green_back_to_amber_and_is_added_to_any_other_note() -> None:
    flag = "data quality: 30 of 100 rows are gaps (30%: no_fte 30)"
    assert trusted(Judgement("green", "9.0% meets the target"), []) == Judgement(
        "green", "9.0% meets the target")
    assert trusted(Judgement("green", "9.0% meets the target"), [flag]) == Judgement(
        "amber", f"9.0% meets the target, but not green until the data is fixed: {flag}; green "
                 "needs at most 10% of the rows to be gaps, and a plausible figure")
    assert trusted(Judgement("red", "12.1% misses the target"), [flag, "implausible"]) == \
        Judgement("red", f"12.1% misses the target; {flag}; implausible")


# ---------------------------------------------------------------------- the trend's line

@pytest.mark.parametrize(
    ("card", "previous", "benchmark", "line"),
    [
        (target("<=", 20), 25.0, 11.7, 20.0),
        (target(">", 35), None, None, 35.0),
        (target("decrease_vs_previous"), 14.5, None, 14.5),
        (target("increase_vs_previous"), None, None, None),
        (target("decrease_vs_previous", 2), 20.0, None, 18.0),
        (target("increase_vs_previous", 2), 20.0, None, 22.0),
        (count_target("increase_vs_previous", 15, change="relative"), 200.0, None, 230.0),
        (count_target("decrease_vs_previous", 10, change="relative"), 200.0, None, 180.0),
        (count_target("increase_vs_previous", 15, change="relative"), None, None, None),
        (benchmarked("<=benchmark"), 20.0, 11.7, 11.7),
        (benchmarked(">=benchmark"), None, None, None),
        (target("range", {"min": 15, "max": 20}), 18.0, 11.7, None),
        (target("range_vs_previous", {"min": -1, "max": 1}), 18.0, None, None),
    ],
)
def test_the_target_line(card: Target, previous: float | None, benchmark: float | None,
                         line: float | None) -> None:
    assert target_value(card, previous, benchmark) == pytest.approx(line)
