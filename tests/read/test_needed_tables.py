"""Reading only some tables (``ReadOptions.tables``): the files of the others are found and named
(``Extract.unread``), never opened, parsed or checked; the rules across tables run on the tables
read; a table in a file a table read comes from is read too; the source plug-ins read every
table; ``wfkpi trend``'s monthly files are read the same way."""

from __future__ import annotations

import shutil
from pathlib import Path

import pytest
from openpyxl import Workbook
from test_ascwds import write_upload

from wfkpi.app import trend as app_trend
from wfkpi.core.errors import ConfigError
from wfkpi.read import ReadOptions, Unread, load_extract, load_mapping
from wfkpi.read import load as loading
from wfkpi.read.extract import Part
from wfkpi.read.load import choose

ROOT = Path(__file__).parents[2]
SAMPLE = ROOT / "sample_data" / "lambeth_childrens"
CORE = frozenset({"workers", "vacancies", "absences"})
RECORDS = ["training", "appraisals", "supervision", "recruitment"]
WHY = "no dfe KPI reads it"


@pytest.fixture
def extract_folder(tmp_path: Path) -> Path:
    """A copy of a sample extract with every table, to spoil."""
    return Path(shutil.copytree(SAMPLE, tmp_path / "extract"))


@pytest.fixture
def opened(monkeypatch: pytest.MonkeyPatch) -> list[str]:
    """The files read_table opens, in order."""
    files: list[str] = []
    read_table = loading.read_table

    def spy(path: Path, *args: object, **kwargs: object) -> object:
        files.append(Path(path).name)
        return read_table(path, *args, **kwargs)  # type: ignore[arg-type]

    monkeypatch.setattr(loading, "read_table", spy)
    return files


def test_only_the_tables_named_are_read_and_the_others_are_named_unread(
        extract_folder: Path, opened: list[str]) -> None:
    extract = load_extract(extract_folder, options=ReadOptions(tables=CORE, unread_why=WHY))
    assert list(extract.tables) == ["workers", "vacancies", "absences"]
    assert opened == ["workers.csv", "vacancies.csv", "absences.csv"]
    assert [s.table for s in extract.sources] == ["workers", "vacancies", "absences"]
    assert extract.unread == [Unread(table, str(extract_folder / f"{table}.csv"), WHY)
                              for table in RECORDS]
    assert extract.unread[0].to_dict() == {
        "table": "training", "file": str(extract_folder / "training.csv"), "why": WHY}


def test_without_tables_named_every_table_is_read(extract_folder: Path,
                                                  opened: list[str]) -> None:
    extract = load_extract(extract_folder)
    assert list(extract.tables) == ["workers", "vacancies", "absences", *RECORDS]
    assert len(opened) == 7 and extract.unread == []


def test_the_tables_read_are_as_they_are_when_every_table_is_read(extract_folder: Path) -> None:
    every = load_extract(extract_folder)
    some = load_extract(extract_folder, options=ReadOptions(tables=CORE))
    for table in CORE:
        assert some.tables[table].equals(every.tables[table])
    assert [s.to_dict() for s in some.sources] == [s.to_dict() for s in every.sources
                                                   if s.table in CORE]
    assert some.issues == [i for i in every.issues if not i.file.endswith(
        tuple(f"{table}.csv" for table in RECORDS))]


def test_a_file_left_unread_is_never_opened(extract_folder: Path) -> None:
    (extract_folder / "training.csv").write_bytes(b"%PDF-1.4\x00\xff\xfe not a table")
    assert any(i.file.endswith("training.csv") for i in load_extract(extract_folder).issues)
    extract = load_extract(extract_folder, options=ReadOptions(tables=CORE))
    assert not any(i.file.endswith("training.csv") for i in extract.issues)
    assert extract.valid


def test_the_rules_across_tables_run_on_the_tables_read(extract_folder: Path) -> None:
    """Training records naming nobody in the workers table are an error when training is read,
    and nothing when it is not."""
    path = extract_folder / "training.csv"
    lines = path.read_text(encoding="utf-8").splitlines()
    header, rows = lines[0], lines[1:]
    at = header.split(",").index("worker_id")
    spoiled = [",".join(f"NOBODY{n}" if k == at else cell
                        for k, cell in enumerate(row.split(","))) for n, row in enumerate(rows)]
    path.write_text("\n".join([header, *spoiled]) + "\n", encoding="utf-8")
    every = load_extract(extract_folder)
    assert "unmatched-workers" in {i.code for i in every.issues} and not every.valid
    some = load_extract(extract_folder, options=ReadOptions(tables=CORE | {"appraisals"}))
    assert {i.code for i in some.issues} & {"unmatched-workers", "unknown-worker"} == set()
    assert some.valid
    assert [s.matched is not None for s in some.sources if s.table == "appraisals"] == [True]


