"""What every bridge shares: rounding the parts so that those shown add up to the change shown,
and the waterfall's arithmetic (a bar floats from the total before it, on either side of zero),
drawn as SVG and as Excel's stacked series."""

from __future__ import annotations

import random
from xml.etree import ElementTree

import pytest
from tests.render.bridge_data import crossing, falling

from wfkpi.render.bridge import figures, largest_remainder, signed, units
from wfkpi.render.charts import Bar, Step, bars, value_range, waterfall_svg
from wfkpi.render.explain.xlsx import BASE, DOWN, DOWN_BELOW, SERIES, TOTAL, UP, UP_BELOW, stacks

SVG = ""  # inline SVG in a page: no namespace declared, so the tags are plain

# ----------------------------------------------------------------------------- rounding


@pytest.mark.parametrize(("value", "hundredths"), [
    (2.675, 268), (-2.675, -268), (0.125, 13), (-0.005, -1), (0.004999, 0), (-0.0, 0),
    (22.959183673469393, 2296)])
def test_units_round_half_away_from_zero(value: float, hundredths: int) -> None:
    assert units(value) == hundredths


def test_rounding_each_part_alone_would_not_add_up_but_the_largest_remainder_does() -> None:
    points = [-3.0035, 1.4965, 4.2065, -0.2995]  # the change is 2.40
    assert sum(units(p) for p in points) == 241  # each rounded on its own
    shown = largest_remainder(points, 2.4)
    assert shown == [-300, 150, 420, -30]
    assert sum(shown) == 240


def test_negative_parts_and_a_negative_change() -> None:
    points = [-1.005, -0.333, -0.333, -0.334]  # -2.005: shown as -2.01 (half away from zero)
    shown = largest_remainder(points, sum(points))
    assert sum(shown) == units(sum(points)) == -201
    assert all(abs(s - p * 100) < 1 for s, p in zip(shown, points, strict=True))


def test_a_change_of_zero() -> None:
    points = [0.3333, 0.3333, -0.6666]
    shown = largest_remainder(points, 0.0)
    assert sum(shown) == 0
    assert shown == [33, 33, -66]  # -66.66 lost most in rounding down
    assert largest_remainder([0.0, 0.0], 0.0) == [0, 0]


def test_ties_go_to_the_earlier_value_and_the_result_is_the_same_every_time() -> None:
    points = [0.005, 0.005, 0.005, 0.005]  # 0.02 to share between four halves
    assert largest_remainder(points, 0.02) == [1, 1, 0, 0]
    assert largest_remainder(points, 0.02) == largest_remainder(list(points), 0.02)


def test_nothing_to_round() -> None:
    assert largest_remainder([], 1.0) == []


def test_a_total_the_values_do_not_add_up_to_is_spread_over_them() -> None:
    shown = largest_remainder([1.0, 1.0, 1.0], 3.05)
    assert sum(shown) == 305 and sorted(shown) == [101, 102, 102]
    shown = largest_remainder([1.0, 1.0], 1.97)
    assert sum(shown) == 197


def test_random_parts_always_add_up_and_none_is_more_than_a_unit_off() -> None:
    chance = random.Random(7)
    for _ in range(500):
        points = [chance.uniform(-5, 5) for _ in range(chance.randint(1, 12))]
        total = sum(points)
        shown = largest_remainder(points, total)
        assert sum(shown) == units(total)
        assert all(abs(s - p * 100) < 1 + 1e-6 for s, p in zip(shown, points, strict=True))


def test_other_places() -> None:
    shown = largest_remainder([0.44, 0.44, 0.12], 1.0, places=1)
    assert shown == [4, 5, 1] or shown == [5, 4, 1]
    assert sum(shown) == 10


def test_signed_text() -> None:
    assert [signed(v) for v in (41, -61, 0, 123456)] == ["+0.41", "−0.61", "0.00", "+1,234.56"]


