"""From a folder (or file) of extracts to typed canonical tables and a list of issues.

The checks are column-wise, derived from the pydantic models in :mod:`wfkpi.core.schema`; pydantic
itself words the message for a value already found out of range. Rows are never dropped
silently: a row is *set aside* (left out of the tables) only for an error in a required column or
a row rule, and each such row has an issue saying why. An error in an optional cell blanks that
cell and keeps the row.
"""

from __future__ import annotations

import datetime as dt
import difflib
import re
from collections import Counter
from collections.abc import Callable
from dataclasses import dataclass, field
from functools import cache, partial
from pathlib import Path
from typing import Annotated, Any

import numpy as np
import pandas as pd
from pydantic import TypeAdapter, ValidationError

from wfkpi.core.arrow import is_in
from wfkpi.core.equality import unknown_disability_labels, unknown_labels
from wfkpi.core.errors import UsageError
from wfkpi.core.issues import Issue, shorten
from wfkpi.core.schema import (
    FUNNEL,
    JOIN_SHARE,
    MODELS,
    PER_WORKER,
    REQUIRED_TABLES,
    Column,
    columns,
)
from wfkpi.read import values as v
from wfkpi.read.files import READABLE_SUFFIXES, FileProblem, Grid, header_key, read_grid
from wfkpi.read.limits import Limits
from wfkpi.read.mapping import Mapping, TableMapping

_TOTAL = r"(?i)\s*(?:grand\s+)?(?:sub\s*)?totals?\b"


@dataclass
class Source:
    """What was read for one table from one file."""

    table: str
    file: str
    sheet: str | None
    header_row: int
    columns: dict[str, str]  # canonical column -> header in the file
    ignored: list[str]  # headers not used
    details: dict[str, str]
    rows: int = 0  # data rows (blank, totals and furniture rows excluded)
    set_aside: int = 0
    # Of the rows loaded (rows - set_aside), those naming a worker in the workers table: for the
    # per-worker tables (schema.PER_WORKER) when there is a workers table, else None.
    matched: int | None = None

    def to_dict(self) -> dict[str, Any]:
        return {
            "table": self.table, "file": self.file, "sheet": self.sheet,
            "header_row": self.header_row, "rows": self.rows, "set_aside": self.set_aside,
            "loaded": self.rows - self.set_aside, "matched": self.matched,
            "columns": self.columns, "ignored_columns": self.ignored, **self.details,
        }


@dataclass
class Extract:
    """Canonical tables read from one extract, with every issue found on the way."""

    path: str
    tables: dict[str, pd.DataFrame] = field(default_factory=dict)
    sources: list[Source] = field(default_factory=list)
    issues: list[Issue] = field(default_factory=list)
    method: str = "dfe"  # the definitions that fit the source: sfc for ASC-WDS files
    reference_date: dt.date | None = None  # a census file's own reference date, or ASC-WDS's
    reference_how: str = ""  # how the source chose it, as the report prints it

    @property
    def valid(self) -> bool:
        return not any(issue.severity == "error" for issue in self.issues)

    def tally(self) -> dict[str, Any]:
        """The verdict and the issues counted by severity and by code (codes sorted)."""
        codes = Counter(issue.code for issue in self.issues)
        errors = sum(1 for issue in self.issues if issue.severity == "error")
        return {"verdict": "VALID" if self.valid else "INVALID", "errors": errors,
                "warnings": len(self.issues) - errors,
                "by_code": {code: codes[code] for code in sorted(codes)}}


# ----------------------------------------------------------------------------- files

def locate(path: Path, mapping: Mapping) -> dict[str, list[Path]]:
    """The files for each table: from the mapping's globs, else ``workers.csv`` and so on."""
    if not path.exists():
        raise UsageError(f"No such file or folder: {path}")
    if path.is_file():
        return {_table_for_file(path, mapping): [path]}
    found: dict[str, list[Path]] = {}
    for table in MODELS:
        pattern = mapping.table(table).file
        if pattern:
            matches = sorted(p for p in path.glob(pattern) if p.is_file())
        else:
            matches = sorted(p for p in path.iterdir() if p.is_file()
                             and p.stem.lower() == table and p.suffix.lower() in READABLE_SUFFIXES)
        if matches:
            found[table] = matches
    return found


def _table_for_file(path: Path, mapping: Mapping) -> str:
    for table in MODELS:
        pattern = mapping.table(table).file
        if pattern and path.match(pattern):
            return table
    stem = path.stem.lower()
    return next((t for t in MODELS if stem.startswith(t)), "workers")


