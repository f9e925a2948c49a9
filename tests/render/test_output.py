"""Output files: written whole, with the mode an ordinary write gives, never replacing a
special file."""

from __future__ import annotations

import os
import signal
import stat
from pathlib import Path

import pytest

from wfkpi.cli import run
from wfkpi.render.output import write_atomic


def mode(path: Path) -> int:
    return stat.S_IMODE(path.stat().st_mode)


@pytest.fixture
def umask_022():
    old = os.umask(0o022)
    yield
    os.umask(old)


def test_a_new_file_is_readable_as_the_umask_allows(tmp_path: Path, umask_022) -> None:
    target = tmp_path / "out" / "card.html"
    write_atomic(target, "<p>ok</p>")
    assert target.read_text() == "<p>ok</p>"
    assert mode(target) == 0o644
    os.umask(0o077)
    write_atomic(tmp_path / "private.csv", "a\n")
    assert mode(tmp_path / "private.csv") == 0o600


def test_an_existing_file_keeps_its_mode(tmp_path: Path, umask_022) -> None:
    target = tmp_path / "card.csv"
    target.write_text("old\n")
    target.chmod(0o664)
    write_atomic(target, b"new\n")
    assert (target.read_bytes(), mode(target)) == (b"new\n", 0o664)
    assert [p.name for p in tmp_path.iterdir()] == ["card.csv"]  # no temporary file left


def test_a_special_file_is_written_through_not_replaced(tmp_path: Path) -> None:
    fifo = tmp_path / "pipe"
    os.mkfifo(fifo)
    reader = os.open(fifo, os.O_RDONLY | os.O_NONBLOCK)
    try:
        write_atomic(fifo, "through the pipe\n")
        assert os.read(reader, 100) == b"through the pipe\n"
    finally:
        os.close(reader)
    assert stat.S_ISFIFO(fifo.stat().st_mode)


def test_sigterm_mid_write_leaves_no_temporary_file(tmp_path: Path, monkeypatch) -> None:
    """A run stopped by SIGTERM while its output is being written ends with 143, and neither
    the output nor its temporary file is left behind."""
    synced = os.fsync

    def stopped(fd: int) -> None:
        signal.raise_signal(signal.SIGTERM)  # as `kill` would, with the bytes half on disk
        synced(fd)

    monkeypatch.setattr(os, "fsync", stopped)
    target = tmp_path / "out" / "card.json"
    source = Path(__file__).parents[1] / "fixtures" / "report_small"
    code = run(["report", str(source), "--format", "json", "--output", str(target)])
    monkeypatch.undo()
    assert code == 143
    assert not target.exists()
    assert list((tmp_path / "out").iterdir()) == []
    assert signal.getsignal(signal.SIGTERM) is signal.SIG_DFL  # the handler is put back
