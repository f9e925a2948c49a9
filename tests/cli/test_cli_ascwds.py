"""``wfkpi report`` and ``wfkpi validate`` on an ASC-WDS bulk-upload folder, figures by hand.

The folder (tests/read/test_ascwds.py explains every row): 5 directly employed workers in post
at 30 Sep 2025 in two workplaces, 3 leavers counted (a 999 for one job role counts none), 4
vacancies, days sick 4, 2.5, 999, 0 and 1.5.

  turnover 3 / 5 = 60.0%, vacancy 4 / (5 + 4) = 44.4%, sickness 8.0 / 4 = 2.0 days per worker
  in-post FTE (dfe): (37 + 30 + 18.5 + 40 + 16) hours / 37 = 3.8, or / 40 = 3.5
"""

from __future__ import annotations

import csv
import io
import json
from pathlib import Path

import pytest

WORKERS = """\
LOCALESTID,UNIQUEWORKERID,CHGUNIQUEWRKID,STATUS,DISPLAYID,NINUMBER,POSTCODE,DOB,GENDER,\
ETHNICITY,STARTDATE,EMPLSTATUS,ZEROHRCONT,DAYSSICK,MAINJOBROLE,CONTHOURS,AVGHOURS
HOME1,W1,,NEW,Ann Smith,AB123456C,SE1 1AA,12/03/1980,2,31,01/04/2019,1,2,4,8,37,
HOME1,W2,,NEW,Bob Jones,,,,1,,15/06/2022,1,2,2.5,8,30,
HOME1,W3,,UPDATE,Cat Brown,,,,,,01/09/2023,2,2,999,7,18.5,
HOME1,W4,,NEW,Dan Green,,,,,,10/01/2024,3,,,8,,20
HOME1,W5,,NEW,Eve White,,,,,,03/02/2025,4,,,8,,999
DAY2,W1,,NEW,Fay Black,,,,,,20/08/2025,1,2,0,6,40,
DAY2,W9,,DELETE,Gus Grey,,,,,,01/10/2025,1,2,3,8,37,
DAY2,W7,,NEW,Hal Blue,,,,,,12/09/2025,1,1,1.5,8,0,16
"""
WORKPLACES = """\
LOCALESTID,STATUS,ESTNAME,MAINSERVICE,TOTALPERMTEMP,ALLJOBROLES,STARTERS,LEAVERS,VACANCIES
HOME1,UNCHECKED,Home One,6,3,8;7,1;0,2;999,1;0
DAY2,NOCHANGE,Day Two,13,2,6;8,1;1,1;0,2;1
"""
BAD_WORKERS = """\
LOCALESTID,UNIQUEWORKERID,STATUS,STARTDATE,EMPLSTATUS,ZEROHRCONT,DAYSSICK,MAINJOBROLE,CONTHOURS
HOME1,W1,NEW,01/04/2019,6,2,4,8,37
HOME1,W2,NEW,15/06/2022,1,2,2,98,30
HOME1,W3,NEW,01/09/2023,1,2,999,8,30
"""
BAD_WORKPLACES = """\
LOCALESTID,STATUS,ALLJOBROLES,LEAVERS,VACANCIES
HOME1,NEW,8;7,1;2;3,999
HOME2,NEW,8;7;60,0;1;0,2;x;0
"""

# Every personal value in the files: none may reach a report.
PERSONAL = ("W1", "W2", "W3", "W7", "/W", "leaver-", "Ann Smith", "AB123456C", "SE1 1AA", "1980")


@pytest.fixture
def here(tmp_path: Path, monkeypatch: pytest.MonkeyPatch) -> Path:
    """Run from a scratch folder holding ``ascwds/`` and ``bad/``, so paths print short."""
    for name, workers, workplaces in (("ascwds", WORKERS, WORKPLACES),
                                      ("bad", BAD_WORKERS, BAD_WORKPLACES)):
        folder = tmp_path / name
        folder.mkdir()
        (folder / "ASC-WDS staff 2025-10.csv").write_text(workers, encoding="utf-8")
        (folder / "ASC-WDS workplaces 2025-10.csv").write_text(workplaces, encoding="utf-8")
    monkeypatch.chdir(tmp_path)
    return tmp_path


def kpi_rows(result) -> dict[str, list[str]]:
    return {row[0]: row[1:] for row in result.rows("Parameters:") if row[0]}


def test_report_needs_no_option_and_gives_the_sfc_figures(wfkpi, here) -> None:
    result = wfkpi("report", "ascwds")
    assert (result.code, result.err) == (0, "")
    assert result.lines[0] == "ascwds: method sfc, scope everyone"
    assert result.lines[1] == ("As at 30 Sep 2025 (the month-end on or after the latest "
                               "STARTDATE); window 1 Oct 2024 to 30 Sep 2025")
    rows = kpi_rows(result)
    assert list(rows) == ["turnover_rate_headcount", "vacancy_rate", "sickness_days_per_worker"]
    assert rows["turnover_rate_headcount"][:3] == ["60.0%", "3", "5"]
    assert rows["vacancy_rate"][:3] == ["44.4%", "4", "9"]
    assert rows["sickness_days_per_worker"] == ["2.0", "8.0", "4.0", "4", "sickness-missing 1"]
    assert result.lines[-1].startswith("Input VALID: 0 errors, 5 warnings; 1 row set aside")


