"""The benchmark script still runs: a 10k smoke run (one round) into a temporary folder.

No wall-clock time is asserted; the test checks the results table has every row and that the
DuckDB peer's headline figures agree with wfkpi's report. Needs the ``bench`` extra (duckdb).
"""

from __future__ import annotations

import subprocess
import sys
from pathlib import Path

import pytest

pytest.importorskip("duckdb")

ROOT = Path(__file__).resolve().parent.parent
ROWS = (
    "| wfkpi validate | 10,000 |",
    "| wfkpi report | 10,000 |",
    "| floor: pyarrow read | 10,000 |",
    "| peer: DuckDB query | 10,000 |",
    "| wfkpi report, XLSX input | 10,000 |",
    "| wfkpi report, date-effective rows through a mapping | 10,000 |",
    "| wfkpi report, census XML | 2,000 |",
    "| wfkpi report --council (table) | 5,000 |",
    "| wfkpi --help |  |",
    "| wfkpi councils |  |",
    "| wfkpi targets |  |",
    "| floor: a Typer command with one option |  |",
)
GOALS = ("vs the pyarrow floor", "vs the DuckDB peer", "peak memory", "`wfkpi --help`",
         "Typer floor", "council-sized run", "XLSX input vs the same data as CSV")
HEADLINE = ("turnover_rate_fte", "agency_rate_fte", "vacancy_rate_fte", "caseload_fte",
            "absence_rate_fte")


def test_quick_bench_writes_every_row(tmp_path: Path) -> None:
    results = tmp_path / "RESULTS.md"
    done = subprocess.run(
        [sys.executable, str(ROOT / "benchmarks" / "bench.py"), "--quick",
         "--out", str(tmp_path / "out"), "--results", str(results)],
        capture_output=True, text=True, timeout=300)
    assert done.returncode == 0, done.stdout[-2000:] + done.stderr[-2000:]
    text = results.read_text()
    lines = text.splitlines()
    for row in ROWS:
        assert any(line.startswith(row) for line in lines), row
    goal_rows = [line for line in lines if line.endswith(("| met |", "| missed |"))]
    for goal in GOALS:
        assert any(goal in line for line in goal_rows), goal
    assert "CPU:" in text and "Python:" in text
    assert "all agree." in text
    for kpi in HEADLINE:
        row = next(line for line in lines if f"| {kpi} |" in line)
        cells = [c.strip() for c in row.strip("|").split("|")]
        assert cells[-1] == "yes" and cells[-3] == cells[-2], row
