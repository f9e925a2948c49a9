"""A census file's records as grids of cell text, with the census's own rules.

Each ``<CSWWWorker>`` becomes a row of a grid headed by the census element names and numbered by
the line the record starts on, its codes turned into the canonical labels; the authority-level
element becomes the vacancies grid. The census's own rules that the canonical checks do not cover
are warnings (``census-rule``) naming line and element, and the authority-level agency figures
are checked against the agency records in post (``census-mismatch``). See ``docs/census.md``.
"""

from __future__ import annotations

import datetime as dt
import math
import re
from collections import Counter
from collections.abc import Callable
from dataclasses import dataclass, field
from pathlib import Path

import pandas as pd

from wfkpi.core.census import (
    CENSUS_DAY,
    MAX_CASES,
    SEX,
    START_ORIGIN,
    SWENO,
    WORKER_ELEMENTS,
)
from wfkpi.core.issues import Issue
from wfkpi.read.files import FileProblem, Grid
from wfkpi.read.sources.csww.stream import elements

# How far NoAgencyFTE may rise above the FTE of the agency records in post before it is reported:
# more than both 0.5 FTE and 5% of the records' FTE (docs/census.md, "Authority-level figures").
AGENCY_FTE_SLACK = 0.5
AGENCY_FTE_SHARE = 0.05

# The workers table's details that say what the header gives (validate --format json shows them).
SCHEMA_DETAIL = "census schema"
LA_DETAIL = "la"  # the header's <LEA>, the authority's three-digit LA code
NOT_STATED = "not stated"

# The workers grid's columns, headed by the census element each comes from (Qualified: derived).
_GRID_COLUMNS = ("SWENo", "AgencyWorker", "FTE", "RoleStartDate", "RoleEndDate", "ReasonLeave",
                 "OrgRole", "Qualified", "Cases30", "WorkingDaysLost", "StartOrigin",
                 "PersonBirthDate", "Sex", "Ethnicity")


@dataclass
class Census:
    """A census file read into grids of cell text, before the canonical checks."""

    file: str
    schema: str
    reference_date: dt.date | None
    workers: Grid
    vacancies: Grid | None
    issues: list[Issue] = field(default_factory=list)
    details: dict[str, str] = field(default_factory=dict)


@dataclass
class _Record:
    line: int
    values: dict[str, str]


# The elements of a record the grids and the census rules use; only these are kept while the
# file streams, as one tuple per record, so memory grows by a few hundred bytes a record.
_KEPT = ("SWENo", "AgencyWorker", "FTE", "FTE30", "RoleStartDate", "RoleEndDate", "ReasonLeave",
         "OrgRole", "Cases30", "WorkingDaysLost", "StartOrigin", "PersonBirthDate", "Sex",
         "GenderCurrent", "Ethnicity")
_ONLY_2025 = frozenset({"BaseSalary", "RRPayments", "OtherPayments"})
_NOT_2025 = frozenset({"QualInst", "CFKSSstatus", "GenderCurrent"})


def parse(path: Path) -> Census:
    """Stream the file once; raise :class:`FileProblem` when it cannot be read at all."""
    display = str(path)
    header: dict[str, str] = {}
    vacancy: _Record | None = None
    vacancy_tag = ""
    records: list[tuple[int, tuple[str, ...]]] = []
    shapes: Counter[tuple[str, ...]] = Counter()  # each record's elements, counted by layout
    pool: dict[str, str] = {}  # one copy of each repeated value (codes, dates)
    for tag, line, values in elements(path, display):
        if tag == "CSWWWorker":
            texts = list(map(values.get, _KEPT, _BLANKS))
            records.append((line, tuple(map(pool.setdefault, texts, texts))))
            shapes[tuple(values)] += 1
        elif tag in ("LALevelVacancies", "LALevel"):
            vacancy, vacancy_tag = _Record(line, values), tag
        elif tag in ("CollectionDetails", "Source"):
            header.update(values)
    collection = header.get("Collection", "")
    if not records and collection not in ("", "CSWW"):
        raise FileProblem(Issue("not-a-census", "<Collection> names another DfE collection "
                                "and there is no <CSWWWorker> record: the file is not a return "
                                "of the children's social work workforce census (CSWW)",
                                file=display, column="Collection", value=collection[:40]))
    if not records:
        raise FileProblem(Issue("not-a-census", "No <CSWWWorker> record: this is not a CSWW "
                                "census file, or it is empty", file=display))
    seen: Counter[str] = Counter()  # worker elements, for the schema year and unknown elements
    for shape, count in shapes.items():
        for tag in shape:
            seen[tag] += count
    issues: list[Issue] = []
    schema = _schema(vacancy_tag, seen, header.get("Year", ""))
    reference, year = _reference_date(header, schema, display, issues)
    issues.extend(_unknown_elements(seen, schema, display))
    workers, details, agency = _workers_grid(records, reference, display, issues)
    details = {SCHEMA_DETAIL: schema, "census year": str(year) if year else NOT_STATED,
               "reference date": reference.isoformat() if reference else NOT_STATED,
               LA_DETAIL: header.get("LEA", NOT_STATED), **details}
    vacancies = None
    if vacancy is None:
        issues.append(Issue("census-rule", "No <LALevelVacancies> (2025: <LALevel>) element: "
                            "the file gives no vacancy figures", file=display))
    else:
        vacancies = _vacancies_grid(vacancy, reference, display)
        if reference:
            issues.extend(_declared_agency(vacancy, agency, reference, display))
    return Census(display, schema, reference, workers, vacancies, issues, details)


