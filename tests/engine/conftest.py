"""The frame builders of :mod:`frames`, as a fixture."""

from __future__ import annotations

from types import SimpleNamespace

import pytest
from frames import R, absences, table, vacancies, worker, workers


@pytest.fixture
def frames() -> SimpleNamespace:
    """The builders, for tests: ``frames.workers(frames.worker("a", fte=0.5), ...)``."""
    return SimpleNamespace(
        R=R, worker=worker, workers=workers, vacancies=vacancies, absences=absences, table=table
    )
