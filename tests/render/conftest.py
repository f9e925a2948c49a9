"""A small scorecard in the shape ``wfkpi.app.scorecard.scorecard`` returns, for the renderer tests.

Twelve targets with every status, a measured KPI without a value, a year-on-year comparison, a
quote with commas and double quotes, text that a spreadsheet would read as a formula (a label
starting with ``+``, a target ``= 100%``, another starting with ``-``, a note starting with
``@``) and non-ASCII text (``£``, ``é``, en dashes); a scope marked inferred, and a target judged
team by team (two teams green, one too small to judge, names with ``&``, ``<`` and ``|``).
"""

from __future__ import annotations

import copy
from typing import Any

import pytest

DOCUMENT = "kingsbridge-childrens-workforce-strategy-2023-2026.txt"
DFE = "Contains public sector information licensed under the Open Government Licence v3.0 " \
      "(Department for Education, Children's social work workforce statistics, 2017 to 2025)."


def _source(section: str, quote: str) -> dict[str, str]:
    return {"document": DOCUMENT, "section": section, "quote": quote}


def _dfe(unit_figures: tuple[float, float, float]) -> list[dict[str, Any]]:
    names = ("Kingsbridge, DfE 2025", "Outer London, DfE 2025", "England, DfE 2025")
    return [{"name": name, "value": value} for name, value in zip(names, unit_figures,
                                                                  strict=True)]


def _row(target_id: str, kpi: str | None, label: str, unit: str | None, status: str,
         **fields: Any) -> dict[str, Any]:
    row: dict[str, Any] = {
        "target_id": target_id, "kpi": kpi, "label": label, "method": "dfe" if kpi else None,
        "scope": None, "unit": unit, "value": None, "numerator": None, "denominator": None,
        "target": "", "due": None, "status": status, "status_note": "", "previous": None,
        "benchmarks": [], "breakdown": None, "groups": [], "scope_inferred": False,
        "source": _source("Our measures of success", ""), "note": None}
    row.update(fields)
    return row


ROWS = [
    _row("agency_rate_max_20", "agency_rate_fte", "Agency worker rate (FTE)", "%", "red",
         value=35.21752641392169, numerator=170.0, denominator=482.7, target="<= 20%",
         due="2026-03-31",
         status_note="35.2% misses the target (<= 20.0%); the amber limit is 22.0%",
         benchmarks=_dfe((34.1, 23.4, 17.8)),
         source=_source("5. Measures of success, \"Stability\"",
                        'Agency staff below 20% of our total workforce, "as soon as we can", '
                        "and no higher than our neighbours'"),
         note="The strategy counts all staff, not only social workers."),
    _row("agency_rate_outer_london", "agency_rate_fte", "Agency worker rate (FTE)", "%", "amber",
         scope="qualified_social_workers", scope_inferred=True, value=24.06015037593985,
         numerator=96.0,
         denominator=399.0, target="at or below Outer London", due="2026-03-31",
         status_note="24.1% misses Outer London (<= 23.4%) but is within the amber limit "
                     "of 25.4%",
         benchmarks=_dfe((34.1, 23.4, 17.8)),
         source=_source("3. Recruiting a permanent workforce",
                        "bringing this in line with the Outer London average")),
    _row("turnover_below_15", "turnover_rate_fte", "Turnover rate (FTE)", "%", "green",
         value=12.5, numerator=50.0, denominator=400.0, target="< 15%", due="2025-03-31",
         status_note="12.5% meets the target (< 15.0%)",
         benchmarks=_dfe((16.2, 15.1, 15.9)),
         source=_source("5. Measures of success", "Reduce social worker turnover to under 15%")),
    _row("caseload_at_most_18", "caseload_fte", "Average caseload per FTE", "cases per FTE",
         "green", scope="case_holders", value=16.96969696969697, numerator=560.0,
         denominator=33.0, target="<= 18 cases, in each team", due=None,
         status_note="0 of 2 teams missed the target; 2 green; 1 under 5 people, not judged: "
                     "Court | Legal; the teams together: 17.0 meets the target (<= 18.0)",
         breakdown="team",
         groups=[{"group": "Assessment", "headcount": 14, "value": 17.26, "previous": None,
                  "status": "green", "note": "17.3 meets the target (<= 18.0)"},
                 {"group": "Children & Families <East>", "headcount": 17, "value": 16.5,
                  "previous": None, "status": "green", "note": "16.5 meets the target (<= 18.0)"},
                 {"group": "Court | Legal", "headcount": 3, "value": None, "previous": None,
                  "status": "not judged",
                  "note": "fewer than 5 people: not judged, figures withheld"}],
         benchmarks=_dfe((17.2, 16.4, 15.8)),
         source=_source("4. Manageable caseloads | practice",
                        "caseloads of no more than 18 children, every team, all year")),
    _row("vacancy_rate_max_15", "vacancy_rate_fte", "Vacancy rate (FTE)", "%", "red",
         value=21.31782945736434, numerator=110.0, denominator=516.0, target="<= 15%",
         due="2025-09-30",
         status_note="21.3% misses the target (<= 15.0%); the amber limit is 17.0%",
         benchmarks=_dfe((24.0, 21.7, 18.9)),
         source=_source("5. Measures of success", "A vacancy rate of 15% or lower")),
    _row("starters_min_35", "starters_headcount", "Starters in the year", "people", "amber",
         value=33.0, target=">= 35", due="2026-03-31",
         status_note="33 misses the target (>= 35) but is within the amber limit of 31",
         benchmarks=[{"name": "Kingsbridge, DfE 2025", "value": 41.0}],
         source=_source("3. Recruiting a permanent workforce",
                        "Recruit at least 35 social workers a year")),
    _row("permanent_up_10pct", "inpost_headcount", "+10% permanent social workers", "people",
         "green", scope="qualified_social_workers", value=287.0, previous=254.0,
         target="10% higher than the previous year", due="2026-03-31",
         status_note="+13.0% on the previous year's 254 meets the target (+10%)",
         benchmarks=[{"name": "Kingsbridge, DfE 2025", "value": 280.0}],
         source=_source("3. Recruiting a permanent workforce",
                        "Grow our permanent social workers by 10%")),
    _row("sickness_days_max_8", "working_days_lost_fte", "Working days lost per FTE",
         "days per FTE", "no data", target="<= 8 days", due="2026-03-31",
         status_note="no absences table in the extract: add absences.csv",
         source=_source("6. Wellbeing – café conversations",
                        "Fewer than 8 days' sickness per person, a year")),
    _row("turnover_reducing", "turnover_rate_fte", "Turnover rate (FTE)", "%", "no data",
         value=12.5, numerator=50.0, denominator=400.0,
         target="-1 percentage point on the previous year",
         status_note="the extract holds no spell that ended before this year's window, so it "
                     "cannot give last year's figure; supply two years of history",
         benchmarks=_dfe((16.2, 15.1, 15.9)),
         source=_source("5. Measures of success", "Turnover falling, year on year")),
    _row("staff_survey", None, "Staff survey engagement", None, "not measured",
         target=">= 70% engagement", status_note="Staff survey score: no HR extract holds it",
         source=_source("6. Wellbeing – café conversations",
                        "At least 70% of staff say they are engaged")),
    _row("market_supplement", None, "Market supplement for hard-to-fill posts", None,
         "not measured", target="£2,500 a year", due="2024-04-01",
         status_note="Pay: needs payroll data, not the HR extract",
         source=_source("3. Recruiting a permanent workforce",
                        'We will pay a "market supplement" of £2,500, reviewed yearly, for '
                        "posts that are hard to fill"),
         note="@pay team: the strategy's figure is per person"),
    _row("exit_interviews_all", None, "Exit interviews offered", None, "not measured",
         target="= 100%", status_note="Exit interviews: needs exit interview records",
         source=_source("3. Keeping our people", "Every leaver is offered an exit interview")),
]

