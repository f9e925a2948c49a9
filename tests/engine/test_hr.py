"""The HR records KPIs of method ``lg`` on tiny frames, worked out by hand from docs/kpis.md.

Every case uses R = 2025-09-30: the window is 2024-10-01 to 2025-09-30, and "staff" are the
distinct people directly employed and in post at R.
"""

from __future__ import annotations

import datetime as dt

import pandas as pd
import pytest
from frames import R, appraisals, recruitment, supervision, training, worker, workers

from wfkpi.core.errors import EngineError
from wfkpi.engine.report import compute
from wfkpi.engine.scopes import Scope

D = dt.date
W0 = D(2024, 10, 1)  # first day of the window
BEFORE = D(2024, 9, 30)  # the day before the window
AFTER = D(2025, 10, 1)  # the day after R


def lg(staff, *, training=None, appraisals=None, supervision=None, recruitment=None, **options):
    records = {"training": training, "appraisals": appraisals, "supervision": supervision,
               "recruitment": recruitment}
    return compute(staff, None, None, as_at=R, method="lg", records=records, **options)


def check(result, value, numerator, denominator, set_aside=None):
    """A figure's value, both sides and set-aside counts (``None`` where the docs say null)."""
    if value is None:
        assert result.value is None, result
        assert result.note, result
    else:
        assert result.value == pytest.approx(value), result
        assert result.note is None, result
    for got, want in ((result.numerator, numerator), (result.denominator, denominator)):
        assert (got is None) == (want is None), result
        if want is not None:
            assert got == pytest.approx(want), result
    assert result.set_aside == (set_aside or {}), result


# --- training_days_share


@pytest.fixture
def trained():
    staff = workers(
        worker("a"), worker("b"), worker("c"), worker("d"), worker("e"),
        worker("left", end_date=D(2025, 6, 30), leaving_reason="resignation"),
        worker("agent", employment_type="agency"),
    )  # fmt: skip
    records = training(
        {"worker_id": "a", "date": R, "days": 6.0, "course": "Induction"},  # on R: counts
        {"worker_id": "a", "date": W0, "hours": 29.6},  # first day: 29.6 / 7.4 = 4 days
        {"worker_id": "b", "date": BEFORE, "days": 10.0},  # the day before the window
        {"worker_id": "b", "date": R, "days": 9.9},
        {"worker_id": "c", "date": AFTER, "days": 10.0},  # after R
        {"worker_id": "d", "date": D(2025, 1, 6), "days": 10.0, "hours": 7.4},  # days win
        {"worker_id": "e", "date": D(2025, 1, 6), "days": 1.0, "hours": 74.0},  # days win
        {"worker_id": "left", "date": D(2025, 1, 6), "days": 20.0},  # not staff
        {"worker_id": "agent", "date": D(2025, 1, 6), "days": 20.0},  # not staff
    )
    return staff, records


def test_training_days_share_counts_the_window_ends_and_hours_as_days(trained):
    staff, records = trained
    share = lg(staff, training=records).kpis["training_days_share"]
    # a: 6 + 4 = 10 days (meets 10); b: 9.9 (the 10 days before the window do not count);
    # c: nothing in the window; d: 10 days (its hours are not read); e: 1 day (not 10).
    # Staff a-e (the leaver and the agency worker are not staff): 2 / 5.
    check(share, 40.0, 2, 5)
    assert share.label == "Staff with 10+ training days in the year"


def test_training_days_share_reads_training_days_and_day_hours(trained):
    staff, records = trained
    # training_days 9.9 adds b (9.9 days); day_hours 7.4 keeps a at 10: a, b, d meet, 3 / 5.
    report = lg(staff, training=records, params={"training_days": 9.9})
    check(report.kpis["training_days_share"], 60.0, 3, 5)
    assert report.params["training_days"] == pytest.approx(9.9)
    # day_hours 8: a's 29.6 hours are 3.7 days, 9.7 in all: only d meets, 1 / 5.
    report = lg(staff, training=records, params={"day_hours": 8})
    check(report.kpis["training_days_share"], 20.0, 1, 5)
    assert report.params["day_hours"] == pytest.approx(8.0)
    # day_hours 5.92 makes a's hours 5 days, 11 in all: still a and d, 2 / 5.
    check(lg(staff, training=records, params={"day_hours": 5.92}).kpis["training_days_share"],
          40.0, 2, 5)


def test_training_with_neither_days_nor_hours_adds_nothing_and_is_set_aside():
    staff = workers(worker("a"), worker("b"))
    records = training(
        {"worker_id": "a", "date": D(2025, 3, 3), "days": 10.0},
        {"worker_id": "b", "date": D(2025, 3, 3), "course": "Induction"},  # no length
        {"worker_id": "b", "date": D(2025, 3, 4), "days": 9.0},
        {"worker_id": "b", "date": BEFORE, "course": "Old"},  # no length, before the window
    )
    share = lg(staff, training=records).kpis["training_days_share"]
    # a 10 days meets; b 9 days does not; one record in the window has no length: 1 / 2
    check(share, 50.0, 1, 2, {"training-length-missing": 1})


def test_training_naming_nobody_is_set_aside():
    staff = workers(worker("a"))
    records = training(
        {"worker_id": "a", "date": D(2025, 3, 3), "days": 12.0, "course": "Induction"},
        {"worker_id": "nobody", "date": D(2025, 3, 3), "days": 12.0},
        # eight records from long before the window: 9 of the 10 rows name a worker, so the
        # table joins (at least 90% must) and the one naming nobody is set aside
        *({"worker_id": "a", "date": D(2020, 1, day), "days": 1.0} for day in range(1, 9)),
    )
    share = lg(staff, training=records).kpis["training_days_share"]
    check(share, 100.0, 1, 1, {"training-unknown-worker": 1})  # a meets, 1 / 1


