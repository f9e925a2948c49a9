"""The pre-submission check of a census return: the collection year's schema, record by record
as the file streams, in plain English; the census rules beyond it; and the cross-checks.

The fixtures are in tests/fixtures/csww/ (its README says what each holds): a valid return in
each shipped schema's layout, a broken one in each, and two of the real public samples.
"""

from __future__ import annotations

import datetime as dt
from pathlib import Path

import pytest

from census import census_xml, national_records, schema_errors, xml_schema
from wfkpi.app import read as app_read
from wfkpi.census.yearly import year_on_year
from wfkpi.engine.results import KpiResult, Report
from wfkpi.read.sources.csww.check import check
from wfkpi.read.sources.csww.schema import explain, layout, schema_for_year

FIXTURES = Path(__file__).resolve().parents[1] / "fixtures" / "csww"


def found(name: str) -> list[tuple[str, int | None, str | None, str]]:
    """(code, line, element, message) of each issue the check finds in a fixture."""
    checked = check(FIXTURES / name, name)
    return [(i.code, i.row, i.column, i.message) for i in checked.issues]


@pytest.mark.parametrize(("name", "schema"), [("layout_2021.xml", "2021-2023"),
                                              ("layout_2024.xml", "2024"),
                                              ("layout_2025.xml", "2025")])
def test_a_valid_return_in_each_schema_year_passes(name: str, schema: str) -> None:
    checked = check(FIXTURES / name, name)
    assert (checked.schema, checked.issues) == (schema, [])
    assert schema_errors((FIXTURES / name).read_bytes(), schema) == []  # the XSD agrees


def test_the_real_layouts_missing_qualinst_and_wrong_order_are_caught() -> None:
    assert found("broken_2022.xml") == [
        ("csww-schema", 26, "QualInst", "Record 1: <QualInst> is missing: the 2021-2023 schema "
         "requires it, before <QualLevel>"),
        ("csww-schema", 36, "PersonBirthDate", "Record 2: <PersonBirthDate> is out of order or "
         "repeated: the 2021-2023 schema puts it before <Ethnicity>"),
        ("csww-role-cases", 43, "Cases30", "Record 3: <Cases30> above 0 for <OrgRole> 6, "
         "qualified without cases: one of the two is wrong"),
    ]


def test_a_real_public_sample_is_invalid_where_its_schema_says() -> None:
    # liia-tools' "BAD" sample: two records without QualInst, a ReferenceDate in March.
    errors = [issue for issue in found("liia_bad_2023.xml") if issue[0] == "csww-schema"]
    assert errors == [
        ("csww-schema", 26, "QualInst", "Record 1: <QualInst> is missing: the 2021-2023 schema "
         "requires it, before <QualLevel>"),
        ("csww-schema", 42, "QualInst", "Record 2: <QualInst> is missing: the 2021-2023 schema "
         "requires it, before <StepUpGrad>"),
    ]
    sample = check(FIXTURES / "liia_sample_2022.xml", "sample")
    assert [(i.row, i.column) for i in sample.errors] == [
        (row, "QualInst") for row in (86, 118, 149, 201, 215, 237, 332, 366, 385, 401, 450, 470)]


