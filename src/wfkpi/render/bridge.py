"""What every format of a bridge shares (``wfkpi explain``, and the trend's "why it moved"): the
figures as shown, and the words said about them.

A bridge (the ``bridge`` of ``ExplainRun.to_dict()``, docs/explain.md) holds a rate at two
reference dates and its change split into parts, each with what it moved the numerator and the
denominator by and the points it contributes (percentage points for a rate in %, cases per FTE
for a caseload). The parts add up to the change exactly; so do the parts as shown, because they
are rounded together (:func:`largest_remainder`): the figure at the earlier date, plus every
part shown, is the figure at the later date as shown, to the last digit.
"""

from __future__ import annotations

import datetime as dt
import math
from collections.abc import Sequence
from dataclasses import dataclass
from typing import Any

from wfkpi.core.display import WHOLE_UNITS, day_text
from wfkpi.render.charts import WIDTH, Step, waterfall_svg

PLACES = 2  # a contribution, and the rate at each end, to a hundredth of a point
TOP = 10  # the groups (teams...) named in a bridge; the rest are combined
MINUS = "−"
KINDS = ("numerator", "denominator", "both", "data", "other", "revision", "group")

# What the numerator and the denominator of each rate the engine splits count, for the words
# beside a part's figures; any other rate's sides are guessed from its id.
SIDES = {
    "turnover_rate_fte": ("FTE", "FTE"),
    "turnover_rate_headcount": ("people", "people"),
    "agency_rate_fte": ("FTE", "FTE"),
    "agency_rate_headcount": ("people", "people"),
    "vacancy_rate_fte": ("FTE", "FTE"),
    "caseload_fte": ("cases", "FTE"),
    "absence_rate_fte": ("days", "days"),
}

# The averages a set-aside row is valued at, in words (the engine's names; any other is shown
# by its own name).
VALUED = {
    "leavers' FTE": "FTE per leaver",
    "leavers' people": "people per leaver",
    "FTE in post": "FTE per worker in post",
    "people in post": "people per worker in post",
    "agency FTE": "FTE per agency worker",
    "agency people": "people per agency worker",
    "directly employed FTE": "FTE per directly employed worker",
    "directly employed people": "people per directly employed worker",
    "vacancy FTE": "FTE per vacancy",
    "cases per case holder": "cases per case holder",
    "FTE per case holder": "FTE per case holder",
    "sickness days per record": "sickness days per worker record",
}


# --------------------------------------------------------------------------- rounding

def units(value: float, places: int = PLACES) -> int:
    """``value`` in units of the last place shown (hundredths, for 2 places), rounded half away
    from zero as people round (2.675 → 268, not the 267 its binary value would give)."""
    scaled = round(value * 10 ** places, 6)
    return int(math.copysign(math.floor(abs(scaled) + 0.5), scaled))


def largest_remainder(values: Sequence[float], total: float, places: int = PLACES) -> list[int]:
    """``values`` rounded to ``places`` decimals (as whole units of the last place, see
    :func:`units`) so that they add up to ``total`` rounded the same way.

    Each value is rounded down, and the units still wanting go one each to the values that
    lost most (the largest remainder, Hamilton's method; a tie goes to the earlier value).
    When the values add up to ``total`` (as a bridge's parts add up to its change), every value
    is rounded to one of the two nearest units, so none is shown more than a unit off; when they
    do not, the difference is spread over them the same way.
    """
    if not values:
        return []
    scale = 10 ** places
    scaled = [round(value * scale, 6) for value in values]
    floors = [math.floor(value) for value in scaled]
    wanting = units(total, places) - sum(floors)
    order = sorted(range(len(values)), key=lambda i: (-round(scaled[i] - floors[i], 6), i))
    each, extra = divmod(wanting, len(values))
    out = [floor + each for floor in floors]
    for i in order[:extra]:
        out[i] += 1
    return out


def fixed(value: int, places: int = PLACES) -> str:
    """Whole units of the last place as text: ``-61`` → ``0.61`` (no sign), with thousands
    separators."""
    return f"{abs(value) / 10 ** places:,.{places}f}"