@dataclass(frozen=True)
class ReadOptions:
    """Settings some sources need: the standard week turns ASC-WDS contracted hours into FTE,
    and the reference date places ASC-WDS's counted leavers in its year."""

    standard_week: float = 37.0
    as_at: dt.date | None = None
    progress: Callable[[str, int, int], None] | None = None  # (file, done, total) per file read
    limits: Limits = field(default_factory=Limits)  # on each file read (--limit)


# What reading one file for one table gives: the frame (None when unusable), what was read, issues.
TableRead = tuple[pd.DataFrame | None, Source, list[Issue]]


@dataclass(frozen=True)
class Part:
    """One file's read for one table, not yet done."""

    file: str
    read: Callable[[], TableRead]


@dataclass
class SourceRead:
    """What a source read directly hands to :func:`assemble`."""

    parts: dict[str, list[Part]]
    issues: list[Issue]
    reference_date: dt.date | None = None
    reference_how: str = "the census reference date"




def load_extract(
    path: Path, mapping: Mapping | None = None, options: ReadOptions | None = None
) -> Extract:
    """Read every table of the extract at ``path``; see the module docstring for the rules.

    A census XML file or an ASC-WDS folder is recognised by its content and read by its own
    module (:mod:`wfkpi.read.sources.csww`, :mod:`wfkpi.read.sources.ascwds`); anything else is an extract of
    spreadsheets, read through the optional mapping.
    """
    options = options or ReadOptions()
    for source in _sources():
        if source.recognises(path):
            if mapping is not None:
                raise UsageError(f"{path} is {source.WHAT}, read without a mapping: "
                                 "leave out --mapping")
            read = source.parts(path, options)
            extract = assemble(str(path), read.parts, read.issues, options.progress)
            extract.method = source.METHOD
            extract.reference_date = read.reference_date
            extract.reference_how = read.reference_how
            return extract
    mapping = mapping or Mapping()
    issues = []
    parts: dict[str, list[Part]] = {}
    for table, files in _with_missing(locate(path, mapping), mapping).items():
        if not files:
            issues.append(_missing_table(path, table, mapping.table(table).file))
        parts[table] = [Part(str(f), partial(read_table, f, table, mapping.table(table),
                                             options.limits))
                         for f in files]
    return assemble(str(path), parts, issues, options.progress)


def _sources() -> tuple[Any, ...]:
    """Modules that read a source of their own: ``WHAT``, ``METHOD``, ``recognises(path)`` and
    ``parts(path, options)`` (the table reads and the issues found on the way)."""
    from wfkpi.read.sources import ascwds, csww

    return (csww, ascwds)


def assemble(
    path: str, parts: dict[str, list[Part]], issues: list[Issue],
    progress: Callable[[str, int, int], None] | None = None,
) -> Extract:
    """Read each part, then apply the row and cross-table rules to the tables they make."""
    extract = Extract(path, issues=list(issues))
    total, done = sum(len(p) for p in parts.values()), 0
    for table, reads in parts.items():
        frames = []
        for part in reads:
            if progress:
                progress(part.file, done, total)
            done += 1
            try:
                frame, source, found = part.read()
            except FileProblem as problem:
                extract.issues.append(problem.issue)
                continue
            extract.sources.append(source)
            extract.issues.extend(found)
            if frame is not None:
                frames.append(frame)
        if frames:
            frame = pd.concat(frames, ignore_index=True) if len(frames) > 1 else frames[0]
            frame, found = _row_rules(table, frame, extract.sources)
            extract.issues.extend(found)
            extract.tables[table] = frame
    if progress:
        progress(path, total, total)
    extract.issues = _sheets_not_read(extract.issues, extract.sources)
    if "workers" in extract.tables:
        extract.issues.extend(_label_rules(extract.tables["workers"], extract.sources))
    extract.issues.extend(_cross_table_rules(extract.tables, extract.sources, path))
    order = {source.file: i for i, source in enumerate(extract.sources)}
    extract.issues.sort(key=lambda i: (order.get(i.file, -1), i.row or 0))
    return extract


def _sheets_not_read(issues: list[Issue], sources: list[Source]) -> list[Issue]:
    """``issues`` without an ``other-sheet`` warning for a sheet another table was read from,
    and with one such warning per sheet (two tables read from one workbook both see it)."""
    read = {(s.file, s.sheet) for s in sources}
    seen = set()
    kept = []
    for issue in issues:
        if issue.code == "other-sheet":
            where = (issue.file, issue.sheet)
            if where in read or where in seen:
                continue
            seen.add(where)
        kept.append(issue)
    return kept


def _missing_table(path: Path, table: str, pattern: str | None) -> Issue:
    if pattern:
        return Issue("file-not-found", f"No file matches '{pattern}', which the mapping names "
                     f"for {table}", file=str(path / pattern))
    return Issue("missing-table", f"No {table} file: expected {table}.csv or {table}.xlsx, or a "
                 "mapping (--mapping) naming the file", file=str(path))


