"""Personal data never leaves wfkpi: every output holds aggregates only.

Extracts of every kind wfkpi reads (CSV folder, a mapped HR workbook, a DfE census XML, an
ASC-WDS bulk upload, a folder of months) are filled with worker ids, names, National Insurance
numbers, e-mail addresses, postcodes, dates of birth, sex, ethnicity and disability values that
could not turn up anywhere by chance. Every command is run in every format, with ``--verbose``
logs where the command has them, and every byte written (stdout, stderr, each output file, each
XML part of each workbook) is scanned for them.

``validate`` is the one command that shows cell values, on the user's own terminal: values of
the personal columns (``x-personal`` in the schema) never, other bad values unless ``--redact``.
``--suppress-below N`` replaces the figures of a breakdown group of fewer than N people by ``c``.
"""

from __future__ import annotations

import csv
import io
import json
import zipfile
from collections.abc import Iterable
from dataclasses import dataclass
from pathlib import Path

import pytest
from openpyxl import Workbook

from census import national_records, write_census
from wfkpi import cli
from wfkpi.census.export import schema_error
from wfkpi.core.schema import columns

# --------------------------------------------------------------------------- the markers

IDS = [f"ZQXID{n:04d}" for n in range(1, 13)]
NAMES = ["Zebedee Quixote", "Yolanda Vexworth", "Xanthe Quillfeather", "Wolfram Zeddicus",
         "Vashti Kringleby", "Ulrich Pemblewick", "Tamsin Gallowglass", "Silas Fennimore-Vex",
         "Rosamund Quaggle", "Peregrine Odsbody", "Ottoline Wibberley", "Nebuchad Frostwick"]
NI_NUMBERS = [f"QZ{n:06d}X" for n in range(900101, 900113)]
EMAILS = [f"zqx.person{n}@zqxmail.example" for n in range(1, 13)]
POSTCODES = [f"ZX{n} 9QZ" for n in range(1, 13)]
BIRTH_DATES = [f"19{41 + n}-0{1 + n % 9}-{13 + n}" for n in range(12)]  # 1941-01-13 ...
SEXES = [f"ZQXSEX{n}" for n in range(1, 13)]
ETHNICITIES = [f"ZQXETH{n}" for n in range(1, 13)]
DISABILITIES = [f"ZQXDIS{n}" for n in range(1, 13)]
SWE_NUMBERS = [f"ZQ{970000 + n}" for n in range(1, 13)]  # two letters and digits, as the census
REQUISITIONS = [f"ZQXREQ{n:03d}" for n in range(1, 5)]  # recruitment's vacancy_id


def _birth_date_forms(iso: str) -> list[str]:
    year, month, day = iso.split("-")
    months = ["Jan", "Feb", "Mar", "Apr", "May", "Jun", "Jul", "Aug", "Sep", "Oct", "Nov", "Dec"]
    return [iso, f"{day}/{month}/{year}", f"{int(day)} {months[int(month) - 1]} {year}"]


MARKERS = sorted({*IDS, *NAMES, *NI_NUMBERS, *EMAILS, *POSTCODES, *SEXES, *ETHNICITIES,
                  *DISABILITIES, *SWE_NUMBERS, *REQUISITIONS,
                  *(form for iso in BIRTH_DATES for form in _birth_date_forms(iso)),
                  # fragments, in case a value is cut, wrapped or re-cased
                  "ZQXID", "ZQXSEX", "ZQXETH", "ZQXDIS", "ZQXREQ", "zqxmail", "Zebedee", "Quixote",
                  "Vexworth", "Quillfeather"})

