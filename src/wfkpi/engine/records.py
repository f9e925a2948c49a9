"""The optional HR records tables as aligned arrays: training, appraisals, supervision and
recruitment.

Training records, appraisals and supervision sessions belong to people: each row carries the person
code its ``worker_id`` has in the workers table (``-1`` when it names nobody there), so a KPI reads
them for whichever people its records select, in a breakdown group as in the whole. Recruitment
campaigns belong to posts, and are limited by a scope or a breakdown on the columns they have, as
vacancies are.
"""

from __future__ import annotations

from collections.abc import Callable, Mapping
from dataclasses import dataclass, replace
from typing import Any

import numpy as np
import pandas as pd

from wfkpi.core.arrow import factorize
from wfkpi.core.schema import FUNNEL


def _dates(frame: pd.DataFrame, name: str) -> np.ndarray:
    if name not in frame.columns:
        return np.full(len(frame), np.datetime64("NaT"), dtype="datetime64[D]")
    return frame[name].to_numpy().astype("datetime64[D]")


def _numbers(frame: pd.DataFrame, name: str) -> np.ndarray:
    if name not in frame.columns:
        return np.full(len(frame), np.nan)
    return frame[name].astype("float64").to_numpy(dtype=np.float64, na_value=np.nan)


def _people(codes: np.ndarray, people: int) -> np.ndarray:
    return np.where(codes < people, codes, -1)


@dataclass(frozen=True)
class Training:
    """One entry per training record."""

    person: np.ndarray  # person code, -1 = names no worker
    date: np.ndarray  # datetime64[D]
    days: np.ndarray  # float, NaN = blank
    hours: np.ndarray  # float, NaN = blank
    course: np.ndarray  # object: the course lower-cased with single spaces, "" = blank


@dataclass(frozen=True)
class Appraisals:
    """One entry per appraisal."""

    person: np.ndarray
    due: np.ndarray  # datetime64[D]
    completed: np.ndarray  # datetime64[D], NaT = not completed
    plan: np.ndarray | None  # 1.0 plan agreed, 0.0 not, NaN blank; None without the column


@dataclass(frozen=True)
class Sessions:
    """One entry per supervision session."""

    person: np.ndarray
    date: np.ndarray  # datetime64[D]


@dataclass(frozen=True)
class Campaigns:
    """One entry per recruitment campaign: its advertised date and its funnel counts."""

    advertised: np.ndarray  # datetime64[D]
    counts: dict[str, np.ndarray]  # funnel stage -> float counts, NaN = blank
    unavailable: str | None = None  # why a breakdown group has no recruitment figures

    def subset(self, mask: np.ndarray) -> Campaigns:
        return replace(self, advertised=self.advertised[mask],
                       counts={k: v[mask] for k, v in self.counts.items()})


@dataclass(frozen=True)
class Records:
    """The HR records tables of one extract; None for a table not supplied."""

    training: Training | None = None
    appraisals: Appraisals | None = None
    supervision: Sessions | None = None
    campaigns: Campaigns | None = None


def keys(values: pd.Series, key: Callable[[str], Any], blank: Any = "") -> np.ndarray:
    """``key`` of each value, ``blank`` for a blank: computed on the distinct values only (a
    column holds few), so that it costs one factorisation rather than a Python call per row."""
    codes, uniques = factorize(values)
    mapped = np.array([key(str(u)) for u in uniques] + [blank], dtype=object)
    return mapped[codes]  # code -1 (blank) takes the last entry


def course_key(title: str) -> str:
    """A course title as compared: lower-cased, runs of spaces as one, trimmed."""
    return " ".join(title.lower().split())


def build_records(tables: Mapping[str, pd.DataFrame | None],
                  persons: Mapping[str, np.ndarray | None], people: int) -> Records:
    """The records tables as arrays; ``persons`` holds each per-worker table's person codes."""
    training = appraisals = supervision = campaigns = None
    training_person, appraisal_person = persons.get("training"), persons.get("appraisals")
    supervision_person = persons.get("supervision")
    frame = tables.get("training")
    if frame is not None and training_person is not None:
        course = keys(frame["course"], course_key) if "course" in frame.columns else \
            np.full(len(frame), "", dtype=object)
        training = Training(_people(training_person, people), _dates(frame, "date"),
                            _numbers(frame, "days"), _numbers(frame, "hours"), course)
    frame = tables.get("appraisals")
    if frame is not None and appraisal_person is not None:
        plan = _numbers(frame, "development_plan") if "development_plan" in frame.columns \
            else None
        appraisals = Appraisals(_people(appraisal_person, people), _dates(frame, "due_date"),
                                _dates(frame, "completed_date"), plan)
    frame = tables.get("supervision")
    if frame is not None and supervision_person is not None:
        supervision = Sessions(_people(supervision_person, people), _dates(frame, "date"))
    frame = tables.get("recruitment")
    if frame is not None:
        campaigns = Campaigns(_dates(frame, "advertised_date"),
                              {stage: _numbers(frame, stage) for stage in FUNNEL})
    return Records(training, appraisals, supervision, campaigns)
