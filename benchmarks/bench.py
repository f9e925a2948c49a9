"""Time and peak memory of whole wfkpi processes, against a floor and two peers, on seeded extracts.

Usage: python benchmarks/bench.py [--sizes 10000 100000 1000000] [--runs 5] [--warm-ups 1]
       [--quick] [--out DIR] [--results FILE] [--note TEXT]

Each extract is ``wfkpi.sample.generate(N, seed=7)`` written as CSV into ``--out`` (default
benchmarks/out/, not committed), in two folders per size:

- ``all-N``: every table the sample makes: workers, vacancies and absences, and the HR records
  tables training, appraisals, supervision and recruitment (about twenty records rows per worker
  spell: 9.9M training and 9.6M supervision rows at 1M);
- ``core-N``: workers, vacancies and absences only (links to the same files), the extract the
  benchmark measured before the HR records tables, kept for comparison.

Every generated folder holds a stamp (``.generator.json``) with a fingerprint of the generator:
a hash of the files under ``src/wfkpi/sample/``, N, the seed, the tables, and the numpy and pandas
versions. A folder whose stamp differs (or is missing) is written again, and so are the folders
made from it (the XLSX and date-effective copies), so a change to the generator is always measured
on the extracts it makes.

For every size the script runs, as separate processes, on the all-tables extract:

- ``wfkpi validate``, ``wfkpi report`` (JSON to a file) and ``wfkpi report --method lg`` (the
  method whose KPIs read the HR records tables);
- the floor, ``benchmarks/floor_pyarrow.py``: only reads the same CSV files with pyarrow;
- the peers, ``benchmarks/peer_duckdb.py`` (DuckDB SQL) and ``benchmarks/peer_polars.py`` (Polars
  expressions): the headline dfe KPIs and the lg HR records KPIs they can express;

and the same on the workers + absences extract (without the lg report). Once: ``wfkpi report``
on the all-tables extract of ``--xlsx-size`` saved as XLSX, on that size's workers as
date-effective rows read through a mapping's ``history``, on a DfE census XML of 40,000 workers,
on a council-sized all-tables extract (5,000 spells, with ``--council``), and ``wfkpi --help``,
``wfkpi councils`` and ``wfkpi targets`` (checked, once, not to import pandas).

wfkpi's modules are compiled to bytecode before the first round, as installing a wheel compiles
them (see :func:`compile_wfkpi`). All cases are run in rounds, interleaved: ``--warm-ups``
rounds (default one; none with ``--quick``), discarded, then ``--runs`` rounds, each running
every case once. Time is the median of the rounds; peak memory is the largest peak resident
set of the process in any round (from GNU time, else ``wait4``). Each peer's figures are checked
against wfkpi's report JSON to one decimal place; the script exits 1 when they disagree. Writes
``--results`` (default benchmarks/RESULTS.md; with ``--quick``, OUT/RESULTS-quick.md), moving the
run it held before into its "Previous runs" section.
"""

from __future__ import annotations

import argparse
import csv
import datetime as dt
import hashlib
import json
import os
import platform
import shutil
import statistics
import subprocess
import sys
import tempfile
import time
from collections.abc import Callable
from dataclasses import dataclass, field
from importlib import metadata
from pathlib import Path

from openpyxl import Workbook

from wfkpi import sample

HERE = Path(__file__).resolve().parent
ROOT = HERE.parent
sys.path.insert(0, str(ROOT / "tests"))  # the census writer the tests use
from census import write_national  # noqa: E402 - found through the line above

SEED = 7
AS_AT = sample.AS_AT
SAMPLE = Path(sample.__file__).resolve().parent  # the generator's sources, fingerprinted
CENSUS_WRITER = ROOT / "tests" / "census.py"
STAMP = ".generator.json"
ALL_TABLES = ("workers", "vacancies", "absences", "training", "appraisals", "supervision",
              "recruitment")
CORE_TABLES = ("workers", "vacancies", "absences")
EXTRACTS = {"all": "all tables", "core": "workers + absences"}  # extract -> its rows' suffix
HEADLINE = ("turnover_rate_fte", "agency_rate_fte", "vacancy_rate_fte", "caseload_fte",
            "absence_rate_fte")