@pytest.mark.parametrize("course", [True, False])
def test_training_without_course_titles_still_counts_days(course):
    row = {"worker_id": "a", "date": D(2025, 3, 3), "days": 10.0}
    if course:
        row["course"] = None
    k = lg(workers(worker("a"), worker("b")), training=training(row)).kpis
    check(k["training_days_share"], 50.0, 1, 2)  # a's 10 days, of a and b


def test_training_kpis_are_null_without_a_training_table():
    k = lg(workers(worker("a"))).kpis
    for kpi_id in ("training_days_share", "course_completion_share"):
        assert k[kpi_id].value is None
        assert k[kpi_id].note == "no training table"


def test_training_days_share_is_null_without_staff():
    staff = workers(worker("gone", end_date=D(2025, 1, 31), leaving_reason="resignation"))
    records = training({"worker_id": "gone", "date": D(2025, 1, 6), "days": 12.0, "course": "X"})
    share = lg(staff, training=records).kpis["training_days_share"]
    assert share.value is None  # no staff: a zero denominator
    assert share.note


# --- course_completion_share


@pytest.fixture
def course_records():
    staff = workers(
        worker("a"), worker("b"), worker("c"), worker("d"),
        worker("left", end_date=D(2025, 6, 30), leaving_reason="resignation"),
    )  # fmt: skip
    records = training(
        {"worker_id": "a", "date": D(2019, 5, 1), "course": "safeguarding level 1"},  # years ago
        {"worker_id": "b", "date": R, "course": "  SAFEGUARDING   LEVEL 1 ", "days": 1.0},
        {"worker_id": "c", "date": D(2025, 5, 1), "course": "Safeguarding Level 2"},
        {"worker_id": "d", "date": AFTER, "course": "Safeguarding Level 1"},  # after R
        {"worker_id": "left", "date": D(2025, 5, 1), "course": "Safeguarding Level 1"},
    )
    return staff, records


def test_course_completion_matches_ignoring_case_and_spacing_and_counts_old_records(
    course_records,
):
    staff, records = course_records
    report = lg(staff, training=records, params={"course": "Safeguarding  level 1"})
    share = report.kpis["course_completion_share"]
    # a (2019, before the window, still done) and b (on R, other case and spacing) completed;
    # c did another course, d's record is after R, the leaver is not staff: 2 of a-d.
    # a's and c's records have no length: that is training_days_share's business, not this one's.
    assert share.value == pytest.approx(50.0)
    assert (share.numerator, share.denominator) == (2, 4)
    assert share.note is None
    assert "safeguarding level 1" in " ".join(share.label.casefold().split())


def test_course_completion_is_null_without_a_course(course_records):
    staff, records = course_records
    share = lg(staff, training=records).kpis["course_completion_share"]
    check(share, None, None, None)
    assert share.label == "Staff who have completed (no course named)"


# --- appraisals


def test_appraisal_completion_rate_counts_appraisals_due_in_the_window():
    staff = workers(
        worker("a"), worker("b"), worker("c"),
        worker("left", end_date=D(2025, 6, 30), leaving_reason="resignation"),
        worker("agent", employment_type="agency"),
    )  # fmt: skip
    rows = appraisals(
        {"worker_id": "a", "due_date": W0, "completed_date": D(2024, 11, 1)},  # due, done
        {"worker_id": "a", "due_date": R},  # due on R, not done
        {"worker_id": "a", "due_date": BEFORE, "completed_date": BEFORE},  # due before
        {"worker_id": "b", "due_date": D(2025, 6, 1), "completed_date": AFTER},  # done after R
        {"worker_id": "b", "due_date": D(2025, 7, 1), "completed_date": D(2025, 6, 15)},  # early
        {"worker_id": "c", "due_date": AFTER},  # due after R
        {"worker_id": "left", "due_date": D(2025, 3, 1)},  # a leaver's: not held against us
        {"worker_id": "agent", "due_date": D(2025, 3, 1)},  # not staff
        {"worker_id": "nobody", "due_date": D(2025, 3, 1)},
        {"worker_id": "c", "due_date": BEFORE},  # 9 of 10 rows name a worker: the table joins
    )
    rate = lg(staff, appraisals=rows).kpis["appraisal_completion_rate"]
    # due in the window: a's two, b's two; completed on or before R: a's first, b's second
    check(rate, 50.0, 2, 4, {"appraisal-unknown-worker": 1})


def test_appraisals_completed_counts_staff_with_one_completed_in_the_window():
    staff = workers(
        worker("a"), worker("b"), worker("c"), worker("d"),
        worker("left", end_date=D(2025, 6, 30), leaving_reason="resignation"),
    )  # fmt: skip
    rows = appraisals(
        {"worker_id": "a", "due_date": D(2023, 1, 1), "completed_date": W0},  # late, done
        {"worker_id": "b", "due_date": BEFORE, "completed_date": BEFORE},  # before the window
        {"worker_id": "c", "due_date": R, "completed_date": R},
        {"worker_id": "c", "due_date": D(2025, 1, 1), "completed_date": D(2025, 1, 1)},
        {"worker_id": "d", "due_date": R, "completed_date": AFTER},  # after R
        {"worker_id": "left", "due_date": D(2025, 1, 1), "completed_date": D(2025, 1, 1)},
    )
    done = lg(staff, appraisals=rows).kpis["appraisals_completed"]
    check(done, 2, None, None)  # a and c (once, with two): a plain count, no sides


