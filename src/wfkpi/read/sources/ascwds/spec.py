"""The ASC-WDS bulk-upload specification as wfkpi reads it: codes, limits, column names.

The codes, the limits of Skills for Care's own validator and the columns of the worker and
workplace files, with the canonical columns each becomes; and the small readings of the
specification every part of the reader shares (a code as the specification writes it, a job-role
label, a STARTDATE as ASC-WDS keeps it, the window a reference date closes). See
``docs/ascwds.md``.
"""

from __future__ import annotations

import datetime as dt
from collections.abc import Callable
from typing import Any

import pandas as pd

from wfkpi.core.issues import Issue
from wfkpi.core.schema import columns
from wfkpi.read import values as v
from wfkpi.read.files import Grid, header_key
from wfkpi.read.mapping import TableMapping

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


def start_date(text: str, today: dt.date) -> dt.date | str:
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


def month_end_on_or_after(day: dt.date) -> dt.date:
    first_of_next = (day.replace(day=1) + dt.timedelta(days=32)).replace(day=1)
    return first_of_next - dt.timedelta(days=1)


def window_opening(reference: dt.date) -> dt.date:
    """The day before the twelve months ending on ``reference`` begin (see engine.periods)."""
    following = reference + dt.timedelta(days=1)
    try:
        start = following.replace(year=following.year - 1)
    except ValueError:  # 29 February
        start = dt.date(following.year - 1, 3, 1)
    return start - dt.timedelta(days=1)


def header_positions(grid: Grid) -> dict[str, int]:
    """Header (compared as :func:`header_key` does) -> its first position in the grid."""
    positions: dict[str, int] = {}
    for i, header in enumerate(grid.header):
        positions.setdefault(header_key(header), i)
    return positions


def named_columns(grid: Grid, names: tuple[str, ...], required: tuple[str, ...],
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


def each(cells: pd.Series, func: Callable[[str], Any]) -> pd.Series:
    """``func`` of each cell, called once per distinct value (a column has few)."""
    return cells.map({value: func(value) for value in pd.unique(cells)})


def number_of(text: str) -> float | None:
    value = v.parse_number(text) if text else None
    return value if isinstance(value, float) else None


def code_of(text: str) -> str:
    """A code as the specification writes it: ``06`` and ``6.0`` are ``6``."""
    value = number_of(text)
    return str(int(value)) if value is not None and value.is_integer() else text


def social_worker(code: str) -> str:
    return "true" if code_of(code) == SOCIAL_WORKER else "false"


def role_label(code: str) -> str | None:
    """``Social worker (6)`` for an ASC-WDS job-role code, a retired code as ASC-WDS recoded
    it; None for an unknown code."""
    current = RETIRED_JOB_ROLES.get(code_of(code), code_of(code))
    name = JOB_ROLES.get(current)
    return f"{name} ({current})" if name else None
