"""Canonical columns read as numpy arrays, the same way everywhere in the engine: a column a
frame does not have reads as all blank."""

from __future__ import annotations

import numpy as np
import pandas as pd


def text(frame: pd.DataFrame, name: str) -> pd.Series:
    """A text column, or an all-blank one when the frame does not have it."""
    if name in frame.columns:
        return frame[name]
    return pd.Series(np.nan, index=frame.index, dtype="str")


def numbers(frame: pd.DataFrame, name: str) -> np.ndarray | None:
    """A numeric column as float64 with NaN for blanks; None when the column is absent."""
    if name not in frame.columns:
        return None
    return frame[name].to_numpy(dtype=np.float64, na_value=np.nan)


def dates(frame: pd.DataFrame, name: str) -> np.ndarray:
    """A date column as ``datetime64[D]`` with NaT for blanks (all NaT when absent)."""
    if name not in frame.columns:
        return np.full(len(frame), np.datetime64("NaT"), dtype="datetime64[D]")
    return frame[name].to_numpy().astype("datetime64[D]")


def or_blank(values: np.ndarray | None, size: int) -> np.ndarray:
    return np.full(size, np.nan) if values is None else values
