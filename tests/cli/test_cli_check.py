"""``wfkpi check``: the sample extracts against their snapshots, and a deliberately changed one.

The change: Peterborough's worker SW0000002, permanent, in post at R, a case holder with 16
cases, goes from FTE 1 to 0.5. Every FTE figure that counts them drops by 0.5, and each rate over
them moves: turnover 5.0 / 47.9 = 10.44% becomes 5.0 / 47.4 = 10.55%, the absence rate's
denominator is that FTE times 253 working days (12,118.7 becomes 11,992.2), and so on. Headcounts,
rows used and the FTE of starters, leavers and agency workers do not move.

Exit codes, --quiet and --verbose: test_cli_shared_options.py.
"""

from __future__ import annotations

import json
import shutil
from pathlib import Path

import pytest

from wfkpi.app import check as snapshot

ROOT = Path(__file__).resolve().parents[2]
SAMPLE = ROOT / "sample_data"
SNAPSHOTS = ROOT / "tests" / "snapshots"
COUNCILS = sorted(p.name for p in SAMPLE.iterdir() if p.is_dir())
WHAT = "dfe, sfc, lg; 46 KPIs as at 2025-09-30"

CHANGES = [
    "  dfe inpost_fte value: 47.9 -> 47.4 (-0.5)",
    "  dfe turnover_rate_fte value: 10.43841336 -> 10.54852321 (+0.11011)",
    "  dfe turnover_rate_fte denominator: 47.9 -> 47.4 (-0.5)",
    "  dfe agency_rate_fte value: 5.893909627 -> 5.952380952 (+0.0584713)",
    "  dfe agency_rate_fte denominator: 50.9 -> 50.4 (-0.5)",
    "  dfe vacancy_rate_fte value: 8.58778626 -> 8.670520231 (+0.082734)",
    "  dfe vacancy_rate_fte denominator: 52.4 -> 51.9 (-0.5)",
    "  dfe case_holders_fte value: 40.5 -> 40 (-0.5)",
    "  dfe caseload_fte value: 15.95061728 -> 16.15 (+0.199383)",
    "  dfe caseload_fte denominator: 40.5 -> 40 (-0.5)",
    # the worker's 2 sickness days were 2 FTE days and are now 1 (FTE days, docs/kpis.md)
    "  dfe working_days_lost_fte value: 394.6 -> 393.6 (-1)",
    "  dfe absence_rate_fte value: 3.256124832 -> 3.282133387 (+0.0260086)",
    "  dfe absence_rate_fte numerator: 394.6 -> 393.6 (-1)",
    "  dfe absence_rate_fte denominator: 12118.7 -> 11992.2 (-126.5)",
    # Skills for Care's vacancy rate on an FTE basis for an HR extract (vacancy_basis fte)
    "  sfc vacancy_rate value: 8.58778626 -> 8.670520231 (+0.082734)",
    "  sfc vacancy_rate denominator: 52.4 -> 51.9 (-0.5)",
    "  lg sickness_days_per_fte value: 8.281217209 -> 8.347826087 (+0.0666089)",
    "  lg sickness_days_per_fte numerator: 394.6 -> 393.6 (-1)",
    "  lg sickness_days_per_fte denominator: 47.65 -> 47.15 (-0.5)",
]


@pytest.fixture
def changed(tmp_path: Path) -> Path:
    """Peterborough's extract with one worker's FTE halved."""
    folder = tmp_path / "peterborough"
    shutil.copytree(SAMPLE / "peterborough", folder)
    workers = folder / "workers.csv"
    text = workers.read_text(encoding="utf-8")
    row = "SW0000002,permanent,1,2007-02-08,,,Social Worker,5,yes,Referral and Assessment,"
    assert text.count(row) == 1
    workers.write_text(text.replace(row, row.replace(",1,", ",0.5,", 1)), encoding="utf-8")
    return folder


@pytest.fixture
def expected(tmp_path: Path) -> Path:
    """A copy of Peterborough's stored snapshot, free to be rewritten."""
    path = tmp_path / "snapshots" / "peterborough.json"
    path.parent.mkdir()
    shutil.copy(SNAPSHOTS / "peterborough.json", path)
    return path


