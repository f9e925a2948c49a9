"""``load_extract`` on each fixture folder: verdict, exact issues and rows, typed values.

Row numbers are spreadsheet rows: the header row counts, and so do title rows above it.
"""

from __future__ import annotations

import datetime as dt
from pathlib import Path

import pandas as pd
import pytest

from wfkpi.core.issues import CODES

FIXTURES = Path(__file__).resolve().parents[1] / "fixtures"


def found(extract) -> list[tuple]:
    """Each issue as (code, file name, sheet, row, column, value)."""
    return [(i.code, Path(i.file).name, i.sheet, i.row, i.column, i.value)
            for i in extract.issues]


def source(extract, table: str):
    (match,) = [s for s in extract.sources if s.table == table]
    return match


def date(text: str) -> pd.Timestamp:
    return pd.Timestamp(text)


# ------------------------------------------------------------------------------ clean

def test_clean_extract_is_valid_with_no_issues(extract) -> None:
    ex = extract("clean")
    assert ex.valid
    assert ex.issues == []
    assert list(ex.tables) == ["workers", "vacancies", "absences"]
    assert [(s.table, s.header_row, s.rows, s.set_aside) for s in ex.sources] == [
        ("workers", 1, 6, 0), ("vacancies", 1, 2, 0), ("absences", 1, 3, 0)]
    assert source(ex, "workers").details == {"encoding": "UTF-8", "delimiter": "comma"}


def test_clean_workers_are_typed(extract) -> None:
    workers = extract("clean").tables["workers"]
    assert workers["_row"].tolist() == [2, 3, 4, 5, 6, 7]
    assert workers["worker_id"].tolist() == ["W001", "W002", "W003", "W004", "W005", "W005"]
    assert workers["employment_type"].tolist() == [
        "permanent", "agency", "fixed_term", "permanent", "permanent", "permanent"]
    assert workers["fte"].tolist() == [1.0, 1.0, 0.6, 1.0, 0.8, 0.8]
    assert workers["start_date"].tolist() == [
        date("2019-04-01"), date("2025-01-15"), date("2024-10-01"), date("2015-09-07"),
        date("2021-02-01"), date("2025-04-01")]
    assert workers["end_date"].isna().tolist() == [True, False, True, True, False, True]
    assert workers.loc[1, "end_date"] == date("2025-06-30")
    assert workers.loc[1, "leaving_reason"] == "end_of_contract"
    assert workers.loc[4, "leaving_reason"] == "internal_move"
    assert workers["org_role"].tolist()[:4] == [5, 5, 4, 3]
    assert workers["org_role"].isna().tolist()[4:] == [True, True]
    assert workers["qualified_social_worker"].tolist() == [True, True, True, True, False, False]
    assert workers["cases"].tolist()[:4] == [18, 14, 11, 0]
    assert str(workers["start_date"].dtype) == "datetime64[ns]"
    assert str(workers["org_role"].dtype) == "Int64"
    assert str(workers["fte"].dtype) == "float64"


def test_clean_vacancies_and_absences_are_typed(extract) -> None:
    ex = extract("clean")
    vacancies, absences = ex.tables["vacancies"], ex.tables["absences"]
    assert vacancies["vacancy_fte"].tolist() == [2.5, 1.0]
    assert vacancies["agency_cover_fte"].tolist() == [1.0, 0.0]
    assert vacancies["as_at"].tolist() == [date("2025-09-30")] * 2
    assert vacancies["service"].tolist() == ["Children's Social Care"] * 2
    assert absences["worker_id"].tolist() == ["W001", "W003", "W004"]
    assert absences["reason"].tolist() == ["sickness", "maternity_paternity", "training"]
    assert absences["start_date"].tolist() == [
        date("2025-06-02"), date("2025-01-13"), date("2025-03-10")]
    assert absences["end_date"].isna().tolist() == [False, True, False]
    assert absences["working_days_lost"].fillna(-1).tolist() == [5.0, -1, 2.0]


# -------------------------------------------------------------------- encodings, delimiters

def test_windows_1252_decodes_pound_signs_and_accents(extract) -> None:
    ex = extract("windows_1252")
    assert ex.valid
    assert ex.issues == []
    src = source(ex, "workers")
    assert src.details == {"encoding": "Windows-1252", "delimiter": "comma"}
    assert src.ignored == ["first_name", "last_name"]
    workers = ex.tables["workers"]
    assert workers["team"].tolist() == ["Café £ team", "Équipe Nord"]
    assert workers["role"].tolist() == ["Social Worker", "Social Worker – Senior"]
    assert workers["fte"].tolist() == [1.0, 0.5]


