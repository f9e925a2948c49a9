"""The typed scorecard: which targets ``--fail-on`` counts as missed, the summary, and the plain
dict of the JSON contract (docs/targets.md) it serialises to."""

from __future__ import annotations

import dataclasses
import datetime as dt
from typing import Any

import pytest

from wfkpi.core.names import STATUSES
from wfkpi.targets.benchmarks import DFE_ATTRIBUTION, Figure
from wfkpi.targets.config import Council, Source
from wfkpi.targets.scorecard import Definition, GroupRow, Row, Scorecard

SOURCE = Source(document="strategy.pdf", section="Our targets", quote="below 10%")


def row(target_id: str, status: str, **changes: Any) -> Row:
    made = Row(target_id=target_id, kpi="agency_rate_fte", label="Agency rate (FTE)",
               method="dfe", scope=None, scope_inferred=False, unit="%", value=12.5,
               numerator=5.0, denominator=40.0, target="<= 10%", due=None, status=status,
               status_note="", previous=None, as_of=None, flags=(), benchmark_value=None,
               benchmarks=(), breakdown=None, groups=(), source=SOURCE, note=None)
    return dataclasses.replace(made, **changes)


def card(*rows: Row) -> Scorecard:
    council = Council.model_validate({
        "name": "Somewhere Council", "document": "strategy.pdf",
        "strategy_period": {"text": "2024 to 2027"}, "targets": []})
    return Scorecard("somewhere", council, "extract/", dt.date(2025, 3, 31),
                     dt.date(2024, 4, 1), "given", rows, (), None,
                     {"input": {"verdict": "VALID"}, "set_aside": {}})


MIXED = card(row("a", "green"), row("b", "red"), row("c", "amber"), row("d", "no data"),
             row("e", "not measured"), row("f", "red"), row("g", "amber"))


def test_fail_on_red_counts_the_red_targets_in_the_cards_order() -> None:
    assert MIXED.missed("red") == ["b", "f"]


def test_fail_on_amber_counts_red_and_amber() -> None:
    assert MIXED.missed("amber") == ["b", "c", "f", "g"]


def test_no_data_and_not_measured_are_never_missed() -> None:
    quiet = card(row("a", "green"), row("b", "no data"), row("c", "not measured"))
    assert quiet.missed("red") == quiet.missed("amber") == []
    assert card().missed("amber") == []


def test_fail_on_is_red_or_amber() -> None:
    with pytest.raises(ValueError, match="fail_on is red or amber, not .green."):
        MIXED.missed("green")


def test_the_summary_names_every_status_in_order() -> None:
    assert MIXED.summary == {"green": 1, "amber": 2, "red": 2, "no data": 1, "not measured": 1}
    assert list(card().summary) == list(STATUSES)
    assert set(card().summary.values()) == {0}


def test_to_dict_is_the_json_contract() -> None:
    judged = row("t", "amber", due=dt.date(2026, 3, 31), as_of=dt.date(2025, 3, 28),
                 flags=("implausible",), benchmark_value=11.7, previous=14.0,
                 benchmarks=(Figure("England, DfE 2024", 11.7),), breakdown="team",
                 groups=(GroupRow("A", 3, None, None, "not judged", "fewer than 5 people"),))
    sheet = dataclasses.replace(card(judged), definitions=(
        Definition("agency_rate_fte", "dfe", "Agency rate (FTE)", "%", "Agency FTE ..."),))
    data = sheet.to_dict()
    assert list(data) == ["schema_version", "council", "path", "as_at", "period_start",
                          "as_at_source", "summary", "rows", "definitions", "community",
                          "data_quality", "attribution"]
    assert data["council"] == {"id": "somewhere", "name": "Somewhere Council",
                               "document": "strategy.pdf", "strategy_period": "2024 to 2027"}
    assert (data["schema_version"], data["as_at"], data["period_start"]) == (
        1, "2025-03-31", "2024-04-01")
    assert data["attribution"] == DFE_ATTRIBUTION and data["community"] is None
    assert data["data_quality"] == {"input": {"verdict": "VALID"}, "set_aside": {}}
    assert data["definitions"] == [{"kpi": "agency_rate_fte", "method": "dfe",
                                    "label": "Agency rate (FTE)", "unit": "%",
                                    "definition": "Agency FTE ..."}]
    assert data["rows"] == [{
        "target_id": "t", "kpi": "agency_rate_fte", "label": "Agency rate (FTE)",
        "method": "dfe", "scope": None, "scope_inferred": False, "unit": "%", "value": 12.5,
        "numerator": 5.0, "denominator": 40.0, "target": "<= 10%", "due": "2026-03-31",
        "status": "amber", "status_note": "", "previous": 14.0, "as_of": "2025-03-28",
        "flags": ["implausible"], "benchmark_value": 11.7,
        "benchmarks": [{"name": "England, DfE 2024", "value": 11.7}], "breakdown": "team",
        "groups": [{"group": "A", "headcount": 3, "value": None, "previous": None,
                    "status": "not judged", "note": "fewer than 5 people"}],
        "source": {"document": "strategy.pdf", "section": "Our targets", "quote": "below 10%"},
        "note": None, "peers": None, "peers_note": None}]
    assert list(data["rows"][0]) == [field.name for field in dataclasses.fields(Row)]
