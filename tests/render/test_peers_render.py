"""The peer position in the renderers: the scorecard's formats with a row that has one (and
without: nothing changes), and ``wfkpi peers``'s formats for the awkward cases, a council whose
figure DfE suppressed and a council absent from DfE's file."""

from __future__ import annotations

import copy
import csv
import io
import json
from typing import Any

import pytest
from openpyxl import load_workbook
from rich.console import Console

from wfkpi.render.peers import FORMATS as PEERS
from wfkpi.render.scorecard import FORMATS as SCORECARD
from wfkpi.targets.config import Council
from wfkpi.targets.position import default_neighbours, position, standing

ROW = "agency_rate_max_20"


@pytest.fixture
def placed(card: dict[str, Any]) -> dict[str, Any]:
    """The renderers' card with a peer position on its first target (Lambeth's agency rate,
    DfE 2025) and a reason on every other row."""
    card = copy.deepcopy(card)
    for row in card["rows"]:
        row["peers"], row["peers_note"] = None, "no KPI measures this target"
    card["rows"][0]["peers"] = position("Lambeth", "agency_rate_fte", 2025,
                                        default_neighbours("Lambeth")).to_dict()
    card["rows"][0]["peers_note"] = None
    return card


def _terminal(render: Any, data: dict[str, Any], width: int) -> str:
    console = Console(width=width, record=True, file=io.StringIO(), highlight=False)
    render(data, console)
    return console.export_text()


def test_the_scorecard_csv_has_the_position_in_its_last_columns(placed: dict[str, Any]) -> None:
    rows = list(csv.DictReader(io.StringIO(SCORECARD["csv"].render(placed))))
    peers = placed["rows"][0]["peers"]
    first = rows[0]
    assert (int(first["peer_year"]), int(first["peer_rank"]), int(first["peer_of"]),
            int(first["peer_quartile"])) == (2025, peers["rank"], peers["of"], peers["quartile"])
    assert float(first["peer_median_neighbours"]) == peers["neighbours"]["median"]
    assert first["peer_position"] == peers["text"]
    assert rows[1]["peer_rank"] == "" and rows[1]["peer_position"] == "no KPI measures this target"


def test_the_scorecard_markdown_and_html_have_a_peer_position_section(
        placed: dict[str, Any], card: dict[str, Any]) -> None:
    peers = placed["rows"][0]["peers"]
    markdown = SCORECARD["markdown"].render(placed)
    section = markdown.split("## Peer position (DfE 2025, published figures for 30 September "
                             "2025)", 1)[1].split("\n## ", 1)[0]
    row = next(line for line in section.splitlines() if line.startswith(f"| `{ROW}`"))
    assert f"| {peers['rank']} of {peers['of']} | 4th |" in row and peers["quartile"] == 4
    assert "Statistical neighbours: DfE's children's services statistical neighbour groups" \
        in section
    assert "Inner London: " in row
    assert f"Peers, DfE 2025: rank {peers['rank']} of {peers['of']}" in markdown
    page = SCORECARD["html"].render(placed)
    assert '<section aria-labelledby="peers">' in page
    assert f"Peers, DfE 2025: rank {peers['rank']} of {peers['of']}" in page
    # a card without positions shows none
    assert "Peer position" not in SCORECARD["markdown"].render(card)
    assert 'id="peers"' not in SCORECARD["html"].render(card)


def test_the_scorecard_workbook_has_a_peers_sheet_only_with_a_position(
        placed: dict[str, Any], card: dict[str, Any]) -> None:
    book = load_workbook(io.BytesIO(SCORECARD["xlsx"].render(placed)))
    assert book.sheetnames == ["Summary", "Details", "Benchmarks", "Peers", "Groups",
                               "Definitions", "Data quality", "Chart data"]
    sheet = book["Peers"]
    heads = {cell.value: cell.column for cell in sheet[1]}
    peers = placed["rows"][0]["peers"]
    assert sheet.cell(2, 1).value == ROW and sheet.max_row == 2
    assert sheet.cell(2, heads["Rank"]).value == peers["rank"]
    assert sheet.cell(2, heads["Council's published figure"]).value == pytest.approx(
        peers["value"] / 100)
    assert sheet.cell(2, heads["Published"]).value == peers["published"]
    assert "Peers" not in load_workbook(io.BytesIO(SCORECARD["xlsx"].render(card))).sheetnames


