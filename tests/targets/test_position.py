"""Peer positions (docs/peers.md) held to DfE's published file, read here with the csv module on
its own: ranks ("1224" ties), quartiles and the medians of all authorities, a region and the
statistical neighbours, for several councils, KPIs and years; a council absent, a figure
suppressed, a region with too few figures; the neighbours, and every way a list of them can be
wrong."""

from __future__ import annotations

import csv
import math
from pathlib import Path

import pytest
from pydantic import ValidationError

from wfkpi.core.errors import ConfigError, UsageError
from wfkpi.engine.kpis import KPIS
from wfkpi.targets.benchmarks import DfeIndicators
from wfkpi.targets.config import Council, load_targets
from wfkpi.targets.position import (
    DIRECTIONS,
    FEWEST_FOR_MEDIAN,
    NEIGHBOURS_SOURCE,
    Neighbours,
    council_neighbours,
    default_neighbours,
    not_ranked,
    position,
    quartile_of,
    rank_of,
    rates,
    read_neighbours,
    standing,
    target_position,
)

DATA = Path(__file__).parents[2] / "src" / "wfkpi" / "data"
DFE_CSV = DATA / "dfe_csww_indicators_2017_to_2025.csv"
GROUPS_CSV = DATA / "dfe_statistical_neighbours_2025.csv"


def published(year: int, kpi: str) -> dict[str, tuple[str, float | None]]:
    """Every local authority's (region, figure) for ``year``, straight from DfE's file."""
    with DFE_CSV.open(encoding="utf-8") as handle:
        rows = [row for row in csv.DictReader(handle)
                if row["geographic_level"] == "Local authority"
                and row["time_period"] == str(year)]
    out = {}
    for row in rows:
        try:
            value: float | None = float(row[kpi])
        except ValueError:
            value = None
        out[row["la_name"]] = (row["region_name"], value)
    return out


def middle(values: list[float]) -> float:
    """The median, by hand: the middle figure, or the mean of the middle two."""
    ordered = sorted(values)
    half = len(ordered) // 2
    return ordered[half] if len(ordered) % 2 else (ordered[half - 1] + ordered[half]) / 2


def council(**fields: object) -> Council:
    return Council.model_validate({"name": "A council", "document": "strategy.txt",
                                   "strategy_period": {"text": "2025"}, "targets": [],
                                   **fields})


CASES = [("Camden", "turnover_rate_fte", 2025), ("Lambeth", "caseload_fte", 2025),
         ("Cambridgeshire", "vacancy_rate_fte", 2024), ("Peterborough", "absence_rate_fte", 2019),
         ("Lambeth", "agency_cover_rate_fte", 2022), ("Cambridgeshire", "agency_rate_fte", 2017)]


@pytest.mark.parametrize(("area", "kpi", "year"), CASES)
def test_rank_quartile_and_medians_are_those_of_the_published_file(area: str, kpi: str,
                                                                  year: int) -> None:
    figures = published(year, kpi)
    values = [v for _, v in figures.values() if v is not None]
    region, own = figures[area]
    assert own is not None
    rank = 1 + sum(1 for v in values if v < own)
    got = position(area, kpi, year)
    assert (got.value, got.rank, got.of) == (own, rank, len(values))
    assert got.quartile == math.ceil(4 * rank / len(values))
    assert got.all.median == pytest.approx(middle(values))
    assert (got.all.n, got.all.size) == (len(values), len(figures))
    in_region = [v for r, v in figures.values() if r == region and v is not None]
    assert got.region is not None and got.region.name == region
    assert got.region.median == pytest.approx(middle(in_region))
    assert got.region.rank == 1 + sum(1 for v in in_region if v < own)
    assert got.year == year and got.published == (
        f"DfE {year}, published figures for 30 September {year}")
    assert f"(DfE {year})" in got.text()


def test_ties_share_the_best_rank() -> None:
    """Camden, Lambeth and one more authority published a caseload of 11.2 for 2025: all three
    share one rank, and the next authority up ranks three places further ("1224")."""
    figures = [v for _, v in published(2025, "caseload_fte").values() if v is not None]
    tied = figures.count(11.2)
    assert tied == 3
    camden, lambeth = (position(a, "caseload_fte", 2025) for a in ("Camden", "Lambeth"))
    assert camden.rank == lambeth.rank == 1 + sum(1 for v in figures if v < 11.2) == 4
    assert [f.rank for f in camden.figures if f.value == 11.2] == [4] * tied
    above = min(v for v in figures if v > 11.2)
    next_up = next(f for f in camden.figures if f.value == above)
    assert next_up.rank == camden.rank + tied
    assert camden.quartile == lambeth.quartile
    assert [f.rank for f in camden.figures] == sorted(f.rank for f in camden.figures)


