"""Errors the command line turns into a message and an exit code, never a traceback."""

from __future__ import annotations


class WfkpiError(Exception):
    """A problem the user can fix; ``exit_code`` is what the command ends with."""

    exit_code = 2


class UsageError(WfkpiError):
    """A missing path, a bad option value."""


class ConfigError(WfkpiError):
    """A mapping, scopes or targets file that cannot be used."""
