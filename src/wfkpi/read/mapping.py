"""Mapping files: how a council's own export becomes the canonical tables.

A mapping (YAML) names, for each table: the file (or glob) and sheet, the header row when it is
not found by itself, each canonical column's source header(s) and the source labels of its enum,
yes/no and text columns (a text column's labels are relabelled, as ethnicity often needs); and,
for the layouts HR systems export, a column's date formats and the dates meaning "no end",
several files for one table with values constant in each, rows to keep or leave out, FTE from
weekly hours, one block of an HCM Data Loader file, and date-effective rows to make into spells
(:mod:`wfkpi.read.history`). Mappings shipped for named HR systems are in ``wfkpi/mappings``.
See ``docs/mappings.md``.
"""

from __future__ import annotations

import datetime as dt
import difflib
import re
from pathlib import Path, PurePath
from typing import Any, Literal

from pydantic import (
    BaseModel,
    ConfigDict,
    Field,
    PrivateAttr,
    ValidationError,
    ValidationInfo,
    field_validator,
    model_validator,
)

from wfkpi.core.config import key_lines, load_yaml, package_file
from wfkpi.core.errors import ConfigError
from wfkpi.core.names import TABLES
from wfkpi.core.schema import MODELS, columns

Aliases = str | list[str]

# Dates an HR system writes for "no end" (Oracle HCM's end of time, SAP's and others'): read as
# blank in a date column that may be blank, unless the mapping's ``no_end`` says otherwise.
NO_END = ("4712-12-31", "9999-12-31")


def _as_list(value: Aliases | None) -> list[str]:
    if value is None:
        return []
    return [value] if isinstance(value, str) else list(value)


class ColumnSpec(BaseModel):
    """A column written out in full: its header(s) and how its cells are read."""

    model_config = ConfigDict(extra="forbid", defer_build=True)

    header: Aliases | None = Field(None, description="The file's header, or a list to try.")
    format: Aliases | None = Field(
        None, description="Date columns: the date format (Python's %Y/%m/%d codes), or a list "
                          "tried in order; without it, ISO, day-first or Excel serial dates.")
    hours: Aliases | None = Field(
        None, description="An FTE column (fte, vacancy_fte, agency_cover_fte): the header of "
                          "the contracted weekly hours; FTE = hours / standard_hours.")
    standard_hours: float | str | None = Field(
        None, description="With hours: the full-time week (37), or the header of a column "
                          "holding it row by row.")

    @field_validator("format")
    @classmethod
    def _formats_read_dates(cls, value: Aliases | None) -> Aliases | None:
        for form in _as_list(value):
            if _round_trip(form) is None:
                raise ValueError(f"'{form}' is not a date format that gives back the date it "
                                 "writes; use Python's codes, such as '%Y/%m/%d' or '%d-%b-%Y'")
        return value

    @model_validator(mode="after")
    def _hours_with_a_week(self) -> ColumnSpec:
        if (self.hours is None) != (self.standard_hours is None):
            raise ValueError("hours and standard_hours go together: fte = hours / "
                             "standard_hours (a number such as 37, or a column's header)")
        if self.hours is not None and self.header is not None:
            raise ValueError("give either header (the FTE column) or hours (to work it out "
                             "from hours), not both")
        if isinstance(self.standard_hours, float | int) and not 0 < self.standard_hours <= 168:
            raise ValueError("standard_hours is the hours of a full-time week, more than 0 "
                             "and at most 168")
        return self


def _round_trip(form: str) -> dt.date | None:
    """The date a format writes for 2025-09-30 and reads back, or None if it loses it."""
    day = dt.date(2025, 9, 30)
    try:
        back = dt.datetime.strptime(day.strftime(form), form).date()
    except ValueError:
        return None
    return back if back == day else None


