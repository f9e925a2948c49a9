"""Skills for Care ASC-WDS bulk-upload files, read straight into the canonical tables.

An ASC-WDS bulk upload is a folder of CSV files: a worker file (one row per current worker,
headed ``LOCALESTID``, ``UNIQUEWORKERID``, ``STATUS``, ..., ``EMPLSTATUS``, ``DAYSSICK``,
``MAINJOBROLE``, ``CONTHOURS``, ``AVGHOURS``), a workplace file (one row per workplace, with
``ALLJOBROLES`` and the ``;``-separated ``LEAVERS`` and ``VACANCIES`` aligned with it) and a
training file, which holds nothing the KPIs use. The files are recognised by their headers,
whatever their names.

Each file is read with :func:`~wfkpi.read.files.read_grid`, its cells are turned into canonical
text (FTE from weekly hours over the standard week, ``999`` "not known" to blank, job-role codes
to labels) and the grid goes through :func:`~wfkpi.read.load.table_from_grid`, so every value is
checked by the same rules as any other extract and every issue names the real file, row and
ASC-WDS column. The worker file lists current workers only, so the workplace file's ``LEAVERS``
become leaver spells ending on the reference date, and its ``VACANCIES`` vacancy rows dated at
it. See ``docs/ascwds.md``.
"""

from __future__ import annotations

import datetime as dt
import re
from collections.abc import Callable
from dataclasses import dataclass, field, replace
from functools import partial
from pathlib import Path
from typing import Any

import numpy as np
import pandas as pd

from wfkpi.core.errors import UsageError
from wfkpi.core.issues import Issue, shorten
from wfkpi.core.schema import columns
from wfkpi.read import values as v
from wfkpi.read.files import TEXT_SUFFIXES, FileProblem, Grid, header_key, read_grid
from wfkpi.read.load import Part, ReadOptions, SourceRead, TableRead, table_from_grid
from wfkpi.read.mapping import TableMapping

WHAT = "an ASC-WDS bulk-upload folder"
METHOD = "sfc"

# The limits of Skills for Care's own bulk-upload validator (docs/ascwds.md, "As ASC-WDS reads
# it"): a value outside them is ignored there with a warning, so here too.
NOT_KNOWN = 999.0  # ASC-WDS's "don't know" in counts, hours and days sick
MAX_DAYS_SICK = 366.0  # DAYSSICK, in half-day steps
MAX_HOURS = 75.0  # CONTHOURS and AVGHOURS, in half-hour steps
MAX_FTE = columns("workers")["fte"].le  # the most FTE the workers table holds
SOCIAL_WORKER = "6"  # MAINJOBROLE code of a social worker

# EMPLSTATUS code -> canonical employment_type. Pool/bank is bank; "other" stays other.
EMPLOYMENT_STATUS = {"1": "permanent", "2": "temporary", "3": "bank", "4": "agency", "7": "other"}
STATUS_CODES = "1 permanent, 2 temporary, 3 pool/bank, 4 agency, 7 other"
AVERAGE_HOURS_STATUSES = frozenset({"3", "4", "7"})  # their weekly hours are AVGHOURS
ZERO_HOURS_YES = "1"  # ZEROHRCONT: 1 yes, 2 no, 999 don't know

# MAINJOBROLE and ALLJOBROLES codes of the bulk-upload specification, with ASC-WDS's names.
JOB_ROLES: dict[str, str] = {
    "1": "Senior management", "2": "Middle management", "3": "First-line manager",
    "4": "Registered manager", "5": "Supervisor", "6": "Social worker",
    "7": "Senior care worker", "8": "Care worker", "9": "Community, support and outreach work",
    "10": "Employment support", "11": "Advice, guidance and advocacy",
    "15": "Occupational therapist", "16": "Registered nurse",
    "17": "Allied health professional (not occupational therapist)",
    "23": "Other (directly involved in providing care)",
    "24": "Managers and staff (care-related, but not care-providing)",
    "25": "Administrative, office staff (non care-providing)",
    "26": "Ancillary staff (non care-providing)",
    "27": "Other (not directly involved in providing care)",
    "34": "Activities worker, coordinator", "35": "Safeguarding and reviewing officer",
    "36": "Occupational therapist assistant", "37": "Nursing associate",
    "38": "Nursing assistant", "39": "Assessment officer", "40": "Care coordinator",
    "42": "Any children's, young people's job role", "43": "Deputy manager",
    "44": "Learning and development lead", "45": "Team leader", "46": "Data analyst",
    "47": "Data governance manager", "48": "IT and digital support", "49": "IT manager",
    "50": "IT service desk manager", "51": "Software developer", "52": "Support worker",
}
# Codes ASC-WDS retired in May 2024, when it recoded their records: 22 Technician became 27 and
# 41 Care navigator became 40. A file made before then holds them, so they read as recoded.
RETIRED_JOB_ROLES = {"22": "27", "41": "40"}
GENDER = {"1": "male", "2": "female", "3": "not known", "4": "other"}
DISABLED = {"0": "no", "1": "yes", "2": "undisclosed", "3": "not known"}
WORKER_STATUSES = frozenset({"NEW", "UPDATE", "UNCHECKED", "NOCHANGE", "DELETE", "CHGSUB"})
WORKPLACE_STATUSES = frozenset({"NEW", "UPDATE", "UNCHECKED", "NOCHANGE", "DELETE"})
DELETE = "DELETE"

