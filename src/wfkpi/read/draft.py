"""Drafting a mapping file from an extract's headers and values (``wfkpi map``).

Pure: grids of cell text in (:class:`wfkpi.read.grid.Grid`, one per file), a :class:`Draft`
out, which writes itself as mapping YAML (:meth:`Draft.to_yaml`) in the language of
docs/mappings.md. Each file is given to the canonical table its headers match best; each header
is placed on a canonical column by its name (the column's own, or a synonym an HR system uses,
:data:`HEADERS`) and by its values (a column of dates, of numbers up to 1, of employment
types); each label of an enum or yes/no column is mapped to the value it stands for
(:data:`LABELS`). Nothing is guessed silently: a match that could go two ways is written as a
comment naming the alternatives, never as a key, and what could not be placed is listed, with
counts, at the top of the draft.

Every header, label and file name is data, never markup: each is written as a double-quoted
YAML scalar with every character that could end it, break a line or be refused by a YAML
reader escaped (:func:`quote`), in keys' values and in comments alike.
"""

from __future__ import annotations

import datetime as dt
import difflib
import glob
import re
from collections.abc import Sequence
from dataclasses import dataclass, field
from functools import cached_property
from pathlib import PurePath
from typing import Any

from wfkpi.core.names import TABLES
from wfkpi.core.schema import Column, columns
from wfkpi.read.grid import Grid, header_key
from wfkpi.read.values import Bad, boolean_parser, label_key, parse_date, parse_number

# ------------------------------------------------------------------------- synonyms

# The worker's id as HR systems head it: Oracle HCM, SAP SuccessFactors, Frappe HR, iTrent,
# ResourceLink, and the generic ones.
_PERSON = ("employee number", "employee no", "employee id", "emp no", "emp id", "staff number",
           "staff no", "staff id", "person number", "person id", "person ref", "person reference",
           "payroll number", "payroll no", "payroll id", "pay number", "personnel number",
           "user id", "person id external", "id", "employee", "worker id", "worker number",
           "employee ref", "employee reference", "resource id", "placement ref",
           "placement reference", "placement id", "agency ref", "booking ref")

# Canonical column -> the headers it goes by (compared as header_key compares them).
HEADERS: dict[str, dict[str, tuple[str, ...]]] = {
    "workers": {
        "worker_id": _PERSON,
        "employment_type": ("employment type", "contract type", "assignment category",
                            "employee class", "employee type", "worker type", "worker category",
                            "employment category", "contract category", "staff type",
                            "type of contract", "permanent temporary", "regular temp",
                            "contract", "contract status"),
        "fte": ("fte", "full time equivalent", "wte", "whole time equivalent", "fte value",
                "contracted fte", "fte %"),
        "start_date": ("start date", "date of joining", "hire date", "date joined",
                       "assignment start date", "effective start date", "role start date",
                       "contract start date", "joining date", "date of hire", "date started",
                       "service start date", "post start date", "placement start",
                       "from date", "event date", "effective date", "start", "started"),
        "end_date": ("end date", "leaving date", "date left", "relieving date", "termination date",
                     "effective end date", "contract end date", "last working day",
                     "last day of service", "leave date", "assignment end date",
                     "actual termination date", "date of leaving", "post end date",
                     "placement end", "to date", "leaver date", "term date", "left", "end"),
        "leaving_reason": ("leaving reason", "reason for leaving", "termination reason",
                           "action reason", "event reason", "leaver reason", "reason left",
                           "reason for termination", "reason leaving", "term reason"),
        "role": ("role", "job title", "designation", "job", "position", "job name", "post title",
                 "position title", "job role", "post"),
        "org_role": ("org role", "csww role", "dfe role", "census role"),
        "qualified_social_worker": ("qualified social worker", "qualified", "registered social "
                                    "worker", "swe registered", "social work qualified", "qsw",
                                    "social worker qualified", "registered sw", "qualified sw",
                                    "sw registered", "swe registration", "sw qualified"),
        "team": ("team", "department", "team name", "department name", "org unit", "unit",
                 "organisation unit", "organization", "organisation"),
        "service": ("service", "division", "directorate", "business unit", "service area",
                    "division name"),
        "grade": ("grade", "pay grade", "grade code", "band", "salary grade", "pay band",
                  "grade name"),
        "cases": ("cases", "caseload", "case count", "number of cases", "cases held"),
        "sickness_days": ("sickness days", "days lost to sickness", "sickness days lost"),
        "start_origin": ("start origin", "starter origin", "source of hire", "origin",
                         "previous employer type"),
        "date_of_birth": ("date of birth", "dob", "birth date", "birthdate"),
        "sex": ("sex", "gender"),
        "ethnicity": ("ethnicity", "ethnic origin", "ethnic group", "ethnic background"),
        "disability": ("disability", "disabled", "disability status"),
        "exit_interview": ("exit interview", "exit interview held", "exit interview completed"),
    },
    "vacancies": {
        "vacancy_fte": ("vacant fte", "vacancy fte", "vacancies fte", "vacant posts fte",
                        "vacancies", "vacant"),
        "agency_cover_fte": ("agency cover fte", "agency fte", "covered by agency",
                             "agency cover", "agency covered fte"),
        "as_at": ("as at", "as at date", "snapshot date", "report date", "date", "month"),
        "team": ("team", "department", "team name"),
        "service": ("service", "division", "directorate", "service area"),
        "role": ("role", "job title", "post", "position"),
    },
    "absences": {
        "worker_id": _PERSON,
        "start_date": ("start date", "absence start", "absence start date", "from date",
                       "first day", "first day absent", "leave start date", "from"),
        "end_date": ("end date", "absence end", "absence end date", "to date", "last day",
                     "last day absent", "leave end date", "to"),
        "reason": ("reason", "absence reason", "absence type", "leave type", "type",
                   "absence category", "category", "sickness reason"),
        "working_days_lost": ("working days lost", "days lost", "fte days lost", "days",
                              "duration days", "total days", "working days", "total leave days"),
    },
    "training": {
        "worker_id": _PERSON,
        "date": ("date", "completion date", "completed date", "course date", "date completed",
                 "attended date", "session date", "date attended", "end date"),
        "days": ("days", "training days", "duration days", "length days"),
        "hours": ("hours", "learning hours", "duration hours", "cpd hours", "training hours",
                  "length hours"),
        "course": ("course", "course title", "course name", "training", "learning item",
                   "title", "activity", "learning title"),
    },
    "appraisals": {
        "worker_id": _PERSON,
        "due_date": ("due date", "appraisal due", "review due", "due", "appraisal due date",
                     "review due date"),
        "completed_date": ("completed date", "completion date", "date completed",
                           "review signed off", "appraisal date", "signed off",
                           "review date"),
        "development_plan": ("development plan", "pdp", "pdp agreed", "idp",
                             "training plan", "development plan agreed"),
    },
    "supervision": {
        "worker_id": _PERSON,
        "date": ("date", "supervision date", "session date", "date of supervision"),
        "kind": ("kind", "type", "supervision type", "session type", "format"),
    },
    "recruitment": {
        "vacancy_id": ("vacancy id", "requisition", "requisition id", "requisition number",
                       "job requisition id", "vacancy reference", "vacancy ref",
                       "post reference", "campaign id", "vacancy number", "job ref",
                       "job reference", "advert ref", "advert reference", "job requisition"),
        "advertised_date": ("advertised date", "date advertised", "advert date", "posting date",
                            "published date", "open date", "date posted", "date opened"),
        "role": ("role", "job title", "post title", "position"),
        "team": ("team", "department"),
        "service": ("service", "division", "directorate", "service area"),
        "applications": ("applications", "applicants", "number of applications",
                         "applications received", "no of applications", "no of applicants",
                         "number of applicants", "total applications"),
        "shortlisted": ("shortlisted", "shortlist", "number shortlisted", "no shortlisted"),
        "interviewed": ("interviewed", "interviews", "number interviewed", "no interviewed"),
        "offers": ("offers", "offers made", "offered", "no of offers", "number of offers"),
        "hires": ("hires", "appointed", "appointments", "hired", "accepted", "no appointed",
                  "number appointed"),
        "internal_hires": ("internal hires", "internal appointments", "internal appointed"),
    },
}

