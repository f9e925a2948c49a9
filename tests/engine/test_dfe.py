"""DfE KPIs on tiny frames whose answers are worked out by hand (R = 2025-09-30)."""

from __future__ import annotations

import datetime as dt

import pytest

from wfkpi.engine.report import compute

D = dt.date
R = D(2025, 9, 30)


def kpis(frames, *rows, vacancies=None, absences=None, as_at=R):
    report = compute(frames.workers(*rows), vacancies, absences, as_at=as_at)
    return report.kpis


@pytest.fixture
def staff(frames):
    """Ten records covering the edge cases of the period rules."""
    w = frames.worker
    return [
        w("settled", fte=1.0, cases=10),
        w("starts-on-R", fte=0.5, start_date=R, cases=0),  # in post and a starter
        w("leaves-on-R", fte=0.8, start_date=D(2019, 1, 1), end_date=R),  # leaver, not in post
        w("starts-after-R", fte=1.0, start_date=D(2025, 10, 1)),  # outside
        w("unknown-fte", employment_type="fixed_term", fte=None, cases=4),  # headcount only
        w("two-posts", fte=0.6, cases=5),  # one person in two posts
        w("two-posts", fte=0.4, employment_type="temporary", cases=None),
        w("agency", employment_type="agency", fte=1.0, cases=12),  # holds cases
        w("bank", employment_type="bank", fte=1.0, cases=3),  # outside the rates
        w("left-before", employment_type="temporary", end_date=D(2024, 9, 30)),
        w("in-and-out", start_date=D(2024, 10, 1), end_date=D(2025, 3, 31), leaving_reason="other"),
    ]


def test_in_post_starters_and_leavers(frames, staff):
    k = kpis(frames, *staff)
    # in post: settled 1.0 + starts-on-R 0.5 + two-posts 0.6 + 0.4; unknown-fte has no FTE
    assert k["inpost_fte"].value == pytest.approx(2.5)
    assert k["inpost_fte"].set_aside == {"fte-missing": 1}
    assert k["inpost_fte"].rows_used == 4
    # settled, starts-on-R, unknown-fte, two-posts (once)
    assert k["inpost_headcount"].value == 4
    assert k["inpost_headcount"].rows_used == 5
    # starters: starts-on-R 0.5 and in-and-out 1.0 (the window opens on 2024-10-01)
    assert k["starters_fte"].value == pytest.approx(1.5)
    assert k["starters_headcount"].value == 2
    # leavers: leaves-on-R 0.8 and in-and-out 1.0; left-before ended the day before the window
    assert k["leavers_fte"].value == pytest.approx(1.8)
    assert k["leavers_headcount"].value == 2


def test_turnover_uses_in_post_at_the_end_of_the_year(frames, staff):
    k = kpis(frames, *staff)
    assert k["turnover_rate_fte"].value == pytest.approx(1.8 / 2.5 * 100)  # 72.0
    assert k["turnover_rate_fte"].numerator == pytest.approx(1.8)
    assert k["turnover_rate_fte"].denominator == pytest.approx(2.5)
    assert k["turnover_rate_fte"].set_aside == {"fte-missing": 1}
    assert k["turnover_rate_headcount"].value == pytest.approx(50.0)


def test_agency(frames, staff):
    k = kpis(frames, *staff)
    assert k["agency_fte"].value == pytest.approx(1.0)
    assert k["agency_headcount"].value == 1
    assert k["agency_rate_fte"].value == pytest.approx(1.0 / 3.5 * 100)
    assert k["agency_rate_fte"].denominator == pytest.approx(3.5)
    assert k["agency_rate_headcount"].value == pytest.approx(1 / 5 * 100)


def test_agency_records_are_counted_not_de_duplicated(frames):
    # DfE counts agency records: one worker with two agency records is 2, and the rate is
    # 2 / (2 + 6 directly employed) = 25.0% (de-duplicated it was 1 and 1 / 7 = 14.3%)
    w = frames.worker
    k = kpis(
        frames,
        *(w(f"d{n}") for n in range(6)),
        w("a", employment_type="agency", fte=0.5),
        w("a", employment_type="self_employed", fte=0.5),
    )
    assert k["agency_fte"].value == pytest.approx(1.0)
    assert k["agency_headcount"].value == 2
    assert k["agency_rate_headcount"].value == pytest.approx(25.0)


