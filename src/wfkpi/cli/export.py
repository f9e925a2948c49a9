"""``wfkpi export``: the returns councils send on, written from their HR extracts."""

from __future__ import annotations

from enum import StrEnum
from pathlib import Path

import typer

from wfkpi.cli import common
from wfkpi.core.census import YEARS
from wfkpi.core.errors import UsageError

app = typer.Typer(help="Write a return from HR extracts: the DfE census (csww).",
                  no_args_is_help=True, rich_markup_mode=None)


class Format(StrEnum):
    table = "table"
    json = "json"


@app.command("csww")
def csww(
    path: Path = common.PATH,
    year: int = typer.Option(..., "--year", min=YEARS[0], max=YEARS[-1], show_default=False,
                             help="Collection year: the return describes the year to "
                             "30 September of it."),
    la: str = typer.Option(..., "--la", metavar="CODE", show_default=False,
                           help="The local authority's three-digit DfE code, e.g. 208."),
    output: Path = typer.Option(..., "--output", "-o", metavar="FILE", show_default=False,
                                help="Where to write the census XML (atomically); - writes it "
                                "to stdout, and what was written to stderr."),
    answers: Path | None = typer.Option(
        None, "--answers", metavar="FILE", show_default=False,
        help="YAML with the 2025 LA-level pay items (RecruitmentBonus ... OtherAllowances), "
        "which no HR extract holds; see `wfkpi docs census`."),
    scope: str | None = common.SCOPE,
    scopes_file: Path | None = common.SCOPES_FILE,
    mapping: Path | None = common.MAPPING,
    limit: list[str] | None = common.LIMIT,
    format: Format = typer.Option(Format.table, "--format", "-f",
                                  help="How to print what was written: table or json."),
    quiet: bool = common.QUIET,
    verbose: bool = common.VERBOSE,
) -> None:
    """Write the DfE children's social work workforce census return from HR extracts.

    Prints what was written, what was left out, what could not be filled and why, and whether
    the file is valid against that year's schema. Exits 0 when it is, 1 when the file was
    written but needs filling in before submission, 3 when the extract has errors (the return
    is still written, from the rows that could be read) or is unusable. With --quiet, prints
    nothing when the return is valid, one line on stderr when it is not.
    """
    from wfkpi.app import export as app
    from wfkpi.app.read import input_quality
    from wfkpi.render import census as render

    if len(la) != 3 or not la.isdigit():
        raise UsageError(f"--la {la!r}: a DfE local authority code is three digits, e.g. 208")
    done = app.export_csww(path, year=year, la=la, mapping=mapping, scope=scope,
                           scopes_file=scopes_file, answers=answers,
                           limits=common.limits(limit))
    quality = input_quality(done.extract)
    common.log_input(quality)
    common.not_an_input(output, quality, path, mapping, scopes_file, answers)
    common.emit(done.census.xml, output)
    census = done.census
    if not quiet:
        # with --output -, stdout is the return's: what was written goes to stderr
        aside = common.to_stdout(output)
        written = "stdout" if aside else str(output)
        if format is Format.json:
            typer.echo(render.to_json(census), nl=False, err=aside)
        else:
            render.print_summary(census, common.errors() if aside else common.console(),
                                 output=written)
    common.exit_if_invalid(quality, f"the records in {output}")
    if not census.valid:
        if quiet:
            typer.echo(f"error: {output} was written but is not valid against the "
                       f"{census.schema} schema ({len(census.schema_errors)} problem(s)): fill "
                       "it in before submission; without --quiet the summary says what",
                       err=True)
        raise typer.Exit(1)
