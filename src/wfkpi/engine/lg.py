"""Local government HR scorecard figures — method ``lg``.

Sources: LG Inform metric "Working days lost due to sickness absence per FTE"; CIPD crude labour
turnover and stability index. Population: the council's own employees (directly employed:
permanent, fixed_term, temporary). The opening position ("first day", "a year ago") is who was in
post at the reference date a year earlier, so ``now = opening + starters − leavers`` holds spell by
spell. An ``internal_move`` does not leave the council and is not a leaver here.
"""

from __future__ import annotations

import numpy as np
import pandas as pd

from . import sickness
from .measures import Kpi, count, fte_sum, leaving, merge, people, ratio, registry, total
from .population import FTE_MISSING, Population
from .results import Figure
from .sfc import leavers

METHOD = "lg"
KPIS: list[Kpi] = []
kpi = registry(METHOD, KPIS)


@kpi("sickness_days_per_fte")
def sickness_days_per_fte(pop: Population) -> Figure:
    """Sickness days in the window ÷ average FTE, average FTE = (directly employed FTE in post a
    year before R + directly employed FTE in post at R) ÷ 2.

    Each record's FTE is its contract FTE at both dates (a consistent FTE basis); a blank FTE is
    set aside. Sickness days as for DfE's ``working_days_lost_fte``.
    Source: LG Inform, "Working days lost due to sickness absence per FTE".
    """
    lost = sickness.days_lost(pop)
    both = total(fte_sum(pop, pop.direct & pop.in_post_opening),
                 fte_sum(pop, pop.direct & pop.in_post))
    fte_rows = pop.direct & (pop.in_post_opening | pop.in_post)
    known = fte_rows & ~np.isnan(pop.fte)
    average = Figure(
        None if both.value is None else both.value / 2,
        rows_used=count(known),
        set_aside=merge({FTE_MISSING: count(fte_rows & ~known)}),
        note=both.note,
    )
    what = "average directly employed FTE"
    return ratio(lost, average, what=what, scale=1.0,
                 rows_used=sickness.rows_used(pop, lost, known))


@kpi("turnover_rate_headcount")
def turnover_rate_headcount(pop: Population) -> Figure:
    """Leavers ÷ average headcount × 100, average headcount = (directly employed people in post a
    year before R + directly employed people in post at R) ÷ 2.

    Leavers: distinct people with a directly employed spell ending in the window, excluding
    ``internal_move`` and moves between posts (``moved-post``).
    Source: CIPD, crude labour turnover rate.
    """
    opening = pop.direct & pop.in_post_opening
    closing = pop.direct & pop.in_post
    average = Figure(
        (people(pop, opening) + people(pop, closing)) / 2, rows_used=count(opening | closing)
    )
    counted = leaving(pop) & ~pop.internal_move
    what = "average directly employed headcount"
    return ratio(leavers(pop), average, what=what, rows_used=count(counted | opening | closing))


@kpi("stability_index")
def stability_index(pop: Population) -> Figure:
    """People in post now with a year's service or more ÷ people in post a year ago × 100.

    Numerator: distinct people directly employed and in post both a year before R and at R,
    without a break: someone who left in the year and came back has not a year's service (a
    move between posts, or giving up one of two posts, is no break: docs/kpis.md, "Moves between
    posts").
    Denominator: distinct people directly employed and in post a year before R.
    Source: CIPD, stability index.
    """
    before = pop.direct & pop.in_post_opening
    now = pop.direct & pop.in_post
    stayed = np.intersect1d(pd.unique(pop.person[before]), pd.unique(pop.person[now]))
    broke = pop.direct & pop.leaver & ~pop.continued & ~pop.internal_move
    stayed = np.setdiff1d(stayed, pd.unique(pop.person[broke]))
    still_here = now & np.isin(pop.person, stayed)
    numerator = Figure(float(stayed.size), rows_used=count(still_here))
    denominator = Figure(float(people(pop, before)), rows_used=count(before))
    what = "directly employed headcount a year ago"
    return ratio(numerator, denominator, what=what, rows_used=count(before | still_here))
