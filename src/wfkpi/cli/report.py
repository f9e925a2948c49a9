"""``wfkpi report``: the KPIs of an extract."""

from __future__ import annotations

from enum import StrEnum
from pathlib import Path

import typer

from wfkpi.cli import common


class Method(StrEnum):
    dfe = "dfe"
    sfc = "sfc"
    lg = "lg"


class By(StrEnum):
    team = "team"
    service = "service"
    role = "role"
    grade = "grade"
    org_role = "org_role"


class Format(StrEnum):
    table = "table"
    json = "json"


def command(
    path: Path = common.PATH,
    as_at: str | None = typer.Option(
        None, "--as-at", metavar="DATE", show_default=False,
        help="Reference date (ISO or day-first). Default: the last month-end the data covers; "
        "the date used is always printed."),
    method: Method = typer.Option(
        Method.dfe, "--method", help="Definitions: dfe (DfE children's social work workforce), "
        "sfc (Skills for Care adult social care), lg (local-government HR)."),
    scope: str | None = typer.Option(
        None, "--scope", show_default=False,
        help="Limit to a named population (see `config/scopes.yaml`), e.g. "
        "team_manager_and_below. Default: everyone."),
    scopes_file: Path | None = typer.Option(
        None, "--scopes", metavar="FILE", show_default=False,
        help="YAML file of extra or replacement scopes, in the layout of config/scopes.yaml."),
    by: By | None = typer.Option(None, "--by", show_default=False,
                                 help="Break the KPIs down by this column, with a total row."),
    suppress_below: int | None = typer.Option(
        None, "--suppress-below", min=1, metavar="N", show_default=False,
        help="Hide the figures of groups with fewer than N people (DfE symbol 'c')."),
    mapping: Path | None = common.MAPPING,
    format: Format = typer.Option(Format.table, "--format", "-f",
                                  help="table for people, json for programs (docs/kpis.md)."),
    output: Path | None = typer.Option(None, "--output", "-o", show_default=False,
                                       help="Write to this file (atomically) instead of the "
                                       "terminal."),
) -> None:
    """Compute every KPI of a method at a reference date, with numerators and denominators.

    Rows set aside by validation are counted in the output, never silently dropped.
    """
    from wfkpi import api
    from wfkpi.render import report as render

    run = api.report(path, mapping=mapping, as_at=common.date_option(as_at, "--as-at"),
                     method=method.value, scope=scope, scopes_file=scopes_file,
                     by=by.value if by else None, suppress_below=suppress_below)
    if format is Format.json:
        common.emit(render.to_json(run.report), output)
    else:
        common.emit_table(lambda console: render.print_table(run, console, path=str(path)),
                          output)
