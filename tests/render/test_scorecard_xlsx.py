"""The Excel scorecard, read back with openpyxl."""

from __future__ import annotations

import datetime as dt
import io
import zipfile
from typing import Any
from xml.etree import ElementTree

import pytest
from openpyxl import load_workbook

from wfkpi.render.scorecard.xlsx import render as to_xlsx
from wfkpi.render.workbook import SMALLEST_PRINTED, goal_figure, printed_scale, range_bounds

HEADER = 6  # the title block takes rows 1 to 5
SHEETS = ["Summary", "Details", "Benchmarks", "Groups", "Definitions", "Data quality",
          "Chart data"]
C = "{http://schemas.openxmlformats.org/drawingml/2006/chart}"
A = "{http://schemas.openxmlformats.org/drawingml/2006/main}"


@pytest.fixture
def book(card: dict[str, Any]) -> Any:
    return load_workbook(io.BytesIO(to_xlsx(card)))


def _columns(sheet: Any, row: int = HEADER) -> dict[str, int]:
    return {cell.value: cell.column for cell in sheet[row] if cell.value}


def _target_rows(sheet: Any, card: dict[str, Any], header: int = HEADER) -> dict[str, int]:
    """Each target id's row: the Summary and the Details list the targets in the card's order."""
    return {row["target_id"]: n for n, row in enumerate(card["rows"], header + 1)}


def _cell(book: Any, card: dict[str, Any], sheet: str, target: str, heading: str) -> Any:
    header = HEADER if sheet == "Summary" else 1
    page = book[sheet]
    return page.cell(row=_target_rows(page, card, header)[target],
                     column=_columns(page, header)[heading])


def test_sheets_frozen_headers_and_filters(book: Any) -> None:
    assert book.sheetnames == SHEETS
    assert book["Summary"].freeze_panes == "A7"
    assert book["Summary"].auto_filter.ref == "A6:G18"
    assert book["Details"].freeze_panes == "A2"
    assert book["Details"].auto_filter.ref == "A1:J13"
    assert book["Benchmarks"].freeze_panes == "A2"
    assert book["Benchmarks"].auto_filter.ref == "A1:I21"
    assert book["Groups"].auto_filter.ref == "A1:I4"
    assert book["Definitions"].freeze_panes == "A2"


def test_title_block_names_the_council_date_counts_and_licence(book: Any,
                                                               card: dict[str, Any]) -> None:
    sheet = book["Summary"]
    assert sheet["A1"].value == ("Royal Borough of Kingsbridge - Children's Services: "
                                 "workforce scorecard")
    assert sheet["A2"].value.startswith("As at 30 Sep 2025 (the last month-end")
    assert "not measured: 3" in sheet["A4"].value
    assert sheet["A5"].value == card["attribution"]


def test_status_cells_have_the_word_and_the_colour(book: Any, card: dict[str, Any]) -> None:
    sheet = book["Summary"]
    status = _columns(sheet)["Status"]
    rows = _target_rows(sheet, card)
    fills = {}
    for row in card["rows"]:
        cell = sheet.cell(row=rows[row["target_id"]], column=status)
        assert cell.value == row["status"]
        fills[cell.value] = cell.fill.fgColor.rgb[-6:]
    assert fills == {"red": "FFC7CE", "amber": "FFEB9C", "green": "C6EFCE",
                     "no data": "E7E6E6", "not measured": "F2F2F2"}
    assert sheet.cell(row=rows["agency_rate_max_20"], column=status).font.color.rgb[-6:] == \
        "9C0006"


def test_values_are_unrounded_true_percentages_shown_as_dfe_rounds_them(
        book: Any, card: dict[str, Any]) -> None:
    def cell(sheet: str, target: str, heading: str) -> Any:
        return _cell(book, card, sheet, target, heading)

    value = cell("Summary", "agency_rate_max_20", "Value")
    assert value.value == pytest.approx(0.3521752641392169)  # 35.2%: a fraction, not 35.2
    assert value.number_format == "0.0%"
    assert cell("Details", "agency_rate_max_20", "Value").value == pytest.approx(0.35217526)
    assert cell("Details", "agency_rate_max_20", "Value").number_format == "0.0%"
    assert cell("Summary", "caseload_at_most_18", "Value").number_format == "0.0"
    assert cell("Summary", "starters_min_35", "Value").number_format == "0"
    assert cell("Summary", "permanent_up_10pct", "Last year").value == 254
    assert cell("Summary", "permanent_up_10pct", "Last year").number_format == "0"
    assert cell("Details", "agency_rate_max_20", "Numerator").value == 170
    assert cell("Details", "agency_rate_max_20", "Denominator").number_format == "0.0"
    assert cell("Summary", "agency_rate_max_20", "Due").value == dt.datetime(2026, 3, 31)
    assert book["Benchmarks"]["I2"].value == pytest.approx(0.341)


