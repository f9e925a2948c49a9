"""DfE children's social work workforce census (CSWW) XML, read straight into the canonical tables.

A file that declares a DTD or an entity (the way to a billion-laughs or an external-entity
attack) is refused (``unsafe-xml``) before any XML parser sees it: wfkpi reads the file's prolog,
the text before its root element, itself. The rest is parsed safely and streamed: lxml's
``iterparse`` with entities unresolved, no DTD loaded and no network, and a DTD refused again
should the prolog scan miss one. Each ``<CSWWWorker>`` is cleared once read, so a national-size
file stays in modest memory.

Each record becomes a row of a grid of cell text, headed by the census element names and numbered
by the line its ``<CSWWWorker>`` starts on; the grid then goes through the same checks as any
spreadsheet (:func:`wfkpi.read.load.table_from_grid`), with the census codes as value labels. The
census's own rules that the canonical checks do not cover are warnings (``census-rule``): the data
stays usable, as DfE's own collection lets a return through with queries. The authority-level
agency figures are checked against the agency records in post (``census-mismatch``). See
``docs/census.md``.
"""

from __future__ import annotations

import codecs
import datetime as dt
import math
import re
from collections import Counter
from collections.abc import Callable, Collection, Iterator
from dataclasses import dataclass, field
from functools import partial
from pathlib import Path
from typing import Any

import pandas as pd
from lxml import etree

from wfkpi.core.issues import Issue
from wfkpi.read import limits
from wfkpi.read.files import FileProblem, Grid
from wfkpi.read.limits import MB
from wfkpi.read.load import Extract, Part, ReadOptions, SourceRead, TableRead, table_from_grid
from wfkpi.read.mapping import TableMapping

WHAT = "a DfE children's social work workforce census file"
METHOD = "dfe"

# Elements of a <CSWWWorker> in each schema (2021-2023, 2024, 2025), in schema order.
_COMMON = ("AgencyWorker", "SWENo", "FTE", "PersonBirthDate")
_TAIL = ("Ethnicity", "QualInst", "QualLevel", "StepUpGrad", "OrgRole", "RoleStartDate",
         "StartOrigin", "RoleEndDate", "LeaverDestination", "ReasonLeave", "FTE30", "Cases30",
         "WorkingDaysLost", "ContractWeeks", "FrontlineGrad", "Absat30Sept", "ReasonAbsence")
WORKER_ELEMENTS: dict[str, tuple[str, ...]] = {
    "2021-2023": (*_COMMON, "GenderCurrent", *_TAIL, "CFKSSstatus"),
    "2024": (*_COMMON, "Sex", *_TAIL, "CFKSSstatus"),
    "2025": (*_COMMON, "Sex", *(e for e in _TAIL if e != "QualInst"), "BaseSalary",
             "RRPayments", "OtherPayments"),
}
VACANCY_ELEMENT = {"2021-2023": "LALevelVacancies", "2024": "LALevelVacancies", "2025": "LALevel"}
SCHEMA_YEARS = tuple(WORKER_ELEMENTS)

# The census's own limits that the canonical checks do not cover.
CENSUS_DAY = (9, 30)  # (month, day): the census describes the workforce on 30 September
MAX_CASES = 40
# How far NoAgencyFTE may rise above the FTE of the agency records in post before it is reported:
# more than both 0.5 FTE and 5% of the records' FTE (docs/census.md, "Authority-level figures").
AGENCY_FTE_SLACK = 0.5
AGENCY_FTE_SHARE = 0.05
SWENO = re.compile(r"[A-Za-z]{2}\d{1,10}")  # the schema copies end this in a literal '$'

# The workers table's details that say what the header gives (validate --format json shows them).
SCHEMA_DETAIL = "census schema"
LA_DETAIL = "la"  # the header's <LEA>, the authority's three-digit LA code
NOT_STATED = "not stated"

