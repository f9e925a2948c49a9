"""A council's scorecard: each strategy target with the KPI that tests it, a status and benchmarks.

Statuses (docs/targets.md): **green** the target is met; **amber** missed, but within the amber
band the target file gives; **red** missed beyond it; **no data** the KPI has no value (or the
comparison has nothing to compare with); **not measured** no HR extract can measure the target.
"""

from __future__ import annotations

import datetime as dt
from collections import Counter
from dataclasses import dataclass
from typing import Any

import pandas as pd

from wfkpi import engine
from wfkpi.engine import SMALL_GROUP, Period, Report, Scope
from wfkpi.engine.plausibility import DATA_GAPS, GREEN_MAX_GAP, gap_share
from wfkpi.targets.benchmarks import DFE_ATTRIBUTION, Figure, dfe
from wfkpi.targets.community import Community
from wfkpi.targets.config import (
    BENCHMARKED,
    VS_PREVIOUS,
    Amber,
    Breakdown,
    Council,
    Peer,
    Range,
    Target,
)

STATUSES = ("green", "amber", "red", "no data", "not measured")
# A group of a breakdown target too small to judge (docs/targets.md) has this status instead.
NOT_JUDGED = "not judged"
# A report a scorecard computes: method, scope, reference date, the target's parameters and its
# breakdown (the column, and the groups it names).
Key = tuple[str | None, str | None, dt.date, tuple[tuple[str, Any], ...],
            tuple[str, tuple[str | int, ...]] | None]
# DfE's population (docs/targets.md, "Benchmarks"): a children's social-work extract as it is,
# or its qualified social workers. A scope with any other condition is a narrower population.
DFE_POPULATION = {"qualified_social_worker": (True,)}
SCHEMA_VERSION = 1


@dataclass(frozen=True)
class Judgement:
    status: str
    note: str


def _fmt(value: float, unit: str | None) -> str:
    """A figure in a status note: 1 decimal place, whole numbers for people and cases."""
    if unit in ("%", "percent"):
        return f"{value:,.1f}%"
    if unit in ("people", "cases") and float(value).is_integer():
        return f"{value:,.0f}"
    if unit == "ratio":
        return f"{value:,.2f}"
    return f"{value:,.1f}"


def judge(target: Target, value: float | None, *, previous: float | None = None,
          benchmark: float | None = None, why_none: str = "", unit: str | None = None) -> Judgement:
    """The status of one target given the KPI's value (and what it is compared with);
    ``unit`` is the KPI's, for wording the note (default: the target's)."""
    if not target.measurable:
        return Judgement("not measured", target.reason or "")
    if value is None:
        return Judgement("no data", why_none or "the KPI has no value")
    unit, amber = unit or target.unit, target.amber or Amber()
    # Judged as published: to 1 decimal place, like DfE's figures and the benchmarks (a ratio
    # around 1, to 2).
    places = 2 if unit == "ratio" else 1
    value = round(value, places)
    previous = None if previous is None else round(previous, places)
    shown = _fmt(value, unit)
    comparison = target.comparison
    if comparison in ("<", "<=", ">", ">="):
        assert isinstance(target.value, float | int)
        limit = amber.upper if comparison in ("<", "<=") else amber.lower
        return _against(value, comparison, float(target.value), limit, unit, "the target")
    if comparison == "range":
        assert isinstance(target.value, Range)
        low, high = target.value.min, target.value.max
        if low <= value <= high:
            return Judgement("green", f"{shown} is within {low:g} to {high:g}")
        gap = low - value if value < low else value - high
        if amber.margin is not None and gap <= amber.margin:
            return Judgement("amber", f"{shown} is outside {low:g} to {high:g} by "
                                      f"{gap:.{places}f}, within the amber margin of "
                                      f"{amber.margin:g}")
        return Judgement("red", f"{shown} is outside {low:g} to {high:g}")
    if comparison in BENCHMARKED:
        assert target.benchmark is not None
        if benchmark is None:
            if target.benchmark.source == "community":
                return Judgement("no data", "no community profile to compare with: give one "
                                            "with --community FILE (docs/targets.md)")
            return Judgement("no data", f"no {target.benchmark.geography} figure to compare with")
        op = {"<=benchmark": "<=", ">=benchmark": ">=", ">benchmark": ">"}[comparison]
        margin = amber.margin
        limit = None if margin is None else benchmark + margin if op == "<=" else \
            benchmark - margin
        return _against(value, op, benchmark, limit, unit, target.benchmark.geography)
    if comparison in VS_PREVIOUS:
        if previous is None:
            return Judgement("no data", why_none or "no figure for the previous year")
        return _change(target, value, previous, amber, unit)
    return Judgement("not measured", "the target states no figure or direction to test")


