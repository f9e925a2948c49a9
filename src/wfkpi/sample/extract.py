"""Cutting an extract from the history: at a reference date, the canonical tables as they would
be known then (spells active in the 24 months to it or still open, an end after it not known
yet, cases held on the day), every cell as text."""

from __future__ import annotations

import datetime as dt

import numpy as np
import pandas as pd

from wfkpi.sample.dates import day_of, history_start, previous
from wfkpi.sample.history import History
from wfkpi.sample.records import (
    ACCEPT,
    APPRAISAL_LEAD,
    CLOSES,
    OFFER,
    PRACTICE_COURSE,
    SHORTLIST,
    STAGES,
)

WORKERS_COLUMNS = ("worker_id", "employment_type", "fte", "start_date", "end_date",
                   "leaving_reason", "role", "org_role", "qualified_social_worker", "team",
                   "service", "grade", "cases", "start_origin", "ethnicity", "disability",
                   "exit_interview")
TRAINING_COLUMNS = ("worker_id", "date", "days", "hours", "course")
APPRAISALS_COLUMNS = ("worker_id", "due_date", "completed_date", "development_plan")
SUPERVISION_COLUMNS = ("worker_id", "date", "kind")
RECRUITMENT_COLUMNS = ("vacancy_id", "advertised_date", "role", "team", "service", *STAGES)


def _id_text(ids: np.ndarray) -> np.ndarray:
    """Worker numbers in the form of Social Work England numbers, SW0000042, so that a census
    return can be written from the sample extracts (none is a real registration)."""
    return np.char.add("SW", np.char.zfill(ids.astype(str), 7)).astype(object)


def _date_text(days: np.ndarray) -> np.ndarray:
    """ISO dates for day numbers, through a table of every day in their range."""
    if days.size == 0:
        return days.astype(object)
    low = int(days.min())
    table = np.datetime_as_string(np.arange(low, int(days.max()) + 1).astype("datetime64[D]"))
    return table.astype(object)[days - low]


def cut(h: History, as_at: dt.date) -> dict[str, pd.DataFrame]:
    """The extract at ``as_at``: spells active in the 24 months to it or still open, as known
    then (an end after ``as_at`` is not known yet), with cases held at ``as_at``."""
    p, d = h.profile, day_of(as_at)
    keep = np.flatnonzero((h.start <= d) & (h.end >= day_of(history_start(as_at))))
    drawn = keep[np.lexsort((h.start[keep], h.drawn_ids[keep]))]
    keep = keep[np.lexsort((h.start[keep], h.ids[keep]))]
    cases = _cases(h, drawn, as_at)
    at = np.empty(h.start.size, dtype=np.int64)
    at[drawn] = np.arange(drawn.size)
    start, end = h.start[keep], h.end[keep]
    ended = end <= d
    end_text = np.full(keep.size, "", dtype=object)
    end_text[ended] = _date_text(end[ended])
    fte = h.fte[keep]
    levels = np.unique(fte[~np.isnan(fte)])
    fte_text = np.array([f"{x:g}" for x in levels] + [""], dtype=object)[
        np.where(np.isnan(fte), levels.size, np.searchsorted(levels, fte))]
    ids = _id_text(h.ids[keep])
    text = np.empty(int(h.ids.max(initial=0)) + 1, dtype=object)
    text[h.ids[keep]] = ids
    workers = pd.DataFrame({
        "worker_id": ids,
        "employment_type": h.employment[keep],
        "fte": fte_text,
        "start_date": _date_text(start),
        "end_date": end_text,
        "leaving_reason": np.where(ended, h.reason[keep], "").astype(object),
        "role": np.array([r.title for r in p.roles], dtype=object)[h.role[keep]],
        "org_role": np.array([str(r.org_role) for r in p.roles], dtype=object)[h.role[keep]],
        "qualified_social_worker": np.where(h.qualified[keep], "yes", "no").astype(object),
        "team": np.array([t for t, _ in p.teams], dtype=object)[h.team[keep]],
        "service": np.array([s for _, s in p.teams], dtype=object)[h.team[keep]],
        "grade": np.array([r.grade for r in p.roles], dtype=object)[h.role[keep]],
        "cases": cases[at[keep]],
        "start_origin": h.origin[keep].astype(object),
        "ethnicity": h.ethnicity[keep],
        "disability": h.disability[keep],
        "exit_interview": np.where(ended, h.exit_interview[keep], "").astype(object),
    }, columns=list(WORKERS_COLUMNS), dtype=object)
    vacancies = h.vacancies[h.vacancies["as_at"].isin([as_at.isoformat(),
                                                       previous(as_at).isoformat()])]
    a = h.absences
    window = (a["start"] <= d) & (a["end"] >= day_of(history_start(as_at)))
    a = a[window.to_numpy()]
    absences = pd.DataFrame({
        "worker_id": text[h.ids[a["spell"].to_numpy()]],
        "start_date": _date_text(a["start"].to_numpy()),
        "end_date": np.where(a["end"].to_numpy() <= d, _date_text(a["end"].to_numpy()), ""),
        "reason": a["reason"].to_numpy(),
    }, dtype=object)
    return {"workers": workers, "vacancies": vacancies.reset_index(drop=True),
            "absences": absences, "training": _training_rows(h, as_at, text),
            "appraisals": _appraisal_rows(h, as_at, text),
            "supervision": _supervision_rows(h, as_at, text),
            "recruitment": _recruitment_rows(h, as_at)}


