"""A monthly trend as one self-contained web page: a hand-drawn SVG line chart per KPI (or per
measured target, with its target as a dashed line), then why the rates moved over the last month
and the last year (the trend's ``bridges``: a table of each rate's change and the parts that
moved it most, and a waterfall per rate, as ``wfkpi explain`` draws them), in the scorecard
page's look. A trend without ``bridges`` (written before they were) shows no such section.

Inline CSS and inline SVG only: no scripts, fonts, images or links, and a Content-Security-Policy
that fetches nothing. Every chart has a text alternative and its figures in a table beside it.
"""

from __future__ import annotations

import datetime as dt
import math
from typing import Any

from wfkpi.core.display import date_text, number, part
from wfkpi.render.bridge import (
    Figures,
    ends_line,
    figures,
    largest,
    no_bridge_text,
    points_text,
    row_name,
    value_text,
    waterfall,
)
from wfkpi.render.charts import WATERFALL_CSS, tick_text, ticks, waterfall_key
from wfkpi.render.common import SYMBOL
from wfkpi.render.trend.text import Line, change, lines, month_text, months, period_line
from wfkpi.render.webpage import CSS, badge, esc, page_head, status_class

# The chart's drawing box (SVG user units) and the plot inside it.
WIDTH, HEIGHT = 560, 250
LEFT, RIGHT, TOP, BOTTOM = 64, 30, 14, 34
VALUE_COLOUR, TARGET_COLOUR, GRID, AXIS = "#1f3864", "#c00000", "#d8dde3", "#4a5360"
MAX_LABELS = 7  # month labels under a chart, at most

TREND_CSS = """
.charts { list-style: none; margin: 0; padding: 0; display: grid; gap: 14px;
  grid-template-columns: repeat(auto-fill, minmax(min(100%, 520px), 1fr)); }
.chart { background: var(--card); border: 1px solid var(--line); border-radius: 6px;
  padding: 12px 14px; }
.chart.status { border-left: 6px solid var(--edge); }
.chart h3 { margin: 0; font-size: 1.05rem; }
.chart .kpi { margin: 0 0 .4rem; }
.now { margin: .2rem 0; display: flex; flex-wrap: wrap; align-items: baseline; gap: .2rem .8rem; }
.now .was { display: inline; }
.chart svg { display: block; width: 100%; height: auto; margin-top: .3rem; }
.chart svg text { font: 12px system-ui, -apple-system, "Segoe UI", Roboto, Arial, sans-serif;
  fill: #4a5360; }
.key { display: flex; flex-wrap: wrap; gap: .2rem 1rem; margin: .2rem 0 0; padding: 0;
  list-style: none; font-size: .85rem; color: var(--muted); }
.key svg { display: inline; width: 28px; height: 10px; margin: 0 .3rem 0 0; }
.strip { display: flex; flex-wrap: wrap; gap: 3px; list-style: none; margin: .4rem 0 0;
  padding: 0; }
.strip li { width: 1.6em; text-align: center; border-radius: 4px; font-size: .8rem;
  font-weight: 700; background: var(--fill); color: var(--text); border: 1px solid var(--edge); }
.strip li.none { background: none; border-style: dashed; }
.figures td, .figures th { white-space: nowrap; padding: 4px 8px; }
.figures .n { text-align: right; font-variant-numeric: tabular-nums; }
.bridges h3 { font-size: 1.05rem; margin: 1.2rem 0 .4rem; }
.moved td, .moved th { padding: 6px 10px; }
.moved .n { text-align: right; font-variant-numeric: tabular-nums; white-space: nowrap; }
.moved ul { margin: 0; padding-left: 1.1rem; }
.bridges .charts { margin-top: 10px; }
"""


def _f(value: float) -> str:
    """A coordinate, to a tenth of a unit (the same figures give the same text)."""
    return f"{value:.1f}"


