"""``wfkpi explain``'s formats on small hand-made bridges (tests/render/bridge_data.py): the parts
shown add up to the change shown in every format, names from the data are escaped or defused, a
bridge without parts says why (never a zero), the workbook's waterfall is a stacked column chart
with an invisible base, and the trend's page shows the same bridges."""

from __future__ import annotations

import csv
import io
import json
import re
import zipfile
from html.parser import HTMLParser
from typing import Any
from xml.etree import ElementTree

import pytest
from openpyxl import load_workbook
from openpyxl.chart import BarChart
from rich.console import Console
from tests.render.bridge_data import (
    FORMULA,
    MARKUP,
    PIPES,
    SCRIPT,
    crossing,
    falling,
    note_only,
    trend,
)

from wfkpi.render import explain, formats
from wfkpi.render.explain import csv as explain_csv
from wfkpi.render.explain import html as explain_html
from wfkpi.render.explain import json as explain_json
from wfkpi.render.explain import markdown as explain_markdown
from wfkpi.render.explain import terminal as explain_terminal
from wfkpi.render.explain import xlsx as explain_xlsx
from wfkpi.render.trend import html as trend_html
from wfkpi.render.trend import json as trend_json

C = "{http://schemas.openxmlformats.org/drawingml/2006/chart}"
A = "{http://schemas.openxmlformats.org/drawingml/2006/main}"
SVG = ""  # inline SVG in a page: no namespace declared, so the tags are plain
SIGNED = re.compile(r"^([+−]?)(\d+\.\d\d)(?: pp)?$")


def number(text: str) -> int:
    """``−0.61`` → -61 (hundredths): a figure as shown, read back."""
    match = SIGNED.match(text.strip())
    assert match, text
    value = round(float(match[2]) * 100)
    return -value if match[1] == "−" else value


def table(data: dict[str, Any], width: int = 100) -> str:
    console = Console(record=True, width=width, file=io.StringIO())
    explain_terminal.render(data, console)
    return console.export_text()


# ----------------------------------------------------------------------------- the registry

def test_the_registry_holds_the_named_formats() -> None:
    assert tuple(explain.FORMATS) == formats.EXPLAIN_FORMATS
    assert [n for n, s in explain.FORMATS.items() if s.terminal] == ["table"]
    assert [n for n, s in explain.FORMATS.items() if s.binary] == ["xlsx"]


@pytest.mark.parametrize("name", [n for n in formats.EXPLAIN_FORMATS if n != "table"])
@pytest.mark.parametrize("make", [crossing, falling, note_only])
def test_the_same_bridge_gives_the_same_output(name: str, make: Any) -> None:
    shape = explain.FORMATS[name]
    first, second = shape.render(make()), shape.render(make())
    assert first == second and len(first) > 200
    assert isinstance(first, bytes) == shape.binary


# ----------------------------------------------------------------------------- the table

def _rows(text: str) -> dict[str, list[str]]:
    """The table's rows by their first cell: the cells, stripped."""
    rows = {}
    for line in text.splitlines():
        if "│" in line:
            cells = [cell.strip() for cell in line.split("│")]
            rows.setdefault(cells[0], cells[1:])
    return rows


def test_the_table_shows_each_part_adding_up_to_the_change() -> None:
    text = table(crossing())
    assert "Turnover rate (FTE): 1.00% at 30 Sep 2024 → 3.40% at 30 Sep 2025, +2.40 pp" in text
    lines = text.splitlines()
    part_table = "\n".join(lines[:next(i for i, line in enumerate(lines)
                                      if "Teams that moved it most" in line)])
    rows = _rows(part_table)
    parts = [rows[name][-1] for name in (FORMULA, SCRIPT, MARKUP, PIPES)]
    assert parts == ["−3.00", "+1.50", "+4.20", "−0.30"]  # alone: -3.00, 1.50, 4.21, -0.30
    assert sum(map(number, parts)) == number(rows["Change"][-1]) == 240
    assert rows["30 Sep 2024"] == ["2.0 FTE", "200.0 FTE", "1.00%"]
    assert rows[FORMULA][:2] == ["−6.0 FTE", "·"]
    assert rows["Change"][:2] == ["+4.8 FTE", "0.0 FTE"]


def test_the_table_names_the_ten_teams_that_moved_it_most_and_combines_the_rest() -> None:
    text = table(crossing())
    teams = _rows(text[text.index("Teams that moved it most"):])
    assert "2 other teams" in teams and "Tiny team A" not in text and "Tiny team B" not in text
    shown = [cells[-1] for name, cells in teams.items() if name not in ("Team", "", "Change")]
    assert len(shown) == 12  # ten teams, the two others, what no team holds
    assert sum(map(number, shown)) == number(teams["Change"][-1]) == 240
    assert "0.92 FTE per worker in post; 0.94 FTE per leaver" in " ".join(text.split())
    assert "[red]Team[/red]" in text and "=1+2" in text


