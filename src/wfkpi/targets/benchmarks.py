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
from wfkpi.engine.scopes import Scope
from wfkpi.targets.community import Community
from wfkpi.targets.config import Breakdown, Council, Peer, Target

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

    def authorities(self, year: int) -> list[tuple[str, str, dict[str, str]]]:
        """Every local authority DfE published for ``year``: its name as the file spells it,
        its region (Inner and Outer London for London's boroughs) and its row, in the file's
        order; none for a year not published."""
        return [(self.areas[name].name, row["region_name"], row)
                for (name, when), row in self.rows.items()
                if when == year and row["geographic_level"] == "Local authority"]

    def local_authorities(self) -> list[str]:
        """The name of every local authority in the file, any year, as the file spells it."""
        return sorted(area.name for area in self.areas.values()
                      if area.level == "Local authority")

    def by_code(self) -> dict[int, str]:
        """Each three-digit LA code's authority, by the name of its latest year (an authority
        DfE publishes jointly, such as ``314 / 318``, under each of its codes)."""
        names: dict[int, str] = {}
        for (name, _), row in sorted(self.rows.items(), key=lambda item: item[0][1]):
            if row["geographic_level"] == "Local authority":
                for code in row["old_la_code"].split("/"):
                    names[int(code)] = self.areas[name].name
        return names

    def cell(self, area: str, year: int, kpi: str) -> str | None:
        """A figure's cell as published (``14.2``, or a symbol such as ``x`` or ``c``); None
        where the file has no row or column for it."""
        row = self.rows.get((area.lower(), year))
        return None if row is None else row.get(kpi)

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


# DfE's population (docs/targets.md, "Benchmarks") as a scope's conditions: a children's
# social-work extract as it is, or its qualified social workers. A scope with any other
# condition is a narrower population.
DFE_POPULATION = {"qualified_social_worker": (True,)}


def benchmarks_for(target: Target, council: Council, peers: list[Peer], year: int | None,
                unit: str, community: Community | None,
                scope: Scope | None) -> tuple[float | None, list[Figure]]:
    """The figure a benchmark target is compared with, and every figure to show beside it.

    DfE's published figures (docs/targets.md, "Benchmarks") are set beside a ``dfe`` KPI of a
    children's council (one with a DfE area) only, for a year DfE has published; where the
    target counts fewer people than DfE's population they are labelled as context.
    """
    assert target.kpi is not None
    rate = unit in ("%", "cases per FTE")
    children = council.dfe_area is not None
    published = dfe().comparators(council.dfe_area, year, target.kpi, rate=rate) \
        if children and target.method == "dfe" and year is not None else []
    others: list[Figure] = []
    bench = None
    spec = target.benchmark
    if spec is not None:
        if spec.source == "dfe" and year is not None:
            for area in (spec.geography, spec.alternative):
                if area and (bench := dfe().value(area, year, target.kpi)) is not None:
                    figure = dfe().figure(area, year, target.kpi)
                    if figure and figure not in published:
                        published.append(figure)
                    break
        elif spec.source == "community" and community is not None:
            bench = community.ethnic_minority_percent
            others.append(Figure(f"{community.area}, community profile", bench))
        elif spec.value is not None:
            bench = spec.value
            others.append(Figure(f"{spec.geography}, as stated in the strategy", spec.value))
    narrower = narrower_than_dfe(scope, target.breakdown)
    if narrower:
        published = [Figure(f"{f.name} (context: all children's social workers, not only "
                            f"{narrower})", f.value) for f in published]
    # The practice examples are children's services: set them beside children's councils' rates
    # only (a council with a DfE area), in the national (dfe) or HR records (lg) definitions.
    for peer in peers if rate and children and target.method in ("dfe", "lg") else []:
        if peer.kpi == target.kpi and isinstance(peer.value, float | int):
            when = f", {peer.period}" if peer.period else ""
            others.append(Figure(f"{peer.council} (own figure{when})", float(peer.value)))
    return bench, published + others


def narrower_than_dfe(scope: Scope | None, breakdown: Breakdown | None) -> str | None:
    """Who a target counts where that is narrower than DfE's population (everyone in a children's
    social-work extract, or its qualified social workers), in words; None when it is DfE's."""
    parts = []
    if scope is not None and dict(scope.where) != DFE_POPULATION:
        label = scope.label or scope.name.replace("_", " ")
        parts.append(label if label[1:2].isupper() else label[:1].lower() + label[1:])
    if breakdown is not None and breakdown.groups:
        parts.append(f"{len(breakdown.groups)} named {breakdown.plural}")
    return " in ".join(parts) or None
