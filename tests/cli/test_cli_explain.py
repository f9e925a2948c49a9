"""``wfkpi explain``: why a rate moved between two reference dates (docs/explain.md).

Every run goes through the ``wfkpi`` fixture, which fails on any traceback in stdout or stderr.
"""

from __future__ import annotations

import csv
import io
import json
import math
import re
import shutil
import zipfile
from decimal import Decimal
from pathlib import Path

import pytest

from wfkpi.app.explain import explain_change
from wfkpi.engine.bridge import rates

ROOT = Path(__file__).resolve().parents[2]
LAMBETH = ROOT / "sample_data" / "lambeth_childrens"
RICH = ["turnover_rate_fte", "turnover_rate_headcount", "agency_rate_fte",
        "agency_rate_headcount", "vacancy_rate_fte", "caseload_fte", "absence_rate_fte"]


@pytest.fixture
def renderers():
    """The bridge's formats (src/wfkpi/render/explain/), without which the command cannot
    print anything."""
    return pytest.importorskip("wfkpi.render.explain").FORMATS


def needs(formats, name: str) -> None:
    if name not in formats:
        pytest.skip(f"the {name} renderer of wfkpi explain is not there yet")


def adds_up(bridge: dict) -> None:
    assert bridge["change"] is not None
    size = max(1.0, abs(bridge["before"]["value"]), abs(bridge["after"]["value"]))
    assert abs(math.fsum(p["points"] for p in bridge["parts"]) - bridge["change"]) <= 1e-9 * size
    if bridge["groups"]:
        assert abs(math.fsum(g["points"] for g in bridge["groups"])
                   - bridge["change"]) <= 1e-9 * size


# -- json ---------------------------------------------------------------------------------------


def test_json_parses_and_its_parts_add_up_to_its_change(wfkpi, renderers) -> None:
    result = wfkpi("explain", str(LAMBETH), "--kpi", "turnover_rate_fte", "--format", "json")
    assert result.code == 0, result.err
    data = json.loads(result.out)
    assert list(data) == ["path", "dates", "bridge", "data_quality"]
    assert data["path"] == str(LAMBETH)
    assert data["dates"] == {"from": "a year before the later date",
                             "to": "the last month-end the data covers"}
    bridge = data["bridge"]
    assert (bridge["kpi"], bridge["unit"], bridge["method"]) == ("turnover_rate_fte", "%", "dfe")
    assert (bridge["before"]["as_at"], bridge["after"]["as_at"]) == ("2024-09-30", "2025-09-30")
    assert bridge["change"] == bridge["after"]["value"] - bridge["before"]["value"]
    assert bridge["parts"] and bridge["note"] is None
    adds_up(bridge)
    assert any(p["name"].startswith("leavers: ") for p in bridge["parts"])
    assert data["data_quality"]["input"]["verdict"] == "VALID"
    # the command prints what the library gives
    assert data == json.loads(json.dumps(
        explain_change(LAMBETH, "turnover_rate_fte").to_dict()))


@pytest.mark.parametrize("kpi", RICH)
def test_every_published_rate_adds_up_on_a_sample(wfkpi, renderers, kpi: str) -> None:
    result = wfkpi("explain", str(LAMBETH), "--kpi", kpi, "--format", "json")
    assert result.code == 0, result.err
    bridge = json.loads(result.out)["bridge"]
    if bridge["change"] is None:
        assert bridge["parts"] == [] and bridge["note"]
        return
    adds_up(bridge)


def test_given_dates_are_said_to_be_given(wfkpi, renderers) -> None:
    result = wfkpi("explain", str(LAMBETH), "--kpi", "agency_rate_fte", "--from", "2025-03-31",
                   "--to", "2025-09-30", "--format", "json")
    assert result.code == 0, result.err
    data = json.loads(result.out)
    assert data["dates"] == {"from": "given", "to": "given"}
    assert data["bridge"]["before"]["as_at"] == "2025-03-31"
    adds_up(data["bridge"])


def test_by_team_groups_add_up_and_suppress_below_keeps_the_sum(wfkpi, renderers) -> None:
    plain = json.loads(wfkpi("explain", str(LAMBETH), "--kpi", "turnover_rate_fte", "--by",
                             "team", "--format", "json").out)["bridge"]
    assert plain["by"] == "team" and plain["groups"]
    adds_up(plain)
    points = [abs(g["points"]) for g in plain["groups"] if g["kind"] == "group"]
    assert points == sorted(points, reverse=True)  # largest contribution first
    hidden = json.loads(wfkpi("explain", str(LAMBETH), "--kpi", "turnover_rate_fte", "--by",
                              "team", "--suppress-below", "40", "--format", "json").out)["bridge"]
    adds_up(hidden)
    shown = {g["name"] for g in hidden["groups"] if g["kind"] == "group"}
    assert shown < {g["name"] for g in plain["groups"] if g["kind"] == "group"}
    assert [g["name"] for g in hidden["groups"] if g["kind"] == "other"] == [
        "not attributed to one team"]


