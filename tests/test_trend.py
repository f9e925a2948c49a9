"""Monthly trends: finding the months, and each month computed exactly as ``report`` would."""

from __future__ import annotations

import datetime as dt
import shutil
from pathlib import Path

import pandas as pd
import pytest
from tests.conftest import MONTHLY_COUNCIL as COUNCIL
from tests.conftest import MONTHS

from wfkpi import sample
from wfkpi.app import read as app_read
from wfkpi.app import report as app_report
from wfkpi.app import scorecard as app_scorecard
from wfkpi.app import strategy as app_strategy
from wfkpi.app import trend as app_trend
from wfkpi.core.errors import UsageError
from wfkpi.read import Mapping
from wfkpi.targets import trend as monthly_series
from wfkpi.targets.scorecard import Scorecard


@pytest.fixture(scope="module")
def with_council(folders: Path) -> dict:
    return app_trend.trend(folders, council=COUNCIL).to_dict()


def month_folders(root: Path) -> list[Path]:
    return sorted(p for p in root.iterdir() if p.is_dir())


def test_the_months_are_the_folders_oldest_first_at_their_last_days(folders: Path) -> None:
    months = app_trend.find_months(folders)
    assert [m.month for m in months] == [f"{d:%Y-%m}" for d in sample.month_ends(
        dt.date(2025, 9, 30), MONTHS)]
    assert months[0].as_at == dt.date(2024, 9, 30)
    assert months[5].as_at == dt.date(2025, 2, 28)
    assert all(m.path == folders / m.month and m.files == () for m in months)


def test_trend_equals_report_run_month_by_month(folders: Path, plain: dict) -> None:
    series = plain["series"]
    assert len(series) == MONTHS
    for month, folder in zip(series, month_folders(folders), strict=True):
        as_at = monthly_series.last_day(*map(int, folder.name.split("-")))
        report = app_report.report(folder, as_at=as_at).report.to_dict()
        assert month["as_at"] == report["as_at"] == as_at.isoformat()
        assert month["period_start"] == report["period_start"]
        assert month["kpis"] == report["kpis"]  # every figure, numerator, denominator, row
        assert month["data_quality"] == report["data_quality"]
        # a month-end extract's own reference date is that month-end, so plain report agrees
        assert app_report.report(folder).report.to_dict()["kpis"] == month["kpis"]
    assert plain["method"] == "dfe" and plain["scope"] is None and plain["council"] is None
    assert all(month["targets"] is None for month in series)


def test_trend_with_a_council_equals_scorecard_run_month_by_month(
        folders: Path, with_council: dict) -> None:
    for month, folder in zip(with_council["series"], month_folders(folders), strict=True):
        as_at = dt.date.fromisoformat(month["as_at"])
        card = app_scorecard.scorecard(folder, COUNCIL, as_at=as_at)
        measured = [row for row in card.rows if row.status != "not measured"]
        assert [t["target_id"] for t in month["targets"]] == [r.target_id for r in measured]
        for kept, row in zip(month["targets"], measured, strict=True):
            data = row.to_dict()
            assert {k: v for k, v in kept.items() if k != "target_value"} == {
                key: data[key] for key in monthly_series.TARGET_KEYS}
        assert month["kpis"] == app_report.report(folder, as_at=as_at).report.to_dict()["kpis"]
    council = with_council["council"]
    assert council["id"] == COUNCIL and council["name"].startswith("Peterborough")


def test_target_lines_are_what_each_month_is_tested_against(with_council: dict) -> None:
    last = {row["target_id"]: row for row in with_council["series"][-1]["targets"]}
    assert last["agency_rate_max_10"]["target"] == "<= 10%"
    assert last["agency_rate_max_10"]["target_value"] == 10.0
    reduced = last["turnover_reduced"]  # lower than the previous year: last year's figure
    assert reduced["target"] == "lower than the previous year"
    assert reduced["target_value"] == reduced["previous"] is not None


def test_a_scope_and_a_method_apply_to_every_month(folders: Path) -> None:
    data = app_trend.trend(folders, method="lg", scope="qualified_social_workers").to_dict()
    assert (data["method"], data["scope"]) == ("lg", "qualified_social_workers")
    folder = month_folders(folders)[4]
    report = app_report.report(folder, method="lg", scope="qualified_social_workers",
                        as_at=dt.date.fromisoformat(data["series"][4]["as_at"]))
    assert data["series"][4]["kpis"] == report.report.to_dict()["kpis"]
    assert list(data["series"][4]["kpis"])[:3] == ["sickness_days_per_fte",
                                                   "turnover_rate_headcount", "stability_index"]


