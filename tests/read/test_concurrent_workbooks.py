"""The workbooks of an extract are read at once, on threads (``load._reading``): what is read,
and the order of its tables, sources and issues, is that of reading them one by one, whichever
workbook finishes first; a failed read stops the workbooks not yet begun."""

from __future__ import annotations

import csv
import shutil
import threading
import time
from pathlib import Path

import pandas as pd
import pytest
from openpyxl import Workbook

from wfkpi.read import load as loading
from wfkpi.read import load_extract
from wfkpi.read.extract import Part, Source

SAMPLE = Path(__file__).parents[2] / "sample_data" / "lambeth_childrens"


def as_workbooks(folder: Path, to: Path) -> Path:
    """Each CSV of ``folder`` as a workbook of one sheet, cells as text."""
    to.mkdir()
    for path in sorted(folder.glob("*.csv")):
        book = Workbook()
        sheet = book.active
        with path.open(newline="", encoding="utf-8-sig") as handle:
            for row in csv.reader(handle):
                sheet.append(row)
        book.save(to / f"{path.stem}.xlsx")
    return to


def summary(folder: Path) -> tuple[dict[str, pd.DataFrame], list[dict], list[tuple]]:
    extract = load_extract(folder)
    issues = [issue.to_dict() for issue in extract.issues]
    sources = [(s.table, s.file, s.sheet, s.rows, s.set_aside, s.matched)
               for s in extract.sources]
    return extract.tables, issues, sources


@pytest.fixture
def books(tmp_path: Path) -> Path:
    folder = as_workbooks(SAMPLE, tmp_path / "books")
    with (SAMPLE / "workers.csv").open(newline="", encoding="utf-8-sig") as handle:
        rows = list(csv.reader(handle))
    rows[3][1] = "not a date"  # an issue in one workbook, to see where it lands
    book = Workbook()
    for row in rows:
        book.active.append(row)
    book.save(folder / "workers.xlsx")
    return folder


def test_workbooks_finishing_in_any_order_read_as_one_by_one(
        books: Path, monkeypatch: pytest.MonkeyPatch) -> None:
    monkeypatch.setattr(loading.os, "cpu_count", lambda: 1)  # one thread: in order
    tables, issues, sources = summary(books)
    assert len(sources) == 7 and issues

    read_table = loading.read_table
    order = [path.name for path in sorted(books.glob("*.xlsx"))]

    def late_first(path: Path, *args: object, **kwargs: object) -> object:
        time.sleep(0.05 * (len(order) - order.index(path.name)))  # the first finishes last
        return read_table(path, *args, **kwargs)  # type: ignore[arg-type]

    monkeypatch.setattr(loading, "read_table", late_first)
    monkeypatch.setattr(loading.os, "cpu_count", lambda: 8)
    again, issues_again, sources_again = summary(books)
    assert issues_again == issues
    assert sources_again == sources
    assert list(again) == list(tables)
    for name, frame in tables.items():
        pd.testing.assert_frame_equal(again[name], frame)


def _source(file: str) -> Source:
    return Source("workers", file, None, 1, {}, [], {})


def test_workbooks_are_read_at_the_same_time(monkeypatch: pytest.MonkeyPatch) -> None:
    """The first workbook's read waits for the second's to begin: one by one, it would wait in
    vain."""
    monkeypatch.setattr(loading.os, "cpu_count", lambda: 2)
    second_began = threading.Event()

    def first() -> tuple[None, Source, list]:
        return None, _source("a.xlsx" if second_began.wait(10) else "alone.xlsx"), []

    def second() -> tuple[None, Source, list]:
        second_began.set()
        return None, _source("b.xlsx"), []

    extract = loading.assemble("x", {"workers": [Part("a.xlsx", first), Part("b.xlsx", second)]},
                               [])
    assert [source.file for source in extract.sources] == ["a.xlsx", "b.xlsx"]


def test_text_files_are_read_in_turn(monkeypatch: pytest.MonkeyPatch) -> None:
    """Only workbooks are read ahead: a CSV is read when its turn comes, on the calling
    thread."""
    monkeypatch.setattr(loading.os, "cpu_count", lambda: 4)
    threads: dict[str, str] = {}

    def read(file: str) -> Part:
        def go() -> tuple[None, Source, list]:
            threads[file] = threading.current_thread().name
            return None, _source(file), []
        return Part(file, go)

    files = ["a.csv", "b.xlsx", "c.xlsx", "d.csv"]
    extract = loading.assemble("x", {"workers": [read(file) for file in files]}, [])
    assert [source.file for source in extract.sources] == files
    main = threading.current_thread().name
    assert threads["a.csv"] == threads["d.csv"] == main
    assert threads["b.xlsx"] != main and threads["c.xlsx"] != main


def test_an_error_stops_the_workbooks_not_begun(monkeypatch: pytest.MonkeyPatch) -> None:
    monkeypatch.setattr(loading.os, "cpu_count", lambda: 1)
    began: list[str] = []

    def read(file: str) -> Part:
        def go() -> tuple[None, Source, list]:
            began.append(file)
            if file == "a.xlsx":
                raise RuntimeError("a fault in reading")
            return None, _source(file), []
        return Part(file, go)

    parts = {"workers": [read(f) for f in ("a.xlsx", "b.xlsx", "c.xlsx", "d.xlsx")]}
    with pytest.raises(RuntimeError, match="a fault in reading"):
        loading.assemble("x", parts, [])
    assert began[0] == "a.xlsx" and len(began) <= 2  # at most the one queued as it failed


def test_a_workbook_that_cannot_be_read_is_an_issue_in_its_place(tmp_path: Path) -> None:
    folder = Path(shutil.copytree(SAMPLE, tmp_path / "extract"))
    as_workbooks(SAMPLE, tmp_path / "books")
    for name in ("workers", "absences"):
        (folder / f"{name}.csv").unlink()
        shutil.copy(tmp_path / "books" / f"{name}.xlsx", folder)
    (folder / "absences.xlsx").write_bytes(b"PK\x03\x04 damaged")
    extract = load_extract(folder)
    damaged = [issue for issue in extract.issues if issue.file == str(folder / "absences.xlsx")]
    assert [issue.code for issue in damaged] == ["not-a-workbook"]
    assert "absences" not in extract.tables
    assert [s.table for s in extract.sources] == ["workers", "vacancies", "training",
                                                   "appraisals", "supervision", "recruitment"]
