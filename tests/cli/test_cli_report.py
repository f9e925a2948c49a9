"""``wfkpi report`` on a five-person extract whose every DfE figure is computed by hand, and on
real exports' quirks.

report_small (R = 30 Sep 2025, window 1 Oct 2024 to 30 Sep 2025, N = 253):
  A permanent 1.0 in post, 12 cases, Alpha      B permanent 0.5, starts 15 Jan 2025, 8 cases
  C permanent 1.0, leaves 31 Mar 2025           D agency 1.0 in post, 10 cases
  E fixed_term 0.8 in post, cases blank
  vacancies at R: Alpha 1.0 (0.5 covered), Beta 1.0 (0.5 covered); a June row is ignored
  absences: A sick Mon 29 and Tue 30 Sep (2 days); D (agency) sick 1 day; B on training
"""

from __future__ import annotations

import csv
import datetime as dt
import io
import json
import os
import subprocess
import sys
from pathlib import Path

import pytest
from openpyxl import load_workbook
from tests.cli.conftest import FIXTURES

from wfkpi.app import report as app_report
from wfkpi.render.common import json_text
from wfkpi.render.report import FORMATS

EXPECTED = {  # id: (value, numerator, denominator)
    "inpost_fte": (2.3, None, None),  # A 1 + B 0.5 + E 0.8
    "inpost_headcount": (3, None, None),
    "starters_fte": (0.5, None, None),  # B
    "starters_headcount": (1, None, None),
    "leavers_fte": (1.0, None, None),  # C
    "leavers_headcount": (1, None, None),
    "turnover_rate_fte": (100 * 1.0 / 2.3, 1.0, 2.3),
    "turnover_rate_headcount": (100 / 3, 1, 3),
    "agency_fte": (1.0, None, None),  # D
    "agency_headcount": (1, None, None),
    "agency_rate_fte": (100 * 1.0 / 3.3, 1.0, 3.3),
    "agency_rate_headcount": (25.0, 1, 4),
    "vacancy_fte": (2.0, None, None),
    "vacancy_rate_fte": (100 * 2.0 / 4.3, 2.0, 4.3),
    "agency_cover_fte": (1.0, None, None),
    "agency_cover_rate_fte": (100.0, 1.0, 1.0),
    "vacancy_agency_cover_rate_fte": (50.0, 1.0, 2.0),
    "cases": (30, None, None),  # 12 + 8 + 10, the agency worker's included
    "case_holders_fte": (2.5, None, None),  # A, B and D
    "caseload_fte": (12.0, 30, 2.5),
    "working_days_lost_fte": (2.0, None, None),  # D is agency, B's absence is training
    "absence_rate_fte": (100 * 2.0 / (2.3 * 253), 2.0, 2.3 * 253),
}


def test_json_has_every_dfe_kpi_computed_by_hand(wfkpi) -> None:
    result = wfkpi("report", "report_small", "--format", "json")
    assert (result.code, result.err) == (0, "")
    data = json.loads(result.out)
    assert (data["schema_version"], data["as_at"], data["period_start"], data["method"],
            data["scope"]) == (1, "2025-09-30", "2024-10-01", "dfe", None)
    assert list(data["kpis"]) == list(EXPECTED)
    for kpi_id, (value, numerator, denominator) in EXPECTED.items():
        got = data["kpis"][kpi_id]
        assert got["value"] == pytest.approx(value), kpi_id
        assert got["numerator"] == pytest.approx(numerator), kpi_id
        assert got["denominator"] == pytest.approx(denominator), kpi_id
    assert data["kpis"]["vacancy_fte"]["set_aside"] == {"vacancy-other-date": 1}
    assert data["kpis"]["vacancy_agency_cover_rate_fte"]["set_aside"] == {
        "vacancy-other-date": 1}
    assert data["kpis"]["cases"]["set_aside"] == {"cases-missing": 1}
    assert data["data_quality"]["input"]["verdict"] == "VALID"
    # The June vacancy row is read (3 rows) and then set aside by the KPIs, not by reading.
    assert [t["loaded"] for t in data["data_quality"]["input"]["tables"]] == [5, 3, 3]


def test_cli_json_is_the_library_result_serialised(wfkpi) -> None:
    result = wfkpi("report", "report_small", "--format", "json", "--as-at", "2025-09-30")
    run = app_report.report(Path("report_small"), as_at=dt.date(2025, 9, 30))
    assert result.out == FORMATS["json"].render(run.to_dict()) == json_text(run.report.to_dict())


