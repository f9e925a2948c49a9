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
from typing import TYPE_CHECKING, Any

from wfkpi.errors import UsageError, WfkpiError
from wfkpi.issues import Issue
from wfkpi.read import Extract, ReadOptions, csww, load_extract, load_mapping
from wfkpi.read.limits import Limits

if TYPE_CHECKING:
    from wfkpi.trend import Trend

Progress = Callable[[str, int, int], None]  # (file being read, files done, files in all)


def read(path: Path, mapping: Path | None = None, *, standard_week: float | None = None,
         as_at: dt.date | None = None, progress: Progress | None = None,
         limits: Limits | None = None) -> Extract:
    """Read and check the extract at ``path``, through the optional mapping file.

    ``standard_week`` (hours) turns ASC-WDS contracted hours into FTE (default 37);
    ``as_at`` is the reference date when one is given (ASC-WDS dates its counted leavers by it);
    ``progress`` is called before each file is read; ``limits`` bound what one file may hold
    (:class:`wfkpi.read.limits.Limits`; a file over one is an ``over-limit`` issue).
    """
    return load_extract(path, load_mapping(mapping) if mapping else None,
                        _read_options(standard_week, as_at, progress, limits))


def validate(path: Path, mapping: Path | None = None, *, standard_week: float | None = None,
             progress: Progress | None = None, limits: Limits | None = None) -> Extract:
    """:func:`read`, then the extract's own KPIs at its default reference date checked for
    figures outside what is possible or plausible (``implausible`` warnings; docs/kpis.md,
    "Plausibility")."""
    extract = read(path, mapping, standard_week=standard_week, progress=progress, limits=limits)
    extract.issues.extend(implausible(extract))
    return extract


def implausible(extract: Extract) -> list[Issue]:
    """An ``implausible`` warning for each KPI of the extract's own method that carries a
    plausibility flag at the default reference date (none when nothing can be computed)."""
    from wfkpi.render.report import number

    try:
        run = report_of(extract)
    except WfkpiError:  # no usable workers, or no spell in the year: validate says why
        return []
    at = f"{run.report.as_at:%d %b %Y}"
    return [Issue("implausible", f"{result.label} ({result.id}, method {result.method}) at "
                                 f"{at}: {flag.removeprefix('implausible: ')}",
                  file=extract.path, column=result.id, value=number(result.value, result.unit))
            for result in run.report.kpis.values() for flag in result.flags]


def _read_options(standard_week: float | None, as_at: dt.date | None,
                  progress: Progress | None, limits: Limits | None = None) -> ReadOptions:
    options = ReadOptions(as_at=as_at, progress=progress, limits=limits or Limits())
    if standard_week is not None:
        options = replace(options, standard_week=standard_week)
    return options


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
    limits: Limits | None = None,
    params: dict[str, str] | None = None,
) -> ReportRun:
    """Every KPI of ``method`` for the extract at ``path``; see ``docs/kpis.md``.

    Without a method, the source's own: sfc for ASC-WDS files, else dfe. ``params`` sets KPI
    parameters by name (``wfkpi.engine.params``; defaults for the rest).
    """
    extract = read(path, mapping, standard_week=standard_week, as_at=as_at, progress=progress,
                   limits=limits)
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
    from wfkpi import engine

    method = method or extract.method
    with _engine_errors():
        as_at, source = _reference_date(extract, as_at)
        chosen = engine.resolve_scope_name(scope, scopes_file) if scope else None
        result = engine.compute(extract.tables["workers"], extract.tables.get("vacancies"),
                                extract.tables.get("absences"), as_at=as_at, method=method,
                                scope=chosen, by=by, suppress_below=suppress_below,
                                records=extract.tables,
                                params={**source_params(extract), **(params or {})})
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
    limits: Limits | None = None,
    community: Path | None = None,
) -> dict[str, Any]:
    """The council's strategy targets tested on the extract at ``path`` (docs/targets.md);
    ``community`` is a community profile for representation targets."""
    chosen = strategy(council, targets_file, scopes_file, community)
    extract = read(path, mapping, standard_week=standard_week, as_at=as_at, progress=progress,
                   limits=limits)
    return scorecard_of(extract, chosen, as_at=as_at, path=str(path))


@dataclass(frozen=True)
class Strategy:
    """A council's targets with what testing them needs: loaded once, tested on any extract."""

    id: str
    council: Any  # wfkpi.targets.config.Council
    peers: list[Any]  # wfkpi.targets.config.Peer
    scopes_file: Path | None
    community: Any = None  # wfkpi.targets.community.Community, for representation targets


