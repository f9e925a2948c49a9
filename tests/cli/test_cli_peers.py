"""``wfkpi peers``: every format shows the figures DfE's file gives (read here with the csv module),
names from files are escaped, the output is deterministic, and every wrong council, KPI, year or
neighbours file exits 2 with a message listing the choices. The scorecard carries the same
position on every row (``peers``)."""

from __future__ import annotations

import contextlib
import csv
import io
import json
import math
import zipfile
from html.parser import HTMLParser
from pathlib import Path
from typing import Any

import pytest
from openpyxl import load_workbook

ROOT = Path(__file__).resolve().parents[2]
DFE_CSV = ROOT / "src" / "wfkpi" / "data" / "dfe_csww_indicators_2017_to_2025.csv"
RATES = ["turnover_rate_fte", "turnover_rate_headcount", "agency_rate_fte",
         "agency_rate_headcount", "vacancy_rate_fte", "agency_cover_rate_fte",
         "vacancy_agency_cover_rate_fte", "caseload_fte", "absence_rate_fte"]
LAMBETH_NEIGHBOURS = ["Southwark", "Lewisham", "Hammersmith and Fulham", "Greenwich", "Haringey",
                      "Islington", "Croydon", "Waltham Forest", "Camden", "Wandsworth"]


def expected(area: str, kpi: str, year: int) -> tuple[float, int, int, int, float]:
    """(figure, rank, of, quartile, median of all) from DfE's file, by hand."""
    with DFE_CSV.open(encoding="utf-8") as handle:
        rows = {row["la_name"]: row[kpi] for row in csv.DictReader(handle)
                if row["geographic_level"] == "Local authority"
                and row["time_period"] == str(year)}
    values = []
    for cell in rows.values():
        with contextlib.suppress(ValueError):  # DfE's symbols: no figure
            values.append(float(cell))
    own = float(rows[area])
    rank = 1 + sum(1 for v in values if v < own)
    ordered = sorted(values)
    half = len(ordered) // 2
    median = ordered[half] if len(ordered) % 2 else (ordered[half - 1] + ordered[half]) / 2
    return own, rank, len(values), math.ceil(4 * rank / len(values)), median


def test_the_table_shows_each_rate_with_rank_quartile_and_medians(wfkpi) -> None:
    result = wfkpi("peers", "--council", "lambeth_childrens")
    assert (result.code, result.err) == (0, "")
    assert result.lines[0] == ("London Borough of Lambeth - Children's Services: peer position, "
                               "DfE 2025, published figures for 30 September 2025")
    rule = next(n for n, line in enumerate(result.lines) if line.startswith("━"))
    cells = [[cell.strip() for cell in line.split("│")] for line in result.lines[rule + 1:]
             if "│" in line]
    rows = {row[0]: row for row in cells if row[0] in RATES}
    assert list(rows) == RATES  # 200 columns: no id is folded
    assert cells[cells.index(rows["turnover_rate_fte"]) + 1][0] == "Turnover rate (FTE)"
    for kpi in ("turnover_rate_fte", "caseload_fte", "absence_rate_fte"):
        own, rank, of, quartile, _ = expected("Lambeth", kpi, 2025)
        assert rows[kpi][2] == f"{rank} of {of}", kpi
        assert rows[kpi][1] == (f"{own:.1f}%" if kpi != "caseload_fte" else f"{own:.1f}")
        below = cells[cells.index(rows[kpi]) + 1]
        assert below[2] == f"{['1st', '2nd', '3rd', '4th'][quartile - 1]} quartile"
    assert "Statistical neighbours (10, from DfE's children's services statistical neighbour " \
        "groups, May 2025 (Local Authority Interactive Tool)): " + ", ".join(
            LAMBETH_NEIGHBOURS) + "." in " ".join(result.lines)
    assert "Open Government Licence v3.0" in result.out


