"""What the engine hands back: one :class:`KpiResult` per KPI, grouped in a :class:`Report`.

Values are unrounded floats; rounding is a rendering decision. ``Report.to_dict`` is the JSON
contract (documented in ``docs/kpis.md``): keys in a fixed order, no worker identifiers anywhere.
"""

from __future__ import annotations

import datetime as dt
import math
from dataclasses import dataclass, field
from typing import Any

from wfkpi.core.names import SCHEMA_VERSION

SUPPRESSED = "c"  # DfE's symbol for a suppressed figure
SMALL_GROUP = 5  # groups with fewer people than this are flagged ``small``


@dataclass(frozen=True)
class Figure:
    """A KPI's arithmetic before it is named: what every KPI function returns.

    ``value`` is None when the figure cannot be computed, and ``note`` then says why.
    ``as_of`` is the date of the snapshot a figure was taken from when that is not the reference
    date itself (a vacancy return dated a few days before it).
    """

    value: float | None
    numerator: float | None = None
    denominator: float | None = None
    rows_used: int = 0
    set_aside: dict[str, int] = field(default_factory=dict)
    note: str | None = None
    as_of: dt.date | None = None

    def __post_init__(self) -> None:
        if self.value is not None and not math.isfinite(self.value):
            raise ValueError(f"a KPI value must be finite, got {self.value!r}")


@dataclass(frozen=True)
class KpiResult:
    """One KPI, named and computed: the value with the arithmetic that produced it.

    ``flags`` say why a value that was computed should not be taken on trust: it is outside
    what is possible or plausible (:mod:`wfkpi.engine.plausibility`).
    """

    id: str
    label: str
    unit: str
    method: str
    value: float | None
    numerator: float | None
    denominator: float | None
    rows_used: int
    set_aside: dict[str, int]
    note: str | None
    as_of: dt.date | None = None
    flags: tuple[str, ...] = ()

    def to_dict(self) -> dict[str, Any]:
        return {
            "label": self.label,
            "unit": self.unit,
            "value": _number(self.value),
            "numerator": _number(self.numerator),
            "denominator": _number(self.denominator),
            "rows_used": int(self.rows_used),
            "set_aside": {reason: int(n) for reason, n in sorted(self.set_aside.items())},
            "note": self.note,
            "as_of": None if self.as_of is None else self.as_of.isoformat(),
            "flags": list(self.flags),
        }


@dataclass(frozen=True)
class GroupResult:
    """The KPIs of one group of a breakdown (or of the total row, ``total=True``)."""

    by: str
    group: str
    total: bool
    headcount: int
    kpis: dict[str, KpiResult]

    @property
    def small(self) -> bool:
        return self.headcount < SMALL_GROUP

    def to_dict(self, *, suppress_below: int | None = None) -> dict[str, Any]:
        suppress = suppress_below is not None and not self.total and self.headcount < suppress_below
        kpis = {kpi_id: result.to_dict() for kpi_id, result in self.kpis.items()}
        if suppress:
            kpis = {kpi_id: _suppressed(item) for kpi_id, item in kpis.items()}
        return {
            "by": self.by,
            "group": self.group,
            "total": self.total,
            "headcount": SUPPRESSED if suppress else self.headcount,
            "small": self.small,
            "suppressed": suppress,
            "kpis": kpis,
        }


@dataclass(frozen=True)
class Report:
    """Every KPI of one method for one reference date and population.

    ``data_quality`` is a plain dict: the engine puts its set-aside summary under ``"engine"``
    and a caller adds its own sections (validation issues, files read) beside it.
    """

    as_at: dt.date
    period_start: dt.date
    method: str
    scope: str | None
    kpis: dict[str, KpiResult]
    groups: tuple[GroupResult, ...] = ()
    suppress_below: int | None = None
    params: dict[str, Any] = field(default_factory=dict)  # the KPI parameters the method reads
    data_quality: dict[str, Any] = field(default_factory=dict)

    def to_dict(self) -> dict[str, Any]:
        return {
            "schema_version": SCHEMA_VERSION,
            "as_at": self.as_at.isoformat(),
            "period_start": self.period_start.isoformat(),
            "method": self.method,
            "scope": self.scope,
            "params": dict(self.params),
            "kpis": {kpi_id: result.to_dict() for kpi_id, result in self.kpis.items()},
            "groups": [g.to_dict(suppress_below=self.suppress_below) for g in self.groups],
            "data_quality": self.data_quality,
        }


def _number(value: float | None) -> float | None:
    return None if value is None else float(value)


def _suppressed(item: dict[str, Any]) -> dict[str, Any]:
    hidden = dict(item)
    for key in ("value", "numerator", "denominator", "rows_used"):
        hidden[key] = SUPPRESSED
    hidden["set_aside"] = {reason: SUPPRESSED for reason in item["set_aside"]}
    hidden["note"] = None
    hidden["flags"] = []
    return hidden
