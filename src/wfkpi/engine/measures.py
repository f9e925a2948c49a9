"""Building blocks shared by the methods: naming a KPI, summing FTE, counting people, ratios."""

from __future__ import annotations

import math
from collections import Counter
from collections.abc import Callable, Mapping
from dataclasses import dataclass, replace
from typing import Any

import numpy as np
import pandas as pd

from . import plausibility
from .kpis import KPIS
from .params import PARAMS
from .population import FTE_MISSING, MOVED_POST, Population
from .results import Figure, KpiResult

KpiFunction = Callable[[Population], Figure]


@dataclass(frozen=True)
class Kpi:
    """A KPI as published: its id, label, unit and method, and the function that computes it.

    ``params`` names the parameters (:mod:`wfkpi.engine.params`) it reads; its label may show
    them, as ``{training_days:g}``. ``reads`` names the tables it reads besides workers (as
    :mod:`wfkpi.engine.kpis` publishes them); no other table can change its figure.
    """

    id: str
    label: str
    unit: str
    method: str
    function: KpiFunction
    params: tuple[str, ...] = ()
    reads: tuple[str, ...] = ()

    @property
    def tables(self) -> tuple[str, ...]:
        """The tables it reads: workers, and those of ``reads``."""
        return ("workers", *self.reads)

    @property
    def definition(self) -> str:
        return (self.function.__doc__ or "").strip()

    def label_for(self, params: Mapping[str, Any]) -> str:
        """The label with the parameters' values (defaults for those not given)."""
        if not self.params:
            return self.label
        values = {name: PARAMS[name].default for name in self.params}
        values.update({name: params[name] for name in self.params if name in params})
        shown = {name: value if value != "" else f"(no {name} named)"
                 for name, value in values.items()}
        return self.label.format(**shown)

    def __call__(self, population: Population) -> KpiResult:
        figure = self.function(population)
        return KpiResult(
            id=self.id,
            label=self.label_for(population.params),
            unit=self.unit,
            method=self.method,
            value=figure.value,
            numerator=figure.numerator,
            denominator=figure.denominator,
            rows_used=figure.rows_used,
            set_aside=dict(figure.set_aside),
            note=figure.note,
            as_of=figure.as_of,
            flags=plausibility.flags(self.id, self.unit, figure),
        )


def registry(
    method: str, kpis: list[Kpi]
) -> Callable[..., Callable[[KpiFunction], KpiFunction]]:
    """A decorator that adds a function to ``kpis`` as the ``method`` KPI of its id, with the
    label, unit, parameters and tables published for it (:mod:`wfkpi.engine.kpis`), and returns
    it unchanged."""

    def kpi(kpi_id: str) -> Callable[[KpiFunction], KpiFunction]:
        published = KPIS[method][kpi_id]

        def register(function: KpiFunction) -> KpiFunction:
            kpis.append(Kpi(kpi_id, published.label, published.unit, method, function,
                            published.params, published.reads))
            return function

        return register

    return kpi


def count(mask: np.ndarray) -> int:
    return int(np.count_nonzero(mask))


def merge(*parts: dict[str, int]) -> dict[str, int]:
    """Set-aside counts added reason by reason, zero counts dropped."""
    total: Counter[str] = Counter()
    for part in parts:
        total.update(part)
    return {reason: n for reason, n in total.items() if n}


def people(pop: Population, mask: np.ndarray) -> int:
    """How many distinct people hold the records where ``mask`` holds."""
    return int(len(pd.unique(pop.person[mask])))


NO_FTE = "no worker record has an FTE figure"


def fte_sum(pop: Population, mask: np.ndarray) -> Figure:
    """Sum of FTE over every record in ``mask``; records with a blank FTE are set aside.

    Absent is not 0: no value when records are selected but none has an FTE, or when no record
    at all has one (an extract without FTE has no FTE figures, not FTE figures of 0). A mask
    selecting no record, in an extract with FTE, sums to a true 0 (no agency workers)."""
    known = mask & ~np.isnan(pop.fte)
    set_aside = merge({FTE_MISSING: count(mask & ~known)})
    if not known.any() and (mask.any() or not pop.any_fte):
        selected = count(mask)
        note = f"none of the {selected:,} records has an FTE figure" if selected else NO_FTE
        return Figure(None, rows_used=0, set_aside=set_aside, note=note)
    return Figure(value=float(pop.fte[known].sum()), rows_used=count(known), set_aside=set_aside)