def _with_missing(found: dict[str, list[Path]], mapping: Mapping) -> dict[str, list[Path]]:
    for table in MODELS:
        if table not in found and (table in REQUIRED_TABLES or mapping.table(table).file):
            found[table] = []
    return {t: found[t] for t in MODELS if t in found}


# ---------------------------------------------------------------------------- tables

def read_table(
    path: Path, table: str, tmap: TableMapping, limits: Limits | None = None
) -> tuple[pd.DataFrame | None, Source, list[Issue]]:
    """One file as one canonical table; the frame is None when required columns are missing."""
    if not path.exists():
        raise FileProblem(Issue("file-not-found", f"No file for {table}", file=str(path)))
    known = {header_key(h) for c in columns(table) for h in tmap.headers_for(c)}
    grid = read_grid(path, display=str(path), sheet=tmap.sheet, header_row=tmap.header_row,
                     known_headers=known, limits=limits)
    return table_from_grid(grid, table, tmap)


def table_from_grid(
    grid: Grid, table: str, tmap: TableMapping
) -> tuple[pd.DataFrame | None, Source, list[Issue]]:
    """A grid of cell text as one canonical table, every cell checked against the model.

    Sources other than spreadsheets (the census XML, ASC-WDS files) build a grid and a mapping
    of their own and come through here, so every source is checked by the same rules.
    """
    cols = columns(table)
    issues: list[Issue] = []
    where = {"file": grid.file, "sheet": grid.sheet}
    positions = _match_headers(grid, cols, tmap, issues, where)
    used = set(positions.values())
    source = Source(table, grid.file, grid.sheet, grid.header_row,
                    {c: grid.header[i] for c, i in positions.items()},
                    [h for i, h in enumerate(grid.header) if i not in used and h], grid.details)
    missing = [c for c in cols.values() if c.required_column and c.name not in positions]
    for column in missing:
        issues.append(Issue("missing-column", _missing_message(column, tmap, grid.header),
                            row=grid.header_row, column=column.name, **where))
    for name, rows in grid.other_sheets.items():
        issues.append(Issue(
            "other-sheet", f"Sheet '{name}' also seems to hold data (about {rows:,} rows), "
            f"which is not read: {table} is read from one sheet, here '{grid.sheet}'. To read "
            f"it, name it with `sheet:` in a mapping (for both sheets, save that one as a file "
            "of its own that the mapping's `file:` also matches)", file=grid.file, sheet=name))
    cells = _data_rows(grid, positions, table, issues, where)
    source.rows = len(cells)
    if not len(cells):
        code = "no-data-rows" if table in REQUIRED_TABLES else "empty-table"
        issues.append(Issue(code, "The table has a header but no data rows", **where))
    if any(c.required for c in missing):
        source.set_aside = len(cells)
        return None, source, issues
    malformed = cells.index.isin(list(grid.malformed))
    if malformed.any():
        issues.extend(grid.malformed[int(row)] for row in cells.index[malformed])
        cells = cells[~malformed]
    frame, set_aside = _parse(cells, cols, positions, grid, tmap, issues, where)
    source.set_aside = int(set_aside.sum()) + int(malformed.sum())
    if set_aside.any():  # (filtering copies every column, so only when a row goes)
        frame = frame[~set_aside.to_numpy()]
    frame = frame.reset_index(drop=True)
    frame["_file"] = grid.file
    return frame, source, issues


def _match_headers(
    grid: Grid, cols: dict[str, Column], tmap: TableMapping, issues: list[Issue],
    where: dict[str, Any],
) -> dict[str, int]:
    keys = [header_key(h) for h in grid.header]
    positions: dict[str, int] = {}
    for name in cols:
        for alias in tmap.headers_for(name):
            hits = [i for i, k in enumerate(keys) if k and k == header_key(alias)]
            if not hits:
                continue
            if len(hits) > 1:
                letters = ", ".join(_letter(i) for i in hits)
                issues.append(Issue(
                    "duplicate-column",
                    f"{len(hits)} columns ({letters}) are headed '{grid.header[hits[0]]}'; "
                    f"the first is used for {name}. Rename or remove the others",
                    row=grid.header_row, column=grid.header[hits[0]], **where))
            positions[name] = hits[0]
            break
    return positions


def _letter(index: int) -> str:
    letters = ""
    index += 1
    while index:
        index, rest = divmod(index - 1, 26)
        letters = chr(65 + rest) + letters
    return letters


def _missing_message(column: Column, tmap: TableMapping, header: list[str]) -> str:
    looked = ", ".join(f"'{h}'" for h in tmap.headers_for(column.name))
    close = difflib.get_close_matches(column.name, [h for h in header if h], n=1, cutoff=0.6)
    hint = f"; did you mean '{close[0]}'? Map it under columns.{column.name}" if close else \
        f"; add the file's header for it under columns.{column.name} in a mapping"
    return f"No column for {column.name} (looked for {looked}){hint}"