# Words HR systems' headers shorten (``START_DT``, ``EMP_TYPE``, ``CONTRACTED_HRS``), read as
# the word in full before a header is matched (compared as header_key compares them).
ABBREVIATIONS = {"dt": "date", "dte": "date", "emp": "employee", "empl": "employee",
                 "nbr": "number", "num": "number", "hrs": "hours"}

# A hint in a header of how to fill it in: a date's layout, or yes/no.
_HINT = re.compile(r"\(\s*(?:(?:dd?|mm?|mmm|yy|yyyy)[\s/.\-]*){3}\)"
                   r"|\(\s*(?:y\s*/\s*n|yes\s*/\s*no)\s*\)", re.IGNORECASE)

# Synonyms that name a column less surely than the others: another header that names it
# better wins ("Employee Number" over "ID"; "Relieving Date" over "Contract End Date").
_WEAK = frozenset({"id", "employee", "contract end date", "from date", "to date", "event date",
                   "effective date", "placement start", "placement end", "unit", "organisation",
                   "organization", "date", "type", "category", "vacant", "month", "post",
                   "contract", "start", "started", "left", "end"})

# Single words that name a column only when they are the whole header ("Employee Name" is no
# worker id); longer synonyms also match inside a longer header ("Assignment Start Date").
_WHOLE_ONLY = frozenset({
    "id", "employee", "job", "post", "unit", "date", "type", "days", "hours", "due", "from", "to",
    "origin", "title", "format", "kind", "category", "vacant", "month", "band", "activity",
    "training", "service", "team", "role", "position", "reason", "cases", "qualified",
    "offered", "accepted", "internal", "organisation", "organization", "contract", "start",
    "started", "left", "end"})

# File names that say which table a file holds: the start of a word of the name (``leave\b``
# a whole word: "Leavers" is no absence file).
_FILE_WORDS = {
    "workers": ("worker", "employee", "staff", "establishment", "assignment", "person", "job",
                "employment", "hr", "workforce", "starter", "leaver"),
    "vacancies": ("vacanc",),
    "absences": ("absence", "sickness", r"leave\b"),
    "training": ("training", "learning", "course"),
    "appraisals": ("apprais", "review", "pdr"),
    "supervision": ("supervision",),
    "recruitment": ("recruit", "requisition", "campaign", "advert"),
}

# Canonical value -> the labels HR systems write for it (compared as labels are: case,
# spaces, hyphens and underscores aside).
LABELS: dict[str, dict[str, tuple[str, ...]]] = {
    "employment_type": {
        "permanent": ("perm", "permanent", "regular", "established", "permanent staff",
                      "full time regular", "part time regular", "fr", "pr", "substantive",
                      "permanent employee", "employee", "full time", "part time",
                      "probation"),
        "fixed_term": ("fixed term", "ftc", "fixed term contract", "fixed term temporary",
                       "fixed", "ft", "contract", "fixed term temp"),
        "temporary": ("temp", "temporary", "full time temporary", "part time temporary",
                      "seasonal", "ft", "pt", "temporary employee"),
        "bank": ("bank", "relief", "bank staff", "sessional"),
        "casual": ("casual", "zero hours", "zero hour"),
        "agency": ("agency", "locum", "interim", "agency worker", "contingent worker",
                   "contingent", "supply", "agency staff", "contractor", "agency locum"),
        "self_employed": ("self employed", "freelance", "consultant", "independent"),
        "other": ("other",),
    },
    "leaving_reason": {
        "resignation": ("resignation", "resigned", "resign", "voluntary resignation",
                        "voluntary", "term resign", "termresign", "ter resign", "terresign"),
        "retirement": ("retirement", "retired", "retire", "ill health retirement",
                       "early retirement", "term retire", "termretire", "ter retire",
                       "terretire", "age retirement"),
        "dismissal": ("dismissal", "dismissed", "dismiss", "gross misconduct", "misconduct",
                      "capability", "term dismiss", "termdismiss", "ter dismiss", "terdismiss",
                      "involuntary"),
        "redundancy_voluntary": ("voluntary redundancy", "redundancy voluntary", "vr"),
        "redundancy_compulsory": ("compulsory redundancy", "redundancy compulsory",
                                  "redundancy", "redundant"),
        "end_of_contract": ("end of contract", "contract ended", "end of fixed term",
                            "fixed term ended", "end of fixed term contract", "contract expired",
                            "end of temporary contract", "end of placement", "ter eoc",
                            "tereoc", "ter endcon", "terendcon", "end of assignment",
                            "end contract"),
        "death": ("death", "died", "deceased", "death in service"),
        "internal_move": ("internal move", "internal transfer", "transfer", "transferred",
                          "redeployment", "promotion"),
        "other": ("other",),
        "unknown": ("unknown", "not known", "not stated"),
    },
    "reason": {
        "sickness": ("sickness", "sick", "sick leave", "sickness absence", "illness", "ill",
                     "certified sickness", "self certified sickness", "self cert",
                     "uncertified sickness", "medical",
                     # the causes sickness is recorded under (NHS ESR's S10 to S99, councils'
                     # categories): each is a sickness absence
                     "stress", "anxiety", "depression", "mental health", "psychiatric",
                     "musculoskeletal", "back problems", "back pain", "cold", "cough", "flu",
                     "influenza", "migraine", "headache", "injury", "fracture",
                     "gastrointestinal", "stomach", "digestion", "digestive", "respiratory",
                     "chest", "infection", "infectious", "cancer", "tumour", "tumours",
                     "covid", "covid 19", "coronavirus", "heart", "cardiac", "circulatory",
                     "neurological", "nervous system", "genitourinary", "gynaecological",
                     "pregnancy related", "endocrine", "asthma", "virus", "viral",
                     "vomiting", "diarrhoea", "ear nose throat", "eye problems", "skin disorders",
                     "unknown causes", "other known causes"),
        "maternity_paternity": ("maternity", "paternity", "adoption", "shared parental",
                                "parental", "maternity leave", "paternity leave",
                                "adoption leave", "shared parental leave"),
        "training": ("training", "study leave", "study", "exam leave"),
        "public_duties": ("jury service", "public duties", "jury", "magistrate", "reservist",
                          "public duty"),
        "unpaid": ("unpaid", "unpaid leave", "leave without pay", "career break"),
        "unauthorised": ("unauthorised", "unauthorized", "awol", "unauthorised absence"),
        "other": ("other",),
    },
}
# Labels that stand for their value only as the whole label: inside a longer one they say
# nothing of it ("Other - Sickness", "Fixed Term Full Time", "TUPE Transfer Out": a leaver to
# another employer, no internal move).
_WHOLE_LABELS = frozenset({"other", "full_time", "part_time", "employee", "transfer",
                           "transferred"})

BOOLEAN_LABELS: dict[str, tuple[str, ...]] = {
    "true": ("registered", "qualified", "agreed", "held", "completed", "complete", "done"),
    "false": ("unregistered", "not registered", "unqualified", "not qualified", "not agreed",
              "not held", "declined", "not completed", "none"),
}

