"""Why a figure moved (docs/explain.md): the bridge of a rate between two reference dates.

Every expected figure below is worked by hand from the definitions in docs/kpis.md and the
midpoint rule of docs/explain.md::

    r1 − r0 = Σ L(Δn, Δd),   L(Δn, Δd) = s·(Δn·h − Δd·N̄/(D0·D1)),
    h = (1/D0 + 1/D1)/2,     N̄ = (N0 + N1)/2

The arithmetic is written out in each test; nothing is taken from the module's internals.
"""

from __future__ import annotations

import datetime as dt
import math

import pytest
from frames import absences, vacancies, worker, workers
from test_random_extracts import extract as random_extract
from test_random_extracts import frames_of, hr_extract

from wfkpi.core.errors import EngineError
from wfkpi.engine.bridge import FAMILIES, Bridge, Part, explain, rates
from wfkpi.engine.report import compute
from wfkpi.engine.scopes import resolve_scope_name

D = dt.date
R0, R1 = D(2024, 9, 30), D(2025, 9, 30)  # windows 2023-10-01..2024-09-30, 2024-10-01..2025-09-30
DATA = "rows set aside for missing data"


def L(n0: float, d0: float, n1: float, d1: float, dn: float, dd: float, s: float = 100.0) -> float:
    """The midpoint contribution of a piece that moved N by dn and D by dd (docs/explain.md)."""
    h = (1 / d0 + 1 / d1) / 2
    n_bar = (n0 + n1) / 2
    return s * (dn * h - dd * n_bar / (d0 * d1))


def parts_by_name(bridge: Bridge) -> dict[str, Part]:
    names = [p.name for p in bridge.parts]
    assert len(names) == len(set(names)), names
    return {p.name: p for p in bridge.parts}


def assert_adds_up(bridge: Bridge, parts: tuple[Part, ...] | None = None) -> None:
    parts = bridge.parts if parts is None else parts
    assert bridge.change is not None
    assert math.fsum(p.points for p in parts) == pytest.approx(bridge.change, abs=1e-9)


def bridge_of(frame, kpi, *, vac=None, absent=None, start=R0, end=R1, **options) -> Bridge:
    return explain(frame, vac, absent, kpi=kpi, start=start, end=end, **options)


# -- turnover -----------------------------------------------------------------------------------


def turnover_extract():
    """Six permanent workers in post throughout, two joiners, leavers of two reasons (and one
    with no reason) in each year."""
    steady = [worker(f"p{i}") for i in range(1, 7)]  # 6 × 1.0 FTE at both dates
    return workers(
        *steady,
        worker("j1", fte=0.5, start_date=D(2025, 1, 15)),  # in post at R1 only
        worker("j2", fte=0.8, start_date=D(2025, 2, 1)),  # in post at R1 only
        # leavers in the year to R0 (not in post at R0; c leaves on R0 itself)
        worker("a", fte=1.0, end_date=D(2024, 1, 31), leaving_reason="resignation"),
        worker("b", fte=0.6, end_date=D(2024, 5, 31), leaving_reason="resignation"),
        worker("c", fte=0.4, end_date=R0, leaving_reason="retirement"),
        # leavers in the year to R1 (all in post at R0)
        worker("d", fte=1.0, end_date=D(2025, 3, 31), leaving_reason="resignation"),
        worker("e", fte=0.5, end_date=D(2024, 10, 1), leaving_reason="retirement"),
        worker("f", fte=0.7, end_date=R1, leaving_reason="retirement"),
        worker("g", fte=0.3, end_date=D(2025, 6, 30), leaving_reason=None),
        also=("end_date", "leaving_reason"),
    )


def test_turnover_fte_splits_into_leavers_by_reason_and_fte_in_post():
    bridge = bridge_of(turnover_extract(), "turnover_rate_fte")
    # R0: leavers a 1.0 + b 0.6 (resignation) + c 0.4 (retirement) = 2.0
    #     in post p1..p6 6.0 + d 1.0 + e 0.5 + f 0.7 + g 0.3 = 8.5
    # R1: leavers d 1.0 (resignation) + e 0.5 + f 0.7 (retirement) + g 0.3 (blank) = 2.5
    #     in post p1..p6 6.0 + j1 0.5 + j2 0.8 = 7.3
    n0, d0, n1, d1 = 2.0, 8.5, 2.5, 7.3
    assert (bridge.before.numerator, bridge.before.denominator) == pytest.approx((n0, d0))
    assert (bridge.after.numerator, bridge.after.denominator) == pytest.approx((n1, d1))
    assert bridge.before.value == pytest.approx(100 * 2.0 / 8.5)
    assert bridge.change == pytest.approx(100 * 2.5 / 7.3 - 100 * 2.0 / 8.5)
    parts = parts_by_name(bridge)
    assert set(parts) == {"leavers: resignation", "leavers: retirement",
                          "leavers: (not recorded)", "directly employed FTE in post"}
    # resignation 1.6 → 1.0: Δn = −0.6; retirement 0.4 → 1.2: Δn = +0.8; blank 0 → 0.3
    for name, dn in (("leavers: resignation", -0.6), ("leavers: retirement", 0.8),
                     ("leavers: (not recorded)", 0.3)):
        assert parts[name].kind == "numerator"
        assert parts[name].numerator == pytest.approx(dn)
        assert parts[name].denominator == 0
        assert parts[name].points == pytest.approx(L(n0, d0, n1, d1, dn, 0.0))
    # h = (0.117647 + 0.136986)/2 = 0.127317; resignation: 100 × −0.6 × h = −7.63900
    assert parts["leavers: resignation"].points == pytest.approx(-7.63900, abs=1e-4)
    fte = parts["directly employed FTE in post"]
    assert fte.kind == "denominator"
    assert (fte.numerator, fte.denominator) == pytest.approx((0.0, 7.3 - 8.5))
    # −100 × (−1.2) × 2.25/(8.5 × 7.3) = 270/62.05 = +4.35133
    assert fte.points == pytest.approx(100 * 1.2 * 2.25 / (8.5 * 7.3))
    assert fte.points == pytest.approx(4.35133, abs=1e-4)
    assert_adds_up(bridge)
    assert bridge.valued == {} and bridge.note is None and bridge.caution is None


def test_turnover_headcount_counts_people_and_leaving_spells():
    bridge = bridge_of(turnover_extract(), "turnover_rate_headcount")
    # R0: leavers a, b, c = 3 (2 resignation, 1 retirement); in post p1..p6, d, e, f, g = 10
    # R1: leavers d, e, f, g = 4 (1 resignation, 2 retirement, 1 blank); in post 6 + j1, j2 = 8
    n0, d0, n1, d1 = 3, 10, 4, 8
    assert (bridge.before.numerator, bridge.before.denominator) == (n0, d0)
    assert (bridge.after.numerator, bridge.after.denominator) == (n1, d1)
    parts = parts_by_name(bridge)
    expected = {"leavers: resignation": (-1, 0), "leavers: retirement": (1, 0),
                "leavers: (not recorded)": (1, 0), "directly employed people in post": (0, -2)}
    assert set(parts) == set(expected)
    for name, (dn, dd) in expected.items():
        assert (parts[name].numerator, parts[name].denominator) == (dn, dd)
        assert parts[name].points == pytest.approx(L(n0, d0, n1, d1, dn, dd))
    # in post: −100 × (−2) × 3.5/(10 × 8) = +8.75 pp; each extra leaver 100 × (1/10 + 1/8)/2
    assert parts["directly employed people in post"].points == pytest.approx(8.75)
    assert parts["leavers: retirement"].points == pytest.approx(11.25)
    assert bridge.change == pytest.approx(50.0 - 30.0)
    assert_adds_up(bridge)


