"""Benchmarks come from DfE's published file, for the year matching the reference date, and
stand beside a target only where they measure what it measures (docs/targets.md, "Benchmarks")."""

from __future__ import annotations

import datetime as dt
from typing import Any

import pytest

from wfkpi.engine.scopes import load_scopes
from wfkpi.targets.benchmarks import Figure, benchmarks_for, dfe
from wfkpi.targets.config import Council, Target


@pytest.mark.parametrize(
    ("as_at", "year"),
    [(dt.date(2025, 9, 30), 2025), (dt.date(2025, 9, 29), 2024), (dt.date(2025, 3, 31), 2024),
     (dt.date(2030, 1, 31), 2025), (dt.date(2017, 9, 30), 2017), (dt.date(2017, 9, 29), None),
     (dt.date(2010, 1, 31), None)],
)
def test_matching_year(as_at: dt.date, year: int | None) -> None:
    assert dfe().year_for(as_at) == year


def test_a_council_its_region_and_england() -> None:
    # Published: Lambeth 2025 turnover 9.7, Inner London 11.7, England 11.8.
    assert dfe().comparators("Lambeth", 2025, "turnover_rate_fte") == [
        Figure("Lambeth, DfE 2025", 9.7), Figure("Inner London, DfE 2025", 11.7),
        Figure("England, DfE 2025", 11.8)]
    assert dfe().comparators("Peterborough", 2024, "agency_rate_fte", rate=False) == [
        Figure("Peterborough, DfE 2024", dfe().value("Peterborough", 2024, "agency_rate_fte"))]


def test_suppressed_and_unknown_figures_are_none() -> None:
    assert dfe().value("Kensington and Chelsea", 2025, "turnover_rate_fte") is None  # "x"
    assert dfe().value("Narnia", 2025, "turnover_rate_fte") is None
    assert dfe().value("England", 2025, "no_such_kpi") is None
    assert dfe().comparators("Narnia", 2025, "turnover_rate_fte") == [
        Figure("England, DfE 2025", 11.8)]


def council(dfe_area: str | None) -> Council:
    return Council.model_validate({"name": "C", "document": "d.txt", "dfe_area": dfe_area,
                                   "strategy_period": {"text": "2025"}, "targets": []})


def measured(kpi: str, scope: str | None = None, **extra: Any) -> Target:
    return Target.model_validate({
        "id": "t", "kpi": kpi, "method": "dfe", "scope": scope, "comparison": "<=", "value": 20,
        "unit": "percent", "due": None, "amber": None, "measurable": True,
        "source": {"document": "d", "section": "s", "quote": "words"}, **extra})


def names(target: Target, area: str | None, unit: str = "%") -> list[str]:
    scope = load_scopes()[target.scope] if target.scope else None
    _, figures = benchmarks_for(target, council(area), [], 2025, unit, None, scope)
    return [f.name for f in figures]


@pytest.mark.parametrize("scope", [None, "qualified_social_workers"])
def test_dfe_figures_are_like_for_like_for_dfes_population(scope: str | None) -> None:
    """Everyone in a children's social-work extract, or its qualified social workers: DfE's
    own population, so its figures stand as they are."""
    assert names(measured("turnover_rate_fte", scope), "Lambeth") == [
        "Lambeth, DfE 2025", "Inner London, DfE 2025", "England, DfE 2025"]


def test_a_narrower_scope_gets_dfe_figures_as_context_only() -> None:
    """Lambeth's ASYE cohort beside DfE's starters, all of them: context, and said so."""
    assert names(measured("starters_headcount", "asye"), "Lambeth", "people") == [
        "Lambeth, DfE 2025 (context: all children's social workers, not only ASYE social "
        "workers)"]
    assert names(measured("caseload_fte", "case_holders"), "Lambeth", "cases per FTE")[0] == (
        "Lambeth, DfE 2025 (context: all children's social workers, not only case-holding "
        "social workers)")
    teams = measured("caseload_fte", "case_holders",
                     breakdown={"by": "team", "groups": ["FSCP 1", "FSCP 2"]})
    assert names(teams, "Lambeth", "cases per FTE")[0].endswith(
        "(context: all children's social workers, not only case-holding social workers in "
        "2 named teams)")
    every_team = measured("turnover_rate_fte", breakdown="team")  # the total is DfE's population
    assert names(every_team, "Lambeth")[0] == "Lambeth, DfE 2025"


def test_an_adult_services_council_gets_no_dfe_figure() -> None:
    """Camden adult social care's agency rate uses DfE's formula, but DfE's figures are for
    children's social workers: none is shown, not even England's."""
    assert names(measured("agency_rate_fte"), None) == []
