"""The mapping language for real HR layouts, as docs/mappings.md describes it ("Real layouts:
dates, several files, filters, hours and history"), checked on small files written here.

Every expected value is worked by hand from the docs:
- dates: a column's `format` (one or a list), month-first only with a format, a time of day
  ignored, a format reading no date is a mapping error (exit 2, file and line), one reading
  some dates gives `bad-date` on the others;
- `no_end`: 4712-12-31 and 9999-12-31 read as blank in an end date by default, `[]` turns that
  off, a list of one's own replaces them, a required date is never blanked;
- `files:` with `constants` and an entry's own keys, issues naming each row's own file;
- `where` / `skip` with their `filtered` warnings;
- `fte: {hours:, standard_hours:}`, the week a number or a header;
- `history:` versions collapsed into spells, and the KPIs run on them (docs/kpis.md, "Moves
  between posts");
- `unmapped-label` summaries, and mapping errors naming the line.
"""

from __future__ import annotations

import json
import math
import re
from pathlib import Path
from typing import Any

import pandas as pd
import pytest

from wfkpi.cli import run
from wfkpi.core.errors import ConfigError
from wfkpi.core.issues import Issue
from wfkpi.read import Extract, load_extract, load_mapping

# ------------------------------------------------------------------------------ helpers


def write(folder: Path, name: str, text: str) -> Path:
    folder.mkdir(parents=True, exist_ok=True)
    path = folder / name
    path.write_text(text, encoding="utf-8")
    return path


def setup(tmp_path: Path, mapping: str, **files: str) -> tuple[Path, Path]:
    """The data folder holding ``files`` (name: text) and the mapping file beside it."""
    data = tmp_path / "data"
    data.mkdir(parents=True, exist_ok=True)
    for name, text in files.items():
        write(data, name, text)
    return data, write(tmp_path, "mapping.yaml", mapping)


def read(tmp_path: Path, mapping: str, **files: str) -> Extract:
    data, mapping_path = setup(tmp_path, mapping, **files)
    return load_extract(data, load_mapping(mapping_path))


def config_error(tmp_path: Path, mapping: str, **files: str) -> tuple[str, Path]:
    """The message of the ConfigError raised by loading the mapping or reading with it."""
    data, mapping_path = setup(tmp_path, mapping, **files)
    with pytest.raises(ConfigError) as caught:
        load_extract(data, load_mapping(mapping_path))
    assert caught.value.exit_code == 2
    return str(caught.value), mapping_path


def iso(value: Any) -> str | None:
    return None if pd.isna(value) else pd.Timestamp(value).date().isoformat()


def dates(extract: Extract, column: str) -> list[str | None]:
    return [iso(value) for value in extract.tables["workers"][column]]


def values(extract: Extract, column: str) -> list[Any]:
    return [None if (isinstance(v, float) and math.isnan(v)) or v is pd.NaT else v
            for v in extract.tables["workers"][column].tolist()]


def coded(extract: Extract, code: str) -> list[Issue]:
    return [issue for issue in extract.issues if issue.code == code]


def where(issue: Issue) -> tuple[str, int | None, str | None]:
    """An issue's file name (not its folder), row and column."""
    return Path(issue.file).name, issue.row, issue.column


def spells(extract: Extract, *columns: str) -> list[tuple[Any, ...]]:
    """The workers table as (worker_id, start, end, *columns), sorted by worker and start."""
    table = extract.tables["workers"]
    rows = []
    for _, row in table.iterrows():
        extra = tuple(None if (not isinstance(row[c], str) and pd.isna(row[c])) else row[c]
                      for c in columns)
        rows.append((row["worker_id"], iso(row["start_date"]), iso(row["end_date"]), *extra))
    return sorted(rows, key=lambda r: (r[0], r[1]))


def cli(capsys: pytest.CaptureFixture[str], *args: str) -> tuple[int, str, str]:
    capsys.readouterr()
    code = run(list(args))
    out = capsys.readouterr()
    assert "Traceback" not in out.out + out.err
    return code, out.out, out.err


STAFF = "workers:\n  file: staff.csv\n"

# ------------------------------------------------------------------------------ dates


def test_a_format_reads_year_first_slashed_dates(tmp_path: Path) -> None:
    extract = read(
        tmp_path,
        STAFF + "  columns:\n"
        "    start_date: {header: Start, format: \"%Y/%m/%d\"}\n"
        "    end_date: {header: End, format: \"%Y/%m/%d\"}\n",
        **{"staff.csv": "worker_id,employment_type,fte,Start,End\n"
                        "a,permanent,1,2024/03/15,2025/01/31\n"
                        "b,permanent,1,2023/12/01,\n"})
    assert dates(extract, "start_date") == ["2024-03-15", "2023-12-01"]
    assert dates(extract, "end_date") == ["2025-01-31", None]
    assert coded(extract, "bad-date") == []


def test_a_list_of_formats_is_tried_in_order(tmp_path: Path) -> None:
    # 30-Jun-2025 is read by the second format only; 2024/06/30 by the first only.
    extract = read(
        tmp_path,
        STAFF + "  columns:\n"
        "    end_date: {header: [Effective End Date, End Date], "
        "format: [\"%Y/%m/%d\", \"%d-%b-%Y\"]}\n",
        **{"staff.csv": "worker_id,employment_type,fte,start_date,End Date\n"
                        "a,permanent,1,2024-01-01,2024/06/30\n"
                        "b,permanent,1,2024-01-01,30-Jun-2025\n"})
    assert dates(extract, "end_date") == ["2024-06-30", "2025-06-30"]
    assert coded(extract, "bad-date") == []


def test_a_format_reading_some_rows_gives_bad_date_on_the_others(tmp_path: Path) -> None:
    # end_date is optional: the unreadable cell is blanked and the row kept.
    extract = read(
        tmp_path,
        STAFF + "  columns:\n    end_date: {header: End, format: \"%Y/%m/%d\"}\n",
        **{"staff.csv": "worker_id,employment_type,fte,start_date,End\n"
                        "a,permanent,1,2024-01-01,2024/06/30\n"
                        "b,permanent,1,2024-01-01,30-Jun-2025\n"
                        "c,permanent,1,2024-01-01,\n"
                        "d,permanent,1,2024-01-01,2025/13/01\n"})
    assert [where(i) for i in coded(extract, "bad-date")] == [
        ("staff.csv", 3, "End"), ("staff.csv", 5, "End")]
    assert values(extract, "worker_id") == ["a", "b", "c", "d"]
    assert dates(extract, "end_date") == ["2024-06-30", None, None, None]


