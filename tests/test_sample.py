"""The synthetic extract generator: seeded, byte-stable, valid, and shaped like each council."""

from __future__ import annotations

import datetime as dt
import hashlib
import itertools
from collections.abc import Callable
from dataclasses import dataclass
from pathlib import Path

import pandas as pd
import pytest

from wfkpi import sample
from wfkpi.cli import run
from wfkpi.cli import sample as sample_command
from wfkpi.engine.report import compute
from wfkpi.read import load_extract

ROOT = Path(__file__).parents[1]
SAMPLE_DATA = ROOT / "sample_data"
AS_AT = dt.date(2025, 9, 30)
LAST_YEAR = dt.date(2024, 9, 30)

# (method, kpi) -> (low, high) at 2025-09-30, from each council's strategy (see sample.PROFILES).
SHAPES: dict[str, dict[tuple[str, str], tuple[float, float]]] = {
    "lambeth_childrens": {
        ("dfe", "agency_share_headcount"): (170 / 480 * 100 - 3, 170 / 480 * 100 + 3),
        ("dfe", "caseload_fte"): (15, 17),
        ("dfe", "turnover_rate_fte"): (17, 23),
    },
    "cambridgeshire": {
        ("dfe", "agency_rate_fte"): (35, 45),
        ("dfe", "vacancy_rate_fte"): (21, 31),
        ("dfe", "turnover_rate_fte"): (8, 16),
    },
    "peterborough": {
        ("dfe", "agency_rate_fte"): (3, 9),
        ("dfe", "vacancy_rate_fte"): (6, 12),
        ("dfe", "turnover_rate_fte"): (6, 14),
    },
    "camden_childrens": {
        ("dfe", "agency_rate_fte"): (17, 23),
        ("dfe", "turnover_rate_fte"): (15, 23),
    },
    "camden_asc": {
        ("sfc", "sickness_days_per_worker"): (8.5, 10.5),
        ("sfc", "turnover_rate_headcount"): (12, 18),
        ("sfc", "vacancy_rate"): (9, 15),
    },
}


def _digest(folder: Path) -> dict[str, str]:
    return {p.name: hashlib.sha256(p.read_bytes()).hexdigest() for p in sorted(folder.iterdir())}


def _kpis(tables: dict[str, pd.DataFrame], method: str, day: dt.date) -> dict[str, float]:
    report = compute(tables["workers"], tables.get("vacancies"), tables.get("absences"),
                            as_at=day, method=method)
    values = {k: r.value for k, r in report.kpis.items()}
    if method == "dfe":
        agency, inpost = values["agency_headcount"], values["inpost_headcount"]
        values["agency_share_headcount"] = agency / (agency + inpost) * 100
    return values


# ----------------------------------------------------------------------- byte-stable output

def test_same_seed_same_bytes_other_seed_other_data(tmp_path: Path) -> None:
    sample.write(tmp_path / "a", sample.generate(council="peterborough", seed=1))
    sample.write(tmp_path / "b", sample.generate(council="peterborough", seed=1))
    sample.write(tmp_path / "c", sample.generate(council="peterborough", seed=2))
    assert _digest(tmp_path / "a") == _digest(tmp_path / "b")
    assert _digest(tmp_path / "a") != _digest(tmp_path / "c")
    data = (tmp_path / "a" / "workers.csv").read_bytes()
    assert b"\r" not in data
    assert data.startswith(b"worker_id,employment_type,fte,start_date,end_date,leaving_reason,"
                           b"role,org_role,qualified_social_worker,team,service,grade,cases,"
                           b"start_origin,ethnicity,disability,exit_interview\n")
    assert (tmp_path / "a" / "training.csv").read_bytes().startswith(
        b"worker_id,date,days,hours,course\n")
    assert (tmp_path / "a" / "appraisals.csv").read_bytes().startswith(
        b"worker_id,due_date,completed_date,development_plan\n")
    assert (tmp_path / "a" / "recruitment.csv").read_bytes().startswith(
        b"vacancy_id,advertised_date,role,team,service,applications,shortlisted,interviewed,"
        b"offers,hires,internal_hires\n")


