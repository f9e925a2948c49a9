"""Drafting a mapping from hand-built grids: what is placed, what is mapped, what is left as a
comment, and headers and labels that try to break the YAML."""

from __future__ import annotations

import re
from pathlib import Path, PurePath

import pandas as pd
import pytest
import yaml
from hypothesis import given
from hypothesis import strategies as st

from wfkpi.read.draft import draft, file_pattern, name_score, quote
from wfkpi.read.grid import Grid, header_key
from wfkpi.read.mapping import load_mapping


def grid(header: list[str], rows: list[list[str]], file: str = "extract.csv") -> Grid:
    cells = pd.DataFrame([list(r) for r in rows], columns=range(len(header)), dtype=object)
    cells = cells.astype(str) if rows else pd.DataFrame(columns=range(len(header)), dtype=str)
    cells.index = pd.RangeIndex(2, 2 + len(cells))
    return Grid(file, header, cells, 1)


def drafted(*grids: Grid, name: str = "extract"):
    return draft([(g.file, g) for g in grids], name)


def loaded(text: str) -> dict:
    return yaml.safe_load(text)


def comments(text: str) -> str:
    return "\n".join(line for line in text.splitlines() if line.lstrip().startswith("#"))


ORACLE = grid(
    ["Person Number", "Assignment Number", "Effective Start Date", "Effective End Date",
     "Action Code", "Assignment Category", "Normal Hours", "Job Name", "Department Name"],
    [["1001", "E1001", "2019/04/01", "2024/06/30", "HIRE", "Perm", "37", "Social Worker", "CP"],
     ["1001", "E1001", "2024/07/01", "4712/12/31", "TERMINATION", "Perm", "37", "Social Worker",
      "CP"],
     ["1002", "E1002", "2021/02/15", "4712/12/31", "HIRE", "Locum", "18.5", "Team Manager",
      "CIC"],
     ["1003", "E1003", "2022/11/30", "4712/12/31", "HIRE", "Fixed Term", "30", "Social Worker",
      "CP"]],
    file="Worker Assignments.csv")


# --------------------------------------------------------------------------- placing

def test_headers_are_placed_by_their_names_and_synonyms() -> None:
    text = drafted(ORACLE).to_yaml()
    workers = loaded(text)["workers"]
    assert workers["file"] == "Worker Assignments.csv"
    assert workers["columns"] == {
        "worker_id": "Person Number",
        "employment_type": "Assignment Category",
        "start_date": {"header": "Effective Start Date", "format": "%Y/%m/%d"},
        "end_date": {"header": "Effective End Date", "format": "%Y/%m/%d"},
        "role": "Job Name",
        "team": "Department Name",
        "fte": {"hours": "Normal Hours", "standard_hours": 37},
    }
    assert workers["no_end"] == ["4712-12-31"]


def test_labels_are_mapped_and_canonical_ones_left_alone() -> None:
    values = loaded(drafted(ORACLE).to_yaml())["workers"]["values"]
    assert values == {"employment_type": {"permanent": ["Perm"], "agency": ["Locum"]}}


def test_a_date_effective_layout_gets_a_commented_history() -> None:
    text = drafted(ORACLE).to_yaml()
    assert "history" not in loaded(text)["workers"]
    assert '  # history:\n  #   key: "Assignment Number"\n  #   action: "Action Code"\n' \
           '  #   end_actions: ["TERMINATION"]' in text
    assert "1 person has several" in text


def test_the_draft_loads_as_a_mapping(tmp_path: Path) -> None:
    path = tmp_path / "draft.yaml"
    path.write_text(drafted(ORACLE).to_yaml(), encoding="utf-8")
    mapping = load_mapping(path)
    assert mapping.workers.headers_for("worker_id") == ["Person Number", "worker_id"]
    assert mapping.workers.date_formats("start_date") == ("%Y/%m/%d",)


