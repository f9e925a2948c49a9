"""Files built in tmp_path: unreadable files, workbook layouts and row numbering."""

from __future__ import annotations

import csv
import datetime as dt
import io
import tempfile
from pathlib import Path

import openpyxl
import pandas as pd
import pytest
from hypothesis import HealthCheck, given, settings
from hypothesis import strategies as st

from wfkpi.core.errors import ConfigError, UsageError
from wfkpi.read import Mapping, load_extract, load_mapping
from wfkpi.read.mapping import TableMapping

FIXTURES = Path(__file__).resolve().parents[1] / "fixtures"
HEADER = ["worker_id", "employment_type", "fte", "start_date", "team"]


def found(extract) -> list[tuple]:
    return [(i.code, Path(i.file).name, i.sheet, i.row, i.column, i.value)
            for i in extract.issues]


def write(folder: Path, name: str, content: bytes | str) -> Path:
    folder.mkdir(parents=True, exist_ok=True)
    path = folder / name
    path.write_bytes(content.encode("utf-8") if isinstance(content, str) else content)
    return path


def workbook(path: Path, rows: dict[str, list[list[object]]]) -> Path:
    """An XLSX with one sheet per key; each row list starts at A1."""
    book = openpyxl.Workbook()
    book.remove(book.active)
    for name, sheet_rows in rows.items():
        sheet = book.create_sheet(name)
        for row in sheet_rows:
            sheet.append(row)
    path.parent.mkdir(parents=True, exist_ok=True)
    book.save(path)
    return path


# -------------------------------------------------------------------- unreadable files

def test_bytes_that_are_neither_utf8_nor_windows_1252_name_the_line(tmp_path: Path) -> None:
    write(tmp_path, "workers.csv",
          b"worker_id,employment_type,fte,start_date,team\r\n"
          b"W1,permanent,1,2020-01-06,North\r\n"
          b"W2,permanent,1,2020-01-06,Caf\x81 team\r\n")
    ex = load_extract(tmp_path)
    assert not ex.valid
    assert found(ex) == [("encoding", "workers.csv", None, 3, None, None)]
    assert ex.issues[0].message == (
        "Line 3 is neither UTF-8 nor Windows-1252 text; save the file as 'CSV UTF-8' from Excel")


def test_workbook_saved_under_a_csv_name(tmp_path: Path) -> None:
    data = (FIXTURES / "serial_dates_xlsx" / "workers.xlsx").read_bytes()
    write(tmp_path, "workers.csv", data)
    ex = load_extract(tmp_path)
    assert found(ex) == [("not-a-workbook", "workers.csv", None, None, None, None)]
    assert ex.issues[0].message == (
        "This is not a text CSV (it is a zip archive or an Excel workbook with the wrong name); "
        "export the data as CSV or XLSX")


def test_html_saved_as_xls(tmp_path: Path) -> None:
    write(tmp_path, "workers.xls", "<html><body><table><tr><td>worker_id</td></tr></table>")
    ex = load_extract(tmp_path)
    assert found(ex) == [("not-a-workbook", "workers.xls", None, None, None, None)]
    assert ex.issues[0].message == (
        "This is not an Excel workbook (it is an XML or HTML document)")


def test_csv_saved_under_an_xlsx_name_is_described_as_text(tmp_path: Path) -> None:
    write(tmp_path, "workers.xlsx", (FIXTURES / "clean" / "workers.csv").read_bytes())
    ex = load_extract(tmp_path)
    assert [i.code for i in ex.issues] == ["not-a-workbook"]
    message = ex.issues[0].message
    assert "binary" not in message
    assert "text" in message or "CSV" in message


def test_blank_lines_only(tmp_path: Path) -> None:
    write(tmp_path, "workers.csv", "\r\n  \r\n,,,\r\n")
    ex = load_extract(tmp_path)
    assert found(ex) == [("empty-file", "workers.csv", None, None, None, None)]
    assert ex.issues[0].message == "The file has no header row and no data"


