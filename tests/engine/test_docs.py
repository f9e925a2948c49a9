"""docs/kpis.md keeps in step with the code: one section per KPI with its label and unit."""

from __future__ import annotations

import re
from pathlib import Path

import pytest

from wfkpi.engine import hr, population
from wfkpi.engine.report import CATALOGUE

DOCS = Path(__file__).resolve().parents[2] / "docs" / "kpis.md"
KPIS = [kpi for kpis in CATALOGUE.values() for kpi in kpis]


def sections() -> dict[str, str]:
    text = DOCS.read_text(encoding="utf-8")
    parts = re.split(r"^### (\w+): (\w+)$", text, flags=re.MULTILINE)
    return {
        f"{m}: {k}": body for m, k, body in zip(parts[1::3], parts[2::3], parts[3::3], strict=True)
    }


@pytest.mark.parametrize("kpi", KPIS, ids=lambda k: f"{k.method}-{k.id}")
def test_each_kpi_has_its_section(kpi):
    body = sections()[f"{kpi.method}: {kpi.id}"]
    assert f"| label | {kpi.label_for({})} |" in body  # with default parameters
    assert f"| unit | {kpi.unit} |" in body
    for row in ("formula", "population", "source", "blanks"):
        assert f"| {row} |" in body


def test_no_section_for_a_kpi_that_does_not_exist():
    assert set(sections()) == {f"{kpi.method}: {kpi.id}" for kpi in KPIS}


def test_every_set_aside_reason_is_documented():
    reasons = {
        value
        for module in (population, hr)
        for name, value in vars(module).items()
        if name.isupper() and isinstance(value, str) and "-" in value
    }
    text = DOCS.read_text(encoding="utf-8")
    documented = set(re.findall(r"^\| `([a-z]+-[a-z-]+)` \|", text, flags=re.MULTILINE))
    assert documented == reasons
