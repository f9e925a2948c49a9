"""Sickness absence per worker: the days of each sickness spell inside the window on which its
worker was directly employed, as FTE days and working days (docs/kpis.md, "Sickness absence").

An extract may hold a million spells, so the days are worked out on whole arrays at once: spells
are paired with their person's posts through the integer person codes, and the working days of
a stretch inside the window are read off a running count of the window's working days rather
than counted afresh for each stretch."""

from __future__ import annotations

from collections.abc import Callable
from dataclasses import dataclass

import numpy as np
import pandas as pd

from .columns import dates, numbers, or_blank, text
from .periods import DAY, Period, working_days


@dataclass(frozen=True)
class Absences:
    """Sickness from the absences table, summed per person (indexed by person code), counting
    only the days inside the window on which the person was directly employed (see
    :func:`sickness_days`).

    ``fte_days`` are FTE days lost (the census's and LG Inform's measure): ``working_days_lost``
    when given, else the working days of each directly employed post × its FTE. ``days`` are
    working days lost (ASC-WDS's days sick). ``spells`` counts the sickness spells with a day
    of direct employment inside the window; ``not_employed`` those inside the window without
    one (taken while an agency worker, say); ``fte_missing`` those whose days come from a post
    with a blank FTE (its FTE days are left out).
    """

    fte_days: np.ndarray
    days: np.ndarray
    spells: np.ndarray
    not_sickness: np.ndarray
    outside_window: np.ndarray
    not_employed: np.ndarray
    fte_missing: np.ndarray
    unknown_worker: int  # spells naming no worker in the workers table


@dataclass(frozen=True)
class Posts:
    """The worker records' person codes, dates, FTE and whether each is directly employed."""

    person: np.ndarray
    start: np.ndarray
    end: np.ndarray
    fte: np.ndarray
    direct: np.ndarray


@dataclass(frozen=True)
class Spells:
    """Sickness spells: the person's code, the first and last day (``datetime64[D]``, NaT for
    the end of an open spell) and ``working_days_lost`` (NaN when not given)."""

    code: np.ndarray
    start: np.ndarray
    end: np.ndarray
    lost: np.ndarray


FAR = np.datetime64("2200-01-01", "D")  # the end of a post with no end date


def sickness_days(spell: Spells, posts: Posts, period: Period) -> pd.DataFrame:
    """Days lost inside the window for each sickness spell, counting only the days on which the
    person held a directly employed post — sickness while an agency worker is not the
    council's (the shared KPI definitions' edge rule).

    An open spell runs to the reference date. For each (spell, directly employed post) pair the
    days of the spell inside both the window and the post are found. ``days``: the working days
    of those stretches (each day once, however many posts held it), or with ``lost`` given its
    share ``lost × working days in the stretches ÷ working days of the whole spell`` (the
    calendar-day share when the spell has no working day). ``fte_days``: ``lost`` the same way
    when given (the HR system's own count), else the working days in each post × that post's
    FTE — a half-time worker off for a week loses 2.5 FTE days (LG Inform and the census count
    FTE days). Returns ``days``, ``fte_days``, ``employed`` (a day of direct employment inside
    the window), ``in_window`` and ``fte_missing`` per spell."""
    r, w0 = np.datetime64(period.as_at, "D"), np.datetime64(period.start, "D")
    start, lost = spell.start, spell.lost
    end = np.where(np.isnat(spell.end), r, spell.end)
    n = len(start)
    in_window = (np.maximum(start, w0) <= np.minimum(end, r)) & (start <= end)
    i, post = _pairs(spell.code, posts)
    post_end = posts.end[post]
    first = np.maximum(np.maximum(start[i], w0), posts.start[post])
    last = np.minimum(np.minimum(end[i], r), np.where(np.isnat(post_end), FAR, post_end))
    overlaps = np.flatnonzero(first <= last)
    first, last, i_overlaps = first[overlaps], last[overlaps], i[overlaps]
    count = _window_count(w0, r)
    inside = np.zeros(i.size)
    inside[overlaps] = count(first, last)
    post_fte = posts.fte[post]
    # each day once for the plain share: the posts' stretches merged per spell
    union_days, union_calendar = _merged_days(i_overlaps, first, last, n, count)
    weighted = np.bincount(i, weights=np.where(np.isnan(post_fte), 0.0, inside * post_fte),
                           minlength=n)
    # a post with no FTE matters only where it holds a working day of the spell
    blank = np.bincount(i, weights=((inside > 0) & np.isnan(post_fte)).astype(float),
                        minlength=n)
    given = ~np.isnan(lost)
    # without ``lost``, a spell's days are the working days counted (none when the whole spell
    # has none, as then no stretch of it has one) and its FTE days those of each post; with
    # ``lost``, both are the spell's share of it
    days, fte_days = union_days, weighted
    g = np.flatnonzero(given)
    if g.size:
        whole = working_days(start[g], end[g]).astype(np.float64)
        calendar_whole = (end[g] - start[g]).astype(np.int64) + 1.0
        with np.errstate(divide="ignore", invalid="ignore"):
            share = np.where(whole > 0, union_days[g] / whole, union_calendar[g] / calendar_whole)
        share = np.where(in_window[g], share, 0.0)  # a spell after R, or ending before it starts
        days[g] = fte_days[g] = lost[g] * share
    return pd.DataFrame({"days": days, "fte_days": fte_days,
                         "employed": union_calendar > 0, "in_window": in_window,
                         "fte_missing": ~given & (blank > 0)})


