"""The trend renderers on a tiny hand-made trend: sparklines, changes, the table, CSV, the
workbook's charts and the web page's SVG."""

from __future__ import annotations

import io
import json
import zipfile
from html.parser import HTMLParser
from xml.etree import ElementTree

import pytest
from openpyxl import load_workbook
from rich.console import Console

from wfkpi.render.trend import csv as trend_csv
from wfkpi.render.trend import html as trend_html
from wfkpi.render.trend import json as trend_json
from wfkpi.render.trend import terminal as trend_terminal
from wfkpi.render.trend import text as trend_text
from wfkpi.render.trend import xlsx as trend_xlsx

C = "{http://schemas.openxmlformats.org/drawingml/2006/chart}"
A = "{http://schemas.openxmlformats.org/drawingml/2006/main}"


def kpi(label: str, unit: str, value: float | None, numerator: float | None = None,
        denominator: float | None = None) -> dict:
    return {"label": label, "unit": unit, "value": value, "numerator": numerator,
            "denominator": denominator, "rows_used": 10, "set_aside": {},
            "note": None if value is not None else "no vacancies table"}


def quality(errors: int = 0, warnings: int = 1) -> dict:
    return {"input": {"verdict": "INVALID" if errors else "VALID", "errors": errors,
                      "warnings": warnings, "issues": {},
                      "tables": [{"table": "workers", "file": "w.csv", "sheet": None,
                                  "rows": 12, "set_aside": errors, "loaded": 12 - errors}]}}


def target(value: float | None, status: str, line: float | None, label: str = "Turnover",
           goal: str = "<= 15%") -> dict:
    return {"target_id": "turnover_max_15", "kpi": "turnover_rate_fte", "label": label,
            "method": "dfe", "scope": "qualified_social_workers", "unit": "%", "value": value,
            "numerator": None, "denominator": None, "previous": None, "target": goal,
            "due": "2026-03-31", "status": status, "status_note": "", "target_value": line}


TURNOVER = [20.0, 21.26, 18.0]
HEADCOUNT = [300.0, 304.0, 301.0]


def tiny(council: bool = False, errors: int = 0) -> dict:
    """Three months: turnover 20.0%, 21.26%, 18.0%; headcount 300, 304, 301; vacancies with
    no value in July."""
    series = []
    for n, (as_at, start) in enumerate((("2025-07-31", "2024-08-01"),
                                        ("2025-08-31", "2024-09-01"),
                                        ("2025-09-30", "2024-10-01"))):
        kpis = {"turnover_rate_fte": kpi("Turnover rate (FTE)", "%", TURNOVER[n], 50.0, 250.0),
                "inpost_headcount": kpi("Directly employed headcount", "people", HEADCOUNT[n]),
                "vacancy_fte": kpi("Vacancies (FTE)", "FTE", None if n == 0 else 4.5 + n)}
        status = ("red", "red", "amber")[n]
        series.append({
            "month": as_at[:7], "as_at": as_at, "period_start": start, "kpis": kpis,
            "targets": [target(TURNOVER[n], status, 15.0, label="Turnover <b>&",
                               goal="= 15% or less")] if council else None,
            "data_quality": quality(errors if n == 1 else 0)})
    return {"schema_version": 1, "path": "monthly", "method": "dfe", "scope": None,
            "council": {"id": "testshire", "name": "Testshire Council",
                        "document": "testshire.txt"} if council else None,
            "series": series}


# ----------------------------------------------------------------------------- words

@pytest.mark.parametrize(("values", "line"), [
    ([1.0, 2.0, None, 8.0], "▁▂ █"),
    ([20.0, 21.26, 18.0], "▅█▁"),
    ([5.0, 5.0, 5.0], "▄▄▄"),
    ([None, None], "  "),
    ([0.0, 7.0, 3.5, 1.0, 6.0], "▁█▅▂▇"),
])
def test_sparkline(values: list, line: str) -> None:
    assert trend_text.sparkline(values) == line


