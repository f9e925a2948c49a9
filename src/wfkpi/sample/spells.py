"""Who was in post when: the spells of the directly employed, agency and bank workers over the
simulated span (leavers at the profile's turnover, a stock that keeps the number in post on the
profile's path), each spell's post (employment type, role, team, FTE, leaving reason), the
yearly ASYE cohort and the agency workers taken on permanently."""

from __future__ import annotations

from dataclasses import dataclass

import numpy as np
import pandas as pd

from wfkpi.sample.history import (
    AGENCY,
    BANK,
    DIRECT,
    OPEN,
    History,
    Stream,
    flow_rate,
    pick_labels,
    stock_level,
)
from wfkpi.sample.profiles import Profile, Trend

EMPLOYMENT = {
    DIRECT: (("permanent", 0.86), ("fixed_term", 0.10), ("temporary", 0.04)),
    AGENCY: (("agency", 0.9), ("self_employed", 0.1)),
    BANK: (("bank", 0.7), ("casual", 0.3)),
}
REASONS = (("resignation", 0.64), ("retirement", 0.09), ("end_of_contract", 0.06),
           ("internal_move", 0.07), ("dismissal", 0.03), ("redundancy_voluntary", 0.02),
           ("other", 0.06), ("unknown", 0.03))
INTERNAL_MOVE = dict(REASONS)["internal_move"]
PART_TIME = np.array([0.9, 0.8, 0.8, 0.7, 0.6, 0.6, 0.5, 0.4])


@dataclass(frozen=True)
class _Group:
    kind: int
    now: int  # spells open at the last date
    share: Trend  # share of `staff` in post, over time
    turnover: Trend
    tenure_years: float  # mean tenure of a spell in post long before the span


def _groups(p: Profile) -> list[_Group]:
    agency_now = round(p.staff * p.agency.this_year)
    turnover = p.turnover
    if p.method == "sfc":  # Skills for Care leaves internal moves out: more leave in all
        turnover = Trend(*(t / (1 - INTERNAL_MOVE) for t in turnover))
    return [
        _Group(DIRECT, p.staff - agency_now, Trend(1 - p.agency.last_year, 1 - p.agency.this_year),
               turnover, 1 / max(turnover.last_year, 0.05)),
        _Group(AGENCY, agency_now, p.agency, Trend(p.agency_turnover, p.agency_turnover),
               1 / p.agency_turnover),
        _Group(BANK, round(p.staff * p.bank), Trend(p.bank, p.bank), Trend(0.35, 0.35), 3.0),
    ]


def rows_per_person(p: Profile) -> float:
    """Worker rows of a 24-month extract per person in post (a first guess for scaling)."""
    rows = 0.0
    for g in _groups(p):
        rows += g.now * (1 + g.turnover.last_year + g.turnover.this_year)
    return max(rows / max(p.staff, 1), 1.0)


def _leaver_days(rng: np.random.Generator, g: _Group, n_at: np.ndarray, grid: np.ndarray,
                 ends: np.ndarray) -> np.ndarray:
    """Days on which spells of group ``g`` end: turnover × in post at the year's end per year,
    spread over the months so that any twelve months hold their share to within one."""
    block = np.searchsorted(-ends, -grid)  # grid day d lies in (ends[block], ends[block - 1]]
    length = ends[block - 1] - ends[block]
    per_day = flow_rate(g.turnover, grid, ends) * n_at[block - 1] / length
    months = max(1, round(len(grid) / 30.44))
    edges = np.round(np.linspace(0, len(grid), months + 1)).astype(np.int64)
    cumulative = np.concatenate([[0.0], np.cumsum(per_day)])[edges]
    counts = np.diff(np.floor(cumulative + rng.random())).astype(np.int64)
    lows = np.repeat(edges[:-1], counts)
    spans = np.repeat(np.diff(edges), counts)
    return grid[lows + (rng.random(lows.size) * spans).astype(np.int64)]


def _tenure(rng: np.random.Generator, g: _Group, n: int) -> np.ndarray:
    """Days in post of leavers: agency spells are short; a third of employees leave early."""
    if g.kind == AGENCY:
        years = rng.exponential(1 / max(g.turnover.this_year, 0.05), n)
    else:
        early = rng.random(n) < 0.35
        years = np.where(early, rng.exponential(0.9, n), rng.exponential(g.tenure_years, n))
    return np.clip(np.round(years * 365.25), 7, 40 * 365).astype(np.int64)


