"""A trend: the series of months, each computed from its own extract, with the targets' line.

See ``docs/trend.md``; :mod:`wfkpi.app.trend` finds and reads the months.
"""

from __future__ import annotations

import calendar
import datetime as dt
from dataclasses import dataclass, replace
from pathlib import Path
from typing import Any

from wfkpi.core.names import SCHEMA_VERSION
from wfkpi.engine.bridge import REVISION, Bridge, Part, explain, rates, split
from wfkpi.engine.periods import Period
from wfkpi.engine.results import Report
from wfkpi.engine.scopes import Scope
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
class Span:
    """Why the figures moved over the last month, or the last year, of a trend: one bridge per
    rate (:mod:`wfkpi.engine.bridge`) from an earlier month to the last."""

    span: str  # "month", "year", or "previous" (the latest month before the last, not the one)
    start: Month
    end: Month
    bridges: tuple[Bridge, ...]

    def to_dict(self) -> dict[str, Any]:
        return {"span": self.span, "from": self.start.month, "to": self.end.month,
                "kpis": [bridge.to_dict() for bridge in self.bridges]}


def spans(points: tuple[Point, ...], tables: dict[str, Any], scope: Scope | None,
          params: dict[str, Any]) -> tuple[Span, ...]:
    """The last month's and the last year's bridges of every rate the trend shows.

    Each is worked out in the last month's extract (``tables``) from the earlier month's last
    day to the last month's, and a part of kind ``revision`` takes the difference between
    what that extract says of the earlier date and the earlier month's own figure, so that the
    parts add up to the change the trend shows. Where the last extract gives no figure at the
    earlier date, or the KPI reads counts that only describe an extract's own date (cases), the
    change is split between the two months' own figures: numerator and denominator.
    """
    if len(points) < 2:
        return ()
    last, previous = points[-1], points[-2]
    a_year = _month_of(points, Period(last.month.as_at).opening)
    earlier = []
    if previous is _month_of(points, last.month.as_at.replace(day=1) - dt.timedelta(days=1)):
        earlier.append(("month", previous))
    elif previous is not a_year:  # the folder skips the month before the last
        earlier.append(("previous", previous))
    if a_year is not None:
        earlier.append(("year", a_year))
    method = last.report.method
    shown = [kpi for kpi in rates(method) if kpi in last.report.kpis]
    return tuple(Span(span, point.month, last.month, tuple(
        _bridge(kpi, point, last, tables, scope, params) for kpi in shown))
        for span, point in earlier)


def _month_of(points: tuple[Point, ...], day: dt.date) -> Point | None:
    return next((p for p in points if (p.month.as_at.year, p.month.as_at.month)
                 == (day.year, day.month)), None)


def _bridge(kpi: str, earlier: Point, last: Point, tables: dict[str, Any], scope: Scope | None,
            params: dict[str, Any]) -> Bridge:
    before, after = earlier.report.kpis[kpi], last.report.kpis[kpi]
    within = explain(tables["workers"], tables.get("vacancies"), tables.get("absences"),
                     kpi=kpi, start=earlier.month.as_at, end=last.month.as_at,
                     method=last.report.method, scope=scope, records=tables, params=params)
    if within.note is None and within.caution is None and before.value is not None:
        assert within.before.value is not None
        revised = within.before.value - before.value
        parts = within.parts
        if revised:
            n = (within.before.numerator or 0.0) - (before.numerator or 0.0)
            d = (within.before.denominator or 0.0) - (before.denominator or 0.0)
            parts += (Part(f"revisions: what the {last.month.month} extract says of "
                           f"{earlier.month.as_at.isoformat()}", REVISION, n, d, revised),)
        return replace(within, before=before, parts=parts)
    parts, note, _ = split(before, after, None)
    why = within.caution or within.note or "its parts could not be worked out"
    caution = None if note else (f"split between the two months' own figures: in the "
                                 f"{last.month.month} extract, {why}")
    return Bridge(kpi, after.label, after.unit, after.method, within.scope,
                  earlier.month.as_at, last.month.as_at, before, after, parts, note=note,
                  caution=caution)


@dataclass(frozen=True)
class Trend:
    """A series of months, oldest first, each computed from its own extract."""

    path: str
    method: str
    scope: str | None
    points: tuple[Point, ...]
    strategy: Any = None  # wfkpi.app.strategy.Strategy with --council
    bridges: tuple[Span, ...] = ()  # why the rates moved over the last month and year

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
            "bridges": [span.to_dict() for span in self.bridges],
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
