"""``wfkpi export csww``: the DfE census return written from an extract."""

from __future__ import annotations

from dataclasses import dataclass
from pathlib import Path

from wfkpi.app.read import UnusableData, read
from wfkpi.census import export as csww
from wfkpi.core.errors import WfkpiError, engine_errors
from wfkpi.engine.report import scoped
from wfkpi.engine.scopes import resolve_scope_name
from wfkpi.read import Extract
from wfkpi.read.limits import Limits


class InvalidReturn(WfkpiError):
    """The return wfkpi wrote fails the pre-submission check in a way no gap in the extract
    explains: a fault of the writer, so nothing is written (exit 3)."""

    exit_code = 3


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
    census = csww.build(tables, year=year, la=la,
                        answers=csww.load_answers(answers) if answers else None)
    wrong = census.unexplained
    if wrong:
        raise InvalidReturn(f"the census return written from {path} breaks the {census.schema} "
                            f"schema in a way no gap in the extract explains ({len(wrong)} "
                            f"problem(s), the first {wrong[0]}); nothing was written. This is a "
                            "fault in wfkpi: please report it")
    return CensusExport(census, extract)
