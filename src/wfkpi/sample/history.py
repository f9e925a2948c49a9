"""What the simulation builds and what its steps share: the history of every spell, absence,
vacancy and HR record over the simulated span, with dates as day numbers, and the few ways of
reading a profile's figures over time and of drawing from them."""

from __future__ import annotations

from collections.abc import Callable
from dataclasses import dataclass, field

import numpy as np
import pandas as pd

from wfkpi.sample.profiles import Profile, Trend

OPEN = 10**7  # the end day of a spell still open: after any date the generator writes
DIRECT, AGENCY, BANK = 0, 1, 2  # the groups of spells: directly employed, agency, bank

# The random streams of one simulation, each named by numbers: ``stream(3)`` draws the absences.
# Every step draws from streams of its own, so that adding one leaves the others' draws as
# they were.
Stream = Callable[..., np.random.Generator]


@dataclass
class History:
    """Every spell, absence and vacancy row of the simulated span, dates as days since 1970."""

    profile: Profile
    seed: int
    start: np.ndarray
    end: np.ndarray  # OPEN when still in post at the last date
    group: np.ndarray  # DIRECT, AGENCY or BANK
    employment: np.ndarray
    role: np.ndarray
    team: np.ndarray
    fte: np.ndarray  # NaN when unknown
    reason: np.ndarray
    qualified: np.ndarray
    origin: np.ndarray
    load: np.ndarray  # case-holding weight: the role's caseload times FTE, with some spread
    ids: np.ndarray
    absences: pd.DataFrame  # spell, start, end (days), reason
    vacancies: pd.DataFrame  # canonical vacancy rows, text cells
    # Worker numbers as first drawn (before conversions joined some to an agency worker's):
    # the per-extract draws of cases follow them, so that conversions leave cases as they were.
    drawn_ids: np.ndarray = field(default_factory=lambda: np.empty(0, dtype=np.int64))
    ethnicity: np.ndarray = field(default_factory=lambda: np.empty(0, dtype=object))
    disability: np.ndarray = field(default_factory=lambda: np.empty(0, dtype=object))
    exit_interview: np.ndarray = field(default_factory=lambda: np.empty(0, dtype=object))
    training: pd.DataFrame = field(default_factory=pd.DataFrame)  # spell, date, days, hours,
    # course (days and hours NaN when not given)
    appraisals: pd.DataFrame = field(default_factory=pd.DataFrame)  # spell, due, completed
    # (a day, or -1 when never completed), plan
    recruitment: pd.DataFrame = field(default_factory=pd.DataFrame)  # one row per campaign
    supervision: pd.DataFrame = field(default_factory=pd.DataFrame)  # spell, date, kind


def stock_level(trend: Trend, days: np.ndarray, ends: np.ndarray) -> np.ndarray:
    """A stock figure (a share in post): last year's at a year back, this year's now, linear
    between, last year's before."""
    frac = np.clip((days - ends[1]) / (ends[0] - ends[1]), 0.0, 1.0)
    return trend.last_year + (trend.this_year - trend.last_year) * frac


def flow_rate(trend: Trend, days: np.ndarray, ends: np.ndarray) -> np.ndarray:
    """A flow figure (turnover, sickness): this year's inside the last year, last year's before."""
    return np.where(days > ends[1], trend.this_year, trend.last_year)


def pick_labels(rng: np.random.Generator, options: tuple[tuple[str, float], ...],
                n: int) -> np.ndarray:
    """``n`` labels drawn from ``(label, weight)`` options."""
    names, weights = zip(*options, strict=True)
    p = np.array(weights) / sum(weights)
    return np.array(names, dtype=object)[rng.choice(len(names), size=n, p=p)]


def count_people(ids: np.ndarray) -> int:
    """Distinct worker numbers (they run from 1 to the number of spells)."""
    seen = np.zeros(int(ids.max(initial=0)) + 1, dtype=bool)
    seen[ids] = True
    return int(seen.sum())
