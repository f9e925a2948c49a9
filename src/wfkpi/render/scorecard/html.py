"""The scorecard as one self-contained web page: inline CSS, no scripts, nothing fetched.

On a wide screen the measured targets are a table; below 640px each target becomes a card.
Every status is shown as a word and a symbol as well as a colour.
"""

from __future__ import annotations

import re
from typing import Any

from wfkpi.core.display import date_text, number
from wfkpi.render.common import unread_line
from wfkpi.render.scorecard.text import (
    ORDINAL,
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
    peer_kpi,
    peer_median,
    peer_note,
    peer_rows,
    peers_intro,
    peers_text,
    set_aside_rows,
)
from wfkpi.render.webpage import CSS, badge, esc, page_head, status_class


def render(card: dict[str, Any]) -> str:
    """One self-contained web page (inline CSS, no scripts, no network), readable on a phone."""
    council = card["council"]
    title = f"Scorecard: {council['name']}, {date_text(card['as_at'])}"
    parts = [*page_head(title, CSS), _header(card), '<main class="page">', _summary(card),
             _targets(card), _groups(card), _peers(card), _not_measured(card),
             _definitions(card),
             _quality(card),
             f"<footer><p>{esc(card.get('attribution'))}</p></footer>" if card.get("attribution")
             else "", "</main>", "</body>", "</html>"]
    return "\n".join(part for part in parts if part) + "\n"


def _header(card: dict[str, Any]) -> str:
    council = card["council"]
    return (f'<header><div class="page"><p class="kicker">Workforce scorecard</p>'
            f"<h1>{esc(council['name'])}</h1>"
            f'<p class="meta">{esc(as_at_line(card))}</p>'
            f'<p class="meta">Targets from <code>{esc(council["document"])}</code>, strategy '
            f"period {esc(council['strategy_period'])}. Council id "
            f"<code>{esc(council['id'])}</code>.</p>{_community(card)}</div></header>")


def _community(card: dict[str, Any]) -> str:
    community = card.get("community")
    if not community:
        return ""
    return (f'<p class="meta">Community profile: {esc(community["area"])}, '
            f'{community["ethnic_minority_percent"]:g}% from minority ethnic groups '
            f'({esc(community["source"])}).</p>')


def _summary(card: dict[str, Any]) -> str:
    counts = card["summary"]
    total = sum(counts.values())
    segments = "".join(f'<span class="{status_class(s)}" style="flex-grow:{n}"></span>'
                       for s, n in counts.items() if n)
    pills = "".join(f"<li>{badge(s, n)}</li>" for s, n in counts.items())
    return (f'<section aria-labelledby="summary"><h2 id="summary">{total} targets by status'
            f'</h2><div class="bar" aria-hidden="true">{segments}</div>'
            f'<ul class="counts">{pills}</ul></section>')


def _source(row: dict[str, Any]) -> str:
    source = row.get("source") or {}
    where = ", ".join(esc(p) for p in (source.get("document"), source.get("section")) if p)
    note = f'<p class="small">Note: {esc(row["note"])}</p>' if row["note"] else ""
    return (f"<details><summary>Source</summary><blockquote>“{esc(source.get('quote'))}”"
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
    was = (f'<span class="was">was {esc(number(row["previous"], row["unit"]))}</span>'
           if row["previous"] is not None else "")
    due = f'<span class="due">by {esc(date_text(row["due"]))}</span>' if row["due"] else ""
    return (f'<tr class="{status_class(row["status"])}">'
            f'<td data-label="Target" class="target"><span class="label">{esc(row["label"])}</span>'
            f'<span class="kpi"><code>{esc(row["target_id"])}</code> · {esc(kpi_text(row))}'
            f"</span>{_source(row)}</td>"
            f'<td data-label="Value" class="num"><span class="value">'
            f'{esc(number(row["value"], row["unit"]))}</span>{_as_of(row)}{was}</td>'
            f'<td data-label="Goal">{esc(row["target"])}{due}</td>'
            f'<td data-label="Status" class="status">{badge(row["status"])}'
            f'<span class="why">{esc(row["status_note"])}</span></td>'
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
            (esc(by), ""), ("People", ' class="n"'), ("Value", ' class="n"'), ("Status", "")))
        body = "".join(f"<tr><td>{esc(g['group'])}</td><td class=\"n\">{g['headcount']:,}</td>"
                       f"<td class=\"n\">{esc(group_value(g, row['unit']))}</td>"
                       f"<td>{badge(g['status'])} {esc(g['note'])}</td></tr>"
                       for g in row["groups"])
        parts.append(f'<div class="groups"><h3>{esc(group_heading(row))}</h3>'
                     f'<p class="small">{esc(row["status_note"])}</p><div class="scroll">'
                     f"<table><thead><tr>{head}</tr></thead><tbody>{body}</tbody></table>"
                     "</div></div>")
    return (f'<section aria-labelledby="groups"><h2 id="groups">Targets judged group by group '
            f'({len(rows)})</h2>{"".join(parts)}</section>')


def _as_of(row: dict[str, Any]) -> str:
    """The snapshot date beside a figure taken from a snapshot before the reference date, and a
    warning sign beside a flagged one (the status says why)."""
    text = f'<span class="was">at {esc(date_text(row["as_of"]))}</span>' if row.get("as_of") \
        else ""
    if row.get("flags"):
        text += '<span class="was" title="see the status">⚠ check the data</span>'
    return text


