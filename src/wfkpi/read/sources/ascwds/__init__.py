"""Skills for Care ASC-WDS bulk-upload files, read straight into the canonical tables.

An ASC-WDS bulk upload is a folder of CSV files: a worker file (one row per current worker,
headed ``LOCALESTID``, ``UNIQUEWORKERID``, ``STATUS``, ..., ``EMPLSTATUS``, ``DAYSSICK``,
``MAINJOBROLE``, ``CONTHOURS``, ``AVGHOURS``), a workplace file (one row per workplace, with
``ALLJOBROLES`` and the ``;``-separated ``LEAVERS`` and ``VACANCIES`` aligned with it) and a
training file, which holds nothing the KPIs use. The files are recognised by their headers,
whatever their names.

Each file is read with :func:`~wfkpi.read.files.read_grid`, its cells are turned into canonical
text (FTE from weekly hours over the standard week, ``999`` "not known" to blank, job-role codes
to labels) and the grid goes through :func:`~wfkpi.read.table.table_from_grid`, so every value is
checked by the same rules as any other extract and every issue names the real file, row and
ASC-WDS column. The worker file lists current workers only, so the workplace file's ``LEAVERS``
become leaver spells ending on the reference date, and its ``VACANCIES`` vacancy rows dated at
it. See ``docs/ascwds.md``.

Here: finding the files and the reference date. The specification's codes and columns are in
:mod:`.spec`, the worker file's reading in :mod:`.workers`, the workplace file's in
:mod:`.workplaces`.
"""

from __future__ import annotations

import datetime as dt
import re
from dataclasses import dataclass, field
from functools import partial
from pathlib import Path

import pandas as pd

from wfkpi.core.errors import UsageError
from wfkpi.core.issues import Issue
from wfkpi.read.extract import Part, ReadOptions, SourceRead, TableRead
from wfkpi.read.files import TEXT_SUFFIXES, FileProblem, Grid, header_key, read_grid
from wfkpi.read.sources.ascwds.spec import (
    DELETE,
    WORKER_COLUMNS,
    WORKPLACE_COLUMNS,
    header_positions,
    month_end_on_or_after,
    role_label,
    start_date,
)
from wfkpi.read.sources.ascwds.workers import worker_table
from wfkpi.read.sources.ascwds.workplaces import (
    Workplaces,
    leaver_table,
    vacancy_table,
    workplaces,
)

__all__ = ["METHOD", "WHAT", "Files", "locate", "read", "recognises", "role_label"]

WHAT = "an ASC-WDS bulk-upload folder"
METHOD = "sfc"

_SPLIT = re.compile(r"[,;\t|]")
_HEAD_BYTES = 16384


# --------------------------------------------------------------------------- recognising

@dataclass
class Files:
    """The ASC-WDS files at a path, sorted by their headers."""

    workers: list[Path] = field(default_factory=list)
    workplaces: list[Path] = field(default_factory=list)
    training: list[Path] = field(default_factory=list)


def _header_names(path: Path) -> frozenset[str]:
    """The upper-cased names on the first of the file's first lines that has LOCALESTID."""
    try:
        with path.open("rb") as handle:
            raw = handle.read(_HEAD_BYTES)
    except OSError:
        return frozenset()
    if raw.startswith((b"\xff\xfe", b"\xfe\xff")):
        text = raw.decode("utf-16", errors="ignore")
    elif b"\x00" in raw:
        return frozenset()
    else:
        text = raw.decode("utf-8-sig", errors="replace")  # the names themselves are ASCII
    for line in text.splitlines()[:5]:
        names = frozenset(c.strip().strip('"').strip().upper() for c in _SPLIT.split(line))
        if "LOCALESTID" in names:
            return names
    return frozenset()


def locate(path: Path) -> Files:
    """The worker, workplace and training files of a bulk upload at ``path`` (a folder, or one
    worker file), found by their headers whatever their names."""
    if path.is_file():
        candidates = [path]
    elif path.is_dir():
        candidates = sorted(p for p in path.iterdir()
                            if p.is_file() and p.suffix.lower() in TEXT_SUFFIXES)
    else:
        return Files()
    found = Files()
    for candidate in candidates:
        names = _header_names(candidate)
        if "UNIQUEWORKERID" in names:
            # The training file also has both ids; it has CATEGORY and no EMPLSTATUS.
            is_training = "CATEGORY" in names and "EMPLSTATUS" not in names
            (found.training if is_training else found.workers).append(candidate)
        elif names & {"ALLJOBROLES", "LEAVERS", "VACANCIES", "TOTALPERMTEMP"}:
            found.workplaces.append(candidate)
    if path.is_file():
        found.workplaces, found.training = [], []
    return found


