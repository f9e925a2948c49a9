"""``wfkpi map``: drafts for extracts laid out as real HR systems write them, each loaded as a
mapping and read by ``wfkpi validate``; the summary on stderr; --output never an input."""

from __future__ import annotations

import datetime as dt
from pathlib import Path

import openpyxl
import yaml

from wfkpi.read.mapping import load_mapping

ORACLE = """\
Person Number|Assignment Number|Effective Start Date|Effective End Date|Action Code|\
Action Reason|Assignment Category|Normal Hours|Job Name|Department Name|Assignment Type
100201|E100201|2015/04/01|4712/12/31|HIRE||Perm|37|Team Manager|Assessment|E
100202|E100202|2019/09/02|2024/03/31|HIRE||Perm|18.5|Social Worker|Assessment|E
100202|E100202|2024/04/01|4712/12/31|TERMINATION|Resignation|Perm|18.5|Social Worker|\
Assessment|E
100203|E100203|2020/01/06|4712/12/31|HIRE||Locum|37|Social Worker|Child Protection|C
100204|E100204|2021/05/17|2025/01/31|HIRE||Fixed Term|30|Social Worker|Child Protection|E
100204|E100204|2025/02/01|4712/12/31|ASG_CHANGE||Fixed Term|37|Senior Practitioner|\
Child Protection|E
"""

FRAPPE = """\
ID,Full Name,Status,Employment Type,Department,Designation,Gender,Date of Birth,\
Date of Joining,Relieving Date,Reason for Leaving,Weekly Hours
HR-EMP-00001,Olivia Hart,Active,Permanent,Assessment - ACC,Social Worker,Female,1988-02-11,\
2019-10-06,,,37
HR-EMP-00002,Jacob Reid,Left,Permanent,Assessment - ACC,Social Worker,Male,1979-07-30,\
2016-09-01,2025-03-31,Resigned,30
HR-EMP-00003,Grace Lewis,Active,Agency,Children in Care - ACC,Social Worker,Female,1990-12-01,\
2025-05-06,,,37
HR-EMP-00004,Amir Shah,Left,Fixed Term,Children in Care - ACC,Team Manager,Male,1975-01-15,\
2021-01-04,2025-06-30,End of Contract,37
HR-EMP-00005,Ruth Okafor,Active,Intern,Assessment - ACC,Family Support Worker,Female,\
2001-04-20,2025-07-01,,,22.5
"""

SUCCESSFACTORS = """\
user-id,start-date,end-date,event-reason,employee-class,fte,department,job-title
User ID,Event Date,End Date,Event Reason,Employee Class,FTE,Department,Job Title
500101,04/01/2015,12/31/9999,HIRNEW,Regular,1,Assessment,Team Manager
500102,09/02/2019,12/31/9999,HIRNEW,Regular,0.5,Assessment,Social Worker
500103,01/15/2020,06/30/2025,TER_RESIGN,Regular,0.8,Child Protection,Social Worker
500104,03/03/2024,12/31/9999,HIRNEW,Contingent Worker,1,Child Protection,Social Worker
"""


def write(folder: Path, name: str, text: str) -> Path:
    folder.mkdir(parents=True, exist_ok=True)
    path = folder / name
    path.write_text(text, encoding="utf-8")
    return path


def drafted(wfkpi, path: Path, out: Path) -> tuple[dict, str, str]:
    result = wfkpi("map", str(path), "--output", str(out))
    assert result.code == 0, result.err
    assert result.out == ""
    text = out.read_text(encoding="utf-8")
    load_mapping(out)  # the draft is a mapping --mapping accepts
    return yaml.safe_load(text), text, result.err


def read_row(wfkpi, path: Path, mapping: Path) -> list[list[str]]:
    result = wfkpi("validate", str(path), "--mapping", str(mapping))
    assert result.code in (0, 3), result.err
    assert result.lines[0].startswith(("VALID", "INVALID"))
    assert "missing-column" not in result.out
    return [row[3:] for row in result.rows("Read")]


