"""The scorecard as one self-contained web page: inline CSS, no scripts, nothing fetched.

On a wide screen the measured targets are a table; below 640px each target becomes a card.
Every status is shown as a word and a symbol as well as a colour.
"""

from __future__ import annotations

import re
from html import escape
from typing import Any

from wfkpi.core.display import date_text, number
from wfkpi.render.scorecard import (
    SYMBOL,
    as_at_line,
    goal_text,
    group_heading,
    group_value,
    issue_counts,
    judged_by_group,
    kpi_text,
    matched_text,
    measured,
    not_measured,
    set_aside_rows,
)

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


def _e(value: Any) -> str:
    return escape("" if value is None else str(value), quote=True)


def _cls(status: str) -> str:
    return "s-" + status.replace(" ", "-")


def badge(status: str, count: int | None = None) -> str:
    tail = f" <b>{count}</b>" if count is not None else ""
    return (f'<span class="badge {_cls(status)}"><span class="sym" aria-hidden="true">'
            f"{SYMBOL[status]}</span> {_e(status)}{tail}</span>")


def page(card: dict[str, Any]) -> str:
    council = card["council"]
    title = f"Scorecard: {council['name']}, {date_text(card['as_at'])}"
    parts = ['<!DOCTYPE html>', '<html lang="en">', "<head>", '<meta charset="utf-8">',
             '<meta name="viewport" content="width=device-width, initial-scale=1">',
             '<meta http-equiv="Content-Security-Policy" '
             "content=\"default-src 'none'; style-src 'unsafe-inline'\">",
             f"<title>{_e(title)}</title>", f"<style>{CSS}</style>", "</head>", "<body>",
             _header(card), '<main class="page">', _summary(card), _targets(card), _groups(card),
             _not_measured(card), _definitions(card), _quality(card),
             f"<footer><p>{_e(card.get('attribution'))}</p></footer>" if card.get("attribution")
             else "", "</main>", "</body>", "</html>"]
    return "\n".join(part for part in parts if part) + "\n"


def _header(card: dict[str, Any]) -> str:
    council = card["council"]
    return (f'<header><div class="page"><p class="kicker">Workforce scorecard</p>'
            f"<h1>{_e(council['name'])}</h1>"
            f'<p class="meta">{_e(as_at_line(card))}</p>'
            f'<p class="meta">Targets from <code>{_e(council["document"])}</code>, strategy '
            f"period {_e(council['strategy_period'])}. Council id "
            f"<code>{_e(council['id'])}</code>.</p>{_community(card)}</div></header>")


def _community(card: dict[str, Any]) -> str:
    community = card.get("community")
    if not community:
        return ""
    return (f'<p class="meta">Community profile: {_e(community["area"])}, '
            f'{community["ethnic_minority_percent"]:g}% from minority ethnic groups '
            f'({_e(community["source"])}).</p>')


def _summary(card: dict[str, Any]) -> str:
    counts = card["summary"]
    total = sum(counts.values())
    segments = "".join(f'<span class="{_cls(s)}" style="flex-grow:{n}"></span>'
                       for s, n in counts.items() if n)
    pills = "".join(f"<li>{badge(s, n)}</li>" for s, n in counts.items())
    return (f'<section aria-labelledby="summary"><h2 id="summary">{total} targets by status'
            f'</h2><div class="bar" aria-hidden="true">{segments}</div>'
            f'<ul class="counts">{pills}</ul></section>')


def _source(row: dict[str, Any]) -> str:
    source = row.get("source") or {}
    where = ", ".join(_e(p) for p in (source.get("document"), source.get("section")) if p)
    note = f'<p class="small">Note: {_e(row["note"])}</p>' if row["note"] else ""
    return (f"<details><summary>Source</summary><blockquote>“{_e(source.get('quote'))}”"
            f'</blockquote><p class="small">{where}</p>{note}</details>')


def _targets(card: dict[str, Any]) -> str:
    rows = measured(card)
    if not rows:
        return "<section><h2>Targets measured</h2><p>No target could be measured.</p></section>"
    head = "".join(f'<th scope="col">{name}</th>'
                   for name in ("Target", "Value", "Goal", "Status", "Benchmarks"))
    cols = "".join(f'<col class="c-{name}">' for name in ("target", "value", "goal", "status",
                                                           "bench"))
    body = "\n".join(_target_row(row) for row in rows)
    return (f'<section aria-labelledby="measured"><h2 id="measured">Targets measured '
            f'({len(rows)})</h2><table class="targets"><colgroup>{cols}</colgroup>'
            f"<thead><tr>{head}</tr></thead><tbody>\n{body}\n</tbody></table></section>")


def _target_row(row: dict[str, Any]) -> str:
    was = (f'<span class="was">was {_e(number(row["previous"], row["unit"]))}</span>'
           if row["previous"] is not None else "")
    due = f'<span class="due">by {_e(date_text(row["due"]))}</span>' if row["due"] else ""
    return (f'<tr class="{_cls(row["status"])}">'
            f'<td data-label="Target" class="target"><span class="label">{_e(row["label"])}</span>'
            f'<span class="kpi"><code>{_e(row["target_id"])}</code> · {_e(kpi_text(row))}'
            f"</span>{_source(row)}</td>"
            f'<td data-label="Value" class="num"><span class="value">'
            f'{_e(number(row["value"], row["unit"]))}</span>{_as_of(row)}{was}</td>'
            f'<td data-label="Goal">{_e(row["target"])}{due}</td>'
            f'<td data-label="Status" class="status">{badge(row["status"])}'
            f'<span class="why">{_e(row["status_note"])}</span></td>'
            f'<td data-label="Benchmarks" class="benchmarks">{_benchmarks(row)}</td></tr>')


