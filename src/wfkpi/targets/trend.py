"""A trend: the series of months, each computed from its own extract, with the targets' line.

See ``docs/trend.md``; :mod:`wfkpi.app.trend` finds and reads the months.
"""

from __future__ import annotations

import calendar
import datetime as dt
from dataclasses import dataclass
from pathlib import Path
from typing import Any

from wfkpi.core.names import SCHEMA_VERSION
from wfkpi.engine.results import Report
from wfkpi.targets.judge import target_value
from wfkpi.targets.scorecard import Row, Scorecard


@dataclass(frozen=True)
class Month:
    """One month's extract: a folder of its own, or the files in the folder named with it."""

    month: str  # YYYY-MM
    as_at: dt.date  # the month's last day: the reference date of its figures
    path: Path  # the month's folder, or the folder of monthly files
    files: tuple[Path, ...] = ()  # the month's files, when they lie in one folder with others

    @property
    def where(self) -> str:
        """The month's data as shown to people: its folder, or its files' folder and month."""
        return str(self.path) if not self.files else f"{self.path} ({self.month})"


def last_day(year: int, month: int) -> dt.date:
    return dt.date(year, month, calendar.monthrange(year, month)[1])


@dataclass(frozen=True)
class Point:
    """One month's figures: the report (every KPI of the method), and the council's
    scorecard when the trend tests one."""

    month: Month
    report: Report  # with data_quality["input"]
    scorecard: Scorecard | None = None


# The keys of a scorecard row a trend keeps each month (for the benchmarks, sources and notes
# see the month's scorecard, `wfkpi report MONTH --council ID`).
TARGET_KEYS = ("target_id", "kpi", "label", "method", "scope", "unit", "value", "numerator",
               "denominator", "previous", "target", "due", "status", "status_note", "as_of",
               "flags")


@dataclass(frozen=True)
class Trend:
    """A series of months, oldest first, each computed from its own extract."""

    path: str
    method: str
    scope: str | None
    points: tuple[Point, ...]
    strategy: Any = None  # wfkpi.app.councils.Strategy with --council

    def invalid(self) -> list[tuple[str, int]]:
        """The months whose input has errors, with the number of errors."""
        return [(p.month.month, p.report.data_quality["input"]["errors"]) for p in self.points
                if p.report.data_quality["input"]["verdict"] == "INVALID"]

    def to_dict(self) -> dict[str, Any]:
        """The documented JSON contract (docs/trend.md): keys in a fixed order, figures
        unrounded, no worker identifier anywhere."""
        council = None
        if self.strategy is not None:
            council = {"id": self.strategy.id, "name": self.strategy.council.name,
                       "document": self.strategy.council.document}
        return {
            "schema_version": SCHEMA_VERSION,
            "path": self.path,
            "method": self.method,
            "scope": self.scope,
            "council": council,
            "series": [self._month(point) for point in self.points],
        }

    def _month(self, point: Point) -> dict[str, Any]:
        report = point.report.to_dict()
        targets = None
        if point.scorecard is not None:
            targets = [self._target(row) for row in point.scorecard.rows
                       if row.status != "not measured"]
        return {
            "month": point.month.month,
            "as_at": report["as_at"],
            "period_start": report["period_start"],
            "kpis": report["kpis"],
            "targets": targets,
            "data_quality": report["data_quality"],
        }

    def _target(self, row: Row) -> dict[str, Any]:
        target = next(t for t in self.strategy.council.targets if t.id == row.target_id)
        data = row.to_dict()
        kept = {key: data[key] for key in TARGET_KEYS}
        kept["target_value"] = target_value(target, row.previous, row.benchmark_value)
        return kept