# Date formats tried on a date column the built-in reader cannot read (values.parse_date),
# in this order; day-first before month-first, which is only chosen when some date has a day
# over 12 in second place.
DATE_FORMATS = (
    "%Y/%m/%d", "%Y/%m/%d %H:%M:%S", "%Y.%m.%d", "%d/%m/%Y", "%m/%d/%Y", "%m/%d/%y",
    "%m/%d/%Y %H:%M:%S", "%m/%d/%Y %H:%M", "%m/%d/%Y %I:%M:%S %p", "%d-%b-%Y", "%d-%b-%y",
    "%d/%b/%Y", "%d-%B-%Y", "%d %b %Y", "%d %B %Y", "%b %d, %Y", "%B %d, %Y", "%b %d %Y",
    "%Y-%m-%d", "%Y-%m-%dT%H:%M:%S", "%Y-%m-%dT%H:%M:%SZ", "%Y-%m-%dT%H:%M:%S.%fZ",
    "%Y-%m-%dT%H:%M:%S%z", "%d.%m.%Y", "%Y%m%d", "%m-%d-%Y", "%d-%m-%Y",
)
_MONTH_FIRST = frozenset(f for f in DATE_FORMATS if f.startswith("%m"))
_DAY_FIRST = frozenset({"%d/%m/%Y", "%d.%m.%Y", "%d-%m-%Y"})
_FAR_FORMATS = ("%Y-%m-%d", "%Y/%m/%d", "%d/%m/%Y", "%m/%d/%Y", "%d-%b-%Y", "%d.%m.%Y", "%Y%m%d",
                "%Y.%m.%d", "%d-%m-%Y")

# Date-effective layouts: a column of actions, several rows per person.
_ACTION_HEADERS = frozenset({"action code", "action", "action name", "action type", "event",
                             "event type", "change type", "action reason code"})
_KEY_HEADERS = ("assignment number", "assignment id", "assignment", "employment id",
                "assignment ref", "assignment reference", "user id")
_HIRE = re.compile(r"hire|^h$|join|new|start", re.IGNORECASE)
_END = re.compile(r"termin|^term|leav|^end|exit|^ter[a-z_]*$|^26$|resign|retire|dismiss|"
                  r"redundan|death|deceased", re.IGNORECASE)
_STANDARD_HOURS = frozenset({"standard hours", "standard weekly hours", "full time hours",
                             "ft hours", "standard working hours", "normal full time hours",
                             "standard week"})
_HOURS_WORDS = re.compile(r"\b(hours|hrs|hour)\b")

# HR systems recognised by their headers, for the draft's `about:` line.
_SYSTEMS = {
    "Oracle HCM": {"person number", "assignment number", "assignment category", "action code",
                   "action name", "effective start date", "effective end date", "normal hours",
                   "assignment type", "action reason", "assignment status type"},
    "SAP SuccessFactors": {"user id", "person id external", "event reason", "employee class",
                           "start date", "end date", "seq number", "regular temp",
                           "standard hours", "event"},
    "Frappe HR": {"date of joining", "relieving date", "designation", "reason for leaving",
                  "employment type", "employee name", "full name", "department"},
}

CERTAIN = 0.8  # a match at least this good is placed (unless another is as good)
SUGGEST = 0.6  # one at least this good is suggested in a comment
MARGIN = 0.05  # two matches this close are a doubt
MAX_DISTINCT = 2000  # distinct values of a column looked at
MAX_LABELS = 200  # an enum or yes/no column has at most this many distinct labels
DEFAULT_WEEK = 37.0

# Every header the drafter knows, for finding the header row of a file.
KNOWN_HEADERS = frozenset(
    {header_key(h) for table in HEADERS.values() for names in table.values() for h in names}
    | {header_key(c) for t in TABLES for c in columns(t)} | _ACTION_HEADERS
    | set(_KEY_HEADERS) | _STANDARD_HOURS)


# ------------------------------------------------------------------------- quoting

_ESCAPES = {"\\": "\\\\", '"': '\\"', "\n": "\\n", "\r": "\\r", "\t": "\\t", "\0": "\\0"}


def _escaped(char: str) -> str:
    code = ord(char)
    if char in _ESCAPES:
        return _ESCAPES[char]
    if (code < 0x20 or 0x7F <= code <= 0x9F or code in (0x2028, 0x2029, 0xFEFF, 0xFFFE, 0xFFFF)
            or 0xD800 <= code <= 0xDFFF):
        return f"\\x{code:02x}" if code <= 0xFF else f"\\u{code:04x}"
    return char


def quote(text: str) -> str:
    """``text`` as a double-quoted YAML scalar that reads back as exactly ``text``: never a
    number, a boolean, a key or a comment, and never a line break, whatever it holds."""
    return '"' + "".join(map(_escaped, text)) + '"'


def _short(text: str, width: int = 60) -> str:
    """A header or label, quoted, cut to ``width`` characters for a comment."""
    return quote(text if len(text) <= width else text[: width - 1] + "…")


def _label_key(text: str) -> str:
    """A label as :func:`values.label_key` compares it, with punctuation at either end aside
    too (``-Perm-`` is ``perm``), for matching it to the labels HR systems use."""
    return label_key(text).strip("_")


def _label_words(key: str) -> list[str]:
    """The words of a label's key, punctuation aside (``S13 Cold, Cough, Flu`` is ``s13``,
    ``cold``, ``cough``, ``flu``)."""
    return [w for w in re.split(r"[^0-9a-z]+", key) if w]


def file_pattern(name: str) -> str:
    """A file's own name as a `file:` glob that matches it alone: glob characters escaped, and
    a leading ``~`` (which a mapping refuses as a home folder) written as ``[~]``."""
    pattern = glob.escape(name)
    return "[~]" + pattern[1:] if pattern.startswith("~") else pattern


# ------------------------------------------------------------------------- a column's values

@dataclass
class _Dates:
    share: float  # of the distinct non-blank values, those read as dates
    formats: tuple[str, ...]  # formats to declare; () when the built-in reader reads them
    far: tuple[str, ...]  # end-of-time dates seen, ISO
    unread: int  # distinct values read by nothing
    mixed: bool  # day-first and month-first both needed
    month_first_fits: bool  # every date also reads month-first (m/d/Y)
    texty: bool  # written with separators or month names, not serial numbers


def _far(text: str) -> str | None:
    """An end-of-time date (a year from 2500 on, beyond any real one), ISO; else None."""
    if not re.search(r"(?<!\d)(2[5-9]|[3-9]\d)\d\d(?!\d)", text):
        return None
    head = re.split(r"[ T]", text.strip(), maxsplit=1)[0]
    for form in _FAR_FORMATS:
        try:
            day = dt.datetime.strptime(head, form).date()
        except ValueError:
            continue
        if day.year >= 2500:
            return day.isoformat()
    return None


def _reads(text: str, form: str) -> bool:
    try:
        day = dt.datetime.strptime(text, form).date()
    except ValueError:
        return False
    return day.year >= 1900


def _date_fit(values: Sequence[str]) -> _Dates:
    far = sorted({d for d in map(_far, values) if d})
    rest = [v for v in values if not _far(v)]
    texty = any(re.search(r"[/\-. ]", v) for v in rest[:50])
    if not rest:
        return _Dates(1.0 if far else 0.0, (), tuple(far), 0, False, False, True)
    bad = [v for v in rest if isinstance(parse_date(v), Bad)]
    month_first = all(_reads(v, "%m/%d/%Y") for v in rest)
    if not bad:
        return _Dates(1.0, (), tuple(far), 0, False, month_first, texty)
    if sum(bool(re.search(r"\d", v)) for v in rest) < len(rest) / 2:
        return _Dates(1 - len(bad) / len(rest), (), tuple(far), len(bad), False, False, texty)
    left, chosen = list(rest), []
    while left and len(chosen) < 3:
        best, hits = max(((f, [v for v in left if _reads(v, f)]) for f in DATE_FORMATS),
                         key=lambda pair: len(pair[1]))
        if not hits:
            break
        chosen.append(best)
        left = [v for v in left if v not in set(hits)]
    mixed = bool(set(chosen) & _MONTH_FIRST and set(chosen) & _DAY_FIRST)
    read_by_formats = 1 - len(left) / len(rest)
    builtin = 1 - len(bad) / len(rest)
    if mixed or read_by_formats <= builtin:
        return _Dates(builtin, (), tuple(far), len(bad), mixed, month_first, texty)
    return _Dates(read_by_formats, tuple(chosen), tuple(far), len(left), False, month_first,
                  texty)


