"""The pre-submission check of a census return: its year's schema, and the rules beyond it.

The file is streamed once (:func:`wfkpi.read.sources.csww.stream.elements`), each record checked
whole before it is cleared, so memory stays bounded by the largest record. The schema is the
one of the collection year the header gives (``<Year>``; without one, the layout the file's
first records show), fixed as :mod:`.schema` documents. Every rule has its own issue code; its
source is given beside it here and in ``docs/census.md`` ("The pre-submission check"):

=====================  ========  ==============================================================
code                   severity  rule (source)
=====================  ========  ==============================================================
csww-schema            error     the record breaks the year's XML schema (the shipped XSD)
csww-reference-date    warning   ``<ReferenceDate>`` in another year than ``<Year>`` (DfE: the
                                 census year runs 1 October to 30 September)
csww-role-cases        warning   ``Cases30`` above 0 for ``OrgRole`` 6, "qualified without
                                 cases" (the schema's code list; wfkpi's rule)
csww-leaver            warning   ``LeaverDestination`` without ``RoleEndDate`` (wfkpi's rule)
csww-agency-items      warning   ``WorkingDaysLost`` or ``StartOrigin`` for an agency worker:
                                 DfE counts absence and starters of directly employed workers
                                 only (DfE's statistics; wfkpi's rule)
csww-fte               warning   ``FTE`` 0 for a directly employed worker in post (wfkpi's rule)
csww-days-lost         warning   ``WorkingDaysLost`` above the working days of the census year
                                 (DfE's absence rate: 253, or 254 with a 29 February)
csww-vacancy-rate      warning   ``NumberOfVacancies`` above 50% of vacancies plus in-post FTE
                                 (DfE's vacancy rate; the ceiling is wfkpi's)
=====================  ========  ==============================================================

The census rules the reader already applies (``census-rule``, ``census-mismatch``) are not
repeated here.
"""

from __future__ import annotations

import calendar
import copy
import datetime as dt
import re
from dataclasses import dataclass, field, replace
from pathlib import Path
from typing import Any

from wfkpi.core.census import CENSUS_DAY
from wfkpi.core.issues import Issue
from wfkpi.read.files import FileProblem
from wfkpi.read.sources.csww.records import census_date, census_number
from wfkpi.read.sources.csww.schema import explain, layout, record_schema, schema_for_year
from wfkpi.read.sources.csww.stream import elements, namespace

VACANCY_RATE_CEILING = 50.0  # %: above it, the LA-level vacancies are queried (docs/census.md)
WORKING_DAYS = 253  # in a census year; 254 when it holds a 29 February (DfE's absence rate)
_PERSONAL = frozenset({"SWENo", "PersonBirthDate"})  # never copied into an issue
_VACANCY_TAGS = ("LALevelVacancies", "LALevel")


@dataclass
class Checked:
    """What the pre-submission check found, and the schema it checked against."""

    schema: str | None
    issues: list[Issue] = field(default_factory=list)

    @property
    def errors(self) -> list[Issue]:
        return [issue for issue in self.issues if issue.severity == "error"]


def check(source: Path | bytes, display: str) -> Checked:
    """Check the census file at ``source`` (or the bytes of one wfkpi wrote): its year's
    schema and the pre-submission rules. A file that cannot be read at all gives the reader's
    own issue (``unreadable-file``, ``unsafe-xml`` ...), as the reader does."""
    checker = _Checker(display)
    try:
        for _ in elements(source, display, checker.visit):
            pass
    except FileProblem as problem:
        return Checked(checker.schema, [problem.issue])
    declared = namespace(source)
    if declared:
        checker.issues.append(Issue(
            "csww-schema", f"<Message> is in a namespace, which the {checker.schema or 'census'} "
            "schema's elements are not: checked against the schema, the file has no census "
            "element at all; remove the namespace declaration (xmlns) and any prefix on the "
            "element names (wfkpi reads them all the same)", file=display, row=declared[1],
            column="Message", value=declared[0][:80]))
    checker.finish()
    return Checked(checker.schema, checker.issues)


