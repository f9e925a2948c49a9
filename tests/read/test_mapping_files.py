"""Mapping files (YAML): checked before any data is read, with messages naming the bad key."""

from __future__ import annotations

import re
from pathlib import Path

import pytest

from wfkpi.core.equality import unknown_disability_labels, unknown_labels
from wfkpi.core.errors import ConfigError
from wfkpi.read import load_extract, load_mapping

FIXTURES = Path(__file__).resolve().parents[1] / "fixtures"


def mapping_file(tmp_path: Path, text: str) -> Path:
    path = tmp_path / "mapping.yaml"
    path.write_text(text, encoding="utf-8")
    return path


def config_error(path: Path) -> str:
    with pytest.raises(ConfigError) as caught:
        load_mapping(path)
    assert caught.value.exit_code == 2
    return str(caught.value)


def test_the_fixture_mapping_loads() -> None:
    mapping = load_mapping(FIXTURES / "mapped_hr_export" / "mapping.yaml")
    workers = mapping.workers
    assert (workers.file, workers.sheet, workers.header_row) == (
        "Establishment Report*.xlsx", "Report", 3)
    assert workers.headers_for("worker_id") == ["Employee Number", "Person Ref", "worker_id"]
    assert workers.headers_for("fte") == ["FTE", "fte"]
    assert workers.headers_for("grade") == ["grade"]
    assert workers.labels_for("employment_type") == {
        "Permanent": "permanent", "Perm": "permanent", "Fixed Term Contract": "fixed_term",
        "Agency": "agency", "Locum": "agency", "Interim": "agency"}
    assert mapping.vacancies.file is None


def test_misspelt_column_names_the_key_and_suggests_the_column() -> None:
    path = FIXTURES / "mapping_typo" / "mapping_column_typo.yaml"
    assert config_error(path) == (
        f"{path}: the mapping is not valid:\n"
        "  line 4, workers.columns.worker_idd: 'worker_idd' is not a column of workers "
        "(did you mean 'worker_id'?)")


def test_misspelt_key_names_the_key_and_suggests_the_right_one() -> None:
    path = FIXTURES / "mapping_typo" / "mapping_key_typo.yaml"
    assert config_error(path) == (
        f"{path}: the mapping is not valid:\n"
        "  line 3, workers.colums: unknown key 'colums' (did you mean 'columns'?)")


def test_misspelt_table_name(tmp_path: Path) -> None:
    path = mapping_file(tmp_path, "worker:\n  file: export.csv\n")
    assert config_error(path) == (
        f"{path}: the mapping is not valid:\n"
        "  line 1, worker: unknown key 'worker' (did you mean 'workers'?)")


def test_unknown_canonical_value(tmp_path: Path) -> None:
    path = mapping_file(tmp_path, "workers:\n  values:\n    employment_type:\n"
                                  "      permanant: [Perm]\n")
    assert config_error(path) == (
        f"{path}: the mapping is not valid:\n"
        "  line 3, workers.values.employment_type: 'permanant' is not a employment_type; "
        "expected one of: permanent, fixed_term, temporary, bank, casual, agency, "
        "self_employed, other")


def test_labels_for_a_number_column(tmp_path: Path) -> None:
    path = mapping_file(tmp_path, "workers:\n  values:\n    fte:\n      full: [Full time]\n")
    assert config_error(path) == (
        f"{path}: the mapping is not valid:\n"
        "  line 3, workers.values.fte: fte is number, so it has no labels to map (only text, "
        "enum and yes/no columns do)")


def test_header_row_must_be_a_row_number(tmp_path: Path) -> None:
    path = mapping_file(tmp_path, "workers:\n  header_row: 0\n")
    assert config_error(path) == (
        f"{path}: the mapping is not valid:\n"
        "  line 2, workers.header_row: Input should be greater than or equal to 1")


def test_broken_yaml_names_the_line(tmp_path: Path) -> None:
    path = mapping_file(tmp_path, "workers:\n  columns: [worker_id\n")
    message = config_error(path)
    assert message.startswith(f"{path}: the mapping file is not valid YAML at line 3, column 1: ")
    assert "\n" not in message


def test_a_mapping_that_is_not_a_dictionary(tmp_path: Path) -> None:
    path = mapping_file(tmp_path, "- workers\n- absences\n")
    assert config_error(path) == (
        f"{path}: the mapping is not valid:\n"
        "  Input should be a valid dictionary or instance of Mapping")


def test_missing_mapping_file(tmp_path: Path) -> None:
    assert config_error(tmp_path / "nope.yaml") == f"{tmp_path / 'nope.yaml'}: no such mapping file"