@pytest.mark.parametrize("council", sorted(sample.PROFILES))
def test_the_bundled_sample_is_the_generators_output(council: str, tmp_path: Path) -> None:
    (day, tables), = sample.extracts(council, months=1, seed=1).items()
    assert day == AS_AT
    sample.write(tmp_path, tables)
    assert _digest(tmp_path) == _digest(SAMPLE_DATA / council)


def test_the_bundled_sample_is_per_council() -> None:
    assert not list(SAMPLE_DATA.glob("*.csv"))
    assert {p.name for p in SAMPLE_DATA.iterdir() if p.is_dir()} == set(sample.PROFILES)
    assert "synthetic" in (SAMPLE_DATA / "README.md").read_text(encoding="utf-8")


def test_generate_gives_the_exact_number_of_worker_rows_asked_for(tmp_path: Path) -> None:
    sample.write(tmp_path, sample.generate(2000, seed=3))
    extract = load_extract(tmp_path)
    assert extract.valid
    assert {i.code for i in extract.issues} <= {"blank-value"}  # the few unknown FTEs
    assert len(extract.tables["workers"]) == 2000
    for council in sample.PROFILES:
        assert len(sample.generate(137, council=council, seed=5)["workers"]) == 137


# ------------------------------------------------------------- each council's bundled sample

@pytest.fixture(scope="module")
def bundled() -> Callable[[str], object]:
    cache: dict[str, object] = {}

    def load(council: str) -> object:
        if council not in cache:
            cache[council] = load_extract(SAMPLE_DATA / council)
        return cache[council]

    return load


@pytest.mark.parametrize("council", sorted(sample.PROFILES))
def test_every_council_sample_is_valid_and_every_row_loads(council: str, bundled) -> None:
    extract = bundled(council)
    assert extract.valid
    assert {i.code for i in extract.issues} <= {"blank-value"}
    for source in extract.sources:
        assert source.set_aside == 0
    workers = extract.tables["workers"]
    assert workers["org_role"].between(1, 6).all()
    assert workers["qualified_social_worker"].notna().all()


@pytest.mark.parametrize("council", sorted(SHAPES))
def test_every_council_sample_has_its_councils_shape(council: str, bundled) -> None:
    tables = bundled(council).tables
    for method in {m for m, _ in SHAPES[council]}:
        values = _kpis(tables, method, AS_AT)
        for (m, kpi), (low, high) in SHAPES[council].items():
            if m == method:
                assert low <= values[kpi] <= high, (council, method, kpi, values[kpi])


@pytest.mark.parametrize("council", sorted(sample.PROFILES))
def test_two_years_of_history_give_a_different_last_year(council: str, bundled) -> None:
    tables = bundled(council).tables
    workers = tables["workers"]
    opened = pd.Timestamp(AS_AT) - pd.DateOffset(years=2) + pd.Timedelta(days=1)
    assert (workers["start_date"] <= pd.Timestamp(AS_AT)).all()
    assert (workers["end_date"].isna() | (workers["end_date"] >= opened)).all()
    assert (workers["end_date"] < pd.Timestamp(LAST_YEAR)).any()  # last year's leavers
    assert set(tables["vacancies"]["as_at"]) == {pd.Timestamp(AS_AT), pd.Timestamp(LAST_YEAR)}
    method = "sfc" if council == "camden_asc" else "dfe"
    now, before = _kpis(tables, method, AS_AT), _kpis(tables, method, LAST_YEAR)
    for kpi in ("turnover_rate_fte", "agency_rate_fte", "vacancy_rate_fte") if method == "dfe" \
            else ("turnover_rate_headcount", "vacancy_rate", "sickness_days_per_worker"):
        assert now[kpi] is not None and before[kpi] is not None
        assert abs(now[kpi] - before[kpi]) > 0.5, (council, kpi, now[kpi], before[kpi])


