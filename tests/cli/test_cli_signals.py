"""Pipes and signals, with real processes: a closed output pipe ends a run with 141 and nothing
on stderr; Ctrl-C ends it with 130, wherever it lands (while Python starts the command line,
while files are read or written, while the progress bar is drawn), never with a traceback or
an abort (134).

The processes run the ``wfkpi`` console script (``wfkpi.__main__:main``). Before it runs, Python
itself starts (a few hundredths of a second, longer on a busy machine): a Ctrl-C then is
Python's to handle, so the moments tested start once the interpreter is up.
"""

from __future__ import annotations

import os
import pty
import select
import signal
import subprocess
import sys
import time
from pathlib import Path

import pytest

ROOT = Path(__file__).resolve().parents[2]
SAMPLE = ROOT / "sample_data" / "lambeth_childrens"
WFKPI = [sys.executable, "-m", "wfkpi"]
# The console script, as people run it; `python -m wfkpi` where it is not installed beside
# the interpreter.
SCRIPT = Path(sys.executable).with_name("wfkpi")
RUN = [str(SCRIPT)] if SCRIPT.exists() else WFKPI

pytestmark = pytest.mark.skipif(sys.platform == "win32", reason="POSIX signals and pipes")


def _env() -> dict[str, str]:
    env = {k: v for k, v in os.environ.items() if k not in ("FORCE_COLOR", "NO_COLOR")}
    env["COLUMNS"] = "100"
    return env


# ------------------------------------------------------------------------------- SIGPIPE

# Into `head -1`: whether the pipe is closed before the last write depends on how much `head`
# reads before it quits and on when the writes come, so the run ends 141 or, when every write
# went in before `head` quit, 0; never 1 (a missed target's code), never a word on stderr.
# test_into_a_closed_pipe_exits_141_quietly makes the closed pipe certain.
INTO_HEAD = {
    "targets": ["targets"],
    "councils": ["councils"],
    "report": ["report", str(SAMPLE), "-f", "json"],
    "validate json": ["validate", "{big}", "-f", "json"],
    "docs kpis": ["docs", "kpis"],
}


@pytest.fixture(scope="module")
def big(tmp_path_factory: pytest.TempPathFactory) -> Path:
    """A workers table of 3,000 rows, each with a blank FTE: a long list of warnings."""
    folder = tmp_path_factory.mktemp("big")
    lines = ["worker_id,employment_type,fte,start_date"]
    lines += [f"W{i:05d},permanent,,2020-01-01" for i in range(3000)]
    (folder / "workers.csv").write_text("\n".join(lines) + "\n", encoding="utf-8")
    return folder


@pytest.mark.parametrize("args", list(INTO_HEAD.values()), ids=list(INTO_HEAD))
def test_into_head_stops_quietly(args: list[str], big: Path) -> None:
    argv = [arg.replace("{big}", str(big)) for arg in args]
    whole = subprocess.run([*WFKPI, *argv], capture_output=True, env=_env(), cwd=ROOT)
    command = " ".join(f"'{arg}'" for arg in [*WFKPI, *argv])
    shell = subprocess.run(["bash", "-c", f"{command} | head -1; echo \"${{PIPESTATUS[0]}}\""],
                           capture_output=True, text=True, env=_env(), cwd=ROOT)
    first, code = shell.stdout.splitlines()
    assert first == whole.stdout.decode().splitlines()[0]
    assert (code in (str(whole.returncode), "141"), shell.stderr) == (True, "")


# Each command's output, whatever its size, into a pipe whose reader has already gone.
CLOSED = {
    "targets": ["targets"],
    "councils": ["councils"],
    "report": ["report", str(SAMPLE), "-f", "json"],
    "report --council": ["report", str(SAMPLE), "--council", "lambeth_childrens", "-f",
                         "markdown"],
    "report --output -": ["report", str(SAMPLE), "-f", "json", "--output", "-"],
    "validate": ["validate", str(SAMPLE)],
    "validate json": ["validate", str(SAMPLE), "-f", "json"],
    "mappings": ["mappings"],
    "mappings NAME": ["mappings", "frappe-hr"],
    "docs": ["docs"],
    "docs kpis": ["docs", "kpis"],
    "schema": ["schema"],
}


@pytest.mark.parametrize("args", list(CLOSED.values()), ids=list(CLOSED))
def test_into_a_closed_pipe_exits_141_quietly(args: list[str]) -> None:
    read, write = os.pipe()
    os.close(read)  # the reader has gone before the first line is written
    try:
        done = subprocess.run([*WFKPI, *args], stdout=write, stderr=subprocess.PIPE,
                              env=_env(), cwd=ROOT, timeout=60)
    finally:
        os.close(write)
    assert (done.returncode, done.stderr.decode()) == (141, "")