def _number_text(values: np.ndarray) -> np.ndarray:
    """Numbers as their shortest text, "" for NaN."""
    return np.array(["" if np.isnan(x) else f"{x:g}" for x in values], dtype=object)


def _training_rows(h: History, as_at: dt.date, text: np.ndarray) -> pd.DataFrame:
    """Training attended in the 24 months to ``as_at``, and the practice course whenever it was
    taken by someone in the extract (a course done once stays done, so its record is kept)."""
    t, d = h.training, day_of(as_at)
    listed = pd.notna(text[h.ids[t["spell"].to_numpy()]])
    recent = (t["date"] >= day_of(history_start(as_at))) | ((t["course"] == PRACTICE_COURSE)
                                                           & listed)
    t = t[(recent & (t["date"] <= d)).to_numpy()]
    ids = h.ids[t["spell"].to_numpy()]
    t = t.iloc[np.lexsort((t["course"].to_numpy(), t["date"].to_numpy(), ids))]
    return pd.DataFrame({
        "worker_id": text[h.ids[t["spell"].to_numpy()]],
        "date": _date_text(t["date"].to_numpy()),
        "days": _number_text(t["days"].to_numpy()),
        "hours": _number_text(t["hours"].to_numpy()),
        "course": t["course"].to_numpy(),
    }, columns=list(TRAINING_COLUMNS), dtype=object)


def _supervision_rows(h: History, as_at: dt.date, text: np.ndarray) -> pd.DataFrame:
    """Supervision sessions held in the 24 months to ``as_at``."""
    s, d = h.supervision, day_of(as_at)
    s = s[((s["date"] >= day_of(history_start(as_at))) & (s["date"] <= d)).to_numpy()]
    ids = h.ids[s["spell"].to_numpy()]
    s = s.iloc[np.lexsort((s["kind"].to_numpy(), s["date"].to_numpy(), ids))]
    rows = pd.DataFrame({
        "worker_id": text[h.ids[s["spell"].to_numpy()]],
        "date": _date_text(s["date"].to_numpy()),
        "kind": s["kind"].to_numpy(),
    }, columns=list(SUPERVISION_COLUMNS), dtype=object)
    # a person moving between posts may meet their supervisor for both on the same day: once
    return rows.drop_duplicates().reset_index(drop=True)