def render(data: dict[str, Any]) -> str:
    """One self-contained web page: a chart per line, each with its figures, then the data
    quality month by month."""
    days = months(data)
    name = data["council"]["name"] if data["council"] else data["path"]
    title = f"Workforce trends: {name}, {month_text(days[0])} to {month_text(days[-1])}"
    drawn = lines(data)
    charts = "\n".join(_chart_card(n, line, days) for n, line in enumerate(drawn))
    what = "targets" if data["council"] else "KPIs"
    parts = [*page_head(title, CSS + TREND_CSS + WATERFALL_CSS), _header(data),
             '<main class="page">',
             f'<section aria-labelledby="charts"><h2 id="charts">{len(drawn)} {what}, month by '
             f'month</h2><ul class="charts">\n{charts}\n</ul></section>', _bridges(data),
             _quality(data), "</main>", "</body>", "</html>"]
    return "\n".join(part for part in parts if part) + "\n"


def _header(data: dict[str, Any]) -> str:
    if data["council"]:
        council = data["council"]
        heading = council["name"]
        meta = (f"Targets from <code>{esc(council['document'])}</code>, council id "
                f"<code>{esc(council['id'])}</code>; data <code>{esc(data['path'])}</code>.")
    else:
        heading = data["path"]
        meta = (f"Method <code>{esc(data['method'])}</code>, scope "
                f"{esc(data['scope'] or 'everyone')}.")
    return (f'<header><div class="page"><p class="kicker">Workforce trends</p>'
            f"<h1>{esc(heading)}</h1><p class=\"meta\">{esc(period_line(data))}.</p>"
            f'<p class="meta">{meta}</p></div></header>')


def _chart_card(n: int, line: Line, days: list[dt.date]) -> str:
    last = line.statuses[-1] if line.statuses else None
    classes = f"chart status {status_class(last)}" if last else "chart"
    scope = f", {esc(line.scope)}" if line.scope else ""
    ident = f"<code>{esc(line.key)}</code> · " if line.key != line.kpi else ""
    moved = ""
    if len(days) > 1 and (text := change(line)) != "-":
        moved = f"; {text if text[0] in '+−' else 'no change'} on {month_text(days[-2])}"
    now = (f'<p class="now"><span class="value">{esc(number(line.values[-1], line.unit))}</span>'
           f'<span class="was">{esc(month_text(days[-1]))}{esc(moved)}</span>'
           + (badge(last) if last else "") + "</p>")
    goal = f'<p class="small">Goal: {esc(line.goal)}</p>' if line.goal else ""
    return (f'<li class="{classes}"><h3>{esc(line.label)}</h3>'
            f'<p class="kpi small">{ident}<code>{esc(line.kpi)}</code> {esc(line.method)}{scope}'
            f"</p>{now}{goal}{svg(n, line, days)}{_key(line)}{_strip(line, days)}"
            f"{_figures(line, days)}</li>")


def _key(line: Line) -> str:
    if line.targets is None:
        return ""
    value = (f'<svg viewBox="0 0 28 10" aria-hidden="true"><line x1="0" y1="5" x2="28" y2="5" '
             f'stroke="{VALUE_COLOUR}" stroke-width="2.5"/><circle cx="14" cy="5" r="3" '
             f'fill="{VALUE_COLOUR}"/></svg>')
    target = (f'<svg viewBox="0 0 28 10" aria-hidden="true"><line x1="0" y1="5" x2="28" y2="5" '
              f'stroke="{TARGET_COLOUR}" stroke-width="2.5" stroke-dasharray="6 4"/></svg>')
    return (f'<ul class="key"><li>{value}Value</li><li>{target}Target line '
            f"({esc(line.goal)})</li></ul>")


