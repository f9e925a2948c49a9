"""The KPI report (``wfkpi report`` without ``--council``) in every format: one row per KPI (per
group and KPI with ``--by``), a missing value shown as no data with its reason and never as 0,
text from the data escaped for each format, and the same report giving the same bytes."""

from __future__ import annotations

import copy
import csv
import datetime as dt
import io
import re
from html.parser import HTMLParser
from pathlib import Path
from typing import Any

import pytest
from openpyxl import load_workbook
from rich.console import Console

from wfkpi.app import report as app_report
from wfkpi.render.formats import REPORT_FORMATS
from wfkpi.render.report import FORMATS
from wfkpi.render.report.csv import FIELDS

SMALL = Path(__file__).resolve().parents[1] / "fixtures" / "report_small"
# team names a spreadsheet would run, a browser would read as a tag, Markdown as a link
HOSTILE = ["=HYPERLINK(\"http://x\")", "<b>Care & Support | East</b> [link](http://x)"]


@pytest.fixture(scope="module")
def plain() -> dict[str, Any]:
    data = app_report.report(SMALL, as_at=dt.date(2025, 9, 30), method="lg").to_dict()
    return {**data, "path": "report_small"}


@pytest.fixture(scope="module")
def grouped() -> dict[str, Any]:
    data = app_report.report(SMALL, as_at=dt.date(2025, 9, 30), by="team").to_dict()
    data = {**copy.deepcopy(data), "path": "report_small"}
    for group, name in zip(data["report"]["groups"], HOSTILE, strict=False):
        group["group"] = name
    return data


def draw(name: str, data: dict[str, Any], width: int = 120) -> str | bytes:
    shape = FORMATS[name]
    if not shape.terminal:
        return shape.render(data)
    console = Console(record=True, width=width, file=io.StringIO())
    shape.render(data, console)
    return console.export_text()


@pytest.mark.parametrize("name", REPORT_FORMATS)
def test_every_format_gives_the_same_output_for_the_same_report(
        name: str, grouped: dict[str, Any]) -> None:
    out = draw(name, grouped)
    assert isinstance(out, bytes) == FORMATS[name].binary
    assert out == draw(name, copy.deepcopy(grouped))


def test_json_is_the_contract_alone(plain: dict[str, Any]) -> None:
    assert FORMATS["json"].render(plain).startswith('{\n  "schema_version": 1,\n  "as_at"')


# --------------------------------------------------------------------------- csv

def test_csv_one_row_per_kpi_figures_unrounded_missing_blank_with_its_reason(
        plain: dict[str, Any]) -> None:
    rows = list(csv.DictReader(io.StringIO(FORMATS["csv"].render(plain))))
    assert tuple(rows[0]) == FIELDS
    assert [r["kpi"] for r in rows] == list(plain["report"]["kpis"])
    by_id = {r["kpi"]: r for r in rows}
    assert by_id["turnover_rate_headcount"]["value"] == "33.333333333333336"
    assert by_id["sickness_days_per_fte"]["set_aside"] == (
        "absence-not-directly-employed=1; absence-not-sickness=1")
    training = by_id["training_days_share"]
    assert (training["value"], training["numerator"], training["note"], training["method"]) == (
        "", "", "no training table", "lg")
    assert all(r["by"] == r["group"] == "" for r in rows)


def test_csv_by_group_defuses_names_a_spreadsheet_would_run(grouped: dict[str, Any]) -> None:
    text = FORMATS["csv"].render(grouped)
    rows = list(csv.DictReader(io.StringIO(text)))
    kpis = len(grouped["report"]["kpis"])
    assert len(rows) == 3 * kpis
    assert rows[0]["group"] == "'=HYPERLINK(\"http://x\")"
    assert rows[kpis]["group"] == HOSTILE[1]
    assert (rows[-1]["group"], rows[-1]["total"], rows[-1]["headcount"]) == ("Total", "true", "5")
    assert not any(r["value"] == "0" and r["note"] for r in rows)


# --------------------------------------------------------------------------- markdown

def test_markdown_shows_no_data_and_why_in_the_same_row(plain: dict[str, Any]) -> None:
    text = FORMATS["markdown"].render(plain)
    assert text.startswith("# KPIs: report_small: method lg, scope everyone\n")
    row = next(line for line in text.splitlines() if line.startswith("| `training_days_share`"))
    assert row.split(" | ")[2:] == ["*no data*", "", "", "0", "", "no training table |"]


