"""Reading DfE census (CSWW) XML into the canonical tables: every schema year, the census's own
rules as warnings naming line and element, the authority-level agency figures checked against
the records, the schema and reference date taken from the content, hostile files refused before
any parser reads them, and the shared LIIA sample read with its problems reported.

Census files are built here with ``tests/census.py``, which writes each schema's elements in the
order its shipped XSD gives and checks the result against that XSD.
"""

from __future__ import annotations

import datetime as dt
import math
import socket
import subprocess
import sys
import time
from collections.abc import Iterator
from pathlib import Path

import pandas as pd
import pytest
from lxml import etree

from census import (
    SCHEMAS,
    census_xml,
    layout,
    national_records,
    schema_errors,
    worker_lines,
    write_census,
)
from wfkpi.app import read as app_read
from wfkpi.app import report as app_report
from wfkpi.core import census as core_census
from wfkpi.core import errors as app_errors
from wfkpi.read import load_extract
from wfkpi.read.sources import csww
from wfkpi.read.sources.csww import stream

YEARS = {"2021-2023": 2022, "2024": 2024, "2025": 2025}
FIXTURE = Path(__file__).resolve().parents[1] / "fixtures" / "csww" / "liia_sample_2022.xml"


def day(text: str) -> pd.Timestamp:
    return pd.Timestamp(text)


def female(schema: str) -> dict[str, str]:
    return {"GenderCurrent": "2"} if schema == "2021-2023" else {"Sex": "F"}


def issues_of(extract: object) -> list[tuple[str, int | None, str | None]]:
    return [(i.code, i.row, i.column) for i in extract.issues]  # type: ignore[attr-defined]


# ------------------------------------------------------------------------------- the builder

@pytest.mark.parametrize("schema", SCHEMAS)
def test_the_builder_writes_every_element_in_schema_order(schema: str) -> None:
    year = YEARS[schema]
    data = census_xml(national_records(80, year=year), schema=schema, year=year)
    assert schema_errors(data, schema) == []
    root = etree.fromstring(data)
    assert [child.tag for child in root] == ["Header", layout(schema).vacancy_tag,
                                             *["CSWWWorker"] * 80]
    written = {child.tag for worker in root.iter("CSWWWorker") for child in worker}
    assert written == set(layout(schema).worker)


@pytest.mark.parametrize("schema", SCHEMAS)
def test_the_schema_check_catches_what_breaks_the_schema(schema: str) -> None:
    """The check the builder relies on is not vacuous."""
    with pytest.raises(ValueError, match="Bonus"):
        census_xml([{"AgencyWorker": "0", "SWENo": "SW1", "Bonus": "1"}], schema=schema)
    odd = census_xml([{"AgencyWorker": "0", "SWENo": "SW1", "Bonus": "1"}], schema=schema,
                     allow_unknown=True)
    assert any("Bonus" in error for error in schema_errors(odd, schema))
    no_agency = census_xml([{"SWENo": "SW1"}], schema=schema)
    assert any("AgencyWorker" in error for error in schema_errors(no_agency, schema))
    fte_7 = census_xml([{"AgencyWorker": "0", "SWENo": "SW1", "FTE": "0.1234567"}],
                       schema=schema)
    assert any("FTE" in error for error in schema_errors(fte_7, schema))
    if schema != "2025":  # QualInst is required before 2025; the builder fills it in
        no_qual = census_xml([{"AgencyWorker": "0", "SWENo": "SW1", "QualInst": None}],
                             schema=schema)
        assert any("QualInst" in error for error in schema_errors(no_qual, schema))


@pytest.mark.parametrize("schema", SCHEMAS)
def test_the_sweno_pattern_as_shipped_rejects_every_real_number(schema: str, tmp_path: Path
                                                                 ) -> None:
    """Every shipped XSD copy ends the SWENo pattern in a literal '$'; the reader must not
    reject real numbers on it."""
    records = [{"AgencyWorker": "0", "SWENo": number, "FTE": "1.000000",
                "RoleStartDate": "2015-01-05"} for number in ("SW1", "AB1234567890", "xy99")]
    data = census_xml(records, schema=schema, year=YEARS[schema])
    assert schema_errors(data, schema) == []
    as_shipped = schema_errors(data, schema, as_shipped=True)
    assert len(as_shipped) == 3 and all("SWENo" in error and "$" in error for error in as_shipped)
    path = tmp_path / "census.xml"
    path.write_bytes(data)
    extract = app_read.read(path)
    assert extract.valid
    assert [i for i in extract.issues if i.column == "SWENo"] == []
    assert extract.tables["workers"]["worker_id"].tolist() == ["SW1", "AB1234567890", "xy99"]


def test_the_reader_knows_each_schemas_elements_in_order() -> None:
    for schema in SCHEMAS:
        assert core_census.WORKER_ELEMENTS[schema] == layout(schema).worker, schema
        assert core_census.VACANCY_ELEMENT[schema] == layout(schema).vacancy_tag, schema


# -------------------------------------------------------------------- canonical values by year

def year_records(schema: str, year: int) -> list[dict[str, str | None]]:
    """Eight records covering the mapping: in post, starter, leavers (FTE 0 with FTE30, no FTE
    with FTE30, FTE 0 without), agency, no RoleStartDate (with and without an end)."""
    return [
        {"AgencyWorker": "0", "SWENo": "SW1001", "FTE": "1.000000", **female(schema),
         "Ethnicity": "WBRI", "OrgRole": "5", "RoleStartDate": f"{year - 5}-01-05",
         "Cases30": "12", "WorkingDaysLost": "3.50"},
        {"AgencyWorker": "0", "SWENo": "SW1002", "FTE": "0.500000", "OrgRole": "5",
         "RoleStartDate": f"{year - 1}-11-01", "StartOrigin": "1", "Cases30": "8",
         "WorkingDaysLost": "0.00"},
        {"AgencyWorker": "0", "SWENo": "SW1003", "FTE": "0.000000", "OrgRole": "4",
         "RoleStartDate": "2010-01-01", "RoleEndDate": f"{year}-03-31", "ReasonLeave": "5",
         "FTE30": "0.800000", "WorkingDaysLost": "10.25"},
        {"AgencyWorker": "0", "SWENo": "SW1006", "OrgRole": "3", "RoleStartDate": "2012-02-01",
         "RoleEndDate": f"{year}-06-30", "ReasonLeave": "7", "FTE30": "0.600000"},
        {"AgencyWorker": "0", "SWENo": "SW1007", "FTE": "0.000000", "OrgRole": "2",
         "RoleStartDate": "2018-04-01", "RoleEndDate": f"{year}-07-31", "ReasonLeave": "1"},
        {"AgencyWorker": "1", "SWENo": "SW1004", "FTE": "1.000000", "OrgRole": "5",
         "RoleStartDate": f"{year}-01-01", "Cases30": "20"},
        {"AgencyWorker": "0", "SWENo": "SW1005", "FTE": "0.750000", "OrgRole": "6",
         "Cases30": "0"},
        {"AgencyWorker": "0", "SWENo": "SW1008", "FTE": "0.400000", "OrgRole": "1",
         "RoleEndDate": f"{year - 2}-05-31", "ReasonLeave": "9"},
    ]


