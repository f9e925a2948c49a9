"""Terminal tables at 80, 100 and 200 columns, and in a pipe: every key column kept, ids folded
only after an ``_`` (never inside a word), prose wrapped.

Each command's output is compared exactly with ``golden/terminal_<command>_<width>.txt``
(``WFKPI_UPDATE_GOLDEN=1`` rewrites them; review the diff). In a pipe Rich sees no terminal and
takes the width from ``COLUMNS``, or 80 without it: the 80-column golden.
"""

from __future__ import annotations

import os
import subprocess
import sys
from pathlib import Path

import pytest
from rich.cells import cell_len

from wfkpi import sample
from wfkpi.cli import run

ROOT = Path(__file__).resolve().parents[2]
FIXTURES = ROOT / "tests" / "fixtures"
WIDTHS = (80, 100, 200)

# Testshire Council: the targets of tests/cli/test_cli_scorecard.py (every status on
# report_small), and one with a long id and a scope, to be folded at 80 columns.
TESTSHIRE = """schema_version: 1
councils:
  testshire:
    name: Testshire Council
    document: testshire.txt
    dfe_area: Lambeth
    strategy_period: {text: 2025 to 2026}
    targets:
"""
ENTRY = """    - id: %s
      kpi: %s
      method: dfe
      scope: %s
      comparison: "%s"
      value: %s
      unit: %s
      due: 2026-03-31
      amber: %s
      measurable: %s
      %s
      source: {document: testshire.txt, section: Aims, quote: "the words, quoted"}
"""
ROWS = [
    ("agency_below_25", "agency_rate_fte", "null", "<", "25", "percent", "{upper: 35}", "true",
     ""),
    ("turnover_at_most_50", "turnover_rate_fte", "null", "<=", "50", "percent", "null", "true",
     ""),
    ("caseload_at_most_10", "caseload_fte", "null", "<=", "10", "cases", "null", "true", ""),
    ("vacancy_at_or_below_england", "vacancy_rate_fte", "null", "<=benchmark", "null",
     "percent", "{margin: 2}", "true", "benchmark: {source: dfe, geography: England}"),
    ("turnover_falling", "turnover_rate_fte", "null", "decrease_vs_previous", "null", "percent",
     "{tolerance: 1}", "true", ""),
    ("agency_share_of_qualified_social_workers_below_25", "agency_rate_fte",
     "qualified_social_workers", "<", "25", "percent", "null", "true", ""),
    ("staff_survey", "null", "null", ">=", "70", "percent", "null", "false",
     "reason: 'Staff survey score: no HR extract holds it'"),
]
IDS = [row[0] for row in ROWS]


@pytest.fixture(scope="module")
def folder(tmp_path_factory: pytest.TempPathFactory) -> Path:
    """A folder holding the Testshire targets file and three monthly Peterborough extracts
    (``months/2025-07`` to ``months/2025-09``); commands run from inside it."""
    root = tmp_path_factory.mktemp("widths")
    (root / "targets.yaml").write_text(TESTSHIRE + "".join(ENTRY % row for row in ROWS),
                                       encoding="utf-8")
    for day, tables in sample.extracts("peterborough", months=3, seed=5).items():
        sample.write(root / "months" / f"{day:%Y-%m}", tables)
    return root


def commands(folder: Path) -> dict[str, list[str]]:
    targets = str(folder / "targets.yaml")
    return {
        "scorecard": ["report", "report_small", "--council", "testshire", "--targets", targets],
        "trend": ["trend", "months", "--council", "peterborough"],  # run from inside folder
        "validate": ["validate", "impossible_dates"],
        "targets": ["targets", "--targets", targets],
        "councils": ["councils"],
    }


def printed(args: list[str], width: int | None, capsys: pytest.CaptureFixture[str],
            monkeypatch: pytest.MonkeyPatch, folder: Path) -> str:
    """What ``wfkpi ARGS`` prints with ``COLUMNS=width`` (unset: None), run from inside
    tests/fixtures (the trend from inside ``folder``) so that every path shown is relative."""
    for name in ("COLUMNS", "FORCE_COLOR", "TTY_COMPATIBLE", "TTY_INTERACTIVE", "NO_COLOR",
                 "TERM_PROGRAM"):
        monkeypatch.delenv(name, raising=False)
    if width is not None:
        monkeypatch.setenv("COLUMNS", str(width))
    monkeypatch.chdir(folder if args[0] == "trend" else FIXTURES)
    capsys.readouterr()
    code = run(args)
    out, err = capsys.readouterr()
    assert (code, err) == (0 if args[0] != "validate" else 3, "")
    return out


