"""``wfkpi validate``: verdict, the tables printed, JSON and CSV output, and its usage errors.

Every test runs from inside tests/fixtures, so paths in the output are short and stable. Exit
codes, --quiet and --verbose: test_cli_shared_options.py.
"""

from __future__ import annotations

import csv
import io
import json
from pathlib import Path

import pytest

from census import write_national
from wfkpi.core.issues import CODES

FIXTURES_CSWW = Path(__file__).resolve().parents[1] / "fixtures" / "csww"

CROSS_ROW_ISSUES = [
    ["cross_row/workers.csv", "3", "end_date", "end-before-start",
     "end_date: before start_date; the row is set aside", "2024-01-31, 2024-03-01"],
    ["cross_row/workers.csv", "5", "-", "duplicate-spell",
     "same worker_id, role, start_date, end_date as row 4; this copy is set aside",
     "Social Worker, 2021-05-04, blank"],
    ["cross_row/workers.csv", "6", "leaving_reason", "reason-without-end",
     "leaving_reason: given, but there is no end date; the spell is read as still open",
     "resignation"],
    ["cross_row/workers.csv", "7", "fte", "out-of-range", "fte: should be greater than 0", "0"],
    ["cross_row/workers.csv", "8", "fte", "out-of-range", "fte: should be greater than 0",
     "-0.5"],
    ["cross_row/workers.csv", "9", "fte", "above-expected",
     "fte: above 1; accepted, but check it", "1.2"],
    ["cross_row/workers.csv", "10", "fte", "blank-value",
     "fte: blank; the row is kept but left out of figures that need fte", ""],
    ["cross_row/absences.csv", "3", "end_date", "end-before-start",
     "end_date: before start_date; the row is set aside", "2025-03-07, 2025-03-10"],
]


def meaning(code: str) -> list[str]:
    return [code, CODES[code][0]]


# ------------------------------------------------------------------------- table output

def test_clean_extract_is_valid(wfkpi) -> None:
    result = wfkpi("validate", "clean")
    assert result.code == 0
    assert result.lines[0] == "VALID clean: 0 errors, 0 warnings"
    assert result.header("Read") == [
        "Table", "File", "Sheet", "Header row", "Rows", "Set aside", "Matched", "Columns"]
    assert result.rows("Read") == [
        ["workers", "clean/workers.csv", "-", "1", "6", "0", "-", "11 used, 0 ignored"],
        ["vacancies", "clean/vacancies.csv", "-", "1", "2", "0", "-", "6 used, 0 ignored"],
        ["absences", "clean/absences.csv", "-", "1", "3", "0", "3", "5 used, 0 ignored"],
    ]
    assert "Issues" not in result.out
    assert result.err == ""


def test_invalid_extract_lists_verdict_counts_and_issues(wfkpi) -> None:
    result = wfkpi("validate", "cross_row")
    assert result.code == 3
    assert result.lines[0] == "INVALID cross_row: 5 errors, 3 warnings"
    assert result.rows("Read") == [
        ["workers", "cross_row/workers.csv", "-", "1", "9", "2", "-", "11 used, 0 ignored"],
        ["absences", "cross_row/absences.csv", "-", "1", "2", "1", "1", "5 used, 0 ignored"],
    ]
    assert result.header("Issues by code") == ["Code", "Severity", "Count", "Meaning"]
    assert result.rows("Issues by code") == [
        [*meaning("above-expected"), "1", CODES["above-expected"][1]],
        [*meaning("blank-value"), "1", CODES["blank-value"][1]],
        [*meaning("duplicate-spell"), "1", CODES["duplicate-spell"][1]],
        [*meaning("end-before-start"), "2", CODES["end-before-start"][1]],
        [*meaning("out-of-range"), "2", CODES["out-of-range"][1]],
        [*meaning("reason-without-end"), "1", CODES["reason-without-end"][1]],
    ]
    assert "Issues (8 of 8)" in result.lines
    assert result.header("Issues (8 of 8)") == [
        "File", "Row", "Column", "Code", "Message", "Value"]
    assert result.rows("Issues (8 of 8)") == CROSS_ROW_ISSUES
    assert "more not shown" not in result.out
    assert result.err == ""


