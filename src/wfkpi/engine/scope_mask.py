"""Scopes applied to tables: which rows a scope (:mod:`wfkpi.engine.scopes`) keeps.

A record is in scope when every condition holds (a list means any of its values), and a blank
cell never matches. Text columns match ignoring case and surrounding spaces.
"""

from __future__ import annotations

import numpy as np
import pandas as pd

from wfkpi.core.errors import ScopeError
from wfkpi.core.schema import Column

from .scopes import FILTERABLE, Scope, Value


def _matches(series: pd.Series, column: Column, values: tuple[Value, ...]) -> np.ndarray:
    if column.kind == "text":
        wanted = {str(v).strip().casefold() for v in values}
        return series.str.strip().str.casefold().isin(wanted).to_numpy(dtype=bool)
    return series.isin(list(values)).to_numpy(dtype=bool)


def scope_mask(frame: pd.DataFrame, scope: Scope, *, strict: bool = True) -> np.ndarray:
    """Which rows of ``frame`` are in ``scope``.

    ``strict``: a condition on a column the frame does not have is an error (workers); otherwise
    such a condition does not apply to this frame (vacancies have no ``org_role``).
    """
    mask = np.ones(len(frame), dtype=bool)
    for name, values in scope.where.items():
        if name not in frame.columns:
            if strict:
                raise ScopeError(
                    f"scope {scope.name!r} filters on {name!r}, "
                    "which the workers table does not have"
                )
            continue
        mask &= _matches(frame[name], FILTERABLE[name], values)
    return mask


def apply_scope(frame: pd.DataFrame, scope: Scope, *, strict: bool = True) -> pd.DataFrame:
    """The rows of ``frame`` in ``scope`` (see :func:`scope_mask`)."""
    return frame[scope_mask(frame, scope, strict=strict)]


def unscoped_columns(frame: pd.DataFrame, scope: Scope) -> list[str]:
    """The scope's columns that ``frame`` lacks: conditions that do not filter it."""
    return [name for name in scope.where if name not in frame.columns]