@dataclass
class _Profile:
    """One column of a file: its header and its distinct values with their rows."""

    index: int
    header: str
    counts: dict[str, int]  # distinct non-blank value -> rows, most common first
    rows: int  # non-blank cells
    label: str = ""  # its cell in a second header row, when there is one

    @cached_property
    def key(self) -> str:
        return draft_key(self.header)

    @cached_property
    def values(self) -> list[str]:
        return list(self.counts)[:MAX_DISTINCT]

    @cached_property
    def dates(self) -> _Dates:
        return _date_fit(self.values)

    @cached_property
    def numbers(self) -> list[float]:
        """The distinct values that are numbers."""
        return [n for n in map(parse_number, self.values) if not isinstance(n, Bad)]

    @cached_property
    def number_share(self) -> float:
        return len(self.numbers) / len(self.values) if self.values else 0.0

    def fits(self, spec: Column) -> bool:
        """Whether the values can be the canonical column's (an empty column can be anything)."""
        if not self.values:
            return True
        if spec.kind == "date":
            return self.dates.share >= 0.9
        if spec.kind in ("number", "integer"):
            whole = spec.kind == "number" or all(n.is_integer() for n in self.numbers)
            return self.number_share >= 0.9 and whole
        if spec.kind == "boolean":
            return len(self.counts) <= MAX_LABELS and _share_of_booleans(self.values) >= 0.8
        if spec.kind == "enum":
            return (len(self.counts) <= MAX_LABELS and self.number_share < 0.5
                    and not self._looks_dated())
        return not self._looks_dated()  # text

    def _looks_dated(self) -> bool:
        sample = self.values[:50]
        written = [v for v in sample if re.search(r"\d[/\-.]\d|\d [A-Za-z]{3}", v)]
        return len(written) >= 0.9 * len(sample) and self.dates.share >= 0.9


_BOOLEAN = boolean_parser({})


def _share_of_booleans(values: Sequence[str]) -> float:
    known = {_label_key(x) for labels in BOOLEAN_LABELS.values() for x in labels}
    hits = sum(not isinstance(_BOOLEAN(v), Bad) or _label_key(v) in known for v in values)
    return hits / len(values) if values else 0.0


def label_row(grid: Grid) -> list[str] | None:
    """The first data row when it is a second header row, as SuccessFactors writes one (the
    field ids, then their labels: ``user-id`` over ``User ID``): at least three of its cells,
    and at least half, name known columns."""
    if not len(grid.cells):
        return None
    cells = [str(c).strip() for c in grid.cells.iloc[0]]
    filled = [c for c in cells if c]
    named = sum(header_key(c) in KNOWN_HEADERS for c in filled)
    return cells if named >= 3 and named >= len(filled) / 2 else None


def _profiles(grid: Grid, labels: list[str] | None) -> list[_Profile]:
    body = grid.cells.iloc[1:] if labels else grid.cells
    profiles = []
    for index, header in enumerate(grid.header):
        counts: dict[str, int] = {}
        if index in body.columns and len(body):
            texts = body[index].astype(str).str.strip()
            texts = texts[texts != ""]
            counts = {str(k): int(n) for k, n in texts.value_counts(sort=True).items()}
        label = labels[index] if labels and index < len(labels) else ""
        profiles.append(_Profile(index, header, counts, sum(counts.values()), label))
    return profiles


# ------------------------------------------------------------------------- header names

def draft_key(header: str) -> str:
    """:func:`header_key` of a header with its words of CamelCase apart (HCM Data Loader's
    ``NormalHours`` is ``normal hours``), its abbreviations written out (``START_DT`` is
    ``start date``, :data:`ABBREVIATIONS`) and a hint of how to fill it in left out
    (``Start Date (dd/mm/yyyy)``, ``Registered (Y/N)``), for matching it to the synonyms."""
    text = _HINT.sub(" ", re.sub(r"(?<=[a-z])(?=[A-Z])", " ", header))
    return " ".join(ABBREVIATIONS.get(word, word) for word in header_key(text).split())


def _tokens(key: str) -> list[str]:
    return key.split()


def _contains(words: list[str], part: list[str]) -> bool:
    n = len(part)
    return any(words[i:i + n] == part for i in range(len(words) - n + 1))


def name_score(header: str, table: str, column: str) -> tuple[float, str]:
    """How well a header names a canonical column, 0 to 1, and why: its own name (1.0), a
    synonym (0.97), a synonym inside a longer header, or a near spelling of one."""
    key = draft_key(header)
    if not key:
        return 0.0, ""
    compact = key.replace(" ", "")
    words = _tokens(key)
    names = [header_key(column.replace("_", " ")), *HEADERS[table].get(column, ())]
    best: tuple[float, str] = (0.0, "")
    for i, name in enumerate(names):
        name = header_key(name)
        if key == name or compact == name.replace(" ", ""):
            if i == 0:
                return 1.0, "its name"
            return (0.9 if name in _WEAK else 0.97), f"as {quote(name)}"
        part = _tokens(name)
        if (len(part) > 1 or part[0] not in _WHOLE_ONLY) and _contains(words, part):
            score = 0.6 + 0.3 * len(part) / len(words)
            if score > best[0]:
                best = (score, f"holds {quote(name)}")
        squashed = name.replace(" ", "")
        if len(squashed) >= 6 and len(compact) >= 6:
            ratio = difflib.SequenceMatcher(None, compact, squashed).ratio()
            if ratio >= 0.86 and ratio - 0.08 > best[0]:
                best = (ratio - 0.08, f"close to {quote(name)}")
    return best


# ------------------------------------------------------------------------- labels

def closest_value(label: str, column: str) -> str | None:
    """The one value of an enum column (or, for ``"_boolean"``, of a yes/no column: "true" or
    "false") a label stands for by the labels HR systems use (:data:`LABELS`), or None when it
    stands for none or could stand for two: what validation suggests for a label not mapped."""
    values, _ = _label_values(label, column)
    return values[0] if len(values) == 1 else None


def _label_values(label: str, column: str) -> tuple[list[str], str]:
    """The canonical values a label may stand for, and how it was read: one value when it is
    plain, several when it is close to more than one, none when it is unknown."""
    known = LABELS.get(column, BOOLEAN_LABELS if column == "_boolean" else {})
    key = _label_key(label)
    exact = [value for value, labels in known.items() if key in {_label_key(x) for x in labels}]
    if exact:
        return exact, "exact"
    if column == "_boolean":  # "not agreed" holds "agreed": yes/no labels match whole only
        return [], ""
    words = _label_words(key)
    found: dict[str, set[str]] = {}
    for value, labels in known.items():
        for x in labels:
            if _label_key(x) in _WHOLE_LABELS:
                continue
            part = _label_words(_label_key(x))
            if (len(part) > 1 or len(part[0]) >= 4) and _contains(words, part):
                found.setdefault(value, set()).update(part)
    if found:
        covering = [value for value, part in found.items()
                    if all(p <= part for p in found.values())]
        if len(covering) == 1:
            return covering, "contains"
        return sorted(found), "contains"
    everything = {_label_key(x): value for value, labels in known.items() for x in labels
                  if len(_label_key(x)) >= 4}
    close = difflib.get_close_matches(key, list(everything), n=3, cutoff=0.85)
    values = sorted({everything[c] for c in close})
    return values, ("close" if values else "")


# ------------------------------------------------------------------------- the draft

@dataclass
class Placed:
    """A header placed on a canonical column."""

    column: str
    header: str
    how: str  # safe text: why ("as \"person number\"", "by its values")
    score: float
    formats: tuple[str, ...] = ()
    note: str = ""  # safe text for a trailing comment


@dataclass
class Hours:
    """FTE worked out from weekly hours."""

    header: str
    standard: str | float  # the full-time week, or the header of a column holding it
    note: str