def test_every_kind_of_schema_fault_in_plain_english() -> None:
    assert found("broken_2024.xml") == [
        ("csww-reference-date", 4, "ReferenceDate", "<ReferenceDate> is in 2023 but <Year> is "
         "2024: the census year ends on 30 September of its collection year"),
        ("csww-schema", 11, "LEA", "<Source>: <LEA> is not the authority's three-digit LA code"),
        ("csww-schema", 16, "NoAgencyFTE", "<LALevelVacancies>: <NoAgencyFTE> has more than 2 "
         "decimal places, the most the 2024 schema allows"),
        ("csww-schema", 21, "SWENo", "Record 1: <SWENo> is not a Social Work England number: "
         "two letters, then 1 to 10 digits"),
        ("csww-schema", 22, "FTE", "Record 1: <FTE> is above the maximum of 1 that the 2024 "
         "schema allows"),
        ("csww-schema", 23, "PersonBirthDate", "Record 1: <PersonBirthDate> is not a date "
         "(YYYY-MM-DD)"),
        ("csww-schema", 26, "OrgRole", "Record 1: <OrgRole> is not one of the 2024 schema's "
         "codes (1, 2, 3, 4, 5, 6)"),
        ("csww-schema", 33, "FTE", "Record 2: <FTE> is out of order or repeated: the 2024 "
         "schema puts it before <Sex>"),
        ("csww-leaver", 29, "LeaverDestination", "Record 2: <LeaverDestination> without a "
         "<RoleEndDate>: only a leaver has a destination"),
        ("csww-schema", 43, "GenderCurrent", "Record 3: <GenderCurrent> is not an element of "
         "<CSWWWorker> in the 2024 schema"),
        ("csww-days-lost", 39, "WorkingDaysLost", "Record 3: <WorkingDaysLost> above the 253 "
         "working days of the census year"),
        ("csww-vacancy-rate", 14, "NumberOfVacancies", "NumberOfVacancies declares 9.5 FTE of "
         "vacancies against 3.5 FTE of directly employed workers in post on 30 Sep 2023: a "
         "vacancy rate of 73.1%, above 50% (17 of the 1,353 authority-years in DfE's "
         "statistics 2017-2025 are)"),
    ]


def test_the_2025_layout_is_checked_against_2025s_schema() -> None:
    assert found("broken_2025.xml") == [
        ("csww-schema", 24, "QualInst", "Record 1: <QualInst> is not an element of <CSWWWorker> "
         "in the 2025 schema"),
        ("csww-agency-items", 29, "StartOrigin", "Record 2: <StartOrigin> for an agency worker: "
         "DfE counts the starters of directly employed workers only, so it is not used"),
        ("csww-schema", 14, "LALevelVacancies", "<LALevelVacancies> is not an element of the "
         "2025 schema, which has <LALevel>"),
    ]


def test_values_travel_apart_from_the_message_and_personal_ones_never() -> None:
    checked = check(FIXTURES / "broken_2024.xml", "b")
    values = {i.column: i.value for i in checked.issues if i.row in (11, 21, 22, 23, 26)}
    assert values["FTE"] == "1.5"
    assert values["OrgRole"] == "7" and values["LEA"] == "20"
    assert values["SWENo"] is None and values["PersonBirthDate"] is None  # personal: never
    assert all("1.5" not in i.message and "SW1234" not in i.message for i in checked.issues)


def test_the_schema_is_the_collection_years() -> None:
    # A 2024-layout record (Sex) in a return whose <Year> is 2022 breaks 2021-2023's schema.
    records = [{"AgencyWorker": "0", "SWENo": "SW1", "FTE": "1.000000", "Sex": "F",
                "QualInst": "U", "OrgRole": "5", "RoleStartDate": "2020-01-06"}]
    data = census_xml(records, schema="2024", year=2022)
    checked = check(data, "census.xml")
    assert checked.schema == "2021-2023"
    assert [(i.column, i.message) for i in checked.errors] == [
        ("Sex", "Record 1: <Sex> is not an element of <CSWWWorker> in the 2021-2023 schema")]
    assert [schema_for_year(y) for y in (2017, 2020, 2023, 2024, 2025, 2026)] == [
        "2021-2023", "2021-2023", "2021-2023", "2024", "2025", "2025"]


def test_without_a_year_the_content_decides() -> None:
    records = [{"AgencyWorker": "0", "SWENo": "SW1", "FTE": "1.000000", "GenderCurrent": "1",
                "QualInst": "U", "OrgRole": "5", "RoleStartDate": "2020-01-06"}]
    checked = check(census_xml(records, schema="2021-2023", year=0, reference_date=""), "c")
    assert (checked.schema, checked.errors) == ("2021-2023", [])


