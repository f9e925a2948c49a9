"""``wfkpi report``: every KPI of one method for one extract."""

from __future__ import annotations

import datetime as dt
from dataclasses import dataclass
from pathlib import Path
from typing import Any

from wfkpi.app.read import (
    FOLDER_METHOD,
    Progress,
    input_quality,
    needs,
    read,
    reference_date,
    source_params,
)
from wfkpi.core.errors import engine_errors
from wfkpi.engine.report import compute
from wfkpi.engine.results import Report
from wfkpi.engine.scopes import resolve_scope_name
from wfkpi.read import Extract
from wfkpi.read.limits import Limits


@dataclass(frozen=True)
class ReportRun:
    """A computed report with how its reference date was chosen."""

    report: Report
    extract: Extract
    as_at_source: str  # "given", or how the default was found

    def to_dict(self) -> dict[str, Any]:
        """What every format of the report is drawn from (:mod:`wfkpi.render.report`): the
        report's JSON contract (``Report.to_dict()``, docs/kpis.md) under ``report``, with the
        path read and how the reference date was chosen beside it."""
        return {"path": self.extract.path, "as_at_source": self.as_at_source,
                "report": self.report.to_dict()}


def report(
    path: Path,
    *,
    mapping: Path | None = None,
    as_at: dt.date | None = None,
    method: str | None = None,
    scope: str | None = None,
    scopes_file: Path | None = None,
    by: str | None = None,
    suppress_below: int | None = None,
    standard_week: float | None = None,
    progress: Progress | None = None,
    limits: Limits | None = None,
    params: dict[str, str] | None = None,
) -> ReportRun:
    """Every KPI of ``method`` for the extract at ``path``; see ``docs/kpis.md``.

    Without a method, the source's own: sfc for ASC-WDS files, else dfe. ``params`` sets KPI
    parameters by name (``wfkpi.engine.params``; defaults for the rest). Only the tables the
    method's KPIs read are read (:func:`wfkpi.app.read.needs`); the others are named in the
    input quality's ``unread``.
    """
    reading = method or FOLDER_METHOD
    with engine_errors():
        tables = needs(reading, by=by, as_at=as_at)
    extract = read(path, mapping, standard_week=standard_week, as_at=as_at, progress=progress,
                   limits=limits, tables=tables, unread_why=f"no {reading} KPI reads it")
    return report_of(extract, as_at=as_at, method=method, scope=scope, scopes_file=scopes_file,
                     by=by, suppress_below=suppress_below, params=params)


def report_of(
    extract: Extract,
    *,
    as_at: dt.date | None = None,
    method: str | None = None,
    scope: str | None = None,
    scopes_file: Path | None = None,
    by: str | None = None,
    suppress_below: int | None = None,
    params: dict[str, str] | None = None,
) -> ReportRun:
    """:func:`report` for an extract already read: everything ``report`` does after reading."""
    method = method or extract.method
    with engine_errors():
        as_at, source = reference_date(extract, as_at)
        chosen = resolve_scope_name(scope, scopes_file) if scope else None
        result = compute(extract.tables["workers"], extract.tables.get("vacancies"),
                                extract.tables.get("absences"), as_at=as_at, method=method,
                                scope=chosen, by=by, suppress_below=suppress_below,
                                records=extract.tables,
                                params={**source_params(extract), **(params or {})})
    result.data_quality["input"] = input_quality(extract)
    return ReportRun(result, extract, source)
