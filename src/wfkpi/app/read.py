"""Reading an extract for a command, and what every command shares once it is read: the
reference date, the input-quality summary, the errors that end a run.

A command that computes KPIs reads only the tables they read (:func:`needs`); ``validate``,
``check`` and ``export`` read and check every table.
"""

from __future__ import annotations

import datetime as dt
from collections.abc import Callable, Collection
from dataclasses import replace
from pathlib import Path
from typing import Any

from wfkpi.core.errors import UsageError, WfkpiError
from wfkpi.engine.report import DATED_BY, active_spells, default_as_at, planned_ends, tables_for
from wfkpi.read import Extract, ReadOptions, load_extract, load_mapping
from wfkpi.read.limits import Limits
from wfkpi.read.mapping import shipped

Progress = Callable[[str, int, int], None]  # (file being read, files done, files in all)

# The method of an extract of spreadsheets, which a command uses unless told another: the
# Extract's default (a source plug-in sets its own, and reads every table).
FOLDER_METHOD: str = Extract.method


def read(path: Path, mapping: Path | None = None, *, standard_week: float | None = None,
         as_at: dt.date | None = None, progress: Progress | None = None,
         limits: Limits | None = None, tables: frozenset[str] | None = None,
         unread_why: str = "") -> Extract:
    """Read and check the extract at ``path``, through the optional mapping file.

    ``standard_week`` (hours) turns ASC-WDS contracted hours into FTE (default 37);
    ``as_at`` is the reference date when one is given (ASC-WDS dates its counted leavers by it);
    ``progress`` is called before each file is read; ``limits`` bound what one file may hold
    (:class:`wfkpi.read.limits.Limits`; a file over one is an ``over-limit`` issue);
    ``tables`` the tables to read (default every one; :func:`needs`), the others' files named
    in :attr:`Extract.unread` with ``unread_why``.
    """
    return load_extract(path, load_mapping(mapping) if mapping else None,
                        read_options(standard_week, as_at, progress, limits, tables, unread_why))


def needs(method: str, kpis: Collection[str] | None = None, *, by: str | None = None,
          as_at: dt.date | None = None) -> frozenset[str]:
    """The tables a run computing the KPIs of ``method`` (those of ``kpis``, default every one)
    reads: those the engine computes them from (:func:`wfkpi.engine.report.tables_for`) and,
    when no reference date is given, those the last month-end the data covers is found from
    (:data:`wfkpi.engine.report.DATED_BY`), so that the date is the one every table gives."""
    tables = tables_for(method, kpis, by=by)
    return tables if as_at is not None else tables | frozenset(DATED_BY)


def shipped_mappings() -> list[tuple[str, str, Path]]:
    """The mappings wfkpi ships for HR systems: name, what each reads, and its file."""
    return [(name, load_mapping(path).about or "", path) for name, path in shipped().items()]


def read_options(standard_week: float | None, as_at: dt.date | None,
                 progress: Progress | None, limits: Limits | None = None,
                 tables: frozenset[str] | None = None, unread_why: str = "") -> ReadOptions:
    """How to read: the reference date, the progress callback, the limits on one file, the
    tables to read (every one when None) and why the others are not, and the standard week
    when one is given (the reader's default otherwise)."""
    options = ReadOptions(as_at=as_at, progress=progress, limits=limits or Limits(),
                          tables=tables)
    if unread_why:
        options = replace(options, unread_why=unread_why)
    if standard_week is not None:
        options = replace(options, standard_week=standard_week)
    return options


def source_params(extract: Extract) -> dict[str, str]:
    """KPI parameters the kind of extract sets unless they are given: an ASC-WDS file's
    vacancies are posts, so sfc's vacancy rate counts posts over staff records, as Skills for
    Care does (``vacancy_basis``; docs/kpis.md)."""
    return {"vacancy_basis": "posts"} if extract.method == "sfc" else {}


def input_quality(extract: Extract) -> dict[str, Any]:
    """What reading found, as aggregates only: no cell values, no identifiers. The verdict and
    the counts cover the tables read (``tables``); ``unread`` names the files of the tables left
    unread, and why."""
    tally = extract.tally()
    return {
        "verdict": tally["verdict"],
        "errors": tally["errors"],
        "warnings": tally["warnings"],
        "issues": tally["by_code"],
        "tables": [
            {"table": s.table, "file": s.file, "sheet": s.sheet, "rows": s.rows,
             "set_aside": s.set_aside, "loaded": s.rows - s.set_aside, "matched": s.matched}
            for s in extract.sources
        ],
        "unread": [unread.to_dict() for unread in extract.unread],
    }


def reference_date(extract: Extract, as_at: dt.date | None) -> tuple[dt.date, str]:
    """The reference date given, or else the one the data gives (a census's), or else the last
    month-end the data covers; and which."""
    workers = extract.tables.get("workers")
    if workers is None or not len(workers):
        raise UnusableData(extract)
    dated_by_data = as_at is None and extract.reference_date is not None
    if as_at is not None:
        source = "given"
    elif extract.reference_date is not None:
        as_at, source = extract.reference_date, extract.reference_how
    else:
        tables = extract.tables
        as_at = default_as_at(workers, tables.get("vacancies"), tables.get("absences"))
        source = "the last month-end the data covers"
    active = active_spells(workers, as_at)
    if not active:
        first, last = workers["start_date"].min().date(), workers["start_date"].max().date()
        if dated_by_data:  # nothing in the data fits its own date: the data is at fault
            raise InconsistentData(f"{extract.path}: no worker spell is active in the 12 months "
                                   f"to {as_at}, {source}; its spells start from {first} to "
                                   f"{last}, so the file's dates do not fit its own reference "
                                   "date (--as-at reports another date)")
        raise UsageError(f"no worker spell is active in the 12 months to {as_at}; the spells in "
                         f"the data start from {first} to {last}: choose --as-at within them")
    planned = planned_ends(workers, as_at)
    if planned:
        source += f"; {planned} end date{'s' if planned > 1 else ''} after it read as planned"
    return as_at, source




class InconsistentData(WfkpiError):
    """The data gives its own reference date, and no worker spell in it is active in the year
    to that date: the data is at fault, not the command."""

    exit_code = 3


class UnusableData(WfkpiError):
    """The workers table could not be read at all, so there is nothing to compute from."""

    exit_code = 3

    def __init__(self, extract: Extract) -> None:
        errors = [i for i in extract.issues if i.severity == "error"][:3]
        where = "; ".join(f"{i.file}{f' row {i.row}' if i.row else ''}: {i.message}"
                          for i in errors)
        super().__init__(f"no usable workers table ({where}); run `wfkpi validate` for details")
        self.extract = extract