def test_table_prints_the_date_used_and_figures_to_one_decimal_place(wfkpi) -> None:
    result = wfkpi("report", "report_small")
    assert result.code == 0
    assert result.lines[:2] == [
        "report_small: method dfe, scope everyone",
        "As at 30 Sep 2025 (the last month-end the data covers); window 1 Oct 2024 to "
        "30 Sep 2025",
    ]
    rows = {row[0]: row[1:] for row in result.rows("Parameters:") if row[0]}
    assert list(rows) == list(EXPECTED)
    assert rows["turnover_rate_fte"] == ["43.5%", "1.0", "2.3", "4", ""]
    assert rows["turnover_rate_headcount"][:3] == ["33.3%", "1", "3"]
    assert rows["caseload_fte"] == ["12.0", "30.0", "2.5", "3", "cases-missing 1"]
    assert rows["absence_rate_fte"][:3] == ["0.3%", "2.0", "581.9"]
    assert rows["inpost_headcount"][0] == "3"
    assert rows["working_days_lost_fte"] == ["2.0", "", "", "1", "absence-not-directly-employed 1"]
    assert result.lines[-1] == "Input VALID: 0 errors, 0 warnings; 0 rows set aside"


def test_given_reference_date_and_method(wfkpi) -> None:
    result = wfkpi("report", "report_small", "--as-at", "31/03/2025", "--method", "lg",
                   "--format", "json")
    data = json.loads(result.out)
    assert (data["as_at"], data["period_start"], data["method"]) == (
        "2025-03-31", "2024-04-01", "lg")
    assert list(data["kpis"])[:3] == ["sickness_days_per_fte", "turnover_rate_headcount",
                                      "stability_index"]
    assert len(data["kpis"]) == 21  # and the HR records KPIs, without their tables: no value
    assert data["kpis"]["training_days_share"]["note"] == "no training table"
    assert data["params"] == {"training_days": 10.0, "course": "", "day_hours": 7.4,
                              "supervision_weeks": 6.0, "max_cases": 15.0}
    # In post a year before: A, C, E. In post at R: A and E (C leaves on R, so is a leaver).
    assert data["kpis"]["stability_index"]["value"] == pytest.approx(200 / 3)


def test_breakdown_by_team_with_suppression(wfkpi) -> None:
    result = wfkpi("report", "report_small", "--by", "team", "--suppress-below", "5",
                   "--format", "json")
    groups = json.loads(result.out)["groups"]
    assert [(g["group"], g["total"], g["headcount"], g["small"], g["suppressed"])
            for g in groups] == [("Alpha", False, "c", True, True),
                                 ("Beta", False, "c", True, True),
                                 ("Total", True, 5, False, False)]
    assert groups[0]["kpis"]["turnover_rate_fte"]["value"] == "c"
    assert groups[2]["kpis"]["turnover_rate_fte"]["value"] == pytest.approx(100 / 2.3)


def test_scope_limits_the_population(wfkpi) -> None:
    result = wfkpi("report", "report_small", "--scope", "case_holders", "--format", "json")
    data = json.loads(result.out)
    assert data["scope"] == "case_holders"
    assert data["kpis"]["inpost_fte"]["value"] == pytest.approx(1.5)  # A and B; E is role 6


@pytest.mark.parametrize(
    ("args", "message"),
    [
        (["--scope", "nobody"], "error: unknown scope 'nobody' (known: asye, case_holders, "
         "example_front_door, permanent_qualified_social_workers, permanent_staff, "
         "qualified_social_workers, qualified_team_manager_and_below, "
         "team_manager_and_below)"),
        (["--param", "training_days=lots"],
         "error: parameter training_days must be a number, got 'lots'"),
        (["--param", "weeks=3"], "error: unknown parameter weeks (known: training_days, course, "
         "day_hours, supervision_weeks, max_cases, vacancy_basis, snapshot_days)"),
        (["--param", "training_days"], "error: --param takes NAME=VALUE, got 'training_days' "
         "(known: training_days, course, day_hours, supervision_weeks, max_cases, vacancy_basis, "
         "snapshot_days)"),
        (["--as-at", "31/13/2025"],
         "error: --as-at '31/13/2025': not a real day-first (DD/MM/YYYY) date"),
    ],
)
def test_bad_options_exit_2_with_one_line(wfkpi, args: list[str], message: str) -> None:
    result = wfkpi("report", "report_small", *args)
    assert (result.code, result.out, result.err.strip()) == (2, "", message)