# The lg HR records KPIs both peers compute (docs/kpis.md, "HR records KPIs"); the others read
# ethnicity against wfkpi's closed lists of labels, or need a course named.
HR = ("training_days_share", "appraisal_completion_rate", "appraisals_completed",
      "development_plan_share", "supervision_coverage", "interview_success_rate",
      "internal_fill_rate", "applications_per_campaign", "agency_conversions",
      "team_tenure_36m_share", "service_10y_share", "exit_interview_rate",
      "caseload_over_max_share")
PEERS = {"DuckDB": "peer_duckdb.py", "Polars": "peer_polars.py"}
COUNCIL = "lambeth_childrens"
LIGHT = ("--help", "councils", "targets")  # the commands that must not import pandas
MIB = 1024 * 1024
PREVIOUS = "## Previous runs"


@dataclass
class Case:
    name: str
    size: int
    argv: list[str]
    extract: str = ""  # "all" or "core": the floor and peers it is compared with
    seconds: list[float] = field(default_factory=list)
    peak_mib: float = 0.0

    @property
    def median(self) -> float:
        return statistics.median(self.seconds)


TIME = Path("/usr/bin/time")


def compile_wfkpi() -> None:
    """Compile wfkpi's modules to bytecode beside them, as pip does when it installs a wheel, so
    that no timed run compiles them: in an editable install run with PYTHONDONTWRITEBYTECODE
    set, every run would, while the libraries it is compared with were compiled when installed
    (0.1-0.3 s a run here)."""
    subprocess.run([sys.executable, "-m", "compileall", "-q", str(SAMPLE.parent)], check=True,
                   stdout=subprocess.DEVNULL)


def measure(argv: list[str]) -> tuple[float, float]:
    """Wall seconds and peak resident memory (MiB) of one process.

    The peak comes from GNU time when installed: a process started straight from this script
    would report this script's own peak, which Linux carries across exec."""
    report = None
    if TIME.exists():
        handle, name = tempfile.mkstemp(suffix=".rss")
        os.close(handle)
        report = Path(name)
        argv = [str(TIME), "-f", "%M", "-o", name, *argv]
    start = time.perf_counter()
    proc = subprocess.Popen(argv, stdout=subprocess.DEVNULL, stderr=subprocess.PIPE)
    assert proc.stderr is not None
    err = proc.stderr.read()
    _, status, usage = os.wait4(proc.pid, 0)
    elapsed = time.perf_counter() - start
    proc.returncode = code = os.waitstatus_to_exitcode(status)
    if code not in (0, 3):
        raise SystemExit(f"{' '.join(argv)} exited {code}:\n{err.decode(errors='replace')}")
    if report is None:
        return elapsed, usage.ru_maxrss / 1024  # KiB on Linux
    kib = int(report.read_text().split()[-1])
    report.unlink()
    return elapsed, kib / 1024


# ------------------------------------------------------------------------------ extracts

def digest(*paths: Path) -> str:
    """A hash of the files at ``paths`` (a folder: every file under it, by relative path)."""
    hashed = hashlib.sha256()
    for top in paths:
        files = sorted(p for p in top.rglob("*") if p.is_file() and "__pycache__" not in p.parts) \
            if top.is_dir() else [top]
        for path in files:
            name = path.relative_to(top).as_posix() if top.is_dir() else path.name
            hashed.update(name.encode() + b"\0" + path.read_bytes() + b"\0")
    return hashed.hexdigest()


def versions(*names: str) -> dict[str, str]:
    return {name: metadata.version(name) for name in names}


def generator_stamp(size: int, tables: tuple[str, ...]) -> dict[str, object]:
    """What an extract of ``size`` spells depends on: the generator's sources, N, the seed, the
    tables written, and the packages that draw and write them."""
    return {"generator": digest(SAMPLE), "size": size, "seed": SEED, "tables": list(tables),
            **versions("numpy", "pandas")}


def fresh(folder: Path, stamp: dict[str, object]) -> bool:
    try:
        return json.loads((folder / STAMP).read_text(encoding="utf-8")) == stamp
    except (OSError, ValueError):
        return False