@pytest.mark.parametrize("schema", SCHEMAS)
def test_each_schema_year_reads_into_the_canonical_tables(schema: str, tmp_path: Path) -> None:
    year = YEARS[schema]
    path = write_census(tmp_path / "census.xml", year_records(schema, year), schema=schema,
                        year=year, vacancies={"NumberOfVacancies": "3.50",
                                              "NoAgencyFTE": "1.00", "NoAgencyHeadcount": "1"})
    lines = worker_lines(path.read_bytes())
    extract = load_extract(path)
    assert (extract.method, extract.reference_date) == ("dfe", dt.date(year, 9, 30))
    workers = extract.tables["workers"]
    assert workers["_row"].tolist() == lines
    assert workers["worker_id"].tolist() == [
        "SW1001", "SW1002", "SW1003", "SW1006", "SW1007", "SW1004", "SW1005", "SW1008"]
    assert workers["employment_type"].tolist() == ["permanent"] * 5 + ["agency"] + \
        ["permanent"] * 2
    fte = workers["fte"].tolist()
    assert fte[:4] == [1.0, 0.5, 0.8, 0.6] and math.isnan(fte[4]) and fte[5:] == [1.0, 0.75, 0.4]
    assert workers["start_date"].tolist() == [
        day(f"{year - 5}-01-05"), day(f"{year - 1}-11-01"), day("2010-01-01"),
        day("2012-02-01"), day("2018-04-01"), day(f"{year}-01-01"),
        day(f"{year - 1}-09-30"),  # no RoleStartDate: in post the day before the year opens
        day(f"{year - 2}-05-31"),  # ... or from its end, when that is earlier
    ]
    assert workers["end_date"].tolist()[2:5] == [
        day(f"{year}-03-31"), day(f"{year}-06-30"), day(f"{year}-07-31")]
    assert workers["end_date"].isna().tolist() == [True, True, False, False, False, True, True,
                                                   False]
    assert workers["leaving_reason"].fillna("").tolist() == [
        "", "", "retirement", "internal_move", "resignation", "", "", "unknown"]
    assert workers["org_role"].tolist() == [5, 5, 4, 3, 2, 5, 6, 1]
    assert workers["cases"].fillna(-1).tolist() == [12, 8, -1, -1, -1, 20, 0, -1]
    assert workers["sickness_days"].fillna(-1).tolist() == [3.5, 0.0, 10.25, -1, -1, -1, -1, -1]
    assert workers["qualified_social_worker"].tolist() == [True] * 8
    assert workers["sex"].iloc[0] == "female" and workers["ethnicity"].iloc[0] == "WBRI"
    assert workers["start_origin"].iloc[1] == "newly qualified"
    vacancies = extract.tables["vacancies"]
    assert vacancies[["vacancy_fte", "agency_cover_fte"]].values.tolist() == [[3.5, 1.0]]
    assert vacancies["as_at"].tolist() == [day(f"{year}-09-30")]
    # FTE 0 for a leaver with no FTE30 is blank (a warning); an end before the year is noted
    assert issues_of(extract) == [("blank-value", lines[4], "FTE"),
                                  ("census-rule", lines[7], "RoleEndDate")]
    details = extract.sources[0].details
    assert details["census schema"] == schema
    assert details["census year"] == str(year)
    assert details["FTE from FTE30"].startswith("2 record(s)")
    assert details["no RoleStartDate"].startswith("2 record(s)")


def test_every_reason_leave_code(tmp_path: Path) -> None:
    records = [{"AgencyWorker": "0", "SWENo": f"SW{code}", "FTE": "1.000000",
                "RoleStartDate": "2020-01-06", "RoleEndDate": "2025-06-30", "ReasonLeave": code}
               for code in map(str, range(1, 12))]
    path = tmp_path / "census.xml"
    path.write_bytes(census_xml(records, schema="2025"))  # code 11 is not in the schema
    extract = app_read.read(path)
    assert extract.tables["workers"]["leaving_reason"].fillna("").tolist() == [
        "resignation", "redundancy_voluntary", "redundancy_compulsory", "dismissal",
        "retirement", "death", "internal_move", "other", "unknown", "unknown", ""]
    line = worker_lines(path.read_bytes())[10]
    assert issues_of(extract) == [("bad-value", line, "ReasonLeave")]
    assert extract.valid is False and len(extract.tables["workers"]) == 11  # the record is kept


# ---------------------------------------------------------------- schema and reference date

def schema_read(path: Path) -> tuple[str, list[str]]:
    extract = app_read.read(path)
    return (extract.sources[0].details["census schema"],
            [i.message for i in extract.issues if i.code == "census-rule"])


