"""The committed fixtures are exactly what ``tests/fixtures/make_fixtures.py`` writes."""

from __future__ import annotations

import hashlib
import io
import zipfile
from pathlib import Path
from types import SimpleNamespace

FIXTURES = Path(__file__).resolve().parents[1] / "fixtures"
# Folders of files copied from elsewhere, not written by the generator: each name, with the
# SHA-256 of every file in it (its README says where the files come from).
COPIED = {
    "csww": {
        "liia_sample_2022.xml":
            "cf6927442321fb6610fbf1b6a915866427f82458cc4968cb8dd97cefe4dbce38",
        "liia_bad_2023.xml":
            "8493b1d46a42d3d4d71509559ef79bed26da49b540789b83dd7c0ac155df173b",
        "liia_pipeline_2022.xml":
            "0dce1efb438934e6685d768dc13274ebeb66467bed500bc55c0049840bf92803",
        # written by hand in the real layouts (the folder's README.md)
        "layout_2021.xml": "795cc9d9528cf12e87a1104935b340755bacdb418e2f7275ce86ac3ad13d23cb",
        "layout_2024.xml": "0d7aed98e439f3cc2d3d4fe84eb4722433f5e98490db5165fc208e6ecf3844b5",
        "layout_2025.xml": "a78c5ec406740b96abf44f410f3c1b28e3f1eaf2d0750f422a041577cbcf7b2e",
        "broken_2022.xml": "5bd0f5c133ac88605a294004532860b383412da5d6f0d55c0a158e924eb56f36",
        "broken_2024.xml": "2ff40c21e8870e6e90744fbfaf9d441b2423a906786c6a2887b2c02a4ba3714b",
        "broken_2025.xml": "39a5745efa4bd898b7daf6913c131a8e9f230907f2b66f4951cc9096008ae025",
        "variants_2024.xml": "8d6947bbfb38de607bbf9a5ff3e66dbfcc07e1bfe296695d2297b2da40c89fa8",
        "namespace_2024.xml":
            "633fc65b6403369c1ca2fff1f9b51797a7d9cb396647c4ddf696337a2d2521c7",
        "blanks_2024.xml": "5d24e453075a27053241852370de2da135fc5b1345e0ec4f5fc3249adec5b01e",
        "cin_header.xml": "d113a4bb8c6c4797871a242b30cff33ec7c36c8f97578ed04b9377d47330d8bc",
    },
}
# Folders written by hand from public documentation, not by the generator: each has a README.md
# and a SOURCES.md entry giving the documents its layout comes from.
HAND_BUILT = {"systems"}


def _maker() -> SimpleNamespace:
    """The generator's functions, run from source (no bytecode left in tests/fixtures)."""
    path = FIXTURES / "make_fixtures.py"
    namespace = {"__name__": "make_fixtures", "__file__": str(path)}
    exec(compile(path.read_text(encoding="utf-8"), str(path), "exec"), namespace)
    return SimpleNamespace(**namespace)


def test_fixtures_match_their_generator(tmp_path: Path) -> None:
    written = _maker().build(tmp_path)
    expected = {p.relative_to(tmp_path): p.read_bytes() for p in written}
    committed = {
        p.relative_to(FIXTURES): p.read_bytes()
        for p in FIXTURES.rglob("*")
        if p.is_file() and p.parent != FIXTURES and "__pycache__" not in p.parts
        and p.relative_to(FIXTURES).parts[0] not in COPIED
        and p.relative_to(FIXTURES).parts[0] not in HAND_BUILT
    }
    assert sorted(committed) == sorted(expected), "run tests/fixtures/make_fixtures.py"
    stale = [str(name) for name, data in expected.items()
             if _content(name, committed[name]) != _content(name, data)]
    assert stale == [], "run tests/fixtures/make_fixtures.py"


def _content(name: Path, data: bytes) -> object:
    """Text fixtures byte for byte; workbooks member by member (zlib builds differ in bytes)."""
    if name.suffix == ".xlsx" and data.startswith(b"PK"):
        with zipfile.ZipFile(io.BytesIO(data)) as archive:
            return {member: archive.read(member) for member in archive.namelist()}
    return data


def test_text_fixtures_hold_the_exact_bytes_councils_send() -> None:
    cp1252 = (FIXTURES / "windows_1252" / "workers.csv").read_bytes()
    assert b"Caf\xe9 \xa3 team" in cp1252  # é and £ as single Windows-1252 bytes
    assert b"\x96" in cp1252  # en dash
    assert (FIXTURES / "utf8_bom" / "workers.csv").read_bytes().startswith(b"\xef\xbb\xbfworker_id")
    assert (FIXTURES / "utf16" / "workers.csv").read_bytes().startswith(b"\xff\xfew\x00")
    assert (FIXTURES / "empty_file" / "workers.csv").read_bytes() == b""
    assert (FIXTURES / "pdf_as_xlsx" / "workers.xlsx").read_bytes().startswith(b"%PDF-1.4")


def test_copied_fixtures_are_unchanged() -> None:
    for folder, files in COPIED.items():
        found = {p.name for p in (FIXTURES / folder).iterdir() if p.name != "README.md"}
        assert found == set(files), f"tests/fixtures/{folder}: list each file in COPIED"
        for name, digest in files.items():
            data = (FIXTURES / folder / name).read_bytes()
            assert hashlib.sha256(data).hexdigest() == digest, f"{folder}/{name} has changed"
        assert (FIXTURES / folder / "README.md").is_file(), "say where the files come from"
