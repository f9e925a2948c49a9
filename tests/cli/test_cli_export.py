"""`wfkpi export csww` at the command line: the file and the summary.

Exit codes and --output: test_cli_shared_options.py.
"""

from __future__ import annotations

import json
from pathlib import Path

import pytest
from lxml import etree

from wfkpi.census import export

ROOT = Path(__file__).resolve().parents[2]
LAMBETH = str(ROOT / "sample_data" / "lambeth_childrens")
ANSWERS = """RecruitmentBonus: 1
RetentionBonus: 2
PerformanceAward: 0
CarAllowance: 0
RelocationPackage: 1
RegionalWeighting: 1
CostSWE: 1
CostDBS: 1
OtherAllowances: Market supplement for hard-to-fill posts
"""


def test_a_valid_2025_return(wfkpi, tmp_path: Path) -> None:
    answers = tmp_path / "answers.yaml"
    answers.write_text(ANSWERS, encoding="utf-8")
    out = tmp_path / "census.xml"
    result = wfkpi("export", "csww", LAMBETH, "--year", "2025", "--la", "208", "--output",
                   str(out), "--answers", str(answers))
    assert result.code == 0, result.err
    assert result.lines[0] == (f"{out}: CSWW census 2025 for LA 208, reference date 30 Sep 2025,"
                               " 2025 schema; 372 directly employed and 170 agency records")
    assert "Left out: 211 agency spells not in post at the reference date" in result.lines
    assert result.lines[-1] == "Valid against the 2025 schema."
    root = etree.parse(str(out)).getroot()
    assert root.findtext("LALevel/OtherAllowances") == "Market supplement for hard-to-fill posts"
    assert len(root.findall("CSWWWorker")) == 372 + 170


def test_without_the_answers_the_file_is_written_and_the_gaps_listed(wfkpi, tmp_path: Path
                                                                     ) -> None:
    out = tmp_path / "census.xml"
    result = wfkpi("export", "csww", LAMBETH, "--year", "2025", "--la", "208", "-o", str(out),
                   "--format", "json")
    summary = json.loads(result.out)
    assert summary["valid_against_schema"] is False
    assert summary["records"] == {"directly employed": 372, "agency": 170}
    assert summary["gaps"][0]["element"] == "LALevel"
    assert out.read_bytes().startswith(b"<?xml version='1.0' encoding='UTF-8'?>\n<Message>")


def test_the_written_return_reads_back(wfkpi, tmp_path: Path) -> None:
    out = tmp_path / "census.xml"
    wfkpi("export", "csww", LAMBETH, "--year", "2024", "--la", "208", "-o", str(out))
    back = wfkpi("report", str(out), "--format", "json")
    direct = wfkpi("report", LAMBETH, "--as-at", "2024-09-30", "--format", "json")
    assert back.code == 0
    figures = [{k: (v["value"], v["numerator"], v["denominator"]) for k, v in
                json.loads(r.out)["kpis"].items()} for r in (back, direct)]
    assert figures[0] == figures[1]  # rows used differ: one census vacancy row, for one
    assert json.loads(back.out)["as_at"] == "2024-09-30"


def test_usage_errors(wfkpi, tmp_path: Path) -> None:
    out = str(tmp_path / "census.xml")
    bad_la = wfkpi("export", "csww", LAMBETH, "--year", "2025", "--la", "20", "-o", out)
    assert (bad_la.code, bad_la.err) == (
        2, "error: --la '20': a DfE local authority code is three digits, e.g. 208\n")
    answers = tmp_path / "answers.yaml"
    answers.write_text("RecruitmentBonus: 7\nBonus: 1\n", encoding="utf-8")
    bad = wfkpi("export", "csww", LAMBETH, "--year", "2025", "--la", "208", "-o", out,
                "--answers", str(answers))
    assert bad.code == 2
    assert "RecruitmentBonus: Input should be less than or equal to 2" in bad.err
    assert "Bonus: Extra inputs are not permitted" in bad.err
    assert not Path(out).exists()


def test_an_extract_with_errors_is_written_from_the_rows_that_could_be_read(
        wfkpi, tmp_path: Path) -> None:
    folder = tmp_path / "hr"
    folder.mkdir()
    (folder / "workers.csv").write_text(
        "worker_id,employment_type,fte,start_date\nSW1,permanent,1,2020-01-01\n"
        "SW2,permanent,1,31/02/2021\n", encoding="utf-8")
    (folder / "vacancies.csv").write_text("vacancy_fte,agency_cover_fte,as_at\n1,0,2024-09-30\n",
                                          encoding="utf-8")
    out = tmp_path / "census.xml"
    wfkpi("export", "csww", str(folder), "--year", "2024", "--la", "208", "-o", str(out))
    assert etree.parse(str(out)).getroot().findtext("CSWWWorker/SWENo") == "SW1"
    assert len(etree.parse(str(out)).getroot().findall("CSWWWorker")) == 1


def test_a_return_that_fails_its_own_check_is_not_written(wfkpi, tmp_path: Path,
                                                          monkeypatch) -> None:
    # A writer that put the record's items out of the schema's order: the pre-submission check
    # finds errors no gap explains, so nothing is written and the run exits 3.
    backwards = tuple(reversed(export.WORKER_ELEMENTS["2024"]))
    monkeypatch.setitem(export.WORKER_ELEMENTS, "2024", backwards)
    out = tmp_path / "census.xml"
    result = wfkpi("export", "csww", LAMBETH, "--year", "2024", "--la", "208", "-o", str(out))
    assert (result.code, result.out) == (3, "")
    assert result.err.startswith(f"error: the census return written from {LAMBETH} breaks the "
                                 "2024 schema in a way no gap in the extract explains (")
    assert result.err.rstrip().endswith("nothing was written. This is a fault in wfkpi: please "
                                        "report it")
    assert not out.exists()


@pytest.mark.parametrize("year", [2023, 2024, 2025])
def test_what_export_writes_passes_validate_and_reports_the_same_figures(
        wfkpi, tmp_path: Path, year: int) -> None:
    answers = tmp_path / "answers.yaml"
    answers.write_text(ANSWERS, encoding="utf-8")
    out = tmp_path / "census.xml"
    written = wfkpi("export", "csww", LAMBETH, "--year", str(year), "--la", "208", "-o",
                    str(out), "--answers", str(answers), "--format", "json")
    # The sample has no vacancy rows for 30 Sep 2023: a gap the summary lists, nothing else.
    gaps = {"NumberOfVacancies"} if year == 2023 else set()
    assert json.loads(written.out)["valid_against_schema"] is (year != 2023)
    checked = json.loads(wfkpi("validate", str(out), "--format", "json").out)
    assert {i["column"] for i in checked["issues"] if i["code"] == "csww-schema"} == gaps
    back = wfkpi("report", str(out), "--format", "json")
    direct = wfkpi("report", LAMBETH, "--as-at", f"{year}-09-30", "--format", "json")
    headline = ("inpost_fte", "inpost_headcount", "starters_headcount", "leavers_headcount",
                "turnover_rate_fte", "agency_fte", "agency_rate_fte", "vacancy_fte",
                "vacancy_rate_fte", "caseload_fte", "absence_rate_fte")
    figures = [{k: json.loads(r.out)["kpis"][k]["value"] for k in headline}
               for r in (back, direct)]
    assert figures[0] == pytest.approx(figures[1])
