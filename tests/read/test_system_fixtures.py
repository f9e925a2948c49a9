"""tests/fixtures/systems: named HR systems' export layouts with hand-worked dfe figures.

The layouts are read by the mapping tests; these checks keep the folders whole and the
hand-worked figures consistent with the formulas of docs/kpis.md."""

from __future__ import annotations

import json
from pathlib import Path

import pytest

SYSTEMS = Path(__file__).resolve().parents[1] / "fixtures" / "systems"
FOLDERS = ["oracle_hcm_hdl", "oracle_hcm_otbi", "successfactors_ec", "frappe_hr"]
KPIS = {
    "inpost_headcount", "inpost_fte", "agency_headcount", "agency_fte", "agency_rate_fte",
    "agency_rate_headcount", "starters_headcount", "starters_fte", "leavers_headcount",
    "leavers_fte", "turnover_rate_fte", "turnover_rate_headcount",
}


def test_every_system_folder_is_listed() -> None:
    found = {p.name for p in SYSTEMS.iterdir() if p.is_dir()}
    assert found == set(FOLDERS)
    assert (SYSTEMS / "SOURCES.md").is_file()


@pytest.mark.parametrize("folder", FOLDERS)
def test_expected_figures_hold_together(folder: str) -> None:
    assert (SYSTEMS / folder / "README.md").is_file()
    expected = json.loads((SYSTEMS / folder / "expected.json").read_text(encoding="utf-8"))
    assert (expected["as_at"], expected["period_start"]) == ("2025-09-30", "2024-10-01")
    kpis = {k: v["value"] for k, v in expected["kpis"].items()}
    assert set(kpis) == KPIS
    for rate in ("agency_rate_fte", "agency_rate_headcount", "turnover_rate_fte",
                 "turnover_rate_headcount"):
        part = expected["kpis"][rate]
        assert part["value"] == pytest.approx(part["numerator"] / part["denominator"] * 100)
    assert expected["kpis"]["agency_rate_fte"]["denominator"] == pytest.approx(
        kpis["agency_fte"] + kpis["inpost_fte"])
    assert expected["kpis"]["turnover_rate_fte"]["numerator"] == kpis["leavers_fte"]
    assert expected["kpis"]["turnover_rate_headcount"]["denominator"] == kpis["inpost_headcount"]