def test_the_top_comments_count_what_was_placed_and_what_is_missing() -> None:
    d = drafted(ORACLE)
    text = d.to_yaml()
    assert (d.placed, d.headers, d.labels) == (7, 9, 2)
    assert "# Placed 7 of 9 headers; mapped 2 labels." in text
    assert '"Action Code": the action of each row: see the history suggestion' in text
    assert "# No file found for: vacancies, absences, training, appraisals, supervision, " \
           "recruitment" in text


def test_columns_are_placed_by_their_values_whatever_their_headers() -> None:
    g = grid(["Staff No", "Basis", "Ratio", "Joined"],
             [["1", "Permanent", "1", "01/04/2020"], ["2", "Agency", "0.5", "02/05/2021"],
              ["3", "Fixed Term", "0.8", "03/06/2022"], ["4", "Permanent", "1", "04/07/2023"]])
    text = drafted(g).to_yaml()
    columns = loaded(text)["workers"]["columns"]
    assert columns["employment_type"] == "Basis"
    assert columns["fte"] == "Ratio"
    assert "placed by its values (3 known labels)" in text
    assert "placed by its values (numbers up to 1)" in text
    # a column of dates under a header naming nothing: suggested, never placed
    assert "start_date" not in columns
    assert '"Joined": holds dates: start_date or end_date or date_of_birth?' in text
    assert "start_date: required, and no header was found for it" in text


def test_an_fte_column_holding_hours_becomes_hours() -> None:
    g = grid(["Employee Number", "Contract Type", "Start Date", "FTE"],
             [["1", "Permanent", "2020-01-01", "37"], ["2", "Permanent", "2021-01-01", "22.5"]])
    columns = loaded(drafted(g).to_yaml())["workers"]["columns"]
    assert columns["fte"] == {"hours": "FTE", "standard_hours": 37}


def test_a_standard_hours_column_is_the_week_row_by_row() -> None:
    g = grid(["Employee Number", "Contract Type", "Start Date", "Weekly Hours",
              "Standard Weekly Hours"],
             [["1", "Permanent", "2020-01-01", "37", "37"],
              ["2", "Permanent", "2021-01-01", "18", "36"]])
    columns = loaded(drafted(g).to_yaml())["workers"]["columns"]
    assert columns["fte"] == {"hours": "Weekly Hours", "standard_hours": "Standard Weekly Hours"}


# ----------------------------------------------------------------------- uncertain matches

def test_two_headers_that_could_be_the_worker_id_are_a_comment_not_a_key() -> None:
    g = grid(["Person Number", "Employee Number", "Employment Type", "Start Date"],
             [["1", "A7", "Permanent", "2020-01-01"], ["2", "A8", "Agency", "2021-01-01"]])
    text = drafted(g).to_yaml()
    assert "worker_id" not in loaded(text)["workers"]["columns"]
    assert '    # worker_id: "Person Number" or "Employee Number"? Each could be; keep one' in text
    assert '#   workers: worker_id: "Person Number" or "Employee Number"?' in text


def test_two_headers_with_the_same_values_are_no_doubt() -> None:
    g = grid(["ID", "Employee", "Employment Type", "Start Date"],
             [["E1", "E1", "Permanent", "2020-01-01"], ["E2", "E2", "Agency", "2021-01-01"]])
    text = drafted(g).to_yaml()
    assert loaded(text)["workers"]["columns"]["worker_id"] == "ID"
    assert '"Employee": holds the same values as "ID", used for worker_id' in text


def test_a_weaker_synonym_loses_but_is_named() -> None:
    g = grid(["ID", "Employee Number", "Employment Type", "Start Date"],
             [["HR-1", "7001", "Permanent", "2020-01-01"],
              ["HR-2", "7002", "Agency", "2021-01-01"]])
    text = drafted(g).to_yaml()
    assert '    worker_id: "Employee Number"   # also possible: "ID"' in text


