"""A bridge as one self-contained web page: a waterfall drawn in inline SVG (the rate at the
earlier date, a floating bar per part, the rate at the later date), the parts in a table, and
with ``--by`` a second waterfall of the groups that moved it most; in the scorecard page's look.

Inline CSS and inline SVG only: no scripts, fonts, images or links, and a Content-Security-Policy
that fetches nothing. Every name from the data is escaped; every chart has a text alternative
and its figures in the table beside it.
"""

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
    points_text,
    row_name,
    signed,
    value_text,
    valued_text,
    waterfall,
)
from wfkpi.render.charts import WATERFALL_CSS, waterfall_key
from wfkpi.render.explain.text import dates_line, input_line, source_line
from wfkpi.render.webpage import CSS, esc, page_head

EXPLAIN_CSS = """
.card { background: var(--card); border: 1px solid var(--line); border-radius: 6px;
  padding: 12px 14px; margin-bottom: 14px; }
.card h3 { margin: 0 0 .2rem; font-size: 1.05rem; }
.lead { font-size: 1.15rem; margin: .2rem 0 .6rem; }
table.bridge td, table.bridge th { padding: 6px 10px; }
table.bridge .n { text-align: right; font-variant-numeric: tabular-nums; white-space: nowrap; }
table.bridge tr.end td { font-weight: 700; background: #f4f6f8; }
table.bridge tr.total td { font-weight: 700; border-top: 2px solid var(--ink); }
table.bridge tr.quiet td:first-child { font-style: italic; }
.caution { border-left: 4px solid #b26a00; background: #fff8e5; padding: .4rem .8rem;
  margin: .6rem 0; }
"""


def render(data: dict[str, Any]) -> str:
    """One self-contained web page: the waterfall and its table, the groups, the data quality."""
    f = figures(data["bridge"])
    title = f"Why it moved: {f.label}, {day_text(f.before.day)} to {day_text(f.after.day)}"
    parts = [*page_head(title, CSS + WATERFALL_CSS + EXPLAIN_CSS), _header(data, f),
             '<main class="page">', _bridge(f), _groups(f), _quality(data), "</main>",
             "</body>", "</html>"]
    return "\n".join(part for part in parts if part) + "\n"


def _header(data: dict[str, Any], f: Figures) -> str:
    return (f'<header><div class="page"><p class="kicker">Why it moved</p>'
            f"<h1>{esc(f.label)}</h1><p class=\"meta\">{esc(header_line(f))}</p>"
            f'<p class="meta">{esc(source_line(data, f))}. {esc(dates_line(data, f))}.</p>'
            "</div></header>")


def _bridge(f: Figures) -> str:
    if not f.split:
        return (f'<section aria-labelledby="bridge"><h2 id="bridge">The bridge</h2>'
                f'<p class="lead"><strong>{esc(no_bridge_text(f))}</strong></p></section>')
    heading = (f"From {value_text(f.before.shown, f.unit)} to "
               f"{value_text(f.after.shown, f.unit)}: {points_text(f.change, f.unit)}, "
               "part by part")
    chart = waterfall(f, f.parts, "bridge-chart", f"{f.label}: the change part by part")
    caution = (f'<p class="caution"><strong>Read with care:</strong> {esc(f.caution)}</p>'
               if f.caution else "")
    valued = valued_text(f)
    note = f'<p class="small">{esc(valued)}</p>' if valued else ""
    return (f'<section aria-labelledby="bridge"><h2 id="bridge">{esc(heading)}</h2>'
            f'<div class="card">{chart}{waterfall_key()}</div>{caution}'
            f'<div class="scroll">{_table(f, f.parts, "Part", ends=True)}</div>{note}'
            "</section>")


def _groups(f: Figures) -> str:
    if not f.split or not f.groups:
        return ""
    by = (f.by or "group").replace("_", " ").capitalize()
    heading = groups_heading(f.by)
    chart = waterfall(f, f.groups, "groups-chart", f"{f.label}: {heading.lower()}")
    return (f'<section aria-labelledby="groups"><h2 id="groups">{esc(heading)}</h2>'
            f'<div class="card">{chart}{waterfall_key()}</div>'
            f'<div class="scroll">{_table(f, f.groups, by, ends=False)}</div></section>')


def _table(f: Figures, rows: list[Row], heading: str, *, ends: bool) -> str:
    head = "".join(f'<th scope="col"{" class=n" if i > 1 else ""}>{esc(h)}</th>'
                   for i, h in enumerate((heading, "Kind", "Numerator", "Denominator",
                                          contribution_heading(f.unit))))
    body = [_end(f, "before")] if ends else []
    for row in rows:
        moved = [amount_text(m, p, s) for m, p, s in zip(row.moved, f.places, f.sides,
                                                           strict=True)]
        quiet = row.kind in ("data", "other", "revision") or row.combined
        body.append(_tr([row_name(row, f.by), kind_text(row), *moved, signed(row.shown)],
                        "quiet" if quiet else ""))
    moved = ["", ""] if f.moved is None else [
        amount_text(m, p, s, zero=True) for m, p, s in zip(f.moved, f.places, f.sides,
                                                           strict=True)]
    body.append(_tr(["Change", "", *moved, signed(f.change or 0)], "total"))
    if ends:
        body.append(_end(f, "after"))
    return (f'<table class="bridge"><thead><tr>{head}</tr></thead>'
            f"<tbody>{''.join(body)}</tbody></table>")


def _end(f: Figures, key: str) -> str:
    end = f.before if key == "before" else f.after
    return _tr([day_text(end.day), "rate", level_text(end.numerator, f.places[0], f.sides[0]),
                level_text(end.denominator, f.places[1], f.sides[1]),
                value_text(end.shown, f.unit)], "end")


def _tr(cells: list[str], kind: str) -> str:
    tds = "".join(f'<td{" class=n" if i > 1 else ""}>{esc(c)}</td>' for i, c in enumerate(cells))
    return f'<tr class="{kind}">{tds}</tr>' if kind else f"<tr>{tds}</tr>"


def _quality(data: dict[str, Any]) -> str:
    quality = data["data_quality"]["input"]
    rows = "".join(
        f"<tr><td>{esc(t['table'])}</td><td><code>{esc(t['file'])}</code></td>"
        f'<td class="n">{t["rows"]:,}</td><td class="n">{t["set_aside"]:,}</td>'
        f'<td class="n">{t["loaded"]:,}</td></tr>' for t in quality["tables"])
    head = "".join(f'<th scope="col"{cls}>{name}</th>' for name, cls in (
        ("Table", ""), ("File", ""), ("Rows", ' class="n"'), ("Set aside", ' class="n"'),
        ("Loaded", ' class="n"')))
    table = (f'<div class="scroll"><table class="quality"><thead><tr>{head}</tr></thead>'
             f"<tbody>{rows}</tbody></table></div>") if rows else ""
    return (f'<section aria-labelledby="quality"><h2 id="quality">Data quality</h2>'
            f"<p>{esc(input_line(data))}.</p>{table}</section>")
