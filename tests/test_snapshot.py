"""KPI snapshots: built from reports, stored byte-stable, compared field by field."""

from __future__ import annotations

import datetime as dt
import json
from pathlib import Path

import pytest

from wfkpi.app import check as snapshot
from wfkpi.app import read as app_read
from wfkpi.app.check import Drift
from wfkpi.engine.results import KpiResult, Report


def result(kpi_id: str, value: float | None, numerator: float | None = None,
           denominator: float | None = None, rows_used: int = 10) -> KpiResult:
    return KpiResult(kpi_id, kpi_id, "%", "dfe", value, numerator, denominator, rows_used,
                     {"fte-missing": 1}, None)


def report(method: str, *results: KpiResult, as_at: dt.date = dt.date(2025, 9, 30),
           scope: str | None = None) -> Report:
    return Report(as_at=as_at, period_start=dt.date(2024, 10, 1), method=method, scope=scope,
                  kpis={r.id: r for r in results})


BASE = snapshot.build([
    report("dfe", result("inpost_fte", 0.1 + 0.2), result("turnover_rate_fte", 20.0, 2.0, 10.0)),
    report("lg", result("stability_index", None, rows_used=0)),
])


def test_build_keeps_four_figures_per_kpi_rounded_to_nine_places() -> None:
    assert BASE == {
        "schema_version": 1,
        "as_at": "2025-09-30",
        "scope": None,
        "methods": {
            "dfe": {
                "inpost_fte": {"value": 0.3, "numerator": None, "denominator": None,
                               "rows_used": 10},
                "turnover_rate_fte": {"value": 20.0, "numerator": 2.0, "denominator": 10.0,
                                      "rows_used": 10},
            },
            "lg": {"stability_index": {"value": None, "numerator": None, "denominator": None,
                                       "rows_used": 0}},
        },
    }


def test_reports_of_other_dates_make_no_snapshot() -> None:
    with pytest.raises(ValueError, match="one reference date and scope"):
        snapshot.build([report("dfe"), report("lg", as_at=dt.date(2025, 8, 31))])


def test_dumps_then_load_gives_the_same_snapshot(tmp_path: Path) -> None:
    path = tmp_path / "snap.json"
    path.write_text(snapshot.dumps(BASE), encoding="utf-8")
    assert snapshot.load(path) == BASE
    assert snapshot.dumps(snapshot.load(path)) == path.read_text(encoding="utf-8")


def test_nothing_moved() -> None:
    assert snapshot.compare(BASE, json.loads(json.dumps(BASE))) == []


def changed(**kpi: float | int | None) -> dict:
    data = json.loads(json.dumps(BASE))
    data["methods"]["dfe"]["turnover_rate_fte"].update(kpi)
    return data


def test_a_moved_figure_is_one_drift_with_its_change() -> None:
    drifts = snapshot.compare(BASE, changed(value=25.0, numerator=2.5))
    assert drifts == [Drift("dfe", "turnover_rate_fte", "value", 20.0, 25.0),
                      Drift("dfe", "turnover_rate_fte", "numerator", 2.0, 2.5)]
    assert [d.change for d in drifts] == [5.0, 0.5]
    assert [str(d) for d in drifts] == ["dfe turnover_rate_fte value: 20 -> 25 (+5)",
                                        "dfe turnover_rate_fte numerator: 2 -> 2.5 (+0.5)"]


def test_tolerance_is_absolute_and_exclusive() -> None:
    assert snapshot.compare(BASE, changed(value=20.5), tolerance=0.5) == []
    assert len(snapshot.compare(BASE, changed(value=20.6), tolerance=0.5)) == 1
    assert snapshot.compare(BASE, changed(value=20.0 + 1e-9)) == []  # the default: noise only
    assert len(snapshot.compare(BASE, changed(value=20.00001))) == 1


