"""``config/targets.yaml`` and ``config/peers.yaml`` as pydantic models.

Every target names a KPI, a method and a scope the engine knows, a comparison, its amber band and
its source with the strategy's exact words. A target no HR extract can measure says so
(``measurable: false``) with the reason, so it shows as "not measured" rather than vanishing.
"""

from __future__ import annotations

import datetime as dt
from pathlib import Path
from typing import Any, Literal

from pydantic import BaseModel, ConfigDict, Field, ValidationError, model_validator

from wfkpi.core.config import load_yaml, package_file
from wfkpi.core.errors import ConfigError, EngineError
from wfkpi.core.names import BREAKDOWNS, Method
from wfkpi.engine.kpis import KPIS
from wfkpi.engine.params import resolve
from wfkpi.engine.scopes import ScopeSpec

Comparison = Literal[
    "<", "<=", ">", ">=", "range", "range_vs_previous", "<=benchmark", ">=benchmark",
    ">benchmark", "decrease_vs_previous", "increase_vs_previous", "qualitative",
]
BENCHMARKED = {"<=benchmark", ">=benchmark", ">benchmark"}
VS_PREVIOUS = {"decrease_vs_previous", "increase_vs_previous", "range_vs_previous"}


class _Strict(BaseModel):
    model_config = ConfigDict(extra="forbid", frozen=True)


class Quote(_Strict):
    section: str | None = None
    quote: str


class Source(_Strict):
    document: str
    section: str
    quote: str = Field(min_length=3)
    also: list[Quote] = []


class Amber(_Strict):
    """How far a missed target may be and still be amber (see docs/targets.md)."""

    upper: float | None = None  # < and <=: amber up to this figure
    lower: float | None = None  # > and >=: amber down to this figure
    margin: float | None = None  # benchmarks and ranges: amber this far on the wrong side
    tolerance: float | None = None  # vs previous: amber flat or this far the wrong way
    unit: str | None = None  # "percent" makes a tolerance relative to the previous figure
    basis: str | None = None  # why the band is what it is


class Benchmark(_Strict):
    # "dfe" is looked up in DfE's statistics; "community" in the community profile the user
    # supplies (--community), else `value`; anything else uses `value`
    source: str
    geography: str
    value: float | None = None  # the figure the document states, used when no other is loaded
    alternative: str | None = None
    release: str | None = None
    as_stated: str | None = None
    refresh: str | None = None
    text: str | None = None
    also_quoted: dict[str, float] | None = None


class Range(_Strict):
    min: float
    max: float


class Breakdown(_Strict):
    """A target judged group by group (docs/targets.md): for every value of ``by`` in the
    target's population, or for the named ``groups`` only (then the population is those groups).
    ``breakdown: team`` is short for ``breakdown: {by: team}``."""

    by: str
    groups: tuple[str | int, ...] = ()

    @model_validator(mode="before")
    @classmethod
    def _shorthand(cls, data: Any) -> Any:
        return {"by": data} if isinstance(data, str) else data

    @model_validator(mode="after")
    def _known(self) -> Breakdown:
        if self.by not in BREAKDOWNS:
            raise ValueError(f"{self.by!r} is not a column to break down by (choose one of "
                             f"{', '.join(BREAKDOWNS)}); name particular groups as "
                             "{by: team, groups: [A, B]}")
        if self.groups:
            try:  # each group a value the column can hold, checked as a scope's would be
                ScopeSpec.model_validate({"where": {self.by: list(self.groups)}})
            except ValidationError as exc:
                raise ValueError(f"groups: {exc.errors()[0]['msg']}") from None
            names = [str(g).strip().casefold() for g in self.groups]
            repeated = sorted({str(g) for g, n in zip(self.groups, names, strict=True)
                               if names.count(n) > 1})
            if repeated:
                raise ValueError(f"groups named twice: {', '.join(repeated)}")
        return self

    @property
    def plural(self) -> str:
        """The groups' word: teams, services, roles, grades, org roles."""
        return self.by.replace("_", " ") + "s"

    def words(self) -> str:
        """The groups a target is judged in: "each team", "each of 6 named teams"."""
        if self.groups:
            return f"each of {len(self.groups)} named {self.plural}"
        return f"each {self.by.replace('_', ' ')}"


