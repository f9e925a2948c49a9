"""The synthetic extract generator is seeded and byte-stable."""

from __future__ import annotations

import hashlib
from pathlib import Path

from wfkpi import sample
from wfkpi.read import load_extract

ROOT = Path(__file__).parents[1]


def _digest(folder: Path) -> dict[str, str]:
    return {p.name: hashlib.sha256(p.read_bytes()).hexdigest() for p in sorted(folder.iterdir())}


def test_same_seed_same_bytes_and_the_bundled_sample_is_its_output(tmp_path: Path) -> None:
    sample.write(tmp_path / "a", sample.generate(500, seed=1))
    sample.write(tmp_path / "b", sample.generate(500, seed=1))
    assert _digest(tmp_path / "a") == _digest(tmp_path / "b") == _digest(ROOT / "sample_data")


def test_other_seed_other_data(tmp_path: Path) -> None:
    sample.write(tmp_path / "a", sample.generate(200, seed=1))
    sample.write(tmp_path / "b", sample.generate(200, seed=2))
    assert _digest(tmp_path / "a") != _digest(tmp_path / "b")


def test_sample_is_valid_and_every_row_loads(tmp_path: Path) -> None:
    sample.write(tmp_path, sample.generate(2000, seed=3))
    extract = load_extract(tmp_path)
    assert extract.valid
    assert {i.code for i in extract.issues} <= {"blank-value"}  # the few unknown FTEs
    for source in extract.sources:
        assert source.set_aside == 0
    assert len(extract.tables["workers"]) == 2000
