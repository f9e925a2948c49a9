"""A council's scorecard in every format, registered in :data:`FORMATS` by name.

One module per format, each a pure function of the scorecard's plain dict (``Scorecard.to_dict()``,
the JSON contract of docs/targets.md): the same scorecard gives byte-identical output, and nothing
is shown that the dict does not hold. The words and figures they share are in ``text``; what they
share with the trend's formats is in :mod:`wfkpi.render.common`, ``workbook`` and ``webpage``.

A new format is a module here, named as the format (``terminal`` for ``table``), with a
``render`` function, and its name in :data:`wfkpi.render.formats.SCORECARD_FORMATS` (the command
line's choices).
"""

from __future__ import annotations

from wfkpi.render.formats import SCORECARD_FORMATS, family

FORMATS = family(__name__, SCORECARD_FORMATS)