def test_the_scorecard_terminal_shows_the_position_under_the_benchmarks(
        placed: dict[str, Any]) -> None:
    peers = placed["rows"][0]["peers"]
    text = _terminal(SCORECARD["table"].render, placed, 200)
    line = next(line for line in text.splitlines() if "Peers, DfE" in line)
    assert f"│ Peers, DfE 2025: rank {peers['rank']} of {peers['of']}, 4th" in line
    assert text.count("Peers, DfE") == 1  # only the row with a position
    narrow = _terminal(SCORECARD["table"].render, placed, 80)
    assert "Peers, DfE" not in narrow and "peer positions" in narrow


def _suppressed() -> dict[str, Any]:
    """Westminster, whose 2025 turnover DfE published as ``x``."""
    westminster = Council.model_validate({"name": "Westminster <b>City</b> Council",
                                          "document": "w.txt", "dfe_area": "Westminster",
                                          "strategy_period": {"text": "2025"}, "targets": []})
    return standing("westminster", westminster, ["turnover_rate_fte", "caseload_fte"], 2025,
                    default_neighbours("Westminster")).to_dict()


def _absent() -> dict[str, Any]:
    nowhere = Council.model_validate({"name": "Atlantis", "document": "a.txt",
                                      "dfe_area": "Atlantis",
                                      "strategy_period": {"text": "2025"}, "targets": []})
    return standing("atlantis", nowhere, ["turnover_rate_fte"], 2025, None).to_dict()


@pytest.mark.parametrize("format", ["table", "json", "csv", "markdown", "xlsx", "html"])
def test_a_suppressed_figure_is_shown_as_published_and_never_as_0(format: str) -> None:
    data = _suppressed()
    turnover = data["kpis"][0]
    assert (turnover["value"], turnover["rank"], turnover["cell"]) == (None, None, "x")
    shape = PEERS[format]
    if shape.terminal:
        text = _terminal(shape.render, data, 120)
        line = next(line for line in text.splitlines() if line.startswith(" turnover_rate_fte"))
        assert line.split("│")[1].strip() == "x" and line.split("│")[2].strip() == "-"
        assert "DfE published no figure for Westminster for 2025 (x: not available)" in \
            " ".join(text.split())
    elif format == "json":
        assert json.loads(shape.render(data))["kpis"][0]["rank"] is None
    elif format == "csv":
        row = next(csv.DictReader(io.StringIO(shape.render(data))))
        assert (row["value"], row["published_cell"], row["rank"]) == ("", "x", "")
        assert row["note"].startswith("DfE published no figure")
    elif format == "markdown":
        text = shape.render(data)
        assert "Westminster \\<b>City\\</b> Council" in text
        assert "| x | - | - |" in text
    elif format == "xlsx":
        sheet = load_workbook(io.BytesIO(shape.render(data)))["Summary"]
        header = next(n for n in range(1, 12) if sheet.cell(n, 1).value == "KPI")
        assert sheet.cell(header + 1, 4).value is None  # the council's figure: empty, never 0
        assert sheet.cell(header + 1, 14).value.startswith("DfE published no figure")
    else:
        page = shape.render(data)
        assert "Westminster &lt;b&gt;City&lt;/b&gt; Council" in page
        assert 'class="council"' not in page.split("Turnover rate (FTE)", 2)[2].split(
            "</svg>")[0]  # no bar of its own in the turnover chart


@pytest.mark.parametrize("format", ["table", "json", "csv", "markdown", "xlsx", "html"])
def test_a_council_absent_from_dfes_file_still_gets_the_medians(format: str) -> None:
    data = _absent()
    kpi = data["kpis"][0]
    assert kpi["rank"] is None and kpi["region"] is None and kpi["all"]["median"] is not None
    assert data["neighbours"] is None and "do not list Atlantis" in data["neighbours_note"]
    shape = PEERS[format]
    out = _terminal(shape.render, data, 100) if shape.terminal else shape.render(data)
    text = out.decode("latin-1") if isinstance(out, bytes) else " ".join(out.split())
    if format != "xlsx":
        assert "Atlantis" in text
