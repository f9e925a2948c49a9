"""Time and peak memory of whole wfkpi processes, against a floor and a peer, on seeded extracts.

Usage: python benchmarks/bench.py [--sizes 10000 100000 1000000] [--runs 5] [--quick]
       [--out DIR] [--results FILE]

Each extract is ``wfkpi.sample.generate(N, seed=7)``'s workers, vacancies and absences tables
written as CSV (N worker spells and about as many absence spells; the sample's HR records tables
are left out), generated once into ``--out`` (default benchmarks/out/, not committed).
For every size the script runs, as separate processes:

- ``wfkpi validate`` and ``wfkpi report`` (JSON to a file);
- the floor, ``benchmarks/floor_pyarrow.py``: only reads the same CSV files with pyarrow;
- the peer, ``benchmarks/peer_duckdb.py``: one DuckDB SQL query computing the headline dfe KPIs.

and, once: ``wfkpi report`` on the 100k extract saved as XLSX and as date-effective rows read
through a mapping's ``history``, on a DfE census XML of 40,000
workers, on a council-sized extract (5,000 spells, with ``--council``), and ``wfkpi --help``,
``wfkpi councils`` and ``wfkpi targets`` (which load no pandas).

All cases are run in rounds, interleaved: one warm-up round (discarded), then ``--runs`` rounds,
each running every case once. Time is the median of the rounds; peak memory is the largest peak
resident set of the process in any round (from ``wait4``). The peer's figures are checked against
wfkpi's report JSON to one decimal place; the script exits 1 when they disagree.
Writes ``--results`` (default benchmarks/RESULTS.md).
"""

from __future__ import annotations

import argparse
import csv
import datetime as dt
import json
import os
import platform
import statistics
import subprocess
import sys
import tempfile
import time
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
HEADLINE = ("turnover_rate_fte", "agency_rate_fte", "vacancy_rate_fte", "caseload_fte",
            "absence_rate_fte")
COUNCIL = "lambeth_childrens"
# The tables written for every extract: those the headline KPIs, the floor and the peer read. The
# sample's HR records tables (training, supervision, appraisals, recruitment) would add about
# twenty rows per worker spell (9.9M training and 9.6M supervision rows at 1M).
TABLES = ("workers", "vacancies", "absences")
MIB = 1024 * 1024


@dataclass
class Case:
    name: str
    size: int
    argv: list[str]
    seconds: list[float] = field(default_factory=list)
    peak_mib: float = 0.0

    @property
    def median(self) -> float:
        return statistics.median(self.seconds)


TIME = Path("/usr/bin/time")


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


def csv_extract(out: Path, size: int, name: str | None = None) -> Path:
    """The extract of ``size`` worker spells: its ``TABLES`` only. A folder holding other
    tables (written by another version of this script) is written again."""
    folder = out / (name or f"workers-{size}")
    if sorted(path.stem for path in folder.glob("*.csv")) != sorted(TABLES):
        print(f"generating {folder}", flush=True)
        for path in folder.glob("*.csv"):
            path.unlink()
        tables = sample.generate(size, seed=SEED)
        sample.write(folder, {table: tables[table] for table in TABLES})
    return folder


def xlsx_extract(out: Path, size: int) -> Path:
    """The CSV extract of ``size`` saved as one XLSX workbook per table (cells as text)."""
    source = csv_extract(out, size)
    folder = out / f"xlsx-{size}"
    folder.mkdir(parents=True, exist_ok=True)
    for path in folder.glob("*.xlsx"):
        if path.stem not in TABLES:
            path.unlink()
    for path in sorted(source.glob("*.csv")):
        target = folder / f"{path.stem}.xlsx"
        if target.exists():
            continue
        print(f"writing {target}", flush=True)
        book = Workbook(write_only=True)
        sheet = book.create_sheet(path.stem)
        with path.open(encoding="utf-8", newline="") as handle:
            for row in csv.reader(handle):
                sheet.append([cell if cell != "" else None for cell in row])
        book.save(target.with_suffix(".tmp"))
        target.with_suffix(".tmp").rename(target)
    return folder