def test_empty_workbook(tmp_path: Path) -> None:
    workbook(tmp_path / "workers.xlsx", {"Sheet1": []})
    ex = load_extract(tmp_path)
    assert found(ex) == [("empty-file", "workers.xlsx", "Sheet1", None, None, None)]


def test_header_only_workbook(tmp_path: Path) -> None:
    workbook(tmp_path / "workers.xlsx", {"Workers": [HEADER]})
    ex = load_extract(tmp_path)
    assert found(ex) == [("no-data-rows", "workers.xlsx", "Workers", None, None, None)]


def test_missing_required_columns_are_named_with_a_hint(tmp_path: Path) -> None:
    write(tmp_path, "workers.csv", "Employee Number,employment_type,start date,FTE\r\n"
                                   "E1,permanent,2020-01-06,1\r\n")
    ex = load_extract(tmp_path)
    assert not ex.valid
    assert found(ex) == [("missing-column", "workers.csv", None, 1, "worker_id", None)]
    assert ex.issues[0].message == (
        "No column for worker_id (looked for 'worker_id'); add the file's header for it under "
        "columns.worker_id in a mapping")
    # every row is counted as set aside: none can be loaded without worker_id
    (src,) = ex.sources
    assert (src.rows, src.set_aside) == (1, 1)
    assert "workers" not in ex.tables


def test_headers_compare_ignoring_case_spaces_and_punctuation(tmp_path: Path) -> None:
    write(tmp_path, "workers.csv", "Worker ID,Employment Type,FTE,Start Date,TEAM\r\n"
                                   "W1,Permanent,1,06/01/2020,North\r\n")
    ex = load_extract(tmp_path)
    assert ex.valid
    assert ex.issues == []
    (src,) = ex.sources
    assert src.columns == {"worker_id": "Worker ID", "employment_type": "Employment Type",
                           "fte": "FTE", "start_date": "Start Date", "team": "TEAM"}


def test_a_single_file_can_be_validated(tmp_path: Path) -> None:
    path = write(tmp_path, "workers.csv", "worker_id,employment_type,fte,start_date\r\n"
                                          "W1,permanent,1,06/01/2020\r\n")
    ex = load_extract(path)
    assert ex.valid
    assert ex.tables["workers"]["worker_id"].tolist() == ["W1"]


def test_a_missing_path_is_a_usage_error(tmp_path: Path) -> None:
    with pytest.raises(UsageError, match=r"^No such file or folder: .*nowhere$"):
        load_extract(tmp_path / "nowhere")


# ------------------------------------------------------------------------- csv shapes

def test_short_rows_are_padded_with_blanks(tmp_path: Path) -> None:
    write(tmp_path, "workers.csv", "worker_id,employment_type,fte,start_date,team\r\n"
                                   "W1,permanent,1,2020-01-06,North\r\n"
                                   "W2,permanent\r\n")
    ex = load_extract(tmp_path)
    assert found(ex) == [
        ("blank-value", "workers.csv", None, 3, "fte", None),
        ("required", "workers.csv", None, 3, "start_date", None),
    ]
    assert ex.issues[1].message == "start_date: required, but blank"
    assert ex.tables["workers"]["worker_id"].tolist() == ["W1"]


def test_quoted_line_breaks_do_not_shift_row_numbers(tmp_path: Path) -> None:
    write(tmp_path, "workers.csv", 'worker_id,employment_type,fte,start_date,team\r\n'
                                   'W1,permanent,1,2020-01-06,"North\r\n(was South)"\r\n'
                                   'W2,permanent,x,2020-01-06,North\r\n')
    ex = load_extract(tmp_path)
    assert found(ex) == [("bad-number", "workers.csv", None, 3, "fte", "x")]
    assert ex.tables["workers"]["team"].tolist()[0] == "North\r\n(was South)"