def headcount(pop: Population, mask: np.ndarray) -> Figure:
    """Distinct people among the records in ``mask`` (a person in two posts counts once)."""
    return Figure(value=float(people(pop, mask)), rows_used=count(mask))


def spells(pop: Population, mask: np.ndarray, day: str) -> Figure:
    """Distinct (worker, ``day``) pairs among the records in ``mask``: DfE counts starters by
    (worker, start date) and leavers by (worker, leaving date)."""
    pairs = pd.DataFrame({"p": pop.person[mask], "d": pop.detail(day)[mask]})
    return Figure(value=float(len(pairs.drop_duplicates())), rows_used=count(mask))


def starting(pop: Population) -> np.ndarray:
    """Directly employed spells starting in the window, moves in from another post left out."""
    return pop.direct & pop.starter & ~pop.moved_in


def leaving(pop: Population) -> np.ndarray:
    """Directly employed spells ending in the window, moves on to another post left out."""
    return pop.direct & pop.leaver & ~pop.moved_on


def with_moves(figure: Figure, pop: Population, moved: np.ndarray) -> Figure:
    """``figure`` with the moves between posts it left out counted as ``moved-post``."""
    return replace(figure, set_aside=merge(figure.set_aside,
                                           {MOVED_POST: count(pop.direct & moved)}))


def total(*parts: Figure) -> Figure:
    """The sum of figures (None if any is None, with its note)."""
    for part in parts:
        if part.value is None:
            return Figure(None, rows_used=part.rows_used, set_aside=part.set_aside, note=part.note)
    return Figure(
        value=sum(part.value for part in parts if part.value is not None),
        rows_used=sum(part.rows_used for part in parts),
        set_aside=merge(*(part.set_aside for part in parts)),
        as_of=_as_of(*parts),
    )


def _as_of(*parts: Figure) -> Any:
    """The snapshot date a figure made of ``parts`` rests on (the first that has one)."""
    return next((part.as_of for part in parts if part.as_of is not None), None)


def ratio(
    numerator: Figure,
    denominator: Figure,
    *,
    what: str,
    scale: float = 100.0,
    rows_used: int | None = None,
    set_aside: dict[str, int] | None = None,
) -> Figure:
    """``numerator / denominator × scale``; None with a reason when either side is missing, the
    denominator is zero, or the quotient overflows a float (a denominator all but zero, such as
    an FTE of 1e-308). ``what`` names the denominator for that reason. ``rows_used`` and
    ``set_aside`` are given when both sides come from the same rows, so as not to count them
    twice."""
    if set_aside is None:
        set_aside = merge(numerator.set_aside, denominator.set_aside)
    used = numerator.rows_used + denominator.rows_used if rows_used is None else rows_used
    parts = dict(numerator=numerator.value, denominator=denominator.value,
                 as_of=_as_of(numerator, denominator))
    for side in (numerator, denominator):
        if side.value is None:
            return Figure(None, rows_used=used, set_aside=set_aside, note=side.note, **parts)
    assert numerator.value is not None and denominator.value is not None
    if denominator.value == 0:
        note = f"zero denominator: {what} is 0"
        return Figure(None, rows_used=used, set_aside=set_aside, note=note, **parts)
    # scaled first: 46 × 100 / 160 is exactly 28.75, where 46 / 160 × 100 is not
    value = numerator.value * scale / denominator.value
    if not math.isfinite(value):
        note = f"ratio too large for a float: {what} is {denominator.value!r}"
        return Figure(None, rows_used=used, set_aside=set_aside, note=note, **parts)
    return Figure(value=value, rows_used=used, set_aside=set_aside, **parts)


def share(part: Figure, rest: Figure, *, what: str) -> Figure:
    """``part / (part + rest) × 100``: the share ``part`` takes of a whole."""
    return replace(
        ratio(part, total(part, rest), what=what),
        rows_used=part.rows_used + rest.rows_used,
        set_aside=merge(part.set_aside, rest.set_aside),
    )


def unavailable(note: str) -> Figure:
    return Figure(None, note=note)
