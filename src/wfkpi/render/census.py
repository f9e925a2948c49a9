"""What `wfkpi export csww` wrote (records, what was left out, gaps and the schema check), and
the pre-submission page of `wfkpi validate --format html` on a census file."""

from __future__ import annotations

from typing import Any

from rich.table import Table

from wfkpi.core.display import day_text, visible
from wfkpi.core.issues import CODES
from wfkpi.render.common import json_text, shown
from wfkpi.render.webpage import CSS, esc, page_head


def to_json(census: Any) -> str:
    return json_text(census.to_dict())


def print_summary(census: Any, console: Any, *, output: str) -> None:
    records = census.records
    console.print(f"{shown(output)}: CSWW census {census.year} for LA {shown(census.la)}, "
                  "reference date "
                  f"{day_text(census.reference_date)}, {census.schema} schema; "
                  f"{records['directly employed']} directly employed and {records['agency']} "
                  "agency records")
    for what, count in census.left_out.items():
        console.print(f"Left out: {count} {what}")
    if census.gaps:
        table = Table(title="Not filled from the extract", title_justify="left")
        for column, justify in (("Element", "left"), ("Records", "right"), ("Why", "left")):
            table.add_column(column, justify=justify)  # type: ignore[arg-type]
        for gap in census.gaps:
            table.add_row(gap.element, str(gap.records) if gap.records else "-", shown(gap.why))
        console.print(table)
    warnings = [issue for issue in census.checks if issue.severity == "warning"]
    if warnings:
        counts = ", ".join(f"{code} {n}" for code, n in census.to_dict()["checks"].items()
                           if code != "csww-schema")
        console.print(f"Census checks: {len(warnings)} warning(s) ({counts}); `wfkpi validate` "
                      "on the file lists them")
    if census.valid:
        console.print(f"Valid against the {census.schema} schema.")
    else:
        console.print(f"Not valid against the {census.schema} schema "
                      f"({len(census.schema_errors)} problem(s)):")
        for error in census.schema_errors[:10]:
            console.print(f"  {visible(error)}", markup=False)


# ----------------------------------------------------------------- the pre-submission page

# Issues listed under each rule on the page; the rest are counted ("and 12 more").
PAGE_ROWS = 200


def to_html(extract: Any, census: Any = None, *, redact: bool = False) -> str:
    """``wfkpi validate --format html``: one page for the data team, the verdict, then the
    issues grouped by rule (errors first), each rule with its count and meaning. Every text
    from the file is escaped; values are left out with ``redact``."""
    tally = extract.tally()
    title = (f"Census pre-submission check: {tally['verdict']}" if census is not None
             else f"Validation: {tally['verdict']}")
    meta = [f"File <code>{_esc(extract.path)}</code>"]
    if census is not None:
        meta.append("Ready to submit: no error; each warning is a query to check or explain"
                     if extract.valid else "Not ready to submit: clear every error first")
        meta.append(f"Checked against the {_esc(census.schema or 'census')} schema; LA "
                    f"{_esc(census.la or 'not stated')}; reference date "
                    f"{_esc(census.reference_date or 'not stated')}")
        if census.council:
            meta.append(f"LA code compared with council {_esc(census.council)}")
        if census.previous:
            meta.append(f"Compared with last year's return <code>{_esc(census.previous)}</code>")
    lines = [*page_head(title, CSS + _PAGE_CSS), "<header><div class=\"page\">",
             '<p class="kicker">wfkpi validate</p>',
             f"<h1>{tally['verdict']}: {tally['errors']:,} error(s), {tally['warnings']:,} "
             "warning(s)</h1>",
             *(f'<p class="meta">{item}</p>' for item in meta), "</div></header>",
             '<main class="page">']
    codes = sorted(tally["by_code"], key=lambda c: (CODES[c][0] != "error", c))
    if codes:
        lines += ["<h2>Issues by rule</h2>", '<table class="rules"><thead><tr><th>Rule</th>'
                  "<th>Severity</th><th class=\"num\">Count</th><th>Meaning</th></tr></thead>",
                  "<tbody>"]
        lines += [f'<tr><td><a href="#{code}"><code>{_esc(code)}</code></a></td>'
                  f"<td>{CODES[code][0]}</td><td class=\"num\">{tally['by_code'][code]:,}</td>"
                  f"<td>{_esc(CODES[code][1])}</td></tr>" for code in codes]
        lines += ["</tbody></table>"]
    else:
        lines.append("<p>No issue found.</p>")
    for code in codes:
        found = [issue for issue in extract.issues if issue.code == code]
        lines += [f'<h2 id="{code}"><code>{_esc(code)}</code> ({CODES[code][0]}, '
                  f"{len(found):,})</h2>", f"<p>{_esc(CODES[code][1])}</p>",
                  '<table class="issues"><thead><tr><th>File</th><th class="num">Row</th>'
                  "<th>Element</th><th>Message</th>"
                  + ("" if redact else "<th>Value</th>") + "</tr></thead><tbody>"]
        for issue in found[:PAGE_ROWS]:
            lines.append(f"<tr><td>{_esc(issue.file)}</td>"
                         f"<td class=\"num\">{'' if issue.row is None else issue.row}</td>"
                         f"<td>{_esc(issue.column or '')}</td><td>{_esc(issue.message)}</td>"
                         + ("" if redact else f"<td>{_esc(issue.value or '')}</td>") + "</tr>")
        lines.append("</tbody></table>")
        if len(found) > PAGE_ROWS:
            lines.append(f"<p>… and {len(found) - PAGE_ROWS:,} more: <code>wfkpi validate "
                         "--format csv</code> lists them all.</p>")
    lines += ["</main>", "</body>", "</html>"]
    return "\n".join(lines) + "\n"


_PAGE_CSS = """
table { border-collapse: collapse; width: 100%; background: var(--card); margin-bottom: 1rem; }
th, td { border: 1px solid var(--line); padding: 4px 8px; text-align: left;
  vertical-align: top; }
th { background: #e9edf2; }
td.num, th.num { text-align: right; }
"""


def _esc(text: object) -> str:
    return esc(visible(text))