def _appraisal_rows(h: History, as_at: dt.date, text: np.ndarray) -> pd.DataFrame:
    """Appraisals due from the start of the 24 months to two months after ``as_at``, except
    those falling after a known leaving date; completed only when done by ``as_at``."""
    a, d = h.appraisals, day_of(as_at)
    spell, due = a["spell"].to_numpy(), a["due"].to_numpy()
    end = h.end[spell]
    keep = ((due >= day_of(history_start(as_at))) & (due <= d + APPRAISAL_LEAD)
            & ((due < end) | (end > d)))
    spell, due, end = spell[keep], due[keep], end[keep]
    completed = a["completed"].to_numpy()[keep]
    known = (completed >= 0) & (completed <= d) & (completed < end)
    order = np.lexsort((due, h.ids[spell]))
    done = np.full(spell.size, "", dtype=object)
    done[known] = _date_text(completed[known])
    plan = np.where(known, a["plan"].to_numpy()[keep], "").astype(object)
    return pd.DataFrame({
        "worker_id": text[h.ids[spell]][order],
        "due_date": _date_text(due)[order],
        "completed_date": done[order],
        "development_plan": plan[order],
    }, columns=list(APPRAISALS_COLUMNS), dtype=object)


def _recruitment_rows(h: History, as_at: dt.date) -> pd.DataFrame:
    """Campaigns advertised in the 24 months to ``as_at``, each stage of the funnel as far as
    it had got by then (0 for a stage not yet reached)."""
    r, d = h.recruitment, day_of(as_at)
    number = np.arange(1, len(r) + 1)
    keep = ((r["advertised"] >= day_of(history_start(as_at))) & (r["advertised"] <= d)).to_numpy()
    r, number = r[keep], number[keep]
    elapsed = d - r["advertised"].to_numpy()
    interview = r["interview"].to_numpy()
    reached = {
        "applications": elapsed >= CLOSES,
        "shortlisted": elapsed >= SHORTLIST,
        "interviewed": d >= interview,
        "offers": d >= interview + OFFER,
        "hires": d >= interview + OFFER + ACCEPT,
        "internal_hires": d >= interview + OFFER + ACCEPT,
    }
    stages = {name: np.where(now, r[name].to_numpy(), 0) for name, now in reached.items()}
    # Applications arrive while the advert is open.
    arrived = np.floor(r["applications"].to_numpy() * (elapsed + 1) / (CLOSES + 1))
    stages["applications"] = np.where(reached["applications"], stages["applications"],
                                      arrived).astype(np.int64)
    return pd.DataFrame({
        "vacancy_id": np.char.add("REQ-", np.char.zfill(number.astype(str), 5)).astype(object),
        "advertised_date": _date_text(r["advertised"].to_numpy()),
        "role": np.array([x.title for x in h.profile.roles], dtype=object)[r["role"].to_numpy(
            dtype=np.int64)],
        "team": np.array([t for t, _ in h.profile.teams], dtype=object)[r["team"].to_numpy(
            dtype=np.int64)],
        "service": np.array([s for _, s in h.profile.teams], dtype=object)[r["team"].to_numpy(
            dtype=np.int64)],
        **{name: values.astype(np.int64).astype(str).astype(object)
           for name, values in stages.items()},
    }, columns=list(RECRUITMENT_COLUMNS), dtype=object)


def _cases(h: History, keep: np.ndarray, as_at: dt.date) -> np.ndarray:
    """Cases held at ``as_at`` by the spells in post then ("" for the others): each post's
    load, new starters still building theirs, scaled to the profile's caseload per FTE."""
    d = day_of(as_at)
    rng = np.random.default_rng([h.seed, d, 1])
    in_post = (h.start[keep] <= d) & (h.end[keep] > d)
    ramp = np.clip((d - h.start[keep] + 1) / 60, 0.1, 1.0)
    load = h.load[keep] * ramp * rng.lognormal(0.0, 0.1, keep.size) * in_post
    holders = load > 0
    fte = h.fte[keep]
    known = holders & ~np.isnan(fte)
    scale = h.profile.caseload * fte[known].sum() / max(load[known].sum(), 1e-9)
    cases = np.round(load * scale).astype(np.int64)
    text = np.where(in_post, cases.astype(str), "").astype(object)
    return text