def test_oracle_pipe_delimited_extract(wfkpi, tmp_path: Path) -> None:
    data = tmp_path / "oracle"
    write(data, "Worker Assignment Extract.txt", ORACLE)
    out = tmp_path / "draft.yaml"
    mapping, text, err = drafted(wfkpi, data, out)
    workers = mapping["workers"]
    assert workers["file"] == "Worker Assignment Extract.txt"
    assert workers["columns"] == {
        "worker_id": "Person Number",
        "employment_type": "Assignment Category",
        "start_date": {"header": "Effective Start Date", "format": "%Y/%m/%d"},
        "end_date": {"header": "Effective End Date", "format": "%Y/%m/%d"},
        "leaving_reason": "Action Reason",
        "role": "Job Name",
        "team": "Department Name",
        "fte": {"hours": "Normal Hours", "standard_hours": 37},
    }
    # "Fixed Term" and "Resignation" are read as they are: canonical values need no mapping
    assert workers["values"] == {"employment_type": {"permanent": ["Perm"], "agency": ["Locum"]}}
    assert workers["no_end"] == ["4712-12-31"]
    assert '  #   key: "Assignment Number"\n  #   action: "Action Code"\n' \
           '  #   end_actions: ["TERMINATION"]' in text
    assert "laid out like an export of Oracle HCM" in mapping["about"]
    assert '"Assignment Type": 2 distinct values' in text
    assert err.splitlines()[0] == "Placed 8 of 11 headers; mapped 2 labels."
    assert err.splitlines()[-1] == f"Next: wfkpi validate {data} --mapping {out}"
    # validate reads it through the draft: 6 rows, the 8 headers placed, nothing set aside
    assert read_row(wfkpi, data, out) == [["1", "6", "0", "-", "8 used, 3 ignored"]]


def test_frappe_hr_employee_export(wfkpi, tmp_path: Path) -> None:
    export = write(tmp_path / "frappe", "Employee.csv", FRAPPE)
    out = tmp_path / "frappe.yaml"
    mapping, text, err = drafted(wfkpi, export, out)
    workers = mapping["workers"]
    assert workers["columns"] == {
        "worker_id": "ID", "employment_type": "Employment Type", "start_date": "Date of Joining",
        "end_date": "Relieving Date", "leaving_reason": "Reason for Leaving",
        "role": "Designation", "team": "Department", "date_of_birth": "Date of Birth",
        "sex": "Gender", "fte": {"hours": "Weekly Hours", "standard_hours": 37}}
    assert workers["values"] == {"leaving_reason": {"resignation": ["Resigned"]}}
    assert '#   workers.employment_type: "Intern": 1 row' in text
    assert '"Status": 2 distinct values' in text
    assert "laid out like an export of Frappe HR" in mapping["about"]
    assert "1 label(s) not mapped (1 rows)" in err
    # the one unmapped label is the one row validate sets aside
    assert read_row(wfkpi, export, out) == [["1", "5", "1", "-", "10 used, 2 ignored"]]


def test_successfactors_csv_with_a_label_row(wfkpi, tmp_path: Path) -> None:
    data = tmp_path / "sf"
    write(data, "JobHistory.csv", SUCCESSFACTORS)
    out = tmp_path / "sf.yaml"
    mapping, text, _ = drafted(wfkpi, data, out)
    workers = mapping["workers"]
    assert workers["columns"] == {
        "worker_id": "user-id", "employment_type": "employee-class", "fte": "fte",
        "start_date": {"header": "start-date", "format": "%m/%d/%Y"},
        "end_date": {"header": "end-date", "format": "%m/%d/%Y"},
        "leaving_reason": "event-reason", "role": "job-title", "team": "department"}
    assert workers["skip"] == {"worker_id": "^User\\ ID$"}
    assert workers["no_end"] == ["9999-12-31"]
    assert workers["values"] == {
        "employment_type": {"permanent": ["Regular"], "agency": ["Contingent Worker"]},
        "leaving_reason": {"resignation": ["TER_RESIGN"]}}
    assert '#   workers.leaving_reason: "HIRNEW": 3 rows' in text
    assert read_row(wfkpi, data, out) == [["1", "4", "0", "-", "8 used, 0 ignored"]]


def test_a_folder_of_files_for_several_tables(wfkpi, tmp_path: Path) -> None:
    data = tmp_path / "mixed"
    write(data, "staff [2025].csv", "Employee Number,Contract Type,Start Date,FTE\n"
                                    "1,Permanent,2020-01-06,1\n2,Locum,2024-02-05,0.5\n")
    write(data, "Sickness.csv", "Employee Number,Absence Start,Absence End,Absence Type\n"
                                "1,2025-01-06,2025-01-08,Sick Leave\n")
    write(data, ".hidden.csv", "whatever\n1\n")
    out = tmp_path / "mixed.yaml"
    mapping, text, err = drafted(wfkpi, data, out)
    assert mapping["workers"]["file"] == "staff [[]2025].csv"
    assert mapping["absences"]["file"] == "Sickness.csv"
    assert mapping["absences"]["values"] == {"reason": {"sickness": ["Sick Leave"]}}
    assert "# No file found for: vacancies, training, appraisals, supervision, recruitment" \
        in text
    assert "  workers: staff [2025].csv\n  absences: Sickness.csv\n" in err
    assert [row[:2] for row in read_row(wfkpi, data, out)] == [["1", "2"], ["1", "1"]]


