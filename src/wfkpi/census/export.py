"""The DfE children's social work workforce census return, written from canonical HR extracts.

Who is in the return (DfE's census guidance, as :mod:`wfkpi.engine.dfe` counts it): every
directly employed spell active in the census year (1 October to the 30 September reference date),
and every agency worker in post at the reference date. Each record carries what the extract
knows, under the census's element names and codes, in the order of that year's schema; what it
cannot know (qualifying institution, leaver destinations, the 2025 pay items) is left out or, where
the schema requires it, taken from the LA-level answers file. Every gap is listed with the number
of records and why, and the file is put through the pre-submission check ``wfkpi validate``
runs (:mod:`wfkpi.read.sources.csww.check`: the year's schema and the census rules) before it
is handed back: a schema error that no gap explains is a fault of the writer. Reading the file
back with :mod:`wfkpi.read.sources.csww` gives the same DfE KPIs as the extract
(``docs/census.md``).
"""

from __future__ import annotations

import datetime as dt
import re
from collections import Counter
from dataclasses import dataclass, field
from pathlib import Path
from typing import Any

import numpy as np
import pandas as pd
from lxml import etree
from pydantic import BaseModel, ConfigDict, Field, ValidationError

from wfkpi.core.census import (
    CENSUS_DAY,
    MAX_CASES,
    REASON_LEAVE,
    START_ORIGIN,
    SWENO,
    VACANCY_ELEMENT,
    WORKER_ELEMENTS,
)
from wfkpi.core.config import load_yaml
from wfkpi.core.errors import ConfigError
from wfkpi.core.issues import Issue
from wfkpi.engine import population
from wfkpi.engine.periods import Period
from wfkpi.read.sources.csww.check import check
from wfkpi.read.sources.csww.schema import schema_for_year

# 2025's LA-level items beyond vacancies: no HR extract holds them (docs/census.md).
LA_ANSWERS = ("RecruitmentBonus", "RetentionBonus", "PerformanceAward", "CarAllowance",
              "RelocationPackage", "RegionalWeighting", "CostSWE", "CostDBS", "OtherAllowances")
# ReasonLeave: the census's code for each leaving reason (the first, 9, for unknown), and 8
# (other) for the end of a contract, which the census does not name.
_REASONS = {**{reason: codes if isinstance(codes, str) else codes[0]
               for reason, codes in REASON_LEAVE.items()}, "end_of_contract": "8"}
_SEX = {"male": ("1", "M"), "m": ("1", "M"), "female": ("2", "F"), "f": ("2", "F")}
_ETHNICITY = frozenset({"WBRI", "WIRI", "WOTH", "MWBC", "MWBA", "MWAS", "MOTH", "AIND", "APKN",
                        "ABAN", "AOTH", "BCRB", "BAFR", "BOTH", "CHNE", "OOTH", "REFU", "NOBT"})


def schema_for(year: int) -> str:
    """The schema a collection year's return follows (2017-2020 returns use 2021's layout)."""
    return schema_for_year(year)


@dataclass
class Gap:
    """Something the return could not be given from the extract."""

    element: str
    records: int
    why: str

    def to_dict(self) -> dict[str, Any]:
        return {"element": self.element, "records": self.records, "why": self.why}


