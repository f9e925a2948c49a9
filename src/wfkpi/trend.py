"""Monthly trends: the months in a folder of monthly extracts, and the series they make.

A folder of monthly extracts holds either one subfolder per month, named ``YYYY-MM``, each a
self-contained extract; or files whose names carry the month (``workers_2025-01.csv``,
``2025-01 vacancies.xlsx``), each assigned to its table by the table's name in its file name
(or by a mapping's ``file`` pattern). Each month is read on its own, with the month's last day
as its reference date, and computed exactly as ``wfkpi report`` computes one extract
(:func:`wfkpi.api.trend`). See ``docs/trend.md``.
"""

from __future__ import annotations

import calendar
import datetime as dt
import re
from dataclasses import dataclass
from functools import partial
from pathlib import Path
from typing import Any

from wfkpi.errors import UsageError
from wfkpi.issues import Issue
from wfkpi.read import Extract, Mapping, ReadOptions, load_extract
from wfkpi.read.files import READABLE_SUFFIXES
from wfkpi.read.load import Part, assemble, read_table
from wfkpi.schema import MODELS, REQUIRED_TABLES

SCHEMA_VERSION = 1

FOLDER = re.compile(r"(\d{4})-(\d{2})")
LIKE_A_DATE = re.compile(r"\d{4}\D?\d")  # a folder name that starts like a date is meant as one
IN_NAME = re.compile(r"(?<!\d)(\d{4})-(\d{2})(?!\d)")
# A table's name in a file name, singular or plural, not inside a longer word.
TABLE_WORDS = {table: re.compile(rf"(?<![a-z])(?:{word})(?![a-z])", re.IGNORECASE)
               for table, word in (("workers", "workers?"), ("vacancies", "vacanc(?:y|ies)"),
                                   ("absences", "absences?"))}
NO_MONTHS = ("holds no month folders (YYYY-MM, e.g. 2025-01) and no files named with their "
             "month (e.g. workers_2025-01.csv, '2025-01 vacancies.xlsx')")


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


def _month(year: str, month: str, what: str) -> tuple[str, dt.date]:
    if not 1 <= int(month) <= 12 or int(year) < 1900:
        raise UsageError(f"{what}: {year}-{month} is not a real month (YYYY-MM, month 01 to 12)")
    return f"{year}-{month}", last_day(int(year), int(month))


def find_months(folder: Path, mapping: Mapping | None = None) -> list[Month]:
    """The months of ``folder``, oldest first; a UsageError when it holds no months, holds
    month folders and month files both, or names a month that is not a real one."""
    if not folder.exists():
        raise UsageError(f"No such file or folder: {folder}")
    if not folder.is_dir():
        raise UsageError(f"{folder} is a file: `wfkpi trend` reads a folder of monthly extracts "
                         "(`wfkpi report` reads one extract)")
    entries = sorted(p for p in folder.iterdir() if not p.name.startswith((".", "~$")))
    folders = _month_folders([p for p in entries if p.is_dir()])
    files = [p for p in entries if p.is_file() and p.suffix.lower() in READABLE_SUFFIXES
             and IN_NAME.search(p.name)]
    if folders and files:
        raise UsageError(f"{folder} holds month folders ({folders[0].path.name}, …) and files "
                         f"named with a month ({files[0].name}, …): keep one layout")
    if folders:
        return folders
    if files:
        return _month_files(folder, files, mapping or Mapping())
    raise UsageError(f"{folder} {NO_MONTHS}; for a single extract use `wfkpi report`")


def _month_folders(subfolders: list[Path]) -> list[Month]:
    months = []
    for sub in subfolders:
        if not LIKE_A_DATE.match(sub.name):
            continue  # a folder of something else
        match = FOLDER.fullmatch(sub.name)
        if match is None:
            raise UsageError(f"{sub}: a month folder is named YYYY-MM (e.g. 2025-01), "
                             f"not '{sub.name}'")
        name, as_at = _month(*match.groups(), what=str(sub))
        months.append(Month(name, as_at, sub))
    return months


