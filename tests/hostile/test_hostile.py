"""Hostile and broken input: every case ends with its documented exit code and a message naming
the file and the problem (and, for a limit, the limit and how to raise it), never a traceback,
in bounded memory. The cases are in ``cases.py``; ``measure.py`` records each one's time and
peak memory as a separate process in ``RESULTS.md`` (no time is asserted here: a CI machine's
load makes it noise)."""

from __future__ import annotations

import resource
import sys
import tracemalloc
from pathlib import Path

import pytest
from python_calamine import CalamineWorkbook
from tests.hostile.cases import Case, cases, good_csv, xlsx_bomb

from wfkpi.app import read as app_read
from wfkpi.cli import run
from wfkpi.core.config import load_yaml
from wfkpi.core.errors import UsageError
from wfkpi.read.limits import Limits, parse

CASES = cases()
PEAK_MB = 400  # Python allocations of one run (tracemalloc)
PROCESS_MB = 2048  # the whole test process's resident peak, native libraries included


def test_the_corpus_is_large_enough() -> None:
    assert len(CASES) >= 40
    assert len({case.name for case in CASES}) == len(CASES)


@pytest.mark.parametrize("case", CASES, ids=[case.name for case in CASES])
def test_hostile_case(case: Case, tmp_path: Path, capsys: pytest.CaptureFixture[str]) -> None:
    args = case.build(tmp_path / case.name)
    capsys.readouterr()
    tracemalloc.start()
    try:
        code = run(args)
        _, peak = tracemalloc.get_traced_memory()
    finally:
        tracemalloc.stop()
    out, err = capsys.readouterr()
    text = out + err
    assert "Traceback" not in text
    assert "internal error" not in text
    assert code == case.code, text[:2000]
    for expected in case.expect:
        assert expected in text, f"{expected!r} not in output:\n{text[:2000]}"
    for unexpected in case.absent:
        assert unexpected not in text, f"{unexpected!r} in output:\n{text[:2000]}"
    assert peak < PEAK_MB * 1024 * 1024, f"peak {peak / 2**20:.0f} MB"
    assert _process_mb() < PROCESS_MB


def _process_mb() -> float:
    peak = resource.getrusage(resource.RUSAGE_SELF).ru_maxrss
    return peak / 2**20 if sys.platform == "darwin" else peak / 1024


def test_a_zip_bomb_is_refused_without_being_inflated(tmp_path: Path, monkeypatch) -> None:
    """The workbook reader is never reached: the zip's declared sizes are enough."""
    opened: list[str] = []
    real = CalamineWorkbook.from_path
    monkeypatch.setattr(CalamineWorkbook, "from_path",
                        lambda path: opened.append(path) or real(path))
    (tmp_path / "workers.csv").write_bytes(good_csv())
    (tmp_path / "absences.xlsx").write_bytes(xlsx_bomb(3.0))
    assert (tmp_path / "absences.xlsx").stat().st_size < 16 * 2**20
    extract = app_read.read(tmp_path)
    assert opened == []
    [issue] = [i for i in extract.issues if i.code == "over-limit"]
    assert issue.file.endswith("absences.xlsx")
    assert "unzips to 3,072 MB" in issue.message
    assert len(extract.tables["workers"]) == 4  # the good file is still read


def test_limits_can_be_raised_and_lowered_through_the_library(tmp_path: Path) -> None:
    (tmp_path / "workers.csv").write_bytes(good_csv())
    assert app_read.read(tmp_path).valid
    tight = app_read.read(tmp_path, limits=Limits(columns=5))
    assert [i.code for i in tight.issues] == ["over-limit"]
    assert "workers" not in tight.tables
    assert parse(["file-mb=800", "CELLS=1e8"]) == Limits(file_mb=800.0, cells=100_000_000)


@pytest.mark.parametrize("text", ["file-mb", "file-mb=", "file-mb=0", "file-mb=-1",
                                  "file-mb=inf", "file-mb=nan", "rows=5"])
def test_a_bad_limit_option_is_a_usage_error(text: str) -> None:
    with pytest.raises(UsageError, match="--limit"):
        parse([text])


def test_yaml_aliases_that_stay_small_still_load(tmp_path: Path) -> None:
    path = tmp_path / "m.yaml"
    path.write_text("base: &b {a: 1, b: [1, 2]}\nx: *b\ny: *b\n", encoding="utf-8")
    assert load_yaml(path, "mapping") == {"base": {"a": 1, "b": [1, 2]},
                                          "x": {"a": 1, "b": [1, 2]},
                                          "y": {"a": 1, "b": [1, 2]}}
    path.write_text("", encoding="utf-8")
    assert load_yaml(path, "mapping") is None