def _data_rows(
    grid: Grid, positions: dict[str, int], table: str, issues: list[Issue],
    where: dict[str, Any],
) -> pd.DataFrame:
    """The data rows, stripped. Blank rows, totals rows and the lines an export adds around its
    data (footers, page lines, a repeated header: see :func:`_furniture`) are left out, each
    with a warning; blank rows after the last data row are trimmed without one.

    A row is blank when every cell is empty once stripped. The columns read are stripped in
    full (their values are needed); the others only on the rows still blank, which are few.
    A grid known to hold no cell with whitespace around it is not stripped at all.
    """
    cells = grid.cells
    if not len(cells) or not len(cells.columns):  # no rows, or no column to read them by
        return cells
    used = sorted(set(positions.values()))
    required = {positions[c.name] for c in columns(table).values()
                if c.required and c.name in positions} or set(used)
    stripped = {c: cells[c] if grid.trimmed else cells[c].str.strip() for c in used}
    blank = np.ones(len(cells), dtype=bool)
    lacking = np.zeros(len(cells), dtype=bool)  # a required cell is empty
    filled = np.zeros(len(cells), dtype=np.int16)  # cells read that are not empty
    for c in used:
        empty = (stripped[c] == "").to_numpy(dtype=bool)
        blank &= empty
        filled += ~empty
        if c in required:
            lacking |= empty
    for c in cells.columns:
        rows = np.flatnonzero(blank)
        if not len(rows):
            break
        if c not in stripped:
            blank[rows] = (cells[c].iloc[rows].str.strip() == "").to_numpy(dtype=bool)
    repeated = (stripped[used[0]] == grid.header[used[0]]).to_numpy(dtype=bool) if used \
        else np.zeros(len(cells), dtype=bool)
    furniture = _furniture(cells, grid.header, used, np.flatnonzero(
        (lacking & ~blank & (filled <= _FURNITURE_CELLS)) | repeated))
    extra = np.zeros(len(cells), dtype=bool)
    extra[list(furniture)] = True
    id_column = positions.get("worker_id", 0)
    probes = cells[0] if id_column == 0 else cells[0] + " " + cells[id_column]
    total = _totals(probes) & ~blank & ~extra
    skipped = blank | extra | total
    last = len(skipped) - int(np.argmax(~skipped[::-1])) if (~skipped).any() else 0
    for at in np.flatnonzero(blank[:last]):
        issues.append(Issue("blank-row", "Blank row skipped", row=int(cells.index[at]), **where))
    for at, (message, text) in furniture.items():
        issues.append(Issue("footer-row", message, row=int(cells.index[at]),
                            value=shorten(text), **where))
    for at in np.flatnonzero(total):
        issues.append(Issue("totals-row", "Totals row skipped; wfkpi computes its own totals",
                            row=int(cells.index[at]), value=shorten(_row_text(cells, at)),
                            **where))
    cells, keep = cells.iloc[:last], ~skipped[:last]
    if not keep.any():  # no data rows: the frame pandas makes of none, as always
        return cells[keep][used].apply(lambda s: s.str.strip())
    if keep.all():
        return pd.DataFrame({c: stripped[c].iloc[:last] for c in used}, index=cells.index)
    return pd.DataFrame({c: stripped[c].iloc[:last][keep] for c in used},
                        index=cells.index[keep])


# Lines an export adds above, among or below its rows (docs/validation.md, "What happens to a
# row with a problem"): the text of a row, its non-empty cells joined by spaces, that is wholly
# one of these is not data. Rules and stars may stand around it ("*** End of Report ***").
_DECORATION = r"[\s*=#~_.()\[\]\-–—]*"
_FURNITURE_LINE = re.compile(rf"""(?ix) {_DECORATION} (?:
    end \s+ of \s+ (?:the\s+)? (?:report|data|file|listing|list|extract|records?)
  | (?:report\s+|date\s+|time\s+)?
    (?:run|print(?:ed)?|generat(?:ed|ion)|produced|creat(?:ed|ion)|extract(?:ed)?|export(?:ed)?)
    (?: \s+ (?:on|at|by|date|time|from|using|run) \b | \s*: | \s+ \d ) .*
  | page \s* :? \s* \d+ (?: \s* (?:of|/) \s* \d+ )?
  | (?:total\s+|number\s+of\s+)? (?:records?|rows?|lines?|employees|entries)
    (?:\s+(?:count|returned|selected|found|listed|printed|exported|retrieved))? \s* [:=]? \s*
    [\d,]+
  | [\d,]+ \s+ (?:records?|rows?|lines?|employees|entries)
    (?:\s+(?:returned|selected|found|listed|printed|exported|retrieved))?
  | (?:private\s+(?:and|&)\s+)? (?:official (?:[\s-]*sensitive)? | confidential | restricted
        | protect | not\s+protectively\s+marked | commercial\s+in\s+confidence)
    (?: \s* [-:–]? \s* [\[(]? \s* (?:personal|commercial|locsen) (?:\s+data)? \s* [\])]? )?
  | (?:[*=#~_\-–—]\s*){{3,}}
) {_DECORATION}""")
_FURNITURE_CELLS = 4  # a line of furniture fills at most this many of the columns read


