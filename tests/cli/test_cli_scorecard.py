"""``wfkpi report --council``: targets judged on report_small, every status worked out by hand.

report_small's figures (see test_cli_report.py): agency_rate_fte 30.3%, turnover_rate_fte 43.5%,
caseload_fte 12.0, vacancy_rate_fte 46.5%. DfE 2025 vacancy rate, England: 14.2%.
"""

from __future__ import annotations

import json
from collections import Counter
from pathlib import Path
from typing import Any

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


@pytest.mark.parametrize(("rows", "fail_on", "err"), [
    ([1], "amber", ""),
    ([0], "red", ""),
    ([0], "amber", "error: 1 target missed (--fail-on amber): agency_below_25\n"),
    ([0, 1, 2, 3, 4, 5], "amber", "error: 3 targets missed (--fail-on amber): agency_below_25, "
     "caseload_at_most_10, vacancy_at_or_below_england\n"),
], ids=["green", "amber on red", "amber on amber", "every status"])
def test_fail_on_red_misses_red_and_fail_on_amber_red_or_amber(
        wfkpi, tmp_path: Path, rows: list[int], fail_on: str, err: str) -> None:
    """No data and not measured are never missed targets; exit 1 when one is missed (the exit
    code itself: test_cli_shared_options.py)."""
    path = tmp_path / "targets.yaml"
    path.write_text(TARGETS + "".join(ENTRY % ROWS[n][:-1] for n in rows))
    result = wfkpi("report", "report_small", "--council", "testshire", "--targets", str(path),
                   "--fail-on", fail_on)
    assert (result.code, result.err) == (1 if err else 0, err)
    counts = Counter(ROWS[n][-1] for n in rows)
    assert result.lines[2] == "  ".join(f"{status} {counts[status]}" for status in (
        "green", "amber", "red", "no data", "not measured"))


