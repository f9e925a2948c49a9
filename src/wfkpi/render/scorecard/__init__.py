"""A council's scorecard (the plain dict of ``api.scorecard``) as CSV, Markdown, Excel or HTML.

Every renderer is a pure function of the dict: the same scorecard gives byte-identical output,
and nothing is shown that the dict does not hold. The workbook and the web page live in
``scorecard_xlsx`` and ``scorecard_html``; the wording and formatting they share lives here.
"""

from __future__ import annotations

import csv
import io
import re
from typing import Any

from wfkpi.core.display import date_text, number
from wfkpi.render.report import scope_text

STATUSES = ("green", "amber", "red", "no data", "not measured")

# A shape beside each status word, so that no status rests on colour alone; "not judged" is
# the status of a group too small to judge in a target judged group by group.
SYMBOL = {"green": "✓", "amber": "!", "red": "✗", "no data": "?", "not measured": "–",
          "not judged": "·"}
EMOJI = {"green": "🟢", "amber": "🟠", "red": "🔴", "no data": "⚪", "not measured": "➖",
         "not judged": "▫️"}

# Excel's own "Good", "Neutral" and "Bad" cell styles, and greys: (fill, text).
COLOURS = {"green": ("C6EFCE", "006100"), "amber": ("FFEB9C", "7A4500"),
           "red": ("FFC7CE", "9C0006"), "no data": ("E7E6E6", "3A3A3A"),
           "not measured": ("F2F2F2", "3A3A3A"), "not judged": ("F2F2F2", "3A3A3A")}

FORMULA_STARTS = ("=", "+", "-", "@", "\t", "\r")


def to_csv(card: dict[str, Any]) -> str:
    """One row per target, figures unrounded; text that a spreadsheet would run is defused."""
    out = io.StringIO()
    writer = csv.writer(out, lineterminator="\n")
    writer.writerow(CSV_FIELDS)
    for row in card["rows"]:
        writer.writerow([_csv_cell(value) for value in _csv_values(row)])
    return out.getvalue()


CSV_FIELDS = ("target_id", "kpi", "label", "method", "scope", "scope_inferred", "unit", "value",
              "numerator", "denominator", "target", "due", "status", "status_note", "previous",
              "benchmarks", "groups", "document", "section", "quote", "note")


def _csv_values(row: dict[str, Any]) -> list[Any]:
    source = row.get("source") or {}
    benchmarks = "; ".join(f"{b['name']}={_plain(b['value'])}" for b in row["benchmarks"])
    groups = "; ".join(f"{g['group']}={_plain(g['value'])} "
                       + (f"(was {_plain(g['previous'])}) " if g["previous"] is not None else "")
                       + g["status"] for g in row.get("groups") or [])
    return [row["target_id"], row["kpi"], row["label"], row["method"], row["scope"],
            "true" if row.get("scope_inferred") else "false", row["unit"], row["value"],
            row["numerator"], row["denominator"], row["target"], row["due"], row["status"],
            row["status_note"], row["previous"], benchmarks, groups, source.get("document"),
            source.get("section"), source.get("quote"), row["note"]]


def _plain(value: Any) -> str:
    return "" if value is None else str(value)


def _csv_cell(value: Any) -> Any:
    """Numbers as they are; text defused, its line breaks made ``\n`` (a bare CR would go
    unquoted with ``\n`` line ends, and split the row)."""
    if isinstance(value, bool) or not isinstance(value, int | float):
        return defuse(_plain(value)).replace("\r\n", "\n").replace("\r", "\n")
    return value


def defuse(text: str) -> str:
    """Text that a spreadsheet would read as a formula, with a leading ``'`` so it stays text."""
    return "'" + text if text.startswith(FORMULA_STARTS) else text


# --------------------------------------------------------------------------- Markdown

def to_markdown(card: dict[str, Any]) -> str:
    """Title, status counts, the measured targets, those not measured, sources, data quality."""
    lines = heading_lines(card)
    lines += _md_table(card)
    lines += _md_groups(card)
    lines += _md_not_measured(card)
    lines += _md_sources(card)
    lines += _md_definitions(card)
    lines += _md_quality(card)
    lines += [card["attribution"], ""] if card.get("attribution") else []
    return "\n".join(lines)


def heading_lines(card: dict[str, Any]) -> list[str]:
    council = card["council"]
    counts = " · ".join(f"{EMOJI[s]} {s} {n}" for s, n in card["summary"].items())
    return [f"# {_md(council['name'])}: scorecard at {date_text(card['as_at'])}", "",
            _md(as_at_line(card)), "", _md(strategy_line(card)), "",
            f"**Status:** {counts}", ""]


def as_at_line(card: dict[str, Any]) -> str:
    as_at = date_text(card["as_at"])
    return (f"As at {as_at} ({card['as_at_source']}); window "
            f"{date_text(card['period_start'])} to {as_at}; data {card['path']}.")


