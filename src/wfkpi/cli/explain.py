"""``wfkpi explain``: why a rate moved between two reference dates."""

from __future__ import annotations

from enum import StrEnum
from pathlib import Path

import typer

from wfkpi.cli import common
from wfkpi.cli.report import By, Method
from wfkpi.core.errors import UsageError
from wfkpi.render import formats

# The bridge's formats (wfkpi.render.explain.FORMATS).
Format = StrEnum("Format", {name: name for name in formats.EXPLAIN_FORMATS})


def command(
    path: Path = common.PATH,
    kpi: str = typer.Option(
        ..., "--kpi", metavar="ID", show_default=False,
        help="The rate to explain, e.g. turnover_rate_fte, agency_rate_fte, vacancy_rate_fte, "
        "absence_rate_fte, caseload_fte (`wfkpi docs explain` lists what each is split into)."),
    start: str | None = typer.Option(
        None, "--from", metavar="YYYY-MM-DD", show_default=False,
        help="The earlier reference date. Default: a year before the later one."),
    end: str | None = typer.Option(
        None, "--to", metavar="YYYY-MM-DD", show_default=False,
        help="The later reference date. Default: the date `wfkpi report` would use (the "
        "census's own, else the last month-end the data covers)."),
    by: By | None = typer.Option(
        None, "--by", show_default=False,
        help="Also split the change by this column: the teams (or services, roles...) that "
        "moved it most."),
    suppress_below: int | None = typer.Option(
        None, "--suppress-below", min=1, metavar="N", show_default=False,
        help="With --by: leave groups of fewer than N people out of the list (their part is "
        "counted with the rest, never shown on its own)."),
    method: Method | None = typer.Option(
        None, "--method", show_default=False,
        help="Definitions: dfe, sfc or lg, as for `wfkpi report`. Default: sfc for ASC-WDS "
        "files, else dfe."),
    scope: str | None = common.SCOPE,
    scopes_file: Path | None = common.SCOPES_FILE,
    mapping: Path | None = common.MAPPING,
    standard_week: float | None = common.STANDARD_WEEK,
    limit: list[str] | None = common.LIMIT,
    param: list[str] | None = common.PARAM,
    format: Format = typer.Option(
        Format.table, "--format", "-f",
        help="table for a terminal, json for programs (`wfkpi docs explain`), csv, markdown, "
        "xlsx (a waterfall chart; needs --output) or html (a page with a waterfall chart)."),
    output: Path | None = typer.Option(
        None, "--output", "-o", show_default=False,
        help="Write to this file (atomically) instead of the terminal; needed for xlsx. May "
        "hold {as_at} (the later date), {method} and {format}."),
    quiet: bool = common.QUIET,
    verbose: bool = common.VERBOSE,
) -> None:
    """Split the change of a rate between two reference dates of one extract into the parts
    that made it (leavers by reason, agency workers who started or ended, establishment and
    posts filled, long- and short-term sickness, cases and case-holding FTE, and the rows set
    aside for missing data), each in percentage points, adding up to the change exactly.

    Exits 3 (after printing) when the input has errors.
    """
    from wfkpi.app.explain import explain_change
    from wfkpi.render.explain import FORMATS

    if format is Format.xlsx and output is None:
        raise UsageError("--format xlsx writes a workbook: add --output FILE.xlsx")
    if suppress_below is not None and by is None:
        raise UsageError("--suppress-below hides small groups of a breakdown: add --by")
    common.check_output(output, council="in wfkpi explain")
    with common.progress(quiet) as progress:
        run = explain_change(path, kpi, start=common.date_option(start, "--from"),
                             end=common.date_option(end, "--to"), mapping=mapping,
                             method=method.value if method else None, scope=scope,
                             scopes_file=scopes_file, by=by.value if by else None,
                             suppress_below=suppress_below, standard_week=standard_week,
                             progress=progress, limits=common.limits(limit),
                             params=common.params(param))
    data = run.to_dict()
    quality = data["data_quality"]["input"]
    common.log_run(quality, data["bridge"]["after"]["as_at"], data["dates"]["to"])
    target = common.output_path(output, as_at=data["bridge"]["after"]["as_at"],
                                method=data["bridge"]["method"], format=format.value)
    common.not_an_input(target, quality, path, mapping, scopes_file)
    common.emit_as(FORMATS[format.value], data, target, quiet)
    figures = f"the figures in {target}" if target else \
        "its figures" if quiet else "the figures above"
    common.exit_if_invalid(quality, figures)
