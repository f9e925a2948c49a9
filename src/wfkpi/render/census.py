"""What `wfkpi export csww` wrote: records, what was left out, gaps and the schema check."""

from __future__ import annotations

from typing import Any

from rich.table import Table

from wfkpi.core.display import day_text, visible
from wfkpi.render.common import json_text, shown


def to_json(census: Any) -> str:
    return json_text(census.to_dict())


def print_summary(census: Any, console: Any, *, output: str) -> None:
    records = census.records
    console.print(f"{shown(output)}: CSWW census {census.year} for LA {shown(census.la)}, "
                  "reference date "
                  f"{day_text(census.reference_date)}, {census.schema} schema; "
                  f"{records['directly employed']} directly employed and {records['agency']} "
                  "agency records")
    for what, count in census.left_out.items():
        console.print(f"Left out: {count} {what}")
    if census.gaps:
        table = Table(title="Not filled from the extract", title_justify="left")
        for column, justify in (("Element", "left"), ("Records", "right"), ("Why", "left")):
            table.add_column(column, justify=justify)  # type: ignore[arg-type]
        for gap in census.gaps:
            table.add_row(gap.element, str(gap.records) if gap.records else "-", shown(gap.why))
        console.print(table)
    if census.valid:
        console.print(f"Valid against the {census.schema} schema.")
    else:
        console.print(f"Not valid against the {census.schema} schema "
                      f"({len(census.schema_errors)} problem(s)):")
        for error in census.schema_errors[:10]:
            console.print(f"  {visible(error)}", markup=False)
