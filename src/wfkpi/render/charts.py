"""Charts drawn by hand as inline SVG, for the web pages: the round figures along an axis, and a
waterfall (the bridge of ``wfkpi explain``, and the trend's "why it moved").

Nothing is fetched and nothing runs: each chart is plain SVG with presentation attributes, a
title and a description for a screen reader, and every text from the data escaped.
"""

from __future__ import annotations

import math
import textwrap
from collections.abc import Sequence
from dataclasses import dataclass

from wfkpi.core.display import WHOLE_UNITS
from wfkpi.render.webpage import esc

FONT = 'system-ui, -apple-system, &quot;Segoe UI&quot;, Roboto, Arial, sans-serif'
INK, MUTED, GRID, AXIS = "#1b1f24", "#4a5360", "#d8dde3", "#4a5360"
# A waterfall's bars: the rate at a date, a part that raises it, one that lowers it, and one
# that moves it by less than is shown. Colour is never the only sign: every figure has its own.
COLOURS = {"total": "#1f3864", "up": "#c62828", "down": "#2e7d32", "flat": "#9a9a9a"}
KEY = (("total", "the rate at a date"), ("up", "raises the rate"), ("down", "lowers the rate"))

WATERFALL_CSS = """
svg.waterfall { display: block; width: 100%; max-width: 780px; height: auto; margin: .4rem 0; }
svg.waterfall text { font: 12px system-ui, -apple-system, "Segoe UI", Roboto, Arial, sans-serif;
  fill: #1b1f24; }
svg.waterfall text.total { font-weight: 700; }
svg.waterfall text.tick { fill: #4a5360; }
.wf-key { display: flex; flex-wrap: wrap; gap: .2rem 1.1rem; list-style: none; margin: .2rem 0 0;
  padding: 0; font-size: .85rem; color: var(--muted); }
.wf-key i { display: inline-block; width: 12px; height: 12px; margin-right: .35rem;
  vertical-align: -1px; border-radius: 2px; }
.wf-key .total { background: #1f3864; } .wf-key .up { background: #c62828; }
.wf-key .down { background: #2e7d32; }
"""

# A waterfall's drawing box (SVG user units): a row per bar, the names left of the plot, the
# figures right of it, the axis below.
WIDTH = 760
ROW = 30
TOP, AXIS_ROOM, UNIT_ROOM = 6, 30, 16
NAME_SHARE = 0.36
CHAR = 6.6  # the width of a character of 12px text, roughly
ZOOM = 0.35  # the axis is cut when the parts span less than this share of the rate
NAME_LINES = 2


def coordinate(value: float) -> str:
    """A coordinate, to a tenth of a unit (the same figures give the same text)."""
    return f"{value:.1f}"


def ticks(low: float, high: float, unit: str) -> list[float]:
    """Round figures from at or below ``low`` to at or above ``high``, about four steps: steps
    of 1, 2 or 5 times a power of ten, never finer than the figures are shown."""
    finest = 1.0 if unit in WHOLE_UNITS else 0.1
    span = high - low
    if span <= 0:
        span = max(abs(high) * 0.1, finest * 4)
        low, high = low - span / 2, high + span / 2
    rough = span / 4
    power = 10 ** math.floor(math.log10(rough))
    step = next(m * power for m in (1, 2, 5, 10) if m * power >= rough)
    step = max(step, finest)
    first = math.floor(low / step + 1e-9) * step
    last = math.ceil(high / step - 1e-9) * step
    count = round((last - first) / step)
    return [round(first + i * step, 10) for i in range(count + 1)]


def tick_text(tick: float, unit: str, scale: list[float]) -> str:
    """A figure on an axis: whole when the steps are, else to a tenth; ``%`` for a rate."""
    step = scale[1] - scale[0] if len(scale) > 1 else 1.0
    whole = unit in WHOLE_UNITS or float(step).is_integer()
    text = f"{tick:,.0f}" if whole else f"{tick:,.1f}"
    if text.startswith("-"):
        text = "−" + text[1:]
    return text + ("%" if unit == "%" else "")


# --------------------------------------------------------------------------- the waterfall