# Worker file: canonical column <- the grid column holding its canonical-ready text, headed by
# the ASC-WDS column it comes from (so issues name it).
FTE_HEADER = "CONTHOURS/AVGHOURS"
QSW_HEADER = "MAINJOBROLE 6 (social worker)"
WORKERS = TableMapping(
    columns={
        "worker_id": "UNIQUEWORKERID", "employment_type": "EMPLSTATUS", "fte": FTE_HEADER,
        "start_date": "STARTDATE", "role": "MAINJOBROLE", "qualified_social_worker": QSW_HEADER,
        "service": "LOCALESTID", "sickness_days": "DAYSSICK", "date_of_birth": "DOB",
        "sex": "GENDER", "ethnicity": "ETHNICITY", "disability": "DISABLED",
    },
    values={"employment_type": {label: code for code, label in EMPLOYMENT_STATUS.items()}},
)
WORKER_COLUMNS = ("LOCALESTID", "UNIQUEWORKERID", "STATUS", "STARTDATE", "EMPLSTATUS",
                  "ZEROHRCONT", "DAYSSICK", "MAINJOBROLE", "CONTHOURS", "AVGHOURS", "DOB",
                  "GENDER", "ETHNICITY", "DISABLED")
# The canonical checks name a missing UNIQUEWORKERID, EMPLSTATUS or STARTDATE themselves.
REQUIRED_WORKER_COLUMNS = ("LOCALESTID",)

# Workplace file: leaver spells for the workers table, vacancy rows for the vacancies table.
LEAVER_HEADERS = {
    "worker_id": "LEAVERS (one spell per leaver)", "employment_type": "permanent (assumed)",
    "fte": "FTE (not known)", "start_date": "start (the day before the window)",
    "end_date": "end (the reference date)", "role": "ALLJOBROLES",
    "qualified_social_worker": "ALLJOBROLES 6 (social worker)", "service": "LOCALESTID",
}
LEAVERS = TableMapping(columns=dict(LEAVER_HEADERS))
VACANCY_HEADERS = {"vacancy_fte": "VACANCIES", "as_at": "reference date", "role": "ALLJOBROLES",
                   "service": "LOCALESTID"}
VACANCIES = TableMapping(columns=dict(VACANCY_HEADERS))
WORKPLACE_COLUMNS = ("LOCALESTID", "STATUS", "ALLJOBROLES", "STARTERS", "LEAVERS", "VACANCIES",
                     "TOTALPERMTEMP")
REQUIRED_WORKPLACE_COLUMNS = ("LOCALESTID", "ALLJOBROLES", "LEAVERS", "VACANCIES")

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

