"""``wfkpi targets`` and ``wfkpi councils`` for a terminal: the targets file as tables that fit
any terminal of 80 columns or more (ids folded only after an ``_``, the goal, due date and the
strategy's own words wrapped beside them)."""

from __future__ import annotations

from typing import Any

from rich.table import Table

from wfkpi.render.common import shown
from wfkpi.render.fit import fold, id_width
from wfkpi.targets.config import Council, Target, TargetsFile


def kpi_text(target: Target) -> str:
    """What a target is measured with: its KPI, method and scope, or why it is not measured."""
    if not target.measurable:
        return f"not measured: {target.reason}"
    return f"{target.kpi} ({target.method}{', ' + target.scope if target.scope else ''})"


def print_targets(council_id: str, council: Council, console: Any) -> None:
    """One council's targets: each with its KPI beneath it, its goal, due date and source."""
    table = Table(title=f"{shown(council.name)} ({shown(council_id)}): "
                        f"{shown(council.document)}", title_justify="left", show_edge=False)
    width = id_width([t.id for t in council.targets if t.measurable]
                     + [kpi_text(t) for t in council.targets if t.measurable]
                     + [t.id for t in council.targets], console.width // 4)
    table.add_column("Target and KPI", no_wrap=True)
    table.add_column("Goal", overflow="fold")
    table.add_column("Due", no_wrap=True)
    table.add_column("Source", overflow="fold")
    for target in council.targets:
        # the reason a target is not measured is prose: it wraps at the column's width
        kpi = fold(kpi_text(target), width)
        table.add_row(f"{shown(fold(target.id, width))}\n[dim]{shown(kpi)}[/]",
                      shown(target.describe()),
                      target.due.isoformat() if target.due else "-",
                      shown(f"{target.source.section}: “{target.source.quote}”"))
    console.print(table)


def print_councils(targets: TargetsFile, console: Any) -> None:
    """The councils of the targets file: each with its name (and its area in DfE's statistics
    beneath it), its strategy's period, and how many of its targets can be measured."""
    table = Table(show_edge=False)
    width = id_width(list(targets.councils), console.width // 4)
    table.add_column("Id", no_wrap=True)
    table.add_column("Council", overflow="fold")
    table.add_column("Strategy", overflow="fold")
    table.add_column("Measurable", justify="right", no_wrap=True)
    for name, entry in targets.councils.items():
        area = f"\n[dim]DfE area: {shown(entry.dfe_area)}[/]" if entry.dfe_area else ""
        table.add_row(shown(fold(name, width)), shown(entry.name) + area,
                      shown(entry.strategy_period.text),
                      f"{sum(t.measurable for t in entry.targets)} of {len(entry.targets)}")
    console.print(table)
