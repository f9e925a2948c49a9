"""Mapping files: how a council's own export becomes the canonical tables.

A mapping (YAML) names, for each table: the file (or glob) and sheet, the header row when it is
not found by itself, each canonical column's source header(s) and the source labels of its enum,
yes/no and text columns (a text column's labels are relabelled, as ethnicity often needs).
See ``docs/mappings.md``.
"""

from __future__ import annotations

import difflib
from pathlib import Path, PurePath
from typing import Any

from pydantic import BaseModel, ConfigDict, Field, ValidationError, ValidationInfo, field_validator

from wfkpi.core.config import load_yaml
from wfkpi.core.errors import ConfigError
from wfkpi.core.names import TABLES
from wfkpi.core.schema import MODELS, columns

Aliases = str | list[str]


def _as_list(value: Aliases) -> list[str]:
    return [value] if isinstance(value, str) else list(value)


class TableMapping(BaseModel):
    model_config = ConfigDict(extra="forbid")

    file: str | None = Field(None, description="File name or glob, relative to the data folder.")
    sheet: str | int | None = Field(None, description="Sheet name, or its number from 1.")
    header_row: int | None = Field(None, ge=1, description="Spreadsheet row of the header.")
    columns: dict[str, Aliases] = Field(default_factory=dict,
                                        description="Canonical column: source header(s).")
    values: dict[str, dict[str, Aliases]] = Field(
        default_factory=dict, description="Column: value: source label(s).")

    @field_validator("file")
    @classmethod
    def _inside_the_folder(cls, pattern: str | None) -> str | None:
        """A file pattern names files in the extract's folder (or below it), never elsewhere."""
        if pattern is not None and (PurePath(pattern).is_absolute() or pattern.startswith("~")
                                    or ".." in PurePath(pattern).parts):
            raise ValueError(f"{pattern!r} points outside the data folder; give a file name or "
                             "glob relative to it, such as 'Establishment*.csv'")
        return pattern

    def headers_for(self, column: str) -> list[str]:
        """Source headers for a canonical column, most specific first (the name itself last)."""
        return [*_as_list(self.columns.get(column, [])), column]

    def labels_for(self, column: str) -> dict[str, Any]:
        """Source label -> value for one column, the value as the mapping writes it."""
        return {label: value for value, labels in self.values.get(column, {}).items()
                for label in _as_list(labels)}


class Mapping(BaseModel):
    model_config = ConfigDict(extra="forbid")

    workers: TableMapping = Field(default_factory=TableMapping)
    vacancies: TableMapping = Field(default_factory=TableMapping)
    absences: TableMapping = Field(default_factory=TableMapping)
    training: TableMapping = Field(default_factory=TableMapping)
    appraisals: TableMapping = Field(default_factory=TableMapping)
    supervision: TableMapping = Field(default_factory=TableMapping)
    recruitment: TableMapping = Field(default_factory=TableMapping)

    @field_validator(*TABLES, mode="before")
    @classmethod
    def _as_text(cls, table: Any, info: ValidationInfo) -> Any:
        """YAML reads `true`, `1` and `4` as booleans and numbers; labels and headers are text.
        A text column's labels are taken as written, so a `Yes` or `No` that YAML has read as
        true or false cannot be turned back into text: it must be quoted."""
        if not isinstance(table, dict):
            return table
        table = dict(table)
        if isinstance(table.get("columns"), dict):
            table["columns"] = {str(k): _text(v) for k, v in table["columns"].items()}
        if isinstance(table.get("values"), dict):
            known = columns(str(info.field_name))
            for column, labels in table["values"].items():
                spec = known.get(str(column))
                if spec is not None and spec.kind == "text" and isinstance(labels, dict) and any(
                        isinstance(x, bool) for k, v in labels.items()
                        for x in [k, *(v if isinstance(v, list) else [v])]):
                    raise ValueError(f"values.{column}: YAML reads an unquoted Yes, No, On or "
                                     "Off as true or false; put such labels in quotes ('Yes')")
            table["values"] = {
                str(column): {_label(k): _text(v) for k, v in labels.items()}
                if isinstance(labels, dict) else labels
                for column, labels in table["values"].items()
            }
        return table

    @field_validator(*TABLES)
    @classmethod
    def _known_names(cls, table: TableMapping, info: ValidationInfo) -> TableMapping:
        name = info.field_name
        assert name is not None
        known = columns(name)
        for column in [*table.columns, *table.values]:
            if column not in known:
                raise ValueError(f"'{column}' is not a column of {name}{_hint(column, known)}")
        for column, labels in table.values.items():
            spec = known[column]
            if spec.kind == "text":  # any value: a text column's labels are relabelled
                continue
            allowed = {"true": True, "false": False} if spec.kind == "boolean" else \
                {c: c for c in spec.choices}
            if not allowed:
                raise ValueError(f"values.{column}: {column} is {spec.kind}, so it has no "
                                 "labels to map (only text, enum and yes/no columns do)")
            for value in labels:
                if str(value).lower() not in allowed:
                    raise ValueError(f"values.{column}: '{value}' is not a {column}; expected "
                                     f"one of: {', '.join(allowed)}")
        return table

    def table(self, name: str) -> TableMapping:
        return getattr(self, name)


def _label(value: Any) -> str:
    return str(value).lower() if isinstance(value, bool) else str(value)


def _text(value: Any) -> Any:
    if isinstance(value, list):
        return [_label(v) for v in value]
    return _label(value) if isinstance(value, bool | int | float) else value


def _hint(word: str, choices: Any) -> str:
    close = difflib.get_close_matches(word, list(choices), n=1)
    return f" (did you mean '{close[0]}'?)" if close else f"; expected one of: {', '.join(choices)}"


def load_mapping(path: Path) -> Mapping:
    """Read and check a mapping file; every problem becomes a :class:`ConfigError`."""
    data = load_yaml(path, "mapping")
    if data is None:
        return Mapping()
    try:
        return Mapping.model_validate(data)
    except ValidationError as exc:
        raise ConfigError(f"{path}: the mapping is not valid:\n" + _explain(exc)) from None


def _explain(exc: ValidationError) -> str:
    lines = []
    for error in exc.errors():
        where = ".".join(str(p) for p in error["loc"])
        message = error["msg"].removeprefix("Value error, ")
        if error["type"] == "extra_forbidden":
            key = str(error["loc"][-1])
            parent = error["loc"][0] if len(error["loc"]) > 1 else None
            options = TableMapping.model_fields if parent else MODELS
            message = f"unknown key '{key}'{_hint(key, options)}"
        lines.append(f"  {where}: {message}" if where else f"  {message}")
    return "\n".join(lines)
