"""Skills for Care ASC-WDS bulk-upload files read into the canonical tables, figures by hand.

The small bulk upload below (rows are spreadsheet rows, header on row 1):

  worker file (staff.csv)                                       hours      DAYSSICK
  2  HOME1 W1  permanent  Care worker (8)   since 2019          CONT 37    4
  3  HOME1 W2  permanent  Care worker (8)   since 2022          CONT 30    2.5
  4  HOME1 W3  temporary  Senior care (7)   since 2023          CONT 18.5  999 (not known)
  5  HOME1 W4  pool/bank  Care worker (8)   since 2024          AVG 20     -
  6  HOME1 W5  agency     Care worker (8)   since Feb 2025      AVG 999    -
  7  DAY2  W1  permanent  Social worker (6) since 20 Aug 2025   CONT 40    0
  8  DAY2  W9  DELETE     (set aside; its 1 Oct 2025 start is not the latest STARTDATE)
  9  DAY2  W7  permanent  Care worker (8)   since 12 Sep 2025   zero-hours, AVG 16   1.5

  workplace file (workplace.csv)   ALLJOBROLES  LEAVERS  VACANCIES
  2  HOME1                         8;7          2;999    1;0
  3  DAY2                          6;8          1;0      2;1

Reference date: the month-end on or after the latest STARTDATE of a listed worker (12 Sep 2025)
= 30 Sep 2025. Directly employed in post: HOME1 W1, W2, W3 and DAY2 W1, W7 = 5 people (W1 of
HOME1 and W1 of DAY2 are two people: a worker id is unique within its workplace).

  sfc turnover   = leavers 2 + 1 (the 999 counts none) / 5 = 60.0%
  sfc vacancy    = vacancies 1 + 0 + 2 + 1 = 4 / (5 + 4) = 44.4%
  sfc sickness   = (4 + 2.5 + 0 + 1.5) / 4 workers whose figure is known = 2.0 days
"""

from __future__ import annotations

import datetime as dt
from pathlib import Path

import pandas as pd
import pytest

from wfkpi.app import read as app_read
from wfkpi.app import report as app_report
from wfkpi.core.errors import UsageError
from wfkpi.read import ReadOptions, load_extract
from wfkpi.read.mapping import Mapping
from wfkpi.read.sources import ascwds

WORKER_HEADER = ("LOCALESTID,UNIQUEWORKERID,CHGUNIQUEWRKID,STATUS,DISPLAYID,NINUMBER,POSTCODE,"
                 "DOB,GENDER,ETHNICITY,STARTDATE,EMPLSTATUS,ZEROHRCONT,DAYSSICK,MAINJOBROLE,"
                 "CONTHOURS,AVGHOURS")
WORKERS = [
    "HOME1,W1,,NEW,Ann Smith,AB123456C,SE1 1AA,12/03/1980,2,31,01/04/2019,1,2,4,8,37,",
    "HOME1,W2,,NEW,Bob Jones,,,,1,,15/06/2022,1,2,2.5,8,30,",
    "HOME1,W3,,UPDATE,Cat Brown,,,,,,01/09/2023,2,2,999,7,18.5,",
    "HOME1,W4,,NEW,Dan Green,,,,,,10/01/2024,3,,,8,,20",
    "HOME1,W5,,NEW,Eve White,,,,,,03/02/2025,4,,,8,,999",
    "DAY2,W1,,NEW,Fay Black,,,,,,20/08/2025,1,2,0,6,40,",
    "DAY2,W9,,DELETE,Gus Grey,,,,,,01/10/2025,1,2,3,8,37,",
    "DAY2,W7,,NEW,Hal Blue,,,,,,12/09/2025,1,1,1.5,8,0,16",
]
WORKPLACE_HEADER = ("LOCALESTID,STATUS,ESTNAME,MAINSERVICE,TOTALPERMTEMP,ALLJOBROLES,STARTERS,"
                    "LEAVERS,VACANCIES")
WORKPLACES = [
    "HOME1,UNCHECKED,Home One,6,3,8;7,1;0,2;999,1;0",
    "DAY2,NOCHANGE,Day Two,13,2,6;8,1;1,1;0,2;1",
]
TRAINING = ("LOCALESTID,UNIQUEWORKERID,CATEGORY,DESCRIPTION,DATECOMPLETED\n"
            "HOME1,W1,1,Moving,01/01/2025\n")


