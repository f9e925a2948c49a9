"""A bridge as long CSV: the rate at the earlier date, one row per part, the rate at the later
date, the change, then (with ``--by``) one row per group, the averages set-aside rows are valued
at, and any caution. Figures unrounded (the contributions add up to the change exactly); text a
spreadsheet would run is defused as in the scorecard's CSV."""

from __future__ import annotations

import csv
import io
from typing import Any

from wfkpi.render.common import defuse

FIELDS = ("kpi", "unit", "section", "name", "kind", "as_at", "value", "numerator",
          "denominator", "points", "note")


def render(data: dict[str, Any]) -> str:
    """``section`` is ``before``, ``part``, ``after``, ``change``, ``group``, ``valued`` (the
    average a set-aside row is given, in ``value``) or ``caution``."""
    bridge = data["bridge"]
    out = io.StringIO()
    writer = csv.writer(out, lineterminator="\n")
    writer.writerow(FIELDS)

    def row(section: str, name: Any = None, kind: Any = None, as_at: Any = None,
            value: Any = None, numerator: Any = None, denominator: Any = None,
            points: Any = None, note: Any = None) -> None:
        writer.writerow(_cells([bridge["kpi"], bridge["unit"], section, name, kind, as_at, value,
                                numerator, denominator, points, note]))

    before, after = bridge["before"], bridge["after"]
    row("before", as_at=before["as_at"], value=before["value"], numerator=before["numerator"],
        denominator=before["denominator"], note=before["note"])
    for part in bridge["parts"]:
        row("part", part["name"], part["kind"], numerator=part["numerator"],
            denominator=part["denominator"], points=part["points"])
    row("after", as_at=after["as_at"], value=after["value"], numerator=after["numerator"],
        denominator=after["denominator"], note=after["note"])
    row("change", value=bridge["change"], numerator=_less(after["numerator"],
                                                          before["numerator"]),
        denominator=_less(after["denominator"], before["denominator"]),
        points=bridge["change"], note=bridge["note"])
    for group in bridge["groups"]:
        row("group", group["name"], group["kind"], numerator=group["numerator"],
            denominator=group["denominator"], points=group["points"], note=bridge["by"])
    for name, value in (bridge.get("valued") or {}).items():
        row("valued", name, value=value)
    if bridge.get("caution"):
        row("caution", note=bridge["caution"])
    return out.getvalue()


def _less(later: float | None, earlier: float | None) -> float | None:
    return None if later is None or earlier is None else later - earlier


def _cells(values: list[Any]) -> list[Any]:
    return [v if isinstance(v, int | float) and not isinstance(v, bool)
            else defuse("" if v is None else str(v)) for v in values]