@pytest.mark.parametrize(
    ("args", "message"),
    [
        (["--format", "xlsx"], "error: --format xlsx writes a workbook: add --output FILE.xlsx"),
        (["--fail-on", "red"], "error: --fail-on needs a council's targets: add --council ID "
         "(see `wfkpi councils`)"),
        (["--council", "nowhere"], "error: unknown council 'nowhere' (configured: "
         "camden_childrens, camden_asc, cambridgeshire, peterborough, lambeth_childrens); see "
         "`wfkpi councils`"),
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
                                  "--community FILE (see wfkpi docs targets)")


def test_a_broken_community_profile_is_exit_2(wfkpi, hr_extract: Path) -> None:
    profile = hr_extract / "community.yaml"
    profile.write_text("area: Testshire\nethnic_minority_percent: 147\n")
    result = wfkpi("report", str(hr_extract), "--council", "testshire", "--targets",
                   str(hr_extract / "targets.yaml"), "--community", str(profile))
    assert result.code == 2
    assert result.err.startswith(f"error: {profile}: the community profile is not valid:")
    assert "source: Field required" in result.err
    assert "ethnic_minority_percent: Input should be less than or equal to 100" in result.err


TEAM_TARGETS = TARGETS + """    - id: team_turnover_falling
      kpi: turnover_rate_headcount
      method: dfe
      scope: null
      comparison: decrease_vs_previous
      value: null
      unit: percent
      breakdown: team
      due: null
      amber: {tolerance: 2, unit: pp}
      measurable: true
      source: {document: testshire.txt, section: Aims, quote: "the words, quoted"}
    - id: named_teams_turnover
      kpi: turnover_rate_headcount
      method: dfe
      scope: null
      comparison: "<="
      value: 15
      unit: percent
      breakdown: {by: team, groups: [a, B, Nowhere]}
      scope_inferred: true
      due: null
      amber: {upper: 17}
      measurable: true
      source: {document: testshire.txt, section: Aims, quote: "the words, quoted"}
"""


@pytest.fixture
def teams(tmp_path: Path) -> Path:
    """Four teams over two years, at 30 Sep 2025 (this year's window opens 1 Oct 2024).

    In post all along: A 10, B 10, C 3, D 10. Left in the year to 30 Sep 2024 (31 Mar 2024):
    A 1, B 2, D 1; left this year (31 Mar 2025): A 2, B 1, C 1, D 1. Headcount turnover:

    - A: 2 / 10 = 20.0%, a year earlier 1 / 12 = 8.3% (the two who left this year were in
      post): up 11.7 pp, worse than the 2 pp allowed: red;
    - B: 1 / 10 = 10.0%, was 2 / 11 = 18.2%: down: green;
    - C: 1 / 3 = 33.3%, but 4 people in the window, under 5: not judged, its figures withheld;
    - D: 1 / 10 = 10.0%, was 1 / 11 = 9.1%: up 0.9 pp, within 2: amber;
    - together: 5 / 33 = 15.2%, was 4 / 38 = 10.5%.

    Teams A and B alone: 3 / 20 = 15.0%, so "<= 15" is met together, though A is not.
    """
    rows = ["worker_id,employment_type,fte,start_date,end_date,team"]
    n = 0

    def add(team: str, count: int, end: str = "") -> None:
        nonlocal n
        for _ in range(count):
            n += 1
            rows.append(f"W{n},permanent,1,2020-01-01,{end},{team}")

    for team, stay, last_year, this_year in (("A", 10, 1, 2), ("B", 10, 2, 1), ("C", 3, 0, 1),
                                             ("D", 10, 1, 1)):
        add(team, stay)
        add(team, last_year, "2024-03-31")
        add(team, this_year, "2025-03-31")
    (tmp_path / "workers.csv").write_text("\n".join(rows) + "\n")
    (tmp_path / "targets.yaml").write_text(TEAM_TARGETS)
    return tmp_path


def _team_card(wfkpi, teams: Path, *args: str) -> Any:
    return wfkpi("report", str(teams), "--council", "testshire", "--targets",
                 str(teams / "targets.yaml"), "--as-at", "2025-09-30", *args)


def test_a_target_is_judged_team_by_team(wfkpi, teams: Path) -> None:
    result = _team_card(wfkpi, teams, "--format", "json")
    assert result.code == 0, result.err
    row = json.loads(result.out)["rows"][0]
    assert (row["breakdown"], row["status"]) == ("team", "red")
    assert (round(row["value"], 1), round(row["previous"], 1)) == (15.2, 10.5)
    groups = [(g["group"], g["headcount"], g["value"] and round(g["value"], 1),
               g["previous"] and round(g["previous"], 1), g["status"]) for g in row["groups"]]
    # C's figures are withheld: a rate of four people tells on each of them
    assert groups == [("A", 12, 20.0, 8.3, "red"), ("B", 11, 10.0, 18.2, "green"),
                      ("C", 4, None, None, "not judged"), ("D", 11, 10.0, 9.1, "amber")]
    assert row["groups"][2]["note"] == "fewer than 5 people: not judged, figures withheld"
    assert row["status_note"] == (
        "1 of 3 teams worsened by more than 2 pp: A; 1 amber: D; 1 green; 1 under 5 people, "
        "not judged: C; the teams together: 10.5% → 15.2%: moved the wrong way")
    assert row["target"] == "lower than the previous year, in each team"
    # the whole population is DfE's, so DfE's figures are like for like
    assert [b["name"] for b in row["benchmarks"]][:3] == [
        "Lambeth, DfE 2025", "Inner London, DfE 2025", "England, DfE 2025"]


def test_named_groups_are_the_population(wfkpi, teams: Path) -> None:
    """Named in any case; a team the extract does not hold is listed as no data."""
    row = json.loads(_team_card(wfkpi, teams, "--format", "json").out)["rows"][1]
    assert (row["value"], row["status"], row["scope_inferred"]) == (15.0, "red", True)
    assert [(g["group"], g["status"]) for g in row["groups"]] == [
        ("A", "red"), ("B", "green"), ("Nowhere", "no data")]
    assert row["groups"][2]["note"] == ("the extract has no team of this name in the target's "
                                        "population")
    assert row["status_note"] == (
        "1 of 3 teams missed the target beyond the amber band: A; 1 green; 1 with no figure: "
        "Nowhere; the teams together: 15.0% meets the target (<= 15.0%)")
    # two teams are not DfE's population: its figures are context
    assert row["benchmarks"][0]["name"] == ("Lambeth, DfE 2025 (context: all children's social "
                                            "workers, not only 3 named teams)")


def test_the_terminal_says_which_teams_missed(wfkpi, teams: Path) -> None:
    result = _team_card(wfkpi, teams)
    assert result.code == 0, result.err
    cells = [[cell.strip() for cell in line.split("│")] for line in result.lines if "│" in line]
    kpi, status = (" ".join(" ".join(row[n] for row in cells).split()) for n in (0, 3))
    assert "red 1 of 3 teams worsened by more than 2 pp: A; 1 amber: D; 1 green;" in status
    assert "turnover_rate_headcount (dfe, everyone, scope inferred)" in kpi


def test_a_breakdown_the_extract_cannot_apply_is_no_data(wfkpi, teams: Path) -> None:
    workers = teams / "workers.csv"
    workers.write_text("\n".join(line.rsplit(",", 1)[0]
                                 for line in workers.read_text().splitlines()) + "\n")
    row = json.loads(_team_card(wfkpi, teams, "--format", "json").out)["rows"][0]
    assert (row["status"], row["groups"]) == ("no data", [])
    assert row["status_note"] == ("cannot break down by 'team': the workers table has no team "
                                  "column, so this target cannot be judged in each team")


@pytest.mark.parametrize(
    ("breakdown", "message"),
    [
        ("'team: long-term teams (FSCP, CAT)'",
         "councils.testshire: target team_turnover_falling: breakdown: 'team: long-term teams "
         "(FSCP, CAT)' is not a column to break down by (choose one of team, service, role, "
         "grade, org_role); name particular groups as {by: team, groups: [A, B]}"),
        ("{by: org_role, groups: [5, 9]}",
         "councils.testshire: target team_turnover_falling: breakdown: groups: org_role: 9 is "
         "outside 1–6"),
        ("{by: team, groups: [A, ' a ']}",
         "councils.testshire: target team_turnover_falling: breakdown: groups named twice: "
         " a , A"),
        ("{by: team, teams: [A]}",
         "councils.testshire: target team_turnover_falling: breakdown.teams: Extra inputs are "
         "not permitted"),
    ],
)
def test_a_bad_breakdown_is_exit_2_naming_the_file_and_target(wfkpi, teams: Path,
                                                              breakdown: str,
                                                              message: str) -> None:
    path = teams / "targets.yaml"
    path.write_text(TEAM_TARGETS.replace("breakdown: team", f"breakdown: {breakdown}", 1))
    result = _team_card(wfkpi, teams)
    assert (result.code, result.out) == (2, "")
    assert result.err == f"error: {path}: the targets file is not valid:\n  {message}\n"