def write_upload(folder: Path, workers: list[str] = WORKERS,
                 workplaces: list[str] | None = WORKPLACES, *, training: bool = True) -> Path:
    """An ASC-WDS bulk-upload folder, with the names councils give their files."""
    folder.mkdir(parents=True, exist_ok=True)
    (folder / "staff.csv").write_text("\r\n".join([WORKER_HEADER, *workers]) + "\r\n",
                                      encoding="utf-8")
    if workplaces is not None:
        (folder / "workplace.csv").write_text(
            "\r\n".join([WORKPLACE_HEADER, *workplaces]) + "\r\n", encoding="utf-8")
    if training:
        (folder / "training.csv").write_text(TRAINING, encoding="utf-8")
    return folder


@pytest.fixture
def upload(tmp_path: Path) -> Path:
    return write_upload(tmp_path / "ascwds")


def issues(extract: object) -> list[tuple[str, str, int | None, str | None, str | None]]:
    """(code, file name, row, column, value) of every issue, in order."""
    return [(i.code, Path(i.file).name, i.row, i.column, i.value)
            for i in extract.issues]  # type: ignore[attr-defined]


def by_id(frame: pd.DataFrame) -> pd.DataFrame:
    return frame.set_index("worker_id")


# --------------------------------------------------------------------------- recognising

def test_files_are_recognised_by_their_headers_whatever_their_names(upload: Path) -> None:
    files = ascwds.locate(upload)
    assert [p.name for p in files.workers] == ["staff.csv"]
    assert [p.name for p in files.workplaces] == ["workplace.csv"]
    assert [p.name for p in files.training] == ["training.csv"]
    assert ascwds.recognises(upload)
    assert ascwds.recognises(upload / "staff.csv")  # a worker file on its own
    assert not ascwds.recognises(upload / "workplace.csv")
    assert not ascwds.recognises(upload / "training.csv")
    assert not ascwds.recognises(upload / "missing")


def test_a_canonical_extract_is_not_an_ascwds_upload(fixtures_dir: Path) -> None:
    assert not ascwds.recognises(fixtures_dir / "clean")
    assert not ascwds.recognises(fixtures_dir / "clean" / "workers.csv")


def test_an_upload_is_read_without_a_mapping(upload: Path) -> None:
    with pytest.raises(UsageError, match="ASC-WDS bulk-upload folder, read without a mapping"):
        load_extract(upload, Mapping())


# ------------------------------------------------------------------------------ workers

def test_workers_become_canonical_spells_with_sfc_as_the_method(upload: Path) -> None:
    extract = load_extract(upload)
    assert extract.method == "sfc"
    assert extract.reference_date == dt.date(2025, 9, 30)
    workers = extract.tables["workers"]
    listed = workers[workers["_file"].str.endswith("staff.csv")]
    assert list(listed["worker_id"]) == ["HOME1/W1", "HOME1/W2", "HOME1/W3", "HOME1/W4",
                                         "HOME1/W5", "DAY2/W1", "DAY2/W7"]  # W9 is DELETE
    assert list(listed["_row"]) == [2, 3, 4, 5, 6, 7, 9]
    assert list(listed["employment_type"]) == ["permanent", "permanent", "temporary", "bank",
                                               "agency", "permanent", "permanent"]
    assert list(listed["role"]) == ["Care worker (8)", "Care worker (8)",
                                    "Senior care worker (7)", "Care worker (8)",
                                    "Care worker (8)", "Social worker (6)", "Care worker (8)"]
    assert list(listed["qualified_social_worker"]) == [False] * 5 + [True, False]
    assert list(listed["service"]) == ["HOME1"] * 5 + ["DAY2"] * 2
    assert listed["end_date"].isna().all()
    assert list(listed["start_date"].dt.date)[-1] == dt.date(2025, 9, 12)
    assert listed["date_of_birth"].iloc[0] == pd.Timestamp("1980-03-12")
    assert list(listed["sex"].iloc[:2]) == ["female", "male"]
    source = next(s for s in extract.sources if s.file.endswith("staff.csv"))
    assert (source.rows, source.set_aside) == (8, 1)
    assert source.columns["fte"] == "CONTHOURS or AVGHOURS"
    assert source.columns["sickness_days"] == "DAYSSICK"
    # Names, NI numbers and postcodes are never read.
    assert {"DISPLAYID", "NINUMBER", "POSTCODE"} <= set(source.ignored)
    assert "training.csv" in source.details["not read"]


