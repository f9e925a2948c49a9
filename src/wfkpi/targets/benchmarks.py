"""Published figures to set beside a council's own: DfE's indicators and peers' figures.

DfE's file (shipped in ``wfkpi/data``, Open Government Licence v3.0) holds England, every region
(Inner and Outer London among them) and every local authority for reporting years 2017 to 2025.
A reporting year ``Y`` describes 30 September ``Y``; the year matching a reference date is the
latest one published on or before it.
"""

from __future__ import annotations

import csv
import datetime as dt
from dataclasses import dataclass
from functools import cache
from pathlib import Path

from wfkpi.core.config import package_file

DFE_FILE = package_file("data", "dfe_csww_indicators_2017_to_2025.csv")
DFE_ATTRIBUTION = ("Contains public sector information licensed under the Open Government "
                   "Licence v3.0 (Department for Education, Children's social work workforce "
                   "statistics, 2017 to 2025).")


@dataclass(frozen=True)
class Figure:
    name: str  # e.g. "Lambeth, DfE 2025"
    value: float


@dataclass(frozen=True)
class Area:
    name: str
    level: str  # National, Regional, Local authority
    region: str | None  # the region a local authority belongs to


class DfeIndicators:
    """DfE's published indicators, looked up by area name, year and KPI id."""

    def __init__(self, path: Path = DFE_FILE) -> None:
        self.rows: dict[tuple[str, int], dict[str, str]] = {}
        self.areas: dict[str, Area] = {}
        with path.open(encoding="utf-8") as handle:
            for row in csv.DictReader(handle):
                level = row["geographic_level"]
                name = {"National": row["country_name"], "Regional": row["region_name"]}.get(
                    level, row["la_name"])
                self.rows[(name.lower(), int(row["time_period"]))] = row
                region = row["region_name"] if level == "Local authority" else None
                self.areas[name.lower()] = Area(name, level, region)
        self.years = sorted({year for _, year in self.rows})

    def year_for(self, as_at: dt.date) -> int | None:
        """The latest published reporting year whose 30 September is on or before ``as_at``;
        None when ``as_at`` is before the first."""
        year = as_at.year if as_at >= dt.date(as_at.year, 9, 30) else as_at.year - 1
        return None if year < self.years[0] else min(year, self.years[-1])

    def la_codes(self, area: str) -> set[str]:
        """The authority's three-digit LA codes in DfE's statistics (a census's ``<LEA>``)."""
        return {row["old_la_code"] for (name, _), row in self.rows.items()
                if name == area.lower() and row["old_la_code"]}

    def value(self, area: str, year: int, kpi: str) -> float | None:
        """A published figure, or None where DfE publishes none (x, c, z, u, low, blank)."""
        row = self.rows.get((area.lower(), year))
        if row is None or kpi not in row:
            return None
        try:
            return float(row[kpi])
        except ValueError:
            return None

    def figure(self, area: str, year: int, kpi: str) -> Figure | None:
        value = self.value(area, year, kpi)
        known = self.areas.get(area.lower())
        if value is None or known is None:
            return None
        return Figure(f"{known.name}, DfE {year}", value)

    def comparators(self, area: str | None, year: int, kpi: str, *,
                    rate: bool = True) -> list[Figure]:
        """The council's own published figure, and for a rate its region's and England's (a
        count is only comparable with the council's own)."""
        names = []
        if area and area.lower() in self.areas:
            names += [area]
            region = self.areas[area.lower()].region
            if region and rate:
                names.append(region)
        if rate:
            names.append("England")
        return [f for f in (self.figure(n, year, kpi) for n in names) if f is not None]


@cache
def dfe() -> DfeIndicators:
    return DfeIndicators()
