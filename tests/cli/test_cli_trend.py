"""``wfkpi trend``: a folder of monthly extracts, every format, and the errors it can meet.

--output, --quiet, --verbose, the progress bar and the exit codes: test_cli_shared_options.py.
"""

from __future__ import annotations

import csv
import io
import json
import shutil
import zipfile
from pathlib import Path
from xml.etree import ElementTree

import pytest

from wfkpi import sample
from wfkpi.app import scorecard as app_scorecard
from wfkpi.app import trend as app_trend
from wfkpi.render.trend import csv as trend_csv
from wfkpi.render.trend import json as trend_json
from wfkpi.render.trend import text as trend_text

COUNCIL = "peterborough"
C = "{http://schemas.openxmlformats.org/drawingml/2006/chart}"
A = "{http://schemas.openxmlformats.org/drawingml/2006/main}"

# the sample's HR records tables, which no dfe KPI reads (tests/test_tables_read.py)
UNREAD = ("Left unread: training.csv, appraisals.csv, supervision.csv, recruitment.csv — no dfe "
          "KPI reads them; `wfkpi validate` checks every table")


@pytest.fixture(scope="module")
def months(tmp_path_factory: pytest.TempPathFactory) -> Path:
    """Four monthly sample extracts, 2025-06 to 2025-09, one folder each."""
    root = tmp_path_factory.mktemp("trend")
    for day, tables in sample.extracts(COUNCIL, months=4, seed=5).items():
        sample.write(root / f"{day:%Y-%m}", tables)
    return root


@pytest.fixture(scope="module")
def library(months: Path) -> dict:
    return app_trend.trend(months).to_dict()


def test_table_shows_first_and_last_month_a_sparkline_and_the_change(
        wfkpi, months: Path, library: dict) -> None:
    result = wfkpi("trend", str(months))
    assert (result.code, result.err) == (0, "")
    assert result.lines[:2] == [
        f"{months}: method dfe, scope everyone",
        "4 months, Jun 2025 to Sep 2025; each month's figures at its last day, from its own "
        "extract"]
    assert result.lines[2:4] == [
        "                               ┃          ┃       ┃          ┃ Change on",
        " KPI                           ┃ Jun 2025 ┃ Trend ┃ Sep 2025 ┃  Aug 2025"]
    rows = {row[0]: row for row in body(result)}
    assert list(rows) == list(library["series"][0]["kpis"])
    values = [m["kpis"]["turnover_rate_fte"]["value"] for m in library["series"]]
    assert rows["turnover_rate_fte"] == [
        "turnover_rate_fte", f"{values[0]:.1f}%", trend_text.sparkline(values),
        f"{values[-1]:.1f}%", trend_text.change_text(values[-2], values[-1], "%")]
    assert rows["turnover_rate_fte"][4].endswith(" pp")
    assert result.lines[-2:] == [
        f"Input VALID in every month: 0 errors, {_warnings(library)} warnings; "
        "`wfkpi validate` lists them", UNREAD]


def body(result) -> list[list[str]]:
    """The cells of each row of the table: the lines after its rule, up to the line after."""
    lines = result.lines
    start = next(i for i, line in enumerate(lines) if line.startswith("━")) + 1
    end = next(i for i in range(start, len(lines)) if "│" not in lines[i])
    return [[cell.strip() for cell in line.split("│")] for line in lines[start:end]]


def _warnings(data: dict) -> int:
    return sum(m["data_quality"]["input"]["warnings"] for m in data["series"])


def test_json_is_the_library_trend_and_has_the_documented_shape(
        wfkpi, months: Path, library: dict) -> None:
    result = wfkpi("trend", str(months), "--format", "json")
    assert (result.code, result.err) == (0, "")
    assert result.out == trend_json.render(library)
    data = json.loads(result.out)
    assert list(data) == ["schema_version", "path", "method", "scope", "council", "series",
                          "bridges"]
    assert data["schema_version"] == 1
    assert [m["as_at"] for m in data["series"]] == ["2025-06-30", "2025-07-31", "2025-08-31",
                                                    "2025-09-30"]
    first = data["series"][0]
    assert list(first) == ["month", "as_at", "period_start", "kpis", "targets", "data_quality"]
    assert list(first["kpis"]["turnover_rate_fte"]) == [
        "label", "unit", "value", "numerator", "denominator", "rows_used", "set_aside", "note",
        "as_of", "flags"]