def parts(path: Path, options: ReadOptions) -> SourceRead:
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
            found["workers"].append(Part(place.file, partial(_leaver_table, place, reference)))
        if place.vacancies:
            found.setdefault("vacancies", []).append(
                Part(place.file, partial(_vacancy_table, place, reference)))
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
    post at it. A STARTDATE after today is one ASC-WDS ignores (:func:`_start_date`): it says
    nothing of when the file was made."""
    if options.as_at is not None:
        return options.as_at, "given"
    latest: dt.date | None = None
    for grid in grids:
        positions = _positions(grid)
        if "startdate" not in positions:
            continue
        starts = grid.cells[positions["startdate"]].str.strip()
        if "status" in positions:
            starts = starts[grid.cells[positions["status"]].str.strip().str.upper() != DELETE]
        for text in pd.unique(starts):
            day = _start_date(text, today)
            if isinstance(day, dt.date) and (latest is None or day > latest):
                latest = day
    if latest is None:
        return None, "not known: no STARTDATE that ASC-WDS keeps; give --as-at"
    return _month_end_on_or_after(latest), "the month-end on or after the latest STARTDATE"


def _start_date(text: str, today: dt.date) -> dt.date | str:
    """A STARTDATE as ASC-WDS keeps it, or why it does not: blank (a warning there),
    unreadable or after the day of the upload (ignored there with a warning)."""
    if not text:
        return "blank, which ASC-WDS accepts with a warning"
    day = v.parse_date(text)
    if isinstance(day, v.Bad):
        return f"{day.message}, so ASC-WDS ignores it"
    if day > today:
        return "in the future (after today), which ASC-WDS ignores"
    return day


def _month_end_on_or_after(day: dt.date) -> dt.date:
    first_of_next = (day.replace(day=1) + dt.timedelta(days=32)).replace(day=1)
    return first_of_next - dt.timedelta(days=1)


def _window_opening(reference: dt.date) -> dt.date:
    """The day before the twelve months ending on ``reference`` begin (see engine.periods)."""
    following = reference + dt.timedelta(days=1)
    try:
        start = following.replace(year=following.year - 1)
    except ValueError:  # 29 February
        start = dt.date(following.year - 1, 3, 1)
    return start - dt.timedelta(days=1)


def _positions(grid: Grid) -> dict[str, int]:
    """Header (compared as :func:`header_key` does) -> its first position in the grid."""
    positions: dict[str, int] = {}
    for i, header in enumerate(grid.header):
        positions.setdefault(header_key(header), i)
    return positions


def _columns(grid: Grid, names: tuple[str, ...], required: tuple[str, ...],
             what: str, issues: list[Issue]) -> dict[str, pd.Series]:
    """The stripped cells of each named column the file has; missing required columns and
    repeated headers are issues at the header row."""
    where = {"file": grid.file, "sheet": grid.sheet, "row": grid.header_row}
    keys = [header_key(h) for h in grid.header]
    found: dict[str, pd.Series] = {}
    for name in names:
        hits = [i for i, k in enumerate(keys) if k == header_key(name)]
        if not hits:
            if name in required:
                issues.append(Issue("missing-column", f"No {name} column: an ASC-WDS {what} "
                                    "file has one", column=name, **where))
            continue
        if len(hits) > 1:
            issues.append(Issue("duplicate-column", f"{len(hits)} columns are headed {name}; "
                                "the first is read", column=name, **where))
        found[name] = grid.cells[hits[0]].str.strip()
    return found


def _each(cells: pd.Series, func: Callable[[str], Any]) -> pd.Series:
    """``func`` of each cell, called once per distinct value (a column has few)."""
    return cells.map({value: func(value) for value in pd.unique(cells)})


def _number(text: str) -> float | None:
    value = v.parse_number(text) if text else None
    return value if isinstance(value, float) else None


def _code(text: str) -> str:
    """A code as the specification writes it: ``06`` and ``6.0`` are ``6``."""
    value = _number(text)
    return str(int(value)) if value is not None and value.is_integer() else text


def _social_worker(code: str) -> str:
    return "true" if _code(code) == SOCIAL_WORKER else "false"


def role_label(code: str) -> str | None:
    """``Social worker (6)`` for an ASC-WDS job-role code, a retired code as ASC-WDS recoded
    it; None for an unknown code."""
    current = RETIRED_JOB_ROLES.get(_code(code), _code(code))
    name = JOB_ROLES.get(current)
    return f"{name} ({current})" if name else None


# ------------------------------------------------------------------------- worker file

@dataclass
class _Hours:
    """Where each row's FTE comes from: the ASC-WDS column and its text, by row number."""

    column: dict[int, str]
    text: dict[int, str]


