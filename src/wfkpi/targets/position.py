"""Where a council stands among England's local authorities in DfE's published figures: its rank,
its quartile, and the median of every authority, of its region and of its statistical neighbours
(docs/peers.md).

Rules, the same in every output:

- **One published year.** Every figure ranked or summarised is DfE's published figure for one
  reporting year ``Y`` (30 September ``Y``), from the file shipped in ``wfkpi/data``; a council's
  own current figure, computed from its extract, is never mixed in, nor placed among them.
- **Direction.** :data:`DIRECTIONS` states it per KPI. For turnover, agency, vacancy, absence and
  caseload lower is better; for the two agency-cover shares neither is. Either way rank 1 is
  the lowest figure, so a rank reads the same whatever the KPI. Counts (FTE, headcounts, cases,
  days) are not ranked: they measure an authority's size, not its position.
- **Ties** share the best rank (competition ranking, "1224"): an authority's rank is one more
  than the number of authorities with a strictly lower figure.
- **Quartile** of the rank among the ``n`` published figures: ``ceil(4 × rank ÷ n)``, so the
  1st quartile holds ranks 1 to ``n/4`` (the lowest figures) and tied authorities share one.
- **Median** of the published figures of a group (the middle one, or the mean of the middle two),
  shown only where the group has at least :data:`FEWEST_FOR_MEDIAN` of them. All authorities and
  the region include the council; its neighbours do not.
- **Suppressed** figures (DfE's ``x``, ``c``, ``z``, ``u``, ``low`` and blanks) are left out of
  every count, rank and median, and named where they would have been.

Source: Department for Education, *Children's social work workforce* statistics (Open
Government Licence v3.0); the statistical neighbours are DfE's children's services groups of
May 2025 (``wfkpi/data/README.md``).
"""

from __future__ import annotations

import csv
import difflib
import math
import statistics
from collections.abc import Iterable
from dataclasses import dataclass
from functools import cache
from pathlib import Path
from typing import Any

from wfkpi.core.config import package_file
from wfkpi.core.display import number
from wfkpi.core.errors import ConfigError, UsageError
from wfkpi.core.names import SCHEMA_VERSION
from wfkpi.engine.kpis import KPIS
from wfkpi.targets.benchmarks import DFE_ATTRIBUTION, DFE_FILE, DfeIndicators, dfe
from wfkpi.targets.config import Council, Target

NEIGHBOURS_FILE = package_file("data", "dfe_statistical_neighbours_2025.csv")
NEIGHBOURS_SOURCE = ("DfE's children's services statistical neighbour groups, May 2025 "
                     "(Local Authority Interactive Tool)")
NEIGHBOURS_ATTRIBUTION = ("Statistical neighbours: Department for Education, children's services "
                          "statistical neighbour groups (May 2025), Open Government Licence "
                          "v3.0.")

LOWER = "lower"  # lower is better
NEITHER = "neither"  # no figure is better than another
# Every DfE-method rate the shipped file publishes, with the direction that is better.
DIRECTIONS: dict[str, str] = {
    "turnover_rate_fte": LOWER,
    "turnover_rate_headcount": LOWER,
    "agency_rate_fte": LOWER,
    "agency_rate_headcount": LOWER,
    "vacancy_rate_fte": LOWER,
    "agency_cover_rate_fte": NEITHER,
    "vacancy_agency_cover_rate_fte": NEITHER,
    "caseload_fte": LOWER,
    "absence_rate_fte": LOWER,
}
DIRECTION_WORDS = {LOWER: "lower is better; rank 1 is the lowest figure",
                   NEITHER: "neither higher nor lower is better; rank 1 is the lowest figure"}
FEWEST_FOR_MEDIAN = 3
# DfE's symbols for a figure it does not publish (explore-education-statistics conventions).
SYMBOLS = {"x": "not available", "c": "confidential", "z": "not applicable",
           "u": "low reliability", "low": "rounds to 0 but is not 0", "": "blank"}
ORDINAL = {1: "1st", 2: "2nd", 3: "3rd", 4: "4th"}


def published_text(year: int) -> str:
    """The year every peer figure comes from, in words: ``DfE 2025, published figures for
    30 September 2025``."""
    return f"DfE {year}, published figures for 30 September {year}"