def test_json_with_a_council_carries_each_months_targets(wfkpi, months: Path) -> None:
    result = wfkpi("trend", str(months), "--council", COUNCIL, "-f", "json")
    assert (result.code, result.err) == (0, "")
    data = json.loads(result.out)
    assert data["council"]["id"] == COUNCIL
    for month in data["series"]:
        card = app_scorecard.scorecard(months / month["month"], COUNCIL).to_dict()
        measured = {r["target_id"]: r for r in card["rows"] if r["status"] != "not measured"}
        assert [t["target_id"] for t in month["targets"]] == list(measured)
        assert [t["status"] for t in month["targets"]] == [r["status"] for r in
                                                          measured.values()]
        assert [t["value"] for t in month["targets"]] == [r["value"] for r in measured.values()]


def test_csv_is_long_one_row_per_month_and_kpi(wfkpi, months: Path, library: dict) -> None:
    result = wfkpi("trend", str(months), "--format", "csv")
    assert (result.code, result.err) == (0, "")
    rows = list(csv.DictReader(io.StringIO(result.out)))
    assert list(rows[0]) == list(trend_csv.FIELDS)
    kpis = library["series"][0]["kpis"]
    assert len(rows) == 4 * len(kpis)
    last = [r for r in rows if r["as_at"] == "2025-09-30" and r["kpi"] == "agency_rate_fte"]
    figure = library["series"][-1]["kpis"]["agency_rate_fte"]
    assert len(last) == 1
    assert (float(last[0]["value"]), float(last[0]["numerator"]),
            float(last[0]["denominator"]), int(last[0]["rows_used"])) == (
        figure["value"], figure["numerator"], figure["denominator"], figure["rows_used"])
    assert (last[0]["target_id"], last[0]["status"], last[0]["target_value"]) == ("", "", "")


def test_csv_with_a_council_has_each_months_target_and_status(wfkpi, months: Path) -> None:
    result = wfkpi("trend", str(months), "--council", COUNCIL, "--format", "csv")
    rows = list(csv.DictReader(io.StringIO(result.out)))
    agency = [r for r in rows if r["target_id"] == "agency_rate_max_10"]
    assert [r["as_at"] for r in agency] == ["2025-06-30", "2025-07-31", "2025-08-31",
                                            "2025-09-30"]
    assert {(r["target"], r["target_value"]) for r in agency} == {("<= 10%", "10.0")}
    assert all(r["status"] in ("green", "amber", "red") for r in agency)


def test_every_file_format_is_byte_identical_across_runs(wfkpi, months: Path,
                                                         tmp_path: Path) -> None:
    for format in ("table", "json", "csv", "xlsx", "html"):
        outputs = []
        for run in (1, 2):
            out = tmp_path / f"{run}.{format}"
            result = wfkpi("trend", str(months), "--council", COUNCIL, "-f", format, "-o",
                           str(out))
            assert (result.code, result.out, result.err) == (0, "", "")
            outputs.append(out.read_bytes())
        assert outputs[0] == outputs[1], format
        assert len(outputs[0]) > 1000


def test_xlsx_has_a_line_chart_per_target_with_its_target_line(wfkpi, months: Path,
                                                               tmp_path: Path) -> None:
    out = tmp_path / "trend.xlsx"
    result = wfkpi("trend", str(months), "--council", COUNCIL, "-f", "xlsx", "-o", str(out))
    assert result.code == 0
    targets = json.loads(wfkpi("trend", str(months), "--council", COUNCIL, "-f",
                               "json").out)["series"][0]["targets"]
    with zipfile.ZipFile(out) as book:
        charts = sorted(n for n in book.namelist() if n.startswith("xl/charts/chart"))
        assert len(charts) == len(targets)
        first = book.read(charts[0]).decode()
    chart = ElementTree.fromstring(first)
    lines = chart.findall(f".//{C}lineChart")
    assert len(lines) == 1
    series = lines[0].findall(f"{C}ser")
    assert len(series) == 2  # the value, and the target as a second line
    assert [s.findtext(f"{C}tx/{C}v") for s in series] == ["Value", "Target"]
    title = "".join(t.text or "" for t in chart.find(f"{C}chart/{C}title").iter(f"{A}t"))
    assert title.endswith("target <= 10%")  # the goal is in the chart's title
    assert [s.findtext(f"{C}val/{C}numRef/{C}f") for s in series] == [
        "'Data'!$B$2:$B$5", "'Data'!$C$2:$C$5"]
    assert [s.find(f"{C}spPr/{A}ln/{A}prstDash").get("val") for s in series] == ["solid",
                                                                                 "dash"]


