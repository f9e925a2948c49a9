"""Ethnicity and disability labels relabelled through a mapping like any other label column,
and each label in none of the known lists named once, with how many rows hold it."""

from __future__ import annotations

from pathlib import Path

import pytest

from wfkpi.core.errors import ConfigError
from wfkpi.read import Mapping, load_extract, load_mapping
from wfkpi.read.mapping import TableMapping

FIXTURES = Path(__file__).resolve().parents[1] / "fixtures"
FOLDER = FIXTURES / "equality_labels"


def labels(extract) -> list[tuple]:
    return [(i.code, Path(i.file).name, i.row, i.column, i.value) for i in extract.issues]


def test_itrent_codes_are_relabelled_and_labels_in_no_list_named_once() -> None:
    ex = load_extract(FOLDER, load_mapping(FOLDER / "mapping.yaml"))
    assert ex.valid
    assert labels(ex) == [
        ("unknown-label", "Staff List.csv", None, "Ethnic Origin", "Martian"),
        ("unknown-label", "Staff List.csv", None, "Ethnic Origin", "Klingon"),
        ("unknown-label", "Staff List.csv", None, "Disabled", "Pending"),
    ]
    assert [i.message for i in ex.issues] == [
        "ethnicity: a label on 2 rows is in none of the known lists: left out of the figures; "
        "relabel it under values.ethnicity in a mapping (see wfkpi docs mappings)",
        "ethnicity: a label on 1 row is in none of the known lists: left out of the figures; "
        "relabel it under values.ethnicity in a mapping (see wfkpi docs mappings)",
        "disability: a label on 1 row is in none of the known lists: left out of the figures; "
        "relabel it under values.disability in a mapping (see wfkpi docs mappings)",
    ]
    workers = ex.tables["workers"]
    assert workers["ethnicity"].fillna("").tolist() == [
        "White British", "White British", "Any other Asian background", "Asian Indian",
        "Martian", "White British", "Martian", "Klingon", ""]
    assert workers["disability"].fillna("").tolist() == [
        "Y", "Yes", "Pending", "N", "N", "", "Y", "N", "N"]


def test_without_the_relabelling_the_codes_are_named(tmp_path: Path) -> None:
    text = (FOLDER / "mapping.yaml").read_text(encoding="utf-8")
    mapping = tmp_path / "mapping.yaml"
    mapping.write_text(text.split("    ethnicity:\n      White British")[0], encoding="utf-8")
    ex = load_extract(FOLDER, load_mapping(mapping))
    # the known lists read 'White - British' and 'Other - Asian' themselves; 'WB' they do not
    assert [(i.value, i.message.split(" is ")[0]) for i in ex.issues] == [
        ("Martian", "ethnicity: a label on 2 rows"),
        ("Klingon", "ethnicity: a label on 1 row"),
        ("WB", "ethnicity: a label on 1 row"),
        ("Pending", "disability: a label on 1 row"),
        ("Yes (registered)", "disability: a label on 1 row"),
    ]


def test_labels_compare_ignoring_case_and_spacing(tmp_path: Path) -> None:
    (tmp_path / "workers.csv").write_text(
        "worker_id,employment_type,fte,start_date,ethnicity,team\r\n"
        "W1,permanent,1,2020-01-06,wb,CP North\r\nW2,permanent,1,2020-01-06, Wb ,cp-north\r\n")
    (tmp_path / "mapping.yaml").write_text(
        "workers:\n  values:\n    ethnicity:\n      White British: [WB]\n"
        "    team:\n      Child Protection North: [CP North]\n")
    ex = load_extract(tmp_path, load_mapping(tmp_path / "mapping.yaml"))
    assert ex.issues == []
    assert ex.tables["workers"]["ethnicity"].tolist() == ["White British", "White British"]
    assert ex.tables["workers"]["team"].tolist() == ["Child Protection North"] * 2


def test_one_label_in_two_files_is_named_once_with_both_counts(tmp_path: Path) -> None:
    head = "worker_id,employment_type,fte,start_date,ethnicity\r\n"
    (tmp_path / "staff-north.csv").write_text(head + "W1,permanent,1,2020-01-06,Martian\r\n")
    (tmp_path / "staff-south.csv").write_text(
        head + "W2,permanent,1,2020-01-06,Martian\r\nW3,permanent,1,2020-01-06,Venusian\r\n")
    ex = load_extract(tmp_path, Mapping(workers=TableMapping(file="staff-*.csv")))
    assert labels(ex) == [
        ("unknown-label", "staff-north.csv", None, "ethnicity", "Martian"),
        ("unknown-label", "staff-south.csv", None, "ethnicity", "Venusian")]
    assert ex.issues[0].message.startswith("ethnicity: a label on 2 rows ")


def test_an_unquoted_yes_in_a_text_columns_labels_is_refused(tmp_path: Path) -> None:
    path = tmp_path / "mapping.yaml"
    path.write_text("workers:\n  values:\n    disability:\n      Yes: [Y, Disabled]\n")
    with pytest.raises(ConfigError) as caught:
        load_mapping(path)
    assert str(caught.value) == (
        f"{path}: the mapping is not valid:\n  line 3, workers.values.disability: YAML reads an "
        "unquoted Yes, No, On or Off as true or false; put such labels in quotes ('Yes')")


def test_a_text_columns_labels_keep_their_spelling(tmp_path: Path) -> None:
    path = tmp_path / "mapping.yaml"
    path.write_text("workers:\n  values:\n    ethnicity:\n      White British: WB\n"
                    "    employment_type:\n      Fixed_Term: FTC\n")
    workers = load_mapping(path).workers
    assert workers.labels_for("ethnicity") == {"WB": "White British"}
    assert workers.labels_for("employment_type") == {"FTC": "Fixed_Term"}
