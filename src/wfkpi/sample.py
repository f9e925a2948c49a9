"""Seeded synthetic extracts in the canonical layout.

The same seed and size always give byte-identical files, so sample data, benchmarks and tests can
be regenerated and compared. The shape (role mix, agency share, turnover, caseloads, sickness) is
that of a children's social care workforce of a London borough; no row describes a real person.
"""

from __future__ import annotations

import datetime as dt
from pathlib import Path

import numpy as np
import pandas as pd

TEAMS = ("Assessment", "Children in Need", "Child Protection", "Looked After Children",
         "Leaving Care", "Disabled Children", "Fostering", "Adoption", "MASH", "Family Support")
SERVICES = {"Assessment": "Front door", "MASH": "Front door", "Children in Need": "Safeguarding",
            "Child Protection": "Safeguarding", "Family Support": "Safeguarding",
            "Looked After Children": "Corporate parenting", "Leaving Care": "Corporate parenting",
            "Fostering": "Corporate parenting", "Adoption": "Corporate parenting",
            "Disabled Children": "Safeguarding"}
# org_role: title, grade, share of spells, cases (low, high) or None
ROLES = {
    1: ("Head of Service", "M1", 0.02, None),
    2: ("Service Manager", "M3", 0.05, None),
    3: ("Team Manager", "PO8", 0.10, (0, 3)),
    4: ("Advanced Practitioner", "PO6", 0.13, (8, 16)),
    5: ("Social Worker", "PO4", 0.60, (10, 24)),
    6: ("Practice Educator", "PO5", 0.10, None),
}
EMPLOYMENT = (("permanent", 0.62), ("fixed_term", 0.05), ("temporary", 0.02), ("agency", 0.26),
              ("self_employed", 0.02), ("bank", 0.02), ("casual", 0.01))
REASONS = (("resignation", 0.62), ("retirement", 0.08), ("end_of_contract", 0.12),
           ("internal_move", 0.08), ("dismissal", 0.03), ("redundancy_voluntary", 0.02),
           ("other", 0.03), ("unknown", 0.02))
ABSENCES = (("sickness", 0.8), ("training", 0.08), ("maternity_paternity", 0.04),
            ("unpaid", 0.03), ("public_duties", 0.02), ("other", 0.03))


def _pick(rng: np.random.Generator, options: tuple[tuple[str, float], ...], n: int) -> np.ndarray:
    names, weights = zip(*options, strict=True)
    p = np.array(weights) / sum(weights)
    return np.array(names, dtype=object)[rng.choice(len(names), size=n, p=p)]


def _dates(days: np.ndarray, origin: dt.date) -> pd.Series:
    return pd.Series(pd.Timestamp(origin) + pd.to_timedelta(days, unit="D")).dt.strftime(
        "%Y-%m-%d")


def generate(workers: int = 500, *, as_at: dt.date = dt.date(2025, 9, 30),
             seed: int = 1) -> dict[str, pd.DataFrame]:
    """Canonical ``workers``, ``vacancies`` and ``absences`` frames, all cells as text."""
    rng = np.random.default_rng(seed)
    n = workers
    window_start = (pd.Timestamp(as_at) - pd.DateOffset(years=1) + pd.Timedelta(days=1)).date()
    # About 2% of people hold two posts: their second spell reuses an earlier id.
    ids = np.arange(1, n + 1)
    second = rng.random(n) < 0.02
    ids[second] = rng.integers(1, n + 1, second.sum())
    org_role = rng.choice(list(ROLES), size=n, p=[r[2] for r in ROLES.values()])
    employment = _pick(rng, EMPLOYMENT, n)
    agency = np.isin(employment, ["agency", "self_employed"])
    # Starts: agency spells are recent, employees' spread over fifteen years.
    back = np.where(agency, rng.integers(0, 900, n), rng.integers(0, 5500, n))
    start = _dates(-back, as_at)
    leaving = rng.random(n) < np.where(agency, 0.30, 0.16)
    span = (as_at - window_start).days + 1
    end_days = -rng.integers(0, span, n)
    end = _dates(end_days, as_at).where(leaving & (end_days > -back), "")
    leaving = end != ""
    reason = pd.Series(_pick(rng, REASONS, n)).where(leaving & ~agency, "")
    fte = rng.choice(["1", "1", "1", "1", "0.8", "0.6", "0.5", "0.9"], n).astype(object)
    fte[rng.random(n) < 0.01] = ""  # a few unknown FTEs, as real extracts have
    teams = np.array(TEAMS, dtype=object)[rng.integers(0, len(TEAMS), n)]
    cases = np.where(leaving.to_numpy(), "", "0").astype(object)  # managers hold none
    for role, (_, _, _, band) in ROLES.items():
        if band:
            pick = (org_role == role) & ~leaving.to_numpy()
            cases[pick] = rng.integers(band[0], band[1] + 1, pick.sum()).astype(str)
    frame = pd.DataFrame({
        "worker_id": [f"W{i:07d}" for i in ids],
        "employment_type": employment,
        "fte": fte,
        "start_date": start,
        "end_date": end,
        "leaving_reason": reason,
        "role": [ROLES[r][0] for r in org_role],
        "org_role": org_role.astype(str),
        "qualified_social_worker": np.where(org_role >= 3, "yes", "no"),
        "team": teams,
        "service": [SERVICES[t] for t in teams],
        "grade": [ROLES[r][1] for r in org_role],
        "cases": cases,
        "start_origin": np.where(rng.random(n) < 0.1, "internal", "external"),
    })
    # Absences: about one spell a worker, mostly short sickness, some long-term.
    m = n
    who = rng.integers(0, n, m)
    length = np.where(rng.random(m) < 0.08, rng.integers(20, 90, m), rng.integers(1, 6, m))
    first = -rng.integers(-20, span + 60, m)
    absences = pd.DataFrame({
        "worker_id": frame["worker_id"].to_numpy()[who],
        "start_date": _dates(first, as_at),
        "end_date": _dates(first + length - 1, as_at),
        "reason": _pick(rng, ABSENCES, m),
    })
    absences = absences[absences["start_date"] <= as_at.isoformat()]
    absences = absences.drop_duplicates(["worker_id", "start_date"]).reset_index(drop=True)
    absences.loc[absences["end_date"] > as_at.isoformat(), "end_date"] = ""
    # Vacancies: one row per team at the reference date.
    vacant = rng.integers(0, 8, len(TEAMS)) * 0.5 + rng.integers(0, 3, len(TEAMS))
    cover = np.minimum(vacant, rng.integers(0, 6, len(TEAMS)) * 0.5)
    vacancies = pd.DataFrame({
        "team": TEAMS, "service": [SERVICES[t] for t in TEAMS],
        "vacancy_fte": [f"{x:g}" for x in vacant], "agency_cover_fte": [f"{x:g}" for x in cover],
        "as_at": as_at.isoformat(),
    })
    return {"workers": frame, "vacancies": vacancies, "absences": absences}


def write(out: Path, tables: dict[str, pd.DataFrame]) -> list[Path]:
    """Write each table as ``<table>.csv`` (UTF-8, comma, LF line ends)."""
    out.mkdir(parents=True, exist_ok=True)
    paths = []
    for name, frame in tables.items():
        path = out / f"{name}.csv"
        frame.to_csv(path, index=False, lineterminator="\n")
        paths.append(path)
    return paths