# Teams: 8 people in Alpha, 3 in Beta, 1 in Gamma (team names are not personal).
TEAMS = ["Alpha"] * 8 + ["Beta"] * 3 + ["Gamma"]
WORKER_ROWS = [  # employment_type, fte, start_date, end_date, leaving_reason, org_role, cases
    ("permanent", "1", "2016-04-01", "", "", "5", "14"),
    ("permanent", "1", "2019-09-02", "", "", "5", "17"),
    ("permanent", "0.8", "2025-01-06", "", "", "5", "11"),
    ("permanent", "1", "2012-05-14", "2025-03-31", "resignation", "4", ""),
    ("fixed_term", "0.6", "2024-11-04", "", "", "5", "9"),
    ("agency", "1", "2025-02-03", "", "", "5", "19"),
    ("permanent", "1", "2010-01-04", "", "", "3", "2"),
    ("permanent", "1", "2021-06-01", "", "", "5", "16"),
    ("permanent", "1", "2018-03-05", "", "", "5", "15"),
    ("permanent", "0.5", "2023-10-02", "2025-08-29", "retirement", "5", ""),
    ("agency", "1", "2024-12-02", "", "", "5", "21"),
    ("permanent", "1", "2014-07-07", "", "", "2", ""),
]
WORKER_HEADER = ("worker_id,name,ni_number,email,postcode,employment_type,fte,start_date,"
                 "end_date,leaving_reason,role,org_role,qualified_social_worker,team,cases,"
                 "date_of_birth,sex,ethnicity,disability")


def write_extract(folder: Path, *, workers: int = 12, cases_bump: int = 0) -> Path:
    """A clean three-table CSV extract whose every personal cell holds a marker."""
    folder.mkdir(parents=True, exist_ok=True)
    lines = [WORKER_HEADER]
    for i, (kind, fte, start, end, reason, org_role, cases) in enumerate(WORKER_ROWS[:workers]):
        cases = str(int(cases) + cases_bump) if cases else ""
        lines.append(",".join([IDS[i], NAMES[i], NI_NUMBERS[i], EMAILS[i], POSTCODES[i], kind,
                               fte, start, end, reason, "Social Worker", org_role, "yes",
                               TEAMS[i], cases, BIRTH_DATES[i], SEXES[i], ETHNICITIES[i],
                               DISABILITIES[i]]))
    (folder / "workers.csv").write_text("\n".join(lines) + "\n", encoding="utf-8")
    (folder / "vacancies.csv").write_text(
        "vacancy_fte,agency_cover_fte,as_at,team\n2,1,30/09/2025,Alpha\n1,1,30/09/2025,Beta\n",
        encoding="utf-8")
    (folder / "absences.csv").write_text(
        "worker_id,name,start_date,end_date,reason\n"
        f"{IDS[0]},{NAMES[0]},2025-06-02,2025-06-06,sickness\n"
        f"{IDS[4]},{NAMES[4]},2025-02-10,2025-02-11,sickness\n"
        f"{IDS[8]},{NAMES[8]},2025-09-01,2025-09-03,sickness\n",
        encoding="utf-8")
    # The HR records tables, each naming people (and recruitment its requisitions).
    (folder / "training.csv").write_text("worker_id,name,date,days,hours,course\n" + "".join(
        f"{IDS[i]},{NAMES[i]},2025-0{1 + i % 9}-15,{2 + i},,Practice week\n"
        for i in range(workers)), encoding="utf-8")
    (folder / "appraisals.csv").write_text(
        "worker_id,name,due_date,completed_date,development_plan\n" + "".join(
            f"{IDS[i]},{NAMES[i]},2025-05-01,{'2025-05-09' if i % 3 else ''},"
            f"{'yes' if i % 3 else ''}\n" for i in range(workers)), encoding="utf-8")
    (folder / "supervision.csv").write_text("worker_id,name,date,kind\n" + "".join(
        f"{IDS[i]},{NAMES[i]},2025-09-0{1 + i % 8},one-to-one\n" for i in range(workers)),
        encoding="utf-8")
    (folder / "recruitment.csv").write_text(
        "vacancy_id,advertised_date,role,team,applications,shortlisted,interviewed,offers,hires,"
        "internal_hires\n" + "".join(f"{req},2025-0{3 + n}-01,Social Worker,Alpha,9,6,4,2,1,"
                                     f"{n % 2}\n" for n, req in enumerate(REQUISITIONS)),
        encoding="utf-8")
    return folder


