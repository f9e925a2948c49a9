"""A council's peer position (``wfkpi peers``) in every format, registered in :data:`FORMATS`.

One module per format, each a pure function of the plain dict of
:class:`wfkpi.targets.position.Standing` (the JSON contract of docs/peers.md): the same position
gives byte-identical output. The words they share are in ``text``; the look they share with the
scorecard in :mod:`wfkpi.render.common`, ``workbook`` and ``webpage``.

A new format is a module here with a ``render`` function, its name in
:data:`wfkpi.render.formats.PEERS_FORMATS` (the command line's choices) and its entry below.
"""

from __future__ import annotations

from wfkpi.render.formats import PEERS_FORMATS, Format, registry

FORMATS = registry(
    PEERS_FORMATS,
    Format("table", f"{__name__}.terminal", terminal=True),
    Format("json", f"{__name__}.json"),
    Format("csv", f"{__name__}.csv"),
    Format("markdown", f"{__name__}.markdown"),
    Format("xlsx", f"{__name__}.xlsx", binary=True),
    Format("html", f"{__name__}.html"),
)