@pytest.mark.parametrize(("before", "after", "unit", "text"), [
    (20.0, 21.26, "%", "+1.3 pp"),
    (21.26, 18.0, "%", "−3.3 pp"),
    (20.0, 20.04, "%", "0.0 pp"),
    (304.0, 301.0, "people", "−3"),
    (1200.0, 3400.0, "cases", "+2,200"),
    (5.0, 5.02, "FTE", "0.0"),
    (None, 5.0, "FTE", "-"),
    (5.0, None, "%", "-"),
])
def test_change_text(before: float | None, after: float | None, unit: str, text: str) -> None:
    assert trend_text.change_text(before, after, unit) == text


def test_lines_follow_the_kpis_or_the_targets() -> None:
    plain = trend_text.lines(tiny())
    assert [line.key for line in plain] == ["turnover_rate_fte", "inpost_headcount",
                                            "vacancy_fte"]
    assert plain[2].values == [None, 5.5, 6.5]
    assert plain[0].targets is None and plain[0].statuses is None
    (line,) = trend_text.lines(tiny(council=True))
    assert (line.key, line.kpi, line.scope) == ("turnover_max_15", "turnover_rate_fte",
                                                "qualified_social_workers")
    assert line.targets == [15.0, 15.0, 15.0]
    assert line.statuses == ["red", "red", "amber"]
    assert trend_text.status_strip(line.statuses) == "✗✗!"


def record(draw) -> list[str]:
    console = Console(record=True, width=120, file=io.StringIO())
    draw(console)
    return [line.rstrip() for line in console.export_text().splitlines()]


def test_table_with_sparklines_and_the_change_on_the_month_before() -> None:
    assert record(lambda console: trend_terminal.render(tiny(), console)) == [
        "monthly: method dfe, scope everyone",
        "3 months, Jul 2025 to Sep 2025; each month's figures at its last day, from its own "
        "extract",
        "                   ┃          ┃       ┃          ┃ Change on",
        " KPI               ┃ Jul 2025 ┃ Trend ┃ Sep 2025 ┃  Aug 2025",
        "━━━━━━━━━━━━━━━━━━━╇━━━━━━━━━━╇━━━━━━━╇━━━━━━━━━━╇━━━━━━━━━━━",
        " turnover_rate_fte │    20.0% │ ▅█▁   │    18.0% │   −3.3 pp",
        " inpost_headcount  │      300 │ ▁█▃   │      301 │        −3",
        " vacancy_fte       │        - │  ▁█   │      6.5 │      +1.0",
        "Input VALID in every month: 0 errors, 3 warnings; `wfkpi validate` lists them",
    ]


def test_table_with_a_council_has_the_goal_and_each_months_status() -> None:
    lines = record(lambda console: trend_terminal.render(tiny(council=True, errors=2), console))
    assert lines[0] == "Testshire Council (testshire): monthly"
    assert [cell.strip() for cell in lines[3].split("┃")] == [
        "Target and KPI", "Jul 2025", "Trend", "Sep 2025", "Aug 2025", "Goal", "Status"]
    assert [[cell.strip() for cell in line.split("│")] for line in lines[5:8]] == [
        ["turnover_max_15", "20.0%", "▅█▁", "18.0%", "−3.3 pp", "= 15% or less", "amber"],
        ["turnover_rate_fte (dfe,", "", "✗✗!", "", "", "", ""],
        ["qualified_social_workers)", "", "", "", "", "", ""]]
    assert lines[-1] == "Input INVALID in 2025-08 (2 errors); `wfkpi validate` lists them"


def test_a_single_month_has_no_change() -> None:
    data = tiny()
    data["series"] = data["series"][-1:]
    lines = record(lambda console: trend_terminal.render(data, console))
    assert lines[1] == "Sep 2025; each month's figures at its last day, from its own extract"
    assert lines[2] == " KPI               ┃ Sep 2025 ┃ Trend ┃ Sep 2025 ┃ Change"
    assert lines[4] == " turnover_rate_fte │    18.0% │ ▄     │    18.0% │      -"
    assert lines[-1] == ("Input VALID in every month: 0 errors, 1 warning; `wfkpi validate` "
                         "lists them")