def test_camden_adult_social_care_is_mostly_not_social_workers(bundled) -> None:
    workers = bundled("camden_asc").tables["workers"]
    assert workers["qualified_social_worker"].mean() < 0.4
    assert {"Care Worker", "Occupational Therapist", "Social Worker"} <= set(workers["role"])
    children = bundled("lambeth_childrens").tables["workers"]
    assert children["qualified_social_worker"].mean() > 0.9


# ------------------------------------- equality data, training, appraisals and recruitment
# Figures computed here by hand from the CSV text, independently of wfkpi's engine.

DIRECT = {"permanent", "fixed_term", "temporary"}
WHITE = {"White British", "White Irish", "Any other White background"}
NOT_KNOWN = {"", "Prefer not to say"}
ETHNICITIES = WHITE | NOT_KNOWN | {label for label, _ in sample.MINORITY}
FUNNEL = ["applications", "shortlisted", "interviewed", "offers", "hires", "internal_hires"]


def _csv(folder: Path, table: str) -> pd.DataFrame:
    return pd.read_csv(folder / f"{table}.csv", dtype=str, keep_default_na=False)


def _in_post(workers: pd.DataFrame, day: str = AS_AT.isoformat()) -> pd.DataFrame:
    """Directly employed spells in post at ``day``."""
    direct = workers[workers["employment_type"].isin(DIRECT)]
    return direct[(direct["start_date"] <= day)
                  & ((direct["end_date"] == "") | (direct["end_date"] > day))]


def _training_days(folder: Path) -> pd.Series:
    """Days of training in the 12 months to the reference date of each directly employed
    person in post (hours at 7.4 a day)."""
    training = _csv(folder, "training")
    year = training[(training["date"] > LAST_YEAR.isoformat())
                    & (training["date"] <= AS_AT.isoformat())]
    days = pd.to_numeric(year["days"]).fillna(pd.to_numeric(year["hours"]) / 7.4)
    people = _in_post(_csv(folder, "workers"))["worker_id"].unique()
    return days.groupby(year["worker_id"]).sum().reindex(people, fill_value=0.0)


def _years(frame: pd.DataFrame, column: str) -> dict[str, pd.DataFrame]:
    """Rows whose ``column`` falls in the year to the reference date, and in the year before."""
    before = (LAST_YEAR - dt.timedelta(days=365)).isoformat()
    return {"last": frame[(frame[column] > before) & (frame[column] <= LAST_YEAR.isoformat())],
            "this": frame[(frame[column] > LAST_YEAR.isoformat())
                          & (frame[column] <= AS_AT.isoformat())]}


def test_lambeth_training_appraisals_and_recruitment_meet_its_strategys_shape() -> None:
    folder = SAMPLE_DATA / "lambeth_childrens"
    days = _training_days(folder)
    assert 0.75 <= (days >= 10).mean() <= 0.82  # "80% ... a minimum of 10 days training"
    training = _csv(folder, "training")
    people = _in_post(_csv(folder, "workers"))["worker_id"].unique()
    course = training.loc[training["course"] == sample.PRACTICE_COURSE, "worker_id"]
    assert 0.65 <= pd.Series(people).isin(course).mean() <= 0.75
    assert (training["course"] == sample.PRACTICE_COURSE).sum() == course.nunique()  # once
    hours = training["hours"] != ""
    assert 0.10 <= hours.mean() <= 0.20
    assert (training.loc[hours, "days"] == "").all()
    assert set(training.loc[hours, "hours"]) <= {"3.5", "7", "7.4", "14"}
    assert set(training.loc[~hours, "days"]) <= {"0.5", "1", "2", "3", "5"}

    appraisals = _years(_csv(folder, "appraisals"), "due_date")
    done = {year: (rows["completed_date"] != "").mean() for year, rows in appraisals.items()}
    assert 0.65 <= done["last"] <= 0.75 and 0.80 <= done["this"] <= 0.90
    counts = {year: (rows["completed_date"] != "").sum() for year, rows in appraisals.items()}
    assert counts["this"] >= 1.15 * counts["last"]  # "15% increase in ... completed appraisal"

    campaigns = _csv(folder, "recruitment")
    campaigns[FUNNEL] = campaigns[FUNNEL].astype(int)
    years = _years(campaigns, "advertised_date")
    success = {y: c["offers"].sum() / c["interviewed"].sum() for y, c in years.items()}
    assert all(0.30 <= s <= 0.40 for s in success.values())
    assert abs(success["this"] / success["last"] - 1) <= 0.10  # within ±15% of last year
    internal = {y: c["internal_hires"].sum() / c["hires"].sum() for y, c in years.items()}
    assert all(0.30 <= s <= 0.35 for s in internal.values())


