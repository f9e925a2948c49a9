"""A grid of cell text as one canonical table, every cell checked against its column's model.

The checks are column-wise, derived from the pydantic models in :mod:`wfkpi.core.schema`; pydantic
itself words the message for a value already found out of range. Rows are never dropped
silently: a row is *set aside* (left out of the table) only for an error in a required column,
and each such row has an issue saying why. An error in an optional cell blanks that cell and
keeps the row. Blank rows, totals rows and the lines an export adds around its data are skipped,
each with a warning. The rules across rows and tables come after, in :mod:`wfkpi.read.rules`.

Every source comes through :func:`table_from_grid`: spreadsheets read through a mapping, and the
source plug-ins (:mod:`wfkpi.read.sources`), which build a grid and a mapping of their own.
"""

from __future__ import annotations

import difflib
import re
from functools import cache
from typing import Annotated, Any

import numpy as np
import pandas as pd
import pyarrow as pa
import pyarrow.compute as pc
from pydantic import TypeAdapter, ValidationError

from wfkpi.core.errors import ConfigError
from wfkpi.core.issues import Issue, shorten
from wfkpi.core.schema import MODELS, REQUIRED_TABLES, Column, columns
from wfkpi.read import values as v
from wfkpi.read.draft import closest_value
from wfkpi.read.extract import Source, TableRead
from wfkpi.read.files import Grid, header_key
from wfkpi.read.mapping import TableMapping