def test_quoted_cells_keep_their_delimiters(tmp_path: Path) -> None:
    write(tmp_path, "workers.csv", 'worker_id,employment_type,fte,start_date,team\r\n'
                                   'W1,permanent,1,2020-01-06,"Children, Families"\r\n')
    ex = load_extract(tmp_path)
    assert ex.valid
    assert ex.tables["workers"]["team"].tolist() == ["Children, Families"]


def test_pipe_delimited(tmp_path: Path) -> None:
    write(tmp_path, "workers.txt", "worker_id|employment_type|fte|start_date|team\n"
                                   "W1|permanent|1|2020-01-06|Children, Families\n")
    ex = load_extract(tmp_path / "workers.txt")
    assert ex.valid
    (src,) = ex.sources
    assert src.details["delimiter"] == "pipe"
    assert ex.tables["workers"]["team"].tolist() == ["Children, Families"]


@pytest.mark.filterwarnings("ignore::pandas.errors.ParserWarning")
def test_first_row_with_too_many_cells_is_reported(tmp_path: Path) -> None:
    write(tmp_path, "workers.csv", "worker_id,surname,employment_type,fte,start_date,team\r\n"
                                   "W1,Smith, John,permanent,1,2020-01-06,North\r\n"
                                   "W2,Jones,permanent,1,2020-01-06,North\r\n")
    ex = load_extract(tmp_path)
    assert [(i.code, i.row) for i in ex.issues] == [("malformed-csv", 2)]


# --------------------------------------------------------------------------- workbooks

def test_workbook_table_not_starting_at_a1(tmp_path: Path) -> None:
    book = openpyxl.Workbook()
    sheet = book.active
    sheet.title = "Staff"
    for col, name in enumerate(HEADER, start=2):  # column B onwards, header on row 3
        sheet.cell(row=3, column=col, value=name)
    for r, row in enumerate([["W1", "permanent", 1, dt.date(2020, 1, 6), "North"],
                             ["W2", "permanent", "full", dt.date(2020, 1, 6), "North"]],
                            start=4):
        for col, value in enumerate(row, start=2):
            sheet.cell(row=r, column=col, value=value)
    book.save(tmp_path / "workers.xlsx")
    ex = load_extract(tmp_path)
    assert found(ex) == [("bad-number", "workers.xlsx", "Staff", 5, "fte", "full")]
    (src,) = ex.sources
    assert (src.sheet, src.header_row, src.rows) == ("Staff", 3, 2)
    assert ex.tables["workers"]["worker_id"].tolist() == ["W1", "W2"]


def test_numeric_ids_in_a_workbook_read_as_text_without_decimals(tmp_path: Path) -> None:
    workbook(tmp_path / "workers.xlsx", {"Workers": [
        HEADER, [100231, "permanent", 1, dt.date(2020, 1, 6), "North"]]})
    ex = load_extract(tmp_path)
    assert ex.tables["workers"]["worker_id"].tolist() == ["100231"]


def test_mapping_picks_the_sheet_by_name_in_any_case_or_by_number(tmp_path: Path) -> None:
    workbook(tmp_path / "export.xlsx", {
        "Notes": [["Produced by the HR system"]],
        "Report": [HEADER, ["W1", "permanent", 1, dt.date(2020, 1, 6), "North"]],
    })
    for sheet in ("report", " REPORT ", 2):
        mapping = Mapping(workers=TableMapping(file="export.xlsx", sheet=sheet))
        ex = load_extract(tmp_path, mapping)
        assert ex.valid, sheet
        assert [s.sheet for s in ex.sources] == ["Report"]