def test_a_bridge_as_shown_adds_up_from_the_earlier_figure_to_the_later() -> None:
    f = figures(crossing()["bridge"])
    assert (f.before.shown, f.after.shown, f.change) == (100, 340, 240)
    assert [r.shown for r in f.parts] == [-300, 150, 420, -30]
    assert f.before.shown + sum(r.shown for r in f.parts) == f.after.shown
    # the teams: ten named, the two after them combined (never one by one), then the rest
    names = [r.name for r in f.groups]
    assert len(f.groups) == 12 and "Tiny team A" not in names and "Tiny team B" not in names
    assert f.groups[10].combined == 2 and f.groups[11].kind == "other"
    assert sum(r.shown for r in f.groups) == f.change
    # the numerator's moves, shown to a tenth, add up to its change too
    assert sum(r.moved[0] for r in f.parts) == f.moved[0] == 48
    f = figures(falling()["bridge"])
    assert f.change == -250 and sum(r.shown for r in f.parts) == -250
    assert f.places == (0, 1) and f.sides == ("cases", "FTE")


# ----------------------------------------------------------------------------- the bars

def test_each_part_floats_from_the_total_before_it_across_zero() -> None:
    steps = [Step("before", 1.0, "", total=True), Step("a", -3.0, ""), Step("b", 1.5, ""),
             Step("c", 4.2, ""), Step("d", -0.3, ""), Step("after", 3.4, "", total=True)]
    drawn = bars(steps)
    assert [(round(b.start, 6), round(b.end, 6), b.kind) for b in drawn] == [
        (0.0, 1.0, "total"), (1.0, -2.0, "down"), (-2.0, -0.5, "up"), (-0.5, 3.7, "up"),
        (3.7, 3.4, "down"), (0.0, 3.4, "total")]


@pytest.mark.parametrize(("bar", "cells"), [
    (Bar(0.0, 22.96, "total"), {TOTAL: 22.96}),
    (Bar(22.96, 22.35, "down"), {BASE: 22.35, DOWN: 0.61}),  # base = the lower end
    (Bar(20.0, 22.0, "up"), {BASE: 20.0, UP: 2.0}),
    (Bar(0.0, 2.0, "up"), {UP: 2.0}),  # from zero: no base
    (Bar(1.0, -2.0, "down"), {DOWN: 1.0, DOWN_BELOW: -2.0}),  # across zero: two pieces
    (Bar(-2.0, -0.5, "up"), {BASE: -0.5, UP_BELOW: -1.5}),  # below zero: hangs from its base
    (Bar(-0.5, 3.7, "up"), {UP: 3.7, UP_BELOW: -0.5}),
    (Bar(-1.0, -3.0, "down"), {BASE: -1.0, DOWN_BELOW: -2.0}),
    (Bar(0.0, -4.0, "total"), {TOTAL: -4.0}),
])
def test_the_stacked_series_of_a_bar(bar: Bar, cells: dict[int, float]) -> None:
    stacked = stacks(bar)
    assert len(stacked) == len(SERIES)
    assert {i: round(v, 9) for i, v in enumerate(stacked) if v is not None} == cells
    # Excel stacks the figures above zero upwards from zero, and those below it downwards, in
    # the series' order: the base first, so the visible pieces cover exactly the bar
    base = stacked[BASE] or 0.0
    up = sum(v for i, v in enumerate(stacked) if i != BASE and v is not None and v > 0)
    down = sum(v for i, v in enumerate(stacked) if i != BASE and v is not None and v < 0)
    covered = []
    if up:
        covered.append((max(base, 0.0), max(base, 0.0) + up))
    if down:
        covered.append((min(base, 0.0) + down, min(base, 0.0)))
    if len(covered) == 2:  # across zero: the two pieces meet at it
        assert covered[0][0] == 0.0 == covered[1][1]
    low, high = sorted((bar.start, bar.end))
    assert min(c[0] for c in covered) == pytest.approx(min(low, 0.0) if bar.kind == "total"
                                                       else low)
    assert max(c[1] for c in covered) == pytest.approx(max(high, 0.0) if bar.kind == "total"
                                                       else high)