def test_the_schema_comes_from_the_content_not_the_file_name(tmp_path: Path) -> None:
    record = {"AgencyWorker": "0", "SWENo": "SW1", "FTE": "1.000000",
              "RoleStartDate": "2015-01-05"}
    named_2022 = write_census(tmp_path / "census_2022.xml", [{**record, "Sex": "F"}],
                              schema="2025")
    assert schema_read(named_2022) == ("2025", [])
    named_2025 = write_census(tmp_path / "census_2025.xml", [{**record, "GenderCurrent": "1"}],
                              schema="2021-2023", year=2022)
    assert schema_read(named_2025) == ("2021-2023", [])
    named_2021 = write_census(tmp_path / "census_2021.xml", [{**record, "Sex": "M"}],
                              schema="2024")
    assert schema_read(named_2021) == ("2024", [])
    # the 2025 layout with a 2022 header: read as 2025, and the mismatch said
    mixed = write_census(tmp_path / "mixed.xml", [record], schema="2025", year=2022)
    schema, rules = schema_read(mixed)
    assert schema == "2025"
    assert rules == ["The records follow the 2025 schema but the collection year is 2022; each "
                     "record is read as it stands"]
    # no sex element: only then does the header's year choose between 2021-2023 and 2024
    plain = write_census(tmp_path / "plain_2022.xml", [record], schema="2021-2023", year=2022)
    assert schema_read(plain) == ("2021-2023", [])
    plain = write_census(tmp_path / "plain_2024.xml", [record], schema="2024", year=2024)
    assert schema_read(plain) == ("2024", [])
    # no vacancies element at all: 2025's pay items still say 2025
    paid = write_census(tmp_path / "paid.xml", [{**record, "BaseSalary": "40000.00"}],
                        schema="2025", vacancies=False, check=False)
    assert schema_read(paid) == ("2025", ["No <LALevelVacancies> (2025: <LALevel>) element: "
                                          "the file gives no vacancy figures"])


def test_the_reference_date_is_the_reports_default(tmp_path: Path) -> None:
    records = [{"AgencyWorker": "0", "SWENo": "SW1", "FTE": "1.000000",
                "RoleStartDate": "2015-01-05", "Cases30": "10"},
               {"AgencyWorker": "0", "SWENo": "SW2", "FTE": "0.500000",
                "RoleStartDate": "2023-06-01", "RoleEndDate": "2024-02-29", "ReasonLeave": "1"}]
    path = write_census(tmp_path / "census.xml", records, schema="2024",
                        reference_date="2024-03-31",
                        vacancies={"NumberOfVacancies": "2.00", "NoAgencyFTE": "0.00"})
    run = app_report.report(path)
    assert run.report.as_at == dt.date(2024, 3, 31)
    assert run.report.period_start == dt.date(2023, 4, 1)
    assert run.as_at_source == "the census reference date"
    kpis = run.report.kpis
    assert (kpis["inpost_fte"].value, kpis["leavers_fte"].value) == (1.0, 0.5)
    assert kpis["vacancy_fte"].value == 2.0  # the vacancies are dated at the reference date
    given = app_report.report(path, as_at=dt.date(2024, 2, 29))
    assert (given.report.as_at, given.as_at_source) == (dt.date(2024, 2, 29), "given")
    vacancies = given.report.kpis["vacancy_fte"]  # they describe another date: set aside
    assert (vacancies.value, vacancies.set_aside) == (None, {"vacancy-other-date": 1})
    assert given.report.kpis["inpost_headcount"].value == 1  # SW2 leaves that day


def test_without_a_reference_date_the_year_gives_30_september(tmp_path: Path) -> None:
    records = [{"AgencyWorker": "0", "SWENo": "SW1", "FTE": "1.000000",
                "RoleStartDate": "2015-01-05"}]
    path = write_census(tmp_path / "census.xml", records, schema="2025", reference_date="")
    extract = app_read.read(path)
    assert extract.reference_date == dt.date(2025, 9, 30)
    assert [(i.code, i.column, i.message) for i in extract.issues] == [
        ("census-rule", "ReferenceDate", "No <ReferenceDate>: 30 September 2025 is taken from "
         "<Year>")]
    assert app_report.report(path).report.as_at == dt.date(2025, 9, 30)
    later = {**records[0], "SWENo": "SW2", "RoleStartDate": "2025-07-01"}
    bare = write_census(tmp_path / "bare.xml", [*records, later], schema="2025", header=False)
    extract = app_read.read(bare)
    assert extract.reference_date is None
    assert extract.tables["workers"]["start_date"].tolist() == [day("2015-01-05"),
                                                               day("2025-07-01")]
    run = app_report.report(bare)
    assert (run.report.as_at, run.as_at_source) == (dt.date(2025, 6, 30),
                                                    "the last month-end the data covers")


@pytest.mark.parametrize(("reference", "named"), [
    ("2024-03-31", "31 March 2024"), ("2024-09-29", "29 September 2024"), ("2024-09-30", None)])
def test_a_reference_date_other_than_30_september_is_a_warning_naming_it(
        reference: str, named: str | None, tmp_path: Path) -> None:
    records = [{"AgencyWorker": "0", "SWENo": "SW1", "FTE": "1.000000",
                "RoleStartDate": "2015-01-05"}]
    path = write_census(tmp_path / "census.xml", records, schema="2024",
                        reference_date=reference)
    extract = app_read.read(path)
    assert extract.reference_date == dt.date.fromisoformat(reference)  # still the file's date
    found = [(i.code, i.column, i.value, i.message) for i in extract.issues]
    assert found == ([("census-rule", "ReferenceDate", reference,
                       f"<ReferenceDate> is {named}, not 30 September, the census's reference "
                       "date; the figures describe the date the file gives")] if named else [])


def test_no_worker_active_at_the_census_reference_date_is_an_input_problem(
        tmp_path: Path) -> None:
    # Every record starts after the file's own reference date: the file contradicts itself.
    records = [{"AgencyWorker": "0", "SWENo": "SW1", "FTE": "1.000000",
                "RoleStartDate": "2023-01-09"},
               {"AgencyWorker": "0", "SWENo": "SW2", "FTE": "0.500000",
                "RoleStartDate": "2024-02-05"}]
    path = write_census(tmp_path / "census.xml", records, schema="2021-2023", year=2021)
    with pytest.raises(app_read.InconsistentData) as raised:
        app_report.report(path)
    assert raised.value.exit_code == 3
    assert str(raised.value) == (
        f"{path}: no worker spell is active in the 12 months to 2021-09-30, the census "
        "reference date; its spells start from 2023-01-09 to 2024-02-05, so the file's dates "
        "do not fit its own reference date (--as-at reports another date)")
    # A date given that fits the records is reported; one that does not is a usage error.
    report = app_report.report(path, as_at=dt.date(2024, 9, 30)).report
    assert report.kpis["inpost_headcount"].value == 2
    with pytest.raises(app_errors.UsageError, match="choose --as-at within them"):
        app_report.report(path, as_at=dt.date(2020, 9, 30))


