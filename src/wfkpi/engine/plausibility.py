"""Figures outside what is possible or plausible: computed, but not to be taken on trust.

A rate over 100% cannot happen; a caseload of 80 per FTE or an absence rate of 40% can be
typed, but almost always means the input is wrong (a vacancy count in the FTE column, days in
hours). Such a figure keeps its value and carries a flag that every output shows beside it, and
``wfkpi validate`` lists it as an ``implausible`` warning. The limits are documented in
docs/kpis.md ("Plausibility").
"""

from __future__ import annotations

from .results import Figure

# kpi id -> (the highest plausible value, what a higher one means)
LIMITS: dict[str, tuple[float, str]] = {
    "caseload_fte": (60.0, "a caseload over 60 cases per FTE"),
    "absence_rate_fte": (25.0, "a sickness absence rate over 25%"),
    # 25% of DfE's 253-day year, the absence rate's limit in days
    "sickness_days_per_fte": (63.25, "over 63.25 days lost per FTE (25% of 253 days)"),
    "sickness_days_per_worker": (63.25, "over 63.25 days lost per worker (25% of 253 days)"),
    "agency_cover_rate_fte": (100.0, "agency cover above the agency FTE in post"),
    "vacancy_agency_cover_rate_fte": (100.0, "more vacancy FTE covered than vacant"),
}
PERCENT_LIMIT = 100.0


def flags(kpi_id: str, unit: str, figure: Figure) -> tuple[str, ...]:
    """Why ``figure`` is implausible, as short texts (none when it is plausible or absent)."""
    value = figure.value
    if value is None:
        return ()
    limit, meaning = LIMITS.get(kpi_id, (PERCENT_LIMIT, "a rate over 100%") if unit == "%"
                                else (None, ""))
    if limit is None or value <= limit:
        return ()
    arithmetic = ""
    if figure.numerator is not None and figure.denominator is not None:
        arithmetic = f" ({figure.numerator:,.1f} over {figure.denominator:,.1f})"
    return (f"implausible: {meaning}{arithmetic}; check the input",)


# ------------------------------------------------------------------------------ data gaps

# Set-aside reasons that are gaps in the data (a blank the figure needed, a record naming
# nobody, a label in no list), as against records a definition leaves out on purpose (sickness
# outside the window, another reason for absence, a vacancy row of another date).
DATA_GAPS = frozenset({
    "fte-missing", "cases-missing", "sickness-missing", "cover-missing", "vacancy-missing",
    "absence-unknown-worker", "training-unknown-worker", "appraisal-unknown-worker",
    "supervision-unknown-worker", "training-length-missing", "plan-missing",
    "recruitment-count-missing", "team-missing", "ethnicity-unknown-label",
    "exit-interview-missing",
})
# A figure may be green only when no more than this share of the rows it rests on are gaps.
GREEN_MAX_GAP = 0.10


def gap_share(rows_used: int, set_aside: dict[str, int]) -> tuple[float, int]:
    """The share of a figure's rows that are data gaps (:data:`DATA_GAPS`), and how many."""
    gaps = sum(n for reason, n in set_aside.items() if reason in DATA_GAPS)
    whole = rows_used + gaps
    return (gaps / whole if whole else 0.0), gaps