def test_rank_and_quartile_rules() -> None:
    assert [rank_of(v, [1, 2, 2, 3]) for v in (1, 2, 2, 3)] == [1, 2, 2, 4]
    assert [quartile_of(r, 8) for r in range(1, 9)] == [1, 1, 2, 2, 3, 3, 4, 4]
    assert quartile_of(37, 148) == 1 and quartile_of(38, 148) == 2
    assert quartile_of(148, 148) == 4 and quartile_of(1, 1) == 4


def test_a_suppressed_figure_has_no_rank_and_says_what_dfe_published() -> None:
    """Westminster's 2025 turnover is published as ``x``: no rank, no quartile, never 0; the
    medians are still given, and Westminster counts in no median."""
    assert published(2025, "turnover_rate_fte")["Westminster"][1] is None
    got = position("Westminster", "turnover_rate_fte", 2025)
    assert (got.value, got.rank, got.quartile, got.cell) == (None, None, None, "x")
    assert got.note == "DfE published no figure for Westminster for 2025 (x: not available)"
    assert got.all.median is not None and "Westminster" in got.all.without
    assert got.region is not None and "Westminster" in got.region.without
    assert all(f.area != "Westminster" for f in got.figures)
    assert got.text().startswith("DfE published no figure for Westminster")


def test_a_council_absent_from_the_file_has_no_rank_and_says_why() -> None:
    got = position("Atlantis", "turnover_rate_fte", 2025)
    assert (got.value, got.rank, got.quartile, got.region) == (None, None, None, None)
    assert got.note == ("Atlantis is not a local authority in DfE's file "
                        "(dfe_csww_indicators_2017_to_2025.csv)")
    assert got.all.n == got.of > 140
    assert position("England", "turnover_rate_fte", 2025).rank is None  # a country, not an LA


def test_an_authority_not_yet_formed_that_year() -> None:
    got = position("Cumberland", "turnover_rate_fte", 2019)
    assert got.rank is None
    assert got.note == "DfE published no figures for Cumberland for 2019"
    assert got.region is not None and got.region.name == "North West"


def test_a_year_or_kpi_not_published_is_refused() -> None:
    with pytest.raises(ValueError, match="publishes 2017 to 2025, not 2016"):
        position("Camden", "turnover_rate_fte", 2016)
    with pytest.raises(ValueError, match="inpost_fte is a count"):
        position("Camden", "inpost_fte", 2025)


def test_a_region_with_too_few_figures_has_no_median(tmp_path: Path) -> None:
    """A region of two authorities (a small file in DfE's layout): no median, and why."""
    with DFE_CSV.open(encoding="utf-8") as handle:
        reader = csv.DictReader(handle)
        rows = [row for row in reader if row["time_period"] == "2025"
                and row["geographic_level"] == "Local authority"]
        fields = reader.fieldnames
    assert fields is not None
    for row, region in zip(rows[:5], ["Tiny", "Tiny", "Big", "Big", "Big"], strict=True):
        row["region_name"] = region
    path = tmp_path / "small.csv"
    with path.open("w", encoding="utf-8", newline="") as out:
        writer = csv.DictWriter(out, fieldnames=fields)
        writer.writeheader()
        writer.writerows(rows[:5])
    data = DfeIndicators(path)
    first = rows[0]["la_name"]
    got = position(first, "turnover_rate_fte", 2025, data=data)
    assert got.region is not None and got.region.median is None
    assert got.region.note == (f"only 2 of 2 authorities with a published figure: too few for a "
                               f"median (at least {FEWEST_FOR_MEDIAN})")
    assert got.region.rank is not None  # a rank among two still says something
    assert got.all.median == pytest.approx(middle([float(r["turnover_rate_fte"])
                                                   for r in rows[:5]]))


def test_the_default_neighbours_are_dfes_groups_matched_by_code() -> None:
    with GROUPS_CSV.open(encoding="utf-8") as handle:
        groups = [row for row in csv.DictReader(handle)]
    camden = [row["neighbour_name"] for row in groups if row["la_name"] == "Camden"]
    assert len(camden) == 10
    near = default_neighbours("Camden")
    assert near is not None and near.source == NEIGHBOURS_SOURCE
    assert list(near.areas) == camden  # every Camden neighbour is spelt as DfE's file spells it
    # the groups spell Bedford "Bedford Borough"; the workforce figures "Bedford"
    bexley = default_neighbours("Bexley")
    assert bexley is not None and "Bedford" in bexley.areas
    assert "Bedford Borough" in {row["neighbour_name"] for row in groups
                                 if row["la_name"] == "Bexley"}
    # an area DfE publishes jointly has both authorities' neighbours, not itself
    joint = default_neighbours("Kingston upon Thames / Richmond upon Thames")
    assert joint is not None and len(joint.areas) == len(set(joint.areas)) > 10
    assert "Kingston upon Thames / Richmond upon Thames" not in joint.areas
    assert default_neighbours("Atlantis") is None