def test_an_lea_other_than_the_councils_la_code_is_a_warning(tmp_path: Path,
                                                             fixtures_dir: Path) -> None:
    records = [{"AgencyWorker": "0", "SWENo": "SW1", "FTE": "1.000000",
                "RoleStartDate": "2015-01-05"}]
    path = write_census(tmp_path / "census.xml", records, schema="2025", la="301")
    extract = app_read.read(path)
    assert [(i.code, i.file, i.column, i.value, i.message)
            for i in csww.la_code_issues(extract, {"208"}, "Lambeth")] == [
        ("census-rule", str(path), "LEA", "301", "<LEA> is 301, but Lambeth's LA code in DfE's "
         "statistics is 208: the file may be another council's census return")]
    assert csww.la_code_issues(extract, {"301"}, "Camden") == []
    assert csww.la_code_issues(extract, set(), "Nowhere") == []  # an area without a code
    unstated = write_census(tmp_path / "unstated.xml", records, schema="2025", la=None,
                            check=False)  # <LEA> is required: a broken header
    assert csww.la_code_issues(app_read.read(unstated), {"208"}, "Lambeth") == []
    # An extract that is no census has no <LEA> to compare.
    assert csww.la_code_issues(app_read.read(fixtures_dir / "clean"), {"208"}, "Lambeth") == []


# ---------------------------------------------------------------------------- census rules

def test_census_rules_are_warnings_naming_line_and_element(tmp_path: Path) -> None:
    base = {"AgencyWorker": "0", "FTE": "1.000000", "RoleStartDate": "2020-01-06"}
    records = [
        {**base, "SWENo": "SW1", "Cases30": "40"},  # the limit itself is fine
        {**base, "SWENo": "SW2", "Cases30": "41"},
        {**base, "SWENo": "SW3", "RoleEndDate": "2025-05-30"},  # no ReasonLeave
        {**base, "SWENo": "SW4", "AgencyWorker": "1", "RoleEndDate": "2025-05-30",
         "ReasonLeave": "1"},
        {**base, "SWENo": "SW5", "RoleEndDate": "2025-12-31", "ReasonLeave": "1"},
        {**base, "SWENo": "SW6", "RoleStartDate": "2025-10-01"},
        {**base, "SWENo": "123456"},  # not a Social Work England number
        {**base, "SWENo": "SW8", "AgencyWorker": "2"},  # not a census code: an error
        {**base, "SWENo": "SW9", "RoleStartDate": "2025-02-30"},  # not a real day: an error
        {**base, "SWENo": "SW10", "Cases30": "-3"},
    ]
    path = tmp_path / "census.xml"
    path.write_bytes(census_xml(records, schema="2025"))
    line = worker_lines(path.read_bytes())
    extract = app_read.read(path)
    found = {(i.severity, i.code, i.row, i.column, i.value) for i in extract.issues}
    assert found == {
        ("warning", "census-rule", line[1], "Cases30", "41"),
        ("warning", "census-rule", line[2], "ReasonLeave", None),
        ("warning", "census-rule", line[3], "RoleEndDate", "2025-05-30"),
        ("warning", "census-rule", line[4], "RoleEndDate", "2025-12-31"),
        ("warning", "census-rule", line[5], "RoleStartDate", "2025-10-01"),
        ("warning", "census-rule", line[6], "SWENo", None),  # the number itself is never shown
        ("error", "bad-value", line[7], "AgencyWorker", "2"),
        ("error", "bad-date", line[8], "RoleStartDate", "2025-02-30"),
        ("error", "out-of-range", line[9], "Cases30", "-3"),
    }
    messages = {i.row: i.message for i in extract.issues if i.code == "census-rule"}
    assert messages[line[1]] == ("Cases30: above 40, wfkpi's ceiling for one worker's cases; "
                                 "accepted, but check it")
    assert messages[line[6]].startswith("SWENo: not two letters then up to 10 digits")
    # the data stays usable: rule-breaking records are read, only unreadable required cells
    # set a record aside
    assert extract.tables["workers"]["worker_id"].tolist() == [
        "SW1", "SW2", "SW3", "SW4", "SW5", "SW6", "123456", "SW10"]
    assert app_report.report(path).report.kpis["cases"].value == 81


def test_an_unknown_element_is_reported_once(tmp_path: Path) -> None:
    records = [{"AgencyWorker": "0", "SWENo": f"SW{i}", "FTE": "1.000000",
                "RoleStartDate": "2020-01-06", "Bonus": "1"} for i in range(3)]
    records.append({"AgencyWorker": "0", "SWENo": "SW9", "FTE": "1.000000",  # and an element
                    "RoleStartDate": "2020-01-06", "QualInst": "Institution Name"})  # of 2024
    path = tmp_path / "census.xml"
    path.write_bytes(census_xml(records, schema="2025", allow_unknown=True))
    extract = app_read.read(path)
    assert [(i.code, i.row, i.column, i.message) for i in extract.issues] == [
        ("census-rule", None, "Bonus", "<Bonus> is not in the 2025 schema; 3 record(s) have it "
         "and it is ignored"),
        ("census-rule", None, "QualInst", "<QualInst> is not in the 2025 schema; 1 record(s) "
         "have it and it is ignored"),
    ]
    assert len(extract.tables["workers"]) == 4


# ------------------------------------------------------------------- authority-level figures

AGENCY_IN_POST = [  # two agency records in post at 30 September 2025, 1.5 FTE, one person twice
    {"AgencyWorker": "1", "SWENo": "SW9", "FTE": "1.000000", "RoleStartDate": "2025-01-06"},
    {"AgencyWorker": "1", "SWENo": "SW9", "FTE": "0.500000"},  # no start: in post before
]
NOT_IN_POST = [
    {"AgencyWorker": "1", "SWENo": "SW7", "FTE": "1.000000", "RoleStartDate": "2025-01-06",
     "RoleEndDate": "2025-09-30", "ReasonLeave": "1"},  # left on the reference date
    {"AgencyWorker": "1", "SWENo": "SW6", "FTE": "1.000000",
     "RoleStartDate": "2025-10-01"},  # starts after it
    {"AgencyWorker": "0", "SWENo": "SW5", "FTE": "1.000000", "RoleStartDate": "2020-01-06"},
]