def test_appraisal_kpis_are_null_without_an_appraisals_table():
    k = lg(workers(worker("a"))).kpis
    for kpi_id in ("appraisal_completion_rate", "appraisals_completed", "development_plan_share"):
        assert k[kpi_id].value is None
        assert k[kpi_id].note == "no appraisals table"


def test_development_plan_share_counts_a_blank_plan_as_none():
    staff = workers(*(worker(x) for x in "abcde"))
    rows = appraisals(
        {"worker_id": "a", "due_date": D(2025, 1, 1), "completed_date": D(2025, 1, 1),
         "development_plan": True},
        {"worker_id": "b", "due_date": D(2025, 2, 1), "completed_date": D(2025, 2, 1),
         "development_plan": False},
        {"worker_id": "c", "due_date": D(2025, 3, 1), "completed_date": D(2025, 3, 1)},
        {"worker_id": "d", "due_date": D(2024, 9, 1), "completed_date": D(2024, 9, 1),
         "development_plan": True},  # completed before the window
        {"worker_id": "e", "due_date": D(2025, 3, 1), "development_plan": True},  # not completed
    )  # fmt: skip
    share = lg(staff, appraisals=rows).kpis["development_plan_share"]
    # only a has a plan from an appraisal completed in the window; c's blank plan is none
    check(share, 20.0, 1, 5, {"plan-missing": 1})


def test_development_plan_share_is_null_without_the_column():
    rows = appraisals({"worker_id": "a", "due_date": D(2025, 1, 1), "completed_date": R})
    share = lg(workers(worker("a")), appraisals=rows).kpis["development_plan_share"]
    check(share, None, None, None)
    assert "development_plan" in share.note


# --- supervision_coverage


@pytest.fixture
def sessions():
    staff = workers(*(worker(x) for x in "abcde"),
                    worker("left", end_date=D(2025, 9, 1), leaving_reason="resignation"))
    rows = supervision(
        {"worker_id": "a", "date": R, "kind": "one-to-one"},  # on R
        {"worker_id": "b", "date": D(2025, 8, 20), "kind": "group"},  # R - 42 days + 1: first day
        {"worker_id": "c", "date": D(2025, 8, 19)},  # a day too early
        {"worker_id": "d", "date": AFTER},  # after R
        {"worker_id": "left", "date": D(2025, 8, 25)},  # not staff
        {"worker_id": "nobody", "date": D(2025, 9, 1)},
        # four sessions long ago: 9 of the 10 rows name a worker, so the table joins
        *({"worker_id": "c", "date": D(2024, 1, day)} for day in range(1, 5)),
    )
    return staff, rows


def test_supervision_coverage_counts_sessions_in_the_last_six_weeks(sessions):
    staff, rows = sessions
    coverage = lg(staff, supervision=rows).kpis["supervision_coverage"]
    # a and b of a-e
    check(coverage, 40.0, 2, 5, {"supervision-unknown-worker": 1})
    assert coverage.label == "Staff supervised in the last 6 weeks"


def test_supervision_coverage_reads_supervision_weeks(sessions):
    staff, rows = sessions
    # 7 weeks: from 2025-08-13, so c's 2025-08-19 counts too: a, b, c of a-e
    report = lg(staff, supervision=rows, params={"supervision_weeks": 7})
    check(report.kpis["supervision_coverage"], 60.0, 3, 5, {"supervision-unknown-worker": 1})
    assert report.params["supervision_weeks"] == pytest.approx(7.0)


def test_supervision_coverage_is_null_without_a_supervision_table():
    coverage = lg(workers(worker("a"))).kpis["supervision_coverage"]
    check(coverage, None, None, None)
    assert coverage.note == "no supervision table"


# --- recruitment


@pytest.fixture
def campaigns():
    def campaign(vacancy_id, advertised, **counts):
        return {"vacancy_id": vacancy_id, "advertised_date": advertised, **counts}

    return recruitment(
        campaign("v1", W0, applications=10, interviewed=5, offers=2, hires=4, internal_hires=1),
        campaign("v2", R, applications=0, interviewed=3, offers=1, hires=2, internal_hires=2),
        campaign("v3", D(2025, 5, 1), applications=20, offers=1, hires=3),  # blanks
        campaign("v4", D(2025, 6, 1), interviewed=4, internal_hires=0),  # blanks
        campaign("v5", BEFORE, applications=99, interviewed=10, offers=10, hires=9,
                 internal_hires=9),  # the day before the window
        campaign("v6", AFTER, applications=99, interviewed=10, offers=10, hires=9,
                 internal_hires=9),  # after R
        campaign("v7", D(2024, 9, 1)),  # blanks, but outside the window: not set aside
    )  # fmt: skip


def test_interview_success_rate(campaigns):
    rate = lg(workers(worker("a")), recruitment=campaigns).kpis["interview_success_rate"]
    # v1 2 of 5 and v2 1 of 3 in the window; v3 (interviewed blank) and v4 (offers blank) set aside
    check(rate, 37.5, 3, 8, {"recruitment-count-missing": 2})


def test_internal_fill_rate(campaigns):
    rate = lg(workers(worker("a")), recruitment=campaigns).kpis["internal_fill_rate"]
    # v1 1 of 4 and v2 2 of 2; v3 (internal_hires blank) and v4 (hires blank) set aside
    check(rate, 50.0, 3, 6, {"recruitment-count-missing": 2})


def test_applications_per_campaign(campaigns):
    per = lg(workers(worker("a")), recruitment=campaigns).kpis["applications_per_campaign"]
    # v1 10, v2 0, v3 20 over 3 campaigns; v4's applications are blank
    check(per, 10.0, 30, 3, {"recruitment-count-missing": 1})


