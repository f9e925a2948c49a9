"""``wfkpi explain``: why a rate moved between two reference dates of one extract.

The change is split into parts that add up to it exactly (:mod:`wfkpi.engine.bridge`,
``docs/explain.md``).
"""

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
from wfkpi.core.errors import UsageError, engine_errors
from wfkpi.engine.bridge import Bridge, explain, rates
from wfkpi.engine.periods import Period
from wfkpi.engine.report import kpis_of
from wfkpi.engine.scopes import resolve_scope_name
from wfkpi.read import Extract
from wfkpi.read.limits import Limits


@dataclass(frozen=True)
class ExplainRun:
    """A bridge with the extract it was computed from and how its dates were chosen."""

    bridge: Bridge
    extract: Extract
    dates: tuple[str, str]  # how the earlier and the later date were chosen

    def to_dict(self) -> dict[str, Any]:
        """What every format of ``wfkpi explain`` is drawn from (docs/explain.md): the bridge's
        JSON contract under ``bridge``, with the path, how the dates were chosen and what
        reading found beside it."""
        return {"path": self.extract.path,
                "dates": {"from": self.dates[0], "to": self.dates[1]},
                "bridge": self.bridge.to_dict(),
                "data_quality": {"input": input_quality(self.extract)}}


def explain_change(
    path: Path,
    kpi: str,
    *,
    start: dt.date | None = None,
    end: dt.date | None = None,
    mapping: Path | None = None,
    method: str | None = None,
    scope: str | None = None,
    scopes_file: Path | None = None,
    by: str | None = None,
    suppress_below: int | None = None,
    standard_week: float | None = None,
    progress: Progress | None = None,
    limits: Limits | None = None,
    params: dict[str, str] | None = None,
) -> ExplainRun:
    """The change of ``kpi`` in the extract at ``path`` from ``start`` to ``end``.

    ``end`` defaults to the date ``wfkpi report`` would use; ``start`` to the same date a year
    earlier. ``by`` adds the groups (teams, services...) that moved it. Only the tables the KPI
    reads are read (:func:`wfkpi.app.read.needs`).
    """
    with engine_errors():
        tables = needs(method or FOLDER_METHOD, [kpi], by=by, as_at=end)
    extract = read(path, mapping, standard_week=standard_week, as_at=end, progress=progress,
                   limits=limits, tables=tables, unread_why=f"{kpi} does not read it")
    method = method or extract.method
    with engine_errors():
        known = rates(method)
        if kpi not in known:
            what = "is a count, not a rate" if kpi in {k.id for k in kpis_of(method)} \
                else f"is no {method} KPI"
            raise UsageError(f"--kpi {kpi} {what}; explain splits the change of a rate: "
                             f"{', '.join(known)}")
        end, end_how = reference_date(extract, end)
        start_how = "given"
        if start is None:
            start, start_how = Period(end).opening, "a year before the later date"
        chosen = resolve_scope_name(scope, scopes_file) if scope else None
        tables = extract.tables
        bridge = explain(tables["workers"], tables.get("vacancies"), tables.get("absences"),
                         kpi=kpi, start=start, end=end, method=method, scope=chosen, by=by,
                         suppress_below=suppress_below, records=tables,
                         params={**source_params(extract), **(params or {})})
    return ExplainRun(bridge, extract, (start_how, end_how))
