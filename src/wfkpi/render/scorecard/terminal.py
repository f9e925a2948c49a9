"""The scorecard for a terminal: a Rich table of the measured targets, then those not measured;
sources and quotes are left to the other formats."""

from __future__ import annotations

from typing import Any

from rich.table import Table

from wfkpi.core.display import date_text, number
from wfkpi.render.common import STATUS_STYLE, shown
from wfkpi.render.scorecard.text import measured, not_measured, scope_text


def render(card: dict[str, Any], console: Any) -> None:
    """The scorecard for a terminal: measured targets, then those not measured."""
    council = card["council"]
    console.print(f"[bold]{shown(council['name'])}[/] ({shown(council['id'])}): "
                  f"{shown(card['path'])}")
    as_at = date_text(card["as_at"])
    console.print(f"As at {as_at} ({shown(card['as_at_source'])}); window "
                  f"{date_text(card['period_start'])} to {as_at}")
    console.print("  ".join(f"[{STATUS_STYLE[s]}]{s}[/] {n}" for s, n in card["summary"].items()))
    table = Table(show_edge=False)
    for name, justify in (("Target", "left"), ("KPI", "left"), ("Value", "right"),
                          ("Goal", "left"), ("Status", "left"), ("Benchmarks", "left")):
        table.add_column(name, justify=justify, overflow="fold")
    for row in measured(card):
        scope = f" [dim]{shown(scope_text(row))}[/]" if scope_text(row) else ""
        previous = f" [dim](was {number(row['previous'], row['unit'])})[/]" \
            if row["previous"] is not None else ""
        as_of = f" [dim](at {date_text(row['as_of'])})[/]" if row.get("as_of") else ""
        status = f"[{STATUS_STYLE[row['status']]}]{row['status']}[/]"
        # say why, here as in every format; a target judged group by group names the groups
        if row["status"] == "no data" or row.get("flags") or row.get("groups"):
            status += f"\n[dim]{shown(row['status_note'])}[/]"
        table.add_row(shown(row["target_id"]), f"{row['kpi']} [dim]{row['method']}[/]{scope}",
                      number(row["value"], row["unit"]) + as_of + previous
                      + (" ⚠" if row.get("flags") else ""), shown(row["target"]), status,
                      "\n".join(f"{shown(b['name'])}: {number(b['value'], row['unit'])}"
                                for b in row["benchmarks"][:3]))
    console.print(table)
    missing = not_measured(card)
    if missing:
        table = Table(show_edge=False, title=f"Not measured ({len(missing)})",
                      title_justify="left")
        table.add_column("Target", overflow="fold")
        table.add_column("Why", overflow="fold")
        for row in missing:
            table.add_row(shown(row["target_id"]), shown(row["status_note"]))
        console.print(table)
    quality = card["data_quality"]["input"]
    console.print(f"Input {quality['verdict']}: {quality['errors']} errors, "
                  f"{quality['warnings']} warnings. Sources and quotes: --format markdown, "
                  "html or xlsx; `wfkpi targets` lists them.")