def _benchmarks(row: dict[str, Any]) -> str:
    peers = peers_text(row)
    peers_line = "" if peers is None else f'<span class="small">{esc(peers)}</span>'
    if not row["benchmarks"]:
        return peers_line or '<span class="small">none</span>'
    items = "".join(f"<li><span>{esc(b['name'])}</span> "
                    f"<span>{esc(number(b['value'], row['unit']))}</span></li>"
                    for b in row["benchmarks"])
    return f'<ul class="bench">{items}</ul>{peers_line}'


def _peers(card: dict[str, Any]) -> str:
    """Where the council stands among England's local authorities for each target with a DfE
    published rate (docs/peers.md): one published year, never the current figure."""
    rows = peer_rows(card)
    if not rows:
        return ""
    head = "".join(f'<th scope="col"{css}>{name}</th>' for name, css in (
        ("Target", ""), ("Rank", ' class="n"'), ("Quartile", ' class="n"'),
        ("All: median (n)", ' class="n"'), ("Region: median (n)", ' class="n"'),
        ("Neighbours: median (n)", ' class="n"'), ("Note", "")))
    body = []
    for row in rows:
        peers = row["peers"]
        unit, region = peers["unit"], peers["region"]
        cells = ["-" if peers["rank"] is None else f"{peers['rank']} of {peers['of']}",
                 "-" if peers["quartile"] is None else ORDINAL[peers["quartile"]],
                 peer_median(peers["all"], unit),
                 (f"{region['name']}: " if region else "") + peer_median(region, unit),
                 peer_median(peers["neighbours"], unit)]
        body.append(f"<tr><td><code>{esc(row['target_id'])}</code>"
                    f'<span class="small">{esc(peer_kpi(peers))}</span></td>'
                    + "".join(f'<td class="n">{esc(c)}</td>' for c in cells)
                    + f"<td>{esc(peer_note(peers) or '-')}</td></tr>")
    return (f'<section aria-labelledby="peers"><h2 id="peers">Peer position '
            f'({esc(rows[0]["peers"]["published"])})</h2>'
            f'<p class="small">{esc(peers_intro(rows))}</p>'
            f'<div class="groups"><div class="scroll"><table><thead><tr>{head}</tr></thead>'
            f"<tbody>{''.join(body)}</tbody></table></div></div></section>")


def _not_measured(card: dict[str, Any]) -> str:
    rows = not_measured(card)
    if not rows:
        return ""
    items = "\n".join(
        f'<li class="{status_class(row["status"])}">{badge(row["status"])} '
        f'<p><span class="label">{esc(row["label"])}</span> <code>{esc(row["target_id"])}</code>'
        f'</p><p class="small">Goal: {esc(goal_text(row))}</p>'
        f'<p>{esc(row["status_note"])}</p>{_source(row)}</li>' for row in rows)
    return (f'<section aria-labelledby="not-measured"><h2 id="not-measured">Not measured '
            f'({len(rows)})</h2><ul class="card-list">\n{items}\n</ul></section>')


def _definitions(card: dict[str, Any]) -> str:
    items = "".join(f"<dt>{esc(d['label'])} <code>{esc(d['kpi'])}</code> "
                    f'<span class="small">{esc(d["method"])}, {esc(d["unit"] or "no unit")}'
                    f"</span></dt><dd>{_literals(esc(d['definition']))}</dd>"
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
        f"<tr><td>{esc(t['table'])}</td><td><code>{esc(t['file'])}</code></td>"
        f"<td>{esc(t['sheet'] or '-')}</td><td class=\"n\">{t['rows']:,}</td>"
        f"<td class=\"n\">{t['set_aside']:,}</td><td class=\"n\">{t['loaded']:,}</td>"
        f"<td class=\"n\">{esc(matched_text(t))}</td></tr>"
        for t in quality["input"]["tables"])
    head = "".join(f'<th scope="col"{number}>{name}</th>' for name, number in (
        ("Table", ""), ("File", ""), ("Sheet", ""), ("Rows", ' class="n"'),
        ("Set aside", ' class="n"'), ("Loaded", ' class="n"'), ("Name a worker", ' class="n"')))
    return (f'<section aria-labelledby="quality"><h2 id="quality">Data quality</h2>'
            f'<p><span class="badge {status_class(status)}">'
            f'{esc(quality["input"]["verdict"])}</span> '
            f"input: {esc(issue_counts(quality['input']))}</p>{_unread(quality['input'])}"
            f'<div class="scroll"><table class="quality"><thead><tr>{head}</tr></thead>'
            f"<tbody>{tables}</tbody></table></div>{_set_aside(quality)}</section>")


def _unread(quality: dict[str, Any]) -> str:
    """The files left unread, and why, as a paragraph; "" when every table was read."""
    line = unread_line(quality, text=esc, code="<code>{}</code>".format)
    return f"<p>{line}</p>" if line else ""


def _set_aside(quality: dict[str, Any]) -> str:
    rows = set_aside_rows(quality)
    if not rows:
        return ""
    body = "".join(f"<tr><td><code>{esc(kpi)}</code></td><td>{esc(reason)}</td>"
                   f'<td class="n">{n:,}</td></tr>' for kpi, reason, n in rows)
    return ('<details><summary>Records each KPI left out, and why</summary>'
            '<div class="scroll"><table class="quality"><thead>'
            '<tr><th scope="col">Method:scope:KPI</th><th scope="col">Reason</th>'
            '<th scope="col" class="n">Records</th></tr></thead>'
            f"<tbody>{body}</tbody></table></div></details>")