class History(BaseModel):
    """Rows that are versions of one assignment, each from its effective date (Oracle HCM's
    and SAP SuccessFactors' date-effective records): collapsed into spells."""

    model_config = ConfigDict(extra="forbid", defer_build=True)

    key: Aliases | None = Field(
        None, description="The header of the assignment's key; rows with the same key are "
                          "versions of one assignment. Default: the worker_id column.")
    action: Aliases | None = Field(
        None, description="The header of the action each row records (HIRE, TERMINATION ...).")
    end_actions: list[str] = Field(
        default_factory=list, description="Actions that end the assignment; such a row takes "
                                          "effect the day after the last day worked.")

    @model_validator(mode="after")
    def _actions_together(self) -> History:
        if (self.action is None) != (not self.end_actions):
            raise ValueError("action and end_actions go together: the column of actions, "
                             "and which of them end an assignment (such as [TERMINATION])")
        return self


_FILTERS = ("where", "skip")


class TableMapping(BaseModel):
    model_config = ConfigDict(extra="forbid", defer_build=True)

    file: str | None = Field(None, description="File name or glob, relative to the data folder.")
    files: list[TableMapping] | None = Field(
        None, description="Several files (or globs) for the table, read one after the other; "
                          "each entry's keys override the table's for that file.")
    sheet: str | int | None = Field(None, description="Sheet name, or its number from 1.")
    block: str | None = Field(
        None, description="In a text file of several blocks (an HCM Data Loader .dat file), "
                          "the block to read: its METADATA line is the header, its MERGE lines "
                          "the rows.")
    header_row: int | None = Field(None, ge=1, description="Spreadsheet row of the header.")
    columns: dict[str, ColumnSpec] = Field(
        default_factory=dict, description="Canonical column: source header(s), or in full "
                                          "{header, format, hours, standard_hours}.")
    values: dict[str, dict[str, Aliases]] = Field(
        default_factory=dict, description="Column: value: source label(s).")
    constants: dict[str, str] = Field(
        default_factory=dict, description="Canonical column: its value on every row.")
    no_end: list[str] | None = Field(
        None, description="Dates meaning 'no end', read as blank where a date may be blank "
                          "(default 4712-12-31 and 9999-12-31).")
    where: dict[str, Aliases] = Field(
        default_factory=dict, description="Header or column: the labels of the rows to keep.")
    skip: dict[str, str] = Field(
        default_factory=dict, description="Header or column: a pattern; rows it finds are "
                                          "left out.")
    history: History | Literal[False] | None = Field(
        None, description="Date-effective rows: versions of one assignment, made into spells "
                          "(false in an entry of files: this file holds spells).")

    # Where the mapping is, to point at a line (`where_is`): set by load_mapping.
    _origin: str = PrivateAttr("")
    _lines: dict[tuple[Any, ...], int] = PrivateAttr(default_factory=dict)
    _prefix: tuple[Any, ...] = PrivateAttr(())  # an entry of files: ("files", its index)

    @field_validator("columns", mode="before")
    @classmethod
    def _in_full(cls, given: Any) -> Any:
        """A header, or a list of headers, is the column's ``header``."""
        if not isinstance(given, dict):
            return given
        return {name: {"header": spec} if isinstance(spec, str | list) else spec
                for name, spec in given.items()}

    @field_validator("file")
    @classmethod
    def _inside_the_folder(cls, pattern: str | None) -> str | None:
        """A file pattern names files in the extract's folder (or below it), never elsewhere."""
        if pattern is not None and (PurePath(pattern).is_absolute() or pattern.startswith("~")
                                    or ".." in PurePath(pattern).parts):
            raise ValueError(f"{pattern!r} points outside the data folder; give a file name or "
                             "glob relative to it, such as 'Establishment*.csv'")
        return pattern

    @field_validator("no_end")
    @classmethod
    def _real_dates(cls, dates: list[str] | None) -> list[str] | None:
        for text in dates or []:
            try:
                dt.date.fromisoformat(text)
            except ValueError:
                raise ValueError(f"no_end: '{text}' is not a date written YYYY-MM-DD, such "
                                 "as 4712-12-31") from None
        return dates

    @field_validator("skip")
    @classmethod
    def _patterns(cls, skip: dict[str, str]) -> dict[str, str]:
        for header, pattern in skip.items():
            try:
                re.compile(pattern)
            except re.error as exc:
                raise ValueError(f"skip.{header}: '{pattern}' is not a pattern ({exc})") \
                    from None
        return skip

    @model_validator(mode="after")
    def _files_or_file(self) -> TableMapping:
        if self.files is not None:
            if self.file is not None:
                raise ValueError("give file (one file or glob) or files (a list), not both")
            for entry in self.files:
                if entry.file is None:
                    raise ValueError("each entry of files names its file")
                if entry.files is not None:
                    raise ValueError("an entry of files cannot hold files of its own")
        for name, spec in self.columns.items():
            if name in self.constants:
                raise ValueError(f"{name} is under both columns and constants; give one")
            if spec.header is None and spec.hours is None:
                raise ValueError(f"columns.{name}: give its header")
        return self

    # -- reading -----------------------------------------------------------------------

    def spec(self, column: str) -> ColumnSpec:
        return self.columns.get(column) or ColumnSpec()

    def headers_for(self, column: str) -> list[str]:
        """Source headers for a canonical column, most specific first (the name itself last).
        A column worked out from hours, or given as a constant, has none."""
        spec = self.spec(column)
        if spec.hours is not None or column in self.constants:
            return []
        return [*_as_list(spec.header), column]

    def extra_headers(self) -> dict[str, list[str]]:
        """The headers read besides the columns': a column's hours and standard week
        (``fte.hours``), the history's key and action, and the filters'."""
        extra: dict[str, list[str]] = {}
        for name, spec in self.columns.items():
            if spec.hours is not None:
                extra[f"{name}.hours"] = _as_list(spec.hours)
            if isinstance(spec.standard_hours, str):
                extra[f"{name}.standard_hours"] = [spec.standard_hours]
        if self.history:
            if self.history.key is not None:
                extra["history.key"] = _as_list(self.history.key)
            if self.history.action is not None:
                extra["history.action"] = _as_list(self.history.action)
        for kind in _FILTERS:
            for name in getattr(self, kind):
                extra[f"{kind}.{name}"] = self.filter_headers(name)
        return extra

    def labels_for(self, column: str) -> dict[str, Any]:
        """Source label -> value for one column, the value as the mapping writes it."""
        return {label: value for value, labels in self.values.get(column, {}).items()
                for label in _as_list(labels)}

    def date_formats(self, column: str) -> tuple[str, ...]:
        return tuple(_as_list(self.spec(column).format))

    def no_end_dates(self) -> frozenset[dt.date]:
        return frozenset(dt.date.fromisoformat(d)
                         for d in (NO_END if self.no_end is None else self.no_end))

    def filter_headers(self, name: str) -> list[str]:
        """The headers a ``where`` or ``skip`` entry names: a canonical column's, or itself."""
        return self.headers_for(name) if name in self.columns else [name]

    def entries(self) -> list[TableMapping]:
        """One mapping per file entry: the table's, or each of ``files`` with its keys over
        the table's (columns, values and constants merged, the entry's winning)."""
        if self.files is None:
            return [self]
        return [self._merged(entry, i) for i, entry in enumerate(self.files)]

    def _merged(self, entry: TableMapping, index: int) -> TableMapping:
        given = entry.model_fields_set
        merged = self.model_copy(update={
            **{key: getattr(entry, key) for key in ("file", "sheet", "block", "header_row",
                                                     "no_end", "history") if key in given},
            "files": None,
            "columns": {**{c: s for c, s in self.columns.items() if c not in entry.constants},
                        **entry.columns},
            "values": {c: {**self.values.get(c, {}), **entry.values.get(c, {})}
                       for c in {*self.values, *entry.values}},
            "constants": {**{c: v for c, v in self.constants.items() if c not in entry.columns},
                          **entry.constants},
            "where": {**self.where, **entry.where},
            "skip": {**self.skip, **entry.skip},
        })
        merged._origin = self._origin
        merged._lines = self._lines
        merged._prefix = ("files", index)
        return merged

    def where_is(self, *keys: Any) -> str:
        """The mapping file and the line of ``keys`` (within this table), for a message."""
        for n in range(len(keys), -1, -1):  # the key itself, in the entry or the table
            for path in ((*self._prefix, *keys[:n]), keys[:n]):
                if path and path in self._lines:
                    return f"{self._origin}, line {self._lines[path]}"
        return self._origin or "the mapping"


