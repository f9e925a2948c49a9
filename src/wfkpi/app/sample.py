"""``wfkpi sample``: synthetic extracts shaped like a council's workforce, written to folders."""

from __future__ import annotations

import datetime as dt
from collections.abc import Iterator
from pathlib import Path

from wfkpi import sample
from wfkpi.core.errors import UsageError


def write_samples(council: str, out: Path, *, as_at: dt.date | None = None, months: int = 1,
                  seed: int = 1) -> Iterator[tuple[Path, dt.date, str]]:
    """Write the extracts of ``council``'s profile into ``out`` (one extract), or into a
    ``YYYY-MM`` folder for each of ``months`` month-ends ending at ``as_at``; yield each folder
    as it is written, with its reference date and a summary of its rows."""
    if council not in sample.PROFILES:
        raise UsageError(f"unknown council '{council}' (choose one of: "
                         f"{', '.join(sample.PROFILES)})")
    day = as_at or sample.AS_AT
    if months > 1 and not sample.is_month_end(day):
        raise UsageError(f"--as-at {day.isoformat()}: not a month-end; with --months more "
                         "than 1 the extracts are at month-ends")
    for month_end, tables in sample.extracts(council, as_at=day, months=months,
                                             seed=seed).items():
        folder = out if months == 1 else out / f"{month_end:%Y-%m}"
        sample.write(folder, tables)
        yield folder, month_end, sample.summary(tables)
