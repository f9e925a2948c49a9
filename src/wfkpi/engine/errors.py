"""Errors the engine raises for a caller to turn into a plain message."""

from __future__ import annotations


class EngineError(ValueError):
    """A request the engine cannot serve (unknown method, breakdown column missing, ...)."""


class ScopeError(EngineError):
    """A scope file that cannot be used, or a scope that does not fit the data."""
