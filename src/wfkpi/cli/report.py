"""``wfkpi report``: the KPIs of an extract."""

from __future__ import annotations

from enum import StrEnum
from pathlib import Path

import typer

from wfkpi.cli import common
from wfkpi.core.errors import UsageError
from wfkpi.core.names import BREAKDOWNS, METHODS
from wfkpi.render import formats

Method = StrEnum("Method", {name: name for name in METHODS})
By = StrEnum("By", {name: name for name in BREAKDOWNS})


# The formats of a KPI report (wfkpi.render.report.FORMATS) and of a scorecard
# (wfkpi.render.scorecard.FORMATS): the same names, with or without --council.
Format = StrEnum("Format", {name: name for name in formats.REPORT_FORMATS})
if formats.REPORT_FORMATS != formats.SCORECARD_FORMATS:
    raise ValueError("wfkpi report offers one --format list, with or without --council")


class FailOn(StrEnum):
    red = "red"
    amber = "amber"


def command(
    path: Path = common.PATH,
    as_at: str | None = common.AS_AT,
    method: Method | None = typer.Option(
        None, "--method", show_default=False,
        help="Definitions: dfe (DfE children's social work workforce), sfc (Skills for Care "
        "adult social care), lg (local-government HR). Default: sfc for ASC-WDS files, "
        "else dfe."),
    scope: str | None = common.SCOPE,
    scopes_file: Path | None = common.SCOPES_FILE,
    by: By | None = typer.Option(None, "--by", show_default=False,
                                 help="Break the KPIs down by this column, with a total row."),
    suppress_below: int | None = typer.Option(
        None, "--suppress-below", min=1, metavar="N", show_default=False,
        help="Hide the figures of groups with fewer than N people (DfE symbol 'c')."),
    council: str | None = typer.Option(
        None, "--council", show_default=False,
        help="Test the targets of this council's strategy (see `wfkpi councils`): adds Target, "
        "Status and Benchmarks; each target uses its own method and scope."),
    fail_on: FailOn | None = typer.Option(
        None, "--fail-on", show_default=False,
        help="With --council: exit 1 when a target is red (or, with amber, red or amber)."),
    targets_file: Path | None = common.TARGETS_FILE,
    mapping: Path | None = common.MAPPING,
    standard_week: float | None = common.STANDARD_WEEK,
    limit: list[str] | None = common.LIMIT,
    param: list[str] | None = common.PARAM,
    community: Path | None = common.COMMUNITY,
    neighbours: Path | None = typer.Option(
        None, "--neighbours", metavar="FILE", show_default=False,
        help="With --council: the statistical neighbours for each target's peer position, one "
        "DfE area name a line (`wfkpi docs peers`). Default: the targets file's, else DfE's "
        "statistical neighbour groups."),
    format: Format = typer.Option(
        Format.table, "--format", "-f",
        help="table for a terminal, json for programs, csv for a spreadsheet or a diff, markdown "
        "for an email or an issue, xlsx for Excel (needs --output), html for a browser: the "
        "KPIs (`wfkpi docs reports`, `wfkpi docs kpis`) or, with --council, the scorecard "
        "(`wfkpi docs scorecards`, `wfkpi docs targets`)."),
    output: Path | None = typer.Option(
        None, "--output", "-o", show_default=False,
        help="Write to this file (atomically, creating its folder) instead of the terminal; "
        "needed for xlsx. Placeholders: {council}, {as_at} (the reference date, YYYY-MM-DD), "
        "{method} (without --council) and {format}, e.g. scorecards/{council}-{as_at}.xlsx."),
    quiet: bool = common.QUIET,
    verbose: bool = common.VERBOSE,
) -> None:
    """Compute every KPI of a method at a reference date, with numerators and denominators,
    in any format (with --by, group by group); with --council, the council's scorecard against
    its strategy's targets.

    Rows set aside by validation are counted in the output, never silently dropped. Exits 3
    (after printing) when the input has errors, else 1 with --fail-on when a target is missed.
    With --quiet, nothing is printed unless it fails.
    """
    from wfkpi.app import report as reporting
    from wfkpi.app import scorecard as scoring

    day = common.date_option(as_at, "--as-at")
    if format is Format.xlsx and output is None:
        raise UsageError("--format xlsx writes a workbook: add --output FILE.xlsx")
    if council is None:
        if fail_on:
            raise UsageError("--fail-on needs a council's targets: add --council ID "
                             "(see `wfkpi councils`)")
        from wfkpi.render.report import FORMATS

        common.check_community(community, council)
        if neighbours is not None:
            raise UsageError("--neighbours gives the peers of a council's targets: add "
                             "--council ID (see `wfkpi councils`)")
        common.check_output(output, council="without --council")
        given = common.params(param)
        with common.progress(quiet) as progress:
            run = reporting.report(path, mapping=mapping, as_at=day,
                             method=method.value if method else None, scope=scope,
                             scopes_file=scopes_file, by=by.value if by else None,
                             suppress_below=suppress_below, standard_week=standard_week,
                             progress=progress, limits=common.limits(limit), params=given)
        quality = run.report.data_quality["input"]
        common.log_run(quality, run.report.as_at.isoformat(), run.as_at_source)
        target = common.output_path(output, as_at=run.report.as_at.isoformat(),
                                    method=run.report.method, format=format.value)
        common.not_an_input(target, quality, path, mapping, scopes_file)
        common.emit_as(FORMATS[format.value], run.to_dict(), target, quiet)
        common.exit_if_invalid(quality, _where(target, quiet))
        return
    if method or scope or by or suppress_below or param:
        raise UsageError("--council tests each target in its own method, scope and parameters; "
                         "leave out --method, --scope, --by, --suppress-below and --param")
    common.check_output(output, method="with --council (each target has its own method)")
    with common.progress(quiet) as progress:
        card = scoring.scorecard(path, council, mapping=mapping, as_at=day,
                                 targets_file=targets_file, scopes_file=scopes_file,
                                 standard_week=standard_week, progress=progress,
                                 limits=common.limits(limit), community=community,
                                 neighbours=neighbours)
    quality = card.data_quality["input"]
    common.log_run(quality, card.as_at.isoformat(), card.as_at_source)
    target = common.output_path(output, council=council, as_at=card.as_at.isoformat(),
                                format=format.value)
    common.not_an_input(target, quality, path, mapping, targets_file, scopes_file, community,
                        neighbours)
    _emit_scorecard(card.to_dict(), format, target, quiet)
    common.exit_if_invalid(quality, _where(target, quiet))
    missing = card.missed(fail_on.value) if fail_on else []
    if missing:
        assert fail_on is not None
        typer.echo(f"error: {len(missing)} target{'s' if len(missing) > 1 else ''} missed "
                   f"(--fail-on {fail_on.value}): {', '.join(missing)}", err=True)
        raise typer.Exit(1)


def _where(target: Path | None, quiet: bool) -> str:
    """Where the figures went, for the message of an invalid extract."""
    if target is not None:
        return f"the figures in {target}"
    return "its figures" if quiet else "the figures above"


def _emit_scorecard(card: dict, format: Format, output: Path | None, quiet: bool) -> None:
    from wfkpi.render.scorecard import FORMATS

    common.emit_as(FORMATS[format.value], card, output, quiet)
