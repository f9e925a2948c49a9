"""The mappings shipped for HR systems: listed by `wfkpi mappings`, used by name, and each giving
the hand-worked figures of a fixture in its system's layout (tests/fixtures/systems)."""

from __future__ import annotations

import json
from collections.abc import Callable
from pathlib import Path

import pytest
import yaml
from tests.cli.conftest import FIXTURES, Result

from wfkpi.read import load_mapping

Run = Callable[..., Result]
SYSTEMS = {  # shipped mapping: the fixture in its system's layout
    "oracle-hcm-hdl": "oracle_hcm_hdl",
    "oracle-hcm-otbi": "oracle_hcm_otbi",
    "successfactors-ec": "successfactors_ec",
    "frappe-hr": "frappe_hr",
}


def test_mappings_lists_each_shipped_mapping_with_what_it_reads(wfkpi: Run) -> None:
    result = wfkpi("mappings")
    assert result.code == 0
    names = [row[0] for row in (line.split("│") for line in result.lines) if len(row) == 2]
    assert [n.strip() for n in names if n.strip()] == sorted(SYSTEMS)
    assert "Oracle HCM Cloud: OTBI analysis of assignment history" in result.out
    assert "--mapping NAME" in result.out


def test_mappings_name_prints_the_mapping_to_adapt(wfkpi: Run, tmp_path: Path) -> None:
    result = wfkpi("mappings", "frappe-hr")
    assert result.code == 0
    copy = tmp_path / "mine.yaml"
    copy.write_text(result.out, encoding="utf-8")
    assert yaml.safe_load(result.out)["workers"]["columns"]["worker_id"] == "Employee Number"
    assert load_mapping(copy).about == load_mapping(Path("frappe-hr")).about


def test_an_unknown_mapping_name_is_a_usage_error(wfkpi: Run) -> None:
    result = wfkpi("mappings", "itrent")
    assert result.code == 2
    assert "no mapping named 'itrent' is shipped (shipped: frappe-hr, oracle-hcm-hdl, " \
           "oracle-hcm-otbi, successfactors-ec)" in result.err


def test_a_mapping_that_is_neither_a_file_nor_shipped_is_a_configuration_error(
        wfkpi: Run) -> None:
    result = wfkpi("report", "systems/frappe_hr", "--mapping", "frappe")
    assert result.code == 2
    assert "frappe: no such mapping file, nor a mapping wfkpi ships (frappe-hr, " \
           "oracle-hcm-hdl, oracle-hcm-otbi, successfactors-ec; see `wfkpi mappings`)" \
        in result.err


@pytest.mark.parametrize("name", SYSTEMS)
def test_each_shipped_mapping_gives_the_hand_worked_figures(wfkpi: Run, name: str) -> None:
    folder = FIXTURES / "systems" / SYSTEMS[name]
    expected = json.loads((folder / "expected.json").read_text(encoding="utf-8"))
    result = wfkpi("report", str(folder), "--mapping", name, "--as-at", expected["as_at"],
                   "--method", expected["method"], "--format", "json")
    assert result.code == 0, result.err
    report = json.loads(result.out)
    assert report["period_start"] == expected["period_start"]
    for kpi, want in expected["kpis"].items():
        got = report["kpis"][kpi]
        for part in ("value", "numerator", "denominator"):
            if part in want:
                assert got[part] == pytest.approx(want[part], abs=1e-9), (kpi, part)


@pytest.mark.parametrize("name", SYSTEMS)
def test_each_shipped_mapping_reads_its_fixture_without_an_error(wfkpi: Run, name: str) -> None:
    folder = FIXTURES / "systems" / SYSTEMS[name]
    result = wfkpi("validate", str(folder), "--mapping", name, "--format", "json")
    assert result.code == 0, result.err
    issues = json.loads(result.out)["issues"]
    assert [i for i in issues if i["severity"] == "error"] == []
    # every row is accounted for: the rows filters leave out are counted, never silently gone
    assert {i["code"] for i in issues} <= {"filtered", "history"}
    # a shipped mapping's lines are named by the mapping's name, not where it is installed
    assert all(i["message"].endswith(f"; {name}, line {i['message'].split()[-1]}")
               for i in issues if i["code"] == "filtered")
