"""``wfkpi peers``: how a council compares with England's local authorities, its region and its
statistical neighbours, in DfE's published figures for one year."""

from __future__ import annotations

from enum import StrEnum
from pathlib import Path

import typer

from wfkpi.cli import common
from wfkpi.core.errors import UsageError
from wfkpi.render import formats

# The formats of a council's peer position (wfkpi.render.peers.FORMATS).
Format = StrEnum("Format", {name: name for name in formats.PEERS_FORMATS})


def command(
    council: str = typer.Option(
        ..., "--council", metavar="ID", show_default=False,
        help="The council (see `wfkpi councils`); it needs a DfE area, so a children's "
        "services council."),
    kpi: str | None = typer.Option(
        None, "--kpi", metavar="ID", show_default=False,
        help="One DfE rate, e.g. turnover_rate_fte. Default: every rate DfE publishes "
        "(turnover, agency, vacancy, agency cover, caseload, absence); counts are not ranked."),
    year: int | None = typer.Option(
        None, "--year", metavar="YEAR", show_default=False,
        help="The published reporting year (figures for 30 September of it), 2017 to 2025. "
        "Default: the latest."),
    neighbours: Path | None = typer.Option(
        None, "--neighbours", metavar="FILE", show_default=False,
        help="A text file of statistical neighbours, one DfE area name a line ('# source: …' "
        "says where the list comes from). Default: the council's neighbours in the targets "
        "file, else DfE's statistical neighbour groups."),
    targets_file: Path | None = common.TARGETS_FILE,
    format: Format = typer.Option(
        Format.table, "--format", "-f",
        help="table, json, csv (one row per KPI), markdown, xlsx (a ranked bar chart per KPI; "
        "needs --output) or html (one self-contained page, a ranked chart per KPI); see "
        "`wfkpi docs peers`."),
    output: Path | None = typer.Option(
        None, "--output", "-o", show_default=False,
        help="Write to this file (atomically) instead of the terminal; needed for xlsx. May "
        "hold {council}, {as_at} (30 September of the year), {method} (dfe) and {format}."),
    quiet: bool = common.QUIET,
    verbose: bool = common.VERBOSE,
) -> None:
    """Show a council's rank and quartile among England's local authorities for each DfE rate,
    with the median of all authorities, of its region and of its statistical neighbours, all
    from DfE's published figures for one year.

    The council's own current figure is never among them. Exits 2 for an unknown council, KPI
    or year, or a neighbour that is not an area of DfE's file.
    """
    from wfkpi.app import peers as app
    from wfkpi.render.peers import FORMATS

    if format is Format.xlsx and output is None:
        raise UsageError("--format xlsx writes a workbook: add --output FILE.xlsx")
    common.check_output(output)
    result = app.peers(council, kpi=kpi, year=year, neighbours=neighbours,
                       targets_file=targets_file)
    data = result.to_dict()
    target = common.output_path(output, council=council, as_at=f"{data['year']}-09-30",
                                method="dfe", format=format.value)
    common.not_an_input(target, neighbours, targets_file)
    common.emit_as(FORMATS[format.value], data, target, quiet)
