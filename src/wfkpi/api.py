"""The library's front door: one function per command, from a path to a result.

Each function reads, computes and returns a result object; rendering is the caller's business.
The command line calls these and nothing else, so anything it can do a script can do too.
"""

from __future__ import annotations

import datetime as dt
from collections.abc import Callable, Iterator
from contextlib import contextmanager
from dataclasses import dataclass, replace
from pathlib import Path
from typing import Any

from wfkpi.errors import UsageError, WfkpiError
from wfkpi.read import Extract, ReadOptions, load_extract, load_mapping

Progress = Callable[[str, int, int], None]  # (file being read, files done, files in all)


def read(path: Path, mapping: Path | None = None, *, standard_week: float | None = None,
         as_at: dt.date | None = None, progress: Progress | None = None) -> Extract:
    """Read and check the extract at ``path``, through the optional mapping file.

    ``standard_week`` (hours) turns ASC-WDS contracted hours into FTE (default 37);
    ``as_at`` is the reference date when one is given (ASC-WDS dates its counted leavers by it);
    ``progress`` is called before each file is read.
    """
    options = ReadOptions(as_at=as_at, progress=progress)
    if standard_week is not None:
        options = replace(options, standard_week=standard_week)
    return load_extract(path, load_mapping(mapping) if mapping else None, options)


@dataclass(frozen=True)
class ReportRun:
    """A computed report with how its reference date was chosen."""

    report: Any  # wfkpi.engine.Report
    extract: Extract
    as_at_source: str  # "given", or how the default was found


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
) -> ReportRun:
    """Every KPI of ``method`` for the extract at ``path``; see ``docs/kpis.md``.

    Without a method, the source's own: sfc for ASC-WDS files, else dfe.
    """
    from wfkpi import engine

    extract = read(path, mapping, standard_week=standard_week, as_at=as_at, progress=progress)
    method = method or extract.method
    with _engine_errors():
        as_at, source = _reference_date(extract, as_at)
        chosen = engine.resolve_scope_name(scope, scopes_file) if scope else None
        result = engine.compute(extract.tables["workers"], extract.tables.get("vacancies"),
                                extract.tables.get("absences"), as_at=as_at, method=method,
                                scope=chosen, by=by, suppress_below=suppress_below)
    result.data_quality["input"] = input_quality(extract)
    return ReportRun(result, extract, source)


def scorecard(
    path: Path,
    council: str,
    *,
    mapping: Path | None = None,
    as_at: dt.date | None = None,
    targets_file: Path | None = None,
    scopes_file: Path | None = None,
    standard_week: float | None = None,
    progress: Progress | None = None,
) -> dict[str, Any]:
    """The council's strategy targets tested on the extract at ``path`` (docs/targets.md)."""
    from wfkpi.targets import config
    from wfkpi.targets import scorecard as card

    targets = councils(targets_file, scopes_file)
    if council not in targets.councils:
        raise UsageError(f"unknown council '{council}' (configured: "
                         f"{', '.join(targets.councils)}); see `wfkpi councils`")
    extract = read(path, mapping, standard_week=standard_week, as_at=as_at, progress=progress)
    with _engine_errors():
        as_at, source = _reference_date(extract, as_at)
        return card.build(council, targets.councils[council], config.load_peers().peers,
                          extract.tables, as_at=as_at, as_at_source=source, path=str(path),
                          input_quality=input_quality(extract), scopes_file=scopes_file)


def _reference_date(extract: Extract, as_at: dt.date | None) -> tuple[dt.date, str]:
    """The reference date given, or else the last month-end the data covers; and which."""
    from wfkpi import engine

    workers = extract.tables.get("workers")
    if workers is None or not len(workers):
        raise UnusableData(extract)
    if as_at is not None:
        source = "given"
    elif extract.reference_date is not None:
        as_at, source = extract.reference_date, extract.reference_how
    else:
        tables = extract.tables
        as_at = engine.default_as_at(workers, tables.get("vacancies"), tables.get("absences"))
        source = "the last month-end the data covers"
    active = engine.active_spells(workers, as_at)
    if not active:
        first, last = workers["start_date"].min().date(), workers["start_date"].max().date()
        raise UsageError(f"no worker spell is active in the 12 months to {as_at}; the spells in "
                         f"the data start from {first} to {last}: choose --as-at within them")
    planned = engine.planned_ends(workers, as_at)
    if planned:
        source += f"; {planned} end date{'s' if planned > 1 else ''} after it read as planned"
    return as_at, source


@contextmanager
def _engine_errors() -> Iterator[None]:
    """An engine error (unknown scope, bad breakdown column) is the user's to fix: exit 2."""
    from wfkpi import engine

    try:
        yield
    except engine.EngineError as exc:
        raise UsageError(str(exc)) from None


@dataclass(frozen=True)
class CensusExport:
    """A census return written from an extract, with the extract's own reading."""

    census: Any  # wfkpi.export.csww.CensusReturn
    extract: Extract


def export_csww(
    path: Path,
    *,
    year: int,
    la: str,
    mapping: Path | None = None,
    scope: str | None = None,
    scopes_file: Path | None = None,
    answers: Path | None = None,
) -> CensusExport:
    """The DfE census return for ``year`` built from the extract at ``path`` (docs/census.md)."""
    from wfkpi import engine
    from wfkpi.export import csww

    extract = read(path, mapping)
    workers = extract.tables.get("workers")
    if workers is None or not len(workers):
        raise UnusableData(extract)
    tables = dict(extract.tables)
    if scope:
        with _engine_errors():
            chosen = engine.resolve_scope_name(scope, scopes_file)
        scoped = engine.scoped(workers, tables.get("vacancies"), tables.get("absences"), chosen)
        tables.update(zip(("workers", "vacancies", "absences"), scoped[:3], strict=True))
        tables = {name: frame for name, frame in tables.items() if frame is not None}
    return CensusExport(csww.build(tables, year=year, la=la,
                                   answers=csww.load_answers(answers) if answers else None),
                        extract)


def councils(targets_file: Path | None = None, scopes_file: Path | None = None) -> Any:
    """The targets file, checked against the scopes in use (a ConfigError when it is wrong)."""
    from wfkpi import engine
    from wfkpi.targets import config

    targets = config.load_targets(targets_file)
    with _engine_errors():
        known = set(engine.load_scopes(scopes_file))
    config.check_scopes(targets, known, str(targets_file or "targets.yaml"))
    return targets


def input_quality(extract: Extract) -> dict[str, Any]:
    """What reading found, as aggregates only: no cell values, no identifiers."""
    tally = extract.tally()
    return {
        "verdict": tally["verdict"],
        "errors": tally["errors"],
        "warnings": tally["warnings"],
        "issues": tally["by_code"],
        "tables": [
            {"table": s.table, "file": s.file, "sheet": s.sheet, "rows": s.rows,
             "set_aside": s.set_aside, "loaded": s.rows - s.set_aside}
            for s in extract.sources
        ],
    }


class UnusableData(WfkpiError):
    """The workers table could not be read at all, so there is nothing to compute from."""

    exit_code = 3

    def __init__(self, extract: Extract) -> None:
        errors = [i for i in extract.issues if i.severity == "error"][:3]
        where = "; ".join(f"{i.file}{f' row {i.row}' if i.row else ''}: {i.message}"
                          for i in errors)
        super().__init__(f"no usable workers table ({where}); run `wfkpi validate` for details")
        self.extract = extract