def _against(value: float, op: str, bound: float, limit: float | None, unit: str | None,
             what: str) -> Judgement:
    met = {"<": value < bound, "<=": value <= bound, ">": value > bound, ">=": value >= bound}[op]
    shown, target = _fmt(value, unit), f"{what} ({op} {_fmt(bound, unit)})"
    if met:
        return Judgement("green", f"{shown} meets {target}")
    below = op in ("<", "<=")
    if limit is not None and (value <= limit if below else value >= limit):
        return Judgement("amber", f"{shown} misses {target} but is within the amber limit of "
                                  f"{_fmt(limit, unit)}")
    beyond = f"; the amber limit is {_fmt(limit, unit)}" if limit is not None else ""
    return Judgement("red", f"{shown} misses {target}{beyond}")


def _change(target: Target, value: float, previous: float, amber: Amber,
            unit: str | None) -> Judgement:
    moved = f"{_fmt(previous, unit)} → {_fmt(value, unit)}"
    if target.change == "relative":
        if previous == 0:
            return Judgement("no data", f"{moved}: no change in % can be taken from 0")
        # scaled first (30 × 100 / 200 is exactly 15), and judged as shown, to 1 decimal place
        change = round((value - previous) * 100 / previous, 1)
        moved += f" ({change:+.1f}%)"
    else:
        change = value - previous
    if target.comparison == "range_vs_previous":
        assert isinstance(target.value, Range)
        if target.value.min <= change <= target.value.max:
            return Judgement("green", f"{moved}: the change is within the range")
        return Judgement("red", f"{moved}: the change is outside the range")
    down = target.comparison == "decrease_vs_previous"
    gain = -change if down else change  # the change the right way
    if isinstance(target.value, float | int):  # a stated size of change: "a 15% increase"
        need = float(target.value)
        if gain >= need:
            return Judgement("green", f"{moved}: moved the right way by {need:g} or more")
        if amber.lower is not None and gain >= amber.lower:
            return Judgement("amber", f"{moved}: short of {need:g} but at least {amber.lower:g}")
        return Judgement("red", f"{moved}: short of {need:g}")
    tolerance = amber.tolerance or 0.0
    if amber.unit == "percent":
        tolerance = abs(previous) * tolerance / 100
    if gain > 0:
        return Judgement("green", f"{moved}: moved the right way")
    if -gain <= tolerance:
        return Judgement("amber", f"{moved}: flat or worse by no more than {tolerance:.1f}")
    return Judgement("red", f"{moved}: moved the wrong way")


# --------------------------------------------------------------------------- building

def reaches_back(workers: pd.DataFrame, period_start: dt.date) -> bool:
    """Whether the extract holds last year's leavers: some spell ended before this window."""
    if "end_date" not in workers:
        return False
    return bool((workers["end_date"] < pd.Timestamp(period_start)).any())