def _furniture(
    cells: pd.DataFrame, header: list[str], used: list[int], rows: np.ndarray
) -> dict[int, tuple[str, str]]:
    """Of ``rows`` (positions in ``cells``), those that are no data but a line the export adds,
    each with the message that says so and the row's text. Such a row is one of two kinds:

    - a row that leaves a required cell empty, whose text is wholly one of the lines of
      ``_FURNITURE_LINE`` (End of Report, Page 1 of 3, Report run on ..., Records: 123,
      a protective marking such as OFFICIAL-SENSITIVE, a rule of dashes);
    - the header again, every column read headed as in the header row (a report that
      repeats its header on each page).
    """
    found = {}
    keys = [header_key(header[c]) for c in used]
    block = cells.iloc[rows].to_numpy(dtype=object)
    for at, row in zip(rows, block, strict=True):
        text = " ".join(t for cell in row if isinstance(cell, str) and (t := cell.strip()))
        if used and str(row[used[0]]).strip() == header[used[0]] and \
                [header_key(str(row[c])) for c in used] == keys:
            found[int(at)] = ("The header repeated (at a page break of the export); skipped",
                              text)
        elif _FURNITURE_LINE.fullmatch(text):
            found[int(at)] = ("Not data: a line the export adds (a footer, page number, run "
                              "date or marking); skipped", text)
    return found


def _row_text(cells: pd.DataFrame, at: int) -> str:
    """The non-empty cells of the row at position ``at``, stripped, joined by spaces."""
    return " ".join(text for cell in cells.iloc[at]
                    if isinstance(cell, str) and (text := cell.strip()))


def _totals(probes: pd.Series) -> np.ndarray:
    """Which probes match ``_TOTAL``. The regex runs only on probes holding 'tot' in any case:
    every match does, as no character but t, T, o and O matches those letters case-blind. (On
    a million rows the regex, which pandas runs in Python cell by cell, takes seconds; the
    search for 'tot' takes milliseconds.)"""
    if v.arrow_text(probes):
        import pyarrow as pa
        import pyarrow.compute as pc

        lower = pc.ascii_lower(pa.array(probes.array))  # only A-Z change, as needed here
        near = pc.fill_null(pc.match_substring(lower, "tot"), False)
        near = near.to_numpy(zero_copy_only=False).astype(bool)
    else:
        near = probes.str.contains("tot", case=False, regex=False)
        near = near.fillna(True).to_numpy(dtype=bool)  # a missing cell: leave it to the regex
    total = np.zeros(len(probes), dtype=bool)
    if near.any():
        total[near] = probes[near].str.match(_TOTAL).to_numpy(dtype=bool)
    return total


def _parse(
    cells: pd.DataFrame, cols: dict[str, Column], positions: dict[str, int], grid: Grid,
    tmap: TableMapping, issues: list[Issue], where: dict[str, Any],
) -> tuple[pd.DataFrame, pd.Series]:
    rows = cells.index.to_numpy()
    out: dict[str, Any] = {"_row": rows.astype("int64")}
    set_aside = pd.Series(False, index=cells.index)
    found: list[tuple[int, int, Issue]] = []  # (row, column order, issue) for a stable order

    personal = False

    def note(mask: pd.Series | np.ndarray, code: str, message: str | Any, order: int,
             header: str, raw: pd.Series | None = None) -> None:
        for row in cells.index[np.asarray(mask)]:
            text = message(row) if callable(message) else message
            value = shorten(raw[row]) if raw is not None and not personal else None
            found.append((int(row), order, Issue(code, text, row=int(row), column=header,
                                                 value=value, **where)))

    for order, (name, column) in enumerate(cols.items()):
        if name not in positions:
            continue
        header = grid.header[positions[name]]
        raw = cells[positions[name]]
        personal = column.personal  # such values are never shown, even unredacted
        blank = (raw == "").to_numpy()
        if column.kind == "text":
            typed = v.text_column(raw)
            labels = tmap.labels_for(name)
            if labels:
                typed = v.relabel(typed, labels)
            if name == "worker_id":  # ids as the joins compare them (docs/data-contract.md)
                typed = v.worker_ids(typed)
            bad = np.zeros(len(raw), dtype=bool)
        else:
            parsed = v.parse_column(v.blank_as_missing(raw), column, _parser(column, tmap))
            typed, bad = parsed.values, parsed.bad.to_numpy()
            for i, reason in parsed.reasons.items():
                note(parsed.codes == i, reason.code, f"{name}: {reason.message}", order,
                     header, raw)
            bad = bad | _range(typed, column, note, order, header, raw)
        if column.required:
            note(blank, "required", f"{name}: required, but blank", order, header)
            set_aside |= blank | bad
        else:
            if column.required_column:
                note(blank, "blank-value", f"{name}: blank; the row is kept but left out of "
                     f"figures that need {name}", order, header)
            if column.warn_above is not None:
                above = (typed > column.warn_above).fillna(False).to_numpy()
                note(above, "above-expected", f"{name}: above {column.warn_above:g}; "
                     "accepted, but check it", order, header, raw)
            if bad.any():
                typed = typed.where(~bad)
                out[f"_unreadable_{name}"] = bad
        out[name] = typed
    frame = pd.DataFrame(out, index=cells.index)
    issues.extend(issue for _, _, issue in sorted(found, key=lambda f: (f[0], f[1])))
    return frame, set_aside