def test_fte_is_hours_over_the_37_hour_week_by_default(upload: Path) -> None:
    fte = by_id(load_extract(upload).tables["workers"])["fte"]
    assert fte["HOME1/W1"] == 1.0  # CONTHOURS 37
    assert fte["HOME1/W2"] == pytest.approx(30 / 37)
    assert fte["HOME1/W3"] == 0.5  # temporary: CONTHOURS 18.5
    assert fte["HOME1/W4"] == pytest.approx(20 / 37)  # pool/bank: AVGHOURS
    assert pd.isna(fte["HOME1/W5"])  # agency, AVGHOURS 999: not known
    assert fte["DAY2/W1"] == pytest.approx(40 / 37)  # above 1: a warning, kept
    assert fte["DAY2/W7"] == pytest.approx(16 / 37)  # zero-hours contract: AVGHOURS


def test_fte_follows_a_custom_standard_week(upload: Path) -> None:
    extract = load_extract(upload, options=ReadOptions(standard_week=40))
    fte = by_id(extract.tables["workers"])["fte"]
    assert fte["HOME1/W1"] == pytest.approx(37 / 40)
    assert fte["HOME1/W3"] == pytest.approx(18.5 / 40)
    assert fte["DAY2/W1"] == 1.0
    assert fte["DAY2/W7"] == pytest.approx(16 / 40)
    # 40 hours is no longer above the week: no above-expected warning.
    assert not [i for i in extract.issues if i.code == "above-expected"]
    source = next(s for s in extract.sources if s.file.endswith("staff.csv"))
    assert source.details["standard week"] == "40 hours"


def test_999_hours_and_days_are_not_known_and_half_days_are_kept(upload: Path) -> None:
    extract = load_extract(upload)
    sick = by_id(extract.tables["workers"])["sickness_days"]
    assert sick["HOME1/W2"] == 2.5
    assert sick["DAY2/W7"] == 1.5
    assert sick["DAY2/W1"] == 0.0
    assert pd.isna(sick["HOME1/W3"])  # 999: not known, so out of the denominator
    assert extract.valid
    assert issues(extract) == [
        ("not-known", "staff.csv", 4, "DAYSSICK", "999"),
        ("blank-value", "staff.csv", 6, "AVGHOURS", "999"),
        ("above-expected", "staff.csv", 7, "CONTHOURS", "40"),
        ("ascwds-rule", "staff.csv", 8, "STATUS", "DELETE"),
        ("not-known", "workplace.csv", 2, "LEAVERS", "999"),
    ]
    messages = [i.message for i in extract.issues]
    assert messages[1] == ("AVGHOURS: not known (999), so the FTE is blank; the row is kept but "
                           "left out of FTE figures")
    assert messages[4] == ("LEAVERS: not known (999) for Senior care worker (7); none are "
                           "counted, so the turnover rate may be too low")


def test_days_sick_asc_wds_ignores_is_blank_with_a_warning(tmp_path: Path) -> None:
    # workerCSVValidator.js, _validateDaysSick: not a number, below 0, above 366 or not in
    # half-day steps is "out of validation range and will be ignored" (a warning, not an error).
    rows = [r.replace(",2,4,8,37,", ",2,4.3,8,37,") for r in WORKERS[:1]] + [
        "HOME1,W2,,NEW,,,,,,,15/06/2022,1,2,367,8,30,",
        "HOME1,W3,,NEW,,,,,,,15/06/2022,1,2,lots,8,30,",
        "HOME1,W4,,NEW,,,,,,,15/06/2022,1,2,-2,8,30,",
        "HOME1,W5,,NEW,,,,,,,15/06/2022,1,2,366,8,30,"]
    extract = load_extract(write_upload(tmp_path / "a", rows))
    assert extract.valid
    sick = by_id(extract.tables["workers"])["sickness_days"]
    assert sick[[f"HOME1/W{n}" for n in range(1, 5)]].isna().all()  # rows kept, days blank
    assert sick["HOME1/W5"] == 366.0
    assert [(c, r, col, val) for c, _, r, col, val in issues(extract) if col == "DAYSSICK"] == [
        ("ascwds-rule", 2, "DAYSSICK", "4.3"), ("ascwds-rule", 3, "DAYSSICK", "367"),
        ("ascwds-rule", 4, "DAYSSICK", "lots"), ("ascwds-rule", 5, "DAYSSICK", "-2")]
    assert extract.issues[2].message == (
        "DAYSSICK: not days in half-day steps from 0 to 366, so ASC-WDS ignores it; the worker "
        "is left out of sickness figures")


