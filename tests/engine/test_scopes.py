from __future__ import annotations

import datetime as dt

import pytest

from wfkpi.core.errors import ScopeError
from wfkpi.engine.report import Shared, compute
from wfkpi.engine.scope_mask import apply_scope
from wfkpi.engine.scopes import (
    default_scopes_path,
    load_scopes,
    read_scopes_file,
    resolve_scope_name,
)

R = dt.date(2025, 9, 30)


def test_default_scopes():
    scopes = load_scopes()
    assert scopes["team_manager_and_below"].where == {"org_role": (3, 4, 5, 6)}
    assert scopes["qualified_social_workers"].where == {"qualified_social_worker": (True,)}
    assert scopes["case_holders"].where == {"org_role": (5,)}
    assert scopes["example_front_door"].where["team"][0] == "MASH"
    assert default_scopes_path().name == "scopes.yaml"


@pytest.fixture
def staff(frames):
    w = frames.worker
    return frames.workers(
        w("m", org_role=2, qualified_social_worker=True, team="Leadership"),
        w("f", org_role=3, qualified_social_worker=True, team=" assessment "),
        w("s", org_role=5, qualified_social_worker=True, team="MASH"),
        w("u", org_role=None, qualified_social_worker=None, team="MASH"),
        w("q", org_role=6, qualified_social_worker=False, team=None),
    )


def ids(frame):
    return frame["worker_id"].tolist()


def test_apply_scope_filters_workers(staff):
    scopes = load_scopes()
    assert ids(apply_scope(staff, scopes["team_manager_and_below"])) == ["f", "s", "q"]
    assert ids(apply_scope(staff, scopes["qualified_social_workers"])) == ["m", "f", "s"]
    assert ids(apply_scope(staff, scopes["case_holders"])) == ["s"]
    # text matches ignoring case and surrounding spaces; a blank never matches
    assert ids(apply_scope(staff, scopes["example_front_door"])) == ["f", "s", "u"]


def test_a_scope_on_a_column_the_workers_lack_is_an_error(frames):
    staff = frames.workers(frames.worker("a"))
    with pytest.raises(ScopeError, match="'case_holders' filters on 'org_role'"):
        compute(staff, None, None, as_at=R, scope="case_holders")


def test_compute_with_a_scope_filters_vacancies_and_absences(frames, staff):
    vacancies = frames.vacancies(
        {"vacancy_fte": 2.0, "team": "MASH"}, {"vacancy_fte": 3.0, "team": "Leadership"}
    )
    absences = frames.absences(
        {"worker_id": "s", "start_date": dt.date(2025, 1, 6), "end_date": dt.date(2025, 1, 6),
         "reason": "sickness"},
        {"worker_id": "m", "start_date": dt.date(2025, 1, 6), "end_date": dt.date(2025, 1, 10),
         "reason": "sickness"},
    )  # fmt: skip
    report = compute(staff, vacancies, absences, as_at=R, scope="example_front_door")
    assert report.scope == "example_front_door"
    assert report.kpis["inpost_headcount"].value == 3
    assert report.kpis["vacancy_fte"].value == 2.0
    lost = report.kpis["working_days_lost_fte"]
    assert lost.value == 1  # m's spell stays with m, outside the scope, and is not set aside
    assert lost.set_aside == {}
    assert report.data_quality["engine"]["notes"] == []


def test_rows_naming_no_worker_follow_every_scope_and_are_set_aside(frames, staff):
    days = [dt.date(2025, 1, d) for d in (6, 7, 8, 9, 10, 13, 14, 15, 16, 17)]  # weekdays
    absences = frames.absences(
        *({"worker_id": "s", "start_date": d, "end_date": d, "reason": "sickness"} for d in days),
        {"worker_id": "nobody", "start_date": dt.date(2025, 1, 6),
         "end_date": dt.date(2025, 1, 7), "reason": "sickness"},
        {"worker_id": "q", "start_date": dt.date(2025, 1, 6), "end_date": dt.date(2025, 1, 8),
         "reason": "sickness"},
    )  # fmt: skip
    everyone = compute(staff, None, absences, as_at=R)
    front_door = compute(staff, None, absences, as_at=R, scope="example_front_door")
    assert front_door.kpis["working_days_lost_fte"].value == 10  # s only: q is outside
    assert everyone.kpis["working_days_lost_fte"].value == 13  # s and q
    # the spell of no known worker is in both, and set aside in both
    assert front_door.kpis["working_days_lost_fte"].set_aside == \
        everyone.kpis["working_days_lost_fte"].set_aside != {}


def test_reports_sharing_their_populations_equal_reports_computed_alone(frames, staff):
    vacancies = frames.vacancies(
        {"vacancy_fte": 2.0, "team": "MASH"}, {"vacancy_fte": 3.0, "team": "Leadership"}
    )
    absences = frames.absences(
        {"worker_id": "s", "start_date": dt.date(2025, 1, 6), "end_date": dt.date(2025, 1, 9),
         "reason": "sickness"},
    )  # fmt: skip
    shared = Shared()
    asked = [("dfe", None, R), ("lg", None, R), ("dfe", "case_holders", R),
             ("sfc", "case_holders", R), ("dfe", None, dt.date(2024, 9, 30)),
             ("lg", "example_front_door", R)]
    for method, scope, day in asked:
        alone = compute(staff, vacancies, absences, as_at=day, method=method, scope=scope)
        together = compute(staff, vacancies, absences, as_at=day, method=method, scope=scope,
                           shared=shared)
        assert together == alone, (method, scope, day)
    # one population per scope and date, whatever the method; one set of tables per scope
    assert len(shared.populations) == 4
    assert len(shared.scoped) == 3


