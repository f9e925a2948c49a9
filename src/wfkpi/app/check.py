"""KPI snapshots and drift: the library behind ``wfkpi check`` (see ``docs/automation.md``).

A snapshot stores every figure of every KPI of the chosen methods for one extract:

    {"schema_version": 1, "as_at": "2025-09-30", "scope": null,
     "methods": {"dfe": {"inpost_fte": {"value": 282.4, "numerator": null,
                                        "denominator": null, "rows_used": 307}, ...}, ...}}

:func:`compare` lists what moved between a stored snapshot and a fresh one. A snapshot holds
aggregates only, as the JSON report does: no worker identifier, no cell value.
"""

from __future__ import annotations

import datetime as dt
import json
import math
from collections.abc import Callable, Iterable
from dataclasses import dataclass
from pathlib import Path
from typing import Any

from wfkpi.app.read import read
from wfkpi.app.report import report_of
from wfkpi.core.errors import WfkpiError
from wfkpi.core.names import DRIFT_TOLERANCE, METHODS, SCHEMA_VERSION

FIELDS = ("value", "numerator", "denominator", "rows_used")
DECIMALS = 9  # floats are stored rounded to this many decimal places

Figure = float | int | None


class SnapshotError(WfkpiError):
    """The snapshot file is missing or is not a snapshot: a configuration error (exit 2)."""


def take(path: Path, methods: Iterable[str] = METHODS, *, mapping: Path | None = None,
         as_at: dt.date | None = None, scope: str | None = None,
         scopes_file: Path | None = None, standard_week: float | None = None,
         limits: Any = None, progress: Callable[[str, int, int], None] | None = None,
         ) -> tuple[dict[str, Any], list[Any]]:
    """The snapshot of the extract at ``path``: read once, then computed for each method
    (:func:`wfkpi.app.report.report_of`); and the runs."""
    extract = read(path, mapping, standard_week=standard_week, as_at=as_at,
                       progress=progress, limits=limits)
    runs = [report_of(extract, as_at=as_at, method=method, scope=scope,
                          scopes_file=scopes_file) for method in methods]
    return build(run.report for run in runs), runs


def build(reports: Iterable[Any]) -> dict[str, Any]:
    """The snapshot of reports (:class:`wfkpi.engine.results.Report`) for one date and scope,
    one per method."""
    reports = list(reports)
    if not reports:
        raise ValueError("a snapshot needs at least one report")
    first = reports[0]
    for report in reports[1:]:
        if (report.as_at, report.scope) != (first.as_at, first.scope):
            raise ValueError("the reports of a snapshot share one reference date and scope")
    return {
        "schema_version": SCHEMA_VERSION,
        "as_at": first.as_at.isoformat(),
        "scope": first.scope,
        "methods": {
            report.method: {kpi_id: _figures(result) for kpi_id, result in report.kpis.items()}
            for report in reports
        },
    }


def _figures(result: Any) -> dict[str, Figure]:
    """A KPI's figures as stored: floats to 9 decimal places, so that noise in the last bits of
    a sum does not change the file (the tolerance is far coarser)."""
    data = result.to_dict()
    return {name: round(data[name], DECIMALS) if isinstance(data[name], float) else data[name]
            for name in FIELDS}


def dumps(snapshot: dict[str, Any]) -> str:
    """The snapshot as JSON, byte-stable: the same figures give the same text."""
    return json.dumps(snapshot, indent=2, ensure_ascii=False) + "\n"


def load(path: Path) -> dict[str, Any]:
    """A snapshot file, checked; a :class:`SnapshotError` saying how to make one when it is
    missing or malformed."""
    remedy = f"write it with `wfkpi check DATA --expected {path} --update`"
    if not path.is_file():
        raise SnapshotError(f"{path}: no such snapshot file; {remedy}")
    try:
        data = json.loads(path.read_text(encoding="utf-8"))
    except (UnicodeDecodeError, json.JSONDecodeError) as exc:
        raise SnapshotError(f"{path}: not a snapshot (not JSON: {exc}); {remedy}") from None
    problem = _problem(data)
    if problem:
        raise SnapshotError(f"{path}: not a snapshot ({problem}); {remedy}")
    return data


