"""A KPI report (``wfkpi report`` without ``--council``) in every format, registered in
:data:`FORMATS` by name.

One module per format, each a pure function of the report's plain dict (``ReportRun.to_dict()``:
the JSON contract of docs/kpis.md under ``report``, with the path read and how the reference
date was chosen): the same report gives byte-identical output, and nothing is shown that the
dict does not hold. The words and figures they share are in ``text``; what they share with the
scorecard's and the trend's formats is in :mod:`wfkpi.render.common`, ``workbook`` and
``webpage``.

A new format is a module here, named as the format (``terminal`` for ``table``), with a
``render`` function, and its name in :data:`wfkpi.render.formats.REPORT_FORMATS` (the command
line's choices).
"""

from __future__ import annotations

from wfkpi.render.formats import REPORT_FORMATS, family

FORMATS = family(__name__, REPORT_FORMATS)