def test_the_table_shows_markup_from_the_data_as_it_is() -> None:
    text = table(crossing())
    assert MARKUP in text and "x[/]" in text  # not bold, not swallowed
    assert FORMULA in text and SCRIPT in text and PIPES in text


def test_a_bridge_without_parts_says_why_and_shows_no_zero() -> None:
    text = table(note_only())
    assert "no bridge: no figure at the earlier date: no vacancies table" in text
    assert "no figure at 30 Sep 2024 → 12.50% at 30 Sep 2025" in text
    assert "Contribution" not in text and "0.00" not in text and "Teams" not in text


def test_a_falling_caseload_in_cases_and_fte() -> None:
    text = table(falling())
    rows = _rows(text)
    assert rows["cases held"] == ["−19 cases", "·", "−0.91"]
    assert rows["case-holding FTE"] == ["·", "+2.0 FTE", "−1.59"]
    assert rows["Change"] == ["−19 cases", "+2.0 FTE", "−2.50"]
    assert "Read with care: `cases` holds the counts" in text
    assert "(cases per FTE)" in text


@pytest.mark.parametrize("width", [80, 120])
def test_the_table_fits_the_terminal(width: int) -> None:
    data = crossing()
    data["bridge"]["parts"][0]["name"] = "a part with a very long name " * 4
    text = table(data, width)
    assert max(len(line.rstrip()) for line in text.splitlines()) <= width
    assert "a part with a very long" in text


# ----------------------------------------------------------------------------- json and csv

def test_json_is_the_dict_as_it_is() -> None:
    data = crossing()
    text = explain_json.render(data)
    assert json.loads(text) == data and text.endswith("}\n")


def test_csv_has_a_row_per_part_and_group_figures_unrounded_and_formulas_defused() -> None:
    rows = list(csv.DictReader(io.StringIO(explain_csv.render(crossing()))))
    sections = [row["section"] for row in rows]
    assert sections == ["before", *["part"] * 4, "after", "change", *["group"] * 13,
                        "valued", "valued"]
    parts = [row for row in rows if row["section"] == "part"]
    assert parts[0]["name"] == "'" + FORMULA and parts[0]["kind"] == "numerator"
    assert [row["name"] for row in parts[1:]] == [SCRIPT, MARKUP, PIPES]
    assert float(parts[2]["points"]) == 4.2065  # unrounded
    change = next(row for row in rows if row["section"] == "change")
    assert sum(float(row["points"]) for row in parts) == pytest.approx(float(change["points"]))
    assert (change["numerator"], change["denominator"]) == ("4.8", "0.0")
    groups = [row for row in rows if row["section"] == "group"]
    assert "Tiny team A" in [row["name"] for row in groups]  # the figures, all of them
    note = list(csv.DictReader(io.StringIO(explain_csv.render(note_only()))))
    assert [row["section"] for row in note] == ["before", "after", "change"]
    assert note[2]["note"].startswith("no figure at the earlier date") and note[2]["value"] == ""
    caution = list(csv.DictReader(io.StringIO(explain_csv.render(falling()))))[-1]
    assert caution["section"] == "caution"
    assert caution["note"] == "`cases` holds the counts at the extract's own date."


# ----------------------------------------------------------------------------- markdown

def test_markdown_escapes_names_and_adds_up() -> None:
    text = explain_markdown.render(crossing())
    assert "\\<script>alert(1)\\</script>" in text
    assert not re.search(r"(?<!\\)<(script|b)\b", text)
    assert "\\[bold\\]x\\[/\\]" in text and "\\|pipe\\|" in text
    rows = [line for line in text.splitlines() if line.startswith("| ")]
    cells = [[c.strip() for c in re.split(r"(?<!\\)\|", line)[1:-1]] for line in rows]
    assert {len(row) for row in cells} == {5}  # an escaped pipe splits no cell
    shown = [row[-1] for row in cells[2:6]]
    assert shown == ["−3.00", "+1.50", "+4.20", "−0.30"]
    assert cells[5][0] == "\\|pipe\\|" and sum(map(number, shown)) == 240
    assert "| **Change** |  | +4.8 FTE | 0.0 FTE | **+2.40** |" in text
    note = explain_markdown.render(note_only())
    assert "**no bridge: no figure at the earlier date: no vacancies table**" in note
    assert "| Part |" not in note


# ----------------------------------------------------------------------------- the workbook