def declared(schema: str, records: list[dict[str, str]], fte: str, headcount: str,
             tmp_path: Path) -> tuple[object, int]:
    """The census read with NoAgencyFTE ``fte`` and NoAgencyHeadcount ``headcount``, and the
    line of its authority-level element."""
    path = tmp_path / "census.xml"
    data = census_xml(records, schema=schema, year=2025, vacancies={
        "NumberOfVacancies": "10.00", "NoAgencyFTE": fte, "NoAgencyHeadcount": headcount})
    path.write_bytes(data)
    line = data.decode().splitlines().index(f"  <{layout(schema).vacancy_tag}>") + 1
    return app_read.read(path), line


def mismatches(extract: object) -> list[tuple[int | None, str | None, str | None]]:
    return [(i.row, i.column, i.value) for i in extract.issues  # type: ignore[attr-defined]
            if i.code == "census-mismatch"]


@pytest.mark.parametrize("schema", SCHEMAS)
@pytest.mark.parametrize(("fte", "headcount"), [
    ("1.50", "2"),  # the records' own figures
    ("2.00", "1"),  # 0.5 FTE above is within the tolerance; a headcount below is no mismatch
    ("0.00", "0"),  # none of the agency workers covers a vacancy
])
def test_declared_agency_figures_that_the_records_allow_raise_no_warning(
        schema: str, fte: str, headcount: str, tmp_path: Path) -> None:
    extract, _ = declared(schema, [*AGENCY_IN_POST, *NOT_IN_POST], fte, headcount, tmp_path)
    assert mismatches(extract) == []
    assert extract.tables["vacancies"]["agency_cover_fte"].tolist() == [float(fte)]


@pytest.mark.parametrize("schema", SCHEMAS)
def test_declared_agency_figures_above_the_records_are_each_a_warning(
        schema: str, tmp_path: Path) -> None:
    extract, line = declared(schema, [*AGENCY_IN_POST, *NOT_IN_POST], "2.01", "3", tmp_path)
    assert mismatches(extract) == [(line, "NoAgencyFTE", "2.01"),
                                   (line, "NoAgencyHeadcount", "3")]
    assert [i.message for i in extract.issues if i.code == "census-mismatch"] == [
        "NoAgencyFTE declares 2.0 FTE of agency workers covering vacancies, but the agency "
        "worker records in post on 30 Sep 2025 sum to 1.5 FTE",
        "NoAgencyHeadcount declares 3 agency workers covering vacancies, but 2 agency worker "
        "record(s) are in post on 30 Sep 2025"]
    assert all(i.severity == "warning" for i in extract.issues)
    only_fte, _ = declared(schema, AGENCY_IN_POST, "2.01", "2", tmp_path)
    assert mismatches(only_fte) == [(line, "NoAgencyFTE", "2.01")]
    only_headcount, _ = declared(schema, AGENCY_IN_POST, "1.50", "3", tmp_path)
    assert mismatches(only_headcount) == [(line, "NoAgencyHeadcount", "3")]


@pytest.mark.parametrize(("fte", "warned"), [("41.99", False), ("42.01", True)])
def test_the_fte_tolerance_grows_to_5_percent(fte: str, warned: bool, tmp_path: Path) -> None:
    """40 agency FTE in post: up to 2.0 FTE above (5%) is within the tolerance."""
    records = [{"AgencyWorker": "1", "SWENo": f"SW{i}", "FTE": "1.000000"} for i in range(40)]
    extract, _ = declared("2025", records, fte, "40", tmp_path)
    assert [column for _, column, _ in mismatches(extract)] == (["NoAgencyFTE"] if warned
                                                                 else [])


def test_agency_records_without_an_fte_are_named_in_the_warning(tmp_path: Path) -> None:
    records = [*AGENCY_IN_POST, {"AgencyWorker": "1", "SWENo": "SW8"}]
    extract, _ = declared("2025", records, "3.00", "3", tmp_path)
    assert [i.message for i in extract.issues if i.code == "census-mismatch"] == [
        "NoAgencyFTE declares 3.0 FTE of agency workers covering vacancies, but the agency "
        "worker records in post on 30 Sep 2025 sum to 1.5 FTE (1 of them with no FTE)"]


def test_an_agency_headcount_that_is_not_a_whole_number_is_not_compared(
        tmp_path: Path) -> None:
    extract, line = declared("2025", AGENCY_IN_POST, "1.50", "2.5", tmp_path)
    assert [(i.code, i.row, i.column, i.value, i.message) for i in extract.issues] == [
        ("census-rule", line, "NoAgencyHeadcount", "2.5", "NoAgencyHeadcount: not a whole "
         "number; not compared with the agency records")]


def test_without_a_reference_date_the_figures_are_not_compared(tmp_path: Path) -> None:
    path = tmp_path / "census.xml"
    path.write_bytes(census_xml(AGENCY_IN_POST, schema="2025", year=0, reference_date="",
                                vacancies={"NoAgencyFTE": "9.00", "NoAgencyHeadcount": "9"}))
    extract = app_read.read(path)
    assert extract.reference_date is None
    assert mismatches(extract) == []


# ------------------------------------------------------------------------------ hostile XML

SECRET = "wfkpi-secret-marker-8f3a"
PASSWD = '<!DOCTYPE Message [<!ENTITY xxe SYSTEM "file:///etc/passwd">]>'
LAUGHS = "<!DOCTYPE Message [\n" + '<!ENTITY lol "lol">\n' + "".join(
    f'<!ENTITY lol{i} "{f"&lol{i - 1};" * 10 if i > 1 else "&lol;" * 10}">\n'
    for i in range(1, 10)) + "]>"


def hostile(doctype: str, swe: str) -> bytes:
    return ('<?xml version="1.0" encoding="UTF-8"?>\n' + doctype + "\n<Message>\n"
            "  <CSWWWorker>\n    <AgencyWorker>0</AgencyWorker>\n"
            f"    <SWENo>{swe}</SWENo>\n    <RoleStartDate>2020-01-06</RoleStartDate>\n"
            "  </CSWWWorker>\n</Message>\n").encode("utf-8")


@pytest.fixture
def listener() -> Iterator[socket.socket]:
    """A local TCP port that records any connection made to it."""
    server = socket.socket(socket.AF_INET, socket.SOCK_STREAM)
    server.bind(("127.0.0.1", 0))
    server.listen(5)
    server.settimeout(0.2)
    yield server
    server.close()