@dataclass
class Label:
    column: str
    value: str
    label: str
    rows: int
    note: str = ""


@dataclass
class Unmapped:
    column: str
    label: str
    rows: int
    alternatives: tuple[str, ...] = ()


@dataclass
class History:
    key: str
    action: str
    end_actions: tuple[str, ...]
    people: int  # with several rows
    actions: tuple[str, ...]  # the action labels seen


@dataclass
class FileDraft:
    """One file, given to a table: what was placed, mapped, and left."""

    file: str
    table: str
    header_row: int
    sheet: str | None
    headers: list[str]  # non-blank headers
    placed: dict[str, Placed] = field(default_factory=dict)
    hours: Hours | None = None
    labels: list[Label] = field(default_factory=list)
    unmapped: list[Unmapped] = field(default_factory=list)
    no_end: tuple[str, ...] = ()
    doubts: list[str] = field(default_factory=list)  # safe comment text, under columns
    label_doubts: dict[str, list[str]] = field(default_factory=dict)  # column -> comments
    unplaced: dict[str, str] = field(default_factory=dict)  # header -> safe note
    history: History | None = None
    skip: tuple[str, str] | None = None  # (column, pattern): a second header row
    missing: list[str] = field(default_factory=list)  # required columns found nowhere
    doubted: set[str] = field(default_factory=set)  # columns two headers could be
    agency: bool = False  # no employment type, and the file's name says agency
    misfits: dict[str, str] = field(default_factory=dict)  # column -> header named like it
    score: float = 0.0
    other_sheets: dict[str, int] = field(default_factory=dict)
    block: str | None = None  # the block of a text file of several (an HCM Data Loader file)

    @property
    def used(self) -> set[str]:
        """The headers the draft reads."""
        used = {p.header for p in self.placed.values()}
        if self.hours:
            used.add(self.hours.header)
            if isinstance(self.hours.standard, str):
                used.add(self.hours.standard)
        return used


@dataclass
class Draft:
    """A draft mapping: the files given to tables, and everything left to do."""

    name: str  # the extract, as the user named it
    files: list[FileDraft]
    unassigned: dict[str, str] = field(default_factory=dict)  # file -> safe note
    unread: dict[str, str] = field(default_factory=dict)  # file -> why it could not be read
    about: str = ""

    @property
    def tables(self) -> dict[str, list[FileDraft]]:
        found: dict[str, list[FileDraft]] = {}
        for f in self.files:
            found.setdefault(f.table, []).append(f)
        return {t: found[t] for t in TABLES if t in found}

    @property
    def missing(self) -> list[str]:
        return [t for t in TABLES if t not in self.tables]

    @property
    def headers(self) -> int:
        return sum(len(f.headers) for f in self.files)

    @property
    def placed(self) -> int:
        return sum(len([h for h in f.headers if h in f.used]) for f in self.files)

    @property
    def labels(self) -> int:
        return sum(len(f.labels) for f in self.files)

    @property
    def unmapped(self) -> list[tuple[str, Unmapped]]:
        return [(f.table, u) for f in self.files for u in f.unmapped]

    @property
    def doubts(self) -> int:
        return sum(len(f.doubts) + sum(map(len, f.label_doubts.values())) for f in self.files) \
            + len(self.unassigned)

    def summary(self) -> dict[str, Any]:
        """The figures of the draft, for the command line's summary."""
        return {
            "headers": self.headers, "placed": self.placed, "labels": self.labels,
            "unmapped_labels": len(self.unmapped),
            "unmapped_rows": sum(u.rows for _, u in self.unmapped),
            "doubts": self.doubts,
            "tables": {t: [f.file for f in fs] for t, fs in self.tables.items()},
            "missing": self.missing, "unassigned": list(self.unassigned),
            "unread": list(self.unread),
        }

    def to_yaml(self) -> str:
        return _Writer(self).text()


# ------------------------------------------------------------------------- drafting

def draft(grids: Sequence[tuple[str, Grid]], name: str,
          unread: dict[str, str] | None = None) -> Draft:
    """The draft mapping for the files read as ``grids`` (file name relative to the folder,
    grid), the extract being called ``name``; ``unread`` lists files that could not be read."""
    files: list[tuple[int, FileDraft]] = []
    unassigned: dict[str, str] = {}
    sheets: dict[str, int] = {}  # file -> its sheets drafted
    for file, grid in grids:
        sheets[file] = sheets.get(file, 0) + (grid.sheet is not None)
    taken: dict[tuple[str, str], str] = {}  # (workbook, table) -> the sheet drafted for it
    ranked = sorted(enumerate(grids), key=lambda g: -_sheet_rank(g[1][1]))
    for index, (file, grid) in ranked:
        where = f"{file} (block {grid.block})" if grid.block else \
            f"{file} (sheet {grid.sheet})" if sheets[file] > 1 else file
        labels = label_row(grid)
        profiles = _profiles(grid, labels)
        options = sorted(((_hint(file, t) + m.score, t, m) for t in TABLES
                          for m in [_match(file, grid, profiles, t, labels is not None)]),
                         key=lambda o: (-o[0], TABLES.index(o[1])))
        (best, table, match), (second, other, _) = options[0], options[1]
        if best < 3:
            unassigned[where] = "its headers match no table's columns well enough" + \
                _no_header(grid)
        elif best - second < 0.5:
            unassigned[where] = (f"it could hold {table} or {other} (its headers match both "
                                "as well): add it under one of them by hand")
        elif len(lacking := match.missing) > 1 \
                and len(grids) > 1:
            unassigned[where] = (f"it looks most like {table}, but has no header for "
                                f"{' or '.join(lacking)} (a file of people rather than "
                                f"of spells?): add it under {table} by hand if it belongs")
        elif sheets[file] > 1 and (file, table) in taken:
            unassigned[where] = (f"it holds {table} too, as sheet {_short(taken[file, table])} "
                                 "does, which is drafted: a table is read from one sheet of a "
                                 "workbook; save this one as a file of its own to read it too")
        else:
            if sheets[file] > 1 and grid.sheet is not None:
                taken[file, table] = grid.sheet
            files.append((index, match))
    return Draft(name, [f for _, f in sorted(files, key=lambda f: f[0])],
                 dict(sorted(unassigned.items(), key=lambda u: _order(u[0], grids))),
                 dict(unread or {}), _about(name, grids))


def _sheet_rank(grid: Grid) -> int:
    """Sheets of one workbook are looked at in order of their known headers, so that the sheet
    of data is drafted before a summary of it: each table takes one sheet."""
    return sum(draft_key(h) in KNOWN_HEADERS for h in grid.header) if grid.sheet else 0


def _order(where: str, grids: Sequence[tuple[str, Grid]]) -> int:
    """A file's place among the files read, for listing the files given to no table."""
    return next((i for i, (file, _) in enumerate(grids) if where.startswith(file)), len(grids))


_NUMBER_OR_DATE = re.compile(r"\d+([.,/\-]\d+)*|\d{1,2}[ -][A-Za-z]{3}[ -]\d{2,4}")


def _no_header(grid: Grid) -> str:
    """A note when the header row holds data (numbers and dates), as a file with no header
    row does."""
    filled = [h.strip() for h in grid.header if h.strip()]
    data = sum(bool(_NUMBER_OR_DATE.fullmatch(h)) for h in filled)
    if filled and data >= 2 and data >= len(filled) / 2:
        return ("; its first row holds data (numbers, dates), not headers: the file seems to "
                "have no header row: add one naming its columns and draft again")
    return ""


def _hint(file: str, table: str) -> float:
    stem = header_key(PurePath(file).stem)
    return 1.5 if any(re.search(rf"\b{word}", stem) for word in _FILE_WORDS[table]) else 0.0