def test_rows_used_and_null_values_count() -> None:
    drifts = snapshot.compare(BASE, changed(rows_used=11, value=None))
    assert [str(d) for d in drifts] == ["dfe turnover_rate_fte value: 20 -> null",
                                        "dfe turnover_rate_fte rows_used: 10 -> 11 (+1)"]
    assert drifts[0].change is None
    # A null turning into a number is a change whatever the tolerance.
    assert [str(d) for d in snapshot.compare(changed(value=None), BASE, tolerance=1e9)] == [
        "dfe turnover_rate_fte value: null -> 20"]


def test_new_and_missing_kpis_and_methods() -> None:
    actual = json.loads(json.dumps(BASE))
    dfe = actual["methods"]["dfe"]
    dfe["vacancy_fte"] = dfe.pop("inpost_fte")
    actual["methods"]["sfc"] = {}
    assert [str(d) for d in snapshot.compare(BASE, actual)] == [
        "dfe vacancy_fte: new, not in the snapshot",
        "dfe inpost_fte: in the snapshot, not in the data",
        "sfc: new, not in the snapshot",
    ]


def test_only_the_methods_computed_are_compared() -> None:
    actual = json.loads(json.dumps(BASE))
    del actual["methods"]["lg"]
    assert snapshot.compare(BASE, actual) == []


def test_another_date_or_scope_is_said_first() -> None:
    actual = dict(changed(value=21.0), as_at="2025-10-31", scope="case_holders")
    assert [str(d) for d in snapshot.compare(BASE, actual)] == [
        "as_at: 2025-09-30 -> 2025-10-31",
        "scope: null -> case_holders",
        "dfe turnover_rate_fte value: 20 -> 21 (+1)",
    ]


@pytest.mark.parametrize(
    ("text", "problem"),
    [
        ("{", "not JSON: Expecting property name enclosed in double quotes: line 1 column 2 "
              "(char 1)"),
        ("[]", "not a JSON object"),
        ('{"schema_version": 2}', "schema_version 2, expected 1"),
        ('{"schema_version": 1, "as_at": "2025-09-30", "methods": {}, "path": "x"}',
         "no scope; unknown path"),
        ('{"schema_version": 1, "as_at": "2025-09-30", "scope": null, '
         '"methods": {"dfe": {"cases": {"value": 1}}}}',
         "methods.dfe.cases must have exactly value, numerator, denominator, rows_used"),
        ('{"schema_version": 1, "as_at": "2025-09-30", "scope": null, "methods": {"dfe": '
         '{"cases": {"value": "30", "numerator": null, "denominator": null, "rows_used": 1}}}}',
         "methods.dfe.cases.value must be a number or null"),
    ],
)
def test_a_malformed_snapshot_says_what_is_wrong_and_how_to_remake_it(
        tmp_path: Path, text: str, problem: str) -> None:
    path = tmp_path / "snap.json"
    path.write_text(text, encoding="utf-8")
    with pytest.raises(snapshot.SnapshotError) as caught:
        snapshot.load(path)
    assert str(caught.value) == (f"{path}: not a snapshot ({problem}); write it with "
                                 f"`wfkpi check DATA --expected {path} --update`")
    assert caught.value.exit_code == 2


def test_a_missing_snapshot(tmp_path: Path) -> None:
    path = tmp_path / "none.json"
    with pytest.raises(snapshot.SnapshotError, match=r"none.json: no such snapshot file; write "
                       r"it with `wfkpi check DATA --expected .*none.json --update`"):
        snapshot.load(path)


def test_take_reads_once_and_computes_each_method_through_the_api(
        monkeypatch: pytest.MonkeyPatch) -> None:


    reads: list[Path] = []
    real = app_read.load_extract
    monkeypatch.setattr(app_read, "load_extract",
                        lambda path, *a: reads.append(path) or real(path, *a))
    fixtures = Path(__file__).parent / "fixtures"
    taken, runs = snapshot.take(fixtures / "report_small", ["dfe", "lg"])
    assert reads == [fixtures / "report_small"]
    assert [run.report.method for run in runs] == ["dfe", "lg"]
    assert list(taken["methods"]) == ["dfe", "lg"]
    assert taken["methods"]["dfe"]["cases"] == {"value": 30.0, "numerator": None,
                                                "denominator": None, "rows_used": 3}
    assert taken == snapshot.build(run.report for run in runs)