def hostile_files(folder: Path, port: int) -> dict[str, Path]:
    secret = folder / "secret.txt"
    secret.write_text(SECRET)
    entities = folder / "entities.dtd"
    entities.write_text(f'<!ENTITY leak "{SECRET}">')
    files = {
        "billion_laughs": hostile(LAUGHS, "&lol9;"),
        "external_entity_passwd": hostile(PASSWD, "&xxe;"),
        "external_entity_file": hostile(
            f'<!DOCTYPE Message [<!ENTITY xxe SYSTEM "{secret.as_uri()}">]>', "&xxe;"),
        "external_dtd": hostile('<!DOCTYPE Message SYSTEM "http://127.0.0.1:9/x.dtd">', "SW1"),
        "external_dtd_listened": hostile(
            f'<!DOCTYPE Message SYSTEM "http://127.0.0.1:{port}/x.dtd">', "SW1"),
        "parameter_entity": hostile(
            f'<!DOCTYPE Message [<!ENTITY % pe SYSTEM "{entities.as_uri()}"> %pe;]>', "&leak;"),
        "parameter_entity_network": hostile(
            f'<!DOCTYPE Message [<!ENTITY % pe SYSTEM "http://127.0.0.1:{port}/p.dtd"> %pe;]>',
            "SW1"),
    }
    paths = {}
    for name, data in files.items():
        paths[name] = folder / f"{name}.xml"
        paths[name].write_bytes(data)
    return paths


def test_the_hostile_files_are_really_hostile(tmp_path: Path, listener: socket.socket) -> None:
    """A parser that resolves entities and loads DTDs reads the secret: the files below test
    something."""
    paths = hostile_files(tmp_path, listener.getsockname()[1])
    lax = etree.XMLParser(resolve_entities=True, load_dtd=True, no_network=True)
    for name in ("external_entity_file", "parameter_entity"):
        root = etree.parse(str(paths[name]), lax).getroot()
        assert root.findtext("CSWWWorker/SWENo") == SECRET, name


HOSTILE = ("billion_laughs", "external_entity_passwd", "external_entity_file", "external_dtd",
           "external_dtd_listened", "parameter_entity", "parameter_entity_network")


@pytest.mark.parametrize("name", HOSTILE)
def test_hostile_xml_is_refused_before_anything_is_read(name: str, tmp_path: Path,
                                                        listener: socket.socket) -> None:
    path = hostile_files(tmp_path, listener.getsockname()[1])[name]
    started = time.perf_counter()
    extract = app_read.read(path)
    assert time.perf_counter() - started < 5
    assert [(i.code, i.severity) for i in extract.issues] == [("unsafe-xml", "error")]
    assert extract.issues[0].message.startswith("The file declares a DTD (<!DOCTYPE ...>).")
    assert extract.tables == {} and not extract.valid
    shown = repr(extract.issues)
    assert SECRET not in shown and "root:" not in shown
    with pytest.raises(TimeoutError):
        listener.accept()  # nothing connected to the network
    with pytest.raises(app_read.UnusableData, match="declares a DTD"):
        app_report.report(path)


@pytest.fixture
def no_xml_parser(monkeypatch: pytest.MonkeyPatch) -> None:
    """Any XML parsing by the reader fails the test: the refusal must come before it."""
    def parse(*args: object, **kwargs: object) -> None:
        raise AssertionError("the file reached the XML parser")

    monkeypatch.setattr(etree, "iterparse", parse)


def comment(text: str) -> str:
    return f"<!-- {text} -->"


BODY = "<Message>\n  <CSWWWorker>\n    <SWENo>&lol9;</SWENo>\n  </CSWWWorker>\n</Message>\n"
DECLARATION = '<?xml version="1.0" encoding="UTF-8"?>\n'
LONG_COMMENT = comment("- -> ?> " * 40_000)  # 320,000 characters: several reads


