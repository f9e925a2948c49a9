"""``wfkpi report --council``: targets judged on report_small, every status worked out by hand.

report_small's figures (see test_cli_report.py): agency_rate_fte 30.3%, turnover_rate_fte 43.5%,
caseload_fte 12.0, vacancy_rate_fte 46.5%. DfE 2025 vacancy rate, England: 14.2%.
"""

from __future__ import annotations

import json
from pathlib import Path

import pytest

TARGETS = """schema_version: 1
councils:
  testshire:
    name: Testshire Council
    document: testshire.txt
    dfe_area: Lambeth
    strategy_period: {text: 2025 to 2026}
    targets:
"""
ENTRY = """    - id: %s
      kpi: %s
      method: dfe
      scope: null
      comparison: "%s"
      value: %s
      unit: %s
      due: 2026-03-31
      amber: %s
      measurable: %s
      %s
      source: {document: testshire.txt, section: Aims, quote: "the words, quoted"}
"""
ROWS = [
    ("agency_below_25", "agency_rate_fte", "<", "25", "percent", "{upper: 35}", "true", "",
     "amber"),
    ("turnover_at_most_50", "turnover_rate_fte", "<=", "50", "percent", "null", "true", "",
     "green"),
    ("caseload_at_most_10", "caseload_fte", "<=", "10", "cases", "null", "true", "", "red"),
    ("vacancy_at_or_below_england", "vacancy_rate_fte", "<=benchmark", "null", "percent",
     "{margin: 2}", "true", "benchmark: {source: dfe, geography: England}", "red"),
    ("turnover_falling", "turnover_rate_fte", "decrease_vs_previous", "null", "percent",
     "{tolerance: 1}", "true", "", "no data"),
    ("staff_survey", "null", ">=", "70", "percent", "null", "false",
     "reason: 'Staff survey score: no HR extract holds it'", "not measured"),
]


@pytest.fixture
def targets_file(tmp_path: Path) -> str:
    body = "".join(ENTRY % row[:-1] for row in ROWS)
    path = tmp_path / "targets.yaml"
    path.write_text(TARGETS + body)
    return str(path)


def test_every_status_as_worked_out_by_hand(wfkpi, targets_file: str) -> None:
    result = wfkpi("report", "report_small", "--council", "testshire", "--targets",
                   targets_file, "--format", "json")
    assert (result.code, result.err) == (0, "")
    card = json.loads(result.out)
    assert [(r["target_id"], r["status"]) for r in card["rows"]] == [
        (row[0], row[-1]) for row in ROWS]
    assert card["summary"] == {"green": 1, "amber": 1, "red": 2, "no data": 1,
                               "not measured": 1}
    rows = {r["target_id"]: r for r in card["rows"]}
    assert rows["agency_below_25"]["status_note"] == (
        "30.3% misses the target (< 25.0%) but is within the amber limit of 35.0%")
    # DfE 2025 vacancy_rate_fte as published, then the peer figure of the practice examples.
    assert rows["vacancy_at_or_below_england"]["benchmarks"] == [
        {"name": "Lambeth, DfE 2025", "value": 29.3},
        {"name": "Inner London, DfE 2025", "value": 18.0},
        {"name": "England, DfE 2025", "value": 14.2},
        {"name": "Achieving for Children (own figure, after 2 years (c. 2024))", "value": 21.0}]
    assert rows["vacancy_at_or_below_england"]["status_note"] == (
        "46.5% misses England (<= 14.2%); the amber limit is 16.2%")
    assert rows["turnover_falling"]["status_note"].startswith(
        "the extract holds no spell that ended before this year's window")
    assert rows["staff_survey"]["value"] is None
    assert card["council"] == {"id": "testshire", "name": "Testshire Council",
                               "document": "testshire.txt", "strategy_period": "2025 to 2026"}
    assert card["attribution"].startswith("Contains public sector information")


