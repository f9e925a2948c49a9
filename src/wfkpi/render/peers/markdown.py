"""A council's peer position in Markdown, for a README, an issue or an email: the year and
rules, a table of positions, the notes, the neighbours and the attribution. Text from files
(area names, a neighbours file's source) is made safe for a table cell."""

from __future__ import annotations

from typing import Any

from wfkpi.render.common import markdown_text
from wfkpi.render.peers.text import (
    area_line,
    direction,
    group_rank_text,
    median_text,
    neighbours_line,
    notes,
    quartile_text,
    rank_text,
    region_name,
    rules_line,
    title,
    value_text,
)


def render(data: dict[str, Any]) -> str:
    council = markdown_text(data["council"]["dfe_area"])
    lines = [f"# {markdown_text(title(data))}", "", markdown_text(area_line(data)), "",
             markdown_text(rules_line(data)), "",
             f"| KPI | {council} | Rank | Quartile | All authorities: median (n) | "
             f"{markdown_text(region_name(data))}: median (n) | Neighbours: median (n) |",
             "|---|--:|--:|--:|--:|--:|--:|"]
    for kpi in data["kpis"]:
        unit = kpi["unit"]
        near = group_rank_text(kpi["neighbours"])
        cells = [f"{markdown_text(kpi['label'])} (`{kpi['kpi']}`, {direction(kpi)})",
                 markdown_text(value_text(kpi)), rank_text(kpi), quartile_text(kpi),
                 median_text(kpi["all"], unit), median_text(kpi["region"], unit),
                 median_text(kpi["neighbours"], unit) + (f", {near}" if near else "")]
        lines.append("| " + " | ".join(cells) + " |")
    lines.append("")
    found = notes(data)
    if found:
        lines += ["## Notes", "", *(f"- {markdown_text(line)}" for line in found), ""]
    lines += [markdown_text(neighbours_line(data)), "", markdown_text(data["attribution"]), ""]
    return "\n".join(lines)