def test_mapping_names_a_sheet_that_is_not_there(tmp_path: Path) -> None:
    workbook(tmp_path / "export.xlsx", {"Notes": [["x"]], "Report": [HEADER]})
    ex = load_extract(tmp_path, Mapping(workers=TableMapping(file="export.xlsx",
                                                             sheet="Summary")))
    assert found(ex) == [("sheet-not-found", "export.xlsx", None, None, None, None)]
    assert ex.issues[0].message == "There is no sheet 'Summary'; the sheets are: Notes, Report"
    ex = load_extract(tmp_path, Mapping(workers=TableMapping(file="export.xlsx", sheet=3)))
    assert ex.issues[0].message == "There is no sheet number 3; the sheets are: Notes, Report"


def test_mapping_puts_the_header_below_the_end_of_the_sheet(tmp_path: Path) -> None:
    workbook(tmp_path / "export.xlsx", {"Report": [HEADER, ["W1"]]})
    ex = load_extract(tmp_path, Mapping(workers=TableMapping(file="export.xlsx",
                                                             header_row=40)))
    assert found(ex) == [("header-not-found", "export.xlsx", "Report", 40, None, None)]
    assert ex.issues[0].message == (
        "The mapping puts the header on row 40, but the file has only 2 rows")


def test_mapping_glob_that_matches_nothing_is_a_configuration_error(tmp_path: Path) -> None:
    write(tmp_path, "other.csv", "x\r\n1\r\n")
    (tmp_path / "mapping.yaml").write_text("workers:\n  file: Establishment*.xlsx\n")
    with pytest.raises(ConfigError) as caught:
        load_extract(tmp_path, load_mapping(tmp_path / "mapping.yaml"))
    assert str(caught.value) == (
        f"{tmp_path / 'mapping.yaml'}, line 2: no file in {tmp_path} matches "
        "'Establishment*.xlsx', which the mapping names for workers")


def test_mapped_export_header_is_found_without_header_row(tmp_path: Path) -> None:
    mapping = load_mapping(FIXTURES / "mapped_hr_export" / "mapping.yaml")
    mapping.workers.header_row = None
    ex = load_extract(FIXTURES / "mapped_hr_export", mapping)
    assert ex.valid
    assert [(s.sheet, s.header_row, s.rows) for s in ex.sources] == [("Report", 3, 6)]


def test_unknown_worker_in_a_workbook_names_the_sheet(tmp_path: Path) -> None:
    workbook(tmp_path / "workers.xlsx", {"Workers": [
        HEADER, ["W1", "permanent", 1, dt.date(2020, 1, 6), "North"]]})
    workbook(tmp_path / "absences.xlsx", {"Absences": [
        ["worker_id", "start_date", "end_date", "reason"],
        ["W1", dt.date(2025, 6, 2), dt.date(2025, 6, 3), "sickness"],
        ["W404", dt.date(2025, 6, 2), dt.date(2025, 6, 3), "sickness"],
        *[["W1", dt.date(2025, 7, day), dt.date(2025, 7, day), "sickness"]
          for day in range(1, 10)]]})
    ex = load_extract(tmp_path)
    assert found(ex) == [("unknown-worker", "absences.xlsx", "Absences", 3, "worker_id", None)]


def test_one_person_in_two_posts_is_not_a_duplicate(tmp_path: Path) -> None:
    write(tmp_path, "workers.csv",
          "worker_id,employment_type,fte,start_date,role\r\n"
          "W1,permanent,0.5,2020-01-06,Social Worker\r\n"
          "W1,permanent,0.5,2020-01-06,AMHP\r\n")
    ex = load_extract(tmp_path)
    assert ex.valid
    assert ex.issues == []
    assert len(ex.tables["workers"]) == 2


