"""A KPI report as a terminal table or JSON (the documented contract)."""

from __future__ import annotations

from typing import Any

from rich.table import Table

from wfkpi.core.display import day_text, number, part
from wfkpi.engine.results import SMALL_GROUP
from wfkpi.render.common import json_text, shown


def to_json(report: Any) -> str:
    """The report's own serialisation, byte-stable: the same input gives the same text."""
    return json_text(report.to_dict())


def _part(value: float | str | None, kpi_id: str) -> str:
    """A numerator or denominator as shown (:func:`wfkpi.core.display.part`); blank when there
    is none, and a suppressed one as it is."""
    if value is None or isinstance(value, str):
        return value or ""
    return part(value, kpi_id)


def print_table(run: Any, console: Any, *, path: str) -> None:
    report = run.report
    console.print(f"[bold]{shown(path)}[/]: method {report.method}, scope "
                  f"{shown(report.scope or 'everyone')}")
    console.print(f"As at {day_text(report.as_at)} ({shown(run.as_at_source)}); window "
                  f"{day_text(report.period_start)} to {day_text(report.as_at)}")
    if report.params:
        params = ", ".join(f"{name} {value:g}" if isinstance(value, float) else
                           f"{name} {shown(value or '(none)')}"
                           for name, value in report.params.items())
        console.print(f"Parameters: {params} (set with --param NAME=VALUE)")
    table = Table(show_edge=False)
    table.add_column("KPI", no_wrap=True)
    for name in ("Value", "Numerator", "Denominator", "Rows used"):
        table.add_column(name, justify="right", no_wrap=True)
    table.add_column("Set aside, or why no value", overflow="fold")
    for result in report.kpis.values():
        table.add_row(result.id, number(result.value, result.unit)
                      + (" ⚠" if result.flags else ""),
                      _part(result.numerator, result.id), _part(result.denominator, result.id),
                      f"{result.rows_used:,}", shown(_note(result)))
    console.print(table)
    if report.groups:
        console.print(_groups(report))
    quality = report.data_quality["input"]
    set_aside = sum(t["set_aside"] for t in quality["tables"])
    console.print(f"Input {quality['verdict']}: {quality['errors']} errors, "
                  f"{quality['warnings']} warnings; {set_aside} rows set aside"
                  + ("; `wfkpi validate` lists them" if quality["errors"] or
                     quality["warnings"] else ""))


def _note(result: Any) -> str:
    parts = [result.note] if result.note else []
    if result.as_of is not None:
        parts.append(f"from the snapshot dated {day_text(result.as_of)}")
    parts += list(result.flags)
    parts += [f"{reason} {n:,}" for reason, n in sorted(result.set_aside.items())]
    return "\n".join(parts)


def _groups(report: Any) -> Any:
    data = report.to_dict()["groups"]
    headline = [r for r in report.kpis.values() if r.unit in ("%", "cases per FTE")]
    table = Table(show_edge=False, title=f"By {data[0]['by']}", title_justify="left")
    table.add_column(data[0]["by"].capitalize(), overflow="fold")
    table.add_column("People", justify="right")
    for result in headline:
        table.add_column(result.label, justify="right", overflow="fold")
    for group in data:
        name = "Total" if group["total"] else shown(group["group"])
        small = f" [dim](fewer than {SMALL_GROUP})[/]" if group["small"] and not group["total"] \
            else ""
        cells = [number(group["kpis"][r.id]["value"], r.unit) for r in headline]
        table.add_row(name + small, number(group["headcount"], "people"), *cells,
                      style="bold" if group["total"] else None)
    return table
