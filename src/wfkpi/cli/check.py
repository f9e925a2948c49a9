"""``wfkpi check``: have an extract's KPI figures moved from a stored snapshot?"""

from __future__ import annotations

from pathlib import Path

import typer

from wfkpi.cli import common
from wfkpi.cli.report import Method
from wfkpi.core.errors import UsageError
from wfkpi.core.names import DRIFT_TOLERANCE, METHODS


def command(
    path: Path = common.PATH,
    expected: Path = typer.Option(
        ..., "--expected", metavar="FILE", show_default=False,
        help="The snapshot to compare with: JSON written by --update (`wfkpi docs automation`)."),
    tolerance: float = typer.Option(
        DRIFT_TOLERANCE, "--tolerance", metavar="T", min=0,
        help="How far a figure may move (absolute, in its own unit) before it counts as a "
        "change. The default only forgives floating-point noise."),
    update: bool = typer.Option(
        False, "--update",
        help="Write the snapshot from the data (atomically) instead of comparing, and say "
        "what changed; never from invalid data."),
    methods: list[Method] | None = typer.Option(
        None, "--method", show_default=False,
        help="Check this method only; repeat for several. Default: every method (dfe, sfc, lg)."),
    as_at: str | None = common.AS_AT,
    scope: str | None = common.SCOPE,
    scopes_file: Path | None = common.SCOPES_FILE,
    mapping: Path | None = common.MAPPING,
    standard_week: float | None = common.STANDARD_WEEK,
    limit: list[str] | None = common.LIMIT,
    quiet: bool = common.QUIET,
    verbose: bool = common.VERBOSE,
) -> None:
    """Compare every KPI figure (value, numerator, denominator, rows used) of every method with
    a stored snapshot, and print what moved and by how much.

    Exits 0 when nothing moved (or with --update), 1 when something did, 2 when the snapshot
    is missing or malformed (write one with --update), 3 when the data is invalid.
    """
    from wfkpi.app import check as snapshot

    day = common.date_option(as_at, "--as-at")
    seen = _version(expected)  # what --update may replace: refused if it changes meanwhile
    stored = None
    try:
        stored = snapshot.load(expected)
    except snapshot.SnapshotError:
        if not update:
            raise  # exit 2, saying how to write one; --update replaces it
    asked = {m.value for m in methods or ()}
    chosen = [m for m in METHODS if m in asked or not asked]
    with common.progress(quiet) as progress:
        fresh, runs = snapshot.take(path, chosen, progress=progress, mapping=mapping, as_at=day,
                                    scope=scope, scopes_file=scopes_file,
                                    standard_week=standard_week, limits=common.limits(limit))
    quality = runs[0].report.data_quality["input"]
    common.log_run(quality, fresh["as_at"], runs[0].as_at_source)
    drifts = snapshot.compare(stored, fresh, tolerance) if stored is not None else []
    what = (f"{', '.join(chosen)}; {snapshot.kpi_count(fresh)} KPIs as at {fresh['as_at']}; "
            f"tolerance {tolerance:g}")
    invalid = quality["verdict"] == "INVALID"
    if update:
        if invalid:
            _fail_invalid(quality, "a snapshot is never written from invalid data")
        if _version(expected) != seen:
            raise UsageError(f"{expected} changed while the snapshot was being taken (another "
                             "`wfkpi check --update`?); it is left as the other run wrote it: "
                             "run again to compare with it")
        _update(path, expected, fresh, stored, drifts, what, quiet)
        return
    if drifts:
        typer.echo(f"{path}: {len(drifts)} change{'s' if len(drifts) > 1 else ''} from "
                   f"{expected} ({what}); --update accepts them")
        for drift in drifts:
            typer.echo(f"  {drift}")
    elif not quiet:
        typer.echo(f"{path}: no change from {expected} ({what})")
    if invalid:
        _fail_invalid(quality, "its figures leave out the rows set aside, so the check fails")
    if drifts:
        raise typer.Exit(1)


def _update(path: Path, expected: Path, fresh: dict, stored: dict | None, drifts: list,
            what: str, quiet: bool) -> None:
    from wfkpi.app import check as snapshot

    text = snapshot.dumps(fresh)
    existed = expected.is_file()
    if stored is not None and expected.read_text(encoding="utf-8") == text:
        if not quiet:
            typer.echo(f"{path}: {expected} is up to date ({what})")
        return
    common.emit(text, expected)
    if quiet:
        return
    if stored is None:
        why = "in place of one that could not be read" if existed else "a new snapshot"
        typer.echo(f"{path}: wrote {expected} ({what}), {why}")
        return
    moved = f"{len(drifts)} change{'s' if len(drifts) > 1 else ''}:" if drifts else "no change"
    typer.echo(f"{path}: wrote {expected} ({what}); {moved}")
    for drift in drifts:
        typer.echo(f"  {drift}")


def _fail_invalid(quality: dict, consequence: str) -> None:
    typer.echo(f"error: the input has {quality['errors']} error(s); {consequence}. "
               "`wfkpi validate` lists them.", err=True)
    raise typer.Exit(3)


def _version(path: Path) -> tuple[int, int, int] | None:
    """Which version of ``path`` is on disk: its inode, size and modification time in
    nanoseconds (None when there is none)."""
    try:
        found = path.stat()
    except OSError:
        return None
    return found.st_ino, found.st_size, found.st_mtime_ns
