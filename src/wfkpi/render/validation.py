"""A validation result as a terminal table, JSON or CSV."""

from __future__ import annotations

import csv
import io
import re
from typing import Any

from rich.table import Table

from wfkpi.core.issues import CODES, Issue
from wfkpi.read import Extract
from wfkpi.render.common import count, defuse, json_text, shown
from wfkpi.render.fit import fold, id_width, widest_line

PATH_BREAKS = "/\\_"  # a path is folded after a folder's slash, or an underscore
NARROW = 100  # the terminal width below which the Read table is made narrower


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
                  f"{count(data['errors'], 'error')}, {count(data['warnings'], 'warning')}")

    read = Table(title="Read", title_justify="left", show_edge=False)
    # below 100 columns: headers on two lines, and no Sheet column when no file has sheets
    narrow = console.width < NARROW
    sheets = not narrow or any(source.sheet for source in extract.sources)
    numbers = ("Header row", "Rows", "Set aside", "Matched")
    names = ["Table", *(["Sheet"] if sheets else []), *numbers, "Columns"]
    rows = [[source.table, *([source.sheet or "-"] if sheets else []), str(source.header_row),
             str(source.rows), str(source.set_aside),
             "-" if source.matched is None else str(source.matched),
             f"{len(source.columns)} used,{chr(10) if narrow else ' '}"
             f"{len(source.ignored)} ignored"] for source in extract.sources]
    heads = [name.replace(" ", "\n") if narrow and name in numbers else name for name in names]
    # a path gets what the other columns leave, folded after a "/" when that is too little
    others = sum(widest_line(column) + 3 for column in zip(heads, *rows, strict=True))
    files = id_width([s.file for s in extract.sources],
                     max(console.width // 6, console.width - others - 3), PATH_BREAKS)
    for n, name in enumerate(heads):
        read.add_column(name, justify="right" if names[n] in numbers else "left",
                        no_wrap=names[n] != "Sheet", overflow="fold")
        if n == 0:
            read.add_column("File", no_wrap=True)
    for source, row in zip(extract.sources, rows, strict=True):
        read.add_row(shown(row[0]), shown(fold(source.file, files, PATH_BREAKS)),
                     *(shown(cell) for cell in row[1:]))
    if extract.sources:
        console.print()
        console.print(read)

    if data["counts"]:
        counts = Table(title="Issues by code", title_justify="left", show_edge=False)
        for name in ("Code", "Severity", "Count", "Meaning"):
            counts.add_column(name, justify="right" if name == "Count" else "left",
                              no_wrap=name != "Meaning")
        for code, n in data["counts"].items():
            counts.add_row(code, CODES[code][0], str(n), CODES[code][1])
        console.print()
        console.print(counts)

    first = extract.issues[:limit]
    if first:
        console.print()
        many = len({i.file for i in extract.issues} | {s.file for s in extract.sources}) > 1
        console.print(_issue_table(first, len(extract.issues), redact, many, console.width))
    hidden = len(extract.issues) - len(first)
    if hidden:
        console.print(f"{hidden} more not shown; --limit-errors N shows more, --format json or "
                      "csv lists them all")


def _issue_table(issues: list[Issue], total: int, redact: bool, many_files: bool,
                 width: int) -> Any:
    """The issues: the file, row, column and code whole (a path folded after a ``/``, a column
    after an ``_``), the message and the value wrapped."""
    table = Table(title=f"Issues ({len(issues)} of {total})", title_justify="left",
                  show_edge=False)
    columns = (["File"] if many_files else []) + ["Row", "Column", "Code", "Message"]
    columns += [] if redact else ["Value"]
    for name in columns:
        table.add_column(name, justify="right" if name == "Row" else "left",
                         no_wrap=name in ("File", "Row", "Column", "Code"), overflow="fold")
    files = id_width([i.file for i in issues], width // (3 if width >= NARROW else 5),
                     PATH_BREAKS)
    names = id_width([i.column or "-" for i in issues], width // 6)
    for issue in issues:
        cells = [fold(issue.file, files, PATH_BREAKS)] if many_files else []
        cells += [str(issue.row) if issue.row is not None else "-",
                  fold(issue.column or "-", names), issue.code, issue.message]
        cells += [] if redact else [issue.value or ""]
        cells = [shown(cell) for cell in cells]
        table.add_row(*cells)
    return table