def test_month_first_is_read_only_with_a_format(tmp_path: Path) -> None:
    rows = ("worker_id,employment_type,fte,Start\n"
            "a,permanent,1,09/30/2025\n"
            "b,permanent,1,03/04/2025\n")
    # Without a format, 09/30/2025 is no day-first date (set aside: start_date is required)
    # and 03/04/2025 is 3 April.
    plain = read(tmp_path / "plain", STAFF + "  columns: {start_date: Start}\n",
                 **{"staff.csv": rows})
    assert [where(i) for i in coded(plain, "bad-date")] == [("staff.csv", 2, "Start")]
    assert values(plain, "worker_id") == ["b"]
    assert dates(plain, "start_date") == ["2025-04-03"]
    # With "%m/%d/%Y" both are month-first.
    given = read(tmp_path / "given",
                 STAFF + "  columns:\n    start_date: {header: Start, format: \"%m/%d/%Y\"}\n",
                 **{"staff.csv": rows})
    assert coded(given, "bad-date") == []
    assert dates(given, "start_date") == ["2025-09-30", "2025-03-04"]


def test_a_time_of_day_after_the_date_is_ignored(tmp_path: Path) -> None:
    extract = read(
        tmp_path,
        STAFF + "  columns:\n"
        "    start_date: {header: Start, format: \"%Y/%m/%d\"}\n"
        "    end_date: {header: End, format: \"%d/%m/%Y %H:%M\"}\n",
        **{"staff.csv": "worker_id,employment_type,fte,Start,End\n"
                        "a,permanent,1,2024/03/15 09:30,31/01/2025 17:45\n"
                        "b,permanent,1,2024/03/16 00:00:00,\n"})
    assert coded(extract, "bad-date") == []
    assert dates(extract, "start_date") == ["2024-03-15", "2024-03-16"]
    assert dates(extract, "end_date") == ["2025-01-31", None]


def test_a_time_after_a_date_without_a_format_is_ignored(tmp_path: Path) -> None:
    extract = read(tmp_path, STAFF + "  columns: {start_date: Start}\n",
                   **{"staff.csv": "worker_id,employment_type,fte,Start\n"
                                   "a,permanent,1,15/03/2024 14:00:00\n"
                                   "b,permanent,1,2024-03-16 09:30\n"})
    assert dates(extract, "start_date") == ["2024-03-15", "2024-03-16"]


def test_a_format_reading_none_of_the_dates_is_a_mapping_error(tmp_path: Path) -> None:
    message, mapping = config_error(
        tmp_path,
        "workers:\n"                                                  # 1
        "  file: staff.csv\n"                                         # 2
        "  columns:\n"                                                # 3
        "    start_date: {header: Start, format: \"%d.%m.%Y\"}\n",    # 4
        **{"staff.csv": "worker_id,employment_type,fte,Start\n"
                        "a,permanent,1,2024-01-05\n"
                        "b,permanent,1,2024-02-01\n"})
    assert str(mapping) in message
    assert "line 4" in message


def test_a_format_reading_none_of_the_dates_exits_2_on_the_command_line(
        tmp_path: Path, capsys: pytest.CaptureFixture[str]) -> None:
    data, mapping = setup(
        tmp_path,
        "workers:\n  file: staff.csv\n  columns:\n"
        "    end_date: {header: End, format: \"%d.%m.%Y\"}\n",            # line 4
        **{"staff.csv": "worker_id,employment_type,fte,start_date,End\n"
                        "a,permanent,1,2024-01-05,2025-01-31\n"
                        "b,permanent,1,2024-02-01,\n"})
    code, out, err = cli(capsys, "validate", str(data), "--mapping", str(mapping))
    assert code == 2
    assert "mapping.yaml" in err
    assert "line 4" in err


def test_a_format_on_a_column_with_no_dates_at_all_is_no_mistake(tmp_path: Path) -> None:
    # Nobody has left: the format has no date to read, so it reads "none" of no dates.
    extract = read(
        tmp_path,
        STAFF + "  columns:\n    end_date: {header: End, format: \"%Y/%m/%d\"}\n",
        **{"staff.csv": "worker_id,employment_type,fte,start_date,End\n"
                        "a,permanent,1,2024-01-01,\n"
                        "b,permanent,1,2024-02-01,\n"})
    assert dates(extract, "end_date") == [None, None]
    assert extract.issues == []


# ------------------------------------------------------------------------------ no_end


def test_oracle_end_of_time_reads_as_blank_by_default(tmp_path: Path) -> None:
    extract = read(
        tmp_path,
        STAFF + "  columns:\n    end_date: {header: End, format: \"%Y/%m/%d\"}\n",
        **{"staff.csv": "worker_id,employment_type,fte,start_date,End\n"
                        "a,permanent,1,2024-01-01,4712/12/31\n"
                        "b,permanent,1,2024-01-01,2025/03/31\n"})
    assert dates(extract, "end_date") == [None, "2025-03-31"]
    assert coded(extract, "out-of-range") == []
    assert extract.valid


def test_sap_end_of_time_reads_as_blank_by_default(tmp_path: Path) -> None:
    extract = read(tmp_path, STAFF,
                   **{"staff.csv": "worker_id,employment_type,fte,start_date,end_date\n"
                                   "a,permanent,1,2024-01-01,9999-12-31\n"
                                   "b,permanent,1,2024-01-01,31/12/4712\n"})
    assert dates(extract, "end_date") == [None, None]
    assert extract.valid


def test_no_end_empty_turns_the_end_of_time_off(tmp_path: Path) -> None:
    # 4712-12-31 is then a date after 2100: out-of-range, the optional cell blanked.
    extract = read(
        tmp_path,
        STAFF + "  columns:\n    end_date: {header: End, format: \"%Y/%m/%d\"}\n"
        "  no_end: []\n",
        **{"staff.csv": "worker_id,employment_type,fte,start_date,End\n"
                        "a,permanent,1,2024-01-01,2025/03/31\n"
                        "b,permanent,1,2024-01-01,4712/12/31\n"})
    assert [where(i) for i in coded(extract, "out-of-range")] == [("staff.csv", 3, "End")]
    assert not extract.valid


