"""``wfkpi report`` on real exports' quirks: furniture lines no longer make the input invalid,
one id written two ways joins, ids that do not join make it invalid (exit 3)."""

from __future__ import annotations

import json

import pytest


def report(wfkpi, case: str, *extra: str):
    return wfkpi("report", case, "-m", f"{case}/mapping.yaml", "--as-at", "2025-09-30", *extra)


def test_an_export_with_footers_reports_with_exit_0(wfkpi) -> None:
    result = report(wfkpi, "export_furniture")
    assert result.code == 0, result.err
    assert result.lines[-1] == ("Input VALID: 0 errors, 7 warnings; 0 rows set aside; "
                                "`wfkpi validate` lists them")
    data = json.loads(report(wfkpi, "export_furniture", "-f", "json").out)
    # five rows: an agency worker, a leaver and three directly employed in post
    assert data["kpis"]["inpost_headcount"]["value"] == 3
    assert data["data_quality"]["input"]["issues"] == {"footer-row": 7}


def test_zero_padded_absence_ids_count_their_sickness(wfkpi) -> None:
    result = report(wfkpi, "zero_padded_ids", "-f", "json")
    assert result.code == 0, result.err
    kpi = json.loads(result.out)["kpis"]["working_days_lost_fte"]
    # FTE days: 100634 (FTE 1): 2-6 Jun (5), 1-3 Sep (3), 25 Aug (a bank holiday: 0) = 8;
    # 100636 (FTE 0.6): 13-17 Jan (5), 11 Aug (1) = 3.6; 100638 (FTE 0.8): 7 Apr (1),
    # 18 Aug (1) = 1.6. 100635 is agency; 100637's is annual leave. 8 + 3.6 + 1.6 = 13.2
    assert kpi["value"] == pytest.approx(13.2)
    assert kpi["set_aside"]["absence-unknown-worker"] == 1  # the "0" on row 7


def test_ids_that_do_not_join_fail_the_report(wfkpi) -> None:
    result = report(wfkpi, "ids_that_do_not_join")
    assert result.code == 3
    assert result.lines[-1].startswith("Input INVALID: 1 errors, 0 warnings")
