"""What the shared options and the exit codes do, once for every command that takes them.

Each table below names the commands it runs; ``test_each_table_covers_every_command_that_takes_
its_option`` reads ``wfkpi COMMAND --help`` and fails when a command gains or loses a shared
option that its table does not follow.

================  ======  ==========  =====  ========  =====  ======  ======  ====  =====
option            report  report      trend  validate  check  export  sample  rest  wfkpi
                          --council                           csww    (1)
================  ======  ==========  =====  ========  =====  ======  ======  ====  =====
--quiet           yes     yes         yes    yes       yes    yes     yes
--verbose         yes     yes         yes    yes       yes    yes     yes
progress bar      yes     yes         yes    yes       yes
--output          yes     yes         yes                     yes     (2)
  - (stdout)      yes     yes         yes                     yes     (2)
  placeholders    yes     yes         yes
PATH - (stdin)    yes     yes                yes       yes    yes
exit 0            yes     yes         yes    yes       yes    yes     yes     yes
exit 1                    yes                          yes    yes
exit 2            yes     yes         yes    yes       yes    yes     yes     yes
exit 3            yes                 yes    yes       yes    yes
exit 70                                      yes                                    yes
================  ======  ==========  =====  ========  =====  ======  ======  ====  =====

(1) ``sample``, ``map`` and ``mappings``; (2) ``map`` and ``mappings``. "rest" is
``targets``, ``councils``, ``schema`` and ``docs``, which take neither --quiet nor --verbose;
"wfkpi" the program's own ``--help``, ``--version`` and ``--debug``. Pipes and signals (exit
130, 141) are tested with real processes in test_cli_signals.py.
"""

from __future__ import annotations

import io
import logging
import re
import shutil
import sys
import zipfile
from collections.abc import Callable
from functools import cached_property
from pathlib import Path

import pytest
from test_cli_export import ANSWERS  # the 2025 return's answers
from test_cli_scorecard import TARGETS as TESTSHIRE  # its header, no targets yet

from wfkpi import __version__
from wfkpi.cli import common, run

ROOT = Path(__file__).resolve().parents[2]
FIXTURES = ROOT / "tests" / "fixtures"
COMMANDS = ("report", "trend", "explain", "validate", "check", "export csww", "targets",
            "councils", "peers", "sample", "schema", "map", "mappings", "docs")
LOGGED = {"report", "trend", "explain", "validate", "check", "export csww", "peers", "sample",
          "map", "mappings"}
TAKES = {  # who takes each shared option, as their --help lists them
    "--quiet": LOGGED,  # targets, councils and schema print their answer and nothing else
    "--verbose": LOGGED,
    "--output": {"report", "trend", "explain", "export csww", "peers", "map", "mappings"},
}
PROGRESS_BAR = {"report", "trend", "explain", "validate", "check"}  # those that read many files
PLACEHOLDERS = {"report", "trend", "explain", "peers"}  # their --output fill in {as_at}, ...

# One red target on report_small (caseload 12.0 against at most 10).
TARGETS = TESTSHIRE + """    - id: caseload_at_most_10
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
# An extract whose worker ids and names could not appear anywhere by chance.
IDS = ["ZQX-PERSON-0001", "ZQX-PERSON-0002", "ZQX-PERSON-0003", "ZQX-PERSON-0004"]
NAMES = ["Zebedee Quartermaine", "Yolanda Pemberton-Vex", "Xavier Oddington",
         "Wilhelmina Nutbrook"]
SECRETS = [*IDS, *NAMES, "ZQX", "Zebedee"]
INVALID = ("error: the input has 5 error(s); {} leave out the rows set aside. `wfkpi validate` "
           "lists them.\n")
# explain reads the tables of its one KPI: turnover_rate_fte leaves cross_row's absences unread,
# and its error with them
EXPLAIN_INVALID = INVALID.replace("5 error(s)", "4 error(s)")


class Inputs:
    """The inputs the tables run on, each made in the test's own folder when first asked for."""

    def __init__(self, tmp: Path) -> None:
        self.tmp = tmp

    def _months(self, name: str, source: Path, months: tuple[str, ...]) -> str:
        for month in months:
            shutil.copytree(source, self.tmp / name / month)
        return str(self.tmp / name)

    @cached_property
    def targets(self) -> str:
        """Testshire's targets: caseload_at_most_10, red on report_small."""
        path = self.tmp / "targets.yaml"
        path.write_text(TARGETS, encoding="utf-8")
        return str(path)

    @cached_property
    def months(self) -> str:
        """report_small as the extracts of Aug and Sep 2025."""
        return self._months("months", FIXTURES / "report_small", ("2025-08", "2025-09"))

    @cached_property
    def bad_months(self) -> str:
        """cross_row (5 errors) as the extract of Sep 2025."""
        return self._months("bad_months", FIXTURES / "cross_row", ("2025-09",))

    @cached_property
    def snapshot(self) -> str:
        """report_small's snapshot at 30 Sep 2025."""
        path = self.tmp / "snapshot.json"
        assert run(["check", "report_small", "--expected", str(path), "--update", "-q"]) == 0
        return str(path)

    @cached_property
    def hr(self) -> str:
        """Two social workers, one of them agency, and a vacancy: a valid census return."""
        folder = self.tmp / "hr"
        folder.mkdir()
        (folder / "workers.csv").write_text("worker_id,employment_type,fte,start_date\n"
                                            "SW1001,permanent,1,2020-01-01\n"
                                            "SW1002,agency,1,2024-01-01\n", encoding="utf-8")
        (folder / "vacancies.csv").write_text("vacancy_fte,agency_cover_fte,as_at\n"
                                              "1,0,2025-09-30\n", encoding="utf-8")
        return str(folder)

    @cached_property
    def bad_hr(self) -> str:
        """``hr`` with an impossible start date on the agency worker's row."""
        folder = Path(shutil.copytree(self.hr, self.tmp / "bad_hr"))
        workers = folder / "workers.csv"
        workers.write_text(workers.read_text().replace("2024-01-01", "31/02/2024"))
        return str(folder)

    @cached_property
    def broken_targets(self) -> str:
        path = self.tmp / "broken.yaml"
        path.write_text("schema_version: 1\n", encoding="utf-8")
        return str(path)

    @cached_property
    def answers(self) -> str:
        path = self.tmp / "answers.yaml"
        path.write_text(ANSWERS, encoding="utf-8")
        return str(path)

    @cached_property
    def identified(self) -> Path:
        """Four people with ids and names, in post and leaving, with two sickness absences."""
        folder = self.tmp / "extract"
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

    @cached_property
    def identified_months(self) -> str:
        return self._months("identified_months", self.identified, ("2025-08", "2025-09"))


@pytest.fixture
def given(tmp_path: Path) -> Inputs:
    return Inputs(tmp_path)


Args = Callable[[Inputs], list[str]]


def judged(given: Inputs) -> list[str]:
    """The options that judge a run against Testshire's targets."""
    return ["--council", "testshire", "--targets", given.targets]