def _strip(line: Line, days: list[dt.date]) -> str:
    if line.statuses is None:
        return ""
    items = "".join(
        f'<li class="{status_class(s)}" title="{esc(month_text(day))}: {esc(s)}">'
        f'<span aria-hidden="true">{SYMBOL[s]}</span>'
        f'<span class="sr-only">{esc(month_text(day))}: {esc(s)}</span></li>' if s else
        f'<li class="none" title="{esc(month_text(day))}: no target">'
        f'<span class="sr-only">{esc(month_text(day))}: no target</span></li>'
        for day, s in zip(days, line.statuses, strict=True))
    return f'<ol class="strip" aria-label="Status by month">{items}</ol>'


def _figures(line: Line, days: list[dt.date]) -> str:
    head = ["Month end", "Value", "Numerator", "Denominator"]
    if line.targets is not None:
        head += ["Target line", "Status"]
    cells = "".join(f'<th scope="col"{" class=n" if 0 < i < 5 else ""}>{h}</th>'
                    for i, h in enumerate(head))
    rows = []
    for i, day in enumerate(days):
        row = [date_text(day.isoformat()), number(line.values[i], line.unit),
               _part(line.numerators[i], line.kpi), _part(line.denominators[i], line.kpi)]
        if line.targets is not None and line.statuses is not None:
            row += [number(line.targets[i], line.unit), line.statuses[i] or "-"]
        rows.append("<tr>" + "".join(
            f'<td{" class=n" if 0 < j < 5 else ""}>{esc(c)}</td>' for j, c in enumerate(row))
            + "</tr>")
    return (f'<details><summary>Figures</summary><div class="scroll"><table class="figures">'
            f"<thead><tr>{cells}</tr></thead><tbody>{''.join(rows)}</tbody></table></div>"
            "</details>")


def _part(value: float | None, kpi: str) -> str:
    return "-" if value is None else part(value, kpi)


SPANS = {"month": "On the month", "year": "On the year", "previous":
         "Since the latest month before it in the folder"}
WATERFALL_WIDTH = 600  # a card's waterfall: narrower than a page's, its text still legible


def _bridges(data: dict[str, Any]) -> str:
    """Why the rates moved, span by span (the last month, the last year): a table of each
    rate's change and its three largest parts, then a waterfall per rate with parts. Nothing
    for a trend without ``bridges`` or with none (a single month)."""
    spans = data.get("bridges") or []
    if not spans:
        return ""
    out = ['<section class="bridges" aria-labelledby="why"><h2 id="why">Why it moved</h2>',
           '<p class="small">Each rate\'s change split into the parts that made it, as '
           "<code>wfkpi explain</code> splits it; the parts shown add up to the change shown. "
           "A <em>revision</em> is what the later extract says of the earlier date, where it "
           "differs from the earlier month's own figure.</p>"]
    for n, span in enumerate(spans):
        bridges = [figures(bridge) for bridge in span["kpis"]]
        heading = f"{SPANS.get(span['span'], str(span['span']).capitalize())}: " \
                  f"{_month(span['from'])} to {_month(span['to'])}"
        out.append(f'<h3 id="why-{n}">{esc(heading)}</h3>')
        out.append(_moved_table(bridges))
        cards = [_waterfall_card(f"why-{n}-{i}", f) for i, f in enumerate(bridges) if f.split
                 and f.parts]
        if cards:
            out.append(f'<ul class="charts">{"".join(cards)}</ul>')
    out.append("</section>")
    return "\n".join(out)


def _month(text: str) -> str:
    """``2025-09`` → ``Sep 2025`` (anything else as it is)."""
    try:
        return month_text(dt.date.fromisoformat(f"{text}-01"))
    except (TypeError, ValueError):
        return str(text)