def test_a_no_end_date_of_ones_own_replaces_the_defaults(tmp_path: Path) -> None:
    # Written YYYY-MM-DD in the mapping whatever the file's format.
    extract = read(
        tmp_path,
        STAFF + "  no_end: [\"2099-12-31\"]\n",
        **{"staff.csv": "worker_id,employment_type,fte,start_date,end_date\n"
                        "a,permanent,1,2024-01-01,31/12/2099\n"
                        "b,permanent,1,2024-01-01,2099-12-30\n"
                        "c,permanent,1,2024-01-01,9999-12-31\n"})
    assert dates(extract, "end_date")[:2] == [None, "2099-12-30"]
    assert [where(i) for i in coded(extract, "out-of-range")] == [("staff.csv", 4, "end_date")]


def test_a_no_end_date_in_a_required_column_is_not_blanked(tmp_path: Path) -> None:
    extract = read(
        tmp_path,
        STAFF + "  no_end: [\"2099-12-31\"]\n",
        **{"staff.csv": "worker_id,employment_type,fte,start_date,end_date\n"
                        "a,permanent,1,2099-12-31,\n"})
    assert dates(extract, "start_date") == ["2099-12-31"]
    assert extract.valid


def test_the_default_end_of_time_in_start_date_is_out_of_range(tmp_path: Path) -> None:
    # Not read as blank (which would be a missing required cell): a date after 2100.
    extract = read(tmp_path, STAFF,
                   **{"staff.csv": "worker_id,employment_type,fte,start_date\n"
                                   "a,permanent,1,4712-12-31\n"
                                   "b,permanent,1,2024-01-01\n"})
    assert [(i.code, i.row) for i in extract.issues if i.severity == "error"] == [
        ("out-of-range", 2)]
    assert values(extract, "worker_id") == ["b"]


def test_an_absence_ending_at_the_end_of_time_is_still_absent(tmp_path: Path) -> None:
    extract = read(
        tmp_path,
        "absences:\n  file: sickness.csv\n  columns:\n"
        "    end_date: {header: Last Day, format: \"%d/%m/%Y\"}\n",
        **{"workers.csv": "worker_id,employment_type,fte,start_date\na,permanent,1,2024-01-01\n",
           "sickness.csv": "worker_id,start_date,Last Day,reason\n"
                           "a,2025-09-01,31/12/4712,sickness\n"
                           "a,2025-03-03,07/03/2025,sickness\n"})
    ends = [iso(value) for value in extract.tables["absences"]["end_date"]]
    assert ends == [None, "2025-03-07"]
    assert extract.valid


# ------------------------------------------------------------------------------ files


HR_AND_AGENCY = """\
workers:
  files:
    - file: "Employee*.csv"
    - file: "Agency placements*.csv"
      constants: {employment_type: agency}
      columns:
        worker_id: Placement Ref
        start_date: Placement Start
        end_date: Placement End
        fte: {hours: Contracted Hours per Week, standard_hours: 37}
  columns:
    worker_id: ID
    employment_type: Type
    fte: FTE
    start_date: Start
    end_date: End
"""

EMPLOYEES = """\
ID,Type,FTE,Start,End,Team
E1,permanent,1,01/04/2023,,Alpha
E2,fixed_term,0.6,01/09/2024,31/03/2025,Beta
E3,permanent,1,31/02/2024,,Alpha
"""

PLACEMENTS = """\
Placement Ref|Placement Start|Placement End|Contracted Hours per Week|Team
A1|2025-01-06||37|Alpha
A2|2025-02-03|2025-13-01|18.5|Beta
"""


def test_an_hr_file_and_an_agency_supplier_file_make_one_table(tmp_path: Path) -> None:
    extract = read(tmp_path, HR_AND_AGENCY, **{"Employee Report 2025.csv": EMPLOYEES,
                                               "Agency placements Sep.csv": PLACEMENTS})
    # E3's start (31 Feb) is no date: set aside. A2's end (month 13) is blanked, row kept.
    assert values(extract, "worker_id") == ["E1", "E2", "A1", "A2"]
    assert values(extract, "employment_type") == ["permanent", "fixed_term", "agency", "agency"]
    assert values(extract, "fte") == pytest.approx([1.0, 0.6, 1.0, 0.5])
    assert dates(extract, "start_date") == ["2023-04-01", "2024-09-01", "2025-01-06",
                                            "2025-02-03"]
    assert dates(extract, "end_date") == [None, "2025-03-31", None, None]
    assert values(extract, "team") == ["Alpha", "Beta", "Alpha", "Beta"]
    # Each row's issue names its own file and that file's header.
    assert [where(i) for i in coded(extract, "bad-date")] == [
        ("Employee Report 2025.csv", 4, "Start"),
        ("Agency placements Sep.csv", 3, "Placement End")]


def test_a_constant_is_a_label_mapped_as_a_cell_is(tmp_path: Path) -> None:
    extract = read(
        tmp_path,
        "workers:\n"
        "  files:\n"
        "    - file: staff.csv\n"
        "    - file: locums.csv\n"
        "      constants: {employment_type: Locum}\n"
        "  values:\n"
        "    employment_type:\n"
        "      agency: [Locum, Interim]\n",
        **{"staff.csv": "worker_id,employment_type,fte,start_date\n"
                        "s1,Interim,1,2024-01-01\n"
                        "s2,permanent,1,2024-01-01\n",
           "locums.csv": "worker_id,fte,start_date\nl1,1,2025-01-01\nl2,0.5,2025-02-01\n"})
    assert values(extract, "employment_type") == ["agency", "permanent", "agency", "agency"]
    assert extract.valid


def test_a_files_entry_matching_nothing_is_a_mapping_error(tmp_path: Path) -> None:
    message, mapping = config_error(
        tmp_path,
        "workers:\n"                                       # 1
        "  files:\n"                                       # 2
        "    - file: \"Employee*.csv\"\n"                  # 3
        "    - file: \"Agency placements*.csv\"\n"         # 4
        "      constants: {employment_type: agency}\n",    # 5
        **{"Employee Report 2025.csv": "worker_id,employment_type,fte,start_date\n"
                                       "E1,permanent,1,2024-01-01\n"})
    assert str(mapping) in message
    assert "line 4" in message