@dataclass(frozen=True)
class Step:
    """One bar of a waterfall: a total (the rate at a date, drawn up from zero) or a part (the
    change it makes, drawn floating from where the bar before it ended)."""

    name: str
    value: float  # a total's level, or a part's change
    text: str  # the figure written beside the bar
    total: bool = False


@dataclass(frozen=True)
class Bar:
    """Where a step's bar runs, along the value axis, and how it is coloured."""

    start: float
    end: float
    kind: str  # total, up, down or flat


def bars(steps: Sequence[Step]) -> list[Bar]:
    """Each step's bar: a total from zero to its level; a part from the running total before it
    to the running total after it (whichever is lower is the bar's base, on either side of
    zero)."""
    level = 0.0
    out = []
    for step in steps:
        if step.total:
            out.append(Bar(0.0, step.value, "total"))
            level = step.value
            continue
        kind = "up" if step.value > 0 else "down" if step.value < 0 else "flat"
        out.append(Bar(level, level + step.value, kind))
        level += step.value
    return out


def value_range(drawn: Sequence[Bar], unit: str) -> tuple[list[float], bool]:
    """The ticks of a waterfall's value axis, and whether it is cut (starts away from zero).

    The axis runs from zero when the parts would take a fair share of it; when every bar ends
    on one side of zero and the parts move the rate by less than ``ZOOM`` of its size (a turnover
    rate of 23% moved by 2 points), the axis is cut to the range the parts cover, and the totals
    are drawn from its cut end (marked as cut), so that the parts can be read."""
    levels = [value for bar in drawn for value in
              ((bar.end,) if bar.kind == "total" else (bar.start, bar.end))]
    low, high = min(levels), max(levels)
    pad = (high - low) * 0.08
    if low > 0 and high - low < ZOOM * high:
        scale = ticks(low - pad, high + pad, unit)
        if scale[0] > 0:
            return scale, True
    if high < 0 and high - low < ZOOM * -low:
        scale = ticks(low - pad, high + pad, unit)
        if scale[-1] < 0:
            return scale, True
    return ticks(min(0.0, low), max(0.0, high), unit), False


