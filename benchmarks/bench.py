"""Time and peak memory of whole wfkpi processes on seeded synthetic extracts.

Usage: python benchmarks/bench.py [--sizes 100000 1000000] [--runs 3]
Writes benchmarks/RESULTS.md. Extracts are generated once into benchmarks/out/ (not committed).
"""

from __future__ import annotations

import argparse
import os
import platform
import statistics
import subprocess
import sys
import time
from pathlib import Path

from wfkpi import sample

HERE = Path(__file__).parent
OUT = HERE / "out"


def measure(argv: list[str]) -> tuple[float, float]:
    """Wall seconds and peak resident memory (MiB) of one process."""
    start = time.perf_counter()
    proc = subprocess.Popen(argv, stdout=subprocess.DEVNULL, stderr=subprocess.DEVNULL)
    _, status, usage = os.wait4(proc.pid, 0)
    elapsed = time.perf_counter() - start
    code = os.waitstatus_to_exitcode(status)
    if code not in (0, 3):
        raise SystemExit(f"{' '.join(argv)} exited {code}")
    return elapsed, usage.ru_maxrss / 1024


def extract(size: int) -> Path:
    folder = OUT / f"workers-{size}"
    if not (folder / "workers.csv").exists():
        sample.write(folder, sample.generate(size, seed=7))
    return folder


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__)
    parser.add_argument("--sizes", type=int, nargs="+", default=[100_000, 1_000_000])
    parser.add_argument("--runs", type=int, default=3)
    args = parser.parse_args()
    wfkpi = str(Path(sys.executable).with_name("wfkpi"))
    rows = []
    for size in args.sizes:
        folder = extract(size)
        cases = {
            "wfkpi validate": [wfkpi, "validate", str(folder), "--format", "json"],
            "wfkpi report": [wfkpi, "report", str(folder), "--format", "json", "--output",
                             str(OUT / "report.json")],
        }
        for name, argv in cases.items():
            measure(argv)  # warm the file cache
            runs = [measure(argv) for _ in range(args.runs)]
            seconds = statistics.median(r[0] for r in runs)
            memory = max(r[1] for r in runs)
            rows.append(f"| {name} | {size:,} | {seconds:.2f} | {memory:,.0f} |")
            print(rows[-1], flush=True)
    machine = f"{platform.machine()}, {os.cpu_count()} cores, Python {platform.python_version()}"
    text = "\n".join([
        "# Benchmark results", "",
        f"Machine: {machine}. Median of {args.runs} runs after a warm-up; peak resident memory "
        "is the largest of the runs. Extracts: `wfkpi.sample.generate(N, seed=7)`, N worker "
        "spells plus about as many absence spells.", "",
        "| command | worker rows | seconds | peak MiB |", "|---|---:|---:|---:|", *rows, "",
    ])
    (HERE / "RESULTS.md").write_text(text)


if __name__ == "__main__":
    main()
