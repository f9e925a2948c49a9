"""The published rules on the edge cases that real extracts are full of, each on a small extract
worked by hand (docs/kpis.md: "Moves between posts", "Sickness", the caseload and agency rules).

R = 30 Sep 2025 unless a test says otherwise: the window is 1 Oct 2024 to 30 Sep 2025.
"""

from __future__ import annotations

import datetime as dt

import pytest
from frames import R, absences, worker, workers

from wfkpi.engine.report import compute

D = dt.date


def dfe(staff, spells=None, **options):
    return compute(staff, None, spells, as_at=options.pop("as_at", R), **options).kpis


def settled(n: int, **fields):
    """``n`` permanent full-time staff in post since 2020."""
    return [worker(f"s{i}", **fields) for i in range(n)]


# ------------------------------------------------------------------ moves between posts

def test_a_promotion_is_neither_a_leaver_nor_a_starter():
    # 11 in post at R: 10 settled + p, promoted on 1 Apr 2025 (one spell ends 31 Mar, the next
    # starts 1 Apr); 6 left in the year. Leavers 6 of 11 FTE = 54.5%; counting the promotion
    # as a leaver it was 7 / 11 = 63.6%, and p's new post was a starter too.
    staff = workers(
        *settled(10),
        worker("p", end_date=D(2025, 3, 31), leaving_reason="other", role="Social worker"),
        worker("p", start_date=D(2025, 4, 1), role="Senior practitioner"),
        *(worker(f"l{i}", end_date=D(2025, 6, 30), leaving_reason="resignation")
          for i in range(6)),
    )
    k = dfe(staff)
    assert k["turnover_rate_fte"].value == pytest.approx(6 / 11 * 100)  # 54.5
    assert k["leavers_headcount"].value == 6
    assert k["starters_headcount"].value == 0
    assert k["leavers_fte"].set_aside == {"moved-post": 1}
    assert k["starters_fte"].set_aside == {"moved-post": 1}
    assert k["inpost_headcount"].value == 11


@pytest.mark.parametrize("gap, moved", [(7, True), (8, False)])
def test_a_move_is_a_new_post_within_a_week(gap, moved):
    # the next post starting 7 days after the last day of the old one is a move; 8 is a leaving
    end = D(2025, 3, 31)
    staff = workers(*settled(3), worker("p", end_date=end, leaving_reason="resignation"),
                    worker("p", start_date=end + dt.timedelta(days=gap)))
    k = dfe(staff)
    assert k["leavers_headcount"].value == (0 if moved else 1)
    assert k["starters_headcount"].value == (0 if moved else 1)


def test_giving_up_one_of_two_posts_held_side_by_side_is_a_spell_ending():
    # p held two half-time posts and gave one up: DfE counts directly employed spells ending,
    # and no later post took over from this one (p's other post began before it)
    staff = workers(*settled(3), worker("p", fte=0.5),
                    worker("p", fte=0.5, start_date=D(2022, 1, 1), end_date=D(2025, 5, 31),
                           leaving_reason="other"))
    assert dfe(staff)["leavers_headcount"].value == 1
    # ... but p has not left the council: stable
    stability = compute(staff, None, None, as_at=R, method="lg").kpis["stability_index"]
    assert (stability.numerator, stability.denominator) == (4, 4)


def test_a_move_into_agency_work_is_a_leaving():
    # DfE's leavers leave direct employment: the same person back as an agency worker left
    staff = workers(*settled(3), worker("p", end_date=D(2025, 3, 31), leaving_reason="other"),
                    worker("p", employment_type="agency", start_date=D(2025, 4, 1)))
    k = dfe(staff)
    assert k["leavers_headcount"].value == 1
    assert k["agency_headcount"].value == 1


def test_a_person_who_left_twice_is_two_leavers():
    # DfE counts (worker, leaving date): q left in January, came back in March, left in August
    staff = workers(*settled(4),
                    worker("q", end_date=D(2025, 1, 31), leaving_reason="resignation"),
                    worker("q", start_date=D(2025, 3, 3), end_date=D(2025, 8, 29),
                           leaving_reason="resignation"))
    k = dfe(staff)
    assert k["leavers_headcount"].value == 2
    assert k["turnover_rate_headcount"].value == pytest.approx(2 / 4 * 100)
    assert k["starters_headcount"].value == 1  # q's return