@pytest.mark.parametrize(("fail_on", "code"), [("red", 1), ("amber", 1)])
def test_fail_on_exits_1_when_a_target_is_missed(wfkpi, targets_file: str, fail_on: str,
                                                 code: int) -> None:
    result = wfkpi("report", "report_small", "--council", "testshire", "--targets",
                   targets_file, "--fail-on", fail_on)
    assert result.code == code
    assert "red 2" in result.out


def test_fail_on_passes_when_nothing_is_missed(wfkpi, tmp_path: Path) -> None:
    path = tmp_path / "targets.yaml"
    path.write_text(TARGETS + ENTRY % ROWS[1][:-1])
    result = wfkpi("report", "report_small", "--council", "testshire", "--targets", str(path),
                   "--fail-on", "amber")
    assert result.code == 0
    assert result.lines[2] == "green 1  amber 0  red 0  no data 0  not measured 0"


@pytest.mark.parametrize(
    ("args", "message"),
    [
        (["--format", "xlsx"], "error: --format xlsx needs a council's targets: add --council "
         "ID (see `wfkpi councils`)"),
        (["--fail-on", "red"], "error: --fail-on needs a council's targets: add --council ID "
         "(see `wfkpi councils`)"),
        (["--council", "nowhere"], "error: unknown council 'nowhere' (configured: "
         "camden_childrens, camden_asc, cambridgeshire, peterborough, lambeth_childrens); see "
         "`wfkpi councils`"),
        (["--council", "lambeth_childrens", "--format", "xlsx"],
         "error: --format xlsx writes a workbook: add --output FILE.xlsx"),
        (["--council", "lambeth_childrens", "--method", "sfc"],
         "error: --council tests each target in its own method, scope and parameters; leave "
         "out --method, --scope, --by, --suppress-below and --param"),
        (["--council", "lambeth_childrens", "--param", "training_days=5"],
         "error: --council tests each target in its own method, scope and parameters; leave "
         "out --method, --scope, --by, --suppress-below and --param"),
        (["--community", "community.yaml"],
         "error: --community is compared with a council's targets: add --council ID"),
    ],
)
def test_usage_errors(wfkpi, args: list[str], message: str) -> None:
    result = wfkpi("report", "report_small", *args)
    assert (result.code, result.out, result.err.strip()) == (2, "", message)


def test_a_broken_targets_file_names_the_problem(wfkpi, tmp_path: Path) -> None:
    path = tmp_path / "targets.yaml"
    path.write_text(TARGETS + (ENTRY % ROWS[0][:-1]).replace("agency_rate_fte", "agency_pct"))
    result = wfkpi("report", "report_small", "--council", "testshire", "--targets", str(path))
    assert result.code == 2
    assert "kpi 'agency_pct' is not a dfe KPI" in result.err


def test_targets_lists_provenance_and_councils_lists_councils(wfkpi) -> None:
    result = wfkpi("targets", "--council", "lambeth_childrens")
    assert result.code == 0
    assert "agency_rate_max_20" in result.out
    rows = result.rows("London Borough of Lambeth")
    first = rows[0]
    assert first[:4] == ["agency_rate_max_20", "agency_rate_fte (dfe)", "<= 20%", "2023-03-31"]
    councils = wfkpi("councils")
    ids = [line.split("│")[0].strip() for line in councils.lines if "│" in line]
    assert [i for i in ids if i] == ["camden_childrens", "camden_asc", "cambridgeshire",
                                     "peterborough", "lambeth_childrens"]
    data = json.loads(wfkpi("targets", "--council", "peterborough", "--format", "json").out)
    assert len(data["peterborough"]["targets"]) == 12


HR_TARGETS = """schema_version: 1
councils:
  testshire:
    name: Testshire Council
    document: testshire.txt
    strategy_period: {text: 2025 to 2026}
    targets:
    - id: reflects_community
      kpi: ethnic_minority_share
      method: lg
      scope: null
      comparison: ">=benchmark"
      value: null
      unit: percent
      benchmark: {source: community, geography: Testshire population}
      due: null
      amber: {margin: 5}
      measurable: true
      source: {document: testshire.txt, section: Aims, quote: "the words, quoted"}
    - id: five_days
      kpi: training_days_share
      method: lg
      scope: null
      comparison: ">="
      value: 80
      unit: percent
      params: {training_days: 5}
      due: null
      amber: null
      measurable: true
      source: {document: testshire.txt, section: Aims, quote: "the words, quoted"}
"""


