"""Random extracts (seeded): every KPI equals the plain-loop restatement in ``kpi_reference``."""

from __future__ import annotations

import datetime as dt

import numpy as np
import pytest
from kpi_reference import Reference, window_start

from wfkpi.engine import compute

TYPES = [
    "permanent",
    "fixed_term",
    "temporary",
    "bank",
    "casual",
    "agency",
    "self_employed",
    "other",
]
REASONS = ["resignation", "retirement", "internal_move", "end_of_contract", "other", None]
ABSENCE_REASONS = ["sickness"] * 4 + ["training", "maternity_paternity", "other"]
TEAMS = ["Alpha", "Beta", "Gamma", None]
DATES = [
    dt.date(2025, 9, 30),
    dt.date(2024, 9, 30),  # window with 29 February
    dt.date(2024, 2, 29),
    dt.date(2025, 3, 31),
    dt.date(2023, 12, 31),
]


def extract(seed: int):
    """Records around the window's edges: starts and ends on R, on the first day of the window
    and the day before it; blanks in every optional figure; absent optional columns and tables."""
    rng = np.random.default_rng(seed)
    as_at = DATES[seed % len(DATES)]
    w0 = window_start(as_at)
    edges = [as_at, w0, w0 - dt.timedelta(days=1), as_at + dt.timedelta(days=1)]

    def day(low: int, high: int) -> dt.date:
        if rng.random() < 0.15:
            return edges[rng.integers(len(edges))]
        return as_at + dt.timedelta(days=int(rng.integers(low, high)))

    def maybe(value, blank: float = 0.15):
        return None if rng.random() < blank else value

    with_cases, with_sickness = rng.random() < 0.8, rng.random() < 0.8
    workers = []
    for _ in range(120):
        start = day(-1500, 40)
        end = maybe(start + dt.timedelta(days=int(rng.integers(0, 900))), blank=0.5)
        if end is not None and rng.random() < 0.1:
            end = edges[rng.integers(len(edges))]
            start = min(start, end)
        row = {
            "worker_id": f"w{rng.integers(70)}",
            "employment_type": TYPES[rng.integers(len(TYPES))],
            "fte": maybe(round(float(rng.uniform(0.1, 1.0)), 2)),
            "start_date": start,
            "end_date": end,
            "leaving_reason": None if end is None else REASONS[rng.integers(len(REASONS))],
            "team": TEAMS[rng.integers(len(TEAMS))],
        }
        if with_cases:
            row["cases"] = maybe(int(rng.choice([0, 0, 1, 5, 12, 20])))
        if with_sickness:
            row["sickness_days"] = maybe(round(float(rng.uniform(0, 30)), 1))
        workers.append(row)
    vacancies = None
    if rng.random() < 0.75:
        vacancies = []
        for _ in range(6):
            row = {
                "vacancy_fte": round(float(rng.uniform(0, 4)), 1),
                "as_at": [None, as_at, dt.date(as_at.year - 1, 3, 31)][rng.integers(3)],
                "team": TEAMS[rng.integers(len(TEAMS))],
            }
            if seed % 4:
                row["agency_cover_fte"] = maybe(round(float(rng.uniform(0, 2)), 1), blank=0.3)
            vacancies.append(row)
    absences = None
    if rng.random() < 0.7:
        absences = []
        for _ in range(90):
            start = w0 + dt.timedelta(days=int(rng.integers(-60, 400)))
            absences.append(
                {
                    "worker_id": f"w{rng.integers(75)}",  # a few name nobody in workers
                    "start_date": start,
                    "end_date": maybe(start + dt.timedelta(days=int(rng.integers(0, 45))), 0.1),
                    "reason": ABSENCE_REASONS[rng.integers(len(ABSENCE_REASONS))],
                    "working_days_lost": maybe(round(float(rng.uniform(0, 25)), 1), blank=0.5),
                }
            )
    return workers, vacancies, absences, as_at


def frames_of(frames, workers, vacancies, absences):
    return (
        frames.workers(*workers),
        None if vacancies is None else frames.vacancies(*vacancies),
        None if absences is None else frames.absences(*absences),
    )


def same(engine: float | None, reference: float | None) -> bool:
    if engine is None or reference is None:
        return engine is None and reference is None
    return engine == pytest.approx(reference, rel=1e-9, abs=1e-9)


@pytest.mark.parametrize("seed", range(15))
@pytest.mark.parametrize("method", ["dfe", "sfc", "lg"])
def test_every_kpi_matches_the_plain_restatement(frames, seed, method):
    workers, vacancies, absences, as_at = extract(seed)
    tables = frames_of(frames, workers, vacancies, absences)
    report = compute(*tables, as_at=as_at, method=method, by="team")
    reference = Reference(workers, vacancies, absences, as_at)
    expected = getattr(reference, method)()
    assert list(report.kpis) == list(expected)
    for kpi_id, value in expected.items():
        assert same(report.kpis[kpi_id].value, value), (kpi_id, report.kpis[kpi_id], value)
    for group in report.groups[:-1]:
        team = None if group.group == "(blank)" else group.group
        in_team = [w for w in workers if w.get("team") == team]
        team_vacancies = (
            None if vacancies is None else [v for v in vacancies if v.get("team") == team]
        )
        in_group = Reference(in_team, team_vacancies, absences, as_at, reference.columns)
        expected = getattr(in_group, method)()
        for kpi_id, value in expected.items():
            got = group.kpis[kpi_id]
            assert same(got.value, value), (group.group, kpi_id, got, value)


def test_the_extracts_reach_the_edge_cases(frames):
    """The generator is worth its salt: the seeds between them produce every case."""
    seen = set()
    for seed in range(15):
        workers, vacancies, absences, as_at = extract(seed)
        w0 = window_start(as_at)
        seen |= {"leaves on R" for w in workers if w["end_date"] == as_at}
        seen |= {"starts on R" for w in workers if w["start_date"] == as_at}
        seen |= {"starts after R" for w in workers if w["start_date"] > as_at}
        seen |= {"blank fte" for w in workers if w["fte"] is None}
        seen |= {"no vacancies" for _ in [0] if vacancies is None}
        seen |= {"no absences" for _ in [0] if absences is None}
        seen |= {"no cases column" for _ in [0] if "cases" not in workers[0]}
        if absences:
            seen |= {"spell over window start" for s in absences
                     if s["start_date"] < w0 <= (s["end_date"] or as_at)}  # fmt: skip
            seen |= {"open spell" for s in absences if s["end_date"] is None}
    assert seen == {
        "leaves on R", "starts on R", "starts after R", "blank fte", "no vacancies",
        "no absences", "no cases column", "spell over window start", "open spell",
    }  # fmt: skip