def test_the_draft_goes_to_stdout_without_output(wfkpi, tmp_path: Path) -> None:
    export = write(tmp_path, "Employee.csv", FRAPPE)
    result = wfkpi("map", str(export))
    assert result.code == 0
    assert yaml.safe_load(result.out)["workers"]["file"] == "Employee.csv"
    assert result.err.splitlines()[-1] == (
        f"Save the draft (or use --output FILE), check it, then run: wfkpi validate {export} "
        "--mapping FILE")


def test_output_never_replaces_an_input(wfkpi, tmp_path: Path) -> None:
    export = write(tmp_path / "data", "Employee.csv", FRAPPE)
    for path in (export, export.parent):
        result = wfkpi("map", str(path), "--output", str(export))
        assert result.code == 2
        assert result.err == (f"error: --output {export}: that is {export}, which this run "
                              "reads; write the output elsewhere\n")
        assert export.read_text(encoding="utf-8") == FRAPPE


def test_usage_errors(wfkpi, tmp_path: Path) -> None:
    missing = wfkpi("map", str(tmp_path / "nowhere"))
    assert (missing.code, missing.err) == (2, f"error: No such file or folder: "
                                              f"{tmp_path / 'nowhere'}\n")
    (tmp_path / "empty").mkdir()
    empty = wfkpi("map", str(tmp_path / "empty"))
    assert empty.code == 2
    assert "no file to draft a mapping from" in empty.err


def test_an_unreadable_file_is_named_in_the_draft(wfkpi, tmp_path: Path) -> None:
    data = tmp_path / "data"
    write(data, "Employee.csv", FRAPPE)
    (data / "broken.xlsx").write_bytes(b"%PDF-1.4 not a workbook")
    mapping, text, err = drafted(wfkpi, data, tmp_path / "d.yaml")
    assert mapping["workers"]["file"] == "Employee.csv"
    assert '# Files that could not be read:\n#   "broken.xlsx": ' in text
    assert "1 file(s) not read" in err


def test_help_names_every_option(wfkpi) -> None:
    result = wfkpi("map", "--help")
    assert result.code == 0
    text = " ".join(result.out.split())
    assert "Draft a mapping file" in text
    for option in ("--output", "--limit"):
        assert option in text
    assert "Never one of the files read." in text


def test_a_workbook_whose_data_sits_behind_a_cover_sheet(wfkpi, tmp_path: Path) -> None:
    data = tmp_path / "pack"
    data.mkdir()
    book = openpyxl.Workbook()
    cover = book.active
    cover.title = "Report Info"
    cover.append(["Report name", "Starters and Leavers"])
    cover.append(["Parameters", "Directorate = Children's Services"])
    staff = book.create_sheet("Data")
    staff.append(["Employee No.", "Contract Type", "FTE", "Post Start Date", "Termination Date"])
    staff.append(["10021", "Permanent Full Time", 1, dt.date(2015, 4, 1), None])
    staff.append(["10022", "Fixed Term Full Time", 0.6, dt.date(2019, 9, 2), dt.date(2025, 3, 31)])
    book.save(data / "Starters and Leavers.xlsx")
    mapping, text, err = drafted(wfkpi, data, tmp_path / "d.yaml")
    assert mapping["workers"]["sheet"] == "Data"
    assert mapping["workers"]["values"]["employment_type"] == {
        "permanent": ["Permanent Full Time"], "fixed_term": ["Fixed Term Full Time"]}
    assert '"Starters and Leavers.xlsx (sheet Report Info)": no table' in text
    assert read_row(wfkpi, data, tmp_path / "d.yaml") == [
        ["1", "2", "0", "-", "5 used, 0 ignored"]]


def test_a_draft_with_no_file_given_to_a_table_says_so(wfkpi, tmp_path) -> None:
    folder = tmp_path / "headerless"
    folder.mkdir()
    (folder / "workers.csv").write_text("000123,Permanent,1,2015-04-01,\n", encoding="utf-8")
    result = wfkpi("map", str(folder))
    assert result.code == 3  # nothing to map: the data is unusable, as the draft says
    assert result.err.splitlines()[0] == ("No file could be given to a table: the draft's "
                                          "comments say why.")
    assert "wfkpi validate" not in result.err  # no next step to suggest
    assert "no header row" in result.out
