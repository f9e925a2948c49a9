"""A bridge in Markdown, for an issue, an email or a README: a heading, the rate at both dates
and its change, a table of the parts (shown so that they add up to the change), the groups that
moved it most with ``--by``, and the data quality. Text from the data is made safe for a table
cell (:func:`wfkpi.render.common.markdown_text`)."""

from __future__ import annotations

from typing import Any

from wfkpi.core.display import day_text
from wfkpi.render.bridge import (
    Figures,
    Row,
    amount_text,
    contribution_heading,
    figures,
    groups_heading,
    header_line,
    kind_text,
    level_text,
    no_bridge_text,
    row_name,
    signed,
    value_text,
    valued_text,
)
from wfkpi.render.common import markdown_text as _md
from wfkpi.render.explain.text import dates_line, input_line, source_line

ALIGN = "|---|---|--:|--:|--:|"


def render(data: dict[str, Any]) -> str:
    f = figures(data["bridge"])
    lines = [f"# Why it moved: {_md(f.label)}", "", f"**{_md(header_line(f))}**", "",
             f"`{f.kpi}` {_md(source_line(data, f)[len(f.kpi):])}. {_md(dates_line(data, f))}.",
             ""]
    if not f.split:
        lines += [f"**{_md(no_bridge_text(f))}**", ""]
    else:
        lines += [f"| Part | Kind | Numerator | Denominator | {contribution_heading(f.unit)} |",
                  ALIGN, _end(f, "before")]
        lines += [_row(row, f) for row in f.parts]
        lines += [_change(f), _end(f, "after"), ""]
        if f.caution:
            lines += [f"> **Read with care:** {_md(f.caution)}", ""]
        if f.groups:
            by = (f.by or "group").replace("_", " ").capitalize()
            lines += [f"## {_md(groups_heading(f.by))}", "",
                      f"| {_md(by)} | Kind | Numerator | Denominator | "
                      f"{contribution_heading(f.unit)} |", ALIGN]
            lines += [_row(row, f) for row in f.groups]
            lines += [_change(f), ""]
        if (valued := valued_text(f)) is not None:
            lines += [f"*{_md(valued)}*", ""]
    lines += ["## Data quality", "", _md(input_line(data, hint="")) + _hint(data) + ".", ""]
    return "\n".join(lines)


def _hint(data: dict[str, Any]) -> str:
    quality = data["data_quality"]["input"]
    return "; `wfkpi validate` lists them" if quality["errors"] or quality["warnings"] else ""


def _row(row: Row, f: Figures) -> str:
    moved = [amount_text(m, p, s) for m, p, s in zip(row.moved, f.places, f.sides, strict=True)]
    cells = [_md(row_name(row, f.by)), _md(kind_text(row)), *(_md(m) for m in moved),
             _md(signed(row.shown))]
    return "| " + " | ".join(cells) + " |"


def _end(f: Figures, key: str) -> str:
    end = f.before if key == "before" else f.after
    cells = [f"**{_md(day_text(end.day))}**", "rate",
             _md(level_text(end.numerator, f.places[0], f.sides[0])),
             _md(level_text(end.denominator, f.places[1], f.sides[1])),
             f"**{_md(value_text(end.shown, f.unit))}**"]
    return "| " + " | ".join(cells) + " |"


def _change(f: Figures) -> str:
    moved = ["", ""] if f.moved is None else [
        amount_text(m, p, s, zero=True)
        for m, p, s in zip(f.moved, f.places, f.sides, strict=True)]
    cells = ["**Change**", "", *(_md(m) for m in moved), f"**{_md(signed(f.change or 0))}**"]
    return "| " + " | ".join(cells) + " |"