class Mapping(BaseModel):
    model_config = ConfigDict(extra="forbid", defer_build=True)

    about: str | None = Field(None, description="What the mapping reads, in a line.")
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
        table = _texts(table, str(info.field_name))
        if isinstance(table.get("files"), list):
            table["files"] = [_texts(e, str(info.field_name)) if isinstance(e, dict) else e
                              for e in table["files"]]
        return table

    @field_validator(*TABLES)
    @classmethod
    def _known_names(cls, table: TableMapping, info: ValidationInfo) -> TableMapping:
        name = info.field_name
        assert name is not None
        for entry in [table, *(table.files or [])]:
            _check_names(entry, name)
        if any(e.history for e in [table, *(table.files or [])]) and name != "workers":
            raise ValueError("history: only workers are read from date-effective rows")
        return table

    def table(self, name: str) -> TableMapping:
        return getattr(self, name)

    def table_of(self, path: Path) -> tuple[str, TableMapping] | None:
        """The table, and the mapping of the entry, whose ``file`` pattern ``path`` matches."""
        for name in MODELS:
            for entry in self.table(name).entries():
                if entry.file and path.match(entry.file):
                    return name, entry
        return None


def _check_names(table: TableMapping, name: str) -> None:
    known = columns(name)
    for key in ("columns", "values", "constants"):
        for column in getattr(table, key):
            if column not in known:
                raise ValueError(f"{key}.{column}: '{column}' is not a column of {name}"
                                 f"{_hint(column, known)}")
    for column, spec in table.columns.items():
        if spec.format is not None and known[column].kind != "date":
            raise ValueError(f"columns.{column}: format is for date columns; {column} is "
                             f"{known[column].kind}")
        if spec.hours is not None and (name, column) not in _FROM_HOURS:
            raise ValueError(f"columns.{column}: hours and standard_hours work out fte only")
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