def test_camden_staff_have_their_protected_learning_days() -> None:
    assert 0.85 <= (_training_days(SAMPLE_DATA / "camden_childrens") >= 5).mean() <= 0.95


def test_lambeth_recruits_its_asye_cohort() -> None:
    workers = _csv(SAMPLE_DATA / "lambeth_childrens", "workers")
    direct = workers[workers["employment_type"].isin(DIRECT)]
    starters = direct[(direct["start_date"] > LAST_YEAR.isoformat())
                      & (direct["start_date"] <= AS_AT.isoformat())]
    assert 15 <= (starters["role"] == "ASYE Social Worker").sum() <= 20


@pytest.mark.parametrize("council", ["lambeth_childrens", "cambridgeshire",
                                     "camden_childrens", "camden_asc"])
def test_some_agency_workers_are_made_permanent(council: str) -> None:
    workers = _csv(SAMPLE_DATA / council, "workers")
    direct = workers[workers["employment_type"].isin(DIRECT)]
    agency = workers[workers["employment_type"].isin({"agency", "self_employed"})]
    pairs = direct.merge(agency, on="worker_id", suffixes=("", "_agency"))
    pairs = pairs[(pairs["end_date_agency"] != "")
                  & (pairs["end_date_agency"] < pairs["start_date"])]
    gap = pd.to_datetime(pairs["start_date"]) - pd.to_datetime(pairs["end_date_agency"])
    assert gap.between(pd.Timedelta(days=1), pd.Timedelta(days=30)).all()
    assert (pairs["start_origin"] == "agency").all()
    assert (pairs["role"] == pairs["role_agency"]).all()
    starters = (direct["start_date"] > (AS_AT - dt.timedelta(days=730)).isoformat()).sum()
    assert 0.05 <= pairs["worker_id"].nunique() / starters <= 0.10


@pytest.mark.parametrize("council", sorted(sample.PROFILES))
def test_equality_data_is_per_person_and_shaped_like_the_local_population(council: str) -> None:
    workers = _csv(SAMPLE_DATA / council, "workers")
    assert set(workers["ethnicity"]) <= ETHNICITIES
    assert set(workers["disability"]) <= {"Yes", "No", "Prefer not to say", ""}
    per_person = workers.groupby("worker_id")[["ethnicity", "disability"]].nunique()
    assert (per_person <= 1).all().all()
    in_post = _in_post(workers).drop_duplicates("worker_id")
    known = in_post[~in_post["ethnicity"].isin(NOT_KNOWN)]
    minority = ~known["ethnicity"].isin(WHITE)
    share = sample.PROFILES[council].minority
    assert abs(minority.mean() - share) <= 0.06, (council, minority.mean())
    managers = known["org_role"].astype(int) <= 3
    assert minority[managers].mean() < minority[~managers].mean()  # less diverse higher up
    assert 0.80 <= ((in_post["ethnicity"] != "") & (in_post["disability"] != "")).mean() < 1