def test_one_file_issue_table_has_no_file_column(wfkpi) -> None:
    result = wfkpi("validate", "impossible_dates")
    assert result.code == 3
    assert result.lines[0] == "INVALID impossible_dates: 4 errors, 0 warnings"
    assert result.header("Issues (4 of 4)") == ["Row", "Column", "Code", "Message", "Value"]
    assert result.rows("Issues (4 of 4)") == [
        ["3", "start_date", "bad-date", "start_date: not a real day-first (DD/MM/YYYY) date",
         "31/02/2025"],
        ["4", "start_date", "bad-date", "start_date: not a real day-first (DD/MM/YYYY) date; "
         "it reads as month-first, which wfkpi never assumes", "12/31/2025"],
        ["5", "end_date", "bad-date", "end_date: not a real day-first (DD/MM/YYYY) date",
         "31/09/2025"],
        ["6", "start_date", "bad-date", "start_date: not a real day-first (DD/MM/YYYY) date",
         "29/02/2025"],
    ]
    assert result.rows("Read") == [
        ["workers", "impossible_dates/workers.csv", "-", "1", "6", "3", "-",
         "11 used, 0 ignored"]]


def test_warnings_alone_keep_the_extract_valid(wfkpi) -> None:
    result = wfkpi("validate", "totals_row")
    assert result.code == 0
    assert result.lines[0] == "VALID totals_row: 0 errors, 2 warnings"
    assert result.rows("Issues (2 of 2)") == [
        ["4", "-", "totals-row", "Totals row skipped; wfkpi computes its own totals",
         "Subtotal Assessment North 1.6 22"],
        ["6", "-", "totals-row", "Totals row skipped; wfkpi computes its own totals",
         "Grand Total 2.6 37"],
    ]


def test_title_rows_are_counted_in_row_numbers(wfkpi) -> None:
    result = wfkpi("validate", "title_rows_xlsx")
    assert result.code == 0
    assert result.lines[0] == "VALID title_rows_xlsx: 0 errors, 1 warning"
    assert result.rows("Read") == [
        ["workers", "title_rows_xlsx/workers.xlsx", "Establishment", "4", "2", "0", "-",
         "11 used, 0 ignored"]]
    assert result.rows("Issues (1 of 1)") == [
        ["6", "fte", "blank-value",
         "fte: blank; the row is kept but left out of figures that need fte", ""]]


def test_unreadable_file_is_one_clear_issue(wfkpi) -> None:
    result = wfkpi("validate", "pdf_as_xlsx")
    assert result.code == 3
    assert result.lines[0] == "INVALID pdf_as_xlsx: 1 error, 0 warnings"
    assert "Read" not in result.lines
    assert result.rows("Issues by code") == [
        [*meaning("not-a-workbook"), "1", CODES["not-a-workbook"][1]]]
    assert result.rows("Issues (1 of 1)") == [
        ["-", "-", "not-a-workbook", "This is not an Excel workbook (it is a PDF document)", ""]]


def test_empty_file(wfkpi) -> None:
    result = wfkpi("validate", "empty_file")
    assert result.code == 3
    assert result.lines[0] == "INVALID empty_file: 1 error, 0 warnings"
    assert result.rows("Issues (1 of 1)") == [["-", "-", "empty-file", "The file is empty", ""]]


def test_header_only(wfkpi) -> None:
    result = wfkpi("validate", "header_only")
    assert result.code == 3
    assert result.lines[0] == "INVALID header_only: 1 error, 1 warning"
    assert result.rows("Issues (2 of 2)") == [
        ["header_only/workers.csv", "-", "-", "no-data-rows",
         "The table has a header but no data rows", ""],
        ["header_only/vacancies.csv", "-", "-", "empty-table",
         "The table has a header but no data rows", ""],
    ]


def test_folder_without_workers(wfkpi) -> None:
    result = wfkpi("validate", "only_vacancies")
    assert result.code == 3
    assert result.lines[0] == "INVALID only_vacancies: 1 error, 0 warnings"
    # The vacancies file was read and the problem is the folder's: the File column says so.
    assert result.rows("Issues (1 of 1)") == [
        ["only_vacancies", "-", "-", "missing-table", "No workers file: expected workers.csv or "
         "workers.xlsx, or a mapping (--mapping) naming the file", ""]]