def test_the_neighbours_median_leaves_out_the_council_and_suppressed_figures() -> None:
    near = default_neighbours("Camden")
    assert near is not None
    figures = published(2025, "turnover_rate_fte")
    theirs = [figures[name][1] for name in near.areas if figures[name][1] is not None]
    got = position("Camden", "turnover_rate_fte", 2025, near)
    assert got.neighbours is not None
    assert got.neighbours.median == pytest.approx(middle(theirs))
    assert (got.neighbours.n, got.neighbours.size) == (len(theirs), 10)
    assert set(got.neighbours.without) == {"Westminster", "Kensington and Chelsea"}
    own = figures["Camden"][1]
    assert own is not None
    assert got.neighbours.rank == 1 + sum(1 for v in theirs if v < own)
    assert got.neighbours.of == len(theirs) + 1


def test_too_few_neighbours_with_a_figure() -> None:
    near = Neighbours(("Westminster", "Kensington and Chelsea", "Islington"), "a test")
    got = position("Camden", "turnover_rate_fte", 2025, near)
    assert got.neighbours is not None and got.neighbours.median is None
    assert got.neighbours.note is not None and "only 1 of 3" in got.neighbours.note


def test_the_targets_files_neighbours_are_checked_against_dfes_names() -> None:
    good = council(dfe_area="Lambeth", neighbours=["southwark", "Lewisham"],
                   neighbours_source="a strategy, section 2")
    got = council_neighbours("lambeth", good, "my-targets.yaml")
    assert got == Neighbours(("Southwark", "Lewisham"), "a strategy, section 2")
    bad = council(dfe_area="Lambeth", neighbours=["Southwark", "Southwrk"],
                  neighbours_source="a strategy")
    with pytest.raises(ConfigError) as caught:
        council_neighbours("lambeth", bad, "my-targets.yaml")
    assert str(caught.value) == (
        "my-targets.yaml: councils.lambeth.neighbours[1]: 'Southwrk' is not a local authority "
        "in DfE's file (dfe_csww_indicators_2017_to_2025.csv); did you mean 'Southwark'?")
    own = council(dfe_area="Lambeth", neighbours=["Lambeth"], neighbours_source="x")
    with pytest.raises(ConfigError, match="'Lambeth' is the council's own area"):
        council_neighbours("lambeth", own)
    twice = council(dfe_area="Lambeth", neighbours=["Lewisham", "LEWISHAM"],
                    neighbours_source="x")
    with pytest.raises(ConfigError, match=r"neighbours\[1\]: 'LEWISHAM' is named twice"):
        council_neighbours("lambeth", twice)
    # a part of a jointly published area suggests the area
    with pytest.raises(ConfigError, match="did you mean 'Kingston upon Thames / Richmond upon "
                                          "Thames'"):
        council_neighbours("lambeth", council(dfe_area="Lambeth",
                                              neighbours=["Kingston upon Thames"],
                                              neighbours_source="x"))


def test_a_list_of_neighbours_says_where_it_comes_from() -> None:
    with pytest.raises(ValidationError, match="neighbours needs neighbours_source"):
        council(dfe_area="Lambeth", neighbours=["Southwark"])
    with pytest.raises(ValidationError, match="neighbours_source without neighbours"):
        council(dfe_area="Lambeth", neighbours_source="somewhere")
    with pytest.raises(ValidationError, match="neighbours needs dfe_area"):
        council(neighbours=["Southwark"], neighbours_source="somewhere")
    with pytest.raises(ValidationError, match="the list is empty"):
        council(dfe_area="Lambeth", neighbours=[], neighbours_source="somewhere")


def test_a_neighbours_file(tmp_path: Path) -> None:
    path = tmp_path / "near.txt"
    path.write_text("# source: Lambeth JSNA 2024, table 3\n\nSouthwark\n  Bristol, City of  \n"
                    "# a comment\nlewisham\n", encoding="utf-8")
    got = read_neighbours(path, "Lambeth")
    assert got == Neighbours(("Southwark", "Bristol, City of", "Lewisham"),
                             "Lambeth JSNA 2024, table 3")
    path.write_text("Southwark\nLewisham\n", encoding="utf-8")
    assert read_neighbours(path, "Lambeth").source == "listed in near.txt"