# ----------------------------------------------------------------------- workplace file

def test_leavers_become_spells_ending_on_the_reference_date(upload: Path) -> None:
    extract = load_extract(upload)
    workers = extract.tables["workers"]
    leavers = workers[workers["_file"].str.endswith("workplace.csv")]
    assert list(leavers["worker_id"]) == ["leaver-HOME1-8-1", "leaver-HOME1-8-2",
                                          "leaver-DAY2-6-1"]
    assert list(leavers["_row"]) == [2, 2, 3]
    assert set(leavers["employment_type"]) == {"permanent"}
    assert set(leavers["end_date"].dt.date) == {dt.date(2025, 9, 30)}
    assert set(leavers["start_date"].dt.date) == {dt.date(2024, 9, 30)}  # before the window
    assert list(leavers["role"]) == ["Care worker (8)"] * 2 + ["Social worker (6)"]
    assert list(leavers["service"]) == ["HOME1", "HOME1", "DAY2"]
    assert leavers["fte"].isna().all()
    source = next(s for s in extract.sources
                  if s.table == "workers" and s.file.endswith("workplace.csv"))
    assert source.details["leaver spells"].startswith("3, one per leaver counted in LEAVERS")


def test_vacancies_are_one_row_per_job_role_at_the_reference_date(upload: Path) -> None:
    vacancies = load_extract(upload).tables["vacancies"]
    assert list(vacancies["vacancy_fte"]) == [1.0, 0.0, 2.0, 1.0]
    assert list(vacancies["service"]) == ["HOME1", "HOME1", "DAY2", "DAY2"]
    assert list(vacancies["role"]) == ["Care worker (8)", "Senior care worker (7)",
                                       "Social worker (6)", "Care worker (8)"]
    assert set(vacancies["as_at"].dt.date) == {dt.date(2025, 9, 30)}


def test_a_given_reference_date_places_leavers_and_vacancies(upload: Path) -> None:
    extract = load_extract(upload, options=ReadOptions(as_at=dt.date(2025, 12, 31)))
    assert extract.reference_date == dt.date(2025, 12, 31)
    workers = extract.tables["workers"]
    leavers = workers[workers["worker_id"].str.startswith("leaver-")]
    assert set(leavers["end_date"].dt.date) == {dt.date(2025, 12, 31)}
    assert set(leavers["start_date"].dt.date) == {dt.date(2024, 12, 31)}
    assert set(extract.tables["vacancies"]["as_at"].dt.date) == {dt.date(2025, 12, 31)}


# --------------------------------------------------------------------------- the figures

def test_sfc_figures_by_hand(upload: Path) -> None:
    run = app_report.report(upload)  # no method given: the source's own
    assert run.report.method == "sfc"
    assert run.report.as_at == dt.date(2025, 9, 30)
    kpis = run.report.kpis
    turnover = kpis["turnover_rate_headcount"]
    assert (turnover.value, turnover.numerator, turnover.denominator) == (60.0, 3, 5)
    vacancy = kpis["vacancy_rate"]
    assert (vacancy.numerator, vacancy.denominator) == (4, 9)
    assert vacancy.value == pytest.approx(100 * 4 / 9)
    sickness = kpis["sickness_days_per_worker"]
    assert (sickness.value, sickness.numerator, sickness.denominator) == (2.0, 8.0, 4.0)
    assert sickness.set_aside == {"sickness-missing": 1}  # HOME1 W3's 999


def test_sfc_figures_by_workplace(upload: Path) -> None:
    run = app_report.report(upload, by="service")
    groups = {g.group: g.kpis for g in run.report.groups}
    assert groups["HOME1"]["turnover_rate_headcount"].value == pytest.approx(200 / 3)  # 2 / 3
    assert groups["DAY2"]["turnover_rate_headcount"].value == 50.0  # 1 / 2
    assert groups["HOME1"]["vacancy_rate"].value == 25.0  # 1 / (3 + 1)
    assert groups["DAY2"]["vacancy_rate"].value == 60.0  # 3 / (2 + 3)


def test_fte_figures_follow_the_standard_week(upload: Path) -> None:
    hours = 37 + 30 + 18.5 + 40 + 16  # directly employed in post
    default = app_report.report(upload, method="dfe").report.kpis["inpost_fte"]
    custom = app_report.report(upload, method="dfe", standard_week=40).report.kpis["inpost_fte"]
    assert default.value == pytest.approx(hours / 37)
    assert custom.value == pytest.approx(hours / 40)