def _about(name: str, grids: Sequence[tuple[str, Grid]]) -> str:
    keys = {header_key(h) for _, g in grids for h in g.header}
    system = next((s for s, marks in _SYSTEMS.items() if len(keys & marks) >= 3), None)
    seen = f", laid out like an export of {system}" if system else ""
    return f"Draft mapping for {name}{seen}, written by wfkpi map"


def _match(file: str, grid: Grid, profiles: list[_Profile], table: str,
           labelled: bool = False) -> FileDraft:
    """The best placing of a file's headers on ``table``'s columns, and its score."""
    specs = columns(table)
    order = list(specs)
    certain: list[Placed] = []
    suggestions: list[Placed] = []
    unplaced: dict[str, str] = {}
    misfits: dict[str, str] = {}  # column -> a header named like it whose values do not fit
    profile_of = {p.header: p for p in profiles}
    for p in profiles:
        if not p.key:
            continue
        for name, spec in specs.items():
            score, how = name_score(p.header, table, name)
            if p.label:  # the second header row names it too
                by_label = name_score(p.label, table, name)
                if by_label[0] > score:
                    score, how = by_label[0], f"its label {_short(p.label)} {by_label[1]}"
            if score < SUGGEST:
                continue
            if not p.fits(spec):
                if score >= CERTAIN:
                    unplaced.setdefault(p.header, f"named like {name}, but its values are not "
                                        f"{_kind_words(spec)}{_decimal_comma(p, spec)}")
                    misfits.setdefault(name, p.header)
                continue
            (certain if score >= CERTAIN else suggestions).append(
                Placed(name, p.header, how, score))
        certain.extend(_by_values(p, table, specs))
    certain.sort(key=lambda c: (-c.score, _position(profiles, c.header), order.index(c.column)))
    result = FileDraft(file, table, grid.header_row, grid.sheet,
                       [h for h in grid.header if header_key(h)],
                       other_sheets=dict(grid.other_sheets), block=grid.block)
    doubted_columns: set[str] = set()
    doubted_headers: set[str] = set()
    used: set[str] = set()
    for c in certain:
        if c.column in result.placed or c.column in doubted_columns or c.header in used \
                or c.header in doubted_headers:
            continue
        rival_headers = [o for o in certain if o.column == c.column and o.header != c.header
                         and o.header not in used and c.score - o.score < MARGIN]
        same = [o for o in rival_headers
                if _same(profile_of[c.header], profile_of[o.header], grid)]
        rival_headers = [o for o in rival_headers if o not in same]
        if rival_headers and specs[c.column].kind == "enum":
            # of two headers named alike, the one whose labels tell more values apart (a
            # Regular/Temporary column over one reading "Employee" on every row)
            reach = {o.header: _reach(profile_of[o.header], c.column)
                     for o in [c, *rival_headers]}
            if reach[c.header] < max(reach.values()):
                continue  # a rival tells more: it is placed when its turn comes
            rival_headers = [o for o in rival_headers if reach[o.header] == reach[c.header]]
        rival_columns = [o for o in certain if o.header == c.header and o.column != c.column
                         and o.column not in result.placed and c.score - o.score < MARGIN]
        if rival_headers:
            doubted_columns.add(c.column)
            doubted_headers.update(o.header for o in [c, *rival_headers])
            names = " or ".join(_short(o.header) for o in [c, *rival_headers])
            result.doubts.append(f"{c.column}: {names}? Each could be; keep one")
            continue
        if rival_columns:
            doubted_headers.add(c.header)
            names = " or ".join(o.column for o in [c, *rival_columns])
            result.doubts.append(f"{_short(c.header)}: {names}? It could be either")
            continue
        close = [o for o in certain if o.column == c.column and o.header != c.header
                 and o.header not in used and o not in same and c.score - o.score < 0.15]
        if close:
            also = "also possible: " + ", ".join(_short(o.header) for o in close)
            c.note = f"{c.note}; {also}" if c.note else also
            for o in close:
                unplaced.setdefault(o.header, f"could be {c.column} too (see its line)")
        for o in same:
            used.add(o.header)
            unplaced[o.header] = f"holds the same values as {_short(c.header)}, used for " \
                                 f"{c.column}"
        result.placed[c.column] = c
        used.add(c.header)
    for s in sorted(suggestions, key=lambda s: -s.score):
        if s.header not in used and s.header not in doubted_headers \
                and s.column not in result.placed:
            unplaced.setdefault(s.header, f"could be {s.column} ({s.how}): not placed")
    result.doubted = doubted_columns
    result.misfits = misfits
    _dates(result, profile_of, specs)
    if table == "workers":
        _fte(result, profiles, used | doubted_headers)
        result.agency = "employment_type" not in {*result.placed, *doubted_columns} and bool(
            re.search(r"agency|locum|supplier|contingent|interim", file, re.IGNORECASE))
    result.missing = [n for n, spec in specs.items() if spec.required_column
                      and n not in result.placed and n not in doubted_columns
                      and not (n == "employment_type" and result.agency)
                      and not (n == "fte" and result.hours)]
    _labels(result, profile_of, specs)
    _history(result, profiles)
    if labelled:
        _skip_labels(result, profiles)
    for p in profiles:
        if p.key and p.header not in result.used:
            note = "uncertain: see the comment under columns" \
                if p.header in doubted_headers else \
                result.unplaced.get(p.header) or unplaced.get(p.header) \
                or _unplaced_note(p, result, specs)
            result.unplaced[p.header] = note
    result.score = _table_score(result, specs)
    return result


def _reach(profile: _Profile, column: str) -> int:
    """How many of ``column``'s values the distinct labels of ``profile`` stand for, each
    label read plainly (one value)."""
    found = (_label_values(label, column)[0] for label in profile.values)
    return len({values[0] for values in found if len(values) == 1})


def _position(profiles: list[_Profile], header: str) -> int:
    return next(p.index for p in profiles if p.header == header)


def _decimal_comma(p: _Profile, spec: Column) -> str:
    """A note when a number column is written with decimal commas (``0,5``), as a continental
    spreadsheet saves it; wfkpi reads a decimal point only."""
    if spec.kind != "number":
        return ""
    commas = [v for v in p.values if re.fullmatch(r"-?\d+,\d+", v)
              and not re.fullmatch(r"-?\d{1,3},\d{3}", v)]
    rest = [v for v in p.values if v not in commas and not isinstance(parse_number(v), Bad)]
    if commas and len(commas) + len(rest) == len(p.values):
        return (f": they are written with a decimal comma ({_short(commas[0], 20)}), which is "
                "not read; save the export with decimal points")
    return ""


def _kind_words(spec: Column) -> str:
    return {"date": "dates", "number": "numbers", "integer": "whole numbers",
            "boolean": "yes/no", "enum": "labels", "text": "text"}[spec.kind]


def _same(a: _Profile, b: _Profile, grid: Grid) -> bool:
    """Two columns holding the same cell in every row."""
    if a.counts != b.counts:
        return False
    return bool((grid.cells[a.index].astype(str).str.strip()
                 == grid.cells[b.index].astype(str).str.strip()).all())


def _by_values(p: _Profile, table: str, specs: dict[str, Column]) -> list[Placed]:
    """Matches a column's values make whatever its header: a column of employment types
    (leaving reasons, absence reasons), or of FTEs (numbers up to 1, some of them fractions)."""
    found = []
    if not p.values or len(p.counts) > MAX_LABELS:
        return found
    for name, spec in specs.items():
        if spec.kind != "enum" or name not in LABELS:
            continue
        known = sum(n for label, n in p.counts.items()
                    if _label_key(label) in spec.choices or len(_label_values(label, name)[0])
                    == 1)
        plain = sum(1 for label in p.counts if len(_label_values(label, name)[0]) == 1
                    or _label_key(label) in spec.choices)
        if known >= 0.8 * p.rows and plain >= 2:
            found.append(Placed(name, p.header, "by its values", CERTAIN,
                                note=f"placed by its values ({plain} known labels)"))
    if "fte" in specs and p.number_share >= 0.95 and len(p.numbers) >= 2 \
            and all(0 <= n <= 1 for n in p.numbers) and not all(n.is_integer() for n in p.numbers):
        found.append(Placed("fte", p.header, "by its values", CERTAIN,
                            note="placed by its values (numbers up to 1)"))
    return found


