"""A bridge (``wfkpi explain``: why a rate moved between two dates) in every format, registered
in :data:`FORMATS` by name.

One module per format, each a pure function of the run's plain dict (``ExplainRun.to_dict()``,
the JSON contract of docs/explain.md), so the same bridge gives the same bytes. The figures as
shown, rounded so that the parts shown add up to the change shown, and the words said about
them are in :mod:`wfkpi.render.bridge` (the trend's page shows the same bridges); the waterfall
on the web page is :func:`wfkpi.render.charts.waterfall_svg`.

A new format is a module here, named as the format (``terminal`` for ``table``), with a
``render`` function, and its name in :data:`wfkpi.render.formats.EXPLAIN_FORMATS` (the command
line's choices).
"""

from __future__ import annotations

from wfkpi.render.formats import EXPLAIN_FORMATS, family

FORMATS = family(__name__, EXPLAIN_FORMATS)