def test_same_input_same_bytes(wfkpi) -> None:
    first = wfkpi("report", "report_small", "--by", "team", "--format", "json").out
    second = wfkpi("report", "report_small", "--by", "team", "--format", "json").out
    assert first == second


def test_figures_from_an_invalid_extract_are_printed_with_their_verdict(wfkpi) -> None:
    # the run then fails: test_cli_shared_options.py, "report invalid"
    result = wfkpi("report", "cross_row", "--as-at", "2025-09-30", "--format", "json")
    assert json.loads(result.out)["data_quality"]["input"]["verdict"] == "INVALID"


def test_a_reference_date_before_all_the_data_is_refused(wfkpi) -> None:
    result = wfkpi("report", "report_small", "--as-at", "1990-01-31")
    assert (result.code, result.out) == (2, "")
    assert result.err.strip() == (
        "error: no worker spell is active in the 12 months to 1990-01-31; the spells in the "
        "data start from 2019-05-01 to 2025-06-01: choose --as-at within them")


def test_end_dates_after_the_reference_date_are_read_as_planned(wfkpi) -> None:
    result = wfkpi("report", "report_small", "--as-at", "2025-02-28")
    assert result.lines[1] == ("As at 28 Feb 2025 (given; 1 end date after it read as planned); "
                               "window 1 Mar 2024 to 28 Feb 2025")


# ------------------------------------------------------------- what real exports hold
# Furniture lines no longer make the input invalid, one id written two ways joins, and ids that
# do not join make it invalid.

def quirk(wfkpi, case: str, *extra: str):
    return wfkpi("report", case, "-m", f"{case}/mapping.yaml", "--as-at", "2025-09-30", *extra)


def test_an_export_with_footers_reports_with_exit_0(wfkpi) -> None:
    result = quirk(wfkpi, "export_furniture")
    assert result.code == 0, result.err
    assert result.lines[-1] == ("Input VALID: 0 errors, 7 warnings; 0 rows set aside; "
                                "`wfkpi validate` lists them")
    data = json.loads(quirk(wfkpi, "export_furniture", "-f", "json").out)
    # five rows: an agency worker, a leaver and three directly employed in post
    assert data["kpis"]["inpost_headcount"]["value"] == 3
    assert data["data_quality"]["input"]["issues"] == {"footer-row": 7}


def test_zero_padded_absence_ids_count_their_sickness(wfkpi) -> None:
    result = quirk(wfkpi, "zero_padded_ids", "-f", "json")
    assert result.code == 0, result.err
    kpi = json.loads(result.out)["kpis"]["working_days_lost_fte"]
    # FTE days: 100634 (FTE 1): 2-6 Jun (5), 1-3 Sep (3), 25 Aug (a bank holiday: 0) = 8;
    # 100636 (FTE 0.6): 13-17 Jan (5), 11 Aug (1) = 3.6; 100638 (FTE 0.8): 7 Apr (1),
    # 18 Aug (1) = 1.6. 100635 is agency; 100637's is annual leave. 8 + 3.6 + 1.6 = 13.2
    assert kpi["value"] == pytest.approx(13.2)
    assert kpi["set_aside"]["absence-unknown-worker"] == 1  # the "0" on row 7


def test_ids_that_do_not_join_fail_the_report(wfkpi) -> None:
    result = quirk(wfkpi, "ids_that_do_not_join")
    assert result.code == 3
    assert result.lines[-1].startswith("Input INVALID: 1 error, 0 warnings")


# ------------------------------------------------------------- every format, at every width
# The KPI table fits 80, 100 and 200 columns (COLUMNS, and a pipe's 80) keeping the KPI, its
# value and why it has none; ids fold only after an ``_``, never inside a word.