class Target(_Strict):
    id: str
    kpi: str | None
    method: Method | None
    scope: str | None
    comparison: Comparison
    value: float | Range | None
    unit: str | None
    due: dt.date | None
    due_text: str | None = None
    amber: Amber | None
    measurable: bool
    reason: str | None = None
    needs: str | None = None
    inferred: bool = False  # the comparison is our reading of words that state none
    scope_inferred: bool = False  # the population (scope, breakdown groups) is our reading
    note: str | None = None
    period: str | None = None
    breakdown: Breakdown | None = None  # judged group by group (docs/targets.md)
    benchmark: Benchmark | None = None
    params: dict[str, float | str] = {}  # KPI parameters for this target (wfkpi.engine.params)
    change: Literal["absolute", "relative"] = "absolute"  # vs_previous: difference, or % change
    source: Source

    @model_validator(mode="after")
    def _consistent(self) -> Target:
        if self.params:
            try:
                resolve(self.params)
            except EngineError as exc:
                raise ValueError(str(exc)) from None
        if self.measurable:
            if not (self.kpi and self.method):
                raise ValueError("a measurable target needs a kpi and a method")
            known = list(KPIS[self.method])
            if self.kpi not in known:
                raise ValueError(f"kpi '{self.kpi}' is not a {self.method} KPI; known: "
                                 f"{', '.join(known)}")
            if self.comparison == "qualitative":
                raise ValueError("a qualitative target cannot be measurable")
            if self.comparison in BENCHMARKED and self.benchmark is None:
                raise ValueError(f"comparison {self.comparison} needs a benchmark")
            fixed = self.comparison in {"<", "<=", ">", ">="}
            if fixed and not isinstance(self.value, float | int):
                raise ValueError(f"comparison {self.comparison} needs a number as value")
            if self.comparison == "range" and not isinstance(self.value, Range):
                raise ValueError("comparison range needs value: {min: …, max: …}")
        elif not self.reason:
            raise ValueError("a target that is not measurable needs a reason")
        if self.breakdown is not None and not self.measurable:
            raise ValueError("a breakdown needs a measurable target")
        return self

    def describe(self) -> str:
        """The target in words, e.g. ``<= 20%`` or ``lower than the previous year``, and where a
        breakdown judges it group by group, in which groups (``…, in each team``)."""
        words = self._goal()
        return f"{words}, in {self.breakdown.words()}" if self.breakdown else words

    def _goal(self) -> str:
        unit = "%" if self.unit in ("percent", "%") else f" {self.unit}" if self.unit else ""
        if isinstance(self.value, Range):
            return f"{self.value.min:g} to {self.value.max:g}{unit}"
        if self.comparison in ("<", "<=", ">", ">="):
            return f"{self.comparison} {self.value:g}{unit}"
        if self.comparison in BENCHMARKED:
            assert self.benchmark is not None
            word = {"<=benchmark": "at or below", ">=benchmark": "at or above",
                    ">benchmark": "above"}[self.comparison]
            return f"{word} {self.benchmark.geography}"
        if self.comparison in ("decrease_vs_previous", "increase_vs_previous"):
            word = "lower" if self.comparison == "decrease_vs_previous" else "higher"
            if isinstance(self.value, float | int):
                by = f"{self.value:g}%" if self.change == "relative" else f"{self.value:g}{unit}"
                return f"{by} {word} than the previous year or more"
            return f"{word} than the previous year"
        value = f" {self.value:g}{unit}" if isinstance(self.value, float | int) else ""
        return f"no figure{value}: see the quote" if self.comparison == "qualitative" \
            else self.comparison


class StrategyPeriod(_Strict):
    start: dt.date | None = None
    end: dt.date | None = None
    text: str


