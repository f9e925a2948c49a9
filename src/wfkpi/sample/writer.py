"""Writing an extract: one CSV file per table, and a one-line account of what was written."""

from __future__ import annotations

from pathlib import Path

import pandas as pd


def write(out: Path, tables: dict[str, pd.DataFrame]) -> list[Path]:
    """Write each table as ``<table>.csv`` (UTF-8, comma, LF line ends)."""
    out.mkdir(parents=True, exist_ok=True)
    paths = []
    for name, frame in tables.items():
        path = out / f"{name}.csv"
        frame.to_csv(path, index=False, lineterminator="\n")
        paths.append(path)
    return paths


def summary(tables: dict[str, pd.DataFrame]) -> str:
    """A one-line account of an extract: rows, people in post, agency, vacancies, absences."""
    workers = tables["workers"]
    open_ = workers[workers["end_date"] == ""]
    agency = open_["employment_type"].isin(["agency", "self_employed"])
    vacancies = tables["vacancies"]
    as_at = vacancies["as_at"].max() if len(vacancies) else ""
    now = vacancies[vacancies["as_at"] == as_at]["vacancy_fte"].astype(float).sum()
    return (f"{len(workers)} worker spells ({open_['worker_id'].nunique()} people in post, "
            f"{open_.loc[agency, 'worker_id'].nunique()} of them agency), {now:g} vacant FTE, "
            f"{len(tables['absences'])} absence spells")