def signed(value: int, places: int = PLACES) -> str:
    """``+0.41``, ``−0.61`` (a true minus sign), ``0.00``."""
    sign = "+" if value > 0 else MINUS if value < 0 else ""
    return sign + fixed(value, places)


# --------------------------------------------------------------------------- figures as shown

@dataclass(frozen=True)
class Row:
    """A part (or a group, or the groups left unnamed, combined) as shown. The figures are
    unrounded; ``shown`` is the contribution as shown, in whole units of the last place, and
    ``moved`` what it moved the numerator and the denominator by, as shown (in tenths, or whole
    people and cases)."""

    name: str
    kind: str
    numerator: float
    denominator: float
    points: float
    shown: int
    moved: tuple[int, int]
    combined: int = 0  # how many groups this row stands for (0: a part or a named group)

    @property
    def value(self) -> float:
        """The contribution as shown, as a number: ``-0.61``."""
        return self.shown / 10 ** PLACES


@dataclass(frozen=True)
class End:
    """The rate at one date: its figures, and its value as shown (None when there is none)."""

    day: dt.date
    value: float | None
    numerator: float | None
    denominator: float | None
    note: str | None
    shown: int | None


@dataclass(frozen=True)
class Figures:
    """A bridge as every format shows it: both ends, the change, the parts and the groups, each
    rounded so that what is shown adds up (``before + parts = after``, to the last digit)."""

    kpi: str
    label: str
    unit: str
    method: str
    scope: str | None
    before: End
    after: End
    parts: list[Row]
    groups: list[Row]
    by: str | None
    note: str | None
    valued: dict[str, float]
    sides: tuple[str, str]  # what the numerator and the denominator count: FTE, people...
    places: tuple[int, int]  # the places the numerator's and denominator's moves are shown to
    moved: tuple[int, int] | None  # what they moved by, as shown (the rows add up to it)
    caution: str | None = None  # why the parts should be read with care

    @property
    def change(self) -> int | None:
        """The change as shown: the later figure as shown less the earlier, in units."""
        if self.before.shown is None or self.after.shown is None:
            return None
        return self.after.shown - self.before.shown

    @property
    def split(self) -> bool:
        """Whether there is a bridge to draw: parts that make the change (else ``note``)."""
        return self.note is None and self.change is not None


def figures(bridge: dict[str, Any], top: int = TOP) -> Figures:
    """The bridge ``bridge`` (its dict) as shown: the groups after the ``top`` named ones are
    combined into one row (never shown one by one)."""
    unit = bridge["unit"]
    sides = sides_of(bridge["kpi"], unit)
    groups = bridge.get("groups") or []  # a trend's bridges may hold no groups
    raw = [*bridge["parts"], *groups]
    places = tuple(_places(side, [bridge[end][key] for end in ("before", "after")]
                           + [row[key] for row in raw])
                   for side, key in zip(sides, ("numerator", "denominator"), strict=True))
    before, after = (_end(bridge[key]) for key in ("before", "after"))
    change = None if before.shown is None or after.shown is None else after.shown - before.shown
    ends = (bridge["before"], bridge["after"])
    moved = None
    if all(end["numerator"] is not None and end["denominator"] is not None for end in ends):
        moved = (units(ends[1]["numerator"], places[0]) - units(ends[0]["numerator"], places[0]),
                 units(ends[1]["denominator"], places[1])
                 - units(ends[0]["denominator"], places[1]))
    parts = _rows([_raw(p) for p in bridge["parts"]], change, moved, places)
    shown_groups = _rows(_top(groups, top), change, moved, places)
    return Figures(bridge["kpi"], bridge["label"], unit, bridge["method"], bridge["scope"],
                   before, after, parts, shown_groups, bridge.get("by"), bridge.get("note"),
                   dict(bridge.get("valued") or {}), sides, (places[0], places[1]), moved,
                   bridge.get("caution"))


def _end(end: dict[str, Any]) -> End:
    value = end["value"]
    return End(dt.date.fromisoformat(end["as_at"]), value, end["numerator"],
               end["denominator"], end["note"], None if value is None else units(value))


_Raw = tuple[str, str, float, float, float, int]  # name, kind, Δn, Δd, points, groups combined