def _groups(card: dict[str, Any]) -> str:
    """A table per target judged group by group: each group's people, figure and status."""
    rows = judged_by_group(card)
    if not rows:
        return ""
    parts = []
    for row in rows:
        by = row["breakdown"].replace("_", " ").capitalize()
        head = "".join(f'<th scope="col"{css}>{name}</th>' for name, css in (
            (_e(by), ""), ("People", ' class="n"'), ("Value", ' class="n"'), ("Status", "")))
        body = "".join(f"<tr><td>{_e(g['group'])}</td><td class=\"n\">{g['headcount']:,}</td>"
                       f"<td class=\"n\">{_e(group_value(g, row['unit']))}</td>"
                       f"<td>{badge(g['status'])} {_e(g['note'])}</td></tr>"
                       for g in row["groups"])
        parts.append(f'<div class="groups"><h3>{_e(group_heading(row))}</h3>'
                     f'<p class="small">{_e(row["status_note"])}</p><div class="scroll">'
                     f"<table><thead><tr>{head}</tr></thead><tbody>{body}</tbody></table>"
                     "</div></div>")
    return (f'<section aria-labelledby="groups"><h2 id="groups">Targets judged group by group '
            f'({len(rows)})</h2>{"".join(parts)}</section>')


def _as_of(row: dict[str, Any]) -> str:
    """The snapshot date beside a figure taken from a snapshot before the reference date, and a
    warning sign beside a flagged one (the status says why)."""
    text = f'<span class="was">at {_e(date_text(row["as_of"]))}</span>' if row.get("as_of") \
        else ""
    if row.get("flags"):
        text += '<span class="was" title="see the status">⚠ check the data</span>'
    return text


def _benchmarks(row: dict[str, Any]) -> str:
    if not row["benchmarks"]:
        return '<span class="small">none</span>'
    items = "".join(f"<li><span>{_e(b['name'])}</span> "
                    f"<span>{_e(number(b['value'], row['unit']))}</span></li>"
                    for b in row["benchmarks"])
    return f'<ul class="bench">{items}</ul>'


def _not_measured(card: dict[str, Any]) -> str:
    rows = not_measured(card)
    if not rows:
        return ""
    items = "\n".join(
        f'<li class="{_cls(row["status"])}">{badge(row["status"])} '
        f'<p><span class="label">{_e(row["label"])}</span> <code>{_e(row["target_id"])}</code>'
        f'</p><p class="small">Goal: {_e(goal_text(row))}</p>'
        f'<p>{_e(row["status_note"])}</p>{_source(row)}</li>' for row in rows)
    return (f'<section aria-labelledby="not-measured"><h2 id="not-measured">Not measured '
            f'({len(rows)})</h2><ul class="card-list">\n{items}\n</ul></section>')


def _definitions(card: dict[str, Any]) -> str:
    items = "".join(f"<dt>{_e(d['label'])} <code>{_e(d['kpi'])}</code> "
                    f'<span class="small">{_e(d["method"])}, {_e(d["unit"] or "no unit")}'
                    f"</span></dt><dd>{_literals(_e(d['definition']))}</dd>"
                    for d in card.get("definitions") or [])
    if not items:
        return ""
    return (f'<section aria-labelledby="definitions"><h2 id="definitions">Definitions</h2>'
            f'<dl class="defs">{items}</dl></section>')


def _literals(text: str) -> str:
    """``literal`` spans of a definition as code."""
    return re.sub(r"``(.+?)``", r"<code>\1</code>", text)


def _quality(card: dict[str, Any]) -> str:
    quality = card["data_quality"]
    status = "green" if quality["input"]["verdict"] == "VALID" else "red"
    tables = "".join(
        f"<tr><td>{_e(t['table'])}</td><td><code>{_e(t['file'])}</code></td>"
        f"<td>{_e(t['sheet'] or '-')}</td><td class=\"n\">{t['rows']:,}</td>"
        f"<td class=\"n\">{t['set_aside']:,}</td><td class=\"n\">{t['loaded']:,}</td>"
        f"<td class=\"n\">{_e(matched_text(t))}</td></tr>"
        for t in quality["input"]["tables"])
    head = "".join(f'<th scope="col"{number}>{name}</th>' for name, number in (
        ("Table", ""), ("File", ""), ("Sheet", ""), ("Rows", ' class="n"'),
        ("Set aside", ' class="n"'), ("Loaded", ' class="n"'), ("Name a worker", ' class="n"')))
    return (f'<section aria-labelledby="quality"><h2 id="quality">Data quality</h2>'
            f'<p><span class="badge {_cls(status)}">{_e(quality["input"]["verdict"])}</span> '
            f"input: {_e(issue_counts(quality['input']))}</p>"
            f'<div class="scroll"><table class="quality"><thead><tr>{head}</tr></thead>'
            f"<tbody>{tables}</tbody></table></div>{_set_aside(quality)}</section>")


def _set_aside(quality: dict[str, Any]) -> str:
    rows = set_aside_rows(quality)
    if not rows:
        return ""
    body = "".join(f"<tr><td><code>{_e(kpi)}</code></td><td>{_e(reason)}</td>"
                   f'<td class="n">{n:,}</td></tr>' for kpi, reason, n in rows)
    return ('<details><summary>Records each KPI left out, and why</summary>'
            '<div class="scroll"><table class="quality"><thead>'
            '<tr><th scope="col">Method:scope:KPI</th><th scope="col">Reason</th>'
            '<th scope="col" class="n">Records</th></tr></thead>'
            f"<tbody>{body}</tbody></table></div></details>")