@dataclass
class CensusReturn:
    """The XML and what was written, left out and could not be filled."""

    xml: bytes
    year: int
    la: str
    reference_date: dt.date
    schema: str
    records: dict[str, int]
    left_out: dict[str, int]
    gaps: list[Gap]
    checks: list[Issue] = field(default_factory=list)  # the pre-submission check's issues

    @property
    def schema_errors(self) -> list[str]:
        """Each way the file breaks its year's schema: "line N: what is wrong"."""
        return [f"line {issue.row}: {issue.message}" for issue in self.checks
                if issue.severity == "error"]

    @property
    def valid(self) -> bool:
        return not self.schema_errors

    @property
    def unexplained(self) -> list[str]:
        """The schema errors that no gap explains (an element the extract could not fill):
        the writer's own fault, so the file is not written."""
        filled_later = {gap.element for gap in self.gaps}
        if VACANCY_ELEMENT[self.schema] in filled_later:
            filled_later.update(LA_ANSWERS)
        if "NumberOfVacancies" in filled_later:
            filled_later.add("NoAgencyFTE")
        return [f"line {issue.row}: {issue.message}" for issue in self.checks
                if issue.severity == "error" and issue.column not in filled_later]

    def to_dict(self) -> dict[str, Any]:
        return {
            "schema_version": 1, "collection": "CSWW", "year": self.year, "la": self.la,
            "reference_date": self.reference_date.isoformat(), "schema": self.schema,
            "records": self.records, "left_out": self.left_out,
            "gaps": [g.to_dict() for g in self.gaps],
            "valid_against_schema": self.valid, "schema_errors": self.schema_errors,
            "checks": {code: sum(1 for i in self.checks if i.code == code)
                       for code in sorted({i.code for i in self.checks})},
        }


def build(tables: dict[str, pd.DataFrame], *, year: int, la: str,
          answers: dict[str, str] | None = None) -> CensusReturn:
    """The census return for ``year`` (reference date 30 September) from canonical tables."""
    reference = dt.date(year, *CENSUS_DAY)
    period = Period(reference)
    schema = schema_for(year)
    workers = tables["workers"]
    pop = population.build(workers, tables.get("vacancies"), tables.get("absences"), period)
    direct = pop.direct & pop.active
    agency = pop.agency & pop.in_post
    keep = direct | agency
    gaps: list[Gap] = []
    left_out = {
        "directly employed spells outside the census year": int((pop.direct & ~pop.active).sum()),
        "agency spells not in post at the reference date": int((pop.agency & ~pop.in_post).sum()),
        "other employment types (bank, casual, other)": int((~pop.direct & ~pop.agency).sum()),
    }
    rows = workers[keep].reset_index(drop=True)
    record = _Records(rows, pop, keep, reference, schema, gaps)
    root = etree.Element("Message")
    root.append(_header(year, reference, la))
    root.append(_la_level(pop, agency, schema, answers or {}, gaps))
    order = WORKER_ELEMENTS[schema]
    for values in record.values():
        worker = etree.SubElement(root, "CSWWWorker")
        for tag in order:
            if tag in values:
                etree.SubElement(worker, tag).text = values[tag]
    xml = etree.tostring(root, xml_declaration=True, encoding="UTF-8", pretty_print=True)
    gaps.extend(record.gaps())
    counts = {"directly employed": int(direct.sum()), "agency": int(agency.sum())}
    result = CensusReturn(xml, year, la, reference, schema, counts,
                          {k: v for k, v in left_out.items() if v}, sorted(
                              gaps, key=lambda g: order.index(g.element)
                              if g.element in order else -1))
    result.checks = check(xml, "the census return").issues
    return result


def _header(year: int, reference: dt.date, la: str) -> Any:
    header = etree.Element("Header")
    details = etree.SubElement(header, "CollectionDetails")
    for tag, text in (("Collection", "CSWW"), ("Year", str(year)),
                      ("ReferenceDate", reference.isoformat())):
        etree.SubElement(details, tag).text = text
    source = etree.SubElement(header, "Source")
    for tag, text in (("SourceLevel", "L"), ("LEA", la), ("SoftwareCode", "wfkpi")):
        etree.SubElement(source, tag).text = text
    return header