def test_the_validation_output_names_a_constant_as_every_row(
        tmp_path: Path, capsys: pytest.CaptureFixture[str]) -> None:
    data, mapping = setup(tmp_path, HR_AND_AGENCY, **{"Employee Report 2025.csv": EMPLOYEES,
                                                       "Agency placements Sep.csv": PLACEMENTS})
    code, out, _ = cli(capsys, "validate", str(data), "--mapping", str(mapping),
                       "--format", "json")
    assert code == 3  # E3's start date and A2's end date
    tables = {Path(t["file"]).name: t for t in json.loads(out)["tables"]}
    agency = tables["Agency placements Sep.csv"]
    assert agency["columns"]["employment_type"] == "(every row: agency)"
    assert agency["columns"]["worker_id"] == "Placement Ref"
    assert tables["Employee Report 2025.csv"]["columns"]["employment_type"] == "Type"
    assert (agency["rows"], agency["loaded"]) == (2, 2)
    assert (tables["Employee Report 2025.csv"]["rows"],
            tables["Employee Report 2025.csv"]["loaded"]) == (3, 2)


def test_an_entrys_values_merge_with_the_tables(tmp_path: Path) -> None:
    # The table maps Perm; the entry adds Locum and, for its own file, reads Temp as agency.
    extract = read(
        tmp_path,
        "workers:\n"
        "  files:\n"
        "    - file: staff.csv\n"
        "    - file: locums.csv\n"
        "      values: {employment_type: {agency: [Locum, Temp]}}\n"
        "  values: {employment_type: {permanent: [Perm], temporary: [Temp]}}\n",
        **{"staff.csv": "worker_id,employment_type,fte,start_date\n"
                        "s1,Perm,1,2024-01-01\ns2,Temp,1,2024-01-01\n",
           "locums.csv": "worker_id,employment_type,fte,start_date\n"
                         "l1,Locum,1,2025-01-01\nl2,Perm,1,2025-01-01\nl3,Temp,1,2025-01-01\n"})
    assert values(extract, "employment_type") == [
        "permanent", "temporary", "agency", "permanent", "agency"]
    assert extract.valid


HISTORY_WITH_AGENCY = """\
workers:
  columns:
    worker_id: Person Number
    employment_type: Category
    start_date: {header: Effective Start Date, format: "%d/%m/%Y"}
    end_date: {header: Effective End Date, format: "%d/%m/%Y"}
  history:
    key: Assignment Number
    action: Action
    end_actions: [TERMINATION]
  files:
    - file: "hcm*.csv"
    - file: "agency*.csv"
      history: false
      constants: {employment_type: agency}
"""


def test_a_files_entry_with_history_false_keeps_its_rows_as_spells(tmp_path: Path) -> None:
    extract = read(
        tmp_path, HISTORY_WITH_AGENCY,
        **{"hcm.csv": "Person Number,Assignment Number,Action,Category,FTE,Team,"
                      "Effective Start Date,Effective End Date\n"
                      "H1,A-1,HIRE,permanent,1,Alpha,01/01/2025,31/12/4712\n",
           # The same person twice, nothing changed: versions would make one spell.
           "agency.csv": "Person Number,FTE,Team,Effective Start Date,Effective End Date\n"
                         "X1,1,Alpha,01/01/2025,31/03/2025\n"
                         "X1,1,Alpha,01/04/2025,\n"})
    assert spells(extract, "employment_type") == [
        ("H1", "2025-01-01", None, "permanent"),
        ("X1", "2025-01-01", "2025-03-31", "agency"),
        ("X1", "2025-04-01", None, "agency")]
    # Only the HCM file's one row is history: 1 row of 1 assignment made 1 spell.
    [summary] = coded(extract, "history")
    assert re.search(r"\b1\b\D+\b1\b\D+\b1\b", summary.message)


# ------------------------------------------------------------------------------ where / skip


def filtered_counts(extract: Extract) -> list[tuple[int, int]]:
    """Each `filtered` warning as (rows, mapping line) read from its message."""
    out = []
    for issue in coded(extract, "filtered"):
        rows = re.search(r"\b(\d+) rows?\b", issue.message)
        line = re.search(r"\bline (\d+)\b", issue.message)
        assert rows and line, issue.message
        out.append((int(rows.group(1)), int(line.group(1))))
    return sorted(out, key=lambda pair: pair[1])


def test_where_by_a_file_header_and_skip_by_a_canonical_column(tmp_path: Path) -> None:
    extract = read(
        tmp_path,
        "workers:\n"                                                           # 1
        "  file: staff.csv\n"                                                  # 2
        "  columns: {worker_id: Person Number, employment_type: Type}\n"       # 3
        "  where: {Assignment Type: [E, C]}\n"                                 # 4
        "  skip: {worker_id: \"^TEST\"}\n",                                    # 5
        **{"staff.csv": "Person Number,Assignment Type,Type,fte,start_date\n"
                        "P1,E,permanent,1,2024-01-01\n"
                        "P2, c ,permanent,1,2024-01-01\n"       # C, case and spaces aside
                        "P3,X,permanent,1,2024-01-01\n"         # left out by where
                        "P4,Contractor,permanent,1,2024-01-01\n"  # not C: left out
                        "P5,Y,permanent,1,2024-01-01\n"         # left out by where
                        "TEST6,E,permanent,1,2024-01-01\n"      # left out by skip
                        "XTEST7,E,permanent,1,2024-01-01\n"     # ^ anchors: kept
                        "TEST8,C,permanent,1,2024-01-01\n"})    # left out by skip
    assert values(extract, "worker_id") == ["P1", "P2", "XTEST7"]
    assert filtered_counts(extract) == [(3, 4), (2, 5)]
    assert all(i.severity == "warning" for i in coded(extract, "filtered"))
    assert extract.valid


def test_where_by_a_canonical_column_compares_labels_case_and_spacing_aside(
        tmp_path: Path) -> None:
    extract = read(
        tmp_path,
        STAFF + "  where: {team: [Alpha Team]}\n",                             # line 3
        **{"staff.csv": "worker_id,employment_type,fte,start_date,Team\n"
                        "a,permanent,1,2024-01-01,alpha team\n"
                        "b,permanent,1,2024-01-01,ALPHA  TEAM\n"
                        "c,permanent,1,2024-01-01,Beta Team\n"
                        "d,permanent,1,2024-01-01,Alpha Teams\n"
                        "e,permanent,1,2024-01-01, Alpha Team \n"})
    assert values(extract, "worker_id") == ["a", "b", "e"]
    assert filtered_counts(extract) == [(2, 3)]


