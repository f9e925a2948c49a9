"""``wfkpi validate``: read and check an extract, and flag implausible figures; on a census
file, the pre-submission check too (its year's schema, the census rules and cross-checks)."""

from __future__ import annotations

from dataclasses import dataclass
from pathlib import Path

from wfkpi.app.read import Progress, read
from wfkpi.app.report import report_of
from wfkpi.app.strategy import strategy
from wfkpi.census.yearly import year_on_year
from wfkpi.core.display import number
from wfkpi.core.errors import UsageError, WfkpiError
from wfkpi.core.issues import Issue
from wfkpi.read import Extract
from wfkpi.read.limits import Limits
from wfkpi.read.sources import csww
from wfkpi.read.sources.csww.check import check
from wfkpi.read.sources.csww.records import LA_DETAIL, SCHEMA_DETAIL
from wfkpi.targets.benchmarks import dfe


@dataclass(frozen=True)
class CensusCheck:
    """What the pre-submission check of a census file was made against (the HTML page shows
    it)."""

    file: str
    schema: str | None  # the schema checked against: the collection year's
    la: str
    reference_date: str
    council: str | None = None
    previous: str | None = None

    def to_dict(self) -> dict[str, str | None]:
        return {"file": self.file, "schema": self.schema, "la": self.la,
                "reference_date": self.reference_date, "council": self.council,
                "previous": self.previous}


@dataclass(frozen=True)
class Validation:
    """An extract read and checked; for a census file, what its pre-submission check used."""

    extract: Extract
    census: CensusCheck | None = None


def validate(path: Path, mapping: Path | None = None, *, standard_week: float | None = None,
             progress: Progress | None = None, limits: Limits | None = None,
             council: str | None = None, previous: Path | None = None) -> Validation:
    """:func:`read`, then the extract's own KPIs at its default reference date checked for
    figures outside what is possible or plausible (``implausible`` warnings; docs/kpis.md,
    "Plausibility"). A census file is also checked as DfE will check it (:func:`census_check`).
    """
    extract = read(path, mapping, standard_week=standard_week, progress=progress, limits=limits)
    extract.issues.extend(implausible(extract))
    census = census_check(extract, council=council, previous=previous, limits=limits)
    return Validation(extract, census)


def census_check(extract: Extract, *, council: str | None = None, previous: Path | None = None,
                 limits: Limits | None = None) -> CensusCheck | None:
    """The pre-submission check of a census file (docs/census.md), its issues added to the
    extract's: the collection year's schema and the census rules (:func:`check`); with
    ``council``, the header's ``<LEA>`` against the council's LA code in DfE's statistics; with
    ``previous`` (last year's return), the headline figures that moved far. None when the
    extract is not a census file that could be read (``--council`` and ``--previous`` are then
    a usage error)."""
    census = next((s for s in extract.sources if SCHEMA_DETAIL in s.details), None)
    if census is None:
        unread = not extract.valid and csww.recognises(Path(extract.path))
        if (council or previous) and not unread:  # an XML file that failed says why itself
            raise UsageError("--council and --previous check a census file's return: "
                             f"{extract.path} is not a DfE census XML file")
        return None
    checked = check(Path(census.file), census.file)
    extract.issues.extend(checked.issues)
    la = census.details.get(LA_DETAIL, "")
    if council:
        area = strategy(council).council.dfe_area
        if area:
            extract.issues.extend(csww.la_code_issues(extract, dfe().la_codes(area), area))
    if previous:
        extract.issues.extend(_year_on_year(extract, census.file, la, previous, limits))
    extract.issues.sort(key=lambda issue: issue.severity != "error")  # what to fix first
    return CensusCheck(census.file, checked.schema, la,
                       census.details.get("reference date", ""), council,
                       str(previous) if previous else None)


def _year_on_year(extract: Extract, file: str, la: str, previous: Path,
                  limits: Limits | None) -> list[Issue]:
    """Last year's return read as this one is, and the headline DfE figures compared."""
    before = read(previous, limits=limits)
    earlier = next((s for s in before.sources if SCHEMA_DETAIL in s.details), None)
    if earlier is None:
        why = next((f": {i.message}" for i in before.issues if i.severity == "error"), "")
        raise UsageError(f"--previous {previous}: not a DfE census XML file that can be "
                         f"read{why}")
    try:
        then = report_of(before).report
    except WfkpiError as exc:
        raise UsageError(f"--previous {previous}: its figures cannot be computed ({exc})") \
            from None
    try:
        now = report_of(extract).report
    except WfkpiError as exc:  # this return's own fault, which its issues show
        return [Issue("csww-year-on-year", f"Not compared with the previous return "
                      f"({previous}): this return's figures cannot be computed ({exc})",
                      file=file)]
    return year_on_year(now, then, file=file, previous_file=str(previous), la=la,
                        previous_la=earlier.details.get(LA_DETAIL, ""))


def implausible(extract: Extract) -> list[Issue]:
    """An ``implausible`` warning for each KPI of the extract's own method that carries a
    plausibility flag at the default reference date (none when nothing can be computed)."""
    try:
        run = report_of(extract)
    except WfkpiError:  # no usable workers, or no spell in the year: validate says why
        return []
    at = f"{run.report.as_at:%d %b %Y}"
    return [Issue("implausible", f"{result.label} ({result.id}, method {result.method}) at "
                                 f"{at}: {flag.removeprefix('implausible: ')}",
                  file=extract.path, column=result.id, value=number(result.value, result.unit))
            for result in run.report.kpis.values() for flag in result.flags]
