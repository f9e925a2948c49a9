"""``wfkpi sample``: seeded synthetic extracts shaped like a council's workforce."""

from __future__ import annotations

from pathlib import Path

import typer

from wfkpi.cli import common

# The ids of wfkpi.sample.PROFILES, named here so that --help need not load the generator.
COUNCILS = ("lambeth_childrens", "cambridgeshire", "peterborough", "camden_childrens",
            "camden_asc")


def command(
    council: str = typer.Option(
        ..., "--council", metavar="ID", show_default=False,
        help=f"Whose workforce the data is shaped like: {', '.join(COUNCILS)}."),
    seed: int = typer.Option(1, "--seed", min=0, metavar="N",
                             help="Random seed: the same options always give the same bytes."),
    months: int = typer.Option(
        1, "--months", min=1, max=120, metavar="M",
        help="1: one extract, written into --out. More: one extract for each of the M "
        "month-ends ending at --as-at, each in its own folder --out/YYYY-MM/."),
    out: Path = typer.Option(
        ..., "--out", metavar="DIR", show_default=False,
        help="Folder to write workers.csv, vacancies.csv, absences.csv, training.csv, "
        "appraisals.csv and recruitment.csv into (created when missing; files of those names "
        "are replaced)."),
    as_at: str | None = typer.Option(
        None, "--as-at", metavar="DATE", show_default=False,
        help="Reference date of the (last) extract, ISO or day-first; a month-end when "
        "--months is more than 1. Default: 2025-09-30."),
    quiet: bool = common.QUIET,
    verbose: bool = common.VERBOSE,
) -> None:
    """Write synthetic extracts in the canonical layout, shaped like a council's workforce:
    size, agency share, vacancies, turnover, sickness and caseloads, with equality data,
    training, appraisals and recruitment campaigns, and two years of history so that last
    year's figures can be computed too.

    The data is made up and no row describes a real person. Prints one line per folder written
    (nothing with --quiet; with --verbose, the log says the same on stderr).
    """
    from wfkpi.app.sample import write_samples

    day = common.date_option(as_at, "--as-at")
    for folder, month_end, summary in write_samples(council, out, as_at=day, months=months,
                                                    seed=seed):
        line = f"{folder}: {council} as at {month_end.isoformat()}, {summary}"
        common.log.info("wrote %s", line)
        if not quiet:
            common.stdout_text(line + "\n")