def refill(folder: Path, stamp: dict[str, object], write: Callable[[Path], object]) -> None:
    """Empty ``folder``, ``write`` into it, and stamp it last (an interrupted write is redone)."""
    print(f"writing {folder}", flush=True)
    if folder.exists():
        shutil.rmtree(folder)
    folder.mkdir(parents=True)
    write(folder)
    (folder / STAMP).write_text(json.dumps(stamp, indent=1) + "\n", encoding="utf-8")


def stamp_of(folder: Path) -> dict[str, object]:
    return json.loads((folder / STAMP).read_text(encoding="utf-8"))


def all_tables(out: Path, size: int, name: str | None = None) -> Path:
    """The extract of ``size`` worker spells with every table the sample makes."""
    folder = out / (name or f"all-{size}")
    stamp = generator_stamp(size, ALL_TABLES)
    if not fresh(folder, stamp):
        def write(target: Path) -> None:
            tables = sample.generate(size, seed=SEED)
            if missing := set(ALL_TABLES) - set(tables):
                raise SystemExit(f"the sample no longer makes {', '.join(sorted(missing))}")
            sample.write(target, {table: tables[table] for table in ALL_TABLES})
        refill(folder, stamp, write)
    return folder


def core_tables(out: Path, size: int) -> Path:
    """The extract of ``size`` spells with workers, vacancies and absences only: links to (or
    copies of) the all-tables extract's files."""
    source = all_tables(out, size)
    folder = out / f"core-{size}"
    stamp = generator_stamp(size, CORE_TABLES)
    if not fresh(folder, stamp):
        def write(target: Path) -> None:
            for table in CORE_TABLES:
                try:
                    os.link(source / f"{table}.csv", target / f"{table}.csv")
                except OSError:
                    shutil.copyfile(source / f"{table}.csv", target / f"{table}.csv")
        refill(folder, stamp, write)
    return folder


def xlsx_extract(out: Path, size: int) -> Path:
    """The all-tables CSV extract of ``size`` saved as one XLSX workbook per table (cells as
    text)."""
    source = all_tables(out, size)
    folder = out / f"xlsx-{size}"
    stamp = {"from": stamp_of(source), "as": "xlsx", **versions("openpyxl")}
    if not fresh(folder, stamp):
        def write(target: Path) -> None:
            for path in sorted(source.glob("*.csv")):
                book = Workbook(write_only=True)
                sheet = book.create_sheet(path.stem)
                with path.open(encoding="utf-8", newline="") as handle:
                    for row in csv.reader(handle):
                        sheet.append([cell if cell != "" else None for cell in row])
                book.save(target / f"{path.stem}.xlsx")
        refill(folder, stamp, write)
    return folder


# The extract's workers written as an HR system writes date-effective rows (Oracle HCM's layout:
# pipe-delimited, YYYY/MM/DD, 4712/12/31 for no end): each spell a HIRE row and, when it ended,
# a TERMINATION row from the day after; read through HISTORY_MAPPING.
HISTORY_MAPPING = """workers:
  file: Assignments.txt
  columns:
    worker_id: Person Number
    employment_type: Assignment Category
    fte: FTE
    start_date: {header: Effective Start Date, format: "%Y/%m/%d"}
    end_date: {header: Effective End Date, format: "%Y/%m/%d"}
    team: Department
  history: {key: Assignment Number, action: Action Code, end_actions: [TERMINATION]}
"""


