"""What every format of a trend shares: the lines it draws and the words said about them.

A trend (the plain dict of ``Trend.to_dict``) draws *lines*: without a council, one per KPI of the
method; with one, one per measured target, with the figure it is tested against (its target line)
and its status month by month.
"""

from __future__ import annotations

import datetime as dt
from dataclasses import dataclass
from typing import Any

from wfkpi.core.display import WHOLE_UNITS, number
from wfkpi.render.common import SYMBOL, count

TICKS = "▁▂▃▄▅▆▇█"
GAP = " "  # a month without a value, in a sparkline


@dataclass(frozen=True)
class Line:
    """One KPI (or one target's KPI) month by month, oldest first."""

    key: str  # the KPI id, or the target id
    label: str
    kpi: str
    method: str
    scope: str | None
    unit: str
    values: list[float | None]
    numerators: list[float | None]
    denominators: list[float | None]
    targets: list[float | None] | None = None  # the target line, with a council
    goal: str | None = None  # the target in words
    statuses: list[str | None] | None = None
    note: str | None = None  # the last month's status note, with a council

    @property
    def kpi_text(self) -> str:
        """The KPI id with its method and, when narrower than everyone, its scope."""
        return f"{self.kpi} ({', '.join(p for p in (self.method, self.scope) if p)})"


def months(data: dict[str, Any]) -> list[dt.date]:
    return [dt.date.fromisoformat(month["as_at"]) for month in data["series"]]


def month_text(day: dt.date) -> str:
    return f"{day:%b %Y}"


def lines(data: dict[str, Any]) -> list[Line]:
    """The lines a trend draws, in the report's (or the strategy's) order."""
    series = data["series"]
    if data["council"] is not None:
        return _target_lines(series)
    keys = list(dict.fromkeys(key for month in series for key in month["kpis"]))
    out = []
    for key in keys:
        items = [month["kpis"].get(key) for month in series]
        first = next(item for item in items if item is not None)
        out.append(Line(key, first["label"], key, data["method"], data["scope"], first["unit"],
                        *_figures(items)))
    return out


def _target_lines(series: list[dict[str, Any]]) -> list[Line]:
    rows: dict[str, list[dict[str, Any] | None]] = {}
    for n, month in enumerate(series):
        for row in month["targets"]:
            rows.setdefault(row["target_id"], [None] * len(series))[n] = row
    out = []
    for key, items in rows.items():
        first = next(item for item in items if item is not None)
        out.append(Line(key, first["label"], first["kpi"], first["method"], first["scope"],
                        first["unit"], *_figures(items),
                        targets=[None if i is None else i["target_value"] for i in items],
                        goal=first["target"],
                        statuses=[None if i is None else i["status"] for i in items],
                        note=_last_note(items)))
    return out


def _last_note(items: list[dict[str, Any] | None]) -> str | None:
    """Why the last month's status is no data, or why its figure is not to be trusted."""
    last = items[-1]
    if last is None or not (last["status"] == "no data" or last.get("flags")):
        return None
    return last["status_note"]


def _figures(items: list[dict[str, Any] | None]) -> tuple[list[Any], list[Any], list[Any]]:
    def pick(name: str) -> list[Any]:
        return [None if item is None else item[name] for item in items]

    return pick("value"), pick("numerator"), pick("denominator")


# --------------------------------------------------------------------------- words

def sparkline(values: list[float | None], unit: str = "") -> str:
    """One block per month, its height the value as shown (rounded as DfE publishes it, in
    ``unit``) between the line's lowest and highest, so that two months shown alike (a change of
    ``0.0 pp``) are drawn alike; a level line is drawn at mid-height, and a month without a
    value is a gap."""
    shown = [None if v is None else _as_shown(v, unit) for v in values]
    known = [v for v in shown if v is not None]
    if not known:
        return GAP * len(values)
    low, high = min(known), max(known)
    top = len(TICKS) - 1

    def tick(value: float) -> str:
        if high == low:
            return TICKS[top // 2]
        return TICKS[round((value - low) / (high - low) * top)]

    return "".join(GAP if v is None else tick(v) for v in shown)


def _as_shown(value: float, unit: str) -> float:
    """``value`` rounded as :func:`number` shows it in ``unit``."""
    return float(number(value, unit).rstrip("%").replace(",", ""))


def change_text(before: float | None, after: float | None, unit: str) -> str:
    """The change between two months as they are shown, rounded as DfE rounds the figures:
    ``+1.2 pp`` for a rate in percent (percentage points), ``−3`` for people, ``-`` when either
    month has no value; ``0.0 pp`` exactly when the two months are shown alike."""
    if before is None or after is None:
        return "-"
    delta = _as_shown(after, unit) - _as_shown(before, unit)
    text = number(abs(delta), unit if unit in (*WHOLE_UNITS, "ratio") else "FTE")
    sign = "" if not text.strip("0.,") else "+" if delta > 0 else "−"
    return sign + text + (" pp" if unit == "%" else "")


def change(line: Line) -> str:
    """The change on the month before the last (the one before it in the series)."""
    if len(line.values) < 2:
        return "-"
    return change_text(line.values[-2], line.values[-1], line.unit)


def change_heading(days: list[dt.date]) -> str:
    return f"Change on {month_text(days[-2])}" if len(days) > 1 else "Change"


def status_strip(statuses: list[str | None]) -> str:
    """Each month's status as its symbol (✓ ! ✗ ?), a gap for a month without the target."""
    return "".join(GAP if s is None else SYMBOL[s] for s in statuses)


def period_line(data: dict[str, Any]) -> str:
    days = months(data)
    span = month_text(days[0]) if len(days) == 1 else \
        f"{count(len(days), 'month')}, {month_text(days[0])} to {month_text(days[-1])}"
    return f"{span}; each month's figures at its last day, from its own extract"


def title_line(data: dict[str, Any]) -> str:
    if data["council"] is not None:
        council = data["council"]
        return f"{council['name']} ({council['id']}): {data['path']}"
    return f"{data['path']}: method {data['method']}, scope {data['scope'] or 'everyone'}"


def input_line(data: dict[str, Any]) -> str:
    """The validation verdicts of the months: VALID in every month, or the months that are
    not, with their errors."""
    verdicts = [(m["month"], m["data_quality"]["input"]) for m in data["series"]]
    warnings = sum(q["warnings"] for _, q in verdicts)
    bad = [(month, q["errors"]) for month, q in verdicts if q["verdict"] == "INVALID"]
    if not bad:
        return (f"Input VALID in every month: 0 errors, {count(warnings, 'warning')}"
                + ("; `wfkpi validate` lists them" if warnings else ""))
    listed = ", ".join(f"{month} ({count(n, 'error')})" for month, n in bad)
    return f"Input INVALID in {listed}; `wfkpi validate` lists them"
