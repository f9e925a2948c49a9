"""A KPI report (``wfkpi report`` without ``--council``) in every format, registered in
:data:`FORMATS` by name.

One module per format, each a pure function of the report's plain dict (``ReportRun.to_dict()``:
the JSON contract of docs/kpis.md under ``report``, with the path read and how the reference
date was chosen): the same report gives byte-identical output, and nothing is shown that the
dict does not hold. The words and figures they share are in ``text``; what they share with the
scorecard's and the trend's formats is in :mod:`wfkpi.render.common`, ``workbook`` and
``webpage``.

A new format is a module here with a ``render`` function, its name in
:data:`wfkpi.render.formats.REPORT_FORMATS` (the command line's choices) and its entry below.
"""

from __future__ import annotations

from wfkpi.render.formats import REPORT_FORMATS, Format, registry

FORMATS = registry(
    REPORT_FORMATS,
    Format("table", f"{__name__}.terminal", terminal=True),
    Format("json", f"{__name__}.json"),
    Format("csv", f"{__name__}.csv"),
    Format("markdown", f"{__name__}.markdown"),
    Format("xlsx", f"{__name__}.xlsx", binary=True),
    Format("html", f"{__name__}.html"),
)