def not_ranked(kpi: str | None, method: str | None = "dfe") -> str | None:
    """Why a KPI has no peer position (None when it has one): peers are DfE's published
    figures of its own rates."""
    if not kpi or method is None:
        return "no KPI measures this target"
    if method != "dfe":
        return (f"peer positions are in DfE's published figures, and this target is measured "
                f"in the {method} definition, which DfE does not publish")
    if kpi in DIRECTIONS:
        return None
    if kpi in KPIS["dfe"]:
        return (f"{kpi} is a count ({KPIS['dfe'][kpi].unit}): it measures an authority's size, "
                "not its position, so it is not ranked (the rates are)")
    return f"{kpi} is not among DfE's published figures"


# --------------------------------------------------------------------------- neighbours

@dataclass(frozen=True)
class Neighbours:
    """A council's statistical neighbours, named as DfE's statistics name them, and where the
    list comes from."""

    areas: tuple[str, ...]
    source: str

    def to_dict(self) -> dict[str, Any]:
        return {"areas": list(self.areas), "source": self.source}


@cache
def neighbour_groups() -> dict[int, tuple[int, ...]]:
    """DfE's statistical neighbour groups as shipped: each LA code's ten neighbours' codes, the
    closest first."""
    groups: dict[int, list[int]] = {}
    with NEIGHBOURS_FILE.open(encoding="utf-8") as handle:
        for row in csv.DictReader(handle):
            groups.setdefault(int(row["la_code"]), []).append(int(row["neighbour_code"]))
    return {code: tuple(codes) for code, codes in groups.items()}


def default_neighbours(area: str, data: DfeIndicators | None = None) -> Neighbours | None:
    """The neighbours DfE's groups give ``area`` (by its LA codes), as DfE's workforce
    statistics name them; None for an area the groups do not list. An area DfE publishes
    jointly (Kingston upon Thames / Richmond upon Thames) has both authorities' neighbours;
    a neighbour published jointly with another is named once, and never the area itself."""
    data = data or dfe()
    codes = sorted(int(code) for text in data.la_codes(area) for code in text.split("/"))
    groups, names = neighbour_groups(), data.by_code()
    found: list[str] = []
    for code in codes:
        for other in groups.get(code, ()):
            name = names.get(other)
            if name and name.lower() != area.lower() and name not in found:
                found.append(name)
    return Neighbours(tuple(found), NEIGHBOURS_SOURCE) if found else None


def suggest(name: str, choices: Iterable[str]) -> str:
    """``; did you mean 'Southwark'?`` for a name close to one of ``choices`` (one containing
    it first, as ``Kingston upon Thames`` in ``Kingston upon Thames / Richmond upon
    Thames``); "" when none is close."""
    names = list(choices)
    folded = {n.casefold(): n for n in names}
    within = [n for n in names if name.casefold().strip() and name.casefold().strip() in
              n.casefold()]
    close = within or [folded[n] for n in difflib.get_close_matches(
        name.casefold(), list(folded), n=3, cutoff=0.6)]
    if not close:
        return ""
    return "; did you mean " + " or ".join(f"'{n}'" for n in close[:3]) + "?"


def check_names(names: Iterable[tuple[str, str]], area: str | None,
                data: DfeIndicators | None = None) -> tuple[str, ...]:
    """Each ``(where, name)`` a local authority of DfE's file, spelt as the file spells it
    (case aside): the names as the file spells them; a ValueError saying where, naming the file,
    the name and the nearest names, for a name that is none, the council's own area, or a
    name given twice."""
    data = data or dfe()
    known = {name.lower(): name for name in data.local_authorities()}
    found: list[str] = []
    for where, name in names:
        spelt = known.get(name.strip().lower())
        if spelt is None:
            raise ValueError(f"{where}: '{name}' is not a local authority in DfE's file "
                             f"({DFE_FILE.name}){suggest(name, known.values())}")
        if area is not None and spelt.lower() == area.lower():
            raise ValueError(f"{where}: '{name}' is the council's own area, not a neighbour")
        if spelt in found:
            raise ValueError(f"{where}: '{name}' is named twice")
        found.append(spelt)
    return tuple(found)