def write_hr_workbook(folder: Path) -> tuple[Path, Path]:
    """An HR system's workbook with a ``Full Name`` column, and the mapping that reads it."""
    folder.mkdir(parents=True, exist_ok=True)
    book = Workbook()
    sheet = book.active
    sheet.title = "Report"
    sheet.append(["Establishment report, September 2025"])
    sheet.append([])
    sheet.append(["Employee Number", "Full Name", "NI Number", "Home Postcode",
                  "Assignment Category", "FTE", "Assignment Start Date", "Leaving Date",
                  "Registered SW", "Role Level", "Team", "Caseload", "Date of Birth"])
    for i, (kind, fte, start, end, _reason, org_role, cases) in enumerate(WORKER_ROWS):
        sheet.append([IDS[i], NAMES[i], NI_NUMBERS[i], POSTCODES[i],
                      "Agency" if kind == "agency" else "Permanent", float(fte), start, end,
                      "Yes", int(org_role), TEAMS[i], int(cases) if cases else None,
                      BIRTH_DATES[i]])
    book.save(folder / "Establishment Report 2025-09.xlsx")
    mapping = folder.parent / "hr-mapping.yaml"
    mapping.write_text(
        "workers:\n"
        "  file: \"Establishment Report*.xlsx\"\n"
        "  sheet: Report\n"
        "  columns:\n"
        "    worker_id: Employee Number\n"
        "    employment_type: Assignment Category\n"
        "    fte: FTE\n"
        "    start_date: Assignment Start Date\n"
        "    end_date: Leaving Date\n"
        "    qualified_social_worker: Registered SW\n"
        "    org_role: Role Level\n"
        "    team: Team\n"
        "    cases: Caseload\n"
        "    date_of_birth: Date of Birth\n"
        "  values:\n"
        "    employment_type:\n"
        "      permanent: Permanent\n"
        "      agency: Agency\n",
        encoding="utf-8")
    return folder, mapping


def write_census_file(path: Path) -> Path:
    """A 2025 census return whose SWENo and PersonBirthDate hold markers."""
    records = []
    for i, record in enumerate(national_records(12, year=2025, seed=7)):
        record = dict(record)
        record["SWENo"] = SWE_NUMBERS[i]
        record["PersonBirthDate"] = BIRTH_DATES[i]
        records.append(record)
    return write_census(path, records, schema="2025")


ASCWDS_WORKER_HEADER = ("LOCALESTID,UNIQUEWORKERID,CHGUNIQUEWRKID,STATUS,DISPLAYID,NINUMBER,"
                        "POSTCODE,DOB,GENDER,ETHNICITY,STARTDATE,EMPLSTATUS,ZEROHRCONT,DAYSSICK,"
                        "MAINJOBROLE,CONTHOURS,AVGHOURS")
ASCWDS_WORKPLACES = ("LOCALESTID,STATUS,ESTNAME,MAINSERVICE,TOTALPERMTEMP,ALLJOBROLES,STARTERS,"
                     "LEAVERS,VACANCIES\r\nHOME1,UNCHECKED,Home One,6,6,8;7,1;0,2;0,1;0\r\n")


def write_ascwds(folder: Path) -> Path:
    """An ASC-WDS bulk upload whose worker ids, display names, NI numbers, postcodes and dates
    of birth hold markers."""
    folder.mkdir(parents=True, exist_ok=True)
    rows = [ASCWDS_WORKER_HEADER]
    for i in range(6):
        dob = BIRTH_DATES[i].split("-")
        rows.append(",".join([
            "HOME1", IDS[i], "", "NEW", NAMES[i], NI_NUMBERS[i], POSTCODES[i],
            f"{dob[2]}/{dob[1]}/{dob[0]}", "2", "31", f"0{1 + i}/0{1 + i}/20{15 + i}",
            "1" if i < 5 else "4", "2", str(i), "8" if i % 2 else "7", "37", ""]))
    (folder / "staff.csv").write_text("\r\n".join(rows) + "\r\n", encoding="utf-8")
    (folder / "workplace.csv").write_text(ASCWDS_WORKPLACES, encoding="utf-8")
    return folder