def test_the_json_holds_every_figure_and_the_rules(wfkpi) -> None:
    result = wfkpi("peers", "--council", "camden_childrens", "--year", "2023", "-f", "json")
    assert result.code == 0
    data = json.loads(result.out)
    assert data["year"] == 2023
    assert data["published"] == "DfE 2023, published figures for 30 September 2023"
    assert data["council"]["region"] == "Inner London"
    for kpi in data["kpis"]:
        own, rank, of, quartile, median = expected("Camden", kpi["kpi"], 2023)
        assert (kpi["value"], kpi["rank"], kpi["of"], kpi["quartile"]) == (own, rank, of,
                                                                             quartile)
        assert kpi["all"]["median"] == pytest.approx(median)
        assert len(kpi["figures"]) == of
        camden = [f for f in kpi["figures"] if f["area"] == "Camden"]
        assert camden == [{"area": "Camden", "region": "Inner London", "value": own,
                           "rank": rank}]
    assert set(data["rules"]) == {"year", "rank", "quartile", "median", "suppressed"}


def test_csv_one_row_per_kpi_matching_the_json(wfkpi) -> None:
    text = wfkpi("peers", "--council", "peterborough", "-f", "csv").out
    data = json.loads(wfkpi("peers", "--council", "peterborough", "-f", "json").out)
    rows = list(csv.DictReader(io.StringIO(text)))
    assert [row["kpi"] for row in rows] == RATES
    for row, kpi in zip(rows, data["kpis"], strict=True):
        assert float(row["value"]) == kpi["value"]
        assert int(row["rank"]) == kpi["rank"] and int(row["of"]) == kpi["of"]
        assert float(row["median_all"]) == kpi["all"]["median"]
        assert float(row["median_neighbours"]) == kpi["neighbours"]["median"]
        assert row["region"] == "East of England"
    own, rank, _, quartile, _ = expected("Peterborough", "vacancy_rate_fte", 2025)
    vacancy = rows[RATES.index("vacancy_rate_fte")]
    assert (float(vacancy["value"]), int(vacancy["rank"]), int(vacancy["quartile"])) == (
        own, rank, quartile)


def test_one_kpi_and_the_same_bytes_every_time(wfkpi) -> None:
    first = wfkpi("peers", "--council", "cambridgeshire", "--kpi", "caseload_fte", "-f", "json")
    again = wfkpi("peers", "--council", "cambridgeshire", "--kpi", "caseload_fte", "-f", "json")
    assert first.out == again.out
    assert [k["kpi"] for k in json.loads(first.out)["kpis"]] == ["caseload_fte"]
    assert wfkpi("peers", "--council", "cambridgeshire", "-f", "csv").out == \
        wfkpi("peers", "--council", "cambridgeshire", "-f", "csv").out


def _council_file(tmp_path: Path) -> Path:
    """A targets file whose council's name holds markup, and a neighbours file whose source
    does."""
    path = tmp_path / "targets.yaml"
    path.write_text(
        "schema_version: 1\ncouncils:\n  kingsbridge:\n"
        "    name: \"Kingsbridge <script>alert(1)</script> & [Co] | Ltd\"\n"
        "    document: k.txt\n    dfe_area: Lambeth\n    strategy_period: {text: '2025'}\n"
        "    targets: []\n", encoding="utf-8")
    return path


def _neighbours_file(tmp_path: Path) -> Path:
    path = tmp_path / "near.txt"
    path.write_text("# source: <b>our</b> [list] | 2025\nSouthwark\nBristol, City of\n"
                    "Lewisham\n", encoding="utf-8")
    return path


class _Svg(HTMLParser):
    """The rects of each chart: (class, title text)."""

    def __init__(self, text: str) -> None:
        super().__init__(convert_charrefs=True)
        self.rects: list[tuple[str, str]] = []
        self.svgs = 0
        self._rect: str | None = None
        self._title = False
        self.feed(text)

    def handle_starttag(self, tag: str, attrs: list[tuple[str, str | None]]) -> None:
        if tag == "svg" and ("class", "ranked") in attrs:
            self.svgs += 1
        if tag == "rect":
            self._rect = dict(attrs).get("class") or ""
        if tag == "title" and self._rect is not None:
            self._title = True

    def handle_endtag(self, tag: str) -> None:
        if tag == "rect":
            self._rect = None
        if tag == "title":
            self._title = False

    def handle_data(self, data: str) -> None:
        if self._title and self._rect is not None:
            self.rects.append((self._rect, data))


