"""Absent is null, never 0: every KPI of every method through empty, all-blank, unjoinable and
mis-dated inputs (docs/kpis.md, "Absent is null", "Snapshots" and "Joins").

The extract is small and worked by hand: ten permanent staff in post at R = 2025-09-30 (FTE 1,
five cases each, White British), two agency workers and one leaver. Each case takes one input
away and checks that exactly the KPIs which read it lose their value, each with a note, while
every other KPI keeps the value it has on the whole extract.
"""

from __future__ import annotations

import datetime as dt

import pytest
from frames import (
    R,
    absences,
    appraisals,
    supervision,
    training,
    vacancies,
    worker,
    workers,
)

from wfkpi.core.names import METHODS
from wfkpi.engine.report import compute, kpis_of

D = dt.date

STAFF = [f"{n:07d}" for n in range(100630, 100640)]  # payroll numbers with a leading zero

# Which KPIs read which optional table: each loses its value when the table is absent.
READS = {
    "vacancies": {"dfe:vacancy_fte", "dfe:vacancy_rate_fte", "dfe:agency_cover_fte",
                  "dfe:agency_cover_rate_fte", "dfe:vacancy_agency_cover_rate_fte",
                  "sfc:vacancy_rate"},
    "absences": {"dfe:working_days_lost_fte", "dfe:absence_rate_fte",
                 "sfc:sickness_days_per_worker", "lg:sickness_days_per_fte"},
    "training": {"lg:training_days_share", "lg:course_completion_share"},
    "appraisals": {"lg:appraisal_completion_rate", "lg:appraisals_completed",
                   "lg:development_plan_share"},
    "supervision": {"lg:supervision_coverage"},
}  # fmt: skip
# KPIs that have no value on the whole extract too, for reasons of their own.
NEVER = {"lg:course_completion_share",  # no course named
         "lg:interview_success_rate", "lg:internal_fill_rate",  # no recruitment table
         "lg:applications_per_campaign", "lg:progression_ratio",  # no internal starters
         "lg:ethnic_minority_share_managers"}  # no managers  # fmt: skip



def staff_rows(**fields):
    staff = {"cases": 5, "org_role": 5, "ethnicity": "White British", "disability": "No",
             "team": "Alpha"} | fields
    rows = [worker(i, **staff) for i in STAFF]
    rows += [worker(f"A{n}", employment_type="agency", **({"cases": 3, "org_role": 5} | fields))
             for n in range(2)]
    rows.append(worker("L1", end_date=D(2025, 3, 31), leaving_reason="resignation",
                       exit_interview=True, **fields))
    return rows


def tables(**changes):
    """The whole extract, with ``changes`` replacing tables (None takes one away)."""
    whole = {
        "workers": workers(*staff_rows()),
        "vacancies": vacancies({"vacancy_fte": 2.0, "agency_cover_fte": 1.0, "as_at": R}),
        "absences": absences(*({"worker_id": i, "start_date": D(2025, 3, 3),
                                "end_date": D(2025, 3, 4), "reason": "sickness"}
                               for i in STAFF)),
        "training": training(*({"worker_id": i, "date": D(2025, 1, 6), "days": 10.0,
                                "course": "Induction"} for i in STAFF)),
        "appraisals": appraisals(*({"worker_id": i, "due_date": D(2025, 4, 1),
                                    "completed_date": D(2025, 4, 1), "development_plan": True}
                                   for i in STAFF)),
        "supervision": supervision(*({"worker_id": i, "date": D(2025, 9, 1)} for i in STAFF)),
    }
    whole.update(changes)
    return whole


def every_kpi(given):
    """Every KPI of every method as ``method:id`` -> result."""
    found = {}
    for method in METHODS:
        report = compute(given["workers"], given["vacancies"], given["absences"], as_at=R,
                         method=method, records=given)
        found.update({f"{method}:{kpi_id}": r for kpi_id, r in report.kpis.items()})
    return found


WHOLE = None


def whole():
    global WHOLE
    if WHOLE is None:
        WHOLE = every_kpi(tables())
    return WHOLE