def flat(text: str) -> str:
    return " ".join(text.split())


def help_options(wfkpi, command: str) -> set[str]:
    """The long options ``wfkpi COMMAND --help`` lists."""
    result = wfkpi(*command.split(), "--help")
    assert result.code == 0
    return set(re.findall(r"^  (?:-\w, )?(--[\w-]+)", result.out, re.MULTILINE))


# ---------------------------------------------------------------------------- the tables

def test_each_table_covers_every_command_that_takes_its_option(wfkpi) -> None:
    for command in COMMANDS:
        options = help_options(wfkpi, command)
        for option, commands in TAKES.items():
            assert (option in options) == (command in commands), (command, option)
    tables = [(QUIET_SUCCEEDS, TAKES["--quiet"]), (QUIET_FAILS, TAKES["--quiet"]),
              (VERBOSE, TAKES["--verbose"]), (PROGRESS, PROGRESS_BAR),
              (WRITTEN, TAKES["--output"]), (UNWRITABLE, TAKES["--output"]),
              (PLACED, PLACEHOLDERS), (EXITS, set(COMMANDS))]
    for table, commands in tables:
        assert {_command(row[0]) for row in table} == commands, table[0][0]


def _command(case: str) -> str:
    """The command a table row runs: "export csww to fill in" -> "export csww"."""
    return next(c for c in sorted(COMMANDS, key=len, reverse=True) if case.startswith(c))


def test_the_output_of_each_command_says_whether_it_takes_placeholders(wfkpi) -> None:
    for command in TAKES["--output"]:
        text = flat(wfkpi(*command.split(), "--help").out)
        assert ("{as_at}" in text) == (command in PLACEHOLDERS), command


# ----------------------------------------------------------------------------- exit codes

EXIT_CODES = (
    "Exit codes: 0 success (data valid, warnings allowed); 1 a target missed with --fail-on, "
    "a KPI figure moved from its snapshot (check), or a census return written that needs "
    "filling in before submission (export csww); 2 usage or configuration error (missing "
    "path, bad option, broken mapping, targets, scopes or snapshot file, output not writable); "
    "3 the data is invalid or unusable; 70 an internal error (run again with --debug for the "
    "traceback); 130 interrupted (Ctrl-C); 141 the output pipe closed early (e.g. into head); "
    "143 stopped by SIGTERM (a kill, a timeout), the output file left as it was."
)
NO_PATH = "error: No such file or folder: no_such_folder\n"
Err = str | Callable[[Inputs], str]

# (command and case, arguments, exit code, stderr exactly)
# What `wfkpi map` says on stderr, its summary, for the clean extract.
MAP_SAYS = ("Placed 22 of 22 headers; mapped 0 labels.\n"
            "  workers: workers.csv\n  vacancies: vacancies.csv\n  absences: absences.csv\n"
            "{save}wfkpi validate {path} --mapping {output}\n")
EXITS: list[tuple[str, Args, int, Err]] = [
    ("report", lambda g: ["report", "report_small"], 0, ""),
    ("report --council missed", lambda g: ["report", "report_small", *judged(g),
                                           "--fail-on", "red"],
     1, "error: 1 target missed (--fail-on red): caseload_at_most_10\n"),
    ("report no path", lambda g: ["report", "no_such_folder"], 2, NO_PATH),
    ("report invalid", lambda g: ["report", "cross_row", "--as-at", "2025-09-30"], 3,
     INVALID.format("the figures above")),
    ("report unusable", lambda g: ["report", "empty_file"], 3,
     "error: no usable workers table (empty_file/workers.csv: The file is empty); run "
     "`wfkpi validate` for details\n"),
    ("trend", lambda g: ["trend", g.months], 0, ""),
    ("trend no path", lambda g: ["trend", "no_such_folder"], 2, NO_PATH),
    ("trend invalid", lambda g: ["trend", g.bad_months], 3,
     "error: the input has errors in 2025-09 (5 errors); the figures above leave out the rows "
     "set aside. `wfkpi validate` on each month's extract lists them.\n"),
    ("validate", lambda g: ["validate", "clean"], 0, ""),
    ("validate no path", lambda g: ["validate", "no_such_folder"], 2, NO_PATH),
    ("explain", lambda g: ["explain", "report_small", "--kpi", "turnover_rate_fte"], 0, ""),
    ("peers", lambda g: ["peers", "--council", "lambeth_childrens"], 0, ""),
    ("peers unknown council", lambda g: ["peers", "--council", "nowhere"], 2,
     "error: unknown council 'nowhere' (configured with a DfE area: camden_childrens, "
     "cambridgeshire, peterborough, lambeth_childrens); see `wfkpi councils`\n"),
    ("explain invalid", lambda g: ["explain", "cross_row", "--kpi", "turnover_rate_fte",
                                   "--to", "2025-09-30"], 3,
     EXPLAIN_INVALID.format("the figures above")),
    ("explain a count", lambda g: ["explain", "report_small", "--kpi", "inpost_fte"], 2,
     "error: --kpi inpost_fte is a count, not a rate; explain splits the change of a rate: "
     "turnover_rate_fte, turnover_rate_headcount, agency_rate_fte, agency_rate_headcount, "
     "vacancy_rate_fte, agency_cover_rate_fte, vacancy_agency_cover_rate_fte, caseload_fte, "
     "absence_rate_fte\n"),
    ("validate invalid", lambda g: ["validate", "cross_row"], 3, ""),
    ("check", lambda g: ["check", "report_small", "--expected", g.snapshot], 0, ""),
    ("check moved", lambda g: ["check", "report_small", "--expected", g.snapshot, "--as-at",
                               "2025-08-31"], 1, ""),
    ("check no snapshot", lambda g: ["check", "no_such_folder", "--expected", f"{g.tmp}/no.json"],
     2, lambda g: f"error: {g.tmp}/no.json: no such snapshot file; write it with `wfkpi check "
     f"DATA --expected {g.tmp}/no.json --update`\n"),
    ("check invalid", lambda g: ["check", "cross_row", "--expected", g.snapshot, "--as-at",
                                 "2025-09-30"], 3,
     "error: the input has 5 error(s); its figures leave out the rows set aside, so the check "
     "fails. `wfkpi validate` lists them.\n"),
    ("export csww", lambda g: ["export", "csww", g.hr, "--year", "2025", "--la", "208", "-o",
                               f"{g.tmp}/census.xml", "--answers", g.answers], 0, ""),
    ("export csww to fill in", lambda g: ["export", "csww", g.hr, "--year", "2025", "--la", "208",
                                          "-o", f"{g.tmp}/census.xml"], 1, ""),
    ("export csww no path", lambda g: ["export", "csww", "no_such_folder", "--year", "2025",
                                       "--la", "208", "-o", f"{g.tmp}/census.xml"], 2, NO_PATH),
    ("export csww invalid", lambda g: ["export", "csww", g.bad_hr, "--year", "2025", "--la",
                                       "208", "-o", f"{g.tmp}/census.xml"], 3,
     lambda g: INVALID.replace("5 error(s)", "1 error(s)").format(
         f"the records in {g.tmp}/census.xml")),
    ("targets", lambda g: ["targets"], 0, ""),
    ("targets unknown council", lambda g: ["targets", "--council", "nowhere"], 2,
     "error: unknown council 'nowhere' (configured: camden_childrens, camden_asc, "
     "cambridgeshire, peterborough, lambeth_childrens)\n"),
    ("councils", lambda g: ["councils"], 0, ""),
    ("councils broken targets", lambda g: ["councils", "--targets", g.broken_targets], 2,
     lambda g: f"error: {g.broken_targets}: the targets file is not valid:\n  councils: Field "
     "required\n"),
    ("sample", lambda g: ["sample", "--council", "camden_childrens", "--seed", "2", "--out",
                          f"{g.tmp}/sample"], 0, ""),
    ("sample bad seed", lambda g: ["sample", "--council", "peterborough", "--seed", "-1",
                                   "--out", f"{g.tmp}/sample"], 2,
     "Usage: wfkpi sample [OPTIONS]\nTry 'wfkpi sample --help' for help.\n\nError: Invalid "
     "value for '--seed': Input should be greater than or equal to 0\n"),
    ("map", lambda g: ["map", "clean"], 0, MAP_SAYS.format(
        save="Save the draft (or use --output FILE), check it, then run: ", path="clean",
        output="FILE")),
    ("map no path", lambda g: ["map", "no_such_folder"], 2, NO_PATH),
    ("mappings", lambda g: ["mappings"], 0, ""),
    ("mappings unknown", lambda g: ["mappings", "itrent"], 2,
     "error: no mapping named 'itrent' is shipped (shipped: frappe-hr, oracle-hcm-hdl, "
     "oracle-hcm-otbi, successfactors-ec)\n"),
    ("schema", lambda g: ["schema"], 0, ""),
    ("docs", lambda g: ["docs"], 0, ""),
    ("docs unknown topic", lambda g: ["docs", "mapping"], 2,
     lambda g: "error: no documentation page named 'mapping'; the pages are "
     f"{', '.join(sorted(p.stem for p in (ROOT / 'docs').glob('*.md')))} (`wfkpi docs` lists "
     "them with their titles)\n"),
    ("schema unknown table", lambda g: ["schema", "staff"], 2,
     "Usage: wfkpi schema [OPTIONS] [table]\nTry 'wfkpi schema --help' for help.\n\nError: "
     "Invalid value for 'table': Value error, 'staff' is not one of 'workers', 'vacancies', "
     "'absences', 'training', 'appraisals', 'supervision', 'recruitment'.\n"),
]


