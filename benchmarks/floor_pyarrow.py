"""The floor: a Python process that only reads an extract's CSV files with pyarrow.

Usage: python benchmarks/floor_pyarrow.py FOLDER
Reads every ``*.csv`` in FOLDER, whichever tables they are (the core workers, vacancies and
absences, and the HR records tables training, appraisals, supervision and recruitment when the
extract has them), into Arrow tables, every column as text (as wfkpi reads them), and prints the
row counts; nothing is checked or computed. Any KPI calculator reading the same files in Python
takes at least this long.
"""

from __future__ import annotations

import csv as pycsv
import sys
from pathlib import Path

import pyarrow as pa
from pyarrow import csv


def main() -> None:
    folder = Path(sys.argv[1])
    paths = sorted(folder.glob("*.csv"))
    if not paths:
        raise SystemExit(f"{folder}: no CSV file to read")
    total = 0
    for path in paths:
        with path.open(encoding="utf-8", newline="") as handle:
            names = next(pycsv.reader(handle))
        table = csv.read_csv(path, convert_options=csv.ConvertOptions(
            column_types={name: pa.string() for name in names}))
        total += table.num_rows
        print(f"{path.name}: {table.num_rows} rows")
    print(f"{len(paths)} files, {total} rows")


if __name__ == "__main__":
    main()