def build(council_id: str, council: Council, peers: list[Peer],
          tables: dict[str, pd.DataFrame], *, as_at: dt.date, as_at_source: str, path: str,
          input_quality: dict[str, Any], scopes_file: Any = None,
          community: Community | None = None,
          params: dict[str, Any] | None = None) -> dict[str, Any]:
    """The scorecard of ``council`` for the extract's tables, as the documented plain dict;
    ``community`` is the profile representation targets are compared with; ``params`` the KPI
    parameters the extract's kind sets (a target's own ``params`` win)."""
    workers = tables["workers"]
    vacancies, absences = tables.get("vacancies"), tables.get("absences")
    scopes = {t.scope: engine.resolve_scope_name(t.scope, scopes_file)
              for t in council.targets if t.measurable and t.scope}
    # A report, or why there is none (a scope or breakdown this extract cannot apply).
    reports: dict[Key, Report | str] = {}

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
            days = (as_at, opening) if target.comparison in VS_PREVIOUS else (as_at,)
            for day in days:
                needed.setdefault(key(target, day), set()).add(target.kpi)

    def report(target: Target, day: dt.date) -> Report | str:
        assert target.method is not None
        at = key(target, day)
        if at not in reports:
            by = target.breakdown.by if target.breakdown else None
            try:
                reports[at] = engine.compute(
                    workers, vacancies, absences, as_at=day, method=target.method,
                    scope=population(scopes.get(target.scope), target.breakdown), by=by,
                    records=tables, params={**(params or {}), **target.params},
                    kpis=needed[at])
            except engine.ScopeError as exc:  # a scope this extract cannot apply: no data
                reports[at] = f"{exc}, so this target's scope cannot be applied"
            except engine.EngineError as exc:  # no column to break down by: no data
                if target.breakdown is None:
                    raise
                reports[at] = f"{exc}, so this target cannot be judged in " \
                              f"{target.breakdown.words()}"
        return reports[at]

    period_start = Period(as_at).start
    history = reaches_back(workers, period_start)
    year = dfe().year_for(as_at)  # None before DfE's first published year
    gaps = _reader_gaps(input_quality)
    rows = [_row(t, council, peers, report, as_at, history, year, community, gaps,
                 scopes.get(t.scope) if t.scope else None)
            for t in council.targets]
    summary = Counter(row["status"] for row in rows)
    definitions = {}
    for target in council.targets:
        if target.measurable and target.kpi and target.method:
            kpi = next(k for k in engine.kpis_of(target.method) if k.id == target.kpi)
            label = kpi.label_for(engine.resolve_params(target.params))
            definitions[(kpi.id, kpi.method, label)] = {
                "kpi": kpi.id, "method": kpi.method, "label": label, "unit": kpi.unit,
                "definition": " ".join(kpi.definition.split())}
    set_aside = {
        f"{method}:{_population_name(scope, grouping)}:{kpi_id}":
            dict(sorted(result.set_aside.items()))
        for (method, scope, day, _, grouping), rep in reports.items()
        if day == as_at and isinstance(rep, Report)
        for kpi_id, result in rep.kpis.items() if result.set_aside
    }
    return {
        "schema_version": SCHEMA_VERSION,
        "council": {"id": council_id, "name": council.name, "document": council.document,
                    "strategy_period": council.strategy_period.text},
        "path": path,
        "as_at": as_at.isoformat(),
        "period_start": period_start.isoformat(),
        "as_at_source": as_at_source,
        "summary": {status: summary.get(status, 0) for status in STATUSES},
        "rows": rows,
        "definitions": list(definitions.values()),
        "community": None if community is None else {
            "area": community.area, "source": community.source,
            "ethnic_minority_percent": community.ethnic_minority_percent},
        "data_quality": {"input": input_quality, "set_aside": set_aside},
        "attribution": DFE_ATTRIBUTION,
    }


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
         reader_gaps: list[str], scope: Scope | None) -> dict[str, Any]:
    result = previous = bench = None
    before: Report | str | None = None
    why = ""
    figures: list[Figure] = []
    groups: list[dict[str, Any]] = []
    current = report(target, as_at) if target.measurable and target.kpi else None
    if isinstance(current, str):
        why = current
    elif current is not None:
        assert target.kpi is not None
        result = current.kpis[target.kpi]
        why = result.note or ""
        if target.comparison in VS_PREVIOUS:
            if history:
                before = report(target, Period(as_at).opening)
                if isinstance(before, Report):
                    previous = before.kpis[target.kpi].value
                    why = why or (before.kpis[target.kpi].note or "")
            else:
                why = why or ("the extract holds no spell that ended before this year's window, "
                              "so it cannot give last year's figure; supply two years of history")
        bench, figures = _benchmarks(target, council, peers, year, result.unit, community, scope)
    judged = judge(target, None if result is None else result.value, previous=previous,
                   benchmark=bench, why_none=why, unit=result.unit if result else None)
    if target.breakdown is not None and isinstance(current, Report):
        groups = _groups(target, target.breakdown, current,
                         before if isinstance(before, Report) else None, bench)
        judged = _by_group(target, target.breakdown, groups, judged)
    flags = _flags(result, reader_gaps) if result is not None and result.value is not None \
        else []
    judged = _trusted(judged, flags)
    if result is not None and result.as_of is not None and result.value is not None:
        judged = Judgement(judged.status, f"{judged.note} (from the snapshot dated "
                                          f"{result.as_of:%d %b %Y}, the latest before the "
                                          "reference date)")
    return {
        "target_id": target.id,
        "kpi": target.kpi,
        "label": result.label if result else _label(target),
        "method": target.method,
        "scope": target.scope,
        "scope_inferred": target.scope_inferred,
        "unit": result.unit if result else None,
        "value": None if result is None else result.value,
        "numerator": None if result is None else result.numerator,
        "denominator": None if result is None else result.denominator,
        "target": target.describe(),
        "due": target.due.isoformat() if target.due else None,
        "status": judged.status,
        "status_note": judged.note,
        "previous": previous,
        "as_of": None if result is None or result.as_of is None else result.as_of.isoformat(),
        "flags": flags,
        "benchmark_value": bench,
        "benchmarks": [{"name": f.name, "value": f.value} for f in figures],
        "breakdown": None if target.breakdown is None else target.breakdown.by,
        "groups": groups,
        "source": {"document": target.source.document, "section": target.source.section,
                   "quote": target.source.quote},
        "note": target.note,
    }


