"""How figures and dates are shown to people, in every format: written once here.

Figures are rounded as DfE publishes them; JSON keeps them unrounded (docs/kpis.md).
"""

from __future__ import annotations

import datetime as dt
import re

WHOLE_UNITS = {"people", "cases"}

# Control characters (ESC among them) that a terminal would act on rather than show.
_CONTROL = re.compile(r"[\x00-\x08\x0b-\x1f\x7f-\x9f]")


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


def fractional_part(value: object, kpi_id: str | None) -> bool:
    """Whether a numerator or denominator is shown to 1 decimal place: FTE and days (and any
    fraction); others are whole numbers (and what is no number, as a suppressed ``c``)."""
    kpi = kpi_id or ""
    return "fte" in kpi or "days" in kpi or (
        isinstance(value, int | float) and not isinstance(value, bool)
        and not float(value).is_integer())


def part(value: float, kpi_id: str) -> str:
    """A numerator or denominator as shown (:func:`fractional_part`)."""
    return number(value, "FTE" if fractional_part(value, kpi_id) else "people")


def day_text(day: dt.date) -> str:
    return f"{day.day} {day:%b %Y}"


def date_text(iso: str) -> str:
    return day_text(dt.date.fromisoformat(iso))


def visible(text: object) -> str:
    """Text from a file, a configuration or a path with every control character written out
    (``\\x1b`` for ESC), so that data can never move a terminal's cursor or colour it."""
    return _CONTROL.sub(lambda found: f"\\x{ord(found.group()):02x}", str(text))
