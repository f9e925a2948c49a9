"""The words and figures every format of a KPI report shares: the title lines, a KPI's value,
numerator and denominator as shown, what it set aside and why it has no value, its groups, and
the engine's notes. The input's data quality is said as a scorecard says it
(:mod:`wfkpi.render.scorecard.text`).

Every function reads the report's plain dict (``ReportRun.to_dict()``: the JSON contract of
docs/kpis.md under ``report``, with ``path`` and ``as_at_source``) and nothing else, so every
format says the same thing in the same words.
"""

from __future__ import annotations

from typing import Any

from wfkpi.core.display import date_text, number, part
from wfkpi.engine.results import SMALL_GROUP

NO_DATA = "no data"  # a KPI without a value, as people read it: never 0


def heading(data: dict[str, Any]) -> str:
    """``report_small: method dfe, scope everyone``."""
    report = data["report"]
    return f"{data['path']}: method {report['method']}, scope {report['scope'] or 'everyone'}"


def as_at_line(data: dict[str, Any]) -> str:
    report = data["report"]
    as_at = date_text(report["as_at"])
    return (f"As at {as_at} ({data['as_at_source']}); window "
            f"{date_text(report['period_start'])} to {as_at}")


def params_text(report: dict[str, Any]) -> str:
    """The KPI parameters used, ``snapshot_days 31, course (none)``; "" when the method reads
    none."""
    return ", ".join(f"{name} {value:g}" if isinstance(value, float) else
                     f"{name} {value or '(none)'}" for name, value in report["params"].items())


def kpis(report: dict[str, Any]) -> list[tuple[str, dict[str, Any]]]:
    """(KPI id, its dict), in the method's order."""
    return list(report["kpis"].items())


def value_text(item: dict[str, Any], *, missing: str = NO_DATA) -> str:
    """The figure rounded as DfE publishes it; ``missing`` when there is none (never 0), the
    DfE symbol ``c`` when it is suppressed."""
    if item["value"] is None:
        return missing
    return number(item["value"], item["unit"]) + (" ⚠" if item.get("flags") else "")


def part_text(value: float | str | None, kpi: str) -> str:
    """A numerator or denominator as shown (:func:`wfkpi.core.display.part`); "" when there is
    none, and a suppressed one as it is."""
    if value is None or isinstance(value, str):
        return value or ""
    return part(value, kpi)


def rows_text(value: int | str) -> str:
    return value if isinstance(value, str) else f"{value:,}"


def set_aside_text(item: dict[str, Any], *, join: str = ", ") -> str:
    """The rows of the KPI's population set aside, by reason: ``fte-missing 2, cases-missing 1``
    (docs/kpis.md, "rows_used and set_aside")."""
    return join.join(f"{reason} {rows_text(n)}" for reason, n in item["set_aside"].items())


def why_text(item: dict[str, Any], *, join: str = "; ") -> str:
    """Why a KPI has no value (its note), or what to know about the one it has: the snapshot it
    was taken from and why it is not to be taken on trust (its flags)."""
    parts = [item["note"]] if item.get("note") else []
    if item.get("as_of"):
        parts.append(f"from the snapshot dated {date_text(item['as_of'])}")
    parts += list(item.get("flags") or [])
    return join.join(parts)


def by_text(by: str) -> str:
    """A breakdown's column as a heading: ``org_role`` → ``Org role``."""
    return by.replace("_", " ").capitalize()


def group_name(group: dict[str, Any]) -> str:
    return "Total" if group["total"] else str(group["group"])


def group_heading(group: dict[str, Any]) -> str:
    """``Alpha: 12 people``; ``Beta: too few people to show, figures suppressed (c)``."""
    if group["suppressed"]:
        return f"{group_name(group)}: too few people to show, figures suppressed (c)"
    people = group["headcount"]
    small = f", fewer than {SMALL_GROUP}" if group["small"] and not group["total"] else ""
    return f"{group_name(group)}: {people:,} {'person' if people == 1 else 'people'}{small}"


def engine_notes(report: dict[str, Any]) -> list[str]:
    return list(report["data_quality"].get("engine", {}).get("notes") or [])