def history_extract(out: Path, size: int) -> tuple[Path, Path]:
    """The extract of ``size`` spells as date-effective rows, and the mapping reading them."""
    source = core_tables(out, size)
    folder = out / f"history-{size}"
    stamp = {"from": stamp_of(source), "as": "date-effective rows", "mapping": HISTORY_MAPPING}

    def write(target: Path) -> None:
        lines = ["Person Number|Assignment Number|Action Code|Effective Start Date|"
                 "Effective End Date|Assignment Category|FTE|Department"]
        with (source / "workers.csv").open(encoding="utf-8", newline="") as handle:
            for n, spell in enumerate(csv.DictReader(handle)):
                start = dt.date.fromisoformat(spell["start_date"])
                end = dt.date.fromisoformat(spell["end_date"]) if spell["end_date"] else None
                cells = [spell["employment_type"], spell["fte"], spell["team"]]
                lines.append("|".join([spell["worker_id"], f"A{n}", "HIRE", f"{start:%Y/%m/%d}",
                                       f"{end:%Y/%m/%d}" if end else "4712/12/31", *cells]))
                if end:
                    after = end + dt.timedelta(days=1)
                    lines.append("|".join([spell["worker_id"], f"A{n}", "TERMINATION",
                                           f"{after:%Y/%m/%d}", "4712/12/31", *cells]))
        (target / "Assignments.txt").write_text("\n".join(lines) + "\n", encoding="utf-8")
        (target / "mapping.yaml").write_text(HISTORY_MAPPING, encoding="utf-8")

    if not fresh(folder, stamp):
        refill(folder, stamp, write)
    return folder, folder / "mapping.yaml"


def census_file(out: Path, workers: int) -> Path:
    """A DfE census return of ``workers`` records, from the tests' writer."""
    folder = out / f"census-{workers}"
    stamp = {"writer": digest(CENSUS_WRITER), "workers": workers}
    if not fresh(folder, stamp):
        refill(folder, stamp, lambda target: write_national(target / "census.xml", workers))
    return folder / "census.xml"


# ------------------------------------------------------------------------------ the run

def code() -> str:
    """The commit measured, and whether the source tree differed from it."""
    def git(*argv: str) -> str:
        try:
            done = subprocess.run(["git", "-C", str(ROOT), *argv], capture_output=True,
                                  text=True, check=False)
        except OSError:  # no git
            return ""
        return done.stdout.strip() if done.returncode == 0 else ""
    commit = git("rev-parse", "--short", "HEAD")
    if not commit:
        return "not a git checkout"
    changed = git("status", "--porcelain", "--", "src")
    return f"commit {commit}" + (", with uncommitted changes under src/" if changed else "")


def machine() -> list[str]:
    cpu = platform.processor() or platform.machine()
    memory = ""
    try:
        for line in Path("/proc/cpuinfo").read_text().splitlines():
            if line.startswith("model name"):
                cpu = line.split(":", 1)[1].strip()
                break
        for line in Path("/proc/meminfo").read_text().splitlines():
            if line.startswith("MemTotal"):
                memory = f"{int(line.split()[1]) / 1024 / 1024:.1f} GiB"
                break
    except OSError:
        pass
    packages = []
    for name in ("wfkpi", "pandas", "numpy", "pyarrow", "duckdb", "polars", "openpyxl",
                 "python-calamine", "lxml", "pydantic"):
        try:
            packages.append(f"{name} {metadata.version(name)}")
        except metadata.PackageNotFoundError:
            packages.append(f"{name} (not installed)")
    return [
        f"- Code: {code()}",
        f"- CPU: {cpu}, {os.cpu_count()} cores ({platform.machine()})",
        f"- Memory: {memory or 'unknown'}",
        f"- OS: {platform.platform()}",
        f"- Python: {platform.python_implementation()} {platform.python_version()}",
        f"- Packages: {', '.join(packages)}",
        f"- Run: {dt.datetime.now().astimezone():%Y-%m-%d %H:%M %Z}",
    ]


def named(name: str, extract: str) -> str:
    """A row's name: the all-tables extract's rows go by the command alone."""
    return name if extract == "all" else f"{name}, {EXTRACTS[extract]}"


def report_json(out: Path, extract: str, size: int, method: str = "dfe") -> Path:
    return out / f"report-{extract}-{method}-{size}.json"


def peer_json(out: Path, peer: str, extract: str, size: int) -> Path:
    return out / f"peer-{peer.lower()}-{extract}-{size}.json"


