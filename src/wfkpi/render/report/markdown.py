"""The KPI report in Markdown, for a README, an issue or an email: the title block, a table of
every KPI, then (with ``--by``) one table per group, and the data quality. Text from the data
(a team's name, a note) is made safe for a table cell: one line, pipes escaped, no tag or link.
"""

from __future__ import annotations

from typing import Any

from wfkpi.render.common import markdown_text as _md
from wfkpi.render.common import unread_line
from wfkpi.render.report.text import (
    NO_DATA,
    as_at_line,
    by_text,
    engine_notes,
    group_heading,
    heading,
    kpis,
    params_text,
    part_text,
    rows_text,
    set_aside_text,
    value_text,
    why_text,
)
from wfkpi.render.scorecard.text import matched_text, verdict_line

HEADINGS = ("KPI", "Label", "Value", "Numerator", "Denominator", "Rows used", "Set aside",
            "Why no value, and notes")


def render(data: dict[str, Any]) -> str:
    """Title, every KPI, the groups, the data quality."""
    report = data["report"]
    lines = [f"# KPIs: {_md(heading(data))}", "", _md(as_at_line(data)) + ".", ""]
    if report["params"]:
        lines += [f"Parameters: {_md(params_text(report))}.", ""]
    lines += [f"## KPIs ({len(report['kpis'])})", "", *_table(report["kpis"]), ""]
    if report["groups"]:
        by = by_text(report["groups"][0]["by"])
        lines += [f"## By {_md(by.lower())} ({len(report['groups']) - 1} and the total)", ""]
        for group in report["groups"]:
            lines += [f"### {_md(group_heading(group))}", "", *_table(group["kpis"]), ""]
    lines += _quality(report)
    return "\n".join(lines)


def _table(items: dict[str, Any]) -> list[str]:
    lines = ["| " + " | ".join(HEADINGS) + " |", "|---|---|--:|--:|--:|--:|---|---|"]
    for kpi, item in kpis({"kpis": items}):
        value = value_text(item)
        cells = [f"`{kpi}`", _md(item["label"]), f"*{NO_DATA}*" if item["value"] is None
                 else _md(value), _md(part_text(item["numerator"], kpi)),
                 _md(part_text(item["denominator"], kpi)), _md(rows_text(item["rows_used"])),
                 _md(set_aside_text(item)), _md(why_text(item))]
        lines.append("| " + " | ".join(cells) + " |")
    return lines


def _quality(report: dict[str, Any]) -> list[str]:
    quality = report["data_quality"]["input"]
    unread = unread_line(quality, text=_md)
    lines = ["## Data quality", "", _md(verdict_line(quality)), "",
             *([unread, ""] if unread else []),
             "| Table | File | Sheet | Rows | Set aside | Loaded | Name a worker |",
             "|---|---|---|--:|--:|--:|--:|"]
    for table in quality["tables"]:
        cells = [table["table"], table["file"], table["sheet"] or "-", f"{table['rows']:,}",
                 f"{table['set_aside']:,}", f"{table['loaded']:,}", matched_text(table)]
        lines.append("| " + " | ".join(_md(cell) for cell in cells) + " |")
    lines.append("")
    notes = engine_notes(report)
    if notes:
        lines += [*(f"- {_md(note)}" for note in notes), ""]
    return lines
