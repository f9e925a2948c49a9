"""The canonical tables turned into aligned numpy arrays for one reporting period.

Every KPI reads a :class:`Population`: one entry per worker spell (record), plus the vacancy rows
dated at the reference date and each person's sickness from the absences table. Building it is the
only place that touches pandas column names and dtypes; KPI functions only do arithmetic on masks.

A breakdown group is a :meth:`Population.subset`: the same arrays, fewer records. Person codes stay
global, so absence totals (kept per person) follow their workers into any group. (A scope is
applied to the frames before building, see :mod:`wfkpi.engine.scope_mask`.)
"""

from __future__ import annotations

import datetime as dt
import re
from collections.abc import Callable, Mapping
from dataclasses import dataclass, field, replace
from typing import Any, Generic, TypeVar

import numpy as np
import pandas as pd

from wfkpi.core import equality, ids
from wfkpi.core.schema import AGENCY, DIRECTLY_EMPLOYED, JOIN_SHARE, PER_WORKER, RECORDS

from .absence_days import Absences, Posts, sickness_per_person
from .columns import dates, numbers, or_blank, text
from .params import PARAMS
from .periods import Period
from .records import Records, build_records, keys

T = TypeVar("T")

# Reasons a row is set aside from a KPI it would otherwise feed (documented in docs/kpis.md).
FTE_MISSING = "fte-missing"
CASES_MISSING = "cases-missing"
SICKNESS_MISSING = "sickness-missing"
COVER_MISSING = "cover-missing"
INTERNAL_MOVE = "internal-move"
MOVED_POST = "moved-post"
VACANCY_OTHER_DATE = "vacancy-other-date"
VACANCY_MISSING = "vacancy-missing"
ABSENCE_NOT_SICKNESS = "absence-not-sickness"
ABSENCE_OUTSIDE_WINDOW = "absence-outside-window"
ABSENCE_NOT_DIRECTLY_EMPLOYED = "absence-not-directly-employed"
ABSENCE_NOT_CURRENT = "absence-not-current-worker"
ABSENCE_UNKNOWN_WORKER = "absence-unknown-worker"
ABSENCE_FTE_MISSING = "absence-fte-missing"


@dataclass(frozen=True)
class Vacancies:
    """Vacancy rows that describe the reference date (dated at it, or undated)."""

    vacancy_fte: np.ndarray
    cover: np.ndarray | None  # agency_cover_fte, NaN blank; None when the column is absent
    other_dates: int  # rows dated at another date, set aside
    unavailable: str | None = None  # why these rows (or this subset) give no vacancy figures
    as_of: dt.date | None = None  # the snapshot's date when it is not the reference date

    def subset(self, mask: np.ndarray) -> Vacancies:
        cover = None if self.cover is None else self.cover[mask]
        return replace(self, vacancy_fte=self.vacancy_fte[mask], cover=cover, other_dates=0)