# ------------------------------------------------------------------------------ problems

BAD_WORKERS = [
    "HOME1,W1,,NEW,,,,,,,01/04/2019,5,2,4,8,37,",        # 2: EMPLSTATUS 5 is no code
    "HOME1,W2,,NEW,,,,,,,15/06/2022,1,2,2,99,30,",       # 3: MAINJOBROLE 99 is no code
    "HOME1,W3,,NEW,,,,,,,01/09/2023,2,2,1,7,x,",         # 4: CONTHOURS not a number: ignored
    ",W4,,NEW,,,,,,,10/01/2024,1,2,1,8,37,",             # 5: no LOCALESTID
    "HOME9,W5,,NEW,,,,,,,10/01/2024,1,2,1,8,37,",        # 6: a workplace the file lacks
]
BAD_WORKPLACES = [
    "HOME1,NEW,Home One,6,3,8;77,1;0,1;2;3,x;1",         # 2: 77, misaligned LEAVERS, x
    "HOME2,NEW,Home Two,6,3,8;7,0;0,999,0;-1",           # 3: LEAVERS all 999, -1 vacancies
    "HOME3,NEW,Home Three,6,3,,0,2,999",                 # 4: leavers but no job roles
]


def test_bad_codes_999_counts_and_misaligned_lists_name_file_row_and_column(
        tmp_path: Path) -> None:
    extract = load_extract(write_upload(tmp_path / "bad", BAD_WORKERS, BAD_WORKPLACES))
    assert not extract.valid
    assert issues(extract) == [
        ("bad-value", "staff.csv", 2, "EMPLSTATUS", "5"),
        ("bad-value", "staff.csv", 3, "MAINJOBROLE", "99"),
        ("ascwds-rule", "staff.csv", 4, "CONTHOURS", "x"),  # a warning, as in ASC-WDS
        ("required", "staff.csv", 5, "LOCALESTID", None),
        ("not-known", "staff.csv", 6, "LOCALESTID", "HOME9"),
        ("bad-value", "workplace.csv", 2, "ALLJOBROLES", "77"),
        ("misaligned-list", "workplace.csv", 2, "LEAVERS", "1;2;3"),
        ("bad-integer", "workplace.csv", 2, "VACANCIES", "x"),
        ("not-known", "workplace.csv", 3, "LEAVERS", "999"),
        ("out-of-range", "workplace.csv", 3, "VACANCIES", "-1"),
        ("misaligned-list", "workplace.csv", 4, "LEAVERS", "2"),
        ("not-known", "workplace.csv", 4, "VACANCIES", "999"),
    ]
    messages = [i.message for i in extract.issues]
    assert messages[0].startswith("EMPLSTATUS: not an ASC-WDS employment status (1 permanent, "
                                  "2 temporary, 3 pool/bank, 4 agency, 7 other)")
    assert messages[6] == ("LEAVERS: 3 item(s), but ALLJOBROLES lists 2 job role(s); the "
                           "leavers of this workplace are not read")
    workers = extract.tables["workers"]
    assert "HOME1/W1" not in set(workers["worker_id"])  # a required cell in error: set aside
    assert pd.isna(by_id(workers).loc["HOME1/W2", "role"])  # an optional one: blanked
    assert not workers["worker_id"].str.startswith("leaver-").any()  # no count was readable
    vacancies = extract.tables["vacancies"]
    # HOME1's second role (77) keeps its count, without a role; HOME2's 0 is read.
    assert list(zip(vacancies["service"], vacancies["role"].fillna(""),
                    vacancies["vacancy_fte"], strict=True)) == [
        ("HOME1", "", 1.0), ("HOME2", "Care worker (8)", 0.0)]
    source = next(s for s in extract.sources if s.file.endswith("staff.csv"))
    assert (source.rows, source.set_aside) == (5, 2)


