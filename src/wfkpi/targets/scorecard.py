"""A council's scorecard: each strategy target with the KPI that tests it, a status and benchmarks.

:func:`build` computes the KPIs the targets test and hands back a :class:`Scorecard`, whose
``to_dict()`` is the JSON contract (docs/targets.md) every format is drawn from. Statuses and
their notes are decided in :mod:`wfkpi.targets.judge`.
"""

from __future__ import annotations

import datetime as dt
from collections import Counter
from dataclasses import dataclass
from typing import Any

import pandas as pd

from wfkpi.core.errors import EngineError, ScopeError
from wfkpi.core.names import SCHEMA_VERSION, STATUSES
from wfkpi.engine.params import resolve as resolve_params
from wfkpi.engine.periods import Period
from wfkpi.engine.report import Shared, compute, kpis_of, tables_for
from wfkpi.engine.results import SMALL_GROUP, Report
from wfkpi.engine.scopes import Scope, resolve_scope_name
from wfkpi.targets.benchmarks import DFE_ATTRIBUTION, Figure, benchmarks_for, dfe
from wfkpi.targets.community import Community
from wfkpi.targets.config import Breakdown, Council, Peer, Source, Target
from wfkpi.targets.judge import (
    NOT_JUDGED,
    Judgement,
    by_group,
    judge,
    needs_previous,
    reading_gaps,
    trust_flags,
    trusted,
)
from wfkpi.targets.position import (
    NEIGHBOURS_ATTRIBUTION,
    NEIGHBOURS_SOURCE,
    Neighbours,
    Position,
    council_neighbours,
    target_position,
)

# A report a scorecard computes: method, scope, reference date, the target's parameters and its
# breakdown (the column, and the groups it names).
Key = tuple[str | None, str | None, dt.date, tuple[tuple[str, Any], ...],
            tuple[str, tuple[str | int, ...]] | None]
# The statuses `--fail-on LEVEL` counts as a target missed.
MISSED = {"red": ("red",), "amber": ("red", "amber")}


@dataclass(frozen=True)
class GroupRow:
    """One group of a target judged group by group (a group too small to judge shows no
    figure)."""

    group: str
    headcount: int
    value: float | None
    previous: float | None
    status: str
    note: str

    def to_dict(self) -> dict[str, Any]:
        return {"group": self.group, "headcount": self.headcount, "value": self.value,
                "previous": self.previous, "status": self.status, "note": self.note}


@dataclass(frozen=True)
class Row:
    """One target of the card: the KPI that tests it with its figures, the status and why, and
    the figures set beside it. A target no extract can measure has no KPI figures."""

    target_id: str
    kpi: str | None
    label: str
    method: str | None
    scope: str | None
    scope_inferred: bool
    unit: str | None
    value: float | None
    numerator: float | None
    denominator: float | None
    target: str  # the target in words (:meth:`Target.describe`)
    due: dt.date | None
    status: str
    status_note: str
    previous: float | None  # the figure a year earlier, for a year-on-year target
    as_of: dt.date | None  # the snapshot's date, when the figure is not the reference date's
    flags: tuple[str, ...]
    benchmark_value: float | None  # the figure a benchmark target is compared with
    benchmarks: tuple[Figure, ...]
    breakdown: str | None
    groups: tuple[GroupRow, ...]
    source: Source
    note: str | None
    # the council's place among DfE's published figures for the KPI (docs/peers.md), or why
    # there is none
    peers: Position | None = None
    peers_note: str | None = None

    def to_dict(self) -> dict[str, Any]:
        return {
            "target_id": self.target_id,
            "kpi": self.kpi,
            "label": self.label,
            "method": self.method,
            "scope": self.scope,
            "scope_inferred": self.scope_inferred,
            "unit": self.unit,
            "value": self.value,
            "numerator": self.numerator,
            "denominator": self.denominator,
            "target": self.target,
            "due": None if self.due is None else self.due.isoformat(),
            "status": self.status,
            "status_note": self.status_note,
            "previous": self.previous,
            "as_of": None if self.as_of is None else self.as_of.isoformat(),
            "flags": list(self.flags),
            "benchmark_value": self.benchmark_value,
            "benchmarks": [{"name": f.name, "value": f.value} for f in self.benchmarks],
            "breakdown": self.breakdown,
            "groups": [group.to_dict() for group in self.groups],
            "source": {"document": self.source.document, "section": self.source.section,
                       "quote": self.source.quote},
            "note": self.note,
            "peers": None if self.peers is None else self.peers.to_dict(),
            "peers_note": self.peers_note,
        }