def test_the_worked_example_of_the_docs():
    """Leavers 20 FTE of 200 (10%), a year later 30 of 250 (12%): +4.5 pp from ten more FTE of
    leavers (6 resigning: +2.7, 4 retiring: +1.8), −2.5 pp from fifty more FTE in post."""
    rows = [worker(f"s{i}", fte=10.0) for i in range(20)]  # 200 FTE at both dates
    # leavers before R0: 20 FTE (10 resigning, 10 retiring), in post at neither date
    rows += [worker("r0a", fte=10.0, end_date=D(2024, 3, 1), leaving_reason="resignation"),
             worker("r0b", fte=10.0, end_date=D(2024, 3, 1), leaving_reason="retirement")]
    # leavers before R1: 30 FTE (16 resigning, 14 retiring), starters after R0 so that they
    # are in post at neither date
    rows += [worker("r1a", fte=16.0, start_date=D(2024, 11, 1), end_date=D(2025, 3, 1),
                    leaving_reason="resignation"),
             worker("r1b", fte=14.0, start_date=D(2024, 11, 1), end_date=D(2025, 3, 1),
                    leaving_reason="retirement")]
    rows += [worker("more", fte=50.0, start_date=D(2025, 1, 1))]  # 250 FTE at R1
    bridge = bridge_of(workers(*rows, also=("end_date", "leaving_reason")),
                       "turnover_rate_fte")
    assert (bridge.before.value, bridge.after.value) == pytest.approx((10.0, 12.0))
    parts = parts_by_name(bridge)
    assert parts["leavers: resignation"].points == pytest.approx(2.7)
    assert parts["leavers: retirement"].points == pytest.approx(1.8)
    assert parts["directly employed FTE in post"].points == pytest.approx(-2.5)
    assert bridge.change == pytest.approx(2.0)
    assert_adds_up(bridge)


def test_a_data_quality_only_move_shows_in_the_data_part_alone():
    """The same workforce at both dates, two 0.5 FTE resignations a year; at the later date one
    leaver's FTE is blank. The figure falls from 10% to 5%; the bridge says it is the data."""
    rows = [worker(f"p{i}") for i in range(10)]  # 10 FTE at both dates
    rows += [worker("a", fte=0.5, end_date=D(2024, 2, 29), leaving_reason="resignation"),
             worker("b", fte=0.5, end_date=D(2024, 8, 31), leaving_reason="resignation"),
             # started after R0 (in post at neither date), leave before R1
             worker("c", fte=0.5, start_date=D(2024, 10, 1), end_date=D(2025, 3, 31),
                    leaving_reason="resignation"),
             worker("x", fte=None, start_date=D(2024, 10, 1), end_date=D(2025, 4, 30),
                    leaving_reason="resignation")]
    bridge = bridge_of(workers(*rows, also=("end_date", "leaving_reason")), "turnover_rate_fte")
    # counted: N0 = 1.0, N1 = 0.5 (x set aside); D0 = D1 = 10 → 10% to 5%
    assert (bridge.before.value, bridge.after.value) == pytest.approx((10.0, 5.0))
    # the average counted leaver, over both dates: (0.5 + 0.5 + 0.5)/3 = 0.5
    assert bridge.valued == {"leavers' FTE": pytest.approx(0.5)}
    # complete sums: resignations 1.0 at both dates → no leaver part; the data part is
    # L(−0.5, 0) = 100 × −0.5 × (1/10 + 1/10)/2 = −5 pp, the whole change
    parts = parts_by_name(bridge)
    assert parts.get("leavers: resignation") is None or \
        parts["leavers: resignation"].points == pytest.approx(0.0, abs=1e-9)
    assert "directly employed FTE in post" not in parts
    data = parts[DATA]
    assert data.kind == "data"
    assert (data.numerator, data.denominator) == pytest.approx((-0.5, 0.0))
    assert data.points == pytest.approx(-5.0)
    assert_adds_up(bridge)


def test_set_aside_rows_are_valued_at_the_average_counted_row_over_both_dates():
    """Leavers 0.8 + 0.6 FTE in the first year, 0.4 + blank in the second: the blank one is
    valued at (0.8 + 0.6 + 0.4)/3 = 0.6 FTE; a blank in-post FTE at R0 is valued at the
    average counted in-post record, (9 × 1.0 + 10 × 1.0)/19 = 1.0."""
    rows = [worker(f"p{i}") for i in range(9)]
    rows += [worker("q", fte=None, end_date=D(2025, 1, 31), leaving_reason="other"),
             worker("late", start_date=D(2024, 12, 1)),  # in post at R1 only
             worker("a", fte=0.8, end_date=D(2024, 2, 1), leaving_reason="resignation"),
             worker("b", fte=0.6, end_date=D(2024, 3, 1), leaving_reason="retirement"),
             worker("c", fte=0.4, start_date=D(2024, 11, 1), end_date=D(2025, 5, 1),
                    leaving_reason="resignation")]
    bridge = bridge_of(workers(*rows, also=("end_date", "leaving_reason")), "turnover_rate_fte")
    # counted: R0 leavers 0.8 + 0.6 = 1.4, in post 9 (q set aside) ;
    #          R1 leavers c 0.4 (q set aside), in post 9 + late = 10
    n0, d0, n1, d1 = 1.4, 9.0, 0.4, 10.0
    assert (bridge.before.numerator, bridge.before.denominator) == pytest.approx((n0, d0))
    assert (bridge.after.numerator, bridge.after.denominator) == pytest.approx((n1, d1))
    leaver_each = (0.8 + 0.6 + 0.4) / 3  # 0.6
    in_post_each = (9 + 10) / 19  # 1.0
    assert bridge.valued == {"leavers' FTE": pytest.approx(leaver_each),
                             "FTE in post": pytest.approx(in_post_each)}
    parts = parts_by_name(bridge)
    # complete: resignation 0.8 → 0.4 (−0.4); retirement 0.6 → 0 (−0.6); other 0 → 0.6 (q)
    # in post 9 + 1.0 → 10 (0); data: numerator −(0.6 − 0) = −0.6, denominator −(0 − 1.0) = +1
    expected = {"leavers: resignation": (-0.4, 0.0), "leavers: retirement": (-0.6, 0.0),
                "leavers: other": (0.6, 0.0), DATA: (-0.6, 1.0)}
    assert set(parts) == set(expected)
    for name, (dn, dd) in expected.items():
        assert (parts[name].numerator, parts[name].denominator) == pytest.approx((dn, dd))
        assert parts[name].points == pytest.approx(L(n0, d0, n1, d1, dn, dd))
    assert_adds_up(bridge)


def test_a_promotion_is_no_leaver():
    """One person's post ends on 31 March and their next directly employed post starts on
    1 April (from 1.0 to 0.8 FTE): a move between posts, no leaver, no leaver part; the FTE in
    post moves by −0.2."""
    rows = [worker(f"p{i}") for i in range(5)]
    rows += [worker("m", end_date=D(2025, 3, 31), leaving_reason=None),
             worker("m", fte=0.8, start_date=D(2025, 4, 1)),
             # one 1.0 FTE resignation in each year, so that the rate is not 0
             worker("a", end_date=D(2024, 6, 30), leaving_reason="resignation"),
             worker("b", start_date=D(2024, 10, 1), end_date=D(2025, 6, 30),
                    leaving_reason="resignation")]
    frame = workers(*rows, also=("end_date", "leaving_reason"))
    bridge = bridge_of(frame, "turnover_rate_fte")
    # R0: N 1.0, D 5 + m 1.0 = 6.0; R1: N 1.0 (b; m moved), D 5 + m 0.8 = 5.8
    assert (bridge.before.numerator, bridge.before.denominator) == pytest.approx((1.0, 6.0))
    assert (bridge.after.numerator, bridge.after.denominator) == pytest.approx((1.0, 5.8))
    parts = parts_by_name(bridge)
    assert not [name for name in parts if name.startswith("leavers")], parts
    assert set(parts) == {"directly employed FTE in post"}
    assert parts["directly employed FTE in post"].points == pytest.approx(
        L(1.0, 6.0, 1.0, 5.8, 0.0, -0.2))
    assert_adds_up(bridge)
    # the same in headcount: nobody left in a move, the person is in post at both dates
    heads = bridge_of(frame, "turnover_rate_headcount")
    assert (heads.before.numerator, heads.after.numerator) == (1, 1)
    assert heads.parts == ()
    assert heads.change == 0


