"""How figures and dates are shown to people, in every format: written once here.

Figures are rounded as DfE publishes them; JSON keeps them unrounded (docs/kpis.md).
"""

from __future__ import annotations

import datetime as dt

WHOLE_UNITS = {"people", "cases"}


def number(value: float | str | None, unit: str) -> str:
    """A figure as DfE publishes it: 1 decimal place, whole numbers for people and cases (and 2
    places for a ratio around 1)."""
    if value is None:
        return "-"
    if isinstance(value, str):  # a suppressed figure
        return value
    places = 0 if unit in WHOLE_UNITS else 2 if unit == "ratio" else 1
    text = f"{value:,.{places}f}"
    return text + ("%" if unit == "%" else "")


def day_text(day: dt.date) -> str:
    return f"{day.day} {day:%b %Y}"


def date_text(iso: str) -> str:
    return day_text(dt.date.fromisoformat(iso))
