"""What people type on the command line, parsed and checked: ``--param``, ``--limit`` and the
dates given as options. A mistake here is a :class:`UsageError` (exit 2) naming the option."""

from __future__ import annotations

import datetime as dt

from wfkpi.core.errors import EngineError, UsageError
from wfkpi.engine.params import PARAMS
from wfkpi.engine.params import resolve as resolve_params
from wfkpi.read import limits as read_limits
from wfkpi.read.limits import Limits
from wfkpi.read.values import Bad, parse_date


def params(values: list[str] | None) -> dict[str, str] | None:
    """``--param NAME=VALUE`` values by name, each checked against its parameter's rule."""
    if not values:
        return None
    given: dict[str, str] = {}
    for pair in values:
        name, sep, value = pair.partition("=")
        if not sep or not name.strip():
            raise UsageError(f"--param takes NAME=VALUE, got {pair!r} (known: "
                             f"{', '.join(PARAMS)})")
        given[name.strip()] = value.strip()
    try:
        resolve_params(given)
    except EngineError as exc:
        raise UsageError(str(exc)) from None
    return given


def limits(values: list[str] | None) -> Limits:
    """``--limit NAME=VALUE`` values as :class:`Limits` (the defaults for the rest)."""
    return read_limits.parse(values)


def date(text: str | None, option: str) -> dt.date | None:
    """A date given as ``option``, read by the same rules as dates in the data."""
    if text is None:
        return None
    value = parse_date(text.strip())
    if isinstance(value, Bad):
        raise UsageError(f"{option} {text!r}: {value.message}")
    return value