@pytest.mark.parametrize(("args", "code", "err"), [row[1:] for row in EXITS],
                         ids=[row[0] for row in EXITS])
def test_exit_code(wfkpi, given: Inputs, args: Args, code: int, err: Err) -> None:
    """0 ok, 1 a target missed or a figure moved, 2 usage or configuration, 3 invalid data;
    a usage error prints nothing on stdout, a success its result."""
    result = wfkpi(*args(given))
    assert result.code == code
    assert result.err == (err(given) if callable(err) else err)
    if code in (0, 2):
        assert (result.out == "") == (code == 2)


def test_every_exit_code_is_documented_in_the_help_and_the_readme(wfkpi) -> None:
    codes = re.findall(r"(?<![\w-])(\d+) ", EXIT_CODES)
    assert codes == ["0", "1", "2", "3", "70", "130", "141", "143"]
    assert {str(code) for _, _, code, _ in EXITS} <= set(codes)
    result = wfkpi("--help")
    assert result.code == 0
    assert EXIT_CODES in flat(result.out)
    readme = (ROOT / "README.md").read_text(encoding="utf-8")
    table = readme.split("| exit code | meaning |", 1)[1].split("\n\n", 1)[0]
    assert re.findall(r"^\| \*\*(\d+)\*\* \|", table, re.MULTILINE) == codes
    assert "snapshot" in table and "export csww" in table


@pytest.mark.parametrize(("command", "sentence"), [
    ("report", "Exits 3 (after printing) when the input has errors, else 1 with --fail-on when "
     "a target is missed."),
    ("trend", "Exits 3 (after writing the trend) when the input of any month has errors."),
    ("validate", "Exits 0 when valid (warnings allowed), 3 when invalid, 2 on a usage or mapping "
     "error."),
    ("check", "Exits 0 when nothing moved (or with --update), 1 when something did, 2 when the "
     "snapshot is missing or malformed (write one with --update), 3 when the data is invalid."),
    ("export csww", "Exits 0 when it is, 1 when the file was written but needs filling in before "
     "submission, 3 when the extract has errors (the return is still written, from the rows "
     "that could be read) or is unusable."),
])
def test_each_command_with_its_own_exit_codes_states_them_in_its_help(wfkpi, command: str,
                                                                       sentence: str) -> None:
    result = wfkpi(*command.split(), "--help")
    assert result.code == 0
    assert sentence in flat(result.out)


def _boom(*args: object, **kwargs: object) -> None:
    raise RuntimeError("boom")


def test_an_internal_error_is_exit_70_with_advice_and_no_traceback(wfkpi, monkeypatch) -> None:
    # the renderer is where the command hands over its result; break it there
    monkeypatch.setattr("wfkpi.render.validation.print_table", _boom)
    result = wfkpi("validate", "clean")
    assert (result.code, result.out) == (70, "")
    assert result.err == (
        "internal error: RuntimeError: boom\n"
        "This is a fault in wfkpi, not in your data; run again with --debug and report the "
        "traceback.\n")


def test_debug_lets_the_internal_error_through(monkeypatch) -> None:
    monkeypatch.setattr("wfkpi.render.validation.print_table", _boom)
    with pytest.raises(RuntimeError, match="boom"):
        run(["--debug", "validate", "clean"])


def test_help_lists_every_command(wfkpi) -> None:
    result = wfkpi("--help")
    assert result.code == 0
    assert result.lines[0] == "Usage: wfkpi [OPTIONS] COMMAND [ARGS]..."
    commands = result.out.split("Commands:")[1]
    for command in COMMANDS:
        assert re.search(rf"^\s+{command.split()[0]}\s", commands, re.MULTILINE), command


def test_no_arguments_prints_the_help(wfkpi) -> None:
    result = wfkpi()
    assert result.code in (0, 2)  # click's no_args_is_help exits 2 from click 8.2 on
    assert EXIT_CODES in flat(result.out + result.err)


def test_version(wfkpi) -> None:
    result = wfkpi("--version")
    assert (result.code, result.out) == (0, f"wfkpi {__version__}\n")


# -------------------------------------------------------------------------------- --quiet