def worker_table(grid: Grid, standard_week: float, known_places: set[str] | None,
                 context: dict[str, str], reference: dt.date | None,
                 today: dt.date) -> TableRead:
    """The worker file as the workers table: canonical text per cell, checked as any extract.
    A STARTDATE ASC-WDS does not keep is read as a start before the year to ``reference``."""
    issues: list[Issue] = []
    where = {"file": grid.file, "sheet": grid.sheet}
    cols = _columns(grid, WORKER_COLUMNS, REQUIRED_WORKER_COLUMNS, "worker", issues)
    index = grid.cells.index
    empty = pd.Series("", index=index, dtype="str")

    def cell(name: str) -> pd.Series:
        return cols.get(name, empty)

    blank = (grid.cells.apply(lambda s: s.str.strip()) == "").all(axis=1).to_numpy() \
        if len(grid.cells) else np.zeros(0, dtype=bool)
    checked = ~blank & ~index.isin(list(grid.malformed))  # rows this module looks at

    rows = index.to_numpy()

    def note(mask: Any, code: str, message: str, column: str, raw: pd.Series | None) -> None:
        texts = None if raw is None else raw.to_numpy(dtype=object)
        for i in np.flatnonzero(np.asarray(mask) & checked):
            value = shorten(texts[i]) if texts is not None and texts[i] != "" else None
            issues.append(Issue(code, message, row=int(rows[i]), column=column, value=value,
                                **where))

    # Rows that are no worker of the workplace: set aside before the canonical checks.
    status = cell("STATUS").str.upper()
    deleted = (status == DELETE).to_numpy()
    note(deleted, "ascwds-rule", "STATUS: DELETE, so this is no current worker (ASC-WDS removes "
         "the record); the row is set aside", "STATUS", cols.get("STATUS"))
    if "STATUS" in cols:
        odd = (~status.isin(WORKER_STATUSES)).to_numpy() & ~deleted
        note(odd, "ascwds-rule", "STATUS: not an ASC-WDS status (NEW, UPDATE, UNCHECKED, "
             "NOCHANGE, DELETE, CHGSUB); the row is read as a current worker", "STATUS",
             cols["STATUS"])
    place = cell("LOCALESTID")
    no_place = (place == "").to_numpy() & ~deleted if "LOCALESTID" in cols else \
        np.zeros(len(index), dtype=bool)
    note(no_place, "required", "LOCALESTID: required, but blank; the row is set aside",
         "LOCALESTID", None)
    drop = (deleted | no_place) & checked
    if known_places is not None and "LOCALESTID" in cols:
        first = ~place.duplicated().to_numpy()
        unknown = (~place.isin(known_places)).to_numpy() & first & ~drop
        note(unknown, "not-known", "LOCALESTID: this workplace has no row in the workplace "
             "file, so its leavers and vacancies are not known", "LOCALESTID", place)

    out: dict[str, pd.Series] = {}
    if "UNIQUEWORKERID" in cols:
        uid = cols["UNIQUEWORKERID"]
        keep = ~drop & checked & (uid != "").to_numpy()
        again = pd.DataFrame({"place": place, "uid": uid})[keep].duplicated()
        note(np.isin(rows, again.index[again.to_numpy()]), "ascwds-rule", "UNIQUEWORKERID: a "
             "second row for this worker at this workplace, where ASC-WDS holds one; both are "
             "read, as two posts of one person", "UNIQUEWORKERID", None)
        out["worker_id"] = (place + "/" + uid).where(uid != "", "") if "LOCALESTID" in cols \
            else uid
    if "EMPLSTATUS" in cols:
        out["employment_type"] = _each(cols["EMPLSTATUS"], _code)
    hours = None
    if "CONTHOURS" in cols or "AVGHOURS" in cols:
        out["fte"], hours = _fte(cell, cols, standard_week)
    if "STARTDATE" in cols:
        out["start_date"] = _start_dates(cols["STARTDATE"], reference, today, note)
    if "MAINJOBROLE" in cols:
        out["role"], out["qualified_social_worker"] = _roles(cols["MAINJOBROLE"], note)
    if "LOCALESTID" in cols:
        out["service"] = place
    if "DAYSSICK" in cols:
        out["sickness_days"] = _days_sick(cols["DAYSSICK"], note)
    if "DOB" in cols:
        out["date_of_birth"] = _dates_of_birth(cols["DOB"], note)
    for name, canonical, labels in (("GENDER", "sex", GENDER),
                                    ("ETHNICITY", "ethnicity", None),
                                    ("DISABLED", "disability", DISABLED)):
        if name in cols:
            text = cols[name]
            out[canonical] = _each(text, lambda t, labels=labels: labels.get(_code(t), t)) \
                if labels else text

    headers = [WORKERS.headers_for(name)[0] for name in out]
    cells = pd.DataFrame({i: s.where(~blank, "") for i, s in enumerate(out.values())},
                         index=index, dtype="str")
    cells = cells[~drop]
    details = {**grid.details, "ASC-WDS file": "workers", **context,
               "FTE": f"CONTHOURS (permanent and temporary) or AVGHOURS (pool/bank, agency, "
                      f"other, zero-hours contracts) / {standard_week:g}"}
    if drop.any():
        details["set aside before the checks"] = f"{int(drop.sum())} row(s): STATUS DELETE or " \
            "no LOCALESTID"
    made = Grid(grid.file, headers, cells, grid.header_row, grid.sheet, details,
                dict(grid.malformed))
    frame, source, found = table_from_grid(made, "workers", WORKERS)
    source.rows += int(drop.sum())
    source.set_aside += int(drop.sum())
    source.columns = {name: _source_header(name, header) for name, header in
                      source.columns.items()}
    used = {header_key(name) for name in cols}
    source.ignored = [h for h in grid.header if h and header_key(h) not in used]
    found = [_worker_issue(issue, hours, standard_week) for issue in found]
    issues.extend(found)
    issues.sort(key=lambda i: i.row or 0)
    return frame, source, issues