def test_no_figure_at_the_earlier_date_is_null_never_0(wfkpi, renderers) -> None:
    result = wfkpi("explain", "report_small", "--kpi", "turnover_rate_fte", "--from",
                   "2015-01-31", "--format", "json")
    assert result.code == 0, result.err
    bridge = json.loads(result.out)["bridge"]
    assert bridge["before"]["value"] is None and bridge["before"]["note"]
    assert bridge["change"] is None
    assert bridge["parts"] == [] and bridge["note"]


# -- usage errors: exit 2, one line, no traceback -----------------------------------------------


def usage_error(result) -> str:
    assert (result.code, result.out) == (2, ""), (result.code, result.out, result.err)
    message = result.err.strip()
    assert message.startswith("error: ") and "\n" not in message
    return message


def test_from_after_to_is_refused(wfkpi, renderers) -> None:
    message = usage_error(wfkpi("explain", str(LAMBETH), "--kpi", "turnover_rate_fte",
                                "--from", "2025-09-30", "--to", "2025-03-31"))
    assert "2025-09-30" in message and "2025-03-31" in message and "before" in message
    usage_error(wfkpi("explain", str(LAMBETH), "--kpi", "turnover_rate_fte",
                      "--from", "2025-03-31", "--to", "2025-03-31"))


def test_an_unknown_kpi_is_refused_with_the_rates_listed(wfkpi, renderers) -> None:
    message = usage_error(wfkpi("explain", str(LAMBETH), "--kpi", "turnover_rate"))
    assert "turnover_rate" in message
    for kpi in rates("dfe"):
        assert kpi in message


def test_a_count_is_refused(wfkpi, renderers) -> None:
    message = usage_error(wfkpi("explain", str(LAMBETH), "--kpi", "inpost_fte"))
    assert "inpost_fte is a count" in message
    assert "turnover_rate_fte" in message


def test_a_kpi_of_another_method_is_refused(wfkpi, renderers) -> None:
    message = usage_error(wfkpi("explain", str(LAMBETH), "--kpi", "stability_index"))
    assert "stability_index" in message
    # with its own method it is a rate
    result = wfkpi("explain", str(LAMBETH), "--kpi", "stability_index", "--method", "lg",
                   "--format", "json")
    assert result.code == 0, result.err
    bridge = json.loads(result.out)["bridge"]
    assert bridge["method"] == "lg"
    if bridge["change"] is not None:
        adds_up(bridge)


def test_suppress_below_without_by_is_refused(wfkpi, renderers) -> None:
    message = usage_error(wfkpi("explain", str(LAMBETH), "--kpi", "turnover_rate_fte",
                                "--suppress-below", "5"))
    assert "--by" in message


def test_xlsx_without_output_is_refused(wfkpi, renderers) -> None:
    message = usage_error(wfkpi("explain", str(LAMBETH), "--kpi", "turnover_rate_fte",
                                "--format", "xlsx"))
    assert "--output" in message


def test_a_missing_kpi_option_is_a_usage_error(wfkpi, renderers) -> None:
    result = wfkpi("explain", str(LAMBETH))
    assert result.code == 2 and result.out == ""
    assert "--kpi" in result.err


# -- an invalid extract: the bridge is written, then exit 3 -------------------------------------


@pytest.fixture
def broken(tmp_path: Path) -> Path:
    """A copy of the Lambeth sample with one worker row whose FTE is not a number."""
    target = tmp_path / "broken"
    shutil.copytree(LAMBETH, target)
    workers_csv = target / "workers.csv"
    with workers_csv.open(newline="", encoding="utf-8") as handle:
        rows = list(csv.reader(handle))
    fte = rows[0].index("fte")
    rows[5][fte] = "full time"
    with workers_csv.open("w", newline="", encoding="utf-8") as handle:
        csv.writer(handle).writerows(rows)
    return target


def test_an_invalid_extract_exits_3_after_writing_the_bridge(wfkpi, renderers, broken: Path,
                                                            tmp_path: Path) -> None:
    target = tmp_path / "bridge.json"
    result = wfkpi("explain", str(broken), "--kpi", "turnover_rate_fte", "--format", "json",
                   "--output", str(target))
    assert result.code == 3, result.err
    assert result.out == ""
    assert str(target) in result.err
    data = json.loads(target.read_text(encoding="utf-8"))
    assert data["data_quality"]["input"]["verdict"] == "INVALID"
    assert data["data_quality"]["input"]["errors"] >= 1
    adds_up(data["bridge"])
    # printed to the terminal: the figures, then exit 3
    shown = wfkpi("explain", str(broken), "--kpi", "turnover_rate_fte", "--format", "json")
    assert shown.code == 3
    assert json.loads(shown.out)["bridge"] == data["bridge"]