def _raw(part: dict[str, Any]) -> _Raw:
    return (part["name"], part["kind"], part["numerator"], part["denominator"],
            part["points"], 0)


def _top(groups: list[dict[str, Any]], top: int) -> list[_Raw]:
    """The ``top`` groups that moved the rate most, the rest combined, then what no group holds
    (kind ``other``) as it is."""
    named = sorted((g for g in groups if g["kind"] != "other"),
                   key=lambda g: (-abs(g["points"]), str(g["name"])))
    rows = [_raw(g) for g in named[:top]]
    rest = named[top:]
    if rest:
        rows.append(("", "group", sum(g["numerator"] for g in rest),
                     sum(g["denominator"] for g in rest), sum(g["points"] for g in rest),
                     len(rest)))
    rows += [_raw(g) for g in groups if g["kind"] == "other"]
    return rows


def _rows(raw: list[_Raw], change: int | None, moved: tuple[int, ...] | None,
          places: tuple[int, ...]) -> list[Row]:
    if not raw:
        return []
    points = [r[4] for r in raw]
    shown = largest_remainder(points, sum(points) if change is None else change / 10 ** PLACES)
    sums = []
    for side in (0, 1):
        values = [r[2 + side] for r in raw]
        total = sum(values) if moved is None else moved[side] / 10 ** places[side]
        sums.append(largest_remainder(values, total, places[side]))
    return [Row(name, kind, dn, dd, p, s, (n, d), combined)
            for (name, kind, dn, dd, p, combined), s, n, d
            in zip(raw, shown, sums[0], sums[1], strict=True)]


def _places(side: str, values: list[float | None]) -> int:
    """A count of people or cases is shown whole, unless some figure of it is a fraction (a
    set-aside row valued at the average); FTE and days to a tenth."""
    if side in WHOLE_UNITS and all(v is None or float(v).is_integer() for v in values):
        return 0
    return 1


def sides_of(kpi: str, unit: str) -> tuple[str, str]:
    """What the numerator and the denominator of ``kpi`` count (``FTE``, ``people``, ``cases``,
    ``days``), or ``""`` where the id does not say."""
    if kpi in SIDES:
        return SIDES[kpi]
    guess = "people" if "headcount" in kpi else "FTE" if kpi.endswith("_fte") else ""
    return guess, guess


# --------------------------------------------------------------------------- words

def points_unit(unit: str) -> str:
    """What a contribution is counted in: ``pp`` (percentage points) for a rate in %."""
    return "pp" if unit == "%" else unit


def value_text(shown: int | None, unit: str) -> str:
    """A rate as shown: ``22.96%``, ``17.03 cases per FTE``; ``no figure`` (never a zero)."""
    if shown is None:
        return "no figure"
    return f"{MINUS if shown < 0 else ''}{fixed(shown)}" + ("%" if unit == "%" else f" {unit}")


def points_text(shown: int | None, unit: str) -> str:
    """A contribution or a change as shown: ``−2.14 pp``, ``+0.35 cases per FTE``."""
    return "-" if shown is None else f"{signed(shown)} {points_unit(unit)}"


def bar_text(shown: int, unit: str, total: bool) -> str:
    """A figure beside a waterfall's bar, short (the axis names any unit but %): ``22.96%``,
    ``−0.61 pp``; ``16.33``, ``−1.04`` for a caseload."""
    if unit == "%":
        return value_text(shown, unit) if total else points_text(shown, unit)
    return (MINUS if shown < 0 else "") + fixed(shown) if total else signed(shown)


def amount_text(moved: int, places: int, side: str, zero: bool = False) -> str:
    """What a part moved one side of the rate by: ``+6.0 FTE``, ``−2 people``; ``""`` for no
    move (``0 people`` with ``zero``, for a total)."""
    if moved == 0 and not zero:
        return ""
    return signed(moved, places) + (f" {side}" if side else "")


def level_text(value: float | None, places: int, side: str) -> str:
    """A numerator or denominator at one date: ``274.4 FTE``, ``63 people``."""
    if value is None:
        return "-"
    return fixed(units(value, places), places) + (f" {side}" if side else "")


def row_name(row: Row, by: str | None) -> str:
    """A row's name; the groups combined are ``6 other teams``."""
    if not row.combined:
        return str(row.name)
    return f"{row.combined} other {plural(by or 'group', row.combined)}"