def test_the_whole_extract_has_every_figure_it_can():
    found = whole()
    assert set(found) == {f"{m}:{k.id}" for m in METHODS for k in kpis_of(m)}
    assert {key for key, r in found.items() if r.value is None} == NEVER
    assert found["dfe:vacancy_rate_fte"].value == pytest.approx(2 / 12 * 100)
    assert found["dfe:working_days_lost_fte"].value == 20  # ten people, Mon 3 and Tue 4 March
    assert found["lg:training_days_share"].value == 100


def check_only(found, lost: set[str], note: str | None = None):
    """Exactly the KPIs in ``lost`` (and NEVER) have no value, each with a note (``note`` when
    given); every other KPI has the value it has on the whole extract."""
    assert set(found) == set(whole())
    for key, result in found.items():
        if key in lost or key in NEVER:
            assert result.value is None, (key, result)
            assert result.note, (key, result)
            if note is not None and key in lost:
                assert note in result.note, (key, result.note)
        else:
            assert result.value == pytest.approx(whole()[key].value), (key, result)


@pytest.mark.parametrize("table", sorted(READS))
def test_without_a_table_the_kpis_that_read_it_have_no_value(table):
    check_only(every_kpi(tables(**{table: None})), READS[table], f"no {table}")


@pytest.mark.parametrize("table", sorted(READS))
def test_a_table_with_no_rows_gives_no_value_not_0(table):
    empty = tables()[table].iloc[0:0]
    check_only(every_kpi(tables(**{table: empty})), READS[table], f"the {table} table has no rows")


@pytest.mark.parametrize("table", sorted(set(READS) - {"vacancies"}))
def test_ids_that_do_not_join_give_no_value_not_0(table):
    # the same rows under the ids another system writes without the leading zero: 0 of 10 join
    frame = tables()[table].copy()
    frame["worker_id"] = frame["worker_id"].str.lstrip("0")
    found = every_kpi(tables(**{table: frame}))
    check_only(found, READS[table],
               f"{table}: 0 of 10 rows name a worker in the workers table (at least 90% must)")


@pytest.mark.parametrize("strangers, joins", [(1, True), (2, False)])
def test_a_table_joins_when_90_percent_of_its_rows_name_a_worker(strangers, joins):
    # 10 rows, of which 1 (90% join) or 2 (80%) name nobody
    rows = tables()["absences"].copy()
    rows.loc[: strangers - 1, "worker_id"] = "nobody"
    lost = every_kpi(tables(absences=rows))["dfe:working_days_lost_fte"]
    if joins:
        assert lost.value == 2 * (10 - strangers)
        assert lost.set_aside == {"absence-unknown-worker": strangers}
    else:
        assert lost.value is None
        assert lost.note.startswith("absences: 8 of 10 rows name a worker")


FTE_FIGURES = {"dfe:inpost_fte", "dfe:starters_fte", "dfe:leavers_fte", "dfe:agency_fte",
               "dfe:case_holders_fte", "dfe:turnover_rate_fte", "dfe:agency_rate_fte",
               "dfe:vacancy_rate_fte", "dfe:agency_cover_rate_fte", "dfe:caseload_fte",
               "dfe:absence_rate_fte", "lg:sickness_days_per_fte",
               "dfe:working_days_lost_fte",  # FTE days: no post has an FTE
               "sfc:vacancy_rate"}  # vacancy_basis fte: vacancy FTE over staff FTE  # fmt: skip


def test_with_no_fte_anywhere_every_fte_figure_has_no_value():
    # starters_fte selects no record: with FTE elsewhere it would be a true 0, here it is absent
    found = every_kpi(tables(workers=workers(*staff_rows(fte=None))))
    check_only(found, FTE_FIGURES)
    assert found["dfe:inpost_fte"].note == "none of the 10 records has an FTE figure"
    assert found["dfe:starters_fte"].note == "no worker record has an FTE figure"
    assert found["dfe:inpost_fte"].set_aside == {"fte-missing": 10}


def test_no_agency_worker_is_a_true_0_where_records_have_fte():
    direct_only = [w for w in staff_rows() if w["employment_type"] != "agency"]
    found = every_kpi(tables(workers=workers(*direct_only)))
    assert found["dfe:agency_fte"].value == 0
    assert found["dfe:agency_rate_fte"].value == 0


