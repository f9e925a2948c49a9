"""Scopes: named populations, read from YAML, that limit which records feed the KPIs.

The defaults ship in ``wfkpi/config/scopes.yaml``; a user file with the same layout adds scopes or
replaces them by name. A scope's ``where`` maps a workers column to a value or a list of values; a
record is in scope when every condition holds (a list means any of its values), and a blank cell
never matches. Text columns match ignoring case and surrounding spaces.
"""

from __future__ import annotations

from functools import cache
from pathlib import Path
from typing import Any

from pydantic import BaseModel, ConfigDict, ValidationError, field_validator

from wfkpi.core.config import load_yaml, package_file
from wfkpi.core.errors import ConfigError, ScopeError
from wfkpi.core.schema import Column, columns

Value = str | int | bool
FILTERABLE: dict[str, Column] = {
    name: column
    for name, column in columns("workers").items()
    if column.kind in ("text", "enum", "integer", "boolean") and not column.personal
}


def _check_value(column: Column, value: Any) -> Value:
    """One condition value, checked against its column's type (and normalised)."""
    if column.kind == "boolean":
        if isinstance(value, bool):
            return value
        raise ValueError(f"expected true or false, got {value!r}")
    if column.kind == "integer":
        if isinstance(value, int) and not isinstance(value, bool):
            low, high = column.ge, column.le
            if (low is not None and value < low) or (high is not None and value > high):
                raise ValueError(f"{value} is outside {low:g}–{high:g}")
            return value
        raise ValueError(f"expected a whole number, got {value!r}")
    if column.kind == "enum":
        if isinstance(value, str) and value.strip().lower() in column.choices:
            return value.strip().lower()
        raise ValueError(f"expected one of {', '.join(column.choices)}; got {value!r}")
    if isinstance(value, str | int | float) and not isinstance(value, bool):
        return str(value)
    raise ValueError(f"expected text, got {value!r}")


class ScopeSpec(BaseModel):
    """One scope as written in the file."""

    model_config = ConfigDict(extra="forbid", frozen=True)

    label: str | None = None
    description: str | None = None
    where: dict[str, tuple[Value, ...]]

    @field_validator("where", mode="before")
    @classmethod
    def _conditions(cls, where: Any) -> dict[str, tuple[Value, ...]]:
        if not isinstance(where, dict) or not where:
            raise ValueError("expected at least one condition: column: value or [values]")
        checked: dict[str, tuple[Value, ...]] = {}
        for key, raw in where.items():
            column = FILTERABLE.get(str(key))
            if column is None:
                allowed = ", ".join(FILTERABLE)
                raise ValueError(f"unknown column {key!r} (scopes can use: {allowed})")
            values = list(raw) if isinstance(raw, list | tuple) else [raw]
            if not values:
                raise ValueError(f"{key}: the list of values is empty")
            try:
                checked[str(key)] = tuple(_check_value(column, v) for v in values)
            except ValueError as error:
                raise ValueError(f"{key}: {error}") from None
        return checked


class Scope(ScopeSpec):
    """A named scope, ready for :func:`wfkpi.engine.scope_mask.apply_scope`."""

    name: str


class ScopesFile(BaseModel):
    """The layout of a scopes file: ``scopes: {name: {label, description, where}}``."""

    model_config = ConfigDict(extra="forbid")

    scopes: dict[str, ScopeSpec]


def default_scopes_path() -> Path:
    return package_file("config", "scopes.yaml")


def read_scopes_file(path: str | Path) -> dict[str, Scope]:
    """The scopes in one YAML file; a :class:`ScopeError` naming the file and key otherwise."""
    path = Path(path)
    try:
        data = load_yaml(path, "scopes")
    except ConfigError as error:  # the size and alias guards every configuration file has
        raise ScopeError(str(error)) from None
    try:
        parsed = ScopesFile.model_validate(data)
    except ValidationError as error:
        problems = "; ".join(
            f"{'.'.join(str(part) for part in e['loc']) or 'file'}: "
            + e["msg"].removeprefix("Value error, ")
            for e in error.errors()
        )
        raise ScopeError(f"{path}: {problems}") from None
    return {name: Scope(name=name, **spec.model_dump()) for name, spec in parsed.scopes.items()}


@cache
def _default_scopes() -> dict[str, Scope]:
    """The shipped scopes, read once (a scorecard resolves a scope for each of its targets)."""
    return read_scopes_file(default_scopes_path())


def load_scopes(extra: str | Path | None = None) -> dict[str, Scope]:
    """The default scopes, then those of ``extra`` (a user file), which replace defaults by name."""
    scopes = dict(_default_scopes())
    if extra is not None:
        scopes.update(read_scopes_file(extra))
    return scopes


def resolve_scope_name(name: str, extra: str | Path | None = None) -> Scope:
    """The scope called ``name`` among the defaults and those of ``extra`` (a user file)."""
    scopes = load_scopes(extra)
    if name not in scopes:
        raise ScopeError(f"unknown scope {name!r} (known: {', '.join(sorted(scopes))})")
    return scopes[name]