def table_from_grid(grid: Grid, table: str, tmap: TableMapping, *,
                    mapped: bool = False) -> TableRead:
    """A grid of cell text as one canonical table, every cell checked against the model.

    Sources other than spreadsheets (the census XML, ASC-WDS files) build a grid and a mapping
    of their own and come through here, so every source is checked by the same rules. A
    spreadsheet read through the user's mapping (``mapped``) also has each label it leaves
    unmapped summarised, as that mapping is where it is mapped.
    """
    cols = columns(table)
    issues: list[Issue] = []
    where = {"file": grid.file, "sheet": grid.sheet}
    positions: dict[str, Any] = _match_headers(grid, cols, tmap, issues, where)
    extra = _extra_positions(grid, tmap)
    used = {*positions.values(), *extra.values()}
    # A header row that names no column at all is most likely the first row of data (a file
    # exported without its header): its cells may be a person's id and name, so none of them
    # is shown anywhere, not as ignored headers nor as a suggestion.
    headerless = not used and any(grid.header)
    header = [] if headerless else grid.header
    headers: dict[Any, str] = dict(enumerate(grid.header))
    source = Source(table, grid.file, grid.sheet, grid.header_row,
                    {c: grid.header[i] for c, i in positions.items()},
                    [h for i, h in enumerate(header) if i not in used and h], grid.details)
    if headerless:
        issues.append(Issue("no-header", f"Row {grid.header_row} names none of the {table} "
                            f"columns ({', '.join(list(cols)[:4])}, …): the file seems to have "
                            "no header row, or its header is on another row (give `header_row:` "
                            "in a mapping); its cells are not shown", row=grid.header_row,
                            **where))
    for name, value in tmap.constants.items():
        positions[name] = f"constant.{name}"
        headers[positions[name]] = source.columns[name] = f"(every row: {value})"
    for name, spec in tmap.columns.items():
        if spec.hours is not None and f"{name}.hours" in extra:
            positions[name] = extra[f"{name}.hours"]
            week = extra.get(f"{name}.standard_hours")
            per = spec.standard_hours if not isinstance(spec.standard_hours, str) else \
                grid.header[week] if week is not None else f"{spec.standard_hours} (not found)"
            source.columns[name] = f"{grid.header[positions[name]]} / {per}"
    missing = [c for c in cols.values() if c.required_column and c.name not in positions]
    for column in missing:
        issues.append(Issue("missing-column", _missing_message(column, tmap, header),
                            row=grid.header_row, column=column.name, **where))
    lacking = [(key, looked) for key, looked in tmap.extra_headers().items()
               if key not in extra]
    versions = {k for k in tmap.extra_headers() if k.startswith("history.")}
    if versions and versions <= {k for k, _ in lacking}:
        # a file with none of the history's columns (an agency supplier's list) holds spells
        issues.append(Issue("history-not-in-file", "None of the history's columns ("
                            f"{', '.join(repr(h[0]) for k, h in lacking if k in versions)}) is "
                            "in this file: its rows are read as spells, not versions", **where))
        tmap = tmap.model_copy(update={"history": False})
        lacking = [(k, h) for k, h in lacking if k not in versions]
    for key, looked in lacking:
        issues.append(Issue("missing-column", f"No column for {key} (looked for "
                            f"{', '.join(repr(h) for h in looked)}), which the mapping names",
                            row=grid.header_row, column=key, **where))
    for name, rows in grid.other_sheets.items():
        issues.append(Issue(
            "other-sheet", f"Sheet '{name}' also seems to hold data (about {rows:,} rows), "
            f"which is not read: {table} is read from one sheet, here '{grid.sheet}'. To read "
            f"it, name it with `sheet:` in a mapping (for both sheets, save that one as a file "
            "of its own that the mapping's `file:` also matches)", file=grid.file, sheet=name))
    cells = _data_rows(grid, {**{k: p for k, p in positions.items() if isinstance(p, int)},
                              **extra}, table, issues, where)
    cells = _filtered(cells, extra, tmap, grid, issues, where, source)
    for name, value in tmap.constants.items():
        cells[positions[name]] = value
    source.rows = len(cells)
    if not len(cells):
        code = "no-data-rows" if table in REQUIRED_TABLES else "empty-table"
        issues.append(Issue(code, "The table has a header but no data rows", **where))
    if any(c.required for c in missing) or lacking:
        source.set_aside = len(cells)
        return None, source, issues
    malformed = cells.index.isin(list(grid.malformed))
    if malformed.any():
        issues.extend(grid.malformed[int(row)] for row in cells.index[malformed])
        cells = cells[~malformed]
    ends = _ending(cells, extra, tmap)
    if ends is not None and "leaving_reason" in positions:
        # the reason on another version is the change's (a promotion's), not a leaving's
        reasons = positions["leaving_reason"]
        cells[reasons] = cells[reasons].where(ends, "")
    frame, set_aside = _parse(cells, cols, positions, headers, extra, tmap, issues, where,
                              mapped)
    if tmap.history:  # what wfkpi.read.history makes spells by
        if "history.key" in extra:
            keys = v.text_column(cells[extra["history.key"]])
            blank = keys.isna().to_numpy(dtype=bool)
            for row in cells.index[blank]:  # a version of no assignment: not made a spell
                issues.append(Issue("required", "history key: blank, so the row is a version "
                                    "of no assignment; the row is set aside", row=int(row),
                                    column=grid.header[extra["history.key"]], **where))
            set_aside |= blank
            frame["_key"] = keys
        else:
            frame["_key"] = frame["worker_id"]
        frame["_ends"] = ends if ends is not None else False
    source.set_aside = int(set_aside.sum()) + int(malformed.sum())
    if set_aside.any():  # (filtering copies every column, so only when a row goes)
        frame = frame[~set_aside.to_numpy()]
    frame = frame.reset_index(drop=True)
    # Every row's file, as one category: a file's name repeated as text on each of ten
    # million rows would take half a gigabyte and a second to write.
    frame["_file"] = pd.Categorical.from_codes(np.zeros(len(frame), dtype=np.int8),
                                               categories=[grid.file])
    return frame, source, issues


def _extra_positions(grid: Grid, tmap: TableMapping) -> dict[str, int]:
    """Where the headers read besides the columns' are (see ``TableMapping.extra_headers``):
    the first of each one's headers present."""
    keys = [header_key(h) for h in grid.header]
    found = {}
    for name, looked in tmap.extra_headers().items():
        for alias in looked:
            if header_key(alias) in keys:
                found[name] = keys.index(header_key(alias))
                break
    return found