class Council(_Strict):
    name: str
    document: str
    dfe_area: str | None = None  # the council's name in DfE's published statistics
    # Its statistical neighbours, as DfE's statistics name them, and where the list comes from
    # (docs/peers.md); without them, DfE's statistical neighbour groups shipped in wfkpi/data.
    neighbours: tuple[str, ...] | None = None
    neighbours_source: str | None = None
    strategy_period: StrategyPeriod
    population_note: str | None = None
    shared_with: str | None = None
    targets: list[Target]
    baselines: list[dict[str, Any]] = []

    @model_validator(mode="after")
    def _unique_ids(self) -> Council:
        ids = [t.id for t in self.targets]
        repeated = sorted({i for i in ids if ids.count(i) > 1})
        if repeated:
            raise ValueError(f"target ids must be unique: {', '.join(repeated)}")
        return self

    @model_validator(mode="after")
    def _sourced_neighbours(self) -> Council:
        """A list of neighbours says where it comes from, and belongs to a council with a DfE
        area (the names themselves are checked against DfE's file when they are used)."""
        if self.neighbours is not None:
            if not self.neighbours:
                raise ValueError("neighbours: the list is empty; leave it out to use DfE's "
                                 "statistical neighbour groups")
            if not (self.neighbours_source or "").strip():
                raise ValueError("neighbours needs neighbours_source: where the list comes "
                                 "from (a document and its section, or a published tool)")
            if self.dfe_area is None:
                raise ValueError("neighbours needs dfe_area: they are compared in DfE's "
                                 "published figures")
        elif self.neighbours_source is not None:
            raise ValueError("neighbours_source without neighbours: list them, or leave both "
                             "out")
        return self


class TargetsFile(_Strict):
    schema_version: Literal[1]
    description: str = ""
    conventions: dict[str, Any] = {}
    councils: dict[str, Council]


class Peer(BaseModel):
    """A figure another council published about itself (London practice examples)."""

    model_config = ConfigDict(extra="allow", frozen=True)

    id: str
    council: str
    kpi: str | None = None
    value: float | dict[str, Any] | None = None
    period: str | None = None
    source: Source


class PeersFile(BaseModel):
    model_config = ConfigDict(extra="allow", frozen=True)

    peers: list[Peer]


def load_targets(path: Path | None = None) -> TargetsFile:
    """The targets file (default: the one shipped), checked; scopes are checked by
    :func:`check_scopes` once the scopes in use are known."""
    path = path or package_file("config", "targets.yaml")
    data = load_yaml(path, "targets")
    try:
        return TargetsFile.model_validate(data)
    except ValidationError as exc:
        raise ConfigError(f"{path}: the targets file is not valid:\n{_explain(exc, data)}") \
            from None


def load_peers(path: Path | None = None) -> PeersFile:
    path = path or package_file("config", "peers.yaml")
    try:
        return PeersFile.model_validate(load_yaml(path, "peers"))
    except ValidationError as exc:
        raise ConfigError(f"{path}: the peers file is not valid:\n{_explain(exc)}") from None


def check_scopes(targets: TargetsFile, known: set[str], path: str = "targets.yaml") -> None:
    """Every scope a target names must exist."""
    for council_id, council in targets.councils.items():
        for target in council.targets:
            if target.scope and target.scope not in known:
                raise ConfigError(
                    f"{path}: councils.{council_id}: target {target.id} names scope "
                    f"'{target.scope}', which is not defined (known: {', '.join(sorted(known))})")


def _explain(exc: ValidationError, data: Any = None) -> str:
    """One line per problem (at most ten), each saying where: ``councils.x: target t: scope``."""
    return "\n".join(f"  {_where(error['loc'], data)}: {error['msg'].replace('Value error, ', '')}"
                     for error in exc.errors()[:10])


def _where(loc: tuple[Any, ...], data: Any) -> str:
    """A location in the file's keys, a target named by its id rather than its position."""
    text = ""
    for key in loc:
        data = data.get(key) if isinstance(data, dict) else \
            data[key] if isinstance(data, list) and isinstance(key, int) and key < len(data) \
            else None
        name = data.get("id") if isinstance(data, dict) else None
        if isinstance(key, int) and text.endswith(".targets") and isinstance(name, str):
            text = f"{text.removesuffix('.targets')}: target {name}:"
        else:
            text += (" " if text.endswith(":") else "." if text else "") + str(key)
    return text.removesuffix(":")
