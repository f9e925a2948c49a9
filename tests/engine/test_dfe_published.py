"""The engine gives back DfE's published figures from worker-level extracts rebuilt from them.

For each row of ``tests/data/csww_indicators_sample.csv`` (England, London and twelve authorities,
2017 to 2025) we build worker, vacancy and absence rows whose sums are the published numerators
and denominators (see ``dfe_extract``), run :func:`wfkpi.engine.compute` at 30 September, and
compare every figure, rounded to one decimal place, with the published one. Odd years take
sickness from an absences table of spells whose working days the engine counts itself; even years
from ``workers.sickness_days``.
"""

from __future__ import annotations

from collections import Counter

import pytest
from dfe_extract import RATES, build, inputs, name, number, read_published, solve

from wfkpi.engine.report import compute

ROWS = read_published()

# Published aggregate rates that no totals within the rounding of the published numerators and
# denominators give back: DfE leaves an authority whose numerator is missing out of the
# denominator of the regional and national rate too (kpi-definitions.md, section 1), so these
# rates are not the published numerator over the published denominator.
NOT_FROM_PUBLISHED_TOTALS = {
    "England 2024": {
        "absence_rate_fte", "agency_cover_rate_fte", "agency_rate_fte", "agency_rate_headcount",
        "turnover_rate_fte", "vacancy_agency_cover_rate_fte",
    },
    "England 2023": {"absence_rate_fte", "agency_cover_rate_fte", "agency_rate_fte"},
    "London 2023": {"agency_cover_rate_fte", "agency_rate_fte"},
    "England 2022": {"turnover_rate_fte", "turnover_rate_headcount"},
    "England 2018": {"vacancy_agency_cover_rate_fte"},
    "London 2018": {"vacancy_agency_cover_rate_fte"},
    "England 2017": {"agency_cover_rate_fte", "vacancy_agency_cover_rate_fte"},
    "London 2017": {"agency_cover_rate_fte", "vacancy_agency_cover_rate_fte"},
}  # fmt: skip

BUILDABLE = [row for row in ROWS if number(row["inpost_headcount"]) is not None]


def run(row):
    solution = solve(row)
    extract = build(row, solution, use_absences=int(row["time_period"]) % 2 == 1)
    report = compute(extract.workers, extract.vacancies, extract.absences, as_at=extract.as_at)
    return solution, extract, report


@pytest.mark.parametrize("row", BUILDABLE, ids=name)
def test_published_figures_come_back(row):
    solution, extract, report = run(row)
    assert solution.inconsistent == NOT_FROM_PUBLISHED_TOTALS.get(name(row), set())
    for kpi in sorted(extract.checks):
        value = report.kpis[kpi].value
        assert value is not None, (kpi, report.kpis[kpi].note)
        assert round(value, 1) == number(row[kpi]), kpi
    for kpi in RATES:
        if row[kpi] == "z":  # not applicable (Isles of Scilly has no social worker in post)
            assert report.kpis[kpi].value is None, kpi


def test_what_the_reproduction_covers():
    """Every published rate of every local authority row whose inputs are published comes
    back; pin how many."""
    reproduced: Counter[str] = Counter()
    places = set()
    for row in BUILDABLE:
        solution = solve(row)
        reproduced.update(solution.consistent)
        if solution.consistent:
            places.add(row["la_name"] or row["region_name"] or row["country_name"])
        if row["geographic_level"] == "Local authority":
            published = {
                kpi
                for kpi in RATES
                if all(number(row[key]) is not None for key in (kpi, *inputs(kpi)))
            }
            assert solution.consistent == published, name(row)
    assert len(BUILDABLE) == 125  # Kensington and Chelsea 2025 is all "x"
    assert len(places) == 14
    # rows reproduced, of the rows publishing the rate (125 rows in all)
    assert dict(reproduced) == {
        "turnover_rate_fte": 117,  # of 119
        "turnover_rate_headcount": 119,  # of 120
        "agency_rate_fte": 114,  # of 117
        "agency_rate_headcount": 123,  # of 124
        "vacancy_rate_fte": 125,  # of 125
        "agency_cover_rate_fte": 104,  # of 112
        "vacancy_agency_cover_rate_fte": 105,  # of 113
        "caseload_fte": 124,  # of 124
        "absence_rate_fte": 114,  # of 116
    }
    assert sum(reproduced.values()) == 1045