def test_missing_columns_are_issues_on_the_header_row(tmp_path: Path) -> None:
    folder = tmp_path / "cols"
    folder.mkdir()
    (folder / "staff.csv").write_text("LOCALESTID,UNIQUEWORKERID,STATUS,STARTDATE,MAINJOBROLE\n"
                                      "HOME1,W1,NEW,01/04/2019,8\n", encoding="utf-8")
    (folder / "workplace.csv").write_text("LOCALESTID,ALLJOBROLES,VACANCIES\nHOME1,8,1\n",
                                          encoding="utf-8")
    extract = load_extract(folder)
    assert issues(extract) == [
        ("missing-column", "staff.csv", 1, "EMPLSTATUS", None),
        ("missing-column", "staff.csv", 1, "CONTHOURS", None),
        ("missing-column", "workplace.csv", 1, "LEAVERS", None),
    ]
    assert [i.message for i in extract.issues][:2] == [
        "No EMPLSTATUS column: employment_type comes from it",
        "No CONTHOURS or AVGHOURS column: FTE comes from weekly hours"]
    assert "workers" not in extract.tables  # no employment type: nothing to count
    assert list(extract.tables["vacancies"]["vacancy_fte"]) == [1.0]


def test_without_a_workplace_file_leavers_and_vacancies_are_not_known(tmp_path: Path) -> None:
    folder = write_upload(tmp_path / "alone", workplaces=None, training=False)
    extract = load_extract(folder)
    assert issues(extract)[0] == ("not-known", "staff.csv", None, None, None)
    assert "no vacancy rate" in extract.issues[0].message
    assert "vacancies" not in extract.tables
    assert not extract.tables["workers"]["worker_id"].str.startswith("leaver-").any()
    single = load_extract(folder / "staff.csv")  # the worker file on its own reads the same
    assert single.method == "sfc"
    assert single.issues[0].message.startswith("Only the worker file was given (give its folder")
    assert len(single.tables["workers"]) == len(extract.tables["workers"]) == 7


def test_an_empty_worker_file_is_a_clear_issue_and_leavers_cannot_be_placed(
        tmp_path: Path) -> None:
    folder = write_upload(tmp_path / "empty", workers=[], training=False)
    extract = load_extract(folder)
    assert extract.reference_date is None
    assert [(c, f, r) for c, f, r, _, _ in issues(extract)] == [
        ("no-data-rows", "staff.csv", None),
        ("not-known", "workplace.csv", None),  # no reference date to place the leavers at
        ("not-known", "workplace.csv", 2)]
    assert len(extract.tables["workers"]) == 0
    with pytest.raises(app_read.UnusableData):
        app_report.report(folder)


def test_a_worker_listed_twice_in_a_workplace_is_one_person_with_a_warning(
        tmp_path: Path) -> None:
    rows = [WORKERS[0], WORKERS[0].replace(",8,37,", ",7,37,"), WORKERS[5]]
    extract = load_extract(write_upload(tmp_path / "twice", rows))
    assert issues(extract)[0] == ("ascwds-rule", "staff.csv", 3, "UNIQUEWORKERID", None)
    listed = extract.tables["workers"]
    assert list(listed["worker_id"][:3]) == ["HOME1/W1", "HOME1/W1", "DAY2/W1"]
    turnover = app_report.report(tmp_path / "twice").report.kpis["turnover_rate_headcount"]
    assert turnover.denominator == 2  # HOME1 W1 once, DAY2 W1


def test_a_semicolon_file_with_a_bom_is_recognised_and_read(tmp_path: Path) -> None:
    folder = tmp_path / "excel"
    folder.mkdir()
    text = "\r\n".join([WORKER_HEADER, *WORKERS]).replace(",", ";") + "\r\n"
    (folder / "Staff export.csv").write_bytes(b"\xef\xbb\xbf" + text.encode("utf-8"))
    assert ascwds.recognises(folder)
    extract = load_extract(folder)
    source = extract.sources[0]
    assert (source.details["delimiter"], source.rows, source.set_aside) == ("semicolon", 8, 1)
    assert by_id(extract.tables["workers"])["fte"]["HOME1/W2"] == pytest.approx(30 / 37)


# ------------------------------------------------------------- as ASC-WDS reads it itself
# Skills for Care's bulk-upload validator (lambdas/bulkUpload/classes/workerCSVValidator.js in
# NMDSdevopsServiceAdm/SopraSteria-SFC) makes each of these a warning, never an error: the row
# is uploaded and the value ignored. So they are warnings here, and the row is read.

def starts(extract: object) -> dict[str, dt.date]:
    workers = extract.tables["workers"]  # type: ignore[attr-defined]
    listed = workers[~workers["worker_id"].str.startswith("leaver-")]
    return dict(zip(listed["worker_id"], listed["start_date"].dt.date, strict=True))