def test_a_skip_pattern_is_a_regular_expression_searched_for_in_the_cell(
        tmp_path: Path) -> None:
    extract = read(
        tmp_path,
        STAFF + "  skip: {Notes: \"dummy|do not use\\\\b\"}\n",                 # line 3
        **{"staff.csv": "worker_id,employment_type,fte,start_date,Notes\n"
                        "a,permanent,1,2024-01-01,a dummy record\n"
                        "b,permanent,1,2024-01-01,\n"
                        "c,permanent,1,2024-01-01,do not use\n"
                        "d,permanent,1,2024-01-01,do not user\n"
                        "e,permanent,1,2024-01-01,real person\n"})
    assert values(extract, "worker_id") == ["b", "d", "e"]
    assert filtered_counts(extract) == [(2, 3)]


def test_nothing_filtered_gives_no_warning(tmp_path: Path) -> None:
    extract = read(
        tmp_path,
        STAFF + "  where: {Assignment Type: [E]}\n  skip: {worker_id: \"^TEST\"}\n",
        **{"staff.csv": "worker_id,Assignment Type,employment_type,fte,start_date\n"
                        "a,E,permanent,1,2024-01-01\n"
                        "b,e,permanent,1,2024-01-01\n"})
    assert values(extract, "worker_id") == ["a", "b"]
    assert coded(extract, "filtered") == []
    assert extract.issues == []


# ------------------------------------------------------------------------------ fte from hours


def test_fte_is_the_hours_over_a_standard_week(tmp_path: Path) -> None:
    extract = read(
        tmp_path,
        STAFF + "  columns:\n    fte: {hours: Weekly Hours, standard_hours: 37}\n",
        **{"staff.csv": "worker_id,employment_type,start_date,Weekly Hours\n"
                        "a,permanent,2024-01-01,18.5\n"
                        "b,permanent,2024-01-01,37\n"
                        "c,permanent,2024-01-01,29.6\n"})
    assert values(extract, "fte") == pytest.approx([0.5, 1.0, 0.8])
    assert extract.issues == []


def test_fte_from_a_standard_week_read_row_by_row(tmp_path: Path) -> None:
    extract = read(
        tmp_path,
        STAFF + "  columns:\n"
        "    fte: {hours: Weekly Hours, standard_hours: Standard Weekly Hours}\n",
        **{"staff.csv": "worker_id,employment_type,start_date,Weekly Hours,"
                        "Standard Weekly Hours\n"
                        "a,permanent,2024-01-01,18,36\n"
                        "b,permanent,2024-01-01,30,40\n"
                        "c,permanent,2024-01-01,20,\n"
                        "d,permanent,2024-01-01,20,0\n"
                        "e,permanent,2024-01-01,20,n/a\n"})
    # Every row stays (a blank FTE keeps the row in headcounts); c, d and e have no FTE.
    assert values(extract, "worker_id") == ["a", "b", "c", "d", "e"]
    fte = values(extract, "fte")
    assert fte[:2] == pytest.approx([0.5, 0.75])
    assert fte[2:] == [None, None, None]
    assert sorted(i.row for i in coded(extract, "bad-number")) == [4, 5, 6]


def test_vacancy_and_agency_cover_fte_from_hours(tmp_path: Path) -> None:
    extract = read(
        tmp_path,
        "vacancies:\n  file: vacancies.csv\n  columns:\n"
        "    vacancy_fte: {hours: Vacant Hours, standard_hours: 37}\n"
        "    agency_cover_fte: {hours: Cover Hours, standard_hours: 37}\n",
        **{"workers.csv": "worker_id,employment_type,fte,start_date\na,permanent,1,2024-01-01\n",
           "vacancies.csv": "Vacant Hours,Cover Hours,as_at\n55.5,18.5,2025-09-30\n"
                            "37,0,2025-09-30\n"})
    table = extract.tables["vacancies"]
    assert table["vacancy_fte"].tolist() == pytest.approx([1.5, 1.0])
    assert table["agency_cover_fte"].tolist() == pytest.approx([0.5, 0.0])
    assert extract.valid


def test_fte_hours_and_a_header_together_are_a_mapping_error(tmp_path: Path) -> None:
    message, mapping = config_error(
        tmp_path,
        STAFF + "  columns:\n"
        "    fte: {header: FTE, hours: Weekly Hours, standard_hours: 37}\n",   # line 4
        **{"staff.csv": "worker_id,employment_type,start_date,FTE,Weekly Hours\n"
                        "a,permanent,2024-01-01,1,37\n"})
    assert str(mapping) in message
    assert "line 4" in message


def test_fte_hours_without_a_standard_week_is_a_mapping_error(tmp_path: Path) -> None:
    message, mapping = config_error(
        tmp_path,
        STAFF + "  columns:\n    fte: {hours: Weekly Hours}\n",                    # line 4
        **{"staff.csv": "worker_id,employment_type,start_date,Weekly Hours\n"
                        "a,permanent,2024-01-01,37\n"})
    assert str(mapping) in message
    assert "line 4" in message
    assert "standard_hours" in message


# ------------------------------------------------------------------------------ history


HISTORY_MAPPING = """\
workers:
  file: assignments.csv
  columns:
    worker_id: Person Number
    employment_type: Assignment Category
    fte: FTE
    team: Department
    leaving_reason: Leaving Reason
    start_date: {header: Effective Start Date, format: "%d/%m/%Y"}
    end_date: {header: Effective End Date, format: "%d/%m/%Y"}
  history:
    key: Assignment Number
    action: Action
    end_actions: [TERMINATION]
"""

# Pipe-delimited, as an Oracle HCM report often is. Salary is read by no column, so a pay
# change changes nothing the figures use.
#   P1 (A1): hired 1 Jan 2024, pay rise 1 Jun 2024, promoted to Beta 1 Apr 2025.
#   P2 (A2): hired 1 Feb 2024 at 0.5; terminated, last day 30 Jun 2025 (resigned).
#   P3 (A3): hired 1 Mar 2024; retired, last day 31 Oct 2024; rehired 1 May 2025.
#   P4 (A4): hired 1 Jan 2025 at 0.8, corrected the same day to 1.0 (the later row wins).
HISTORY_HEADER = ("Person Number|Assignment Number|Action|Assignment Category|FTE|Department|"
                  "Salary|Leaving Reason|Effective Start Date|Effective End Date")
