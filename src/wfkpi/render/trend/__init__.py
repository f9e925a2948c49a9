"""A monthly trend in every format, registered in :data:`FORMATS` by name.

One module per format, each a pure function of the trend's plain dict (``Trend.to_dict()``, the
JSON contract of docs/trend.md), so the same trend gives the same bytes; the lines they all draw,
and the words said about them, are in ``text``. The workbook and the web page share the
scorecard's look (:mod:`wfkpi.render.workbook`, :mod:`wfkpi.render.webpage`).

A new format is a module here, named as the format (``terminal`` for ``table``), with a
``render`` function, and its name in :data:`wfkpi.render.formats.TREND_FORMATS` (the command
line's choices).
"""

from __future__ import annotations

from wfkpi.render.formats import TREND_FORMATS, family

FORMATS = family(__name__, TREND_FORMATS)