def _dates(result: FileDraft, profile_of: dict[str, _Profile], specs: dict[str, Column]) -> None:
    """Date formats the built-in reader needs, end-of-time dates, and month-first columns
    read month-first like the file's others."""
    dated = [p for p in result.placed.values() if specs[p.column].kind == "date"]
    for placed in dated:
        placed.formats = profile_of[placed.header].dates.formats
    month_first = [p for p in dated if set(p.formats) & _MONTH_FIRST]
    far: set[str] = set()
    for placed in dated:
        spec = specs[placed.column]
        dates = profile_of[placed.header].dates
        if dates.mixed:
            placed.note = "mixes day-first and month-first dates: check them"
        elif dates.unread:
            placed.note = (f"{dates.unread} distinct value{'s' if dates.unread > 1 else ''} "
                           "read as no date; validate lists them")
        if not placed.formats and month_first and dates.month_first_fits and dates.texty \
                and any("/" in v for v in profile_of[placed.header].values[:20]):
            placed.formats = ("%m/%d/%Y",)
            placed.note = f"month-first, like {_short(month_first[0].header)}"
        if dates.far and spec.nullable:
            far.update(dates.far)
        elif dates.far:
            placed.note = "holds end-of-time dates, which this column cannot leave blank"
    result.no_end = tuple(sorted(far))