HISTORY = HISTORY_HEADER + """
P1|A1|HIRE|Permanent|1|Alpha|30000||01/01/2024|31/05/2024
P1|A1|PAY CHANGE|Permanent|1|Alpha|31500||01/06/2024|31/03/2025
P1|A1|PROMOTION|Permanent|1|Beta|36000||01/04/2025|31/12/4712
P2|A2|HIRE|Permanent|0.5|Alpha|30000||01/02/2024|30/06/2025
P2|A2|TERMINATION|Permanent|0.5|Alpha|30000|Resignation|01/07/2025|31/12/4712
P3|A3|HIRE|Permanent|1|Beta|32000||01/03/2024|31/10/2024
P3|A3|TERMINATION|Permanent|1|Beta|32000|Retirement|01/11/2024|31/12/4712
P3|A3|REHIRE|Permanent|1|Beta|32000||01/05/2025|31/12/4712
P4|A4|HIRE|Permanent|0.8|Alpha|30000||01/01/2025|31/12/4712
P4|A4|ASSIGNMENT CHANGE|Permanent|1|Alpha|30000||01/01/2025|31/12/4712
"""

HISTORY_SPELLS = [  # worker, start, end, team, fte, leaving_reason
    ("P1", "2024-01-01", "2025-03-31", "Alpha", 1.0, None),   # the pay change makes no spell
    ("P1", "2025-04-01", None, "Beta", 1.0, None),            # promotion: a new spell
    ("P2", "2024-02-01", "2025-06-30", "Alpha", 0.5, "resignation"),
    ("P3", "2024-03-01", "2024-10-31", "Beta", 1.0, "retirement"),
    ("P3", "2025-05-01", None, "Beta", 1.0, None),            # rehired: a new spell
    ("P4", "2025-01-01", None, "Alpha", 1.0, None),           # the later row of the day
]


def history_extract(tmp_path: Path) -> Extract:
    return read(tmp_path, HISTORY_MAPPING, **{"assignments.csv": HISTORY})


def test_history_versions_become_spells(tmp_path: Path) -> None:
    extract = history_extract(tmp_path)
    assert spells(extract, "team", "fte", "leaving_reason") == HISTORY_SPELLS
    assert set(values(extract, "employment_type")) == {"permanent"}
    assert extract.valid


def test_a_pay_change_continues_the_spell(tmp_path: Path) -> None:
    extract = history_extract(tmp_path)
    p1 = [spell for spell in spells(extract) if spell[0] == "P1"]
    assert p1 == [("P1", "2024-01-01", "2025-03-31"), ("P1", "2025-04-01", None)]


def test_history_versions_are_taken_in_order_of_effective_date(tmp_path: Path) -> None:
    # The same rows, the file upside down: the same spells, except that P4's two versions of
    # 1 Jan 2025 now come 1.0 first, so the later row (0.8) wins.
    upside_down = HISTORY_HEADER + "\n" + "\n".join(reversed(HISTORY.splitlines()[1:])) + "\n"
    extract = read(tmp_path, HISTORY_MAPPING, **{"assignments.csv": upside_down})
    expected = [*HISTORY_SPELLS[:-1], ("P4", "2025-01-01", None, "Alpha", 0.8, None)]
    assert spells(extract, "team", "fte", "leaving_reason") == expected


def test_the_history_warning_counts_rows_assignments_and_spells(tmp_path: Path) -> None:
    extract = history_extract(tmp_path)
    [summary] = coded(extract, "history")
    assert summary.severity == "warning"
    # 10 rows of 4 assignments made 6 spells, in that order.
    assert re.search(r"\b10\b\D+\b4\b\D+\b6\b", summary.message), summary.message
    assert coded(extract, "history-end-alone") == []


def test_an_ending_row_with_no_spell_open_is_a_warning(tmp_path: Path) -> None:
    extract = read(tmp_path, HISTORY_MAPPING, **{"assignments.csv": HISTORY_HEADER
        + "\nP1|A1|HIRE|Permanent|1|Alpha|30000||01/01/2024|31/12/4712\n"
        "P5|A5|TERMINATION|Permanent|1|Alpha|30000|Resignation|01/02/2025|31/12/4712\n"})
    [alone] = coded(extract, "history-end-alone")
    assert alone.severity == "warning"
    assert alone.row == 3
    assert spells(extract) == [("P1", "2024-01-01", None)]


def test_history_without_an_action_ends_versions_by_their_own_end_dates(
        tmp_path: Path) -> None:
    # key defaults to worker_id. Two versions with nothing changed are one spell, ending on
    # the later one's own end date; a team change opens a new spell.
    extract = read(
        tmp_path,
        "workers:\n  file: versions.csv\n  columns: {team: Team}\n  history: {}\n",
        **{"versions.csv": "worker_id,employment_type,fte,Team,start_date,end_date\n"
                           "w1,permanent,1,Alpha,2024-01-01,2024-06-30\n"
                           "w1,permanent,1,Alpha,2024-07-01,2025-02-28\n"
                           "w2,permanent,1,Alpha,2024-01-01,2024-12-31\n"
                           "w2,permanent,1,Beta,2025-01-01,9999-12-31\n"})
    assert spells(extract, "team") == [
        ("w1", "2024-01-01", "2025-02-28", "Alpha"),
        ("w2", "2024-01-01", "2024-12-31", "Alpha"),
        ("w2", "2025-01-01", None, "Beta")]