def _filtered(
    cells: pd.DataFrame, extra: dict[str, int], tmap: TableMapping, grid: Grid,
    issues: list[Issue], where: dict[str, Any], source: Source,
) -> pd.DataFrame:
    """The rows the mapping's ``where`` keeps and its ``skip`` does not drop. The rows left out
    are counted, one warning per filter: never silently gone."""
    keep = np.ones(len(cells), dtype=bool)
    for name, labels in tmap.where.items():
        if f"where.{name}" not in extra:
            continue
        wanted = {v.label_key(label) for label in ([labels] if isinstance(labels, str)
                                                    else labels)}
        kept = _labelled(cells[extra[f"where.{name}"]], wanted)
        _left_out(int((keep & ~kept).sum()), "where", name, f"not {_listed(labels)}",
                  grid.header[extra[f"where.{name}"]], issues, where, tmap)
        keep &= kept
    for name, pattern in tmap.skip.items():
        if f"skip.{name}" not in extra:
            continue
        found = cells[extra[f"skip.{name}"]].str.contains(pattern, regex=True)
        found = found.fillna(False).to_numpy(dtype=bool)
        _left_out(int((keep & found).sum()), "skip", name, f"matching '{pattern}'",
                  grid.header[extra[f"skip.{name}"]], issues, where, tmap)
        keep &= ~found
    if keep.all():
        return cells
    source.details = {**source.details, "filtered": str(int((~keep).sum()))}
    return cells[keep]


def _labelled(texts: pd.Series, labels: set[str]) -> np.ndarray:
    """Which cells are one of ``labels`` (compared as labels are: :func:`values.label_key`)."""
    marks = v.map_distinct(texts, lambda text: "1" if v.label_key(text) in labels else "")
    return (marks == "1").to_numpy(dtype=bool)


def _left_out(count: int, kind: str, name: str, what: str, header: str, issues: list[Issue],
              where: dict[str, Any], tmap: TableMapping) -> None:
    if not count:
        return
    issues.append(Issue("filtered", f"{count:,} row{'s' if count != 1 else ''} left out by "
                        f"the mapping's {kind} on '{header}' ({what}); "
                        f"{tmap.where_is(kind, name)}", column=header, **where))


def _listed(labels: Any) -> str:
    labels = [labels] if isinstance(labels, str) else labels
    return " or ".join(f"'{label}'" for label in labels)


def _ending(cells: pd.DataFrame, extra: dict[str, int], tmap: TableMapping) -> np.ndarray | None:
    """Under a history with actions, which rows end their assignment (``end_actions``)."""
    if not tmap.history or "history.action" not in extra:
        return None
    ends = {v.label_key(label) for label in tmap.history.end_actions}
    return _labelled(cells[extra["history.action"]], ends)


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
    found: dict[int, tuple[str, str]] = {}
    if not len(rows):  # (pandas takes a while to take no rows of a large frame)
        return found
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


_TOTAL = r"(?i)\s*(?:grand\s+)?(?:sub\s*)?totals?\b"


def _totals(probes: pd.Series) -> np.ndarray:
    """Which probes match ``_TOTAL``. The regex runs only on probes holding 'tot' in any case:
    every match does, as no character but t, T, o and O matches those letters case-blind. (On
    a million rows the regex, which pandas runs in Python cell by cell, takes seconds; the
    search for 'tot' takes milliseconds.)"""
    if v.arrow_text(probes):
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
    cells: pd.DataFrame, cols: dict[str, Column], positions: dict[str, Any],
    headers: dict[Any, str], extra: dict[str, int], tmap: TableMapping, issues: list[Issue],
    where: dict[str, Any], mapped: bool,
) -> tuple[pd.DataFrame, pd.Series]:
    rows = cells.index.to_numpy()
    out: dict[str, Any] = {"_row": rows.astype("int64", copy=False)}
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
        header = headers[positions[name]]
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
            formats = tmap.date_formats(name)
            if formats and len(parsed.reasons) == len(parsed.uniques) > 0 and not any(
                    v.shaped_like(str(text), formats) for text in parsed.uniques):
                # (a date of the format's shape that is no real date is the data's mistake)
                raise ConfigError(_no_date_read(tmap, name, header, where["file"]))
            for i, reason in parsed.reasons.items():
                note(parsed.codes == i, reason.code, f"{name}: {reason.message}", order,
                     header, raw)
            if mapped and column.kind in ("enum", "boolean") and parsed.reasons:
                issues.extend(_unmapped(parsed, column, header, where))
            if tmap.spec(name).hours is not None:
                typed, slack = _per_week(typed, tmap.spec(name).standard_hours, cells, extra,
                                         name)
                note(slack & ~bad, "bad-number", f"{name}: the standard week is not a number "
                     "of hours above 0", order, header)
                bad = bad | slack
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
    frame = pd.DataFrame(out, index=cells.index, copy=False)  # (columns of its own)
    issues.extend(issue for _, _, issue in sorted(found, key=lambda f: (f[0], f[1])))
    return frame, set_aside


