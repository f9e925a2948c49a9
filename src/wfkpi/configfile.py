"""Configuration files: the YAML loader every one goes through, and where the defaults live."""

from __future__ import annotations

from pathlib import Path
from typing import Any

from wfkpi.errors import ConfigError

DEFAULTS = Path(__file__).parent / "config"


def load_yaml(path: Path, what: str) -> Any:
    """Safe-load a YAML file, turning every failure into a :class:`ConfigError`."""
    import yaml

    try:
        text = path.read_text(encoding="utf-8-sig")
    except FileNotFoundError:
        raise ConfigError(f"{path}: no such {what} file") from None
    except (OSError, UnicodeDecodeError) as exc:
        raise ConfigError(f"{path}: the {what} file cannot be read ({exc})") from None
    try:
        return yaml.safe_load(text)
    except yaml.MarkedYAMLError as exc:
        mark = exc.problem_mark
        where = f" at line {mark.line + 1}, column {mark.column + 1}" if mark else ""
        raise ConfigError(f"{path}: the {what} file is not valid YAML{where}: {exc.problem}") \
            from None
    except yaml.YAMLError as exc:
        raise ConfigError(f"{path}: the {what} file is not valid YAML: {exc}") from None