def test_the_axis_is_cut_only_when_the_parts_would_be_too_small_to_read() -> None:
    rate = bars([Step("", 22.96, "", total=True), Step("", -2.14, ""),
                 Step("", 20.82, "", total=True)])
    scale, cut = value_range(rate, "%")
    assert cut and scale[0] > 0 and scale[0] <= 20.82 and scale[-1] >= 22.96
    crossing_zero = bars([Step("", 1.0, "", total=True), Step("", -3.0, ""),
                          Step("", 2.0, ""), Step("", 0.0, "", total=True)])
    scale, cut = value_range(crossing_zero, "%")
    assert not cut and scale[0] <= -2.0 and scale[-1] >= 1.0 and 0.0 in scale
    big_move = bars([Step("", 10.0, "", total=True), Step("", 20.0, ""),
                     Step("", 30.0, "", total=True)])
    assert value_range(big_move, "%") == ([0.0, 10.0, 20.0, 30.0], False)


# ----------------------------------------------------------------------------- the SVG

def _svg(steps: list[Step], unit: str = "%") -> ElementTree.Element:
    return ElementTree.fromstring(waterfall_svg(steps, unit=unit, ident="w", title="T <&>",
                                                desc="D"))


def test_the_svg_has_one_bar_per_step_each_starting_where_the_last_ended() -> None:
    steps = [Step("before", 1.0, "1.00%", total=True), Step("a", -3.0, "−3.00 pp"),
             Step("b", 1.5, "+1.50 pp"), Step("c", 4.2, "+4.20 pp"), Step("d", -0.3, "−0.30 pp"),
             Step("after", 3.4, "3.40%", total=True)]
    root = _svg(steps)
    rects = root.findall(f"{SVG}rect")
    assert len(rects) == len(steps)
    assert [r.get("class") for r in rects] == ["bar total", "bar down", "bar up", "bar up",
                                               "bar down", "bar total"]
    spans = [(float(r.get("x")), float(r.get("x")) + float(r.get("width"))) for r in rects]
    # a fall runs right to left: it starts at its bar's right edge and ends at its left
    ends = [spans[0][1], spans[1][0], spans[2][1], spans[3][1], spans[4][0]]
    starts = [spans[1][1], spans[2][0], spans[3][0], spans[4][1]]
    assert all(abs(a - b) < 0.15 for a, b in zip(ends, starts, strict=False))
    assert abs(spans[4][0] - spans[5][1]) < 0.15  # the last part ends at the later total
    # zero is inside the axis, so it is drawn; the totals stand on it
    zero = [line for line in root.findall(f"{SVG}line") if line.get("stroke-width") == "1.5"]
    assert len(zero) == 1 and abs(float(zero[0].get("x1")) - spans[0][0]) < 0.15
    assert root.find(f"{SVG}title").text == "T <&>"
    texts = [t.text for t in root.iter(f"{SVG}text")]
    assert "−3.00 pp" in texts and "−2%" in texts


def test_a_cut_axis_is_marked_and_said() -> None:
    steps = [Step("before", 22.96, "22.96%", total=True), Step("a", -2.14, "−2.14 pp"),
             Step("after", 20.82, "20.82%", total=True)]
    text = waterfall_svg(steps, unit="%", ident="w", title="T", desc="D.")
    root = ElementTree.fromstring(text)
    assert len(root.findall(f"{SVG}rect")) == 3
    assert "not at zero" in root.find(f"{SVG}desc").text
    assert len(root.findall(f"{SVG}path")) == 3  # a break on each total, one on the axis


def test_names_are_escaped_wrapped_and_never_lost() -> None:
    name = "<script>alert(1)</script> and a name far too long to fit on two lines of the chart"
    text = waterfall_svg([Step("before", 5.0, "5.00", total=True), Step(name, 1.0, "+1.00"),
                          Step("after", 6.0, "6.00", total=True)], unit="cases per FTE",
                         ident="w", title="T", desc="D")
    assert "<script>" not in text and "&lt;script&gt;" in text
    root = ElementTree.fromstring(text)
    assert root.findall(f"{SVG}rect")[1].find(f"{SVG}title").text == f"{name}: +1.00"
    lines = [t.text for t in root.iter(f"{SVG}text") if t.get("text-anchor") == "end"]
    assert any(line.endswith("…") for line in lines)
    assert "cases per FTE" in [t.text for t in root.iter(f"{SVG}text")]


def test_no_steps_draws_an_empty_chart() -> None:
    root = _svg([])
    assert root.findall(f"{SVG}rect") == []
