"""Running unattended: --output placeholders, --quiet, --verbose (never personal data), the
progress bar, and the exit codes documented in `wfkpi --help` and the README."""

from __future__ import annotations

import json
import re
import sys
from pathlib import Path

import pytest

ROOT = Path(__file__).resolve().parents[2]
PETERBOROUGH = str(ROOT / "sample_data" / "peterborough")

# One red target on report_small (caseload 12.0 against at most 10).
TARGETS = """schema_version: 1
councils:
  testshire:
    name: Testshire Council
    document: testshire.txt
    dfe_area: Lambeth
    strategy_period: {text: 2025 to 2026}
    targets:
    - id: caseload_at_most_10
      kpi: caseload_fte
      method: dfe
      scope: null
      comparison: "<="
      value: 10
      unit: cases
      due: 2026-03-31
      amber: null
      measurable: true
      source: {document: testshire.txt, section: Aims, quote: "the words, quoted"}
"""


@pytest.fixture
def targets_file(tmp_path: Path) -> str:
    path = tmp_path / "targets.yaml"
    path.write_text(TARGETS, encoding="utf-8")
    return str(path)


# ------------------------------------------------------------------- --output placeholders

def test_placeholders_are_filled_in_and_folders_made(wfkpi, tmp_path) -> None:
    template = str(tmp_path / "out" / "{method}" / "report-{as_at}.{format}")
    result = wfkpi("report", "report_small", "--format", "json", "--output", template)
    assert (result.code, result.out, result.err) == (0, "", "")
    written = tmp_path / "out" / "dfe" / "report-2025-09-30.json"
    assert [p.name for p in written.parent.iterdir()] == [written.name]  # no temp file left
    printed = wfkpi("report", "report_small", "--format", "json").out
    assert written.read_text(encoding="utf-8") == printed


def test_a_scorecard_named_after_its_council_and_date(wfkpi, tmp_path) -> None:
    template = str(tmp_path / "scorecards" / "{council}-{as_at}.xlsx")
    result = wfkpi("report", PETERBOROUGH, "--council", "peterborough", "--format", "xlsx",
                   "--output", template)
    assert (result.code, result.out, result.err) == (0, "", "")
    written = tmp_path / "scorecards" / "peterborough-2025-09-30.xlsx"
    assert written.read_bytes()[:2] == b"PK"  # a workbook is a zip file


def test_doubled_braces_are_literal(wfkpi, tmp_path) -> None:
    result = wfkpi("report", "report_small", "-f", "json", "-o",
                   str(tmp_path / "{{as_at}}-{as_at}.json"))
    assert result.code == 0
    assert [p.name for p in tmp_path.iterdir()] == ["{as_at}-2025-09-30.json"]


@pytest.mark.parametrize(
    ("args", "output", "message"),
    [
        ([], "{counci}.json", "--output '{counci}.json': unknown placeholder {counci}; the "
         "placeholders are {council}, {as_at}, {method}, {format}"),
        ([], "{as_at:%Y}.json", "--output '{as_at:%Y}.json': unknown placeholder {as_at:%Y}; "
         "the placeholders are {council}, {as_at}, {method}, {format}"),
        ([], "{council}.json", "--output '{council}.json': {council} has no value without "
         "--council"),
        (["--council", "peterborough"], "{method}.json", "--output '{method}.json': {method} "
         "has no value with --council (each target has its own method)"),
        ([], "report-{as_at.json", "--output 'report-{as_at.json': expected '}' before end of "
         "string; write {{ or }} for a literal brace"),
    ],
)
def test_a_bad_placeholder_exits_2_before_reading_anything(wfkpi, args, output,
                                                           message) -> None:
    # The path does not exist: the placeholder is checked first.
    result = wfkpi("report", "no_such_folder", *args, "--output", output)
    assert (result.code, result.out, result.err) == (2, "", f"error: {message}\n")


def test_an_output_that_cannot_be_written_exits_2(wfkpi, tmp_path) -> None:
    (tmp_path / "file").write_text("", encoding="utf-8")
    target = tmp_path / "file" / "report.json"
    result = wfkpi("report", "report_small", "-f", "json", "-o", str(target))
    assert (result.code, result.out) == (2, "")
    assert result.err == f"error: cannot write {target}: {tmp_path / 'file'} is not a folder\n"


# ------------------------------------------------------------------------------ --quiet