def test_html_draws_every_authority_with_the_council_highlighted_and_names_escaped(
        wfkpi, tmp_path: Path) -> None:
    targets, near = _council_file(tmp_path), _neighbours_file(tmp_path)
    out = tmp_path / "peers.html"
    result = wfkpi("peers", "--council", "kingsbridge", "--targets", str(targets),
                   "--neighbours", str(near), "--kpi", "turnover_rate_fte", "-f", "html",
                   "-o", str(out))
    assert (result.code, result.out, result.err) == (0, "", "")
    page = out.read_text(encoding="utf-8")
    assert "<script>" not in page and "&lt;script&gt;alert(1)&lt;/script&gt; &amp; [Co]" in page
    assert "&lt;b&gt;our&lt;/b&gt; [list] | 2025" in page
    assert "http" not in page.split("</style>", 1)[1].replace(
        "Content-Security-Policy", "")  # nothing fetched, no link
    chart = _Svg(page)
    assert chart.svgs == 1
    own, rank, of, _, _ = expected("Lambeth", "turnover_rate_fte", 2025)
    assert len(chart.rects) == of
    assert [t for c, t in chart.rects if c == "council"] == [f"Lambeth: {own:.1f}%, rank {rank}"]
    neighbours = sorted(t.split(":")[0] for c, t in chart.rects if c == "neighbour")
    assert neighbours == ["Bristol, City of", "Lewisham", "Southwark"]
    assert 'class="median-all"' in page and 'class="median-neighbours"' in page
    assert "DfE 2025, published figures for 30 September 2025" in page


def test_markdown_escapes_names_and_holds_the_figures(wfkpi, tmp_path: Path) -> None:
    targets, near = _council_file(tmp_path), _neighbours_file(tmp_path)
    text = wfkpi("peers", "--council", "kingsbridge", "--targets", str(targets), "--neighbours",
                 str(near), "-f", "markdown").out
    assert text.startswith("# Kingsbridge \\<script>alert(1)\\</script> & \\[Co\\] \\| Ltd: "
                           "peer position, DfE 2025")
    assert "from \\<b>our\\</b> \\[list\\] \\| 2025): Southwark, Bristol, City of, Lewisham." \
        in text
    own, rank, of, quartile, _ = expected("Lambeth", "caseload_fte", 2025)
    row = next(line for line in text.splitlines() if "(`caseload_fte`" in line)
    assert f"| {own:.1f} | {rank} of {of} | {['1st', '2nd', '3rd', '4th'][quartile - 1]} |" in row