@pytest.mark.parametrize("council", sorted(sample.PROFILES))
def test_exit_interviews_are_for_directly_employed_leavers_only(council: str) -> None:
    workers = _csv(SAMPLE_DATA / council, "workers")
    asked = workers["exit_interview"] != ""
    assert set(workers["exit_interview"]) == {"yes", "no", ""}
    assert workers.loc[asked, "employment_type"].isin(DIRECT).all()
    assert (workers.loc[asked, "end_date"] != "").all()
    assert (workers.loc[asked, "leaving_reason"] != "internal_move").all()
    if council in ("lambeth_childrens", "camden_asc"):  # enough leavers for a share
        leavers = workers[workers["employment_type"].isin(DIRECT) & (workers["end_date"] != "")
                          & (workers["leaving_reason"] != "internal_move")]
        held = {y: (rows["exit_interview"] == "yes").mean()
                for y, rows in _years(leavers, "end_date").items()}
        assert 0.5 <= held["last"] < held["this"] <= 0.75


@pytest.mark.parametrize("council", ["cambridgeshire", "peterborough"])
def test_most_staff_have_stayed_in_their_team_for_three_years(council: str) -> None:
    workers = _csv(SAMPLE_DATA / council, "workers")
    # A person's spells in one team run together when one starts the day after the last ends.
    spells = workers.assign(start=pd.to_datetime(workers["start_date"]),
                            end=pd.to_datetime(workers["end_date"].replace("", None)))
    spells = spells.sort_values(["worker_id", "team", "start"])
    same = (spells["worker_id"] == spells["worker_id"].shift()) \
        & (spells["team"] == spells["team"].shift())
    joined = same & (spells["start"] == spells["end"].shift() + pd.Timedelta(days=1))
    spells["in_team_since"] = spells["start"].where(~joined).ffill()
    in_post = _in_post(spells)
    stayed = in_post["in_team_since"] <= pd.Timestamp(AS_AT) - pd.DateOffset(months=36)
    assert 0.5 < stayed.mean() < 0.8


def _check_funnel(campaigns: pd.DataFrame) -> None:
    stages = campaigns[FUNNEL].astype(int)
    for before, after in zip(FUNNEL, FUNNEL[1:], strict=False):
        assert (stages[before] >= stages[after]).all(), (before, after)
    assert (stages >= 0).all().all()
    assert campaigns["vacancy_id"].str.fullmatch(r"REQ-\d{5}").all()
    assert campaigns["vacancy_id"].is_unique


@pytest.mark.parametrize("council", sorted(sample.PROFILES))
def test_recruitment_campaigns_keep_the_funnel_order(council: str) -> None:
    folder = SAMPLE_DATA / council
    campaigns = _csv(folder, "recruitment")
    _check_funnel(campaigns)
    assert (campaigns["advertised_date"] <= AS_AT.isoformat()).all()
    hires = _years(campaigns, "advertised_date")["this"]["hires"].astype(int).sum()
    workers = _csv(folder, "workers")
    direct = workers[workers["employment_type"].isin(DIRECT)]
    starters = ((direct["start_date"] > LAST_YEAR.isoformat())
                & (direct["start_date"] <= AS_AT.isoformat())).sum()
    assert 0.6 * starters <= hires <= 1.2 * starters + 2


@pytest.mark.parametrize("council", sorted(sample.PROFILES))
def test_most_staff_had_supervision_in_the_last_six_weeks(council: str) -> None:
    """Sessions about a month apart, lapsing for some: 80-100% of directly employed staff in
    post at the reference date had one in the six weeks to it; never two of a kind a day."""
    folder = SAMPLE_DATA / council
    sessions = _csv(folder, "supervision")
    assert not sessions.duplicated().any()
    assert set(sessions["kind"]) == {"one-to-one", "group"}
    workers = _csv(folder, "workers")
    staff = workers[workers["employment_type"].isin(DIRECT) & (workers["end_date"] == "")]
    recent = sessions[sessions["date"] > (AS_AT - dt.timedelta(days=42)).isoformat()]
    share = staff["worker_id"].drop_duplicates().isin(recent["worker_id"]).mean()
    assert 0.8 <= share <= 1.0, share