# (command and case, arguments, a file the run writes or None)
QUIET_SUCCEEDS: list[tuple[str, Args, Callable[[Inputs], Path] | None]] = [
    ("report", lambda g: ["report", "report_small"], None),
    ("report --output", lambda g: ["report", "report_small", "-f", "json", "-o",
                                   f"{g.tmp}/report.json"], lambda g: g.tmp / "report.json"),
    ("report --council", lambda g: ["report", "report_small", *judged(g)], None),
    ("trend", lambda g: ["trend", g.months], None),
    ("trend --output", lambda g: ["trend", g.months, "-f", "csv", "-o", f"{g.tmp}/trend.csv"],
     lambda g: g.tmp / "trend.csv"),
    ("explain", lambda g: ["explain", "report_small", "--kpi", "turnover_rate_fte"], None),
    ("explain --output", lambda g: ["explain", "report_small", "--kpi", "agency_rate_fte", "-f",
                                    "csv", "-o", f"{g.tmp}/bridge.csv"],
     lambda g: g.tmp / "bridge.csv"),
    ("peers", lambda g: ["peers", "--council", "camden_childrens"], None),
    ("peers --output", lambda g: ["peers", "--council", "camden_childrens", "-f", "json", "-o",
                                  f"{g.tmp}/peers.json"], lambda g: g.tmp / "peers.json"),
    ("validate", lambda g: ["validate", "clean"], None),
    ("check", lambda g: ["check", "report_small", "--expected", g.snapshot], None),
    ("check --update", lambda g: ["check", "report_small", "--expected", f"{g.tmp}/new.json",
                                  "--update"], lambda g: g.tmp / "new.json"),
    ("export csww", lambda g: ["export", "csww", g.hr, "--year", "2025", "--la", "208",
                               "--answers", g.answers, "-o", f"{g.tmp}/census.xml"],
     lambda g: g.tmp / "census.xml"),
    ("sample", lambda g: ["sample", "--council", "camden_childrens", "--out",
                          f"{g.tmp}/sample"], lambda g: g.tmp / "sample" / "workers.csv"),
    ("map", lambda g: ["map", "clean", "-o", f"{g.tmp}/mapping.yaml"],
     lambda g: g.tmp / "mapping.yaml"),
    ("map to stdout", lambda g: ["map", "clean"], None),
    ("mappings", lambda g: ["mappings"], None),
    ("mappings NAME --output", lambda g: ["mappings", "frappe-hr", "-o", f"{g.tmp}/hr.yaml"],
     lambda g: g.tmp / "hr.yaml"),
]


@pytest.mark.parametrize(("args", "written"), [row[1:] for row in QUIET_SUCCEEDS],
                         ids=[row[0] for row in QUIET_SUCCEEDS])
def test_quiet_prints_nothing_on_success(wfkpi, given: Inputs, args: Args,
                                         written: Callable[[Inputs], Path] | None) -> None:
    argv = args(given)
    result = wfkpi(*argv, "--quiet")
    assert (result.code, result.out, result.err) == (0, "", "")
    if written is not None:  # the result goes to --output (or the snapshot) all the same
        path = written(given)
        quiet = path.read_bytes()
        path.unlink()
        assert wfkpi(*argv).code == 0
        assert path.read_bytes() == quiet


# (command and case, arguments, exit code, stderr exactly, whether stdout lists the failure)
QUIET_FAILS: list[tuple[str, Args, int, str, bool]] = [
    ("report invalid", lambda g: ["report", "cross_row", "--as-at", "2025-09-30"], 3,
     INVALID.format("its figures"), False),
    ("report no path", lambda g: ["report", "no_such_folder"], 2, NO_PATH, False),
    ("report --council missed", lambda g: ["report", "report_small", *judged(g), "--fail-on",
                                           "red"],
     1, "error: 1 target missed (--fail-on red): caseload_at_most_10\n", False),
    ("trend invalid", lambda g: ["trend", g.bad_months], 3,
     "error: the input has errors in 2025-09 (5 errors); the figures leave out the rows set "
     "aside. `wfkpi validate` on each month's extract lists them.\n", False),
    ("explain invalid", lambda g: ["explain", "cross_row", "--kpi", "turnover_rate_fte",
                                   "--to", "2025-09-30"], 3,
     EXPLAIN_INVALID.format("its figures"), False),
    ("explain a count", lambda g: ["explain", "report_small", "--kpi", "inpost_fte"], 2,
     "error: --kpi inpost_fte is a count, not a rate; explain splits the change of a rate: "
     "turnover_rate_fte, turnover_rate_headcount, agency_rate_fte, agency_rate_headcount, "
     "vacancy_rate_fte, agency_cover_rate_fte, vacancy_agency_cover_rate_fte, caseload_fte, "
     "absence_rate_fte\n", False),
    ("validate invalid", lambda g: ["validate", "cross_row"], 3,
     "error: cross_row is INVALID: 5 error(s), 3 warning(s) (above-expected 1, blank-value 1, "
     "duplicate-spell 1, end-before-start 2, out-of-range 2, reason-without-end 1); `wfkpi "
     "validate` without --quiet lists them\n", False),
    ("check moved", lambda g: ["check", "report_small", "--expected", g.snapshot, "--as-at",
                               "2025-08-31"], 1, "", True),
    ("check invalid", lambda g: ["check", "cross_row", "--expected", g.snapshot, "--as-at",
                                 "2025-09-30"], 3,
     "error: the input has 5 error(s); its figures leave out the rows set aside, so the check "
     "fails. `wfkpi validate` lists them.\n", True),
    ("export csww to fill in", lambda g: ["export", "csww", g.hr, "--year", "2025", "--la",
                                          "208", "-o", f"{g.tmp}/census.xml"], 1,
     "error: {tmp}/census.xml was written but is not valid against the 2025 schema (1 "
     "problem(s)): fill it in before submission; without --quiet the summary says what\n", False),
    ("export csww invalid", lambda g: ["export", "csww", g.bad_hr, "--year", "2025", "--la",
                                       "208", "-o", f"{g.tmp}/census.xml"], 3,
     INVALID.replace("5 error(s)", "1 error(s)").format("the records in {tmp}/census.xml"),
     False),
    ("peers no DfE area", lambda g: ["peers", "--council", "camden_asc"], 2,
     "error: council 'camden_asc' has no DfE area (dfe_area): DfE publishes children's social "
     "work figures only; councils with one: camden_childrens, cambridgeshire, peterborough, "
     "lambeth_childrens\n", False),
    ("sample bad council", lambda g: ["sample", "--council", "nowhere", "--out",
                                      f"{g.tmp}/sample"], 2,
     "error: unknown council 'nowhere' (choose one of: lambeth_childrens, cambridgeshire, "
     "peterborough, camden_childrens, camden_asc)\n", False),
    ("map no path", lambda g: ["map", "no_such_folder"], 2, NO_PATH, False),
    ("mappings unknown", lambda g: ["mappings", "itrent"], 2,
     "error: no mapping named 'itrent' is shipped (shipped: frappe-hr, oracle-hcm-hdl, "
     "oracle-hcm-otbi, successfactors-ec)\n", False),
]