def test_duplicate_spell_in_a_second_file_names_the_first_file(tmp_path: Path) -> None:
    row = "W1,permanent,1,2020-01-06,Social Worker\r\n"
    head = "worker_id,employment_type,fte,start_date,role\r\n"
    write(tmp_path, "workers.csv", head + row)
    workbook(tmp_path / "workers.xlsx", {"Workers": [
        ["worker_id", "employment_type", "fte", "start_date", "role"],
        ["W1", "permanent", 1, dt.date(2020, 1, 6), "Social Worker"]]})
    ex = load_extract(tmp_path)
    assert found(ex) == [("duplicate-spell", "workers.xlsx", "Workers", 2, None,
                          "Social Worker, 2020-01-06")]
    assert ex.issues[0].message == (
        f"same worker_id, role, start_date as row 2 of {tmp_path / 'workers.csv'}; "
        "this copy is set aside")
    assert [(s.file, s.set_aside) for s in ex.sources] == [
        (str(tmp_path / "workers.csv"), 0), (str(tmp_path / "workers.xlsx"), 1)]


def test_an_optional_cell_error_keeps_the_row(tmp_path: Path) -> None:
    write(tmp_path, "workers.csv",
          "worker_id,employment_type,fte,start_date,cases,org_role,qualified_social_worker\r\n"
          "W1,permanent,1,2020-01-06,abc,7,maybe\r\n"
          "W2,Perm,1,2020-01-06,2.5,0,yes\r\n")
    ex = load_extract(tmp_path)
    assert found(ex) == [  # each unmapped label once, before the rows
        ("unmapped-label", "workers.csv", None, None, "employment_type", "Perm"),
        ("unmapped-label", "workers.csv", None, None, "qualified_social_worker", "maybe"),
        ("out-of-range", "workers.csv", None, 2, "org_role", "7"),
        ("bad-boolean", "workers.csv", None, 2, "qualified_social_worker", "maybe"),
        ("bad-integer", "workers.csv", None, 2, "cases", "abc"),
        ("bad-value", "workers.csv", None, 3, "employment_type", "Perm"),
        ("out-of-range", "workers.csv", None, 3, "org_role", "0"),
        ("bad-integer", "workers.csv", None, 3, "cases", "2.5"),
    ]
    messages = {(i.row, i.column): i.message for i in ex.issues}
    assert messages[(2, "org_role")] == "org_role: should be less than or equal to 6"
    assert messages[(3, "org_role")] == "org_role: should be greater than or equal to 1"
    workers = ex.tables["workers"]
    assert workers["worker_id"].tolist() == ["W1"]  # W2's employment_type is required
    assert workers["cases"].isna().all()
    assert workers["org_role"].isna().all()
    assert workers["qualified_social_worker"].isna().all()


def test_an_unreadable_end_date_is_not_also_reported_as_missing(tmp_path: Path) -> None:
    write(tmp_path, "workers.csv",
          "worker_id,employment_type,fte,start_date,end_date,leaving_reason\r\n"
          "W1,permanent,1,2020-01-06,31/09/2025,resignation\r\n")
    ex = load_extract(tmp_path)
    assert [(i.code, i.row, i.column) for i in ex.issues] == [("bad-date", 2, "end_date")]


def test_values_of_personal_columns_are_never_in_issues(tmp_path: Path) -> None:
    write(tmp_path, "workers.csv",
          "worker_id,employment_type,fte,start_date,date_of_birth\r\n"
          "W1,permanent,1,2020-01-06,31/02/1980\r\n")
    ex = load_extract(tmp_path)
    assert [(i.code, i.row, i.column) for i in ex.issues] == [
        ("bad-date", 2, "date_of_birth")]
    assert ex.issues[0].value is None


# ----------------------------------------------------------------- row numbers, generally

def _csv(rows: list[list[str]]) -> str:
    out = io.StringIO()
    csv.writer(out, lineterminator="\r\n").writerows(rows)
    return out.getvalue()


@st.composite
def layouts(draw):
    """A worker file: title rows, header, data rows with blank rows among them, one bad FTE."""
    titles = draw(st.integers(0, 3))
    padded = draw(st.booleans())
    data = draw(st.integers(1, 6))
    blanks_before = draw(st.lists(st.integers(1, data - 1), max_size=2, unique=True)
                         if data > 1 else st.just([]))
    trailing = draw(st.integers(0, 2))
    bad = draw(st.integers(0, data - 1))
    multiline = draw(st.lists(st.integers(0, data - 1), max_size=2, unique=True))
    return titles, padded, data, sorted(blanks_before), trailing, bad, multiline


