"""``wfkpi peers``: where a council stands among England's local authorities in DfE's published
figures for one year (docs/peers.md). Reads no extract: only the targets file, DfE's published
indicators and the statistical neighbours."""

from __future__ import annotations

from pathlib import Path

from wfkpi.app.councils import councils
from wfkpi.core.errors import UsageError
from wfkpi.targets.benchmarks import dfe
from wfkpi.targets.position import (
    DIRECTIONS,
    Standing,
    council_neighbours,
    not_ranked,
    rates,
    read_neighbours,
    standing,
)


def peers(council: str, *, kpi: str | None = None, year: int | None = None,
          neighbours: Path | None = None, targets_file: Path | None = None) -> Standing:
    """The council's rank, quartile and the medians of all authorities, its region and its
    statistical neighbours for ``kpi`` (default: every DfE rate) in the published ``year``
    (default: the latest); the neighbours are those of ``neighbours`` (a file of DfE area
    names), else of the targets file, else DfE's groups. A UsageError, listing the choices, for
    an unknown council, a council without a DfE area, a KPI that is not ranked or a year DfE
    has not published."""
    loaded = councils(targets_file)
    children = [name for name, c in loaded.councils.items() if c.dfe_area]
    if council not in loaded.councils:
        raise UsageError(f"unknown council '{council}' (configured with a DfE area: "
                         f"{', '.join(children)}); see `wfkpi councils`")
    chosen = loaded.councils[council]
    if chosen.dfe_area is None:
        raise UsageError(f"council '{council}' has no DfE area (dfe_area): DfE publishes "
                         "children's social work figures only; councils with one: "
                         f"{', '.join(children)}")
    data = dfe()
    years = data.years
    if year is None:
        year = years[-1]
    elif year not in years:
        raise UsageError(f"--year {year}: DfE's file publishes reporting years {years[0]} to "
                         f"{years[-1]}; choose one of {', '.join(map(str, years))}")
    kpis = rates()
    if kpi is not None:
        if kpi not in DIRECTIONS:
            why = not_ranked(kpi)
            raise UsageError(f"--kpi {kpi}: {why}; choose one of {', '.join(kpis)}")
        kpis = [kpi]
    near = read_neighbours(neighbours, chosen.dfe_area, data) if neighbours is not None else \
        council_neighbours(council, chosen, str(targets_file or "targets.yaml"), data)
    return standing(council, chosen, kpis, year, near, data)
