"""The source plug-ins (``wfkpi.read.sources``): each one a :class:`Reader`, all of them in
``READERS``, none importing the loader; and a new one read through the same rules as the rest."""

from __future__ import annotations

import ast
from functools import partial
from pathlib import Path
from types import SimpleNamespace

import pandas as pd
import pytest

from wfkpi.core.errors import UsageError
from wfkpi.core.names import METHODS
from wfkpi.read import load as load_module
from wfkpi.read import load_extract
from wfkpi.read.extract import Part, ReadOptions, SourceRead, TableRead
from wfkpi.read.files import Grid
from wfkpi.read.mapping import Mapping, TableMapping
from wfkpi.read.sources import READERS, Reader
from wfkpi.read.table import table_from_grid

SOURCES = Path(load_module.__file__).parent / "sources"


def test_every_reader_is_a_reader() -> None:
    for reader in READERS:
        assert isinstance(reader, Reader), reader
        assert reader.METHOD in METHODS
        assert reader.WHAT.startswith(("a ", "an "))


def test_every_module_under_sources_is_registered_once() -> None:
    """A new input format is one module (or package) under read/sources plus one line in
    READERS: a module left out of READERS would never be asked."""
    here = {p.stem for p in SOURCES.glob("*.py") if p.name != "__init__.py"} | \
        {p.name for p in SOURCES.iterdir() if (p / "__init__.py").exists()}
    registered = [reader.__name__.rpartition(".")[2] for reader in READERS]  # type: ignore[attr-defined]
    assert sorted(registered) == sorted(here)
    assert len(set(registered)) == len(registered)


@pytest.mark.parametrize("path", sorted(SOURCES.rglob("*.py")), ids=lambda p: p.name)
def test_no_source_imports_the_loader(path: Path) -> None:
    """The loader finds the plug-ins through READERS; a plug-in importing it back is a cycle."""
    wrong = []
    for node in ast.walk(ast.parse(path.read_text(encoding="utf-8"))):
        if isinstance(node, ast.ImportFrom) and node.module:
            names = [f"{node.module}.{alias.name}" for alias in node.names]
            wrong += [n for n in [node.module, *names] if n == "wfkpi.read.load"]
            wrong += [n for n in names if node.module == "wfkpi.read"
                      and n.rpartition(".")[2] not in ("limits", "values")]
        elif isinstance(node, ast.Import):
            wrong += [a.name for a in node.names if a.name == "wfkpi.read.load"]
    assert not wrong, f"{path.name} imports {wrong}"


# ------------------------------------------------------------- a new source, plugged in

def _fake_read(path: Path, options: ReadOptions) -> SourceRead:
    """A one-table source: each line of the file a worker, ``id;type;fte;start``."""
    def table() -> TableRead:
        rows = [line.split(";") for line in path.read_text(encoding="utf-8").splitlines()]
        cells = pd.DataFrame(rows, index=pd.RangeIndex(1, len(rows) + 1), dtype="str")
        grid = Grid(str(path), ["ID", "TYPE", "FTE", "START"], cells, header_row=0)
        tmap = TableMapping(columns={"worker_id": "ID", "employment_type": "TYPE", "fte": "FTE",
                                     "start_date": "START"})
        return table_from_grid(grid, "workers", tmap)

    return SourceRead({"workers": [Part(str(path), partial(table))]}, [], None, "not known")


FAKE = SimpleNamespace(WHAT="a fake roster", METHOD="lg", read=_fake_read,
                       recognises=lambda path: path.suffix == ".roster")


def test_a_new_reader_is_one_entry_and_meets_the_same_rules(
    tmp_path: Path, monkeypatch: pytest.MonkeyPatch
) -> None:
    assert isinstance(FAKE, Reader)
    monkeypatch.setattr(load_module, "READERS", (FAKE, *READERS))
    path = tmp_path / "staff.roster"
    path.write_text("W1;permanent;1;2020-01-01\nW2;agency;0.5;2021-02-30\n"
                    "W1;permanent;1;2020-01-01\n", encoding="utf-8")
    extract = load_extract(path)
    assert extract.method == "lg"
    assert extract.reference_how == "not known"
    assert extract.tables["workers"]["worker_id"].tolist() == ["W1"]
    assert [(i.code, i.row) for i in extract.issues] == [("bad-date", 2),
                                                         ("duplicate-spell", 3)]
    with pytest.raises(UsageError, match="is a fake roster, read without a mapping"):
        load_extract(path, Mapping())