def _la_level(pop: population.Population, agency: np.ndarray, schema: str,
              answers: dict[str, str], gaps: list[Gap]) -> Any:
    level = etree.Element(VACANCY_ELEMENT[schema])
    vacancies = pop.vacancies
    if vacancies is None or not len(vacancies.vacancy_fte):
        gaps.append(Gap("NumberOfVacancies", 0, "no vacancy rows at the reference date"))
    else:
        etree.SubElement(level, "NumberOfVacancies").text = _two(np.nansum(vacancies.vacancy_fte))
        if vacancies.cover is None or np.isnan(vacancies.cover).all():
            gaps.append(Gap("NoAgencyFTE", 0, "no agency_cover_fte at the reference date"))
        else:
            etree.SubElement(level, "NoAgencyFTE").text = _two(np.nansum(vacancies.cover))
    # The extract does not say which agency workers cover vacancies: all in post are counted.
    etree.SubElement(level, "NoAgencyHeadcount").text = str(len(np.unique(pop.person[agency])))
    if schema == "2025":
        missing = [item for item in LA_ANSWERS if item not in answers]
        for item in LA_ANSWERS:
            if item in answers:
                etree.SubElement(level, item).text = answers[item]
        if missing:
            gaps.append(Gap(VACANCY_ELEMENT[schema], 0, f"{len(missing)} pay item(s) no HR "
                            f"extract holds ({', '.join(missing)}): give them in --answers FILE"))
    return level


class _Records:
    """The census records' element texts, one dict per kept spell, counting what is missing."""

    def __init__(self, rows: pd.DataFrame, pop: population.Population, keep: np.ndarray,
                 reference: dt.date, schema: str, gaps: list[Gap]) -> None:
        self.rows, self.reference, self.schema = rows, reference, schema
        self.window_start = Period(reference).start
        self.agency = pop.agency[keep]
        self.direct = pop.direct[keep]
        self.sickness = self._sickness(pop, keep)
        self.missing: Counter[tuple[str, str]] = Counter()  # (element, why) -> records

    def _sickness(self, pop: population.Population, keep: np.ndarray) -> np.ndarray:
        """Working days lost in the year per kept record: the absences table's FTE days of each
        person (WorkingDaysLost counts FTE days) on their last directly employed record, else
        the record's own sickness_days."""
        days = np.full(int(keep.sum()), np.nan)
        direct = pop.direct[keep]
        if pop.absences is not None:
            people = pop.person[keep]
            last = pd.Series(np.arange(len(people)))[direct].groupby(people[direct]).last()
            days[last.to_numpy()] = pop.absences.fte_days[last.index.to_numpy()]
        elif pop.sickness is not None:
            days[direct] = pop.sickness[keep][direct]
        return days

    def gap(self, element: str, why: str) -> None:
        self.missing[element, why] += 1

    def gaps(self) -> list[Gap]:
        return [Gap(element, n, why) for (element, why), n in self.missing.items()]

    def values(self) -> Any:
        rows = self.rows
        get = {name: rows[name].to_numpy(dtype=object) if name in rows else
               np.full(len(rows), None, dtype=object) for name in (
                   "worker_id", "fte", "start_date", "end_date", "leaving_reason", "org_role",
                   "cases", "start_origin", "date_of_birth", "sex", "ethnicity")}
        for i in range(len(rows)):
            yield self._record({name: _value(column[i]) for name, column in get.items()},
                               bool(self.agency[i]), self.sickness[i])

    def _record(self, r: dict[str, Any], agency: bool, sickness: float) -> dict[str, str]:
        out = {"AgencyWorker": "1" if agency else "0", "SWENo": str(r["worker_id"])}
        if not SWENO.fullmatch(out["SWENo"]):
            self.gap("SWENo", "worker_id is not a Social Work England number (two letters, "
                     "then up to 10 digits): DfE's validation will reject these records")
        fte = r["fte"]
        if fte is None:
            self.gap("FTE", "blank FTE in the extract")
        else:
            if fte > 1:
                self.gap("FTE", "FTE above 1 written as 1.000000, the census's maximum")
            out["FTE"] = f"{min(fte, 1.0):.6f}"
        if r["date_of_birth"] is not None:
            out["PersonBirthDate"] = r["date_of_birth"].isoformat()
        sex = _SEX.get(str(r["sex"] or "").strip().lower())
        if sex:
            out["GenderCurrent" if self.schema == "2021-2023" else "Sex"] = \
                sex[0] if self.schema == "2021-2023" else sex[1]
        elif self.schema == "2021-2023":
            out["GenderCurrent"] = "0"
        ethnicity = str(r["ethnicity"] or "").strip().upper()
        if ethnicity in _ETHNICITY:
            out["Ethnicity"] = ethnicity
        if self.schema != "2025":
            out["QualInst"] = ""
            self.gap("QualInst", "the qualifying institution is not in HR extracts; written "
                     "empty, to be filled before submission")
        if r["org_role"] is not None:
            out["OrgRole"] = str(int(r["org_role"]))
        out["RoleStartDate"] = r["start_date"].isoformat()
        start, end = r["start_date"], r["end_date"]
        if not agency and start >= self.window_start:
            origin = str(r["start_origin"] or "")
            if origin in _ORIGIN_CODES:
                out["StartOrigin"] = _ORIGIN_CODES[origin]
            else:
                self.gap("StartOrigin", "a starter whose start_origin is not a census code")
        if end is not None and end <= self.reference and not agency:
            out["RoleEndDate"] = end.isoformat()
            out["ReasonLeave"] = _REASONS.get(str(r["leaving_reason"] or ""), "9")
            if r["leaving_reason"] is None:
                self.gap("ReasonLeave", "a leaver without a leaving_reason: written 9, not known")
        if r["cases"] is not None:
            out["Cases30"] = str(int(r["cases"]))
            if r["cases"] > MAX_CASES:
                self.gap("Cases30", f"cases above {MAX_CASES}, wfkpi's ceiling for one worker's "
                         "cases: written as they are; check them")
        if not agency and not np.isnan(sickness):
            out["WorkingDaysLost"] = _two(sickness)
        return out


