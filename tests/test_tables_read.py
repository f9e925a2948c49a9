"""``wfkpi report`` (with and without ``--council``), ``explain`` and ``trend`` read only the
tables their KPIs read, and give the figures they give from every table; they name what they
left unread, and why, in every format. ``validate``, ``check`` and ``export csww`` read every
table.

Each run is compared with the same run reading every table (:func:`every_table`): all it says
is the same but the input quality, whose ``tables`` lose the files left unread and whose
``unread`` names them.
"""

from __future__ import annotations

import contextlib
import copy
import datetime as dt
import io
import json
import shutil
from dataclasses import replace
from pathlib import Path
from typing import Any

import pytest
from openpyxl import load_workbook

from wfkpi.app import explain as app_explain
from wfkpi.app import read as app_read
from wfkpi.app import report as app_report
from wfkpi.app import scorecard as app_scorecard
from wfkpi.app import strategy as app_strategy
from wfkpi.app import trend as app_trend
from wfkpi.cli import run
from wfkpi.core.names import TABLES
from wfkpi.engine.bridge import rates
from wfkpi.read import ReadOptions

ROOT = Path(__file__).parents[1]
SAMPLES = ROOT / "sample_data"
COUNCILS = ("camden_childrens", "camden_asc", "cambridgeshire", "peterborough",
            "lambeth_childrens")
RECORDS = ("training", "appraisals", "supervision", "recruitment")
AS_AT = dt.date(2025, 9, 30)
# What each method leaves unread: without a reference date, vacancies and absences are read
# for the last month-end the data covers.
UNREAD = {("dfe", None): RECORDS, ("sfc", None): RECORDS, ("lg", None): (),
          ("dfe", AS_AT): RECORDS, ("sfc", AS_AT): RECORDS, ("lg", AS_AT): ("vacancies",)}
DFE_LINE = ("Left unread: training.csv, appraisals.csv, supervision.csv, recruitment.csv — no "
            "dfe KPI reads them; `wfkpi validate` checks every table")


@pytest.fixture
def options(monkeypatch: pytest.MonkeyPatch) -> list[ReadOptions]:
    """The options of every extract read through the front door, in order."""
    seen: list[ReadOptions] = []
    load = app_read.load_extract

    def spy(path: Path, mapping: Any = None, options: ReadOptions | None = None) -> Any:
        seen.append(options or ReadOptions())
        return load(path, mapping, options)

    monkeypatch.setattr(app_read, "load_extract", spy)
    monkeypatch.setattr(app_trend, "load_extract", spy)
    return seen


@contextlib.contextmanager
def every_table() -> Any:
    """Runs inside read every table, as they did before they read only what they need."""
    with pytest.MonkeyPatch.context() as patch:
        for module in (app_read, app_trend):
            load = module.load_extract

            def whole(path: Path, mapping: Any = None, options: ReadOptions | None = None,
                      load: Any = load) -> Any:
                return load(path, mapping, replace(options or ReadOptions(), tables=None))

            patch.setattr(module, "load_extract", whole)
        yield


def split(data: Any) -> tuple[Any, list[dict[str, Any]]]:
    """``data`` without the input quality of each extract read, and those input qualities."""
    data, found = copy.deepcopy(data), []

    def walk(item: Any) -> None:
        if isinstance(item, dict):
            if isinstance(item.get("data_quality"), dict) and "input" in item["data_quality"]:
                found.append(item["data_quality"].pop("input"))
            for value in item.values():
                walk(value)
        elif isinstance(item, list):
            for value in item:
                walk(value)

    walk(data)
    return data, found


def same_but_unread(some: dict[str, Any], every: dict[str, Any],
                    unread: tuple[str, ...]) -> None:
    """``some`` (tables left unread) says all that ``every`` (every table read) says, but for
    the input quality, which names the tables of ``unread`` as left unread."""
    rest, qualities = split(some)
    full_rest, full_qualities = split(every)
    assert rest == full_rest
    assert len(qualities) == len(full_qualities) >= 1
    for quality, full in zip(qualities, full_qualities, strict=True):
        assert full["unread"] == []
        assert [u["table"] for u in quality["unread"]] == list(unread)
        files = {u["file"] for u in quality["unread"]}
        assert files == {t["file"] for t in full["tables"] if t["table"] in unread}
        assert quality["tables"] == [t for t in full["tables"] if t["file"] not in files]


# ------------------------------------------------------------------------- the figures

