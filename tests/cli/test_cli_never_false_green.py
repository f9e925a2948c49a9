"""Never a false green: each quirk that once gave a figure of 0 (or a doubtful one) and a green
status, end to end through ``wfkpi report --council`` and ``wfkpi validate``.

The extract is ten permanent staff in post at 30 Sep 2025 (FTE 1, 12 cases each), one of whom
left on 31 Mar 2025, with one vacancy return. Each target below is met by its figure on the clean
extract, so that each quirk can only turn it from green to something honest.
"""

from __future__ import annotations

import json
from pathlib import Path

import pytest
from test_cli_scorecard import TARGETS  # Testshire Council, compared with Lambeth

ENTRY = """    - id: %s
      kpi: %s
      method: dfe
      scope: null
      comparison: "<="
      value: %s
      unit: percent
      due: 2026-03-31
      amber: null
      measurable: true
      source: {document: testshire.txt, section: Aims, quote: "the words, quoted"}
"""
GOALS = [("vacancy_at_most_20", "vacancy_rate_fte", 20),
         ("turnover_at_most_50", "turnover_rate_fte", 50),
         ("absence_at_most_5", "absence_rate_fte", 5),
         ("caseload_at_most_100", "caseload_fte", 100)]
IDS = [f"{n:07d}" for n in range(100630, 100640)]  # payroll numbers with a leading zero


@pytest.fixture
def targets(tmp_path: Path) -> str:
    path = tmp_path / "targets.yaml"
    path.write_text(TARGETS + "".join(ENTRY % goal for goal in GOALS))
    return str(path)


def extract(folder: Path, *, vacancy_date: str = "30/09/2025", fte: str = "1",
            cases: str = "12", absence_ids: list[str] | None = None) -> Path:
    """The extract as CSV files, with the quirk given."""
    folder.mkdir()
    rows = ["worker_id,employment_type,fte,start_date,end_date,leaving_reason,cases"]
    for n, worker in enumerate(IDS):
        end, reason = ("31/03/2025", "resignation") if n == 9 else ("", "")
        rows.append(f"{worker},permanent,{fte},01/01/2020,{end},{reason},{cases}")
    (folder / "workers.csv").write_text("\n".join(rows) + "\n")
    (folder / "vacancies.csv").write_text(
        f"vacancy_fte,agency_cover_fte,as_at\n1,0,{vacancy_date}\n")
    spells = ["worker_id,start_date,end_date,reason"]
    spells += [f"{worker},03/03/2025,04/03/2025,sickness" for worker in absence_ids or IDS[:9]]
    (folder / "absences.csv").write_text("\n".join(spells) + "\n")
    return folder


def card(wfkpi, path: Path, targets: str, *extra: str):
    result = wfkpi("report", str(path), "--council", "testshire", "--targets", targets,
                   "--format", "json", *extra)
    return result, {row["target_id"]: row for row in json.loads(result.out)["rows"]}


def test_the_clean_extract_meets_every_target(wfkpi, tmp_path: Path, targets: str) -> None:
    result, rows = card(wfkpi, extract(tmp_path / "clean"), targets)
    assert result.code == 0, result.err
    # vacancy 1 of 1 + 9 FTE = 10%; 1 leaver of 9 = 11.1%; 18 days of 9 × 253 = 0.8%; 12 cases
    assert {t: (r["status"], round(r["value"], 1)) for t, r in rows.items()} == {
        "vacancy_at_most_20": ("green", 10.0), "turnover_at_most_50": ("green", 11.1),
        "absence_at_most_5": ("green", 0.8), "caseload_at_most_100": ("green", 12.0)}


def test_a_vacancy_return_dated_a_day_late_is_no_data_not_green(wfkpi, tmp_path: Path,
                                                               targets: str) -> None:
    path = extract(tmp_path / "late", vacancy_date="01/10/2025")
    result, rows = card(wfkpi, path, targets, "--as-at", "2025-09-30")
    vacancy = rows["vacancy_at_most_20"]
    assert (vacancy["status"], vacancy["value"]) == ("no data", None)  # was green at 0.0%
    assert vacancy["status_note"].startswith(
        "no vacancy snapshot dated on or before 30 Sep 2025 and within 31 days of it")
    assert "01 Oct 2025" in vacancy["status_note"]
    # the terminal says why too, as every format does (test_council_scorecards.py)
    table = wfkpi("report", str(path), "--council", "testshire", "--targets", targets,
                  "--as-at", "2025-09-30")
    assert "no vacancy snapshot dated on or before 30 Sep 2025" in " ".join(table.out.split())