def test_xlsx_has_a_sheet_and_a_native_chart_per_kpi(wfkpi, tmp_path: Path) -> None:
    out = tmp_path / "peers.xlsx"
    assert wfkpi("peers", "--council", "camden_childrens", "-f", "xlsx", "-o", str(out)).code == 0
    raw = out.read_bytes()
    book = load_workbook(io.BytesIO(raw))
    assert book.sheetnames == ["Summary", *RATES]
    summary = book["Summary"]
    assert summary["A1"].value == ("London Borough of Camden - Children and Learning "
                                   "Directorate: peer position, DfE 2025, published figures for "
                                   "30 September 2025")
    header = next(n for n in range(1, 12) if summary.cell(n, 1).value == "KPI")
    first = {summary.cell(header, c).value: summary.cell(header + 1, c).value
             for c in range(1, 15)}
    own, rank, of, quartile, _ = expected("Camden", "turnover_rate_fte", 2025)
    assert first["Council's figure"] == pytest.approx(own / 100)  # a true percentage
    assert (first["Rank"], first["Of"], first["Quartile"]) == (rank, of,
                                                              ["1st", "2nd", "3rd", "4th"][
                                                                  quartile - 1])
    sheet = book["turnover_rate_fte"]
    assert [c.value for c in sheet[1]][:7] == ["Rank", "Authority", "Region", "Figure", "Camden",
                                               "Statistical neighbour", "Other authority"]
    rows = list(sheet.iter_rows(min_row=2, values_only=True))
    assert len(rows) == of
    camden = [r for r in rows if r[1] == "Camden"]
    assert camden == [(rank, "Camden", "Inner London", pytest.approx(own / 100),
                       pytest.approx(own / 100), None, None, *camden[0][7:])]
    assert sum(1 for r in rows if r[5] is not None) == 8  # Camden's neighbours with a figure
    with zipfile.ZipFile(io.BytesIO(raw)) as archive:
        charts = sorted(n for n in archive.namelist() if n.startswith("xl/charts/chart"))
        assert len(charts) == len(RATES)
        xml = archive.read("xl/charts/chart1.xml").decode("utf-8")
    last = 1 + of
    for column in "EFG":  # the council, its neighbours, the others: one bar series each
        assert f"'turnover_rate_fte'!${column}$2:${column}${last}" in xml
    assert f"'turnover_rate_fte'!$B$2:$B${last}" in xml  # the authorities' names
    assert "barChart>" in xml and "lineChart>" in xml and "C00000" in xml
    again = tmp_path / "again.xlsx"
    assert wfkpi("peers", "--council", "camden_childrens", "-f", "xlsx", "-o", str(again)).code \
        == 0
    assert again.read_bytes() == raw


@pytest.mark.parametrize(("args", "message"), [
    (["--council", "nowhere"], "error: unknown council 'nowhere' (configured with a DfE area: "
     "camden_childrens, cambridgeshire, peterborough, lambeth_childrens); see `wfkpi "
     "councils`\n"),
    (["--council", "camden_asc"], "error: council 'camden_asc' has no DfE area (dfe_area): DfE "
     "publishes children's social work figures only; councils with one: camden_childrens, "
     "cambridgeshire, peterborough, lambeth_childrens\n"),
    (["--council", "camden_childrens", "--kpi", "inpost_fte"], "error: --kpi inpost_fte: "
     "inpost_fte is a count (FTE): it measures an authority's size, not its position, so it is "
     "not ranked (the rates are); choose one of " + ", ".join(RATES) + "\n"),
    (["--council", "camden_childrens", "--kpi", "turnover"], "error: --kpi turnover: turnover "
     "is not among DfE's published figures; choose one of " + ", ".join(RATES) + "\n"),
    (["--council", "camden_childrens", "--year", "2016"], "error: --year 2016: DfE's file "
     "publishes reporting years 2017 to 2025; choose one of 2017, 2018, 2019, 2020, 2021, "
     "2022, 2023, 2024, 2025\n"),
    (["--council", "camden_childrens", "-f", "xlsx"], "error: --format xlsx writes a workbook: "
     "add --output FILE.xlsx\n"),
])
def test_a_wrong_choice_exits_2_listing_the_choices(wfkpi, args: list[str], message: str) -> None:
    result = wfkpi("peers", *args)
    assert (result.code, result.out, result.err) == (2, "", message)


def test_a_bad_neighbours_file_exits_2_naming_the_file_and_line(wfkpi, tmp_path: Path) -> None:
    path = tmp_path / "near.txt"
    path.write_text("Southwark\n# Lewisham left out\nLewishem\n", encoding="utf-8")
    result = wfkpi("peers", "--council", "lambeth_childrens", "--neighbours", str(path))
    assert (result.code, result.out) == (2, "")
    assert result.err == (f"error: {path}, line 3: 'Lewishem' is not a local authority in DfE's "
                          "file (dfe_csww_indicators_2017_to_2025.csv); did you mean "
                          "'Lewisham'?\n")