def test_a_reader_leaving_part_way_through_a_large_output_exits_141() -> None:
    """More than a pipe holds, its reader gone after the first bytes: the rest of the write
    fails, and the run ends 141, not 0 with its output cut short."""
    process = subprocess.Popen(
        [*WFKPI, "report", str(ROOT / "sample_data" / "camden_asc"), "--by", "team",
         "--format", "json"], stdout=subprocess.PIPE, stderr=subprocess.PIPE, env=_env(),
        cwd=ROOT)
    assert process.stdout is not None and process.stderr is not None
    assert process.stdout.read(10)  # then the reader goes, as `head -c 10` does
    process.stdout.close()
    err = process.stderr.read().decode()
    assert (process.wait(timeout=60), err) == (141, "")


# --------------------------------------------------------------------------------- SIGINT

def _interrupt(argv: list[str], moments: list[float], *, terminal: bool = False,
               cwd: Path = ROOT) -> list[tuple[float, int, str]]:
    """Start a run of ``argv`` for each moment (all at once, so the test takes as long as the
    latest), send each its Ctrl-C at its moment, and return (moment, exit code, stderr). With
    ``terminal``, stderr is a pseudo-terminal, so that the progress bar is drawn."""
    runs = []
    for moment in moments:
        if terminal:
            parent, child = pty.openpty()
            process = subprocess.Popen(argv, stdout=subprocess.DEVNULL, stderr=child,
                                       env=_env(), cwd=cwd)
            os.close(child)
        else:
            parent = None
            process = subprocess.Popen(argv, stdout=subprocess.DEVNULL, stderr=subprocess.PIPE,
                                       env=_env(), cwd=cwd)
        runs.append([moment, process, parent, b""])
    started = time.monotonic()
    for run in sorted(runs, key=lambda run: run[0]):
        time.sleep(max(0.0, started + run[0] - time.monotonic()))
        run[1].send_signal(signal.SIGINT)
    results = []
    for moment, process, parent, _ in runs:
        err = process.communicate(timeout=60)[1] if parent is None else _drain(parent, process)
        results.append((moment, process.returncode, err.decode(errors="replace")))
    return results


def _drain(parent: int, process: subprocess.Popen) -> bytes:
    out = b""
    while True:
        ready, _, _ = select.select([parent], [], [], 0.1)
        if ready:
            try:
                chunk = os.read(parent, 65536)
            except OSError:  # the child has closed its side
                break
            if not chunk:
                break
            out += chunk
        elif process.poll() is not None:
            break
    process.wait(timeout=60)
    os.close(parent)
    return out


def _assert_interrupted(results: list[tuple[float, int, str]]) -> None:
    for moment, code, err in results:
        assert code == 130, (moment, code, err[-2000:])
        assert "Traceback" not in err and "Exception ignored" not in err, (moment, err[-2000:])
        assert "Fatal Python error" not in err and "terminate called" not in err


def test_ctrl_c_exits_130_wherever_it_lands(tmp_path: Path) -> None:
    """From the first moments (Python loading the command line) to the middle of writing files:
    `sample --months 24` writes two years of extracts for several seconds."""
    moments = [0.15, 0.2, 0.25, 0.3, 0.35, 0.4, 0.5, 0.6, 0.75, 0.9, 1.1, 1.3]
    results = _interrupt([*RUN, "sample", "--council", "lambeth_childrens", "--months", "24",
                          "--out", str(tmp_path / "out")], moments)
    _assert_interrupted(results)
    left = [p.name for p in tmp_path.rglob("*") if p.name.endswith(".tmp")]
    assert left == []  # no half-written file left behind


def test_ctrl_c_exits_130_while_the_progress_bar_is_drawn(tmp_path: Path) -> None:
    """stderr a terminal: the bar is drawn (from the fourth file on) while seven files are read."""
    moments = [0.4, 0.55, 0.7, 0.85, 1.0]
    results = _interrupt([*RUN, "report", str(SAMPLE), "-f", "json"], moments, terminal=True)
    _assert_interrupted(results)


def test_a_ctrl_c_after_the_run_does_not_change_its_exit_code() -> None:
    """Once the command has ended, a late Ctrl-C has nothing to stop: the run's own code, not a
    death by signal."""
    process = subprocess.Popen([*WFKPI, "--version"], stdout=subprocess.PIPE, env=_env(),
                               cwd=ROOT)
    out, _ = process.communicate(timeout=60)
    assert (process.returncode, out.decode().startswith("wfkpi ")) == (0, True)