@dataclass(frozen=True)
class Definition:
    """A KPI a target uses, as the card defines it."""

    kpi: str
    method: str
    label: str
    unit: str
    definition: str

    def to_dict(self) -> dict[str, Any]:
        return {"kpi": self.kpi, "method": self.method, "label": self.label, "unit": self.unit,
                "definition": self.definition}


@dataclass(frozen=True)
class Scorecard:
    """A council's strategy targets tested on one extract at one reference date.

    ``data_quality`` is a plain dict, as in the engine's :class:`Report`: what reading found
    under ``"input"``, and under ``"set_aside"`` the rows each KPI left out
    (``method:population:kpi``).
    """

    council_id: str
    council: Council
    path: str
    as_at: dt.date
    period_start: dt.date
    as_at_source: str
    rows: tuple[Row, ...]
    definitions: tuple[Definition, ...]
    community: Community | None
    data_quality: dict[str, Any]

    @property
    def summary(self) -> dict[str, int]:
        """How many targets have each status, every status named."""
        counts = Counter(row.status for row in self.rows)
        return {status: counts.get(status, 0) for status in STATUSES}

    def missed(self, fail_on: str) -> list[str]:
        """The ids of the targets ``--fail-on`` counts as missed, in the card's order: with
        ``red`` the red ones, with ``amber`` the red and amber ones."""
        if fail_on not in MISSED:
            raise ValueError(f"fail_on is {' or '.join(MISSED)}, not {fail_on!r}")
        return [row.target_id for row in self.rows if row.status in MISSED[fail_on]]

    def to_dict(self) -> dict[str, Any]:
        """The documented JSON contract (docs/targets.md): keys in a fixed order, figures
        unrounded, no worker identifier anywhere."""
        community = self.community
        return {
            "schema_version": SCHEMA_VERSION,
            "council": {"id": self.council_id, "name": self.council.name,
                        "document": self.council.document,
                        "strategy_period": self.council.strategy_period.text},
            "path": self.path,
            "as_at": self.as_at.isoformat(),
            "period_start": self.period_start.isoformat(),
            "as_at_source": self.as_at_source,
            "summary": self.summary,
            "rows": [row.to_dict() for row in self.rows],
            "definitions": [definition.to_dict() for definition in self.definitions],
            "community": None if community is None else {
                "area": community.area, "source": community.source,
                "ethnic_minority_percent": community.ethnic_minority_percent},
            "data_quality": self.data_quality,
            "attribution": self.attribution,
        }

    @property
    def attribution(self) -> str:
        """DfE's licence statement, and the statistical neighbour groups' when a peer position
        uses them."""
        grouped = any(row.peers is not None and row.peers.neighbours_source == NEIGHBOURS_SOURCE
                      for row in self.rows)
        return f"{DFE_ATTRIBUTION} {NEIGHBOURS_ATTRIBUTION}" if grouped else DFE_ATTRIBUTION


# --------------------------------------------------------------------------- building

def tables_read(council: Council) -> frozenset[str]:
    """The tables :func:`build` reads for ``council``: those of the KPIs its measurable targets
    test and, for a target judged group by group, those its groups are taken from
    (:func:`wfkpi.engine.report.tables_for`). Any other table can be left unread."""
    tables = {"workers"}
    for target in council.targets:
        if target.measurable and target.kpi and target.method:
            by = target.breakdown.by if target.breakdown else None
            tables |= tables_for(target.method, [target.kpi], by=by)
    return frozenset(tables)


def reaches_back(workers: pd.DataFrame, period_start: dt.date) -> bool:
    """Whether the extract holds last year's leavers: some spell ended before this window."""
    if "end_date" not in workers:
        return False
    return bool((workers["end_date"] < pd.Timestamp(period_start)).any())