def _problem(data: Any) -> str | None:
    """What makes ``data`` not a snapshot of this schema version, or None."""
    if not isinstance(data, dict):
        return "not a JSON object"
    if data.get("schema_version") != SCHEMA_VERSION:
        return f"schema_version {data.get('schema_version')!r}, expected {SCHEMA_VERSION}"
    keys = ("schema_version", "as_at", "scope", "methods")
    wrong = []
    if any(key not in data for key in keys):
        wrong.append("no " + ", ".join(key for key in keys if key not in data))
    if any(key not in keys for key in data):
        wrong.append("unknown " + ", ".join(key for key in data if key not in keys))
    if wrong:
        return "; ".join(wrong)
    if not isinstance(data["as_at"], str) or not (data["scope"] is None
                                                  or isinstance(data["scope"], str)):
        return "as_at must be a date and scope a name or null"
    if not isinstance(data["methods"], dict):
        return "methods must be an object"
    for method, kpis in data["methods"].items():
        if not isinstance(kpis, dict):
            return f"methods.{method} must be an object"
        for kpi_id, figures in kpis.items():
            where = f"methods.{method}.{kpi_id}"
            if not isinstance(figures, dict) or set(figures) != set(FIELDS):
                return f"{where} must have exactly {', '.join(FIELDS)}"
            for name in FIELDS:
                value = figures[name]
                if not (value is None or _is_number(value)):
                    return f"{where}.{name} must be a number or null"
    return None


def _is_number(value: Any) -> bool:
    return isinstance(value, int | float) and not isinstance(value, bool) and math.isfinite(value)


@dataclass(frozen=True)
class Drift:
    """One difference between the snapshot (``expected``) and the data (``actual``).

    ``field`` is ``value``, ``numerator``, ``denominator`` or ``rows_used`` for a figure that
    moved; ``kpi`` for a KPI, or ``method`` for a method, that is in one and not the other
    (``expected`` and ``actual`` are then ``present`` or ``absent``); ``as_at`` or ``scope`` when
    the snapshot describes another date or population.
    """

    method: str | None
    kpi: str | None
    field: str
    expected: Figure | str
    actual: Figure | str

    @property
    def change(self) -> float | None:
        """``actual - expected`` when both are numbers."""
        if self.field in FIELDS and _is_number(self.expected) and _is_number(self.actual):
            return self.actual - self.expected  # type: ignore[operator]
        return None

    def __str__(self) -> str:
        where = " ".join(part for part in (self.method, self.kpi) if part)
        if self.field in ("kpi", "method"):
            if self.expected == "absent":
                return f"{where}: new, not in the snapshot"
            return f"{where}: in the snapshot, not in the data"
        text = f"{where + ' ' if where else ''}{self.field}: {_show(self.expected)} -> " \
               f"{_show(self.actual)}"
        change = self.change
        return text if change is None else f"{text} ({change:+.6g})"


def _show(value: Figure | str) -> str:
    if value is None:
        return "null"
    if isinstance(value, float):
        return f"{value:.10g}"
    return str(value)


def compare(expected: dict[str, Any], actual: dict[str, Any],
            tolerance: float = DRIFT_TOLERANCE) -> list[Drift]:
    """What moved from ``expected`` to ``actual``, in the order of ``actual``'s KPIs.

    A figure moves when it differs by more than ``tolerance`` (absolute), or turns null or
    non-null. Only the methods of ``actual`` are compared: a snapshot may hold more.
    """
    drifts = [Drift(None, None, key, expected[key], actual[key])
              for key in ("as_at", "scope") if expected[key] != actual[key]]
    for method, kpis in actual["methods"].items():
        before = expected["methods"].get(method)
        if before is None:
            drifts.append(Drift(method, None, "method", "absent", "present"))
            continue
        for kpi_id, figures in kpis.items():
            if kpi_id not in before:
                drifts.append(Drift(method, kpi_id, "kpi", "absent", "present"))
                continue
            drifts += [Drift(method, kpi_id, name, before[kpi_id][name], figures[name])
                       for name in FIELDS
                       if _moved(before[kpi_id][name], figures[name], tolerance)]
        drifts += [Drift(method, kpi_id, "kpi", "present", "absent")
                   for kpi_id in before if kpi_id not in kpis]
    return drifts


def _moved(expected: Figure, actual: Figure, tolerance: float) -> bool:
    if expected is None or actual is None:
        return (expected is None) != (actual is None)
    return abs(actual - expected) > tolerance


def kpi_count(snapshot: dict[str, Any]) -> int:
    """How many KPIs the snapshot holds, over all its methods."""
    return sum(len(kpis) for kpis in snapshot["methods"].values())