_FROM_HOURS = {("workers", "fte"), ("vacancies", "vacancy_fte"), ("vacancies", "agency_cover_fte")}


def _texts(table: dict[Any, Any], name: str) -> dict[Any, Any]:
    """A table's headers, labels and constants as text (see ``Mapping._as_text``)."""
    table = dict(table)
    if isinstance(table.get("columns"), dict):
        table["columns"] = {str(k): _text(v) if not isinstance(v, dict) else
                            {str(a): _text(b) if a != "standard_hours" else b
                             for a, b in v.items()}
                            for k, v in table["columns"].items()}
    for key in ("constants", "where"):
        if isinstance(table.get(key), dict):
            table[key] = {str(k): _text(v) for k, v in table[key].items()}
    if isinstance(table.get("skip"), dict):
        table["skip"] = {str(k): _text(v) for k, v in table["skip"].items()}
    if isinstance(table.get("no_end"), list):
        table["no_end"] = [str(d) for d in table["no_end"]]
    if isinstance(table.get("values"), dict):
        known = columns(name)
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


def _label(value: Any) -> str:
    return str(value).lower() if isinstance(value, bool) else str(value)


def _text(value: Any) -> Any:
    if isinstance(value, list):
        return [_label(v) for v in value]
    return _label(value) if isinstance(value, bool | int | float) else value