@pytest.mark.parametrize(("args", "code", "err", "listed"), [row[1:] for row in QUIET_FAILS],
                         ids=[row[0] for row in QUIET_FAILS])
def test_quiet_still_fails_with_the_exit_code_and_what_failed(
        wfkpi, given: Inputs, args: Args, code: int, err: str, listed: bool) -> None:
    """The error goes to stderr; check still lists the figures that moved, as without --quiet."""
    argv = args(given)
    result = wfkpi(*argv, "--quiet")
    assert (result.code, result.err) == (code, err.replace("{tmp}", str(given.tmp)))
    assert result.out == (wfkpi(*argv).out if listed else "")
    assert (result.out != "") == listed


RUNS: dict[str, Args] = {  # a run of each command that takes --quiet
    "report": lambda g: ["report", "report_small"],
    "trend": lambda g: ["trend", g.months],
    "explain": lambda g: ["explain", "report_small", "--kpi", "turnover_rate_fte"],
    "peers": lambda g: ["peers", "--council", "lambeth_childrens"],
    "validate": lambda g: ["validate", "report_small"],
    "check": lambda g: ["check", "report_small", "--expected", g.snapshot],
    "export csww": lambda g: ["export", "csww", g.hr, "--year", "2025", "--la", "208", "-o",
                              f"{g.tmp}/census.xml"],
    "sample": lambda g: ["sample", "--council", "peterborough", "--out", f"{g.tmp}/sample"],
    "map": lambda g: ["map", "clean"],
    "mappings": lambda g: ["mappings"],
}


@pytest.mark.parametrize("command", sorted(TAKES["--quiet"]))
@pytest.mark.parametrize(("first", "second"), [("--quiet", "--verbose"), ("-v", "-q")])
def test_quiet_and_verbose_together_are_refused(wfkpi, given: Inputs, command: str, first: str,
                                                second: str) -> None:
    assert set(RUNS) == TAKES["--quiet"]
    result = wfkpi(*RUNS[command](given), first, second)
    assert (result.code, result.out) == (2, "")
    option = "'--verbose' / '-v'" if second == "--verbose" else "'--quiet' / '-q'"
    assert result.err.splitlines()[-1] == (
        f"Error: Invalid value for {option}: --quiet and --verbose ask for opposite things: "
        "choose one")
    assert logging.getLogger("wfkpi").handlers == []


# ------------------------------------------------------------------------------ --verbose

def _reading(path: Path, files: int = 2) -> list[str]:
    """What reading the workers file of ``files`` logs (a run of KPIs that read no absences
    leaves the absences file unread)."""
    return [f"reading {path / 'workers.csv'} (file 1 of {files})",
            f"workers: {path / 'workers.csv'}, 4 rows, 0 set aside"]


REPORT = (r"method dfe at 2025-09-30, scope everyone: 22 KPIs from 4 worker rows \(0 outside "
          r"the window\); set aside at most: absence-not-directly-employed 1; \d+\.\d\d s")
GIVEN = "reference date 2025-09-30 (given)"
INPUT_OK = "input VALID: 0 errors, 0 warnings"

# (command and case, arguments, lines wfkpi.cli logs, what each engine run logs, as patterns)
VERBOSE: list[tuple[str, Args, Callable[[Inputs], list[str]], list[str]]] = [
    ("report", lambda g: ["report", str(g.identified), "--as-at", "2025-09-30"],
     lambda g: [*_reading(g.identified), GIVEN, INPUT_OK], [REPORT]),
    ("report json", lambda g: ["report", str(g.identified), "--as-at", "2025-09-30", "-f", "json"],
     lambda g: [*_reading(g.identified), GIVEN, INPUT_OK], [REPORT]),
    ("report --council", lambda g: ["report", str(g.identified), "--as-at", "2025-09-30",
                                    *judged(g)],
     lambda g: [*_reading(g.identified, 1), GIVEN, INPUT_OK],
     [r"method dfe at 2025-09-30, scope everyone: 1 KPIs from 4 worker rows .*"]),
    ("trend", lambda g: ["trend", g.identified_months, "-f", "json"],
     lambda g: ["reading 2025-08 (month 1 of 2)", "reading 2025-09 (month 2 of 2)",
                f"workers: {g.identified_months}/2025-08/workers.csv, 4 rows, 0 set aside",
                f"workers: {g.identified_months}/2025-09/workers.csv, 4 rows, 0 set aside",
                "reference date 2025-08-31 (month 2025-08)",
                "reference date 2025-09-30 (month 2025-09)", INPUT_OK],
     [r"method dfe at 2025-08-31, .*", r"method dfe at 2025-09-30, .*"]),
    ("explain", lambda g: ["explain", str(g.identified), "--kpi", "turnover_rate_fte",
                           "--from", "2025-08-31", "--to", "2025-09-30", "-f", "json"],
     lambda g: [*_reading(g.identified, 1), GIVEN, INPUT_OK], []),  # logged by engine.bridge
    ("peers", lambda g: ["peers", "--council", "lambeth_childrens", "-o", f"{g.tmp}/p.csv",
                         "-f", "csv"],
     lambda g: [f"wrote {g.tmp}/p.csv ({(g.tmp / 'p.csv').stat().st_size} bytes)"], []),
    ("validate", lambda g: ["validate", str(g.identified)],
     lambda g: [*_reading(g.identified), INPUT_OK],
     [r"method dfe at 2025-08-31, .*"]),  # the plausibility checks, at the data's own date
    ("check --update", lambda g: ["check", str(g.identified), "--as-at", "2025-09-30",
                                  "--expected", f"{g.tmp}/snap.json", "--update"],
     lambda g: [*_reading(g.identified), GIVEN, INPUT_OK],
     [rf"method {method} at 2025-09-30, scope everyone: .*" for method in ("dfe", "sfc", "lg")]),
    # the return names each worker by design; what is printed and logged never does
    ("export csww", lambda g: ["export", "csww", g.hr, "--year", "2025", "--la", "208",
                               "--answers", g.answers, "-o", f"{g.tmp}/census.xml"],
     lambda g: [f"workers: {g.hr}/workers.csv, 2 rows, 0 set aside",
                f"vacancies: {g.hr}/vacancies.csv, 1 row, 0 set aside", INPUT_OK,
                f"wrote {g.tmp}/census.xml ({(g.tmp / 'census.xml').stat().st_size} bytes)"],
     []),
    ("sample", lambda g: ["sample", "--council", "camden_childrens", "--out", f"{g.tmp}/s"],
     lambda g: [f"wrote {g.tmp}/s: camden_childrens as at 2025-09-30, 314 worker spells (201 "
                "people in post, 40 of them agency), 23.5 vacant FTE, 490 absence spells"], []),
    ("map", lambda g: ["map", str(g.identified), "-o", f"{g.tmp}/mapping.yaml"],
     lambda g: ["workers: workers.csv", "absences: absences.csv",
                "placed 15 of 16 headers; mapped 0 labels",  # full_name is not placed
                f"wrote {g.tmp}/mapping.yaml ({(g.tmp / 'mapping.yaml').stat().st_size} bytes)"],
     []),
    ("mappings", lambda g: ["mappings", "frappe-hr"],
     lambda g: [f"mapping frappe-hr: {ROOT / 'src' / 'wfkpi' / 'mappings' / 'frappe-hr.yaml'}"],
     []),
]


