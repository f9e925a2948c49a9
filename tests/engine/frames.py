"""Builders for canonical frames with the dtypes the readers hand to the engine."""

from __future__ import annotations

import datetime as dt
from collections.abc import Iterable, Mapping
from typing import Any

import numpy as np
import pandas as pd

from wfkpi.core.schema import columns
from wfkpi.read.values import DTYPES

R = dt.date(2025, 9, 30)  # the reference date most tests use: window 2024-10-01 .. 2025-09-30



def column(kind: str, values: list[Any]) -> pd.Series:
    """One canonical column with the reader's dtype (None = blank)."""
    if kind == "date":
        return pd.Series(pd.to_datetime(pd.Series(values, dtype=object)), dtype="datetime64[ns]")
    if kind in ("number", "integer"):
        values = [np.nan if v is None else v for v in values]
        if kind == "integer":
            return pd.Series(pd.array([None if pd.isna(v) else int(v) for v in values], "Int64"))
    return pd.Series(values, dtype=DTYPES[kind])


def table(
    name: str, rows: Iterable[Mapping[str, Any]], *, also: Iterable[str] = ()
) -> pd.DataFrame:
    """A canonical frame from row dicts: the columns any row names (plus ``also``), in contract
    order, each with its reader dtype, and the ``_row`` spreadsheet row numbers (2, 3, ...)."""
    rows = list(rows)
    kinds = {name: col.kind for name, col in columns(name).items()}
    present = {key for row in rows for key in row} | set(also)
    unknown = present - set(kinds)
    assert not unknown, f"not {name} columns: {unknown}"
    data = {
        key: column(kind, [row.get(key) for row in rows])
        for key, kind in kinds.items()
        if key in present
    }
    frame = pd.DataFrame(data, index=pd.RangeIndex(len(rows)))
    frame["_row"] = np.arange(2, len(rows) + 2, dtype=np.int64)
    return frame


def worker(worker_id: str, **fields: Any) -> dict[str, Any]:
    """A worker row: permanent, FTE 1, in post since 2020 unless told otherwise."""
    row = {"worker_id": worker_id, "employment_type": "permanent", "fte": 1.0}
    row["start_date"] = dt.date(2020, 1, 1)
    row.update(fields)
    return row


def workers(*rows: Mapping[str, Any], also: Iterable[str] = ()) -> pd.DataFrame:
    return table("workers", rows, also=("worker_id", "employment_type", "fte", "start_date", *also))


def vacancies(*rows: Mapping[str, Any]) -> pd.DataFrame:
    return table("vacancies", rows, also=("vacancy_fte",))


def absences(*rows: Mapping[str, Any]) -> pd.DataFrame:
    return table("absences", rows, also=("worker_id", "start_date", "reason"))


def training(*rows: Mapping[str, Any]) -> pd.DataFrame:
    return table("training", rows, also=("worker_id", "date"))


def appraisals(*rows: Mapping[str, Any]) -> pd.DataFrame:
    return table("appraisals", rows, also=("worker_id", "due_date"))


def recruitment(*rows: Mapping[str, Any], also: Iterable[str] = ()) -> pd.DataFrame:
    return table("recruitment", rows, also=("vacancy_id", "advertised_date", *also))


def supervision(*rows: Mapping[str, Any]) -> pd.DataFrame:
    return table("supervision", rows, also=("worker_id", "date"))