@dataclass(frozen=True)
class Population:
    """Aligned per-record arrays for one period, plus vacancies and absences."""

    period: Period
    person: np.ndarray  # int person code per record
    fte: np.ndarray  # float, NaN = blank
    direct: np.ndarray  # directly employed
    agency: np.ndarray  # agency or self-employed
    in_post: np.ndarray  # in post at the reference date
    in_post_opening: np.ndarray  # in post a year before the reference date
    starter: np.ndarray  # start date inside the window
    leaver: np.ndarray  # end date inside the window
    active: np.ndarray  # the spell overlaps the window
    internal_move: np.ndarray  # leaving reason internal_move
    # a move between two directly employed posts of the same person (see ``moves``): the end
    # of the post left, and the start of the post taken, are no leaving and no starting
    moved_on: np.ndarray
    moved_in: np.ndarray
    # the person's service goes on past the spell's end in another post (a move, or a post
    # held side by side): no break in service, for the stability index
    continued: np.ndarray
    cases: np.ndarray | None  # float, NaN = blank; None when the column is absent
    sickness: np.ndarray | None  # workers.sickness_days, same conventions
    vacancies: Vacancies | None  # None when no vacancies table was supplied
    # the absences table's sickness, worked out when a KPI first asks (see ``absences``)
    sickness_spells: Lazy[Absences] | None  # None when no absences table was supplied
    is_subset: bool = False  # a breakdown group: spells naming no worker are not its business
    rows: np.ndarray = field(default_factory=lambda: np.zeros(0, dtype=np.int64))
    details: Details | None = None  # worker columns only some KPIs read, derived on first use
    records: Records = field(default_factory=Records)  # training, appraisals, supervision, ...
    people: int = 0  # distinct people in the workers table: person codes run 0 .. people - 1
    params: Mapping[str, Any] = field(default_factory=dict)  # see wfkpi.engine.params
    any_fte: bool = True  # whether any record of the whole extract has an FTE figure
    # per-worker tables that give no figures (no rows, ids that do not join): name -> why
    unusable: Mapping[str, str] = field(default_factory=dict)

    @property
    def absences(self) -> Absences | None:
        """Sickness from the absences table, per person; None when no table was supplied."""
        return None if self.sickness_spells is None else self.sickness_spells.get()

    @property
    def size(self) -> int:
        return int(self.person.size)

    def subset(self, rows: np.ndarray) -> Population:
        """The records selected by ``rows`` (a boolean mask or positions); vacancies unchanged."""
        fields = {}
        for name in (
            "person", "fte", "direct", "agency", "in_post", "in_post_opening", "starter",
            "leaver", "active", "internal_move", "moved_on", "moved_in", "continued", "cases",
            "sickness", "rows",
        ):  # fmt: skip
            array = getattr(self, name)
            fields[name] = None if array is None else array[rows]
        return replace(self, is_subset=True, **fields)

    def detail(self, name: str) -> np.ndarray:
        """A derived worker column for these records (see :data:`DETAILS`)."""
        assert self.details is not None
        return self.details.get(name)[self.rows]

    def has_column(self, name: str) -> bool:
        """Whether the workers table has the column at all."""
        return self.details is not None and self.details.has(name)


def person_codes(
    workers: pd.DataFrame, others: list[pd.DataFrame | None]
) -> tuple[np.ndarray, list[np.ndarray | None], int]:
    """Integer person codes for worker records and for the rows of each table in ``others``,
    and how many people the workers table holds. One factorisation of every id column, workers
    first: codes are given in order of first appearance, so a row whose code is that number or
    more names no worker.

    Each column's codes are :func:`wfkpi.core.ids.encode`'s, shared with the reader's checks;
    a table's ids take their worker's code by a lookup among its distinct ids, and the ids
    naming no worker are numbered after the workers', in order of first appearance over the
    tables in turn. A blank id is -1."""
    known = ids.encode(workers["worker_id"])
    people = len(known.uniques)
    encoded = [None if frame is None else ids.encode(frame["worker_id"]) for frame in others]
    lookups = [None if mine is None else ids.lookup(mine, known).copy() for mine in encoded]
    strangers = [mine.uniques[found < 0] for mine, found in zip(encoded, lookups, strict=True)
                 if mine is not None and found is not None and (found < 0).any()]
    if strangers:  # ids naming no worker, numbered from ``people`` as they first appear
        numbered, _ = pd.factorize(strangers[0].append(strangers[1:]) if len(strangers) > 1
                                   else strangers[0])
        at = 0
        for found in lookups:
            if found is not None and (found < 0).any():
                count = int(np.count_nonzero(found < 0))
                found[found < 0] = numbered[at : at + count] + people
                at += count
    parts: list[np.ndarray | None] = [
        None if mine is None or found is None else np.append(found, -1)[mine.codes]
        for mine, found in zip(encoded, lookups, strict=True)]
    return known.codes.copy(), parts, people