LG_AT_80 = """\
report_small: method lg, scope everyone
As at 30 Sep 2025 (given); window 1 Oct 2024 to 30 Sep 2025
Parameters: training_days 10, course (none), day_hours 7.4, supervision_weeks 6,
max_cases 15 (set with --param NAME=VALUE)
                         ┃      Value, ┃      ┃
                         ┃ numerator / ┃ Rows ┃
 KPI                     ┃ denominator ┃ used ┃ Set aside, or why no value
━━━━━━━━━━━━━━━━━━━━━━━━━╇━━━━━━━━━━━━━╇━━━━━━╇━━━━━━━━━━━━━━━━━━━━━━━━━━━━━━━━━
 sickness_days_per_fte   │         0.8 │    5 │ absence-not-directly-employed 1
                         │   2.0 / 2.5 │      │ absence-not-sickness 1
 turnover_rate_headcount │       33.3% │    4 │
                         │       1 / 3 │      │
 stability_index         │       66.7% │    3 │
                         │       2 / 3 │      │
 training_days_share     │     no data │    0 │ no training table
 course_completion_share │     no data │    0 │ no training table
 appraisal_completion_   │     no data │    0 │ no appraisals table
 rate                    │             │      │
 appraisals_completed    │     no data │    0 │ no appraisals table
 development_plan_share  │     no data │    0 │ no appraisals table
 supervision_coverage    │     no data │    0 │ no supervision table
 interview_success_rate  │     no data │    0 │ no recruitment table
 internal_fill_rate      │     no data │    0 │ no recruitment table
 applications_per_       │     no data │    0 │ no recruitment table
 campaign                │             │      │
 agency_conversions      │           0 │    1 │
 team_tenure_36m_share   │       33.3% │    4 │
                         │       1 / 3 │      │
 service_10y_share       │        0.0% │    4 │
                         │       0 / 3 │      │
 ethnic_minority_share   │     no data │    0 │ fewer than 5 staff with a known
                         │             │      │ ethnicity: withheld
                         │             │      │ ethnicity-not-known 3
 ethnic_minority_share_  │     no data │    0 │ fewer than 5 managers with a
 managers                │             │      │ known ethnicity: withheld
 equality_data_          │        0.0% │    3 │
 completeness            │       0 / 3 │      │
 progression_ratio       │     no data │    3 │ fewer than 5 staff in a group:
                         │             │      │ withheld
 exit_interview_rate     │     no data │    0 │ no exit_interview column in the
                         │             │      │ workers table
 caseload_over_max_share │        0.0% │    3 │
                         │       0 / 3 │      │
Input VALID: 0 errors, 0 warnings; 0 rows set aside
Left unread: vacancies.csv — no lg KPI reads it; `wfkpi validate` checks every
table
"""
LG = ("report", "report_small", "--method", "lg", "--as-at", "2025-09-30")


def _kpi_cells(lines: list[str]) -> list[str]:
    """The KPI column's ids, a folded one joined again (a line ending ``_`` continues)."""
    start = next(n for n, line in enumerate(lines) if line.startswith("━")) + 1
    ids: list[str] = []
    joining = False
    for line in lines[start:]:
        if "│" not in line:
            break
        cell = line.split("│")[0].strip()
        if joining:
            ids[-1] += cell
        elif cell:
            ids.append(cell)
        joining = bool(cell) and cell.endswith("_")
    return ids


def test_the_kpi_table_at_80_columns_is_exactly_this(wfkpi, monkeypatch) -> None:
    monkeypatch.setenv("COLUMNS", "80")
    result = wfkpi(*LG)
    assert result.code == 0
    assert "\n".join(result.lines) + "\n" == LG_AT_80


@pytest.mark.parametrize("width", [80, 100, 200])
@pytest.mark.parametrize("by", [None, "team"])
def test_the_kpi_table_keeps_its_key_columns_and_whole_ids_at_any_width(
        wfkpi, monkeypatch, width: int, by: str | None) -> None:
    monkeypatch.setenv("COLUMNS", str(width))
    extra = ("--by", by) if by else ()
    result = wfkpi(*LG, *extra)
    data = json.loads(wfkpi(*LG, *extra, "--format", "json").out)
    assert result.code == 0
    assert max(len(line) for line in result.lines) <= width
    rule = next(n for n, line in enumerate(result.lines) if line.startswith("━"))
    header = " ".join(line for line in result.lines[:rule] if "┃" in line)
    for word in ("KPI", "Value", "Set aside, or why no", "value"):
        assert word in header, (width, header)
    assert _kpi_cells(result.lines) == list(data["kpis"])
    prose = " ".join(line.split("│")[-1].strip() for line in result.lines if "│" in line)
    for item in data["kpis"].values():
        if item["value"] is None:  # the reason is there, words in order, never a 0
            assert " ".join(item["note"].split()) in " ".join(prose.split()), item["note"]
    assert result.out.count("no data") >= sum(i["value"] is None for i in data["kpis"].values())