@pytest.mark.parametrize("council", COUNCILS)
@pytest.mark.parametrize("method", ["dfe", "sfc", "lg"])
@pytest.mark.parametrize("as_at", [None, AS_AT], ids=["data's date", "given"])
def test_a_report_of_a_sample_gives_the_figures_of_every_table(
        council: str, method: str, as_at: dt.date | None) -> None:
    path = SAMPLES / council
    some = app_report.report(path, method=method, as_at=as_at).to_dict()
    with every_table():
        every = app_report.report(path, method=method, as_at=as_at).to_dict()
    same_but_unread(some, every, UNREAD[(method, as_at)])
    assert json.dumps(some["report"]["kpis"]) == json.dumps(every["report"]["kpis"])
    why = {u["why"] for u in some["report"]["data_quality"]["input"]["unread"]}
    assert why <= {f"no {method} KPI reads it"}


@pytest.mark.parametrize("method", ["dfe", "sfc", "lg"])
def test_a_report_by_team_reads_the_tables_its_groups_come_from(method: str) -> None:
    path = SAMPLES / "lambeth_childrens"
    some = app_report.report(path, method=method, by="team", as_at=AS_AT).to_dict()
    with every_table():
        every = app_report.report(path, method=method, by="team", as_at=AS_AT).to_dict()
    unread = {"dfe": ("training", "appraisals", "supervision"), "sfc": ("training", "appraisals",
              "supervision"), "lg": ()}[method]  # recruitment names teams
    same_but_unread(some, every, unread)


@pytest.mark.parametrize("council", COUNCILS)
def test_a_scorecard_gives_the_figures_of_every_table(council: str) -> None:
    path = SAMPLES / council
    some = app_scorecard.scorecard(path, council).to_dict()
    with every_table():
        every = app_scorecard.scorecard(path, council).to_dict()
    kpis = {(row["method"], row["kpi"], row["breakdown"]) for row in some["rows"] if row["kpi"]}
    read = {table for method, kpi, by in kpis
            for table in app_read.needs(method, [kpi], by=by, as_at=AS_AT)}
    unread = tuple(t for t in TABLES if t not in read | {"vacancies", "absences"})
    same_but_unread(some, every, unread)
    assert {u["why"] for u in some["data_quality"]["input"]["unread"]} <= {
        f"no KPI of the {council} targets reads it"}


@pytest.mark.parametrize("method", ["dfe", "lg"])
def test_an_explanation_gives_the_figures_of_every_table(method: str) -> None:
    path = SAMPLES / "camden_childrens"
    for kpi in rates(method):
        some = app_explain.explain_change(path, kpi, method=method, by="team").to_dict()
        with every_table():
            every = app_explain.explain_change(path, kpi, method=method, by="team").to_dict()
        rest, [quality] = split(some)
        assert rest == split(every)[0], kpi
        assert {u["why"] for u in quality["unread"]} <= {f"{kpi} does not read it"}
        assert "workers" not in {u["table"] for u in quality["unread"]}


@pytest.mark.parametrize("council", [None, "camden_childrens"])
def test_a_trend_gives_the_figures_of_every_table(tmp_path: Path, council: str | None) -> None:
    for month in ("2025-08", "2025-09"):
        shutil.copytree(SAMPLES / "camden_childrens", tmp_path / month)
    some = app_trend.trend(tmp_path, council=council).to_dict()
    with every_table():
        every = app_trend.trend(tmp_path, council=council).to_dict()
    unread = ("training", "appraisals", "supervision", "recruitment") if council is None else \
        ("appraisals", "supervision", "recruitment")
    same_but_unread(some, every, unread)


# --------------------------------------------------------------- who reads what, and who all

def wfkpi(*args: str) -> tuple[int, str]:
    out = io.StringIO()
    with contextlib.redirect_stdout(out), contextlib.redirect_stderr(io.StringIO()):
        code = run(list(args))
    return code, out.getvalue()


def test_validate_check_and_export_read_every_table(tmp_path: Path,
                                                    options: list[ReadOptions]) -> None:
    sample = str(SAMPLES / "lambeth_childrens")
    wfkpi("validate", sample)
    wfkpi("check", sample, "--expected", str(tmp_path / "snap.json"), "--update")
    wfkpi("export", "csww", sample, "--year", "2025", "--la", "208", "-o",
          str(tmp_path / "census.xml"))
    assert len(options) == 3 and all(o.tables is None for o in options)


def test_each_command_asks_for_the_tables_its_kpis_read(tmp_path: Path,
                                                        options: list[ReadOptions]) -> None:
    sample = str(SAMPLES / "lambeth_childrens")
    wfkpi("report", sample)
    wfkpi("report", sample, "--method", "lg", "--as-at", "2025-09-30")
    wfkpi("report", sample, "--council", "camden_childrens", "--as-at", "2025-09-30")
    wfkpi("explain", sample, "--kpi", "turnover_rate_fte", "--to", "2025-09-30")
    wfkpi("explain", sample, "--kpi", "vacancy_rate_fte", "--to", "2025-09-30", "--by", "team")
    assert [o.tables for o in options] == [
        {"workers", "vacancies", "absences"},
        set(TABLES) - {"vacancies"},
        app_scorecard.targets_need(app_strategy.strategy("camden_childrens"), AS_AT),
        {"workers"},
        {"workers", "vacancies", "recruitment"},
    ]
    assert [o.unread_why for o in options] == [
        "no dfe KPI reads it", "no lg KPI reads it",
        "no KPI of the camden_childrens targets reads it",
        "turnover_rate_fte does not read it", "vacancy_rate_fte does not read it"]