def test_report_json_has_the_exact_figures(wfkpi, here) -> None:
    data = json.loads(wfkpi("report", "ascwds", "--format", "json").out)
    assert (data["method"], data["as_at"], data["period_start"]) == (
        "sfc", "2025-09-30", "2024-10-01")
    kpis = data["kpis"]
    assert (kpis["turnover_rate_headcount"]["value"], kpis["turnover_rate_headcount"]["numerator"],
            kpis["turnover_rate_headcount"]["denominator"]) == (60.0, 3, 5)
    assert kpis["vacancy_rate"]["value"] == pytest.approx(100 * 4 / 9)
    assert (kpis["sickness_days_per_worker"]["value"],
            kpis["sickness_days_per_worker"]["denominator"]) == (2.0, 4.0)
    tables = data["data_quality"]["input"]["tables"]
    assert [(t["table"], Path(t["file"]).name, t["rows"], t["loaded"]) for t in tables] == [
        ("workers", "ASC-WDS staff 2025-10.csv", 8, 7),
        ("workers", "ASC-WDS workplaces 2025-10.csv", 3, 3),  # the leaver spells
        ("vacancies", "ASC-WDS workplaces 2025-10.csv", 4, 4),
    ]


@pytest.mark.parametrize(("args", "shown"), [
    ([], "60.0%"), (["--format", "json"], '"turnover_rate_headcount"'),
    (["--by", "service", "--format", "json"], '"group": "HOME1"'),
    (["--by", "role"], "Social worker (6)"),
    (["--method", "dfe", "--format", "json"], '"inpost_fte"'),
])
def test_no_worker_id_or_personal_value_reaches_a_report(wfkpi, here, args, shown) -> None:
    result = wfkpi("report", "ascwds", *args)
    assert result.code == 0
    assert shown in result.out
    for value in PERSONAL:
        assert value not in result.out, value


def test_breakdown_by_workplace(wfkpi, here) -> None:
    groups = json.loads(wfkpi("report", "ascwds", "--by", "service", "--format", "json").out)[
        "groups"]
    assert [(g["group"], g["kpis"]["turnover_rate_headcount"]["value"],
             g["kpis"]["vacancy_rate"]["value"]) for g in groups] == [
        ("DAY2", 50.0, 60.0), ("HOME1", pytest.approx(200 / 3), 25.0),
        ("Total", 60.0, pytest.approx(400 / 9))]


def test_standard_week_turns_hours_into_fte(wfkpi, here) -> None:
    hours = 37 + 30 + 18.5 + 40 + 16
    default = json.loads(wfkpi("report", "ascwds", "--method", "dfe", "--format", "json").out)
    custom = json.loads(wfkpi("report", "ascwds", "--method", "dfe", "--standard-week", "40",
                              "--format", "json").out)
    assert default["kpis"]["inpost_fte"]["value"] == pytest.approx(hours / 37)
    assert custom["kpis"]["inpost_fte"]["value"] == pytest.approx(hours / 40)
    table = kpi_rows(wfkpi("report", "ascwds", "--method", "dfe", "--standard-week", "40"))
    assert table["inpost_fte"][0] == "3.5"
    # 40 hours is above a 37-hour week (a warning), not above a 40-hour one.
    assert "above-expected" in wfkpi("validate", "ascwds").out
    assert "above-expected" not in wfkpi("validate", "ascwds", "--standard-week", "40").out


def test_validate_accepts_the_folder(wfkpi, here) -> None:
    result = wfkpi("validate", "ascwds")
    assert result.code == 0
    assert result.lines[0] == "VALID ascwds: 0 errors, 5 warnings"
    assert [row[:6] for row in result.rows("Read")] == [
        ["workers", "ascwds/ASC-WDS staff 2025-10.csv", "-", "1", "8", "1"],
        ["workers", "ascwds/ASC-WDS workplaces 2025-10.csv", "-", "1", "3", "0"],
        ["vacancies", "ascwds/ASC-WDS workplaces 2025-10.csv", "-", "1", "4", "0"],
    ]


