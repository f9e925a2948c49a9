"""The rules across the cells of a row, across rows and across tables, after every cell of a
table has been checked (:mod:`wfkpi.read.table`).

Row rules compare a row's own dates and counts, and find the same spell given twice; a row is set
aside only for an error (an end before its start, a repeated spell), each with an issue saying
why. The cross-table rules count the rows of each per-worker table that name a worker in the
workers table; the label rules find equality labels in none of the known lists.
"""

from __future__ import annotations

import re
from collections.abc import Callable
from typing import Any

import numpy as np
import pandas as pd

from wfkpi.core import ids
from wfkpi.core.arrow import factorize
from wfkpi.core.equality import unknown_disability_labels, unknown_labels
from wfkpi.core.issues import Issue, shorten
from wfkpi.core.schema import FUNNEL, JOIN_SHARE, PER_WORKER, columns
from wfkpi.read import values as v
from wfkpi.read.extract import Source

# ------------------------------------------------------------------------- row rules

_SPELL_KEYS = {
    "workers": ["worker_id", "role", "start_date", "end_date"],
    "absences": ["worker_id", "start_date", "end_date", "reason"],
    "training": ["worker_id", "date", "course"],
    "appraisals": ["worker_id", "due_date"],
    "supervision": ["worker_id", "date", "kind"],
    "recruitment": ["vacancy_id", "advertised_date"],
}


def row_rules(
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
        firsts = first_copies(frame, keys)
        repeat = pd.Series(firsts != np.arange(len(frame)), index=frame.index) & ~drop
        if repeat.any():
            first_of = pd.Series(firsts, index=frame.index)

            def message(i: int) -> str:
                j = int(first_of[i])  # the position of the first copy
                first, first_file = frame["_row"].iat[j], frame["_file"].iat[j]
                at = f"row {first}" + ("" if first_file == frame.at[i, "_file"]
                                       else f" of {first_file}")
                differ = _differences(frame, int(frame.index[j]), i, keys)
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
        kept = ~drop.to_numpy()
        before, frame = frame, frame[kept].reset_index(drop=True)
        if "worker_id" in frame:  # the ids' codes follow the rows kept
            ids.carry(before["worker_id"], kept, frame["worker_id"])
    return frame, issues


_LARGEST = np.iinfo(np.int64).max
_DAY = np.timedelta64(1, "D")


def first_copies(frame: pd.DataFrame, keys: list[str]) -> np.ndarray:
    """For each row, the position of the first row with the same values in ``keys`` (its own
    position when it is the first): the rows ``frame.duplicated(keys, keep="first")`` finds are
    those where it is another's, and a blank equals a blank as there.

    Each key column is read as integer codes (worker ids once per column, :mod:`wfkpi.core.ids`;
    dates as days), the codes are combined into one integer per row, and one sort of those
    says whether any repeats; only the rows whose integer repeats are then ordered, to find
    their first copy. (``DataFrame.duplicated`` hashes every row's combination instead, which
    takes seconds on millions of rows.)"""
    rows = np.arange(len(frame))
    if len(frame) < 2 or not keys:
        return rows
    if len(keys) == 1:  # pandas compares one column as Series.duplicated does: so here
        repeat = frame[keys[0]].duplicated(keep="first").to_numpy()
        if not repeat.any():
            return rows
        first = pd.Series(rows, index=frame.index).groupby(
            frame[keys[0]], dropna=False, sort=False).transform("first").to_numpy()
        return np.where(repeat, first, rows)
    combined = _row_codes(frame, keys)
    ordered = np.sort(combined)
    again = ordered[1:] == ordered[:-1]
    if not again.any():
        return rows
    repeated = np.unique(ordered[1:][again])
    at = np.minimum(np.searchsorted(repeated, combined), len(repeated) - 1)
    involved = np.flatnonzero(repeated[at] == combined)  # every copy of a repeated combination
    order = involved[np.argsort(combined[involved], kind="stable")]
    values = combined[order]
    starts = np.r_[True, values[1:] != values[:-1]]  # the first copy of each, in row order
    rows[order] = order[starts][np.cumsum(starts) - 1]
    return rows


def _row_codes(frame: pd.DataFrame, keys: list[str]) -> np.ndarray:
    """One int64 per row, equal for two rows exactly when they agree in every column of
    ``keys``: each column's codes in turn, as digits of a number whose base is the column's
    count of codes; when that number would overflow, the combinations so far are numbered
    afresh (as pandas numbers group keys)."""
    combined, bound = _column_codes(frame, keys[0])
    for name in keys[1:]:
        codes, size = _column_codes(frame, name)
        if bound > _LARGEST // size:
            combined, seen = pd.factorize(combined)
            bound = max(len(seen), 1)
        combined = combined * size + codes
        bound *= size
    return combined


def _column_codes(frame: pd.DataFrame, name: str) -> tuple[np.ndarray, int]:
    """A key column as codes from 0 (a blank) to one less than the count returned, equal for
    equal values: worker ids as :mod:`wfkpi.core.ids` encodes them, whole-day dates as their
    day, anything else factorised."""
    column = frame[name]
    if name == "worker_id":
        encoded = ids.encode(column)
        return encoded.codes + 1, len(encoded.uniques) + 1
    if isinstance(column.dtype, np.dtype) and column.dtype.kind == "M":
        days = _day_codes(column.to_numpy())
        if days is not None:
            return days
    codes, uniques = factorize(column)
    return codes.astype(np.int64, copy=False) + 1, len(uniques) + 1


def _day_codes(values: np.ndarray) -> tuple[np.ndarray, int] | None:
    """Dates as days from the earliest plus one (0 for a blank), and how many codes there are;
    None unless every date is a whole day."""
    unit, _ = np.datetime_data(values.dtype)
    if unit not in ("s", "ms", "us", "ns"):
        return None
    raw = values.view(np.int64)
    blank = np.isnat(values)
    days, rest = np.divmod(raw, _DAY // np.timedelta64(1, unit))
    dated = ~blank
    if not dated.any():
        return np.zeros(len(values), dtype=np.int64), 1
    if rest[dated].any():
        return None
    first, last = int(days[dated].min()), int(days[dated].max())
    codes = days - (first - 1)
    codes[blank] = 0
    return codes, last - first + 2


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


# --------------------------------------------------------------------- across tables

def cross_table_rules(
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
        found = ids.found(frame["worker_id"], known)
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


# ------------------------------------------------------------------- equality labels

_LABEL_RULES = {"ethnicity": unknown_labels, "disability": unknown_disability_labels}


def label_rules(workers: pd.DataFrame, sources: list[Source]) -> list[Issue]:
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
                f"values.{name} in a mapping (see wfkpi docs mappings)", file=source.file,
                sheet=source.sheet, column=source.columns.get(name, name), value=shorten(label)))
    return issues


_ROW_NAMES = {"absences": "absence", "training": "training record", "appraisals": "appraisal",
              "supervision": "supervision session"}
