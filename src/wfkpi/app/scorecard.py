"""``wfkpi report --council``: a council's strategy targets tested on one extract."""

from __future__ import annotations

import datetime as dt
from dataclasses import replace
from pathlib import Path

from wfkpi.app.read import (
    Progress,
    input_quality,
    read,
    reference_date,
    source_params,
)
from wfkpi.app.strategy import Strategy, strategy
from wfkpi.core.errors import engine_errors
from wfkpi.engine.report import DATED_BY
from wfkpi.read import Extract
from wfkpi.read.limits import Limits
from wfkpi.read.sources import csww
from wfkpi.targets.benchmarks import dfe
from wfkpi.targets.scorecard import Scorecard, build, tables_read


def scorecard(
    path: Path,
    council: str,
    *,
    mapping: Path | None = None,
    as_at: dt.date | None = None,
    targets_file: Path | None = None,
    scopes_file: Path | None = None,
    standard_week: float | None = None,
    progress: Progress | None = None,
    limits: Limits | None = None,
    community: Path | None = None,
    neighbours: Path | None = None,
) -> Scorecard:
    """The council's strategy targets tested on the extract at ``path`` (docs/targets.md), as a
    :class:`~wfkpi.targets.scorecard.Scorecard` (its ``to_dict()`` is what every format shows);
    ``community`` is a community profile for representation targets, ``neighbours`` a file of
    statistical neighbours for the peer positions (docs/peers.md). Only the tables the targets'
    KPIs read are read (:func:`targets_need`); the others are named in the input quality's
    ``unread``."""
    chosen = strategy(council, targets_file, scopes_file, community, neighbours)
    extract = read(path, mapping, standard_week=standard_week, as_at=as_at, progress=progress,
                   limits=limits, tables=targets_need(chosen, as_at), unread_why=unread_why(chosen))
    return scorecard_of(extract, chosen, as_at=as_at, path=str(path))


def targets_need(strategy: Strategy, as_at: dt.date | None = None) -> frozenset[str]:
    """The tables the scorecard of ``strategy`` reads (:func:`wfkpi.targets.scorecard.
    tables_read`) and, when no reference date is given, those the last month-end the data
    covers is found from (as :func:`wfkpi.app.read.needs`)."""
    tables = tables_read(strategy.council)
    return tables if as_at is not None else tables | frozenset(DATED_BY)


def unread_why(strategy: Strategy) -> str:
    """Why a table the scorecard leaves unread is not read."""
    return f"no KPI of the {strategy.id} targets reads it"


def scorecard_of(extract: Extract, strategy: Strategy, *, as_at: dt.date | None = None,
                 path: str | None = None) -> Scorecard:
    """:func:`scorecard` for an extract already read; ``path`` is the data's as shown."""
    area = strategy.council.dfe_area
    if area:  # a census return names its authority: is it this council's?
        found = csww.la_code_issues(extract, dfe().la_codes(area), area)
        if found:
            extract = replace(extract, issues=[*extract.issues, *found])
    with engine_errors():
        as_at, source = reference_date(extract, as_at)
        return build(strategy.id, strategy.council, strategy.peers, extract.tables,
                     as_at=as_at, as_at_source=source, path=path or extract.path,
                     input_quality=input_quality(extract), scopes_file=strategy.scopes_file,
                     community=strategy.community, params=source_params(extract),
                     neighbours=strategy.neighbours)