@pytest.mark.parametrize(("args", "logged", "engine"), [row[1:] for row in VERBOSE],
                         ids=[row[0] for row in VERBOSE])
def test_verbose_logs_what_was_done_and_never_an_id_or_name(
        wfkpi, given: Inputs, args: Args, logged: Callable[[Inputs], list[str]],
        engine: list[str]) -> None:
    argv = args(given)
    result = wfkpi(*argv, "--verbose")
    assert result.code == 0
    log = [re.sub(r"^\S+ ", "", line) for line in result.err.splitlines()]  # no timestamp
    for line in logged(given):
        assert f"INFO wfkpi.cli: {line}" in log
    runs = [line for line in log if line.startswith("INFO wfkpi.engine.report: ")]
    assert len(runs) == len(engine)
    for line, pattern in zip(runs, engine, strict=True):
        assert re.fullmatch(f"INFO wfkpi\\.engine\\.report: {pattern}", line), line
    for written in given.tmp.glob("*.json"):
        assert "ZQX" not in written.read_text(encoding="utf-8")
        written.unlink()
    for secret in [*SECRETS, "SW1001", "SW1002"]:
        assert secret not in result.out + result.err, secret
    assert logging.getLogger("wfkpi").handlers == []  # --verbose's handler went with its run
    plain = wfkpi(*argv)
    assert plain.out == result.out  # the same result
    assert "INFO" not in plain.err  # nothing logged (map's summary goes to stderr all the same)


# --------------------------------------------------------------------------- progress bar

# (command, arguments, what the bar says when done)
PROGRESS: list[tuple[str, Args, tuple[str, str]]] = [
    ("report", lambda g: ["report", "report_small", "-f", "json"], ("read 3 files", "3/3")),
    ("trend", lambda g: ["trend", g.months, "-f", "json"], ("read 2 months", "2/2")),
    ("explain", lambda g: ["explain", "report_small", "--kpi", "agency_rate_fte", "-f",
                           "json"], ("read 3 files", "3/3")),
    ("validate", lambda g: ["validate", "report_small"], ("read 3 files", "3/3")),
    ("check", lambda g: ["check", "report_small", "--expected", g.snapshot],
     ("read 3 files", "3/3")),
]


@pytest.mark.parametrize(("args", "done"), [row[1:] for row in PROGRESS],
                         ids=[row[0] for row in PROGRESS])
def test_a_progress_bar_on_a_terminal_unless_quiet(wfkpi, given: Inputs, monkeypatch,
                                                   args: Args, done: tuple[str, str]) -> None:
    monkeypatch.setattr(common, "MANY_FILES", 1)  # report_small's three files are "many"
    argv = args(given)
    piped = wfkpi(*argv)
    assert (piped.code, piped.err) == (0, "")  # no bar when stderr is not a terminal
    monkeypatch.setattr(sys.stderr, "isatty", lambda: True, raising=False)
    shown = wfkpi(*argv)
    assert shown.code == 0
    for text in done:
        assert text in shown.err
    assert shown.out == piped.out  # stdout untouched
    quiet = wfkpi(*argv, "--quiet")
    assert (quiet.code, quiet.err) == (0, "")


# ------------------------------------------------------------------------------- --output

# (command and case, arguments without --output, the file's name)
WRITTEN: list[tuple[str, Args, str]] = [
    ("report", lambda g: ["report", "report_small", "-f", "json"], "report.json"),
    ("report --council", lambda g: ["report", "report_small", *judged(g), "-f", "markdown"],
     "card.md"),
    ("trend", lambda g: ["trend", g.months, "-f", "csv"], "trend.csv"),
    ("trend --council", lambda g: ["trend", g.months, *judged(g), "-f", "html"],
     "trend.html"),
    ("export csww", lambda g: ["export", "csww", g.hr, "--year", "2025", "--la", "208",
                               "--answers", g.answers], "census.xml"),
    ("explain", lambda g: ["explain", "report_small", "--kpi", "vacancy_rate_fte", "-f",
                           "markdown"], "bridge.md"),
    ("peers", lambda g: ["peers", "--council", "peterborough", "-f", "csv"], "peers.csv"),
    ("map", lambda g: ["map", "clean"], "mapping.yaml"),
    ("mappings", lambda g: ["mappings", "frappe-hr"], "frappe-hr.yaml"),
]


@pytest.mark.parametrize(("args", "name"), [row[1:] for row in WRITTEN],
                         ids=[row[0] for row in WRITTEN])
def test_output_is_written_whole_into_a_new_folder(wfkpi, given: Inputs, args: Args,
                                                   name: str) -> None:
    argv = args(given)
    path = given.tmp / "new" / "folder" / name
    result = wfkpi(*argv, "--output", str(path))
    said = MAP_SAYS.format(save="Next: ", path="clean", output=path) if argv[0] == "map" else ""
    assert (result.code, result.err) == (0, said)  # map's summary goes to stderr
    assert [p.name for p in path.parent.iterdir()] == [name]  # no temporary file left
    if argv[0] == "export":  # the return goes to the file, what was written to the terminal
        assert path.read_bytes().startswith(b"<?xml version='1.0' encoding='UTF-8'?>\n<Message>")
        assert result.lines[0].startswith(f"{path}: CSWW census 2025 for LA 208, ")
    else:  # what the terminal would have shown
        assert result.out == ""
        assert path.read_text(encoding="utf-8") == wfkpi(*argv).out


# (command and case, arguments without --output, the --output, the file written)
PLACED: list[tuple[str, Args, str, str]] = [
    ("report", lambda g: ["report", "report_small", "-f", "json"],
     "{method}/report-{as_at}.{format}", "dfe/report-2025-09-30.json"),
    ("report doubled braces", lambda g: ["report", "report_small", "-f", "json"],
     "{{as_at}}-{as_at}.json", "{as_at}-2025-09-30.json"),
    ("report --council", lambda g: ["report", "report_small", *judged(g), "-f", "xlsx"],
     "scorecards/{council}-{as_at}.{format}", "scorecards/testshire-2025-09-30.xlsx"),
    ("trend", lambda g: ["trend", g.months, "-f", "csv"], "{method}-{as_at}.{format}",
     "dfe-2025-09-30.csv"),
    ("trend --council", lambda g: ["trend", g.months, *judged(g), "-f", "html"],
     "{council}/{as_at}.{format}",
     "testshire/2025-09-30.html"),
    ("explain", lambda g: ["explain", "report_small", "--kpi", "turnover_rate_fte", "-f", "json"],
     "{method}-{as_at}.{format}", "dfe-2025-09-30.json"),
    ("peers", lambda g: ["peers", "--council", "lambeth_childrens", "--year", "2024", "-f",
                         "xlsx"], "{council}/{method}-{as_at}.{format}",
     "lambeth_childrens/dfe-2024-09-30.xlsx"),
]


