"""The generator: a council's profile and a seed in, one simulated history out, and from it one
extract per reference date."""

from __future__ import annotations

import datetime as dt
from dataclasses import replace

import numpy as np
import pandas as pd

from wfkpi.sample import absences, extract, records, spells, vacancies
from wfkpi.sample.dates import (
    AS_AT,
    day_of,
    history_start,
    is_month_end,
    month_ends,
    months_between,
    previous,
    year_ends,
)
from wfkpi.sample.history import History
from wfkpi.sample.profiles import DEFAULT, Profile, profile


def generate(workers: int | None = None, *, council: str | Profile = DEFAULT,
             as_at: dt.date = AS_AT, seed: int = 1) -> dict[str, pd.DataFrame]:
    """Canonical ``workers``, ``vacancies``, ``absences``, ``training``, ``appraisals`` and
    ``recruitment`` frames at ``as_at``, as text cells.

    The workers table holds every spell active in the 24 months ending at ``as_at`` plus those
    still open. ``workers``, when given, is the exact number of worker rows wanted: the council's
    size is scaled to it (for benchmarks); otherwise the profile's size is used.
    """
    chosen = profile(council)
    if workers is not None:
        if workers < 1:
            raise ValueError(f"workers must be at least 1, got {workers}")
        chosen = replace(chosen, staff=max(1, round(workers / spells.rows_per_person(chosen))))
    history = simulate(chosen, as_at, as_at, seed, rows=workers)
    return extract.cut(history, as_at)


def extracts(council: str | Profile, *, as_at: dt.date = AS_AT, months: int = 1,
             seed: int = 1) -> dict[dt.date, dict[str, pd.DataFrame]]:
    """One extract per month-end for the ``months`` month-ends ending at ``as_at``, oldest first.

    The extracts are cut from one history: the same people and spells throughout, each extract
    knowing only what had happened by its month-end. With ``months`` = 1, ``as_at`` may be any
    day and the one extract is :func:`generate`'s.
    """
    chosen = profile(council)
    if months < 1:
        raise ValueError(f"months must be at least 1, got {months}")
    if months > 1 and not is_month_end(as_at):
        raise ValueError(f"{as_at.isoformat()} is not a month-end; with more than one month "
                         "the extracts are at month-ends")
    days = month_ends(as_at, months)
    history = simulate(chosen, days[0], as_at, seed)
    return {day: extract.cut(history, day) for day in days}


def simulate(p: Profile, first_as_at: dt.date, last_as_at: dt.date, seed: int,
             rows: int | None = None) -> History:
    """Spells, absences and vacancies covering the 24 months before ``first_as_at`` to
    ``last_as_at``, then the HR records; ``rows`` makes the number of spells exact."""
    first, last = day_of(history_start(first_as_at)), day_of(last_as_at)
    grid = np.arange(first, last + 1, dtype=np.int64)
    ends = year_ends(first, last_as_at)

    def stream(*part: int) -> np.random.Generator:
        return np.random.default_rng([seed, last, *part])

    start, end, group = spells.draw(stream, p, grid, ends, rows)
    history = spells.posts(stream, p, seed, start, end, group, grid, ends)
    history.absences = absences.draw(stream(3), history, grid, ends)
    dates = sorted({d for m in month_ends(last_as_at, months_between(first_as_at, last_as_at))
                    for d in (previous(m), m)})
    history.vacancies = vacancies.draw(stream(4), history, dates, ends)
    # What follows draws from streams of its own, so that the spells, absences and vacancies
    # above are the same whether or not it is there.
    history.drawn_ids = history.ids.copy()
    spells.conversions(stream(12), history, grid)
    history.ethnicity, history.disability = records.equality(stream(13), history)
    history.exit_interview = records.exit_interviews(stream(14), history, ends)
    history.training = records.training(stream(15), history, grid)
    history.appraisals = records.appraisals(stream(16), history, grid, ends)
    history.recruitment = records.recruitment(stream(17), history, grid, ends)
    history.supervision = records.supervision(stream(18), history, grid)
    return history