def test_a_shared_is_for_one_extract(frames, staff):
    shared = Shared()
    compute(staff, None, None, as_at=R, shared=shared)
    with pytest.raises(AssertionError, match="one extract"):
        compute(staff.copy(), None, None, as_at=R, shared=shared)


def test_vacancies_without_the_scope_column_are_kept_and_said_so(frames, staff):
    vacancies = frames.vacancies({"vacancy_fte": 2.0, "team": "MASH"})
    report = compute(staff, vacancies, None, as_at=R, scope="case_holders")
    assert report.kpis["inpost_headcount"].value == 1
    assert report.kpis["vacancy_fte"].value == 2.0
    assert report.data_quality["engine"]["notes"] == [
        "vacancies are not limited by org_role (the vacancies table has no such column)"
    ]


def test_unknown_scope_name(frames):
    with pytest.raises(ScopeError, match="unknown scope 'nope'"):
        compute(frames.workers(frames.worker("a")), None, None, as_at=R, scope="nope")


def write(tmp_path, text):
    path = tmp_path / "scopes.yaml"
    path.write_text(text, encoding="utf-8")
    return path


def test_a_user_file_adds_and_replaces_scopes(tmp_path):
    path = write(
        tmp_path,
        """
scopes:
  case_holders:
    label: Case holders and senior practitioners
    where: {org_role: [4, 5]}
  permanent_front_door:
    where:
      employment_type: Permanent
      team: [Duty, MASH]
      grade: 7
""",
    )
    scopes = load_scopes(path)
    assert scopes["case_holders"].where == {"org_role": (4, 5)}
    assert scopes["case_holders"].label == "Case holders and senior practitioners"
    assert scopes["permanent_front_door"].where == {
        "employment_type": ("permanent",),
        "team": ("Duty", "MASH"),
        "grade": ("7",),
    }
    assert "team_manager_and_below" in scopes


@pytest.mark.parametrize(
    ("text", "message"),
    [
        ("scopes:\n  x:\n    where: {salary: 3}\n", "scopes.x.where: unknown column 'salary'"),
        ("scopes:\n  x:\n    where: {org_role: three}\n", "org_role: expected a whole number"),
        ("scopes:\n  x:\n    where: {org_role: 9}\n", "org_role: 9 is outside 1–6"),
        (
            "scopes:\n  x:\n    where: {qualified_social_worker: maybe}\n",
            "qualified_social_worker: expected true or false",
        ),
        (
            "scopes:\n  x:\n    where: {employment_type: staff}\n",
            "employment_type: expected one of",
        ),
        ("scopes:\n  x:\n    wher: {org_role: 5}\n", "scopes.x.wher: Extra inputs"),
        ("scopes:\n  x:\n    where: {}\n", "scopes.x.where: expected at least one condition"),
        ("scopes:\n  x:\n    where: {worker_id: abc}\n", "unknown column 'worker_id'"),
        ("scopes: [\n", "not valid YAML at line 2"),
        ("- 1\n", "file: Input should be"),
    ],
)
def test_bad_scope_files_name_the_key(tmp_path, text, message):
    path = write(tmp_path, text)
    with pytest.raises(ScopeError) as caught:
        read_scopes_file(path)
    assert str(caught.value).startswith(str(path))
    assert message in str(caught.value)


def test_a_scopes_file_gets_the_guards_of_every_configuration_file(tmp_path):
    """A few lines of aliases that would expand to a billion values are refused unexpanded."""
    laughs = ["a: &a [x, x, x, x, x, x, x, x, x, x]"]
    laughs += [f"{b}: &{b} [*{a}, *{a}, *{a}, *{a}, *{a}, *{a}, *{a}, *{a}, *{a}, *{a}]"
               for a, b in zip("abcdefgh", "bcdefghi", strict=True)]
    path = write(tmp_path, "\n".join(laughs) + "\nscopes: {}\n")
    with pytest.raises(ScopeError, match="values"):
        read_scopes_file(path)


def test_a_missing_scope_file(tmp_path):
    with pytest.raises(ScopeError, match="no such scopes file"):
        load_scopes(tmp_path / "missing.yaml")


def test_resolve_scope_name_looks_in_the_user_file_too(tmp_path):
    path = write(tmp_path, "scopes:\n  seniors:\n    where: {org_role: 4}\n")
    assert resolve_scope_name("seniors", path).where == {"org_role": (4,)}
    assert resolve_scope_name("case_holders").name == "case_holders"
    with pytest.raises(ScopeError, match="unknown scope 'seniors'"):
        resolve_scope_name("seniors")