def test_windows_1252_extract(wfkpi) -> None:
    result = wfkpi("validate", "windows_1252", "--format", "json")
    assert result.code == 0
    data = json.loads(result.out)
    assert data["verdict"] == "VALID"
    (table,) = data["tables"]
    assert (table["encoding"], table["delimiter"]) == ("Windows-1252", "comma")
    assert table["ignored_columns"] == ["first_name", "last_name"]


def test_absence_for_unknown_worker_is_a_warning(wfkpi) -> None:
    result = wfkpi("validate", "unknown_worker")
    assert result.err == ""
    assert result.code == 0
    assert result.lines[0] == "VALID unknown_worker: 0 errors, 1 warning"
    assert [row[-2:] for row in result.rows("Read")] == [
        ["-", "11 used, 0 ignored"], ["10", "5 used, 0 ignored"]]
    assert result.rows("Issues (1 of 1)") == [
        ["unknown_worker/absences.csv", "3", "worker_id", "unknown-worker",
         "worker_id: not in the workers table; this absence counts toward no KPI", ""]]


def test_validating_one_file(wfkpi) -> None:
    result = wfkpi("validate", "cross_row/workers.csv")
    assert result.code == 3
    assert result.lines[0] == "INVALID cross_row/workers.csv: 4 errors, 3 warnings"
    assert result.rows("Read") == [
        ["workers", "cross_row/workers.csv", "-", "1", "9", "2", "-", "11 used, 0 ignored"]]


# ------------------------------------------------------------------ --limit-errors

def test_limit_errors_shows_the_first_issues_and_says_how_many_more(wfkpi) -> None:
    result = wfkpi("validate", "cross_row", "--limit-errors", "3")
    assert result.code == 3
    assert result.lines[0] == "INVALID cross_row: 5 errors, 3 warnings"
    assert [row[-5:] for row in result.rows("Issues (3 of 8)")] == [
        row[1:] for row in CROSS_ROW_ISSUES[:3]]
    assert result.lines[-1] == (
        "5 more not shown; --limit-errors N shows more, --format json or csv lists them all")


def test_issue_table_names_the_file_whenever_the_extract_has_several(wfkpi) -> None:
    result = wfkpi("validate", "cross_row", "--limit-errors", "3")
    assert result.header("Issues (3 of 8)")[0] == "File"
    assert result.rows("Issues (3 of 8)") == CROSS_ROW_ISSUES[:3]


def test_limit_errors_zero_shows_counts_only(wfkpi) -> None:
    result = wfkpi("validate", "cross_row", "--limit-errors", "0")
    assert result.code == 3
    assert not any(line.startswith("Issues (") for line in result.lines)
    assert len(result.rows("Issues by code")) == 6
    assert result.lines[-1] == (
        "8 more not shown; --limit-errors N shows more, --format json or csv lists them all")


def test_limit_errors_default_is_twenty(wfkpi, tmp_path) -> None:
    rows = "".join(f"W{i},permanent,x,2020-01-06\n" for i in range(25))
    (tmp_path / "workers.csv").write_text("worker_id,employment_type,fte,start_date\n" + rows)
    result = wfkpi("validate", str(tmp_path))
    assert result.code == 3
    assert result.lines[0] == f"INVALID {tmp_path}: 25 errors, 0 warnings"
    shown = result.rows("Issues (20 of 25)")
    assert [row[0] for row in shown] == [str(n) for n in range(2, 22)]
    assert shown[0] == ["2", "fte", "bad-number", "fte: not a number", "x"]
    assert result.lines[-1] == (
        "5 more not shown; --limit-errors N shows more, --format json or csv lists them all")


# ------------------------------------------------------------------------ --redact

def test_redact_drops_the_value_column(wfkpi) -> None:
    plain = wfkpi("validate", "cross_row")
    assert "-0.5" in plain.out
    result = wfkpi("validate", "cross_row", "--redact")
    assert result.code == 3
    assert result.lines[0] == "INVALID cross_row: 5 errors, 3 warnings"
    assert result.header("Issues (8 of 8)") == ["File", "Row", "Column", "Code", "Message"]
    assert result.rows("Issues (8 of 8)") == [row[:-1] for row in CROSS_ROW_ISSUES]
    assert "-0.5" not in result.out
    assert "1.2" not in result.out