def test_a_leaver_who_rejoins_is_a_leaver():
    """A resignation on 31 December and a new start on 1 March (two months later, not a move):
    a leaver in the year to R1, though in post at both dates."""
    rows = [worker(f"p{i}") for i in range(4)]
    rows += [worker("r", end_date=D(2024, 12, 31), leaving_reason="resignation"),
             worker("r", fte=0.5, start_date=D(2025, 3, 1)),
             worker("a", end_date=D(2024, 6, 30), leaving_reason="retirement")]
    bridge = bridge_of(workers(*rows, also=("end_date", "leaving_reason")), "turnover_rate_fte")
    # R0: N 1.0 (a, retirement), D 4 + r 1.0 = 5; R1: N 1.0 (r, resignation), D 4 + r 0.5 = 4.5
    n0, d0, n1, d1 = 1.0, 5.0, 1.0, 4.5
    assert (bridge.before.numerator, bridge.before.denominator) == pytest.approx((n0, d0))
    assert (bridge.after.numerator, bridge.after.denominator) == pytest.approx((n1, d1))
    parts = parts_by_name(bridge)
    assert parts["leavers: resignation"].numerator == pytest.approx(1.0)
    assert parts["leavers: resignation"].points == pytest.approx(L(n0, d0, n1, d1, 1.0, 0.0))
    assert parts["leavers: retirement"].points == pytest.approx(L(n0, d0, n1, d1, -1.0, 0.0))
    assert parts["directly employed FTE in post"].points == pytest.approx(
        L(n0, d0, n1, d1, 0.0, -0.5))
    assert_adds_up(bridge)


# -- agency -------------------------------------------------------------------------------------


def agency_extract():
    return workers(
        *[worker(f"p{i}") for i in range(4)],  # 4.0 direct FTE at both dates
        worker("j", fte=0.6, start_date=D(2025, 2, 1)),  # a direct joiner
        worker("s", employment_type="agency", fte=0.8, start_date=D(2025, 1, 1)),  # started
        worker("e", employment_type="agency", fte=1.0, start_date=D(2023, 1, 1),
               end_date=D(2025, 4, 30)),  # ended
        worker("b", employment_type="self_employed", fte=0.5,
               start_date=D(2022, 1, 1)),  # in post at both dates
        # converted: the agency spell ends, the same worker_id starts a permanent post
        worker("c", employment_type="agency", fte=1.0, start_date=D(2023, 6, 1),
               end_date=D(2025, 3, 31)),
        worker("c", employment_type="permanent", fte=1.0, start_date=D(2025, 4, 1)),
        also=("end_date",),
    )


def test_agency_rate_splits_into_workers_who_started_ended_and_converted():
    bridge = bridge_of(agency_extract(), "agency_rate_fte")
    # R0: agency e 1.0 + b 0.5 + c 1.0 = 2.5; direct 4.0 → D0 = 6.5 (38.46%)
    # R1: agency s 0.8 + b 0.5 = 1.3; direct 4.0 + j 0.6 + c 1.0 = 5.6 → D1 = 6.9 (18.84%)
    n0, d0, n1, d1 = 2.5, 6.5, 1.3, 6.9
    assert (bridge.before.numerator, bridge.before.denominator) == pytest.approx((n0, d0))
    assert (bridge.after.numerator, bridge.after.denominator) == pytest.approx((n1, d1))
    parts = parts_by_name(bridge)
    expected = {
        "agency workers who started": (0.8, 0.8),  # on both sides of the rate
        "agency workers who ended": (-1.0, -1.0),
        # the agency post left (−1.0 on both sides) and the direct post taken (+1.0 below)
        "agency workers converted to directly employed": (-1.0, 0.0),
        "directly employed": (0.0, 0.6),  # the direct joiner
    }
    assert set(parts) == set(expected), parts
    for name, (dn, dd) in expected.items():
        assert (parts[name].numerator, parts[name].denominator) == pytest.approx((dn, dd))
        assert parts[name].points == pytest.approx(L(n0, d0, n1, d1, dn, dd))
    assert parts["agency workers who started"].kind == "both"
    assert parts["agency workers who ended"].kind == "both"
    assert parts["directly employed"].kind == "denominator"
    # h = (0.153846 + 0.144928)/2 = 0.149387; N̄/(D0·D1) = 1.9/44.85 = 0.042363
    # started: 100 × (0.8 × 0.149387 − 0.8 × 0.042363) = +8.5619 pp
    assert parts["agency workers who started"].points == pytest.approx(8.5619, abs=1e-4)
    assert_adds_up(bridge)


def test_agency_headcount_counts_records():
    bridge = bridge_of(agency_extract(), "agency_rate_headcount")
    # R0: agency e, b, c = 3; direct p0..p3 = 4 → 3/7; R1: agency s, b = 2; direct 4 + j + c = 6
    n0, d0, n1, d1 = 3, 7, 2, 8
    assert (bridge.before.numerator, bridge.before.denominator) == (n0, d0)
    assert (bridge.after.numerator, bridge.after.denominator) == (n1, d1)
    parts = parts_by_name(bridge)
    expected = {"agency workers who started": (1, 1), "agency workers who ended": (-1, -1),
                "agency workers converted to directly employed": (-1, 0),
                "directly employed": (0, 1)}
    assert set(parts) == set(expected)
    for name, (dn, dd) in expected.items():
        assert (parts[name].numerator, parts[name].denominator) == (dn, dd)
        assert parts[name].points == pytest.approx(L(n0, d0, n1, d1, dn, dd))
    assert_adds_up(bridge)


# -- vacancies ----------------------------------------------------------------------------------


def vacancy_tables(*, earlier: bool = True):
    frame = workers(
        *[worker(f"p{i}") for i in range(8)],  # 8.0 FTE at both dates
        worker("j", start_date=D(2025, 3, 1)),  # a post filled: in post at R1 only
        worker("x", fte=0.5, end_date=D(2025, 5, 31), leaving_reason="resignation"),
        also=("end_date", "leaving_reason"),
    )
    rows = [{"vacancy_fte": 1.5, "as_at": R1, "team": "Alpha"}]
    if earlier:
        rows += [{"vacancy_fte": 2.0, "as_at": R0, "team": "Alpha"},
                 {"vacancy_fte": 1.0, "as_at": R0, "team": "Beta"}]
    return frame, vacancies(*rows)