def _moved_table(bridges: list[Figures]) -> str:
    head = "".join(f'<th scope="col"{cls}>{name}</th>' for name, cls in (
        ("KPI", ""), ("From", ' class="n"'), ("To", ' class="n"'), ("Change", ' class="n"'),
        ("The parts that moved it most", "")))
    rows = []
    for f in bridges:
        if f.split:
            parts = "".join(f"<li>{esc(row_name(row, f.by))} "
                            f'<span class="n">{esc(points_text(row.shown, f.unit))}</span></li>'
                            for row in largest(f))
            why = f"<ul>{parts}</ul>" if parts else ""
            change = points_text(f.change, f.unit)
        else:
            why, change = esc(no_bridge_text(f)), "-"
        rows.append(f"<tr><td>{esc(f.label)}<span class=\"small\"><code>{esc(f.kpi)}</code>"
                    f'</span></td><td class="n">{esc(value_text(f.before.shown, f.unit))}</td>'
                    f'<td class="n">{esc(value_text(f.after.shown, f.unit))}</td>'
                    f'<td class="n">{esc(change)}</td><td>{why}</td></tr>')
    columns = "".join(f'<col style="width: {w}%">' for w in (27, 10, 10, 11, 42))
    return (f'<div class="scroll"><table class="moved"><colgroup>{columns}</colgroup>'
            f"<thead><tr>{head}</tr></thead><tbody>{''.join(rows)}</tbody></table></div>")


def _waterfall_card(ident: str, f: Figures) -> str:
    chart = waterfall(f, f.parts, ident, f"{f.label}: the change part by part",
                      width=WATERFALL_WIDTH)
    return (f'<li class="chart"><h3>{esc(f.label)}</h3><p class="kpi small">'
            f"{esc(ends_line(f))}</p>{chart}{waterfall_key()}</li>")


def _quality(data: dict[str, Any]) -> str:
    """Each month's validation verdict, issue counts and the rows read and set aside."""
    head = "".join(f'<th scope="col"{number}>{name}</th>' for name, number in (
        ("Month end", ""), ("Input", ""), ("Errors", ' class="n"'), ("Warnings", ' class="n"'),
        ("Rows", ' class="n"'), ("Set aside", ' class="n"')))
    rows = []
    for month in data["series"]:
        quality = month["data_quality"]["input"]
        status = "green" if quality["verdict"] == "VALID" else "red"
        rows.append(
            f"<tr><td>{esc(date_text(month['as_at']))}</td>"
            f'<td><span class="badge {status_class(status)}">{esc(quality["verdict"])}</span></td>'
            f'<td class="n">{quality["errors"]:,}</td><td class="n">{quality["warnings"]:,}</td>'
            f'<td class="n">{sum(t["rows"] for t in quality["tables"]):,}</td>'
            f'<td class="n">{sum(t["set_aside"] for t in quality["tables"]):,}</td></tr>')
    return (f'<section aria-labelledby="quality"><h2 id="quality">Data quality, month by month'
            f'</h2><div class="scroll"><table class="quality"><thead><tr>{head}</tr></thead>'
            f"<tbody>{''.join(rows)}</tbody></table></div>"
            '<p class="small">Rows set aside by validation are left out of that month\'s '
            "figures; <code>wfkpi validate</code> on a month's extract lists every issue.</p>"
            "</section>")


# --------------------------------------------------------------------------- the chart