# --------------------------------------------------------------------------- group by group

def _groups(target: Target, breakdown: Breakdown, current: Report, before: Report | None,
            benchmark: float | None) -> list[dict[str, Any]]:
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
            rows.append(_group_row(group.group, group.headcount, None, None, Judgement(
                NOT_JUDGED, f"fewer than {SMALL_GROUP} people: not judged, figures withheld")))
            continue
        result, was = group.kpis[target.kpi], earlier.get(group.group)
        why = result.note or (was.note if was is not None else None) or ""
        if not why and before is not None and was is None:
            why = f"no {breakdown.by.replace('_', ' ')} of this name a year earlier"
        previous = None if was is None else was.value
        judged = _trusted(judge(target, result.value, previous=previous, benchmark=benchmark,
                                why_none=why, unit=result.unit), _flags(result))
        rows.append(_group_row(group.group, group.headcount, result.value, previous, judged))
    held = {_same(row["group"]) for row in rows}
    for name in breakdown.groups:
        if _same(name) not in held:
            rows.append(_group_row(str(name), 0, None, None, Judgement(
                "no data", f"the extract has no {breakdown.by.replace('_', ' ')} of this name in "
                           "the target's population")))
    return rows


def _group_row(name: str, headcount: int, value: float | None, previous: float | None,
               judged: Judgement) -> dict[str, Any]:
    return {"group": name, "headcount": headcount, "value": value, "previous": previous,
            "status": judged.status, "note": judged.note}