@pytest.fixture(scope="module")
def thirteen_months() -> dict[str, dict[dt.date, dict[str, pd.DataFrame]]]:
    return {council: sample.extracts(council, months=13, seed=1)
            for council in ("lambeth_childrens", "camden_asc")}


@pytest.mark.parametrize("council", ["lambeth_childrens", "camden_asc"])
def test_each_month_knows_nothing_after_its_month_end(council: str, thirteen_months) -> None:
    runs = thirteen_months[council]
    assert len(runs) == 13
    seen: dict[str, pd.Series] = {}
    for day, tables in runs.items():
        end = day.isoformat()
        assert not (tables["training"]["date"] > end).any()
        assert not (tables["supervision"]["date"] > end).any()
        appraisals = tables["appraisals"]
        assert not (appraisals["completed_date"] > end).any()
        blank = appraisals["completed_date"] == ""
        assert (blank == (appraisals["development_plan"] == "")).all()
        assert not (appraisals["due_date"] > (day + dt.timedelta(days=61)).isoformat()).any()
        campaigns = tables["recruitment"]
        assert not (campaigns["advertised_date"] > end).any()
        _check_funnel(campaigns)
        workers = tables["workers"]
        asked = workers["exit_interview"] != ""
        assert (workers.loc[asked, "end_date"] != "").all()
        assert not (workers.loc[asked, "end_date"] > end).any()
        known = set(workers["worker_id"])
        for table in ("training", "appraisals", "supervision", "absences"):
            assert set(tables[table]["worker_id"]) <= known
        # A campaign's figures only grow as the months pass.
        stages = campaigns.set_index("vacancy_id")[FUNNEL].astype(int)
        for vacancy, before in seen.items():
            if vacancy in stages.index:
                assert (stages.loc[vacancy] >= before).all()
        seen = {vacancy: row for vacancy, row in stages.iterrows()}


def test_a_practice_course_taken_stays_in_every_later_month(thirteen_months) -> None:
    """Training older than 24 months drops out of an extract, but not the practice course: a
    worker who took it is still shown as having taken it while they are in the extract."""
    runs = list(thirteen_months["lambeth_childrens"].values())
    for before, after in itertools.pairwise(runs):
        def took(tables: dict[str, pd.DataFrame]) -> set[str]:
            training = tables["training"]
            return set(training.loc[training["course"] == sample.PRACTICE_COURSE, "worker_id"])

        still_here = set(after["workers"]["worker_id"])
        assert took(before) & still_here <= took(after)


# --------------------------------------------------------------------------------- months

def test_monthly_extracts_are_consistent_and_know_only_their_past() -> None:
    runs = sample.extracts("lambeth_childrens", months=3, seed=1)
    assert list(runs) == [dt.date(2025, 7, 31), dt.date(2025, 8, 31), AS_AT]
    july, september = runs[dt.date(2025, 7, 31)]["workers"], runs[AS_AT]["workers"]
    key = ["worker_id", "start_date"]
    left = september[september["end_date"].str.startswith("2025-09")]
    assert len(left)
    before = july.merge(left[key], on=key)
    assert len(before) == len(left)  # the same spells, open in July
    assert (before["end_date"] == "").all() and (before["leaving_reason"] == "").all()
    assert (before["cases"] != "").all()
    assert not (july["start_date"] > "2025-07-31").any()
    late = september[september["start_date"] > "2025-07-31"]
    assert len(late) and not late.merge(july[key], on=key).shape[0]
    # A spell ended by July ends on the same day in September's extract.
    ended = july[july["end_date"].between("2024-10-01", "2025-07-31")]
    same = ended.merge(september[key + ["end_date"]], on=key, suffixes=("", "_later"))
    assert len(same) == len(ended) and (same["end_date"] == same["end_date_later"]).all()
    for day, tables in runs.items():
        assert set(tables["vacancies"]["as_at"]) == {day.isoformat(),
                                                     day.replace(year=day.year - 1).isoformat()}
        assert not (tables["absences"]["start_date"] > day.isoformat()).any()
        assert not (tables["absences"]["end_date"] > day.isoformat()).any()


