"""Shared fixtures for the reader and command-line tests.

The input fixtures live in ``tests/fixtures/<case>/``, built by ``tests/fixtures/make_fixtures.py``.
``extract("case")`` loads one through :func:`wfkpi.read.load_extract`, once per test run.
"""

from __future__ import annotations

import os
from collections.abc import Callable
from pathlib import Path
from typing import Any

import pytest

from wfkpi import sample
from wfkpi.app import trend as app_trend
from wfkpi.read import load_extract, load_mapping

FIXTURES = Path(__file__).resolve().parent / "fixtures"


@pytest.fixture(scope="session")
def fixtures_dir() -> Path:
    return FIXTURES


@pytest.fixture(scope="session")
def extract() -> Callable[..., object]:
    """Load a fixture folder (optionally through the mapping file in it), cached for the run."""
    cache: dict[tuple[str, str | None], object] = {}

    def load(case: str, mapping: str | None = None) -> object:
        key = (case, mapping)
        if key not in cache:
            folder = FIXTURES / case
            cache[key] = load_extract(folder, load_mapping(folder / mapping) if mapping else None)
        return cache[key]

    return load


@pytest.fixture
def golden(request: pytest.FixtureRequest) -> Any:
    """Compare text or bytes with ``golden/NAME`` beside the test module, byte for byte.

    ``WFKPI_UPDATE_GOLDEN=1`` rewrites the file instead (then review the diff and commit it).
    """
    folder = request.path.parent / "golden"

    def check(name: str, data: str | bytes) -> None:
        raw = data.encode("utf-8") if isinstance(data, str) else data
        path = folder / name
        if os.environ.get("WFKPI_UPDATE_GOLDEN") == "1":
            path.parent.mkdir(exist_ok=True)
            path.write_bytes(raw)
        assert path.exists(), f"{path} is missing: run with WFKPI_UPDATE_GOLDEN=1 to write it"
        assert raw == path.read_bytes(), (
            f"{name} differs from the golden file; if the change is meant, rerun with "
            "WFKPI_UPDATE_GOLDEN=1 and review the diff")

    return check


MONTHLY_COUNCIL = "peterborough"  # the council of the monthly extracts below
MONTHS = 13


@pytest.fixture(scope="session")
def folders(tmp_path_factory: pytest.TempPathFactory) -> Path:
    """13 monthly sample extracts of Peterborough, one folder per month: 2024-09 to 2025-09
    (the trend tests' folder)."""
    root = tmp_path_factory.mktemp("monthly")
    for day, tables in sample.extracts(MONTHLY_COUNCIL, months=MONTHS, seed=3).items():
        sample.write(root / f"{day:%Y-%m}", tables)
    return root


@pytest.fixture(scope="session")
def plain(folders: Path) -> dict[str, Any]:
    """The trend of :func:`folders` without a council, as its JSON dict."""
    return app_trend.trend(folders).to_dict()