# -- the other formats --------------------------------------------------------------------------


def test_table(wfkpi, renderers) -> None:
    needs(renderers, "table")
    result = wfkpi("explain", str(LAMBETH), "--kpi", "turnover_rate_fte")
    assert result.code == 0, result.err
    data = explain_change(LAMBETH, "turnover_rate_fte").to_dict()["bridge"]
    assert result.lines[0].startswith("Turnover rate (FTE)")
    for part in data["parts"]:
        assert any(line.lstrip().startswith(part["name"]) for line in result.lines), part["name"]
    assert "Input VALID" in result.out


def shown_numbers(cells: list[str]) -> list[Decimal]:
    return [Decimal(c.replace("−", "-").replace("*", "").replace("+", "").rstrip("%").strip())
            for c in cells]


@pytest.mark.parametrize("kpi", RICH)
def test_markdown_contributions_shown_add_up_to_the_change_shown(wfkpi, renderers,
                                                                 kpi: str) -> None:
    """docs/explain.md: contributions are shown to two decimals, rounded so that the parts shown
    add up to the change shown."""
    needs(renderers, "markdown")
    result = wfkpi("explain", str(LAMBETH), "--kpi", kpi, "--format", "markdown")
    assert result.code == 0, result.err
    rows = [[c.strip() for c in line.strip().strip("|").split("|")]
            for line in result.lines if line.startswith("|")]
    header, body = rows[0], rows[2:]
    data = explain_change(LAMBETH, kpi).to_dict()["bridge"]
    if data["change"] is None:
        return
    names = [p["name"] for p in data["parts"]]
    parts = [row for row in body if row[0] in names]
    assert len(parts) == len(names)
    change = next(row for row in body if row[0].strip("*") == "Change")
    assert header[-1].startswith("Contribution")
    (total,) = shown_numbers([change[-1]])
    assert sum(shown_numbers([row[-1] for row in parts])) == total
    # the change shown is the later figure shown less the earlier one shown (or the change
    # itself rounded): within 0.01 of the change either way
    before = Decimal(f"{data['before']['value']:.2f}")
    after = Decimal(f"{data['after']['value']:.2f}")
    assert total in {after - before, Decimal(f"{data['change']:.2f}")}
    assert abs(float(total) - data["change"]) <= 0.01 + 1e-12


def test_csv_has_a_row_per_part(wfkpi, renderers) -> None:
    needs(renderers, "csv")
    result = wfkpi("explain", str(LAMBETH), "--kpi", "agency_rate_fte", "--by", "team",
                   "--format", "csv")
    assert result.code == 0, result.err
    rows = list(csv.DictReader(io.StringIO(result.out)))
    data = explain_change(LAMBETH, "agency_rate_fte", by="team").to_dict()["bridge"]
    part_rows = [r for r in rows if r.get("section") == "part"]
    assert [r["name"] for r in part_rows] == [p["name"] for p in data["parts"]]
    for row, part in zip(part_rows, data["parts"], strict=True):
        assert float(row["points"]) == part["points"]
    group_names = {r["name"] for r in rows if r.get("section") == "group"}
    assert group_names == {g["name"] for g in data["groups"]}


def test_html_is_one_page_with_a_waterfall(wfkpi, renderers) -> None:
    needs(renderers, "html")
    result = wfkpi("explain", str(LAMBETH), "--kpi", "absence_rate_fte", "--format", "html")
    assert result.code == 0, result.err
    assert result.out.lstrip().startswith("<!DOCTYPE html>")
    assert "<svg" in result.out
    assert not re.search(r"<(script|link|img)\b", result.out)


def test_xlsx_with_output_and_placeholders(wfkpi, renderers, tmp_path: Path) -> None:
    needs(renderers, "xlsx")
    result = wfkpi("explain", str(LAMBETH), "--kpi", "vacancy_rate_fte", "--format", "xlsx",
                   "--output", str(tmp_path / "bridge-{as_at}-{method}.{format}"))
    assert result.code == 0, result.err
    target = tmp_path / "bridge-2025-09-30-dfe.xlsx"
    assert target.exists(), list(tmp_path.iterdir())
    with zipfile.ZipFile(target) as book:
        assert any(name.startswith("xl/charts/") for name in book.namelist())