# Canonical column <- the grid column holding its census element (or derived text).
WORKERS = TableMapping(
    columns={
        "worker_id": "SWENo", "employment_type": "AgencyWorker", "fte": "FTE",
        "start_date": "RoleStartDate", "end_date": "RoleEndDate", "leaving_reason": "ReasonLeave",
        "org_role": "OrgRole", "qualified_social_worker": "Qualified", "cases": "Cases30",
        "sickness_days": "WorkingDaysLost", "start_origin": "StartOrigin",
        "date_of_birth": "PersonBirthDate", "sex": "Sex", "ethnicity": "Ethnicity",
    },
    values={
        "employment_type": {"agency": "1", "permanent": "0"},
        "leaving_reason": {
            "resignation": "1", "redundancy_voluntary": "2", "redundancy_compulsory": "3",
            "dismissal": "4", "retirement": "5", "death": "6", "internal_move": "7",
            "other": "8", "unknown": ["9", "10"],
        },
    },
)
VACANCIES = TableMapping(columns={"vacancy_fte": "NumberOfVacancies",
                                  "agency_cover_fte": "NoAgencyFTE", "as_at": "ReferenceDate"})
_GRID_COLUMNS = ("SWENo", "AgencyWorker", "FTE", "RoleStartDate", "RoleEndDate", "ReasonLeave",
                 "OrgRole", "Qualified", "Cases30", "WorkingDaysLost", "StartOrigin",
                 "PersonBirthDate", "Sex", "Ethnicity")
_SEX = {"0": "not known", "1": "male", "2": "female", "9": "not specified", "M": "male",
        "F": "female"}
_START_ORIGIN = {"1": "newly qualified", "2": "other local authority", "3": "outside England",
                 "4": "agency", "5": "other social work role", "6": "other social care role",
                 "7": "non-social care role", "8": "other", "9": "not known",
                 "10": "not yet collected"}


def recognises(path: Path) -> bool:
    """An XML file (by its first bytes, whatever its name): the census is the XML wfkpi reads."""
    if not path.is_file():
        return False
    with path.open("rb") as handle:
        head = handle.read(64).lstrip(b"\xef\xbb\xbf \t\r\n")
    return head.startswith(b"<?xml") or head.startswith(b"<Message") or \
        path.suffix.lower() == ".xml"


def parts(path: Path, options: ReadOptions) -> SourceRead:
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


# ------------------------------------------------------------------------------ parsing

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
_RECORD_TAGS = ("CSWWWorker", "LALevelVacancies", "LALevel", "CollectionDetails", "Source")
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
    for tag, line, values in _elements(path, display):
        if tag == "CSWWWorker":
            texts = list(map(values.get, _KEPT, _BLANKS))
            records.append((line, tuple(map(pool.setdefault, texts, texts))))
            shapes[tuple(values)] += 1
        elif tag in ("LALevelVacancies", "LALevel"):
            vacancy, vacancy_tag = _Record(line, values), tag
        elif tag in ("CollectionDetails", "Source"):
            header.update(values)
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


def _elements(path: Path, display: str) -> Iterator[tuple[str, int, dict[str, str]]]:
    """(tag, line, child element texts) for each record-like element, streamed safely.

    The prolog is checked (:func:`_declaration`) before lxml reads a byte. Only the root and the
    record-like elements raise events (``tag=``), so the loop runs once a record rather than
    once an element; each record is cleared, and the records before it dropped, once read. The
    root's first event checks the file again before any record is read.
    """
    try:
        if path.stat().st_size == 0:
            raise FileProblem(Issue("empty-file", "The file is empty (0 bytes)", file=display))
        declared = _declaration(path)
        if declared:
            raise FileProblem(_unsafe(display, *declared))
        context = etree.iterparse(str(path), events=("start", "end"),
                                  tag=("Message", *_RECORD_TAGS), resolve_entities=False,
                                  no_network=True, load_dtd=False, huge_tree=False,
                                  remove_comments=True, remove_pis=True)
        checked = False
        for event, element in context:
            if not checked:
                checked = True
                _check_root(element.getroottree(), display)
            if event == "start" or element.tag == "Message":
                continue
            values: dict[str, str] = {}
            for child in element:
                name, text = child.tag, child.text
                if name not in values and isinstance(name, str):
                    values[name] = text.strip() if text else ""
            yield element.tag, element.sourceline or 0, values
            element.clear()
            parent = element.getparent()
            while parent is not None and element.getprevious() is not None:
                del parent[0]
        if not checked:  # no census element at all: say what the file is
            _check_root(context.root.getroottree(), display)
    except etree.XMLSyntaxError as exc:
        line = exc.position[0] if exc.position and exc.position[0] else exc.lineno
        message = re.sub(r"(, line \d+)+, column \d+$", "", exc.msg or str(exc))
        raise FileProblem(Issue("unreadable-file", f"Not well-formed XML (line {line}): "
                                f"{message}" if line else f"Not well-formed XML: {message}",
                                file=display, row=line or None)) from None
    except OSError as exc:
        raise FileProblem(Issue("unreadable-file", f"The file could not be read: "
                                f"{exc.strerror or exc}", file=display)) from None


