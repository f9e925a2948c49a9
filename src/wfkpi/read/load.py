"""From a folder (or file) of extracts to typed canonical tables and a list of issues.

A file or folder that a source plug-in recognises (:data:`wfkpi.read.sources.READERS`: the DfE
census XML, an ASC-WDS bulk upload) is read by that plug-in; anything else is a folder of
spreadsheets, found by the mapping's globs or by table name and read through the mapping. Either
way the reads are assembled here: each table is checked cell by cell (:mod:`wfkpi.read.table`),
then by the rules across rows and tables (:mod:`wfkpi.read.rules`), so every source meets the
same rules. Rows are never dropped silently: each row set aside has an issue saying why.

A folder of spreadsheets may be read in part (:attr:`ReadOptions.tables`, :func:`choose`): the
files of the tables left out are found and named (:attr:`Extract.unread`), never opened, and the
rules across tables run on the tables read.
"""

from __future__ import annotations

import os
from collections.abc import Callable, Collection, Iterator
from concurrent.futures import ThreadPoolExecutor
from contextlib import contextmanager
from functools import partial
from pathlib import Path

import pandas as pd

from wfkpi.core.errors import ConfigError, UsageError
from wfkpi.core.issues import Issue
from wfkpi.core.schema import MODELS, REQUIRED_TABLES, columns
from wfkpi.read import history
from wfkpi.read.extract import Extract, Part, ReadOptions, Source, TableRead, Unread
from wfkpi.read.files import (
    READABLE_SUFFIXES,
    SPREADSHEET_SUFFIXES,
    FileProblem,
    header_key,
    read_grid,
)
from wfkpi.read.limits import Limits
from wfkpi.read.mapping import Mapping, TableMapping
from wfkpi.read.rules import cross_table_rules, label_rules, row_rules
from wfkpi.read.sources import READERS
from wfkpi.read.table import table_from_grid

__all__ = ["Part", "assemble", "choose", "load_extract", "locate", "read_table"]


# ----------------------------------------------------------------------------- files

def locate(path: Path, mapping: Mapping) -> dict[str, list[tuple[Path, TableMapping]]]:
    """The files for each table, each with the mapping it is read through: from the mapping's
    globs (``file``, or each entry of ``files``), else ``workers.csv`` and so on. A glob the
    mapping names that matches no file is a configuration error."""
    if not path.exists():
        raise UsageError(f"No such file or folder: {path}")
    if path.is_file():  # read through each entry of its table whose glob it matches
        table = found[0] if (found := mapping.table_of(path)) else _table_named(path)
        entries = mapping.table(table).entries()
        return {table: [(path, e) for e in entries if e.file and path.match(e.file)]
                or [(path, entries[0])]}
    files: dict[str, list[tuple[Path, TableMapping]]] = {}
    for table in MODELS:
        tmap = mapping.table(table)
        for entry in tmap.entries():
            if entry.file:
                matches = sorted(p for p in path.glob(entry.file) if p.is_file())
                if not matches:
                    raise ConfigError(f"{entry.where_is('file')}: no file in {path} matches "
                                      f"'{entry.file}', which the mapping names for {table}")
            else:
                matches = sorted(p for p in path.iterdir() if p.is_file() and
                                 p.stem.lower() == table and
                                 p.suffix.lower() in READABLE_SUFFIXES)
            files.setdefault(table, []).extend((m, entry) for m in matches)
    return {table: read for table, read in files.items() if read}


def _table_named(path: Path) -> str:
    stem = path.stem.lower()
    return next((t for t in MODELS if stem.startswith(t)), "workers")


def load_extract(
    path: Path, mapping: Mapping | None = None, options: ReadOptions | None = None
) -> Extract:
    """Read the tables of the extract at ``path`` (every one, or those ``options.tables``
    names); see the module docstring for the rules.

    A census XML file or an ASC-WDS folder is recognised by its content and read by its own
    plug-in (:data:`wfkpi.read.sources.READERS`, the first that recognises ``path``), every table
    of it; anything else is an extract of spreadsheets, read through the optional mapping.
    """
    options = options or ReadOptions()
    for reader in READERS:
        if reader.recognises(path):
            if mapping is not None:
                raise UsageError(f"{path} is {reader.WHAT}, read without a mapping: "
                                 "leave out --mapping")
            read = reader.read(path, options)
            extract = assemble(str(path), read.parts, read.issues, options.progress)
            extract.method = reader.METHOD
            extract.reference_date = read.reference_date
            extract.reference_how = read.reference_how
            return extract
    mapping = mapping or Mapping()
    issues = []
    parts: dict[str, list[Part]] = {}
    for table, files in _with_missing(locate(path, mapping)).items():
        if not files:
            issues.append(_missing_table(path, table))
        parts[table] = [Part(str(f), partial(read_table, f, table, entry, options.limits))
                        for f, entry in files]
    parts, unread = choose(parts, options.tables, options.unread_why)
    return assemble(str(path), parts, issues, options.progress, unread)


def choose(
    parts: dict[str, list[Part]], tables: Collection[str] | None, why: str
) -> tuple[dict[str, list[Part]], list[Unread]]:
    """The parts of the tables named in ``tables`` (of every table when None), and the files of
    the others, left unread with ``why``.

    A table is read whole or not at all. A table left out is read all the same when one of its
    files is a file a table read comes from (two sheets of one workbook, two blocks of one
    file): the file is opened anyway, and reading both keeps what is said of it (a sheet of
    data not read, the order of its issues) as it is when every table is read.
    """
    if tables is None:
        return parts, []
    chosen = {table for table in parts if table in tables}
    while True:
        opened = {part.file for table in chosen for part in parts[table]}
        more = {table for table, reads in parts.items()
                if table not in chosen and any(part.file in opened for part in reads)}
        if not more:
            break
        chosen |= more
    unread = [Unread(table, part.file, why) for table, reads in parts.items()
              if table not in chosen for part in reads]
    return {table: reads for table, reads in parts.items() if table in chosen}, unread