def test_utf8_byte_order_mark_does_not_hide_the_first_header(extract) -> None:
    ex = extract("utf8_bom")
    assert ex.valid
    assert ex.issues == []
    src = source(ex, "workers")
    assert src.columns["worker_id"] == "worker_id"
    assert src.details == {"encoding": "UTF-8", "delimiter": "comma"}
    assert ex.tables["workers"]["worker_id"].tolist() == ["W201", "W202"]
    assert ex.tables["workers"]["team"].tolist() == ["Café £ team", "Assessment North"]


def test_utf16_unicode_text(extract) -> None:
    ex = extract("utf16")
    assert ex.valid
    assert ex.issues == []
    assert source(ex, "workers").details == {"encoding": "UTF-16", "delimiter": "tab"}
    assert ex.tables["workers"]["team"].tolist() == ["Café £ team"]


def test_semicolons_split_cells_and_commas_stay_in_values(extract) -> None:
    ex = extract("semicolon")
    assert ex.valid
    assert ex.issues == []
    assert source(ex, "workers").details["delimiter"] == "semicolon"
    workers = ex.tables["workers"]
    assert workers["team"].tolist() == ["Children, Young People & Families"] * 2
    assert workers["role"].tolist() == ["Social Worker", "Social Worker, Senior"]
    assert workers["employment_type"].tolist() == ["permanent", "temporary"]
    assert workers["fte"].tolist() == [0.5, 1.0]
    assert workers["qualified_social_worker"].tolist() == [True, False]


def test_tabs_split_cells(extract) -> None:
    ex = extract("tab")
    assert ex.valid
    assert ex.issues == []
    assert source(ex, "workers").details["delimiter"] == "tab"
    workers = ex.tables["workers"]
    assert workers["team"].tolist() == ["Safeguarding, Adults"] * 2
    assert workers["role"].tolist() == ["Social Worker; AMHP", "Social Worker"]
    assert workers["employment_type"].tolist() == ["permanent", "bank"]
    assert workers["fte"].tolist() == [1.0, 0.2]


# ----------------------------------------------------------------------- layout

def test_title_rows_above_the_header_in_a_csv(extract) -> None:
    ex = extract("title_rows_csv")
    assert ex.valid
    assert found(ex) == [("blank-value", "workers.csv", None, 5, "fte", None)]
    assert ex.issues[0].message == (
        "fte: blank; the row is kept but left out of figures that need fte")
    src = source(ex, "workers")
    assert (src.header_row, src.rows, src.set_aside) == (3, 2, 0)
    workers = ex.tables["workers"]
    assert workers["_row"].tolist() == [4, 5]
    assert workers["worker_id"].tolist() == ["W501", "W502"]
    assert workers["fte"].isna().tolist() == [False, True]


def test_title_rows_above_the_header_in_a_workbook(extract) -> None:
    ex = extract("title_rows_xlsx")
    assert ex.valid
    assert found(ex) == [("blank-value", "workers.xlsx", "Establishment", 6, "fte", None)]
    src = source(ex, "workers")
    assert (src.sheet, src.header_row, src.rows, src.set_aside) == ("Establishment", 4, 2, 0)
    workers = ex.tables["workers"]
    assert workers["_row"].tolist() == [5, 6]
    assert workers["start_date"].tolist() == [date("2020-01-06"), date("2021-03-01")]
    assert workers["qualified_social_worker"].tolist() == [True, True]
    assert workers["org_role"].tolist() == [5, 5]


def test_totals_rows_are_skipped_with_a_warning(extract) -> None:
    ex = extract("totals_row")
    assert ex.valid
    assert found(ex) == [
        ("totals-row", "workers.csv", None, 4, None, "Subtotal Assessment North 1.6 22"),
        ("totals-row", "workers.csv", None, 6, None, "Grand Total 2.6 37"),
    ]
    assert {i.message for i in ex.issues} == {
        "Totals row skipped; wfkpi computes its own totals"}
    assert source(ex, "workers").rows == 3
    workers = ex.tables["workers"]
    assert workers["worker_id"].tolist() == ["W601", "W602", "W603"]
    assert workers["_row"].tolist() == [2, 3, 5]
    assert workers["fte"].sum() == pytest.approx(2.6)