def test_each_month_is_read_once(folders: Path, monkeypatch: pytest.MonkeyPatch) -> None:
    reads: list[Path] = []
    real = app_trend.load_extract

    def counted(path: Path, *args: object) -> object:
        reads.append(path)
        return real(path, *args)

    monkeypatch.setattr(app_trend, "load_extract", counted)
    app_trend.trend(folders, council=COUNCIL)
    assert reads == month_folders(folders)


def test_progress_is_one_step_per_month(folders: Path) -> None:
    calls: list[tuple[str, int, int]] = []
    app_trend.trend(folders, progress=lambda what, done, total: calls.append((what, done, total)))
    names = [p.name for p in month_folders(folders)]
    assert calls == [(name, n, MONTHS) for n, name in enumerate(names)] + [
        (str(folders), MONTHS, MONTHS)]


# ------------------------------------------------------------------ files named with their month

@pytest.fixture(scope="module")
def month_files(folders: Path, tmp_path_factory: pytest.TempPathFactory) -> Path:
    """The last three months as files in one folder, named three different ways, one of them
    an Excel workbook."""
    flat = tmp_path_factory.mktemp("flat")
    for folder in month_folders(folders)[-3:]:
        month = folder.name
        shutil.copy(folder / "workers.csv", flat / f"workers_{month}.csv")
        vacancies = pd.read_csv(folder / "vacancies.csv", dtype=str, keep_default_na=False)
        vacancies.to_excel(flat / f"{month} vacancies.xlsx", index=False)
        shutil.copy(folder / "absences.csv", flat / f"Absences {month}.csv")
    (flat / "notes.txt").write_text("not an extract\n", encoding="utf-8")
    return flat


def test_month_named_files_are_grouped_by_month_and_table(month_files: Path) -> None:
    months = app_trend.find_months(month_files)
    assert [m.month for m in months] == ["2025-07", "2025-08", "2025-09"]
    assert [p.name for p in months[0].files] == [
        "2025-07 vacancies.xlsx", "Absences 2025-07.csv", "workers_2025-07.csv"]
    assert all(m.path == month_files for m in months)


def test_month_named_files_give_the_figures_of_month_folders(
        month_files: Path, plain: dict) -> None:
    data = app_trend.trend(month_files).to_dict()
    assert [m["as_at"] for m in data["series"]] == ["2025-07-31", "2025-08-31", "2025-09-30"]
    for month, folder_month in zip(data["series"], plain["series"][-3:], strict=True):
        assert month["kpis"] == folder_month["kpis"]
        tables = [(t["table"], Path(t["file"]).name) for t in
                  month["data_quality"]["input"]["tables"]]
        assert tables == [("workers", f"workers_{month['month']}.csv"),
                          ("vacancies", f"{month['month']} vacancies.xlsx"),
                          ("absences", f"Absences {month['month']}.csv")]


def test_a_mapping_file_pattern_assigns_a_monthly_file_to_its_table(tmp_path: Path) -> None:
    mapping = Mapping.model_validate({"workers": {"file": "Establishment*.csv"}})
    assert app_trend.table_of(Path("Establishment 2025-01.csv"), mapping) == "workers"
    assert app_trend.table_of(Path("vacancy-2025-01.csv"), mapping) == "vacancies"


def test_a_month_without_its_workers_file_is_unusable(tmp_path: Path, folders: Path) -> None:
    source = month_folders(folders)[-1]
    shutil.copy(source / "workers.csv", tmp_path / "workers_2025-09.csv")
    shutil.copy(source / "vacancies.csv", tmp_path / "vacancies_2025-09.csv")
    shutil.copy(source / "vacancies.csv", tmp_path / "vacancies_2025-10.csv")
    with pytest.raises(app_read.UnusableData) as caught:
        app_trend.trend(tmp_path)
    assert caught.value.exit_code == 3
    assert "No workers file for 2025-10: expected a file such as workers_2025-10.csv" in str(
        caught.value)


# ---------------------------------------------------------------------------- errors