def test_recruitment_kpis_are_null_without_a_recruitment_table():
    k = lg(workers(worker("a"))).kpis
    for kpi_id in ("interview_success_rate", "internal_fill_rate", "applications_per_campaign"):
        assert k[kpi_id].value is None
        assert k[kpi_id].note == "no recruitment table"


# --- agency_conversions


def test_agency_conversions_need_an_agency_spell_starting_before():
    staff = workers(
        worker("a", employment_type="agency", start_date=D(2023, 1, 1), end_date=D(2025, 2, 28)),
        worker("a", start_date=D(2025, 3, 1)),  # converts
        worker("a", employment_type="fixed_term", start_date=D(2025, 6, 1)),  # still one person
        worker("b", employment_type="self_employed", start_date=D(2025, 1, 1),
               end_date=D(2025, 3, 31)),
        worker("b", employment_type="fixed_term", start_date=D(2025, 4, 1)),  # converts
        worker("c", employment_type="agency", start_date=D(2025, 3, 1)),
        worker("c", start_date=D(2025, 3, 1)),  # same day: not before
        worker("d", employment_type="agency", start_date=D(2020, 1, 1), end_date=D(2024, 9, 1)),
        worker("d", start_date=BEFORE),  # started before the window
        worker("e", employment_type="agency", start_date=D(2025, 1, 1)),
        worker("e", start_date=AFTER),  # starts after R
        worker("f", employment_type="bank", start_date=D(2023, 1, 1), end_date=D(2025, 1, 31)),
        worker("f", start_date=D(2025, 2, 1)),  # bank is not agency
        worker("g", start_date=D(2025, 5, 1)),
        worker("g", employment_type="agency", start_date=D(2025, 6, 1)),  # agency after
        worker("h", employment_type="agency", start_date=D(2022, 1, 1), end_date=D(2025, 9, 29)),
        worker("h", employment_type="temporary", start_date=R),  # starts on R: converts
        worker("i", employment_type="agency", start_date=D(2022, 1, 1), end_date=D(2024, 12, 31)),
        worker("i", start_date=D(2025, 1, 1), end_date=D(2025, 6, 30),
               leaving_reason="resignation"),  # converted, then left: still converted
    )  # fmt: skip
    conversions = lg(staff).kpis["agency_conversions"]
    check(conversions, 4, None, None)  # a, b, h, i


def test_agency_conversions_are_zero_when_nobody_converted():
    conversions = lg(workers(worker("a"), worker("b", employment_type="agency"))).kpis
    check(conversions["agency_conversions"], 0, None, None)


# --- team_tenure_36m_share and service_10y_share


def test_team_tenure_joins_spells_in_the_same_team_a_week_apart():
    # 36 months before R + 1 day: 2022-10-01
    staff = workers(
        worker("a", team="Alpha", start_date=D(2022, 10, 1)),  # exactly 36 months: in
        worker("b", team="Alpha", start_date=D(2022, 10, 2)),  # a day short: out
        worker("c", team="Alpha", start_date=D(2020, 1, 1), end_date=D(2023, 1, 31),
               leaving_reason="other"),
        worker("c", team=" alpha ", start_date=D(2023, 2, 7)),  # 7 days after: joined, in
        worker("d", team="Alpha", start_date=D(2020, 1, 1), end_date=D(2023, 1, 31),
               leaving_reason="other"),
        worker("d", team="Alpha", start_date=D(2023, 2, 8)),  # 8 days after: broken, out
        worker("e", team="Alpha", start_date=D(2020, 1, 1), end_date=D(2023, 1, 31),
               leaving_reason="other"),
        worker("e", team="Beta", start_date=D(2023, 2, 1)),  # another team: out
        worker("f", start_date=D(2010, 1, 1)),  # no team
        worker("g", team="Alpha", start_date=D(2025, 1, 1)),
        worker("g", team="Beta", start_date=D(2019, 1, 1)),  # two teams, one long: in, once
        worker("h", team="Alpha", start_date=D(2000, 1, 1), end_date=D(2025, 6, 30),
               leaving_reason="resignation"),  # not staff
        worker("i", employment_type="agency", team="Alpha", start_date=D(2000, 1, 1)),
        worker("j", team="Alpha", start_date=D(2015, 1, 1), end_date=D(2024, 12, 31),
               leaving_reason="other"),
        worker("j", team="Alpha", start_date=D(2016, 1, 1), end_date=D(2017, 1, 1),
               leaving_reason="other"),
        worker("j", team="Alpha", start_date=D(2025, 1, 5)),  # 5 days after the latest end: in
    )  # fmt: skip
    tenure = lg(staff).kpis["team_tenure_36m_share"]
    # in: a, c, g, j; with a team: a, b, c, d, e, g, j; f's record has no team
    check(tenure, 400 / 7, 4, 7, {"team-missing": 1})
    assert tenure.label == "Staff with 36+ months in their team"


def test_team_tenure_does_not_join_agency_spells():
    staff = workers(
        *(worker(x, team="Alpha") for x in "abc"),
        worker("d", employment_type="agency", team="Alpha", start_date=D(2018, 1, 1),
               end_date=D(2024, 12, 31)),
        worker("d", team="Alpha", start_date=D(2025, 1, 1)),  # service starts here
    )
    tenure = lg(staff).kpis["team_tenure_36m_share"]
    check(tenure, 75.0, 3, 4)  # a, b, c since 2020; d directly employed since 2025


