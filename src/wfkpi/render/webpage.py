"""What every web page wfkpi writes shares: the look (inline CSS, for a wide screen, a phone
and print), a status badge that shows a word and a symbol as well as a colour, the page's head
with a Content-Security-Policy that fetches nothing, and escaped text.
"""

from __future__ import annotations

from html import escape
from typing import Any

from wfkpi.core.display import visible
from wfkpi.render.common import SYMBOL

CSS = """
:root { color-scheme: light; --ink: #1b1f24; --muted: #4a5360; --line: #d8dde3;
  --page: #f4f6f8; --card: #ffffff; --head: #1f3864; }
* { box-sizing: border-box; }
body { margin: 0; background: var(--page); color: var(--ink);
  font: 16px/1.5 system-ui, -apple-system, "Segoe UI", Roboto, "Helvetica Neue", Arial,
  sans-serif; }
.page { max-width: 1200px; margin: 0 auto; padding: 24px 20px 40px; }
header { background: var(--head); color: #fff; }
header .page { padding-bottom: 20px; }
.kicker { margin: 0; text-transform: uppercase; letter-spacing: .08em; font-size: .8rem;
  color: #dfe6f3; }
h1 { margin: .2rem 0 .5rem; font-size: 1.7rem; line-height: 1.25; }
header p.meta { margin: .2rem 0; color: #e8edf6; font-size: .95rem; }
header code { color: #fff; }
h2 { font-size: 1.25rem; margin: 2rem 0 .75rem; }
code { font: .85em/1.3 ui-monospace, "DejaVu Sans Mono", Menlo, Consolas, monospace;
  overflow-wrap: break-word; }
.sr-only { position: absolute; width: 1px; height: 1px; overflow: hidden;
  clip: rect(0 0 0 0); white-space: nowrap; }
.bar { display: flex; height: 12px; border-radius: 6px; overflow: hidden; margin: 4px 0 12px;
  background: var(--line); }
.bar span { display: block; min-width: 4px; }
.counts { display: flex; flex-wrap: wrap; gap: 8px; list-style: none; margin: 0; padding: 0; }
.badge { display: inline-flex; align-items: center; gap: .35em; padding: .15em .6em;
  border-radius: 999px; font-weight: 600; white-space: nowrap; border: 1px solid; }
.counts .badge { font-size: 1rem; padding: .3em .8em; }
.counts b { font-size: 1.1em; }
.sym { font-weight: 700; }
.s-green { --fill: #c6efce; --text: #006100; --edge: #2e7d32; }
.s-amber { --fill: #ffeb9c; --text: #7a4500; --edge: #b26a00; }
.s-red { --fill: #ffc7ce; --text: #9c0006; --edge: #c62828; }
.s-no-data { --fill: #e7e6e6; --text: #3a3a3a; --edge: #6b6b6b; }
.s-not-measured, .s-not-judged { --fill: #f2f2f2; --text: #3a3a3a; --edge: #9a9a9a; }
.badge { background: var(--fill); color: var(--text); border-color: var(--edge); }
.bar span { background: var(--edge); }
table { width: 100%; border-collapse: collapse; background: var(--card); }
th { text-align: left; font-size: .8rem; text-transform: uppercase; letter-spacing: .04em;
  color: #fff; background: var(--head); padding: 8px 10px; }
td { padding: 10px; border-top: 1px solid var(--line); vertical-align: top; }
.targets td:first-child { border-left: 6px solid var(--edge); }
.targets col.c-target { width: 25%; } .targets col.c-value { width: 8%; }
.targets col.c-goal { width: 14%; } .targets col.c-status { width: 24%; }
.targets col.c-bench { width: 29%; }
.targets .num { text-align: right; white-space: nowrap; font-variant-numeric: tabular-nums; }
.value { font-size: 1.2rem; font-weight: 700; }
.small, .was, .due, .kpi, .why { display: block; color: var(--muted); font-size: .875rem; }
.why { margin-top: .35rem; color: var(--ink); }
.label { font-weight: 700; }
.bench { list-style: none; margin: 0; padding: 0; font-size: .9rem; }
.bench li { display: flex; justify-content: space-between; gap: 12px;
  border-bottom: 1px dotted var(--line); padding: 1px 0; }
.bench li span:last-child { font-variant-numeric: tabular-nums; white-space: nowrap; }
details { margin-top: .5rem; font-size: .9rem; }
details p { margin: .3rem 0; }
main > section:first-child h2 { margin-top: .5rem; }
summary { cursor: pointer; color: #1f4e99; font-weight: 600; }
blockquote { margin: .4rem 0; padding: .3rem .75rem; border-left: 3px solid var(--line);
  font-style: italic; background: #fafbfc; }
.card-list { list-style: none; margin: 0; padding: 0; display: grid; gap: 10px;
  grid-template-columns: repeat(auto-fill, minmax(320px, 1fr)); }
.card-list > li { background: var(--card); border: 1px solid var(--line);
  border-left: 6px solid var(--edge); border-radius: 6px; padding: 12px 14px; }
.card-list p { margin: .3rem 0 0; }
dl.defs { background: var(--card); border: 1px solid var(--line); border-radius: 6px;
  margin: 0; padding: 4px 14px; }
dl.defs dt { font-weight: 700; margin-top: 10px; }
dl.defs dt .small { display: inline; font-weight: 400; margin-left: .4em; }
dl.defs dd { margin: 2px 0 10px; }
.scroll { overflow-x: auto; border: 1px solid var(--line); border-radius: 6px; }
.quality td, .quality th { white-space: nowrap; }
.groups { margin-bottom: 1rem; }
.groups h3 { font-size: 1rem; margin: 1rem 0 .3rem; }
.groups p { margin: 0 0 .5rem; }
.groups .n { text-align: right; font-variant-numeric: tabular-nums; white-space: nowrap; }
.quality .n { text-align: right; font-variant-numeric: tabular-nums; }
footer { margin-top: 2.5rem; padding-top: 1rem; border-top: 1px solid var(--line);
  color: var(--muted); font-size: .875rem; }
@media (max-width: 640px) {
  .page { padding: 16px 12px 32px; }
  h1 { font-size: 1.35rem; }
  table.targets, .targets tbody, .targets td { display: block; width: 100%; }
  .targets thead, .targets colgroup { display: none; }
  .targets { background: none; }
  .targets tr { display: grid; grid-template-columns: minmax(0, 2fr) minmax(0, 3fr);
    column-gap: 12px; background: var(--card); border: 1px solid var(--line);
    border-left: 6px solid var(--edge); border-radius: 6px; margin-bottom: 12px;
    padding: 12px 12px 10px; }
  .targets td, .targets td:first-child { border: 0; padding: 0 0 8px; }
  .targets td.target, .targets td.status, .targets td.benchmarks { grid-column: 1 / -1; }
  .targets td.target { order: -2; }
  .targets td.status { order: -1; }
  .targets td[data-label]::before { content: attr(data-label); display: block;
    font-size: .75rem; text-transform: uppercase; letter-spacing: .05em; color: var(--muted); }
  .targets td.target::before, .targets td.status::before { display: none; }
  .targets .num { text-align: left; }
  .card-list { grid-template-columns: 1fr; }
}
@media print {
  body { background: #fff; }
  header { background: #fff; color: var(--ink); border-bottom: 2px solid var(--head); }
  header p.meta, .kicker, header code { color: var(--ink); }
  .bar span, .badge, th { -webkit-print-color-adjust: exact; print-color-adjust: exact; }
}
"""


def esc(value: Any) -> str:
    """Text from the data as HTML text: escaped, and its control characters written out (they
    are not valid in HTML)."""
    return escape("" if value is None else visible(value), quote=True)


def status_class(status: str) -> str:
    return "s-" + status.replace(" ", "-")


def badge(status: str, count: int | None = None) -> str:
    tail = f" <b>{count}</b>" if count is not None else ""
    return (f'<span class="badge {status_class(status)}"><span class="sym" aria-hidden="true">'
            f"{SYMBOL[status]}</span> {esc(status)}{tail}</span>")


def page_head(title: str, css: str) -> list[str]:
    """The lines of a page up to ``<body>``: no scripts, and nothing fetched."""
    return ['<!DOCTYPE html>', '<html lang="en">', "<head>", '<meta charset="utf-8">',
            '<meta name="viewport" content="width=device-width, initial-scale=1">',
            '<meta http-equiv="Content-Security-Policy" '
            "content=\"default-src 'none'; style-src 'unsafe-inline'\">",
            f"<title>{esc(title)}</title>", f"<style>{css}</style>", "</head>", "<body>"]