def test_quiet_prints_nothing_on_success(wfkpi, tmp_path) -> None:
    target = tmp_path / "report.json"
    for args in (["--output", str(target), "--format", "json"], []):
        result = wfkpi("report", "report_small", "--quiet", *args)
        assert (result.code, result.out, result.err) == (0, "", "")
    assert json.loads(target.read_text(encoding="utf-8"))["kpis"]["cases"]["value"] == 30
    result = wfkpi("validate", "clean", "-q")
    assert (result.code, result.out, result.err) == (0, "", "")


def test_quiet_still_fails_on_stderr_with_the_exit_code(wfkpi, targets_file) -> None:
    invalid = wfkpi("report", "cross_row", "--as-at", "2025-09-30", "--quiet")
    assert (invalid.code, invalid.out) == (3, "")
    assert invalid.err == ("error: the input has 5 error(s); its figures leave out the rows set "
                           "aside. `wfkpi validate` lists them.\n")
    missed = wfkpi("report", "report_small", "--council", "testshire", "--targets",
                   targets_file, "--fail-on", "red", "--quiet")
    assert (missed.code, missed.out) == (1, "")
    assert missed.err == "error: 1 target missed (--fail-on red): caseload_at_most_10\n"
    validate = wfkpi("validate", "cross_row", "--quiet")
    assert (validate.code, validate.out) == (3, "")
    assert validate.err == (
        "error: cross_row is INVALID: 5 error(s), 3 warning(s) (above-expected 1, blank-value 1, "
        "duplicate-spell 1, end-before-start 2, out-of-range 2, reason-without-end 1); `wfkpi "
        "validate` without --quiet lists them\n")
    usage = wfkpi("report", "no_such_folder", "--quiet")
    assert (usage.code, usage.out, usage.err) == (
        2, "", "error: No such file or folder: no_such_folder\n")


def test_invalid_figures_written_to_a_file_say_where(wfkpi, tmp_path) -> None:
    target = tmp_path / "report.json"
    result = wfkpi("report", "cross_row", "--as-at", "2025-09-30", "-f", "json", "-o",
                   str(target))
    assert result.code == 3
    assert result.err.startswith(f"error: the input has 5 error(s); the figures in {target} "
                                 "leave out the rows set aside.")
    assert json.loads(target.read_text())["data_quality"]["input"]["verdict"] == "INVALID"


@pytest.mark.parametrize(("first", "second"), [("--quiet", "--verbose"), ("-v", "-q")])
def test_quiet_and_verbose_together_are_refused(wfkpi, first, second) -> None:
    import logging

    result = wfkpi("report", "report_small", first, second)
    assert (result.code, result.out) == (2, "")
    option = "'--verbose' / '-v'" if second == "--verbose" else "'--quiet' / '-q'"
    assert result.err.splitlines()[-1] == (
        f"Error: Invalid value for {option}: --quiet and --verbose ask for opposite things: "
        "choose one")
    assert logging.getLogger("wfkpi").handlers == []


# ---------------------------------------------------------------------------- --verbose

IDS = ["ZQX-PERSON-0001", "ZQX-PERSON-0002", "ZQX-PERSON-0003", "ZQX-PERSON-0004"]
NAMES = ["Zebedee Quartermaine", "Yolanda Pemberton-Vex", "Xavier Oddington",
         "Wilhelmina Nutbrook"]


@pytest.fixture
def identified(tmp_path: Path) -> Path:
    """An extract whose worker ids and names could not appear anywhere by chance."""
    folder = tmp_path / "extract"
    folder.mkdir()
    rows = [
        "permanent,1,2020-01-06,,,Social Worker,5,yes,Alpha,12",
        "permanent,0.5,2025-01-15,,,Social Worker,5,yes,Alpha,8",
        "permanent,1,2019-05-01,2025-03-31,resignation,Social Worker,5,yes,Beta,",
        "agency,1,2024-11-01,,,Social Worker,5,yes,Beta,10",
    ]
    (folder / "workers.csv").write_text(
        "worker_id,full_name,employment_type,fte,start_date,end_date,leaving_reason,role,"
        "org_role,qualified_social_worker,team,cases\n"
        + "".join(f"{i},{n},{row}\n" for i, n, row in zip(IDS, NAMES, rows, strict=True)),
        encoding="utf-8")
    (folder / "absences.csv").write_text(
        "worker_id,start_date,end_date,reason\n"
        f"{IDS[0]},2025-09-29,2025-09-30,sickness\n{IDS[3]},2025-06-02,2025-06-02,sickness\n",
        encoding="utf-8")
    return folder