def _by_group(target: Target, breakdown: Breakdown, groups: list[dict[str, Any]],
              together: Judgement) -> Judgement:
    """The status of a target judged group by group (docs/targets.md): red if any group is red,
    else amber if any is amber, or if some have no figure; green when every group of
    ``SMALL_GROUP`` people or more is green; no data when none could be judged. The note counts
    the groups and names those that missed, then gives the groups' figure together."""
    named = {status: [g["group"] for g in groups if g["status"] == status]
             for status in ("red", "amber", "green", "no data", NOT_JUDGED)}
    sized = len(groups) - len(named[NOT_JUDGED])
    parts = [f"{len(named['red'])} of {sized} {breakdown.plural} {_missed(target)}"
             + _names(named["red"])]
    parts += [f"{len(named['amber'])} amber" + _names(named["amber"])] if named["amber"] else []
    parts += [f"{len(named['green'])} green"] if named["green"] else []
    parts += [f"{len(named['no data'])} with no figure" + _names(named["no data"])] \
        if named["no data"] else []
    parts += [f"{len(named[NOT_JUDGED])} under {SMALL_GROUP} people, not judged"
              + _names(named[NOT_JUDGED])] if named[NOT_JUDGED] else []
    note = f"{'; '.join(parts)}; the {breakdown.plural} together: {together.note}"
    if named["red"]:
        return Judgement("red", note)
    if named["amber"] or (named["green"] and named["no data"]):
        return Judgement("amber", note)
    if named["green"]:
        return Judgement("green", note)
    return Judgement("no data", note)


def _missed(target: Target) -> str:
    """What a red group did, in words: "worsened by more than 2 pp", "missed the target"."""
    amber = target.amber or Amber()
    if target.comparison in ("decrease_vs_previous", "increase_vs_previous") \
            and not isinstance(target.value, float | int):
        if not amber.tolerance:
            return "moved the wrong way"
        unit = {"pp": " pp", "percent": "% of last year's figure", None: ""}.get(
            amber.unit, f" {amber.unit}")
        return f"worsened by more than {amber.tolerance:g}{unit}"
    if target.comparison == "range_vs_previous":
        return "changed by more than the range allows"
    banded = amber.upper is not None or amber.lower is not None or amber.margin is not None
    return "missed the target beyond the amber band" if banded else "missed the target"


def _names(names: list[str]) -> str:
    return f": {', '.join(names)}" if names else ""


def _reader_gaps(input_quality: dict[str, Any]) -> list[str]:
    """Why no figure of the extract can be trusted to be green, from what reading found: more
    than ``GREEN_MAX_GAP`` of the workers table's rows set aside, or a workbook with sheets of
    data that were not read (agency staff on a second sheet)."""
    tables = [t for t in input_quality.get("tables", []) if t["table"] == "workers"]
    rows, aside = sum(t["rows"] for t in tables), sum(t["set_aside"] for t in tables)
    share = aside / rows if rows else 0.0
    gaps = []
    if share > GREEN_MAX_GAP:
        gaps.append(f"data quality: {aside:,} of {rows:,} worker rows set aside by validation "
                    f"({share:.0%})")
    unread = input_quality.get("issues", {}).get("other-sheet", 0)
    if unread:
        gaps.append(f"data quality: {unread} sheet{'s' if unread > 1 else ''} of data not read "
                    "(other-sheet; `wfkpi validate` names them)")
    return gaps