def _group_spells(rng: np.random.Generator, g: _Group, grid: np.ndarray,
                  ends: np.ndarray, extra_leavers: int) -> tuple[np.ndarray, np.ndarray]:
    """Start and end days of one group's spells: leavers first, then a stock that keeps the
    number in post on the profile's path and ends at ``g.now`` open spells."""
    path = stock_level(g.share, grid, ends)
    target = g.now * path / max(path[-1], 1e-9)  # people in post on each day of the grid
    n_at = g.now * stock_level(g.share, ends, ends) / max(path[-1], 1e-9)
    end = _leaver_days(rng, g, n_at, grid, ends)
    if extra_leavers > 0:  # exact row counts: a few more leavers in the oldest months
        end = np.concatenate([end, grid[rng.integers(0, min(len(grid), 92), extra_leavers)]])
    elif extra_leavers < 0:
        end = np.sort(end)[-extra_leavers:]
    start = end - _tenure(rng, g, end.size)
    # Leavers in post on each grid day (start <= d < end), then the stock that tops them up.
    first = grid[0]
    steps = np.zeros(grid.size + 1, dtype=np.int64)
    np.add.at(steps, np.clip(start - first, 0, grid.size), 1)
    np.add.at(steps, np.clip(end - first, 0, grid.size), -1)
    leavers_in_post = np.cumsum(steps)[:-1]
    stock = np.round(target - leavers_in_post).astype(np.int64)
    stock = np.minimum(np.maximum.accumulate(np.maximum(stock, 0)), g.now)
    stock[-1] = g.now
    before = int(stock[0])
    old = first - np.clip(np.round(rng.exponential(g.tenure_years * 365.25, before)), 0,
                          40 * 365).astype(np.int64)
    new = np.repeat(grid[1:], np.diff(stock))
    start = np.concatenate([start, old, new])
    end = np.concatenate([end, np.full(before + new.size, OPEN, dtype=np.int64)])
    return start, end


def draw(stream: Stream, p: Profile, grid: np.ndarray, ends: np.ndarray,
         rows: int | None = None) -> tuple[np.ndarray, np.ndarray, np.ndarray]:
    """Start day, end day and group of every spell over ``grid``, the simulated days;
    ``rows`` makes the number of spells exact."""
    groups = _groups(p)
    extra = 0
    if rows is not None:  # the number of spells is settled before any is drawn
        spells = sum(_group_spells(stream(1, g.kind), g, grid, ends, 0)[0].size
                     for g in groups)
        extra = rows - spells
    starts, finishes, kinds = [], [], []
    for g in groups:
        start, end = _group_spells(stream(1, g.kind), g, grid, ends,
                                   extra if g.kind == DIRECT else 0)
        starts.append(start)
        finishes.append(end)
        kinds.append(np.full(start.size, g.kind, dtype=np.int8))
    return np.concatenate(starts), np.concatenate(finishes), np.concatenate(kinds)


