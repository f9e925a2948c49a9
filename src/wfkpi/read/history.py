"""Date-effective rows made into spells (the mapping's ``history:``; docs/mappings.md).

HR systems such as Oracle HCM and SAP SuccessFactors keep an assignment as *versions*: a row from
each effective date, with an action saying what happened (a hire, a change, a termination). The
canonical workers table holds *spells*. Per assignment key, in order of effective date
(``start_date``), and of row where two share a date:

- a version opens a spell from its effective date;
- a later version that changes nothing the figures use (employment type, FTE, role, team,
  service, grade and the other columns read) continues the spell, so a pay change makes no new
  spell;
- a later version that changes something ends the spell the day before it takes effect and
  opens the next: the two spells are one worker's *move between posts*, no leaver and no
  starter (docs/kpis.md, "Moves between posts"); two versions on the same day: the later wins;
- a row whose action ends the assignment (``end_actions``) takes effect the day after the last
  day worked, so the open spell ends the day before it, with the row's leaving reason;
- a version with an end date of its own (Oracle's effective end date, not the end of time) ends
  its spell on that date unless a later version continues it.

Every row is accounted for: one summary warning says how many rows made how many spells, and an
ending row with no spell open before it is a warning of its own.
"""

from __future__ import annotations

from dataclasses import dataclass, field
from typing import Any

import numpy as np
import pandas as pd

from wfkpi.core.issues import Issue

MARKERS = ("_key", "_ends")  # the columns table.py adds for this module
_DATES = ("start_date", "end_date", "leaving_reason")


@dataclass
class _Spell:
    first: Any  # the frame index of the row that opened it
    start: int  # days since 1970-01-01
    end: int | None
    same: int  # the hash of what a later version must equal to continue it
    reason: Any = None


@dataclass
class _Tally:
    rows: int = 0
    keys: int = 0
    spells: int = 0
    ended: int = 0
    joined: int = 0
    superseded: int = 0
    alone: list[Issue] = field(default_factory=list)


def spells(frame: pd.DataFrame) -> tuple[pd.DataFrame, list[Issue]]:
    """The workers table of versions as a table of spells, and the issues saying how."""
    spells_already = frame["_key"].isna()  # rows of a file the mapping reads as spells
    if spells_already.any():
        out, issues = spells(frame[~spells_already])
        rest = frame[spells_already].drop(columns=list(MARKERS))
        return pd.concat([out, rest], ignore_index=True), issues
    if frame.empty:
        return frame.drop(columns=list(MARKERS)), []
    given = [c for c in ("end_date", "leaving_reason") if c in frame]
    frame = frame.assign(**{c: None for c in ("end_date", "leaving_reason") if c not in frame})
    same = [c for c in frame.columns if c not in (*_DATES, *MARKERS) and not c.startswith("_")]
    ordered = frame.sort_values(["_key", "start_date", "_row"], kind="stable")
    tally = _Tally(rows=len(frame))
    kept: list[_Spell] = []
    # Plain Python values, so the loop runs over lists (a million versions in about a second):
    # days since 1970 for dates (None for none), one hash standing for each row's columns.
    versions = pd.util.hash_pandas_object(ordered[same], index=False).tolist() if same \
        else [0] * len(ordered)
    rows = zip(ordered.index.tolist(), ordered["_key"].tolist(), ordered["_ends"].tolist(),
               _days(ordered["start_date"]), _days(ordered["end_date"]),
               ordered["leaving_reason"].tolist(), ordered["_row"].tolist(), versions,
               strict=True)
    current: _Spell | None = None
    key: Any = object()
    for index, row_key, ends, start, end, reason, row, version in rows:
        if row_key != key:
            if current is not None:
                kept.append(current)
            current, key = None, row_key
            tally.keys += 1
        if ends:
            if current is None:
                tally.alone.append(Issue(
                    "history-end-alone", "An ending row (its action is one of the mapping's "
                    "end_actions) with no spell of its assignment open before it: nothing to "
                    "end, so it is not read", file=str(ordered.at[index, "_file"]),
                    row=int(row)))
                continue
            last = start - 1
            current.end = last if current.end is None or current.end > last else current.end
            current.reason = None if pd.isna(reason) else reason
            kept.append(current)
            current = None
            tally.ended += 1
            continue
        if current is not None and current.same == version and \
                (current.end is None or start <= current.end + 1):
            current.end = end  # the latest version's own end governs
            tally.joined += 1
            continue
        if current is not None:
            if start <= current.start:  # two versions take effect the same day: the later wins
                tally.superseded += 1
            else:
                if current.end is None or current.end >= start:
                    current.end = start - 1
                kept.append(current)
        current = _Spell(index, start, end, version)
    if current is not None:
        kept.append(current)
    tally.spells = len(kept)
    out = _frame(frame, kept).drop(columns=[c for c in ("end_date", "leaving_reason")
                                            if c not in given])
    return out, [_summary(tally, frame), *tally.alone]


def _days(dates: pd.Series) -> list[int | None]:
    """Each date as days since 1970-01-01, None for a blank."""
    days = pd.to_datetime(dates).to_numpy("datetime64[D]")
    blank = np.isnat(days)
    return [None if b else d for d, b in zip(days.astype(np.int64).tolist(), blank.tolist(),
                                             strict=True)]


def _frame(frame: pd.DataFrame, kept: list[_Spell]) -> pd.DataFrame:
    """The spells, each as the row that opened it, in the order of the rows read."""
    kept = sorted(kept, key=lambda spell: spell.first)
    out = frame.loc[[s.first for s in kept]].drop(columns=list(MARKERS))
    ends = np.array([_NAT if s.end is None else s.end for s in kept], dtype=np.int64)
    out["end_date"] = ends.astype("datetime64[D]").astype("datetime64[ns]")
    out["leaving_reason"] = pd.Series([s.reason for s in kept], index=out.index,
                                      dtype=frame["leaving_reason"].dtype)
    return out.reset_index(drop=True)


_NAT = np.datetime64("NaT").astype(np.int64)  # the integer numpy reads back as NaT


def _summary(tally: _Tally, frame: pd.DataFrame) -> Issue:
    parts = [f"{_rows(tally.ended, 'ending row')} closed a spell" if tally.ended else "",
             f"{_rows(tally.joined, 'version')} changing nothing the figures use continued "
             "the spell before" if tally.joined else "",
             f"{_rows(tally.superseded, 'version')} replaced by a later one the same day"
             if tally.superseded else "",
             f"{_rows(len(tally.alone), 'ending row')} with no spell to end" if tally.alone
             else ""]
    said = "; ".join(p for p in parts if p)
    files = frame["_file"].unique()
    return Issue("history", f"{tally.rows:,} date-effective rows of {tally.keys:,} assignments "
                 f"made {tally.spells:,} spells" + (f" ({said})" if said else ""),
                 file=str(files[0]) if len(files) == 1 else "")


def _rows(count: int, what: str) -> str:
    return f"{count:,} {what}{'s' if count != 1 else ''}"