CARD: dict[str, Any] = {
    "schema_version": 1,
    "council": {"id": "kingsbridge_childrens",
                "name": "Royal Borough of Kingsbridge - Children's Services",
                "document": DOCUMENT, "strategy_period": "2023 to 2026 (révision 2, May 2024)"},
    "path": "sample_data/kingsbridge_childrens",
    "as_at": "2025-09-30",
    "period_start": "2024-10-01",
    "as_at_source": "the last month-end the data covers",
    "summary": {"green": 3, "amber": 2, "red": 2, "no data": 2, "not measured": 3},
    "rows": ROWS,
    "definitions": [
        {"kpi": "agency_rate_fte", "method": "dfe", "label": "Agency worker rate (FTE)",
         "unit": "%", "definition": "``agency_fte / (agency_fte + inpost_fte) × 100``. Source: "
         "DfE CSWW, ``agency_rate_fte``."},
        {"kpi": "turnover_rate_fte", "method": "dfe", "label": "Turnover rate (FTE)", "unit": "%",
         "definition": "``leavers_fte / inpost_fte × 100``. Source: DfE CSWW, "
         "``turnover_rate_fte``."},
        {"kpi": "caseload_fte", "method": "dfe", "label": "Average caseload per FTE",
         "unit": "cases per FTE", "definition": "``cases / case_holders_fte``. Source: DfE CSWW, "
         "``caseload_fte``."},
        {"kpi": "vacancy_rate_fte", "method": "dfe", "label": "Vacancy rate (FTE)", "unit": "%",
         "definition": "``vacancy_fte / (vacancy_fte + inpost_fte) × 100``. Source: DfE CSWW, "
         "``vacancy_rate_fte``."},
        {"kpi": "starters_headcount", "method": "dfe", "label": "Starters in the year",
         "unit": "people", "definition": "Distinct people whose spell starts in the window."},
        {"kpi": "inpost_headcount", "method": "dfe", "label": "Directly employed headcount in "
         "post", "unit": "people", "definition": "Distinct directly employed people in post at "
         "R. Source: DfE CSWW, ``inpost_headcount``."},
        {"kpi": "working_days_lost_fte", "method": "dfe", "label": "Working days lost per FTE",
         "unit": "days per FTE", "definition": "``sickness days / inpost_fte``."},
    ],
    "data_quality": {
        "input": {"verdict": "VALID", "errors": 0, "warnings": 7,
                  "issues": {"blank-value": 5, "fte-above-one": 2},
                  "tables": [{"table": "workers", "file": "sample_data/kingsbridge_childrens/"
                              "hr export.xlsx", "sheet": "Staff", "rows": 482, "set_aside": 2,
                              "loaded": 480},
                             {"table": "vacancies", "file": "sample_data/kingsbridge_childrens/"
                              "vacancies.csv", "sheet": None, "rows": 12, "set_aside": 0,
                              "loaded": 12}]},
        "set_aside": {"dfe:everyone:agency_rate_fte": {"fte-missing": 4},
                      "dfe:qualified_social_workers:agency_rate_fte": {"fte-missing": 3},
                      "dfe:everyone:turnover_rate_fte": {"fte-missing": 4,
                                                         "internal-move": 2}}},
    "attribution": DFE,
}


@pytest.fixture
def card() -> dict[str, Any]:
    """A fresh copy for each test, so one test's edits never reach another."""
    return copy.deepcopy(CARD)