class _Checker:
    """The state of one streaming check: what the header said, where the file is."""

    def __init__(self, display: str) -> None:
        self.display = display
        self.issues: list[Issue] = []
        self.schema: str | None = None
        self.year: int | None = None
        self.reference: dt.date | None = None
        self.stage = -1  # 0 header, 1 LA-level element, 2 records: the order <Message> sets
        self.vacancy: tuple[int, dict[str, str]] | None = None
        self.vacancy_missing_said = False
        self.deferred: Any = None  # a <LALevelVacancies> met before the schema was known
        self.records = 0
        self.in_post_fte = 0.0
        # (tag, message) -> [first line, how many]: an element out of place is reported once
        # with its count, so a file padded with a million of them gives one issue
        self.misplaced: dict[tuple[str, str], list[int]] = {}
        # (tag, message) -> [its issue's index, how many]: likewise an element a record may not
        # have, reported where it first comes (a system's extra item in every record)
        self.unknown: dict[tuple[str, str], list[int]] = {}

    # ------------------------------------------------------------------ the file's order
    def visit(self, element: Any) -> None:
        tag = element.tag
        if not isinstance(tag, str):
            return
        parent = element.getparent()
        if parent.getparent() is None:
            self._message_item(element)
        elif parent.tag == "Header" and parent.getparent().getparent() is None:
            self._header_item(element)

    def _header_item(self, element: Any) -> None:
        tag = element.tag
        if tag == "CollectionDetails":
            year = (element.findtext("Year") or "").strip()
            self.year = int(year) if re.fullmatch(r"\d{4}", year) else None
            self._reference_date(element)
        if tag in ("CollectionDetails", "Source"):
            self._validate(element, f"<{tag}>")
        else:
            schema = self.schema or (schema_for_year(self.year) if self.year else "census")
            self._order(element, f"<{tag}> is not an element of <Header> in the {schema} "
                        "schema")

    def _message_item(self, element: Any) -> None:
        tag = element.tag
        if tag == "Header":
            if self.stage >= 0:
                self._order(element, "<Header> is out of order or repeated: the schema puts "
                            "one <Header> first")
            self.stage = max(self.stage, 0)
            return
        if self.schema is None and not self._choose_schema(element):
            return
        schema = str(self.schema)
        vacancy_tag = layout(schema).vacancy_tag
        if tag == "CSWWWorker":
            self._worker(element, vacancy_tag)
        elif tag == vacancy_tag:
            if self.stage >= 1:
                self._order(element, f"<{tag}> is out of order or repeated: the {schema} "
                            "schema puts one, before the first <CSWWWorker>")
            self.stage = max(self.stage, 1)
            self.vacancy = (element.sourceline or 0, _texts(element))
            self._validate(element, f"<{tag}>")
        elif tag in _VACANCY_TAGS:
            self._order(element, f"<{tag}> is not an element of the {schema} schema, which "
                        f"has <{vacancy_tag}>")
            self.vacancy = (element.sourceline or 0, _texts(element))
        else:
            self._order(element, f"<{tag}> is not an element of <Message> in the {schema} "
                        "schema")

    def _choose_schema(self, element: Any) -> bool:
        """The year's schema; without a <Year>, the layout the content shows (as the reader).
        False when a <LALevelVacancies> comes first: it is kept until a record tells."""
        if self.year:
            self.schema = schema_for_year(self.year)
        elif element.tag == "LALevel":
            self.schema = "2025"
        elif element.tag == "CSWWWorker":
            self.schema = "2021-2023" if element.find("GenderCurrent") is not None and \
                element.find("Sex") is None else "2024"
        if self.schema is None:  # a <LALevelVacancies> first: the records will tell
            self.deferred = copy.deepcopy(element)
            self.schema = "2024"
            self.stage = max(self.stage, 1)
            self.vacancy = (element.sourceline or 0, _texts(element))
            return False
        return True

    def _worker(self, element: Any, vacancy_tag: str) -> None:
        if self.deferred is not None:  # decide 2021-2023 or 2024 on the first record
            self.schema = "2021-2023" if element.find("GenderCurrent") is not None and \
                element.find("Sex") is None else "2024"
            self._validate(self.deferred, "<LALevelVacancies>")
            self.deferred = None
        if self.vacancy is None and not self.vacancy_missing_said:
            self.vacancy_missing_said = True
            self.issues.append(Issue(
                "csww-schema", f"<{vacancy_tag}> is missing: the {self.schema} schema requires "
                "it, before the first <CSWWWorker>", file=self.display,
                row=element.sourceline, column=vacancy_tag))
        self.stage = 2
        self.records += 1
        where = f"Record {self.records:,}"
        self._validate(element, where)
        self._record_rules(element, where)

    def _order(self, element: Any, message: str) -> None:
        seen = self.misplaced.setdefault((element.tag, message), [element.sourceline or 0, 0])
        seen[1] += 1

    # ------------------------------------------------------------------ the schema
    def _validate(self, element: Any, where: str) -> None:
        schema = self.schema or (schema_for_year(self.year) if self.year else "2024")
        _collapse(element, layout(schema).collapsed)
        checker = record_schema(schema)
        if checker.validate(element):
            return
        for error in checker.error_log:
            owner = _owner(error.path, element.tag)
            raw = _text(element, _named(error.message) or owner, error.line)
            bare = None if raw is None else raw.strip(_XML_SPACE)
            name, message = explain(error.message, owner, schema, empty=bare == "")
            if bare and raw != bare:
                message += (" (it has white space around it, which the schema counts as part "
                            "of the value)")
            text = (_text(element, name, error.line) or "").strip(_XML_SPACE)
            value = None if name in _PERSONAL else text[:40] or None
            if message.startswith(f"<{name}> is not an element of <"):
                seen = self.unknown.setdefault((name, message), [len(self.issues), 0])
                seen[1] += 1
                if seen[1] > 1:
                    continue
            self.issues.append(Issue("csww-schema", f"{where}: {message}", file=self.display,
                                     row=error.line or element.sourceline, column=name,
                                     value=value))

    # ------------------------------------------------------------------ rules beyond it
    def _reference_date(self, details: Any) -> None:
        text = (details.findtext("ReferenceDate") or "").strip()
        try:
            self.reference = dt.date.fromisoformat(text) if text else None
        except ValueError:
            self.reference = None  # the reader says so (census-rule)
        if self.reference and self.year and self.reference.year != self.year:
            self.issues.append(Issue(
                "csww-reference-date", f"<ReferenceDate> is in {self.reference.year} but "
                f"<Year> is {self.year}: the census year ends on 30 September of its "
                "collection year", file=self.display, row=details.sourceline,
                column="ReferenceDate", value=text))
        if self.reference is None and self.year:
            self.reference = dt.date(self.year, *CENSUS_DAY)

    def _record_rules(self, element: Any, where: str) -> None:
        v = _texts(element)
        line = element.sourceline

        def rule(code: str, item: str, message: str) -> None:
            value = None if item in _PERSONAL else (v.get(item) or None)
            self.issues.append(Issue(code, f"{where}: {message}", file=self.display, row=line,
                                     column=item, value=value))

        agency = v.get("AgencyWorker") == "1"
        end = census_date(v.get("RoleEndDate", ""))
        cases = census_number(v.get("Cases30", ""))
        if v.get("OrgRole") == "6" and cases and cases > 0:
            rule("csww-role-cases", "Cases30", "<Cases30> above 0 for <OrgRole> 6, qualified "
                 "without cases: one of the two is wrong")
        if v.get("LeaverDestination") and not v.get("RoleEndDate"):
            rule("csww-leaver", "LeaverDestination", "<LeaverDestination> without a "
                 "<RoleEndDate>: only a leaver has a destination")
        for item, what in (("WorkingDaysLost", "sickness absence"), ("StartOrigin", "starters")):
            if agency and v.get(item):
                rule("csww-agency-items", item, f"<{item}> for an agency worker: DfE counts "
                     f"the {what} of directly employed workers only, so it is not used")
        fte = census_number(v.get("FTE", ""))
        if not agency and end is None and fte == 0:
            rule("csww-fte", "FTE", "<FTE> 0 for a directly employed worker in post: the "
                 "in-post FTE counts them as nothing; give their FTE at 30 September")
        days = census_number(v.get("WorkingDaysLost", ""))
        if days is not None and self.reference and days > _working_days(self.reference):
            rule("csww-days-lost", "WorkingDaysLost", "<WorkingDaysLost> above the "
                 f"{_working_days(self.reference)} working days of the census year")
        if not agency and fte and self.reference and _in_post(v, end, self.reference):
            self.in_post_fte += fte

    def finish(self) -> None:
        for (tag, message), (line, count) in self.misplaced.items():
            more = f" ({count:,} such elements, the first here)" if count > 1 else ""
            self.issues.append(Issue("csww-schema", message + more, file=self.display,
                                     row=line or None, column=tag))
        for index, count in self.unknown.values():
            if count > 1:
                first = self.issues[index]
                self.issues[index] = replace(first, message=f"{first.message} ({count:,} such "
                                             "elements, the first here)")
        if self.deferred is not None:  # no record came to decide the layout
            self._validate(self.deferred, "<LALevelVacancies>")
        if self.vacancy is None and not self.vacancy_missing_said and self.schema:
            self.issues.append(Issue(
                "csww-schema", f"<{layout(self.schema).vacancy_tag}> is missing: the "
                f"{self.schema} schema requires it", file=self.display,
                column=layout(self.schema).vacancy_tag))
        if self.vacancy is None or self.reference is None:
            return
        line, v = self.vacancy
        vacancies = census_number(v.get("NumberOfVacancies", ""))
        if vacancies is None or vacancies <= 0:
            return
        rate = vacancies / (vacancies + self.in_post_fte) * 100
        if rate > VACANCY_RATE_CEILING:
            day = f"{self.reference.day} {self.reference:%b %Y}"
            self.issues.append(Issue(
                "csww-vacancy-rate", f"NumberOfVacancies declares {vacancies:,.1f} FTE of "
                f"vacancies against {self.in_post_fte:,.1f} FTE of directly employed workers "
                f"in post on {day}: a vacancy rate of {rate:,.1f}%, above "
                f"{VACANCY_RATE_CEILING:.0f}% (17 of the 1,353 authority-years in DfE's "
                "statistics 2017-2025 are)", file=self.display, row=line,
                column="NumberOfVacancies", value=v.get("NumberOfVacancies")))