# ---------------------------------------------------------------------------- JSON, CSV

def test_json_is_the_dict_as_it_is() -> None:
    data = tiny(council=True)
    text = trend_json.render(data)
    assert json.loads(text) == data
    assert text.endswith("}\n") and "Turnover <b>&" in text


def test_csv_long_format() -> None:
    assert trend_csv.render(tiny()).splitlines()[:5] == [
        "as_at,target_id,kpi,label,method,scope,unit,value,numerator,denominator,rows_used,"
        "target,target_value,status",
        "2025-07-31,,turnover_rate_fte,Turnover rate (FTE),dfe,,%,20.0,50.0,250.0,10,,,",
        "2025-07-31,,inpost_headcount,Directly employed headcount,dfe,,people,300.0,,,10,,,",
        "2025-07-31,,vacancy_fte,Vacancies (FTE),dfe,,FTE,,,,10,,,",
        "2025-08-31,,turnover_rate_fte,Turnover rate (FTE),dfe,,%,21.26,50.0,250.0,10,,,",
    ]


def test_csv_with_a_council_has_target_and_status_and_defuses_formulas() -> None:
    assert trend_csv.render(tiny(council=True)).splitlines() == [
        "as_at,target_id,kpi,label,method,scope,unit,value,numerator,denominator,rows_used,"
        "target,target_value,status",
        "2025-07-31,turnover_max_15,turnover_rate_fte,Turnover <b>&,dfe,"
        "qualified_social_workers,%,20.0,,,,'= 15% or less,15.0,red",
        "2025-08-31,turnover_max_15,turnover_rate_fte,Turnover <b>&,dfe,"
        "qualified_social_workers,%,21.26,,,,'= 15% or less,15.0,red",
        "2025-09-30,turnover_max_15,turnover_rate_fte,Turnover <b>&,dfe,"
        "qualified_social_workers,%,18.0,,,,'= 15% or less,15.0,amber",
    ]


# ------------------------------------------------------------------------------ workbook

def charts(raw: bytes) -> list[ElementTree.Element]:
    with zipfile.ZipFile(io.BytesIO(raw)) as book:
        names = sorted(n for n in book.namelist() if n.startswith("xl/charts/chart"))
        return [ElementTree.fromstring(book.read(name)) for name in names]


def chart_titles(found: list[ElementTree.Element]) -> list[str]:
    return ["".join(t.text for t in c.find(f"{C}chart/{C}title").iter(f"{A}t")) for c in found]


def test_workbook_has_one_line_chart_per_kpi_drawing_the_data_sheet() -> None:
    raw = trend_xlsx.render(tiny())
    found = charts(raw)
    assert len(found) == 3
    for chart, column in zip(found, "BCD", strict=True):
        (line,) = chart.findall(f".//{C}lineChart")
        (series,) = line.findall(f"{C}ser")
        assert series.findtext(f"{C}val/{C}numRef/{C}f") == f"'Data'!${column}$2:${column}$4"
        assert series.findtext(f"{C}cat/{C}numRef/{C}f") == "'Data'!$A$2:$A$4"
        assert chart.find(f".//{C}dispBlanksAs").get("val") == "gap"
    assert chart_titles(found) == ["Turnover rate (FTE): dfe, everyone",
                                   "Directly employed headcount: dfe, everyone",
                                   "Vacancies (FTE): dfe, everyone"]
    assert found[0].find(f".//{C}valAx/{C}numFmt").get("formatCode") == "0%"
    book = load_workbook(io.BytesIO(raw))
    assert book.sheetnames == ["Charts", "Data"]
    data = book["Data"]
    assert [c.value for c in data[1]] == ["Month end", "turnover_rate_fte", "inpost_headcount",
                                          "vacancy_fte"]
    assert [c.value for c in data[2]][1:] == [0.2, 300.0, None]  # a gap, never a zero
    assert data["B3"].value == pytest.approx(0.2126)  # 21.26%: a true percentage
    assert data["B3"].number_format == "0.0%" and data["C3"].number_format == "0"
    assert book.properties.created.isoformat() == "2025-09-30T00:00:00"
    assert book.properties.modified.isoformat() == "2025-09-30T00:00:00"
    for sheet in book:
        setup = sheet.page_setup
        assert (setup.orientation, int(setup.paperSize), setup.fitToWidth) == ("landscape", 9, 1)
    assert book["Data"].print_title_rows == "$1:$1"