def test_a_label_close_to_two_values_is_a_comment() -> None:
    g = grid(["Employee Number", "Contract Type", "Start Date"],
             [["1", "Permanent", "2020-01-01"], ["2", "FT", "2021-01-01"],
              ["3", "FT", "2021-01-01"], ["4", "Locum", "2022-01-01"],
              ["5", "Permanant", "2022-01-01"]])
    text = drafted(g).to_yaml()
    values = loaded(text)["workers"]["values"]
    assert values == {"employment_type": {"agency": ["Locum"]}}
    assert '      # "FT" (2 rows): fixed_term or temporary? It could be any of them' in text
    assert '      # "Permanant" (1 row): close to permanent; is it?' in text
    assert '#   workers.employment_type: "FT": 2 rows (close to fixed_term or temporary)' in text


def test_leaving_and_absence_reasons_are_mapped() -> None:
    workers = grid(["Employee Number", "Contract Type", "Start Date", "Leaving Date",
                    "Reason for Leaving"],
                   [["1", "Permanent", "2020-01-01", "2024-01-01", "Resigned"],
                    ["2", "Permanent", "2020-01-01", "2024-02-01", "Voluntary Redundancy"],
                    ["3", "Permanent", "2020-01-01", "2024-03-01", "Ill Health Retirement"],
                    ["4", "Permanent", "2020-01-01", "2024-03-01", "Moved abroad"]],
                   file="staff.csv")
    absences = grid(["Employee Number", "Absence Start", "Absence End", "Absence Type"],
                    [["1", "2024-01-01", "2024-01-03", "Sick Leave"],
                     ["2", "2024-02-01", "2024-02-10", "Maternity"],
                     ["3", "2024-03-01", "", "Jury Service"]], file="absence log.csv")
    data = loaded(drafted(workers, absences).to_yaml())
    assert data["workers"]["values"]["leaving_reason"] == {
        "resignation": ["Resigned"], "redundancy_voluntary": ["Voluntary Redundancy"],
        "retirement": ["Ill Health Retirement"]}
    assert data["absences"]["file"] == "absence log.csv"
    assert data["absences"]["columns"] == {"worker_id": "Employee Number",
                                           "start_date": "Absence Start",
                                           "end_date": "Absence End", "reason": "Absence Type"}
    assert data["absences"]["values"]["reason"] == {
        "sickness": ["Sick Leave"], "maternity_paternity": ["Maternity"],
        "public_duties": ["Jury Service"]}


# ---------------------------------------------------------------------------- dates

def test_month_first_only_when_a_date_says_so() -> None:
    plain = grid(["Employee Number", "Contract Type", "Start Date"],
                 [["1", "Permanent", "02/03/2020"], ["2", "Agency", "04/05/2021"]])
    assert loaded(drafted(plain).to_yaml())["workers"]["columns"]["start_date"] == "Start Date"
    us = grid(["Employee Number", "Contract Type", "Start Date", "End Date"],
              [["1", "Permanent", "01/15/2020", "02/03/2024"],
               ["2", "Agency", "04/05/2021", "12/31/9999"]])
    text = drafted(us).to_yaml()
    columns = loaded(text)["workers"]["columns"]
    assert columns["start_date"] == {"header": "Start Date", "format": "%m/%d/%Y"}
    # the end dates alone are ambiguous; they are read like the file's other dates
    assert columns["end_date"] == {"header": "End Date", "format": "%m/%d/%Y"}
    assert 'month-first, like "Start Date"' in text
    assert loaded(text)["workers"]["no_end"] == ["9999-12-31"]


def test_a_column_of_two_date_formats_lists_both() -> None:
    g = grid(["Employee Number", "Contract Type", "Start Date"],
             [["1", "Permanent", "2020/01/15"], ["2", "Agency", "2021/02/03"],
              ["3", "Agency", "15/Mar/2022"]])
    column = loaded(drafted(g).to_yaml())["workers"]["columns"]["start_date"]
    assert column == {"header": "Start Date", "format": ["%Y/%m/%d", "%d/%b/%Y"]}