def test_a_vacancy_return_dated_days_early_is_used_and_its_date_shown(wfkpi, tmp_path: Path,
                                                                     targets: str) -> None:
    path = extract(tmp_path / "early", vacancy_date="26/09/2025")
    result, rows = card(wfkpi, path, targets, "--as-at", "2025-09-30")
    vacancy = rows["vacancy_at_most_20"]
    assert (vacancy["status"], vacancy["value"], vacancy["as_of"]) == ("green", 10.0,
                                                                       "2025-09-26")
    assert "from the snapshot dated 26 Sep 2025" in vacancy["status_note"]
    markdown = wfkpi("report", str(path), "--council", "testshire", "--targets", targets,
                     "--as-at", "2025-09-30", "--format", "markdown").out
    assert "10.0% (at 26 Sep 2025)" in markdown


def test_absences_whose_ids_do_not_join_are_no_data_and_invalid(wfkpi, tmp_path: Path,
                                                                targets: str) -> None:
    # another system's numbers: none of the 9 spells names a worker in workers.csv
    path = extract(tmp_path / "unjoined", absence_ids=[f"E{n}" for n in range(9)])
    result, rows = card(wfkpi, path, targets)
    absence = rows["absence_at_most_5"]
    assert (absence["status"], absence["value"]) == ("no data", None)  # was green at 0.0%
    assert absence["status_note"].startswith(
        "absences: 0 of 9 rows name a worker in the workers table")
    assert result.code == 3  # the input is invalid: the analyst must see it
    validate = wfkpi("validate", str(path), "--format", "json")
    assert validate.code == 3
    issues = [i for i in json.loads(validate.out)["issues"] if i["code"] == "unmatched-workers"]
    assert len(issues) == 1 and issues[0]["file"].endswith("absences.csv")


def test_without_fte_the_fte_targets_are_no_data(wfkpi, tmp_path: Path, targets: str) -> None:
    result, rows = card(wfkpi, extract(tmp_path / "nofte", fte=""), targets)
    for target in ("vacancy_at_most_20", "turnover_at_most_50", "absence_at_most_5",
                   "caseload_at_most_100"):
        assert (rows[target]["status"], rows[target]["value"]) == ("no data", None), target
        assert "FTE figure" in rows[target]["status_note"], target
    report = wfkpi("report", str(tmp_path / "nofte"))
    inpost = next(line for line in report.lines if line.strip().startswith("inpost_fte"))
    cells = [cell.strip() for cell in inpost.split("│")]
    assert cells[1] == "no data"  # never 0.0
    assert "none of the 9 records has an FTE figure" in cells[-1]


def test_green_needs_enough_data(wfkpi, tmp_path: Path, targets: str) -> None:
    # 2 of the 10 staff have no FTE: 20% of the rows behind the FTE rates are gaps (> 10%)
    path = extract(tmp_path / "gaps")
    text = (path / "workers.csv").read_text().splitlines()
    for n in (1, 2):
        text[n] = text[n].replace(",permanent,1,", ",permanent,,")
    (path / "workers.csv").write_text("\n".join(text) + "\n")
    result, rows = card(wfkpi, path, targets)
    turnover = rows["turnover_at_most_50"]
    assert turnover["status"] == "amber"  # 1 / 7 = 14.3% would meet 50%
    assert "but not green until the data is fixed" in turnover["status_note"]
    assert "fte-missing 2" in turnover["status_note"]
    assert turnover["flags"] and turnover["flags"][0].startswith("data quality: 2 of ")


def test_an_implausible_figure_is_flagged_and_never_green(wfkpi, tmp_path: Path,
                                                          targets: str) -> None:
    path = extract(tmp_path / "implausible", cases="80")
    result, rows = card(wfkpi, path, targets)
    caseload = rows["caseload_at_most_100"]
    assert (caseload["status"], caseload["value"]) == ("amber", 80.0)
    assert caseload["flags"] == ["implausible: a caseload over 60 cases per FTE "
                                 "(720.0 over 9.0); check the input"]
    validate = wfkpi("validate", str(path), "--format", "json")
    assert validate.code == 0  # a warning: the data may be right
    warning = [i for i in json.loads(validate.out)["issues"] if i["code"] == "implausible"]
    assert [(i["column"], i["value"]) for i in warning] == [("caseload_fte", "80.0")]


def test_agency_staff_on_a_sheet_not_read_is_never_green(wfkpi, tmp_path: Path) -> None:
    # a SuccessFactors headcount report with its contingent (agency) workers on a second sheet:
    # read as sheet 1 only, the agency rate is 0.0%, which would meet "at most 20%"
    path = tmp_path / "targets.yaml"
    path.write_text(TARGETS + ENTRY % ("agency_at_most_20", "agency_rate_fte", 20))
    folder = Path(__file__).resolve().parents[1] / "fixtures" / "other_sheet_xlsx"
    result = wfkpi("report", str(folder), "--mapping", str(folder / "mapping.yaml"),
                   "--council", "testshire", "--targets", str(path), "--format", "json")
    (row,) = json.loads(result.out)["rows"]
    assert (row["status"], row["value"]) == ("amber", 0.0)  # was green, with exit 0
    assert "1 sheet of data not read (other-sheet" in row["status_note"]
