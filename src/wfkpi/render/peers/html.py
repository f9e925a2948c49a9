"""A council's peer position as one self-contained web page: per KPI, a hand-drawn SVG of every
authority's published figure as a bar, lowest first, the council's bar highlighted and named,
its neighbours' bars marked with a triangle, and the three medians as lines; in the scorecard
page's look.

Inline CSS and inline SVG only: no scripts, fonts, images or links, and a Content-Security-Policy
that fetches nothing. Every chart has a text alternative and its figures in a table beside it;
every name from a file is escaped.
"""

from __future__ import annotations

import math
from typing import Any

from wfkpi.core.display import WHOLE_UNITS, number
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
from wfkpi.render.webpage import CSS, esc, page_head

# The chart's drawing box (SVG user units) and the plot inside it.
WIDTH, HEIGHT = 640, 270
LEFT, RIGHT, TOP, BOTTOM = 56, 14, 28, 44
COUNCIL, NEIGHBOUR, OTHER = "#c00000", "#1f4e99", "#b8c2cc"
GRID, AXIS = "#d8dde3", "#4a5360"
# The medians' lines: (key in the position, words, colour, dashes).
MEDIANS = (("all", "all authorities", "#1b1f24", "6 4"),
           ("region", "", "#b26a00", "2 3"),
           ("neighbours", "neighbours", NEIGHBOUR, "10 3 2 3"))

PEERS_CSS = """
.charts { list-style: none; margin: 0; padding: 0; display: grid; gap: 14px;
  grid-template-columns: repeat(auto-fill, minmax(min(100%, 560px), 1fr)); }
.chart { background: var(--card); border: 1px solid var(--line); border-radius: 6px;
  padding: 12px 14px; }
.chart h3 { margin: 0; font-size: 1.05rem; }
.chart .kpi { margin: 0 0 .4rem; }
.now { margin: .2rem 0; display: flex; flex-wrap: wrap; align-items: baseline; gap: .2rem .8rem; }
.now .was { display: inline; }
.medians { list-style: none; margin: .3rem 0; padding: 0; font-size: .9rem; }
.medians li { display: flex; justify-content: space-between; gap: 12px;
  border-bottom: 1px dotted var(--line); padding: 1px 0; }
.medians li span:last-child { font-variant-numeric: tabular-nums; white-space: nowrap; }
.chart svg.ranked { display: block; width: 100%; height: auto; margin-top: .3rem; }
.chart svg text { font: 12px system-ui, -apple-system, "Segoe UI", Roboto, Arial, sans-serif;
  fill: #4a5360; }
.chart svg text.council { fill: #c00000; font-weight: 700; }
.key { display: flex; flex-wrap: wrap; gap: .2rem 1rem; margin: .2rem 0 0; padding: 0;
  list-style: none; font-size: .85rem; color: var(--muted); }
.key svg { display: inline; width: 28px; height: 10px; margin: 0 .3rem 0 0; }
.figures td, .figures th { white-space: nowrap; padding: 4px 8px; }
.figures .n { text-align: right; font-variant-numeric: tabular-nums; }
.figures tr.council td { font-weight: 700; color: #9c0006; }
.notes li { margin: .2rem 0; }
"""


def _f(value: float) -> str:
    """A coordinate, to a tenth of a unit (the same figures give the same text)."""
    return f"{value:.1f}"


def render(data: dict[str, Any]) -> str:
    """One self-contained web page: a ranked chart per KPI, the notes and the neighbours."""
    cards = "\n".join(_card(n, data, kpi) for n, kpi in enumerate(data["kpis"]))
    found = notes(data)
    noted = "" if not found else (
        '<section aria-labelledby="notes"><h2 id="notes">Notes</h2><ul class="notes">'
        + "".join(f"<li>{esc(line)}</li>" for line in found) + "</ul></section>")
    parts = [*page_head(title(data), CSS + PEERS_CSS), _header(data), '<main class="page">',
             f'<section aria-labelledby="charts"><h2 id="charts">{len(data["kpis"])} '
             f'{"KPI" if len(data["kpis"]) == 1 else "KPIs"}, every authority ranked</h2>'
             f'<p class="small">{esc(rules_line(data))}</p>'
             f'<ul class="charts">\n{cards}\n</ul></section>', noted,
             f'<section aria-labelledby="neighbours"><h2 id="neighbours">Statistical '
             f"neighbours</h2><p>{esc(neighbours_line(data))}</p></section>",
             f"<footer><p>{esc(data['attribution'])}</p></footer>", "</main>", "</body>",
             "</html>"]
    return "\n".join(part for part in parts if part) + "\n"


