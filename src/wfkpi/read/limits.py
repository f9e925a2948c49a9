"""How much one input file may hold before wfkpi refuses it, defined once.

A file over a limit is an ``over-limit`` issue on that file: the other files of the extract are
still read. Every limit has a name, used on the command line as ``--limit NAME=VALUE`` (see
``docs/validation.md``). The defaults are several times a national extract (a million rows of
twenty columns), so a real export never meets them; what they stop is a file that would take
the machine's memory or hours to read: a zip bomb, a line of gigabytes, a sheet of millions of
columns.
"""

from __future__ import annotations

from dataclasses import dataclass, fields, replace

from wfkpi.core.errors import UsageError

MB = 1024 * 1024


@dataclass(frozen=True)
class Limits:
    """The limits on one input file (``--limit NAME=VALUE``, NAME with hyphens)."""

    file_mb: float = 500.0  # a file's size on disk
    unzipped_mb: float = 2048.0  # the declared size of an XLSX/ODS workbook's parts, unzipped
    cells: int = 50_000_000  # rows x columns of one sheet or CSV
    columns: int = 1000  # columns of one sheet or CSV
    line_kb: float = 1024.0  # characters on one line of a CSV, in thousands (KB of text)

    def with_overrides(self, overrides: dict[str, float]) -> Limits:
        return replace(self, **{name.replace("-", "_"): value
                                for name, value in overrides.items()})


# NAME -> what it limits and its unit, for messages and --help.
DESCRIPTIONS = {
    "file-mb": ("a file's size", "MB"),
    "unzipped-mb": ("a workbook's size unzipped", "MB"),
    "cells": ("the cells of one sheet or CSV", "cells"),
    "columns": ("the columns of one sheet or CSV", "columns"),
    "line-kb": ("the length of one CSV line", "KB"),
}
NAMES = tuple(f.name.replace("_", "-") for f in fields(Limits))
assert set(NAMES) == set(DESCRIPTIONS)


def parse(values: list[str] | None) -> Limits:
    """``["file-mb=800", "cells=1e8"]`` as :class:`Limits`; a UsageError for anything else."""
    overrides: dict[str, float] = {}
    known = ", ".join(f"{n} (default {default(n)})" for n in NAMES)
    for text in values or []:
        name, sep, number = text.partition("=")
        name = name.strip().lower().replace("_", "-")
        if not sep or name not in DESCRIPTIONS:
            raise UsageError(f"--limit {text!r}: expected NAME=VALUE, NAME one of {known}")
        try:
            value = float(number)
        except ValueError:
            value = float("nan")
        if not value > 0 or value == float("inf"):
            raise UsageError(f"--limit {text!r}: the value must be a number above 0")
        overrides[name] = int(value) if name in ("cells", "columns") else value
    return Limits().with_overrides(overrides)


def default(name: str) -> str:
    return f"{getattr(Limits(), name.replace('-', '_')):g}"


def message(name: str, found: str, limits: Limits) -> str:
    """``found`` (e.g. 'The file is 612 MB') and the limit it is over, with how to raise it."""
    what, unit = DESCRIPTIONS[name]
    value = getattr(limits, name.replace("-", "_"))
    return (f"{found}, over the limit on {what} of {value:g} {unit} ({name}); if the file is "
            f"genuine, raise it with --limit {name}=N")