def test_redact_in_json_and_csv(wfkpi) -> None:
    data = json.loads(wfkpi("validate", "impossible_dates", "-f", "json", "--redact").out)
    assert [i["value"] for i in data["issues"]] == [None] * 4
    assert "31/02/2025" not in json.dumps(data)
    out = wfkpi("validate", "impossible_dates", "-f", "csv", "--redact").out
    assert [row["value"] for row in csv.DictReader(io.StringIO(out))] == [""] * 4
    assert "31/02/2025" not in out
    assert "12/31/2025" not in out


# --------------------------------------------------------------------------- JSON

def test_json_output_structure(wfkpi) -> None:
    result = wfkpi("validate", "cross_row", "--format", "json")
    assert result.code == 3
    assert result.err == ""
    data = json.loads(result.out)
    assert list(data) == [
        "schema_version", "path", "verdict", "errors", "warnings", "counts", "tables", "issues"]
    assert (data["schema_version"], data["path"], data["verdict"]) == (1, "cross_row", "INVALID")
    assert (data["errors"], data["warnings"]) == (5, 3)
    assert data["counts"] == {"above-expected": 1, "blank-value": 1, "duplicate-spell": 1,
                              "end-before-start": 2, "out-of-range": 2,
                              "reason-without-end": 1}
    assert [(t["table"], t["rows"], t["set_aside"], t["loaded"], t["matched"])
            for t in data["tables"]] == [("workers", 9, 2, 7, None), ("absences", 2, 1, 1, 1)]
    assert data["tables"][0]["header_row"] == 1
    assert data["tables"][0]["columns"]["fte"] == "fte"
    assert [(i["file"], i["row"], i["column"], i["code"], i["value"])
            for i in data["issues"]] == [
        (row[0], int(row[1]), None if row[2] == "-" else row[2], row[3], row[5] or None)
        for row in CROSS_ROW_ISSUES]
    first = data["issues"][0]
    assert first == {"severity": "error", "code": "end-before-start",
                     "file": "cross_row/workers.csv", "sheet": None, "row": 3,
                     "column": "end_date", "value": "2024-01-31, 2024-03-01",
                     "message": "end_date: before start_date; the row is set aside"}


def test_json_lists_every_issue_whatever_the_limit(wfkpi) -> None:
    data = json.loads(wfkpi("validate", "cross_row", "-f", "json", "--limit-errors", "1").out)
    assert len(data["issues"]) == 8


def test_json_for_a_workbook_names_the_sheet(wfkpi) -> None:
    result = wfkpi("validate", "title_rows_xlsx", "--format", "json")
    data = json.loads(result.out)
    assert data["verdict"] == "VALID"
    assert data["issues"] == [{
        "severity": "warning", "code": "blank-value", "file": "title_rows_xlsx/workers.xlsx",
        "sheet": "Establishment", "row": 6, "column": "fte", "value": None,
        "message": "fte: blank; the row is kept but left out of figures that need fte"}]
    assert data["tables"][0]["sheet"] == "Establishment"
    assert data["tables"][0]["header_row"] == 4


def test_json_keeps_accents_readable(wfkpi, tmp_path) -> None:
    (tmp_path / "workers.csv").write_bytes(
        "worker_id,employment_type,fte,start_date\nW1,Employé,1,2020-01-06\n".encode("cp1252"))
    result = wfkpi("validate", str(tmp_path), "-f", "json")
    assert result.code == 3
    assert '"value": "Employé"' in result.out


# ---------------------------------------------------------------------------- CSV

def test_csv_output(wfkpi) -> None:
    result = wfkpi("validate", "cross_row", "--format", "csv")
    assert result.code == 3
    lines = result.out.splitlines()
    assert lines[0] == "severity,code,file,sheet,row,column,value,message"
    assert lines[1] == ('error,end-before-start,cross_row/workers.csv,,3,end_date,'
                        '"2024-01-31, 2024-03-01",end_date: before start_date; the row is set '
                        'aside')
    assert lines[2] == ('error,duplicate-spell,cross_row/workers.csv,,5,,"Social Worker, '
                        '2021-05-04, blank","same worker_id, role, start_date, end_date as row '
                        '4; this copy is set aside"')
    assert lines[5] == ("error,out-of-range,cross_row/workers.csv,,8,fte,-0.5,"
                        "fte: should be greater than 0")
    rows = list(csv.DictReader(io.StringIO(result.out)))
    assert [(r["file"], r["row"], r["column"], r["code"], r["value"]) for r in rows] == [
        (row[0], row[1], "" if row[2] == "-" else row[2], row[3], row[5])
        for row in CROSS_ROW_ISSUES]
    assert [r["severity"] for r in rows] == [CODES[r["code"]][0] for r in rows]


