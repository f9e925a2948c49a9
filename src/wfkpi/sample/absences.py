"""Absences: sickness of the directly employed at the profile's working days lost per person in
post in each year, and other absences (training, leave and the like), no two of one person's
overlapping."""

from __future__ import annotations

import numpy as np
import pandas as pd

from wfkpi.engine.periods import bank_holiday_calendar
from wfkpi.sample.dates import date_of, year_ends
from wfkpi.sample.history import DIRECT, History, count_people

LEAD_IN = 183  # days of absences drawn before the span, for those running into it
MEAN_SICKNESS = 7.3  # working days of a sickness spell (see _working_lengths)
# Other absences, a share of sickness spells: reason, share, working days (low, high).
OTHER_ABSENCES = (("training", 0.45, (1, 3)), ("other", 0.30, (1, 3)), ("unpaid", 0.12, (1, 10)),
                  ("public_duties", 0.05, (2, 10)), ("maternity_paternity", 0.08, (90, 200)))


def _working_lengths(rng: np.random.Generator, n: int) -> np.ndarray:
    """Working days of sickness spells: mostly a few days, some weeks, a few long-term."""
    u = rng.random(n)
    return np.where(u < 0.80, rng.integers(1, 4, n),
                    np.where(u < 0.94, rng.integers(4, 16, n), rng.integers(16, 130, n)))


