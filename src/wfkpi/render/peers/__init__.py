"""A council's peer position (``wfkpi peers``) in every format, registered in :data:`FORMATS`.

One module per format, each a pure function of the plain dict of
:class:`wfkpi.targets.position.Standing` (the JSON contract of docs/peers.md): the same position
gives byte-identical output. The words they share are in ``text``; the look they share with the
scorecard in :mod:`wfkpi.render.common`, ``workbook`` and ``webpage``.

A new format is a module here, named as the format (``terminal`` for ``table``), with a
``render`` function, and its name in :data:`wfkpi.render.formats.PEERS_FORMATS` (the command
line's choices).
"""

from __future__ import annotations

from wfkpi.render.formats import PEERS_FORMATS, family

FORMATS = family(__name__, PEERS_FORMATS)