def recognises(path: Path) -> bool:
    """A folder holding an ASC-WDS worker file (headed UNIQUEWORKERID and LOCALESTID), or such
    a worker file itself."""
    return bool(locate(path).workers)


# ------------------------------------------------------------------------------ reading

def read(path: Path, options: ReadOptions) -> SourceRead:
    """The worker files as the workers table; the workplace files as leaver spells (added to
    the workers table) and the vacancies table; the reference date they are placed at."""
    if not options.standard_week > 0:
        raise UsageError(f"the standard week must be more than 0 hours, not "
                         f"{options.standard_week:g}")
    files = locate(path)
    issues: list[Issue] = []
    workers = {str(f): _read(f, WORKER_COLUMNS, options) for f in files.workers}
    grids = [g for g in workers.values() if isinstance(g, Grid)]
    today = dt.date.today()  # ASC-WDS ignores a STARTDATE after the day of the upload
    reference, how = _reference_date(grids, options, today)
    places: list[Workplaces] = []
    for file in files.workplaces:
        grid = _read(file, WORKPLACE_COLUMNS, options)
        if isinstance(grid, FileProblem):
            issues.append(grid.issue)
        else:
            places.append(workplaces(grid, reference))
    if files.workplaces:
        known_places: set[str] | None = {i for p in places for i in p.ids}
    else:
        known_places = None
        missing = "Only the worker file was given (give its folder to read the workplace file " \
            "too)" if path.is_file() else "No ASC-WDS workplace file beside the worker file"
        for file in files.workers:
            issues.append(Issue(
                "not-known", f"{missing}, so leavers and vacancies are not known: the turnover "
                "rate counts no leavers and there is no vacancy rate", file=str(file)))
    context = {"standard week": f"{options.standard_week:g} hours",
               "reference date": f"{reference.isoformat()} ({how})" if reference else how}
    if files.training:
        context["not read"] = (f"{', '.join(f.name for f in files.training)}: training, which "
                               "no KPI uses")
    found: dict[str, list[Part]] = {"workers": []}
    for file, grid in workers.items():
        if isinstance(grid, FileProblem):
            found["workers"].append(Part(file, partial(_raise, grid)))
        else:
            found["workers"].append(Part(file, partial(
                worker_table, grid, options.standard_week, known_places, context,
                reference, today)))
    for place in places:
        issues.extend(place.issues)
        if reference is None and place.leavers:
            issues.append(Issue("not-known", "No reference date (no STARTDATE in the worker "
                                "file and no --as-at): the leavers counted here cannot be placed "
                                "in a year and are not read", file=place.file))
        elif place.leavers:
            found["workers"].append(Part(place.file, partial(leaver_table, place, reference)))
        if place.vacancies:
            found.setdefault("vacancies", []).append(
                Part(place.file, partial(vacancy_table, place, reference)))
    return SourceRead(found, issues, reference, how)


def _raise(problem: FileProblem) -> TableRead:
    raise problem


def _read(path: Path, names: tuple[str, ...], options: ReadOptions) -> Grid | FileProblem:
    try:
        return read_grid(path, display=str(path), known_headers={header_key(n) for n in names},
                         limits=options.limits)
    except FileProblem as problem:
        return problem


def _reference_date(grids: list[Grid], options: ReadOptions,
                    today: dt.date) -> tuple[dt.date | None, str]:
    """``--as-at`` when given, else the month-end on or after the latest STARTDATE of a worker
    still listed, among those ASC-WDS keeps: an ASC-WDS file describes its workforce on the day
    it was uploaded, which is no earlier than its newest start date, so every listed worker is in
    post at it. A STARTDATE after today is one ASC-WDS ignores (:func:`start_date`): it says
    nothing of when the file was made."""
    if options.as_at is not None:
        return options.as_at, "given"
    latest: dt.date | None = None
    for grid in grids:
        positions = header_positions(grid)
        if "startdate" not in positions:
            continue
        starts = grid.cells[positions["startdate"]].str.strip()
        if "status" in positions:
            starts = starts[grid.cells[positions["status"]].str.strip().str.upper() != DELETE]
        for text in pd.unique(starts):
            day = start_date(text, today)
            if isinstance(day, dt.date) and (latest is None or day > latest):
                latest = day
    if latest is None:
        return None, "not known: no STARTDATE that ASC-WDS keeps; give --as-at"
    return month_end_on_or_after(latest), "the month-end on or after the latest STARTDATE"