def test_a_blank_or_unreadable_start_date_is_a_warning_and_the_worker_is_in_post(
        tmp_path: Path) -> None:
    # _validateStartDate: "STARTDATE is missing" and "STARTDATE is incorrectly formatted and
    # will be ignored" are warnings. The worker is a current one whose start is not known: in
    # post, and in post since before the year (not a starter).
    rows = [WORKERS[0],
            "HOME1,W2,,NEW,,,,,1,,,1,2,2.5,8,30,",             # 3: blank
            "HOME1,W3,,NEW,,,,,,,12/31/2024,2,2,1,7,18.5,",    # 4: month-first, not a date
            WORKERS[7]]                                         # 5: DAY2 W7, 12 Sep 2025
    extract = load_extract(write_upload(tmp_path / "starts", rows))
    assert extract.valid
    assert extract.reference_date == dt.date(2025, 9, 30)
    assert [x for x in issues(extract) if x[3] == "STARTDATE"] == [
        ("ascwds-rule", "staff.csv", 3, "STARTDATE", None),
        ("ascwds-rule", "staff.csv", 4, "STARTDATE", "12/31/2024")]
    assert extract.issues[1].message == (
        "STARTDATE: not a real day-first (DD/MM/YYYY) date; it reads as month-first, which "
        "wfkpi never assumes, so ASC-WDS ignores it; read as in post since before the year to "
        "the reference date (from 30 Sep 2024), not as a starter")
    assert starts(extract) == {"HOME1/W1": dt.date(2019, 4, 1), "HOME1/W2": dt.date(2024, 9, 30),
                               "HOME1/W3": dt.date(2024, 9, 30), "DAY2/W7": dt.date(2025, 9, 12)}
    sfc = app_report.report(tmp_path / "starts").report.kpis["turnover_rate_headcount"]
    assert (sfc.numerator, sfc.denominator) == (3, 4)  # HOME1 W1-W3 and DAY2 W7 in post
    dfe = app_report.report(tmp_path / "starts", method="dfe").report.kpis
    assert dfe["starters_headcount"].value == 1  # DAY2 W7 only


def test_a_future_start_date_is_ignored_and_does_not_move_the_reference_date(
        tmp_path: Path) -> None:
    # "STARTDATE is in the future and will be ignored": a warning there, and no evidence of
    # when the file was made, so the reference date stays the month-end on or after the latest
    # start ASC-WDS keeps (12 Sep 2025), not 30 Sep 2090.
    rows = list(WORKERS)
    rows[2] = rows[2].replace("01/09/2023", "01/09/2090")  # HOME1 W3, row 4
    extract = load_extract(write_upload(tmp_path / "future", rows))
    assert extract.valid
    assert extract.reference_date == dt.date(2025, 9, 30)
    assert ("ascwds-rule", "staff.csv", 4, "STARTDATE", "01/09/2090") in issues(extract)
    message = next(i.message for i in extract.issues if i.column == "STARTDATE")
    assert message.startswith("STARTDATE: in the future (after today), which ASC-WDS ignores;")
    assert starts(extract)["HOME1/W3"] == dt.date(2024, 9, 30)
    kpis = app_report.report(tmp_path / "future").report.kpis  # the figures by hand, unchanged
    assert (kpis["turnover_rate_headcount"].numerator,
            kpis["turnover_rate_headcount"].denominator) == (3, 5)
    assert (kpis["vacancy_rate"].numerator, kpis["vacancy_rate"].denominator) == (4, 9)


def test_with_no_start_date_asc_wds_keeps_the_file_needs_as_at(tmp_path: Path) -> None:
    rows = [WORKERS[0].replace("01/04/2019", ""), WORKERS[1].replace("15/06/2022", "01/01/2099")]
    folder = write_upload(tmp_path / "undated", rows, training=False)
    extract = load_extract(folder)
    assert extract.reference_date is None
    assert [x for x in issues(extract) if x[3] == "STARTDATE"] == [
        ("required", "staff.csv", 2, "STARTDATE", None),
        ("required", "staff.csv", 3, "STARTDATE", None)]
    assert extract.issues[0].message == (
        "STARTDATE: blank, unreadable or in the future, and no worker in the file has a "
        "STARTDATE ASC-WDS keeps to date it by; give --as-at")
    dated = load_extract(folder, options=ReadOptions(as_at=dt.date(2025, 9, 30)))
    assert dated.valid
    assert starts(dated) == {"HOME1/W1": dt.date(2024, 9, 30), "HOME1/W2": dt.date(2024, 9, 30)}


