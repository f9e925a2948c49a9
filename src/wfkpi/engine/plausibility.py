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