def test_vacancy_rate_splits_into_establishment_and_posts_filled():
    frame, vac = vacancy_tables()
    bridge = bridge_of(frame, "vacancy_rate_fte", vac=vac)
    # R0: V 3.0, P 8.5 → E 11.5 (26.09%); R1: V 1.5, P 9.0 → E 10.5 (14.29%)
    n0, d0, n1, d1 = 3.0, 11.5, 1.5, 10.5
    assert (bridge.before.numerator, bridge.before.denominator) == pytest.approx((n0, d0))
    assert (bridge.after.numerator, bridge.after.denominator) == pytest.approx((n1, d1))
    parts = bridge.parts
    assert len(parts) == 2, parts
    establishment = next(p for p in parts if p.name.startswith("establishment"))
    filled = next(p for p in parts if p.name.startswith("posts filled"))
    # ΔE = −1.0 moves both sides; ΔP = +0.5 is a vacancy fewer: −0.5 on the numerator
    assert (establishment.numerator, establishment.denominator) == pytest.approx((-1.0, -1.0))
    assert establishment.kind == "both"
    assert (filled.numerator, filled.denominator) == pytest.approx((-0.5, 0.0))
    assert filled.kind == "numerator"
    assert establishment.points == pytest.approx(L(n0, d0, n1, d1, -1.0, -1.0))
    assert filled.points == pytest.approx(L(n0, d0, n1, d1, -0.5, 0.0))
    # h = (0.086957 + 0.095238)/2 = 0.091097; posts filled: 100 × −0.5 × h = −4.5549 pp
    assert filled.points == pytest.approx(-4.5549, abs=1e-4)
    assert_adds_up(bridge)


def test_no_vacancy_snapshot_at_the_earlier_date_gives_no_parts_and_a_note():
    frame, vac = vacancy_tables(earlier=False)
    bridge = bridge_of(frame, "vacancy_rate_fte", vac=vac)
    assert bridge.before.value is None and bridge.after.value is not None
    assert bridge.change is None
    assert bridge.parts == () and bridge.groups == ()
    assert bridge.note and "earlier" in bridge.note
    data = bridge.to_dict()
    assert data["change"] is None and data["parts"] == [] and data["note"] == bridge.note
    assert data["before"]["value"] is None and data["before"]["note"]


def test_no_worker_in_post_at_the_earlier_date_gives_no_parts_never_a_change_of_zero():
    frame = workers(worker("a", start_date=D(2025, 1, 1)),
                    worker("b", start_date=D(2025, 2, 1), end_date=D(2025, 6, 30),
                           leaving_reason="resignation"),
                    also=("end_date", "leaving_reason", "team"))
    for kpi in ("turnover_rate_fte", "turnover_rate_headcount", "agency_rate_fte"):
        bridge = bridge_of(frame, kpi, by="team")
        assert bridge.before.value is None, kpi
        assert bridge.change is None and bridge.to_dict()["change"] is None
        assert bridge.parts == () and bridge.groups == ()
        assert bridge.note is not None and bridge.note != ""


# -- caseload -----------------------------------------------------------------------------------


def test_caseload_splits_into_cases_held_and_case_holding_fte_with_a_caution():
    frame = workers(
        worker("p1", fte=1.0, cases=15),  # a case holder at both dates
        worker("p2", fte=0.5, cases=8),
        worker("p3", employment_type="agency", fte=0.8, cases=20,
               start_date=D(2025, 1, 1)),  # agency case holder at R1 only
        worker("p4", fte=1.0, cases=12, end_date=D(2025, 6, 30),
               leaving_reason="resignation"),  # at R0 only
        worker("p5", fte=1.0, cases=0),  # holds no case: not a case holder
        also=("end_date", "leaving_reason", "cases"),
    )
    bridge = bridge_of(frame, "caseload_fte")
    # R0: p1, p2, p4: 35 cases over 2.5 FTE = 14.0; R1: p1, p2, p3: 43 over 2.3 = 18.696
    n0, d0, n1, d1 = 35.0, 2.5, 43.0, 2.3
    assert (bridge.before.numerator, bridge.before.denominator) == pytest.approx((n0, d0))
    assert (bridge.after.numerator, bridge.after.denominator) == pytest.approx((n1, d1))
    assert bridge.unit == "cases per FTE"
    parts = parts_by_name(bridge)
    assert set(parts) == {"cases held", "case-holding FTE"}
    assert parts["cases held"].numerator == pytest.approx(8.0)
    assert parts["case-holding FTE"].denominator == pytest.approx(-0.2)
    # s = 1 for cases per FTE: cases 8 × (1/2.5 + 1/2.3)/2 = +3.33913
    assert parts["cases held"].points == pytest.approx(L(n0, d0, n1, d1, 8.0, 0.0, s=1.0))
    assert parts["cases held"].points == pytest.approx(3.33913, abs=1e-5)
    assert parts["case-holding FTE"].points == pytest.approx(
        L(n0, d0, n1, d1, 0.0, -0.2, s=1.0))
    assert_adds_up(bridge)
    # one extract: the cases are today's counts at the earlier date too
    assert bridge.caution and "cases" in bridge.caution
    assert bridge.to_dict()["caution"] == bridge.caution


# -- absence ------------------------------------------------------------------------------------


def sickness(worker_id: str, first: dt.date, last: dt.date, days: float | None = None) -> dict:
    row = {"worker_id": worker_id, "start_date": first, "end_date": last, "reason": "sickness"}
    if days is not None:
        row["working_days_lost"] = days
    return row


def test_absence_rate_splits_long_and_short_term_absentees_and_days_each():
    """Windows 2023-10-01..2024-09-30 (holds 29 February 2024: N = 254) and
    2024-10-01..2025-09-30 (N = 253). Everyone is 1.0 FTE, so a spell's FTE days are its
    days."""
    frame = workers(*[worker(f"w{i}") for i in range(1, 11)],  # 10 FTE at both dates
                    worker("j", start_date=D(2025, 1, 6)))  # 11 FTE at R1
    spells = absences(
        # the year to R0: long-term w1 (40 calendar days, 20 days lost); short-term w2 and w3
        sickness("w1", D(2024, 3, 4), D(2024, 4, 12), 20.0),
        sickness("w2", D(2024, 6, 3), D(2024, 6, 7), 5.0),
        sickness("w3", D(2024, 7, 1), D(2024, 7, 2), 2.0),
        # the year to R1: long-term w1 (40 days) and w6 (1 to 28 May: 28 days, long-term)
        sickness("w1", D(2025, 1, 6), D(2025, 2, 14), 30.0),
        sickness("w6", D(2025, 5, 1), D(2025, 5, 28), 20.0),
        # short-term: w2 twice (one absentee, 3 + 1 days), w4 Mon 2 to Fri 6 June (5 working
        # days, no bank holiday, no working_days_lost given), w7 27 days (short-term), 10 days
        sickness("w2", D(2025, 2, 3), D(2025, 2, 5), 3.0),
        sickness("w2", D(2025, 3, 10), D(2025, 3, 10), 1.0),
        sickness("w4", D(2025, 6, 2), D(2025, 6, 6)),
        sickness("w7", D(2025, 7, 1), D(2025, 7, 27), 10.0),
    )
    bridge = bridge_of(frame, "absence_rate_fte", absent=spells)
    # days lost: R0 20 + 5 + 2 = 27; R1 30 + 20 + 3 + 1 + 5 + 10 = 69
    # FTE × N: R0 10 × 254 = 2540; R1 11 × 253 = 2783
    n0, d0, n1, d1 = 27.0, 2540.0, 69.0, 2783.0
    assert (bridge.before.numerator, bridge.before.denominator) == pytest.approx((n0, d0))
    assert (bridge.after.numerator, bridge.after.denominator) == pytest.approx((n1, d1))
    # long-term: absentees 1 → 2, days each 20 → 25
    #   absentees: Δa·(d0 + d1)/2 = 1 × 22.5 = 22.5; days each: (a0 + a1)/2·Δd = 1.5 × 5 = 7.5
    # short-term: absentees 2 (w2, w3) → 3 (w2, w4, w7), days each 7/2 = 3.5 → 19/3
    #   absentees: 1 × (3.5 + 19/3)/2 = 4.9167; days each: 2.5 × (19/3 − 3.5) = 7.0833
    # FTE in post: ΔF·(N0 + N1)/2 = 1 × 253.5; working days: (F0 + F1)/2·ΔN = 10.5 × −1
    expected = {
        ("long-term", "absentees"): (22.5, 0.0),
        ("long-term", "days each"): (7.5, 0.0),
        ("short-term", "absentees"): ((3.5 + 19 / 3) / 2, 0.0),
        ("short-term", "days each"): (2.5 * (19 / 3 - 3.5), 0.0),
        ("FTE in post", ""): (0.0, 253.5),
        ("working days", ""): (0.0, -10.5),
    }
    found = {}
    for part in bridge.parts:
        keys = [key for key in expected if key[0] in part.name and key[1] in part.name]
        assert len(keys) == 1, (part.name, keys)
        found[keys[0]] = part
    assert set(found) == set(expected), [p.name for p in bridge.parts]
    for key, (dn, dd) in expected.items():
        part = found[key]
        assert (part.numerator, part.denominator) == pytest.approx((dn, dd)), key
        assert part.points == pytest.approx(L(n0, d0, n1, d1, dn, dd)), key
    assert "254" in found[("working days", "")].name and "253" in found[("working days", "")].name
    assert found[("working days", "")].kind == "denominator"
    # the whole change: 100 × (69/2783 − 27/2540) = +1.41636 pp
    assert bridge.change == pytest.approx(100 * (69 / 2783 - 27 / 2540))
    assert_adds_up(bridge)