# ---------------------------------------------------------------------------- the prolog

# What may come before the root element, and what ends it; anything else ends the prolog.
_SKIPPED = (("<?", "?>"), ("<!--", "-->"))  # the XML declaration and other PIs; comments
_REFUSED = {"<!DOCTYPE": "a DTD (<!DOCTYPE ...>)", "<!ENTITY": "an entity (<!ENTITY ...>)"}
_LONGEST = max(map(len, _REFUSED))
_SPACE = " \t\r\n\ufeff"
_CHUNK = 64 * 1024
# Byte-order marks, longest first, and the patterns of zero bytes (True) in the first four
# bytes that tell UTF-32 and UTF-16 without a mark, as XML 1.0 Appendix F sets out.
_MARKS = ((codecs.BOM_UTF32_LE, "utf-32"), (codecs.BOM_UTF32_BE, "utf-32"),
          (codecs.BOM_UTF8, "utf-8-sig"), (codecs.BOM_UTF16_LE, "utf-16"),
          (codecs.BOM_UTF16_BE, "utf-16"))
_ZEROS = {(True, True, True, False): "utf-32-be", (False, True, True, True): "utf-32-le",
          (True, False, True, False): "utf-16-be", (False, True, False, True): "utf-16-le"}
_DECLARED = re.compile(rb"<\?xml\s[^>]*?\bencoding\s*=\s*[\"']([A-Za-z][\w.:-]*)[\"']")


def _declaration(path: Path) -> tuple[str, int] | None:
    """The DTD or entity declared before the root element, and its line; None when there is none.

    Only the prolog is read, a chunk at a time: white space, the XML declaration, processing
    instructions and comments are stepped over (however long) up to the first other markup.
    """
    with path.open("rb") as raw:
        head = raw.read(1024)
    with path.open(encoding=_encoding(head), errors="replace", newline="") as text:
        buffer, line, closer = "", 1, ""
        while True:
            chunk = text.read(_CHUNK)
            buffer += chunk
            while True:
                if closer:  # inside a comment or processing instruction
                    end = buffer.find(closer)
                    if end < 0:  # keep what could start the closer
                        keep = max(len(buffer) - len(closer) + 1, 0)
                        line += buffer.count("\n", 0, keep)
                        buffer = buffer[keep:]
                        break
                    end += len(closer)
                    line += buffer.count("\n", 0, end)
                    buffer, closer = buffer[end:], ""
                rest = buffer.lstrip(_SPACE)
                line += buffer.count("\n", 0, len(buffer) - len(rest))
                buffer = rest
                if len(buffer) < _LONGEST and chunk:
                    break  # too little to tell what comes next
                opened = next(((o, c) for o, c in _SKIPPED if buffer.startswith(o)), None)
                if opened is None:
                    return next(((what, line) for markup, what in _REFUSED.items()
                                 if buffer[:len(markup)].upper() == markup), None)
                buffer, closer = buffer[len(opened[0]):], opened[1]
            if not chunk:
                return None


def _encoding(head: bytes) -> str:
    """The encoding to read the prolog in: a byte-order mark's, else the one the zero bytes show,
    else the one the XML declaration names (if Python knows it and it reads the declaration's
    own ``<?xml`` as such, as UTF-7 does), else UTF-8."""
    marked = next((name for mark, name in _MARKS if head.startswith(mark)), None) or \
        _ZEROS.get(tuple(byte == 0 for byte in head[:4]))
    if marked:
        return marked
    declared = _DECLARED.match(head)
    if declared:
        name = declared.group(1).decode("ascii")
        try:
            if head[:5].decode(name) == "<?xml":
                return name
        except (LookupError, ValueError):  # not a text encoding Python has; or not this file's
            pass
    return "utf-8"


