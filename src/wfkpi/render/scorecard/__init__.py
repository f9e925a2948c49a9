"""A council's scorecard in every format, registered in :data:`FORMATS` by name.

One module per format, each a pure function of the scorecard's plain dict (``Scorecard.to_dict()``,
the JSON contract of docs/targets.md): the same scorecard gives byte-identical output, and nothing
is shown that the dict does not hold. The words and figures they share are in ``text``; what they
share with the trend's formats is in :mod:`wfkpi.render.common`, ``workbook`` and ``webpage``.

A new format is a module here with a ``render`` function, its name in
:data:`wfkpi.render.formats.SCORECARD_FORMATS` (the command line's choices) and its entry below.
"""

from __future__ import annotations

from wfkpi.render.formats import SCORECARD_FORMATS, Format, registry
from wfkpi.render.scorecard import csv, html, json, markdown, terminal, xlsx

FORMATS = registry(
    SCORECARD_FORMATS,
    Format("table", terminal.render, terminal=True),
    Format("json", json.render),
    Format("csv", csv.render),
    Format("markdown", markdown.render),
    Format("xlsx", xlsx.render, binary=True),
    Format("html", html.render),
)
