"""The trend's bridges (docs/explain.md, "In wfkpi trend"; docs/trend.md, ``bridges``): why each
rate moved over the last month and the last year, adding up to the change between the two
months' own figures, with a ``revision`` part for what the last extract says otherwise."""

from __future__ import annotations

import csv
import datetime as dt
import math
import shutil
from pathlib import Path

import pytest

from wfkpi.app import report as app_report
from wfkpi.app import trend as app_trend
from wfkpi.engine.bridge import rates


def months_of(data: dict) -> dict[str, dict]:
    return {month["as_at"][:7]: month for month in data["series"]}


def adds_up(bridge: dict) -> None:
    assert bridge["change"] is not None
    size = max(1.0, abs(bridge["before"]["value"]), abs(bridge["after"]["value"]))
    assert abs(math.fsum(p["points"] for p in bridge["parts"]) - bridge["change"]) <= 1e-9 * size


def copy_months(folders: Path, target: Path, months: list[str]) -> Path:
    for month in months:
        shutil.copytree(folders / month, target / month)
    return target


def test_the_trend_has_a_month_and_a_year_span(plain: dict) -> None:
    spans = [(s["span"], s["from"], s["to"]) for s in plain["bridges"]]
    assert spans == [("month", "2025-08", "2025-09"), ("year", "2024-09", "2025-09")]
    shown = [kpi for kpi in rates("dfe") if kpi in plain["series"][-1]["kpis"]]
    assert shown  # the dfe rates the trend shows
    for span in plain["bridges"]:
        assert [b["kpi"] for b in span["kpis"]] == shown
        assert list(span) == ["span", "from", "to", "kpis"]


def test_each_bridge_runs_between_the_two_months_own_figures(plain: dict) -> None:
    months = months_of(plain)
    checked = 0
    for span in plain["bridges"]:
        earlier, later = months[span["from"]], months[span["to"]]
        for bridge in span["kpis"]:
            kpi = bridge["kpi"]
            assert bridge["before"]["as_at"] == earlier["as_at"]
            assert bridge["after"]["as_at"] == later["as_at"]
            for side, month in (("before", earlier), ("after", later)):
                own = month["kpis"][kpi]
                assert (bridge[side]["value"], bridge[side]["numerator"],
                        bridge[side]["denominator"]) == (
                    own["value"], own["numerator"], own["denominator"]), (span["span"], kpi, side)
            if bridge["before"]["value"] is None or bridge["after"]["value"] is None:
                assert bridge["change"] is None and bridge["parts"] == [] and bridge["note"]
                continue
            assert bridge["change"] == pytest.approx(
                later["kpis"][kpi]["value"] - earlier["kpis"][kpi]["value"], abs=1e-12)
            adds_up(bridge)
            checked += 1
    assert checked >= 10


def test_the_year_span_of_the_published_rates_has_their_own_parts(plain: dict) -> None:
    year = next(s for s in plain["bridges"] if s["span"] == "year")
    bridges = {b["kpi"]: b for b in year["kpis"]}
    turnover = bridges["turnover_rate_fte"]
    assert turnover["change"] != 0
    names = [p["name"] for p in turnover["parts"]]
    assert any(name.startswith("leavers: ") for name in names), names
    absence = bridges["absence_rate_fte"]
    # 2023-10..2024-09 holds 29 February: 254 working days against 253
    assert any("working days" in p["name"] for p in absence["parts"])


def test_caseload_is_split_between_the_months_own_figures_with_a_caution(plain: dict) -> None:
    for span in plain["bridges"]:
        caseload = next(b for b in span["kpis"] if b["kpi"] == "caseload_fte")
        assert caseload["caution"], span["span"]
        assert {p["name"] for p in caseload["parts"]} <= {"numerator", "denominator"}
        before, after = caseload["before"], caseload["after"]
        for part in caseload["parts"]:
            side = part["name"]
            assert part[side] == pytest.approx(after[side] - before[side])
        adds_up(caseload)


def test_a_trend_of_one_month_has_no_bridges(folders: Path, tmp_path: Path) -> None:
    root = copy_months(folders, tmp_path, ["2025-09"])
    data = app_trend.trend(root).to_dict()
    assert len(data["series"]) == 1
    assert data["bridges"] == []