def test_cases_include_agency_holders_and_leave_out_bank(frames, staff):
    k = kpis(frames, *staff)
    # settled 10, starts-on-R 0, unknown-fte 4, two-posts 5 (+ blank), agency 12
    assert k["cases"].value == 31
    assert k["cases"].set_aside == {"cases-missing": 1}
    # holders with a known FTE: settled 1.0, two-posts 0.6, agency 1.0; unknown-fte set aside
    assert k["case_holders_fte"].value == pytest.approx(2.6)
    assert k["case_holders_fte"].set_aside == {"fte-missing": 1}
    # unknown-fte's 4 cases are left out of both sides: (31 - 4) / 2.6 = 10.4, not 31 / 2.6
    assert k["caseload_fte"].value == pytest.approx(27 / 2.6)
    assert k["caseload_fte"].numerator == 27
    assert k["caseload_fte"].denominator == pytest.approx(2.6)
    assert k["caseload_fte"].set_aside == {"cases-missing": 1, "fte-missing": 1}


def test_no_cases_column_gives_none_with_the_reason(frames):
    k = kpis(frames, frames.worker("a"))
    for kpi_id in ("cases", "case_holders_fte", "caseload_fte"):
        assert k[kpi_id].value is None
        assert k[kpi_id].note == "no cases column in the workers table"


def test_vacancies(frames, staff):
    vacancies = frames.vacancies(
        {"vacancy_fte": 2.0, "agency_cover_fte": 1.0},  # undated: used
        {"vacancy_fte": 1.0, "agency_cover_fte": None, "as_at": R},
        {"vacancy_fte": 5.0, "agency_cover_fte": 5.0, "as_at": D(2025, 3, 31)},  # set aside
    )
    k = kpis(frames, *staff, vacancies=vacancies)
    assert k["vacancy_fte"].value == pytest.approx(3.0)
    assert k["vacancy_fte"].rows_used == 2
    assert k["vacancy_fte"].set_aside == {"vacancy-other-date": 1}
    # agency FTE is not in the denominator
    assert k["vacancy_rate_fte"].value == pytest.approx(3.0 / 5.5 * 100)
    assert k["agency_cover_fte"].value == pytest.approx(1.0)
    assert k["agency_cover_fte"].set_aside == {"cover-missing": 1, "vacancy-other-date": 1}
    assert k["agency_cover_rate_fte"].value == pytest.approx(100.0)
    # Of the 2.0 vacant FTE whose cover is known, 1.0 is covered; the row with a blank cover
    # figure is set aside from both sides rather than read as uncovered.
    assert k["vacancy_agency_cover_rate_fte"].value == pytest.approx(1.0 / 2.0 * 100)
    assert k["vacancy_agency_cover_rate_fte"].set_aside == {
        "cover-missing": 1, "vacancy-other-date": 1}


def test_absent_vacancies_table_gives_none_never_zero(frames, staff):
    k = kpis(frames, *staff, vacancies=None)
    for kpi_id in (
        "vacancy_fte",
        "vacancy_rate_fte",
        "agency_cover_fte",
        "agency_cover_rate_fte",
        "vacancy_agency_cover_rate_fte",
    ):
        assert k[kpi_id].value is None, kpi_id
        assert k[kpi_id].note == "no vacancies table", kpi_id


def test_vacancies_without_a_cover_column(frames, staff):
    k = kpis(frames, *staff, vacancies=frames.vacancies({"vacancy_fte": 1.0}))
    assert k["vacancy_fte"].value == 1.0
    assert k["agency_cover_fte"].value is None
    assert k["agency_cover_fte"].note == "no agency_cover_fte column in the vacancies table"


