"""The CSV scorecard: one row per target, unrounded, safe to open in a spreadsheet."""

from __future__ import annotations

import csv
import io
from typing import Any

from wfkpi.render.scorecard.csv import FIELDS as CSV_FIELDS
from wfkpi.render.scorecard.csv import render as to_csv


def _rows(text: str) -> list[dict[str, str]]:
    return list(csv.DictReader(io.StringIO(text)))


def test_matches_the_golden_file(card: dict[str, Any], golden: Any) -> None:
    golden("scorecard.csv", to_csv(card))


def test_one_row_per_target_in_the_strategy_order(card: dict[str, Any]) -> None:
    text = to_csv(card)
    rows = _rows(text)
    assert text.splitlines()[0] == ",".join(CSV_FIELDS)
    assert [row["target_id"] for row in rows] == [row["target_id"] for row in card["rows"]]
    assert "\r" not in text and text.endswith("\n")


def test_figures_are_unrounded_and_blank_when_missing(card: dict[str, Any]) -> None:
    rows = {row["target_id"]: row for row in _rows(to_csv(card))}
    assert rows["agency_rate_max_20"]["value"] == "35.21752641392169"
    assert rows["agency_rate_max_20"]["denominator"] == "482.7"
    assert rows["permanent_up_10pct"]["previous"] == "254.0"
    assert rows["sickness_days_max_8"]["value"] == ""
    assert rows["staff_survey"]["kpi"] == ""
    assert rows["agency_rate_max_20"]["benchmarks"] == (
        "Kingsbridge, DfE 2025=34.1; Outer London, DfE 2025=23.4; England, DfE 2025=17.8")


def test_quotes_commas_and_unicode_survive_a_round_trip(card: dict[str, Any]) -> None:
    rows = {row["target_id"]: row for row in _rows(to_csv(card))}
    for row in card["rows"]:
        assert rows[row["target_id"]]["quote"] == row["source"]["quote"]
    assert "£2,500" in rows["market_supplement"]["quote"]
    assert rows["sickness_days_max_8"]["section"] == "6. Wellbeing – café conversations"


def test_text_a_spreadsheet_would_run_is_defused(card: dict[str, Any]) -> None:
    rows = {row["target_id"]: row for row in _rows(to_csv(card))}
    assert rows["permanent_up_10pct"]["label"] == "'+10% permanent social workers"
    assert rows["permanent_up_10pct"]["status_note"].startswith("'+13.0%")
    assert rows["exit_interviews_all"]["target"] == "'= 100%"
    assert rows["turnover_reducing"]["target"] == "'-1 percentage point on the previous year"
    assert rows["market_supplement"]["note"] == "'@pay team: the strategy's figure is per person"


def test_every_dangerous_first_character_and_only_those(card: dict[str, Any]) -> None:
    starts = ["=1+1", "+1", "-1", "@SUM(A1)", "\tx", "\rx", "a=b", " =x", "'x"]
    for n, text in enumerate(starts):
        card["rows"][n]["label"] = text
    labels = [row["label"] for row in _rows(to_csv(card))][:len(starts)]
    assert labels == ["'=1+1", "'+1", "'-1", "'@SUM(A1)", "'\tx", "'\nx", "a=b", " =x", "'x"]


def test_a_carriage_return_never_splits_a_row(card: dict[str, Any]) -> None:
    card["rows"][0]["note"] = "one\rtwo\r\nthree"
    rows = _rows(to_csv(card))
    assert len(rows) == len(card["rows"])
    assert rows[0]["note"] == "one\ntwo\nthree"


def test_numbers_are_never_prefixed_even_when_negative(card: dict[str, Any]) -> None:
    card["rows"][0]["value"] = -2.5
    card["rows"][0]["previous"] = -1
    row = _rows(to_csv(card))[0]
    assert (row["value"], row["previous"]) == ("-2.5", "-1")


def test_the_same_card_gives_the_same_text(card: dict[str, Any]) -> None:
    assert to_csv(card) == to_csv(dict(card))


def test_groups_and_an_inferred_scope(card: dict[str, Any]) -> None:
    """Each group's figure unrounded, last year's when there is one, and its status."""
    card["rows"][3]["groups"][0]["previous"] = 18.5
    rows = {row["target_id"]: row for row in _rows(to_csv(card))}
    assert rows["caseload_at_most_18"]["groups"] == (
        "Assessment=17.26 (was 18.5) green; Children & Families <East>=16.5 green; "
        "Court | Legal= not judged")
    assert rows["agency_rate_max_20"]["groups"] == ""
    assert [rows[t]["scope_inferred"] for t in ("agency_rate_outer_london",
                                                 "agency_rate_max_20")] == ["true", "false"]
