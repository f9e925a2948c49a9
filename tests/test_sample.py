"""The synthetic extract generator: seeded, byte-stable, valid, and shaped like each council."""

from __future__ import annotations

import datetime as dt
import hashlib
from collections.abc import Callable
from dataclasses import dataclass
from pathlib import Path

import pandas as pd
import pytest

from wfkpi import engine, sample
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
    report = engine.compute(tables["workers"], tables.get("vacancies"), tables.get("absences"),
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
                           b"start_origin\n")


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
    from wfkpi.cli import run

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
        assert sorted(p.name for p in folder.iterdir()) == ["absences.csv", "vacancies.csv",
                                                            "workers.csv"]
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
    from wfkpi.cli import sample as sample_command

    assert tuple(sample.PROFILES) == sample_command.COUNCILS