def test_without_the_month_a_year_before_only_the_month_span(folders: Path,
                                                             tmp_path: Path) -> None:
    root = copy_months(folders, tmp_path, ["2025-03", "2025-07", "2025-08", "2025-09"])
    data = app_trend.trend(root).to_dict()
    assert [(s["span"], s["from"], s["to"]) for s in data["bridges"]] == [
        ("month", "2025-08", "2025-09")]
    months = months_of(data)
    for bridge in data["bridges"][0]["kpis"]:
        assert bridge["before"]["value"] == months["2025-08"]["kpis"][bridge["kpi"]]["value"]


def test_with_a_gap_the_span_runs_from_the_latest_month_before_the_last(
        folders: Path, tmp_path: Path) -> None:
    """With a gap (no 2025-08), the last month's bridge runs from the month before it in the
    folder, and says so: its span is ``previous``, not ``month``."""
    root = copy_months(folders, tmp_path, ["2025-06", "2025-09"])
    data = app_trend.trend(root).to_dict()
    assert [(s["span"], s["from"], s["to"]) for s in data["bridges"]] == [
        ("previous", "2025-06", "2025-09")]
    for bridge in data["bridges"][0]["kpis"]:
        if bridge["change"] is not None:
            adds_up(bridge)


LATE_LEAVER = {"worker_id": "SW9999991", "employment_type": "permanent", "fte": "1",
               "start_date": "2019-04-01", "end_date": "2025-03-14",
               "leaving_reason": "resignation", "role": "Social Worker", "org_role": "5",
               "qualified_social_worker": "yes", "start_origin": "external"}


def add_row(path: Path, row: dict[str, str]) -> None:
    with path.open(newline="", encoding="utf-8") as handle:
        header = next(csv.reader(handle))
    with path.open("a", newline="", encoding="utf-8") as handle:
        csv.writer(handle).writerow([row.get(column, "") for column in header])


def test_a_leaver_entered_late_is_a_revision(folders: Path, tmp_path: Path) -> None:
    """The September extract holds a resignation of 14 March that August's extract did not:
    September says the turnover at 31 August was higher than August's own figure. That
    difference is a part of kind ``revision``; the parts still add up to the change between
    the two months' own figures."""
    root = copy_months(folders, tmp_path, ["2025-08", "2025-09"])
    workers_csv = root / "2025-09" / "workers.csv"
    with workers_csv.open(newline="", encoding="utf-8") as handle:
        team = next(csv.DictReader(handle))["team"]
    add_row(workers_csv, {**LATE_LEAVER, "team": team})
    august = dt.date(2025, 8, 31)
    # what each extract says of 31 August, computed on its own
    said_by_september = app_report.report(root / "2025-09", as_at=august).report
    said_by_august = app_report.report(root / "2025-08", as_at=august).report

    data = app_trend.trend(root).to_dict()
    months = months_of(data)
    assert months["2025-09"]["data_quality"]["input"]["errors"] == 0  # the row is a valid one
    (span,) = data["bridges"]
    bridges = {b["kpi"]: b for b in span["kpis"]}
    for kpi in ("turnover_rate_fte", "turnover_rate_headcount"):
        bridge = bridges[kpi]
        late = said_by_september.kpis[kpi]
        own = said_by_august.kpis[kpi]
        assert late.value != own.value  # the late leaver restates 31 August
        revisions = [p for p in bridge["parts"] if p["kind"] == "revision"]
        assert len(revisions) == 1, bridge["parts"]
        (revision,) = revisions
        assert revision["points"] == pytest.approx(late.value - own.value, rel=1e-9, abs=1e-12)
        assert revision["numerator"] == pytest.approx(late.numerator - own.numerator)
        assert revision["denominator"] == pytest.approx(late.denominator - own.denominator)
        # the bridge starts from August's own figure, not the restated one
        assert bridge["before"]["value"] == months["2025-08"]["kpis"][kpi]["value"] == own.value
        assert bridge["after"]["value"] == months["2025-09"]["kpis"][kpi]["value"]
        adds_up(bridge)
        # the other parts are the bridge within the September extract: they add up to its
        # change from what it says of 31 August
        within = math.fsum(p["points"] for p in bridge["parts"] if p["kind"] != "revision")
        assert within == pytest.approx(bridge["after"]["value"] - late.value, abs=1e-9)
    # a permanent leaver of March is in post at neither date: the agency rate is not restated
    agency = bridges["agency_rate_fte"]
    assert not [p for p in agency["parts"] if p["kind"] == "revision"]
    assert said_by_september.kpis["agency_rate_fte"].value == \
        said_by_august.kpis["agency_rate_fte"].value


