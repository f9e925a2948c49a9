"""From an export in a named HR system's layout to the hand-worked figures: `wfkpi map` drafts a
mapping, a person makes the few changes only a person can decide (docs/mappings.md, "Your
first scorecard from your own export"), and `wfkpi report` gives the figures worked by hand in
the fixture's README. The changes are listed here, so a draft that needs more shows as a
failure."""

from __future__ import annotations

import json
from collections.abc import Callable
from pathlib import Path

import pytest
from tests.cli.conftest import FIXTURES, Result

Run = Callable[..., Result]
HISTORY = ("  # history:\n  #   key: {key}\n  #   action: {action}\n  #   end_actions: {ends}",
           "  history:\n    key: {key}\n    action: {action}\n    end_actions: {ends}")


def history(key: str, action: str, ends: str) -> tuple[str, str]:
    """Removing the #s of the draft's history suggestion."""
    old, new = HISTORY
    return (old.format(key=key, action=action, ends=ends),
            new.format(key=key, action=action, ends=ends))


def contingent(file: str, column: str) -> tuple[str, str]:
    """Reading the contingent workers of one file as agency workers: two entries over it."""
    return (f'  file: "{file}"\n',
            f'  files:\n    - file: "{file}"\n      where: {{{column}: [E]}}\n'
            f'    - file: "{file}"\n      where: {{{column}: [C]}}\n'
            "      constants: {employment_type: agency}\n")


AGENCY_FILE = ("      # constants: {employment_type: agency}",
               "      constants: {employment_type: agency}")

# fixture: the changes made to its draft, each (text of the draft, what it becomes)
EDITS: dict[str, list[tuple[str, str]]] = {
    "oracle_hcm_hdl": [
        history('"AssignmentNumber"', '"ActionCode"', '["TERMINATION", "RESIGNATION"]'),
        contingent("Worker.dat", "WorkerType"),
        ('      # "FT" (1 row): fixed_term or temporary? It could be any of them',
         '      fixed_term: ["FT"]'),
    ],
    "oracle_hcm_otbi": [
        history('"Assignment Number"', '"Action Name"', '["Termination", "Resignation"]'),
        contingent("Worker Assignment History 2025-09-30.csv", "Assignment Type"),
        ("  values:\n",
         '  values:\n    leaving_reason:\n      resignation: ["Personal reasons"]\n'),
    ],
    "successfactors_ec": [
        history('"user-id"', '"event"', '["26"]'),
        AGENCY_FILE,
    ],
    "frappe_hr": [
        AGENCY_FILE,
        ('    - file: "Employee.csv"\n', '    - file: "Employee.csv"\n      skip: {ID: "^$"}\n'),
    ],
}


@pytest.mark.parametrize("fixture", EDITS)
def test_a_draft_and_its_documented_changes_give_the_hand_worked_figures(
        wfkpi: Run, tmp_path: Path, fixture: str) -> None:
    folder = FIXTURES / "systems" / fixture
    draft = tmp_path / "draft.yaml"
    drafted = wfkpi("map", str(folder), "--output", str(draft))
    assert drafted.code == 0, drafted.err
    text = draft.read_text(encoding="utf-8")
    expected = json.loads((folder / "expected.json").read_text(encoding="utf-8"))
    as_is = wfkpi("report", str(folder), "--mapping", str(draft), "--as-at", expected["as_at"],
                  "--format", "json")
    assert as_is.code != 0 or _figures(as_is, expected) != _wanted(expected)  # changes needed
    for old, new in EDITS[fixture]:
        assert text.count(old) == 1, old
        text = text.replace(old, new)
    draft.write_text(text, encoding="utf-8")
    result = wfkpi("report", str(folder), "--mapping", str(draft), "--as-at", expected["as_at"],
                   "--format", "json")
    assert result.code == 0, result.err
    assert _figures(result, expected) == pytest.approx(_wanted(expected), abs=1e-9)


def _figures(result: Result, expected: dict) -> dict[str, float | None]:
    kpis = json.loads(result.out)["kpis"]
    return {k: kpis[k]["value"] for k in expected["kpis"]}


def _wanted(expected: dict) -> dict[str, float]:
    return {k: v["value"] for k, v in expected["kpis"].items()}
