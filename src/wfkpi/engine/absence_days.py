"""Sickness absence per worker: the days of each sickness spell inside the window on which its
worker was directly employed, as FTE days and working days (docs/kpis.md, "Sickness absence")."""

from __future__ import annotations

from dataclasses import dataclass

import numpy as np
import pandas as pd

from .columns import dates, numbers, or_blank, text
from .periods import Period, working_days


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


FAR = np.datetime64("2200-01-01", "D")  # the end of a post with no end date


def sickness_days(spell: pd.DataFrame, posts: Posts, period: Period) -> pd.DataFrame:
    """Days lost inside the window for each sickness spell (``code``, ``start``, ``end`` with
    NaT for an open spell, ``lost`` NaN when not given), counting only the days on which the
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
    start = spell["start"].to_numpy().astype("datetime64[D]")
    end = spell["end"].to_numpy().astype("datetime64[D]")
    end = np.where(np.isnat(end), r, end)
    lost = spell["lost"].to_numpy()
    n = len(spell)
    in_window = (np.maximum(start, w0) <= np.minimum(end, r)) & (start <= end)
    whole = working_days(start, end).astype(np.float64)
    calendar_whole = (end - start).astype(np.int64) + 1.0
    direct = np.flatnonzero(posts.direct)
    held = pd.DataFrame({"code": posts.person[direct], "ps": posts.start[direct],
                         "pe": np.where(np.isnat(posts.end[direct]), FAR, posts.end[direct]),
                         "fte": posts.fte[direct]})
    pairs = pd.DataFrame({"code": spell["code"].to_numpy(), "i": np.arange(n)}).merge(held,
                                                                                      on="code")
    i = pairs["i"].to_numpy()
    first = np.maximum(np.maximum(start[i], w0), pairs["ps"].to_numpy().astype("datetime64[D]"))
    last = np.minimum(np.minimum(end[i], r), pairs["pe"].to_numpy().astype("datetime64[D]"))
    overlaps = first <= last
    inside = np.where(overlaps, working_days(first, np.maximum(first, last)), 0).astype(float)
    post_fte = pairs["fte"].to_numpy(dtype=np.float64)
    # each day once for the plain share: the posts' stretches merged per spell
    union_days, union_calendar = _merged_days(i[overlaps], first[overlaps], last[overlaps], n)
    with np.errstate(divide="ignore", invalid="ignore"):
        share = np.where(whole > 0, union_days / whole, union_calendar / calendar_whole)
    share = np.where(in_window, share, 0.0)  # a spell after R, or ending before it starts
    given = ~np.isnan(lost)
    days = np.where(given, lost * share, np.where(whole > 0, union_days, 0.0))
    weighted = np.bincount(i, weights=np.where(np.isnan(post_fte), 0.0, inside * post_fte),
                           minlength=n)
    # a post with no FTE matters only where it holds a working day of the spell
    blank = np.bincount(i, weights=((inside > 0) & np.isnan(post_fte)).astype(float),
                        minlength=n)
    fte_missing = ~given & (blank > 0)
    return pd.DataFrame({"days": days, "fte_days": np.where(given, lost * share, weighted),
                         "employed": union_calendar > 0, "in_window": in_window,
                         "fte_missing": fte_missing})


def _merged_days(spell: np.ndarray, first: np.ndarray, last: np.ndarray,
                 n: int) -> tuple[np.ndarray, np.ndarray]:
    """Working days and calendar days per spell in the union of its stretches ``first[k] ..
    last[k]`` (stretches of one spell may overlap when a person held two posts at once)."""
    days, calendar = np.zeros(n), np.zeros(n)
    if not spell.size:
        return days, calendar
    order = np.lexsort((first, spell))
    spell, first, last = spell[order], first[order], last[order]
    frame = pd.DataFrame({"s": spell, "f": first.astype("int64"), "l": last.astype("int64")})
    reach = frame.groupby("s")["l"].cummax()
    new = (frame["s"] != frame["s"].shift()) | (frame["f"] > reach.shift() + 1)
    runs = frame.assign(run=new.cumsum()).groupby("run").agg(s=("s", "first"), f=("f", "min"),
                                                              l=("l", "max"))
    f = runs["f"].to_numpy().astype("datetime64[D]")
    la = runs["l"].to_numpy().astype("datetime64[D]")
    s_ = runs["s"].to_numpy()
    np.add.at(days, s_, working_days(f, la).astype(float))
    np.add.at(calendar, s_, (la - f).astype(np.int64) + 1.0)
    return days, calendar


def sickness_per_person(frame: pd.DataFrame, code: np.ndarray, n: int, period: Period,
              posts: Posts) -> Absences:
    known = code < n
    sickness = (text(frame, "reason") == "sickness").to_numpy(dtype=bool)
    lost = or_blank(numbers(frame, "working_days_lost"), len(frame))
    pick = known & sickness
    spell = pd.DataFrame({"code": code[pick], "start": dates(frame, "start_date")[pick],
                          "end": dates(frame, "end_date")[pick], "lost": lost[pick]})
    found = sickness_days(spell, posts, period)
    sick_code = code[pick]
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
