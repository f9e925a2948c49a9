"""A validation result as a terminal table, JSON or CSV."""

from __future__ import annotations

import csv
import io
import re
from typing import Any

from rich.table import Table

from wfkpi.core.issues import CODES, Issue
from wfkpi.read import Extract
from wfkpi.render.common import defuse, json_text, shown


def summary(extract: Extract, *, redact: bool = False) -> dict[str, Any]:
    """The whole validation result as plain data (the JSON output)."""
    tally = extract.tally()
    return {
        "schema_version": 1,
        "path": extract.path,
        "verdict": tally["verdict"],
        "errors": tally["errors"],
        "warnings": tally["warnings"],
        "counts": tally["by_code"],
        "tables": [source.to_dict() for source in extract.sources],
        "issues": [issue.to_dict(redact=redact) for issue in extract.issues],
    }


def to_json(extract: Extract, *, redact: bool = False) -> str:
    return json_text(summary(extract, redact=redact))


CSV_FIELDS = ("severity", "code", "file", "sheet", "row", "column", "value", "message")


def to_csv(extract: Extract, *, redact: bool = False) -> str:
    out = io.StringIO()
    writer = csv.DictWriter(out, CSV_FIELDS, lineterminator="\n")
    writer.writeheader()
    for issue in extract.issues:
        row = issue.to_dict(redact=redact)
        writer.writerow({key: _cell(value) for key, value in row.items()})
    return out.getvalue()


_NUMBER = re.compile(r"[-+]?(?:\d[\d,]*\.?\d*|\.\d+)(?:[eE][-+]?\d+)?%?")


def _cell(value: object) -> object:
    """Text a spreadsheet would run as a formula (``=HYPERLINK(...)``, ``@SUM(...)``) with a
    leading ``'``; a plain number such as ``-0.5`` is left as it is."""
    if not isinstance(value, str) or _NUMBER.fullmatch(value.strip()):
        return value
    return defuse(value)


def print_table(extract: Extract, console: Any, *, limit: int, redact: bool = False) -> None:
    """Verdict, what was read, counts by code, then the first ``limit`` issues."""
    data = summary(extract, redact=redact)
    style = "bold green" if extract.valid else "bold red"
    console.print(f"[{style}]{data['verdict']}[/] {shown(extract.path)}: "
                  f"{_count(data['errors'], 'error')}, {_count(data['warnings'], 'warning')}")

    read = Table(title="Read", title_justify="left", show_edge=False)
    numbers = ("Header row", "Rows", "Set aside", "Matched")
    for name in ("Table", "File", "Sheet", *numbers, "Columns"):
        read.add_column(name, justify="right" if name in numbers else "left")
    for source in extract.sources:
        read.add_row(shown(source.table), shown(source.file), shown(source.sheet or "-"),
                     str(source.header_row),
                     str(source.rows), str(source.set_aside),
                     "-" if source.matched is None else str(source.matched),
                     f"{len(source.columns)} used, {len(source.ignored)} ignored")
    if extract.sources:
        console.print()
        console.print(read)

    if data["counts"]:
        counts = Table(title="Issues by code", title_justify="left", show_edge=False)
        for name in ("Code", "Severity", "Count", "Meaning"):
            counts.add_column(name, justify="right" if name == "Count" else "left")
        for code, count in data["counts"].items():
            counts.add_row(code, CODES[code][0], str(count), CODES[code][1])
        console.print()
        console.print(counts)

    first = extract.issues[:limit]
    if first:
        console.print()
        many = len({i.file for i in extract.issues} | {s.file for s in extract.sources}) > 1
        console.print(_issue_table(first, len(extract.issues), redact, many))
    hidden = len(extract.issues) - len(first)
    if hidden:
        console.print(f"{hidden} more not shown; --limit-errors N shows more, --format json or "
                      "csv lists them all")


def _count(n: int, word: str) -> str:
    return f"{n} {word}" if n == 1 else f"{n} {word}s"


def _issue_table(issues: list[Issue], total: int, redact: bool, many_files: bool) -> Any:
    table = Table(title=f"Issues ({len(issues)} of {total})", title_justify="left",
                  show_edge=False)
    columns = (["File"] if many_files else []) + ["Row", "Column", "Code", "Message"]
    columns += [] if redact else ["Value"]
    for name in columns:
        table.add_column(name, justify="right" if name == "Row" else "left",
                         overflow="fold")
    for issue in issues:
        cells = [issue.file] if many_files else []
        cells += [str(issue.row) if issue.row is not None else "-", issue.column or "-",
                  issue.code, issue.message]
        cells += [] if redact else [issue.value or ""]
        cells = [shown(cell) for cell in cells]
        table.add_row(*cells)
    return table