def straddling(split: int) -> str:
    """A prolog whose comment's closing ``-->`` has ``split`` characters in one read of the
    prolog check and the rest in the next."""
    head = DECLARATION + "<!-- "
    filler = ("- -> ?> " * (stream._CHUNK // 8 + 1))[:stream._CHUNK - split - len(head) - 1]
    return head + filler + " -->\n" + LAUGHS + BODY


def utf7(text: str) -> bytes:
    """``text`` in UTF-7 with every ``<`` and ``!`` written as base64, as UTF-7 allows."""
    return text.replace("<", "+ADw-").replace("!", "+ACE-").encode("ascii")

# name -> (file bytes, line of the declaration, what it declares)
PROLOGS: dict[str, tuple[bytes, int, str]] = {
    "utf-8": ((DECLARATION + LAUGHS + BODY).encode(), 2, "DTD"),
    "no xml declaration": ((LAUGHS + BODY).encode(), 1, "DTD"),
    "utf-8 with a byte-order mark": (
        b"\xef\xbb\xbf" + (DECLARATION + LAUGHS + BODY).encode(), 2, "DTD"),
    "utf-16le with a byte-order mark": (
        b"\xff\xfe" + ('<?xml version="1.0" encoding="UTF-16"?>\n' + LAUGHS + BODY).encode(
            "utf-16-le"), 2, "DTD"),
    "utf-16be with a byte-order mark": (
        b"\xfe\xff" + ('<?xml version="1.0" encoding="UTF-16"?>\n' + LAUGHS + BODY).encode(
            "utf-16-be"), 2, "DTD"),
    "utf-16le without one": (
        ('<?xml version="1.0" encoding="UTF-16"?>\n' + LAUGHS + BODY).encode("utf-16-le"), 2,
        "DTD"),
    "utf-16 in the declaration but not in the bytes": (
        ('<?xml version="1.0" encoding="UTF-16"?>\n' + LAUGHS + BODY).encode(), 2, "DTD"),
    "utf-7, as its declaration says": (
        b'<?xml version="1.0" encoding="UTF-7"?>\n' + utf7(LAUGHS + BODY), 2, "DTD"),
    "after comments and processing instructions": (
        (DECLARATION + comment("<Message> is below") + "\n<?wfkpi note ?>\n"
         + comment("two\nlines") + " <?x?>\n" + LAUGHS + BODY).encode(), 6, "DTD"),
    "after a comment longer than a read": (
        (DECLARATION + LONG_COMMENT + "\n\n" + LAUGHS + BODY).encode(), 4, "DTD"),
    "after a comment ending across two reads (1)": (straddling(1).encode(), 3, "DTD"),
    "after a comment ending across two reads (2)": (straddling(2).encode(), 3, "DTD"),
    "in lower case": ((DECLARATION + LAUGHS.replace("DOCTYPE", "doctype") + BODY).encode(), 2,
                      "DTD"),
    "an entity without a doctype": (
        (DECLARATION + '<!ENTITY lol9 "lol">\n' + BODY).encode(), 2, "entity"),
}


@pytest.mark.parametrize("name", PROLOGS)
def test_a_declaration_in_the_prolog_is_refused_before_any_parser_sees_it(
        name: str, tmp_path: Path, no_xml_parser: None) -> None:
    """wfkpi's own check, so the code and message are the same whatever lxml and libxml2 do
    with the file (libxml2 2.14 refuses a billion laughs itself, as a syntax error)."""
    data, line, what = PROLOGS[name]
    path = tmp_path / "census.xml"
    path.write_bytes(data)
    extract = app_read.read(path)
    assert [(i.code, i.file, i.row) for i in extract.issues] == [("unsafe-xml", str(path), line)]
    article = {"DTD": "a DTD (<!DOCTYPE ...>)", "entity": "an entity (<!ENTITY ...>)"}[what]
    assert extract.issues[0].message == (
        f"The file declares {article}. Census files have none, and wfkpi does not read DTDs: "
        "they can expand entities without limit or reach other files and the network. Remove "
        "the declaration if the file is a real census return")
    assert extract.tables == {}


@pytest.mark.parametrize("doctype", [
    '<!DOCTYPE Message SYSTEM "http://127.0.0.1:9/x.dtd">',
    '<!DOCTYPE Message PUBLIC "-//wfkpi//census//EN" "census.dtd">',
    "<!DOCTYPE Message [<!ELEMENT Message ANY>]>",
])
def test_lxml_refuses_a_dtd_the_prolog_check_missed(doctype: str, tmp_path: Path,
                                                   monkeypatch: pytest.MonkeyPatch) -> None:
    """The second line: with the prolog check switched off, the parser's own document info
    still refuses the file before any record is read."""
    monkeypatch.setattr(stream, "_declaration", lambda path: None)
    path = tmp_path / "census.xml"
    path.write_bytes(hostile(doctype, "SW1"))
    extract = app_read.read(path)
    assert [(i.code, i.row) for i in extract.issues] == [("unsafe-xml", None)]
    assert extract.issues[0].message.startswith("The file declares a DTD (<!DOCTYPE ...>).")


RECORD = ("  <CSWWWorker>\n    <AgencyWorker>0</AgencyWorker>\n    <SWENo>SW1</SWENo>\n"
          "    <FTE>1.000000</FTE>\n    <RoleStartDate>2020-01-06</RoleStartDate>\n"
          "  </CSWWWorker>\n")


@pytest.mark.parametrize(("name", "data"), [
    ("a doctype in a comment", (DECLARATION + comment("<!DOCTYPE Message>") + "\n<Message>\n"
                                + RECORD + "</Message>\n").encode()),
    ("a doctype in a processing instruction", (
        DECLARATION + "<?note <!DOCTYPE Message> ?>\n<Message>\n" + RECORD
        + "</Message>\n").encode()),
    ("doctype text after the root element", (
        DECLARATION + "<Message>\n" + comment("<!DOCTYPE Message>") + "\n" + RECORD
        + "  <Note>&lt;!DOCTYPE Message&gt;</Note>\n</Message>\n").encode()),
    ("utf-16 with a byte-order mark", b"\xff\xfe" + (
        '<?xml version="1.0" encoding="UTF-16"?>\n<Message>\n' + RECORD
        + "</Message>\n").encode("utf-16-le")),
    ("utf-8 with a byte-order mark", b"\xef\xbb\xbf" + (
        DECLARATION + "<Message>\n" + RECORD + "</Message>\n").encode()),
])
def test_markup_that_only_looks_like_a_declaration_is_read(name: str, data: bytes,
                                                           tmp_path: Path) -> None:
    path = tmp_path / "census.xml"
    path.write_bytes(data)
    extract = app_read.read(path)
    assert "unsafe-xml" not in {i.code for i in extract.issues}
    assert extract.tables["workers"]["worker_id"].tolist() == ["SW1"]


@pytest.mark.parametrize(("content", "code", "row", "message"), [
    (b"", "empty-file", None, "The file is empty (0 bytes)"),
    (b"worker_id,fte\nW1,1\n", "unreadable-file", 1,
     "Not well-formed XML (line 1): Start tag expected, '<' not found"),
    (b'<?xml version="1.0"?>\n<Census>\n  <CSWWWorker/>\n</Census>\n', "not-a-census", 2,
     "The root element is <Census>, not the census's <Message>"),
    (b'<?xml version="1.0"?>\n<Census xmlns="urn:x">\n</Census>\n', "not-a-census", 2,
     "The root element is <{urn:x}Census>, not the census's <Message>"),
    (b'<?xml version="1.0"?>\n<Message>\n  <Header/>\n</Message>\n', "not-a-census", None,
     "No <CSWWWorker> record: this is not a CSWW census file, or it is empty"),
    # lxml says only "no element found", without a line; libxml2's own log says what and where
    (b'<?xml version="1.0"?>\n<Message>\n  <Header>&x;</Header>\n</Message>\n',
     "unreadable-file", 3, "Not well-formed XML (line 3): Entity 'x' not defined"),
])
def test_files_that_are_not_census_returns(content: bytes, code: str, row: int | None,
                                           message: str, tmp_path: Path) -> None:
    path = tmp_path / "census.xml"
    path.write_bytes(content)
    extract = app_read.read(path)
    assert [(i.code, i.row, i.message) for i in extract.issues] == [(code, row, message)]
    assert extract.tables == {}


def test_another_dfe_collections_return_is_named_as_such() -> None:
    extract = app_read.read(FIXTURE.parent / "cin_header.xml")  # a CIN census header
    assert [(i.code, i.column, i.value, i.message) for i in extract.issues] == [
        ("not-a-census", "Collection", "CIN", "<Collection> names another DfE collection and "
         "there is no <CSWWWorker> record: the file is not a return of the children's social "
         "work workforce census (CSWW)")]


def test_a_truncated_or_malformed_file_names_the_line(tmp_path: Path) -> None:
    records = [{"AgencyWorker": "0", "SWENo": f"SW{i}", "FTE": "1.000000"} for i in range(3)]
    data = census_xml(records, schema="2025")
    cut = data[:data.index(b"SW1") + 2]
    (tmp_path / "cut.xml").write_bytes(cut)
    line = cut.count(b"\n") + 1
    assert [(i.code, i.row, i.message) for i in app_read.read(tmp_path / "cut.xml").issues] == [
        ("unreadable-file", line, f"Not well-formed XML (line {line}): Premature end of data "
         f"in tag SWENo line {line}")]
    mismatched = data.replace(b"<SWENo>SW2</SWENo>", b"<SWENo>SW2</SWENO>")
    (tmp_path / "tags.xml").write_bytes(mismatched)
    line = mismatched.decode().splitlines().index("    <SWENo>SW2</SWENO>") + 1
    assert [(i.code, i.row, i.message) for i in app_read.read(tmp_path / "tags.xml").issues] == [
        ("unreadable-file", line, f"Not well-formed XML (line {line}): Opening and ending tag "
         f"mismatch: SWENo line {line} and SWENO")]


# -------------------------------------------------------------------------- the LIIA sample

def sample_records() -> list[tuple[int, dict[str, str]]]:
    """The sample's records as (line, element texts), read here independently of wfkpi."""
    root = etree.parse(str(FIXTURE)).getroot()
    return [(worker.sourceline, {child.tag: (child.text or "").strip() for child in worker})
            for worker in root.iter("CSWWWorker")]


def test_the_liia_sample_is_read_with_its_problems_reported() -> None:
    extract = app_read.read(FIXTURE)
    assert extract.valid
    assert extract.tally() == {"verdict": "VALID", "errors": 0, "warnings": 44,
                               "by_code": {"blank-value": 3, "census-mismatch": 2,
                                           "census-rule": 39}}
    # its authority-level agency figures are far above its 13 agency records in post
    assert [(i.row, i.column, i.message) for i in extract.issues
            if i.code == "census-mismatch"] == [
        (15, "NoAgencyFTE", "NoAgencyFTE declares 59.8 FTE of agency workers covering "
         "vacancies, but the agency worker records in post on 30 Sep 2022 sum to 5.4 FTE (1 of "
         "them with no FTE)"),
        (15, "NoAgencyHeadcount", "NoAgencyHeadcount declares 71 agency workers covering "
         "vacancies, but 13 agency worker record(s) are in post on 30 Sep 2022")]
    records = sample_records()
    assert len(records) == 30 and len(extract.tables["workers"]) == 30
    above = {line for line, r in records if int(r.get("Cases30") or 0) > 40}
    warned = {i.row for i in extract.issues if i.code == "census-rule" and i.column == "Cases30"}
    assert len(above) == 11 and warned == above
    details = extract.sources[0].details
    assert (details["census schema"], details["reference date"], details["la"]) == (
        "2021-2023", "2022-09-30", "301")


def test_the_liia_samples_fte_0_leavers_take_fte30() -> None:
    workers = app_read.read(FIXTURE).tables["workers"].set_index("_row")
    zero = [(line, r) for line, r in sample_records()
            if r.get("FTE") == "0" and r.get("RoleEndDate")]
    with_fte30 = {line: float(r["FTE30"]) for line, r in zero if r.get("FTE30")}
    without = [line for line, r in zero if not r.get("FTE30")]
    assert len(with_fte30) == 10 and len(without) == 3
    assert {line: workers.at[line, "fte"] for line in with_fte30} == with_fte30
    assert workers.loc[without, "fte"].isna().all()
    blank = {i.row for i in app_read.read(FIXTURE).issues if i.code == "blank-value"}
    assert blank == set(without)


def test_the_liia_sample_gives_a_report() -> None:
    run = app_report.report(FIXTURE)
    assert run.report.as_at == dt.date(2022, 9, 30)
    assert run.as_at_source.startswith("the census reference date")
    kpis = run.report.kpis
    assert kpis["inpost_headcount"].value == 8 and kpis["agency_headcount"].value == 13
    assert kpis["vacancy_fte"].value == pytest.approx(79.68)
    assert kpis["cases"].value == 639


def test_an_unreadable_reference_date_is_named_and_the_year_used(tmp_path: Path) -> None:
    records = [{"AgencyWorker": "0", "SWENo": "SW1", "FTE": "1.000000",
                "RoleStartDate": "2015-01-05"}]
    path = write_census(tmp_path / "census.xml", records, schema="2025",
                        reference_date="30/09/2025", check=False)
    extract = app_read.read(path)
    assert extract.reference_date == dt.date(2025, 9, 30)
    assert [(i.code, i.column, i.message, i.value) for i in extract.issues] == [
        ("census-rule", "ReferenceDate", "<ReferenceDate> is not a date (YYYY-MM-DD): "
         "30 September 2025 is taken from <Year>", "30/09/2025")]


PEAK_KB = ("import resource, sys; from wfkpi.cli import run; run(['validate', sys.argv[1]]); "
           "print(resource.getrusage(resource.RUSAGE_SELF).ru_maxrss)")


def _peak_kb(path: Path) -> int:
    done = subprocess.run([sys.executable, "-c", PEAK_KB, str(path)], capture_output=True,
                          text=True, check=True)
    return int(done.stdout.split()[-1])


def test_elements_outside_the_records_do_not_pile_up_in_memory(tmp_path: Path) -> None:
    """A census file padded with 1.5 million elements the census does not have (10 MB) reads in
    about the memory of the file without them: every element outside a record is dropped once
    passed, not only the records (it took 165 MB more before)."""
    text = FIXTURE.read_text(encoding="utf-8")
    end = text.index("</Message>")
    padded = tmp_path / "padded.xml"
    padded.write_text(text[:end] + "<Junk/>" * 1_500_000 + text[end:], encoding="utf-8")
    assert _peak_kb(padded) - _peak_kb(FIXTURE) < 40_000