def _unmapped(parsed: v.Parsed, column: Column, header: str,
              where: dict[str, Any]) -> list[Issue]:
    """Each label of an enum or yes/no column that is not mapped, once, with the rows holding
    it and its closest value: the value it stands for in the labels HR systems use
    (:func:`draft.closest_value`, which ``wfkpi map`` maps by), else a value it is a misspelling
    of. The summary an analyst works down before the rows."""
    counts = np.bincount(parsed.codes[parsed.codes >= 0], minlength=len(parsed.uniques))
    kind = column.name if column.kind == "enum" else "_boolean"
    choices = column.choices if column.kind == "enum" else ("true", "false")
    found = []
    for i in sorted(parsed.reasons, key=lambda i: (-counts[i], str(parsed.uniques[i]))):
        label = str(parsed.uniques[i])
        close = closest_value(label, kind) or _spelt_like(label, column)
        hint = f"closest value: {close}; map it under values.{column.name}.{close}" if close \
            else f"map it under values.{column.name} (one of: {', '.join(choices)})"
        rows = int(counts[i])
        found.append(Issue("unmapped-label", f"{column.name}: a label on {rows:,} "
                           f"row{'s' if rows != 1 else ''} that is not mapped; {hint}",
                           column=header, value=shorten(label), **where))
    return found


def _spelt_like(label: str, column: Column) -> str | None:
    """The value (or, for a yes/no column, "true" or "false") ``label`` is a misspelling of."""
    words = {c: c for c in column.choices} if column.kind == "enum" else \
        {"yes": "true", "true": "true", "no": "false", "false": "false"}
    close = difflib.get_close_matches(v.label_key(label), list(words), n=1, cutoff=0.8)
    return words[close[0]] if close else None


def _per_week(hours: pd.Series, week: float | str | None, cells: pd.DataFrame,
              extra: dict[str, int], name: str) -> tuple[pd.Series, np.ndarray]:
    """FTE from weekly hours: hours over the standard week, a number or a column's number on
    each row; the rows whose week is unreadable (or not above 0) are flagged."""
    if not isinstance(week, str):
        return hours / float(week or 1), np.zeros(len(hours), dtype=bool)
    per = v.parse_column(v.blank_as_missing(cells[extra[f"{name}.standard_hours"]]),
                         columns("workers")["fte"], v.parse_number).values
    slack = ~(per > 0).fillna(False).to_numpy(dtype=bool) & hours.notna().to_numpy()
    return (hours / per.where(per > 0)).astype("float64"), slack


def _no_date_read(tmap: TableMapping, name: str, header: str, file: str) -> str:
    formats = " or ".join(f"'{f}'" for f in tmap.date_formats(name))
    return (f"{tmap.where_is('columns', name, 'format')}: the date format {formats} reads "
            f"none of the dates in '{header}' ({name}) of {file}; give the format the file "
            "writes (`wfkpi docs mappings`, \"Dates\")")


def _parser(column: Column, tmap: TableMapping) -> Any:
    if column.kind == "date":
        no_end = tmap.no_end_dates() if column.nullable else frozenset()
        return v.date_parser(tmap.date_formats(column.name), no_end)
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
