"""The scorecard in Markdown, for a README, an issue or an email: the title block, the measured
targets, those judged group by group, the peer positions, those not measured, sources,
definitions and data quality.
Text from the data is made safe for a table cell: one line, pipes escaped, no tag or link.
"""

from __future__ import annotations

import re
from typing import Any

from wfkpi.core.display import date_text, number, visible
from wfkpi.render.common import EMOJI, markdown_text, unread_line
from wfkpi.render.scorecard.text import (
    ORDINAL,
    as_at_line,
    benchmark_texts,
    goal_text,
    group_heading,
    group_value,
    judged_by_group,
    kpi_text,
    matched_text,
    measured,
    not_measured,
    peer_kpi,
    peer_median,
    peer_note,
    peer_rows,
    peers_intro,
    peers_text,
    set_aside_rows,
    strategy_line,
    verdict_line,
)


def render(card: dict[str, Any]) -> str:
    """Title, status counts, the measured targets, those not measured, sources, data quality."""
    lines = _heading(card)
    lines += _md_table(card)
    lines += _md_groups(card)
    lines += _md_peers(card)
    lines += _md_not_measured(card)
    lines += _md_sources(card)
    lines += _md_definitions(card)
    lines += _md_quality(card)
    lines += [card["attribution"], ""] if card.get("attribution") else []
    return "\n".join(lines)


def _heading(card: dict[str, Any]) -> list[str]:
    council = card["council"]
    counts = " · ".join(f"{EMOJI[s]} {s} {n}" for s, n in card["summary"].items())
    return [f"# {_md(council['name'])}: scorecard at {date_text(card['as_at'])}", "",
            _md(as_at_line(card)), "", _md(strategy_line(card)), "",
            f"**Status:** {counts}", ""]


def _md_table(card: dict[str, Any]) -> list[str]:
    rows = measured(card)
    if not rows:
        return ["No target could be measured.", ""]
    lines = [f"## Targets measured ({len(rows)})", "",
             "| Target | KPI | Value | Goal | Status | Benchmarks |",
             "|---|---|--:|---|---|---|"]
    for row in rows:
        cells = [f"{row['label']} (`{row['target_id']}`)", kpi_text(row), value_text(row),
                 goal_text(row), f"{EMOJI[row['status']]} **{row['status']}**: "
                 f"{row['status_note']}",
                 "; ".join([*benchmark_texts(row), *filter(None, [peers_text(row)])]) or "-"]
        lines.append("| " + " | ".join(_md(cell) for cell in cells) + " |")
    return [*lines, ""]


def value_text(row: dict[str, Any]) -> str:
    text = number(row["value"], row["unit"])
    if row.get("as_of"):
        text += f" (at {date_text(row['as_of'])})"
    if row["previous"] is not None:
        text += f" (was {number(row['previous'], row['unit'])})"
    if row.get("flags"):
        text += " ⚠"
    return text


def _md_groups(card: dict[str, Any]) -> list[str]:
    """A table per target judged group by group: each group's people, figure and status."""
    rows = judged_by_group(card)
    if not rows:
        return []
    lines = [f"## Targets judged group by group ({len(rows)})", ""]
    for row in rows:
        by = row["breakdown"].replace("_", " ")
        lines += [f"### {_md(group_heading(row))}", "", _md(row["status_note"]), "",
                  f"| {_md(by.capitalize())} | People | Value | Status |", "|---|--:|--:|---|"]
        for group in row["groups"]:
            cells = [group["group"], f"{group['headcount']:,}", group_value(group, row["unit"]),
                     f"{EMOJI[group['status']]} **{group['status']}**: {group['note']}"]
            lines.append("| " + " | ".join(_md(cell) for cell in cells) + " |")
        lines.append("")
    return lines