def test_service_10y_share_joins_directly_employed_spells_in_any_team():
    # 10 years before R + 1 day: 2015-10-01
    staff = workers(
        worker("a", start_date=D(2015, 10, 1)),  # exactly 10 years: in
        worker("b", start_date=D(2015, 10, 2)),  # a day short: out
        worker("c", team="Alpha", start_date=D(2010, 1, 1), end_date=D(2020, 3, 31),
               leaving_reason="internal_move"),
        worker("c", team="Beta", start_date=D(2020, 4, 7)),  # 7 days after: in
        worker("d", start_date=D(2010, 1, 1), end_date=D(2020, 3, 31), leaving_reason="other"),
        worker("d", start_date=D(2020, 4, 8)),  # 8 days after: out
        worker("e", employment_type="agency", start_date=D(2010, 1, 1), end_date=D(2020, 3, 31)),
        worker("e", start_date=D(2020, 4, 1)),  # agency years are not service: out
        worker("f", employment_type="fixed_term", start_date=D(2012, 1, 1),
               end_date=D(2018, 12, 31), leaving_reason="end_of_contract"),
        worker("f", employment_type="temporary", start_date=D(2019, 1, 1)),  # joined: in
        worker("g", start_date=D(2000, 1, 1), end_date=D(2025, 3, 31),
               leaving_reason="retirement"),  # not staff
    )  # fmt: skip
    service = lg(staff).kpis["service_10y_share"]
    check(service, 50.0, 3, 6)  # a, c, f of a-f


# --- ethnicity


WHITE = [
    "White British", "White - Irish", "Gypsy or Irish Traveller", "Roma", "British", "Irish",
    "English, Welsh, Scottish, Northern Irish or British",
    "White: English, Welsh, Scottish, Northern Irish or British",
    "English/Welsh/Scottish/Northern Irish/British", "31", "32", "33", "34",
    "Any other White background", "  white   BRITISH ", "WBRI", "WIRI", "WIRT", "WOTH", "WROM",
]  # fmt: skip
MINORITY = [
    "White and Black Caribbean", "Mixed: White and Asian", "Asian or Asian British: Indian",
    "Indian",
    "Black African", "Chinese", "Any other ethnic group", "MWBC", "MWBA", "MWAS", "MOTH",
    "BAFR", "BCRB", "APKN", "AIND", "CHNE", "OOTH",
]  # fmt: skip
DECLINED = ["Prefer not to say", "PREFER NOT TO SAY", "Refused", "declined", "Not declared",
            "REFU"]  # fmt: skip
NOT_KNOWN = [None, "unknown", "Not known", "not stated", "Not recorded", "not obtained", "NOBT",
             "n/a"]  # fmt: skip


def five_white_british():
    return [worker(f"w{i}", ethnicity="White British") for i in range(5)]


@pytest.mark.parametrize("label", WHITE)
def test_white_labels_are_white(label):
    staff = workers(*five_white_british(), worker("x", ethnicity=label))
    check(lg(staff).kpis["ethnic_minority_share"], 0.0, 0, 6)  # nobody of 6 minority ethnic


@pytest.mark.parametrize("label", MINORITY)
def test_minority_labels_are_minority_ethnic(label):
    staff = workers(*five_white_british(), worker("x", ethnicity=label))
    check(lg(staff).kpis["ethnic_minority_share"], 100 / 6, 1, 6)  # x of 6


@pytest.mark.parametrize("label", ["Asian and White", "Martian", "Other", "White Other"])
def test_a_label_in_no_list_is_never_guessed(label):
    # five White British and one label in none of the known lists: 0 of 5, one set aside
    staff = workers(*five_white_british(), worker("x", ethnicity=label))
    check(lg(staff).kpis["ethnic_minority_share"], 0.0, 0, 5, {"ethnicity-unknown-label": 1})


def test_an_ascwds_file_of_white_british_staff_is_0_percent_minority():
    # ASC-WDS code 31 is "English / Welsh / Scottish / Northern Irish / British": before the
    # closed vocabulary every code read as a minority group and this gave 100%
    staff = workers(*(worker(f"s{i}", ethnicity="31") for i in range(6)))
    check(lg(staff).kpis["ethnic_minority_share"], 0.0, 0, 6)


@pytest.mark.parametrize(
    "label", DECLINED + NOT_KNOWN
)
def test_declined_and_not_known_ethnicity_is_set_aside(label):
    staff = workers(*five_white_british(), worker("x", ethnicity=label))
    check(lg(staff).kpis["ethnic_minority_share"], 0.0, 0, 5, {"ethnicity-not-known": 1})


def test_ethnic_minority_share_counts_people_on_staff():
    staff = workers(
        worker("a", ethnicity="Indian"),
        worker("a", ethnicity="Indian", start_date=D(2024, 1, 1)),  # two posts: one person
        worker("b", ethnicity="Black Caribbean"),
        worker("c", ethnicity="White British"),
        worker("d", ethnicity="WIRI"),
        worker("e", ethnicity="Roma"),
        worker("f", ethnicity="Prefer not to say"),
        worker("g", ethnicity="REFU"),
        worker("h"),
        worker("i", ethnicity="Pakistani", end_date=D(2025, 6, 30), leaving_reason="resignation"),
        worker("j", ethnicity="Pakistani", employment_type="agency"),
    )  # fmt: skip
    share = lg(staff).kpis["ethnic_minority_share"]
    # known: a, b, c, d, e (5); minority a, b; set aside f, g, h; i left, j agency
    check(share, 40.0, 2, 5, {"ethnicity-not-known": 3})
    assert share.label == "Staff from Black, Asian and minority ethnic groups"