def build(council_id: str, council: Council, peers: list[Peer],
          tables: dict[str, pd.DataFrame], *, as_at: dt.date, as_at_source: str, path: str,
          input_quality: dict[str, Any], scopes_file: Any = None,
          community: Community | None = None,
          params: dict[str, Any] | None = None,
          neighbours: Neighbours | None = None) -> Scorecard:
    """The scorecard of ``council`` for the extract's tables; ``community`` is the profile
    representation targets are compared with; ``params`` the KPI parameters the extract's kind
    sets (a target's own ``params`` win); ``neighbours`` the statistical neighbours given for
    this run (else the council's own, docs/peers.md)."""
    workers = tables["workers"]
    vacancies, absences = tables.get("vacancies"), tables.get("absences")
    scopes = {t.scope: resolve_scope_name(t.scope, scopes_file)
              for t in council.targets if t.measurable and t.scope}
    # A report, or why there is none (a scope or breakdown this extract cannot apply).
    reports: dict[Key, Report | str] = {}
    shared = Shared()  # one population per scope, date and parameters, whatever the method

    def key(target: Target, day: dt.date) -> Key:
        grouping = None if target.breakdown is None else (target.breakdown.by,
                                                          target.breakdown.groups)
        return (target.method, target.scope, day, tuple(sorted(target.params.items())),
                grouping)

    # Each (method, scope, day, parameters, breakdown) is computed once, for the KPIs its
    # targets test.
    opening = Period(as_at).opening
    needed: dict[Key, set[str]] = {}
    for target in council.targets:
        if target.measurable and target.kpi:
            days = (as_at, opening) if needs_previous(target) else (as_at,)
            for day in days:
                needed.setdefault(key(target, day), set()).add(target.kpi)

    def report(target: Target, day: dt.date) -> Report | str:
        assert target.method is not None
        at = key(target, day)
        if at not in reports:
            by = target.breakdown.by if target.breakdown else None
            try:
                reports[at] = compute(
                    workers, vacancies, absences, as_at=day, method=target.method,
                    scope=population(scopes.get(target.scope), target.breakdown), by=by,
                    records=tables, params={**(params or {}), **target.params},
                    kpis=needed[at], shared=shared)
            except ScopeError as exc:  # a scope this extract cannot apply: no data
                reports[at] = f"{exc}, so this target's scope cannot be applied"
            except EngineError as exc:  # no column to break down by: no data
                if target.breakdown is None:
                    raise
                reports[at] = f"{exc}, so this target cannot be judged in " \
                              f"{target.breakdown.words()}"
        return reports[at]

    period_start = Period(as_at).start
    history = reaches_back(workers, period_start)
    year = dfe().year_for(as_at)  # None before DfE's first published year
    gaps = reading_gaps(input_quality)
    near = neighbours or council_neighbours(council_id, council)
    rows = tuple(_row(t, council, peers, report, as_at, history, year, community, gaps,
                      scopes.get(t.scope) if t.scope else None, near)
                 for t in council.targets)
    definitions = {}
    for target in council.targets:
        if target.measurable and target.kpi and target.method:
            kpi = next(k for k in kpis_of(target.method) if k.id == target.kpi)
            label = kpi.label_for(resolve_params(target.params))
            definitions[(kpi.id, kpi.method, label)] = Definition(
                kpi.id, kpi.method, label, kpi.unit, " ".join(kpi.definition.split()))
    set_aside = {
        f"{method}:{_population_name(scope, grouping)}:{kpi_id}":
            dict(sorted(result.set_aside.items()))
        for (method, scope, day, _, grouping), rep in reports.items()
        if day == as_at and isinstance(rep, Report)
        for kpi_id, result in rep.kpis.items() if result.set_aside
    }
    return Scorecard(council_id, council, path, as_at, period_start, as_at_source, rows,
                     tuple(definitions.values()), community,
                     {"input": input_quality, "set_aside": set_aside})


def population(scope: Scope | None, breakdown: Breakdown | None) -> Scope | None:
    """The people a target is judged on: its scope, and when its breakdown names groups, those
    groups only (where the scope limits the same column, the groups it allows too)."""
    if breakdown is None or not breakdown.groups:
        return scope
    where = dict(scope.where) if scope is not None else {}
    groups = breakdown.groups
    if breakdown.by in where:
        allowed = {_same(value) for value in where[breakdown.by]}
        groups = tuple(group for group in groups if _same(group) in allowed)
    where[breakdown.by] = groups
    # built as it stands: the groups were checked with the targets file, and may be none at all
    return Scope.model_construct(
        name=_population_name(scope.name if scope else None, (breakdown.by, breakdown.groups)),
        label=None, description=None, where=where)


def _population_name(scope: str | None, grouping: tuple[str, tuple[str | int, ...]] | None) -> str:
    """``case_holders (team: A, B)``: a target's scope, and the groups its breakdown names."""
    name = scope or "everyone"
    if grouping and grouping[1]:
        name += f" ({grouping[0]}: {', '.join(str(group) for group in grouping[1])})"
    return name


def _same(value: Any) -> str:
    """A group's name as groups are matched: ignoring case and surrounding spaces."""
    return str(value).strip().casefold()