def test_verbose_logs_what_was_done_and_never_an_id_or_name(wfkpi, identified,
                                                            tmp_path) -> None:
    snap = tmp_path / "snap.json"
    runs = {
        "report": wfkpi("report", str(identified), "--as-at", "2025-09-30", "--verbose"),
        "report json": wfkpi("report", str(identified), "--as-at", "2025-09-30", "-f", "json",
                             "-v"),
        "validate": wfkpi("validate", str(identified), "--verbose"),
        "check": wfkpi("check", str(identified), "--as-at", "2025-09-30", "--expected",
                       str(snap), "--update", "--verbose"),
    }
    for name, result in runs.items():
        assert result.code == 0, name
        log = [re.sub(r"^\S+ ", "", line) for line in result.err.splitlines()]  # no timestamp
        assert f"INFO wfkpi.cli: reading {identified / 'workers.csv'} (file 1 of 2)" in log, name
        assert f"INFO wfkpi.cli: workers: {identified / 'workers.csv'}, 4 rows, 0 set aside" \
            in log, name
        assert "INFO wfkpi.cli: input VALID: 0 errors, 0 warnings" in log, name
        for secret in IDS + NAMES + ["ZQX", "Zebedee"]:
            assert secret not in result.out + result.err, (name, secret)
    log = runs["report"].err
    assert "INFO wfkpi.cli: reference date 2025-09-30 (given)" in log
    assert re.search(r"INFO wfkpi\.engine\.report: method dfe at 2025-09-30, scope everyone: "
                     r"22 KPIs from 4 worker rows \(0 outside the window\); set aside at most: "
                     r"absence-not-directly-employed 1; \d+\.\d\d s\n", log)
    assert runs["check"].err.count("wfkpi.engine.report: method ") == 3
    assert "ZQX" not in snap.read_text(encoding="utf-8")


def test_without_verbose_nothing_is_logged(wfkpi, identified) -> None:
    result = wfkpi("report", str(identified), "--as-at", "2025-09-30")
    assert (result.code, result.err) == (0, "")
    import logging

    assert logging.getLogger("wfkpi").handlers == []  # --verbose's handler went with its run


# ----------------------------------------------------------------------------- progress

def test_a_progress_bar_on_a_terminal_unless_quiet(wfkpi, monkeypatch) -> None:
    from wfkpi.cli import common

    monkeypatch.setattr(common, "MANY_FILES", 1)  # report_small's three files are "many"
    monkeypatch.setattr(sys.stderr, "isatty", lambda: True, raising=False)
    shown = wfkpi("report", "report_small", "-f", "json")
    assert shown.code == 0
    assert "read 3 files" in shown.err
    assert "3/3" in shown.err
    assert json.loads(shown.out)["kpis"]["cases"]["value"] == 30  # stdout untouched
    quiet = wfkpi("report", "report_small", "-f", "json", "-o", "/dev/null", "--quiet")
    assert (quiet.code, quiet.err) == (0, "")


def test_no_progress_bar_when_stderr_is_not_a_terminal(wfkpi, monkeypatch) -> None:
    from wfkpi.cli import common

    monkeypatch.setattr(common, "MANY_FILES", 1)
    result = wfkpi("validate", "clean")
    assert (result.code, result.err) == (0, "")


# --------------------------------------------------------------------------- exit codes

def exit_codes(text: str) -> list[str]:
    return re.findall(r"(?<![\w-])(\d+) ", text)


def test_help_and_readme_document_every_exit_code(wfkpi) -> None:
    from wfkpi.cli import EXIT_CODES

    codes = exit_codes(EXIT_CODES)
    assert codes == ["0", "1", "2", "3", "70", "130", "141"]
    help_text = " ".join(wfkpi("--help").out.split())
    assert " ".join(EXIT_CODES.split()) in help_text
    readme = (ROOT / "README.md").read_text(encoding="utf-8")
    paragraph = " ".join(readme.split("Exit codes: ", 1)[1].split("\n\n", 1)[0].split())
    assert re.findall(r"\*\*(\d+)\*\*", paragraph) == codes
    assert "snapshot" in paragraph
