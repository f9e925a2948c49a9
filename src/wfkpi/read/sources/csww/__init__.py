"""DfE children's social work workforce census (CSWW) XML, read straight into the canonical tables.

The file is streamed safely (:mod:`.stream`: a DTD or entity is refused before any XML parser
sees it) and each record becomes a row of a grid of cell text, headed by the census element names
and numbered by the line its ``<CSWWWorker>`` starts on (:mod:`.records`). The grid then goes
through the same checks as any spreadsheet (:func:`wfkpi.read.table.table_from_grid`), with the
census codes (:mod:`wfkpi.core.census`) as value labels. The census's own rules that the
canonical checks do not cover are warnings (``census-rule``): the data stays usable, as DfE's own
collection lets a return through with queries. The authority-level agency figures are checked
against the agency records in post (``census-mismatch``). See ``docs/census.md``.
"""

from __future__ import annotations

from collections.abc import Collection
from functools import partial
from pathlib import Path

from wfkpi.core.census import AGENCY_WORKER, REASON_LEAVE
from wfkpi.core.issues import Issue
from wfkpi.read import limits
from wfkpi.read.extract import Extract, Part, ReadOptions, SourceRead, TableRead
from wfkpi.read.files import FileProblem, Grid
from wfkpi.read.limits import MB
from wfkpi.read.mapping import TableMapping
from wfkpi.read.sources.csww.records import LA_DETAIL, NOT_STATED, SCHEMA_DETAIL, parse
from wfkpi.read.table import table_from_grid

WHAT = "a DfE children's social work workforce census file"
METHOD = "dfe"

# Canonical column <- the grid column holding its census element (or derived text).
WORKERS = TableMapping(
    columns={
        "worker_id": "SWENo", "employment_type": "AgencyWorker", "fte": "FTE",
        "start_date": "RoleStartDate", "end_date": "RoleEndDate", "leaving_reason": "ReasonLeave",
        "org_role": "OrgRole", "qualified_social_worker": "Qualified", "cases": "Cases30",
        "sickness_days": "WorkingDaysLost", "start_origin": "StartOrigin",
        "date_of_birth": "PersonBirthDate", "sex": "Sex", "ethnicity": "Ethnicity",
    },
    values={"employment_type": AGENCY_WORKER, "leaving_reason": REASON_LEAVE},
)
VACANCIES = TableMapping(columns={"vacancy_fte": "NumberOfVacancies",
                                  "agency_cover_fte": "NoAgencyFTE", "as_at": "ReferenceDate"})


def recognises(path: Path) -> bool:
    """An XML file (by its first bytes, whatever its name): the census is the XML wfkpi reads."""
    if not path.is_file():
        return False
    with path.open("rb") as handle:
        head = handle.read(64).lstrip(b"\xef\xbb\xbf \t\r\n")
    return head.startswith(b"<?xml") or head.startswith(b"<Message") or \
        path.suffix.lower() == ".xml"


def read(path: Path, options: ReadOptions) -> SourceRead:
    """The census file as a workers table and a vacancies table, with the census rules' issues."""
    try:
        _check_size(path, options)
        census = parse(path)
    except FileProblem as problem:
        return SourceRead({"workers": []}, [problem.issue])
    found = {"workers": [Part(census.file, partial(_table, census.workers, "workers", WORKERS,
                                                     census.details))]}
    if census.vacancies is not None:
        found["vacancies"] = [Part(census.file, partial(_table, census.vacancies, "vacancies",
                                                          VACANCIES, {}))]
    return SourceRead(found, census.issues, census.reference_date)


def la_code_issues(extract: Extract, codes: Collection[str], area: str) -> list[Issue]:
    """A ``census-rule`` warning for each census file of ``extract`` whose ``<LEA>`` is none of
    ``codes``, the LA codes DfE's statistics give ``area``: the file may be another council's.
    A file that gives no ``<LEA>``, or an area without a code, is not compared."""
    found = []
    for source in extract.sources:
        if SCHEMA_DETAIL not in source.details:  # not a census file's workers
            continue
        lea = source.details.get(LA_DETAIL, NOT_STATED).strip()
        if codes and lea not in (NOT_STATED, "") and lea not in codes:
            found.append(Issue("census-rule", f"<LEA> is {lea}, but {area}'s LA code in DfE's "
                               f"statistics is {' or '.join(sorted(codes))}: the file may be "
                               "another council's census return", file=source.file,
                               column="LEA", value=lea))
    return found


def _check_size(path: Path, options: ReadOptions) -> None:
    size = path.stat().st_size
    if size > options.limits.file_mb * MB:
        raise FileProblem(Issue("over-limit", limits.message(
            "file-mb", f"The file is {size / MB:,.0f} MB", options.limits), file=str(path)))


def _table(grid: Grid, table: str, tmap: TableMapping, details: dict[str, str]) -> TableRead:
    frame, source, issues = table_from_grid(grid, table, tmap)
    source.details.update(details)
    return frame, source, issues
