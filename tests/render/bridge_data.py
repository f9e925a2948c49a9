"""Small hand-made bridges in the shape ``ExplainRun.to_dict()`` returns, for the renderer tests.

``crossing()``: a rate of 1% that four parts take below zero and back to 3.4%. Each part rounded
on its own would show −3.00, +1.50, +4.21 and −0.30, which add up to 2.41, not the 2.40 the
change is shown as. The parts are named as hostile data would name them (a spreadsheet formula,
a script tag, Rich markup, Markdown pipes), and twelve teams (more than the ten named) split the
same change. ``falling()``: a negative change of a caseload. ``note_only()``: no figure at the
earlier date, so no bridge.
"""

from __future__ import annotations

import copy
from typing import Any

FORMULA = "=cmd|' /C calc'!A0"
SCRIPT = "<script>alert(1)</script>"
MARKUP = "[bold]x[/]"
PIPES = "|pipe|"

QUALITY = {"input": {"verdict": "VALID", "errors": 0, "warnings": 2,
                     "issues": {"blank-value": 2},
                     "tables": [{"table": "workers", "file": "extract/workers.csv",
                                 "sheet": None, "rows": 410, "set_aside": 0, "loaded": 410,
                                 "matched": None}]}}


def _part(name: str, kind: str, dn: float, dd: float, points: float) -> dict[str, Any]:
    return {"name": name, "kind": kind, "numerator": dn, "denominator": dd, "points": points}


def _end(as_at: str, value: float | None, n: float | None, d: float | None,
         note: str | None = None) -> dict[str, Any]:
    return {"as_at": as_at, "value": value, "numerator": n, "denominator": d, "note": note}


# A rate 100·N/D with D = 200 at both dates: a part moving N by dn contributes dn / 2 points.
NUMERATOR_MOVES = [-6.007, 2.993, 8.413, -0.599]
CROSSING_PARTS = [
    _part(FORMULA, "numerator", -6.007, 0.0, -3.0035),
    _part(SCRIPT, "numerator", 2.993, 0.0, 1.4965),
    _part(MARKUP, "numerator", 8.413, 0.0, 4.2065),
    _part(PIPES, "data", -0.599, 0.0, -0.2995),
]
# Twelve teams: the ten that moved it most are named, the other two combined; and a rest no
# team holds. Points sum to the change, 2.4.
TEAM_POINTS = [1.2, -0.9, 0.8, 0.7, -0.6, 0.5, 0.45, -0.4, 0.35, 0.3, 0.004, -0.003]
HOSTILE_TEAMS = ["=1+2", "<b onclick=alert(1)>Team</b>", "[red]Team[/red]", "Court | Legal"]
TEAMS = [_part(name, "group", 2 * p, 0.0, p) for name, p in zip(
    [*HOSTILE_TEAMS, "Adoption", "Fostering", "MASH", "Court & Family",
     "Leaving Care", "FSCP 1", "Tiny team A", "Tiny team B"], TEAM_POINTS, strict=True)]
REST = 2.4 - sum(TEAM_POINTS)


def crossing() -> dict[str, Any]:
    bridge = {
        "kpi": "turnover_rate_fte", "label": "Turnover rate (FTE)", "unit": "%",
        "method": "dfe", "scope": None,
        "before": _end("2024-09-30", 1.0, 2.0, 200.0),
        "after": _end("2025-09-30", 3.4, 6.8, 200.0),
        "change": 2.4,
        "parts": copy.deepcopy(CROSSING_PARTS),
        "by": "team",
        "groups": [*copy.deepcopy(TEAMS),
                   _part("not attributed to one team", "other", 2 * REST, 0.0, REST)],
        "valued": {"FTE in post": 0.92, "leavers' FTE": 0.94},
        "note": None,
    }
    return {"path": "extract", "dates": {"from": "given", "to": "given"}, "bridge": bridge,
            "data_quality": copy.deepcopy(QUALITY)}