def test_an_invalid_month_is_computed_and_named(tmp_path: Path, folders: Path) -> None:
    for folder in month_folders(folders)[-2:]:
        shutil.copytree(folder, tmp_path / folder.name)
    workers = tmp_path / "2025-08" / "workers.csv"
    lines = workers.read_text(encoding="utf-8").splitlines()
    header = lines[0].split(",")
    cells = lines[1].split(",")
    cells[header.index("start_date")] = "31/02/2024"
    workers.write_text("\n".join([lines[0], ",".join(cells), *lines[2:]]) + "\n",
                       encoding="utf-8")
    result = app_trend.trend(tmp_path)
    assert result.invalid() == [("2025-08", 1)]
    data = result.to_dict()
    assert data["series"][0]["data_quality"]["input"]["verdict"] == "INVALID"
    assert data["series"][0]["kpis"]["inpost_headcount"]["value"] is not None


@pytest.mark.parametrize(("layout", "message"), [
    ([], "holds no month folders (YYYY-MM, e.g. 2025-01) and no files named with their month"),
    (["2025-13/"], "2025-13 is not a real month (YYYY-MM, month 01 to 12)"),
    (["2025-00/"], "2025-00 is not a real month"),
    (["2025-1/"], "a month folder is named YYYY-MM (e.g. 2025-01), not '2025-1'"),
    (["2025-01-31/"], "not '2025-01-31'"),
    (["workers.csv"], "holds no month folders"),
    (["2025-01/", "workers_2025-02.csv"], "holds month folders (2025-01, …) and files named "
     "with a month (workers_2025-02.csv, …): keep one layout"),
    (["workers_2025-14.csv"], "workers_2025-14.csv: 2025-14 is not a real month"),
    (["export_2025-01.csv"], "export_2025-01.csv: its name names no table; name each monthly "
     "file after its table (workers, vacancies, absences, training, appraisals, supervision, "
     "recruitment) and month, e.g. workers_2025-01.csv"),
    (["workers_absences_2025-01.csv"], "its name names workers and absences"),
    (["workers_2025-01_to_2025-02.csv"], "its name carries more than one month (2025-01, "
     "2025-02)"),
])
def test_folders_that_are_not_monthly_extracts_are_usage_errors(
        tmp_path: Path, layout: list[str], message: str) -> None:
    for name in layout:
        if name.endswith("/"):
            (tmp_path / name).mkdir()
        else:
            (tmp_path / name).write_text("worker_id\n", encoding="utf-8")
    with pytest.raises(UsageError) as caught:
        app_trend.find_months(tmp_path)
    assert message in str(caught.value)
    assert caught.value.exit_code == 2


def test_other_folders_beside_the_months_are_left_alone(tmp_path: Path) -> None:
    for name in ("2025-01", "2025-02", "archive", ".git", "notes 2025"):
        (tmp_path / name).mkdir()
    assert [m.month for m in app_trend.find_months(tmp_path)] == ["2025-01", "2025-02"]


def test_a_missing_folder_or_a_file_is_a_usage_error(tmp_path: Path) -> None:
    with pytest.raises(UsageError, match="No such file or folder"):
        app_trend.find_months(tmp_path / "nope")
    (tmp_path / "workers.csv").write_text("worker_id\n", encoding="utf-8")
    with pytest.raises(UsageError, match="is a file: `wfkpi trend` reads a folder"):
        app_trend.find_months(tmp_path / "workers.csv")


def test_an_unknown_council_fails_before_any_month_is_read(
        folders: Path, monkeypatch: pytest.MonkeyPatch) -> None:
    monkeypatch.setattr(app_trend, "read_month", lambda *a: pytest.fail("read a month"))
    with pytest.raises(UsageError, match="unknown council 'nowhere'"):
        app_trend.trend(folders, council="nowhere")


def test_report_and_scorecard_of_an_extract_equal_those_of_its_path(folders: Path) -> None:
    folder = month_folders(folders)[-1]
    # each read as its command reads it: the tables its KPIs read
    extract = app_read.read(folder, tables=app_read.needs("dfe"),
                            unread_why="no dfe KPI reads it")
    assert app_report.report_of(extract).report.to_dict() == \
        app_report.report(folder).report.to_dict()
    strategy = app_strategy.strategy(COUNCIL)
    extract = app_read.read(folder, tables=app_scorecard.targets_need(strategy),
                            unread_why=app_scorecard.unread_why(strategy))
    card = app_scorecard.scorecard_of(extract, strategy, path=str(folder))
    assert isinstance(card, Scorecard)
    again = app_scorecard.scorecard(folder, COUNCIL)
    assert card == again and card.to_dict() == again.to_dict()