@pytest.fixture
def hr_extract(tmp_path: Path) -> Path:
    """Ten staff in post: four from minority ethnic groups, one not known (so 4 of 9 = 44.4%);
    three with 5 or more training days in the year (3 of 10 = 30%), one of them in hours."""
    ethnicity = ["Black African", "Asian Indian", "Mixed White and Asian", "Chinese",
                 "White British", "White Irish", "Any other White background", "White British",
                 "White British", "Prefer not to say"]
    rows = ["worker_id,employment_type,fte,start_date,ethnicity"]
    rows += [f"W{i},permanent,1,2020-01-01,{e}" for i, e in enumerate(ethnicity)]
    (tmp_path / "workers.csv").write_text("\n".join(rows) + "\n")
    (tmp_path / "training.csv").write_text(
        "worker_id,date,days,hours,course\n"
        "W0,2025-03-01,5,,Induction\n"
        "W1,2025-03-01,3,,A\nW1,2025-06-01,2,,B\n"
        "W2,2025-04-01,,37,C\n"  # 37 hours ÷ 7.4 = 5 days
        "W3,2025-04-01,4.5,,D\n"  # short of 5
        "W4,2024-09-30,6,,E\n")  # the day before the window opens: not this year's
    targets = tmp_path / "targets.yaml"
    targets.write_text(HR_TARGETS)
    return tmp_path


def test_a_community_profile_and_target_params(wfkpi, hr_extract: Path) -> None:
    profile = hr_extract / "community.yaml"
    profile.write_text("area: Testshire\nsource: a made-up census\nethnic_minority_percent: 47\n")
    result = wfkpi("report", str(hr_extract), "--council", "testshire", "--targets",
                   str(hr_extract / "targets.yaml"), "--as-at", "2025-09-30", "--community",
                   str(profile), "--format", "json")
    assert result.code == 0, result.err
    card = json.loads(result.out)
    assert card["community"] == {"area": "Testshire", "source": "a made-up census",
                                 "ethnic_minority_percent": 47.0}
    rows = {row["target_id"]: row for row in card["rows"]}
    community = rows["reflects_community"]
    assert (community["numerator"], community["denominator"]) == (4.0, 9.0)
    assert community["benchmark_value"] == 47.0
    assert community["benchmarks"] == [{"name": "Testshire, community profile", "value": 47.0}]
    assert (community["status"], community["status_note"]) == (
        "amber", "44.4% misses Testshire population (>= 47.0%) but is within the amber limit "
        "of 42.0%")
    days = rows["five_days"]
    assert days["label"] == "Staff with 5+ training days in the year"
    assert (days["numerator"], days["denominator"], days["status"]) == (3.0, 10.0, "red")


def test_without_a_community_profile_the_target_is_no_data(wfkpi, hr_extract: Path) -> None:
    result = wfkpi("report", str(hr_extract), "--council", "testshire", "--targets",
                   str(hr_extract / "targets.yaml"), "--as-at", "2025-09-30", "--format", "json")
    row = json.loads(result.out)["rows"][0]
    assert (row["value"], row["status"]) == (pytest.approx(400 / 9), "no data")
    assert row["status_note"] == ("no community profile to compare with: give one with "
                                  "--community FILE (docs/targets.md)")


def test_a_broken_community_profile_is_exit_2(wfkpi, hr_extract: Path) -> None:
    profile = hr_extract / "community.yaml"
    profile.write_text("area: Testshire\nethnic_minority_percent: 147\n")
    result = wfkpi("report", str(hr_extract), "--council", "testshire", "--targets",
                   str(hr_extract / "targets.yaml"), "--community", str(profile))
    assert result.code == 2
    assert result.err.startswith(f"error: {profile}: the community profile is not valid:")
    assert "source: Field required" in result.err
    assert "ethnic_minority_percent: Input should be less than or equal to 100" in result.err