@pytest.mark.parametrize(("args", "output", "written"), [row[1:] for row in PLACED],
                         ids=[row[0] for row in PLACED])
def test_placeholders_are_filled_in(wfkpi, given: Inputs, args: Args, output: str,
                                    written: str) -> None:
    out = given.tmp / "out"
    result = wfkpi(*args(given), "--output", str(out / output))
    assert (result.code, result.out, result.err) == (0, "", "")
    assert [str(p.relative_to(out)) for p in out.rglob("*") if p.is_file()] == [written]
    if written.endswith(".xlsx"):
        assert (out / written).read_bytes()[:2] == b"PK"  # a workbook is a zip file


KNOWN = "the placeholders are {council}, {as_at}, {method}, {format}"


@pytest.mark.parametrize("command", ["report", "trend"])
@pytest.mark.parametrize(
    ("args", "output", "message"),
    [
        ([], "{counci}.json", f"--output '{{counci}}.json': unknown placeholder {{counci}}; "
         f"{KNOWN}"),
        ([], "{as_at:%Y}.json", f"--output '{{as_at:%Y}}.json': unknown placeholder "
         f"{{as_at:%Y}}; {KNOWN}"),
        ([], "{council}.json", "--output '{council}.json': {council} has no value without "
         "--council"),
        (["--council", "peterborough"], "{method}.json", "--output '{method}.json': {method} "
         "has no value with --council (each target has its own method)"),
        ([], "report-{as_at.json", "--output 'report-{as_at.json': expected '}' before end of "
         "string; write {{ or }} for a literal brace"),
    ],
    ids=["unknown", "format spec", "no council", "no method", "unbalanced"],
)
def test_a_bad_placeholder_exits_2_before_reading_anything(wfkpi, command: str, args: list[str],
                                                           output: str, message: str) -> None:
    # The path does not exist: the placeholder is checked first.
    result = wfkpi(command, "no_such_folder", *args, "--output", output)
    assert (result.code, result.out, result.err) == (2, "", f"error: {message}\n")


@pytest.mark.parametrize(("argv", "output", "message"), [
    (["explain", "no_such_folder", "--kpi", "turnover_rate_fte"], "{counci}.json",
     f"--output '{{counci}}.json': unknown placeholder {{counci}}; {KNOWN}"),
    (["explain", "no_such_folder", "--kpi", "turnover_rate_fte"], "{council}.json",
     "--output '{council}.json': {council} has no value in wfkpi explain"),
    (["peers", "--council", "nowhere"], "{as_at.json",
     "--output '{as_at.json': expected '}' before end of string; write {{ or }} for a literal "
     "brace"),
], ids=["explain unknown", "explain no council", "peers unbalanced"])
def test_a_bad_placeholder_of_explain_or_peers_exits_2_first(
        wfkpi, argv: list[str], output: str, message: str) -> None:
    result = wfkpi(*argv, "--output", output)
    assert (result.code, result.out, result.err) == (2, "", f"error: {message}\n")


UNWRITABLE: list[tuple[str, Args]] = [
    ("report", lambda g: ["report", "report_small", "-f", "json"]),
    ("report --council", lambda g: ["report", "report_small", *judged(g), "-f", "csv"]),
    ("trend", lambda g: ["trend", g.months]),
    ("export csww", lambda g: ["export", "csww", g.hr, "--year", "2025", "--la", "208"]),
    ("explain", lambda g: ["explain", "report_small", "--kpi", "caseload_fte"]),
    ("peers", lambda g: ["peers", "--council", "camden_childrens"]),
    ("map", lambda g: ["map", "clean"]),
    ("mappings", lambda g: ["mappings", "frappe-hr"]),
]


@pytest.mark.parametrize("args", [row[1] for row in UNWRITABLE],
                         ids=[row[0] for row in UNWRITABLE])
def test_an_output_that_cannot_be_written_exits_2(wfkpi, given: Inputs, args: Args) -> None:
    (given.tmp / "file").write_text("", encoding="utf-8")
    target = given.tmp / "file" / "out.txt"
    result = wfkpi(*args(given), "-o", str(target))
    assert (result.code, result.out) == (2, "")
    assert result.err == f"error: cannot write {target}: {given.tmp / 'file'} is not a folder\n"


@pytest.mark.parametrize("args", [lambda g: ["report", "report_small", *judged(g)],
                                  lambda g: ["trend", g.months]],
                         ids=["report --council", "trend"])
def test_a_workbook_needs_an_output_file(wfkpi, given: Inputs, args: Args) -> None:
    result = wfkpi(*args(given), "--format", "xlsx")
    assert (result.code, result.out) == (2, "")
    assert result.err == "error: --format xlsx writes a workbook: add --output FILE.xlsx\n"


@pytest.mark.parametrize(("args", "message"), [
    (lambda g: ["report", "cross_row", "--as-at", "2025-09-30", "-f", "json"],
     "error: the input has 5 error(s); the figures in {} leave out the rows set aside."),
    (lambda g: ["trend", g.bad_months, "-f", "json"],
     "error: the input has errors in 2025-09 (5 errors); the figures in {} leave out the rows "
     "set aside."),
], ids=["report", "trend"])
def test_invalid_figures_written_to_a_file_say_where(wfkpi, given: Inputs, args: Args,
                                                     message: str) -> None:
    target = given.tmp / "figures.json"
    result = wfkpi(*args(given), "-o", str(target))
    assert (result.code, result.out) == (3, "")
    assert result.err.startswith(message.format(target))
    assert '"verdict": "INVALID"' in target.read_text(encoding="utf-8")


# (command and case, arguments without --output): `--output -` is stdout, as without --output
TO_STDOUT: list[tuple[str, Args]] = [
    ("report", lambda g: ["report", "report_small", "-f", "json"]),
    ("report --council", lambda g: ["report", "report_small", *judged(g), "-f", "markdown"]),
    ("trend", lambda g: ["trend", g.months, "-f", "csv"]),
    ("map", lambda g: ["map", "clean"]),
    ("mappings", lambda g: ["mappings", "frappe-hr"]),
]


@pytest.mark.parametrize("args", [row[1] for row in TO_STDOUT], ids=[row[0] for row in TO_STDOUT])
def test_output_dash_is_stdout(wfkpi, given: Inputs, args: Args) -> None:
    argv = args(given)
    plain = wfkpi(*argv)
    dashed = wfkpi(*argv, "--output", "-")
    assert (dashed.code, dashed.out, dashed.err) == (plain.code, plain.out, plain.err)
    assert not (FIXTURES / "-").exists()
    if argv[0] != "map":  # map's summary is on stderr; the others print only the result
        quiet = wfkpi(*argv, "--output", "-", "--quiet")  # asked for: printed all the same
        assert (quiet.code, quiet.out, quiet.err) == (0, plain.out, "")