def strategy(council: str, targets_file: Path | None = None,
             scopes_file: Path | None = None, community: Path | None = None) -> Strategy:
    """The targets of ``council`` from the targets file (a UsageError for an unknown council),
    with the community profile at ``community`` (docs/targets.md) when one is given."""
    from wfkpi.targets import config
    from wfkpi.targets.community import load_community

    targets = councils(targets_file, scopes_file)
    if council not in targets.councils:
        raise UsageError(f"unknown council '{council}' (configured: "
                         f"{', '.join(targets.councils)}); see `wfkpi councils`")
    profile = load_community(community) if community else None
    return Strategy(council, targets.councils[council], config.load_peers().peers, scopes_file,
                    profile)


def scorecard_of(extract: Extract, strategy: Strategy, *, as_at: dt.date | None = None,
                 path: str | None = None) -> dict[str, Any]:
    """:func:`scorecard` for an extract already read; ``path`` is the data's as shown."""
    from wfkpi.targets import scorecard as card
    from wfkpi.targets.benchmarks import dfe

    area = strategy.council.dfe_area
    if area:  # a census return names its authority: is it this council's?
        found = csww.la_code_issues(extract, dfe().la_codes(area), area)
        if found:
            extract = replace(extract, issues=[*extract.issues, *found])
    with _engine_errors():
        as_at, source = _reference_date(extract, as_at)
        return card.build(strategy.id, strategy.council, strategy.peers, extract.tables,
                          as_at=as_at, as_at_source=source, path=path or extract.path,
                          input_quality=input_quality(extract),
                          scopes_file=strategy.scopes_file, community=strategy.community,
                          params=source_params(extract))


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
    and with ``council`` its strategy's targets too: a :class:`wfkpi.trend.Trend`.

    Each month is read once, with its last day as the reference date, and computed exactly as
    :func:`report` (and :func:`scorecard`) compute one extract. ``progress`` is called before
    each month is read (with the month as YYYY-MM, months done, months in all) and once at the
    end (with ``path``). See ``docs/trend.md``.
    """
    from wfkpi import trend as monthly

    loaded = load_mapping(mapping) if mapping else None
    months = monthly.find_months(path, loaded)
    chosen = strategy(council, targets_file, scopes_file, community) if council else None
    points = []
    for done, month in enumerate(months):
        if progress:
            progress(month.month, done, len(months))
        extract = monthly.read_month(month, loaded,
                                     _read_options(standard_week, month.as_at, None, limits))
        run = report_of(extract, as_at=month.as_at, method=method, scope=scope,
                        scopes_file=scopes_file, params=params)
        card = scorecard_of(extract, chosen, as_at=month.as_at, path=month.where) \
            if chosen else None
        points.append(monthly.Point(month, run.report, card))
    if progress:
        progress(str(path), len(months), len(months))
    methods = sorted({point.report.method for point in points})
    if len(methods) > 1:
        raise UsageError(f"the months of {path} are of different kinds of extract, read by "
                         f"different methods ({', '.join(methods)}): choose one with --method")
    return monthly.Trend(str(path), methods[0], scope, tuple(points), chosen)


def _reference_date(extract: Extract, as_at: dt.date | None) -> tuple[dt.date, str]:
    """The reference date given, or else the one the data gives (a census's), or else the last
    month-end the data covers; and which."""
    from wfkpi import engine

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
        as_at = engine.default_as_at(workers, tables.get("vacancies"), tables.get("absences"))
        source = "the last month-end the data covers"
    active = engine.active_spells(workers, as_at)
    if not active:
        first, last = workers["start_date"].min().date(), workers["start_date"].max().date()
        if dated_by_data:  # nothing in the data fits its own date: the data is at fault
            raise InconsistentData(f"{extract.path}: no worker spell is active in the 12 months "
                                   f"to {as_at}, {source}; its spells start from {first} to "
                                   f"{last}, so the file's dates do not fit its own reference "
                                   "date (--as-at reports another date)")
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
    limits: Limits | None = None,
) -> CensusExport:
    """The DfE census return for ``year`` built from the extract at ``path`` (docs/census.md)."""
    from wfkpi import engine
    from wfkpi.export import csww

    extract = read(path, mapping, limits=limits)
    workers = extract.tables.get("workers")
    if workers is None or not len(workers):
        raise UnusableData(extract)
    tables = dict(extract.tables)
    if scope:
        with _engine_errors():
            chosen = engine.resolve_scope_name(scope, scopes_file)
        limited, _ = engine.scoped(tables, chosen)
        tables = {name: frame for name, frame in limited.items() if frame is not None}
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


def source_params(extract: Extract) -> dict[str, str]:
    """KPI parameters the kind of extract sets unless they are given: an ASC-WDS file's
    vacancies are posts, so sfc's vacancy rate counts posts over staff records, as Skills for
    Care does (``vacancy_basis``; docs/kpis.md)."""
    return {"vacancy_basis": "posts"} if extract.method == "sfc" else {}


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
             "set_aside": s.set_aside, "loaded": s.rows - s.set_aside, "matched": s.matched}
            for s in extract.sources
        ],
    }


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