def test_in_a_pipe_the_table_is_80_columns_wide() -> None:
    env = {k: v for k, v in os.environ.items() if k not in ("COLUMNS", "LINES")}
    piped = subprocess.run([sys.executable, "-m", "wfkpi", *LG], capture_output=True, text=True,
                           stdin=subprocess.DEVNULL, env=env, cwd=FIXTURES, check=True)
    assert "\n".join(line.rstrip() for line in piped.stdout.splitlines()) + "\n" == LG_AT_80


def test_groups_at_80_columns_split_into_tables_that_fit_and_say_why_a_figure_is_missing(
        wfkpi, monkeypatch) -> None:
    monkeypatch.setenv("COLUMNS", "80")
    result = wfkpi("report", "report_small", "--by", "team")
    assert max(len(line) for line in result.lines) <= 80
    assert [line for line in result.lines if line.startswith("By team")] == [
        "By team (1 of 3)", "By team (2 of 3)", "By team (3 of 3)"]
    assert "Alpha (fewer than 5) │      2 │   40.0% │   no data │" in result.out
    tail = result.lines[-5:]
    assert tail == [
        "Why a group has no value, or a flagged one (⚠):",
        "  turnover_rate_fte (Beta): ⚠ implausible: a rate over 100% (1.0 over 0.8);",
        "  check the input",
        "  agency_cover_rate_fte (Alpha): zero denominator: agency FTE in post is 0",
        "Input VALID: 0 errors, 0 warnings; 0 rows set aside"]


@pytest.mark.parametrize("fmt", ["csv", "markdown", "html"])
def test_every_text_format_without_a_council(wfkpi, fmt: str) -> None:
    result = wfkpi(*LG, "--format", fmt)
    assert (result.code, result.err) == (0, "")
    assert result.out == FORMATS[fmt].render(
        app_report.report(Path("report_small"), as_at=dt.date(2025, 9, 30),
                          method="lg").to_dict())
    assert "training_days_share" in result.out and "no training table" in result.out


def test_csv_by_team_has_a_row_per_group_and_kpi(wfkpi) -> None:
    rows = list(csv.DictReader(io.StringIO(
        wfkpi("report", "report_small", "--by", "team", "-f", "csv").out)))
    assert len(rows) == 3 * len(EXPECTED)
    assert [r["group"] for r in rows[::len(EXPECTED)]] == ["Alpha", "Beta", "Total"]
    alpha = {r["kpi"]: r for r in rows if r["group"] == "Alpha"}
    assert (alpha["agency_cover_rate_fte"]["value"], alpha["agency_cover_rate_fte"]["note"]) \
        == ("", "zero denominator: agency FTE in post is 0")


def test_xlsx_needs_an_output_file_and_writes_one(wfkpi, tmp_path: Path) -> None:
    refused = wfkpi("report", "report_small", "--format", "xlsx")
    assert (refused.code, refused.out, refused.err.strip()) == (
        2, "", "error: --format xlsx writes a workbook: add --output FILE.xlsx")
    target = tmp_path / "{method}-{as_at}.{format}"
    result = wfkpi("report", "report_small", "--by", "team", "-f", "xlsx", "-o", str(target))
    assert (result.code, result.out, result.err) == (0, "", "")
    written = tmp_path / "dfe-2025-09-30.xlsx"
    again = tmp_path / "again.xlsx"
    wfkpi("report", "report_small", "--by", "team", "-f", "xlsx", "-o", str(again))
    assert written.read_bytes() == again.read_bytes()
    book = load_workbook(written)
    assert book.sheetnames == ["KPIs", "Groups", "Data quality"]


def test_fail_on_still_needs_a_council(wfkpi) -> None:
    result = wfkpi("report", "report_small", "--fail-on", "red")
    assert (result.code, result.err.strip()) == (
        2, "error: --fail-on needs a council's targets: add --council ID (see `wfkpi councils`)")


def test_a_workbook_with_a_suppressed_group_shows_c(wfkpi, tmp_path) -> None:
    """A group below --suppress-below has its figures withheld as ``c``, in the workbook too."""
    sample = Path(__file__).resolve().parents[2] / "sample_data" / "peterborough"
    out = tmp_path / "groups.xlsx"
    result = wfkpi("report", str(sample), "--by", "team", "--suppress-below", "10",
                   "--format", "xlsx", "--output", str(out))
    assert (result.code, result.err) == (0, "")
    groups = load_workbook(out)["Groups"]
    withheld = [cell for row in groups.iter_rows() for cell in row if cell.value == "c"]
    assert withheld and all(cell.number_format in ("0", "General", "@") for cell in withheld)
