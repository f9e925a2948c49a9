"""Vacancies: vacant FTE in each team at each reference date, at the profile's vacancy rate,
partly covered by agency workers."""

from __future__ import annotations

import datetime as dt

import numpy as np
import pandas as pd

from wfkpi.sample.dates import day_of
from wfkpi.sample.history import AGENCY, DIRECT, History, count_people, stock_level


def draw(rng: np.random.Generator, h: History, dates: list[dt.date],
         ends: np.ndarray) -> pd.DataFrame:
    """One row per team at each date: vacant FTE at the profile's rate (whole posts for sfc),
    spread over the teams by size, partly covered by agency workers."""
    p = h.profile
    fte = np.nan_to_num(h.fte)
    unit = 1.0 if p.method == "sfc" else 0.5
    rows = []
    for day in dates:
        d = day_of(day)
        in_post = (h.start <= d) & (h.end > d)
        direct, agency = in_post & (h.group == DIRECT), in_post & (h.group == AGENCY)
        base = count_people(h.ids[direct]) if p.method == "sfc" else fte[direct].sum()
        rate = float(stock_level(p.vacancy, np.array([d]), ends)[0])
        units = round(rate / (1 - rate) * base / unit)
        size = np.bincount(h.team[in_post], weights=fte[in_post], minlength=len(p.teams)) + 0.5
        vacant = rng.multinomial(units, size / size.sum()) * unit
        share = np.clip(rng.normal(p.agency_cover, 0.15, len(p.teams)), 0, 1)
        cover = np.floor(vacant * share / unit) * unit
        available = fte[agency].sum()
        if cover.sum() > available:
            cover = np.floor(cover * available / cover.sum() / unit) * unit
        for (team, service), v, c in zip(p.teams, vacant, cover, strict=True):
            rows.append((f"{v:g}", f"{c:g}", day.isoformat(), team, service))
    return pd.DataFrame(rows, columns=["vacancy_fte", "agency_cover_fte", "as_at", "team",
                                       "service"], dtype=object)