@pytest.mark.parametrize("width", WIDTHS)
@pytest.mark.parametrize("command", ["scorecard", "trend", "validate", "targets", "councils"])
def test_tables_at_a_fixed_width(command: str, width: int, folder: Path, golden,
                                 capsys: pytest.CaptureFixture[str],
                                 monkeypatch: pytest.MonkeyPatch) -> None:
    out = printed(commands(folder)[command], width, capsys, monkeypatch, folder)
    golden(f"terminal_{command}_{width}.txt", out)
    assert max(cell_len(line.rstrip()) for line in out.splitlines()) <= width


@pytest.mark.parametrize("command", ["scorecard", "trend", "validate", "targets", "councils"])
def test_in_a_pipe_without_columns_the_table_is_80_wide(
        command: str, folder: Path, capsys: pytest.CaptureFixture[str],
        monkeypatch: pytest.MonkeyPatch) -> None:
    out = printed(commands(folder)[command], None, capsys, monkeypatch, folder)
    path = Path(__file__).parent / "golden" / f"terminal_{command}_80.txt"
    assert out == path.read_text(encoding="utf-8")


def test_a_real_pipe_gives_the_80_column_table(folder: Path) -> None:
    env = {k: v for k, v in os.environ.items() if k not in ("COLUMNS", "LINES", "FORCE_COLOR",
                                                           "TTY_COMPATIBLE", "NO_COLOR")}
    done = subprocess.run([sys.executable, "-m", "wfkpi", *commands(folder)["scorecard"]],
                          cwd=FIXTURES, env=env, capture_output=True, text=True, check=True)
    path = Path(__file__).parent / "golden" / "terminal_scorecard_80.txt"
    assert done.stdout == path.read_text(encoding="utf-8")


@pytest.mark.parametrize("width", WIDTHS)
def test_the_scorecard_keeps_its_key_columns_and_folds_ids_only_after_an_underscore(
        width: int, folder: Path, capsys: pytest.CaptureFixture[str],
        monkeypatch: pytest.MonkeyPatch) -> None:
    out = printed(commands(folder)["scorecard"], width, capsys, monkeypatch, folder)
    lines = out.splitlines()
    header = next(line for line in lines if "┃" in line)
    assert [cell.strip() for cell in header.split("┃")][:4] == [
        "Target and KPI", "Value", "Goal", "Status"]
    # the first column, line by line: each id whole, or in pieces that end at an underscore
    first = [line.split("│")[0].strip() for line in lines if "│" in line]
    for target in IDS[:-1]:
        start = next(n for n, cell in enumerate(first) if target.startswith(cell) and cell)
        joined, n = first[start], start
        while joined != target:
            assert joined.endswith("_"), (target, first[start:n + 1])
            n += 1
            joined += first[n]
    # why a target has no data, in the terminal as in every format
    assert "no data the extract holds no spell that ended" in column(out, 3)


@pytest.mark.parametrize("width", WIDTHS)
def test_the_trend_keeps_the_goal_and_the_status(width: int, folder: Path,
                                                 capsys: pytest.CaptureFixture[str],
                                                 monkeypatch: pytest.MonkeyPatch) -> None:
    out = printed(commands(folder)["trend"], width, capsys, monkeypatch, folder)
    header = [line for line in out.splitlines() if "┃" in line]
    cells = {cell.strip() for line in header for cell in line.split("┃")}
    assert {"Target and KPI", "Trend", "Sep 2025", "Goal", "Status"} <= cells
    # the reason for no data is shown under the status
    assert "no data no community profile to compare with" in column(out, -1)


def column(out: str, n: int) -> str:
    """The text of the ``n``th column of the first table in ``out``, its lines joined."""
    lines = out.splitlines()
    start = next(i for i, line in enumerate(lines) if "│" in line)
    end = next((i for i in range(start, len(lines)) if "│" not in lines[i]), len(lines))
    return " ".join(" ".join(line.split("│")[n].strip() for line in lines[start:end]).split())