def _parser(column: Column, tmap: TableMapping) -> Any:
    if column.kind == "date":
        return v.parse_date
    if column.kind == "number":
        return v.parse_number
    if column.kind == "integer":
        return v.parse_integer
    if column.kind == "boolean":
        labels = tmap.labels_for(column.name)
        return v.boolean_parser({k: str(val).lower() == "true" for k, val in labels.items()})
    return v.enum_parser(column, tmap.labels_for(column.name))


def _range(typed: pd.Series, column: Column, note: Any, order: int, header: str,
           raw: pd.Series) -> np.ndarray:
    """Values outside the model's bounds; pydantic words the message."""
    if column.kind not in ("number", "integer"):
        return np.zeros(len(typed), dtype=bool)
    bad = pd.Series(False, index=typed.index)
    if column.gt is not None:
        bad |= (typed <= column.gt).fillna(False)
    if column.ge is not None:
        bad |= (typed < column.ge).fillna(False)
    if column.le is not None:
        bad |= (typed > column.le).fillna(False)
    mask = bad.to_numpy(dtype=bool)
    if mask.any():
        note(mask, "out-of-range", lambda row: _bound_message(column, typed[row]), order,
             header, raw)
    return mask


@cache
def _adapter(table_column: tuple[str, str]) -> TypeAdapter[Any]:
    table, name = table_column
    info = MODELS[table].model_fields[name]
    return TypeAdapter(Annotated[(info.annotation, *info.metadata)])  # type: ignore[arg-type]


def _bound_message(column: Column, value: Any) -> str:
    table = next(t for t, m in MODELS.items() if column.field is m.model_fields.get(column.name))
    try:
        _adapter((table, column.name)).validate_python(value)
    except ValidationError as exc:
        msg = exc.errors()[0]["msg"].replace("Input should be", "should be")
        return f"{column.name}: {msg}"
    return f"{column.name} is out of range"


# ------------------------------------------------------------------------ row rules

_SPELL_KEYS = {
    "workers": ["worker_id", "role", "start_date", "end_date"],
    "absences": ["worker_id", "start_date", "end_date", "reason"],
    "training": ["worker_id", "date", "course"],
    "appraisals": ["worker_id", "due_date"],
    "supervision": ["worker_id", "date", "kind"],
    "recruitment": ["vacancy_id", "advertised_date"],
}