@pytest.mark.parametrize(("hours", "week", "code", "fte"), [
    ("75", 37.5, "above-expected", 2.0),      # ASC-WDS's most; FTE 2 on a 37.5-hour week
    ("75", 37.0, "above-expected", None),     # ASC-WDS's most, but 2.03 FTE: blank, kept
    ("75.5", 37.5, "ascwds-rule", None),      # "CONTHOURS is greater than 75 and will be ignored"
    ("37.25", 37.0, "ascwds-rule", None),     # not in half-hour steps: "incorrect ... ignored"
    ("-1", 37.0, "ascwds-rule", None),        # below 0: "incorrect ... ignored"
    ("37.5", 37.5, None, 1.0),
])
def test_hours_asc_wds_accepts_or_ignores(tmp_path: Path, hours: str, week: float,
                                          code: str | None, fte: float | None) -> None:
    # _validateContHours and _validateAvgHours: hours in half-hour steps from 0 to 75 are kept,
    # others ignored with a warning. Never an error: the row is read.
    rows = [f"HOME1,W1,,NEW,,,,,,,01/04/2019,1,2,4,8,{hours},",
            f"HOME1,W2,,NEW,,,,,,,01/04/2019,3,,,8,,{hours}"]  # pool/bank: AVGHOURS
    extract = load_extract(write_upload(tmp_path / "hours", rows),
                           options=ReadOptions(standard_week=week))
    assert extract.valid
    read = by_id(extract.tables["workers"])["fte"]
    for worker, column in (("HOME1/W1", "CONTHOURS"), ("HOME1/W2", "AVGHOURS")):
        assert pd.isna(read[worker]) if fte is None else read[worker] == pytest.approx(fte)
        found = [x for x in issues(extract) if x[3] == column]
        assert found == ([(code, "staff.csv", 2 if column == "CONTHOURS" else 3, column, hours)]
                         if code else [])


def test_retired_job_roles_read_as_asc_wds_recoded_them(tmp_path: Path) -> None:
    # backend/reference/jobRoles.js lost 22 (Technician) and 41 (Care navigator) on 20 May 2024
    # (commit 520410e), when migrations 20240419152128-remapTechnicianJobRole and
    # 20240416100846-remapCareNavigatorJobRole moved their records to 27 and 40.
    rows = [WORKERS[0].replace(",2,4,8,37,", ",2,4,22,37,"),
            WORKERS[1].replace(",8,30,", ",41,30,")]
    places = ["HOME1,NEW,Home One,6,2,22;41;8,0;0;0,1;0;0,1;1;0"]
    extract = load_extract(write_upload(tmp_path / "retired", rows, places))
    assert extract.valid
    assert issues(extract) == []
    workers = by_id(extract.tables["workers"])
    assert workers.loc["HOME1/W1", "role"] == "Other (not directly involved in providing care) (27)"
    assert workers.loc["HOME1/W2", "role"] == "Care coordinator (40)"
    assert not workers["qualified_social_worker"].any()
    vacancies = extract.tables["vacancies"]
    assert list(vacancies["role"]) == ["Other (not directly involved in providing care) (27)",
                                       "Care coordinator (40)", "Care worker (8)"]
    assert ascwds.role_label("22") == ascwds.role_label("27")
    assert ascwds.role_label("23") == "Other (directly involved in providing care) (23)"
    assert ascwds.role_label("21") is None  # never a bulk-upload code


def test_an_unreadable_date_of_birth_is_blank_with_a_warning_that_never_shows_it(
        tmp_path: Path) -> None:
    # _validateDOB: "The date of birth you have entered is incorrectly formatted and will be
    # ignored" is a warning. The date of birth is personal: never in the issue.
    rows = [WORKERS[0].replace("12/03/1980", "31/02/1980"), WORKERS[1]]
    extract = load_extract(write_upload(tmp_path / "dob", rows))
    assert extract.valid
    assert [x for x in issues(extract) if x[1] == "staff.csv"] == [
        ("ascwds-rule", "staff.csv", 2, "DOB", None)]
    assert "1980" not in extract.issues[0].message
    assert extract.issues[0].message == (
        "DOB: not a real day-first (DD/MM/YYYY) date, so ASC-WDS ignores it; the worker's age "
        "is not known")
    assert pd.isna(by_id(extract.tables["workers"]).loc["HOME1/W1", "date_of_birth"])