def test_the_swe_number_fix_is_needed_and_numbers_are_not_always_ten_digits() -> None:
    for number in ("SW1", "SW12345", "SW1234567890", "sw0012"):
        records = [{"AgencyWorker": "0", "SWENo": number, "FTE": "1.000000",
                    "OrgRole": "5", "RoleStartDate": "2020-01-06"}]
        data = census_xml(records, schema="2025")
        assert check(data, "c").errors == [], number
        assert schema_errors(data, "2025", as_shipped=True), "the shipped copy rejects it"
    assert xml_schema("2025", as_shipped=True) is not None


def test_elements_out_of_place_are_reported_once_with_their_count() -> None:
    text = (FIXTURES / "layout_2021.xml").read_text(encoding="utf-8")
    end = text.index("</Message>")
    data = (text[:end] + "<Junk/>" * 1000 + text[end:]).encode()
    assert [(i.column, i.message) for i in check(data, "c").issues] == [
        ("Junk", "<Junk> is not an element of <Message> in the 2021-2023 schema (1,000 such "
         "elements, the first here)")]


def test_a_missing_la_level_element_and_a_header_out_of_place() -> None:
    records = [{"AgencyWorker": "0", "SWENo": "SW1", "FTE": "1.000000", "OrgRole": "5",
                "RoleStartDate": "2020-01-06"}]
    data = census_xml(records, schema="2025", vacancies=False)
    assert [i.message for i in check(data, "c").errors] == [
        "<LALevel> is missing: the 2025 schema requires it, before the first <CSWWWorker>"]


def test_the_bytes_wfkpi_wrote_are_checked_as_a_file_is(tmp_path: Path) -> None:
    data = (FIXTURES / "broken_2024.xml").read_bytes()
    assert check(data, "b").issues == check(FIXTURES / "broken_2024.xml", "b").issues


def test_an_unreadable_file_gives_the_readers_issue(tmp_path: Path) -> None:
    path = tmp_path / "census.xml"
    path.write_bytes(b"<Message><CSWWWorker>")
    assert [i.code for i in check(path, "c").issues] == ["unreadable-file"]


def test_libxml2_messages_without_a_known_form_are_scrubbed_of_values() -> None:
    element, message = explain("Element 'FTE': 'abc' is not a valid value of the atomic type "
                               "'ftedecimal'.", "CSWWWorker", "2024")
    assert (element, message) == ("FTE", "<FTE> is not a number")
    element, message = explain("Element 'CSWWWorker': Missing child element(s). Expected is "
                               "( SWENo ).", "Message", "2024")
    assert (element, message) == ("SWENo", "<SWENo> is missing: the 2024 schema requires it "
                                  "in <CSWWWorker>")
    assert layout("2025").vacancy_tag == "LALevel"


def test_a_national_size_return_is_checked_record_by_record() -> None:
    data = census_xml(national_records(2_000, year=2024, seed=3), schema="2024")
    checked = check(data, "national.xml")
    assert checked.errors == []


# ---------------------------------------------------------------------- year on year

def _report(as_at: dt.date, **values: float) -> Report:
    return Report(as_at=as_at, period_start=as_at, method="dfe", scope=None, kpis={
        kpi: KpiResult(id=kpi, label=kpi.replace("_", " "), unit="fte", method="dfe",
                       value=value, numerator=None, denominator=None, rows_used=0,
                       set_aside={}, note=None) for kpi, value in values.items()})


def test_year_on_year_queries_large_moves_only() -> None:
    now = _report(dt.date(2024, 9, 30), inpost_fte=100.0, agency_fte=30.0, vacancy_fte=4.0)
    then = _report(dt.date(2023, 9, 30), inpost_fte=90.0, agency_fte=12.0, vacancy_fte=1.0)
    found = year_on_year(now, then, file="now.xml", previous_file="then.xml")
    assert [(i.column, i.message) for i in found] == [(
        "agency_fte", "agency fte (agency_fte) is 30.0 at 30 Sep 2024, 12.0 a year before "
        "(+150%): a larger move than wfkpi's year-on-year check allows (x2); check it, or "
        "explain it in a note with the return")]