def _month_files(folder: Path, files: list[Path], mapping: Mapping) -> list[Month]:
    grouped: dict[tuple[str, dt.date], list[Path]] = {}
    for path in files:
        found = {_month(*m.groups(), what=str(path)) for m in IN_NAME.finditer(path.name)}
        if len(found) > 1:
            raise UsageError(f"{path}: its name carries more than one month "
                             f"({', '.join(sorted(m for m, _ in found))})")
        table_of(path, mapping)  # fail now on a file of no known table
        grouped.setdefault(found.pop(), []).append(path)
    return [Month(name, as_at, folder, tuple(paths))
            for (name, as_at), paths in sorted(grouped.items())]


def table_of(path: Path, mapping: Mapping) -> str:
    """The table a monthly file holds: the mapping's ``file`` pattern it matches, else the one
    table named in its file name (``workers``, ``vacancies``, ``absences``, or singular)."""
    for table in MODELS:
        pattern = mapping.table(table).file
        if pattern and path.match(pattern):
            return table
    named = [table for table, word in TABLE_WORDS.items() if word.search(path.stem)]
    if len(named) != 1:
        which = "names no table" if not named else f"names {' and '.join(named)}"
        raise UsageError(f"{path}: its name {which}; name each monthly file after its table "
                         f"({', '.join(MODELS)}) and month, e.g. workers_2025-01.csv")
    return named[0]


def read_month(month: Month, mapping: Mapping | None, options: ReadOptions) -> Extract:
    """One month's extract, read as ``wfkpi report`` reads a folder; monthly files are read
    table by table and put together by the same rules."""
    if not month.files:
        return load_extract(month.path, mapping, options)
    mapping = mapping or Mapping()
    parts: dict[str, list[Part]] = {}
    for path in month.files:
        table = table_of(path, mapping)
        parts.setdefault(table, []).append(
            Part(str(path), partial(read_table, path, table, mapping.table(table),
                                    options.limits)))
    issues = [Issue("missing-table", f"No {table} file for {month.month}: expected a file such "
                    f"as {table}_{month.month}.csv", file=str(month.path))
              for table in REQUIRED_TABLES if table not in parts]
    ordered = {table: parts[table] for table in MODELS if table in parts}
    return assemble(str(month.path), ordered, issues, options.progress)


# ------------------------------------------------------------------------------- series

@dataclass(frozen=True)
class Point:
    """One month's figures: the report (every KPI of the method), and the council's
    scorecard when the trend tests one."""

    month: Month
    report: Any  # wfkpi.engine.Report, with data_quality["input"]
    scorecard: dict[str, Any] | None = None


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
    strategy: Any = None  # wfkpi.api.Strategy with --council

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
            targets = [self._target(row, point.month.as_at) for row in point.scorecard["rows"]
                       if row["status"] != "not measured"]
        return {
            "month": point.month.month,
            "as_at": report["as_at"],
            "period_start": report["period_start"],
            "kpis": report["kpis"],
            "targets": targets,
            "data_quality": report["data_quality"],
        }

    def _target(self, row: dict[str, Any], as_at: dt.date) -> dict[str, Any]:
        target = next(t for t in self.strategy.council.targets if t.id == row["target_id"])
        kept = {key: row[key] for key in TARGET_KEYS}
        kept["target_value"] = target_value(target, row, as_at)
        return kept


def target_value(target: Any, row: dict[str, Any], as_at: dt.date) -> float | None:
    """The figure a month's value is tested against, drawn as the target line: the target's
    own figure (``<= 20``), the benchmark figure the month was compared with, or the previous
    year's value (moved by the size of change the target asks for, when it states one) for a
    target to move the right way. None for a range."""
    from wfkpi.targets.config import BENCHMARKED

    comparison = target.comparison
    if comparison in ("<", "<=", ">", ">="):
        return float(target.value)
    if comparison in ("decrease_vs_previous", "increase_vs_previous"):
        previous = row["previous"]
        if previous is None or not isinstance(target.value, float | int):
            return previous
        step = float(target.value) * (-1 if comparison == "decrease_vs_previous" else 1)
        return previous * (1 + step / 100) if target.change == "relative" else previous + step
    if comparison in BENCHMARKED:
        return row["benchmark_value"]
    return None