# --------------------------------------------------------------------------- running and scanning

@dataclass
class Run:
    args: tuple[str, ...]
    code: int
    out: str
    err: str


@pytest.fixture
def wfkpi(capsys: pytest.CaptureFixture[str], monkeypatch: pytest.MonkeyPatch):
    monkeypatch.setenv("COLUMNS", "200")
    for name in ("FORCE_COLOR", "TTY_COMPATIBLE", "TTY_INTERACTIVE", "NO_COLOR", "TERM_PROGRAM"):
        monkeypatch.delenv(name, raising=False)
    def invoke(*args: str) -> Run:
        capsys.readouterr()
        code = cli.run(list(args))
        captured = capsys.readouterr()
        assert "Traceback" not in captured.out + captured.err, args
        return Run(args, code, captured.out, captured.err)

    return invoke


def file_texts(path: Path) -> list[tuple[str, str]]:
    """The text of a written file; for a workbook (a zip), of every part in it."""
    data = path.read_bytes()
    if data[:2] == b"PK":
        with zipfile.ZipFile(io.BytesIO(data)) as book:
            parts = [(f"{path.name}:{name}", book.read(name).decode("utf-8", "replace"))
                     for name in book.namelist()]
        assert any(name.endswith("sharedStrings.xml") or "sheet" in name for name, _ in parts)
        return parts
    return [(path.name, data.decode("utf-8"))]


def leaks(texts: Iterable[tuple[str, str]], markers: Iterable[str] = MARKERS) -> list[str]:
    found = []
    for where, text in texts:
        folded = text.casefold()
        found += [f"{marker!r} in {where}" for marker in markers if marker.casefold() in folded]
    return found


def scan(run: Run, *files: Path) -> None:
    """No marker in the run's stdout, stderr or any file it wrote."""
    texts = [("stdout", run.out), ("stderr", run.err)]
    for file in files:
        assert file.is_file(), (run.args, file)
        texts += file_texts(file)
    assert leaks(texts) == [], run.args


def test_the_scan_finds_a_marker_where_there_is_one(tmp_path: Path) -> None:
    """The scanner itself: a marker in a workbook's XML, re-cased, is found."""
    book = Workbook()
    book.active.append(["Team", NAMES[0].upper()])
    book.save(tmp_path / "leak.xlsx")
    found = leaks(file_texts(tmp_path / "leak.xlsx"))
    assert any(hit.startswith("'Zebedee Quixote' in leak.xlsx:xl/") for hit in found), found
    assert leaks([("x", "nothing here")]) == []


# --------------------------------------------------------------------------- report

@pytest.fixture
def extract(tmp_path: Path) -> Path:
    return write_extract(tmp_path / "extract")


REPORTS = [
    (),
    ("--format", "json"),
    ("--by", "team"),
    ("--by", "team", "--format", "json"),
    ("--by", "team", "--suppress-below", "5"),
    ("--by", "team", "--suppress-below", "5", "--format", "json"),
    ("--by", "role", "--method", "lg"),
    ("--by", "team", "--method", "lg", "--suppress-below", "5", "--format", "json"),
    ("--method", "sfc", "--format", "json"),
    ("--verbose",),
    ("--by", "team", "--format", "json", "--verbose"),
]


@pytest.mark.parametrize("options", REPORTS, ids=lambda o: " ".join(o) or "table")
def test_report_holds_no_personal_data(wfkpi, extract: Path, tmp_path: Path, options) -> None:
    run = wfkpi("report", str(extract), *options)
    assert run.code == 0, run.err
    assert "turnover_rate_" in run.out  # the report itself is there to scan
    scan(run)
    written = tmp_path / "out" / "report.txt"
    run = wfkpi("report", str(extract), *options, "--output", str(written))
    assert run.code == 0, run.err
    scan(run, written)


SCORECARD_FORMATS = ["table", "json", "csv", "markdown", "xlsx", "html"]


