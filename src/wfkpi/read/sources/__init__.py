"""Input formats recognised by their content and read without a mapping: one plug-in each.

A plug-in is a module (or package) here that is a :class:`Reader`. It says what its input is
(``WHAT``, for messages), which KPI definitions fit it (``METHOD``), whether a path is such input
(``recognises``), and reads it (``read``) into the table reads, issues and reference date that
:func:`wfkpi.read.load.assemble` turns into an :class:`~wfkpi.read.extract.Extract`, through the
same cell, row and cross-table rules as any spreadsheet. A plug-in builds on
:mod:`wfkpi.read.extract`, :mod:`wfkpi.read.files` and :mod:`wfkpi.read.table`, never on the
loader, which finds it here.

A new input format is one new module here and one line in :data:`READERS`. Whatever no reader
recognises is read as a folder of spreadsheets through a mapping.
"""

from __future__ import annotations

from pathlib import Path
from typing import Protocol, runtime_checkable

from wfkpi.read.extract import ReadOptions, SourceRead
from wfkpi.read.sources import ascwds, csww


@runtime_checkable
class Reader(Protocol):
    """A source plug-in: a module with these names (see the package docstring)."""

    WHAT: str  # what the input is, as a message names it: "an ASC-WDS bulk-upload folder"
    METHOD: str  # the KPI definitions that fit it (wfkpi.core.names.METHODS)

    def recognises(self, path: Path) -> bool:
        """Whether ``path`` (a file or folder) is this plug-in's input, by its content."""
        ...

    def read(self, path: Path, options: ReadOptions) -> SourceRead:
        """The reads of each table, the issues found on the way and the reference date."""
        ...


# The plug-ins, in the order they are asked: the first that recognises a path reads it. The
# census comes first, as it takes any XML file; ASC-WDS looks for its headers in text files.
READERS: tuple[Reader, ...] = (csww, ascwds)
