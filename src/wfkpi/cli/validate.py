"""``wfkpi validate``: is this extract fit to compute KPIs from?"""

from __future__ import annotations

from enum import StrEnum
from pathlib import Path

import typer

from wfkpi.cli import common


class Format(StrEnum):
    table = "table"
    json = "json"
    csv = "csv"
    html = "html"


def command(
    path: Path = common.PATH,
    mapping: Path | None = common.MAPPING,
    format: Format = typer.Option(Format.table, "--format", "-f",
                                  help="table: verdict, counts and the first issues; json or "
                                  "csv: every issue; html: a page grouped by rule, to send "
                                  "on (a census file's pre-submission check)."),
    limit_errors: int = typer.Option(20, "--limit-errors", min=0,
                                     help="How many issues the table lists."),
    redact: bool = common.REDACT,
    council: str | None = typer.Option(
        None, "--council", show_default=False,
        help="A census file: compare its <LEA> with the council's LA code in DfE's statistics."),
    previous: Path | None = typer.Option(
        None, "--previous", metavar="FILE", show_default=False,
        help="A census file: last year's return, to query headline figures that moved far."),
    standard_week: float | None = common.STANDARD_WEEK,
    limit: list[str] | None = common.LIMIT,
    quiet: bool = common.QUIET,
    verbose: bool = common.VERBOSE,
) -> None:
    """Check an extract against the data contract: VALID or INVALID, and every issue found.

    A DfE census XML file is also checked as DfE will check it: against its collection year's
    schema, the census rules and the cross-checks (`wfkpi docs census`).

    Exits 0 when valid (warnings allowed), 3 when invalid, 2 on a usage or mapping error.
    With --quiet, prints nothing when valid and one line of counts on stderr when invalid.
    """
    from wfkpi.app.read import input_quality
    from wfkpi.app.validate import validate
    from wfkpi.render import census, validation

    with common.progress(quiet) as progress:
        done = validate(path, mapping, standard_week=standard_week, progress=progress,
                        limits=common.limits(limit), council=council, previous=previous)
    extract = done.extract
    quality = input_quality(extract)
    common.log_input(quality)
    if quiet:
        if not extract.valid:
            issues = ", ".join(f"{code} {n}" for code, n in quality["issues"].items())
            typer.echo(f"error: {path} is INVALID: {quality['errors']} error(s), "
                       f"{quality['warnings']} warning(s) ({issues}); `wfkpi validate` without "
                       "--quiet lists them", err=True)
        raise typer.Exit(0 if extract.valid else 3)
    if format is Format.table:
        validation.print_table(extract, common.console(), limit=limit_errors, redact=redact)
    elif format is Format.html:
        typer.echo(census.to_html(extract, done.census, redact=redact), nl=False)
    else:
        render = validation.to_json if format is Format.json else validation.to_csv
        typer.echo(render(extract, redact=redact), nl=False)
    raise typer.Exit(0 if extract.valid else 3)