def unjoined(tables: Mapping[str, pd.DataFrame | None]) -> dict[str, str]:
    """The per-worker tables (absences, training, appraisals, supervision) that give no figures,
    with why: a table with no rows, or one of whose rows fewer than ``JOIN_SHARE`` (90%) name a
    worker in the workers table — its ids do not join (leading zeros, another system's numbers),
    and counting only the rows that do would show a figure computed from almost nothing.

    Worked out on the whole extract, before a scope narrows the workers."""
    workers = tables["workers"]
    assert workers is not None
    reasons: dict[str, str] = {}
    for name in PER_WORKER:
        frame = tables.get(name)
        if frame is None:
            continue
        if not len(frame):
            reasons[name] = f"the {name} table has no rows"
            continue
        matched = int(np.count_nonzero(ids.found(frame["worker_id"], workers["worker_id"])))
        if matched < JOIN_SHARE * len(frame):
            reasons[name] = (f"{name}: {matched:,} of {len(frame):,} rows name a worker in the "
                             f"workers table (at least {JOIN_SHARE:.0%} must): the worker ids do "
                             "not join; `wfkpi validate` lists the rows")
    return reasons


MOVE_DAYS = 7  # a post taken up within a week of leaving another is a move, not a leaving


def moves(person: np.ndarray, start: np.ndarray, end: np.ndarray,
          direct: np.ndarray) -> tuple[np.ndarray, np.ndarray, np.ndarray]:
    """Moves between posts inside the population, as DfE's turnover leaves them out ("doesn't
    capture the movement of social workers within the same local authority"): a directly
    employed spell that ends is **moved on** when a later directly employed spell of the same
    person takes over from it — it starts after this one starts, no more than ``MOVE_DAYS``
    after this one ends, and runs past that end (a promotion, a change of team). The later
    spell is **moved in**: it is no starter. Giving up one of two posts held side by side is
    a spell ending, as DfE counts leavers, but the person's service has **continued**, as it
    has through a move. Returns (moved_on, moved_in, continued), one flag per record.

    Only spells of the population count: a move to a post outside the scope is a leaving."""
    moved_on = np.zeros(person.size, dtype=bool)
    moved_in = np.zeros(person.size, dtype=bool)
    continued = np.zeros(person.size, dtype=bool)
    ended = np.flatnonzero(direct & ~np.isnat(end))
    if not ended.size:
        return moved_on, moved_in, continued
    others = np.flatnonzero(direct)
    pairs = pd.DataFrame({"p": person[ended], "i": ended}).merge(
        pd.DataFrame({"p": person[others], "j": others}), on="p")
    i, j = pairs["i"].to_numpy(), pairs["j"].to_numpy()
    reach = end[i] + np.timedelta64(MOVE_DAYS, "D")
    goes_on = (j != i) & (start[j] <= reach) & (np.isnat(end[j]) | (end[j] > end[i]))
    takes_over = goes_on & (start[j] > start[i])
    moved_on[i[takes_over]] = True
    moved_in[j[takes_over]] = True
    continued[i[goes_on]] = True
    return moved_on, moved_in, continued