_BLANKS = ("",) * len(_KEPT)
_PERSONAL = frozenset({"SWENo", "PersonBirthDate"})  # never shown in an issue, as in the checks


def _schema(vacancy_tag: str, seen: Counter[str], year_text: str) -> str:
    """The schema the file's content follows, whatever the file is called.

    2025 has <LALevel> (without a vacancies element: the pay items only it has), 2024 <Sex>,
    earlier years <GenderCurrent>. Only when the content does not tell (no sex element, or no
    vacancies element either) does the header's <Year> choose between the layouts.
    """
    year = int(year_text) if re.fullmatch(r"\d{4}", year_text) else None
    if vacancy_tag == "LALevel" or (not vacancy_tag and _ONLY_2025 & seen.keys()):
        return "2025"
    if "GenderCurrent" in seen and "Sex" not in seen:
        return "2021-2023"
    if "Sex" not in seen and year and year <= 2023:
        return "2021-2023"
    if not vacancy_tag and year and year >= 2025 and not _NOT_2025 & seen.keys():
        return "2025"
    return "2024"


def _reference_date(header: dict[str, str], schema: str, display: str,
                    issues: list[Issue]) -> tuple[dt.date | None, int | None]:
    year = int(header["Year"]) if re.fullmatch(r"\d{4}", header.get("Year", "")) else None
    text = header.get("ReferenceDate", "")
    reference = census_date(text)
    # one warning for a missing or unreadable date, saying what is used instead
    lacking = "<ReferenceDate> is not a date (YYYY-MM-DD)" if text else "No <ReferenceDate>"
    if reference is not None and (reference.month, reference.day) != CENSUS_DAY:
        issues.append(Issue("census-rule", f"<ReferenceDate> is {reference.day} "
                            f"{reference:%B %Y}, not 30 September, the census's reference date; "
                            "the figures describe the date the file gives", file=display,
                            column="ReferenceDate", value=text))
    if reference is None and year:
        reference = dt.date(year, *CENSUS_DAY)
        issues.append(Issue("census-rule", f"{lacking}: 30 September {year} is taken from "
                            "<Year>", file=display, column="ReferenceDate",
                            value=text[:40] or None))
    elif reference is None:
        issues.append(Issue("census-rule", f"{lacking}, and no <Year> in the header: give "
                            "--as-at, else the last month-end the data covers is used",
                            file=display, column="ReferenceDate", value=text[:40] or None))
    year = year or (reference.year if reference else None)
    expected = {"2025": range(2025, 2026), "2024": range(2024, 2025)}.get(
        schema, range(1, 2024))  # returns before 2021 follow 2021's layout
    if year and year not in expected:
        issues.append(Issue("census-rule", f"The records follow the {schema} schema but the "
                            f"collection year is {year}; each record is read as it stands",
                            file=display, column="Year"))
    return reference, year


def _unknown_elements(seen: Counter[str], schema: str, display: str) -> list[Issue]:
    known = set(WORKER_ELEMENTS[schema])
    return [Issue("census-rule", f"<{tag}> is not in the {schema} schema; {count:,} record(s) "
                  "have it and it is ignored", file=display, column=tag)
            for tag, count in sorted(seen.items()) if tag not in known]