def _flags(result: Any, reader_gaps: list[str] | None = None) -> list[str]:
    """Why a computed figure should not be taken on trust: it is implausible, more than
    ``GREEN_MAX_GAP`` of the rows it rests on are gaps in the data, or reading left data out
    (:func:`_reader_gaps`; docs/targets.md)."""
    flags = list(result.flags)
    share, gaps = gap_share(result.rows_used, result.set_aside)
    if share > GREEN_MAX_GAP:
        reasons = ", ".join(f"{reason} {n:,}" for reason, n in sorted(result.set_aside.items())
                            if reason in DATA_GAPS)
        flags.append(f"data quality: {gaps:,} of {result.rows_used + gaps:,} rows are gaps "
                     f"({share:.0%}: {reasons})")
    return flags + list(reader_gaps or [])


def _trusted(judged: Judgement, flags: list[str]) -> Judgement:
    """A status that a flag holds back from green: green needs a figure that can be trusted
    (no more than ``GREEN_MAX_GAP`` of its rows gaps in the data, and plausible)."""
    if not flags:
        return judged
    said = "; ".join(flags)
    if judged.status == "green":
        return Judgement("amber", f"{judged.note}, but not green until the data is fixed: "
                                  f"{said}; green needs at most {GREEN_MAX_GAP:.0%} of the rows "
                                  "to be gaps, and a plausible figure")
    return Judgement(judged.status, f"{judged.note}; {said}")


def _label(target: Target) -> str:
    return target.id.replace("_", " ").capitalize()


def _benchmarks(target: Target, council: Council, peers: list[Peer], year: int | None,
                unit: str, community: Community | None,
                scope: Scope | None) -> tuple[float | None, list[Figure]]:
    """The figure a benchmark target is compared with, and every figure to show beside it.

    DfE's published figures (docs/targets.md, "Benchmarks") are set beside a ``dfe`` KPI of a
    children's council (one with a DfE area) only, for a year DfE has published; where the
    target counts fewer people than DfE's population they are labelled as context.
    """
    assert target.kpi is not None
    rate = unit in ("%", "cases per FTE")
    children = council.dfe_area is not None
    published = dfe().comparators(council.dfe_area, year, target.kpi, rate=rate) \
        if children and target.method == "dfe" and year is not None else []
    others: list[Figure] = []
    bench = None
    spec = target.benchmark
    if spec is not None:
        if spec.source == "dfe" and year is not None:
            for area in (spec.geography, spec.alternative):
                if area and (bench := dfe().value(area, year, target.kpi)) is not None:
                    figure = dfe().figure(area, year, target.kpi)
                    if figure and figure not in published:
                        published.append(figure)
                    break
        elif spec.source == "community" and community is not None:
            bench = community.ethnic_minority_percent
            others.append(Figure(f"{community.area}, community profile", bench))
        elif spec.value is not None:
            bench = spec.value
            others.append(Figure(f"{spec.geography}, as stated in the strategy", spec.value))
    narrower = _narrower_than_dfe(scope, target.breakdown)
    if narrower:
        published = [Figure(f"{f.name} (context: all children's social workers, not only "
                            f"{narrower})", f.value) for f in published]
    # The practice examples are children's services: set them beside children's councils' rates
    # only (a council with a DfE area), in the national (dfe) or HR records (lg) definitions.
    for peer in peers if rate and children and target.method in ("dfe", "lg") else []:
        if peer.kpi == target.kpi and isinstance(peer.value, float | int):
            when = f", {peer.period}" if peer.period else ""
            others.append(Figure(f"{peer.council} (own figure{when})", float(peer.value)))
    return bench, published + others


def _narrower_than_dfe(scope: Scope | None, breakdown: Breakdown | None) -> str | None:
    """Who a target counts where that is narrower than DfE's population (everyone in a children's
    social-work extract, or its qualified social workers), in words; None when it is DfE's."""
    parts = []
    if scope is not None and dict(scope.where) != DFE_POPULATION:
        label = scope.label or scope.name.replace("_", " ")
        parts.append(label if label[1:2].isupper() else label[:1].lower() + label[1:])
    if breakdown is not None and breakdown.groups:
        parts.append(f"{len(breakdown.groups)} named {breakdown.plural}")
    return " in ".join(parts) or None