def test_csv_output_of_a_valid_extract_is_the_header_alone(wfkpi) -> None:
    result = wfkpi("validate", "clean", "-f", "csv")
    assert result.code == 0
    assert result.out == "severity,code,file,sheet,row,column,value,message\n"


# --------------------------------------------------------------------- with a mapping

def test_mapped_hr_export(wfkpi) -> None:
    result = wfkpi("validate", "mapped_hr_export", "--mapping", "mapped_hr_export/mapping.yaml")
    assert result.code == 0
    assert result.lines[0] == "VALID mapped_hr_export: 0 errors, 0 warnings"
    assert result.rows("Read") == [
        ["workers", "mapped_hr_export/Establishment Report 2025-09.xlsx", "Report", "3", "6",
         "0", "-", "9 used, 2 ignored"]]


def test_mapped_hr_export_without_its_mapping(wfkpi) -> None:
    result = wfkpi("validate", "mapped_hr_export", "-f", "json")
    assert result.code == 3
    data = json.loads(result.out)
    assert [(i["code"], i["file"]) for i in data["issues"]] == [
        ("missing-table", "mapped_hr_export")]


# ------------------------------------------------------------- what real exports hold

def test_export_furniture_is_skipped_and_shown(wfkpi) -> None:
    result = wfkpi("validate", "export_furniture", "-m", "export_furniture/mapping.yaml")
    assert result.code == 0
    assert result.lines[0] == "VALID export_furniture: 0 errors, 7 warnings"
    workers = "export_furniture/Workforce Establishment 2025-09.csv"
    assert [row[:2] + row[3:4] + row[-1:] for row in result.rows("Issues (7 of 7)")
            if row[0]] == [
        [workers, "6", "footer-row", "Page 1 of 2"],
        [workers, "7", "footer-row", "Person Number Assignment Category FTE A…"],
        [workers, "11", "footer-row", "Total records: 5"],
        [workers, "12", "footer-row", "Report run on 01/10/2025 09:14 by JSMITH"],
        [workers, "13", "footer-row", "Page 2 of 2"],
        [workers, "14", "footer-row", "OFFICIAL-SENSITIVE"],
        ["export_furniture/Absence Records 2025-09.csv", "5", "footer-row",
         "*** End of Report ***"],
    ]
    redacted = wfkpi("validate", "export_furniture", "-m", "export_furniture/mapping.yaml",
                     "--redact", "-f", "csv")
    assert "JSMITH" not in redacted.out and "End of Report" not in redacted.out
    assert redacted.out.count("footer-row") == 7


def test_an_unread_sheet_is_named(wfkpi) -> None:
    result = wfkpi("validate", "other_sheet_xlsx", "-m", "other_sheet_xlsx/mapping.yaml",
                   "-f", "json")
    assert result.code == 0
    data = json.loads(result.out)
    assert data["counts"] == {"footer-row": 2, "other-sheet": 1}
    (issue,) = [i for i in data["issues"] if i["code"] == "other-sheet"]
    assert (issue["severity"], issue["file"], issue["sheet"], issue["row"]) == (
        "warning", "other_sheet_xlsx/Headcount Report.xlsx", "Contingent Workers", None)
    assert "name it with `sheet:` in a mapping" in issue["message"]
    assert data["tables"][0]["sheet"] == "Employees"


def test_zero_padded_ids_join_and_the_read_table_says_so(wfkpi) -> None:
    result = wfkpi("validate", "zero_padded_ids", "-m", "zero_padded_ids/mapping.yaml")
    assert result.code == 0
    assert result.lines[0] == "VALID zero_padded_ids: 0 errors, 1 warning"
    assert [row[0] + ":" + row[6] for row in result.rows("Read")] == [
        "workers:-", "absences:9"]


