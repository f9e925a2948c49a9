"""A block of a text file of several (the mapping's `block:`): an HCM Data Loader file, whose
METADATA line heads each component's MERGE lines."""

from __future__ import annotations

from pathlib import Path

import openpyxl

from wfkpi.read import load_extract, load_mapping
from wfkpi.read.files import blocks

HDL = """SET PURGE_FUTURE_CHANGES N
COMMENT a file written by an extract
METADATA|Worker|PersonNumber|StartDate
MERGE|Worker|0101|2020/01/06
MERGE|Worker|0102|2021/02/01
METADATA|Assignment|PersonNumber|WorkerType|EffectiveStartDate|EffectiveEndDate|NormalHours
MERGE|Assignment|0101|E|2020/01/06|4712/12/31|37
DELETE|Assignment|0199|E|2019/01/01|4712/12/31|37
MERGE|Assignment|0102|E|2021/02/01|2025/13/31|18.5
METADATA|AssignmentWorkMeasure|AssignmentNumber|Unit|Value|Extra|Cells|Here
MERGE|AssignmentWorkMeasure|E0101|FTE|1|a|b|c
"""
MAPPING = """workers:
  file: "Worker*.dat"
  block: Assignment
  constants: {employment_type: permanent}
  columns:
    worker_id: PersonNumber
    start_date: {header: EffectiveStartDate, format: "%Y/%m/%d"}
    end_date: {header: EffectiveEndDate, format: "%Y/%m/%d"}
    fte: {hours: NormalHours, standard_hours: 37}
"""


def extract(tmp_path: Path, mapping: str = MAPPING, name: str = "Worker.dat"):
    (tmp_path / name).write_text(HDL, encoding="utf-8")
    (tmp_path / "mapping.yaml").write_text(mapping, encoding="utf-8")
    return load_extract(tmp_path, load_mapping(tmp_path / "mapping.yaml"))


def test_the_block_is_read_alone_and_its_rows_keep_their_lines_in_the_file(tmp_path) -> None:
    found = extract(tmp_path)
    workers = found.tables["workers"]
    assert workers["worker_id"].tolist() == ["101", "102"]  # the DELETE line is not a row
    assert workers["fte"].tolist() == [1.0, 0.5]
    assert workers["end_date"].isna().tolist() == [True, True]  # 4712: no end; 2025/13/31: bad
    [bad] = found.issues
    assert (bad.code, bad.row, bad.column) == ("bad-date", 9, "EffectiveEndDate")
    [source] = found.sources
    assert source.header_row == 6
    assert source.details["block"] == ("Assignment: lines 6 to 9; 8 lines of the file are "
                                       "outside it")


def test_the_blocks_of_a_file_are_listed_in_order(tmp_path) -> None:
    (tmp_path / "Worker.dat").write_text(HDL, encoding="utf-8")
    assert blocks(tmp_path / "Worker.dat") == ["Worker", "Assignment", "AssignmentWorkMeasure"]
    (tmp_path / "plain.csv").write_text("METADATA,Worker\nMERGE|Worker\n", encoding="utf-8")
    assert blocks(tmp_path / "plain.csv") == []


def test_a_block_the_file_does_not_hold_is_said(tmp_path) -> None:
    found = extract(tmp_path, MAPPING.replace("block: Assignment", "block: Assignments"))
    assert [(i.code, i.message) for i in found.issues if i.code != "missing-table"] == [
        ("header-not-found", "No METADATA|Assignments line heads a block 'Assignments' in the "
                             "file, which the mapping reads")]
    assert "workers" not in found.tables


def test_a_block_of_a_workbook_is_refused(tmp_path) -> None:
    book = openpyxl.Workbook()
    book.active.append(["PersonNumber"])
    book.save(tmp_path / "Worker.xlsx")
    (tmp_path / "mapping.yaml").write_text(MAPPING.replace("Worker*.dat", "Worker*.xlsx"),
                                           encoding="utf-8")
    found = load_extract(tmp_path, load_mapping(tmp_path / "mapping.yaml"))
    assert [i.code for i in found.issues][:1] == ["unreadable-file"]
    assert "a part of a delimited text file" in found.issues[0].message


def test_a_block_headed_twice_is_refused_naming_both_lines(tmp_path) -> None:
    twice = HDL.replace("MERGE|Assignment|0102|E|2021/02/01|2025/13/31|18.5",
                        "METADATA|Assignment|WorkerType|PersonNumber|EffectiveStartDate\n"
                        "MERGE|Assignment|E|0102|2021/02/01")
    (tmp_path / "Worker.dat").write_text(twice, encoding="utf-8")
    (tmp_path / "mapping.yaml").write_text(MAPPING, encoding="utf-8")
    found = load_extract(tmp_path, load_mapping(tmp_path / "mapping.yaml"))
    [issue] = [i for i in found.issues if i.code == "header-not-found"]
    assert issue.row == 9
    assert issue.message.startswith("Block 'Assignment' is headed twice, on lines 6 and 9")
    assert "workers" not in found.tables