def build_cases(args: argparse.Namespace, out: Path) -> list[Case]:
    py = sys.executable
    wfkpi = str(Path(py).with_name("wfkpi"))
    as_at = AS_AT.isoformat()
    cases: list[Case] = []

    def report(extract: str, size: int, folder: Path, method: str = "dfe") -> Case:
        argv = [wfkpi, "report", str(folder), "--format", "json",
                "--output", str(report_json(out, extract, size, method))]
        if method != "dfe":
            argv[3:3] = ["--method", method]
        return Case(named("wfkpi report" + (f" --method {method}" if method != "dfe" else ""),
                          extract), size, argv, extract)

    for size in args.sizes:
        for extract, folder in (("all", all_tables(out, size)), ("core", core_tables(out, size))):
            cases += [
                Case(named("wfkpi validate", extract), size,
                     [wfkpi, "validate", str(folder), "--format", "json"], extract),
                report(extract, size, folder),
            ]
            if extract == "all":
                cases.append(report(extract, size, folder, "lg"))
            cases.append(Case(named("floor: pyarrow read", extract), size,
                              [py, str(HERE / "floor_pyarrow.py"), str(folder)], extract))
            for peer, script in PEERS.items():
                cases.append(Case(named(f"peer: {peer} query", extract), size,
                                  [py, str(HERE / script), str(folder), "--as-at", as_at,
                                   "--output", str(peer_json(out, peer, extract, size))],
                                  extract))
    xlsx = xlsx_extract(out, args.xlsx_size)
    cases.append(Case("wfkpi report, XLSX input", args.xlsx_size,
                      [wfkpi, "report", str(xlsx), "--format", "json",
                       "--output", str(out / "report-xlsx.json")], "all"))
    if args.xlsx_size not in args.sizes:
        cases.append(report("all", args.xlsx_size, all_tables(out, args.xlsx_size)))
    history, mapping = history_extract(out, args.xlsx_size)
    cases.append(Case("wfkpi report, date-effective rows through a mapping", args.xlsx_size,
                      [wfkpi, "report", str(history), "--mapping", str(mapping), "--format",
                       "json", "--output", str(out / "report-history.json")], "core"))
    census = census_file(out, args.census_workers)
    cases.append(Case("wfkpi report, census XML", args.census_workers,
                      [wfkpi, "report", str(census), "--format", "json",
                       "--output", str(out / "report-census.json")]))
    council = all_tables(out, args.council_size, name=f"council-{args.council_size}")
    cases.append(Case("wfkpi report --council (table)", args.council_size,
                      [wfkpi, "report", str(council), "--council", COUNCIL]))
    for command in LIGHT:
        cases.append(Case(f"wfkpi {command}", 0, [wfkpi, command]))
    cases.append(Case("floor: a Typer command with one option", 0,
                      [sys.executable, str(HERE / "floor_typer.py"), "run"]))
    return cases


def imports_pandas(argv: list[str]) -> bool:
    """Whether the wfkpi command ``argv`` imports pandas (from ``python -X importtime``)."""
    done = subprocess.run([sys.executable, "-X", "importtime", *argv], capture_output=True,
                          text=True, check=False)
    modules = (line.rsplit("|", 1)[-1].strip() for line in done.stderr.splitlines()
               if line.startswith("import time:"))
    return any(module == "pandas" or module.startswith("pandas.") for module in modules)


def agrees(ours: float | None, theirs: float | None) -> bool:
    """The same to one decimal place (or within 1e-9 of each other, for a value on the edge
    between two roundings); both null counts as the same."""
    if ours is None or theirs is None:
        return ours is None and theirs is None
    return f"{ours:.1f}" == f"{theirs:.1f}" or abs(ours - theirs) <= 1e-9 * max(1.0, abs(ours))


def agreement(out: Path, sizes: list[int]) -> tuple[list[str], bool]:
    """Rows comparing each peer's figures with wfkpi's, and whether all agree."""
    rows, ok = [], True
    for size in sizes:
        for extract in EXTRACTS:
            peers = {peer: json.loads(peer_json(out, peer, extract, size).read_text())
                     for peer in PEERS}
            reports = {"dfe": json.loads(report_json(out, extract, size).read_text())}
            kpis = [("dfe", kpi) for kpi in HEADLINE]
            if extract == "all":
                reports["lg"] = json.loads(report_json(out, extract, size, "lg").read_text())
                kpis += [("lg", kpi) for kpi in HR]
            for method, kpi in kpis:
                report = reports[method]
                ours = report["kpis"][kpi]["value"]
                agree = all(report["as_at"] == peer["as_at"] and agrees(ours, peer[kpi])
                            for peer in peers.values())
                ok &= agree
                show = [f"{v:.1f}" if v is not None else "null"
                        for v in (ours, *(peer[kpi] for peer in peers.values()))]
                rows.append(f"| {size:,} | {EXTRACTS[extract]} | {report['as_at']} | "
                            f"{method} | {kpi} | {' | '.join(show)} | "
                            f"{'yes' if agree else 'NO'} |")
    return rows, ok