def build(
    workers: pd.DataFrame,
    vacancies: pd.DataFrame | None,
    absences: pd.DataFrame | None,
    period: Period,
    records: Mapping[str, pd.DataFrame] | None = None,
    params: Mapping[str, Any] | None = None,
    unusable: Mapping[str, str] | None = None,
) -> Population:
    """Turn the canonical frames into a :class:`Population` for ``period``; ``records`` holds
    the optional HR records tables by name (:data:`wfkpi.core.schema.RECORDS`); ``unusable`` the
    tables that give no figures (:func:`unjoined`, worked out before scoping)."""
    r = np.datetime64(period.as_at, "D")
    w0 = np.datetime64(period.start, "D")
    opening = np.datetime64(period.opening, "D")
    start = dates(workers, "start_date")
    end = dates(workers, "end_date")
    open_ended = np.isnat(end)
    employment = text(workers, "employment_type")
    records = records or {}
    fte = or_blank(numbers(workers, "fte"), len(workers))
    direct = employment.isin(DIRECTLY_EMPLOYED).to_numpy(dtype=bool)
    owned = [name for name in PER_WORKER if name in RECORDS]  # records naming a worker_id
    person, (spell_person, *codes), people = person_codes(
        workers, [absences, *(records.get(name) for name in owned)])
    sickness_spells = None
    if absences is not None and spell_person is not None:
        frame, codes_of_spells = absences, spell_person
        posts = Posts(person, start, end, fte, direct)
        sickness_spells = Lazy(lambda: sickness_per_person(frame, codes_of_spells, people, period,
                                                              posts))
    return Population(
        period=period,
        person=person,
        fte=fte,
        direct=direct,
        agency=employment.isin(AGENCY).to_numpy(dtype=bool),
        in_post=(start <= r) & (open_ended | (end > r)),
        in_post_opening=(start <= opening) & (open_ended | (end > opening)),
        starter=(start >= w0) & (start <= r),
        leaver=(end >= w0) & (end <= r),
        active=(start <= r) & (open_ended | (end >= w0)),
        internal_move=(text(workers, "leaving_reason") == "internal_move").to_numpy(dtype=bool),
        **dict(zip(("moved_on", "moved_in", "continued"), moves(person, start, end, direct),
                   strict=True)),
        cases=numbers(workers, "cases"),
        sickness=numbers(workers, "sickness_days"),
        vacancies=None if vacancies is None else _vacancies(
            vacancies, period, float((params or {}).get("snapshot_days",
                                                        PARAMS["snapshot_days"].default))),
        sickness_spells=sickness_spells,
        rows=np.arange(len(workers)),
        details=Details(workers),
        records=build_records(records, dict(zip(owned, codes, strict=True)), people),
        people=people,
        params=dict(params or {}),
        unusable=dict(unusable or {}),
        any_fte=bool((~np.isnan(fte)).any()),
    )


@dataclass(frozen=True)
class Snapshot:
    """Which vacancy rows describe the reference date, and from which snapshot date."""

    used: np.ndarray  # boolean, per vacancy row
    as_of: dt.date | None  # the snapshot's date when it is not the reference date
    missing: str | None  # why no row describes the reference date


def vacancy_rows_used(frame: pd.DataFrame, period: Period, days: float) -> Snapshot:
    """The vacancy rows that describe the reference date R: the undated ones, and those of the
    latest snapshot dated on or before R and no more than ``days`` before it (a return dated
    a few days early still describes R; one dated after R does not). With none, no figure and
    why, naming the nearest snapshot dates."""
    as_at = dates(frame, "as_at")
    undated = np.isnat(as_at)
    r = np.datetime64(period.as_at, "D")
    earliest = r - np.timedelta64(int(days), "D")
    near = ~undated & (as_at <= r) & (as_at >= earliest)
    chosen = as_at[near].max() if near.any() else None
    used = undated | (as_at == chosen) if chosen is not None else undated
    as_of = None if chosen is None or chosen == r else chosen.astype(dt.date)
    missing = None
    if not used.any():
        if not len(frame):
            missing = "the vacancies table has no rows"
        else:
            nearest = sorted(set(as_at[~undated].tolist()), key=lambda d: abs((d - period.as_at
                                                                              ).days))[:3]
            shown = ", ".join(f"{d:%d %b %Y}" for d in sorted(nearest))
            missing = (f"no vacancy snapshot dated on or before {period.as_at:%d %b %Y} and "
                       f"within {days:g} days of it (snapshot_days); the nearest are dated "
                       f"{shown}: choose --as-at or --param snapshot_days=N")
    return Snapshot(used, as_of, missing)