# The CSV extract's workers written as an HR system writes date-effective rows (Oracle HCM's
# layout: pipe-delimited, YYYY/MM/DD, 4712/12/31 for no end): each spell a HIRE row and, when
# it ended, a TERMINATION row from the day after; read through HISTORY_MAPPING.
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
    folder = out / f"history-{size}"
    mapping = folder / "mapping.yaml"
    if not mapping.exists():
        print(f"writing {folder}", flush=True)
        folder.mkdir(parents=True, exist_ok=True)
        source = csv_extract(out, size) / "workers.csv"
        lines = ["Person Number|Assignment Number|Action Code|Effective Start Date|"
                 "Effective End Date|Assignment Category|FTE|Department"]
        with source.open(encoding="utf-8", newline="") as handle:
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
        (folder / "Assignments.txt").write_text("\n".join(lines) + "\n", encoding="utf-8")
        mapping.write_text(HISTORY_MAPPING, encoding="utf-8")
    return folder, mapping


def census_file(out: Path, workers: int) -> Path:
    path = out / f"census-{workers}.xml"
    if not path.exists():
        print(f"writing {path}", flush=True)
        write_national(path.with_suffix(".tmp"), workers)
        path.with_suffix(".tmp").rename(path)
    return path


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
    for name in ("wfkpi", "pandas", "numpy", "pyarrow", "duckdb", "openpyxl", "python-calamine",
                 "lxml", "pydantic"):
        try:
            packages.append(f"{name} {metadata.version(name)}")
        except metadata.PackageNotFoundError:
            packages.append(f"{name} (not installed)")
    return [
        f"- CPU: {cpu}, {os.cpu_count()} cores ({platform.machine()})",
        f"- Memory: {memory or 'unknown'}",
        f"- OS: {platform.platform()}",
        f"- Python: {platform.python_implementation()} {platform.python_version()}",
        f"- Packages: {', '.join(packages)}",
        f"- Run: {dt.datetime.now().astimezone():%Y-%m-%d %H:%M %Z}",
    ]


def build_cases(args: argparse.Namespace, out: Path) -> tuple[list[Case], dict[int, Path]]:
    py = sys.executable
    wfkpi = str(Path(py).with_name("wfkpi"))
    as_at = AS_AT.isoformat()
    cases: list[Case] = []
    peers: dict[int, Path] = {}
    for size in args.sizes:
        folder = csv_extract(out, size)
        peers[size] = out / f"peer-{size}.json"
        cases += [
            Case("wfkpi validate", size, [wfkpi, "validate", str(folder), "--format", "json"]),
            Case("wfkpi report", size, [wfkpi, "report", str(folder), "--format", "json",
                                        "--output", str(out / f"report-{size}.json")]),
            Case("floor: pyarrow read", size, [py, str(HERE / "floor_pyarrow.py"), str(folder)]),
            Case("peer: DuckDB query", size, [py, str(HERE / "peer_duckdb.py"), str(folder),
                                              "--as-at", as_at, "--output", str(peers[size])]),
        ]
    xlsx = xlsx_extract(out, args.xlsx_size)
    cases.append(Case("wfkpi report, XLSX input", args.xlsx_size,
                      [wfkpi, "report", str(xlsx), "--format", "json",
                       "--output", str(out / "report-xlsx.json")]))
    if args.xlsx_size not in args.sizes:
        cases.append(Case("wfkpi report", args.xlsx_size,
                          [wfkpi, "report", str(csv_extract(out, args.xlsx_size)), "--format",
                           "json", "--output", str(out / f"report-{args.xlsx_size}.json")]))
    history, mapping = history_extract(out, args.xlsx_size)
    cases.append(Case("wfkpi report, date-effective rows through a mapping", args.xlsx_size,
                      [wfkpi, "report", str(history), "--mapping", str(mapping), "--format",
                       "json", "--output", str(out / "report-history.json")]))
    census = census_file(out, args.census_workers)
    cases.append(Case("wfkpi report, census XML", args.census_workers,
                      [wfkpi, "report", str(census), "--format", "json",
                       "--output", str(out / "report-census.json")]))
    council = csv_extract(out, args.council_size, name=f"council-{args.council_size}")
    cases.append(Case("wfkpi report --council (table)", args.council_size,
                      [wfkpi, "report", str(council), "--council", COUNCIL]))
    cases.append(Case("wfkpi --help", 0, [wfkpi, "--help"]))
    # the small commands that read only the targets file: no pandas loaded
    cases.append(Case("wfkpi councils", 0, [wfkpi, "councils"]))
    cases.append(Case("wfkpi targets", 0, [wfkpi, "targets"]))
    return cases, peers