def test_an_earlier_leavers_fte_changed_in_the_last_extract_only_is_a_revision(
        folders: Path, tmp_path: Path) -> None:
    """A leaver of September 2024 (in the year to 31 August 2025, not in the year to
    30 September) has a different FTE in the September extract only: the September figure is
    unchanged, 31 August is restated."""
    root = copy_months(folders, tmp_path, ["2025-08", "2025-09"])
    workers_csv = root / "2025-09" / "workers.csv"
    with workers_csv.open(newline="", encoding="utf-8") as handle:
        rows = list(csv.DictReader(handle))
    header = list(rows[0])
    chosen = next(i for i, r in enumerate(rows)
                  if r["end_date"].startswith("2024-09") and r["fte"] not in ("", "0.5")
                  and r["employment_type"] in ("permanent", "fixed_term", "temporary"))
    rows[chosen]["fte"] = "0.5"
    with workers_csv.open("w", newline="", encoding="utf-8") as handle:
        writer = csv.DictWriter(handle, fieldnames=header)
        writer.writeheader()
        writer.writerows(rows)
    august = dt.date(2025, 8, 31)
    late = app_report.report(root / "2025-09", as_at=august).report.kpis["turnover_rate_fte"]
    own = app_report.report(root / "2025-08", as_at=august).report.kpis["turnover_rate_fte"]
    assert late.numerator < own.numerator
    data = app_trend.trend(root).to_dict()
    bridge = next(b for b in data["bridges"][0]["kpis"] if b["kpi"] == "turnover_rate_fte")
    (revision,) = [p for p in bridge["parts"] if p["kind"] == "revision"]
    assert revision["points"] == pytest.approx(late.value - own.value, rel=1e-9, abs=1e-12)
    assert revision["points"] < 0
    adds_up(bridge)


HEADER = "worker_id,employment_type,fte,start_date,end_date,leaving_reason,team\n"
STAFF = "".join(f"P{i:03d},permanent,1,2020-01-06,,,Alpha\n" for i in range(10))


def test_a_revision_alone_is_a_revision_part(tmp_path: Path) -> None:
    """August's extract holds one resignation in the year (10%); September's holds a second,
    of 30 April, entered late. In September's extract the turnover is 20% at 31 August and at
    30 September: nothing moved within it, and the whole change between the two months' own
    figures, +10 pp, is what September says of 31 August otherwise (docs/explain.md: the
    parts are worked out in the last month's extract, plus a part of kind revision)."""
    leaver = "L001,permanent,1,2018-05-01,2025-03-31,resignation,Alpha\n"
    late = "L002,permanent,1,2018-05-01,2025-04-30,resignation,Alpha\n"
    for month, rows in (("2025-08", STAFF + leaver), ("2025-09", STAFF + leaver + late)):
        (tmp_path / month).mkdir()
        (tmp_path / month / "workers.csv").write_text(HEADER + rows, encoding="utf-8")
    august = dt.date(2025, 8, 31)
    late_view = app_report.report(tmp_path / "2025-09", as_at=august).report
    own = app_report.report(tmp_path / "2025-08", as_at=august).report
    assert late_view.kpis["turnover_rate_fte"].value == pytest.approx(20.0)
    assert own.kpis["turnover_rate_fte"].value == pytest.approx(10.0)
    data = app_trend.trend(tmp_path).to_dict()
    (span,) = data["bridges"]
    bridge = next(b for b in span["kpis"] if b["kpi"] == "turnover_rate_fte")
    assert bridge["change"] == pytest.approx(10.0)
    adds_up(bridge)
    kinds = [p["kind"] for p in bridge["parts"]]
    assert kinds == ["revision"], bridge["parts"]
    assert bridge["parts"][0]["points"] == pytest.approx(10.0)
    assert bridge["parts"][0]["numerator"] == pytest.approx(1.0)


def test_a_scope_and_a_method_apply_to_the_bridges(folders: Path) -> None:
    data = app_trend.trend(folders, method="lg", scope="qualified_social_workers").to_dict()
    months = months_of(data)
    assert [s["span"] for s in data["bridges"]] == ["month", "year"]
    for span in data["bridges"]:
        assert [b["kpi"] for b in span["kpis"]] == [
            kpi for kpi in rates("lg") if kpi in data["series"][-1]["kpis"]]
        for bridge in span["kpis"]:
            assert (bridge["method"], bridge["scope"]) == ("lg", "qualified_social_workers")
            own = months[span["from"]]["kpis"][bridge["kpi"]]
            assert bridge["before"]["value"] == own["value"]
            assert bridge["after"]["value"] == months[span["to"]]["kpis"][bridge["kpi"]]["value"]
            if bridge["change"] is not None:
                adds_up(bridge)
