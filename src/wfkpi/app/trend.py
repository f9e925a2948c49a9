"""``wfkpi trend``: the months in a folder of monthly extracts, each read and computed.

A folder of monthly extracts holds either one subfolder per month, named ``YYYY-MM``, each a
self-contained extract; or files whose names carry the month (``workers_2025-01.csv``,
``2025-01 vacancies.xlsx``), each assigned to its table by the table's name in its file name
(or by a mapping's ``file`` pattern). Each month is read on its own, with the month's last day
as its reference date, and computed exactly as ``wfkpi report`` computes one extract
(:func:`trend`), from the tables its KPIs read. See ``docs/trend.md``.
"""

from __future__ import annotations

import datetime as dt
import re
from functools import partial
from pathlib import Path

from wfkpi.app.read import FOLDER_METHOD, Progress, needs, read_options, source_params
from wfkpi.app.report import report_of
from wfkpi.app.scorecard import scorecard_of, targets_need
from wfkpi.app.strategy import strategy
from wfkpi.core.errors import UsageError, engine_errors
from wfkpi.core.issues import Issue
from wfkpi.core.schema import MODELS, REQUIRED_TABLES
from wfkpi.engine.scopes import resolve_scope_name
from wfkpi.read import Extract, Mapping, ReadOptions, load_extract, load_mapping
from wfkpi.read.extract import Part
from wfkpi.read.files import READABLE_SUFFIXES
from wfkpi.read.limits import Limits
from wfkpi.read.load import assemble, choose, read_table
from wfkpi.targets.trend import Month, Point, Trend, last_day, spans

FOLDER = re.compile(r"(\d{4})-(\d{2})")
LIKE_A_DATE = re.compile(r"\d{4}\D?\d")  # a folder name that starts like a date is meant as one
IN_NAME = re.compile(r"(?<!\d)(\d{4})-(\d{2})(?!\d)")
# A table's name in a file name, singular or plural, not inside a longer word.
TABLE_WORDS = {table: re.compile(rf"(?<![a-z])(?:{word})(?![a-z])", re.IGNORECASE)
               for table, word in (("workers", "workers?"), ("vacancies", "vacanc(?:y|ies)"),
                                   ("absences", "absences?"))}
NO_MONTHS = ("holds no month folders (YYYY-MM, e.g. 2025-01) and no files named with their "
             "month (e.g. workers_2025-01.csv, '2025-01 vacancies.xlsx')")


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
    if (found := mapping.table_of(path)) is not None:
        return found[0]
    named = [table for table, word in TABLE_WORDS.items() if word.search(path.stem)]
    if len(named) != 1:
        which = "names no table" if not named else f"names {' and '.join(named)}"
        raise UsageError(f"{path}: its name {which}; name each monthly file after its table "
                         f"({', '.join(MODELS)}) and month, e.g. workers_2025-01.csv")
    return named[0]


def read_month(month: Month, mapping: Mapping | None, options: ReadOptions) -> Extract:
    """One month's extract, read as ``wfkpi report`` reads a folder (the tables
    ``options.tables`` names); monthly files are read table by table and put together by the
    same rules."""
    if not month.files:
        return load_extract(month.path, mapping, options)
    mapping = mapping or Mapping()
    parts: dict[str, list[Part]] = {}
    for path in month.files:
        table = table_of(path, mapping)
        found = mapping.table_of(path)
        entry = found[1] if found else mapping.table(table).entries()[0]
        parts.setdefault(table, []).append(
            Part(str(path), partial(read_table, path, table, entry, options.limits)))
    issues = [Issue("missing-table", f"No {table} file for {month.month}: expected a file such "
                    f"as {table}_{month.month}.csv", file=str(month.path))
              for table in REQUIRED_TABLES if table not in parts]
    ordered = {table: parts[table] for table in MODELS if table in parts}
    chosen, unread = choose(ordered, options.tables, options.unread_why)
    return assemble(str(month.path), chosen, issues, options.progress, unread)


def trend(
    path: Path,
    *,
    council: str | None = None,
    mapping: Path | None = None,
    method: str | None = None,
    scope: str | None = None,
    scopes_file: Path | None = None,
    targets_file: Path | None = None,
    standard_week: float | None = None,
    progress: Progress | None = None,
    limits: Limits | None = None,
    params: dict[str, str] | None = None,
    community: Path | None = None,
) -> Trend:
    """Every KPI of ``method`` month by month over the folder of monthly extracts at ``path``,
    and with ``council`` its strategy's targets too: a :class:`wfkpi.targets.trend.Trend`.

    Each month is read once, with its last day as the reference date, and computed exactly as
    :func:`wfkpi.app.report.report` (and :func:`wfkpi.app.scorecard.scorecard`) compute one
    extract, each from the tables its KPIs (and its targets' KPIs) read. ``progress`` is called
    before each month is read (with the month as YYYY-MM, months done, months in all) and once at
    the end (with ``path``). See ``docs/trend.md``.
    """
    loaded = load_mapping(mapping) if mapping else None
    months = find_months(path, loaded)
    chosen = strategy(council, targets_file, scopes_file, community) if council else None
    reading = method or FOLDER_METHOD
    why = f"no {reading} KPI reads it" if chosen is None else \
        f"no {reading} KPI and no KPI of the {chosen.id} targets reads it"
    points = []
    for done, month in enumerate(months):
        if progress:
            progress(month.month, done, len(months))
        with engine_errors():
            tables = needs(reading, as_at=month.as_at)
        if chosen:
            tables |= targets_need(chosen, month.as_at)
        extract = read_month(month, loaded, read_options(standard_week, month.as_at, None, limits,
                                                         tables, why))
        run = report_of(extract, as_at=month.as_at, method=method, scope=scope,
                        scopes_file=scopes_file, params=params)
        card = scorecard_of(extract, chosen, as_at=month.as_at, path=month.where) \
            if chosen else None
        points.append(Point(month, run.report, card))
    if progress:
        progress(str(path), len(months), len(months))
    methods = sorted({point.report.method for point in points})
    if len(methods) > 1:
        raise UsageError(f"the months of {path} are of different kinds of extract, read by "
                         f"different methods ({', '.join(methods)}): choose one with --method")
    with engine_errors():
        bridges = spans(tuple(points), extract.tables,
                        resolve_scope_name(scope, scopes_file) if scope else None,
                        {**source_params(extract), **(params or {})})
    return Trend(str(path), methods[0], scope, tuple(points), chosen, bridges)