def test_the_stability_index_does_not_count_a_leaver_who_came_back():
    # in post a year ago: s0..s3 and q; q left in January and came back in March: 4 / 5 stable
    staff = workers(*settled(4),
                    worker("q", end_date=D(2025, 1, 31), leaving_reason="resignation"),
                    worker("q", start_date=D(2025, 3, 3)))
    stability = compute(staff, None, None, as_at=R, method="lg").kpis["stability_index"]
    assert (stability.numerator, stability.denominator) == (4, 5)
    # a promotion is no break
    staff = workers(*settled(4), worker("p", end_date=D(2025, 3, 31), leaving_reason="other"),
                    worker("p", start_date=D(2025, 4, 1)))
    stability = compute(staff, None, None, as_at=R, method="lg").kpis["stability_index"]
    assert (stability.numerator, stability.denominator) == (5, 5)


# ------------------------------------------------------------------------------ sickness

def sick(worker_id, start, end, **extra):
    return {"worker_id": worker_id, "start_date": start, "end_date": end,
            "reason": "sickness"} | extra


def test_a_part_time_workers_week_off_is_their_fte_of_five_days():
    # Mon 3 .. Fri 7 Mar 2025: 5 weekdays; h works half time: 2.5 FTE days (was 5)
    staff = workers(worker("f"), worker("h", fte=0.5))
    k = dfe(staff, absences(sick("h", D(2025, 3, 3), D(2025, 3, 7))))
    assert k["working_days_lost_fte"].value == pytest.approx(2.5)
    # over in-post FTE 1.5 × 253 days
    assert k["absence_rate_fte"].value == pytest.approx(2.5 / (1.5 * 253) * 100)
    # Skills for Care counts days sick, not FTE days: 5 days over 2 workers
    sfc = compute(staff, None, absences(sick("h", D(2025, 3, 3), D(2025, 3, 7))), as_at=R,
                  method="sfc").kpis
    assert sfc["sickness_days_per_worker"].value == pytest.approx(5 / 2)


def test_working_days_lost_given_are_taken_as_given():
    staff = workers(worker("h", fte=0.5))
    k = dfe(staff, absences(sick("h", D(2025, 3, 3), D(2025, 3, 7), working_days_lost=2.0)))
    assert k["working_days_lost_fte"].value == pytest.approx(2.0)


def test_two_half_time_posts_lose_a_full_day():
    staff = workers(worker("t", fte=0.5), worker("t", fte=0.5, start_date=D(2021, 1, 1)))
    k = dfe(staff, absences(sick("t", D(2025, 3, 3), D(2025, 3, 3))))
    assert k["working_days_lost_fte"].value == pytest.approx(1.0)  # each day once per post


def test_sickness_while_an_agency_worker_is_not_the_councils():
    # a was an agency worker until Sun 2 Mar 2025 and directly employed from Mon 3 Mar; off
    # sick Mon 24 Feb .. Fri 7 Mar: 10 weekdays, 5 of them while directly employed
    staff = workers(worker("a", employment_type="agency", end_date=D(2025, 3, 2)),
                    worker("a", start_date=D(2025, 3, 3)))
    k = dfe(staff, absences(sick("a", D(2025, 2, 24), D(2025, 3, 7))))
    assert k["working_days_lost_fte"].value == pytest.approx(5.0)
    # given 8 days over the spell: the share of its 10 working days while employed, 4
    k = dfe(staff, absences(sick("a", D(2025, 2, 24), D(2025, 3, 7), working_days_lost=8.0)))
    assert k["working_days_lost_fte"].value == pytest.approx(4.0)
    # wholly while an agency worker: set aside, not counted
    k = dfe(staff, absences(sick("a", D(2025, 2, 10), D(2025, 2, 14)),
                            sick("a", D(2025, 3, 10), D(2025, 3, 10))))
    assert k["working_days_lost_fte"].value == pytest.approx(1.0)
    assert k["working_days_lost_fte"].set_aside == {"absence-not-directly-employed": 1}


def test_sickness_on_a_leap_day_counts():
    # R = 30 Sep 2024: the window holds Thu 29 Feb 2024, a working day, and N is 254
    staff = workers(worker("a", fte=0.8))
    k = dfe(staff, absences(sick("a", D(2024, 2, 29), D(2024, 2, 29))), as_at=D(2024, 9, 30))
    assert k["working_days_lost_fte"].value == pytest.approx(0.8)
    assert k["absence_rate_fte"].value == pytest.approx(0.8 / (0.8 * 254) * 100)


def test_a_post_with_no_fte_sets_its_sickness_aside():
    staff = workers(worker("f"), worker("u", fte=None))
    k = dfe(staff, absences(sick("f", D(2025, 3, 3), D(2025, 3, 3)),
                            sick("u", D(2025, 3, 4), D(2025, 3, 4))))
    assert k["working_days_lost_fte"].value == pytest.approx(1.0)
    assert k["working_days_lost_fte"].set_aside == {"absence-fte-missing": 1}