def test_year_on_year_says_when_the_previous_return_is_not_last_years() -> None:
    now = _report(dt.date(2024, 9, 30), inpost_fte=100.0)
    then = _report(dt.date(2022, 9, 30), inpost_fte=100.0)
    found = year_on_year(now, then, file="n", previous_file="t", la="208", previous_la="209")
    assert [i.message.split(":")[0] for i in found] == [
        "The previous return (t) is at 30 Sep 2022, not a year before 30 Sep 2024",
        "The previous return is LA 209's, this one LA 208's"]


# ------------------------------------------------------------ what real files look like

def test_the_harmless_variants_of_real_files_are_valid_and_read_alike() -> None:
    # variants_2024.xml is layout_2024.xml with a byte-order mark, CRLF line ends, xsi
    # attributes on <Message>, comments, a CDATA section and white space around dates, years
    # and numbers, which XML Schema collapses (libxml2 alone rejects it around a date)
    checked = check(FIXTURES / "variants_2024.xml", "variants_2024.xml")
    assert (checked.schema, checked.issues) == ("2024", [])
    plain, variant = (app_read.read(FIXTURES / name) for name in
                      ("layout_2024.xml", "variants_2024.xml"))
    assert variant.issues == []
    for table in ("workers", "vacancies"):
        assert variant.tables[table].drop(columns=["_row", "_file"]).equals(
            plain.tables[table].drop(columns=["_row", "_file"]))


def test_empty_elements_and_spaced_codes_are_named_plainly() -> None:
    assert found("blanks_2024.xml") == [
        ("csww-schema", 26, "Sex", "Record 1: <Sex> is not one of the 2024 schema's codes "
         "(M, F) (it has white space around it, which the schema counts as part of the value)"),
        # an element the schema lacks is one issue however many records have it
        ("csww-schema", 34, "TeamName", "Record 1: <TeamName> is not an element of "
         "<CSWWWorker> in the 2024 schema (2 such elements, the first here)"),
        ("csww-schema", 39, "FTE", "Record 2: <FTE> is empty: the 2024 schema takes a number "
         "there, or no <FTE> element at all"),
        ("csww-schema", 75, "Cases30", "Record 4: <Cases30> is empty: the 2024 schema takes a "
         "whole number there, or no <Cases30> element at all"),
        ("csww-vacancy-rate", 16, "NumberOfVacancies", "NumberOfVacancies declares 1.5 FTE of "
         "vacancies against 1.0 FTE of directly employed workers in post on 30 Sep 2024: a "
         "vacancy rate of 60.0%, above 50% (17 of the 1,353 authority-years in DfE's "
         "statistics 2017-2025 are)"),
    ]


def test_an_extra_item_in_every_record_is_one_issue() -> None:
    records = [{"AgencyWorker": "0", "SWENo": f"SW{i}", "FTE": "1.000000",
                "TeamName": "North"} for i in range(500)]
    data = census_xml(records, schema="2024", allow_unknown=True)
    issues = check(data, "census.xml").issues
    assert [(i.column, i.value, i.message.split(" (")[-1]) for i in issues] == [
        ("TeamName", "North", "500 such elements, the first here)")]


def test_a_namespace_on_message_is_read_through_and_is_one_schema_error() -> None:
    checked = check(FIXTURES / "namespace_2024.xml", "namespace_2024.xml")
    assert [(i.code, i.row, i.column, i.value) for i in checked.issues] == [
        ("csww-schema", 2, "Message", "http://www.example.org/csww")]
    assert checked.issues[0].message.startswith("<Message> is in a namespace, which the 2024 "
                                                "schema's elements are not")
    plain, spaced = (app_read.read(FIXTURES / name) for name in
                     ("layout_2024.xml", "namespace_2024.xml"))
    assert spaced.issues == [] and spaced.tables["workers"].drop(columns="_file").equals(
        plain.tables["workers"].drop(columns="_file"))


def test_an_unknown_header_element_names_the_years_schema() -> None:
    data = (FIXTURES / "layout_2024.xml").read_bytes().replace(
        b"</Source>", b"</Source>\n    <Extra>1</Extra>")
    assert [(i.column, i.message) for i in check(data, "census.xml").issues] == [
        ("Extra", "<Extra> is not an element of <Header> in the 2024 schema")]