# ----------------------------------------------------------------------- folders

def test_each_file_goes_to_the_table_its_headers_match() -> None:
    files = [
        grid(["Employee Number", "Contract Type", "Start Date", "FTE"],
             [["1", "Permanent", "2020-01-01", "1"]], file="establishment.csv"),
        grid(["Employee Number", "Course Title", "Completion Date", "Learning Hours"],
             [["1", "Safeguarding", "2024-01-01", "7"]], file="lms.csv"),
        grid(["Requisition", "Date Advertised", "Applications", "Appointed"],
             [["R1", "2024-01-01", "12", "1"]], file="tracker.csv"),
        grid(["Colour", "Shape"], [["red", "round"]], file="notes.csv"),
    ]
    d = drafted(*files)
    assert {t: [f.file for f in fs] for t, fs in d.tables.items()} == {
        "workers": ["establishment.csv"], "training": ["lms.csv"],
        "recruitment": ["tracker.csv"]}
    text = d.to_yaml()
    assert '"notes.csv": no table: its headers match no table\'s columns well enough' in text
    assert loaded(text)["training"]["columns"] == {
        "worker_id": "Employee Number", "date": "Completion Date", "hours": "Learning Hours",
        "course": "Course Title"}


def test_two_files_for_one_table_are_listed_under_files() -> None:
    staff = grid(["Employee Number", "Contract Type", "Start Date"],
                 [["1", "Permanent", "2020-01-01"]], file="staff.csv")
    agency = grid(["Staff ID", "Placement Start"], [["A1", "2024-01-01"]],
                  file="agency staff.csv")
    text = drafted(staff, agency).to_yaml()
    workers = loaded(text)["workers"]
    assert [entry["file"] for entry in workers["files"]] == ["staff.csv", "agency staff.csv"]
    assert workers["files"][1]["columns"] == {"worker_id": "Staff ID",
                                              "start_date": "Placement Start"}
    assert "# constants: {employment_type: agency}" in text


def test_a_second_header_row_is_skipped_and_names_the_columns() -> None:
    g = grid(["user-id", "start-date", "employee-class", "fte", "jc"],
             [["User ID", "Event Date", "Employee Class", "FTE", "Job Title"],
              ["5001", "2020-01-04", "Regular", "1", "Social Worker"],
              ["5002", "2021-03-01", "Contingent Worker", "0.5", "Social Worker"]])
    workers = loaded(drafted(g).to_yaml())["workers"]
    assert workers["skip"] == {"worker_id": "^User\\ ID$"}
    assert workers["columns"]["role"] == "jc"  # by its label, "Job Title"
    assert workers["values"]["employment_type"] == {"permanent": ["Regular"],
                                                    "agency": ["Contingent Worker"]}


# ------------------------------------------------------------------- hostile headers

HOSTILE = ["Yes", "No", "On", "off", "1", "0.5", "null", "~", "true", "a: b", "# not a comment",
           "x #y", "line\nbreak", "cr\rhere", "\x1b[31mred", 'say "hi"', "back\\slash",
           "sep\u2028line", "nel\x85", "&anchor", "*alias", "[list]", "{map: 1}", "- dash",
           "!tag", "%YAML", "@at", "`tick", "'single'", "tab\there", "bom\ufeff", "del\x7f",
           "", " ", "é ü 中文"]


@pytest.mark.parametrize("text", HOSTILE)
def test_quote_round_trips(text: str) -> None:
    assert yaml.safe_load(f"key: {quote(text)}  # comment") == {"key": text}
    assert yaml.safe_load(f"# {quote(text)}\nkey: 1") == {"key": 1}


@given(st.text())
def test_quote_round_trips_any_text(text: str) -> None:
    assert yaml.safe_load(f"- {quote(text)}") == [text]
    assert yaml.safe_load(f"# {quote(text)}\n- 1") == [1]