def test_empty_mapping_reads_the_canonical_files(tmp_path: Path) -> None:
    mapping = load_mapping(mapping_file(tmp_path, ""))
    ex = load_extract(FIXTURES / "clean", mapping)
    assert ex.valid
    assert [s.table for s in ex.sources] == ["workers", "vacancies", "absences"]


def test_mapping_with_a_byte_order_mark(tmp_path: Path) -> None:
    path = tmp_path / "mapping.yaml"
    path.write_bytes(b"\xef\xbb\xbfworkers:\n  header_row: 3\n")
    assert load_mapping(path).workers.header_row == 3


def test_canonical_value_keys_are_case_insensitive(tmp_path: Path) -> None:
    (tmp_path / "export.csv").write_text(
        "Employee Number,Assignment Category,FTE,Start\nE1,Perm,1,01/02/2020\n"
        "E2,Locum,1,01/02/2020\n", encoding="utf-8")
    path = mapping_file(tmp_path, (
        "workers:\n  file: export.csv\n"
        "  columns: {worker_id: Employee Number, employment_type: Assignment Category,"
        " fte: FTE, start_date: Start}\n"
        "  values:\n    employment_type:\n      Permanent: [Perm]\n      AGENCY: Locum\n"))
    ex = load_extract(tmp_path, load_mapping(path))
    assert ex.tables["workers"]["employment_type"].tolist() == ["permanent", "agency"]


def test_yes_no_labels_as_documented(tmp_path: Path) -> None:
    (tmp_path / "workers.csv").write_text(
        "worker_id,employment_type,fte,start_date,Registration\n"
        "W1,permanent,1,2020-01-06,Registered\nW2,permanent,1,2020-01-06,Unregistered\n",
        encoding="utf-8")
    path = mapping_file(tmp_path, (
        "workers:\n  columns:\n    qualified_social_worker: Registration\n"
        "  values:\n    qualified_social_worker:\n"
        "      true: [Registered]\n      false: [Unregistered]\n"))
    ex = load_extract(tmp_path, load_mapping(path))
    assert ex.issues == []
    assert ex.tables["workers"]["qualified_social_worker"].tolist() == [True, False]


def test_yes_no_labels_with_quoted_keys(tmp_path: Path) -> None:
    (tmp_path / "workers.csv").write_text(
        "worker_id,employment_type,fte,start_date,Registration\n"
        "W1,permanent,1,2020-01-06,Registered\nW2,permanent,1,2020-01-06,Unregistered\n",
        encoding="utf-8")
    path = mapping_file(tmp_path, (
        "workers:\n  columns:\n    qualified_social_worker: Registration\n"
        "  values:\n    qualified_social_worker:\n"
        "      'true': [Registered]\n      'false': [Unregistered]\n"))
    ex = load_extract(tmp_path, load_mapping(path))
    assert ex.issues == []
    assert ex.tables["workers"]["qualified_social_worker"].tolist() == [True, False]


def test_numeric_codes_as_labels(tmp_path: Path) -> None:
    (tmp_path / "workers.csv").write_text(
        "worker_id,EMPLSTATUS,fte,start_date\nW1,1,1,2020-01-06\nW2,4,1,2020-01-06\n",
        encoding="utf-8")
    path = mapping_file(tmp_path, (
        "workers:\n  columns:\n    employment_type: EMPLSTATUS\n"
        "  values:\n    employment_type:\n      permanent: [1]\n      agency: 4\n"))
    ex = load_extract(tmp_path, load_mapping(path))
    assert ex.issues == []
    assert ex.tables["workers"]["employment_type"].tolist() == ["permanent", "agency"]


def test_every_mapping_in_the_docs_loads_and_relabels_to_known_labels(tmp_path: Path) -> None:
    docs = Path(__file__).resolve().parents[2] / "docs" / "mappings.md"
    blocks = re.findall(r"```yaml\n(.*?)```", docs.read_text(encoding="utf-8"), re.S)
    assert len(blocks) == 9
    relabelled = 0
    for n, block in enumerate(blocks):
        folder = tmp_path / str(n)
        folder.mkdir()
        workers = load_mapping(mapping_file(folder, block)).workers  # every example loads
        if "ethnicity" not in workers.values:
            continue
        relabelled += 1
        assert unknown_labels(list(workers.values["ethnicity"])) == {}
        assert unknown_disability_labels(list(workers.values.get("disability", {}))) == {}
    assert relabelled == 2
