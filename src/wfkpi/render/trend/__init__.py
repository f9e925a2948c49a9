"""A monthly trend (the plain dict of ``Trend.to_dict``) as a terminal table, JSON or long CSV.

Every renderer is a pure function of the dict, so the same trend gives the same bytes. A trend
draws *lines*: without a council, one per KPI of the method; with one, one per measured target,
with the figure it is tested against (its target line) and its status month by month. The
workbook and the web page (``trend_xlsx``, ``trend_html``) draw the same lines.
"""

from __future__ import annotations

import csv
import datetime as dt
import io
import json
from dataclasses import dataclass
from typing import Any

from rich.markup import escape

from wfkpi.core.display import WHOLE_UNITS, number
from wfkpi.render.scorecard import SYMBOL, defuse

TICKS = "▁▂▃▄▅▆▇█"
GAP = " "  # a month without a value, in a sparkline
STATUS_STYLE = {"green": "bold green", "amber": "bold yellow", "red": "bold red",
                "no data": "dim"}


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

def sparkline(values: list[float | None]) -> str:
    """One block per month, its height the value between the line's lowest and highest (a
    level line is drawn at mid-height); a month without a value is a gap."""
    known = [v for v in values if v is not None]
    if not known:
        return GAP * len(values)
    low, high = min(known), max(known)
    top = len(TICKS) - 1

    def tick(value: float) -> str:
        if high == low:
            return TICKS[top // 2]
        return TICKS[round((value - low) / (high - low) * top)]

    return "".join(GAP if v is None else tick(v) for v in values)


def change_text(before: float | None, after: float | None, unit: str) -> str:
    """The change between two months as DfE rounds the figures: ``+1.2 pp`` for a rate in
    percent (percentage points), ``−3`` for people, ``-`` when either month has no value."""
    if before is None or after is None:
        return "-"
    delta = after - before
    text = number(abs(delta), "people" if unit in WHOLE_UNITS else "FTE")
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
        f"{_count(len(days), 'month')}, {month_text(days[0])} to {month_text(days[-1])}"
    return f"{span}; each month's figures at its last day, from its own extract"


def _count(n: int, word: str) -> str:
    return f"{n:,} {word}{'' if n == 1 else 's'}"


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
        return (f"Input VALID in every month: 0 errors, {_count(warnings, 'warning')}"
                + ("; `wfkpi validate` lists them" if warnings else ""))
    listed = ", ".join(f"{month} ({_count(n, 'error')})" for month, n in bad)
    return f"Input INVALID in {listed}; `wfkpi validate` lists them"


# --------------------------------------------------------------------------- formats

def to_json(data: dict[str, Any]) -> str:
    return json.dumps(data, indent=2, ensure_ascii=False) + "\n"


CSV_FIELDS = ("as_at", "target_id", "kpi", "label", "method", "scope", "unit", "value",
              "numerator", "denominator", "rows_used", "target", "target_value", "status")


def to_csv(data: dict[str, Any]) -> str:
    """Long format: one row per month and KPI (with a council: per month and measured target),
    figures unrounded; text a spreadsheet would run is defused as in the scorecard CSV."""
    out = io.StringIO()
    writer = csv.writer(out, lineterminator="\n")
    writer.writerow(CSV_FIELDS)
    for month in data["series"]:
        if data["council"] is None:
            for kpi, item in month["kpis"].items():
                writer.writerow(_cells([month["as_at"], None, kpi, item["label"], data["method"],
                                        data["scope"], item["unit"], item["value"],
                                        item["numerator"], item["denominator"],
                                        item["rows_used"], None, None, None]))
        else:
            for row in month["targets"]:
                writer.writerow(_cells([month["as_at"], row["target_id"], row["kpi"],
                                        row["label"], row["method"], row["scope"], row["unit"],
                                        row["value"], row["numerator"], row["denominator"],
                                        None, row["target"], row["target_value"],
                                        row["status"]]))
    return out.getvalue()


def _cells(values: list[Any]) -> list[Any]:
    return [v if isinstance(v, int | float) and not isinstance(v, bool)
            else defuse("" if v is None else str(v)) for v in values]


def print_table(data: dict[str, Any], console: Any) -> None:
    """The lines for a terminal: first and last month, a sparkline between them, the change on
    the month before; with a council, the goal and each month's status."""
    from rich.table import Table

    days = months(data)
    console.print(f"[bold]{title_line(data)}[/]")
    console.print(period_line(data))
    table = Table(show_edge=False)
    council = data["council"] is not None
    drawn = lines(data)
    table.add_column("Target and KPI" if council else "KPI", overflow="fold",
                     no_wrap=not council, min_width=max((len(line.key) for line in drawn),
                                                        default=0))
    for heading in (month_text(days[0]), "Trend", month_text(days[-1]),
                    change_heading(days).replace(" on ", " on\n")):
        table.add_column(heading, justify="left" if heading == "Trend" else "right",
                         no_wrap=True)
    if council:
        table.add_column("Goal", overflow="fold", max_width=20)
        table.add_column("Status by\nmonth", no_wrap=True, min_width=len(days))
    for line in drawn:
        cells = [number(line.values[0], line.unit), sparkline(line.values),
                 number(line.values[-1], line.unit), change(line)]
        if not council:
            table.add_row(line.kpi, *cells)
            continue
        assert line.statuses is not None
        last = line.statuses[-1]
        status = status_strip(line.statuses) + (
            f"\n[{STATUS_STYLE[last]}]{last}[/]" if last else "")
        goal = line.goal + (f"\n[dim]{escape(line.note)}[/]" if line.note else "")
        table.add_row(f"{line.key}\n[dim]{line.kpi_text}[/]", *cells, goal, status)
    console.print(table)
    console.print(input_line(data))
