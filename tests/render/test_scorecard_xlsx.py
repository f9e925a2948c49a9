"""The Excel scorecard, read back with openpyxl."""

from __future__ import annotations

import datetime as dt
import io
import zipfile
from typing import Any

import pytest
from openpyxl import load_workbook

from wfkpi.render.scorecard.xlsx import render as to_xlsx

HEADER = 6  # the title block takes rows 1 to 5


@pytest.fixture
def book(card: dict[str, Any]) -> Any:
    return load_workbook(io.BytesIO(to_xlsx(card)))


def _columns(sheet: Any, row: int = HEADER) -> dict[str, int]:
    return {cell.value: cell.column for cell in sheet[row] if cell.value}


def _target_rows(sheet: Any) -> dict[str, int]:
    return {sheet.cell(row=n, column=1).value: n for n in range(HEADER + 1, sheet.max_row + 1)}


def test_sheets_frozen_headers_and_filters(book: Any) -> None:
    assert book.sheetnames == ["Scorecard", "Benchmarks", "Groups", "Definitions",
                               "Data quality"]
    assert book["Scorecard"].freeze_panes == "B7"
    assert book["Scorecard"].auto_filter.ref == "A6:S18"
    assert book["Benchmarks"].freeze_panes == "A2"
    assert book["Benchmarks"].auto_filter.ref == "A1:I21"
    assert book["Groups"].auto_filter.ref == "A1:I4"
    assert book["Definitions"].freeze_panes == "A2"


def test_title_block_names_the_council_date_counts_and_licence(book: Any,
                                                               card: dict[str, Any]) -> None:
    sheet = book["Scorecard"]
    assert sheet["A1"].value == ("Royal Borough of Kingsbridge - Children's Services: "
                                 "workforce scorecard")
    assert sheet["A2"].value.startswith("As at 30 Sep 2025 (the last month-end")
    assert "not measured: 3" in sheet["A4"].value
    assert sheet["A5"].value == card["attribution"]


def test_status_cells_have_the_word_and_the_colour(book: Any) -> None:
    sheet = book["Scorecard"]
    status = _columns(sheet)["Status"]
    rows = _target_rows(sheet)
    fills = {}
    for target, n in rows.items():
        cell = sheet.cell(row=n, column=status)
        fills[cell.value] = cell.fill.fgColor.rgb[-6:]
        assert target
    assert fills == {"red": "FFC7CE", "amber": "FFEB9C", "green": "C6EFCE",
                     "no data": "E7E6E6", "not measured": "F2F2F2"}
    assert sheet.cell(row=rows["agency_rate_max_20"], column=status).font.color.rgb[-6:] == \
        "9C0006"


def test_values_are_unrounded_numbers_shown_as_dfe_rounds_them(book: Any) -> None:
    sheet = book["Scorecard"]
    columns, rows = _columns(sheet), _target_rows(sheet)

    def cell(target: str, heading: str) -> Any:
        return sheet.cell(row=rows[target], column=columns[heading])

    assert cell("agency_rate_max_20", "Value").value == pytest.approx(35.21752641392169)
    assert cell("agency_rate_max_20", "Value").number_format == '0.0"%"'
    assert cell("caseload_at_most_18", "Value").number_format == "0.0"
    assert cell("starters_min_35", "Value").number_format == "0"
    assert cell("permanent_up_10pct", "Previous").value == 254
    assert cell("permanent_up_10pct", "Previous").number_format == "0"
    assert cell("agency_rate_max_20", "Denominator").number_format == "0.0"
    assert cell("agency_rate_max_20", "Due").value == dt.datetime(2026, 3, 31)
    assert cell("sickness_days_max_8", "Value").value is None