def _row_rules(
    table: str, frame: pd.DataFrame, sources: list[Source]
) -> tuple[pd.DataFrame, list[Issue]]:
    """Rules across the cells of a row and across rows; returns the rows kept."""
    sheets = {s.file: s.sheet for s in sources}
    issues: list[Issue] = []
    drop = pd.Series(False, index=frame.index)

    def note(mask: pd.Series, code: str, message: Any, column: str | None,
             value: Callable[[int], str]) -> None:
        for i in frame.index[mask.to_numpy(dtype=bool)]:
            text = message(i) if callable(message) else message
            file = frame.at[i, "_file"]
            issues.append(Issue(code, text, file=file, sheet=sheets.get(file),
                                row=int(frame.at[i, "_row"]), column=column,
                                value=shorten(value(i))))

    def cells(*names: str) -> Callable[[int], str]:
        """The row's values in ``names``, in the order its message names them."""
        return lambda i: ", ".join(_shown(frame.at[i, name]) for name in names)

    if "end_date" in frame and "start_date" in frame:
        before = (frame["end_date"] < frame["start_date"]).fillna(False)
        note(before, "end-before-start", "end_date: before start_date; the row is set aside",
             "end_date", cells("end_date", "start_date"))
        drop |= before
    if table == "workers" and "leaving_reason" in frame:
        ended = frame["end_date"].notna() if "end_date" in frame else False
        if "_unreadable_end_date" in frame:  # already reported as a bad date
            ended = ended | frame["_unreadable_end_date"].fillna(False)
        dangling = frame["leaving_reason"].notna() & ~ended
        note(dangling, "reason-without-end", "leaving_reason: given, but there is no end date; the "
             "spell is read as still open", "leaving_reason", cells("leaving_reason"))
    if table == "appraisals" and "completed_date" in frame:
        early = (frame["completed_date"] < frame["due_date"] - pd.Timedelta(days=366)).fillna(False)
        note(early, "completed-long-before-due", "completed_date: more than a year before "
             "due_date; check the dates", "completed_date", cells("completed_date", "due_date"))
    if table == "recruitment":
        _funnel_rules(frame, note, cells)
    keys = [k for k in _SPELL_KEYS.get(table, []) if k in frame]
    if keys:
        repeat = frame.duplicated(keys, keep="first") & ~drop
        if repeat.any():
            groups = frame.groupby(keys, dropna=False, sort=False)
            first = groups["_row"].transform("first")
            first_file = groups["_file"].transform("first")
            first_index = frame.index.to_series().groupby(
                [frame[k] for k in keys], dropna=False, sort=False).transform("first")

            def message(i: int) -> str:
                at = f"row {first[i]}" + ("" if first_file[i] == frame.at[i, "_file"]
                                          else f" of {first_file[i]}")
                differ = _differences(frame, int(first_index[i]), i, keys)
                conflict = f"; it differs in {', '.join(differ)}: check which is right" \
                    if differ else ""
                return f"same {', '.join(keys)} as {at}; this copy is set aside{conflict}"

            shown = [k for k in keys if not columns(table)[k].personal]  # ids are never shown
            note(repeat, "duplicate-spell", message, None, cells(*shown))
            drop |= repeat
    frame = frame.drop(columns=[c for c in frame if c.startswith("_unreadable_")])
    if drop.any():
        dropped = frame.loc[drop.to_numpy(), "_file"].value_counts()
        for source in sources:
            if source.table == table:
                source.set_aside += int(dropped.get(source.file, 0))
        frame = frame[~drop.to_numpy()].reset_index(drop=True)
    return frame, issues


def _funnel_rules(frame: pd.DataFrame, note: Callable[..., None],
                  cells: Callable[..., Callable[[int], str]]) -> None:
    """Each stage of a campaign should be no larger than the one before (a warning). Internal
    hires above hires would make a share above 100%: an error that blanks the cell."""
    stages = [stage for stage in FUNNEL if stage in frame]
    for before, after in zip(stages, stages[1:], strict=False):
        larger = (frame[after] > frame[before]).fillna(False)
        if after == "internal_hires" and before == "hires":
            note(larger, "out-of-range", "internal_hires: more than hires; the cell is left "
                 "blank", after, cells(after, before))
            frame.loc[larger.to_numpy(dtype=bool), after] = pd.NA
        else:
            note(larger, "funnel-order", f"{after}: more than {before}; the row is kept", after,
                 cells(after, before))


def _shown(value: Any) -> str:
    """A typed cell as a row rule's issue shows it: a date as ISO, a blank as 'blank'."""
    if value is None or value is pd.NA or (isinstance(value, float) and np.isnan(value)) \
            or value is pd.NaT:
        return "blank"
    if isinstance(value, pd.Timestamp):
        return value.date().isoformat()
    return str(value)


def _differences(frame: pd.DataFrame, first: int, other: int, keys: list[str]) -> list[str]:
    """The columns (other than ``keys``) in which two rows disagree: a conflicting copy."""
    differ = []
    for column in frame.columns:
        if column.startswith("_") or column in keys:
            continue
        a, b = frame.at[first, column], frame.at[other, column]
        if (pd.isna(a) and pd.isna(b)) if np.ndim(a) == 0 and np.ndim(b) == 0 else False:
            continue
        if not (pd.notna(a) and pd.notna(b) and a == b):
            differ.append(column)
    return differ


