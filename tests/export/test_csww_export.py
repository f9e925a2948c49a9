"""The census return written from HR extracts: who is in it, what each record says, what could
not be filled, the schema check, and the round trip back to the same KPIs."""

from __future__ import annotations

import datetime as dt
from pathlib import Path

import pandas as pd
import pytest
from lxml import etree

from wfkpi.app import export as app_export
from wfkpi.app import read as app_read
from wfkpi.app import report as app_report
from wfkpi.census import export as csww

ROOT = Path(__file__).resolve().parents[2]
COUNCILS = ("lambeth_childrens", "cambridgeshire", "peterborough", "camden_childrens")
ANSWERS = {"RecruitmentBonus": "1", "RetentionBonus": "2", "PerformanceAward": "0",
           "CarAllowance": "0", "RelocationPackage": "1", "RegionalWeighting": "1",
           "CostSWE": "1", "CostDBS": "1", "OtherAllowances": "none"}


def _write(folder: Path, workers: str, vacancies: str | None = None) -> Path:
    folder.mkdir(parents=True, exist_ok=True)
    (folder / "workers.csv").write_text(workers, encoding="utf-8")
    if vacancies is not None:
        (folder / "vacancies.csv").write_text(vacancies, encoding="utf-8")
    return folder


WORKERS = """\
worker_id,employment_type,fte,start_date,end_date,leaving_reason,org_role,cases,sickness_days,\
sex,ethnicity
SW1001,permanent,1,2015-01-05,,,5,12,3.5,female,WBRI
SW1002,permanent,0.5,2024-11-01,,,5,45,0,male,
SW1003,permanent,0.8,2010-01-01,2025-03-31,retirement,4,,10.25,,
SW1004,fixed_term,1,2023-01-01,2025-08-31,end_of_contract,5,,,,
SW1005,permanent,,2019-01-01,,,6,,,,
PAY77,temporary,1.2,2020-01-01,2024-06-30,resignation,5,,,,
SW1007,agency,1,2025-01-01,,,5,20,,,
SW1008,agency,1,2024-01-01,2025-02-28,,5,,,,
SW1009,bank,0.2,2021-01-01,,,5,,,,
SW1010,permanent,1,2020-01-01,2025-06-30,,5,,,,
"""
VACANCIES = ("vacancy_fte,agency_cover_fte,as_at\n3.5,1,2025-09-30\n2,0.5,2025-09-30\n"
             "9,9,2024-09-30\n")


@pytest.fixture
def small(tmp_path: Path) -> Path:
    return _write(tmp_path / "hr", WORKERS, VACANCIES)


def _records(xml: bytes) -> list[dict[str, str]]:
    root = etree.fromstring(xml)
    return [{child.tag: child.text or "" for child in worker}
            for worker in root.iter("CSWWWorker")]


def test_who_is_in_the_return_and_what_each_record_says(small: Path) -> None:
    census = csww.build(app_read.read(small).tables, year=2025, la="208", answers=ANSWERS)
    records = {r["SWENo"]: r for r in _records(census.xml)}
    # In: direct spells active in Oct 2024 - Sep 2025, agency in post on 30 Sep 2025.
    assert sorted(records) == ["SW1001", "SW1002", "SW1003", "SW1004", "SW1005", "SW1007",
                               "SW1010"]
    assert census.records == {"directly employed": 6, "agency": 1}
    assert census.left_out == {"directly employed spells outside the census year": 1,
                               "agency spells not in post at the reference date": 1,
                               "other employment types (bank, casual, other)": 1}
    assert records["SW1001"] == {
        "AgencyWorker": "0", "SWENo": "SW1001", "FTE": "1.000000", "Sex": "F",
        "Ethnicity": "WBRI", "OrgRole": "5", "RoleStartDate": "2015-01-05", "Cases30": "12",
        "WorkingDaysLost": "3.50"}
    assert records["SW1003"]["RoleEndDate"] == "2025-03-31"
    assert records["SW1003"]["ReasonLeave"] == "5"  # retired
    assert records["SW1004"]["ReasonLeave"] == "8"  # end of contract: the census's "other"
    assert records["SW1010"]["ReasonLeave"] == "9"  # not known
    assert "FTE" not in records["SW1005"]
    assert records["SW1007"] == {"AgencyWorker": "1", "SWENo": "SW1007", "FTE": "1.000000",
                                 "OrgRole": "5", "RoleStartDate": "2025-01-01", "Cases30": "20"}
    root = etree.fromstring(census.xml)
    level = root.find("LALevel")
    assert level is not None
    assert [(e.tag, e.text) for e in level][:3] == [
        ("NumberOfVacancies", "5.50"), ("NoAgencyFTE", "1.50"), ("NoAgencyHeadcount", "1")]
    assert root.findtext("Header/CollectionDetails/ReferenceDate") == "2025-09-30"
    assert root.findtext("Header/Source/LEA") == "208"


def test_gaps_are_counted_with_their_reason(small: Path) -> None:
    census = csww.build(app_read.read(small).tables, year=2025, la="208", answers=ANSWERS)
    gaps = {gap.element: (gap.records, gap.why) for gap in census.gaps}
    assert gaps["FTE"][0] == 1  # SW1005's blank FTE
    assert gaps["StartOrigin"] == (1, "a starter whose start_origin is not a census code")
    assert gaps["ReasonLeave"][0] == 1  # SW1010
    assert gaps["Cases30"][0] == 1  # SW1002's 45
    assert "SWENo" not in gaps  # PAY77 left in 2024, outside the year
    assert census.valid, census.schema_errors