def _md_peers(card: dict[str, Any]) -> list[str]:
    """Where the council stands among England's local authorities for each target with a DfE
    published rate (docs/peers.md): one published year, never the current figure."""
    rows = peer_rows(card)
    if not rows:
        return []
    published = rows[0]["peers"]["published"]
    lines = [f"## Peer position ({_md(published)})", "", _md(peers_intro(rows)), "",
             "| Target | KPI | Rank | Quartile | All: median (n) | Region: median (n) | "
             "Neighbours: median (n) | Note |", "|---|---|--:|--:|--:|--:|--:|---|"]
    for row in rows:
        peers = row["peers"]
        unit = peers["unit"]
        region = peers["region"]
        cells = [f"`{row['target_id']}`", peer_kpi(peers),
                 "-" if peers["rank"] is None else f"{peers['rank']} of {peers['of']}",
                 "-" if peers["quartile"] is None else ORDINAL[peers["quartile"]],
                 peer_median(peers["all"], unit),
                 (f"{region['name']}: " if region else "") + peer_median(region, unit),
                 peer_median(peers["neighbours"], unit), peer_note(peers) or "-"]
        lines.append("| " + " | ".join(_md(cell) for cell in cells) + " |")
    return [*lines, ""]


# What a Markdown renderer would act on in text from the data: a tag or autolink (``<`` before
# a letter, ``/``, ``!`` or ``?``) and link brackets.
MARKUP = re.compile(r"<(?=[A-Za-z/!?])|[\[\]]")


def _md(text: str) -> str:
    """Text safe inside a Markdown table cell: one line, control characters written out, pipes
    escaped, no tag or link. (Emphasis and code marks pass: the cells carry the scorecard's
    own, around a status and a target id; ``render.common.markdown_text`` escapes them too.)"""
    one_line = " ".join(visible(text).split())
    return MARKUP.sub(lambda match: "\\" + match.group(), one_line).replace("|", "\\|")


def _md_not_measured(card: dict[str, Any]) -> list[str]:
    rows = not_measured(card)
    if not rows:
        return []
    lines = [f"## Not measured ({len(rows)})", ""]
    lines += [f"- **{_md(row['label'])}** (`{row['target_id']}`), target {_md(goal_text(row))} "
              f"— {_md(row['status_note'])}" for row in rows]
    return [*lines, ""]


def _md_sources(card: dict[str, Any]) -> list[str]:
    lines = ["## Sources", ""]
    for n, row in enumerate(card["rows"], 1):
        source = row.get("source") or {}
        where = ", ".join(_md(p) for p in (source.get("document"), source.get("section")) if p)
        item = f"{n}. `{row['target_id']}`: “{_md(source.get('quote') or '')}”" + (
            f" ({where})" if where else "")
        if row["note"]:  # a hard line break, then the note indented under the item
            item += "\\\n" + " " * len(f"{n}. ") + f"Note: {_md(row['note'])}"
        lines.append(item)
    return [*lines, ""]


def _md_definitions(card: dict[str, Any]) -> list[str]:
    if not card.get("definitions"):
        return []
    lines = ["## Definitions", "", "| KPI | Method | Label | Unit | Definition |",
             "|---|---|---|---|---|"]
    for item in card["definitions"]:
        cells = [item["kpi"], item["method"], item["label"], item["unit"] or "-",
                 item["definition"]]
        lines.append("| " + " | ".join(_md(cell) for cell in cells) + " |")
    return [*lines, ""]


def _md_quality(card: dict[str, Any]) -> list[str]:
    quality = card["data_quality"]
    unread = unread_line(quality["input"], text=markdown_text)
    lines = ["## Data quality", "", _md(verdict_line(quality["input"])), "",
             *([unread, ""] if unread else []),
             "| Table | File | Sheet | Rows | Set aside | Loaded | Name a worker |",
             "|---|---|---|--:|--:|--:|--:|"]
    for table in quality["input"]["tables"]:
        cells = [table["table"], table["file"], table["sheet"] or "-", f"{table['rows']:,}",
                 f"{table['set_aside']:,}", f"{table['loaded']:,}", matched_text(table)]
        lines.append("| " + " | ".join(_md(cell) for cell in cells) + " |")
    lines.append("")
    set_aside = set_aside_rows(quality)
    if set_aside:
        lines += ["Records each KPI left out, and why:", "", "| KPI | Reason | Records |",
                  "|---|---|--:|"]
        lines += [f"| {_md(kpi)} | {_md(reason)} | {n:,} |" for kpi, reason, n in set_aside]
        lines.append("")
    return lines
