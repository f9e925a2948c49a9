"""The tables each KPI reads (``reads`` in :mod:`wfkpi.engine.kpis`), held to what its function
reads on random extracts: taking away a table a KPI does not name never changes its figure, and
taking away one it names changes it in some extract (the list is exact, not merely safe). A report
computed from :func:`wfkpi.engine.report.tables_for` alone equals the one computed from every
table, with a breakdown too, and so does a bridge of each rate; and ``wfkpi report`` of the random
extracts written as files, reading only what it needs, gives what it gives reading every table."""

from __future__ import annotations

import csv
import datetime as dt
import re
from collections import defaultdict
from pathlib import Path
from typing import Any

import pytest
from frames import recruitment
from test_random_extracts import frames_of, hr_extract, record_frames

from wfkpi.app import read as app_read
from wfkpi.app import report as app_report
from wfkpi.core.names import METHODS, TABLES
from wfkpi.core.schema import MODELS, RECORDS
from wfkpi.engine.bridge import explain, rates
from wfkpi.engine.kpis import KPIS
from wfkpi.engine.periods import Period
from wfkpi.engine.report import GROUPED_FROM, compute, kpis_of, tables_for

SEEDS = range(21)  # every table is missing from some of them (hr_extract: seed % 7, % 4)
OTHERS = [table for table in TABLES if table != "workers"]


def every_table(frames: Any, seed: int) -> tuple[dict[str, Any], Any, dict[str, Any]]:
    """The random extract of ``seed`` as canonical frames by table name (None: not supplied),
    its reference date and its KPI parameters."""
    workers, vacancies, absences, as_at, records, params = hr_extract(seed)
    core = frames_of(frames, workers, vacancies, absences)
    tables = dict(zip(("workers", "vacancies", "absences"), core, strict=True))
    return {**tables, **record_frames(records)}, as_at, params


def report_of(tables: dict[str, Any], as_at: Any, method: str, params: dict[str, Any],
              keep: frozenset[str] | set[str] = frozenset(TABLES), **options: Any) -> Any:
    """The report of ``method`` computed from the tables of ``keep`` only."""
    given = {name: frame if name in keep else None for name, frame in tables.items()}
    return compute(given["workers"], given["vacancies"], given["absences"], as_at=as_at,
                   method=method, records=given, params=params, **options)


def test_every_table_is_a_canonical_table() -> None:
    assert set(TABLES) == set(MODELS) and set(RECORDS) < set(TABLES)
    for method, published in KPIS.items():
        for kpi_id, kpi in published.items():
            assert set(kpi.reads) <= set(OTHERS), (method, kpi_id)
    for method in METHODS:
        for kpi in kpis_of(method):
            assert kpi.tables == ("workers", *KPIS[method][kpi.id].reads)


def test_each_kpi_reads_the_tables_it_names_and_no_other(frames) -> None:
    """Every KPI of every method, on every random extract, without each other table in turn."""
    changed: dict[tuple[str, str], set[str]] = defaultdict(set)
    for seed in SEEDS:
        tables, as_at, params = every_table(frames, seed)
        for method in METHODS:
            full = report_of(tables, as_at, method, params).kpis
            for table in OTHERS:
                without = report_of(tables, as_at, method, params,
                                    keep=set(TABLES) - {table}).kpis
                for kpi in kpis_of(method):
                    same = without[kpi.id].to_dict() == full[kpi.id].to_dict()
                    if table not in kpi.tables:
                        assert same, (seed, method, kpi.id, table, without[kpi.id],
                                      full[kpi.id])
                    elif not same:
                        changed[(method, kpi.id)].add(table)
    for method in METHODS:
        for kpi in kpis_of(method):
            assert changed[(method, kpi.id)] == set(kpi.reads), (method, kpi.id)


def test_the_docs_list_the_tables_each_kpi_reads() -> None:
    text = (Path(__file__).parents[2] / "docs" / "kpis.md").read_text(encoding="utf-8")
    section = text.split("\n## The tables a report reads\n")[1].split("\n## ")[0]
    documented = set()
    for table, cell in re.findall(r"^\| `(\w+)` \| (.+) \|$", section, flags=re.MULTILINE):
        for part in cell.split("; "):
            method, kpis = part.split(": ", 1)
            documented |= {(method.strip("`"), kpi, table)
                           for kpi in re.findall(r"`(\w+)`", kpis)}
    assert documented == {(method, kpi_id, table) for method, published in KPIS.items()
                          for kpi_id, kpi in published.items() for table in kpi.reads}


@pytest.mark.parametrize("method", METHODS)
@pytest.mark.parametrize("by", [None, "team"])
def test_a_report_from_the_tables_it_needs_equals_one_from_every_table(
        frames, method: str, by: str | None) -> None:
    for seed in SEEDS:
        tables, as_at, params = every_table(frames, seed)
        needed = tables_for(method, by=by)
        full = report_of(tables, as_at, method, params, by=by).to_dict()
        assert report_of(tables, as_at, method, params, keep=needed, by=by).to_dict() == full


