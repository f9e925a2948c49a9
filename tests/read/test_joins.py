"""Worker ids compared after one normalisation, rows naming a worker counted on each file's
Source, and one ``unmatched-workers`` error for a table whose ids do not join."""

from __future__ import annotations

import datetime as dt
from pathlib import Path

import openpyxl
import pandas as pd
import pytest

from wfkpi.core.schema import JOIN_SHARE
from wfkpi.read import Mapping, load_extract, load_mapping
from wfkpi.read import values as v
from wfkpi.read.mapping import TableMapping

FIXTURES = Path(__file__).resolve().parents[1] / "fixtures"


def found(extract) -> list[tuple]:
    return [(i.code, Path(i.file).name, i.row, i.column, i.value) for i in extract.issues]


def matched(extract) -> list[tuple]:
    return [(s.table, s.rows - s.set_aside, s.matched) for s in extract.sources]


# ------------------------------------------------------------------ the normalisation

@pytest.mark.parametrize(("text", "expected"), [
    ("0100634", "100634"), ("100634", "100634"), ("00100634", "100634"),
    ("0", "0"), ("000", "0"), ("007", "7"),
    ("100634.0", "100634"), ("0100634.00", "100634"), ("0.0", "0"),
    ("100634.5", "100634.5"), ("E0100634", "E0100634"), ("W001", "W001"),
    ("HR-EMP-00012", "HR-EMP-00012"), ("0x1F", "0x1F"), ("1e5", "1e5"),
    ("١٢٣", "١٢٣"),  # digits of another script are text, not a number
])
def test_a_worker_id_of_digits_is_the_number_it_writes(text: str, expected: str) -> None:
    assert v.worker_id(text) == expected


@pytest.mark.parametrize("dtype", ["str", object])
def test_worker_ids_of_a_column(dtype) -> None:
    ids = pd.Series(["0100634", None, "W001", "100634.0", "0"], dtype=dtype)
    assert v.worker_ids(ids).tolist()[2:] == ["W001", "100634", "0"]
    assert v.worker_ids(ids).tolist()[0] == "100634"
    assert pd.isna(v.worker_ids(ids).tolist()[1])


def test_a_column_with_no_id_to_change_is_returned_as_it_is() -> None:
    ids = pd.Series(["W001", "100634", None], dtype="str")
    assert v.worker_ids(ids) is ids


# ------------------------------------------------------------ one id written two ways

def test_itrent_number_cells_join_zero_padded_text() -> None:
    """The workbook's 100634 (a number cell) and the CSV's 0100634 are one employee."""
    folder = FIXTURES / "zero_padded_ids"
    ex = load_extract(folder, load_mapping(folder / "mapping.yaml"))
    assert ex.valid
    assert found(ex) == [("unknown-worker", "Absence Extract.csv", 7, "worker_id", None)]
    assert matched(ex) == [("workers", 5, None), ("absences", 10, 9)]
    assert ex.tables["workers"]["worker_id"].tolist() == [
        "100634", "100635", "100636", "100637", "100638"]
    assert ex.tables["absences"]["worker_id"].tolist()[:6] == [
        "100634", "100636", "100637", "100638", "100634", "0"]


def test_every_per_worker_table_is_normalised_the_same_way(tmp_path: Path) -> None:
    (tmp_path / "workers.csv").write_text(
        "worker_id,employment_type,fte,start_date\r\n00042,permanent,1,2020-01-06\r\n")
    (tmp_path / "training.csv").write_text("worker_id,date,days\r\n042,2025-03-01,1\r\n")
    (tmp_path / "appraisals.csv").write_text("worker_id,due_date\r\n42.0,2025-04-01\r\n")
    (tmp_path / "supervision.csv").write_text("worker_id,date\r\n42,2025-05-01\r\n")
    ex = load_extract(tmp_path)
    assert ex.valid
    assert ex.issues == []
    assert {name: frame["worker_id"].tolist() for name, frame in ex.tables.items()} == {
        "workers": ["42"], "training": ["42"], "appraisals": ["42"], "supervision": ["42"]}
    assert matched(ex) == [("workers", 1, None), ("training", 1, 1), ("appraisals", 1, 1),
                           ("supervision", 1, 1)]


def test_one_spell_written_with_and_without_zeros_is_a_duplicate(tmp_path: Path) -> None:
    (tmp_path / "workers.csv").write_text(
        "worker_id,employment_type,fte,start_date\r\n"
        "0100634,permanent,1,2020-01-06\r\n100634,permanent,1,2020-01-06\r\n")
    ex = load_extract(tmp_path)
    assert [(i.code, i.row) for i in ex.issues] == [("duplicate-spell", 3)]


def test_a_vacancy_id_is_compared_as_written(tmp_path: Path) -> None:
    """A campaign's id joins no other table: '0012' and '12' stay two campaigns."""
    (tmp_path / "workers.csv").write_text(
        "worker_id,employment_type,fte,start_date\r\nW1,permanent,1,2020-01-06\r\n")
    (tmp_path / "recruitment.csv").write_text(
        "vacancy_id,advertised_date\r\n0012,2025-03-01\r\n12,2025-03-01\r\n")
    ex = load_extract(tmp_path)
    assert ex.issues == []
    assert ex.tables["recruitment"]["vacancy_id"].tolist() == ["0012", "12"]
    assert matched(ex)[1] == ("recruitment", 2, None)