def agreement(out: Path, sizes: list[int], peers: dict[int, Path]) -> tuple[list[str], bool]:
    """Rows comparing the peer's headline figures with wfkpi's, and whether all agree."""
    rows, ok = [], True
    for size in sizes:
        report = json.loads((out / f"report-{size}.json").read_text())
        peer = json.loads(peers[size].read_text())
        same_date = report["as_at"] == peer["as_at"]
        ok &= same_date
        for kpi in HEADLINE:
            ours, theirs = report["kpis"][kpi]["value"], peer[kpi]
            if ours is None or theirs is None:
                agree = ours is None and theirs is None
            else:
                agree = f"{ours:.1f}" == f"{theirs:.1f}"
            agree &= same_date
            ok &= agree
            show = [f"{v:.1f}" if v is not None else "null" for v in (ours, theirs)]
            rows.append(f"| {size:,} | {report['as_at']} | {kpi} | {show[0]} | {show[1]} | "
                        f"{'yes' if agree else 'NO'} |")
    return rows, ok


def find(cases: list[Case], name: str, size: int) -> Case | None:
    return next((c for c in cases if c.name == name and c.size == size), None)


def goals(cases: list[Case], sizes: list[int], xlsx_size: int, council: int) -> list[str]:
    top = max(sizes)
    report, floor = find(cases, "wfkpi report", top), find(cases, "floor: pyarrow read", top)
    peer = find(cases, "peer: DuckDB query", top)
    rows = []

    def row(goal: str, target: str, value: str, met: bool) -> None:
        rows.append(f"| {goal} | {target} | {value} | {'met' if met else 'missed'} |")

    assert report and floor and peer
    ratio = report.median / floor.median
    row(f"`wfkpi report` at {top:,} vs the pyarrow floor", "≤ 5×", f"{ratio:.1f}×", ratio <= 5)
    ratio = report.median / peer.median
    row(f"`wfkpi report` at {top:,} vs the DuckDB peer", "≤ 2.5×", f"{ratio:.1f}×", ratio <= 2.5)
    row(f"`wfkpi report` peak memory at {top:,}", "< 1.5 GB (1,430 MiB)",
        f"{report.peak_mib:,.0f} MiB", report.peak_mib * MIB < 1.5e9)
    if len(sizes) > 1:
        low = sorted(sizes)[-2]
        small = find(cases, "wfkpi report", low)
        assert small
        growth, scale = report.median / small.median, top / low
        limit = 1.1 * scale
        row(f"linear growth: `wfkpi report` {top:,} ÷ {low:,}", f"< {limit:.0f}× "
            f"(data {scale:.0f}×)", f"{growth:.1f}×", growth < limit)
    helped = find(cases, "wfkpi --help", 0)
    assert helped
    row("`wfkpi --help`", "< 250 ms", f"{helped.median * 1000:.0f} ms", helped.median < 0.25)
    council_case = find(cases, "wfkpi report --council (table)", council)
    assert council_case
    row(f"council-sized run ({council:,} spells), start-up included", "< 1.5 s",
        f"{council_case.median:.2f} s", council_case.median < 1.5)
    xlsx, csv_case = find(cases, "wfkpi report, XLSX input", xlsx_size), \
        find(cases, "wfkpi report", xlsx_size)
    assert xlsx and csv_case
    ratio = xlsx.median / csv_case.median
    row(f"XLSX input vs the same data as CSV ({xlsx_size:,} spells)", "≤ 3×", f"{ratio:.1f}×",
        ratio <= 3)
    return rows


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__,
                                     formatter_class=argparse.RawDescriptionHelpFormatter)
    parser.add_argument("--sizes", type=int, nargs="+",
                        default=[10_000, 100_000, 1_000_000])
    parser.add_argument("--runs", type=int, default=5, help="timed rounds after the warm-up")
    parser.add_argument("--xlsx-size", type=int, default=100_000)
    parser.add_argument("--census-workers", type=int, default=40_000)
    parser.add_argument("--council-size", type=int, default=5_000)
    parser.add_argument("--quick", action="store_true",
                        help="smoke run: 10k spells, 1 round, XLSX at 10k, census of 2,000")
    parser.add_argument("--out", type=Path, default=HERE / "out")
    parser.add_argument("--results", type=Path, default=HERE / "RESULTS.md")
    args = parser.parse_args()
    if args.quick:
        args.sizes, args.runs, args.xlsx_size, args.census_workers = [10_000], 1, 10_000, 2_000
    args.sizes = sorted(set(args.sizes))
    out = args.out.resolve()
    out.mkdir(parents=True, exist_ok=True)
    cases, peers = build_cases(args, out)

    for round_ in range(args.runs + 1):
        label = "warm-up" if round_ == 0 else f"round {round_}/{args.runs}"
        for case in cases:
            seconds, peak = measure(case.argv)
            if round_:
                case.seconds.append(seconds)
                case.peak_mib = max(case.peak_mib, peak)
            print(f"{label}: {case.name} {case.size:,}: {seconds:.2f} s, {peak:,.0f} MiB",
                  flush=True)

    table = []
    for case in cases:
        floor = find(cases, "floor: pyarrow read", case.size)
        peer = find(cases, "peer: DuckDB query", case.size)
        vs_floor = f"{case.median / floor.median:.1f}×" if floor else ""
        vs_peer = f"{case.median / peer.median:.1f}×" if peer else ""
        size = f"{case.size:,}" if case.size else ""
        table.append(f"| {case.name} | {size} | {case.median:.3f} | "
                     f"{min(case.seconds):.3f} | {case.peak_mib:,.0f} | {vs_floor} | {vs_peer} |")
    checks, agree = agreement(out, args.sizes, peers)
    text = "\n".join([
        "# Benchmark results", "",
        "Written by `make bench` (`python benchmarks/bench.py`); see the docstring of "
        "`benchmarks/bench.py` for what each row runs.", "",
        "## Machine", "", *machine(), "",
        "## Method", "",
        f"Extracts: `wfkpi.sample.generate(N, seed={SEED})`'s {', '.join(TABLES)} tables "
        "written as CSV (its HR records tables left out): N worker spells "
        "and about as many absence spells, reference date "
        f"{AS_AT.isoformat()}. Every row is a whole process, interpreter start-up included. "
        f"One warm-up round, then {args.runs} timed round(s); in each round every case runs "
        "once, interleaved. Seconds: median (and fastest) of the rounds; peak MiB: the "
        "largest peak resident set of the process in any round. The floor only reads the "
        "CSV files with pyarrow (every column as text); the peer computes turnover, agency, "
        "vacancy, caseload and absence rates (dfe) in one DuckDB query. The XLSX rows read "
        "one workbook per table written with openpyxl (cells as text); the census row reads a "
        f"DfE CSWW XML return of {args.census_workers:,} workers (`tests/census.py`); the "
        "date-effective row reads the same spells as an HR system's versions (a HIRE row, and "
        "a TERMINATION row from the day after each end) through a mapping's `history`; the "
        f"council row runs `wfkpi report --council {COUNCIL}` on {args.council_size:,} "
        "spells and prints the table.", "",
        "## Times and memory", "",
        "| command | rows | seconds (median) | seconds (fastest) | peak MiB | × floor | × peer |",
        "|---|---:|---:|---:|---:|---:|---:|", *table, "",
        "## Goals", "",
        "| goal | target | measured | |", "|---|---|---:|---|",
        *goals(cases, args.sizes, args.xlsx_size, args.council_size), "",
        "## The peer computes the same figures", "",
        "The DuckDB peer's headline KPIs against `wfkpi report`'s JSON, at the same reference "
        "date, to one decimal place: "
        + ("all agree." if agree else "**some disagree**, so its times are not comparable."),
        "",
        "| rows | as at | KPI | wfkpi | DuckDB | agree |", "|---:|---|---|---:|---:|---|",
        *checks, "",
    ])
    args.results.write_text(text)
    print(text)
    if not agree:
        raise SystemExit("the DuckDB peer's figures disagree with wfkpi's")


if __name__ == "__main__":
    main()