def falling() -> dict[str, Any]:
    """A caseload from 18.00 to 15.50 cases per FTE: fewer cases, more FTE."""
    bridge = {
        "kpi": "caseload_fte", "label": "Average caseload per case-holder FTE",
        "unit": "cases per FTE", "method": "dfe", "scope": "case_holders",
        "before": _end("2024-03-31", 18.0, 360.0, 20.0),
        "after": _end("2025-03-31", 15.5, 341.0, 22.0),
        "change": -2.5,
        "parts": [_part("cases held", "numerator", -19.0, 0.0, -0.9068181818181819),
                  _part("case-holding FTE", "denominator", 0.0, 2.0, -1.593181818181818)],
        "by": None, "groups": [], "valued": {}, "note": None,
        "caution": "`cases` holds the counts at the extract's own date.",
    }
    return {"path": "extract", "dates": {"from": "a year before the later date",
                                         "to": "the last month-end the data covers"},
            "bridge": bridge, "data_quality": copy.deepcopy(QUALITY)}


def note_only() -> dict[str, Any]:
    bridge = {
        "kpi": "vacancy_rate_fte", "label": "Vacancy rate (FTE)", "unit": "%", "method": "dfe",
        "scope": None,
        "before": _end("2024-09-30", None, None, None, "no vacancies table"),
        "after": _end("2025-09-30", 12.5, 25.0, 200.0),
        "change": None, "parts": [], "by": "team", "groups": [], "valued": {},
        "note": "no figure at the earlier date: no vacancies table",
    }
    return {"path": "extract", "dates": {"from": "given", "to": "given"}, "bridge": bridge,
            "data_quality": copy.deepcopy(QUALITY)}


def trend(bridges: bool = True) -> dict[str, Any]:
    """Two months of a trend without a council; with ``bridges``, the month's: a turnover rate
    split into a revision and two parts (the earlier month's figure as the trend shows it is not
    what the later extract says of that date), and a vacancy rate with no bridge."""
    def month(as_at: str, value: float, n: float, vacancies: float | None) -> dict[str, Any]:
        kpis = {"turnover_rate_fte": {"label": "Turnover rate (FTE)", "unit": "%",
                                      "value": value, "numerator": n, "denominator": 250.0,
                                      "rows_used": 10, "set_aside": {}, "note": None},
                "vacancy_rate_fte": {"label": "Vacancy rate (FTE)", "unit": "%",
                                     "value": vacancies, "numerator": None,
                                     "denominator": None, "rows_used": 0, "set_aside": {},
                                     "note": None if vacancies else "no vacancies table"}}
        return {"month": as_at[:7], "as_at": as_at, "period_start": "2024-10-01",
                "kpis": kpis, "targets": None, "data_quality": copy.deepcopy(QUALITY)}

    data: dict[str, Any] = {
        "schema_version": 1, "path": "monthly", "method": "dfe", "scope": None,
        "council": None,
        "series": [month("2025-08-31", 20.0, 50.0, None), month("2025-09-30", 18.0, 45.0, 9.0)]}
    if not bridges:
        return data
    turnover = {
        "kpi": "turnover_rate_fte", "label": "Turnover rate (FTE)", "unit": "%",
        "method": "dfe", "scope": None,
        "before": _end("2025-08-31", 20.0, 50.0, 250.0),
        "after": _end("2025-09-30", 18.0, 45.0, 250.0), "change": -2.0,
        "parts": [_part("revisions: what the later extract says of the earlier date",
                        "revision", 0.5, 0.0, 0.2),
                  _part("leavers: resignation", "numerator", -6.0, 0.0, -2.4),
                  _part(SCRIPT, "numerator", 0.5, 0.0, 0.2)],
        "by": None, "groups": [], "valued": {}, "note": None, "caution": None}
    vacancy = {
        "kpi": "vacancy_rate_fte", "label": "Vacancy rate (FTE)", "unit": "%", "method": "dfe",
        "scope": None, "before": _end("2025-08-31", None, None, None, "no vacancies table"),
        "after": _end("2025-09-30", 9.0, 18.0, 200.0), "change": None, "parts": [],
        "by": None, "groups": [], "valued": {},
        "note": "no figure at the earlier date: no vacancies table", "caution": None}
    data["bridges"] = [{"span": "month", "from": "2025-08", "to": "2025-09",
                        "kpis": [turnover, vacancy]}]
    return data