def test_months_need_a_month_end() -> None:
    with pytest.raises(ValueError, match="month-end"):
        sample.extracts("peterborough", as_at=dt.date(2025, 9, 15), months=2)
    with pytest.raises(ValueError, match="choose one of"):
        sample.generate(council="nowhere")


# ----------------------------------------------------------------------------- the command

@dataclass
class Result:
    code: int
    out: str
    err: str


@pytest.fixture
def wfkpi(capsys: pytest.CaptureFixture[str]) -> Callable[..., Result]:
    """The command line in-process: exit code, stdout and stderr."""

    def invoke(*args: str) -> Result:
        capsys.readouterr()
        code = run(list(args))
        captured = capsys.readouterr()
        return Result(code, captured.out, captured.err)

    return invoke


def test_the_command_writes_one_extract_and_prints_a_line(wfkpi, tmp_path: Path) -> None:
    result = wfkpi("sample", "--council", "peterborough", "--seed", "1", "--out",
                   str(tmp_path))
    assert result.code == 0, result.err
    assert result.out.count("\n") == 1
    assert result.out.startswith(f"{tmp_path}: peterborough as at 2025-09-30, ")
    assert "worker spells" in result.out
    assert _digest(tmp_path) == _digest(SAMPLE_DATA / "peterborough")


def test_the_command_writes_a_folder_per_month(wfkpi, tmp_path: Path) -> None:
    result = wfkpi("sample", "--council", "camden_childrens", "--months", "3", "--out",
                   str(tmp_path))
    assert result.code == 0, result.err
    assert sorted(p.name for p in tmp_path.iterdir()) == ["2025-07", "2025-08", "2025-09"]
    lines = result.out.splitlines()
    assert [line.split(":")[0] for line in lines] == [str(tmp_path / m) for m in
                                                      ("2025-07", "2025-08", "2025-09")]
    for folder in tmp_path.iterdir():
        assert sorted(p.name for p in folder.iterdir()) == [
            "absences.csv", "appraisals.csv", "recruitment.csv", "supervision.csv",
            "training.csv", "vacancies.csv", "workers.csv"]
        assert load_extract(folder).valid
    july = pd.read_csv(tmp_path / "2025-07" / "workers.csv", dtype=str, keep_default_na=False)
    september = pd.read_csv(tmp_path / "2025-09" / "workers.csv", dtype=str,
                            keep_default_na=False)
    left = september[september["end_date"].str.startswith("2025-09")]
    assert len(left)
    before = july.merge(left[["worker_id", "start_date"]], on=["worker_id", "start_date"])
    assert len(before) == len(left) and (before["end_date"] == "").all()


def test_a_bad_council_is_exit_2_with_the_council_ids(wfkpi, tmp_path: Path) -> None:
    result = wfkpi("sample", "--council", "kingsbridge", "--out", str(tmp_path))
    assert result.code == 2
    assert result.out == ""
    assert result.err.startswith("error: unknown council 'kingsbridge'")
    for council in sample.PROFILES:
        assert council in result.err
    assert not list(tmp_path.iterdir())


def test_months_at_a_day_that_is_not_a_month_end_is_exit_2(wfkpi, tmp_path: Path) -> None:
    result = wfkpi("sample", "--council", "peterborough", "--months", "2", "--as-at",
                   "2025-09-15", "--out", str(tmp_path))
    assert result.code == 2
    assert "month-end" in result.err


def test_the_help_names_every_council() -> None:
    assert tuple(sample.PROFILES) == sample_command.COUNCILS