def test_markdown_escapes_names_from_the_data(grouped: dict[str, Any]) -> None:
    text = FORMATS["markdown"].render(grouped)
    assert "### \\<b>Care & Support \\| East\\</b> \\[link\\](http://x): 3 people" in text
    assert "<b>" not in text.replace("\\<b>", "")
    # every table row has the same number of cells: no name splits one
    assert {line.count(" | ") - line.count("\\|") for line in text.splitlines()
            if line.startswith("| `")} == {7}


# --------------------------------------------------------------------------- html

class _Page(HTMLParser):
    def __init__(self) -> None:
        super().__init__()
        self.tags: list[str] = []
        self.open: list[str] = []
        self.text: list[str] = []

    def handle_starttag(self, tag: str, attrs: list[tuple[str, str | None]]) -> None:
        self.tags.append(tag)
        if tag not in ("meta", "col", "br", "link"):
            self.open.append(tag)

    def handle_endtag(self, tag: str) -> None:
        assert self.open.pop() == tag

    def handle_data(self, data: str) -> None:
        self.text.append(data)


def test_html_is_one_well_formed_page_fetching_nothing(grouped: dict[str, Any]) -> None:
    page = FORMATS["html"].render(grouped)
    parser = _Page()
    parser.feed(page)
    assert parser.open == []
    assert not {"script", "img", "link", "iframe", "b"} & set(parser.tags)
    assert "default-src 'none'" in page
    assert HOSTILE[1] in "".join(parser.text)  # shown as written, never as markup
    assert "&lt;b&gt;Care &amp; Support | East&lt;/b&gt;" in page


def test_html_missing_value_is_a_no_data_badge_with_its_reason(plain: dict[str, Any]) -> None:
    page = FORMATS["html"].render(plain)
    row = next(line for line in page.splitlines() if "<code>training_days_share</code>" in line)
    assert "no data</span>" in row and "no training table" in row
    assert re.search(r'<td class="n"><span class="value">0', row) is None


# --------------------------------------------------------------------------- xlsx

def test_xlsx_sheets_rates_as_true_percentages_and_no_data_never_0(
        grouped: dict[str, Any], tmp_path: Path) -> None:
    raw = FORMATS["xlsx"].render(grouped)
    (tmp_path / "r.xlsx").write_bytes(raw)
    book = load_workbook(tmp_path / "r.xlsx")
    assert book.sheetnames == ["KPIs", "Groups", "Data quality"]
    sheet = book["KPIs"]
    assert sheet["A1"].value == "KPIs: report_small: method dfe, scope everyone"
    assert [c.value for c in sheet[5]][:4] == ["KPI", "Label", "Value", "Unit"]
    assert sheet.freeze_panes == "B6"
    rows = {row[0].value: row for row in sheet.iter_rows(min_row=6)}
    turnover = rows["turnover_rate_fte"]
    assert turnover[2].value == pytest.approx(1 / 2.3)
    assert turnover[2].number_format == "0.0%"
    groups = book["Groups"]
    assert groups["B2"].value == HOSTILE[0] and groups["B2"].data_type == "s"
    missing = [row for row in groups.iter_rows(min_row=2, values_only=True)
               if row[3] == "agency_cover_rate_fte" and row[1] == HOSTILE[0]]
    assert [(row[5], row[11]) for row in missing] == [
        ("no data", "zero denominator: agency FTE in post is 0")]
    assert book.properties.created == dt.datetime(2025, 9, 30)


# --------------------------------------------------------------------------- terminal

@pytest.mark.parametrize("width", [80, 100, 200])
def test_terminal_fits_and_keeps_names_from_the_data_as_text(
        grouped: dict[str, Any], width: int) -> None:
    text = draw("table", grouped, width)
    assert isinstance(text, str)
    assert max(len(line.rstrip()) for line in text.splitlines()) <= width
    assert "=HYPERLINK" in text and "[link](http://x)" in " ".join(text.split())


@pytest.mark.parametrize("name", ["markdown", "html", "table"])
def test_a_control_character_in_a_name_is_written_out(name: str,
                                                     grouped: dict[str, Any]) -> None:
    """A team named with a terminal escape sequence cannot recolour a terminal the Markdown is
    printed on, nor make the page invalid HTML: it is shown as ``\\x1b``."""
    data = copy.deepcopy(grouped)
    data["report"]["groups"][0]["group"] = "East\x1b[31m"
    out = draw(name, data, width=200)
    assert "\x1b" not in out  # no raw ESC; written out (Markdown escapes its backslash too)
    assert "East\\x1b" in out.replace("\\\\", "\\")