def test_the_workbook_has_the_figures_and_a_stacked_waterfall() -> None:
    raw = explain_xlsx.render(crossing())
    book = load_workbook(io.BytesIO(raw))
    assert book.sheetnames == ["Bridge", "Waterfall", "Chart data"]
    sheet = book["Bridge"]
    names = {sheet.cell(row=r, column=1).value: r for r in range(sheet.max_row, 0, -1)}
    formula = sheet.cell(row=names[FORMULA], column=1)
    assert formula.data_type == "s" and formula.value == FORMULA  # text, never a formula
    shown = [sheet.cell(row=names[n], column=6).value for n in (FORMULA, SCRIPT, MARKUP, PIPES)]
    assert shown == [-3.0, 1.5, 4.2, -0.3]
    assert round(sum(shown), 2) == sheet.cell(row=names["Change"], column=6).value == 2.4
    assert sheet.cell(row=names["30 Sep 2024"], column=5).value == 0.01  # 1.00%, a true %
    charts = book["Waterfall"]._charts
    assert len(charts) == 2  # the parts, and the teams
    chart = charts[0]
    assert isinstance(chart, BarChart) and chart.type == "col"
    assert chart.grouping == "stacked" and chart.overlap == 100
    base = chart.series[0]
    assert base.graphicalProperties.noFill and base.graphicalProperties.line.noFill
    assert all(not s.graphicalProperties.noFill for s in chart.series[1:])
    data = book["Chart data"]
    assert data.cell(row=4, column=1).data_type == "s" and data.cell(row=4, column=1).value \
        == FORMULA
    team = sheet.cell(row=names["=1+2"], column=1)
    assert team.data_type == "s" and sheet.cell(row=names["=1+2"], column=6).value == 1.2


def _chart_xml(raw: bytes, n: int = 1) -> ElementTree.Element:
    with zipfile.ZipFile(io.BytesIO(raw)) as archive:
        return ElementTree.fromstring(archive.read(f"xl/charts/chart{n}.xml"))


def test_the_waterfalls_figures_are_the_ones_shown_and_the_base_is_invisible() -> None:
    root = _chart_xml(explain_xlsx.render(crossing()))
    bar = root.find(f".//{C}barChart")
    assert bar.find(f"{C}grouping").get("val") == "stacked"
    assert bar.find(f"{C}overlap").get("val") == "100"
    series = bar.findall(f"{C}ser")
    assert [s.find(f"{C}tx/{C}v").text for s in series] == list(explain_xlsx.SERIES)
    base = series[0].find(f"{C}spPr")
    assert base.find(f"{A}noFill") is not None and base.find(f"{A}ln/{A}noFill") is not None
    assert series[0].find(f"{C}dLbls") is None
    labels = {}
    for s in series[1:]:
        for label in s.findall(f"{C}dLbls/{C}dLbl"):
            code = label.find(f"{C}numFmt")
            assert code.get("sourceLinked") == "0"
            labels[int(label.find(f"{C}idx").get("val"))] = code.get("formatCode").strip('"')
    assert labels == {0: "1.00%", 1: "−3.00 pp", 2: "+1.50 pp", 3: "+4.20 pp", 4: "−0.30 pp",
                      5: "3.40%"}  # one figure per bar, across zero too
    legend = {int(e.find(f"{C}idx").get("val")) for e in root.findall(f".//{C}legendEntry")}
    assert legend == {explain_xlsx.BASE, explain_xlsx.UP_BELOW, explain_xlsx.DOWN_BELOW}


def test_the_chart_data_stacks_across_zero() -> None:
    book = load_workbook(io.BytesIO(explain_xlsx.render(crossing())))
    data = book["Chart data"]
    rows = [[data.cell(row=r, column=c).value for c in range(1, 9)] for r in range(3, 9)]
    # 1% → −2% → −0.5% → 3.7% → 3.4%, as fractions: a fall across zero is a piece each side
    assert rows[1][1:7] == [None, None, 0.01, None, -0.02, None]
    assert rows[2][1:7] == [-0.005, None, None, -0.015, None, None]  # hangs from −0.5%
    assert rows[3][1:7] == [None, 0.037, None, -0.005, None, None]
    assert rows[4][1:7] == [0.034, None, 0.003, None, None, None]
    assert rows[5][6] == 0.034 and rows[5][7] == "3.40%"


def test_a_cut_axis_says_so_in_the_title() -> None:
    root = _chart_xml(explain_xlsx.render(falling()))
    title = "".join(t.text for t in root.find(f"{C}chart/{C}title").iter(f"{A}t"))
    assert "the axis starts at" in title
    scaling = root.find(f".//{C}valAx/{C}scaling")
    assert 0 < float(scaling.find(f"{C}min").get("val")) <= 15.5