def posts(stream: Stream, p: Profile, seed: int, start: np.ndarray, end: np.ndarray,
          group: np.ndarray, grid: np.ndarray, ends: np.ndarray) -> History:
    """The history of these spells with each one's post: employment type, role, team, FTE,
    leaving reason, worker number (a few people hold two posts) and case-holding weight."""
    n = start.size
    rng = stream(2)

    employment = np.empty(n, dtype=object)
    role = np.zeros(n, dtype=np.int64)
    fte = np.ones(n)
    shares = np.array([r.share for r in p.roles])
    weights = {DIRECT: shares, AGENCY: np.array([r.agency_share for r in p.roles]),
               BANK: shares * np.array([r.org_role >= 5 for r in p.roles])}
    for kind, options in EMPLOYMENT.items():
        mask = group == kind
        k = int(mask.sum())
        employment[mask] = pick_labels(rng, options, k)
        w = weights[kind] if weights[kind].sum() > 0 else shares
        role[mask] = rng.choice(len(p.roles), size=k, p=w / w.sum())
        if kind == DIRECT:
            fte[mask] = np.where(rng.random(k) < p.part_time,
                                 PART_TIME[rng.integers(0, PART_TIME.size, k)], 1.0)
        elif kind == AGENCY:
            fte[mask] = np.where(rng.random(k) < 0.07, 0.8, 1.0)
        else:
            fte[mask] = rng.choice([0.2, 0.3, 0.4, 0.5], k)
    team_service = np.array([s for _, s in p.teams], dtype=object)
    team = np.zeros(n, dtype=np.int64)
    for i, r in enumerate(p.roles):
        eligible = np.flatnonzero(np.isin(team_service, r.services))
        if eligible.size == 0:
            eligible = np.arange(len(p.teams))
        mask = role == i
        team[mask] = eligible[rng.integers(0, eligible.size, int(mask.sum()))]
    qualified = rng.random(n) < np.array([r.qualified for r in p.roles])[role]
    origin = np.where((group == DIRECT) & (rng.random(n) < 0.1), "internal", "external")
    left = end != OPEN
    reason = np.where(left & (group != AGENCY), pick_labels(rng, REASONS, n), "").astype(object)
    contract = left & np.isin(employment, ["fixed_term", "temporary"]) & (rng.random(n) < 0.7)
    reason[contract] = "end_of_contract"
    spread = rng.lognormal(0.0, 0.2, n)
    # Worker numbers follow start dates, as payroll numbers do; about 2% of the people in post
    # hold a second post, which shares the number of their first.
    ids = np.empty(n, dtype=np.int64)
    ids[np.lexsort((rng.random(n), start))] = np.arange(1, n + 1)
    holders = np.flatnonzero((group == DIRECT) & ~left)
    pairs = rng.permutation(holders)[: 2 * (round(holders.size * 0.02))].reshape(2, -1)
    twins = (role[pairs[0]] == role[pairs[1]]) & (start[pairs[0]] == start[pairs[1]])
    pairs = pairs[:, ~twins]  # two posts of one person never look like one post twice
    ids[pairs[1]] = ids[pairs[0]]
    fte[pairs.ravel()] = 0.5
    _asye_cohort(stream(11), p, start, group, role, origin, grid, ends)
    load = np.array([r.caseload for r in p.roles])[role] * fte * spread
    fte[rng.random(n) < 0.01] = np.nan  # a few unknown FTEs, as real extracts have
    return History(p, seed, start, end, group, employment, role, team, fte, reason, qualified,
                   origin, load, ids, pd.DataFrame(), pd.DataFrame())


def _asye_cohort(rng: np.random.Generator, p: Profile, start: np.ndarray, group: np.ndarray,
                 role: np.ndarray, origin: np.ndarray, grid: np.ndarray,
                 ends: np.ndarray) -> None:
    """Make enough directly employed social worker starters of each year ASYEs (newly
    qualified, in their assessed first year) for the profile's yearly cohort."""
    titles = [r.title for r in p.roles]
    if not p.asye_cohort or "ASYE Social Worker" not in titles or "Social Worker" not in titles:
        return
    asye, worker = titles.index("ASYE Social Worker"), titles.index("Social Worker")
    for b in range(1, ends.size):
        low, high = max(ends[b] + 1, grid[0] + 1), ends[b - 1]
        if low > high:
            continue
        starters = (group == DIRECT) & (start >= low) & (start <= high)
        need = round(p.asye_cohort * (high - low + 1) / (ends[b - 1] - ends[b]))
        need -= int((starters & (role == asye)).sum())
        candidates = np.flatnonzero(starters & (role == worker) & (origin == "external"))
        if need > 0 and candidates.size:
            role[rng.permutation(candidates)[:need]] = asye


def conversions(rng: np.random.Generator, h: History, grid: np.ndarray) -> None:
    """Agency workers taken on permanently: some permanent starters in the history become the
    agency worker of the same role whose spell ended up to a month before they start (the
    permanent spell takes the agency worker's number and ``start_origin`` "agency")."""
    p = h.profile
    starters = np.flatnonzero((h.group == DIRECT) & (h.start > grid[0])
                              & (h.employment == "permanent") & (h.origin == "external")
                              & (np.bincount(h.ids)[h.ids] == 1))
    wanted = round(p.conversions * np.count_nonzero((h.group == DIRECT) & (h.start > grid[0])))
    agency = np.flatnonzero((h.group == AGENCY) & (h.end >= grid[0]) & (h.end != OPEN))
    used = np.zeros(h.start.size, dtype=bool)
    done = 0
    for i in rng.permutation(starters):
        if done >= wanted:
            break
        gap = h.start[i] - h.end[agency]
        fits = agency[(gap >= 1) & (gap <= 30) & (h.role[agency] == h.role[i]) & ~used[agency]]
        if (h.team[fits] == h.team[i]).any():  # staying in the team they worked in, if one
            fits = fits[h.team[fits] == h.team[i]]
        if fits.size:
            j = fits[rng.integers(0, fits.size)]
            used[j] = True
            h.ids[i] = h.ids[j]
            h.origin[i] = "agency"
            done += 1
