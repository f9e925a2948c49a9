"""``wfkpi export csww``: the DfE census return written from an extract."""

from __future__ import annotations

from dataclasses import dataclass
from pathlib import Path

from wfkpi.app.read import UnusableData, read
from wfkpi.census import export as csww
from wfkpi.core.errors import engine_errors
from wfkpi.engine.report import scoped
from wfkpi.engine.scopes import resolve_scope_name
from wfkpi.read import Extract
from wfkpi.read.limits import Limits


@dataclass(frozen=True)
class CensusExport:
    """A census return written from an extract, with the extract's own reading."""

    census: csww.CensusReturn
    extract: Extract


def export_csww(
    path: Path,
    *,
    year: int,
    la: str,
    mapping: Path | None = None,
    scope: str | None = None,
    scopes_file: Path | None = None,
    answers: Path | None = None,
    limits: Limits | None = None,
) -> CensusExport:
    """The DfE census return for ``year`` built from the extract at ``path`` (docs/census.md)."""
    extract = read(path, mapping, limits=limits)
    workers = extract.tables.get("workers")
    if workers is None or not len(workers):
        raise UnusableData(extract)
    tables = dict(extract.tables)
    if scope:
        with engine_errors():
            chosen = resolve_scope_name(scope, scopes_file)
        limited, _ = scoped(tables, chosen)
        tables = {name: frame for name, frame in limited.items() if frame is not None}
    return CensusExport(csww.build(tables, year=year, la=la,
                                   answers=csww.load_answers(answers) if answers else None),
                        extract)