# --------------------------------------------------------------------- said in each format

@pytest.fixture
def at_root(monkeypatch: pytest.MonkeyPatch) -> None:
    monkeypatch.chdir(ROOT)
    monkeypatch.setenv("COLUMNS", "200")


@pytest.mark.usefixtures("at_root")
def test_a_report_says_what_it_left_unread_in_each_format(tmp_path: Path) -> None:
    sample = "sample_data/lambeth_childrens"
    code, out = wfkpi("report", sample, "-f", "json")
    assert code == 0
    assert json.loads(out)["data_quality"]["input"]["unread"][0] == {
        "table": "training", "file": f"{sample}/training.csv", "why": "no dfe KPI reads it"}
    assert wfkpi("report", sample)[1].splitlines()[-1] == DFE_LINE
    assert f"\n\n{DFE_LINE}\n\n| Table |" in wfkpi("report", sample, "-f", "markdown")[1]
    html = wfkpi("report", sample, "-f", "html")[1]
    assert DFE_LINE.replace("`wfkpi validate`", "<code>wfkpi validate</code>") in html
    wfkpi("report", sample, "-f", "xlsx", "-o", str(tmp_path / "r.xlsx"))
    assert DFE_LINE in _strings(tmp_path / "r.xlsx")
    assert "no dfe KPI reads it" in _strings(tmp_path / "r.xlsx")


@pytest.mark.usefixtures("at_root")
def test_a_scorecard_says_what_it_left_unread_in_each_format(tmp_path: Path) -> None:
    args = ("report", "sample_data/camden_childrens", "--council", "camden_childrens")
    line = ("Left unread: appraisals.csv, supervision.csv, recruitment.csv — no KPI of the "
            "camden_childrens targets reads them; `wfkpi validate` checks every table")
    assert wfkpi(*args)[1].splitlines()[-1] == line + "."
    assert f"\n\n{line}\n\n| Table |" in wfkpi(*args, "-f", "markdown")[1]
    html = wfkpi(*args, "-f", "html")[1]
    assert line.replace("`wfkpi validate`", "<code>wfkpi validate</code>") in html
    wfkpi(*args, "-f", "xlsx", "-o", str(tmp_path / "s.xlsx"))
    assert line in _strings(tmp_path / "s.xlsx")


@pytest.mark.usefixtures("at_root")
def test_explain_and_trend_say_what_they_left_unread_in_the_terminal(tmp_path: Path) -> None:
    sample = "sample_data/camden_childrens"
    out = wfkpi("explain", sample, "--kpi", "turnover_rate_fte")[1]
    assert out.splitlines()[-1] == (
        "Left unread: training.csv, appraisals.csv, supervision.csv, recruitment.csv — "
        "turnover_rate_fte does not read them; `wfkpi validate` checks every table")
    for month in ("2025-08", "2025-09"):
        shutil.copytree(ROOT / sample, tmp_path / month)
    assert wfkpi("trend", str(tmp_path))[1].splitlines()[-1] == DFE_LINE
    core = tmp_path / "core"
    core.mkdir()
    for name in ("workers.csv", "vacancies.csv", "absences.csv"):
        shutil.copy(ROOT / sample / name, core / name)
    out = wfkpi("explain", str(core), "--kpi", "turnover_rate_fte")[1]
    assert "Input VALID" in out and "Left unread" not in out


@pytest.mark.usefixtures("at_root")
def test_nothing_is_said_when_every_table_is_read(tmp_path: Path) -> None:
    sample = "sample_data/lambeth_childrens"
    assert json.loads(wfkpi("report", sample, "--method", "lg", "-f", "json")[1])[
        "data_quality"]["input"]["unread"] == []
    for format in ("table", "markdown", "html"):
        assert "Left unread" not in wfkpi("report", sample, "--method", "lg", "-f", format)[1]
    wfkpi("report", sample, "--method", "lg", "-f", "xlsx", "-o", str(tmp_path / "r.xlsx"))
    assert "Left unread" not in _strings(tmp_path / "r.xlsx")


def _strings(workbook: Path) -> str:
    """Every text of a workbook, a line each."""
    book = load_workbook(workbook)
    return "\n".join(cell.value for sheet in book.worksheets for row in sheet.iter_rows()
                     for cell in row if isinstance(cell.value, str))