def test_ethnic_minority_share_is_withheld_below_five_people():
    known = [worker("a", ethnicity="Indian"), worker("b", ethnicity="Indian"),
             worker("c", ethnicity="White British"), worker("d", ethnicity="White British")]
    unknown = [worker(f"u{i}", ethnicity="Prefer not to say") for i in range(4)]
    share = lg(workers(*known, *unknown)).kpis["ethnic_minority_share"]
    assert share.value is None  # 4 people with a known ethnicity: withheld
    assert "withheld" in share.note
    share = lg(workers(*known, *unknown, worker("e", ethnicity="Chinese"))).kpis
    check(share["ethnic_minority_share"], 60.0, 3, 5, {"ethnicity-not-known": 4})


def test_ethnic_minority_share_managers_counts_org_roles_one_to_three():
    staff = workers(
        worker("a", org_role=1, ethnicity="Indian"),
        worker("b", org_role=2, ethnicity="White British"),
        worker("c", org_role=3, ethnicity="Black Caribbean"),
        worker("d", org_role=3, ethnicity="White - Irish"),
        worker("e", org_role=2, ethnicity="Pakistani"),
        worker("f", org_role=1, ethnicity="Prefer not to say"),
        worker("g", org_role=4, ethnicity="Indian"),  # senior practitioner: not a manager
        worker("h", ethnicity="Chinese"),  # blank org_role: not a manager
        worker("i", org_role=1, ethnicity="White British", end_date=D(2025, 6, 30),
               leaving_reason="retirement"),  # not staff
    )  # fmt: skip
    share = lg(staff).kpis["ethnic_minority_share_managers"]
    # managers with a known ethnicity: a, b, c, d, e; minority a, c, e; f declined
    check(share, 60.0, 3, 5, {"ethnicity-not-known": 1})
    staff = workers(*(worker(x, org_role=2, ethnicity="Indian") for x in "abcd"),
                    *(worker(x, org_role=4, ethnicity="Indian") for x in "efgh"))
    share = lg(staff).kpis["ethnic_minority_share_managers"]
    assert share.value is None  # four managers: withheld
    assert "withheld" in share.note


def test_equality_data_completeness_counts_declined_as_recorded():
    staff = workers(
        worker("a", ethnicity="White British", disability="No"),
        worker("b", ethnicity="Prefer not to say", disability="Prefer not to say"),
        worker("c", ethnicity="Indian"),
        worker("d", ethnicity="Not known", disability="Yes"),
        worker("e", ethnicity="REFU", disability="not stated"),
        worker("f", ethnicity="Indian", disability="Yes"),
        worker("f", ethnicity="Indian", start_date=D(2023, 1, 1)),  # the other post has both
        worker("g"),
        worker("h", ethnicity="NOBT", disability="No"),
        worker("i", ethnicity="Indian", disability="No", end_date=D(2025, 1, 31),
               leaving_reason="resignation"),  # not staff
    )  # fmt: skip
    complete = lg(staff).kpis["equality_data_completeness"]
    check(complete, 37.5, 3, 8)  # a, b, f of a-h


# --- progression_ratio


def people(prefix, ethnicity, n, **fields):
    return [worker(f"{prefix}{i}", ethnicity=ethnicity, **fields) for i in range(n)]


def test_progression_ratio_is_one_at_parity():
    staff = workers(
        worker("w1", ethnicity="White British", start_date=R, start_origin="internal"),
        worker("w2", ethnicity="White British", start_date=W0, start_origin="internal"),
        worker("w3", ethnicity="White British", start_date=BEFORE, start_origin="internal"),
        worker("w4", ethnicity="White British", start_date=D(2025, 1, 1), start_origin="external"),
        worker("w5", ethnicity="White British"),
        worker("m1", ethnicity="Indian", start_date=D(2025, 2, 1), start_origin="internal"),
        worker("m2", ethnicity="BAFR", start_date=D(2025, 3, 1), start_origin="internal"),
        *people("c", "Chinese", 3),
        *people("u", "Prefer not to say", 3, start_date=D(2025, 2, 1), start_origin="internal"),
    )  # fmt: skip
    ratio = lg(staff).kpis["progression_ratio"]
    # White: w1 (on R) and w2 (first day) of 5; minority: m1, m2 of 5; the declined are left out
    assert ratio.value == pytest.approx(1.0)
    assert ratio.numerator == pytest.approx(2 / 5)
    assert ratio.denominator == pytest.approx(2 / 5)
    assert ratio.note is None


def test_progression_ratio_compares_the_two_rates():
    staff = workers(
        *people("w", "White British", 3),
        *people("wi", "White British", 2, start_date=D(2025, 4, 1), start_origin="internal"),
        *people("m", "Indian", 5),
        worker("mi", ethnicity="Black African", start_date=D(2025, 4, 1), start_origin="internal"),
    )
    ratio = lg(staff).kpis["progression_ratio"]
    # minority 1 of 6, White 2 of 5: (1/6) / (2/5) = 5/12
    check(ratio, 5 / 12, 1 / 6, 2 / 5)


def test_progression_ratio_is_withheld_or_null():
    white_progressed = people("wi", "White British", 5, start_date=D(2025, 4, 1),
                              start_origin="internal")
    ratio = lg(workers(*white_progressed, *people("m", "Indian", 4))).kpis["progression_ratio"]
    assert ratio.value is None  # 4 minority ethnic staff: withheld
    assert "withheld" in ratio.note
    ratio = lg(workers(*people("w", "White British", 5), *people("m", "Indian", 5,
               start_date=D(2025, 4, 1), start_origin="internal"))).kpis["progression_ratio"]
    assert ratio.value is None  # no White staff progressed: a zero denominator
    assert ratio.note and "withheld" not in ratio.note


# --- exit_interview_rate


