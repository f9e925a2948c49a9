"""The KPI report as CSV: one row per KPI (with ``--by``, per group and KPI, the total row
last), figures unrounded, absent ones blank with the note saying why, text a spreadsheet would
run defused as in the scorecard's CSV (docs/reports.md#csv)."""

from __future__ import annotations

import csv
import io
from typing import Any

from wfkpi.render.common import defuse

FIELDS = ("as_at", "period_start", "method", "scope", "by", "group", "total", "headcount",
          "suppressed", "kpi", "label", "unit", "value", "numerator", "denominator",
          "rows_used", "set_aside", "note", "as_of", "flags")


def render(data: dict[str, Any]) -> str:
    """One header row, then one row per KPI, or per group and KPI."""
    report = data["report"]
    out = io.StringIO()
    writer = csv.writer(out, lineterminator="\n")
    writer.writerow(FIELDS)
    head = [report["as_at"], report["period_start"], report["method"], report["scope"]]
    if not report["groups"]:
        for kpi, item in report["kpis"].items():
            writer.writerow(_cells([*head, None, None, None, None, None, *_kpi(kpi, item)]))
    for group in report["groups"]:
        where = [group["by"], "Total" if group["total"] else group["group"],
                 "true" if group["total"] else "false", group["headcount"],
                 "true" if group["suppressed"] else "false"]
        for kpi, item in group["kpis"].items():
            writer.writerow(_cells([*head, *where, *_kpi(kpi, item)]))
    return out.getvalue()


def _kpi(kpi: str, item: dict[str, Any]) -> list[Any]:
    set_aside = "; ".join(f"{reason}={n}" for reason, n in item["set_aside"].items())
    return [kpi, item["label"], item["unit"], item["value"], item["numerator"],
            item["denominator"], item["rows_used"], set_aside, item["note"], item["as_of"],
            "; ".join(item["flags"])]


def _cells(values: list[Any]) -> list[Any]:
    """Numbers as they are; text defused, its line breaks made ``\\n`` (a bare CR would go
    unquoted with ``\\n`` line ends, and split the row); absent as blank."""
    return [value if isinstance(value, int | float) and not isinstance(value, bool)
            else defuse("" if value is None else str(value)).replace("\r\n", "\n")
            .replace("\r", "\n") for value in values]
