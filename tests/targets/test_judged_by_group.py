"""Targets judged group by group: the ``breakdown`` key, and the status a row gets from its groups
(docs/targets.md, "Targets judged group by group")."""

from __future__ import annotations

from typing import Any

import pandas as pd
import pytest

from wfkpi.engine.scope_mask import apply_scope
from wfkpi.engine.scopes import Scope
from wfkpi.targets.config import Breakdown, Target
from wfkpi.targets.judge import Judgement, by_group
from wfkpi.targets.scorecard import population


def target(breakdown: Any, comparison: str = "decrease_vs_previous", value: Any = None,
           amber: dict[str, Any] | None = None) -> Target:
    return Target.model_validate({
        "id": "t", "kpi": "turnover_rate_fte", "method": "dfe", "scope": None,
        "comparison": comparison, "value": value, "unit": "percent", "due": None,
        "amber": amber if amber is not None else {"tolerance": 2.0, "unit": "pp"},
        "measurable": True, "breakdown": breakdown,
        "source": {"document": "d", "section": "s", "quote": "words"}})


def test_a_column_name_is_short_for_every_group_of_it() -> None:
    assert target("team").breakdown == Breakdown(by="team")
    assert target({"by": "team", "groups": ["FSCP 1", "CAT"]}).breakdown.groups == (
        "FSCP 1", "CAT")
    assert target("team").describe() == "lower than the previous year, in each team"
    named = target({"by": "org_role", "groups": [4, 5]}, "<=", 15, {"upper": 17})
    assert named.describe() == "<= 15%, in each of 2 named org roles"


@pytest.mark.parametrize(
    ("breakdown", "message"),
    [("team: long-term teams (FSCP, CAT)", "is not a column to break down by"),
     ({"by": "org_role", "groups": ["five"]}, "expected a whole number"),
     ({"by": "team", "groups": ["CAT", "cat "]}, "groups named twice: CAT, cat"),
     ({"by": "team", "groups": []}, None)],
)
def test_breakdowns_are_checked(breakdown: Any, message: str | None) -> None:
    if message is None:  # no groups named: every group
        assert target(breakdown).breakdown == Breakdown(by="team")
        return
    with pytest.raises(ValueError, match=message):
        target(breakdown)


def test_a_breakdown_needs_a_measurable_target() -> None:
    with pytest.raises(ValueError, match="a breakdown needs a measurable target"):
        Target.model_validate({
            "id": "s", "kpi": None, "method": None, "scope": None, "comparison": "qualitative",
            "value": None, "unit": None, "due": None, "amber": None, "measurable": False,
            "reason": "survey", "breakdown": "team",
            "source": {"document": "d", "section": "s", "quote": "words"}})


def test_named_groups_narrow_the_population() -> None:
    """The target counts the named teams only, matched ignoring case and spaces; where its scope
    limits the teams as well, the teams both allow."""
    staff = pd.DataFrame({"worker_id": ["a", "b", "c", "d"],
                          "team": pd.Series(["FSCP 1", " fscp 2 ", "MASH", "CAT"], dtype="string"),
                          "org_role": pd.array([5, 5, 5, 3], dtype="Int64")})
    named = Breakdown(by="team", groups=("fscp 1", "FSCP 2", "CAT"))
    everyone = population(None, named)
    assert everyone is not None and everyone.name == "everyone (team: fscp 1, FSCP 2, CAT)"
    assert list(apply_scope(staff, everyone)["worker_id"]) == ["a", "b", "d"]
    front = Scope(name="front", where={"team": ("CAT", "MASH")})
    assert list(apply_scope(staff, population(front, named))["worker_id"]) == ["d"]
    holders = Scope(name="holders", where={"org_role": (5,)})
    assert list(apply_scope(staff, population(holders, named))["worker_id"]) == ["a", "b"]
    nobody = Scope(name="mash", where={"team": ("MASH",)})
    assert apply_scope(staff, population(nobody, named)).empty
    assert population(holders, Breakdown(by="team")) is holders  # every team: the scope as is


def groups(statuses: list[str]) -> list[tuple[str, str]]:
    """Groups A, B, C… with these statuses."""
    return [(chr(65 + n), status) for n, status in enumerate(statuses)]


TOGETHER = Judgement("green", "14.5% → 12.2%: moved the right way")


@pytest.mark.parametrize(
    ("statuses", "status"),
    [
        # any red group makes the row red, however the rest do and whatever the total does
        (["green", "green", "red", "amber"], "red"),
        (["green", "amber", "not judged"], "amber"),
        # a group with no figure keeps the row from green, and is not enough for red
        (["green", "no data"], "amber"),
        (["green", "green", "not judged"], "green"),
        # nothing judged: no data
        (["not judged", "no data"], "no data"),
        ([], "no data"),
    ],
)
def test_the_row_status_from_its_groups(statuses: list[str], status: str) -> None:
    assert by_group(target("team"), groups(statuses), TOGETHER).status == status


def test_the_note_counts_the_groups_and_names_those_that_missed() -> None:
    """Eleven teams: four red, three amber, three green, one too small; ten are judged."""
    statuses = ["red"] * 4 + ["amber"] * 3 + ["green"] * 3 + ["not judged"]
    judged = by_group(target("team"), groups(statuses), TOGETHER)
    assert judged == Judgement("red", (
        "4 of 10 teams worsened by more than 2 pp: A, B, C, D; 3 amber: E, F, G; 3 green; "
        "1 under 5 people, not judged: K; the teams together: 14.5% → 12.2%: moved the right "
        "way"))


@pytest.mark.parametrize(
    ("comparison", "value", "amber", "words"),
    [("decrease_vs_previous", None, {"tolerance": 5, "unit": "percent"},
      "worsened by more than 5% of last year's figure"),
     ("increase_vs_previous", None, {}, "moved the wrong way"),
     ("<=", 15, {"upper": 16.5}, "missed the target beyond the amber band"),
     ("<=", 15, {}, "missed the target"),
     ("range_vs_previous", {"min": -15, "max": 15}, {}, "changed by more than the range allows")],
)
def test_what_a_red_group_did_in_words(comparison: str, value: Any, amber: dict[str, Any],
                                       words: str) -> None:
    card = target("team", comparison, value, amber)
    note = by_group(card, [("A", "red")], TOGETHER).note
    assert note.startswith(f"1 of 1 teams {words}: A;")


def test_groups_with_no_figure_are_named_in_the_groups_word() -> None:
    card = target({"by": "org_role", "groups": [4, 5, 6]}, "<=", 15, {"upper": 17})
    judged = by_group(card, [("4", "green"), ("5", "no data"), ("6", "no data")], TOGETHER)
    assert judged == Judgement("amber", (
        "0 of 3 org roles missed the target beyond the amber band; 1 green; 2 with no figure: "
        "5, 6; the org roles together: 14.5% → 12.2%: moved the right way"))