def test_every_sample_extract_has_a_snapshot() -> None:
    assert sorted(p.stem for p in SNAPSHOTS.glob("*.json")) == COUNCILS
    for council in COUNCILS:
        data = snapshot.load(SNAPSHOTS / f"{council}.json")
        assert (data["as_at"], list(data["methods"])) == ("2025-09-30", ["dfe", "sfc", "lg"])


def test_unchanged_data_passes(wfkpi) -> None:
    data, stored = SAMPLE / "peterborough", SNAPSHOTS / "peterborough.json"
    result = wfkpi("check", str(data), "--expected", str(stored))
    assert (result.code, result.err) == (0, "")
    assert result.out == f"{data}: no change from {stored} ({WHAT}; tolerance 1e-06)\n"


def test_a_changed_extract_fails_saying_what_moved_and_by_how_much(wfkpi, changed,
                                                                    expected) -> None:
    result = wfkpi("check", str(changed), "--expected", str(expected))
    assert (result.code, result.err) == (1, "")
    assert result.lines == [
        f"{changed}: 19 changes from {expected} ({WHAT}; tolerance 1e-06); --update accepts "
        "them",
        *CHANGES,
    ]


def test_update_writes_a_snapshot_that_then_passes(wfkpi, changed, expected) -> None:
    before = expected.read_text(encoding="utf-8")
    result = wfkpi("check", str(changed), "--expected", str(expected), "--update")
    assert (result.code, result.err) == (0, "")
    assert result.lines == [
        f"{changed}: wrote {expected} ({WHAT}; tolerance 1e-06); 19 changes:", *CHANGES]
    after = json.loads(expected.read_text(encoding="utf-8"))
    assert after["methods"]["dfe"]["inpost_fte"]["value"] == 47.4
    assert expected.read_text(encoding="utf-8") != before
    assert [p.name for p in expected.parent.iterdir()] == ["peterborough.json"]  # no temp file

    again = wfkpi("check", str(changed), "--expected", str(expected))
    assert (again.code, again.out) == (0, f"{changed}: no change from {expected} ({WHAT}; "
                                          "tolerance 1e-06)\n")
    unchanged = wfkpi("check", str(changed), "--expected", str(expected), "--update")
    assert unchanged.out == f"{changed}: {expected} is up to date ({WHAT}; tolerance 1e-06)\n"


def test_update_makes_a_new_snapshot_equal_to_the_stored_one(wfkpi, tmp_path) -> None:
    path = tmp_path / "new" / "peterborough.json"
    result = wfkpi("check", str(SAMPLE / "peterborough"), "--expected", str(path), "--update")
    assert result.code == 0
    assert result.out == (f"{SAMPLE / 'peterborough'}: wrote {path} ({WHAT}; tolerance 1e-06), "
                          "a new snapshot\n")
    assert path.read_bytes() == (SNAPSHOTS / "peterborough.json").read_bytes()


def test_tolerance_hides_smaller_moves(wfkpi, changed, expected) -> None:
    result = wfkpi("check", str(changed), "--expected", str(expected), "--tolerance", "0.5",
                   "--method", "dfe")
    assert result.code == 1
    assert result.lines == [
        f"{changed}: 3 changes from {expected} (dfe; 22 KPIs as at 2025-09-30; tolerance 0.5); "
        "--update accepts them",
        "  dfe working_days_lost_fte value: 394.6 -> 393.6 (-1)",
        "  dfe absence_rate_fte numerator: 394.6 -> 393.6 (-1)",
        "  dfe absence_rate_fte denominator: 12118.7 -> 11992.2 (-126.5)",
    ]
    result = wfkpi("check", str(changed), "--expected", str(expected), "--tolerance", "200")
    assert (result.code, result.out) == (
        0, f"{changed}: no change from {expected} ({WHAT}; tolerance 200)\n")


def test_methods_are_checked_in_their_own_order(wfkpi, changed, expected) -> None:
    result = wfkpi("check", str(changed), "--expected", str(expected), "--method", "lg",
                   "--method", "sfc")
    assert result.code == 1
    assert result.lines == [
        f"{changed}: 5 changes from {expected} (sfc, lg; 24 KPIs as at 2025-09-30; tolerance "
        "1e-06); --update accepts them",
        *CHANGES[-5:],
    ]


