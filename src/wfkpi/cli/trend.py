"""``wfkpi trend``: the KPIs of a folder of monthly extracts, month by month."""

from __future__ import annotations

import logging
import sys
from collections.abc import Callable, Iterator
from contextlib import contextmanager
from enum import StrEnum
from pathlib import Path

import typer

from wfkpi.cli import common
from wfkpi.cli.report import Method
from wfkpi.core.errors import UsageError
from wfkpi.render import formats

# The trend's formats (wfkpi.render.trend.FORMATS).
Format = StrEnum("Format", {name: name for name in formats.TREND_FORMATS})


def command(
    path: Path = typer.Argument(
        ..., metavar="DIR", show_default=False,
        help="A folder of monthly extracts: one subfolder per month named YYYY-MM (each an "
        "extract as `wfkpi report` reads it), or files whose names carry their table and "
        "month, e.g. workers_2025-01.csv, '2025-01 vacancies.xlsx'."),
    council: str | None = typer.Option(
        None, "--council", metavar="ID", show_default=False,
        help="Test the targets of this council's strategy every month (see `wfkpi councils`): "
        "one line per measured target, with its target line and monthly status."),
    method: Method | None = typer.Option(
        None, "--method", show_default=False,
        help="Definitions: dfe, sfc or lg, as for `wfkpi report`. Default: sfc for ASC-WDS "
        "files, else dfe. Not with --council (each target has its own)."),
    scope: str | None = common.SCOPE,
    scopes_file: Path | None = common.SCOPES_FILE,
    targets_file: Path | None = common.TARGETS_FILE,
    mapping: Path | None = common.MAPPING,
    standard_week: float | None = common.STANDARD_WEEK,
    limit: list[str] | None = common.LIMIT,
    param: list[str] | None = common.PARAM,
    community: Path | None = common.COMMUNITY,
    format: Format = typer.Option(
        Format.table, "--format", "-f",
        help="table (sparklines and the change on the month before), json, csv (long: one row "
        "per month and KPI), xlsx (a line chart per KPI; needs --output) or html (one "
        "self-contained page of charts); see `wfkpi docs trend`."),
    output: Path | None = typer.Option(
        None, "--output", "-o", show_default=False,
        help="Write to this file (atomically) instead of the terminal; needed for xlsx. May hold "
        "{council}, {as_at} (the last month's), {method} and {format}."),
    quiet: bool = common.QUIET,
    verbose: bool = common.VERBOSE,
) -> None:
    """Compute every KPI month by month over a folder of monthly extracts, each month from its
    own extract at its last day, exactly as `wfkpi report` computes it; with --council, the
    strategy's targets month by month.

    Shows a progress bar on stderr while the months are read, when stderr is a terminal (not
    with --quiet or --verbose). Exits 3 (after writing the trend) when the input of any month
    has errors.
    """
    from wfkpi.app import trend as app

    if council is not None and (method or scope):
        raise UsageError("--council tests each target in its own method and scope; leave out "
                         "--method and --scope")
    if targets_file is not None and council is None:
        raise UsageError("--targets needs --council ID (see `wfkpi councils`)")
    common.check_community(community, council)
    if format is Format.xlsx and output is None:
        raise UsageError("--format xlsx writes a workbook: add --output FILE.xlsx")
    common.check_output(output, **({"method": "with --council (each target has its own method)"}
                                   if council else {"council": "without --council"}))
    with _progress(quiet) as progress:
        result = app.trend(path, council=council, mapping=mapping,
                           method=method.value if method else None, scope=scope,
                           scopes_file=scopes_file, targets_file=targets_file,
                           standard_week=standard_week, progress=progress,
                           limits=common.limits(limit), params=common.params(param),
                           community=community)
    data = result.to_dict()
    for month in data["series"]:
        common.log_run(month["data_quality"]["input"], month["as_at"], f"month {month['month']}")
    last = data["series"][-1]["as_at"] if data["series"] else None
    target = common.output_path(output, council=council, as_at=last, method=data["method"],
                                format=format.value)
    common.not_an_input(target, *(month["data_quality"]["input"] for month in data["series"]),
                        path, mapping, targets_file, scopes_file, community)
    _emit(data, format, target, quiet)
    invalid = result.invalid()
    if invalid:
        months = ", ".join(f"{month} ({n} error{'s' if n != 1 else ''})" for month, n in invalid)
        figures = f"the figures in {target}" if target else \
            "the figures" if quiet else "the figures above"
        typer.echo(f"error: the input has errors in {months}; {figures} leave out the rows set "
                   "aside. `wfkpi validate` on each month's extract lists them.", err=True)
        raise typer.Exit(3)


def _emit(data: dict, format: Format, output: Path | None, quiet: bool) -> None:
    from wfkpi.render.trend import FORMATS

    common.emit_as(FORMATS[format.value], data, output, quiet)


@contextmanager
def _progress(quiet: bool) -> Iterator[Callable[[str, int, int], None] | None]:
    """A transient progress bar on stderr, one step per month, when stderr is a terminal and
    neither --quiet nor --verbose (whose log says which month is read) is given."""
    if quiet or common.log.isEnabledFor(logging.INFO) or not sys.stderr.isatty():
        yield common.log_month
        return
    from rich.console import Console
    from rich.progress import BarColumn, MofNCompleteColumn, Progress, TextColumn

    bar = Progress(TextColumn("{task.description}"), BarColumn(), MofNCompleteColumn(),
                   console=Console(stderr=True), transient=True, redirect_stdout=False)
    task = bar.add_task("reading", total=None)

    def update(what: str, done: int, total: int) -> None:
        common.log_month(what, done, total)
        text = f"reading {what}" if done < total else f"read {total} months"
        bar.update(task, description=text, completed=done, total=total)

    try:  # not `with`: a Ctrl-C while the bar starts would leave it running, the cursor hidden
        bar.start()
        yield update
    finally:
        bar.stop()