def test_a_version_ended_by_its_own_date_and_a_later_one_after_a_gap_are_two_spells(
        tmp_path: Path) -> None:
    # w1's first version ends on 30 Jun 2024; the next takes effect on 1 Sep 2024, so it does
    # not continue it. w2's ending row of 1 Jan 2025 closes the spell on 31 Dec 2024.
    extract = read(
        tmp_path,
        "workers:\n  file: v.csv\n  columns: {team: Team}\n"
        "  history: {action: Action, end_actions: [TERM]}\n",
        **{"v.csv": "worker_id,Action,employment_type,fte,Team,start_date,end_date\n"
                    "w1,HIRE,permanent,1,Alpha,2024-01-01,2024-06-30\n"
                    "w1,CHANGE,permanent,1,Alpha,2024-09-01,\n"
                    "w2,HIRE,permanent,1,Alpha,2024-01-01,\n"
                    "w2,TERM,permanent,1,Alpha,2025-01-01,\n"})
    assert spells(extract, "team") == [
        ("w1", "2024-01-01", "2024-06-30", "Alpha"),
        ("w1", "2024-09-01", None, "Alpha"),
        ("w2", "2024-01-01", "2024-12-31", "Alpha")]
    [summary] = coded(extract, "history")
    assert re.search(r"\b4\b\D+\b2\b\D+\b3\b", summary.message), summary.message


def report_json(capsys: pytest.CaptureFixture[str], tmp_path: Path, method: str) -> dict:
    data, mapping = setup(tmp_path, HISTORY_MAPPING, **{"assignments.csv": HISTORY})
    code, out, err = cli(capsys, "report", str(data), "--mapping", str(mapping),
                         "--as-at", "2025-09-30", "--method", method, "--format", "json")
    assert code == 0, err
    return json.loads(out)


def test_a_promotion_is_no_leaver_and_no_starter(
        tmp_path: Path, capsys: pytest.CaptureFixture[str]) -> None:
    # R = 30 Sep 2025, window 1 Oct 2024 to 30 Sep 2025, opening date 30 Sep 2024.
    # Leavers: P2 (30 Jun 2025, 0.5) and P3 (31 Oct 2024, 1.0); P1's Alpha spell ending on
    # 31 Mar 2025 is a move (Beta starts the next day). Starters: P3's rehire (1 May 2025,
    # 7 months after: no move) and P4 (1 Jan 2025); P1's Beta spell is a move.
    # In post at R: P1 (Beta 1.0), P3 (1.0), P4 (1.0).
    kpis = report_json(capsys, tmp_path, "dfe")["kpis"]
    assert kpis["leavers_headcount"]["value"] == 2
    assert kpis["leavers_fte"]["value"] == pytest.approx(1.5)
    assert kpis["starters_headcount"]["value"] == 2
    assert kpis["starters_fte"]["value"] == pytest.approx(2.0)
    assert kpis["inpost_headcount"]["value"] == 3
    assert kpis["inpost_fte"]["value"] == pytest.approx(3.0)
    assert kpis["leavers_headcount"]["set_aside"].get("moved-post") == 1
    assert kpis["starters_headcount"]["set_aside"].get("moved-post") == 1


def test_a_promotion_is_unbroken_service_in_the_stability_index(
        tmp_path: Path, capsys: pytest.CaptureFixture[str]) -> None:
    # In post at the opening date (30 Sep 2024): P1, P2, P3. Still there at R without leaving:
    # P1 only (promoted: unbroken); P2 left; P3 left and came back. 1 / 3.
    # CIPD turnover: leavers P2, P3 over ((3 + 3) / 2): 2 / 3.
    kpis = report_json(capsys, tmp_path, "lg")["kpis"]
    assert kpis["stability_index"]["value"] == pytest.approx(100 / 3)
    assert kpis["turnover_rate_headcount"]["value"] == pytest.approx(200 / 3)


# ------------------------------------------------------------------------------ unmapped-label


UNMAPPED = """\
worker_id,employment_type,fte,start_date,Registered
a,Perm,1,2024-01-01,Registered
b,permanent,1,2024-01-01,Yes
c,Agncy,1,2024-01-01,No
d,Perm,1,2024-01-01,Registered
e,Perm,1,2024-01-01,Unregistered
"""


def test_one_unmapped_label_summary_per_label_before_the_row_errors(tmp_path: Path) -> None:
    extract = read(tmp_path,
                   STAFF + "  columns: {qualified_social_worker: Registered}\n"
                   "  values:\n    employment_type:\n      agency: [Locum]\n",
                   **{"staff.csv": UNMAPPED})
    summaries = coded(extract, "unmapped-label")
    by_label = {issue.value: issue for issue in summaries}
    assert sorted(by_label) == ["Agncy", "Perm", "Registered", "Unregistered"]
    assert all(issue.row is None and issue.severity == "warning" for issue in summaries)
    perm, agncy = by_label["Perm"], by_label["Agncy"]
    assert re.search(r"\b3 rows\b", perm.message) and "permanent" in perm.message
    assert re.search(r"\b1 row\b", agncy.message) and "agency" in agncy.message
    assert re.search(r"\b2 rows\b", by_label["Registered"].message)
    assert re.search(r"\b1 row\b", by_label["Unregistered"].message)
    # Messages never hold the label itself.
    assert not any(issue.value in issue.message for issue in summaries)
    # Each row holding an unmapped label is an error of its own, listed after the summaries.
    rows = [issue for issue in extract.issues if issue.severity == "error"]
    assert sorted((i.row, i.column) for i in rows) == [
        (2, "Registered"), (2, "employment_type"), (4, "employment_type"),
        (5, "Registered"), (5, "employment_type"), (6, "Registered"),
        (6, "employment_type")]
    last_summary = max(extract.issues.index(issue) for issue in summaries)
    first_row_error = min(extract.issues.index(issue) for issue in rows)
    assert last_summary < first_row_error


def test_redact_leaves_the_unmapped_label_out(
        tmp_path: Path, capsys: pytest.CaptureFixture[str]) -> None:
    data, mapping = setup(tmp_path, STAFF, **{"staff.csv": UNMAPPED})
    code, out, _ = cli(capsys, "validate", str(data), "--mapping", str(mapping),
                       "--format", "json")
    assert code == 3
    plain = [i for i in json.loads(out)["issues"] if i["code"] == "unmapped-label"]
    assert sorted(i["value"] for i in plain) == ["Agncy", "Perm"]
    code, out, _ = cli(capsys, "validate", str(data), "--mapping", str(mapping),
                       "--format", "json", "--redact")
    assert code == 3
    redacted = [i for i in json.loads(out)["issues"] if i["code"] == "unmapped-label"]
    assert [i["value"] for i in redacted] == [None, None]
    assert "Agncy" not in out


# ------------------------------------------------------------------------------ mapping errors