# ------------------------------------------------------------------ ids that do not join

def test_ids_from_another_system_are_one_error_with_their_shapes() -> None:
    folder = FIXTURES / "ids_that_do_not_join"
    ex = load_extract(folder, load_mapping(folder / "mapping.yaml"))
    assert not ex.valid
    assert found(ex) == [("unmatched-workers", "Leave.csv", None, "Payroll No",
                          "absences: 5 digits; workers: 2 letters + '-' + 3 letters + '-' + "
                          "5 digits")]
    (issue,) = ex.issues
    assert issue.severity == "error"
    assert issue.message == (
        f"worker_id: 0 of 4 rows name a worker in {folder / 'Employee.csv'} (90% should): the "
        "ids do not join; check that both files give a person the same id (the value gives "
        "the ids' shapes)")
    assert matched(ex) == [("workers", 5, None), ("absences", 4, 0)]
    assert "40211" not in issue.message + (issue.value or "")  # no id is ever shown


def absences(tmp_path: Path, known: int, unknown: int) -> object:
    (tmp_path / "workers.csv").write_text(
        "worker_id,employment_type,fte,start_date\r\n" + "".join(
            f"W{n},permanent,1,2020-01-06\r\n" for n in range(known)))
    (tmp_path / "absences.csv").write_text(
        "worker_id,start_date,end_date,reason\r\n" + "".join(
            f"{w},2025-06-{1 + n % 28:02d},2025-06-{1 + n % 28:02d},sickness\r\n"
            for n, w in enumerate([f"W{n}" for n in range(known)]
                                  + [f"X{n}" for n in range(unknown)])))
    return load_extract(tmp_path)


def test_at_the_join_share_the_strays_are_warnings(tmp_path: Path) -> None:
    assert JOIN_SHARE == 0.9
    ex = absences(tmp_path, known=18, unknown=2)  # 90%
    assert ex.valid
    assert [(i.code, i.row) for i in ex.issues] == [("unknown-worker", 20), ("unknown-worker", 21)]
    assert matched(ex)[1] == ("absences", 20, 18)


def test_below_the_join_share_the_table_is_one_error(tmp_path: Path) -> None:
    ex = absences(tmp_path, known=17, unknown=3)  # 85%
    assert not ex.valid
    assert [(i.code, i.row, i.value) for i in ex.issues] == [
        ("unmatched-workers", None, "absences: 1 letter + 1 digit; workers: 1 letter + 1 digit")]
    assert ex.issues[0].message.startswith("worker_id: 17 of 20 rows name a worker in ")


def test_matched_is_counted_per_file(tmp_path: Path) -> None:
    (tmp_path / "workers.csv").write_text(
        "worker_id,employment_type,fte,start_date\r\n" + "".join(
            f"{n},permanent,1,2020-01-06\r\n" for n in range(1, 21)))
    (tmp_path / "absence-2025-08.csv").write_text(
        "worker_id,start_date,reason\r\n" + "".join(
            f"{n:06d},2025-08-{n:02d},sickness\r\n" for n in range(1, 11)))
    (tmp_path / "absence-2025-09.csv").write_text(
        "worker_id,start_date,reason\r\n" + "".join(
            f"{n},2025-09-{n:02d},sickness\r\n" for n in range(11, 21))
        + "99,2025-09-30,sickness\r\n")
    ex = load_extract(tmp_path, Mapping(absences=TableMapping(file="absence-*.csv")))
    assert ex.valid
    assert matched(ex) == [("workers", 20, None), ("absences", 10, 10), ("absences", 11, 10)]
    assert [(i.code, Path(i.file).name, i.row) for i in ex.issues] == [
        ("unknown-worker", "absence-2025-09.csv", 12)]


def test_an_empty_table_and_a_missing_workers_table(tmp_path: Path) -> None:
    (tmp_path / "workers.csv").write_text(
        "worker_id,employment_type,fte,start_date\r\nW1,permanent,1,2020-01-06\r\n")
    (tmp_path / "absences.csv").write_text("worker_id,start_date,end_date,reason\r\n")
    ex = load_extract(tmp_path)
    assert [i.code for i in ex.issues] == ["empty-table"]
    assert matched(ex) == [("workers", 1, None), ("absences", 0, 0)]
    (tmp_path / "workers.csv").unlink()
    (tmp_path / "absences.csv").write_text(
        "worker_id,start_date,end_date,reason\r\nW1,2025-06-02,,sickness\r\n")
    ex = load_extract(tmp_path)
    assert [i.code for i in ex.issues] == ["missing-table"]
    assert matched(ex) == [("absences", 1, None)]


def test_a_workbook_id_cell_of_a_float_joins_text(tmp_path: Path) -> None:
    book = openpyxl.Workbook()
    book.active.append(["worker_id", "employment_type", "fte", "start_date"])
    book.active.append([100634.0, "permanent", 1, dt.date(2020, 1, 6)])
    book.save(tmp_path / "workers.xlsx")
    (tmp_path / "absences.csv").write_text(
        "worker_id,start_date,reason\r\n0100634,2025-06-02,sickness\r\n100634.0,2025-06-09,"
        "sickness\r\n")
    ex = load_extract(tmp_path)
    assert ex.issues == []
    assert matched(ex) == [("workers", 1, None), ("absences", 2, 2)]