def test_absence_rate_without_a_leap_year_has_no_working_days_part():
    frame = workers(*[worker(f"w{i}") for i in range(1, 5)])
    spells = absences(sickness("w1", D(2025, 2, 3), D(2025, 2, 7), 5.0),
                      sickness("w2", D(2026, 2, 2), D(2026, 2, 3), 2.0))
    bridge = bridge_of(frame, "absence_rate_fte", absent=spells, start=R1, end=D(2026, 9, 30))
    # 4 FTE × 253 at both dates; days 5 → 2: short-term only, one absentee each year
    assert (bridge.before.numerator, bridge.after.numerator) == pytest.approx((5.0, 2.0))
    assert bridge.before.denominator == bridge.after.denominator == pytest.approx(4 * 253)
    names = [p.name for p in bridge.parts]
    assert not [n for n in names if "working days" in n]
    assert not [n for n in names if "long-term" in n]
    days_each = next(p for p in bridge.parts if "short-term" in p.name and "days each" in p.name)
    # a = 1 at both dates: Δ(a·d) = 0 × … + 1 × (2 − 5) = −3 days
    assert days_each.numerator == pytest.approx(-3.0)
    assert days_each.points == pytest.approx(100 * -3 / 1012)
    assert_adds_up(bridge)


# -- by team ------------------------------------------------------------------------------------


def team_rows():
    return [
        # Alpha: in post 3 at R0 (a1, a2, a3), 2 at R1; a4 leaves in the first year, a3 in
        # the second
        worker("a1", team="Alpha"), worker("a2", team="Alpha"),
        worker("a3", team="Alpha", end_date=D(2025, 3, 31), leaving_reason="resignation"),
        worker("a4", team="Alpha", end_date=D(2024, 5, 31), leaving_reason="resignation"),
        # Beta: 3 at both dates and a 0.5 FTE joiner
        worker("b1", team="Beta"), worker("b2", team="Beta"), worker("b3", team="Beta"),
        worker("b4", team="Beta", fte=0.5, start_date=D(2025, 1, 1)),
    ]


def test_by_team_the_groups_add_up_to_the_change():
    frame = workers(*team_rows(), also=("end_date", "leaving_reason", "team"))
    bridge = bridge_of(frame, "turnover_rate_fte", by="team")
    # total: N0 1, D0 6; N1 1, D1 5.5. Alpha: (1, 3) → (1, 2); Beta: (0, 3) → (0, 3.5)
    n0, d0, n1, d1 = 1.0, 6.0, 1.0, 5.5
    assert bridge.by == "team"
    groups = {p.name: p for p in bridge.groups}
    assert set(groups) == {"Alpha", "Beta"}
    assert all(p.kind == "group" for p in bridge.groups)
    assert (groups["Alpha"].numerator, groups["Alpha"].denominator) == pytest.approx((0, -1))
    assert groups["Alpha"].points == pytest.approx(L(n0, d0, n1, d1, 0.0, -1.0))
    assert groups["Beta"].points == pytest.approx(L(n0, d0, n1, d1, 0.0, 0.5))
    # largest contribution first: Alpha 100 × 1 × 0.5/33 = 1.515 pp, Beta −0.758 pp
    assert [p.name for p in bridge.groups] == ["Alpha", "Beta"]
    assert_adds_up(bridge, bridge.groups)
    assert_adds_up(bridge)  # the parts too


def test_by_team_a_team_split_in_two():
    """Alpha's two remaining workers move on 1 April into Alpha North and Alpha South (moves,
    not leavers); Alpha is left with its leaver and nobody in post."""
    frame = workers(
        worker("x1", team="Alpha", end_date=D(2025, 3, 31)),
        worker("x1", team="Alpha North", start_date=D(2025, 4, 1)),
        worker("x2", team="Alpha", end_date=D(2025, 3, 31)),
        worker("x2", team="Alpha South", start_date=D(2025, 4, 1)),
        worker("x3", team="Alpha", end_date=D(2025, 2, 28), leaving_reason="resignation"),
        worker("x4", team="Alpha", end_date=D(2024, 5, 31), leaving_reason="resignation"),
        worker("y1", team="Beta"), worker("y2", team="Beta"),
        worker("y3", team="Beta", end_date=D(2025, 6, 30), leaving_reason="retirement"),
        also=("end_date", "leaving_reason", "team"),
    )
    bridge = bridge_of(frame, "turnover_rate_fte", by="team")
    # total R0: N 1 (x4), D 6 (x1, x2, x3, y1, y2, y3); R1: N 2 (x3, y3), D 4 (x1, x2, y1, y2)
    n0, d0, n1, d1 = 1.0, 6.0, 2.0, 4.0
    assert (bridge.before.numerator, bridge.before.denominator) == pytest.approx((n0, d0))
    assert (bridge.after.numerator, bridge.after.denominator) == pytest.approx((n1, d1))
    # Alpha (1, 3) → (1, 0); Alpha North (0, 0) → (0, 1); Alpha South the same;
    # Beta (0, 3) → (1, 2)
    expected = {"Alpha": (0.0, -3.0), "Alpha North": (0.0, 1.0), "Alpha South": (0.0, 1.0),
                "Beta": (1.0, -1.0)}
    groups = {p.name: p for p in bridge.groups}
    assert set(groups) == set(expected), groups
    for name, (dn, dd) in expected.items():
        assert (groups[name].numerator, groups[name].denominator) == pytest.approx((dn, dd))
        assert groups[name].points == pytest.approx(L(n0, d0, n1, d1, dn, dd))
    assert_adds_up(bridge, bridge.groups)


def suppress_frame():
    rows = [worker(f"big{i}", team="Big") for i in range(6)]
    rows += [worker("bigl", team="Big", end_date=D(2025, 5, 31), leaving_reason="resignation")]
    # Tiny: two people at both dates, one leaves in the second year
    rows += [worker("t1", team="Tiny"),
             worker("t2", team="Tiny", end_date=D(2025, 8, 31), leaving_reason="resignation")]
    return rows