def test_ids_that_do_not_join_make_the_input_invalid(wfkpi) -> None:
    result = wfkpi("validate", "ids_that_do_not_join", "-m", "ids_that_do_not_join/mapping.yaml")
    assert result.code == 3
    assert result.lines[0] == "INVALID ids_that_do_not_join: 1 error, 0 warnings"
    assert result.rows("Read") == [
        ["workers", "ids_that_do_not_join/Employee.csv", "-", "1", "5", "0", "-",
         "6 used, 0 ignored"],
        ["absences", "ids_that_do_not_join/Leave.csv", "-", "1", "4", "0", "0",
         "4 used, 0 ignored"]]
    data = json.loads(wfkpi("validate", "ids_that_do_not_join", "-m",
                            "ids_that_do_not_join/mapping.yaml", "-f", "json").out)
    assert [(t["table"], t["loaded"], t["matched"]) for t in data["tables"]] == [
        ("workers", 5, None), ("absences", 4, 0)]
    (issue,) = data["issues"]
    assert (issue["code"], issue["severity"], issue["column"], issue["value"]) == (
        "unmatched-workers", "error", "Payroll No",
        "absences: 5 digits; workers: 2 letters + '-' + 3 letters + '-' + 5 digits")
    assert issue["message"].startswith("worker_id: 0 of 4 rows name a worker in ")


def test_unknown_equality_labels_show_in_value_and_redact_hides_them(wfkpi) -> None:
    args = ("validate", "equality_labels", "-m", "equality_labels/mapping.yaml")
    shown = wfkpi(*args)
    assert shown.code == 0
    assert [row[1:3] + row[-1:] for row in shown.rows("Issues (3 of 3)") if row[0]] == [
        ["Ethnic Origin", "unknown-label", "Martian"],
        ["Ethnic Origin", "unknown-label", "Klingon"],
        ["Disabled", "unknown-label", "Pending"]]
    redacted = wfkpi(*args, "--redact")
    assert redacted.code == 0
    assert not any(label in redacted.out for label in ("Martian", "Klingon", "Pending"))
    assert redacted.out.count("unknown-label") == 4  # three issues and the count by code


# ------------------------------------------------------------- usage and mapping errors

def test_missing_mapping_file(wfkpi) -> None:
    result = wfkpi("validate", "clean", "--mapping", "nope.yaml")
    assert (result.code, result.out) == (2, "")
    assert result.err == "error: nope.yaml: no such mapping file\n"


def test_mapping_with_a_misspelt_column_names_it(wfkpi) -> None:
    result = wfkpi("validate", "mapping_typo", "--mapping",
                   "mapping_typo/mapping_column_typo.yaml")
    assert (result.code, result.out) == (2, "")
    assert result.err == (
        "error: mapping_typo/mapping_column_typo.yaml: the mapping is not valid:\n"
        "  line 4, workers.columns.worker_idd: 'worker_idd' is not a column of workers "
        "(did you mean 'worker_id'?)\n")


def test_mapping_with_a_misspelt_key_names_it(wfkpi) -> None:
    result = wfkpi("validate", "mapping_typo", "-m", "mapping_typo/mapping_key_typo.yaml")
    assert (result.code, result.out) == (2, "")
    assert result.err == (
        "error: mapping_typo/mapping_key_typo.yaml: the mapping is not valid:\n"
        "  line 3, workers.colums: unknown key 'colums' (did you mean 'columns'?)\n")


def test_mapping_that_is_not_yaml(wfkpi, tmp_path) -> None:
    path = tmp_path / "mapping.yaml"
    path.write_text("workers:\n  columns: {worker_id: [Employee Number\n", encoding="utf-8")
    result = wfkpi("validate", "clean", "-m", str(path))
    assert (result.code, result.out) == (2, "")
    assert result.err.startswith(f"error: {path}: the mapping file is not valid YAML at line ")
    assert result.err.count("\n") == 1


@pytest.mark.parametrize(
    ("args", "message"),
    [
        (["--format", "xml"], "Error: Invalid value for '--format' / '-f': Value error, 'xml' is "
                              "not one of 'table', 'json', 'csv', 'html'."),
        (["--limit-errors", "-1"], "Error: Invalid value for '--limit-errors': Input should be "
                                   "greater than or equal to 0"),
        (["--bogus"], "Error: No such option: --bogus (Possible options: --verbose)"),
    ],
)
def test_bad_options_exit_2_with_the_reason(wfkpi, args: list[str], message: str) -> None:
    result = wfkpi("validate", "clean", *args)
    assert (result.code, result.out) == (2, "")
    assert result.err.splitlines()[0] == "Usage: wfkpi validate [OPTIONS] {PATH}"
    assert result.err.splitlines()[-1] == message