def _cross_table_rules(
    tables: dict[str, pd.DataFrame], sources: list[Source], path: str
) -> list[Issue]:
    """How many rows of each per-worker table name a worker in the workers table, counted on
    each file's :class:`Source` (``matched``). A table of which fewer than ``JOIN_SHARE`` do
    is one ``unmatched-workers`` error (its ids do not join); otherwise each row naming nobody
    is an ``unknown-worker`` warning."""
    workers = tables.get("workers")
    if workers is None:
        return []
    known = workers["worker_id"]
    sheets = {s.file: s.sheet for s in sources}
    issues = []
    for table in PER_WORKER:
        frame = tables.get(table)
        mine = [s for s in sources if s.table == table]
        if frame is None:
            for source in mine:
                source.matched = 0
            continue
        found = is_in(frame["worker_id"], known)
        if len(mine) == 1:
            mine[0].matched = int(found.sum())
        else:
            matched = frame["_file"][found].value_counts()
            for source in mine:
                source.matched = int(matched.get(source.file, 0))
        if not len(frame):
            continue
        if found.sum() < JOIN_SHARE * len(frame):
            issues.append(_unmatched(table, frame, found, workers, mine, path))
            continue
        unknown = ~found
        files, rows = frame["_file"][unknown], frame["_row"][unknown]
        what = _ROW_NAMES[table]
        issues += [Issue("unknown-worker", f"worker_id: not in the workers table; this {what} "
                         "counts toward no KPI", file=file, sheet=sheets.get(file), row=int(row),
                         column="worker_id")
                   for file, row in zip(files, rows, strict=True)]
    return issues


def _unmatched(table: str, frame: pd.DataFrame, found: np.ndarray, workers: pd.DataFrame,
               mine: list[Source], path: str) -> Issue:
    """The one error for a table whose ids do not join the workers table's: the counts in the
    message, and in ``value`` the commonest shape of each side's ids (never an id itself)."""
    first = mine[0]
    where = {"file": first.file, "sheet": first.sheet} if len(mine) == 1 else {"file": path}
    column = first.columns.get("worker_id") if len(mine) == 1 else "worker_id"
    workers_files = sorted(set(workers["_file"]))
    named = workers_files[0] if len(workers_files) == 1 else "the workers files"
    ids = frame["worker_id"][~found]
    return Issue(
        "unmatched-workers",
        f"worker_id: {int(found.sum()):,} of {len(frame):,} rows name a worker in {named} "
        f"({JOIN_SHARE:.0%} should): the ids do not join; check that both files give a person "
        "the same id (the value gives the ids' shapes)", column=column,
        value=f"{table}: {_id_shape(ids)}; workers: {_id_shape(workers['worker_id'])}",
        **where)


_SHAPE_SAMPLE = 10_000  # the ids whose shapes are counted: enough to find the commonest


def _id_shape(ids: pd.Series) -> str:
    """The commonest shape among the first ids of ``ids``, in words ("6 digits", "2 letters +
    6 digits"): how ids that do not join differ, said without any id."""
    sample = ids.dropna().iloc[:_SHAPE_SAMPLE].astype("str")
    shapes = v.map_distinct(sample, _shape).value_counts()
    return str(shapes.index[0]) if len(shapes) else "none"


def _shape(text: str) -> str:
    parts = []
    for run in re.findall(r"[0-9]+|[^\W\d_]+|.", text):
        if run.isdigit():
            parts.append(f"{len(run)} digit{'s' if len(run) > 1 else ''}")
        elif run.isalpha():
            parts.append(f"{len(run)} letter{'s' if len(run) > 1 else ''}")
        else:
            parts.append(repr(run))
    return " + ".join(parts)


_LABEL_RULES = {"ethnicity": unknown_labels, "disability": unknown_disability_labels}


def _label_rules(workers: pd.DataFrame, sources: list[Source]) -> list[Issue]:
    """An ``unknown-label`` warning for each distinct equality label in none of the known lists
    (:mod:`wfkpi.core.equality`), with how many rows hold it, on the first file holding it."""
    issues = []
    for name, unknown in _LABEL_RULES.items():
        if name not in workers:
            continue
        counts = unknown(workers[name])
        if not counts:
            continue
        firsts = workers.loc[workers[name].isin(list(counts)), [name, "_file"]] \
            .drop_duplicates(name)
        files = dict(zip(firsts[name], firsts["_file"], strict=True))
        by_file = {s.file: s for s in sources if s.table == "workers"}
        for label, rows in sorted(counts.items(), key=lambda item: (-item[1], item[0])):
            source = by_file.get(files.get(label, ""), next(iter(by_file.values())))
            issues.append(Issue(
                "unknown-label", f"{name}: a label on {rows:,} row{'s' if rows > 1 else ''} is "
                "in none of the known lists: left out of the figures; relabel it under "
                f"values.{name} in a mapping (docs/mappings.md)", file=source.file,
                sheet=source.sheet, column=source.columns.get(name, name), value=shorten(label)))
    return issues


_ROW_NAMES = {"absences": "absence", "training": "training record", "appraisals": "appraisal",
              "supervision": "supervision session"}
