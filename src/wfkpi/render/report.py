"""A KPI report as a terminal table or JSON (the documented contract)."""

from __future__ import annotations

import json
from typing import Any

from rich.markup import escape

from wfkpi.core.display import date_text, day_text, number


def to_json(report: Any) -> str:
    """The report's own serialisation, byte-stable: the same input gives the same text."""
    return json.dumps(report.to_dict(), indent=2, ensure_ascii=False) + "\n"


def _part(value: float | str | None, kpi_id: str) -> str:
    """A numerator or denominator: 1 decimal place for FTE and days, else whole numbers."""
    if value is None or isinstance(value, str):
        return value or ""
    fractional = "fte" in kpi_id or "days" in kpi_id or not float(value).is_integer()
    return number(value, "FTE" if fractional else "people")


def print_table(run: Any, console: Any, *, path: str) -> None:
    from rich.table import Table

    report = run.report
    console.print(f"[bold]{path}[/]: method {report.method}, scope {report.scope or 'everyone'}")
    console.print(f"As at {day_text(report.as_at)} ({run.as_at_source}); window "
                  f"{day_text(report.period_start)} to {day_text(report.as_at)}")
    if report.params:
        shown = ", ".join(f"{name} {value:g}" if isinstance(value, float) else
                          f"{name} {value or '(none)'}" for name, value in report.params.items())
        console.print(f"Parameters: {shown} (set with --param NAME=VALUE)")
    table = Table(show_edge=False)
    table.add_column("KPI", no_wrap=True)
    for name in ("Value", "Numerator", "Denominator", "Rows used"):
        table.add_column(name, justify="right", no_wrap=True)
    table.add_column("Set aside, or why no value", overflow="fold")
    for result in report.kpis.values():
        table.add_row(result.id, number(result.value, result.unit)
                      + (" ⚠" if result.flags else ""),
                      _part(result.numerator, result.id), _part(result.denominator, result.id),
                      f"{result.rows_used:,}", escape(_note(result)))
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


# --------------------------------------------------------------------------- scorecards

STATUS_STYLE = {"green": "bold green", "amber": "bold yellow", "red": "bold red",
                "no data": "dim", "not measured": "dim"}


def scorecard_json(card: dict[str, Any]) -> str:
    return json.dumps(card, indent=2, ensure_ascii=False) + "\n"


def scope_text(row: dict[str, Any]) -> str:
    """A target's population as shown beside its KPI: its scope ("" for everyone), and "scope
    inferred" where the population is a reading of the strategy's words (docs/targets.md)."""
    scope = row.get("scope") or ""
    return f"{scope or 'everyone'}, scope inferred" if row.get("scope_inferred") else scope


def print_scorecard(card: dict[str, Any], console: Any) -> None:
    """The scorecard for a terminal: measured targets, then those not measured."""
    from rich.table import Table

    council = card["council"]
    console.print(f"[bold]{council['name']}[/] ({council['id']}): {card['path']}")
    as_at = date_text(card["as_at"])
    console.print(f"As at {as_at} ({card['as_at_source']}); window "
                  f"{date_text(card['period_start'])} to {as_at}")
    console.print("  ".join(f"[{STATUS_STYLE[s]}]{s}[/] {n}" for s, n in card["summary"].items()))
    table = Table(show_edge=False)
    for name, justify in (("Target", "left"), ("KPI", "left"), ("Value", "right"),
                          ("Goal", "left"), ("Status", "left"), ("Benchmarks", "left")):
        table.add_column(name, justify=justify, overflow="fold")
    measured = [row for row in card["rows"] if row["status"] != "not measured"]
    for row in measured:
        scope = f" [dim]{escape(scope_text(row))}[/]" if scope_text(row) else ""
        previous = f" [dim](was {number(row['previous'], row['unit'])})[/]" \
            if row["previous"] is not None else ""
        as_of = f" [dim](at {date_text(row['as_of'])})[/]" if row.get("as_of") else ""
        status = f"[{STATUS_STYLE[row['status']]}]{row['status']}[/]"
        # say why, here as in every format; a target judged group by group names the groups
        if row["status"] == "no data" or row.get("flags") or row.get("groups"):
            status += f"\n[dim]{escape(row['status_note'])}[/]"
        table.add_row(escape(row["target_id"]), f"{row['kpi']} [dim]{row['method']}[/]{scope}",
                      number(row["value"], row["unit"]) + as_of + previous
                      + (" ⚠" if row.get("flags") else ""), escape(row["target"]), status,
                      "\n".join(f"{escape(b['name'])}: {number(b['value'], row['unit'])}"
                                for b in row["benchmarks"][:3]))
    console.print(table)
    missing = [row for row in card["rows"] if row["status"] == "not measured"]
    if missing:
        table = Table(show_edge=False, title=f"Not measured ({len(missing)})",
                      title_justify="left")
        table.add_column("Target", overflow="fold")
        table.add_column("Why", overflow="fold")
        for row in missing:
            table.add_row(escape(row["target_id"]), escape(row["status_note"]))
        console.print(table)
    quality = card["data_quality"]["input"]
    console.print(f"Input {quality['verdict']}: {quality['errors']} errors, "
                  f"{quality['warnings']} warnings. Sources and quotes: --format markdown, "
                  "html or xlsx; `wfkpi targets` lists them.")
