"""Working days lost to sickness, from the absences table or from ``workers.sickness_days``.

From the absences table, only the days on which the person held a directly employed post count,
as FTE days for DfE's and LG Inform's figures (``fte_days``: a part-time worker's weekday off is
their FTE of a day) and as days for Skills for Care's days per worker (see
:func:`wfkpi.engine.absence_days.sickness_days`).

The absences table wins when it is supplied (only ``reason == sickness`` counts, spells crossing the
window's edge are pro-rated by working days, an open spell runs to the reference date). Without it,
the per-record ``sickness_days`` figures (the census item ``WorkingDaysLost``) are summed. Both
count only directly employed workers: a spell counts when its worker has a directly employed spell
active in the window.
"""

from __future__ import annotations

import numpy as np
import pandas as pd

from .measures import count, merge
from .population import (
    ABSENCE_FTE_MISSING,
    ABSENCE_NOT_CURRENT,
    ABSENCE_NOT_DIRECTLY_EMPLOYED,
    ABSENCE_NOT_SICKNESS,
    ABSENCE_OUTSIDE_WINDOW,
    ABSENCE_UNKNOWN_WORKER,
    SICKNESS_MISSING,
    Absences,
    Population,
)
from .results import Figure

NO_SICKNESS_DATA = "no sickness data: no absences table and no sickness_days column"
NO_SICKNESS_FIGURES = "no directly employed worker has a sickness_days figure"


def _spell_set_aside(
    absences: Absences, pop: Population, counted: np.ndarray, others_reason: str
) -> dict[str, int]:
    """Why the spells of this population's people that were not counted were left out.

    Only counts of spells are summed here, so each person is picked by a mask over the person
    codes rather than by a list of distinct codes, which would need sorting and searching."""
    everyone = np.zeros(absences.spells.size, dtype=bool)
    everyone[pop.person] = True
    others = everyone.copy()
    others[counted] = False
    return merge(
        {
            ABSENCE_NOT_SICKNESS: int(absences.not_sickness[everyone].sum()),
            ABSENCE_OUTSIDE_WINDOW: int(absences.outside_window[everyone].sum()),
            ABSENCE_NOT_DIRECTLY_EMPLOYED: int(absences.not_employed[everyone].sum()),
            ABSENCE_UNKNOWN_WORKER: 0 if pop.is_subset else absences.unknown_worker,
        },
        {others_reason: int(absences.spells[others].sum())},  # may be a reason above too
    )


def days_lost(pop: Population) -> Figure:
    """Working days lost to sickness inside the window by directly employed workers."""
    if "absences" in pop.unusable:
        return Figure(None, note=pop.unusable["absences"])
    if pop.absences is not None:
        absences = pop.absences
        counted = pd.unique(pop.person[pop.direct & pop.active])
        spells = int(absences.spells[counted].sum())
        blank = int(absences.fte_missing[counted].sum())
        set_aside = merge(_spell_set_aside(absences, pop, counted, ABSENCE_NOT_DIRECTLY_EMPLOYED),
                          {ABSENCE_FTE_MISSING: blank})
        if spells and blank == spells:  # absent is not 0
            return Figure(None, rows_used=0, set_aside=set_aside,
                          note=f"none of the {spells:,} sickness spells can be counted in FTE "
                               "days: the posts they fall in have no FTE figure")
        return Figure(value=float(absences.fte_days[counted].sum()), rows_used=spells,
                      set_aside=set_aside)
    if pop.sickness is None:
        return Figure(None, note=NO_SICKNESS_DATA)
    mask = pop.direct & pop.active
    known = mask & ~np.isnan(pop.sickness)
    set_aside = merge({SICKNESS_MISSING: count(mask & ~known)})
    if mask.any() and not known.any():
        return Figure(None, set_aside=set_aside, note=NO_SICKNESS_FIGURES)
    return Figure(float(pop.sickness[known].sum()), rows_used=count(known), set_aside=set_aside)


def days_per_current_worker(pop: Population) -> Figure:
    """Mean working days lost per directly employed person in post at the reference date whose
    figure is known: with the absences table everyone's figure is known (no spell = 0 days);
    with ``sickness_days`` a person's figure is the sum over their in-post records, known when
    at least one of them is filled in."""
    current = pop.direct & pop.in_post
    if "absences" in pop.unusable:
        return Figure(None, note=pop.unusable["absences"])
    if pop.absences is not None:
        absences = pop.absences
        counted = pd.unique(pop.person[current])
        numerator = float(absences.days[counted].sum())
        denominator = float(counted.size)
        rows_used = count(current) + int(absences.spells[counted].sum())
        set_aside = _spell_set_aside(absences, pop, counted, ABSENCE_NOT_CURRENT)
    elif pop.sickness is None:
        return Figure(None, note=NO_SICKNESS_DATA)
    else:
        known = current & ~np.isnan(pop.sickness)
        numerator = float(pop.sickness[known].sum())
        denominator = float(len(pd.unique(pop.person[known])))
        rows_used = count(known)
        set_aside = merge({SICKNESS_MISSING: count(current & ~known)})
        if current.any() and not known.any():
            return Figure(None, set_aside=set_aside, note=NO_SICKNESS_FIGURES)
    if denominator == 0:
        note = "zero denominator: no directly employed worker in post"
        return Figure(None, numerator, denominator, rows_used, set_aside, note)
    return Figure(numerator / denominator, numerator, denominator, rows_used, set_aside)


def rows_used(pop: Population, lost: Figure, records: np.ndarray) -> int:
    """Rows feeding a ratio of sickness days over the worker ``records`` of its denominator:
    each row once, also when the days come from the workers table itself."""
    if pop.absences is None and pop.sickness is not None:
        return count(records | (pop.direct & pop.active & ~np.isnan(pop.sickness)))
    return count(records) + lost.rows_used