def test_workbook_with_a_council_draws_the_target_as_a_dashed_line() -> None:
    raw = trend_xlsx.render(tiny(council=True))
    (chart,) = charts(raw)
    series = chart.findall(f".//{C}lineChart/{C}ser")
    assert [s.findtext(f"{C}tx/{C}v") for s in series] == ["Value", "Target"]
    assert [s.find(f"{C}spPr/{A}ln/{A}prstDash").get("val") for s in series] == ["solid",
                                                                                 "dash"]
    assert [s.find(f"{C}marker/{C}symbol").get("val") for s in series] == ["circle", "none"]
    assert chart_titles([chart]) == [
        "Turnover <b>&: dfe, qualified social workers; target = 15% or less"]
    book = load_workbook(io.BytesIO(raw))
    assert book.sheetnames == ["Charts", "Data", "Status"]
    assert [c.value for c in book["Data"]["C"]] == ["turnover_max_15: target", 0.15, 0.15,
                                                    0.15]
    status = book["Status"]
    assert [c.value for c in status["B"]] == ["turnover_max_15", "red", "red", "amber"]
    assert status["B4"].fill.fgColor.rgb == "00FFEB9C"


def three_targets() -> dict:
    """Tiny's council with two more targets on the same KPI: a range (no target line of its
    own) and one worded like the first, so two charts would share a title."""
    data = tiny(council=True)
    for month in data["series"]:
        (first,) = month["targets"]
        ranged = dict(first, target_id="turnover_10_to_20", target="10 to 20%",
                      target_value=None)
        same = dict(first, target_id="turnover_max_15_again")
        change = dict(first, target_id="turnover_steady", target_value=None,
                      target="-15 to 15 percent change on previous years")
        month["targets"] = [first, ranged, same, change]
    return data


def test_a_range_target_draws_both_ends_and_every_title_is_its_own() -> None:
    raw = trend_xlsx.render(three_targets())
    found = charts(raw)
    titles = chart_titles(found)
    assert len(set(titles)) == len(titles) == 4
    assert titles == [
        "Turnover <b>&: dfe, qualified social workers; target = 15% or less [turnover_max_15]",
        "Turnover <b>&: dfe, qualified social workers; target 10 to 20%",
        "Turnover <b>&: dfe, qualified social workers; target = 15% or less "
        "[turnover_max_15_again]",
        "Turnover <b>&: dfe, qualified social workers; target -15 to 15 percent change on "
        "previous years"]
    names = [[s.findtext(f"{C}tx/{C}v") for s in chart.findall(f".//{C}lineChart/{C}ser")]
             for chart in found]
    assert names[1] == ["Value", "Target: lower end", "Target: upper end"]
    assert names[3] == ["Value"]  # a range of change has no line, and no empty legend entry
    ranged = found[1].findall(f".//{C}lineChart/{C}ser")
    assert [s.findtext(f"{C}val/{C}numRef/{C}f") for s in ranged] == [
        "'Data'!$D$2:$D$4", "'Data'!$E$2:$E$4", "'Data'!$F$2:$F$4"]
    data = load_workbook(io.BytesIO(raw))["Data"]
    assert [c.value for c in data["E"]] == ["turnover_10_to_20: target: lower end", 0.1, 0.1,
                                            0.1]
    assert [c.value for c in data["F"]][1:] == [0.2, 0.2, 0.2]


# ------------------------------------------------------------------------------ web page