def test_zero_denominators_give_none(frames):
    k = kpis(frames, frames.worker("a", employment_type="agency", cases=0))
    assert k["inpost_fte"].value == 0.0  # a count can be zero
    assert k["turnover_rate_fte"].value is None
    assert k["turnover_rate_fte"].note == "zero denominator: directly employed FTE in post is 0"
    assert k["absence_rate_fte"].value is None
    assert k["caseload_fte"].value is None
    assert k["caseload_fte"].note == "zero denominator: case-holder FTE is 0"
    assert k["agency_rate_fte"].value == pytest.approx(100.0)


def test_sickness_from_workers_sickness_days(frames):
    w = frames.worker
    k = kpis(
        frames,
        w("a", fte=1.0, sickness_days=10.0),
        w("b", fte=1.0, sickness_days=None),  # set aside, still in the denominator
        w("c", fte=0.5, sickness_days=2.5, end_date=D(2025, 6, 30)),  # a leaver's days count
        w("d", employment_type="agency", sickness_days=30.0),  # not directly employed
    )
    assert k["working_days_lost_fte"].value == pytest.approx(12.5)
    assert k["working_days_lost_fte"].set_aside == {"sickness-missing": 1}
    assert k["absence_rate_fte"].value == pytest.approx(12.5 / (2.0 * 253) * 100)
    assert k["absence_rate_fte"].denominator == pytest.approx(2.0 * 253)


def test_no_sickness_data_gives_none(frames):
    k = kpis(frames, frames.worker("a"))
    assert k["working_days_lost_fte"].value is None
    assert "no sickness data" in k["working_days_lost_fte"].note
    assert k["absence_rate_fte"].value is None


def test_absence_rate_in_a_window_containing_29_february(frames):
    k = kpis(frames, frames.worker("a", sickness_days=25.4), as_at=D(2024, 9, 30))
    assert k["absence_rate_fte"].denominator == 254
    assert k["absence_rate_fte"].value == pytest.approx(25.4 / 254 * 100)


