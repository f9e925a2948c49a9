"""The scorecard for a terminal: a Rich table of the measured targets, then those not measured;
sources and quotes are left to the other formats.

It fits any terminal of 80 columns or more: the target id (with its KPI beneath it) is folded
only after an ``_``, the value, goal, status and the reason for a status such as "no data" are
always shown, and the benchmarks (with the peer position beneath them) have a column from 100
columns up (below that, the closing line names the formats that carry them)."""

from __future__ import annotations

from typing import Any

from rich.table import Table

from wfkpi.core.display import date_text, number
from wfkpi.render.common import STATUS_STYLE, count, shown, unread_line
from wfkpi.render.fit import fold, id_width
from wfkpi.render.scorecard.text import measured, not_measured, peers_text, scope_text

BENCHMARKS_FROM = 100  # the terminal width from which the benchmarks have a column


def render(card: dict[str, Any], console: Any) -> None:
    """The scorecard for a terminal: measured targets, then those not measured."""
    council = card["council"]
    console.print(f"[bold]{shown(council['name'])}[/] ({shown(council['id'])}): "
                  f"{shown(card['path'])}")
    as_at = date_text(card["as_at"])
    console.print(f"As at {as_at} ({shown(card['as_at_source'])}); window "
                  f"{date_text(card['period_start'])} to {as_at}")
    console.print("  ".join(f"[{STATUS_STYLE[s]}]{s}[/] {n}" for s, n in card["summary"].items()))
    rows = measured(card)
    benchmarks = console.width >= BENCHMARKS_FROM
    table = Table(show_edge=False)
    ids = [f"{row['target_id']}\n{kpi_line(row)}" for row in rows]
    width = id_width(ids, console.width // 4)
    table.add_column("Target and KPI", no_wrap=True)
    table.add_column("Value", justify="right", no_wrap=True)
    table.add_column("Goal", overflow="fold")
    table.add_column("Status", overflow="fold")
    if benchmarks:
        table.add_column("Benchmarks", overflow="fold")
    for row in rows:
        target = fold(row["target_id"], width)
        status = f"[{STATUS_STYLE[row['status']]}]{row['status']}[/]"
        # say why, here as in every format; a target judged group by group names the groups
        if row["status"] == "no data" or row.get("flags") or row.get("groups"):
            status += f"\n[dim]{shown(row['status_note'])}[/]"
        cells = [f"{shown(target)}\n[dim]{shown(fold(kpi_line(row), width))}[/]",
                 value_text(row), shown(row["target"]), status]
        if benchmarks:
            lines = [f"{shown(b['name'])}: {number(b['value'], row['unit'])}"
                     for b in row["benchmarks"][:3]]
            if (peers := peers_text(row)) is not None:
                lines.append(f"[dim]{shown(peers)}[/]")
            cells.append("\n".join(lines))
        table.add_row(*cells)
    console.print(table)
    missing = not_measured(card)
    if missing:
        table = Table(show_edge=False, title=f"Not measured ({len(missing)})",
                      title_justify="left")
        width = id_width([row["target_id"] for row in missing], console.width // 3)
        table.add_column("Target", no_wrap=True)
        table.add_column("Why", overflow="fold")
        for row in missing:
            table.add_row(shown(fold(row["target_id"], width)), shown(row["status_note"]))
        console.print(table)
    quality = card["data_quality"]["input"]
    console.print(f"Input {quality['verdict']}: {count(quality['errors'], 'error')}, "
                  f"{count(quality['warnings'], 'warning')}. "
                  + ("Sources and quotes" if benchmarks
                     else "Benchmarks, peer positions, sources and quotes")
                  + ": --format markdown, html or xlsx; `wfkpi targets` lists them.")
    unread = unread_line(quality, text=shown)
    if unread:
        console.print(unread + ".")


def kpi_line(row: dict[str, Any]) -> str:
    """The KPI under the target id: its id, method and scope (``scope inferred`` where the
    population is a reading of the strategy's words)."""
    details = ", ".join(part for part in (row["method"], scope_text(row)) if part)
    return f"{row['kpi']} ({details})"


def value_text(row: dict[str, Any]) -> str:
    """The figure (⚠ when it is not to be trusted), with last year's and the date of an older
    figure beneath it."""
    text = number(row["value"], row["unit"]) + (" ⚠" if row.get("flags") else "")
    if row["previous"] is not None:
        text += f"\n[dim]was {number(row['previous'], row['unit'])}[/]"
    if row.get("as_of"):
        text += f"\n[dim]at {date_text(row['as_of'])}[/]"
    return text