def test_suppress_below_hides_small_teams_and_the_rest_keeps_the_sum():
    frame = workers(*suppress_frame(), also=("end_date", "leaving_reason", "team"))
    bridge = bridge_of(frame, "turnover_rate_fte", by="team", suppress_below=5)
    # total R0: N 0, D 9 (7 Big + 2 Tiny); R1: N 2 (bigl, t2), D 7 (6 Big + t1)
    n0, d0, n1, d1 = 0.0, 9.0, 2.0, 7.0
    groups = {p.name: p for p in bridge.groups}
    assert "Tiny" not in groups
    assert "Big" in groups
    assert groups["Big"].points == pytest.approx(L(n0, d0, n1, d1, 1.0, -1.0))
    rest = [p for p in bridge.groups if p.kind == "other"]
    assert len(rest) == 1 and rest[0].name == "not attributed to one team"
    # Tiny: (0, 2) → (1, 1)
    assert (rest[0].numerator, rest[0].denominator) == pytest.approx((1.0, -1.0))
    assert rest[0].points == pytest.approx(L(n0, d0, n1, d1, 1.0, -1.0))
    assert_adds_up(bridge, bridge.groups)
    # without suppression Tiny is listed with the same part
    plain = {p.name: p for p in bridge_of(frame, "turnover_rate_fte", by="team").groups}
    assert plain["Tiny"].points == pytest.approx(rest[0].points)


def test_suppress_below_hides_a_team_small_at_the_earlier_date_only():
    """docs/explain.md: --suppress-below leaves out "the groups with fewer than N people at
    either date". Grows has 2 people at R0 and 6 at R1."""
    rows = suppress_frame()
    rows += [worker("g1", team="Grows"), worker("g2", team="Grows")]
    rows += [worker(f"g{i}", team="Grows", start_date=D(2025, 2, 1)) for i in range(3, 7)]
    frame = workers(*rows, also=("end_date", "leaving_reason", "team"))
    bridge = bridge_of(frame, "turnover_rate_fte", by="team", suppress_below=5)
    names = [p.name for p in bridge.groups]
    assert "Grows" not in names and "Tiny" not in names
    assert_adds_up(bridge, bridge.groups)
    # total R0: N 0, D 11; R1: N 2, D 13; the rest is Tiny (1, −1) and Grows (0, +4)
    rest = next(p for p in bridge.groups if p.kind == "other")
    assert (rest.numerator, rest.denominator) == pytest.approx((1.0, 3.0))
    assert rest.points == pytest.approx(L(0.0, 11.0, 2.0, 13.0, 1.0, 3.0))


# -- errors and the JSON contract ---------------------------------------------------------------


def test_dates_in_the_wrong_order_are_refused():
    frame = turnover_extract()
    with pytest.raises(EngineError, match="before"):
        bridge_of(frame, "turnover_rate_fte", start=R1, end=R0)
    with pytest.raises(EngineError):
        bridge_of(frame, "turnover_rate_fte", start=R1, end=R1)


def test_to_dict_has_the_documented_keys_in_order():
    bridge = bridge_of(turnover_extract(), "turnover_rate_fte")
    data = bridge.to_dict()
    assert list(data) == ["kpi", "label", "unit", "method", "scope", "before", "after", "change",
                          "parts", "by", "groups", "valued", "note", "caution"]
    assert list(data["before"]) == ["as_at", "value", "numerator", "denominator", "note"]
    assert data["before"]["as_at"] == "2024-09-30" and data["after"]["as_at"] == "2025-09-30"
    assert (data["kpi"], data["unit"], data["method"], data["scope"]) == (
        "turnover_rate_fte", "%", "dfe", None)
    assert data["change"] == data["after"]["value"] - data["before"]["value"]
    for part in data["parts"]:
        assert list(part) == ["name", "kind", "numerator", "denominator", "points"]
        assert part["kind"] in {"numerator", "denominator", "both", "data", "other"}
    assert data["by"] is None and data["groups"] == []


def test_the_rich_families_are_the_documented_dfe_rates():
    assert set(FAMILIES) == {"turnover_rate_fte", "turnover_rate_headcount", "agency_rate_fte",
                             "agency_rate_headcount", "vacancy_rate_fte", "caseload_fte",
                             "absence_rate_fte"}
    assert set(FAMILIES) <= set(rates("dfe"))
    # counts and sums are not rates
    assert not {"inpost_fte", "leavers_fte", "cases", "vacancy_fte"} & set(rates("dfe"))


def test_any_other_rate_splits_into_numerator_and_denominator():
    frame = workers(*[worker(f"p{i}") for i in range(4)],
                    worker("ag", employment_type="agency", fte=2.0),
                    worker("ag2", employment_type="agency", fte=1.0, start_date=D(2025, 1, 1)))
    vac = vacancies({"vacancy_fte": 2.0, "agency_cover_fte": 1.0, "as_at": R0},
                    {"vacancy_fte": 2.0, "agency_cover_fte": 2.0, "as_at": R1})
    bridge = bridge_of(frame, "agency_cover_rate_fte", vac=vac)
    # cover / agency FTE: 1.0/2.0 (50%) → 2.0/3.0 (66.7%): numerator +1.0, denominator +1.0
    parts = parts_by_name(bridge)
    assert set(parts) == {"numerator", "denominator"}
    assert parts["numerator"].points == pytest.approx(L(1.0, 2.0, 2.0, 3.0, 1.0, 0.0))
    assert parts["denominator"].points == pytest.approx(L(1.0, 2.0, 2.0, 3.0, 0.0, 1.0))
    assert parts["numerator"].kind == "numerator" and parts["denominator"].kind == "denominator"
    assert_adds_up(bridge)


# -- properties on random extracts --------------------------------------------------------------

SEEDS = range(15)
OTHER_METHODS = [("sfc", "turnover_rate_headcount"), ("sfc", "vacancy_rate"),
                 ("sfc", "sickness_days_per_worker"), ("lg", "sickness_days_per_fte"),
                 ("lg", "turnover_rate_headcount"), ("lg", "stability_index")]


def date_pairs(as_at: dt.date, seed: int) -> list[tuple[dt.date, dt.date]]:
    """A year, a month and an odd span ending on the extract's date, and one running past it."""
    year_before = as_at.replace(year=as_at.year - 1) if (as_at.month, as_at.day) != (2, 29) \
        else D(as_at.year - 1, 2, 28)
    return [(year_before, as_at),
            (as_at - dt.timedelta(days=30), as_at),
            (as_at - dt.timedelta(days=150 + 37 * seed), as_at - dt.timedelta(days=seed)),
            (as_at - dt.timedelta(days=200), as_at + dt.timedelta(days=45))]


def check_bridge(bridge: Bridge, tables, method: str, kpi: str) -> None:
    for result, day in ((bridge.before, bridge.start), (bridge.after, bridge.end)):
        expected = compute(*tables, as_at=day, method=method).kpis[kpi]
        assert (result.value, result.numerator, result.denominator) == (
            expected.value, expected.numerator, expected.denominator), (kpi, day)
    if bridge.change is None:
        assert bridge.parts == () and bridge.groups == ()
        assert bridge.note
        return
    n0, d0 = bridge.before.numerator, bridge.before.denominator
    n1, d1 = bridge.after.numerator, bridge.after.denominator
    scale = 100.0 if bridge.unit == "%" else 1.0
    tolerance = 1e-9 * max(1.0, abs(bridge.before.value), abs(bridge.after.value))
    assert abs(math.fsum(p.points for p in bridge.parts) - bridge.change) <= tolerance, (
        kpi, bridge.change, bridge.parts)
    if bridge.by is not None and bridge.groups:
        assert abs(math.fsum(p.points for p in bridge.groups) - bridge.change) <= tolerance, (
            kpi, bridge.change, bridge.groups)
    if not bridge.parts:
        return
    for part in (*bridge.parts, *bridge.groups):
        assert part.points == pytest.approx(
            L(n0, d0, n1, d1, part.numerator, part.denominator, s=scale),
            rel=1e-9, abs=tolerance), (kpi, part)
    assert math.fsum(p.numerator for p in bridge.parts) == pytest.approx(
        n1 - n0, rel=1e-9, abs=1e-9 * max(1.0, abs(n0), abs(n1)))
    assert math.fsum(p.denominator for p in bridge.parts) == pytest.approx(
        d1 - d0, rel=1e-9, abs=1e-9 * max(1.0, abs(d0), abs(d1)))


