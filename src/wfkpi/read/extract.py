"""What reading gives and takes: the :class:`Extract`, what was read from each file
(:class:`Source`) and what was left unread (:class:`Unread`), the settings a read needs
(:class:`ReadOptions`), and the reads a source hands over before they are done (:class:`Part`,
:class:`SourceRead`).

Every module of the reading floor builds on these and none of them reads anything, so a source
plug-in (:mod:`wfkpi.read.sources`) and the loader (:mod:`wfkpi.read.load`) share them without
importing each other.
"""

from __future__ import annotations

import datetime as dt
from collections import Counter
from collections.abc import Callable
from dataclasses import dataclass, field
from typing import Any

import pandas as pd

from wfkpi.core.issues import Issue
from wfkpi.read.limits import Limits


@dataclass
class Source:
    """What was read for one table from one file."""

    table: str
    file: str
    sheet: str | None
    header_row: int
    columns: dict[str, str]  # canonical column -> header in the file
    ignored: list[str]  # headers not used
    details: dict[str, str]
    rows: int = 0  # data rows (blank, totals and furniture rows excluded)
    set_aside: int = 0
    # Of the rows loaded (rows - set_aside), those naming a worker in the workers table: for the
    # per-worker tables (schema.PER_WORKER) when there is a workers table, else None.
    matched: int | None = None

    def to_dict(self) -> dict[str, Any]:
        return {
            "table": self.table, "file": self.file, "sheet": self.sheet,
            "header_row": self.header_row, "rows": self.rows, "set_aside": self.set_aside,
            "loaded": self.rows - self.set_aside, "matched": self.matched,
            "columns": self.columns, "ignored_columns": self.ignored, **self.details,
        }


@dataclass(frozen=True)
class Unread:
    """A file found for a table that was not read (:attr:`ReadOptions.tables`): never opened,
    parsed or checked, so its issues are not among the extract's."""

    table: str
    file: str
    why: str  # as a sentence ends: "no dfe KPI reads it"

    def to_dict(self) -> dict[str, str]:
        return {"table": self.table, "file": self.file, "why": self.why}


@dataclass
class Extract:
    """Canonical tables read from one extract, with every issue found on the way, and the files
    of the tables left unread (the issues and the verdict cover the tables read)."""

    path: str
    tables: dict[str, pd.DataFrame] = field(default_factory=dict)
    sources: list[Source] = field(default_factory=list)
    issues: list[Issue] = field(default_factory=list)
    unread: list[Unread] = field(default_factory=list)
    method: str = "dfe"  # the definitions that fit the source: sfc for ASC-WDS files
    reference_date: dt.date | None = None  # a census file's own reference date, or ASC-WDS's
    reference_how: str = ""  # how the source chose it, as the report prints it

    @property
    def valid(self) -> bool:
        return not any(issue.severity == "error" for issue in self.issues)

    def tally(self) -> dict[str, Any]:
        """The verdict and the issues counted by severity and by code (codes sorted)."""
        codes = Counter(issue.code for issue in self.issues)
        errors = sum(1 for issue in self.issues if issue.severity == "error")
        return {"verdict": "VALID" if self.valid else "INVALID", "errors": errors,
                "warnings": len(self.issues) - errors,
                "by_code": {code: codes[code] for code in sorted(codes)}}


@dataclass(frozen=True)
class ReadOptions:
    """Settings some sources need: the standard week turns ASC-WDS contracted hours into FTE,
    and the reference date places ASC-WDS's counted leavers in its year.

    ``tables`` names the tables to read (None: every one). The files of the others are found,
    so that they can be named, but not opened: each is an :class:`Unread` of the extract, with
    ``unread_why``. A table in a file that a table read comes from (another sheet of the same
    workbook) is read too. The source plug-ins (one census file, one ASC-WDS upload) read every
    table.
    """

    standard_week: float = 37.0
    as_at: dt.date | None = None
    progress: Callable[[str, int, int], None] | None = None  # (file, done, total) per file read
    limits: Limits = field(default_factory=Limits)  # on each file read (--limit)
    tables: frozenset[str] | None = None
    unread_why: str = "none of the KPIs asked for reads it"


# What reading one file for one table gives: the frame (None when unusable), what was read, issues.
TableRead = tuple[pd.DataFrame | None, Source, list[Issue]]


@dataclass(frozen=True)
class Part:
    """One file's read for one table, not yet done."""

    file: str
    read: Callable[[], TableRead]


@dataclass
class SourceRead:
    """What a source plug-in's ``read`` hands to :func:`wfkpi.read.load.assemble`: the reads of
    each table, the issues found on the way, and the reference date the source gives."""

    parts: dict[str, list[Part]]
    issues: list[Issue]
    reference_date: dt.date | None = None
    reference_how: str = "the census reference date"