def test_new_and_missing_kpis_are_changes(wfkpi, expected) -> None:
    data = json.loads(expected.read_text(encoding="utf-8"))
    data["methods"]["sfc"]["retired_kpi"] = data["methods"]["sfc"].pop("vacancy_rate")
    expected.write_text(json.dumps(data), encoding="utf-8")
    result = wfkpi("check", str(SAMPLE / "peterborough"), "--expected", str(expected))
    assert result.code == 1
    assert result.lines[1:] == ["  sfc vacancy_rate: new, not in the snapshot",
                                "  sfc retired_kpi: in the snapshot, not in the data"]


def test_a_new_method_is_a_change(wfkpi, tmp_path) -> None:
    path = tmp_path / "snap.json"
    path.write_text(snapshot.dumps({"schema_version": 1, "as_at": "2025-09-30", "scope": None,
                                    "methods": {}}), encoding="utf-8")
    result = wfkpi("check", "report_small", "--expected", str(path), "--method", "lg")
    assert result.code == 1
    assert result.lines[1:] == ["  lg: new, not in the snapshot"]


def test_another_reference_date_is_a_change(wfkpi, expected) -> None:
    result = wfkpi("check", str(SAMPLE / "peterborough"), "--expected", str(expected),
                   "--as-at", "2025-08-31", "--method", "lg")
    assert result.code == 1
    assert result.lines[1] == "  as_at: 2025-09-30 -> 2025-08-31"


@pytest.mark.parametrize(
    ("text", "problem"),
    [("not json", "not JSON: Expecting value: line 1 column 1 (char 0)"),
     ('{"schema_version": 1}', "no as_at, scope, methods")],
)
def test_a_malformed_snapshot_exits_2_saying_to_run_update(wfkpi, tmp_path, text,
                                                           problem) -> None:
    path = tmp_path / "snap.json"
    path.write_text(text, encoding="utf-8")
    result = wfkpi("check", str(SAMPLE / "peterborough"), "--expected", str(path))
    assert (result.code, result.out) == (2, "")
    assert result.err == (f"error: {path}: not a snapshot ({problem}); write it with "
                          f"`wfkpi check DATA --expected {path} --update`\n")

    replaced = wfkpi("check", str(SAMPLE / "peterborough"), "--expected", str(path), "--update")
    assert replaced.code == 0
    assert replaced.out.endswith(", in place of one that could not be read\n")
    assert path.read_bytes() == (SNAPSHOTS / "peterborough.json").read_bytes()


def test_invalid_data_is_never_snapshotted(wfkpi, tmp_path) -> None:
    path = tmp_path / "cross_row.json"
    result = wfkpi("check", "cross_row", "--expected", str(path), "--update",
                   "--as-at", "2025-09-30")
    assert (result.code, result.out) == (3, "")
    assert result.err == ("error: the input has 5 error(s); a snapshot is never written from "
                          "invalid data. `wfkpi validate` lists them.\n")
    assert not path.exists()


def test_help_describes_every_option(wfkpi) -> None:
    result = wfkpi("check", "--help")
    assert result.code == 0
    text = " ".join(result.out.split())
    for option in ("--expected", "--tolerance", "--update", "--method", "--as-at", "--scope",
                   "--scopes", "--mapping", "--standard-week", "--limit"):
        assert option in text


def test_update_refuses_a_snapshot_another_run_changed_meanwhile(wfkpi, tmp_path: Path,
                                                                 monkeypatch) -> None:
    """Two `check --update` runs at once: the later one does not silently replace what the
    other wrote while it computed."""
    stored = tmp_path / "peterborough.json"
    shutil.copy(SNAPSHOTS / "peterborough.json", stored)
    real = snapshot.take

    def meanwhile(*args, **kwargs):
        stored.write_text('{"written": "by the other run"}\n', encoding="utf-8")
        return real(*args, **kwargs)

    monkeypatch.setattr(snapshot, "take", meanwhile)
    result = wfkpi("check", str(SAMPLE / "peterborough"), "--expected", str(stored), "--update")
    assert result.code == 2
    assert "changed while the snapshot was being taken" in result.err
    assert stored.read_text(encoding="utf-8") == '{"written": "by the other run"}\n'
