"""Shared fixtures for the reader and command-line tests.

The input fixtures live in ``tests/fixtures/<case>/``, built by ``tests/fixtures/make_fixtures.py``.
``extract("case")`` loads one through :func:`wfkpi.read.load_extract`, once per test run.
"""

from __future__ import annotations

from collections.abc import Callable
from pathlib import Path

import pytest

FIXTURES = Path(__file__).resolve().parent / "fixtures"


@pytest.fixture(scope="session")
def fixtures_dir() -> Path:
    return FIXTURES


@pytest.fixture(scope="session")
def extract() -> Callable[..., object]:
    """Load a fixture folder (optionally through the mapping file in it), cached for the run."""
    from wfkpi.read import load_extract, load_mapping

    cache: dict[tuple[str, str | None], object] = {}

    def load(case: str, mapping: str | None = None) -> object:
        key = (case, mapping)
        if key not in cache:
            folder = FIXTURES / case
            cache[key] = load_extract(folder, load_mapping(folder / mapping) if mapping else None)
        return cache[key]

    return load