def test_blank_rows_inside_are_warned_and_below_are_trimmed(extract) -> None:
    ex = extract("blank_rows")
    assert ex.valid
    assert found(ex) == [
        ("blank-row", "workers.csv", None, 4, None, None),
        ("blank-row", "workers.csv", None, 5, None, None),
    ]
    assert {i.message for i in ex.issues} == {"Blank row skipped"}
    assert source(ex, "workers").rows == 3
    workers = ex.tables["workers"]
    assert workers["_row"].tolist() == [2, 3, 6]
    assert workers["worker_id"].tolist() == ["W701", "W702", "W703"]


def test_duplicate_headers_are_an_error_naming_the_columns(extract) -> None:
    ex = extract("duplicate_headers")
    assert not ex.valid
    assert found(ex) == [("duplicate-column", "workers.csv", None, 1, "team", None)]
    assert ex.issues[0].message == (
        "2 columns (J, L) are headed 'team'; the first is used for team. Rename or remove "
        "the others")
    src = source(ex, "workers")
    assert src.columns["team"] == "team"
    assert src.ignored == ["Team", "notes", "notes"]
    assert ex.tables["workers"]["team"].tolist() == ["Assessment North", "Child Protection"]


def test_whole_numbers_written_as_floats(extract) -> None:
    ex = extract("integers_as_floats")
    assert ex.valid
    assert ex.issues == []
    workers = ex.tables["workers"]
    assert workers["org_role"].tolist() == [5, 1, 4]
    assert workers["cases"].tolist() == [12, 0, 7]
    assert workers["fte"].tolist() == [1.0, 1.0, 0.5]
    assert workers["qualified_social_worker"].tolist() == [True, False, True]
    assert str(workers["org_role"].dtype) == "Int64"
    assert str(workers["cases"].dtype) == "Int64"


# -------------------------------------------------------------------------- dates

def test_day_first_dates_in_every_form_are_3_april(extract) -> None:
    ex = extract("day_first_dates")
    assert ex.valid
    assert ex.issues == []
    workers = ex.tables["workers"]
    assert workers["start_date"].tolist()[:9] == [date("2025-04-03")] * 9
    last = workers.iloc[9]
    assert (last["worker_id"], last["start_date"], last["end_date"]) == (
        "W1010", date("2024-02-01"), date("2025-12-11"))


def test_impossible_dates_are_errors_on_their_rows(extract) -> None:
    ex = extract("impossible_dates")
    assert not ex.valid
    assert found(ex) == [
        ("bad-date", "workers.csv", None, 3, "start_date", "31/02/2025"),
        ("bad-date", "workers.csv", None, 4, "start_date", "12/31/2025"),
        ("bad-date", "workers.csv", None, 5, "end_date", "31/09/2025"),
        ("bad-date", "workers.csv", None, 6, "start_date", "29/02/2025"),
    ]
    messages = [i.message for i in ex.issues]
    assert messages[0] == "start_date: not a real day-first (DD/MM/YYYY) date"
    assert messages[1] == ("start_date: not a real day-first (DD/MM/YYYY) date; it reads as "
                           "month-first, which wfkpi never assumes")
    assert messages[2] == "end_date: not a real day-first (DD/MM/YYYY) date"
    # a bad required cell sets the row aside; a bad optional cell is blanked, the row kept
    src = source(ex, "workers")
    assert (src.rows, src.set_aside) == (6, 3)
    workers = ex.tables["workers"]
    assert workers["worker_id"].tolist() == ["W1101", "W1104", "W1106"]
    assert workers["_row"].tolist() == [2, 5, 7]
    assert workers["start_date"].tolist() == [
        date("2025-02-28"), date("2024-09-01"), date("2024-02-29")]
    assert workers["end_date"].isna().all()


def test_excel_serial_dates_in_a_csv(extract) -> None:
    ex = extract("serial_dates_csv")
    assert ex.valid
    assert ex.issues == []
    workers = ex.tables["workers"]
    assert workers["start_date"].tolist() == [
        date("2020-01-06"), date("2024-10-01"), date("2025-01-01")]
    assert workers.loc[1, "end_date"] == date("2025-06-30")


def test_dates_in_a_workbook_as_date_cells_numbers_and_text(extract) -> None:
    ex = extract("serial_dates_xlsx")
    assert ex.valid
    assert ex.issues == []
    src = source(ex, "workers")
    assert (src.sheet, src.header_row, src.rows) == ("Workers", 1, 3)
    workers = ex.tables["workers"]
    assert workers["start_date"].tolist() == [date("2025-04-03")] * 3
    assert workers["end_date"].tolist() == [date("2025-09-30")] * 3
    assert workers["org_role"].tolist() == [5, 5, 5]
    assert workers["cases"].tolist() == [12, 10, 8]
    assert workers["fte"].tolist() == [1.0, 0.8, 0.5]
    assert workers["qualified_social_worker"].tolist() == [True, True, True]


