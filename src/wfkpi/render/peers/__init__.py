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
from wfkpi.render.peers import csv, html, json, markdown, terminal, xlsx

FORMATS = registry(
    PEERS_FORMATS,
    Format("table", terminal.render, terminal=True),
    Format("json", json.render),
    Format("csv", csv.render),
    Format("markdown", markdown.render),
    Format("xlsx", xlsx.render, binary=True),
    Format("html", html.render),
)