# -------------------------------------------------------------------------------- grids

def _workers_grid(records: list[tuple[int, tuple[str, ...]]], reference: dt.date | None,
                  display: str, issues: list[Issue]
                  ) -> tuple[Grid, dict[str, str], _AgencyInPost]:
    """One row of canonical-ready text per record, the census rules checked on the way, and the
    agency records in post at the reference date."""
    window_start = _year_before(reference) if reference else None
    rows: list[list[str]] = []
    lines: list[int] = []
    from_fte30 = assumed_start = 0
    agency = _AgencyInPost()

    def rule(record: _Record, element: str, message: str) -> None:
        value = None if element in _PERSONAL else record.values.get(element) or None
        issues.append(Issue("census-rule", message, file=display, row=record.line,
                            column=element, value=value))

    for line, kept in records:
        record = _Record(line, dict(zip(_KEPT, kept, strict=True)))
        v = record.values
        fte, start, end = v.get("FTE", ""), v.get("RoleStartDate", ""), v.get("RoleEndDate", "")
        if (not fte or (_is_zero(fte) and end)) and v.get("FTE30"):
            fte, from_fte30 = v["FTE30"], from_fte30 + 1
        elif _is_zero(fte) and end:
            fte = ""  # a leaver's FTE 0 means "not given": blank, which the checks note
        if not start and window_start:  # in post before the year (or from its end, if earlier)
            before = window_start - dt.timedelta(days=1)
            start = min(before, census_date(end) or before).isoformat()
            assumed_start += 1
        _check_record(record, reference, window_start, rule)
        if reference and v.get("AgencyWorker") == "1" and _in_post(start, end, reference):
            agency.add(fte)
        sex = v.get("Sex") or v.get("GenderCurrent", "")
        rows.append([v.get("SWENo", ""), v.get("AgencyWorker", ""), fte, start, end,
                     v.get("ReasonLeave", ""), v.get("OrgRole", ""), "true", v.get("Cases30", ""),
                     v.get("WorkingDaysLost", ""), START_ORIGIN.get(v.get("StartOrigin", ""),
                                                                     v.get("StartOrigin", "")),
                     v.get("PersonBirthDate", ""), SEX.get(sex, sex), v.get("Ethnicity", "")])
        lines.append(record.line)
    cells = pd.DataFrame(rows, index=pd.Index(lines, dtype="int64"), dtype="str")
    cells.columns = range(len(_GRID_COLUMNS))
    details = {"row numbers": "the line each <CSWWWorker> starts on"}
    if from_fte30:
        details["FTE from FTE30"] = f"{from_fte30} record(s) with no FTE, or FTE 0 for a leaver"
    if assumed_start:
        details["no RoleStartDate"] = (f"{assumed_start} record(s), read as in post before the "
                                       "census year")
    grid = Grid(display, list(_GRID_COLUMNS), cells, header_row=1, details=details)
    return grid, details, agency


def _check_record(record: _Record, reference: dt.date | None, window_start: dt.date | None,
                  note: Callable[[_Record, str, str], None]) -> None:
    """The census rules beyond the canonical checks; each a warning naming line and element."""
    v = record.values
    swe = v.get("SWENo", "")
    if swe and not SWENO.fullmatch(swe):
        note(record, "SWENo", "SWENo: not two letters then up to 10 digits, the Social Work "
             "England number's form")
    cases = v.get("Cases30", "")
    if cases.isdigit() and int(cases) > MAX_CASES:
        note(record, "Cases30", f"Cases30: above {MAX_CASES}, wfkpi's ceiling for one "
             "worker's cases; accepted, but check it")
    end = census_date(v.get("RoleEndDate", ""))
    if end and not v.get("ReasonLeave"):
        note(record, "ReasonLeave", "ReasonLeave: missing for a worker with a RoleEndDate")
    if v.get("AgencyWorker") == "1" and (end or v.get("ReasonLeave")):
        note(record, "RoleEndDate", "An agency worker with leaving details: the census counts "
             "agency workers in post at the reference date only")
    if reference and end and end > reference:
        note(record, "RoleEndDate", "RoleEndDate: after the reference date; read as a "
             "planned end, so the worker is in post")
    if window_start and end and end < window_start:
        note(record, "RoleEndDate", "RoleEndDate: before the census year; the worker left "
             "earlier and counts toward no KPI of this year")
    start = census_date(v.get("RoleStartDate", ""))
    if reference and start and start > reference:
        note(record, "RoleStartDate", "RoleStartDate: after the reference date")