def _row(target: Target, council: Council, peers: list[Peer], report: Any, as_at: dt.date,
         history: bool, year: int | None, community: Community | None,
         reader_gaps: list[str], scope: Scope | None, neighbours: Neighbours | None) -> Row:
    result = previous = bench = None
    before: Report | str | None = None
    why = ""
    figures: list[Figure] = []
    groups: list[GroupRow] = []
    current = report(target, as_at) if target.measurable and target.kpi else None
    if isinstance(current, str):
        why = current
    elif current is not None:
        assert target.kpi is not None
        result = current.kpis[target.kpi]
        why = result.note or ""
        if needs_previous(target):
            if history:
                before = report(target, Period(as_at).opening)
                if isinstance(before, Report):
                    previous = before.kpis[target.kpi].value
                    why = why or (before.kpis[target.kpi].note or "")
            else:
                why = why or ("the extract holds no spell that ended before this year's window, "
                              "so it cannot give last year's figure; supply two years of history")
        bench, figures = benchmarks_for(target, council, peers, year, result.unit, community,
                                        scope)
    judged = judge(target, None if result is None else result.value, previous=previous,
                   benchmark=bench, why_none=why, unit=result.unit if result else None)
    if target.breakdown is not None and isinstance(current, Report):
        groups = _groups(target, target.breakdown, current,
                         before if isinstance(before, Report) else None, bench)
        judged = by_group(target, [(g.group, g.status) for g in groups], judged)
    flags = trust_flags(result, reader_gaps) if result is not None and result.value is not None \
        else []
    judged = trusted(judged, flags)
    if result is not None and result.as_of is not None and result.value is not None:
        judged = Judgement(judged.status, f"{judged.note} (from the snapshot dated "
                                          f"{result.as_of:%d %b %Y}, the latest before the "
                                          "reference date)")
    placed = target_position(council, target, year, neighbours)
    return Row(
        target_id=target.id,
        kpi=target.kpi,
        label=result.label if result else _label(target),
        method=target.method,
        scope=target.scope,
        scope_inferred=target.scope_inferred,
        unit=result.unit if result else None,
        value=None if result is None else result.value,
        numerator=None if result is None else result.numerator,
        denominator=None if result is None else result.denominator,
        target=target.describe(),
        due=target.due,
        status=judged.status,
        status_note=judged.note,
        previous=previous,
        as_of=None if result is None else result.as_of,
        flags=tuple(flags),
        benchmark_value=bench,
        benchmarks=tuple(figures),
        peers=placed if isinstance(placed, Position) else None,
        peers_note=placed if isinstance(placed, str) else None,
        breakdown=None if target.breakdown is None else target.breakdown.by,
        groups=tuple(groups),
        source=target.source,
        note=target.note,
    )


# --------------------------------------------------------------------------- group by group

def _groups(target: Target, breakdown: Breakdown, current: Report, before: Report | None,
            benchmark: float | None) -> list[GroupRow]:
    """Each group of the breakdown judged on its own figure (against its own figure a year
    earlier for a year-on-year target); a group under ``SMALL_GROUP`` people is listed, neither
    judged nor its figures shown (a rate of two or three people tells on each of them); a group
    the target names that the extract does not hold is no data."""
    assert target.kpi is not None
    earlier = {g.group: g.kpis[target.kpi] for g in before.groups if not g.total} \
        if before is not None else {}
    rows = []
    for group in current.groups:
        if group.total:
            continue
        if group.small:
            rows.append(GroupRow(group.group, group.headcount, None, None, NOT_JUDGED,
                                 f"fewer than {SMALL_GROUP} people: not judged, figures "
                                 "withheld"))
            continue
        result, was = group.kpis[target.kpi], earlier.get(group.group)
        why = result.note or (was.note if was is not None else None) or ""
        if not why and before is not None and was is None:
            why = f"no {breakdown.by.replace('_', ' ')} of this name a year earlier"
        previous = None if was is None else was.value
        judged = trusted(judge(target, result.value, previous=previous, benchmark=benchmark,
                               why_none=why, unit=result.unit), trust_flags(result))
        rows.append(GroupRow(group.group, group.headcount, result.value, previous,
                             judged.status, judged.note))
    held = {_same(row.group) for row in rows}
    for name in breakdown.groups:
        if _same(name) not in held:
            rows.append(GroupRow(str(name), 0, None, None, "no data",
                                 f"the extract has no {breakdown.by.replace('_', ' ')} of this "
                                 "name in the target's population"))
    return rows


def _label(target: Target) -> str:
    return target.id.replace("_", " ").capitalize()