def test_a_bad_neighbour_in_the_targets_file_exits_2(wfkpi, tmp_path: Path) -> None:
    path = tmp_path / "targets.yaml"
    path.write_text(
        "schema_version: 1\ncouncils:\n  kingsbridge:\n    name: Kingsbridge\n"
        "    document: k.txt\n    dfe_area: Lambeth\n    neighbours: [Southwark, Lewishem]\n"
        "    neighbours_source: a test\n    strategy_period: {text: '2025'}\n    targets: []\n",
        encoding="utf-8")
    result = wfkpi("peers", "--council", "kingsbridge", "--targets", str(path))
    assert (result.code, result.out) == (2, "")
    assert result.err == (f"error: {path}: councils.kingsbridge.neighbours[1]: 'Lewishem' is "
                          "not a local authority in DfE's file "
                          "(dfe_csww_indicators_2017_to_2025.csv); did you mean 'Lewisham'?\n")


def test_the_targets_files_neighbours_and_source_are_used(wfkpi, tmp_path: Path) -> None:
    path = tmp_path / "targets.yaml"
    path.write_text(
        "schema_version: 1\ncouncils:\n  kingsbridge:\n    name: Kingsbridge\n"
        "    document: k.txt\n    dfe_area: Lambeth\n    neighbours: [Southwark, Lewisham, "
        "Greenwich]\n    neighbours_source: Kingsbridge strategy, section 2\n"
        "    strategy_period: {text: '2025'}\n    targets: []\n", encoding="utf-8")
    data = json.loads(wfkpi("peers", "--council", "kingsbridge", "--targets", str(path), "-f",
                            "json").out)
    assert data["neighbours"] == {"areas": ["Southwark", "Lewisham", "Greenwich"],
                                  "source": "Kingsbridge strategy, section 2"}
    assert all(k["neighbours"]["size"] == 3 for k in data["kpis"])


def test_the_scorecard_json_carries_each_targets_peer_position(wfkpi, tmp_path: Path) -> None:
    """Every row has ``peers`` and ``peers_note``; a DfE rate's position is DfE's published
    figure for the benchmarks' year, never the extract's figure."""
    out = tmp_path / "card.json"
    result = wfkpi("report", str(ROOT / "sample_data" / "lambeth_childrens"), "--council",
                   "lambeth_childrens", "-f", "json", "-o", str(out))
    assert result.code == 0
    card = json.loads(out.read_text(encoding="utf-8"))
    rows = {row["target_id"]: row for row in card["rows"]}
    assert all("peers" in row and "peers_note" in row for row in card["rows"])
    turnover = rows["turnover_below_15"]
    year = int(card["as_at"][:4]) if card["as_at"][5:] >= "09-30" else int(card["as_at"][:4]) - 1
    own, rank, of, quartile, median = expected("Lambeth", "turnover_rate_fte", year)
    peers = turnover["peers"]
    assert (peers["year"], peers["value"], peers["rank"], peers["of"], peers["quartile"]) == (
        year, own, rank, of, quartile)
    assert peers["all"]["median"] == pytest.approx(median)
    assert peers["value"] != turnover["value"]  # the extract's figure is not the published one
    assert "figures" not in peers
    assert turnover["peers_note"] is None
    assert rows["sw_starters_min_35"]["peers"] is None
    assert "count" in rows["sw_starters_min_35"]["peers_note"]
    assert rows["training_10_days_80pct"]["peers_note"].endswith(
        "lg definition, which DfE does not publish")
    assert card["attribution"].endswith("statistical neighbour groups (May 2025), Open "
                                        "Government Licence v3.0.")


def _peer_lines(text: str) -> list[str]:
    return [line for line in text.splitlines() if "Peers, DfE" in line]