def test_an_unknown_key_in_a_column_spec_suggests_the_right_one(tmp_path: Path) -> None:
    message, mapping = config_error(
        tmp_path,
        "workers:\n  file: staff.csv\n  columns:\n"
        "    start_date: {hedaer: Start}\n")                                   # line 4
    assert str(mapping) in message
    assert "line 4" in message
    assert "'hedaer'" in message and "did you mean 'header'?" in message


def test_an_unknown_key_in_history_suggests_the_right_one(tmp_path: Path) -> None:
    message, mapping = config_error(
        tmp_path,
        "workers:\n"                                   # 1
        "  file: staff.csv\n"                          # 2
        "  history:\n"                                 # 3
        "    key: Assignment Number\n"                 # 4
        "    actoin: Action\n")                        # 5
    assert str(mapping) in message
    assert "line 5" in message
    assert "'actoin'" in message and "did you mean 'action'?" in message


def test_an_unknown_key_in_history_is_the_only_problem_named(tmp_path: Path) -> None:
    message, _ = config_error(
        tmp_path,
        "workers:\n  file: staff.csv\n  history:\n    key: Assignment Number\n"
        "    actoin: Action\n")
    problems = message.splitlines()[1:]
    assert len(problems) == 1, problems
    assert "actoin" in problems[0]


@pytest.mark.parametrize("column", ["fte", "team"])
def test_a_format_on_a_column_that_is_not_a_date(tmp_path: Path, column: str) -> None:
    message, mapping = config_error(
        tmp_path,
        STAFF + f"  columns:\n    {column}: {{header: X, format: \"%Y/%m/%d\"}}\n")  # line 4
    assert str(mapping) in message
    assert "line 4" in message
    assert f"workers.columns.{column}" in message
    assert "format" in message


# ------------------------------------------------------------------------------ where the code
# and docs/validation.md or docs/mappings.md part


def test_a_yes_no_unmapped_label_names_the_closest_value(tmp_path: Path) -> None:
    extract = read(tmp_path, STAFF,
                   **{"staff.csv": "worker_id,employment_type,fte,start_date,"
                                   "qualified_social_worker\n"
                                   "a,permanent,1,2024-01-01,Yess\n"})
    [summary] = coded(extract, "unmapped-label")
    assert "closest value: true" in summary.message


def test_an_unmapped_label_in_several_files_is_one_summary_per_file(tmp_path: Path) -> None:
    extract = read(
        tmp_path, "workers:\n  file: \"staff*.csv\"\n",
        **{"staff1.csv": "worker_id,employment_type,fte,start_date\n"
                         "a,Perm,1,2024-01-01\nb,Perm,1,2024-01-01\n",
           "staff2.csv": "worker_id,employment_type,fte,start_date\nc,Perm,1,2024-01-01\n"})
    summaries = coded(extract, "unmapped-label")  # docs/validation.md: once per file and label
    assert [(Path(i.file).name, i.value) for i in summaries] == [("staff1.csv", "Perm"),
                                                                 ("staff2.csv", "Perm")]
    assert re.search(r"\b2 rows\b", summaries[0].message)
    assert re.search(r"\b1 row\b", summaries[1].message)


def test_a_table_where_under_files_names_its_own_line(tmp_path: Path) -> None:
    extract = read(
        tmp_path,
        "workers:\n"                                   # 1
        "  files:\n"                                   # 2
        "    - file: s1.csv\n"                         # 3
        "    - file: s2.csv\n"                         # 4
        "      skip: {worker_id: \"^T\"}\n"            # 5
        "  where: {Kind: [E]}\n",                      # 6
        **{"s1.csv": "worker_id,Kind,employment_type,fte,start_date\n"
                     "a,E,permanent,1,2024-01-01\nb,X,permanent,1,2024-01-01\n",
           "s2.csv": "worker_id,Kind,employment_type,fte,start_date\n"
                     "T1,E,permanent,1,2024-01-01\nc,X,permanent,1,2024-01-01\n"
                     "d,E,permanent,1,2024-01-01\n"})
    assert values(extract, "worker_id") == ["a", "d"]
    # One warning per file is fine; each must give the line of the key that left rows out.
    assert sorted(filtered_counts(extract)) == [(1, 5), (1, 6), (1, 6)]


# ------------------------------------------------------------------------------ found on review


def test_an_impossible_date_in_the_formats_shape_is_the_datas_mistake(tmp_path: Path) -> None:
    # One row whose date has the format's shape but is no real date: a row error, not a
    # mapping error, however few the dates.
    extract = read(
        tmp_path,
        STAFF + "  columns:\n    start_date: {header: Start, format: \"%Y/%m/%d\"}\n",
        **{"staff.csv": "worker_id,employment_type,fte,Start\na,permanent,1,2024/13/01\n"})
    [issue] = extract.issues
    assert (issue.code, issue.row, issue.column) == ("bad-date", 2, "Start")
    assert issue.message == ("start_date: not a real date, though written as the mapping's "
                             "'%Y/%m/%d'")


def test_a_version_with_a_blank_assignment_key_is_set_aside_not_made_a_spell(
        tmp_path: Path) -> None:
    extract = read(
        tmp_path,
        STAFF + "  history: {key: Assignment, action: Action, end_actions: [TERMINATION]}\n",
        **{"staff.csv": "worker_id,employment_type,fte,start_date,Assignment,Action\n"
                        "a,permanent,1,2024-01-01,A1,HIRE\n"
                        "a,permanent,1,2025-03-01,,TERMINATION\n"})
    blank = [i for i in extract.issues if i.code == "required"]
    assert [(i.row, i.column) for i in blank] == [(3, "Assignment")]
    assert values(extract, "worker_id") == ["a"]  # one spell, still open: the ending row
    assert "end_date" not in extract.tables["workers"]  # was set aside, with its error


def test_the_latest_versions_own_end_governs_a_continued_spell(tmp_path: Path) -> None:
    extract = read(
        tmp_path,
        STAFF + "  history: {key: Assignment}\n",
        **{"staff.csv": "worker_id,employment_type,fte,start_date,end_date,Assignment\n"
                        "a,permanent,1,2025-01-01,,H1\n"
                        "a,permanent,1,2025-03-01,2025-06-30,H1\n"})
    assert dates(extract, "start_date") == ["2025-01-01"]
    assert dates(extract, "end_date") == ["2025-06-30"]