# --------------------------------------------------------------------- unreadable files

def test_empty_file(extract) -> None:
    ex = extract("empty_file")
    assert not ex.valid
    assert found(ex) == [("empty-file", "workers.csv", None, None, None, None)]
    assert ex.issues[0].message == "The file is empty"
    assert ex.issues[0].severity == "error"
    assert ex.tables == {}


def test_header_only_files(extract) -> None:
    ex = extract("header_only")
    assert not ex.valid
    assert found(ex) == [
        ("no-data-rows", "workers.csv", None, None, None, None),
        ("empty-table", "vacancies.csv", None, None, None, None),
    ]
    assert [i.severity for i in ex.issues] == ["error", "warning"]
    assert {i.message for i in ex.issues} == {"The table has a header but no data rows"}
    assert len(ex.tables["workers"]) == 0
    assert len(ex.tables["vacancies"]) == 0


def test_pdf_renamed_xlsx_says_what_it_is(extract) -> None:
    ex = extract("pdf_as_xlsx")
    assert not ex.valid
    assert found(ex) == [("not-a-workbook", "workers.xlsx", None, None, None, None)]
    assert ex.issues[0].message == "This is not an Excel workbook (it is a PDF document)"
    assert ex.tables == {}


def test_a_folder_without_workers_is_invalid(extract) -> None:
    ex = extract("only_vacancies")
    assert not ex.valid
    assert found(ex) == [("missing-table", "only_vacancies", None, None, None, None)]
    assert ex.issues[0].message == (
        "No workers file: expected workers.csv or workers.xlsx, or a mapping (--mapping) "
        "naming the file")
    assert ex.tables["vacancies"]["vacancy_fte"].tolist() == [2.5, 1.0]


def test_row_with_too_many_cells_is_reported_on_its_own_row(extract) -> None:
    ex = extract("extra_cells")
    assert found(ex) == [("malformed-csv", "workers.csv", None, 3, None, None)]
    assert ex.issues[0].message == (
        "This row has 7 cells but the header has 6; a value probably holds an unquoted comma. "
        "The row is set aside")
    # The good row around it is still read; the bad one is counted as set aside.
    assert ex.tables["workers"]["worker_id"].tolist() == ["W1401"]
    assert (ex.sources[0].rows, ex.sources[0].set_aside) == (2, 1)


# ----------------------------------------------------------------------- row rules

def test_cross_row_problems(extract) -> None:
    ex = extract("cross_row")
    assert not ex.valid
    assert found(ex) == [
        ("end-before-start", "workers.csv", None, 3, "end_date", "2024-01-31, 2024-03-01"),
        ("duplicate-spell", "workers.csv", None, 5, None, "Social Worker, 2021-05-04, blank"),
        ("reason-without-end", "workers.csv", None, 6, "leaving_reason", "resignation"),
        ("out-of-range", "workers.csv", None, 7, "fte", "0"),
        ("out-of-range", "workers.csv", None, 8, "fte", "-0.5"),
        ("above-expected", "workers.csv", None, 9, "fte", "1.2"),
        ("blank-value", "workers.csv", None, 10, "fte", None),
        ("end-before-start", "absences.csv", None, 3, "end_date", "2025-03-07, 2025-03-10"),
    ]
    messages = [i.message for i in ex.issues]
    assert messages == [
        "end_date: before start_date; the row is set aside",
        "same worker_id, role, start_date, end_date as row 4; this copy is set aside",
        "leaving_reason: given, but there is no end date; the spell is read as still open",
        "fte: should be greater than 0",
        "fte: should be greater than 0",
        "fte: above 1; accepted, but check it",
        "fte: blank; the row is kept but left out of figures that need fte",
        "end_date: before start_date; the row is set aside",
    ]
    assert [i.severity for i in ex.issues] == [
        "error", "error", "warning", "error", "error", "warning", "warning", "error"]
    assert [CODES[i.code][0] for i in ex.issues] == [i.severity for i in ex.issues]