def svg(n: int, line: Line, days: list[dt.date]) -> str:
    """The line chart: gridlines and figures up the side, month-ends along the bottom, the
    values as a solid line with a dot each month, the target line dashed. A month without a
    value breaks the line."""
    known = [v for v in line.values + (line.targets or []) if v is not None]
    plot_w, plot_h = WIDTH - LEFT - RIGHT, HEIGHT - TOP - BOTTOM
    title_id, desc_id = f"chart-{n}-title", f"chart-{n}-desc"
    parts = [f'<svg viewBox="0 0 {WIDTH} {HEIGHT}" role="img" '
             f'aria-labelledby="{title_id} {desc_id}">',
             f'<title id="{title_id}">{esc(line.label)}</title>',
             f'<desc id="{desc_id}">{esc(describe(line, days))}</desc>']
    if not known:
        parts.append(f'<text x="{WIDTH / 2:.1f}" y="{HEIGHT / 2:.1f}" text-anchor="middle">'
                     "no value in any month</text></svg>")
        return "".join(parts)
    low, high = min(known), max(known)
    pad = (high - low) * 0.04  # a little room, so that no line runs along the axis
    scale = ticks(max(low - pad, 0.0) if low >= 0 else low - pad, high + pad, line.unit)
    low, high = scale[0], scale[-1]

    def x(i: int) -> float:
        return LEFT + (plot_w / 2 if len(days) == 1 else i * plot_w / (len(days) - 1))

    def y(value: float) -> float:
        return TOP + plot_h - (value - low) / (high - low) * plot_h

    for tick in scale:
        parts.append(f'<line x1="{LEFT}" x2="{WIDTH - RIGHT}" y1="{_f(y(tick))}" '
                     f'y2="{_f(y(tick))}" stroke="{GRID}" stroke-width="1"/>'
                     f'<text x="{LEFT - 8}" y="{_f(y(tick) + 4)}" text-anchor="end">'
                     f"{esc(tick_text(tick, line.unit, scale))}</text>")
    parts.append(f'<line x1="{LEFT}" x2="{WIDTH - RIGHT}" y1="{TOP + plot_h}" '
                 f'y2="{TOP + plot_h}" stroke="{AXIS}" stroke-width="1"/>')
    every = math.ceil(len(days) / MAX_LABELS)
    for i, day in enumerate(days):
        if (len(days) - 1 - i) % every == 0:
            parts.append(f'<line x1="{_f(x(i))}" x2="{_f(x(i))}" y1="{TOP + plot_h}" '
                         f'y2="{TOP + plot_h + 4}" stroke="{AXIS}" stroke-width="1"/>'
                         f'<text x="{_f(x(i))}" y="{HEIGHT - 12}" text-anchor="middle">'
                         f"{day:%b %y}</text>")
    if line.targets is not None:
        parts += _path(line.targets, x, y, TARGET_COLOUR, 'stroke-dasharray="6 4"')
    parts += _path(line.values, x, y, VALUE_COLOUR, "")
    for i, value in enumerate(line.values):
        if value is not None:
            parts.append(f'<circle cx="{_f(x(i))}" cy="{_f(y(value))}" r="3.5" '
                         f'fill="{VALUE_COLOUR}"><title>{esc(month_text(days[i]))}: '
                         f"{esc(number(value, line.unit))}</title></circle>")
    parts.append("</svg>")
    return "".join(parts)


def _path(values: list[float | None], x: Any, y: Any, colour: str, extra: str) -> list[str]:
    """A polyline for each run of months with a value (a single month: a short dash)."""
    runs: list[list[tuple[float, float]]] = [[]]
    for i, value in enumerate(values):
        if value is None:
            runs.append([])
        else:
            runs[-1].append((x(i), y(value)))
    out = []
    for run in runs:
        if len(run) == 1:
            (px, py), = run
            run = [(px - 6, py), (px + 6, py)]
        if run:
            points = " ".join(f"{_f(px)},{_f(py)}" for px, py in run)
            out.append(f'<polyline points="{points}" fill="none" stroke="{colour}" '
                       f'stroke-width="2.5" stroke-linejoin="round" {extra}/>'
                       .replace(" />", "/>"))
    return out


def describe(line: Line, days: list[dt.date]) -> str:
    """The chart in words, for a screen reader: first and last month, lowest and highest."""
    known = [(v, d) for v, d in zip(line.values, days, strict=True) if v is not None]
    if not known:
        return "No value in any month."
    (first, first_day), (last, last_day) = known[0], known[-1]
    low, low_day = min(known, key=lambda item: item[0])
    high, high_day = max(known, key=lambda item: item[0])
    text = (f"{number(first, line.unit)} in {month_text(first_day)}, "
            f"{number(last, line.unit)} in {month_text(last_day)}; lowest "
            f"{number(low, line.unit)} ({month_text(low_day)}), highest "
            f"{number(high, line.unit)} ({month_text(high_day)}).")
    if line.goal:
        text += f" Goal: {line.goal}."
    return text