@pytest.mark.parametrize("council", ["lambeth_childrens", "camden_asc"])
@pytest.mark.parametrize("format", SCORECARD_FORMATS)
def test_scorecards_hold_no_personal_data(wfkpi, extract: Path, tmp_path: Path, council: str,
                                          format: str) -> None:
    written = tmp_path / "cards" / f"{council}.{format}"
    run = wfkpi("report", str(extract), "--council", council, "--format", format,
                "--output", str(written), "--verbose")
    assert run.code == 0, run.err
    assert written.stat().st_size > 500
    scan(run, written)
    if format != "xlsx":
        run = wfkpi("report", str(extract), "--council", council, "--format", format)
        assert run.code == 0 and len(run.out) > 500, run.err
        scan(run)


# --------------------------------------------------------------------------- suppression

def test_suppress_below_shows_c_for_small_groups_in_the_table(wfkpi, extract: Path) -> None:
    run = wfkpi("report", str(extract), "--by", "team", "--suppress-below", "5")
    assert run.code == 0, run.err
    lines = [line.rstrip() for line in run.out.splitlines()]
    start = lines.index("By team")
    rows: dict[str, list[str]] = {}
    name = ""
    for line in lines[start:]:
        if "│" not in line:
            continue
        cells = [cell.strip() for cell in line.split("│")]
        if cells[1]:  # a new row (its name may wrap onto the lines below)
            name = cells[0]
            rows[name] = cells[1:]
        else:
            rows[f"{name} {cells[0]}"] = rows.pop(name)
            name = f"{name} {cells[0]}"
    assert set(rows) == {"Alpha", "Beta (fewer than 5)", "Gamma (fewer than 5)", "Total"}
    for small in ("Beta (fewer than 5)", "Gamma (fewer than 5)"):
        assert rows[small] == ["c"] * len(rows[small]) and len(rows[small]) >= 5, rows[small]
    assert rows["Alpha"][0] == "8"  # people in Alpha: shown
    assert rows["Total"][0] == "12"
    assert "c" not in rows["Alpha"] + rows["Total"]


def test_suppress_below_shows_c_for_small_groups_in_json(wfkpi, extract: Path) -> None:
    run = wfkpi("report", str(extract), "--by", "team", "--suppress-below", "5", "-f", "json")
    assert run.code == 0, run.err
    groups = {g["group"] if not g["total"] else "Total": g for g in json.loads(run.out)["groups"]}
    assert set(groups) == {"Alpha", "Beta", "Gamma", "Total"}
    for name in ("Beta", "Gamma"):
        group = groups[name]
        assert (group["headcount"], group["suppressed"]) == ("c", True)
        for kpi in group["kpis"].values():
            assert [kpi[k] for k in ("value", "numerator", "denominator", "rows_used")] \
                == ["c"] * 4
    assert (groups["Alpha"]["headcount"], groups["Alpha"]["suppressed"]) == (8, False)
    assert groups["Alpha"]["kpis"]["inpost_headcount"]["value"] == 6  # 2 agency, none left
    assert groups["Total"]["headcount"] == 12
    # a lower threshold leaves Beta's three people shown and still hides Gamma's one
    run = wfkpi("report", str(extract), "--by", "team", "--suppress-below", "3", "-f", "json")
    groups = {g["group"]: g for g in json.loads(run.out)["groups"] if not g["total"]}
    assert (groups["Beta"]["headcount"], groups["Gamma"]["headcount"]) == (3, "c")


# --------------------------------------------------------------------------- trend and check

@pytest.fixture
def months(tmp_path: Path) -> Path:
    folder = tmp_path / "months"
    write_extract(folder / "2025-08", workers=11)
    write_extract(folder / "2025-09", cases_bump=1)
    return folder