def _source_header(name: str, header: str) -> str:
    if name == "fte":
        return "CONTHOURS or AVGHOURS"
    if name == "worker_id":
        return "LOCALESTID and UNIQUEWORKERID"
    return header


def _fte(cell: Callable[[str], pd.Series], cols: dict[str, pd.Series],
         standard_week: float) -> tuple[pd.Series, _Hours]:
    """FTE text per row: weekly hours over the standard week. Permanent and temporary staff
    give CONTHOURS, the others (and anyone on a zero-hours contract) AVGHOURS; 999 (not known)
    and 0 hours give a blank, which the canonical checks note."""
    status = _each(cell("EMPLSTATUS"), _code)
    average = status.isin(AVERAGE_HOURS_STATUSES) | (_each(cell("ZEROHRCONT"), _code) ==
                                                     ZERO_HOURS_YES)
    if "CONTHOURS" not in cols:
        average[:] = True
    elif "AVGHOURS" not in cols:
        average[:] = False
    column = pd.Series(np.where(average, "AVGHOURS", "CONTHOURS"), index=status.index)
    text = cell("AVGHOURS").where(average, cell("CONTHOURS"))

    def fte(raw: str) -> str:
        hours = _number(raw)
        if hours is None or _no_fte(raw, standard_week):
            return ""  # the canonical checks note the blank; _worker_issue says why
        return repr(hours / standard_week)

    rows = text.index.tolist()
    return _each(text, fte), _Hours(dict(zip(rows, column.tolist(), strict=True)),
                                    dict(zip(rows, text.to_numpy(dtype=object), strict=True)))


def _worker_issue(issue: Issue, hours: _Hours | None, standard_week: float) -> Issue:
    """A canonical check's issue in ASC-WDS terms: the hours column and text behind an FTE,
    the employment status codes, the ASC-WDS name of a missing column."""
    if issue.code == "missing-column":
        names = {"worker_id": "UNIQUEWORKERID", "employment_type": "EMPLSTATUS",
                 "start_date": "STARTDATE", "fte": "CONTHOURS"}
        name = names.get(issue.column or "", issue.column)
        needs = "CONTHOURS or AVGHOURS column: FTE comes from weekly hours" \
            if issue.column == "fte" else f"{name} column: {issue.column} comes from it"
        return replace(issue, column=name, message=f"No {needs}")
    if issue.column == "STARTDATE" and issue.code == "required":
        return replace(issue, message="STARTDATE: blank, unreadable or in the future, and no "
                       "worker in the file has a STARTDATE ASC-WDS keeps to date it by; give "
                       "--as-at")
    if issue.column == "EMPLSTATUS" and issue.code == "bad-value":
        return replace(issue, message=f"EMPLSTATUS: not an ASC-WDS employment status "
                       f"({STATUS_CODES}); the row is set aside")
    if issue.column != FTE_HEADER or hours is None or issue.row is None:
        return issue
    column, raw = hours.column[issue.row], hours.text[issue.row]
    value = shorten(raw) if raw else None
    if issue.code == "blank-value":
        code, why = _no_fte(raw, standard_week) or ("blank-value", "blank")
        return replace(issue, code=code, column=column, value=value, message=(
            f"{column}: {why}, so the FTE is blank; the row is kept but left out of FTE "
            "figures"))
    if issue.code == "above-expected":
        message = (f"fte: above 1 ({column} is more than the standard week of "
                   f"{standard_week:g} hours); accepted, but check it")
    else:
        message = issue.message.replace("fte:", f"fte from {column}:", 1)
    return replace(issue, column=column, value=value, message=message)


