"""``wfkpi validate``: read and check an extract, and flag implausible figures."""

from __future__ import annotations

from pathlib import Path

from wfkpi.app.read import Progress, read
from wfkpi.app.report import report_of
from wfkpi.core.display import number
from wfkpi.core.errors import WfkpiError
from wfkpi.core.issues import Issue
from wfkpi.read import Extract
from wfkpi.read.limits import Limits


def validate(path: Path, mapping: Path | None = None, *, standard_week: float | None = None,
             progress: Progress | None = None, limits: Limits | None = None) -> Extract:
    """:func:`read`, then the extract's own KPIs at its default reference date checked for
    figures outside what is possible or plausible (``implausible`` warnings; docs/kpis.md,
    "Plausibility")."""
    extract = read(path, mapping, standard_week=standard_week, progress=progress, limits=limits)
    extract.issues.extend(implausible(extract))
    return extract


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
