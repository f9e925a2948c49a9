"""``wfkpi targets`` and ``wfkpi councils``: what the strategies ask, and where they say so."""

from __future__ import annotations

import json
from pathlib import Path

from test_cli_scorecard import ENTRY, ROWS, TARGETS  # Testshire Council and its six targets

COUNCILS = ["camden_childrens", "camden_asc", "cambridgeshire", "peterborough",
            "lambeth_childrens"]


def test_targets_lists_each_target_with_its_kpi_goal_due_date_and_source(wfkpi) -> None:
    result = wfkpi("targets", "--council", "lambeth_childrens")
    assert (result.code, result.err) == (0, "")
    rows = result.rows("London Borough of Lambeth")
    assert rows[0][:3] == ["agency_rate_max_20", "<= 20%", "2023-03-31"]
    assert rows[0][3].startswith("9. Workforce Strategy Benefits")  # the section, then the quote
    assert rows[1][0] == "agency_rate_fte (dfe)"  # the KPI beneath the target


def test_targets_json_has_every_field_of_the_file(wfkpi) -> None:
    result = wfkpi("targets", "--council", "peterborough", "--format", "json")
    assert (result.code, result.err) == (0, "")
    data = json.loads(result.out)
    assert list(data) == ["peterborough"]
    targets = data["peterborough"]["targets"]
    assert len(targets) == 12
    assert {"id", "kpi", "method", "scope", "comparison", "value", "unit", "due", "amber",
            "measurable", "needs", "breakdown", "benchmark", "source"} <= set(targets[0])


def test_targets_lists_every_council_without_council(wfkpi) -> None:
    data = json.loads(wfkpi("targets", "--format", "json").out)
    assert list(data) == COUNCILS


def test_councils_lists_the_configured_councils(wfkpi) -> None:
    result = wfkpi("councils")
    assert (result.code, result.err) == (0, "")
    ids = [line.split("│")[0].strip() for line in result.lines if "│" in line]
    assert [i for i in ids if i] == COUNCILS


def test_a_targets_file_replaces_the_shipped_one(wfkpi, tmp_path: Path) -> None:
    path = tmp_path / "targets.yaml"
    path.write_text(TARGETS + "".join(ENTRY % row[:-1] for row in ROWS), encoding="utf-8")
    councils = wfkpi("councils", "--targets", str(path))
    assert [[cell.strip() for cell in line.split("│")] for line in councils.lines
            if "│" in line and "Id" not in line] == [
        ["testshire", "Testshire Council", "2025 to 2026", "5 of 6"],
        ["", "DfE area: Lambeth", "", ""]]
    targets = json.loads(wfkpi("targets", "--targets", str(path), "-f", "json").out)
    assert [t["id"] for t in targets["testshire"]["targets"]] == [row[0] for row in ROWS]