def test_a_bridge_without_parts_is_a_workbook_that_says_why() -> None:
    book = load_workbook(io.BytesIO(explain_xlsx.render(note_only())))
    assert book.sheetnames == ["Bridge"]
    values = [c.value for row in book["Bridge"].iter_rows() for c in row if c.value]
    assert "no bridge: no figure at the earlier date: no vacancies table" in values
    assert 0 not in values


# ----------------------------------------------------------------------------- the web page

class Page(HTMLParser):
    """The tags of a page, the rects of each waterfall, and the cells of each table."""

    def __init__(self) -> None:
        super().__init__()
        self.tags: list[str] = []
        self.waterfalls: list[list[str]] = []
        self.cells: list[list[str]] = []
        self._in_svg = False
        self._cell: str | None = None

    def handle_starttag(self, tag: str, attrs: list) -> None:
        self.tags.append(tag)
        found = dict(attrs)
        if tag == "svg" and found.get("class") == "waterfall":
            self.waterfalls.append([])
            self._in_svg = True
        elif tag == "rect" and self._in_svg:
            self.waterfalls[-1].append(found["class"])
        elif tag == "tr":
            self.cells.append([])
        elif tag in ("td", "th"):
            self._cell = ""

    def handle_endtag(self, tag: str) -> None:
        if tag == "svg":
            self._in_svg = False
        elif tag in ("td", "th") and self._cell is not None:
            self.cells[-1].append(self._cell)
            self._cell = None

    def handle_data(self, data: str) -> None:
        if self._cell is not None:
            self._cell += data


def parse(text: str) -> Page:
    page = Page()
    page.feed(text)
    return page


def test_the_page_has_a_waterfall_of_the_parts_and_of_the_teams() -> None:
    text = explain_html.render(crossing())
    page = parse(text)
    assert "script" not in page.tags and "&lt;script&gt;alert(1)&lt;/script&gt;" in text
    assert len(page.waterfalls) == 2
    parts, teams = page.waterfalls
    assert parts == ["bar total", "bar down", "bar up", "bar up", "bar down", "bar total"]
    assert len(teams) == 12 + 2 and teams[0] == teams[-1] == "bar total"
    rows = {row[0]: row[1:] for row in page.cells if row}
    shown = [rows[name][-1] for name in (FORMULA, SCRIPT, MARKUP, PIPES)]
    assert sum(map(number, shown)) == number(rows["Change"][-1]) == 240
    assert rows[MARKUP] == ["numerator", "+8.4 FTE", "", "+4.20"]
    assert "2 other teams" in rows and "Tiny team A" not in text
    assert rows["[red]Team[/red]"][-1] == "+0.80" and "Court | Legal" in rows
    assert "<b onclick" not in text and "&lt;b onclick=alert(1)&gt;Team&lt;/b&gt;" in text
    assert 'class="wf-key"' in text and "raises the rate" in text
    assert not re.search(r"(src|href)=", text) and "default-src 'none'" in text


def test_a_page_without_a_bridge_says_why() -> None:
    text = explain_html.render(note_only())
    page = parse(text)
    assert page.waterfalls == [] and "no bridge: no figure at the earlier date" in text
    assert "0.00" not in text


def test_a_caseloads_page_says_read_with_care() -> None:
    text = explain_html.render(falling())
    assert "Read with care:" in text and "cases per FTE" in text
    assert parse(text).waterfalls == [["bar total", "bar down", "bar down", "bar total"]]


# ----------------------------------------------------------------------------- the trend

def test_the_trend_page_shows_why_it_moved_when_the_trend_has_bridges() -> None:
    text = trend_html.render(trend())
    page = parse(text)
    assert "Why it moved" in text and "On the month: Aug 2025 to Sep 2025" in text
    assert len(page.waterfalls) == 1  # the turnover rate; the vacancy rate has no parts
    assert page.waterfalls[0] == ["bar total", "bar up", "bar down", "bar up", "bar total"]
    assert "no bridge: no figure at the earlier date: no vacancies table" in text
    assert "revisions: what the later extract says of the earlier date" in text
    assert "script" not in page.tags and "&lt;script&gt;" in text
    row = next(r for r in page.cells if r and r[0].startswith("Turnover rate (FTE)"))
    assert row[1:4] == ["20.00%", "18.00%", "−2.00 pp"]


@pytest.mark.parametrize("bridges", [None, []])
def test_the_trend_page_shows_nothing_without_bridges(bridges: list | None) -> None:
    data = trend(bridges=False)
    if bridges is not None:
        data["bridges"] = bridges
    text = trend_html.render(data)
    assert "Why it moved" not in text and 'class="waterfall"' not in text
    assert 'class="charts"' in text  # the month-by-month charts are still there


def test_the_trend_json_keeps_the_bridges() -> None:
    data = trend()
    assert json.loads(trend_json.render(data))["bridges"] == data["bridges"]