@pytest.mark.parametrize("format", ["table", "json", "csv", "xlsx", "html"])
@pytest.mark.parametrize("council", [None, "lambeth_childrens"])
def test_trend_holds_no_personal_data(wfkpi, months: Path, tmp_path: Path, format: str,
                                      council: str | None) -> None:
    written = tmp_path / "trend" / f"trend.{format}"
    extra = ("--council", council) if council else ()
    run = wfkpi("trend", str(months), *extra, "--format", format, "--output", str(written),
                "--verbose")
    assert run.code == 0, run.err
    assert "2025-08" in run.err  # the log names each month
    scan(run, written)
    if format != "xlsx":
        run = wfkpi("trend", str(months), *extra, "--format", format)
        assert run.code == 0 and len(run.out) > 200, run.err
        scan(run)


def test_check_snapshot_holds_no_personal_data(wfkpi, extract: Path, tmp_path: Path) -> None:
    snapshot = tmp_path / "snap.json"
    run = wfkpi("check", str(extract), "--expected", str(snapshot), "--update", "--verbose")
    assert run.code == 0, run.err
    assert json.loads(snapshot.read_text(encoding="utf-8"))["methods"]["dfe"]
    scan(run, snapshot)
    run = wfkpi("check", str(write_extract(tmp_path / "changed", cases_bump=2)),
                "--expected", str(snapshot))
    assert run.code == 1 and "caseload_fte" in run.out  # what moved is listed, not who
    scan(run)


# --------------------------------------------------------------------------- export

@pytest.mark.parametrize("format", ["table", "json"])
def test_census_export_summary_holds_no_personal_data(wfkpi, extract: Path, tmp_path: Path,
                                                      format: str) -> None:
    xml = tmp_path / "return.xml"
    run = wfkpi("export", "csww", str(extract), "--year", "2025", "--la", "208",
                "--output", str(xml), "--format", format)
    assert run.code in (0, 1), run.err
    assert xml.read_bytes().count(b"<CSWWWorker>") >= 10
    assert IDS[0] in xml.read_text(encoding="utf-8")  # the return itself names each worker
    scan(run)


def test_the_schema_check_in_the_summary_names_the_element_not_its_text() -> None:
    assert schema_error(
        f"line 22: Element 'SWENo': [facet 'pattern'] The value '{IDS[0]}' is not accepted by "
        "the pattern '[A-Za-z]{2}\\d{1,10}'.") == (
        "line 22: Element 'SWENo': [facet 'pattern'] The value is not accepted by the pattern "
        "'[A-Za-z]{2}\\d{1,10}'.")
    assert schema_error(
        f"line 9: Element 'PersonBirthDate': '{NAMES[0]}' is not a valid value of the atomic "
        "type 'xs:date'.") == ("line 9: Element 'PersonBirthDate': the value is not a valid "
                               "value of the atomic type 'xs:date'.")
    unchanged = "line 15: Element 'LALevel': Missing child element(s). Expected is ( CostDBS )."
    assert schema_error(unchanged) == unchanged


# --------------------------------------------------------------------------- other sources

def test_a_mapped_hr_workbook_leaves_no_name_in_any_output(wfkpi, tmp_path: Path) -> None:
    folder, mapping = write_hr_workbook(tmp_path / "hr")
    m = ("--mapping", str(mapping))
    written = tmp_path / "card.xlsx"
    runs = [
        wfkpi("report", str(folder), *m, "--verbose"),
        wfkpi("report", str(folder), *m, "--by", "team", "-f", "json"),
        wfkpi("report", str(folder), *m, "--council", "lambeth_childrens", "-f", "xlsx",
              "-o", str(written)),
        wfkpi("validate", str(folder), *m, "--redact"),
        wfkpi("validate", str(folder), *m, "--redact", "-f", "json"),
    ]
    for run in runs:
        assert run.code == 0, (run.args, run.err)
        scan(run, *([written] if str(written) in run.args else []))
    assert "Full Name" not in runs[0].out  # an ignored column is counted, never shown