def plural(by: str, n: int = 2) -> str:
    """``team`` → ``teams``; ``org_role`` → ``org roles``."""
    word = by.replace("_", " ")
    return word if n == 1 else word + "s"


def groups_heading(by: str | None) -> str:
    """``Teams that moved it most``."""
    return f"{plural(by or 'group').capitalize()} that moved it most"


def header_line(f: Figures) -> str:
    """``Turnover rate (FTE): 22.96% at 30 Sep 2024 → 20.82% at 30 Sep 2025, −2.14 pp``."""
    return f"{f.label}: {ends_line(f)}"


def ends_line(f: Figures) -> str:
    """``22.96% at 30 Sep 2024 → 20.82% at 30 Sep 2025, −2.14 pp``."""
    text = (f"{value_text(f.before.shown, f.unit)} at {day_text(f.before.day)} → "
            f"{value_text(f.after.shown, f.unit)} at {day_text(f.after.day)}")
    return text + (f", {points_text(f.change, f.unit)}" if f.change is not None else "")


def kpi_line(f: Figures) -> str:
    """``turnover_rate_fte (dfe, everyone)``."""
    return f"{f.kpi} ({f.method}, {(f.scope or 'everyone').replace('_', ' ')})"


def no_bridge_text(f: Figures) -> str:
    """Why there is no bridge: the engine's note, or no move to split."""
    if f.note:
        return f"no bridge: {f.note}"
    return "no bridge: the numerator and the denominator did not move"


def valued_text(f: Figures) -> str | None:
    """The averages the set-aside rows are valued at, in words, or None."""
    if not f.valued:
        return None
    said = [f"{value:,.2f} {VALUED[name]}" if name in VALUED else f"{name} {value:,.2f}"
            for name, value in f.valued.items()]
    return ("Rows set aside for missing data are valued at the average of the rows counted at "
            "both dates: " + "; ".join(said) + ".")


def contribution_heading(unit: str) -> str:
    return "Contribution (pp)" if unit == "%" else f"Contribution ({unit})"


def largest(f: Figures, n: int = 3) -> list[Row]:
    """The ``n`` parts that moved the rate most, as shown (largest first, then by name)."""
    return sorted(f.parts, key=lambda row: (-abs(row.shown), -abs(row.points), row.name))[:n]


def kind_text(row: Row) -> str:
    """A row's kind in words (a combined row of groups is ``groups``)."""
    return "groups" if row.combined else row.kind


# --------------------------------------------------------------------------- the waterfall

def steps(f: Figures, rows: list[Row]) -> list[Step]:
    """The bars of a waterfall: the rate at the earlier date, ``rows`` (the parts, or the
    groups) as shown, so that the bars meet the later date's exactly, the rate at the later
    date. Only for a bridge with a figure at both dates."""
    assert f.before.shown is not None and f.after.shown is not None
    scale = 10 ** PLACES
    return [Step(day_text(f.before.day), f.before.shown / scale,
                 bar_text(f.before.shown, f.unit, total=True), total=True),
            *(Step(row_name(row, f.by), row.value, bar_text(row.shown, f.unit, total=False))
              for row in rows),
            Step(day_text(f.after.day), f.after.shown / scale,
                 bar_text(f.after.shown, f.unit, total=True), total=True)]


def describe(f: Figures, rows: list[Row]) -> str:
    """A waterfall in words, for a screen reader."""
    said = "; ".join(f"{row_name(row, f.by)} {points_text(row.shown, f.unit)}" for row in rows)
    return (f"{value_text(f.before.shown, f.unit)} at {day_text(f.before.day)}; {said}; "
            f"{value_text(f.after.shown, f.unit)} at {day_text(f.after.day)}.")


def waterfall(f: Figures, rows: list[Row], ident: str, title: str, width: int = WIDTH) -> str:
    """The SVG waterfall of ``rows`` between the rate at both dates
    (:func:`wfkpi.render.charts.waterfall_svg`)."""
    return waterfall_svg(steps(f, rows), unit=f.unit, ident=ident, title=title,
                         desc=describe(f, rows), width=width)
