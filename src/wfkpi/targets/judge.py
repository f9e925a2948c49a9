"""Every comparison a target can make, in one place: a figure's status and the words that say why,
a row's status from its groups', and the line a trend draws for a target.

Statuses (docs/targets.md): **green** the target is met; **amber** missed, but within the amber
band the target file gives; **red** missed beyond it; **no data** the KPI has no value (or the
comparison has nothing to compare with); **not measured** no HR extract can measure the target.

A new kind of comparison is a new name in the targets file's schema (``Comparison`` in
:mod:`wfkpi.targets.config`, with what it needs checked there) and its rules here: its status in
:func:`judge`, what a red group did in :func:`by_group`'s words, and its line in
:func:`target_value`.
"""

from __future__ import annotations

from collections.abc import Sequence
from dataclasses import dataclass
from typing import Any

from wfkpi.engine.plausibility import DATA_GAPS, GREEN_MAX_GAP, gap_share
from wfkpi.engine.results import SMALL_GROUP
from wfkpi.targets.config import BENCHMARKED, VS_PREVIOUS, Amber, Range, Target

# A group of a breakdown target too small to judge (docs/targets.md) has this status instead.
NOT_JUDGED = "not judged"


@dataclass(frozen=True)
class Judgement:
    status: str
    note: str


def needs_previous(target: Target) -> bool:
    """Whether the target compares with the figure a year earlier."""
    return target.comparison in VS_PREVIOUS


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
                                            "with --community FILE (see wfkpi docs targets)")
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


def _fmt(value: float, unit: str | None) -> str:
    """A figure in a status note: 1 decimal place, whole numbers for people and cases."""
    if unit in ("%", "percent"):
        return f"{value:,.1f}%"
    if unit in ("people", "cases") and float(value).is_integer():
        return f"{value:,.0f}"
    if unit == "ratio":
        return f"{value:,.2f}"
    return f"{value:,.1f}"


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


# --------------------------------------------------------------------------- group by group

def by_group(target: Target, groups: Sequence[tuple[str, str]], together: Judgement) -> Judgement:
    """The status of a target judged group by group (docs/targets.md), from each group's name
    and status: red if any group is red, else amber if any is amber, or if some have no figure;
    green when every group of ``SMALL_GROUP`` people or more is green; no data when none could
    be judged. The note counts the groups and names those that missed, then gives the groups'
    figure together (``together``)."""
    assert target.breakdown is not None
    plural = target.breakdown.plural
    named = {status: [name for name, was in groups if was == status]
             for status in ("red", "amber", "green", "no data", NOT_JUDGED)}
    sized = len(groups) - len(named[NOT_JUDGED])
    parts = [f"{len(named['red'])} of {sized} {plural} {_missed(target)}" + _names(named["red"])]
    parts += [f"{len(named['amber'])} amber" + _names(named["amber"])] if named["amber"] else []
    parts += [f"{len(named['green'])} green"] if named["green"] else []
    parts += [f"{len(named['no data'])} with no figure" + _names(named["no data"])] \
        if named["no data"] else []
    parts += [f"{len(named[NOT_JUDGED])} under {SMALL_GROUP} people, not judged"
              + _names(named[NOT_JUDGED])] if named[NOT_JUDGED] else []
    note = f"{'; '.join(parts)}; the {plural} together: {together.note}"
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


# --------------------------------------------------------------------------- trust

def trusted(judged: Judgement, flags: Sequence[str]) -> Judgement:
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


# --------------------------------------------------------------------------- the trend's line

def target_value(target: Target, previous: float | None,
                 benchmark: float | None) -> float | None:
    """The figure a month's value is tested against, drawn as the target line: the target's
    own figure (``<= 20``), the benchmark figure the month was compared with, or the previous
    year's value (moved by the size of change the target asks for, when it states one) for a
    target to move the right way. None for a range."""
    comparison = target.comparison
    if comparison in ("<", "<=", ">", ">="):
        assert isinstance(target.value, float | int)
        return float(target.value)
    if comparison in ("decrease_vs_previous", "increase_vs_previous"):
        if previous is None or not isinstance(target.value, float | int):
            return previous
        step = float(target.value) * (-1 if comparison == "decrease_vs_previous" else 1)
        return previous * (1 + step / 100) if target.change == "relative" else previous + step
    if comparison in BENCHMARKED:
        return benchmark
    return None


def reading_gaps(input_quality: dict[str, Any]) -> list[str]:
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


def trust_flags(result: Any, reader_gaps: list[str] | None = None) -> list[str]:
    """Why a computed figure should not be taken on trust: it is implausible, more than
    ``GREEN_MAX_GAP`` of the rows it rests on are gaps in the data, or reading left data out
    (:func:`reading_gaps`; docs/targets.md)."""
    flags = list(result.flags)
    share, gaps = gap_share(result.rows_used, result.set_aside)
    if share > GREEN_MAX_GAP:
        reasons = ", ".join(f"{reason} {n:,}" for reason, n in sorted(result.set_aside.items())
                            if reason in DATA_GAPS)
        flags.append(f"data quality: {gaps:,} of {result.rows_used + gaps:,} rows are gaps "
                     f"({share:.0%}: {reasons})")
    return flags + list(reader_gaps or [])
