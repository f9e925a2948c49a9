"""Spells written as an HR system's date-effective versions read back as the same spells.

Each spell of a sample extract is written as Oracle HCM writes an assignment: a HIRE row, a
version from a day in the middle that changes a column the figures do not use (a pay change), a
promotion-like version that changes the grade for the last stretch, and, when the spell ended, a
TERMINATION row from the day after, carrying the leaving reason. Read through a mapping's
``history``, the workers table must hold the same people in the same posts on every day: the
same KPIs as the sample read directly (a change of grade is a move between posts, docs/kpis.md).
"""

from __future__ import annotations

import datetime as dt
import json
from pathlib import Path

import pandas as pd
import pytest

from wfkpi import sample
from wfkpi.cli import run

MAPPING = """workers:
  file: Assignments.txt
  columns:
    worker_id: Person Number
    employment_type: Assignment Category
    fte: FTE
    start_date: {header: Effective Start Date, format: "%Y/%m/%d"}
    end_date: {header: Effective End Date, format: "%Y/%m/%d"}
    leaving_reason: Reason
    team: Department
    grade: Grade
  history: {key: Assignment Number, action: Action Code, end_actions: [TERMINATION]}
"""
HEADER = ("Person Number|Assignment Number|Action Code|Effective Start Date|Effective End Date|"
          "Assignment Category|FTE|Department|Grade|Reason|Salary")
AS_AT = "2025-09-30"


def _versions(spell: dict[str, str], n: int) -> list[str]:
    start = dt.date.fromisoformat(spell["start_date"])
    end = dt.date.fromisoformat(spell["end_date"]) if spell["end_date"] else None
    last = end or dt.date(2026, 12, 31)
    rows = []

    def row(action: str, since: dt.date, grade: str, salary: str, reason: str = "") -> None:
        rows.append("|".join([spell["worker_id"], f"A{n}", action, f"{since:%Y/%m/%d}",
                              "4712/12/31", spell["employment_type"], spell["fte"],
                              spell["team"], grade, reason, salary]))

    row("HIRE", start, spell["grade"], "30000")
    days = (last - start).days
    if days >= 4:
        row("PAY_CHANGE", start + dt.timedelta(days=days // 4), spell["grade"], "31000")
        row("PROMOTION", start + dt.timedelta(days=days // 2), spell["grade"] + "+", "33000")
    if end:
        row("TERMINATION", end + dt.timedelta(days=1), spell["grade"], "0",
            spell["leaving_reason"])
    return rows


def one_post_at_a_time(workers: pd.DataFrame) -> pd.DataFrame:
    """The spells of the people who never hold two posts at once. (A version that changes one
    of two posts held side by side can read as the move another post took over from, as a
    promotion recorded as two spells can: docs/mappings.md, "Date-effective history".)"""
    ordered = workers.sort_values(["worker_id", "start_date"])
    ends = pd.to_datetime(ordered["end_date"]).fillna(pd.Timestamp("2262-01-01"))
    before = ends.groupby(ordered["worker_id"]).shift()
    overlapping = ordered.loc[pd.to_datetime(ordered["start_date"]) <= before, "worker_id"]
    return workers[~workers["worker_id"].isin(set(overlapping))]


def _report(*args: str, capsys: pytest.CaptureFixture[str]) -> dict:
    capsys.readouterr()
    assert run([*args, "--as-at", AS_AT, "--format", "json"]) == 0
    return json.loads(capsys.readouterr().out)["kpis"]


def test_versions_read_back_as_the_spells_they_were_written_from(
        tmp_path: Path, capsys: pytest.CaptureFixture[str]) -> None:
    workers = one_post_at_a_time(sample.generate(1500, seed=11)["workers"])
    direct = tmp_path / "direct"
    sample.write(direct, {"workers": workers})
    spells = workers.astype(str).replace({"nan": "", "None": "", "NaT": ""})
    lines = [HEADER]
    for n, spell in enumerate(spells.to_dict("records")):
        lines += _versions(spell, n)
    versions = tmp_path / "versions"
    versions.mkdir()
    (versions / "Assignments.txt").write_text("\n".join(lines) + "\n", encoding="utf-8")
    (versions / "mapping.yaml").write_text(MAPPING, encoding="utf-8")
    assert len(lines) - 1 > 2.5 * len(spells)  # versions, not spells

    read = _report("report", str(versions), "--mapping", str(versions / "mapping.yaml"),
                   capsys=capsys)
    want = _report("report", str(direct), capsys=capsys)
    for kpi in ("inpost_headcount", "inpost_fte", "starters_headcount", "starters_fte",
                "leavers_headcount", "leavers_fte", "turnover_rate_fte", "agency_rate_fte",
                "agency_headcount"):
        assert read[kpi]["value"] == pytest.approx(want[kpi]["value"]), kpi
    assert want["leavers_headcount"]["value"] > 0 and want["starters_headcount"]["value"] > 0