@settings(max_examples=15, deadline=None, suppress_health_check=[HealthCheck.too_slow])
@given(layouts())
def test_issue_rows_are_spreadsheet_rows_whatever_the_layout(layout) -> None:
    titles, padded, data, blanks_before, trailing, bad, multiline = layout
    rows: list[list[str]] = []
    for i in range(titles):
        rows.append([f"Report title {i + 1}"] + ([""] * (len(HEADER) - 1) if padded else []))
    rows.append(HEADER)
    expected = []
    for i in range(data):
        if i in blanks_before:
            rows.append([""] * len(HEADER))
            expected.append(("blank-row", len(rows), None))
        team = "North\n(was South)" if i in multiline else "North"
        fte = "x" if i == bad else "1"
        rows.append([f"W{i}", "permanent", fte, "2020-01-06", team])
        if i == bad:
            expected.append(("bad-number", len(rows), "fte"))
    rows.extend([[""] * len(HEADER)] * trailing)
    with tempfile.TemporaryDirectory() as folder:
        write(Path(folder), "workers.csv", _csv(rows))
        ex = load_extract(Path(folder))
    assert [(i.code, i.row, i.column) for i in ex.issues] == expected
    assert ex.sources[0].header_row == titles + 1
    kept = ex.tables["workers"]
    assert kept["worker_id"].tolist() == [f"W{i}" for i in range(data)]
    data_rows = [n for n, r in enumerate(rows, start=1) if r and r[0].startswith("W")]
    assert kept["_row"].tolist() == data_rows


@pytest.mark.parametrize("titles", [0, 1, 4])
def test_workbook_issue_rows_are_spreadsheet_rows(tmp_path: Path, titles: int) -> None:
    rows: list[list[object]] = [[f"Title {i}"] for i in range(titles)]
    rows += [HEADER,
             ["W1", "permanent", 1, dt.date(2020, 1, 6), "North"],
             [None] * len(HEADER),
             ["W2", "permanent", 1, "31/02/2020", "North"],
             ["Total", None, 2, None, None]]
    workbook(tmp_path / "workers.xlsx", {"Workers": rows})
    ex = load_extract(tmp_path)
    h = titles + 1
    assert [(i.code, i.row, i.column) for i in ex.issues] == [
        ("blank-row", h + 2, None), ("bad-date", h + 3, "start_date"), ("totals-row", h + 4, None)]
    assert ex.tables["workers"]["_row"].tolist() == [h + 1]
    assert pd.api.types.is_datetime64_any_dtype(ex.tables["workers"]["start_date"])


def test_an_unclosed_quote_is_named_not_swallowing_the_rest(tmp_path: Path) -> None:
    write(tmp_path, "workers.csv", b"worker_id,employment_type,fte,start_date\n"
          b"A0,permanent,1,2020-01-01\n"
          b'A1,"perm\nanent",1,2020-01-01\n'  # a legitimate two-line cell: row 3
          b'A2,permanent,1,"2020-01-01\n'  # opened on line 5 (row 4) and never closed
          b"A3,permanent,1,2020-01-01\n")
    ex = load_extract(tmp_path)
    assert [(i.code, i.row) for i in ex.issues] == [("malformed-csv", 4)]
    assert ex.issues[0].message.startswith("A double quote opened on line 5 is never closed")
    assert "workers" not in ex.tables


def test_a_value_spanning_lines_shows_only_its_first_line(tmp_path: Path) -> None:
    write(tmp_path, "workers.csv", b"worker_id,employment_type,fte,start_date\n"
          b'A1,permanent,1,"2020-01-01\nW9 someone else"\n')
    ex = load_extract(tmp_path)
    assert [(i.code, i.value) for i in ex.issues] == [("bad-date", "2020-01-01")]
