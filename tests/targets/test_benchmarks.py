"""Benchmarks come from DfE's published file, for the year matching the reference date."""

from __future__ import annotations

import datetime as dt

import pytest

from wfkpi.targets.benchmarks import Figure, dfe


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
