"""Errors the command line turns into a message and an exit code, never a traceback."""

from __future__ import annotations

from collections.abc import Iterator
from contextlib import contextmanager


class WfkpiError(Exception):
    """A problem the user can fix; ``exit_code`` is what the command ends with."""

    exit_code = 2


class UsageError(WfkpiError):
    """A missing path, a bad option value."""


class ConfigError(WfkpiError):
    """A mapping, scopes or targets file that cannot be used."""


class EngineError(ValueError):
    """A request the engine cannot serve (unknown method, breakdown column missing, ...)."""


class ScopeError(EngineError):
    """A scope file that cannot be used, or a scope that does not fit the data."""


@contextmanager
def engine_errors() -> Iterator[None]:
    """An engine error (unknown scope, bad breakdown column) is the user's to fix: exit 2."""
    try:
        yield
    except EngineError as exc:
        raise UsageError(str(exc)) from None