def test_hostile_headers_and_labels_stay_data(tmp_path: Path) -> None:
    header = ["Employee Number: #1", "Contract Type", "Start Date", *HOSTILE[:-3]]
    kinds = ["Yes", "No", "Perm", "a: b # c", "line\nbreak", "Locum"]
    rows = [[str(i), kinds[i % len(kinds)], "2020-01-01", *(["x"] * (len(header) - 3))]
            for i in range(12)]
    d = drafted(grid(header, rows, file="we:ird #[1]*.csv"), name="name\nwith: #")
    text = d.to_yaml()
    assert not re.search(r"[\x00-\x08\x0b-\x1f\x7f\x85\u2028\u2029]", text)
    data = loaded(text)
    assert set(data) == {"about", "workers"}
    workers = data["workers"]
    assert workers["columns"]["worker_id"] == "Employee Number: #1"
    assert PurePath("we:ird #[1]*.csv").match(workers["file"])
    assert not PurePath("we:ird #1x.csv").match(workers["file"])
    assert workers["values"]["employment_type"] == {"permanent": ["Perm"], "agency": ["Locum"]}
    # every hostile header is listed once, quoted, in the comments
    for h in HOSTILE[:-3]:
        if header_key(h):
            assert f"{quote(h)}: " in comments(text), h
    for label in ("Yes", "No", "a: b # c", "line\nbreak"):
        assert f"workers.employment_type: {quote(label)}: 2 rows" in comments(text)
    path = tmp_path / "draft.yaml"
    path.write_text(text, encoding="utf-8")
    assert load_mapping(path).workers.headers_for("worker_id")[0] == "Employee Number: #1"


def test_file_patterns_match_only_their_file() -> None:
    assert file_pattern("Report [v2] *final?.xlsx") == "Report [[]v2] [*]final[?].xlsx"
    assert file_pattern("~start.csv") == "[~]start.csv"
    assert PurePath("~start.csv").match(file_pattern("~start.csv"))


def test_name_scores() -> None:
    assert name_score("worker_id", "workers", "worker_id") == (1.0, "its name")
    assert name_score("Person Number", "workers", "worker_id")[0] == 0.97
    assert name_score("ID", "workers", "worker_id")[0] == 0.9
    assert name_score("Employee Name", "workers", "worker_id")[0] == 0.0
    assert name_score("Assignment Start Date", "workers", "start_date")[0] >= 0.8
    assert name_score("Team Manager", "workers", "team")[0] == 0.0


# ------------------------------------------------------------------ real layouts' habits

def test_shortened_headers_and_hints_in_headers_are_read() -> None:
    # upper snake case with _DT and EMP_, a date layout and a yes/no hint in the header
    g = grid(["PERSON_ID", "EMP_TYPE", "FTE", "START_DT", "END_DT", "Registered SW (Y/N)"],
             [["001", "PERMANENT", "1", "20150401", "", "Y"],
              ["002", "AGENCY", "0.5", "20190902", "20250331", "N"]])
    columns = loaded(drafted(g).to_yaml())["workers"]["columns"]
    assert columns == {"worker_id": "PERSON_ID", "employment_type": "EMP_TYPE", "fte": "FTE",
                       "start_date": "START_DT", "end_date": "END_DT",
                       "qualified_social_worker": "Registered SW (Y/N)"}
    absences = grid(["Employee Number", "Absence Start Date\n(dd/mm/yyyy)", "Absence Type"],
                    [["1", "03/02/2025", "Sickness"], ["2", "10/03/2025", "Maternity"]],
                    file="Absence Report.csv")
    assert loaded(drafted(absences).to_yaml())["absences"]["columns"]["start_date"] == \
        "Absence Start Date\n(dd/mm/yyyy)"