def test_path_argument_is_required(wfkpi) -> None:
    result = wfkpi("validate")
    assert result.code == 2
    assert result.err.splitlines()[-1] == "Error: Missing argument 'PATH'."


def test_help_describes_every_option(wfkpi) -> None:
    result = wfkpi("validate", "--help")
    assert result.code == 0
    text = " ".join(result.out.split())
    for option in ("--mapping", "--format", "--limit-errors", "--redact", "--standard-week",
                   "--limit"):
        assert option in text


# --------------------------------------------------------- a census file's pre-submission check

def test_a_census_file_is_checked_against_its_years_schema(wfkpi) -> None:
    result = wfkpi("validate", "csww/broken_2022.xml", "--format", "csv")
    assert result.code == 3
    rows = list(csv.reader(io.StringIO(result.out)))
    assert rows[1:3] == [
        ["error", "csww-schema", "csww/broken_2022.xml", "", "26", "QualInst", "",
         "Record 1: <QualInst> is missing: the 2021-2023 schema requires it, before <QualLevel>"],
        ["error", "csww-schema", "csww/broken_2022.xml", "", "36", "PersonBirthDate", "",
         "Record 2: <PersonBirthDate> is out of order or repeated: the 2021-2023 schema puts it "
         "before <Ethnicity>"]]
    for year in ("2021", "2024", "2025"):
        assert wfkpi("validate", f"csww/layout_{year}.xml").code == 0, year


def test_the_council_option_compares_the_la_code(wfkpi) -> None:
    other = wfkpi("validate", "csww/broken_2022.xml", "--council", "lambeth_childrens",
                  "--format", "json")
    issues = json.loads(other.out)["issues"]
    assert [i["message"] for i in issues if i["column"] == "LEA"] == [
        "<LEA> is 301, but Lambeth's LA code in DfE's statistics is 208: the file may be another "
        "council's census return"]
    own = wfkpi("validate", "csww/layout_2021.xml", "--council", "lambeth_childrens")
    assert own.code == 0 and "LEA" not in own.out
    not_census = wfkpi("validate", "clean", "--council", "lambeth_childrens")
    assert (not_census.code, not_census.err) == (2, (
        "error: --council and --previous check a census file's return: clean is not a DfE "
        "census XML file\n"))


def test_previous_queries_headline_figures_that_moved_far(wfkpi, tmp_path) -> None:
    then = write_national(tmp_path / "2023.xml", 100, year=2023, seed=1)
    now = write_national(tmp_path / "2024.xml", 200, year=2024, seed=2)
    result = wfkpi("validate", str(now), "--previous", str(then), "--format", "json")
    moved = [i for i in json.loads(result.out)["issues"] if i["code"] == "csww-year-on-year"]
    assert "inpost_headcount" in {i["column"] for i in moved}
    assert all("a year before" in i["message"] for i in moved)


def test_the_html_page_groups_issues_by_rule_and_escapes_the_data(wfkpi, tmp_path) -> None:
    text = (FIXTURES_CSWW / "layout_2021.xml").read_text(encoding="utf-8")
    hostile = tmp_path / "census.xml"
    hostile.write_text(text.replace("<LEA>208</LEA>", "<LEA>&lt;script&gt;x()&lt;/script&gt;"
                                    "</LEA>"), encoding="utf-8")
    page = wfkpi("validate", str(hostile), "--format", "html")
    assert page.code == 3
    assert "<script" not in page.out and "&lt;script&gt;x()&lt;/script&gt;" in page.out
    assert page.out.startswith("<!DOCTYPE html>")
    assert '<h2 id="csww-schema"><code>csww-schema</code> (error, 1)</h2>' in page.out
    assert "Not ready to submit: clear every error first" in page.out
    redacted = wfkpi("validate", str(hostile), "--format", "html", "--redact")
    assert "<th>Value</th>" not in redacted.out and "<td>&lt;script" not in redacted.out
