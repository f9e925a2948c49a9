"""``wfkpi map``: a draft mapping file from an extract's headers and values."""

from __future__ import annotations

from dataclasses import dataclass
from pathlib import Path
from typing import Any

from wfkpi.core.errors import UsageError
from wfkpi.read.draft import KNOWN_HEADERS, Draft, draft
from wfkpi.read.files import (
    READABLE_SUFFIXES,
    SPREADSHEET_SUFFIXES,
    FileProblem,
    Grid,
    blocks,
    read_grid,
)
from wfkpi.read.limits import Limits


@dataclass
class MapRun:
    """A drafted mapping: the draft, its YAML text, and the files it was drawn from."""

    path: Path
    draft: Draft
    text: str
    files: list[Path]  # every file read (or tried)

    def summary(self) -> dict[str, Any]:
        return self.draft.summary()


def draft_mapping(path: Path, *, limits: Limits | None = None) -> MapRun:
    """Read the headers and values of the file at ``path``, or of each readable file in the
    folder at ``path`` (not its subfolders), and draft a mapping for them. A file that cannot be
    read is named in the draft; the others are drafted."""
    if not path.exists():
        raise UsageError(f"No such file or folder: {path}")
    files = _files(path)
    if not files:
        kinds = ", ".join(sorted(READABLE_SUFFIXES))
        raise UsageError(f"{path}: no file to draft a mapping from (looked for {kinds})")
    grids: list[tuple[str, Grid]] = []
    unread: dict[str, str] = {}
    for file in files:
        if file.suffix.lower() in SPREADSHEET_SUFFIXES:
            grids_of, problems = _sheets(file, limits)
        else:
            grids_of, problems = _blocks(file, limits)
        grids.extend((file.name, grid) for grid in grids_of)
        unread.update(problems)
    name = path.name or str(path)
    drafted = draft(grids, name, unread)
    return MapRun(path, drafted, drafted.to_yaml(), files)


def _blocks(file: Path, limits: Limits | None) -> tuple[list[Grid], dict[str, str]]:
    """A text file's grid; a file of several blocks (an HCM Data Loader file): each block's,
    as a file of its own."""
    grids, unread = [], {}
    for block in blocks(file) or [None]:
        try:
            grids.append(read_grid(file, display=str(file), block=block,
                                   known_headers=KNOWN_HEADERS, limits=limits))
        except FileProblem as problem:
            unread[file.name if block is None else f"{file.name} (block {block})"] = \
                problem.issue.message
    return grids, unread


def _sheets(file: Path, limits: Limits | None) -> tuple[list[Grid], dict[str, str]]:
    """A workbook's first sheet, and each other sheet that holds data (the data may sit behind
    a cover sheet of report parameters), each as a grid of its own."""
    try:
        first = read_grid(file, display=str(file), known_headers=KNOWN_HEADERS, limits=limits)
    except FileProblem as problem:
        return [], {file.name: problem.issue.message}
    grids, unread = [first], {}
    for sheet in first.other_sheets:
        try:
            grids.append(read_grid(file, display=str(file), sheet=sheet,
                                   known_headers=KNOWN_HEADERS, limits=limits))
        except FileProblem as problem:
            unread[f"{file.name} (sheet {sheet})"] = problem.issue.message
    return grids, unread


def _files(path: Path) -> list[Path]:
    """The file, or the readable files of the folder, without hidden files or the lock files
    office programs leave beside an open workbook (``~$Book.xlsx``)."""
    if path.is_file():
        return [path]
    return sorted(p for p in path.iterdir()
                  if p.is_file() and p.suffix.lower() in READABLE_SUFFIXES
                  and not p.name.startswith((".", "~$")))