def waterfall_svg(steps: Sequence[Step], *, unit: str, ident: str, title: str, desc: str,
                  width: int = WIDTH) -> str:
    """A horizontal waterfall: a row per step, top to bottom, its name on the left, its bar (a
    total from zero, a part floating from the total before it, dashed connectors between them),
    its figure on the right, and the value axis below, with zero marked when the bars cross it
    (and the axis marked as cut when it does not start at zero, :func:`value_range`).
    One ``rect`` per step and no other; ``ident`` makes the ids unique in a page."""
    drawn = bars(steps)
    height = TOP + ROW * len(steps) + AXIS_ROOM + (0 if unit == "%" else UNIT_ROOM)
    name_room = round(width * NAME_SHARE)
    figure_room = max((len(step.text) for step in steps), default=0) * CHAR + 18
    left, right = name_room, width - figure_room
    title_id, desc_id = f"{ident}-title", f"{ident}-desc"
    scale, cut = value_range(drawn, unit) if steps else ([0.0, 1.0], False)
    if cut:
        desc += f" The value axis starts at {tick_text(scale[0], unit, scale)}, not at zero."
    out = [f'<svg class="waterfall" '
           f'viewBox="0 0 {width} {height}" role="img" aria-labelledby="{title_id} {desc_id}" '
           f'font-family="{FONT}" font-size="12">',
           f'<title id="{title_id}">{esc(title)}</title>',
           f'<desc id="{desc_id}">{esc(desc)}</desc>']
    if not steps:
        out.append("</svg>")
        return "".join(out)
    low, high = scale[0], scale[-1]
    base = high if high < 0 else low if low > 0 else 0.0  # where a total's bar starts

    def x(value: float) -> float:
        return left + (min(max(value, low), high) - low) / (high - low) * (right - left)

    axis_y = TOP + ROW * len(steps)
    for tick in scale:
        out.append(f'<line x1="{coordinate(x(tick))}" x2="{coordinate(x(tick))}" y1="{TOP}" '
                   f'y2="{axis_y}" stroke="{GRID}" stroke-width="1"/>'
                   f'<text class="tick" x="{coordinate(x(tick))}" y="{axis_y + 18}" '
                   f'text-anchor="middle" fill="{MUTED}">{esc(tick_text(tick, unit, scale))}'
                   "</text>")
    out.append(f'<line x1="{left}" x2="{right}" y1="{axis_y}" y2="{axis_y}" stroke="{AXIS}" '
               'stroke-width="1"/>')
    if unit != "%":  # the unit under the axis (a rate in % has it on every figure)
        out.append(f'<text class="tick" x="{coordinate((left + right) / 2)}" '
                   f'y="{axis_y + 18 + UNIT_ROOM}" text-anchor="middle" fill="{MUTED}">'
                   f"{esc(unit)}</text>")
    if low < 0 < high:  # zero, where the bars start
        out.append(f'<line x1="{coordinate(x(0))}" x2="{coordinate(x(0))}" y1="{TOP}" '
                   f'y2="{axis_y}" stroke="{AXIS}" stroke-width="1.5"/>')
    chars = max(8, int((name_room - 14) / CHAR))
    for i, (step, bar) in enumerate(zip(steps, drawn, strict=True)):
        top = TOP + ROW * i
        middle = top + ROW / 2
        start, end = sorted((x(base if bar.kind == "total" else bar.start), x(bar.end)))
        weight = ' class="total"' if step.total else ""
        out.append(f'<rect class="bar {bar.kind}" x="{coordinate(start)}" y="{top + 5}" '
                   f'width="{coordinate(max(end - start, 1.0))}" height="{ROW - 10}" '
                   f'fill="{COLOURS[bar.kind]}"><title>{esc(step.name)}: {esc(step.text)}'
                   "</title></rect>")
        if cut and bar.kind == "total":  # the bar is longer than drawn: a break across it
            edge = x(base) + (8 if base == low else -8)
            out.append(f'<path d="M{coordinate(edge - 4)},{top + ROW - 3} '
                       f'L{coordinate(edge + 2)},{top + 3} M{coordinate(edge)},{top + ROW - 3} '
                       f'L{coordinate(edge + 6)},{top + 3}" stroke="#ffffff" '
                       'stroke-width="2.5" fill="none"/>')
        if i + 1 < len(steps) and not steps[i + 1].total:  # to where the next bar starts
            out.append(f'<line x1="{coordinate(x(bar.end))}" x2="{coordinate(x(bar.end))}" '
                       f'y1="{top + ROW - 5}" y2="{top + ROW + 5}" stroke="{MUTED}" '
                       'stroke-width="1" stroke-dasharray="2 2"/>')
        lines = _name_lines(step.name, chars)
        first = middle + 4 - 7 * (len(lines) - 1)
        for n, line in enumerate(lines):
            out.append(f'<text{weight} x="{name_room - 10}" y="{coordinate(first + 14 * n)}" '
                       f'text-anchor="end" fill="{INK}">{esc(line)}</text>')
        out.append(f'<text{weight} x="{width - 6}" y="{coordinate(middle + 4)}" '
                   f'text-anchor="end" fill="{INK}">{esc(step.text)}</text>')
    if cut:  # a break in the axis line at its cut end
        edge = left if base == low else right
        out.append(f'<path d="M{edge - 5},{axis_y + 5} L{edge + 1},{axis_y - 5} '
                   f'M{edge - 1},{axis_y + 5} L{edge + 5},{axis_y - 5}" stroke="{AXIS}" '
                   'stroke-width="1.2" fill="none"/>')
    out.append("</svg>")
    return "".join(out)


def _name_lines(name: str, chars: int) -> list[str]:
    """A name on at most two lines of ``chars`` characters, the rest cut with an ellipsis (the
    bar's own title holds it whole)."""
    lines = textwrap.wrap(" ".join(str(name).split()), chars) or [""]
    if len(lines) > NAME_LINES:
        lines = lines[:NAME_LINES]
        lines[-1] = lines[-1][: chars - 1].rstrip() + "…"
    return lines


def waterfall_key() -> str:
    """The waterfall's key, as a list beside the chart (a swatch and words for each colour)."""
    items = "".join(f'<li><i class="{kind}" aria-hidden="true"></i>{esc(words)}</li>'
                    for kind, words in KEY)
    return f'<ul class="wf-key">{items}</ul>'