def _no_fte(raw: str, standard_week: float) -> tuple[str, str] | None:
    """Why weekly hours give no FTE, as (issue code, reason); None when they give one.

    ASC-WDS keeps hours in half-hour steps from 0 to 75 and 999 (not known), and ignores others
    with a warning (workerCSVValidator.js, _validateContHours and _validateAvgHours). Hours it
    keeps that come to more FTE than the workers table holds are left blank too, with a warning.
    """
    hours = _number(raw)
    if not raw:
        return "blank-value", "blank"
    if hours == NOT_KNOWN:
        return "blank-value", "not known (999)"
    if hours is None or not 0 <= hours <= MAX_HOURS or (hours * 2) % 1:
        return "ascwds-rule", (f"not hours in half-hour steps from 0 to {MAX_HOURS:g}, which "
                               "ASC-WDS ignores")
    if hours == 0:
        return "blank-value", "0 hours"
    if hours / standard_week > MAX_FTE:
        return "above-expected", (f"{hours:g} hours (ASC-WDS accepts up to {MAX_HOURS:g}) is "
                                  f"more than {MAX_FTE:g} FTE on a {standard_week:g}-hour week, "
                                  "the most an FTE may be")
    return None


def _start_dates(starts: pd.Series, reference: dt.date | None, today: dt.date,
                 note: Callable[..., None]) -> pd.Series:
    """STARTDATE as canonical text. A start ASC-WDS does not keep (:func:`_start_date`) is a
    current worker's whose start is not known: read as the day before the year to the reference
    date opens, so the worker is in post and no starter. Without a reference date it stays
    blank, which the canonical checks report."""
    read = _each(starts, lambda text: _start_date(text, today))
    kept = read.map(lambda r: isinstance(r, dt.date))
    if reference is None:
        return starts.where(kept, "")
    before = _window_opening(reference)
    for why in pd.unique(read[~kept]):
        note((read == why).to_numpy(), "ascwds-rule", f"STARTDATE: {why}; read as in post "
             f"since before the year to the reference date (from {before.day} "
             f"{before:%b %Y}), not as a starter", "STARTDATE", starts)
    return starts.where(kept, before.isoformat())


def _dates_of_birth(dob: pd.Series, note: Callable[..., None]) -> pd.Series:
    """DOB as canonical text: a date that cannot be read is blank, as ASC-WDS ignores it with a
    warning (workerCSVValidator.js, _validateDOB). Never shown: a personal value."""
    def why(text: str) -> str:
        day = v.parse_date(text) if text else None
        return day.message if isinstance(day, v.Bad) else ""

    problems = _each(dob, why)
    for message in pd.unique(problems[problems != ""]):
        note((problems == message).to_numpy(), "ascwds-rule", f"DOB: {message}, so ASC-WDS "
             "ignores it; the worker's age is not known", "DOB", None)
    return dob.where(problems == "", "")


def _roles(codes: pd.Series, note: Callable[..., None]) -> tuple[pd.Series, pd.Series]:
    """Role labels (``Social worker (6)``) and qualified_social_worker (true for code 6)."""
    labels = _each(codes, lambda c: role_label(c) or "")
    unknown = ((codes != "") & (labels == "")).to_numpy()
    note(unknown, "bad-value", "MAINJOBROLE: not a job-role code of the ASC-WDS bulk-upload "
         "specification; the worker has no role", "MAINJOBROLE", codes)
    note((codes == "").to_numpy(), "ascwds-rule", "MAINJOBROLE: blank, which ASC-WDS does not "
         "accept; the worker has no role", "MAINJOBROLE", None)
    social = _each(codes, _social_worker).to_numpy()
    qualified = pd.Series(social, index=codes.index).where(labels != "", "")
    return labels, qualified


def _days_sick(days: pd.Series, note: Callable[..., None]) -> pd.Series:
    """DAYSSICK as canonical text: 999 (not known) and values ASC-WDS ignores with a warning
    (not a number of days in half-day steps from 0 to 366: workerCSVValidator.js,
    _validateDaysSick) become blank, so the worker is left out of sickness figures."""
    numbers = _each(days, _number).astype("float64")  # NaN: blank or not a number
    not_known = (numbers == NOT_KNOWN).to_numpy()
    kept = ((numbers >= 0) & (numbers <= MAX_DAYS_SICK) & ((numbers * 2) % 1 == 0)).to_numpy()
    ignored = (days != "").to_numpy() & ~kept & ~not_known
    note(not_known, "not-known", "DAYSSICK: not known (999); the worker is left out of "
         "sickness figures", "DAYSSICK", days)
    note(ignored, "ascwds-rule", f"DAYSSICK: not days in half-day steps from 0 to "
         f"{MAX_DAYS_SICK:g}, so ASC-WDS ignores it; the worker is left out of sickness "
         "figures", "DAYSSICK", days)
    return days.where(~(not_known | ignored), "")


# ---------------------------------------------------------------------- workplace file