def _vacancies(frame: pd.DataFrame, period: Period, days: float) -> Vacancies:
    snapshot = vacancy_rows_used(frame, period, days)
    used = snapshot.used
    cover = numbers(frame, "agency_cover_fte")
    return Vacancies(
        vacancy_fte=or_blank(numbers(frame, "vacancy_fte"), len(frame))[used],
        cover=None if cover is None else cover[used],
        other_dates=int((~used).sum()),
        unavailable=snapshot.missing,
        as_of=snapshot.as_of,
    )


# ----------------------------------------------------------------------------- details

def _key(label: str) -> str:
    """A label as :func:`_label_key` compares it."""
    return " ".join(re.sub(r"[\s/_-]+", " ", label.lower()).split())


def _label_key(values: pd.Series) -> pd.Series:
    """Labels lower-cased, with runs of spaces, dashes and slashes as one space ("" for a
    blank); each distinct label is worked out once."""
    return pd.Series(keys(values, _key), index=values.index, dtype=object)


def _team_codes(frame: pd.DataFrame) -> np.ndarray:
    """Team as an integer code (case and spacing ignored); -1 for a blank team."""
    key = _label_key(text(frame, "team"))
    codes, _ = pd.factorize(key.mask(key == ""))
    return codes.astype(np.int64)


def _flag(frame: pd.DataFrame, name: str) -> np.ndarray:
    """A yes/no column as 1.0, 0.0 and NaN for blank (all NaN when absent)."""
    if name not in frame.columns:
        return np.full(len(frame), np.nan)
    return frame[name].astype("float64").to_numpy(dtype=np.float64, na_value=np.nan)


def ethnic_group(values: pd.Series) -> np.ndarray:
    """Each label's group in the closed vocabulary of :mod:`wfkpi.core.equality`: 1 minority ethnic,
    0 White, -1 not known or declined, -2 a label in none of the lists (never guessed)."""
    return keys(values, equality.ethnic_group_of, equality.NOT_KNOWN).astype(np.int8)


DETAILS: dict[str, Callable[[pd.DataFrame], np.ndarray]] = {
    "start": lambda f: dates(f, "start_date"),
    "end": lambda f: dates(f, "end_date"),
    "team": _team_codes,
    "org_role": lambda f: or_blank(numbers(f, "org_role"), len(f)),
    "ethnic_group": lambda f: ethnic_group(text(f, "ethnicity")),
    "ethnicity_recorded": lambda f: keys(text(f, "ethnicity"), equality.ethnicity_recorded,
                                         False).astype(bool),
    "disability_recorded": lambda f: keys(text(f, "disability"), equality.disability_recorded,
                                          False).astype(bool),
    "internal_start": lambda f: (_label_key(text(f, "start_origin")) == "internal").to_numpy(
        dtype=bool),
    "exit_interview": lambda f: _flag(f, "exit_interview"),
}


class Lazy(Generic[T]):
    """A value worked out on first use and kept: a breakdown's groups share it, and a report
    whose KPIs never ask for it (a scorecard target's) does not pay for it."""

    def __init__(self, make: Callable[[], T]) -> None:
        self._make: Callable[[], T] | None = make
        self._value: T | None = None

    def get(self) -> T:
        if self._make is not None:
            self._value, self._make = self._make(), None
        return self._value  # type: ignore[return-value]


class Details:
    """Worker columns only some KPIs need, derived from the workers frame on first use (so a
    report that does not need them does not pay for them), for every record."""

    def __init__(self, workers: pd.DataFrame) -> None:
        self._workers = workers
        self._cache: dict[str, np.ndarray] = {}

    def has(self, column: str) -> bool:
        return column in self._workers.columns

    def get(self, name: str) -> np.ndarray:
        if name not in self._cache:
            self._cache[name] = DETAILS[name](self._workers)
        return self._cache[name]