def _header(data: dict[str, Any]) -> str:
    return (f'<header><div class="page"><p class="kicker">Peer position</p>'
            f"<h1>{esc(data['council']['name'])}</h1>"
            f'<p class="meta">{esc(data["published"])}.</p>'
            f'<p class="meta">{esc(area_line(data))}</p></div></header>')


def _card(n: int, data: dict[str, Any], kpi: dict[str, Any]) -> str:
    unit = kpi["unit"]
    place = (f"rank {rank_text(kpi)}, {quartile_text(kpi)} quartile" if kpi["rank"] is not None
             else kpi["note"] or "no rank")
    rows = [("All authorities", kpi["all"]), (region_name(data), kpi["region"]),
            ("Statistical neighbours", kpi["neighbours"])]
    medians = "".join(
        f"<li><span>{esc(name)}: median</span><span>{esc(median_text(group, unit))}"
        + (f", {esc(group_rank_text(group))}" if name != "All authorities"
           and group_rank_text(group) else "") + "</span></li>"
        for name, group in rows if group is not None)
    return (f'<li class="chart"><h3>{esc(kpi["label"])}</h3>'
            f'<p class="kpi small"><code>{esc(kpi["kpi"])}</code> · {esc(direction(kpi))}; '
            f"{esc(kpi['published'])}</p>"
            f'<p class="now"><span class="value">{esc(value_text(kpi))}</span>'
            f'<span class="was">{esc(data["council"]["dfe_area"])}: {esc(place)}</span></p>'
            f'<ul class="medians">{medians}</ul>{svg(n, data, kpi)}{_key(data, kpi)}'
            f"{_figures(data, kpi)}</li>")


def _key(data: dict[str, Any], kpi: dict[str, Any]) -> str:
    def swatch(colour: str) -> str:
        return (f'<svg viewBox="0 0 28 10" aria-hidden="true"><rect x="8" y="0" width="12" '
                f'height="10" fill="{colour}"/></svg>')

    def dashes(colour: str, dash: str) -> str:
        return (f'<svg viewBox="0 0 28 10" aria-hidden="true"><line x1="0" y1="5" x2="28" '
                f'y2="5" stroke="{colour}" stroke-width="2" stroke-dasharray="{dash}"/></svg>')

    items = [f"{swatch(COUNCIL)}{esc(data['council']['dfe_area'])}",
             f"{swatch(NEIGHBOUR)}a statistical neighbour (▲)",
             f"{swatch(OTHER)}another authority"]
    for key, words, colour, dash in MEDIANS:
        group = kpi.get(key)
        if group is not None and group["median"] is not None:
            name = words or region_name(data)
            items.append(f"{dashes(colour, dash)}median, {esc(name)} "
                         f"({esc(number(group['median'], kpi['unit']))})")
    return '<ul class="key">' + "".join(f"<li>{item}</li>" for item in items) + "</ul>"


def _figures(data: dict[str, Any], kpi: dict[str, Any]) -> str:
    """Every authority's figure, lowest first: the chart's data as a table."""
    near = set((data.get("neighbours") or {}).get("areas", []))
    rows = []
    for figure in kpi["figures"]:
        council = figure["area"] == kpi["area"]
        mark = data["council"]["dfe_area"] if council else \
            "neighbour" if figure["area"] in near else ""
        rows.append(f'<tr{" class=council" if council else ""}><td class="n">{figure["rank"]}'
                    f"</td><td>{esc(figure['area'])}</td><td>{esc(figure['region'])}</td>"
                    f'<td class="n">{esc(number(figure["value"], kpi["unit"]))}</td>'
                    f"<td>{esc(mark)}</td></tr>")
    head = "".join(f'<th scope="col"{css}>{name}</th>' for name, css in (
        ("Rank", ' class="n"'), ("Authority", ""), ("Region", ""), ("Figure", ' class="n"'),
        ("", "")))
    return (f'<details><summary>Figures ({len(kpi["figures"])} authorities)</summary>'
            f'<div class="scroll"><table class="figures"><thead><tr>{head}</tr></thead>'
            f"<tbody>{''.join(rows)}</tbody></table></div></details>")


# --------------------------------------------------------------------------- the chart

def ticks(high: float, unit: str) -> list[float]:
    """Round figures from 0 to at or above ``high``, about five steps of 1, 2 or 5 times a
    power of ten (never finer than the figures are shown)."""
    finest = 1.0 if unit in WHOLE_UNITS else 0.1
    if high <= 0:
        return [0.0, finest * 5]
    rough = high / 5
    power = 10 ** math.floor(math.log10(rough))
    step = max(next(m * power for m in (1, 2, 5, 10) if m * power >= rough), finest)
    count = math.ceil(high / step - 1e-9)
    return [round(i * step, 10) for i in range(count + 1)]