def strategy_line(card: dict[str, Any]) -> str:
    council, community = card["council"], card.get("community")
    line = (f"Targets from {council['document']} (strategy period "
            f"{council['strategy_period']}); council id {council['id']}.")
    if community:
        line += (f" Community profile: {community['area']}, "
                 f"{community['ethnic_minority_percent']:g}% from minority ethnic groups "
                 f"({community['source']}).")
    return line


def measured(card: dict[str, Any]) -> list[dict[str, Any]]:
    return [row for row in card["rows"] if row["status"] != "not measured"]


def not_measured(card: dict[str, Any]) -> list[dict[str, Any]]:
    return [row for row in card["rows"] if row["status"] == "not measured"]


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
                 f"{row['status_note']}", "; ".join(benchmark_texts(row)) or "-"]
        lines.append("| " + " | ".join(_md(cell) for cell in cells) + " |")
    return [*lines, ""]


def kpi_text(row: dict[str, Any]) -> str:
    """The KPI id with its method and, when narrower than everyone, its scope (and "scope
    inferred" where the population is a reading of the strategy's words)."""
    if not row["kpi"]:
        return "-"
    details = ", ".join(part for part in (row["method"], scope_text(row)) if part)
    return f"{row['kpi']} ({details})" if details else row["kpi"]


def judged_by_group(card: dict[str, Any]) -> list[dict[str, Any]]:
    """The measured targets judged group by group (a breakdown), in the strategy's order."""
    return [row for row in measured(card) if row.get("groups")]


def group_heading(row: dict[str, Any]) -> str:
    """``team_level_turnover_low``'s heading: "team_level_turnover_low: by team (11)"."""
    return f"{row['target_id']}: by {row['breakdown'].replace('_', ' ')} ({len(row['groups'])})"


def group_value(group: dict[str, Any], unit: str | None) -> str:
    """A group's figure as shown: rounded, with last year's beside it when there is one."""
    text = number(group["value"], unit or "")
    if group["previous"] is not None:
        text += f" (was {number(group['previous'], unit or '')})"
    return text


def value_text(row: dict[str, Any]) -> str:
    text = number(row["value"], row["unit"])
    if row.get("as_of"):
        text += f" (at {date_text(row['as_of'])})"
    if row["previous"] is not None:
        text += f" (was {number(row['previous'], row['unit'])})"
    if row.get("flags"):
        text += " ⚠"
    return text


def goal_text(row: dict[str, Any]) -> str:
    return f"{row['target']} by {date_text(row['due'])}" if row["due"] else row["target"]


def benchmark_texts(row: dict[str, Any]) -> list[str]:
    return [f"{b['name']}: {number(b['value'], row['unit'])}" for b in row["benchmarks"]]


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


# What a Markdown renderer would act on in text from the data: a tag or autolink (``<`` before
# a letter, ``/``, ``!`` or ``?``) and link brackets.
MARKUP = re.compile(r"<(?=[A-Za-z/!?])|[\[\]]")


def _md(text: str) -> str:
    """Text safe inside a Markdown table cell: one line, pipes escaped, no tag or link."""
    one_line = " ".join(str(text).split())
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
    lines = ["## Data quality", "", _md(verdict_line(quality["input"])), "",
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


def matched_text(table: dict[str, Any]) -> str:
    """How many of a per-worker table's loaded rows name a worker in the workers table: "-" for
    the tables that name none; a share below 90% means the ids do not join (docs/kpis.md)."""
    matched = table.get("matched")
    if matched is None:
        return "-"
    loaded = table["loaded"]
    return f"{matched:,} of {loaded:,}" + (f" ({matched / loaded:.0%})" if loaded else "")


def verdict_line(quality: dict[str, Any]) -> str:
    return f"Input {quality['verdict']}: {issue_counts(quality)}"


def issue_counts(quality: dict[str, Any]) -> str:
    issues = ", ".join(f"{code} {n:,}" for code, n in quality["issues"].items())
    return (f"{quality['errors']:,} errors, {quality['warnings']:,} warnings"
            + (f" ({issues})." if issues else "."))


def set_aside_rows(quality: dict[str, Any]) -> list[tuple[str, str, int]]:
    return [(kpi, reason, n) for kpi, reasons in quality.get("set_aside", {}).items()
            for reason, n in reasons.items()]


# --------------------------------------------------------------------------- workbook, web page

def to_xlsx(card: dict[str, Any]) -> bytes:
    """An Excel workbook: Scorecard, Benchmarks, Definitions and Data quality sheets."""
    from wfkpi.render.scorecard.xlsx import workbook

    return workbook(card)


def to_html(card: dict[str, Any]) -> str:
    """One self-contained web page (inline CSS, no scripts, no network), readable on a phone."""
    from wfkpi.render.scorecard.html import page

    return page(card)