def draw(rng: np.random.Generator, h: History, grid: np.ndarray,
         ends: np.ndarray) -> pd.DataFrame:
    """Sickness of directly employed staff, at the profile's days per person in post in each
    year, and other absences; no two absences of one person overlap.

    Candidate spells are drawn in proportion to time in post; sickness spells are then kept, in
    the order drawn, until each year's working days reach the profile's figure."""
    direct = np.flatnonzero(h.group == DIRECT)
    first_day, last_day = h.start[direct], np.minimum(h.end[direct], grid[-1])
    calendar = bank_holiday_calendar(np.datetime64(int(grid[0]) - 400, "D"),
                                     np.datetime64(int(grid[-1]) + 800, "D"))
    # Start half a year early, so that absences running into the span are there too.
    begins = int(grid[0]) - LEAD_IN
    ends = year_ends(begins, date_of(int(ends[0])))
    targets = np.zeros(2 * ends.size)
    parts: list[tuple[np.ndarray, ...]] = []
    other = np.array([o[0] for o in OTHER_ABSENCES], dtype=object)
    lows = np.array([o[2][0] for o in OTHER_ABSENCES])
    highs = np.array([o[2][1] for o in OTHER_ABSENCES])
    for b in range(1, ends.size):  # year b runs from ends[b] (excluded) to ends[b - 1]
        low, high = max(ends[b] + 1, begins), ends[b - 1]
        year = ends[b - 1] - ends[b]
        a, z = np.maximum(first_day, low), np.minimum(last_day, high)
        exposure = np.clip(z - a + 1, 0, None).astype(float)
        in_post = (h.start[direct] <= high) & (h.end[direct] > high)
        rate = h.profile.sickness_days.this_year if b == 1 else h.profile.sickness_days.last_year
        # Those in post at the year's end lose `rate` days each (whatever part of the year they
        # worked, as the per-person figures count); the others, in proportion to their time.
        for stratum, members in ((0, in_post), (1, ~in_post)):
            chosen = np.flatnonzero(members & (exposure > 0))
            weight = exposure[chosen]
            if weight.sum() == 0:
                continue
            label = 2 * b + stratum
            people = count_people(h.ids[direct][members])  # a second post is one person
            share = people * (high - low + 1) / year if stratum == 0 else weight.sum() / year
            targets[label] = rate * share
            spare = 1.4 if high - low + 1 >= year else 2.0  # a part year keeps fewer days
            k = int(np.ceil(spare * targets[label] / MEAN_SICKNESS)) + 20
            m = k // 5  # other absences: training, leave and the like
            pick = chosen[rng.choice(chosen.size, size=k + m, p=weight / weight.sum())]
            kinds = rng.choice(len(OTHER_ABSENCES), size=m, p=[o[1] for o in OTHER_ABSENCES])
            length = np.concatenate([
                _working_lengths(rng, k),
                lows[kinds] + (rng.random(m) * (highs - lows + 1)[kinds]).astype(np.int64)])
            reason = np.concatenate([np.full(k, "sickness", dtype=object), other[kinds]])
            first = a[pick] + (rng.random(k + m) * exposure[pick]).astype(np.int64)
            parts.append((pick, first, length, reason,
                          np.r_[np.full(k, label), np.zeros(m, dtype=np.int64)]))
    if not parts:
        return pd.DataFrame({"spell": [], "start": [], "end": [], "reason": []})
    pick, first, length, reason, block = (np.concatenate(x) for x in zip(*parts, strict=True))
    # label: 2 * year + stratum for sickness spells, 0 for other absences
    begin = np.busday_offset(first.astype("datetime64[D]"), 0, roll="forward",
                             busdaycal=calendar)
    start = begin.astype(np.int64)
    end = np.busday_offset(begin, length - 1, busdaycal=calendar).astype(np.int64)
    spell_end = h.end[direct][pick]
    end = np.minimum(end, spell_end)  # a leaver's absence stops with the spell
    keep = start <= spell_end
    who = h.ids[direct][pick]
    order = np.argsort(who * 2**25 + start, kind="stable")
    order = order[keep[order]]
    # Drop an absence that starts before an earlier one of the same person has ended.
    key = who[order] * 2**25 + end[order]
    reach = np.maximum.accumulate(key)
    clash = np.r_[False, (who[order][1:] == who[order][:-1])
                  & (reach[:-1] - who[order][1:] * 2**25 >= start[order][1:])]
    order = np.sort(order[~clash])  # back to the random order the spells were drawn in
    # Keep sickness spells, in that order, until each year's working days reach its target,
    # oldest year first so that days running on from the year before count toward it.
    start, end, pick, label = start[order], end[order], pick[order], block[order]
    reason = reason[order]
    sick = label > 0
    kept = ~sick
    for b in range(ends.size - 1, 0, -1):
        low, high = max(ends[b] + 1, begins), ends[b - 1]
        inside = np.zeros(start.size, dtype=np.int64)
        near = np.flatnonzero(sick & (label >= 2 * b) & (end >= low))
        inside[near] = np.busday_count(np.maximum(start[near], low).astype("datetime64[D]"),
                                       (np.minimum(end[near], high) + 1).astype("datetime64[D]"),
                                       busdaycal=calendar).clip(0)
        after = np.zeros(start.size, dtype=np.int64)
        if b == ends.size - 1:
            late = np.flatnonzero(sick & (end > high))
            after[late] = np.busday_count(np.maximum(start[late], high + 1).astype(
                "datetime64[D]"), (end[late] + 1).astype("datetime64[D]"), busdaycal=calendar)
        in_post = (h.start[direct] <= high) & (h.end[direct] > high)
        for stratum in (0, 1):
            members = in_post[pick] == (stratum == 0)
            mine = np.flatnonzero(label == 2 * b + stratum)
            if b == ends.size - 1:
                # The oldest year has nothing running into it: allow for what would have, as
                # much as runs on out of it.
                need = targets[2 * b + stratum]
                need -= after[_fill(mine, inside[mine], need)].sum()
            else:
                earlier = kept & sick & members & (label > 2 * b + 1)
                need = targets[2 * b + stratum] - inside[earlier].sum()
            kept[_fill(mine, inside[mine], need)] = True
    order = np.flatnonzero(kept)
    order = order[np.argsort(h.ids[direct][pick[order]] * 2**25 + start[order], kind="stable")]
    return pd.DataFrame({"spell": direct[pick[order]], "start": start[order],
                         "end": end[order], "reason": reason[order]})


def _fill(candidates: np.ndarray, days: np.ndarray, need: float) -> np.ndarray:
    """The candidates kept, in their order, until their days reach ``need``; then short
    ones left over close the gap."""
    running = np.cumsum(days)
    take = running <= need
    short = ~take & (days <= 3)
    gap = need - days[take].sum()
    take[np.flatnonzero(short)[np.cumsum(days[short]) <= gap]] = True
    return candidates[take]