# Canonical start_origin text (codes, or the reader's labels) -> census StartOrigin code.
# StartOrigin: a census code as given, or the census's words for one.
_ORIGIN_CODES = {**{code: code for code in START_ORIGIN},
                 **{words: code for code, words in START_ORIGIN.items()}}


def _value(value: Any) -> Any:
    """A cell as plain Python: None for blanks, dates as ``datetime.date``."""
    if value is None or value is pd.NA or value is pd.NaT:
        return None
    if isinstance(value, float) and np.isnan(value):
        return None
    if isinstance(value, pd.Timestamp | np.datetime64):
        return pd.Timestamp(value).date()
    return value


def _two(value: float) -> str:
    return f"{value:.2f}"


# The schema check's messages quote the offending element's text ("The value 'AB12' is not
# accepted by the pattern ...", "Element 'PersonBirthDate': '1961-13-01' is not a valid value
# ..."): a Social Work England number or a date of birth. Only the element and the line of the
# file written are kept, so that no summary of the return holds personal data.
_QUOTED_VALUE = re.compile(r"The value '.*?'(?= (?:is|has|must) )")
_QUOTED_TEXT = re.compile(r"(Element '[^']*'(?: \[[^\]]*\])?: )'.*?'(?= is not a valid value)")


def schema_error(message: str) -> str:
    """A schema check message without the element text it quotes."""
    message = _QUOTED_VALUE.sub("The value", message)
    return _QUOTED_TEXT.sub(r"\1the value", message)


def load_answers(path: Path) -> dict[str, str]:
    """The 2025 LA-level answers (docs/census.md): each pay item 0 (no), 1 (yes, all
    LA-employed social workers eligible) or 2 (yes, some), and OtherAllowances as text."""
    eligible = Field(ge=0, le=2, description="0 no, 1 yes all, 2 yes some")

    class Answers(BaseModel):
        model_config = ConfigDict(extra="forbid")
        RecruitmentBonus: int = eligible
        RetentionBonus: int = eligible
        PerformanceAward: int = eligible
        CarAllowance: int = eligible
        RelocationPackage: int = eligible
        RegionalWeighting: int = eligible
        CostSWE: int = eligible
        CostDBS: int = eligible
        OtherAllowances: str = Field(min_length=1)

    data = load_yaml(path, "answers")
    try:
        answers = Answers.model_validate(data if data is not None else {})
    except ValidationError as exc:
        lines = [f"  {'.'.join(str(p) for p in e['loc']) or 'file'}: {e['msg']}"
                 for e in exc.errors()]
        raise ConfigError(f"{path}: the answers file is not valid:\n" + "\n".join(lines)) \
            from None
    return {name: str(value) for name, value in answers.model_dump().items()}