def _unsafe(display: str, what: str, line: int | None = None) -> Issue:
    return Issue("unsafe-xml", f"The file declares {what}. Census files have none, and wfkpi "
                 "does not read DTDs: they can expand entities without limit or reach other "
                 "files and the network. Remove the declaration if the file is a real census "
                 "return", file=display, row=line)


def _check_root(tree: Any, display: str) -> None:
    """Refuse a file that declares a DTD, or whose root is not the census's <Message>."""
    info = tree.docinfo
    if info.internalDTD is not None or info.system_url or info.public_id:
        raise FileProblem(_unsafe(display, _REFUSED["<!DOCTYPE"]))
    root = tree.getroot()
    if root.tag != "Message":
        raise FileProblem(Issue("not-a-census", f"The root element is <{root.tag}>, not the "
                                "census's <Message>", file=display, row=root.sourceline))


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
    try:
        reference: dt.date | None = dt.date.fromisoformat(text) if text else None
    except ValueError:
        reference = None
        issues.append(Issue("census-rule", "<ReferenceDate> is not a date (YYYY-MM-DD)",
                            file=display, column="ReferenceDate", value=text[:40]))
    lacking = "No readable <ReferenceDate>" if text else "No <ReferenceDate>"
    if reference is not None and (reference.month, reference.day) != CENSUS_DAY:
        issues.append(Issue("census-rule", f"<ReferenceDate> is {reference.day} "
                            f"{reference:%B %Y}, not 30 September, the census's reference date; "
                            "the figures describe the date the file gives", file=display,
                            column="ReferenceDate", value=text))
    if reference is None and year:
        reference = dt.date(year, *CENSUS_DAY)
        issues.append(Issue("census-rule", f"{lacking}: 30 September {year} is taken from "
                            "<Year>", file=display, column="ReferenceDate"))
    elif reference is None:
        issues.append(Issue("census-rule", f"{lacking} or <Year> in the header: give --as-at, "
                            "else the last month-end the data covers is used",
                            file=display, column="ReferenceDate"))
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
    return [Issue("census-rule", f"<{tag}> is not in the {schema} schema; {count} record(s) "
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
            start = min(before, _date(end) or before).isoformat()
            assumed_start += 1
        _check_record(record, reference, window_start, rule)
        if reference and v.get("AgencyWorker") == "1" and _in_post(start, end, reference):
            agency.add(fte)
        sex = v.get("Sex") or v.get("GenderCurrent", "")
        rows.append([v.get("SWENo", ""), v.get("AgencyWorker", ""), fte, start, end,
                     v.get("ReasonLeave", ""), v.get("OrgRole", ""), "true", v.get("Cases30", ""),
                     v.get("WorkingDaysLost", ""), _START_ORIGIN.get(v.get("StartOrigin", ""),
                                                                     v.get("StartOrigin", "")),
                     v.get("PersonBirthDate", ""), _SEX.get(sex, sex), v.get("Ethnicity", "")])
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
        note(record, "Cases30", f"Cases30: above the census's limit of {MAX_CASES}; "
             "accepted, but check it")
    end = _date(v.get("RoleEndDate", ""))
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
    start = _date(v.get("RoleStartDate", ""))
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
        value = _number(fte)
        if value is None:
            self.no_fte += 1
        else:
            self.fte += value


def _in_post(start: str, end: str, reference: dt.date) -> bool:
    """Started by the reference date and not left by it (a leaver on the day has left)."""
    began, ended = _date(start), _date(end)
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

    fte = _number(v.get("NoAgencyFTE", ""))
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
    return _number(text) == 0


def _number(text: str) -> float | None:
    """A census number (FTE, two-decimal figures), or None when the text is not one."""
    try:
        value = float(text)
    except ValueError:
        return None
    return value if math.isfinite(value) else None


def _date(text: str) -> dt.date | None:
    try:
        return dt.date.fromisoformat(text) if text else None
    except ValueError:
        return None