@pytest.fixture
def leavers():
    return workers(
        worker("a", end_date=R, leaving_reason="resignation", exit_interview=True),
        worker("b", employment_type="fixed_term", end_date=W0, leaving_reason="end_of_contract",
               exit_interview=False),
        worker("c", end_date=D(2025, 3, 1), leaving_reason="internal_move", exit_interview=True),
        worker("d", end_date=D(2025, 4, 1), leaving_reason="retirement"),  # blank
        worker("e", end_date=BEFORE, leaving_reason="resignation", exit_interview=True),
        worker("f", employment_type="agency", end_date=D(2025, 5, 1), exit_interview=True),
        worker("g", employment_type="temporary", end_date=D(2025, 6, 1),
               leaving_reason="resignation", exit_interview=True),
        worker("g", employment_type="temporary", start_date=D(2025, 6, 2),
               end_date=D(2025, 8, 1), leaving_reason="resignation", exit_interview=False),
        worker("h", employment_type="temporary", end_date=D(2025, 7, 1), exit_interview=True),
        worker("i", end_date=D(2025, 7, 1), leaving_reason="resignation", exit_interview=False),
        worker("j", end_date=D(2025, 2, 1), leaving_reason="dismissal", exit_interview=True),
        worker("k"),  # in post
    )  # fmt: skip


def test_exit_interview_rate_counts_leaving_spells_not_internal_moves(leavers):
    rate = lg(leavers).kpis["exit_interview_rate"]
    # spells with it recorded: a yes, b no, g no, h yes, i no, j yes -> 3 / 6; g's first
    # spell ended on 1 Jun and g's next post began on 2 Jun: a move between posts, no leaving;
    # c moved within the council, d's is blank, e left before the window, f is agency
    assert rate.value == pytest.approx(50.0)
    assert (rate.numerator, rate.denominator) == (3, 6)
    assert rate.set_aside.get("exit-interview-missing") == 1
    assert set(rate.set_aside) <= {"exit-interview-missing", "internal-move"}


def test_exit_interview_rate_for_permanent_staff(leavers):
    rate = lg(leavers, scope="permanent_staff").kpis["exit_interview_rate"]
    assert rate.value == pytest.approx(200 / 3)  # a yes, i no, j yes
    assert (rate.numerator, rate.denominator) == (2, 3)
    assert rate.set_aside.get("exit-interview-missing") == 1  # d


def test_exit_interview_rate_is_null_without_the_column():
    staff = workers(worker("a", end_date=D(2025, 3, 1), leaving_reason="resignation"))
    rate = lg(staff).kpis["exit_interview_rate"]
    check(rate, None, None, None)
    assert "exit_interview" in rate.note


# --- caseload_over_max_share


@pytest.fixture
def caseloads():
    return workers(
        worker("a", org_role=5, cases=16),
        worker("b", org_role=5, cases=15),  # exactly the maximum: not above
        worker("c", org_role=5, cases=20, employment_type="agency"),  # agency included
        worker("d", org_role=5),  # cases blank
        worker("e", org_role=4, cases=30),  # not a case holder
        worker("f", org_role=5, cases=25, end_date=D(2025, 6, 30), leaving_reason="resignation"),
        worker("h", org_role=5, cases=0),
        worker("i", org_role=5, cases=25, start_date=AFTER),  # not yet in post
    )  # fmt: skip


def test_caseload_over_max_share(caseloads):
    share = lg(caseloads).kpis["caseload_over_max_share"]
    check(share, 50.0, 2, 4, {"cases-missing": 1})  # a, c above 15 of a, b, c, h
    assert share.label == "Case holders above 15 cases"


def test_caseload_over_max_share_reads_max_cases(caseloads):
    k = lg(caseloads, params={"max_cases": 12}).kpis
    check(k["caseload_over_max_share"], 75.0, 3, 4, {"cases-missing": 1})  # a, b, c
    k = lg(caseloads, params={"max_cases": 20}).kpis
    check(k["caseload_over_max_share"], 0.0, 0, 4, {"cases-missing": 1})  # 20 is not above 20


def test_caseload_over_max_share_leaves_out_bank_records(caseloads):
    bank = workers(worker("g", org_role=5, cases=25, employment_type="bank"))
    with_bank = pd.concat([caseloads, bank], ignore_index=True)
    share = lg(with_bank).kpis["caseload_over_max_share"]
    check(share, 50.0, 2, 4, {"cases-missing": 1})  # as without g


def test_caseload_over_max_share_is_null_without_cases():
    share = lg(workers(worker("a", org_role=5))).kpis["caseload_over_max_share"]
    assert share.value is None
    assert share.note


# --- scopes and breakdowns


@pytest.fixture
def scoped_staff():
    staff = workers(
        worker("a", team="Alpha"),
        worker("b", employment_type="fixed_term", team="Alpha"),
        worker("c", team="Beta"),
    )
    records = {
        "training": training(
            {"worker_id": "a", "date": D(2025, 3, 3), "days": 10.0, "course": "Induction"},
            {"worker_id": "b", "date": D(2025, 3, 3), "days": 10.0},
            {"worker_id": "b", "date": D(2025, 3, 4)},  # no length
            {"worker_id": "c", "date": D(2025, 3, 3), "days": 2.0},
        ),
        "appraisals": appraisals(
            {"worker_id": "a", "due_date": D(2025, 3, 1), "completed_date": D(2025, 3, 1)},
            {"worker_id": "b", "due_date": D(2025, 3, 1)},
            {"worker_id": "c", "due_date": D(2025, 3, 1), "completed_date": D(2025, 4, 1)},
        ),
    }
    return staff, records


