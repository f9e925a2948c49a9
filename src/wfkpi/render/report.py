"""A KPI report as a terminal table or JSON (the documented contract)."""

from __future__ import annotations

import json
from typing import Any

WHOLE_UNITS = {"people", "cases"}


def to_json(report: Any) -> str:
    """The report's own serialisation, byte-stable: the same input gives the same text."""
    return json.dumps(report.to_dict(), indent=2, ensure_ascii=False) + "\n"


def number(value: float | str | None, unit: str) -> str:
    """A figure as DfE publishes it: 1 decimal place, whole numbers for people and cases."""
    if value is None:
        return "-"
    if isinstance(value, str):  # a suppressed figure
        return value
    text = f"{value:,.0f}" if unit in WHOLE_UNITS else f"{value:,.1f}"
    return text + ("%" if unit == "%" else "")


def _part(value: float | str | None, kpi_id: str) -> str:
    """A numerator or denominator: 1 decimal place for FTE and days, else whole numbers."""
    if value is None or isinstance(value, str):
        return value or ""
    fractional = "fte" in kpi_id or "days" in kpi_id or not float(value).is_integer()
    return number(value, "FTE" if fractional else "people")


def _date(day: Any) -> str:
    return f"{day.day} {day:%b %Y}"


def print_table(run: Any, console: Any, *, path: str) -> None:
    from rich.table import Table

    report = run.report
    console.print(f"[bold]{path}[/]: method {report.method}, scope {report.scope or 'everyone'}")
    console.print(f"As at {_date(report.as_at)} ({run.as_at_source}); window "
                  f"{_date(report.period_start)} to {_date(report.as_at)}")
    table = Table(show_edge=False)
    table.add_column("KPI", no_wrap=True)
    for name in ("Value", "Numerator", "Denominator", "Rows used"):
        table.add_column(name, justify="right", no_wrap=True)
    table.add_column("Set aside, or why no value", overflow="fold")
    for result in report.kpis.values():
        table.add_row(result.id, number(result.value, result.unit),
                      _part(result.numerator, result.id), _part(result.denominator, result.id),
                      f"{result.rows_used:,}", _note(result))
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
    parts += [f"{reason} {n:,}" for reason, n in sorted(result.set_aside.items())]
    return "\n".join(parts)


def _groups(report: Any) -> Any:
    from rich.table import Table

    data = report.to_dict()["groups"]
    headline = [r for r in report.kpis.values() if r.unit in ("%", "cases per FTE")]
    table = Table(show_edge=False, title=f"By {data[0]['by']}", title_justify="left")
    table.add_column(data[0]["by"].capitalize(), overflow="fold")
    table.add_column("People", justify="right")
    for result in headline:
        table.add_column(result.label, justify="right", overflow="fold")
    for group in data:
        name = "Total" if group["total"] else group["group"]
        small = " [dim](fewer than 5)[/]" if group["small"] and not group["total"] else ""
        cells = [number(group["kpis"][r.id]["value"], r.unit) for r in headline]
        table.add_row(name + small, number(group["headcount"], "people"), *cells,
                      style="bold" if group["total"] else None)
    return table