def _fte(result: FileDraft, profiles: list[_Profile], taken: set[str]) -> None:
    """FTE from weekly hours: a column headed like hours, of numbers from 0 to 60; or an FTE
    column that holds hours."""
    standard: str | float = DEFAULT_WEEK
    for p in profiles:
        if p.key in _STANDARD_HOURS and p.header not in taken and p.number_share >= 0.95 \
                and p.numbers and all(20 <= n <= 48 for n in p.numbers):
            standard = p.header
    week = f"the {quote(standard)} column" if isinstance(standard, str) else f"{standard:g}"
    placed = result.placed.get("fte")
    if placed is not None:
        p = next(p for p in profiles if p.header == placed.header)
        top = max(p.numbers) if p.numbers else 0.0
        if min(p.numbers, default=0.0) >= 0 and (60 < top <= 100 or (
                2 < top <= 100 and re.search(r"%|\bper ?cent|\bpct\b", p.key))):
            del result.placed["fte"]  # FTE written as a percentage: 100 is full time
            result.hours = Hours(p.header, 100.0, "its values are percentages (100 is full "
                                 "time): FTE = value / 100")
            return
        if p.numbers and top > 2 and top <= 60 \
                and sorted(p.numbers)[len(p.numbers) // 2] > 2:
            del result.placed["fte"]
            result.hours = Hours(p.header, standard, f"its values look like weekly hours: "
                                 f"FTE = hours / {week}; check the full-time week")
        return
    hours = [p for p in profiles if _HOURS_WORDS.search(p.key) and p.key not in _STANDARD_HOURS
             and p.header not in taken and p.number_share >= 0.95 and p.numbers
             and all(0 <= n <= 60 for n in p.numbers) and max(p.numbers) > 1]
    if len(hours) == 1:
        result.hours = Hours(hours[0].header, standard,
                             f"FTE = hours / {week}; check the full-time week")
    elif hours:
        names = " or ".join(_short(p.header) for p in hours)
        result.doubts.append(f"fte: from the hours in {names}? Each could be; keep one, as "
                             f"fte: {{hours: HEADER, standard_hours: {week}}}")
        for p in hours:
            result.unplaced[p.header] = "weekly hours: see the fte comment"


def _labels(result: FileDraft, profile_of: dict[str, _Profile], specs: dict[str, Column]) -> None:
    for placed in result.placed.values():
        spec = specs[placed.column]
        if spec.kind not in ("enum", "boolean"):
            continue
        profile = profile_of[placed.header]
        kind = "_boolean" if spec.kind == "boolean" else placed.column
        for label, rows in profile.counts.items():
            if spec.kind == "enum" and _label_key(label) in spec.choices:
                continue  # a canonical value is read as it is
            if spec.kind == "boolean" and not isinstance(_BOOLEAN(label), Bad):
                continue
            values, how = _label_values(label, kind)
            if len(values) == 1 and how != "close":
                result.labels.append(Label(placed.column, values[0], label, rows))
            elif values:
                question = (f"close to {values[0]}; is it?" if len(values) == 1 else
                            f"{' or '.join(values)}? It could be any of them")
                result.label_doubts.setdefault(placed.column, []).append(
                    f"{_short(label)} ({rows:,} row{'s' if rows > 1 else ''}): {question}")
                result.unmapped.append(Unmapped(placed.column, label, rows, tuple(values)))
            else:
                result.unmapped.append(Unmapped(placed.column, label, rows))


def _history(result: FileDraft, profiles: list[_Profile]) -> None:
    """Date-effective rows: a column of actions (hire, termination) and people with several
    rows each."""
    worker = result.placed.get("worker_id")
    if worker is None or "start_date" not in result.placed:
        return
    ids = next(p for p in profiles if p.header == worker.header)
    people = sum(1 for n in ids.counts.values() if n > 1)
    if not people:
        return
    for p in profiles:
        if p.header in result.used or not p.values or len(p.counts) > 50:
            continue
        hires = [v for v in p.counts if _HIRE.search(v)]
        ends = [v for v in p.counts if _END.search(v) and v not in hires]
        if not (p.key in _ACTION_HEADERS or (hires and ends)):
            continue
        key = next((q.header for k in _KEY_HEADERS for q in profiles  # several values
                    if q.key == k and q.header != worker.header and q.header not in result.used
                    and len(q.counts) > 1), worker.header)
        result.history = History(key, p.header, tuple(ends), people, tuple(p.counts))
        result.unplaced[p.header] = "the action of each row: see the history suggestion"
        if key != worker.header:
            result.unplaced[key] = "the assignment of each row: see the history suggestion"
        return


def _skip_labels(result: FileDraft, profiles: list[_Profile]) -> None:
    """A ``skip`` for the second header row: by a placed column whose label is found nowhere
    else in it."""
    for placed in sorted(result.placed.values(), key=lambda p: p.column != "worker_id"):
        p = next(q for q in profiles if q.header == placed.header)
        if p.label and p.label not in p.counts:
            result.skip = (placed.column, f"^{re.escape(p.label)}$")
            return


def _unplaced_note(p: _Profile, result: FileDraft, specs: dict[str, Column]) -> str:
    if not p.values:
        return "empty"
    free = [n for n, s in specs.items() if n not in result.placed]
    dates = [n for n in free if specs[n].kind == "date"]
    if dates and p.dates.share >= 0.9 and p.dates.texty and p.number_share < 0.5:
        return f"holds dates: {' or '.join(dates)}?"
    yes_no = [n for n in free if specs[n].kind == "boolean"]
    if yes_no and len(p.counts) <= 4 and p.number_share < 0.5 \
            and _share_of_booleans(p.values) >= 0.8:
        return f"holds yes/no: {' or '.join(yes_no)}?"
    distinct = len(p.counts)
    return f"{distinct:,} distinct value{'s' if distinct > 1 else ''}"


_KEY_COLUMNS = {"workers": {"fte", "end_date"}, "vacancies": {"agency_cover_fte", "as_at"},
                "absences": {"end_date"}, "training": {"days", "hours", "course"},
                "appraisals": {"completed_date"}, "supervision": {"kind"},
                "recruitment": {"applications", "hires"}}


def _table_score(result: FileDraft, specs: dict[str, Column]) -> float:
    score = 0.0
    for name, placed in result.placed.items():
        weight = 2 if specs[name].required or name in _KEY_COLUMNS[result.table] else 1
        score += weight * placed.score
    if result.hours:
        score += 2 * CERTAIN
    score += sum((2 if specs[n].required else 1) * CERTAIN for n in result.doubted)
    return score - sum(specs[n].required for n in result.missing)


# ------------------------------------------------------------------------- writing

class _Writer:
    def __init__(self, draft: Draft) -> None:
        self.draft = draft
        self.lines: list[str] = []

    def text(self) -> str:
        self._top()
        self.lines.append(f"about: {quote(self.draft.about)}")
        for table, files in self.draft.tables.items():
            self._table(table, files)
        return "\n".join(self.lines) + "\n"

    def add(self, indent: int, text: str) -> None:
        self.lines.append(" " * indent + text)

    def comment(self, indent: int, text: str) -> None:
        self.lines.append(" " * indent + ("# " + text if text else "#"))

    def _top(self) -> None:
        d = self.draft
        self.comment(0, f"Draft mapping for {_short(d.name)}, written by wfkpi map from the "
                        "headers and values of its files.")
        self.comment(0, "Check every line, then run wfkpi validate on the extract with "
                        "--mapping and this file.")
        self.comment(0, f"Placed {d.placed} of {d.headers} headers; mapped {d.labels} "
                        f"label{'s' if d.labels != 1 else ''}.")
        unplaced = [(f, h, note) for f in d.files for h, note in f.unplaced.items()]
        if unplaced:
            self.comment(0, "")
            self.comment(0, f"Headers not placed ({len(unplaced)}): map any that matter by hand")
            for f, header, note in unplaced:
                self.comment(0, f"  {_short(f.file, 40)}: {_short(header)}: {note}")
        if d.unmapped:
            rows = sum(u.rows for _, u in d.unmapped)
            self.comment(0, "")
            self.comment(0, f"Labels not mapped ({len(d.unmapped)}, on {rows:,} rows): add each "
                            "under values: with the value it stands for")
            for table, u in d.unmapped:
                close = f" (close to {' or '.join(u.alternatives)})" if u.alternatives else ""
                self.comment(0, f"  {table}.{u.column}: {_short(u.label)}: {u.rows:,} "
                                f"row{'s' if u.rows != 1 else ''}{close}")
        doubts = [(f.table, text) for f in d.files for text in f.doubts]
        if doubts or d.unassigned:
            self.comment(0, "")
            self.comment(0, "Uncertain (written as comments below, not as keys):")
            for table, text in doubts:
                self.comment(0, f"  {table}: {text}")
            for file, why in d.unassigned.items():
                self.comment(0, f"  {_short(file, 60)}: no table: {why}")
        if d.unread:
            self.comment(0, "")
            self.comment(0, "Files that could not be read:")
            for file, why in d.unread.items():
                self.comment(0, f"  {_short(file, 40)}: {_short(why, 100)}")
        if d.missing:
            self.comment(0, "")
            required = " (workers is required: name its file)" if "workers" in d.missing else ""
            self.comment(0, f"No file found for: {', '.join(d.missing)}{required}")
        self.comment(0, "")

    def _table(self, table: str, files: list[FileDraft]) -> None:
        self.add(0, f"{table}:")
        if len(files) == 1:
            self._entry(2, files[0], table)
        else:
            self.add(2, "files:")
            for f in files:
                self.add(4, f"- file: {quote(file_pattern(f.file))}")
                self._entry(6, f, table, file=False)
        labels = [lab for f in files for lab in f.labels]
        doubts = {c: t for f in files for c, t in f.label_doubts.items()}
        if labels or doubts:
            self._values(labels, doubts)
        no_end = sorted({d for f in files for d in f.no_end})
        if no_end:
            self.add(2, "no_end: [" + ", ".join(quote(d) for d in no_end) + "]"
                     "   # end-of-time dates seen: read as no end")
        for f in files:
            if f.history:
                self._history(f.history)

    def _entry(self, indent: int, f: FileDraft, table: str, file: bool = True) -> None:
        if file:
            self.add(indent, f"file: {quote(file_pattern(f.file))}")
        if f.sheet is not None:
            self.add(indent, f"sheet: {quote(f.sheet)}")
        if f.block is not None:  # its METADATA line is its header
            self.add(indent, f"block: {quote(f.block)}")
        elif f.header_row != 1:
            self.add(indent, f"header_row: {f.header_row}")
        if f.skip:
            column, pattern = f.skip
            self.add(indent, "skip:   # the row under the header names the columns again")
            self.add(indent + 2, f"{quote(column)}: {quote(pattern)}")
        placed = sorted(f.placed.values(), key=lambda p: list(columns(table)).index(p.column))
        if placed or f.hours:
            self.add(indent, "columns:")
        inner = indent + 2 if placed or f.hours else indent
        for p in placed:
            if p.formats:
                forms = quote(p.formats[0]) if len(p.formats) == 1 else \
                    "[" + ", ".join(map(quote, p.formats)) + "]"
                text = f"{p.column}: {{header: {quote(p.header)}, format: {forms}}}"
            else:
                text = f"{p.column}: {quote(p.header)}"
            notes = [f"header {p.how}"] if p.how.startswith(("holds", "close")) else []
            notes += [p.note] if p.note else []
            self.add(inner, text + (f"   # {'; '.join(notes)}" if notes else ""))
        if f.hours:
            week = quote(f.hours.standard) if isinstance(f.hours.standard, str) \
                else f"{f.hours.standard:g}"
            self.add(inner, f"fte: {{hours: {quote(f.hours.header)}, standard_hours: {week}}}"
                            f"   # {f.hours.note}")
        for text in f.doubts:
            self.comment(inner, text)
        for name in f.missing:
            if name in f.misfits:
                self.comment(inner, f"{name}: required; {_short(f.misfits[name])} is named like "
                                    "it, but its values do not fit (see the top)")
            else:
                self.comment(inner, f"{name}: required, and no header was found for it; "
                                    "which holds it?")
        if f.agency:
            self.comment(indent, "constants: {employment_type: agency}   # the file's name says "
                                 "agency: if every row is, remove the #")

    def _values(self, labels: list[Label], doubts: dict[str, list[str]]) -> None:
        self.add(2, "values:")
        by_column: dict[str, dict[str, list[Label]]] = {}
        for lab in labels:
            by_column.setdefault(lab.column, {}).setdefault(lab.value, []).append(lab)
        for column in [*by_column, *(c for c in doubts if c not in by_column)]:
            if column in by_column:
                self.add(4, f"{column}:")
                for value, labs in by_column[column].items():
                    names = ", ".join(quote(lab.label) for lab in labs)
                    notes = "; ".join(lab.note for lab in labs if lab.note)
                    self.add(6, f"{value}: [{names}]" + (f"   # {notes}" if notes else ""))
            else:
                self.comment(4, f"{column}:")
            for text in doubts.get(column, []):
                self.comment(6, text)

    def _history(self, h: History) -> None:
        shown = ", ".join(_short(a, 30) for a in h.actions[:6])
        more = f" and {len(h.actions) - 6} more" if len(h.actions) > 6 else ""
        self.comment(2, f"The rows look date-effective: {h.people:,} "
                        f"{'people have' if h.people > 1 else 'person has'} several, and "
                        f"{_short(h.action)} holds actions ({shown}{more}).")
        self.comment(2, "To make each assignment's versions one spell, check this and "
                        "remove the #s:")
        self.comment(2, "history:")
        self.comment(2, f"  key: {quote(h.key)}")
        self.comment(2, f"  action: {quote(h.action)}")
        ends = ", ".join(quote(a) for a in h.end_actions) or '"TERMINATION"'
        self.comment(2, f"  end_actions: [{ends}]")


__all__ = ["BOOLEAN_LABELS", "DATE_FORMATS", "HEADERS", "KNOWN_HEADERS", "LABELS", "Draft",
           "FileDraft", "draft", "file_pattern", "name_score", "quote"]