@dataclass
class Workplaces:
    """What a workplace file says, before the canonical checks: per job role, the leavers
    counted and the vacancies, each with the row they come from."""

    file: str
    sheet: str | None
    header_row: int
    ids: set[str] = field(default_factory=set)
    leavers: list[tuple[int, str, str, str, int]] = field(default_factory=list)
    vacancies: list[tuple[int, str, str, int]] = field(default_factory=list)
    issues: list[Issue] = field(default_factory=list)
    details: dict[str, str] = field(default_factory=dict)
    rows: int = 0
    skipped: int = 0


def workplaces(grid: Grid, reference: dt.date | None) -> Workplaces:
    """Read the workplace rows: ALLJOBROLES with LEAVERS and VACANCIES aligned to it."""
    found = Workplaces(grid.file, grid.sheet, grid.header_row, details=dict(grid.details))
    cols = _columns(grid, WORKPLACE_COLUMNS, REQUIRED_WORKPLACE_COLUMNS, "workplace",
                    found.issues)
    if "LOCALESTID" not in cols:
        return found
    where = {"file": grid.file, "sheet": grid.sheet}
    cells = grid.cells
    blank = (cells.apply(lambda s: s.str.strip()) == "").all(axis=1) if len(cells) else \
        pd.Series(dtype=bool)
    last = max((int(r) for r in cells.index[~blank.to_numpy()]), default=0)
    empty = pd.Series("", index=cells.index, dtype="str")
    for row in cells.index:
        row = int(row)
        if row > last:
            break
        if row in grid.malformed:
            found.issues.append(grid.malformed[row])
            found.skipped += 1
            continue
        if blank[row]:
            found.issues.append(Issue("blank-row", "Blank row skipped", row=row, **where))
            continue
        found.rows += 1
        here = {"row": row, **where}
        place = cols["LOCALESTID"][row]
        status = cols.get("STATUS", empty)[row].upper()
        if not place:
            found.issues.append(Issue("required", "LOCALESTID: required, but blank; the "
                                      "workplace row is not read", column="LOCALESTID", **here))
            found.skipped += 1
            continue
        if status == DELETE:
            found.issues.append(Issue("ascwds-rule", "STATUS: DELETE, so this workplace is "
                                      "being removed; its leavers and vacancies are not read",
                                      column="STATUS", value=status, **here))
            found.skipped += 1
            continue
        if "STATUS" in cols and status not in WORKPLACE_STATUSES:
            found.issues.append(Issue("ascwds-rule", "STATUS: not an ASC-WDS status (NEW, "
                                      "UPDATE, UNCHECKED, NOCHANGE, DELETE); the row is read",
                                      column="STATUS", value=shorten(status) or None, **here))
        if place in found.ids:
            found.issues.append(Issue("ascwds-rule", "LOCALESTID: a second row for this "
                                      "workplace; only the first is read", column="LOCALESTID",
                                      value=shorten(place), **here))
            found.skipped += 1
            continue
        found.ids.add(place)
        roles = _job_roles(cols.get("ALLJOBROLES"), row, found.issues, here)
        for name in ("LEAVERS", "VACANCIES"):
            if name not in cols:
                continue
            counts = _counts(name, cols[name][row], roles, found.issues, here)
            for (code, label), count in zip(roles or [("", "")], counts, strict=True):
                if count is None:
                    continue
                if name == "LEAVERS":
                    found.leavers.extend((row, place, code, label, n + 1)
                                         for n in range(count))
                else:
                    found.vacancies.append((row, place, label, count))
    # Leavers are numbered per workplace, across its job roles.
    numbered: dict[str, int] = {}
    leavers = []
    for row, place, code, label, _ in found.leavers:
        numbered[place] = numbered.get(place, 0) + 1
        leavers.append((row, place, code, label, numbered[place]))
    found.leavers = leavers
    found.details.update({
        "ASC-WDS file": "workplaces", "workplaces read": str(len(found.ids)),
        "workplace rows not read": str(found.skipped),
        "reference date": reference.isoformat() if reference else "not known",
    })
    return found


def _job_roles(roles: pd.Series | None, row: int, issues: list[Issue],
               here: dict[str, Any]) -> list[tuple[str, str]]:
    """ALLJOBROLES as (code, label) pairs; an unknown code keeps its place with no label."""
    text = roles[row] if roles is not None else ""
    if not text:
        return []
    pairs = []
    for position, item in enumerate(text.split(";"), start=1):
        code = item.strip()
        label = role_label(code)
        if label is None:
            issues.append(Issue("bad-value", f"ALLJOBROLES: item {position} is not a job-role "
                                "code of the ASC-WDS bulk-upload specification; its counts are "
                                "read with no role", column="ALLJOBROLES",
                                value=shorten(code) or None, **here))
        pairs.append((_code(code), label or ""))
    return pairs