@dataclass
class _AgencyInPost:
    """The agency records in post at the reference date, counted as DfE counts agency workers:
    every record, without de-duplication; the FTE of those that give one."""

    records: int = 0
    fte: float = 0.0
    no_fte: int = 0

    def add(self, fte: str) -> None:
        self.records += 1
        value = census_number(fte)
        if value is None:
            self.no_fte += 1
        else:
            self.fte += value


def _in_post(start: str, end: str, reference: dt.date) -> bool:
    """Started by the reference date and not left by it (a leaver on the day has left)."""
    began, ended = census_date(start), census_date(end)
    return began is not None and began <= reference and (ended is None or ended > reference)


def _declared_agency(record: _Record, agency: _AgencyInPost, reference: dt.date,
                     display: str) -> list[Issue]:
    """NoAgencyFTE and NoAgencyHeadcount against the agency records in post.

    Both count the agency workers covering vacancies, so either may be below the records' figure
    (agency workers covering absence, not a vacancy) but neither above it: each figure found
    above is one warning naming both figures, with the element as the column.
    """
    v = record.values
    day = f"{reference.day} {reference:%b %Y}"
    found: list[Issue] = []

    def mismatch(element: str, message: str) -> None:
        found.append(Issue("census-mismatch", message, file=display, row=record.line,
                           column=element, value=v[element]))

    fte = census_number(v.get("NoAgencyFTE", ""))
    limit = max(AGENCY_FTE_SLACK, AGENCY_FTE_SHARE * agency.fte)
    if fte is not None and round(fte - agency.fte, 6) > round(limit, 6):  # FTEs: six decimals
        blank = f" ({agency.no_fte} of them with no FTE)" if agency.no_fte else ""
        mismatch("NoAgencyFTE", f"NoAgencyFTE declares {fte:,.1f} FTE of agency workers "
                 f"covering vacancies, but the agency worker records in post on {day} sum to "
                 f"{agency.fte:,.1f} FTE{blank}")
    headcount = v.get("NoAgencyHeadcount", "")
    if headcount and not headcount.isdecimal():
        found.append(Issue("census-rule", "NoAgencyHeadcount: not a whole number; not compared "
                           "with the agency records", file=display, row=record.line,
                           column="NoAgencyHeadcount", value=headcount[:40]))
    elif headcount and int(headcount) > agency.records:
        mismatch("NoAgencyHeadcount", f"NoAgencyHeadcount declares {int(headcount):,} agency "
                 f"workers covering vacancies, but {agency.records:,} agency worker record(s) "
                 f"are in post on {day}")
    return found


def _vacancies_grid(record: _Record, reference: dt.date | None, display: str) -> Grid:
    v = record.values
    cells = pd.DataFrame([[v.get("NumberOfVacancies", ""), v.get("NoAgencyFTE", ""),
                           reference.isoformat() if reference else ""]],
                         index=pd.Index([record.line], dtype="int64"), dtype="str")
    cells.columns = range(3)
    return Grid(display, ["NumberOfVacancies", "NoAgencyFTE", "ReferenceDate"], cells,
                header_row=record.line,
                details={"row numbers": "the line of the vacancies element"})


def _year_before(day: dt.date) -> dt.date:
    """The first day of the census year ending on ``day`` (1 October for 30 September)."""
    try:
        return day.replace(year=day.year - 1) + dt.timedelta(days=1)
    except ValueError:  # 29 February
        return dt.date(day.year - 1, 3, 1)


def _is_zero(text: str) -> bool:
    return census_number(text) == 0


def census_number(text: str) -> float | None:
    """A census number (FTE, two-decimal figures), or None when the text is not one."""
    try:
        value = float(text)
    except ValueError:
        return None
    return value if math.isfinite(value) else None


def census_date(text: str) -> dt.date | None:
    """A census date (ISO), or None when the text is blank or not one."""
    try:
        return dt.date.fromisoformat(text) if text else None
    except ValueError:
        return None