def test_export_to_stdout_says_what_was_written_on_stderr(wfkpi, given: Inputs) -> None:
    argv = ["export", "csww", given.hr, "--year", "2025", "--la", "208", "--answers",
            given.answers]
    result = wfkpi(*argv, "-o", "-")
    assert result.code == 0
    assert result.out.startswith("<?xml version='1.0' encoding='UTF-8'?>\n<Message>")
    assert result.err.startswith("stdout: CSWW census 2025 for LA 208, ")
    assert "Valid against the" in result.err


def test_a_workbook_is_not_written_to_a_terminal(wfkpi, given: Inputs, monkeypatch) -> None:
    monkeypatch.setattr(sys.stdout, "isatty", lambda: True, raising=False)
    result = wfkpi("report", "report_small", *judged(given), "-f", "xlsx", "-o", "-")
    assert (result.code, result.out) == (2, "")
    assert result.err == (
        "error: --output -: a workbook is binary and would garble the terminal; redirect it "
        "(--output - > FILE) or pipe it on, or write it to a file with --output FILE\n")


# (command, arguments before PATH, after it): PATH - reads standard input
FROM_STDIN: list[tuple[str, list[str], list[str]]] = [
    ("report", ["report"], ["-f", "json"]),
    ("validate", ["validate"], ["-f", "json"]),
    ("check", ["check"], ["--expected", "{tmp}/snap.json", "--update"]),
    ("export csww", ["export", "csww"], ["--year", "2025", "--la", "208", "-o",
                                         "{tmp}/census.xml", "-f", "json"]),
]


@pytest.mark.parametrize(("before", "after"), [row[1:] for row in FROM_STDIN],
                         ids=[row[0] for row in FROM_STDIN])
def test_path_dash_reads_a_workers_table_from_stdin(wfkpi, given: Inputs, monkeypatch,
                                                    before: list[str], after: list[str]) -> None:
    workers = Path(given.hr) / "workers.csv"
    after = [arg.replace("{tmp}", str(given.tmp)) for arg in after]
    spooled = []
    real = common.spool_stdin

    def spool(ctx):  # the temporary file, to see that it is gone afterwards
        spooled.append(real(ctx))
        return spooled[-1]

    monkeypatch.setattr(common, "spool_stdin", spool)
    monkeypatch.setattr(sys, "stdin", io.TextIOWrapper(io.BytesIO(workers.read_bytes())))
    piped = wfkpi(*before, "-", *after)
    assert [p.name for p in spooled] == ["workers.csv"]
    assert not spooled[0].parent.exists()  # removed when the command ended
    if before[0] == "check":
        (given.tmp / "snap.json").unlink()
    named = wfkpi(*before, str(workers), *after)
    assert piped.code == named.code
    assert piped.out.replace(str(spooled[0]), str(workers)) == named.out


def test_path_dash_reads_a_census_file_from_stdin(wfkpi, monkeypatch) -> None:
    census = FIXTURES / "csww" / "blanks_2024.xml"
    monkeypatch.setattr(sys, "stdin", io.TextIOWrapper(io.BytesIO(census.read_bytes())))
    piped = wfkpi("validate", "-", "-f", "json")
    named = wfkpi("validate", str(census), "-f", "json")
    assert piped.code == named.code == 3
    assert re.sub(r"/\S*wfkpi-stdin-\w+/census\.xml", str(census), piped.out) == named.out


def test_path_dash_refuses_a_terminal(wfkpi, monkeypatch) -> None:
    monkeypatch.setattr(sys.stdin, "isatty", lambda: True, raising=False)
    result = wfkpi("validate", "-")
    assert (result.code, result.out) == (2, "")
    assert result.err == ("error: PATH -: reads a file from standard input, which is a terminal "
                          "here; send one in, e.g. `wfkpi validate - < workers.csv`\n")


def test_a_placeholder_value_cannot_leave_the_output_folder() -> None:
    """A council id such as ``../../etc/x`` in a user's targets file is written into the file
    name, never followed as a path."""
    assert common.output_path(Path("cards/{council}-{as_at}.csv"), council="../../etc/x",
                              as_at="2025-09-30") == Path("cards/.._.._etc_x-2025-09-30.csv")
    assert common.output_path(Path("cards/{council}.csv"), council="..") == Path("cards/_.csv")
    assert common.output_path(Path("{council}/{format}.md"), council="camden_asc",
                              format="markdown") == Path("camden_asc/markdown.md")


# An --output that names a file the run reads, in each command that writes one.
READ_FILES: list[tuple[str, Args, Callable[[Inputs], Path]]] = [
    ("report", lambda g: ["report", g.hr, "-f", "json"], lambda g: Path(g.hr) / "workers.csv"),
    ("report --council", lambda g: ["report", g.hr, *judged(g), "-f", "csv"],
     lambda g: Path(g.targets)),
    ("trend", lambda g: ["trend", g.months, "-f", "csv"],
     lambda g: Path(g.months) / "2025-09" / "workers.csv"),
    ("export csww", lambda g: ["export", "csww", g.hr, "--year", "2025", "--la", "208"],
     lambda g: Path(g.hr) / "workers.csv"),
    # turnover needs the workers alone: the vacancies file is the extract's all the same
    ("explain, a file left unread", lambda g: ["explain", g.hr, "--kpi", "turnover_rate_fte",
                                               "--to", "2025-09-30", "-f", "csv"],
     lambda g: Path(g.hr) / "vacancies.csv"),
]


@pytest.mark.parametrize(("args", "read"), [row[1:] for row in READ_FILES],
                         ids=[row[0] for row in READ_FILES])
def test_an_output_that_would_replace_an_input_exits_2(wfkpi, given: Inputs, args: Args,
                                                       read: Callable[[Inputs], Path]) -> None:
    command, target = args(given), read(given)
    before = target.read_bytes()
    result = wfkpi(*command, "-o", str(target))
    assert (result.code, result.out) == (2, "")
    assert result.err.startswith(f"error: --output {target}: that is ")
    assert result.err.endswith("; write the output elsewhere\n")
    assert target.read_bytes() == before


def test_stdin_is_named_for_what_it_holds() -> None:
    """Standard input is saved under a name that says what it is: the readers choose by it."""
    ods = io.BytesIO()
    with zipfile.ZipFile(ods, "w") as book:
        book.writestr(zipfile.ZipInfo("mimetype"),
                      "application/vnd.oasis.opendocument.spreadsheet")
        book.writestr("content.xml", "<office:document-content/>")
    xlsx = io.BytesIO()
    with zipfile.ZipFile(xlsx, "w") as book:
        book.writestr("[Content_Types].xml", "<Types/>")
    assert [common._stdin_name(data) for data in (
        ods.getvalue(), xlsx.getvalue(), b"\xef\xbb\xbf <?xml version='1.0'?><Message/>",
        b"worker_id,employment_type\n")] == ["workers.ods", "workers.xlsx", "census.xml",
                                            "workers.csv"]