@pytest.mark.parametrize("seed", SEEDS)
@pytest.mark.parametrize("kpi", rates("dfe"))
def test_random_extracts_dfe_parts_add_up(kpi, seed):
    rows, vac, absent, as_at = random_extract(seed)
    tables = frames_of_tables(rows, vac, absent)
    for start, end in date_pairs(as_at, seed):
        bridge = explain(*tables, kpi=kpi, start=start, end=end, by="team")
        check_bridge(bridge, tables, "dfe", kpi)


@pytest.mark.parametrize("seed", SEEDS)
@pytest.mark.parametrize(("method", "kpi"), OTHER_METHODS)
def test_random_extracts_sfc_and_lg_parts_add_up(method, kpi, seed):
    rows, vac, absent, as_at = random_extract(seed)
    tables = frames_of_tables(rows, vac, absent)
    for start, end in date_pairs(as_at, seed)[:2]:
        bridge = explain(*tables, kpi=kpi, start=start, end=end, method=method, by="team")
        check_bridge(bridge, tables, method, kpi)


@pytest.mark.parametrize("seed", range(8))
def test_random_careers_parts_add_up(seed):
    """Runs of spells a few days apart (moves and rejoins), agency spells turned direct."""
    rows, vac, absent, as_at, _, _ = hr_extract(seed)
    tables = frames_of_tables(rows, vac, absent)
    for kpi in ("turnover_rate_fte", "turnover_rate_headcount", "agency_rate_fte",
                "agency_rate_headcount"):
        for start, end in date_pairs(as_at, seed)[:3]:
            bridge = explain(*tables, kpi=kpi, start=start, end=end, by="team")
            check_bridge(bridge, tables, "dfe", kpi)


def test_random_extracts_reach_bridges_with_parts():
    """The property tests are worth their salt: most bridges have parts, some a data part."""
    with_parts, with_data, kinds = 0, 0, set()
    for seed in SEEDS:
        rows, vac, absent, as_at = random_extract(seed)
        tables = frames_of_tables(rows, vac, absent)
        for kpi in FAMILIES:
            bridge = explain(*tables, kpi=kpi, start=date_pairs(as_at, seed)[0][0], end=as_at)
            with_parts += bool(bridge.parts)
            with_data += any(p.kind == "data" for p in bridge.parts)
            kinds |= {p.kind for p in bridge.parts}
    assert with_parts >= 40 and with_data >= 10
    assert {"numerator", "denominator", "both", "data"} <= kinds


class _Frames:
    """The builders test_random_extracts' ``frames_of`` expects."""

    workers = staticmethod(workers)
    vacancies = staticmethod(vacancies)
    absences = staticmethod(absences)


def frames_of_tables(rows, vac, absent):
    return frames_of(_Frames, rows, vac, absent)


# -- more data quality, and pieces that are not additive ----------------------------------------


def test_vacancy_data_quality_only():
    """Vacancy rows 2.0 and 1.0 at R0; 1.5 and a blank at R1, with the same FTE in post. The
    blank row is valued at the average counted row over both dates, (2.0 + 1.0 + 1.5)/3 = 1.5:
    the vacancies are 3.0 at both dates once complete, so the move is all data."""
    frame = workers(*[worker(f"p{i}") for i in range(7)])  # 7 FTE at both dates
    vac = vacancies({"vacancy_fte": 2.0, "as_at": R0}, {"vacancy_fte": 1.0, "as_at": R0},
                    {"vacancy_fte": 1.5, "as_at": R1}, {"vacancy_fte": None, "as_at": R1})
    bridge = bridge_of(frame, "vacancy_rate_fte", vac=vac)
    # counted: 3.0/10.0 = 30% → 1.5/8.5 = 17.65%
    n0, d0, n1, d1 = 3.0, 10.0, 1.5, 8.5
    assert (bridge.before.numerator, bridge.before.denominator) == pytest.approx((n0, d0))
    assert (bridge.after.numerator, bridge.after.denominator) == pytest.approx((n1, d1))
    assert list(bridge.valued.values()) == [pytest.approx(1.5)]
    parts = parts_by_name(bridge)
    assert set(parts) == {DATA}, parts
    # the blank row's 1.5 FTE is missing from both sides at R1
    assert (parts[DATA].numerator, parts[DATA].denominator) == pytest.approx((-1.5, -1.5))
    assert parts[DATA].points == pytest.approx(L(n0, d0, n1, d1, -1.5, -1.5))
    assert_adds_up(bridge)


def test_caseload_blanks_are_valued_at_the_average_case_holder():
    """p1 (10 cases) and p2 (20 cases), 1.0 FTE each, hold cases at both dates; at R0 p4 holds
    12 cases with a blank FTE, at R1 p3 has a blank case count. Average case holder over both
    dates: 60 cases over 4 records = 15 cases, 4.0 FTE over 4 = 1.0 FTE."""
    frame = workers(
        worker("p1", cases=10), worker("p2", cases=20),
        worker("p3", cases=None, start_date=D(2025, 1, 1)),
        worker("p4", fte=None, cases=12, end_date=D(2025, 6, 30), leaving_reason="other"),
        also=("end_date", "leaving_reason", "cases"))
    bridge = bridge_of(frame, "caseload_fte")
    assert (bridge.before.value, bridge.after.value) == pytest.approx((15.0, 15.0))
    assert sorted(bridge.valued.values()) == pytest.approx([1.0, 15.0])
    assert_adds_up(bridge)
    assert bridge.change == pytest.approx(0.0, abs=1e-12)
    data = parts_by_name(bridge)[DATA]
    assert data.kind == "data"
    assert math.fsum(p.points for p in bridge.parts) == pytest.approx(0.0, abs=1e-12)


def test_one_person_leaving_two_posts_on_one_day_is_not_additive_over_reasons():
    """DfE counts leavers by (worker_id, end_date): z leaving two posts on 31 March, one for
    each of two reasons, is one leaver in the headcount though in two reason pieces; the
    difference is the part "not additive over the pieces", and the parts still add up."""
    rows = [worker(f"p{i}") for i in range(8)]
    rows += [worker("z", fte=0.5, end_date=D(2025, 3, 31), leaving_reason="resignation"),
             worker("z", fte=0.5, start_date=D(2021, 1, 1), end_date=D(2025, 3, 31),
                    leaving_reason="retirement"),
             worker("a", end_date=D(2024, 3, 31), leaving_reason="resignation")]
    bridge = bridge_of(workers(*rows, also=("end_date", "leaving_reason")),
                       "turnover_rate_headcount")
    # R0: 1 leaver (a) of 9 people (p0..p7, z); R1: 1 leaver (z, once) of 8 people
    n0, d0, n1, d1 = 1, 9, 1, 8
    assert (bridge.before.numerator, bridge.before.denominator) == (n0, d0)
    assert (bridge.after.numerator, bridge.after.denominator) == (n1, d1)
    parts = parts_by_name(bridge)
    # pieces: resignation 1 → 1 (no part), retirement 0 → 1 (+1); total leavers 1 → 1, so
    # the rest, −1 leaver, is not additive; in post 9 → 8
    assert parts["leavers: retirement"].numerator == 1
    other = [p for p in bridge.parts if p.kind == "other"]
    assert len(other) == 1
    assert (other[0].numerator, other[0].denominator) == (-1, 0)
    assert other[0].points == pytest.approx(L(n0, d0, n1, d1, -1, 0))
    assert parts["directly employed people in post"].points == pytest.approx(
        L(n0, d0, n1, d1, 0, -1))
    assert_adds_up(bridge)


