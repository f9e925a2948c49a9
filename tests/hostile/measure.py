"""Run each hostile case as its own ``wfkpi`` process and write RESULTS.md: the exit code, the
peak resident memory (the process's maximum RSS, as GNU ``/usr/bin/time -v`` reports it) and
the wall-clock seconds of each.

    .venv/bin/python -m tests.hostile.measure            # writes tests/hostile/RESULTS.md
"""

from __future__ import annotations

import re
import shlex
import subprocess
import sys
import tempfile
from pathlib import Path

from tests.hostile.cases import cases

HERE = Path(__file__).resolve().parent
WFKPI = Path(sys.executable).with_name("wfkpi")
TIME = "/usr/bin/time"  # GNU time


def measure(args: list[str], folder: Path) -> tuple[int, float, float, str]:
    """(exit code, peak RSS in MB, seconds, stdout and stderr) of one run, measured by
    ``/usr/bin/time -v``: a process forked straight from this one would count this one's memory
    at the fork as its own."""
    out, err, stats = folder / "stdout.txt", folder / "stderr.txt", folder / "time.txt"
    with out.open("wb") as stdout, err.open("wb") as stderr:
        subprocess.run([TIME, "-v", "-o", str(stats), str(WFKPI), *args], stdout=stdout,
                       stderr=stderr, stdin=subprocess.DEVNULL, cwd=folder, check=False)
    report = stats.read_text()
    code = int(re.search(r"Exit status: (\d+)", report).group(1))  # type: ignore[union-attr]
    peak = int(re.search(r"Maximum resident set size \(kbytes\): (\d+)",  # type: ignore[union-attr]
                         report).group(1)) / 1024
    clock = re.search(r"Elapsed \(wall clock\) time.*: (?:(\d+):)?(\d+):([\d.]+)", report)
    hours, minutes, seconds = clock.groups()  # type: ignore[union-attr]
    elapsed = int(hours or 0) * 3600 + int(minutes) * 60 + float(seconds)
    text = err.read_text(errors="replace") + out.read_text(errors="replace")
    assert "Traceback" not in text
    return code, peak, elapsed, text


def main() -> int:
    rows = []
    with tempfile.TemporaryDirectory() as tmp:
        for case in cases():
            folder = Path(tmp) / case.name
            args = case.build(folder)
            code, peak, seconds, text = measure(args, folder)
            shown = " ".join(shlex.quote(a.replace(str(folder), "CASE")) for a in args)
            ok = "yes" if code == case.code and all(e in text for e in case.expect) else "NO"
            rows.append(f"| `{case.name}` | {case.what} | `wfkpi {shown}` | {code} | "
                        f"{peak:,.0f} | {seconds:.2f} | {ok} |")
            print(rows[-1], flush=True)
    table = "\n".join([
        "# Hostile input: exit code, peak memory and time of each case",
        "",
        "Each case of `tests/hostile/cases.py` run as its own process by "
        "`python -m tests.hostile.measure` (`CASE` is the case's folder). Peak memory is the "
        "process's maximum resident set size, interpreter and libraries included (about "
        "115 MB before any file is read). \"As expected\" is the exit code and message the "
        "test asserts.",
        "",
        "| case | what | command | exit code | peak memory (MB) | seconds | as expected |",
        "|---|---|---|---|---|---|---|",
        *rows, ""])
    (HERE / "RESULTS.md").write_text(table, encoding="utf-8")
    return 0 if all(row.endswith("| yes |") for row in rows) else 1


if __name__ == "__main__":
    sys.exit(main())
