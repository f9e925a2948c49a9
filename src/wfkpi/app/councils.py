"""``wfkpi councils`` and ``wfkpi targets``: the targets file, checked. No pandas is imported
here, nor anything only testing a strategy needs (:mod:`wfkpi.app.strategy`): these commands
start in a fraction of a second."""

from __future__ import annotations

from pathlib import Path
from typing import Any

from wfkpi.core.errors import engine_errors
from wfkpi.engine.scopes import load_scopes
from wfkpi.targets import config


def councils(targets_file: Path | None = None, scopes_file: Path | None = None) -> Any:
    """The targets file, checked against the scopes in use (a ConfigError when it is wrong)."""
    targets = config.load_targets(targets_file)
    with engine_errors():
        known = set(load_scopes(scopes_file))
    config.check_scopes(targets, known, str(targets_file or "targets.yaml"))
    return targets