def council_neighbours(council_id: str, council: Council, where: str = "targets.yaml",
                       data: DfeIndicators | None = None) -> Neighbours | None:
    """The council's neighbours: its own list in the targets file (``neighbours:``, checked
    against DfE's file: a ConfigError naming ``where``, the name and the nearest names), else
    DfE's groups for its area; None without a DfE area or a group."""
    if council.dfe_area is None:
        return None
    if council.neighbours is None:
        return default_neighbours(council.dfe_area, data)
    places = [(f"{where}: councils.{council_id}.neighbours[{n}]", name)
              for n, name in enumerate(council.neighbours)]
    try:
        areas = check_names(places, council.dfe_area, data)
    except ValueError as exc:
        raise ConfigError(str(exc)) from None
    return Neighbours(areas, council.neighbours_source or "")


def read_neighbours(path: Path, area: str | None, data: DfeIndicators | None = None) -> Neighbours:
    """A neighbours file (``--neighbours FILE``): UTF-8 text, one DfE area name a line, as DfE's
    statistics spell it (case aside; a name with a comma is written as it is); blank lines and
    lines starting ``#`` are skipped, and a line ``# source: …`` says where the list comes from
    (else the file itself is named). A UsageError naming the file and line for a name that is
    not a local authority of DfE's file, the council's own, or given twice."""
    try:
        text = path.read_text(encoding="utf-8-sig")
    except FileNotFoundError:
        raise UsageError(f"--neighbours {path}: no such file") from None
    except (OSError, UnicodeDecodeError) as exc:
        raise UsageError(f"--neighbours {path}: cannot be read as UTF-8 text ({exc})") from None
    source = f"listed in {path.name}"
    names = []
    for n, line in enumerate(text.splitlines(), 1):
        stripped = line.strip()
        if stripped.lower().startswith("# source:"):
            source = stripped.split(":", 1)[1].strip() or source
        elif stripped and not stripped.startswith("#"):
            names.append((f"{path}, line {n}", stripped))
    if not names:
        raise UsageError(f"--neighbours {path}: names no area (one DfE area name a line)")
    try:
        return Neighbours(check_names(names, area, data), source)
    except ValueError as exc:
        raise UsageError(str(exc)) from None


# --------------------------------------------------------------------------- positions

@dataclass(frozen=True)
class Ranked:
    """One authority's published figure and its rank among all authorities."""

    area: str
    region: str
    value: float
    rank: int

    def to_dict(self) -> dict[str, Any]:
        return {"area": self.area, "region": self.region, "value": self.value, "rank": self.rank}


@dataclass(frozen=True)
class Group:
    """A group of authorities' published figures: how many it has (of how many authorities),
    their median, and the council's rank among them (with the council's own figure, for its
    neighbours); ``note`` says why a median or rank is not shown."""

    name: str
    size: int  # authorities in the group that year
    n: int  # of them with a published figure
    median: float | None
    rank: int | None
    of: int | None
    without: tuple[str, ...]  # the group's authorities with no published figure
    note: str | None

    def to_dict(self) -> dict[str, Any]:
        return {"name": self.name, "size": self.size, "n": self.n, "median": self.median,
                "rank": self.rank, "of": self.of, "without": list(self.without),
                "note": self.note}


@dataclass(frozen=True)
class Position:
    """A council's position for one KPI in one published year (the module's rules)."""

    kpi: str
    label: str
    unit: str
    direction: str
    year: int
    area: str
    value: float | None  # the council's published figure
    cell: str | None  # what DfE published instead of a figure (``x``, ``c``, ...)
    rank: int | None
    of: int
    quartile: int | None
    all: Group
    region: Group | None
    neighbours: Group | None
    neighbours_source: str | None
    note: str | None
    figures: tuple[Ranked, ...]  # every authority with a figure, lowest first

    @property
    def published(self) -> str:
        return published_text(self.year)

    def text(self) -> str:
        """The position in one line: ``rank 87 of 151 (1 = lowest), 3rd quartile; medians:
        all 14.9%, Inner London 15.0%, neighbours 14.2% (DfE 2025)``."""
        if self.rank is not None and self.quartile is not None:
            head = f"rank {self.rank} of {self.of} (1 = lowest), {ORDINAL[self.quartile]} quartile"
        else:
            head = self.note or "no rank"
        medians = [f"{name} {number(group.median, self.unit)}"
                   for name, group in (("all", self.all),
                                       (self.region.name if self.region else "", self.region),
                                       ("neighbours", self.neighbours))
                   if group is not None and group.median is not None]
        tail = f"; medians: {', '.join(medians)}" if medians else ""
        return f"{head}{tail} (DfE {self.year})"

    def to_dict(self, figures: bool = False) -> dict[str, Any]:
        """The JSON contract (docs/peers.md); ``figures`` adds every authority's figure."""
        data = {
            "kpi": self.kpi, "label": self.label, "unit": self.unit, "year": self.year,
            "published": self.published, "direction": self.direction,
            "direction_text": DIRECTION_WORDS[self.direction], "area": self.area,
            "value": self.value, "cell": self.cell, "rank": self.rank, "of": self.of,
            "quartile": self.quartile, "all": self.all.to_dict(),
            "region": None if self.region is None else self.region.to_dict(),
            "neighbours": None if self.neighbours is None else self.neighbours.to_dict(),
            "neighbours_source": self.neighbours_source, "note": self.note,
            "text": self.text(),
        }
        if figures:
            data["figures"] = [figure.to_dict() for figure in self.figures]
        return data