def test_a_census_file_leaves_no_swe_number_in_any_output(wfkpi, tmp_path: Path) -> None:
    census = write_census_file(tmp_path / "census.xml")
    written = tmp_path / "card.html"
    runs = [
        wfkpi("report", str(census), "--verbose"),
        wfkpi("report", str(census), "-f", "json", "--by", "org_role"),
        wfkpi("report", str(census), "--council", "lambeth_childrens", "-f", "html",
              "-o", str(written)),
        wfkpi("validate", str(census)),
        wfkpi("validate", str(census), "-f", "csv", "--redact"),
    ]
    assert '"inpost_headcount"' in runs[1].out
    for run in runs:
        assert run.code == 0, (run.args, run.err)
        scan(run, *([written] if str(written) in run.args else []))


def test_an_ascwds_upload_leaves_no_worker_in_any_output(wfkpi, tmp_path: Path) -> None:
    upload = write_ascwds(tmp_path / "ascwds")
    runs = [
        wfkpi("report", str(upload), "--verbose"),
        wfkpi("report", str(upload), "-f", "json"),
        wfkpi("validate", str(upload), "-f", "json"),
        wfkpi("validate", str(upload), "--redact"),
    ]
    assert '"turnover_rate_' in runs[1].out
    for run in runs:
        assert run.code == 0, (run.args, run.err)
        scan(run)


# --------------------------------------------------------------------------- validate

PERSONAL = {name for name, column in columns("workers").items() if column.personal}


def test_the_hr_records_kpis_see_the_marked_tables(wfkpi, extract: Path) -> None:
    """The scans above cover the HR records tables: their figures are computed from them."""
    run = wfkpi("report", str(extract), "--method", "lg", "--as-at", "2025-09-30", "-f", "json")
    kpis = json.loads(run.out)["kpis"]
    # 12 workers: 2 agency, 2 who left, so 8 directly employed staff in post
    assert kpis["supervision_coverage"]["denominator"] == 8
    assert kpis["interview_success_rate"]["numerator"] == 8  # 4 campaigns × 2 offers
    # the marker labels are in no known list: never guessed, so none of the 8 is counted
    share = kpis["ethnic_minority_share"]
    assert (share["value"], share["set_aside"]) == (None, {"ethnicity-unknown-label": 8})
BAD_FTE = "NONPII-FTE-77"
BAD_CASES = "NONPII-CASES-88"


@pytest.fixture
def broken(tmp_path: Path) -> Path:
    """An extract whose personal cells are also bad (a date of birth that is no date, an
    absence's worker id that is no worker), next to two bad cells of non-personal columns."""
    folder = write_extract(tmp_path / "broken")
    text = (folder / "workers.csv").read_text(encoding="utf-8")
    text = text.replace(f",{BIRTH_DATES[1]},", f",{NAMES[1]},")  # a name where a date goes
    text = text.replace(f"{IDS[2]},{NAMES[2]},{NI_NUMBERS[2]},{EMAILS[2]},{POSTCODES[2]},"
                        "permanent,0.8,",
                        f"{IDS[2]},{NAMES[2]},{NI_NUMBERS[2]},{EMAILS[2]},{POSTCODES[2]},"
                        f"permanent,{BAD_FTE},")
    text = text.replace(",Alpha,16,", f",Alpha,{BAD_CASES},")
    (folder / "workers.csv").write_text(text, encoding="utf-8")
    with (folder / "absences.csv").open("a", encoding="utf-8") as handle:
        # nine more spells of known workers, so that the one naming nobody is 1 of 13: the
        # table joins (at least 90% of its rows must) and that one is an unknown-worker warning
        for n in range(9):
            handle.write(f"{IDS[n]},{NAMES[n]},2025-0{n % 9 + 1}-15,2025-0{n % 9 + 1}-15,"
                         "training\n")
        handle.write("ZQXID9999,Unknown Zebedee,2025-07-01,2025-07-01,sickness\n")
    return folder


def test_the_personal_columns_are_those_the_schema_marks() -> None:
    assert {"worker_id", "date_of_birth", "sex", "ethnicity", "disability"} == PERSONAL