def find(cases: list[Case], name: str, size: int) -> Case | None:
    return next((c for c in cases if c.name == name and c.size == size), None)


def goals(cases: list[Case], sizes: list[int], xlsx_size: int, council: int,
          pandas: dict[str, bool]) -> list[str]:
    """The goals of the national-extract issue, each with the figure measured."""
    top = max(sizes)
    rows = []

    def row(goal: str, target: str, value: str, met: bool) -> None:
        rows.append(f"| {goal} | {target} | {value} | {'met' if met else 'missed'} |")

    def get(name: str, size: int) -> Case:
        case = find(cases, name, size)
        assert case, (name, size)
        return case

    report, floor = get("wfkpi report", top), get("floor: pyarrow read", top)
    ratio = report.median / floor.median
    row(f"all tables: `wfkpi report` at {top:,} vs the pyarrow floor", "≤ 4×",
        f"{ratio:.1f}× ({report.median:.2f} s vs {floor.median:.2f} s)", ratio <= 4)
    row(f"all tables: `wfkpi report` peak memory at {top:,}", "≤ 1.5 GB (1,430 MiB)",
        f"{report.peak_mib:,.0f} MiB", report.peak_mib * MIB <= 1.5e9)
    core = named("wfkpi report", "core")
    report, floor = get(core, top), get(named("floor: pyarrow read", "core"), top)
    peer = get(named("peer: DuckDB query", "core"), top)
    ratio = report.median / floor.median
    row(f"workers + absences: `wfkpi report` at {top:,} vs the pyarrow floor", "≤ 3×",
        f"{ratio:.1f}× ({report.median:.2f} s vs {floor.median:.2f} s)", ratio <= 3)
    ratio = report.median / peer.median
    row(f"workers + absences: `wfkpi report` at {top:,} vs the DuckDB peer", "≤ 1.5×",
        f"{ratio:.1f}× ({report.median:.2f} s vs {peer.median:.2f} s)", ratio <= 1.5)
    if len(sizes) > 1:
        low = sorted(sizes)[-2]
        big, small = get("wfkpi report", top), get("wfkpi report", low)
        growth, scale = big.median / small.median, top / low
        row(f"linear growth: all tables, `wfkpi report` {top:,} ÷ {low:,}",
            f"≤ {scale:.0f}× (the data grows {scale:.0f}×)", f"{growth:.1f}×", growth <= scale)
    case = get("wfkpi report --council (table)", council)
    row(f"council-sized run ({council:,} spells, all tables), start-up included", "≤ 0.8 s",
        f"{case.median:.2f} s", case.median <= 0.8)
    typer_floor = get("floor: a Typer command with one option", 0)
    for command in LIGHT:
        case = get(f"wfkpi {command}", 0)
        loads = pandas[command]
        row(f"`wfkpi {command}`", "≤ 150 ms, no pandas import",
            f"{case.median * 1000:.0f} ms (Typer floor {typer_floor.median * 1000:.0f} ms), "
            f"pandas {'imported' if loads else 'not imported'}",
            case.median <= 0.15 and not loads)
    xlsx, same = get("wfkpi report, XLSX input", xlsx_size), get("wfkpi report", xlsx_size)
    ratio = xlsx.median / same.median
    row(f"XLSX input vs the same data as CSV ({xlsx_size:,} spells, all tables)", "≤ 2×",
        f"{ratio:.1f}× ({xlsx.median:.2f} s vs {same.median:.2f} s)", ratio <= 2)
    return rows