def rank_of(value: float, values: Iterable[float]) -> int:
    """Competition rank ("1224") of ``value`` among ``values``, lowest first: one more than the
    number strictly lower."""
    return 1 + sum(1 for other in values if other < value)


def quartile_of(rank: int, n: int) -> int:
    """The quartile of a rank among ``n`` figures: ``ceil(4 × rank ÷ n)``."""
    return min(4, max(1, math.ceil(4 * rank / n)))


def _group(name: str, members: list[str], figures: dict[str, float], own: float | None,
           *, itself: bool) -> Group:
    """``members``' published figures; the council's rank among them (``itself``: the
    council is one of them; else its own figure ``own`` is set among theirs)."""
    values = [figures[m] for m in members if m in figures]
    without = tuple(m for m in members if m not in figures)
    # the published figures have one decimal place: the mean of the middle two, at most two
    median = round(statistics.median(values), 10) if len(values) >= FEWEST_FOR_MEDIAN \
        else None
    note = None
    if median is None:
        note = (f"only {len(values)} of {len(members)} authorities with a published figure: "
                f"too few for a median (at least {FEWEST_FOR_MEDIAN})")
    rank = of = None
    if own is not None and values:
        pool = values if itself else [*values, own]
        rank, of = rank_of(own, pool), len(pool)
    return Group(name, len(members), len(values), median, rank, of, without, note)


def position(area: str, kpi: str, year: int, neighbours: Neighbours | None = None,
             data: DfeIndicators | None = None) -> Position:
    """``area``'s position for ``kpi`` among DfE's published figures for ``year`` (a rate of
    :data:`DIRECTIONS`; a year the file publishes). An area absent from the file or that
    year, or whose figure is suppressed, has no rank and says why; the groups' medians are
    still given."""
    if kpi not in DIRECTIONS:
        raise ValueError(not_ranked(kpi) or kpi)
    data = data or dfe()
    if year not in data.years:
        raise ValueError(f"DfE's file publishes {data.years[0]} to {data.years[-1]}, not {year}")
    authorities = data.authorities(year)
    figures = {name: value for name, _, row in authorities
               if (value := _figure(row.get(kpi))) is not None}
    regions = {name: region for name, region, _ in authorities}
    ranked = sorted(figures.items(), key=lambda item: (item[1], item[0].lower()))
    values = list(figures.values())
    listed = tuple(Ranked(name, regions[name], value, rank_of(value, values))
                   for name, value in ranked)
    known = data.areas.get(area.lower())
    spelt = known.name if known is not None and known.level == "Local authority" else area
    own = figures.get(spelt)
    cell = data.cell(spelt, year, kpi) if own is None else None
    note = None
    if known is None or known.level != "Local authority":
        note = f"{area} is not a local authority in DfE's file ({DFE_FILE.name})"
    elif spelt not in regions:
        note = f"DfE published no figures for {spelt} for {year}"
    elif own is None:
        note = (f"DfE published no figure for {spelt} for {year} "
                f"({cell or 'blank'}: {SYMBOLS.get((cell or '').strip(), 'not a figure')})")
    region_name = regions.get(spelt) or (known.region if known is not None else None)
    everyone = _group("all local authorities", [name for name, _, _ in authorities], figures,
                      own, itself=True)
    region = None if region_name is None else _group(
        region_name, [name for name, r, _ in authorities if r == region_name], figures, own,
        itself=True)
    near = None
    if neighbours is not None:
        near = _group("statistical neighbours", list(neighbours.areas), figures, own,
                      itself=False)
        missing = [name for name in neighbours.areas if name not in regions]
        if missing:  # not published that year at all (an authority formed later)
            near = Group(near.name, near.size, near.n, near.median, near.rank, near.of,
                         near.without, "; ".join(filter(None, [
                             near.note, f"not in DfE's {year} figures: {', '.join(missing)}"])))
    rank = quartile = None
    if own is not None and values:
        rank = rank_of(own, values)
        quartile = quartile_of(rank, len(values))
    published = KPIS["dfe"][kpi]
    return Position(kpi, published.label, published.unit, DIRECTIONS[kpi], year, spelt, own,
                    cell, rank, len(values), quartile, everyone, region, near,
                    None if neighbours is None else neighbours.source, note, listed)