@pytest.mark.parametrize(("text", "message"), [
    ("Southwark\n\nSouthwrk\n", "{path}, line 3: 'Southwrk' is not a local authority in DfE's "
     "file (dfe_csww_indicators_2017_to_2025.csv); did you mean 'Southwark'?"),
    ("Lambeth\n", "{path}, line 1: 'Lambeth' is the council's own area, not a neighbour"),
    ("Southwark\nsouthwark\n", "{path}, line 2: 'southwark' is named twice"),
    ("Xyzzy\n", "{path}, line 1: 'Xyzzy' is not a local authority in DfE's file "
     "(dfe_csww_indicators_2017_to_2025.csv)"),
    ("# only a comment\n", "--neighbours {path}: names no area (one DfE area name a line)"),
])
def test_a_wrong_neighbours_file_names_the_file_and_line(tmp_path: Path, text: str,
                                                          message: str) -> None:
    path = tmp_path / "near.txt"
    path.write_text(text, encoding="utf-8")
    with pytest.raises(UsageError) as caught:
        read_neighbours(path, "Lambeth")
    assert str(caught.value) == message.format(path=path)


def test_a_missing_neighbours_file(tmp_path: Path) -> None:
    with pytest.raises(UsageError, match="no such file"):
        read_neighbours(tmp_path / "none.txt", "Lambeth")


def test_every_dfe_rate_has_a_direction_and_counts_have_none() -> None:
    published_rates = {kpi for kpi, item in KPIS["dfe"].items()
                       if item.unit in ("%", "cases per FTE")}
    assert set(DIRECTIONS) == published_rates
    assert rates() == [kpi for kpi in KPIS["dfe"] if kpi in published_rates]
    with DFE_CSV.open(encoding="utf-8") as handle:
        assert set(DIRECTIONS) <= set(next(csv.reader(handle)))
    assert {DIRECTIONS[k] for k in ("agency_cover_rate_fte", "vacancy_agency_cover_rate_fte")} \
        == {"neither"}
    assert not_ranked("inpost_headcount") is not None and "count" in not_ranked(
        "inpost_headcount")
    assert "lg definition" in (not_ranked("turnover_rate_headcount", "lg") or "")
    assert not_ranked("turnover_rate_fte") is None


def test_a_scorecard_target_without_a_position_says_why() -> None:
    targets = load_targets().councils
    lambeth, asc = targets["lambeth_childrens"], targets["camden_asc"]
    by_id = {t.id: t for t in lambeth.targets}
    near = council_neighbours("lambeth_childrens", lambeth)
    placed = target_position(lambeth, by_id["turnover_below_15"], 2024, near)
    assert not isinstance(placed, str) and placed.year == 2024
    assert placed.value == published(2024, "turnover_rate_fte")["Lambeth"][1]
    assert target_position(lambeth, by_id["turnover_below_15"], None, near) == (
        "the reference date is before DfE's first published year (30 September 2017)")
    assert "count" in str(target_position(lambeth, by_id["sw_starters_min_35"], 2024, near))
    first_rate = next(t for t in asc.targets if t.kpi and t.method)
    assert isinstance(target_position(asc, first_rate, 2024, None), str)


def test_a_standing_names_its_year_rules_and_sources() -> None:
    chosen = council(dfe_area="Cambridgeshire")
    near = default_neighbours("Cambridgeshire")
    data = standing("cambs", chosen, ["caseload_fte", "turnover_rate_fte"], 2023, near).to_dict()
    assert data["published"] == "DfE 2023, published figures for 30 September 2023"
    assert [k["kpi"] for k in data["kpis"]] == ["caseload_fte", "turnover_rate_fte"]
    assert all(k["year"] == 2023 for k in data["kpis"])
    assert data["council"] == {"id": "cambs", "name": "A council", "dfe_area": "Cambridgeshire",
                               "region": "East of England"}
    assert data["neighbours"]["source"] == NEIGHBOURS_SOURCE
    assert "Open Government Licence v3.0" in data["attribution"]
    assert set(data["rules"]) == {"year", "rank", "quartile", "median", "suppressed"}
    figures = data["kpis"][0]["figures"]
    assert [f["value"] for f in figures] == sorted(f["value"] for f in figures)
    assert len(figures) == data["kpis"][0]["of"]