def test_a_mapping_that_names_a_missing_file_fails_for_a_table_left_unread(
        extract_folder: Path, tmp_path: Path) -> None:
    """The files of every table are found, so that those left unread can be named: a glob
    that matches nothing is the configuration error it always was."""
    mapping = tmp_path / "mapping.yaml"
    mapping.write_text('training:\n  file: "Learning*.xlsx"\n', encoding="utf-8")
    with pytest.raises(ConfigError, match="Learning"):
        load_extract(extract_folder, load_mapping(mapping), ReadOptions(tables=CORE))


def test_a_required_table_is_missing_whatever_is_named(tmp_path: Path) -> None:
    (tmp_path / "training.csv").write_text("worker_id,date,days\nA,2025-01-01,1\n",
                                           encoding="utf-8")
    extract = load_extract(tmp_path, options=ReadOptions(tables=frozenset({"workers"})))
    assert [i.code for i in extract.issues] == ["missing-table"]
    assert [u.table for u in extract.unread] == ["training"]


def _workbook(path: Path) -> None:
    """Workers on the first sheet, training on the second."""
    book = Workbook()
    staff = book.active
    staff.title = "Staff"
    staff.append(["worker_id", "employment_type", "fte", "start_date"])
    for n in range(3):
        staff.append([f"W{n}", "permanent", 1.0, "2020-01-01"])
    learning = book.create_sheet("Learning")
    learning.append(["worker_id", "date", "days"])
    for n in range(3):
        learning.append([f"W{n}", "2025-03-01", 2.0])
    book.save(path)


def test_a_table_on_another_sheet_of_a_workbook_read_is_read_too(tmp_path: Path) -> None:
    """Training on the second sheet of the workers' workbook is read with it: left unread, its
    sheet would be a sheet of data not read (``other-sheet``) that reading every table does not
    report."""
    _workbook(tmp_path / "hr.xlsx")
    mapping = tmp_path / "mapping.yaml"
    mapping.write_text("workers:\n  file: hr.xlsx\ntraining:\n  file: hr.xlsx\n  sheet: "
                       "Learning\n", encoding="utf-8")
    every = load_extract(tmp_path, load_mapping(mapping))
    some = load_extract(tmp_path, load_mapping(mapping), ReadOptions(tables=frozenset({
        "workers"})))
    assert list(some.tables) == list(every.tables) == ["workers", "training"]
    assert some.unread == [] and some.issues == every.issues
    assert "other-sheet" not in {i.code for i in some.issues}


def test_choose_reads_whole_tables_and_follows_shared_files() -> None:
    def part(file: str) -> Part:
        return Part(file, lambda: pytest.fail("read"))  # type: ignore[return-value]

    parts = {"workers": [part("a.xlsx")], "vacancies": [part("v.csv")],
             "training": [part("t1.csv"), part("a.xlsx")], "supervision": [part("t1.csv")],
             "recruitment": [part("r.csv"), part("r2.csv")]}
    chosen, unread = choose(parts, {"workers"}, "why")
    assert list(chosen) == ["workers", "training", "supervision"]
    assert unread == [Unread("vacancies", "v.csv", "why"), Unread("recruitment", "r.csv", "why"),
                      Unread("recruitment", "r2.csv", "why")]
    assert choose(parts, None, "why") == (parts, [])


def test_a_census_file_is_read_whole(opened: list[str]) -> None:
    census = ROOT / "tests" / "fixtures" / "csww" / "layout_2025.xml"
    every = load_extract(census)
    some = load_extract(census, options=ReadOptions(tables=frozenset({"workers"})))
    assert list(some.tables) == list(every.tables) and some.unread == []
    for table, frame in every.tables.items():
        assert some.tables[table].equals(frame)


def test_an_ascwds_upload_is_read_whole(tmp_path: Path) -> None:
    upload = write_upload(tmp_path / "ascwds")
    every = load_extract(upload)
    some = load_extract(upload, options=ReadOptions(tables=frozenset({"workers"})))
    assert list(some.tables) == list(every.tables) and some.unread == []
    assert some.issues == every.issues


def test_monthly_files_are_read_as_a_folder_is(tmp_path: Path) -> None:
    for table in ("workers", "vacancies", "absences"):
        shutil.copy(SAMPLE / f"{table}.csv", tmp_path / f"{table}_2025-09.csv")
    [month] = app_trend.find_months(tmp_path)
    extract = app_trend.read_month(month, None, ReadOptions(tables=frozenset({"workers",
                                                                             "absences"})))
    assert list(extract.tables) == ["workers", "absences"]
    assert [(u.table, Path(u.file).name) for u in extract.unread] == [
        ("vacancies", "vacancies_2025-09.csv")]