def test_html_is_one_page_of_inline_svg_charts_that_fetches_nothing(
        wfkpi, months: Path, library: dict) -> None:
    result = wfkpi("trend", str(months), "--format", "html")
    assert (result.code, result.err) == (0, "")
    page = result.out
    assert page.count('<svg viewBox="0 0 560 250" role="img"') == len(library["series"][0]["kpis"])
    assert "http://" not in page and "https://" not in page
    assert "<script" not in page.lower()
    assert "default-src 'none'" in page


@pytest.mark.parametrize(("make", "message"), [
    ([], "holds no month folders (YYYY-MM, e.g. 2025-01) and no files named with their month "
         "(e.g. workers_2025-01.csv, '2025-01 vacancies.xlsx'); for a single extract use "
         "`wfkpi report`"),
    (["2025-13/"], "2025-13: 2025-13 is not a real month (YYYY-MM, month 01 to 12)"),
    (["2025-01/", "Sept-2025/", "2025-9/"], "2025-9: a month folder is named YYYY-MM (e.g. "
     "2025-01), not '2025-9'"),
    (["report_2025-01.csv"], "report_2025-01.csv: its name names no table"),
])
def test_folders_that_are_not_monthly_extracts_exit_2(
        wfkpi, tmp_path: Path, make: list[str], message: str) -> None:
    for name in make:
        if name.endswith("/"):
            (tmp_path / name).mkdir()
        else:
            (tmp_path / name).write_text("worker_id\n", encoding="utf-8")
    result = wfkpi("trend", str(tmp_path))
    assert (result.code, result.out) == (2, "")
    assert result.err.startswith("error: ")
    assert message in result.err
    assert result.err.count("\n") == 1


def test_an_invalid_month_is_shown_with_its_errors(wfkpi, months: Path, tmp_path: Path) -> None:
    shutil.copytree(months, tmp_path / "months")
    workers = tmp_path / "months" / "2025-07" / "workers.csv"
    text = workers.read_text(encoding="utf-8").splitlines()
    header = text[0].split(",")
    for n in (1, 2):
        cells = text[n].split(",")
        cells[header.index("start_date")] = "2024-02-30"
        text[n] = ",".join(cells)
    workers.write_text("\n".join(text) + "\n", encoding="utf-8")
    result = wfkpi("trend", str(tmp_path / "months"))
    # then exits 3: test_cli_shared_options.py, "trend invalid"
    assert len(body(result)) == 22  # the figures are printed
    assert result.lines[-2:] == [
        "Input INVALID in 2025-07 (2 errors); `wfkpi validate` lists them", UNREAD]


@pytest.mark.parametrize(("args", "message"), [
    (["--council", COUNCIL, "--method", "lg"], "--council tests each target in its own method "
     "and scope; leave out --method and --scope"),
    (["--council", "nowhere"], "unknown council 'nowhere'"),
    (["--targets", "targets.yaml"], "--targets needs --council ID"),
    (["--scope", "nobody"], "unknown scope 'nobody'"),
])
def test_bad_options_exit_2(wfkpi, months: Path, args: list[str], message: str) -> None:
    result = wfkpi("trend", str(months), *args)
    assert (result.code, result.out) == (2, "")
    assert message in result.err


def test_help_describes_every_option(wfkpi) -> None:
    result = wfkpi("trend", "--help")
    assert result.code == 0
    text = " ".join(result.out.split())
    for option in ("--council", "--method", "--scope", "--scopes", "--targets", "--mapping",
                   "--standard-week", "--limit", "--param", "--community", "--format"):
        assert option in text
    assert "one subfolder per month named YYYY-MM" in text
    assert "needs --output" in text


@pytest.mark.parametrize(("values", "unit", "line", "moved"), [
    ([5.04, 5.0], "%", "▄▄", "0.0 pp"),  # shown alike: level, and no change
    ([20.0, 21.26, 21.28], "%", "▁██", "0.0 pp"),
    ([9.71, 11.78, 9.70, 9.74], "%", "▁█▁▁", "0.0 pp"),
    ([300.0, 304.4, 303.6], "people", "▁██", "0"),
    ([1.004, 1.0], "ratio", "▄▄", "0.00"),
    ([5.04, 5.06], "%", "▁█", "+0.1 pp"),  # shown 5.0% and 5.1%: a rise of 0.1 pp
])
def test_a_change_shown_as_nothing_is_drawn_as_nothing(values: list[float], unit: str,
                                                     line: str, moved: str) -> None:
    """A sparkline is drawn from the figures as shown, so that a month whose change on the one
    before is ``0.0 pp`` is drawn at the same height, never as a full drop."""
    assert trend_text.sparkline(values, unit) == line
    assert trend_text.change_text(values[-2], values[-1], unit) == moved