_XML_SPACE = " \t\r\n"
_NAMED = re.compile(r"^Element '([^']+)'")


def _collapse(element: Any, collapsed: frozenset[str]) -> None:
    """Take the white space from around the values XML Schema collapses (dates, numbers, years),
    as a schema processor should before checking them: libxml2 rejects ``<Year> 2024 </Year>``,
    which XML Schema accepts. A string's white space (codes, ``SWENo``) is left: it counts."""
    for child in element.iter(*collapsed):
        text = child.text
        if text and not len(child) and text != text.strip(_XML_SPACE):
            child.text = text.strip(_XML_SPACE)


def _text(element: Any, name: str, line: int) -> str | None:
    """The text of the ``name`` element on ``line`` inside ``element`` (None when there is no
    such element, or it holds elements)."""
    child = next((c for c in element.iter(name) if c.sourceline == line), None)
    return None if child is None or len(child) else child.text or ""


def _named(message: str) -> str | None:
    found = _NAMED.match(message)
    return found.group(1) if found else None


def _owner(path: str | None, record: str) -> str:
    """The element whose children an error is about: the last but one step of its path."""
    steps = [step.split("[")[0] for step in (path or "").split("/") if step]
    return steps[-2] if len(steps) >= 2 else record


def _texts(element: Any) -> dict[str, str]:
    values: dict[str, str] = {}
    for child in element:
        if isinstance(child.tag, str) and child.tag not in values:
            values[child.tag] = (child.text or "").strip()
    return values


def _in_post(v: dict[str, str], end: dt.date | None, reference: dt.date) -> bool:
    start = census_date(v.get("RoleStartDate", ""))
    return (start is None or start <= reference) and (end is None or end > reference)


def _working_days(reference: dt.date) -> int:
    """DfE's working days in the census year to ``reference``: 254 with a 29 February."""
    return WORKING_DAYS + (1 if calendar.isleap(reference.year) and reference.month > 2
                           else 0)