def test_all_blank_figures_give_no_value():
    found = every_kpi(tables(workers=workers(*staff_rows(cases=None)),
                             vacancies=vacancies({"vacancy_fte": 2.0, "agency_cover_fte": None,
                                                  "as_at": R})))
    for key in ("dfe:cases", "dfe:caseload_fte", "dfe:agency_cover_fte",
                "dfe:agency_cover_rate_fte", "dfe:vacancy_agency_cover_rate_fte"):
        assert found[key].value is None and found[key].note, key
    assert found["dfe:vacancy_fte"].value == 2


# ----------------------------------------------------------------------------- snapshots

VACANCY_FIGURES = READS["vacancies"]


def snapshot(*days):
    return vacancies(*({"vacancy_fte": 2.0, "agency_cover_fte": 1.0, "as_at": day}
                       for day in days))


def test_a_snapshot_dated_a_day_late_gives_no_vacancy_figure_not_0():
    # the quirk: a return dated 1 October for 30 September used to give 0.0% vacancies
    found = every_kpi(tables(vacancies=snapshot(D(2025, 10, 1))))
    check_only(found, VACANCY_FIGURES, "no vacancy snapshot dated on or before 30 Sep 2025")
    assert "the nearest are dated 01 Oct 2025" in found["dfe:vacancy_fte"].note
    assert found["dfe:vacancy_fte"].set_aside == {"vacancy-other-date": 1}


def test_the_latest_snapshot_within_a_month_before_r_is_used_and_dated():
    found = every_kpi(tables(vacancies=snapshot(D(2025, 9, 26), D(2025, 9, 29), D(2025, 10, 1))))
    rate = found["dfe:vacancy_rate_fte"]
    assert rate.value == pytest.approx(2 / 12 * 100)  # one snapshot's 2 FTE, not three
    assert rate.as_of == D(2025, 9, 29)
    assert found["dfe:vacancy_fte"].set_aside == {"vacancy-other-date": 2}
    assert found["dfe:inpost_fte"].as_of is None  # a worker figure is at R
    assert rate.to_dict()["as_of"] == "2025-09-29"


def test_a_snapshot_at_r_is_not_dated_again():
    found = every_kpi(tables(vacancies=snapshot(R, D(2025, 9, 29))))
    assert found["dfe:vacancy_fte"].value == 2
    assert found["dfe:vacancy_fte"].as_of is None


@pytest.mark.parametrize("days, used", [(31, False), (32, True)])
def test_snapshot_days_sets_the_reach(days, used):
    # 30 Sep - 32 days = 29 Aug: inside a reach of 32 days, outside the default 31
    given = tables(vacancies=snapshot(D(2025, 8, 29)))
    report = compute(given["workers"], given["vacancies"], None, as_at=R,
                     params={"snapshot_days": days})
    assert (report.kpis["vacancy_fte"].value == 2) is used
    assert report.params["snapshot_days"] == days


def test_undated_rows_describe_r_beside_a_snapshot():
    rows = vacancies({"vacancy_fte": 1.0, "as_at": None}, {"vacancy_fte": 2.0, "as_at": R},
                     {"vacancy_fte": 4.0, "as_at": D(2025, 8, 31)})
    assert every_kpi(tables(vacancies=rows))["dfe:vacancy_fte"].value == 3


def test_a_leap_day_reference_date_finds_last_years_28_february():
    # R = 29 Feb 2024: a return dated 28 Feb 2024 is a day early, within reach
    report = compute(workers(*staff_rows()), snapshot(D(2024, 2, 28)), None,
                     as_at=D(2024, 2, 29))
    assert report.kpis["vacancy_fte"].value == 2
    assert report.kpis["vacancy_fte"].as_of == D(2024, 2, 28)


def test_a_breakdown_group_takes_the_whole_extracts_snapshot():
    staff = workers(*staff_rows())
    rows = vacancies({"vacancy_fte": 2.0, "as_at": D(2025, 9, 29), "team": "Alpha"},
                     {"vacancy_fte": 5.0, "as_at": D(2025, 9, 20), "team": "Alpha"})
    report = compute(staff, rows, None, as_at=R, by="team")
    alpha = report.groups[0].kpis["vacancy_fte"]
    assert alpha.value == 2 and alpha.as_of == D(2025, 9, 29)