class TestAbsenceSpells:
    """Sickness from the absences table: working days, pro-rated at the window's edges."""

    def run(self, frames, *spells, **worker):
        staff = frames.workers(
            frames.worker("a", **worker), frames.worker("agency", employment_type="agency")
        )
        return compute(staff, None, frames.absences(*spells), as_at=R).kpis

    def spell(self, start, end, reason="sickness", worker_id="a", **extra):
        return {
            "worker_id": worker_id,
            "start_date": start,
            "end_date": end,
            "reason": reason,
        } | extra

    def test_working_days_are_counted_when_not_given(self, frames):
        # Mon 23 Dec 2024 .. Fri 27 Dec: 25 and 26 are bank holidays
        k = self.run(frames, self.spell(D(2024, 12, 23), D(2024, 12, 27)))
        assert k["working_days_lost_fte"].value == 3
        assert k["working_days_lost_fte"].rows_used == 1

    def test_a_spell_crossing_the_window_start_counts_its_share_inside(self, frames):
        # Mon 23 Sep 2024 .. Fri 4 Oct 2024: 10 working days, 4 of them (1-4 Oct) inside
        k = self.run(frames, self.spell(D(2024, 9, 23), D(2024, 10, 4)))
        assert k["working_days_lost_fte"].value == pytest.approx(4.0)
        given = self.spell(D(2024, 9, 23), D(2024, 10, 4), working_days_lost=5.0)
        k = self.run(frames, given)  # 5 days lost over the spell, 4/10 of it inside
        assert k["working_days_lost_fte"].value == pytest.approx(2.0)

    def test_a_spell_crossing_the_reference_date_and_an_open_spell(self, frames):
        # Mon 29 Sep .. Fri 3 Oct 2025: 2 of 5 working days inside; given 10 days -> 4
        crossing = self.spell(D(2025, 9, 29), D(2025, 10, 3), working_days_lost=10.0)
        open_spell = self.spell(D(2025, 9, 25), None)  # Thu 25 .. R (Tue 30): 4 working days
        k = self.run(frames, crossing, open_spell)
        assert k["working_days_lost_fte"].value == pytest.approx(4.0 + 4.0)

    def test_spells_set_aside_with_their_reasons(self, frames):
        k = self.run(
            frames,
            self.spell(D(2025, 1, 6), D(2025, 1, 10)),  # 5 days, counted
            self.spell(D(2025, 2, 3), D(2025, 2, 7), reason="training"),
            self.spell(D(2023, 2, 6), D(2023, 2, 10)),  # before the window
            self.spell(D(2025, 3, 3), D(2025, 3, 7), worker_id="agency"),
            self.spell(D(2025, 3, 3), D(2025, 3, 7), worker_id="nobody"),
            # five more that are not sickness: 9 of the 10 spells name a worker, so they join
            *(self.spell(D(2025, 4, day), D(2025, 4, day), reason="training")
              for day in range(7, 12)),
        )
        lost = k["working_days_lost_fte"]
        assert lost.value == 5
        assert lost.rows_used == 1
        assert lost.set_aside == {
            "absence-not-sickness": 6,
            "absence-outside-window": 1,
            "absence-not-directly-employed": 1,
            "absence-unknown-worker": 1,
        }
        assert k["absence_rate_fte"].value == pytest.approx(5 / 253 * 100)

    def test_the_absences_table_wins_over_sickness_days(self, frames):
        k = self.run(frames, self.spell(D(2025, 1, 6), D(2025, 1, 7)), sickness_days=99.0)
        assert k["working_days_lost_fte"].value == 2

    def test_an_empty_absences_table_gives_no_sickness_figure(self, frames):
        # absent is not 0: a table with no rows says nothing about sickness
        k = self.run(frames)
        assert k["working_days_lost_fte"].value is None
        assert k["working_days_lost_fte"].note == "the absences table has no rows"
        assert k["absence_rate_fte"].value is None
        assert k["absence_rate_fte"].note == "the absences table has no rows"

    def test_absences_whose_ids_do_not_join_give_no_sickness_figure(self, frames):
        # 1 of 2 spells names a worker: 50%, below the 90% a table must join by
        k = self.run(frames, self.spell(D(2025, 1, 6), D(2025, 1, 10)),
                     self.spell(D(2025, 1, 6), D(2025, 1, 10), worker_id="0perm"))
        lost = k["working_days_lost_fte"]
        assert lost.value is None
        assert lost.note.startswith("absences: 1 of 2 rows name a worker in the workers table")
        assert k["absence_rate_fte"].value is None


def test_report_keeps_the_published_kpi_order(frames):
    report = compute(frames.workers(frames.worker("a")), None, None, as_at=R)
    assert list(report.kpis) == [
        "inpost_fte", "inpost_headcount", "starters_fte", "starters_headcount", "leavers_fte",
        "leavers_headcount", "turnover_rate_fte", "turnover_rate_headcount", "agency_fte",
        "agency_headcount", "agency_rate_fte", "agency_rate_headcount", "vacancy_fte",
        "vacancy_rate_fte", "agency_cover_fte", "agency_cover_rate_fte",
        "vacancy_agency_cover_rate_fte", "cases", "case_holders_fte", "caseload_fte",
        "working_days_lost_fte", "absence_rate_fte",
    ]  # fmt: skip
    assert {r.method for r in report.kpis.values()} == {"dfe"}


def test_a_blank_cover_figure_is_set_aside_not_read_as_uncovered(frames):
    staff = frames.workers(frames.worker("a"))
    vacancies = frames.vacancies({"vacancy_fte": 2.0, "agency_cover_fte": 2.0},
                                 {"vacancy_fte": 8.0, "agency_cover_fte": None})
    rate = compute(staff, vacancies, None, as_at=R).kpis["vacancy_agency_cover_rate_fte"]
    # 2 covered of the 2 vacant FTE whose cover is known; the 8 with no figure are set aside.
    assert (rate.value, rate.numerator, rate.denominator) == (100.0, 2.0, 2.0)
    assert rate.set_aside == {"cover-missing": 1}
