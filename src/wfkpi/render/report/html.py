"""The KPI report as one self-contained web page: inline CSS, no scripts, nothing fetched.

A table of every KPI (then, with ``--by``, one per group) and the data quality. A KPI without a
value shows a "no data" badge, a word and a symbol as well as a colour, with the reason beside
it; a wide table scrolls sideways inside its box on a phone. All text from the report is
escaped.
"""

from __future__ import annotations

from typing import Any

from wfkpi.core.display import date_text
from wfkpi.render.common import unread_line
from wfkpi.render.report.text import (
    NO_DATA,
    as_at_line,
    by_text,
    engine_notes,
    group_heading,
    kpis,
    params_text,
    part_text,
    rows_text,
    set_aside_text,
    value_text,
    why_text,
)
from wfkpi.render.scorecard.text import issue_counts, matched_text
from wfkpi.render.webpage import CSS, badge, esc, page_head, status_class

REPORT_CSS = CSS + """
.kpis .n { text-align: right; white-space: nowrap; font-variant-numeric: tabular-nums; }
.kpis code { white-space: nowrap; }
.kpis .label { display: block; font-weight: 400; color: var(--muted); font-size: .875rem; }
.kpis tr.missing td:first-child { border-left: 6px solid #6b6b6b; }
.kpis .why { margin-top: 0; }
"""
HEADINGS = (("KPI", ""), ("Value", ' class="n"'), ("Numerator", ' class="n"'),
            ("Denominator", ' class="n"'), ("Rows used", ' class="n"'), ("Set aside", ""),
            ("Why no value, and notes", ""))


def render(data: dict[str, Any]) -> str:
    """One self-contained web page (inline CSS, no scripts, no network), readable on a phone."""
    report = data["report"]
    title = f"KPIs: {data['path']}, {date_text(report['as_at'])}"
    parts = [*page_head(title, REPORT_CSS), _header(data), '<main class="page">',
             f'<section aria-labelledby="kpis"><h2 id="kpis">KPIs ({len(report["kpis"])})</h2>'
             f"{_table(report['kpis'])}</section>", _groups(report), _quality(report),
             "</main>", "</body>", "</html>"]
    return "\n".join(part for part in parts if part) + "\n"


def _header(data: dict[str, Any]) -> str:
    report = data["report"]
    params = (f'<p class="meta">Parameters: {esc(params_text(report))}.</p>'
              if report["params"] else "")
    return (f'<header><div class="page"><p class="kicker">Workforce KPIs</p>'
            f"<h1><code>{esc(data['path'])}</code></h1>"
            f'<p class="meta">Method <code>{esc(report["method"])}</code>, scope '
            f"{esc(report['scope'] or 'everyone')}.</p>"
            f'<p class="meta">{esc(as_at_line(data))}.</p>{params}</div></header>')


def _table(items: dict[str, Any]) -> str:
    head = "".join(f'<th scope="col"{css}>{name}</th>' for name, css in HEADINGS)
    body = "\n".join(_row(kpi, item) for kpi, item in kpis({"kpis": items}))
    return (f'<div class="scroll"><table class="kpis"><thead><tr>{head}</tr></thead>'
            f"<tbody>\n{body}\n</tbody></table></div>")


def _row(kpi: str, item: dict[str, Any]) -> str:
    """One KPI: a figure, or a "no data" badge with the reason beside it (never 0)."""
    missing = item["value"] is None
    value = badge(NO_DATA) if missing else f'<span class="value">{esc(value_text(item))}</span>'
    why = why_text(item)
    row_class = f' class="missing {status_class(NO_DATA)}"' if missing else ""
    cells = [f'<td><code>{esc(kpi)}</code><span class="label">{esc(item["label"])}</span></td>',
             f'<td class="n">{value}</td>',
             f'<td class="n">{esc(part_text(item["numerator"], kpi))}</td>',
             f'<td class="n">{esc(part_text(item["denominator"], kpi))}</td>',
             f'<td class="n">{esc(rows_text(item["rows_used"]))}</td>',
             f"<td>{esc(set_aside_text(item))}</td>",
             f'<td><span class="why">{esc(why)}</span></td>' if why else "<td></td>"]
    return f"<tr{row_class}>{''.join(cells)}</tr>"


def _groups(report: dict[str, Any]) -> str:
    groups = report["groups"]
    if not groups:
        return ""
    by = by_text(groups[0]["by"]).lower()
    parts = [f'<div class="groups"><h3>{esc(group_heading(group))}</h3>'
             f"{_table(group['kpis'])}</div>" for group in groups]
    return (f'<section aria-labelledby="groups"><h2 id="groups">By {esc(by)} '
            f"({len(groups) - 1} and the total)</h2>{''.join(parts)}</section>")


def _quality(report: dict[str, Any]) -> str:
    quality = report["data_quality"]["input"]
    status = "green" if quality["verdict"] == "VALID" else "red"
    tables = "".join(
        f"<tr><td>{esc(t['table'])}</td><td><code>{esc(t['file'])}</code></td>"
        f"<td>{esc(t['sheet'] or '-')}</td><td class=\"n\">{t['rows']:,}</td>"
        f"<td class=\"n\">{t['set_aside']:,}</td><td class=\"n\">{t['loaded']:,}</td>"
        f"<td class=\"n\">{esc(matched_text(t))}</td></tr>" for t in quality["tables"])
    head = "".join(f'<th scope="col"{css}>{name}</th>' for name, css in (
        ("Table", ""), ("File", ""), ("Sheet", ""), ("Rows", ' class="n"'),
        ("Set aside", ' class="n"'), ("Loaded", ' class="n"'), ("Name a worker", ' class="n"')))
    notes = "".join(f"<li>{esc(note)}</li>" for note in engine_notes(report))
    return (f'<section aria-labelledby="quality"><h2 id="quality">Data quality</h2>'
            f'<p><span class="badge {status_class(status)}">{esc(quality["verdict"])}</span> '
            f"input: {esc(issue_counts(quality))}</p>{_unread(quality)}"
            f'<div class="scroll"><table class="quality"><thead><tr>{head}</tr></thead>'
            f"<tbody>{tables}</tbody></table></div>"
            + (f'<ul class="small">{notes}</ul>' if notes else "") + "</section>")


def _unread(quality: dict[str, Any]) -> str:
    """The files left unread, and why, as a paragraph; "" when every table was read."""
    line = unread_line(quality, text=esc, code="<code>{}</code>".format)
    return f"<p>{line}</p>" if line else ""