def _hint(word: str, choices: Any) -> str:
    close = difflib.get_close_matches(word, list(choices), n=1)
    return f" (did you mean '{close[0]}'?)" if close else f"; expected one of: {', '.join(choices)}"


def shipped() -> dict[str, Path]:
    """The mappings wfkpi ships for HR systems (``src/wfkpi/mappings``), by name."""
    return {p.stem: p for p in sorted(package_file("mappings").glob("*.yaml"))}


def mapping_file(given: Path) -> Path:
    """The mapping file ``given`` names: a file, or else the name of a shipped mapping."""
    named = shipped()
    if given.exists() or given.suffix or len(given.parts) > 1:
        return given
    if given.name in named:
        return named[given.name]
    raise ConfigError(f"{given}: no such mapping file, nor a mapping wfkpi ships "
                      f"({', '.join(named)}; see `wfkpi mappings`)")


def load_mapping(path: Path) -> Mapping:
    """Read and check a mapping file (or a shipped mapping, by name: :func:`mapping_file`);
    every problem becomes a :class:`ConfigError` naming the file and line."""
    given, path = path, mapping_file(path)
    data = load_yaml(path, "mapping")
    if data is None:
        return Mapping()
    lines = key_lines(path)
    try:
        mapping = Mapping.model_validate(data)
    except ValidationError as exc:
        raise ConfigError(f"{path}: the mapping is not valid:\n" + _explain(exc, lines)) \
            from None
    for name in MODELS:
        table = mapping.table(name)
        table._origin = str(given)  # as the user named it: a file, or a shipped mapping
        table._lines = {key[1:]: line for key, line in lines.items() if key[0] == name}
    return mapping


_KEY_FIRST = re.compile(r"((?:columns|values|constants)\.[^.:]+): ")
_MODELS_BY_KEY: dict[str, type[BaseModel]] = {"history": History, "files": TableMapping}


def _explain(exc: ValidationError, lines: dict[tuple[Any, ...], int]) -> str:
    messages = []
    # pydantic names the branch of a union and the validator in the path; keys do not
    errors = [(tuple(p for p in e["loc"] if not (isinstance(p, str) and "[" in p)), e)
              for e in exc.errors()]
    deeper = {loc[:n] for loc, _ in errors for n in range(1, len(loc))}
    for loc, error in errors:
        if error["type"] == "literal_error" and loc in deeper:
            continue  # `history: false` does not fit a history whose own keys are wrong
        where = ".".join(str(p) for p in loc)
        message = error["msg"].removeprefix("Value error, ")
        # a check of a whole table starts its message with the key it is about
        if (found := _KEY_FIRST.match(message)) and len(loc) == 1:
            loc, message = (*loc, *found[1].split(".")), message[found.end():]
            where = ".".join(str(p) for p in loc)
        line = next((lines[loc[:n]] for n in range(len(loc), 0, -1) if loc[:n] in lines),
                    None)
        if error["type"] == "extra_forbidden":
            key = str(loc[-1])
            messages.append((line, where, f"unknown key '{key}'{_hint(key, _keys(loc))}"))
            continue
        messages.append((line, where, message))
    return "\n".join(f"  line {line}, {where}: {message}" if line and where else
                     f"  {where}: {message}" if where else f"  {message}"
                     for line, where, message in messages)


def _keys(loc: tuple[Any, ...]) -> Any:
    """The keys allowed where an unknown key ``loc[-1]`` was found."""
    if len(loc) == 1:
        return Mapping.model_fields
    if len(loc) >= 4 and loc[-3] == "columns":
        return ColumnSpec.model_fields
    parent = next((p for p in reversed(loc[:-1]) if isinstance(p, str)), "")
    return _MODELS_BY_KEY.get(parent, TableMapping).model_fields