def test_validate_names_file_row_and_column_of_bad_codes_999s_and_misaligned_lists(
        wfkpi, here) -> None:
    result = wfkpi("validate", "bad", "--format", "csv")
    assert result.code == 3
    rows = list(csv.reader(io.StringIO(result.out)))
    assert rows[0] == ["severity", "code", "file", "sheet", "row", "column", "value", "message"]
    staff, places = "bad/ASC-WDS staff 2025-10.csv", "bad/ASC-WDS workplaces 2025-10.csv"
    assert [row[:7] for row in rows[1:]] == [
        ["error", "bad-value", staff, "", "2", "EMPLSTATUS", "6"],
        ["error", "bad-value", staff, "", "3", "MAINJOBROLE", "98"],
        ["warning", "not-known", staff, "", "4", "DAYSSICK", "999"],
        ["error", "misaligned-list", places, "", "2", "LEAVERS", "1;2;3"],
        ["warning", "not-known", places, "", "2", "VACANCIES", "999"],
        ["error", "bad-value", places, "", "3", "ALLJOBROLES", "60"],
        ["error", "bad-integer", places, "", "3", "VACANCIES", "x"],
    ]
    messages = {(row[4], row[5]): row[7] for row in rows[1:]}
    assert messages[("2", "LEAVERS")] == ("LEAVERS: 3 item(s), but ALLJOBROLES lists 2 job "
                                          "role(s); the leavers of this workplace are not read")
    assert messages[("2", "VACANCIES")] == ("VACANCIES: not known (999) for the whole "
                                            "workplace; none are counted, so the vacancy rate "
                                            "may be too low")
    assert messages[("2", "EMPLSTATUS")].startswith("EMPLSTATUS: not an ASC-WDS employment "
                                                    "status")


def test_validate_json_lists_every_issue_with_its_place(wfkpi, here) -> None:
    data = json.loads(wfkpi("validate", "bad", "--format", "json").out)
    assert data["verdict"] == "INVALID"
    assert data["counts"] == {"bad-integer": 1, "bad-value": 3, "misaligned-list": 1,
                              "not-known": 2}
    assert all(i["file"] and i["row"] and i["column"] for i in data["issues"])


def test_a_mapping_is_refused_for_an_upload(wfkpi, here) -> None:
    (here / "mapping.yaml").write_text("workers:\n  columns:\n    worker_id: ID\n")
    result = wfkpi("report", "ascwds", "--mapping", "mapping.yaml")
    assert result.code == 2
    assert "is an ASC-WDS bulk-upload folder, read without a mapping" in result.err


# What Skills for Care's own bulk-upload validator takes with a warning (workerCSVValidator.js:
# a blank STARTDATE, one in the future, 75 contracted hours, a DAYSSICK it ignores) and a job
# role it recoded in May 2024 (22, now 27): warnings here too, and the file reads VALID.
LENIENT = """\
LOCALESTID,UNIQUEWORKERID,STATUS,STARTDATE,EMPLSTATUS,ZEROHRCONT,DAYSSICK,MAINJOBROLE,CONTHOURS
HOME1,W1,NEW,12/09/2025,1,2,4,8,37
HOME1,W2,NEW,,1,2,2,8,30
HOME1,W3,NEW,01/03/2090,1,2,1,22,37
HOME1,W4,NEW,01/09/2023,2,2,lots,8,75
"""
LENIENT_PLACES = """\
LOCALESTID,STATUS,ALLJOBROLES,LEAVERS,VACANCIES
HOME1,NEW,8;22,1;1,2;0
"""


@pytest.fixture
def lenient(tmp_path: Path, monkeypatch: pytest.MonkeyPatch) -> Path:
    folder = tmp_path / "lenient"
    folder.mkdir()
    (folder / "staff.csv").write_text(LENIENT, encoding="utf-8")
    (folder / "workplace.csv").write_text(LENIENT_PLACES, encoding="utf-8")
    monkeypatch.chdir(tmp_path)
    return folder


def test_what_asc_wds_takes_with_a_warning_is_a_warning(wfkpi, lenient) -> None:
    result = wfkpi("validate", "lenient", "--format", "csv")
    assert result.code == 0
    rows = list(csv.reader(io.StringIO(result.out)))
    assert [row[:7] for row in rows[1:]] == [
        ["warning", "ascwds-rule", "lenient/staff.csv", "", "3", "STARTDATE", ""],
        ["warning", "ascwds-rule", "lenient/staff.csv", "", "4", "STARTDATE", "01/03/2090"],
        ["warning", "ascwds-rule", "lenient/staff.csv", "", "5", "DAYSSICK", "lots"],
        ["warning", "above-expected", "lenient/staff.csv", "", "5", "CONTHOURS", "75"],
    ]


def test_a_start_in_the_future_does_not_move_the_reference_date(wfkpi, lenient) -> None:
    result = wfkpi("report", "lenient")
    assert result.code == 0
    assert result.lines[1] == ("As at 30 Sep 2025 (the month-end on or after the latest "
                               "STARTDATE); window 1 Oct 2024 to 30 Sep 2025")
    rows = kpi_rows(result)
    assert rows["turnover_rate_headcount"][:3] == ["50.0%", "2", "4"]  # all four in post
    assert rows["vacancy_rate"][:3] == ["33.3%", "2", "6"]
    assert rows["sickness_days_per_worker"][:3] == ["2.3", "7.0", "3.0"]  # "lots" left out
    roles = json.loads(wfkpi("report", "lenient", "--by", "role", "--format", "json").out)
    assert [g["group"] for g in roles["groups"]] == [
        "Care worker (8)", "Other (not directly involved in providing care) (27)", "Total"]