def test_a_scope_limits_training_and_appraisals_to_its_workers(scoped_staff):
    staff, records = scoped_staff
    k = lg(staff, **records).kpis
    check(k["training_days_share"], 200 / 3, 2, 3, {"training-length-missing": 1})  # a, b
    check(k["appraisal_completion_rate"], 200 / 3, 2, 3)  # a, c of a, b, c
    for scope in ("permanent_staff", Scope(name="perm", where={"employment_type": ["permanent"]})):
        k = lg(staff, scope=scope, **records).kpis
        # b is out of the scope, and so are b's records (not set aside as naming nobody)
        check(k["training_days_share"], 50.0, 1, 2)  # a of a, c
        check(k["appraisal_completion_rate"], 100.0, 2, 2)  # a, c


def test_a_breakdown_by_team_reads_each_groups_records(scoped_staff):
    staff, records = scoped_staff
    report = lg(staff, by="team", **records)
    groups = {g.group: g.kpis for g in report.groups}
    for team, kpi_id, value, numerator, denominator in (
        ("Alpha", "training_days_share", 100.0, 2, 2),  # a, b
        ("Beta", "training_days_share", 0.0, 0, 1),  # c has 2 days
        ("Alpha", "appraisal_completion_rate", 50.0, 1, 2),  # a's done, b's not
        ("Beta", "appraisal_completion_rate", 100.0, 1, 1),
    ):
        got = groups[team][kpi_id]
        assert (got.value, got.numerator, got.denominator) == (value, numerator, denominator)
    check(groups["Total"]["training_days_share"], 200 / 3, 2, 3, {"training-length-missing": 1})
    check(groups["Total"]["appraisal_completion_rate"], 200 / 3, 2, 3)


def test_a_breakdown_group_sets_aside_only_its_own_records(scoped_staff):
    staff, records = scoped_staff
    records["training"] = training(
        {"worker_id": "a", "date": D(2025, 3, 3), "days": 10.0, "course": "Induction"},
        {"worker_id": "b", "date": D(2025, 3, 3), "days": 10.0},
        {"worker_id": "b", "date": D(2025, 3, 4)},  # no length
        {"worker_id": "c", "date": D(2025, 3, 3), "days": 2.0},
        {"worker_id": "nobody", "date": D(2025, 3, 3), "days": 1.0},
        # five records long before the window: 9 of the 10 rows name a worker, so they join
        *({"worker_id": "c", "date": D(2020, 1, day), "days": 1.0} for day in range(1, 6)),
    )
    report = lg(staff, by="team", **records)
    groups = {g.group: g.kpis for g in report.groups}
    # b's record with no length is Alpha's; the record naming nobody is in no team
    assert groups["Alpha"]["training_days_share"].set_aside == {"training-length-missing": 1}
    assert groups["Beta"]["training_days_share"].set_aside == {}
    assert groups["Total"]["training_days_share"].set_aside == {
        "training-length-missing": 1, "training-unknown-worker": 1}


def teamed_campaigns(with_team: bool):
    rows = [
        {"team": "Alpha", "interviewed": 4, "offers": 1},
        {"team": "Beta", "interviewed": 2, "offers": 2},
        {"team": None, "interviewed": 4, "offers": 0},
    ]
    for i, row in enumerate(rows):
        row.update(vacancy_id=f"v{i}", advertised_date=D(2025, 2, 1))
        if not with_team:
            del row["team"]
    return recruitment(*rows)


def test_a_breakdown_by_team_splits_recruitment_with_a_team_column(scoped_staff):
    staff, _ = scoped_staff
    report = lg(staff, by="team", recruitment=teamed_campaigns(True))
    groups = {g.group: g.kpis for g in report.groups}
    check(groups["Alpha"]["interview_success_rate"], 25.0, 1, 4)
    check(groups["Beta"]["interview_success_rate"], 100.0, 2, 2)
    check(groups["Total"]["interview_success_rate"], 30.0, 3, 10)
    check(report.kpis["interview_success_rate"], 30.0, 3, 10)


def test_a_breakdown_by_team_without_a_recruitment_team_column(scoped_staff):
    staff, _ = scoped_staff
    report = lg(staff, by="team", recruitment=teamed_campaigns(False))
    groups = {g.group: g.kpis for g in report.groups}
    for team in ("Alpha", "Beta"):
        rate = groups[team]["interview_success_rate"]
        assert rate.value is None  # campaigns cannot be put in teams
        assert "team" in rate.note
    check(groups["Total"]["interview_success_rate"], 30.0, 3, 10)


def test_a_scope_on_team_limits_recruitment_with_a_team_column(scoped_staff):
    staff, _ = scoped_staff
    alpha = Scope(name="alpha", where={"team": ["alpha"]})
    k = lg(staff, scope=alpha, recruitment=teamed_campaigns(True)).kpis
    check(k["interview_success_rate"], 25.0, 1, 4)


# --- parameters


def test_parameters_are_checked():
    staff = workers(worker("a"))
    with pytest.raises(EngineError, match="training_dayz"):
        lg(staff, params={"training_dayz": 5})
    with pytest.raises(EngineError, match="training_days"):
        lg(staff, params={"training_days": "ten"})
    with pytest.raises(EngineError, match="max_cases"):
        lg(staff, params={"max_cases": "many"})


def test_the_parameters_used_are_reported():
    report = lg(workers(worker("a")), params={"training_days": "5", "course": "Induction"})
    assert report.params["training_days"] == pytest.approx(5.0)
    assert report.params["day_hours"] == pytest.approx(7.4)
    assert report.params["max_cases"] == pytest.approx(15.0)
    assert report.params["course"] == "Induction"