def _figure(cell: str | None) -> float | None:
    """A published cell as a figure; None for DfE's symbols and blanks."""
    try:
        return float(cell) if cell is not None else None
    except ValueError:
        return None


def target_position(council: Council, target: Target, year: int | None,
                    neighbours: Neighbours | None) -> Position | str:
    """A scorecard target's peer position, or why it has none: a target whose KPI is one of
    DfE's published rates, of a council with a DfE area, for the published year of the
    scorecard's reference date."""
    why = not_ranked(target.kpi, target.method)
    if why is not None:
        return why
    if council.dfe_area is None:
        return "the council has no DfE area (dfe_area): DfE publishes children's social work only"
    if year is None:
        return (f"the reference date is before DfE's first published year (30 September "
                f"{dfe().years[0]})")
    assert target.kpi is not None
    return position(council.dfe_area, target.kpi, year, neighbours)


# --------------------------------------------------------------------------- a council's standing

@dataclass(frozen=True)
class Standing:
    """A council's position for each KPI asked for, in one published year: what ``wfkpi
    peers`` shows (its ``to_dict()`` is the JSON contract of docs/peers.md)."""

    council_id: str
    council_name: str
    area: str
    region: str | None
    year: int
    neighbours: Neighbours | None
    neighbours_note: str | None  # why there are none
    positions: tuple[Position, ...]

    @property
    def published(self) -> str:
        return published_text(self.year)

    def to_dict(self) -> dict[str, Any]:
        return {
            "schema_version": SCHEMA_VERSION,
            "council": {"id": self.council_id, "name": self.council_name,
                        "dfe_area": self.area, "region": self.region},
            "year": self.year,
            "published": self.published,
            "neighbours": None if self.neighbours is None else self.neighbours.to_dict(),
            "neighbours_note": self.neighbours_note,
            "rules": RULES,
            "kpis": [p.to_dict(figures=True) for p in self.positions],
            "attribution": f"{DFE_ATTRIBUTION} {NEIGHBOURS_ATTRIBUTION}",
        }


# The rules, as every output states them.
RULES = {
    "year": "every figure ranked or summarised is DfE's published figure for one reporting year "
            "(30 September); the council's own current figure is not among them",
    "rank": "1 is the lowest figure; tied authorities share the best rank (1224)",
    "quartile": "ceil(4 x rank / n) of the n authorities with a published figure; the 1st holds "
                "the lowest figures",
    "median": f"of a group's published figures, given where it has at least {FEWEST_FOR_MEDIAN}; "
              "all authorities and the region include the council, its neighbours do not",
    "suppressed": "DfE's x, c, z, u, low and blanks are left out of every count, rank and median",
}


def standing(council_id: str, council: Council, kpis: Iterable[str], year: int,
             neighbours: Neighbours | None, data: DfeIndicators | None = None) -> Standing:
    """The council's :class:`Position` for each of ``kpis`` in ``year`` (the council has a DfE
    area; the KPIs are rates of :data:`DIRECTIONS`; the year is one the file publishes)."""
    data = data or dfe()
    assert council.dfe_area is not None
    positions = tuple(position(council.dfe_area, kpi, year, neighbours, data) for kpi in kpis)
    first = positions[0] if positions else None
    area = first.area if first else council.dfe_area
    region = first.region.name if first and first.region else None
    why = None if neighbours is not None else (
        f"DfE's statistical neighbour groups do not list {area}; give them with neighbours: in "
        "the targets file or --neighbours FILE")
    return Standing(council_id, council.name, area, region, year, neighbours, why, positions)


def rates() -> list[str]:
    """The KPIs ``wfkpi peers`` shows by default: every DfE-method rate of the shipped file, in
    the published catalogue's order."""
    return [kpi for kpi in KPIS["dfe"] if kpi in DIRECTIONS]