def test_every_scorecard_format_shows_the_peer_position(wfkpi, tmp_path: Path) -> None:
    folder = str(ROOT / "sample_data" / "lambeth_childrens")
    outputs: dict[str, Any] = {}
    for format, suffix in (("csv", "csv"), ("markdown", "md"), ("html", "html"),
                           ("xlsx", "xlsx")):
        path = tmp_path / f"card.{suffix}"
        assert wfkpi("report", folder, "--council", "lambeth_childrens", "-f", format, "-o",
                     str(path)).code == 0
        outputs[format] = path.read_bytes()
    card = json.loads(wfkpi("report", folder, "--council", "lambeth_childrens", "-f",
                            "json").out)
    placed = [row for row in card["rows"] if row["peers"]]
    assert placed
    rows = {row["target_id"]: row for row in csv.DictReader(io.StringIO(
        outputs["csv"].decode("utf-8")))}
    for row in placed:
        got = rows[row["target_id"]]
        assert int(got["peer_rank"]) == row["peers"]["rank"]
        assert float(got["peer_median_all"]) == row["peers"]["all"]["median"]
        assert got["peer_position"] == row["peers"]["text"]
    markdown = outputs["markdown"].decode("utf-8")
    assert "## Peer position (DfE " in markdown
    html = outputs["html"].decode("utf-8")
    assert 'id="peers"' in html and "Peers, DfE" in html
    book = load_workbook(io.BytesIO(outputs["xlsx"]))
    assert "Peers" in book.sheetnames
    sheet = book["Peers"]
    ids = [cell.value for cell in sheet["A"][1:]]
    assert ids == [row["target_id"] for row in placed]
    heads = {cell.value: cell.column for cell in sheet[1]}
    assert sheet.cell(2, heads["Rank"]).value == placed[0]["peers"]["rank"]
    terminal = wfkpi("report", folder, "--council", "lambeth_childrens").out
    assert _peer_lines(terminal)


def _median(values: list[float]) -> float:
    ordered, half = sorted(values), len(values) // 2
    return ordered[half] if len(ordered) % 2 else (ordered[half - 1] + ordered[half]) / 2


def test_a_scorecard_takes_its_neighbours_from_a_file(wfkpi, tmp_path: Path) -> None:
    """``report --council --neighbours FILE``: the peer positions of the scorecard use the
    file's authorities, the median worked out here from DfE's file with the csv module."""
    near = tmp_path / "near.txt"
    near.write_text("# source: our own list, agreed with the board\nSouthwark\nLewisham\n"
                    "Greenwich\n", encoding="utf-8")
    result = wfkpi("report", str(ROOT / "sample_data" / "lambeth_childrens"), "--council",
                   "lambeth_childrens", "--neighbours", str(near), "--format", "json")
    assert result.code == 0, result.err
    rows = [row for row in json.loads(result.out)["rows"] if row["peers"] is not None]
    assert rows
    with DFE_CSV.open(encoding="utf-8") as handle:
        published = {row["la_name"]: row for row in csv.DictReader(handle)
                     if row["time_period"] == "2025"}
    for row in rows:
        peers = row["peers"]
        assert peers["neighbours_source"] == "our own list, agreed with the board"
        assert peers["neighbours"]["size"] == 3
        values = [float(published[name][row["kpi"]]) for name in ("Southwark", "Lewisham",
                                                                   "Greenwich")]
        assert peers["neighbours"]["median"] == pytest.approx(_median(values))


def test_neighbours_without_a_council_is_a_usage_error(wfkpi, tmp_path: Path) -> None:
    near = tmp_path / "near.txt"
    near.write_text("Southwark\n", encoding="utf-8")
    result = wfkpi("report", str(ROOT / "sample_data" / "lambeth_childrens"), "--neighbours",
                   str(near))
    assert (result.code, result.out) == (2, "")
    assert result.err == ("error: --neighbours gives the peers of a council's targets: add "
                          "--council ID (see `wfkpi councils`)\n")


def test_a_bad_name_in_the_scorecards_neighbours_file_exits_2(wfkpi, tmp_path: Path) -> None:
    near = tmp_path / "near.txt"
    near.write_text("Southwark\nLewisham\nSouthwrk\n", encoding="utf-8")
    result = wfkpi("report", str(ROOT / "sample_data" / "lambeth_childrens"), "--council",
                   "lambeth_childrens", "--neighbours", str(near))
    assert (result.code, result.out) == (2, "")
    assert f"{near}, line 3: 'Southwrk' is not a local authority" in result.err
    assert "did you mean 'Southwark'?" in result.err