class Page(HTMLParser):
    """Every start tag with its attributes; fails on a tag closed that was never opened."""

    VOID = {"meta", "col", "br", "img", "input", "link"}

    def __init__(self) -> None:
        super().__init__()
        self.tags: list[tuple[str, dict]] = []
        self.open: list[str] = []

    def handle_starttag(self, tag: str, attrs: list) -> None:
        self.tags.append((tag, dict(attrs)))
        if tag not in self.VOID:
            self.open.append(tag)

    def handle_startendtag(self, tag: str, attrs: list) -> None:
        self.tags.append((tag, dict(attrs)))

    def handle_endtag(self, tag: str) -> None:
        assert self.open and self.open[-1] == tag, f"</{tag}> closes {self.open[-1:]}"
        self.open.pop()


def parse(text: str) -> Page:
    page = Page()
    page.feed(text)
    page.close()
    assert page.open == ["html"] or page.open == []
    return page


def test_page_is_self_contained_with_an_inline_svg_per_kpi() -> None:
    text = trend_html.render(tiny())
    page = parse(text)
    svgs = [attrs for tag, attrs in page.tags if tag == "svg" and attrs.get("role") == "img"]
    assert len(svgs) == 3
    assert "http://" not in text and "https://" not in text
    assert "<script" not in text.lower() and "src=" not in text
    assert not [a for t, a in page.tags if t == "link" or "href" in a]
    meta = [a for t, a in page.tags if t == "meta" and a.get("http-equiv")]
    assert meta[0]["content"] == "default-src 'none'; style-src 'unsafe-inline'"


def test_svg_draws_the_values_and_breaks_the_line_at_a_missing_month() -> None:
    lines = trend_text.lines(tiny())
    days = trend_text.months(tiny())
    svg = trend_html.svg(0, lines[0], days)
    # turnover 20.0, 21.26, 18.0% on a scale from 17% to 22% in steps of 1 (a little room
    # below 18%, so that the line does not run along the axis); 202 units from 17% to 22%
    labels = [part.split("<")[0] for part in svg.split('text-anchor="end">')[1:]]
    assert labels == ["17%", "18%", "19%", "20%", "21%", "22%"]
    assert svg.count("<polyline") == 1 and svg.count("<circle") == 3
    assert '<polyline points="64.0,94.8 297.0,43.9 530.0,175.6"' in svg
    assert "<title>Sep 2025: 18.0%</title>" in svg
    vacancies = trend_html.svg(2, lines[2], days)
    assert vacancies.count("<polyline") == 1 and vacancies.count("<circle") == 2
    assert '<polyline points="297.0' in vacancies  # starts in August: July has no value


def test_svg_with_a_council_has_the_target_dashed_and_the_status_by_month() -> None:
    text = trend_html.render(tiny(council=True))
    parse(text)
    assert text.count('stroke-dasharray="6 4"') == 2  # the target line, and its key
    assert 'stroke="#c00000"' in text
    assert ('<li class="s-amber" title="Sep 2025: amber"><span aria-hidden="true">!</span>'
            in text)
    assert "Turnover &lt;b&gt;&amp;" in text and "Turnover <b>&" not in text
    assert "Goal: = 15% or less" in text


@pytest.mark.parametrize(("low", "high", "unit", "scale"), [
    (36.7, 39.4, "%", [36.0, 37.0, 38.0, 39.0, 40.0]),
    (295.0, 304.0, "people", [295.0, 300.0, 305.0]),
    (3.6, 4.1, "%", [3.6, 3.8, 4.0, 4.2]),
    (15.0, 15.0, "%", [14.0, 14.5, 15.0, 15.5, 16.0]),
    (0.5, 0.52, "FTE", [0.5, 0.6]),
    (5.0, 5.0, "people", [3.0, 4.0, 5.0, 6.0, 7.0]),
    (0.0, 2706.0, "days", [0.0, 1000.0, 2000.0, 3000.0]),
])
def test_ticks_are_round_figures_around_the_values(low: float, high: float, unit: str,
                                                   scale: list[float]) -> None:
    assert trend_html.ticks(low, high, unit) == scale