def test_one_word_headers_of_dates_and_contracts_are_placed() -> None:
    g = grid(["Emp No", "Contract", "Hours", "Start", "Left"],
             [["1", "Perm", "37", "01/04/2015", ""], ["2", "Locum", "18.5", "02/09/2019",
                                                     "31/03/2025"]],
             file="staff list.csv")
    columns = loaded(drafted(g).to_yaml())["workers"]["columns"]
    assert (columns["employment_type"], columns["start_date"], columns["end_date"]) == \
        ("Contract", "Start", "Left")
    # a header that holds one of them is no match: "Why Left" is no end date
    assert name_score("Why Left", "workers", "end_date")[0] < 0.8


def test_sickness_causes_are_sickness() -> None:
    g = grid(["Employee Number", "Absence Start", "Absence End", "Reason"],
             [["1", "2025-02-03", "2025-02-07", "S10 Anxiety/stress/depression/other psychiatric "
                                                "illnesses"],
              ["2", "2025-03-10", "", "S13 Cold, Cough, Flu - Influenza"],
              ["3", "2025-04-14", "2025-04-15", "Stomach, liver, kidneys and digestion"],
              ["4", "2025-05-01", "2025-05-30", "Musculoskeletal"],
              ["5", "2025-06-01", "2025-06-02", "Sickness - maternity related"],
              ["6", "2025-07-01", "2025-07-02", "Annual Leave"]],
             file="Sickness Absence.csv")
    text = drafted(g).to_yaml()
    assert loaded(text)["absences"]["values"]["reason"] == {"sickness": [
        "S10 Anxiety/stress/depression/other psychiatric illnesses",
        "S13 Cold, Cough, Flu - Influenza", "Stomach, liver, kidneys and digestion",
        "Musculoskeletal"]}
    # a label naming two values is a question, one naming none is left to the reader
    assert '# "Sickness - maternity related" (1 row): maternity_paternity or sickness?' in text
    assert '#   absences.reason: "Annual Leave": 1 row' in text


def test_words_that_say_nothing_inside_a_longer_label_are_not_read() -> None:
    g = grid(["Employee Number", "Contract Type", "Start Date", "Leaving Date",
              "Leaving Reason"],
             [["1", "Fixed Term Full Time", "2020-01-01", "2025-01-01", "TUPE Transfer Out"],
              ["2", "Permanent Part Time", "2020-01-01", "2025-02-01", "Internal Transfer"],
              ["3", "Fixed Term Temp", "2020-01-01", "2025-03-01", "Resignation"]])
    text = drafted(g).to_yaml()
    values = loaded(text)["workers"]["values"]
    assert values["employment_type"] == {"fixed_term": ["Fixed Term Full Time",
                                                        "Fixed Term Temp"],
                                         "permanent": ["Permanent Part Time"]}
    # a TUPE transfer out is a leaver to another employer, no internal move
    assert values["leaving_reason"] == {"internal_move": ["Internal Transfer"]}
    assert '#   workers.leaving_reason: "TUPE Transfer Out": 1 row' in text


def test_an_fte_of_percentages_is_read_over_100(tmp_path: Path) -> None:
    g = grid(["Payroll No", "Employee Type", "FTE %", "Start Date"],
             [["1", "Permanent", "100", "2020-01-01"], ["2", "Permanent", "60", "2020-01-01"],
              ["3", "Agency", "80", "2020-01-01"]])
    text = drafted(g).to_yaml()
    assert loaded(text)["workers"]["columns"]["fte"] == {"hours": "FTE %", "standard_hours": 100}
    assert "its values are percentages (100 is full time): FTE = value / 100" in text
    path = tmp_path / "draft.yaml"
    path.write_text(text, encoding="utf-8")
    load_mapping(path)
    # hours stay hours: a week is at most 60 hours
    hours = grid(["Employee Number", "Contract Type", "Start Date", "FTE"],
                 [["1", "Permanent", "2020-01-01", "37"], ["2", "Permanent", "2020-01-01", "18"]])
    assert loaded(drafted(hours).to_yaml())["workers"]["columns"]["fte"] == \
        {"hours": "FTE", "standard_hours": 37}