@pytest.mark.parametrize("format", ["table", "json", "csv"])
def test_validate_never_shows_a_personal_value_and_redact_hides_the_rest(
        wfkpi, broken: Path, format: str) -> None:
    shown = wfkpi("validate", str(broken), "-f", format, "--limit-errors", "100")
    assert shown.code == 3, shown.err
    codes = ("bad-date", "bad-number", "bad-integer", "unknown-worker")
    assert all(code in shown.out for code in codes), shown.out
    # the user's own terminal sees the bad values of non-personal columns ...
    assert BAD_FTE in shown.out and BAD_CASES in shown.out
    # ... but never a value of a personal column, even unredacted, but for one: an equality
    # label in no known list is named, once, with its count (never beside a row or an id), so
    # that the mapping can relabel it; --redact drops it too
    labels = [*ETHNICITIES, *DISABILITIES]
    assert "unknown-label" in shown.out
    assert leaks([("stdout", shown.out), ("stderr", shown.err)],
                 [m for m in MARKERS if not any(label.startswith(m) for label in labels)]
                 ) == [], shown.args
    if format != "table":  # each label only as the value of its unknown-label issue
        rows = json.loads(shown.out)["issues"] if format == "json" else \
            list(csv.DictReader(io.StringIO(shown.out)))
        rest = [{**row, "value": None} if row["code"] == "unknown-label" else row
                for row in rows]
        assert leaks([("issues", json.dumps(rest))], labels) == []
    redacted = wfkpi("validate", str(broken), "-f", format, "--limit-errors", "100",
                     "--redact")
    assert redacted.code == 3
    assert all(code in redacted.out for code in codes)
    assert BAD_FTE not in redacted.out and BAD_CASES not in redacted.out
    scan(redacted)
    assert leaks([("redacted", redacted.out)], ["NONPII"]) == []


def test_validate_values_column_in_detail(wfkpi, broken: Path) -> None:
    """Issue by issue: a personal column's value is None, a non-personal one's is the cell."""
    issues = json.loads(wfkpi("validate", str(broken), "-f", "json").out)["issues"]
    by_code = {}
    for issue in issues:
        by_code.setdefault(issue["code"], []).append(issue)
    (dob,) = by_code["bad-date"]
    assert (dob["column"], dob["row"], dob["value"]) == ("date_of_birth", 3, None)
    (fte,) = by_code["bad-number"]
    assert (fte["column"], fte["row"], fte["value"]) == ("fte", 4, BAD_FTE)
    (cases,) = by_code["bad-integer"]
    assert (cases["column"], cases["value"]) == ("cases", BAD_CASES)
    (unknown,) = by_code["unknown-worker"]
    assert (unknown["column"], unknown["value"]) == ("worker_id", None)
    rows = list(csv.DictReader(io.StringIO(
        wfkpi("validate", str(broken), "-f", "csv", "--redact").out)))
    assert len(rows) == len(issues) and all(row["value"] == "" for row in rows)


def test_validate_redacted_on_a_clean_extract(wfkpi, extract: Path) -> None:
    for format in ("table", "json", "csv"):
        run = wfkpi("validate", str(extract), "-f", format, "--redact", "--verbose")
        assert run.code == 0, run.err
        scan(run)


def test_reports_of_an_invalid_extract_hold_no_cell_value(wfkpi, broken: Path,
                                                          tmp_path: Path) -> None:
    """Figures from an invalid extract are still written (exit 3), with counts of what was
    wrong and never the wrong values themselves, personal or not."""
    card = tmp_path / "card.html"
    runs = [
        wfkpi("report", str(broken), "-f", "json", "--by", "team"),
        wfkpi("report", str(broken), "--council", "lambeth_childrens", "-f", "html",
              "-o", str(card)),
        wfkpi("check", str(broken), "--expected", str(tmp_path / "snap.json"), "--update"),
    ]
    for run in runs:
        assert run.code == 3, (run.args, run.err)
        scan(run, *([card] if str(card) in run.args else []))
        texts = [("stdout", run.out), ("stderr", run.err)]
        texts += file_texts(card) if str(card) in run.args else []
        assert leaks(texts, ["NONPII"]) == [], run.args
    assert json.loads(runs[0].out)["data_quality"]["input"]["issues"]["bad-number"] == 1
    assert not (tmp_path / "snap.json").exists()