def test_sickness_days_data_quality_only():
    """Without an absences table, ``workers.sickness_days`` is one kind, days lost. Windows
    2024-10-01..2025-09-30 and 2025-10-01..2026-09-30 (253 days each). w3 (5 days) is active
    in the first only; w4 (days blank) in the second only, in post at neither date. The blank
    is valued at the average counted record, (10 + 0 + 5 + 10 + 0)/5 = 5 days: days lost are
    15 at both dates once complete, so the move is all data."""
    frame = workers(
        worker("w1", sickness_days=10.0), worker("w2", sickness_days=0.0),
        worker("w3", sickness_days=5.0, end_date=D(2025, 6, 30), leaving_reason="resignation"),
        worker("w4", sickness_days=None, start_date=D(2025, 11, 1), end_date=D(2026, 6, 30),
               leaving_reason="resignation"),
        also=("end_date", "leaving_reason", "sickness_days"))
    bridge = bridge_of(frame, "absence_rate_fte", start=R1, end=D(2026, 9, 30))
    # counted: 15/(2 × 253) → 10/(2 × 253)
    n0, d0, n1, d1 = 15.0, 506.0, 10.0, 506.0
    assert (bridge.before.numerator, bridge.before.denominator) == pytest.approx((n0, d0))
    assert (bridge.after.numerator, bridge.after.denominator) == pytest.approx((n1, d1))
    assert list(bridge.valued.values()) == [pytest.approx(5.0)]
    assert_adds_up(bridge)
    data = parts_by_name(bridge)[DATA]
    assert data.numerator == pytest.approx(-5.0)
    assert data.points == pytest.approx(L(n0, d0, n1, d1, -5.0, 0.0))
    # a move that is only data quality shows there and nowhere else
    others = [p for p in bridge.parts if p.name != DATA]
    assert all(p.points == pytest.approx(0.0, abs=1e-9) for p in others), others


def test_absence_spells_in_a_post_without_fte_data_quality_only():
    """Every counted spell is Monday to Thursday (4 working days, 1.0 FTE: 4 FTE days), in
    February or March. At R0 w1 and w3 are off once each; at R1 w1 once and w4, whose post
    has a blank FTE, once: that spell is valued at the average counted spell, 4 FTE days."""
    frame = workers(
        worker("w1"), worker("w2"),
        worker("w3", end_date=D(2025, 6, 30), leaving_reason="resignation"),
        worker("w4", fte=None, start_date=D(2025, 11, 1), end_date=D(2026, 6, 30),
               leaving_reason="resignation"),
        also=("end_date", "leaving_reason"))
    spells = absences(sickness("w1", D(2025, 2, 3), D(2025, 2, 6)),
                      sickness("w3", D(2025, 3, 3), D(2025, 3, 6)),
                      sickness("w1", D(2026, 2, 2), D(2026, 2, 5)),
                      sickness("w4", D(2026, 3, 2), D(2026, 3, 5)))
    bridge = bridge_of(frame, "absence_rate_fte", absent=spells, start=R1, end=D(2026, 9, 30))
    # counted: 8/(2 × 253) → 4/(2 × 253)
    n0, d0, n1, d1 = 8.0, 506.0, 4.0, 506.0
    assert (bridge.before.numerator, bridge.before.denominator) == pytest.approx((n0, d0))
    assert (bridge.after.numerator, bridge.after.denominator) == pytest.approx((n1, d1))
    assert list(bridge.valued.values()) == [pytest.approx(4.0)]
    parts = parts_by_name(bridge)
    assert set(parts) == {DATA}, parts
    assert parts[DATA].numerator == pytest.approx(-4.0)
    assert_adds_up(bridge)


def test_an_open_spell_runs_to_each_reference_date():
    """An open sickness spell from 1 September 2025 is 30 days long at 30 September 2025
    (long-term) and a spell of 10 to 30 September, closed, is 21 days (short-term)."""
    frame = workers(*[worker(f"w{i}") for i in range(1, 5)])
    spells = absences(sickness("w1", D(2025, 2, 3), D(2025, 2, 7), 5.0),  # short, year to R1
                      sickness("w2", D(2025, 9, 1), None),  # open: 1..30 Sep at R1
                      sickness("w3", D(2025, 9, 10), D(2025, 9, 30), 15.0),
                      sickness("w4", D(2024, 2, 5), D(2024, 2, 9), 5.0))  # short, year to R0
    bridge = bridge_of(frame, "absence_rate_fte", absent=spells)
    long_term = [p for p in bridge.parts if "long-term" in p.name]
    # long-term at R1: w2 alone; September 2025 has 22 working days (no bank holiday):
    # 0 → 1 absentee of 22 days: absentees Δa·(d0 + d1)/2 = 1 × (22 + 22)/2 (the one date's
    # days each standing for the other) and days each 0
    assert sum(p.numerator for p in long_term) == pytest.approx(22.0)
    short_term = [p for p in bridge.parts if "short-term" in p.name]
    # short-term: R0 w4 5 days; R1 w1 5 + w3 15 = 20 days: +15
    assert sum(p.numerator for p in short_term) == pytest.approx(15.0)
    assert_adds_up(bridge)


def test_a_scope_limits_both_dates():
    """permanent_staff leaves out the fixed-term records."""
    frame = workers(
        *[worker(f"p{i}") for i in range(5)],
        worker("f1", employment_type="fixed_term", end_date=D(2025, 5, 31),
               leaving_reason="end_of_contract"),
        worker("p9", end_date=D(2025, 2, 28), leaving_reason="resignation"),
        worker("pa", end_date=D(2024, 2, 28), leaving_reason="resignation"),
        also=("end_date", "leaving_reason"))
    bridge = bridge_of(frame, "turnover_rate_fte", scope=resolve_scope_name("permanent_staff"))
    # R0: 1 leaver (pa) of 6 (p0..p4, p9); R1: 1 (p9) of 5; f1 is in neither
    assert (bridge.before.numerator, bridge.before.denominator) == pytest.approx((1.0, 6.0))
    assert (bridge.after.numerator, bridge.after.denominator) == pytest.approx((1.0, 5.0))
    assert bridge.scope == "permanent_staff"
    parts = parts_by_name(bridge)
    assert set(parts) == {"directly employed FTE in post"}
    assert parts["directly employed FTE in post"].points == pytest.approx(
        L(1.0, 6.0, 1.0, 5.0, 0.0, -1.0))
    assert_adds_up(bridge)
    everyone = bridge_of(frame, "turnover_rate_fte")
    assert "leavers: end of contract" in parts_by_name(everyone)


def test_vacancies_without_a_team_column_are_not_attributed_to_a_team():
    frame = workers(worker("a1", team="A"), worker("a2", team="A", start_date=D(2025, 3, 1)),
                    worker("b1", team="B"), also=("team",))
    vac = vacancies({"vacancy_fte": 2.0, "as_at": R0}, {"vacancy_fte": 1.0, "as_at": R1})
    bridge = bridge_of(frame, "vacancy_rate_fte", vac=vac, by="team")
    # R0: 2/(2 + 2) = 50%; R1: 1/(1 + 3) = 25%
    assert (bridge.before.value, bridge.after.value) == pytest.approx((50.0, 25.0))
    rest = [p for p in bridge.groups if p.name == "not attributed to one team"]
    assert len(rest) == 1 and rest[0].kind == "other"
    assert_adds_up(bridge, bridge.groups)
