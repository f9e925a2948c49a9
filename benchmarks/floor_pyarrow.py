"""The floor: a Python process that only reads an extract's CSV files with pyarrow.

Usage: python benchmarks/floor_pyarrow.py FOLDER
Reads every ``*.csv`` in FOLDER into Arrow tables (every column as text, as wfkpi reads them) and
prints the row counts; nothing is checked or computed. Any KPI calculator reading the same files
in Python takes at least this long.
"""

from __future__ import annotations

import csv as pycsv
import sys
from pathlib import Path

import pyarrow as pa
from pyarrow import csv


def main() -> None:
    folder = Path(sys.argv[1])
    for path in sorted(folder.glob("*.csv")):
        with path.open(encoding="utf-8") as handle:
            names = next(pycsv.reader(handle))
        table = csv.read_csv(path, convert_options=csv.ConvertOptions(
            column_types={name: pa.string() for name in names}))
        print(f"{path.name}: {table.num_rows} rows")


if __name__ == "__main__":
    main()