def test_the_year_decides_the_layout(small: Path) -> None:
    tables = app_read.read(small).tables
    old = csww.build(tables, year=2023, la="208")
    assert old.schema == "2021-2023"
    root = etree.fromstring(old.xml)
    assert root.find("LALevelVacancies") is not None
    first = _records(old.xml)[0]
    assert list(first)[:6] == ["AgencyWorker", "SWENo", "FTE", "GenderCurrent", "Ethnicity",
                              "QualInst"]
    assert first["GenderCurrent"] == "2" and first["QualInst"] == ""
    assert {g.element: g.records for g in old.gaps}["QualInst"] == len(_records(old.xml))
    # No vacancy rows for 30 Sep 2023, and a payroll number: written, but not valid.
    assert {g.element: g.why for g in old.gaps}["NumberOfVacancies"] == \
        "no vacancy rows at the reference date"
    assert old.schema_errors == [
        "line 16: <LALevelVacancies>: <NumberOfVacancies> is missing: the 2021-2023 schema "
        "requires it, before <NoAgencyHeadcount>",
        "line 59: Record 5: <SWENo> is not a Social Work England number: two letters, then 1 "
        "to 10 digits"]
    assert old.unexplained == []  # both are gaps the summary lists: the file is written
    # 2024 spells, a payroll number among them, and FTE above 1 capped at the census maximum.
    recent = csww.build(tables, year=2024, la="208")
    gaps = {(g.element, g.why.split(" ")[0]): g.records for g in recent.gaps}
    assert gaps["SWENo", "worker_id"] == 1
    assert gaps["FTE", "FTE"] == 1 and gaps["FTE", "blank"] == 1
    assert {r["SWENo"]: r for r in _records(recent.xml)}["PAY77"]["FTE"] == "1.000000"


def test_2025_without_the_la_answers_is_written_but_not_valid(small: Path) -> None:
    census = csww.build(app_read.read(small).tables, year=2025, la="208")
    assert not census.valid
    assert census.schema_errors[0].endswith(
        "<LALevel>: <RecruitmentBonus> is missing: the 2025 schema requires it in <LALevel>")
    assert census.unexplained == []
    gap = next(g for g in census.gaps if g.element == "LALevel")
    assert gap.why.startswith("9 pay item(s) no HR extract holds (RecruitmentBonus, ")


@pytest.mark.parametrize("council", COUNCILS)
@pytest.mark.parametrize("year", [2024, 2025])
def test_round_trip_gives_the_same_kpis(council: str, year: int, tmp_path: Path) -> None:
    folder = ROOT / "sample_data" / council
    done = app_export.export_csww(folder, year=year, la="208")
    file = tmp_path / "census.xml"
    file.write_bytes(done.census.xml)
    reference = dt.date(year, 9, 30)
    direct = app_report.report(folder, as_at=reference).report.to_dict()["kpis"]
    back = app_report.report(file)
    assert back.report.as_at == reference and back.as_at_source.startswith("the census")
    again = back.report.to_dict()["kpis"]
    for kpi, item in direct.items():
        for part in ("value", "numerator", "denominator"):
            assert again[kpi][part] == pytest.approx(item[part], abs=1e-9), (kpi, part)


def test_round_trip_with_an_absences_table_and_a_scope(tmp_path: Path) -> None:
    folder = ROOT / "sample_data" / "lambeth_childrens"
    done = app_export.export_csww(folder, year=2025, la="208", scope="qualified_social_workers")
    file = tmp_path / "census.xml"
    file.write_bytes(done.census.xml)
    direct = app_report.report(folder, scope="qualified_social_workers").report.to_dict()["kpis"]
    again = app_report.report(file).report.to_dict()["kpis"]
    assert direct["inpost_headcount"]["value"] < app_report.report(folder).report.kpis[
        "inpost_headcount"].value  # the scope did limit the return
    for kpi, item in direct.items():
        assert again[kpi]["value"] == pytest.approx(item["value"], abs=1e-9), kpi


def test_the_export_is_deterministic(small: Path) -> None:
    tables = app_read.read(small).tables
    first = csww.build(tables, year=2025, la="208", answers=ANSWERS).xml
    assert csww.build(tables, year=2025, la="208", answers=ANSWERS).xml == first


def test_no_cases_table_column_means_no_cases30(tmp_path: Path) -> None:
    folder = _write(tmp_path / "hr", "worker_id,employment_type,fte,start_date\n"
                    "SW1,permanent,1,2020-01-01\n", "vacancy_fte,as_at\n1,2025-09-30\n")
    census = csww.build(app_read.read(folder).tables, year=2025, la="208", answers=ANSWERS)
    assert _records(census.xml) == [{"AgencyWorker": "0", "SWENo": "SW1", "FTE": "1.000000",
                                     "RoleStartDate": "2020-01-01"}]
    assert {g.element for g in census.gaps} == {"NoAgencyFTE"}
    assert not census.valid  # NoAgencyFTE is required


def test_frames_are_not_changed(small: Path) -> None:
    tables = app_read.read(small).tables
    before = tables["workers"].copy()
    csww.build(tables, year=2025, la="208")
    pd.testing.assert_frame_equal(tables["workers"], before)