def assemble(
    path: str, parts: dict[str, list[Part]], issues: list[Issue],
    progress: Callable[[str, int, int], None] | None = None,
    unread: Collection[Unread] = (),
) -> Extract:
    """Read each part, then apply the row and cross-table rules to the tables they make;
    ``unread`` names the files of the tables left unread (:func:`choose`)."""
    extract = Extract(path, issues=list(issues), unread=list(unread))
    total, done = sum(len(p) for p in parts.values()), 0
    with _reading([part for reads in parts.values() for part in reads]) as result:
        for table, reads in parts.items():
            frames = []
            for part in reads:
                if progress:
                    progress(part.file, done, total)
                done += 1
                try:
                    frame, source, found = result(done - 1)
                except FileProblem as problem:
                    extract.issues.append(problem.issue)
                    continue
                extract.sources.append(source)
                extract.issues.extend(found)
                if frame is not None:
                    frames.append(frame)
            _add_table(extract, table, frames)
    if progress:
        progress(path, total, total)
    extract.issues = _sheets_not_read(extract.issues, extract.sources)
    if "workers" in extract.tables:
        extract.issues.extend(label_rules(extract.tables["workers"], extract.sources))
    extract.issues.extend(cross_table_rules(extract.tables, extract.sources, path))
    order = {source.file: i for i, source in enumerate(extract.sources)}
    extract.issues.sort(key=lambda i: (order.get(i.file, -1), i.row or 0))
    return extract


def _add_table(extract: Extract, table: str, frames: list[pd.DataFrame]) -> None:
    """The table read from ``frames`` (none when no file of it could be read), after the
    mapping's history and the rules across its rows, with their issues."""
    if not frames:
        return
    frame = pd.concat(frames, ignore_index=True) if len(frames) > 1 else frames[0]
    if "_key" in frame:  # date-effective rows (the mapping's history)
        frame, found = history.spells(frame)
        extract.issues.extend(found)
    frame, found = row_rules(table, frame, extract.sources)
    extract.issues.extend(found)
    extract.tables[table] = frame


@contextmanager
def _reading(parts: list[Part]) -> Iterator[Callable[[int], TableRead]]:
    """A function giving the read of the n-th of ``parts`` (raising its :class:`FileProblem`).

    Workbooks are read ahead, on threads: calamine parses a sheet without holding the GIL, so
    the workbooks of an extract take about as long together as the largest alone (measured in
    benchmarks/PROFILE.md). A text file is read when it is asked for: pyarrow already parses
    one on every core, and reading two at once only held more memory. What is read is the same
    either way, and it is handed over in the order of ``parts``.
    """
    books = [n for n, part in enumerate(parts)
             if Path(part.file).suffix.lower() in SPREADSHEET_SUFFIXES]
    if len(books) < 2:
        yield lambda n: parts[n].read()
        return
    pool = ThreadPoolExecutor(min(len(books), os.cpu_count() or 1, _READERS),
                              thread_name_prefix="wfkpi-read")
    try:
        ahead = {n: pool.submit(parts[n].read) for n in books}
        yield lambda n: ahead[n].result() if n in ahead else parts[n].read()
    finally:  # on an error or an interrupt, workbooks not begun are not read
        pool.shutdown(wait=True, cancel_futures=True)


# Workbooks read at once at most: each holds its cells as Python objects while it is read.
_READERS = 4


def _sheets_not_read(issues: list[Issue], sources: list[Source]) -> list[Issue]:
    """``issues`` without an ``other-sheet`` warning for a sheet another table was read from,
    and with one such warning per sheet (two tables read from one workbook both see it)."""
    read = {(s.file, s.sheet) for s in sources}
    seen = set()
    kept = []
    for issue in issues:
        if issue.code == "other-sheet":
            where = (issue.file, issue.sheet)
            if where in read or where in seen:
                continue
            seen.add(where)
        kept.append(issue)
    return kept


def _missing_table(path: Path, table: str) -> Issue:
    return Issue("missing-table", f"No {table} file: expected {table}.csv or {table}.xlsx, or a "
                 "mapping (--mapping) naming the file", file=str(path))


def _with_missing(
    found: dict[str, list[tuple[Path, TableMapping]]],
) -> dict[str, list[tuple[Path, TableMapping]]]:
    for table in REQUIRED_TABLES:
        found.setdefault(table, [])
    return {t: found[t] for t in MODELS if t in found}


# ---------------------------------------------------------------------------- tables

def read_table(
    path: Path, table: str, tmap: TableMapping, limits: Limits | None = None
) -> TableRead:
    """One file as one canonical table; the frame is None when required columns are missing."""
    if not path.exists():
        raise FileProblem(Issue("file-not-found", f"No file for {table}", file=str(path)))
    known = {header_key(h) for c in columns(table) for h in tmap.headers_for(c)} | \
        {header_key(h) for headers in tmap.extra_headers().values() for h in headers}
    grid = read_grid(path, display=str(path), sheet=tmap.sheet, header_row=tmap.header_row,
                     known_headers=known, limits=limits, block=tmap.block)
    return table_from_grid(grid, table, tmap, mapped=True)
