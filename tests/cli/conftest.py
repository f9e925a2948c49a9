"""Running the command line in-process, from inside tests/fixtures, at a fixed width."""

from __future__ import annotations

from collections.abc import Callable
from dataclasses import dataclass
from pathlib import Path

import pytest

from wfkpi.cli import run

FIXTURES = Path(__file__).resolve().parents[1] / "fixtures"


@dataclass
class Result:
    code: int
    out: str
    err: str

    @property
    def lines(self) -> list[str]:
        """stdout lines without the padding rich adds on the right."""
        return [line.rstrip() for line in self.out.splitlines()]

    def rows(self, title: str) -> list[list[str]]:
        """The cells of each body row of the rich table printed under ``title``."""
        lines = self.lines
        start = next(i for i, line in enumerate(lines) if line.startswith(title))
        rows = []
        for line in lines[start + 3:]:  # title, header, rule
            if "│" not in line:
                break
            rows.append([cell.strip() for cell in line.split("│")])
        return rows

    def header(self, title: str) -> list[str]:
        lines = self.lines
        start = next(i for i, line in enumerate(lines) if line.startswith(title))
        return [cell.strip() for cell in lines[start + 1].split("┃")]


@pytest.fixture(autouse=True)
def _terminal(monkeypatch: pytest.MonkeyPatch) -> None:
    monkeypatch.setenv("COLUMNS", "200")
    for name in ("FORCE_COLOR", "TTY_COMPATIBLE", "TTY_INTERACTIVE", "NO_COLOR", "TERM_PROGRAM"):
        monkeypatch.delenv(name, raising=False)
    monkeypatch.chdir(FIXTURES)


@pytest.fixture
def wfkpi(capsys: pytest.CaptureFixture[str]) -> Callable[..., Result]:
    """``wfkpi(*args)`` runs the command line and returns its exit code, stdout and stderr.

    No run may ever print a traceback.
    """

    def invoke(*args: str) -> Result:
        capsys.readouterr()
        code = run(list(args))
        captured = capsys.readouterr()
        result = Result(code, captured.out, captured.err)
        assert "Traceback" not in result.out
        assert "Traceback" not in result.err
        return result

    return invoke