def test_a_target_without_data_is_empty_never_zero_and_says_why(book: Any,
                                                                  card: dict[str, Any]) -> None:
    assert _cell(book, card, "Summary", "sickness_days_max_8", "Value").value is None
    assert _cell(book, card, "Summary", "sickness_days_max_8", "Status").value == "no data"
    why = _cell(book, card, "Summary", "sickness_days_max_8", "Why").value
    assert why == "no absences table in the extract: add absences.csv"
    data = {row[2]: row for row in book["Chart data"].iter_rows(min_row=2, values_only=True)}
    name = "Working days lost per FTE: no data"
    assert data[name][3:] == (None, 8, None, why)  # no bar; the goal still drawn
    # a figure with nothing to compare it with is no data too: no bar
    (turnover,) = [row for key, row in data.items() if "percentage point" in key]
    assert turnover[2].endswith(": no data") and turnover[3] is None


def test_technical_columns_are_on_the_second_sheet(book: Any, card: dict[str, Any]) -> None:
    assert [c.value for c in book["Summary"][HEADER]] == ["Target", "Value", "Last year", "Goal",
                                                          "Due", "Status", "Why"]
    assert [c.value for c in book["Details"][1]] == [
        "Target", "KPI", "Method", "Scope", "Unit", "Value", "Numerator", "Denominator",
        "Rows set aside", "Note and source"]
    assert _cell(book, card, "Details", "agency_rate_max_20", "Target").value == \
        "Agency worker rate (FTE)\nagency_rate_max_20"
    assert _cell(book, card, "Details", "turnover_below_15", "Rows set aside").value == 6
    assert _cell(book, card, "Details", "agency_rate_outer_london", "Rows set aside").value == 3
    assert _cell(book, card, "Details", "staff_survey", "Rows set aside").value is None
    note = _cell(book, card, "Details", "agency_rate_max_20", "Note and source").value
    assert note.startswith("The strategy counts all staff, not only social workers.\nSource: "
                           "kingsbridge-childrens-workforce-strategy-2023-2026.txt, 5. Measures")
    assert note.endswith("no higher than our neighbours'”")


def test_every_sheet_prints_a4_landscape_one_page_wide_at_a_readable_size(book: Any) -> None:
    for sheet in book:
        setup = sheet.page_setup
        assert (setup.orientation, int(setup.paperSize)) == ("landscape", 9)  # 9: A4
        assert sheet.sheet_properties.pageSetUpPr.fitToPage
        assert (setup.fitToWidth, setup.fitToHeight) == (1, 0), sheet.title
        # the width it is shrunk to keeps 11 pt text at 9 pt or more, and no cell is smaller
        assert 11 * printed_scale(sheet) >= SMALLEST_PRINTED, sheet.title
        sizes = {cell.font.sz for row in sheet.iter_rows() for cell in row if cell.value}
        assert min(sizes) >= 11, sheet.title
    for name in ("Summary", "Details", "Benchmarks", "Groups", "Definitions", "Chart data"):
        header = "6" if name == "Summary" else "1"
        assert book[name].print_title_rows == f"${header}:${header}"


def test_wrapped_text_is_never_clipped(book: Any) -> None:
    """Every long text wraps, and its row is at least as tall as its lines at 15 pt each."""
    for sheet in book:
        for row in sheet.iter_rows():
            for cell in row:
                if not isinstance(cell.value, str) or cell.coordinate in sheet.merged_cells:
                    continue
                width = sheet.column_dimensions[cell.column_letter].width
                if len(cell.value) > width:
                    assert cell.alignment.wrap_text, (sheet.title, cell.coordinate)
                    lines = cell.value.count("\n") + len(cell.value) // int(width * 1.3) + 1
                    if lines > 1:
                        height = sheet.row_dimensions[cell.row].height
                        assert height and height >= 14 * lines, (sheet.title, cell.coordinate)


def charts(raw: bytes) -> list[ElementTree.Element]:
    with zipfile.ZipFile(io.BytesIO(raw)) as archive:
        names = sorted(n for n in archive.namelist() if n.startswith("xl/charts/chart"))
        return [ElementTree.fromstring(archive.read(name)) for name in names]