def _pairs(code: np.ndarray, posts: Posts) -> tuple[np.ndarray, np.ndarray]:
    """Each spell (by its person ``code``) paired with each directly employed post of its person:
    the spell's and the post's positions, spell by spell and, within a spell, in the order of
    the posts — the order in which a spell's FTE days are added up."""
    direct = np.flatnonzero(posts.direct)
    person = posts.person[direct]
    held = direct[np.argsort(person, kind="stable")]  # each person's posts together, in order
    per_person = np.bincount(person, minlength=int(code.max(initial=-1)) + 1)
    begins = np.cumsum(per_person) - per_person  # where each person's posts begin in ``held``
    each = per_person[code]
    spell = np.repeat(np.arange(code.size), each)
    nth = np.arange(spell.size) - np.repeat(np.cumsum(each) - each, each)  # the spell's nth post
    return spell, held[np.repeat(begins[code], each) + nth]


Count = Callable[[np.ndarray, np.ndarray], np.ndarray]


def _window_count(w0: np.datetime64, r: np.datetime64) -> Count:
    """A function giving the working days in each range ``first[k] .. last[k]`` inside the
    window ``w0 .. r`` (``first <= last``): the difference of two running totals of the
    window's working days, which :func:`wfkpi.engine.periods.working_days` counts day by day."""
    days = np.arange(w0, r + DAY)
    before = np.concatenate(([0], np.cumsum(working_days(days, days))))  # before each day

    def count(first: np.ndarray, last: np.ndarray) -> np.ndarray:
        return before[(last - w0).astype(np.int64) + 1] - before[(first - w0).astype(np.int64)]

    return count


def _merged_days(spell: np.ndarray, first: np.ndarray, last: np.ndarray, n: int,
                 count: Count) -> tuple[np.ndarray, np.ndarray]:
    """Working days and calendar days per spell in the union of its stretches ``first[k] ..
    last[k]`` inside the window (stretches of one spell may overlap when a person held two
    posts at once); ``count`` counts the working days of a stretch."""
    if not spell.size:
        return np.zeros(n), np.zeros(n)
    day0 = first.min()
    f, la = (first - day0).astype(np.int64), (last - day0).astype(np.int64)
    # spell by spell, each spell's stretches in order of their first day: lifting each spell's
    # days above every earlier spell's lets one running maximum find, for each stretch, the
    # last day the spell's earlier stretches reach
    lift = spell * (int(la.max()) + 1)
    order = np.argsort(lift + f, kind="stable")
    spell, f, la, lift = spell[order], f[order], la[order], lift[order]
    reach = np.maximum.accumulate(lift + la) - lift
    # a run of stretches ends where the next stretch starts after the day following its reach
    new = np.ones(spell.size, dtype=bool)
    new[1:] = (spell[1:] != spell[:-1]) | (f[1:] > reach[:-1] + 1)
    runs = np.flatnonzero(new)
    run_first = f[runs] + day0
    run_last = np.maximum.reduceat(la, runs) + day0
    days = np.bincount(spell[runs], weights=count(run_first, run_last).astype(np.float64),
                       minlength=n)
    calendar = np.bincount(spell[runs], weights=(run_last - run_first).astype(np.int64) + 1.0,
                           minlength=n)
    return days, calendar


def sickness_per_person(frame: pd.DataFrame, code: np.ndarray, n: int, period: Period,
              posts: Posts) -> Absences:
    known = code < n
    sickness = (text(frame, "reason") == "sickness").to_numpy(dtype=bool)
    lost = or_blank(numbers(frame, "working_days_lost"), len(frame))
    pick = known & sickness
    sick_code = code[pick]
    spell = Spells(sick_code, dates(frame, "start_date")[pick], dates(frame, "end_date")[pick],
                   lost[pick])
    found = sickness_days(spell, posts, period)
    employed, in_window = found["employed"].to_numpy(), found["in_window"].to_numpy()

    def per_person(values: np.ndarray | None, codes: np.ndarray) -> np.ndarray:
        return np.bincount(codes, weights=values, minlength=n)

    def spells(mask: np.ndarray) -> np.ndarray:
        return per_person(None, sick_code[mask]).astype(np.int64)

    return Absences(
        fte_days=per_person(found["fte_days"].to_numpy(), sick_code),
        days=per_person(found["days"].to_numpy(), sick_code),
        spells=spells(employed),
        not_sickness=per_person(None, code[known & ~sickness]).astype(np.int64),
        outside_window=spells(~in_window),
        not_employed=spells(in_window & ~employed),
        fte_missing=spells(employed & found["fte_missing"].to_numpy()),
        unknown_worker=int((~known).sum()),
    )
