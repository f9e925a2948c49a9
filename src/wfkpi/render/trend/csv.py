"""A trend as long CSV: one row per month and KPI (with a council: per month and measured
target), figures unrounded (docs/trend.md)."""

from __future__ import annotations

import csv
import io
from typing import Any

from wfkpi.render.common import defuse

FIELDS = ("as_at", "target_id", "kpi", "label", "method", "scope", "unit", "value",
          "numerator", "denominator", "rows_used", "target", "target_value", "status")


def render(data: dict[str, Any]) -> str:
    """Long format: one row per month and KPI (with a council: per month and measured target),
    figures unrounded; text a spreadsheet would run is defused as in the scorecard CSV."""
    out = io.StringIO()
    writer = csv.writer(out, lineterminator="\n")
    writer.writerow(FIELDS)
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