def test_summary_has_a_bar_chart_per_unit_of_value_against_goal(card: dict[str, Any]) -> None:
    raw = to_xlsx(card)
    book = load_workbook(io.BytesIO(raw))
    assert len(book["Summary"]._charts) == 4  # on the first sheet
    found = charts(raw)
    titles = ["".join(t.text for t in c.find(f"{C}chart/{C}title").iter(f"{A}t"))
              for c in found]
    assert titles == ["Value against goal: rates and shares (%)",
                      "Value against goal: cases per FTE", "Value against goal: people",
                      "Value against goal: days per FTE"]
    assert len(set(titles)) == len(titles)
    rates = found[0].find(f".//{C}barChart")
    assert rates.find(f"{C}barDir").get("val") == "bar"
    series = rates.findall(f"{C}ser")
    assert [s.findtext(f"{C}tx/{C}v") for s in series] == ["Value", "Goal"]
    assert [s.findtext(f"{C}val/{C}numRef/{C}f") for s in series] == [
        "'Chart data'!$D$2:$D$6", "'Chart data'!$E$2:$E$6"]
    assert series[0].findtext(f"{C}cat/{C}strRef/{C}f") == "'Chart data'!$C$2:$C$6"
    data = book["Chart data"]
    assert data["D2"].value == pytest.approx(0.3521752641392169)  # 35.2% as a fraction
    assert (data["E2"].value, data["E2"].number_format) == (0.2, "0.0%")
    assert data["E3"].value is None  # a benchmark with no figure in the card: no goal bar
    assert found[0].find(f".//{C}dispBlanksAs").get("val") == "gap"


def test_a_range_goal_is_drawn_as_its_two_ends(card: dict[str, Any]) -> None:
    card["rows"][5].update(target="30 to 40 starters per year", status="green")
    raw = to_xlsx(card)
    people = charts(raw)[2].find(f".//{C}barChart")
    assert [s.findtext(f"{C}tx/{C}v") for s in people.findall(f"{C}ser")] == [
        "Value", "Goal, or a range's lower end", "A range's upper end"]
    row = next(r for r in load_workbook(io.BytesIO(raw))["Chart data"].iter_rows(
        values_only=True) if r[2] == "Starters in the year")
    assert row[3:6] == (33, 30, 40)


@pytest.mark.parametrize(("goal", "fields", "figure"), [
    ("<= 20%", {}, 20.0),
    ("< 15%", {}, 15.0),
    (">= 35 starters per year", {}, 35.0),
    ("<= 15 cases per case-holding FTE, in each of 6 named teams", {}, 15.0),
    ("at or below Inner London", {"benchmark_value": 17.3}, 17.3),
    ("at or below Inner London", {}, None),
    ("lower than the previous year", {"previous": 182.0}, 182.0),
    ("15% higher than the previous year or more", {"previous": 200.0, "unit": "people"}, 230.0),
    ("2% lower than the previous year or more", {"previous": 20.0, "unit": "%"}, None),
    ("15 to 20 ASYE starters per year", {}, None),
    ("no figure: see the quote", {}, None),
])
def test_goal_figure(goal: str, fields: dict[str, Any], figure: float | None) -> None:
    assert goal_figure({"target": goal, **fields}) == pytest.approx(figure)


@pytest.mark.parametrize(("goal", "bounds"), [
    ("15 to 20 ASYE starters per year", (15.0, 20.0)),
    ("0.8 to 1.25 ratio", (0.8, 1.25)),
    ("-15 to 15 percent change on previous years", None),  # bounds the change, not the figure
    ("<= 20%", None),
    (None, None),
])
def test_range_bounds(goal: str | None, bounds: tuple[float, float] | None) -> None:
    assert range_bounds(goal) == bounds


def test_formula_looking_text_is_stored_as_text(book: Any, card: dict[str, Any]) -> None:
    goal = _cell(book, card, "Summary", "exit_interviews_all", "Goal")
    assert (goal.value, goal.data_type) == ("= 100%", "s")
    label = _cell(book, card, "Summary", "permanent_up_10pct", "Target")
    assert (label.value, label.data_type) == ("+10% permanent social workers", "s")


def test_an_equals_sign_label_never_becomes_a_formula(card: dict[str, Any]) -> None:
    card["rows"][0]["label"] = "=HYPERLINK(\"x\",\"y\")"
    raw = to_xlsx(card)
    with zipfile.ZipFile(io.BytesIO(raw)) as archive:
        for name in archive.namelist():
            if name.startswith("xl/worksheets/sheet"):
                assert b"<f>" not in archive.read(name)
    sheet = load_workbook(io.BytesIO(raw))["Summary"]
    cell = sheet.cell(row=HEADER + 1, column=_columns(sheet)["Target"])
    assert (cell.value, cell.data_type) == ("=HYPERLINK(\"x\",\"y\")", "s")


def test_benchmarks_definitions_and_data_quality(book: Any) -> None:
    bench = book["Benchmarks"]
    assert [c.value for c in bench[1]] == ["Target", "Label", "KPI", "Scope", "Unit", "Value",
                                           "Status", "Benchmark", "Benchmark value"]
    assert bench.max_row == 1 + 20  # one row per measured target and benchmark
    assert [c.value for c in bench[2]][7:] == ["Kingsbridge, DfE 2025", 0.341]
    assert bench["I2"].number_format == "0.0%"
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


def test_groups_and_an_inferred_scope(book: Any, card: dict[str, Any]) -> None:
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
    scope = _cell(book, card, "Details", "agency_rate_outer_london", "Scope")
    assert scope.value == "qualified_social_workers, scope inferred"