def test_cross_row_rows_set_aside_and_kept(extract) -> None:
    ex = extract("cross_row")
    assert [(s.table, s.rows, s.set_aside) for s in ex.sources] == [
        ("workers", 9, 2), ("absences", 2, 1)]
    workers = ex.tables["workers"]
    assert workers["_row"].tolist() == [2, 4, 6, 7, 8, 9, 10]
    assert workers["worker_id"].tolist() == [
        "W1301", "W1303", "W1304", "W1305", "W1306", "W1307", "W1308"]
    # FTE 0 and -0.5 are blanked (errors in an optional cell); 1.2 is kept with a warning
    assert workers["fte"].fillna(-1).tolist() == [1.0, 1.0, 1.0, -1, -1, 1.2, -1]
    assert workers.loc[2, "leaving_reason"] == "resignation"
    assert pd.isna(workers.loc[2, "end_date"])
    assert ex.tables["absences"]["_row"].tolist() == [2]


def test_absence_for_an_unknown_worker_is_a_warning(extract) -> None:
    ex = extract("unknown_worker")
    assert ex.valid
    assert found(ex) == [("unknown-worker", "absences.csv", None, 3, "worker_id", None)]
    assert ex.issues[0].message == (
        "worker_id: not in the workers table; this absence counts toward no KPI")
    assert ex.tables["absences"]["worker_id"].tolist()[:3] == ["W1701", "W9999", "W1702"]
    # 10 of the 11 rows name a worker: above the share at which the ids are taken to join
    assert [(s.table, s.rows, s.matched) for s in ex.sources] == [
        ("workers", 10, None), ("absences", 11, 10)]


# ------------------------------------------------------------------- a mapped export

def test_mapped_hr_export(extract) -> None:
    ex = extract("mapped_hr_export", "mapping.yaml")
    assert ex.valid
    assert ex.issues == []
    src = source(ex, "workers")
    assert Path(src.file).name == "Establishment Report 2025-09.xlsx"
    assert (src.sheet, src.header_row, src.rows, src.set_aside) == ("Report", 3, 6, 0)
    assert src.columns == {
        "worker_id": "Employee Number",
        "employment_type": "Assignment Category",
        "fte": "FTE",
        "start_date": "Assignment Start Date",
        "end_date": "Leaving Date",
        "leaving_reason": "Leaving Reason",
        "role": "Job Title",
        "team": "Team",
        "cases": "Caseload",
    }
    assert src.ignored == ["Surname", "Manager"]


def test_mapped_hr_export_labels_become_canonical_values(extract) -> None:
    workers = extract("mapped_hr_export", "mapping.yaml").tables["workers"]
    assert workers["_row"].tolist() == [4, 5, 6, 7, 8, 9]
    assert workers["worker_id"].tolist() == [
        "100231", "100232", "100233", "100234", "100235", "100236"]
    assert workers["employment_type"].tolist() == [
        "permanent", "agency", "fixed_term", "agency", "permanent", "casual"]
    assert workers["leaving_reason"].fillna("").tolist() == [
        "", "end_of_contract", "", "", "resignation", ""]
    assert workers["start_date"].tolist()[:2] == [date("2018-06-04"), date("2025-01-13")]
    assert workers["end_date"].tolist()[1] == date("2025-07-31")
    assert workers["cases"].tolist()[:5] == [17, 14, 9, 0, 0]
    assert pd.isna(workers["cases"].iloc[5])
    assert "Surname" not in workers.columns


def test_every_fixture_folder_is_covered() -> None:
    cases = {p.name for p in FIXTURES.iterdir() if p.is_dir() and not p.name.startswith("__")}
    covered = {
        "clean", "windows_1252", "utf8_bom", "utf16", "semicolon", "tab", "title_rows_csv",
        "title_rows_xlsx", "totals_row", "blank_rows", "duplicate_headers",
        "integers_as_floats", "day_first_dates", "impossible_dates", "serial_dates_csv",
        "serial_dates_xlsx", "empty_file", "header_only", "pdf_as_xlsx", "only_vacancies",
        "extra_cells", "cross_row", "unknown_worker", "mapped_hr_export", "mapping_typo",
        "report_small",  # tests/cli/test_cli_report.py
        "export_furniture",  # tests/read/test_export_furniture.py
        "other_sheet_xlsx",  # tests/read/test_other_sheets.py
        "zero_padded_ids", "ids_that_do_not_join",  # tests/read/test_joins.py
        "equality_labels",  # tests/read/test_equality_labels.py
        "csww",  # tests/read/test_csww.py, tests/cli/test_cli_census.py
        "systems",  # tests/read/test_system_fixtures.py
    }
    assert cases == covered


def test_dates_are_plain_dates_not_times(extract) -> None:
    workers = extract("serial_dates_xlsx").tables["workers"]
    assert all(ts.time() == dt.time() for ts in workers["start_date"])