def _counts(name: str, text: str, roles: list[tuple[str, str]], issues: list[Issue],
            here: dict[str, Any]) -> list[int | None]:
    """One count per job role (None where it is not known or not a count); a list that does
    not line up with ALLJOBROLES is not read at all."""
    width = max(len(roles), 1)
    what = name.lower()
    if not text:
        issues.append(Issue("not-known", f"{name}: blank, so the {what} of this workplace are "
                            "not known and not read", column=name, **here))
        return [None] * width
    items = [item.strip() for item in text.split(";")]
    rate = "turnover" if name == "LEAVERS" else "vacancy"
    if len(items) == 1 and _number(items[0]) == NOT_KNOWN:
        issues.append(Issue("not-known", f"{name}: not known (999) for the whole workplace; "
                            f"none are counted, so the {rate} rate may be too low", column=name,
                            value=shorten(text), **here))
        return [None] * width
    if len(items) != width or (not roles and _number(items[0]) not in (0.0, None)):
        listed = f"lists {len(roles)} job role(s)" if roles else "is blank"
        issues.append(Issue("misaligned-list", f"{name}: {len(items)} item(s), but ALLJOBROLES "
                            f"{listed}; the {what} of this workplace are not read",
                            column=name, value=shorten(text), **here))
        return [None] * width
    counts: list[int | None] = []
    for position, item in enumerate(items, start=1):
        role = (roles[position - 1][1] or f"item {position}") if roles else "the workplace"
        count = v.parse_integer(item) if item else v.Bad("bad-integer", "")
        if isinstance(count, v.Bad):
            issues.append(Issue("bad-integer", f"{name}: item {position} ({role}) is not a "
                                "whole number; it is not read", column=name,
                                value=shorten(item) or None, **here))
            counts.append(None)
        elif count == NOT_KNOWN:
            issues.append(Issue("not-known", f"{name}: not known (999) for {role}; none are "
                                f"counted, so the {rate} rate may be too low", column=name,
                                value=shorten(item), **here))
            counts.append(None)
        elif count < 0:
            issues.append(Issue("out-of-range", f"{name}: item {position} ({role}) is below 0; "
                                "it is not read", column=name, value=shorten(item), **here))
            counts.append(None)
        else:
            counts.append(count)
    return counts


def _leaver_table(place: Workplaces, reference: dt.date) -> TableRead:
    """Each counted leaver as a directly employed spell that started before the window and
    ends on the reference date, with a generated id naming no person."""
    start = _window_opening(reference).isoformat()
    rows = [[f"leaver-{p}-{code or 'none'}-{n}", "permanent", "", start, reference.isoformat(),
             label, _social_worker(code) if label else "", p]
            for _, p, code, label, n in place.leavers]
    index = pd.Index([row for row, *_ in place.leavers], dtype="int64")
    cells = pd.DataFrame(rows, index=index, dtype="str")
    cells.columns = range(len(LEAVER_HEADERS))
    details = {**place.details,
               "leaver spells": f"{len(rows)}, one per leaver counted in LEAVERS: permanent, "
                                f"from {start} to {reference.isoformat()}, FTE not known"}
    grid = Grid(place.file, list(LEAVER_HEADERS.values()), cells, place.header_row,
                place.sheet, details)
    frame, source, issues = table_from_grid(grid, "workers", LEAVERS)
    # ASC-WDS counts leavers, not their hours: a blank FTE is the rule here, not a finding.
    issues = [i for i in issues if not (i.code == "blank-value" and i.column == "FTE (not known)")]
    return frame, source, issues


def _vacancy_table(place: Workplaces, reference: dt.date | None) -> TableRead:
    """One vacancy row per job role of each workplace, dated at the reference date; each
    vacancy is read as one vacant post, as the sfc vacancy rate does."""
    as_at = reference.isoformat() if reference else ""
    rows = [[str(count), as_at, label, p] for _, p, label, count in place.vacancies]
    index = pd.Index([row for row, *_ in place.vacancies], dtype="int64")
    cells = pd.DataFrame(rows, index=index, dtype="str")
    cells.columns = range(len(VACANCY_HEADERS))
    details = {**place.details, "leaver spells": f"{len(place.leavers)} (see the workers table)",
               "vacancy rows": "one per job role of each workplace, from VACANCIES"}
    grid = Grid(place.file, list(VACANCY_HEADERS.values()), cells, place.header_row,
                place.sheet, details)
    return table_from_grid(grid, "vacancies", VACANCIES)