def test_decimal_commas_are_named_not_placed() -> None:
    g = grid(["Employee ID", "Contract Type", "FTE", "Start Date"],
             [["1", "Permanent", "1", "01/04/2015"], ["2", "Permanent", "0,6", "02/09/2019"],
              ["3", "Agency", "0,8", "15/01/2024"]])
    text = drafted(g).to_yaml()
    assert "fte" not in loaded(text)["workers"]["columns"]
    assert '"FTE": named like fte, but its values are not numbers: they are written with a ' \
           'decimal comma ("0,6"), which is not read; save the export with decimal points' in text
    assert '    # fte: required; "FTE" is named like it, but its values do not fit (see the top)' \
        in text


def test_a_file_with_no_header_row_is_named_so() -> None:
    g = grid(["000123", "Permanent", "1", "2015-04-01", ""],
             [["000124", "Agency", "0.6", "2019-09-02", "2025-03-31"]], file="workers.csv")
    text = drafted(g).to_yaml()
    assert '"workers.csv": no table: its headers match no table\'s columns well enough; its ' \
           "first row holds data (numbers, dates), not headers: the file seems to have no " \
           "header row: add one naming its columns and draft again" in text


def test_a_file_of_leavers_is_no_absence_file() -> None:
    g = grid(["Employee Number", "Contract Type", "FTE", "Start Date", "Leave Date"],
             [["1", "Permanent", "1", "2015-04-01", "2025-03-31"],
              ["2", "Agency", "0.5", "2019-09-02", "2025-06-30"]], file="Starters and Leavers.csv")
    assert list(loaded(drafted(g).to_yaml())) == ["about", "workers"]


def test_a_recruitment_tracker_is_read() -> None:
    g = grid(["Job Ref", "Post Title", "Service Area", "Closing Date", "Date Advertised",
              "No. of Applicants", "No. Shortlisted", "No. Interviewed", "Offers Made",
              "Appointed"],
             [["CS-0001", "Social Worker", "Assessment", "31/01/2025", "10/01/2025", "12", "5",
               "4", "2", "1"],
              ["CS-0002", "Team Manager", "CIC", "28/02/2025", "01/02/2025", "3", "2", "2", "1",
               "1"]], file="Recruitment Tracker.csv")
    assert loaded(drafted(g).to_yaml())["recruitment"]["columns"] == {
        "vacancy_id": "Job Ref", "advertised_date": "Date Advertised", "role": "Post Title",
        "service": "Service Area", "applications": "No. of Applicants",
        "shortlisted": "No. Shortlisted", "interviewed": "No. Interviewed",
        "offers": "Offers Made", "hires": "Appointed"}


def test_each_table_takes_one_sheet_of_a_workbook() -> None:
    def sheet(name: str, header: list[str], rows: list[list[str]]) -> Grid:
        g = grid(header, rows, file="Pack.xlsx")
        g.sheet = name
        return g
    cover = sheet("Report Info", ["Report name", "Starters and leavers"], [["Run", "01/10/2025"]])
    staff = sheet("Staff", ["Employee Number", "Employment Type", "FTE", "Start Date"],
                  [["1", "Permanent", "1", "2020-01-01"], ["2", "Agency", "0.5", "2021-01-01"]])
    more = sheet("Staff (old)", ["Employee Number", "Employment Type", "FTE", "Start Date"],
                 [["3", "Permanent", "1", "2010-01-01"]])
    sick = sheet("Absence", ["Employee Number", "Absence Start", "Absence End", "Reason"],
                 [["1", "2025-02-01", "2025-02-03", "Sickness"]])
    text = drafted(cover, staff, more, sick).to_yaml()
    data = loaded(text)
    assert (data["workers"]["sheet"], data["absences"]["sheet"]) == ("Staff", "Absence")
    assert '"Pack.xlsx (sheet Report Info)": no table: its headers match no table\'s columns' \
        in text
    assert '"Pack.xlsx (sheet Staff (old))": no table: it holds workers too, as sheet "Staff" ' \
           "does, which is drafted" in text
