"""A council's peer position as CSV: one row per KPI, figures unrounded, a missing figure an
empty cell (never 0), text a spreadsheet would run defused (docs/peers.md#csv)."""

from __future__ import annotations

import csv
import io
from typing import Any

from wfkpi.render.common import defuse

FIELDS = ("council_id", "dfe_area", "year", "kpi", "label", "unit", "direction", "value",
          "published_cell", "rank", "of", "quartile", "median_all", "n_all", "size_all",
          "region", "median_region", "n_region", "size_region", "rank_in_region",
          "median_neighbours", "n_neighbours", "size_neighbours", "rank_among_neighbours",
          "neighbours_source", "note")


def render(data: dict[str, Any]) -> str:
    out = io.StringIO()
    writer = csv.writer(out, lineterminator="\n")
    writer.writerow(FIELDS)
    council = data["council"]
    for kpi in data["kpis"]:
        everyone, region, near = kpi["all"], kpi["region"] or {}, kpi["neighbours"] or {}
        cells = [council["id"], kpi["area"], kpi["year"], kpi["kpi"], kpi["label"], kpi["unit"],
                 kpi["direction"], kpi["value"], kpi["cell"], kpi["rank"], kpi["of"],
                 kpi["quartile"], everyone["median"], everyone["n"], everyone["size"],
                 region.get("name"), region.get("median"), region.get("n"), region.get("size"),
                 region.get("rank"), near.get("median"), near.get("n"), near.get("size"),
                 near.get("rank"), kpi["neighbours_source"], kpi["note"]]
        writer.writerow([_cell(value) for value in cells])
    return out.getvalue()


def _cell(value: Any) -> Any:
    """Numbers as they are; text defused, on one line; None an empty cell."""
    if value is None:
        return ""
    if isinstance(value, bool) or not isinstance(value, int | float):
        return defuse(" ".join(str(value).split()))
    return value