def test_the_tables_for_a_method_some_kpis_and_a_breakdown() -> None:
    assert tables_for("dfe") == {"workers", "vacancies", "absences"}
    assert tables_for("sfc") == {"workers", "vacancies", "absences"}
    assert tables_for("lg") == set(TABLES) - {"vacancies"}
    assert tables_for("dfe", ["turnover_rate_fte"]) == {"workers"}
    assert tables_for("lg", ["training_days_share", "interview_success_rate"]) == \
        {"workers", "training", "recruitment"}
    assert tables_for("dfe", ["no_such_kpi"]) == {"workers"}
    assert tables_for("dfe", ["turnover_rate_fte"], by="team") == set(GROUPED_FROM)
    assert tables_for("lg", [], by="team") == {"workers", "vacancies", "recruitment"}


def test_a_breakdown_takes_groups_from_the_tables_it_names(frames) -> None:
    """A group named only by a vacancy row or a recruitment campaign is a group of the
    breakdown: it needs those tables even for KPIs that read only workers."""
    tables = {"workers": frames.workers(frames.worker("a", team="Alpha")),
              "vacancies": frames.vacancies({"vacancy_fte": 1.0, "team": "Beta"}),
              "absences": None, "training": None, "appraisals": None, "supervision": None,
              "recruitment": recruitment({"vacancy_id": "v1", "advertised_date": frames.R,
                                          "team": "Gamma"})}

    def groups(keep: set[str] | frozenset[str]) -> list[str]:
        report = report_of(tables, frames.R, "dfe", {}, keep=keep, by="team",
                           kpis=["inpost_fte"])
        return [group.group for group in report.groups]

    assert groups({"workers"}) == ["Alpha", "Total"]
    assert groups(tables_for("dfe", ["inpost_fte"], by="team")) == groups(set(TABLES)) == \
        ["Alpha", "Beta", "Gamma", "Total"]


def bridge(tables: dict[str, Any], keep: set[str] | frozenset[str], kpi: str, as_at: Any,
           method: str, params: dict[str, Any]) -> dict[str, Any]:
    """The bridge of ``kpi`` over the year to ``as_at``, by team, from the tables of ``keep``."""
    given = {name: frame if name in keep else None for name, frame in tables.items()}
    return explain(given["workers"], given["vacancies"], given["absences"], kpi=kpi,
                   start=Period(as_at).opening, end=as_at, method=method, by="team",
                   records=given, params=params).to_dict()


@pytest.mark.parametrize("method", METHODS)
def test_a_bridge_of_a_rate_needs_only_the_tables_of_its_kpi(frames, method: str) -> None:
    for seed in range(0, 21, 4):
        tables, as_at, params = every_table(frames, seed)
        for kpi in rates(method):
            needed = tables_for(method, [kpi], by="team")
            assert bridge(tables, needed, kpi, as_at, method, params) == \
                bridge(tables, set(TABLES), kpi, as_at, method, params), (seed, method, kpi)


# --------------------------------------------------------------------- through the files

def _cell(value: Any) -> str:
    if value is None:
        return ""
    if isinstance(value, bool):
        return "yes" if value else "no"
    if isinstance(value, dt.date):
        return value.isoformat()
    return str(value)


def write_extract(folder: Path, seed: int) -> tuple[dt.date, dict[str, str]]:
    """The random extract of ``seed`` as a folder of CSV files; its reference date and its
    parameters as typed."""
    workers, vacancies, absences, as_at, records, params = hr_extract(seed)
    for name, rows in (("workers", workers), ("vacancies", vacancies), ("absences", absences),
                       *records.items()):
        if rows is None:
            continue
        columns = list(dict.fromkeys(key for row in rows for key in row))
        with (folder / f"{name}.csv").open("w", newline="", encoding="utf-8") as out:
            writer = csv.writer(out)
            writer.writerow(columns)
            writer.writerows([_cell(row.get(column)) for column in columns] for row in rows)
    return as_at, {name: _cell(value) for name, value in params.items()}


@pytest.mark.parametrize("seed", range(0, 21, 3))
def test_a_report_of_a_random_extract_in_files_gives_the_figures_of_every_table(
        tmp_path: Path, seed: int) -> None:
    as_at, params = write_extract(tmp_path, seed)
    present = [table for table in TABLES if (tmp_path / f"{table}.csv").exists()]
    for method in METHODS:
        for by in (None, "team"):
            for day in (None, as_at):
                some = app_report.report(tmp_path, method=method, as_at=day, by=by,
                                         params=params).report.to_dict()
                every = app_report.report_of(app_read.read(tmp_path, as_at=day), as_at=day,
                                             method=method, by=by, params=params).report.to_dict()
                quality, full = (r["data_quality"].pop("input") for r in (some, every))
                assert some == every, (seed, method, by, day)
                needed = app_read.needs(method, by=by, as_at=day)
                assert [u["table"] for u in quality["unread"]] == \
                    [table for table in present if table not in needed]
                assert quality["tables"] == [t for t in full["tables"] if t["table"] in needed]