def svg(n: int, data: dict[str, Any], kpi: dict[str, Any]) -> str:
    """Every authority's published figure as a bar, lowest (rank 1) on the left, from 0: the
    council's bar red and named above it, its neighbours' blue and marked ▲ beneath, the
    others grey; the medians as lines across."""
    figures, unit = kpi["figures"], kpi["unit"]
    council = data["council"]["dfe_area"]
    near = set((data.get("neighbours") or {}).get("areas", []))
    label = (f"{kpi['label']}, {kpi['published']}: {len(figures)} authorities ranked, lowest "
             f"first. {council}: {value_text(kpi)}"
             + (f", rank {rank_text(kpi)}, {quartile_text(kpi)} quartile" if kpi["rank"]
                else f" ({kpi['note']})") + ".")
    if not figures:
        return f'<p class="small">{esc(label)} No authority has a published figure.</p>'
    scale = ticks(max(f["value"] for f in figures), unit)
    top = scale[-1] or 1.0
    inner_w, inner_h = WIDTH - LEFT - RIGHT, HEIGHT - TOP - BOTTOM
    step = inner_w / len(figures)

    def y(value: float) -> float:
        return TOP + inner_h * (1 - value / top)

    parts = [f'<svg class="ranked" viewBox="0 0 {WIDTH} {HEIGHT}" role="img" '
             f'aria-labelledby="peers-{n}"><title id="peers-{n}">{esc(label)}</title>']
    for tick in scale:
        parts.append(f'<line x1="{LEFT}" y1="{_f(y(tick))}" x2="{WIDTH - RIGHT}" '
                     f'y2="{_f(y(tick))}" stroke="{GRID}" stroke-width="1"/>'
                     f'<text x="{LEFT - 6}" y="{_f(y(tick) + 4)}" text-anchor="end">'
                     f"{esc(number(tick, unit))}</text>")
    width = max(1.0, step * 0.8)
    for i, figure in enumerate(figures):
        x = LEFT + i * step + (step - width) / 2
        own = figure["area"] == kpi["area"]
        kind = "council" if own else "neighbour" if figure["area"] in near else "other"
        colour = {"council": COUNCIL, "neighbour": NEIGHBOUR, "other": OTHER}[kind]
        tip = f"{figure['area']}: {number(figure['value'], unit)}, rank {figure['rank']}"
        parts.append(f'<rect class="{kind}" x="{_f(x)}" y="{_f(y(figure["value"]))}" '
                     f'width="{_f(width)}" height="{_f(y(0) - y(figure["value"]))}" '
                     f'fill="{colour}"><title>{esc(tip)}</title></rect>')
        middle = x + width / 2
        if kind == "neighbour":
            base = y(0) + 4
            parts.append(f'<path d="M{_f(middle)} {_f(base)} l-3.5 6 h7 z" fill="{NEIGHBOUR}"'
                         ' aria-hidden="true"/>')
        if own:
            anchor = "start" if i < len(figures) / 2 else "end"
            shift = 4 if anchor == "start" else -4
            parts.append(f'<line x1="{_f(middle)}" y1="{_f(y(figure["value"]) - 2)}" '
                         f'x2="{_f(middle)}" y2="{TOP - 8}" stroke="{COUNCIL}" '
                         'stroke-width="1"/>'
                         f'<text class="council" x="{_f(middle + shift)}" y="{TOP - 10}" '
                         f'text-anchor="{anchor}">{esc(council)} '
                         f"{esc(number(figure['value'], unit))}</text>")
    for key, _, colour, dash in MEDIANS:
        group = kpi.get(key)
        if group is not None and group["median"] is not None:
            level = _f(y(group["median"]))
            parts.append(f'<line class="median-{key}" x1="{LEFT}" y1="{level}" '
                         f'x2="{WIDTH - RIGHT}" y2="{level}" stroke="{colour}" '
                         f'stroke-width="1.5" stroke-dasharray="{dash}"/>')
    parts.append(f'<line x1="{LEFT}" y1="{_f(y(0))}" x2="{WIDTH - RIGHT}" y2="{_f(y(0))}" '
                 f'stroke="{AXIS}" stroke-width="1"/>'
                 f'<text x="{LEFT}" y="{HEIGHT - 8}">lowest (rank 1)</text>'
                 f'<text x="{WIDTH - RIGHT}" y="{HEIGHT - 8}" text-anchor="end">highest of '
                 f"{len(figures)}</text></svg>")
    return "".join(parts)