def test_formula_looking_text_is_stored_as_text(book: Any) -> None:
    sheet = book["Scorecard"]
    columns, rows = _columns(sheet), _target_rows(sheet)
    goal = sheet.cell(row=rows["exit_interviews_all"], column=columns["Goal"])
    assert (goal.value, goal.data_type) == ("= 100%", "s")
    label = sheet.cell(row=rows["permanent_up_10pct"], column=columns["Label"])
    assert (label.value, label.data_type) == ("+10% permanent social workers", "s")


def test_an_equals_sign_label_never_becomes_a_formula(card: dict[str, Any]) -> None:
    card["rows"][0]["label"] = "=HYPERLINK(\"x\",\"y\")"
    raw = to_xlsx(card)
    with zipfile.ZipFile(io.BytesIO(raw)) as archive:
        assert b"<f>" not in archive.read("xl/worksheets/sheet1.xml")
    sheet = load_workbook(io.BytesIO(raw))["Scorecard"]
    cell = sheet.cell(row=HEADER + 1, column=_columns(sheet)["Label"])
    assert (cell.value, cell.data_type) == ("=HYPERLINK(\"x\",\"y\")", "s")


def test_benchmarks_definitions_and_data_quality(book: Any) -> None:
    bench = book["Benchmarks"]
    assert [c.value for c in bench[1]] == ["Target", "Label", "KPI", "Scope", "Unit", "Value",
                                           "Status", "Benchmark", "Benchmark value"]
    assert bench.max_row == 1 + 20  # one row per measured target and benchmark
    assert [c.value for c in bench[2]][7:] == ["Kingsbridge, DfE 2025", 34.1]
    assert bench["I2"].number_format == '0.0"%"'
    definitions = book["Definitions"]
    assert definitions["A2"].value == "agency_rate_fte"
    assert definitions["E2"].value.startswith("agency_fte / (agency_fte + inpost_fte) × 100.")
    quality = [[c.value for c in row] for row in book["Data quality"].iter_rows()]
    assert quality[3][:2] == ["Verdict", "VALID"]
    assert ["workers", "sample_data/kingsbridge_childrens/hr export.xlsx", "Staff", 482, 2,
            480, None] in [r[:7] for r in quality]  # no count of rows naming a worker
    assert ["dfe:everyone:turnover_rate_fte", "internal-move", 2] in [r[:3] for r in quality]


def test_two_renders_are_byte_identical_and_dated_by_the_card(card: dict[str, Any]) -> None:
    first, second = to_xlsx(card), to_xlsx(card)
    assert first == second
    with zipfile.ZipFile(io.BytesIO(first)) as archive:
        assert {info.date_time for info in archive.infolist()} == {(1980, 1, 1, 0, 0, 0)}
        names = archive.namelist()
    assert names[0] == "[Content_Types].xml" and names[1:] == sorted(names[1:])
    properties = load_workbook(io.BytesIO(first)).properties
    assert properties.created == properties.modified == dt.datetime(2025, 9, 30)


def test_groups_and_an_inferred_scope(book: Any) -> None:
    """One row per group of the target judged team by team, coloured like the targets; the
    scope shows when it is a reading of the strategy's words."""
    groups = [[c.value for c in row] for row in book["Groups"].iter_rows()]
    assert groups[0] == ["Target", "Label", "By", "Group", "People", "Value", "Previous",
                         "Status", "Why"]
    assert [row[3:8] for row in groups[1:]] == [
        ["Assessment", 14, 17.26, None, "green"],
        ["Children & Families <East>", 17, 16.5, None, "green"],
        ["Court | Legal", 3, None, None, "not judged"]]
    assert book["Groups"]["F2"].number_format == "0.0"  # cases per FTE, as the target's value
    assert book["Groups"]["H4"].fill.fgColor.rgb[-6:] == "F2F2F2"
    sheet = book["Scorecard"]
    scope = sheet.cell(row=_target_rows(sheet)["agency_rate_outer_london"],
                       column=_columns(sheet)["Scope"])
    assert scope.value == "qualified_social_workers, scope inferred"