def previous_runs(results: Path) -> list[str]:
    """The runs ``results`` already holds, as the lines of its "Previous runs" section: its
    latest run first (its headings moved two levels down, under a heading naming its date),
    then the runs it kept before."""
    if not results.exists():
        return []
    text = results.read_text(encoding="utf-8")
    latest, _, older = text.partition(f"\n{PREVIOUS}\n")
    lines = latest.splitlines()
    start = next((i for i, line in enumerate(lines) if line.startswith("## ")), None)
    if start is None:
        return older.strip("\n").splitlines()
    run = next((line.split(":", 1)[1].strip() for line in lines
                if line.startswith("- Run:")), "an earlier date")
    body = [f"##{line}" if line.startswith("## ") else line for line in lines[start:]]
    return [f"### Run of {run}", "", *body, "", *older.strip("\n").splitlines()]


def table_rows(cases: list[Case]) -> list[str]:
    rows = []
    for case in cases:
        floor = find(cases, named("floor: pyarrow read", case.extract), case.size) \
            if case.extract else None
        ratios = [f"{case.median / floor.median:.1f}×" if floor else ""]
        for peer in PEERS:
            other = find(cases, named(f"peer: {peer} query", case.extract), case.size) \
                if case.extract else None
            ratios.append(f"{case.median / other.median:.1f}×" if other else "")
        size = f"{case.size:,}" if case.size else ""
        rows.append(f"| {case.name} | {size} | {case.median:.3f} | {min(case.seconds):.3f} | "
                    f"{case.peak_mib:,.0f} | {' | '.join(ratios)} |")
    return rows


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__,
                                     formatter_class=argparse.RawDescriptionHelpFormatter)
    parser.add_argument("--sizes", type=int, nargs="+",
                        default=[10_000, 100_000, 1_000_000])
    parser.add_argument("--runs", type=int, default=5, help="timed rounds after the warm-up")
    parser.add_argument("--warm-ups", type=int, default=1, help="rounds run first and discarded")
    parser.add_argument("--xlsx-size", type=int, default=100_000)
    parser.add_argument("--census-workers", type=int, default=40_000)
    parser.add_argument("--council-size", type=int, default=5_000)
    parser.add_argument("--quick", action="store_true",
                        help="smoke run: 10k spells, 1 round and no warm-up, XLSX at 10k, census "
                             "of 2,000; results to OUT/RESULTS-quick.md unless --results is given")
    parser.add_argument("--out", type=Path, default=HERE / "out")
    parser.add_argument("--results", type=Path)
    parser.add_argument("--note", default="", help="a sentence for the method section, such as "
                        "what else ran on the machine")
    args = parser.parse_args()
    if args.quick:
        args.sizes, args.runs, args.xlsx_size, args.census_workers = [10_000], 1, 10_000, 2_000
        args.warm_ups = 0
    args.sizes = sorted(set(args.sizes))
    out = args.out.resolve()
    out.mkdir(parents=True, exist_ok=True)
    results = args.results or (out / "RESULTS-quick.md" if args.quick else HERE / "RESULTS.md")
    cases = build_cases(args, out)
    compile_wfkpi()
    pandas = {command: imports_pandas([str(Path(sys.executable).with_name("wfkpi")), command])
              for command in LIGHT}

    load = []
    for round_ in range(-args.warm_ups + 1, args.runs + 1):
        label = "warm-up" if round_ <= 0 else f"round {round_}/{args.runs}"
        load.append(os.getloadavg()[0])
        for case in cases:
            seconds, peak = measure(case.argv)
            if round_ > 0:
                case.seconds.append(seconds)
                case.peak_mib = max(case.peak_mib, peak)
            print(f"{label}: {case.name} {case.size:,}: {seconds:.2f} s, {peak:,.0f} MiB",
                  flush=True)
    load.append(os.getloadavg()[0])

    checks, agree = agreement(out, args.sizes)
    kept = previous_runs(results)
    text = "\n".join([
        "# Benchmark results", "",
        "Written by `make bench` (`python benchmarks/bench.py`); see the docstring of "
        "`benchmarks/bench.py` for what each row runs. Earlier runs are kept under "
        "\"Previous runs\" at the end.", "",
        "## Machine", "", *machine(), "",
        "## Method", "",
        f"Extracts: `wfkpi.sample.generate(N, seed={SEED})` written as CSV, reference date "
        f"{AS_AT.isoformat()}: N worker spells, about as many absence spells and, in the "
        "all-tables extract, the HR records tables (training, appraisals, supervision, "
        "recruitment: about ten training and ten supervision rows per spell). Rows named by "
        "the command alone read the **all-tables extract** (workers, vacancies, absences, "
        "training, appraisals, supervision, recruitment); rows ending \"workers + absences\" "
        "read the workers, vacancies and absences files only (the extract measured before "
        "the HR records tables). Every generated folder is stamped with a fingerprint of the "
        "generator's sources, N and the seed, and written again when it differs. Every row is "
        "a whole process, interpreter start-up included; wfkpi's modules are compiled to "
        "bytecode first, as installing a wheel compiles them (an editable install run with "
        "PYTHONDONTWRITEBYTECODE set would compile them on every run, which the libraries, "
        f"compiled when installed, never are). {args.warm_ups} warm-up round(s) "
        f"(discarded), then {args.runs} timed round(s); in each round every case runs once, "
        "interleaved. "
        "Seconds: median (and fastest) of the rounds; peak MiB: the largest peak resident set "
        "of the process in any round. The floor only reads the extract's CSV files with "
        "pyarrow (every column as text). The peers compute the headline dfe KPIs (turnover, "
        "agency, vacancy, caseload and absence rates, by the published rules) and, on the "
        f"all-tables extract, {len(HR)} lg HR records KPIs ({', '.join(HR)}), one in DuckDB "
        "SQL, the other in Polars expressions; both read every column as text, as wfkpi does. "
        "× floor and × peer divide a row's median by that of the floor or peer on the same "
        "extract and size. `wfkpi report` computes the dfe KPIs (its default), `--method lg` "
        "those reading the HR records tables; each reads, checks and types only the tables "
        "its KPIs read (dfe: workers, vacancies and absences; lg: all seven) and names the "
        "others as left unread, while `validate` reads and checks every table. The XLSX row "
        "reads the all-tables extract as one workbook per table written with openpyxl (cells "
        "as text); the census row reads a DfE CSWW XML return of "
        f"{args.census_workers:,} workers (`tests/census.py`); the date-effective row reads "
        "the same workers as an HR system's versions (a HIRE row, and a TERMINATION row from "
        "the day after each end) through a mapping's `history`; the council row runs "
        f"`wfkpi report --council {COUNCIL}` on an all-tables extract of "
        f"{args.council_size:,} spells and prints the table. `wfkpi --help`, `councils` and "
        "`targets` were also run once under `python -X importtime` to see whether they import "
        "pandas; their floor is a Typer app doing nothing with one option "
        "(`benchmarks/floor_typer.py`: Typer builds a pydantic validator for every option as "
        "a command runs). Load average (1 minute) before each round and at the end: "
        f"{', '.join(f'{x:.1f}' for x in load)} on {os.cpu_count()} cores."
        + (f" {args.note}" if args.note else ""), "",
        "## Times and memory", "",
        "| command | rows | seconds (median) | seconds (fastest) | peak MiB | × floor | "
        "× peer (DuckDB) | × peer (Polars) |",
        "|---|---:|---:|---:|---:|---:|---:|---:|", *table_rows(cases), "",
        "## Goals", "",
        "| goal | target | measured | |", "|---|---|---:|---|",
        *goals(cases, args.sizes, args.xlsx_size, args.council_size, pandas), "",
        "## The peers compute the same figures", "",
        "Each peer's KPIs against `wfkpi report`'s JSON (the dfe report for the headline "
        "KPIs, the `--method lg` report for the HR records ones), at the same reference date, "
        "to one decimal place: "
        + ("all agree." if agree else "**some disagree**, so their times are not comparable."),
        "",
        "| rows | tables | as at | method | KPI | wfkpi | DuckDB | Polars | agree |",
        "|---:|---|---|---|---|---:|---:|---:|---|", *checks, "",
        *([PREVIOUS, "", *kept, ""] if kept else []),
    ])
    results.write_text(text, encoding="utf-8")
    print(text)
    if not agree:
        raise SystemExit("the peers' figures disagree with wfkpi's")


if __name__ == "__main__":
    main()
