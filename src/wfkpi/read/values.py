"""Turning cell text into typed values, column by column.

Each parser works on the *distinct* values of a column (a column of a million rows has a few
thousand distinct dates at most) and maps the answers back with a vectorised take, so the cost is
that of ``pandas.factorize`` plus one Python call per distinct value. A column of dates or
numbers that pyarrow's own conversion reads exactly as the parser would is converted whole
instead (:func:`_read_whole`).

A parser returns the value, or a :class:`Bad` saying which issue code applies and why.
"""

from __future__ import annotations

import datetime as dt
import math
import re
from collections.abc import Callable, Collection, Mapping
from dataclasses import dataclass
from functools import lru_cache
from typing import Any

import numpy as np
import pandas as pd
import pyarrow as pa
import pyarrow.compute as pc

from wfkpi.core.arrow import arrow_text, factorize
from wfkpi.core.schema import EARLIEST_DATE, LATEST_DATE, Column


@dataclass(frozen=True)
class Bad:
    code: str
    message: str


# ---------------------------------------------------------------------------- dates

_MONTHS = {
    name: number
    for number, names in enumerate(
        [
            ("jan", "january"), ("feb", "february"), ("mar", "march"), ("apr", "april"),
            ("may",), ("jun", "june"), ("jul", "july"), ("aug", "august"),
            ("sep", "sept", "september"), ("oct", "october"), ("nov", "november"),
            ("dec", "december"),
        ],
        start=1,
    )
    for name in names
}
_TIME = r"(?:[ T]\d{1,2}:\d{2}(?::\d{2}(?:\.\d+)?)?)?"  # a time of day is ignored
_ISO = re.compile(rf"(\d{{4}})-(\d{{1,2}})-(\d{{1,2}}){_TIME}")
_DAY_FIRST = re.compile(rf"(\d{{1,2}})[/.-](\d{{1,2}})[/.-](\d{{4}}|\d{{2}}){_TIME}")
_TEXT_MONTH = re.compile(rf"(\d{{1,2}})[ -]([A-Za-z]{{3,9}})\.?[ -](\d{{4}}|\d{{2}}){_TIME}")
_COMPACT = re.compile(r"(\d{4})(\d{2})(\d{2})")
_SERIAL = re.compile(r"\d{1,7}(?:\.\d+)?")
_MIN_SERIAL = 10_000  # 18 May 1927; smaller numbers are more likely years or typing slips
_EXCEL_EPOCH = dt.date(1899, 12, 30)
_MAX_SERIAL = (LATEST_DATE - _EXCEL_EPOCH).days
_DATE_FORMS = "ISO (2025-09-30), day-first (30/09/2025, 30 Sep 2025) or an Excel serial number"


def _year(text: str) -> int:
    """Four-digit years as written; two-digit years 00-49 are 2000s, 50-99 are 1900s."""
    year = int(text)
    if len(text) == 2:
        year += 2000 if year < 50 else 1900
    return year


def _checked(year: int, month: int, day: int, written: str) -> dt.date | Bad:
    try:
        value = dt.date(year, month, day)
    except ValueError:
        return Bad("bad-date", f"not a real {written} date")
    if not EARLIEST_DATE <= value <= LATEST_DATE:
        return Bad("out-of-range", f"dates before {EARLIEST_DATE.year} or after "
                                   f"{LATEST_DATE.year} are not accepted")
    return value


@lru_cache(maxsize=65536)
def parse_date(text: str) -> dt.date | Bad:
    """One date from its text. Day-first is never swapped to month-first."""
    return _checked_date(_written(text))


@dataclass(frozen=True)
class DateParser:
    """A parser of dates in the mapping's ``formats`` (Python's ``%Y/%m/%d`` codes, tried in
    order; without them, :func:`parse_date`'s), reading the dates of ``no_end`` as blank.
    Built-in forms and no ``no_end`` parse as :func:`parse_date` does."""

    formats: tuple[str, ...] = ()
    no_end: frozenset[dt.date] = frozenset()

    def __call__(self, text: str) -> dt.date | None | Bad:
        return _parse_in(text, self.formats, self.no_end)


@lru_cache(maxsize=65536)
def _parse_in(
    text: str, formats: tuple[str, ...], no_end: frozenset[dt.date]
) -> dt.date | None | Bad:
    found = _formatted(text, formats) if formats else _written(text)
    if not isinstance(found, Bad) and any(found[:3] == (d.year, d.month, d.day) for d in no_end):
        return None
    return _checked_date(found)


def date_parser(
    formats: tuple[str, ...] = (), no_end: frozenset[dt.date] = frozenset()
) -> Callable[[str], dt.date | None | Bad]:
    """:class:`DateParser` of ``formats`` and ``no_end``; :func:`parse_date` with neither."""
    if not formats and not no_end:
        return parse_date
    return DateParser(tuple(formats), frozenset(no_end))


_Written = tuple[int, int, int, str]  # year, month, day, and how the date was written


def _written(text: str) -> _Written | Bad:
    if m := _ISO.fullmatch(text):
        return int(m[1]), int(m[2]), int(m[3]), "ISO (YYYY-MM-DD)"
    if m := _DAY_FIRST.fullmatch(text):
        return _year(m[3]), int(m[2]), int(m[1]), _DAY_FIRST_WRITTEN
    if m := _TEXT_MONTH.fullmatch(text):
        month = _MONTHS.get(m[2].lower())
        if month is None:
            return Bad("bad-date", f"unknown month name; expected {_DATE_FORMS}")
        return _year(m[3]), month, int(m[1]), "day-month-year"
    if m := _COMPACT.fullmatch(text):
        return int(m[1]), int(m[2]), int(m[3]), "YYYYMMDD"
    if _SERIAL.fullmatch(text):
        serial = math.floor(float(text))
        if not _MIN_SERIAL <= serial <= _MAX_SERIAL:
            return Bad("bad-date", f"not a date; a number is read as an Excel serial date only "
                                   f"from {_MIN_SERIAL} (1927) to {_MAX_SERIAL} (2100)")
        return (*_from_serial(serial), "Excel serial")
    return Bad("bad-date", f"not a date; expected {_DATE_FORMS}")


_DAY_FIRST_WRITTEN = "day-first (DD/MM/YYYY)"
_TIME_AFTER = re.compile(r"(.+?)[ T]\d{1,2}:\d{2}(?::\d{2}(?:\.\d+)?)?")


def _formatted(text: str, formats: tuple[str, ...]) -> _Written | Bad:
    """The date ``text`` writes in the first of ``formats`` that reads it (a time of day
    after it is ignored)."""
    bare = m[1] if (m := _TIME_AFTER.fullmatch(text)) else text
    for form in formats:
        for candidate in dict.fromkeys((text, bare)):
            try:
                value = dt.datetime.strptime(candidate, form)
            except ValueError:
                continue
            return value.year, value.month, value.day, f"'{form}'"
    listed = " or ".join(f"'{f}'" for f in formats)
    if shaped_like(text, formats):
        return Bad("bad-date", f"not a real date, though written as the mapping's {listed}")
    return Bad("bad-date", f"not a date in the mapping's format {listed}")


_FIELDS = {"Y": r"\d{4}", "y": r"\d{2}", "m": r"\d{1,2}", "d": r"\d{1,2}", "H": r"\d{1,2}",
           "M": r"\d{1,2}", "S": r"\d{1,2}", "b": r"[A-Za-z]{3}", "B": r"[A-Za-z]+",
           "p": r"[AaPp][Mm]", "f": r"\d+", "%": "%"}


@lru_cache(maxsize=256)
def _shape(form: str) -> re.Pattern[str]:
    """What text written in ``form`` looks like: its fields as digits or letters, the rest as
    written (a field without a shape here matches anything)."""
    parts = re.split(r"(%.)", form)
    return re.compile("".join(_FIELDS.get(p[1], ".*") if p.startswith("%") and len(p) == 2
                              else re.escape(p) for p in parts) + _TIME)


def shaped_like(text: str, formats: tuple[str, ...]) -> bool:
    """Whether ``text`` has the shape of a date written in one of ``formats``, real or not
    (``2024/13/01`` has the shape of ``%Y/%m/%d``)."""
    return any(_shape(form).fullmatch(text) for form in formats)


def _checked_date(found: _Written | Bad) -> dt.date | Bad:
    if isinstance(found, Bad):
        return found
    year, month, day, written = found
    result = _checked(year, month, day, written)
    if isinstance(result, Bad) and result.code == "bad-date" and \
            written == _DAY_FIRST_WRITTEN and _real(year, day, month):
        return Bad("bad-date", "not a real day-first (DD/MM/YYYY) date; it reads as "
                               "month-first, which wfkpi never assumes")
    return result


def _real(year: int, month: int, day: int) -> bool:
    try:
        dt.date(year, month, day)
    except ValueError:
        return False
    return True


def _from_serial(serial: int) -> tuple[int, int, int]:
    value = _EXCEL_EPOCH + dt.timedelta(days=serial)
    return value.year, value.month, value.day


# --------------------------------------------------------------------------- numbers

_THOUSANDS = re.compile(r"-?\d{1,3}(?:,\d{3})+(?:\.\d+)?")


@lru_cache(maxsize=65536)
def parse_number(text: str) -> float | Bad:
    """A decimal as people write it: ``1.0``, `` 0.8 ``, ``80%``, ``1,234.5``."""
    body, scale = text, 1.0
    if body.endswith("%"):
        body, scale = body[:-1].strip(), 0.01
    if _THOUSANDS.fullmatch(body):
        body = body.replace(",", "")
    try:
        value = float(body)
    except ValueError:
        return Bad("bad-number", "not a number")
    if not math.isfinite(value):
        return Bad("bad-number", "not a finite number")
    if abs(value) > MAX_WHOLE:  # sums of such figures could overflow to infinity
        return Bad("bad-number", f"beyond ±{MAX_WHOLE:,}, more than any figure here can be")
    return value * scale + 0.0  # + 0.0 turns -0.0 into 0.0


def parse_integer(text: str) -> int | Bad:
    value = parse_number(text)
    if isinstance(value, Bad):
        beyond = value.message.startswith("beyond")
        return Bad("bad-integer", value.message if beyond else "not a whole number")
    if not value.is_integer():
        return Bad("bad-integer", "not a whole number")
    return int(value)


MAX_WHOLE = 2**53  # the largest whole number a float holds exactly; far beyond any count


_BOOLEANS = {
    "true": True, "yes": True, "y": True, "1": True, "1.0": True,
    "false": False, "no": False, "n": False, "0": False, "0.0": False,
}


def label_key(text: str) -> str:
    """How labels are compared: case, spaces, hyphens and underscores do not matter."""
    return re.sub(r"[\s_\-]+", "_", text.strip().lower())


def boolean_parser(aliases: Mapping[str, bool]) -> Callable[[str], bool | Bad]:
    table = {**_BOOLEANS, **{label_key(k): v for k, v in aliases.items()}}

    def parse(text: str) -> bool | Bad:
        value = table.get(label_key(text))
        return Bad("bad-boolean", "not yes/no, true/false, y/n or 1/0") if value is None else value

    return parse


def enum_parser(column: Column, aliases: Mapping[str, str]) -> Callable[[str], str | Bad]:
    """Canonical values (any case, spaces for underscores) plus the mapping's labels."""
    table = {label_key(choice): choice for choice in column.choices}
    table.update({label_key(label): table[label_key(choice)] for label, choice in aliases.items()})
    allowed = ", ".join(column.choices)

    def parse(text: str) -> str | Bad:
        value = table.get(label_key(text))
        if value is None:
            return Bad("bad-value", f"not a known value; expected one of: {allowed} "
                                    f"(or map the label under values.{column.name})")
        return value

    return parse


# ------------------------------------------------------------------------- columns

@dataclass
class Parsed:
    """A column after parsing: typed values, plus which rows were bad and why."""

    values: pd.Series
    bad: pd.Series  # bool mask
    reasons: dict[int, Bad]  # position in ``uniques`` -> reason
    codes: np.ndarray  # per row: index into ``uniques``, -1 for blank
    uniques: np.ndarray  # (none for a column read whole, where every value was read)


DTYPES = {  # the dtype of each kind of canonical column, as the engine receives it
    "text": "str",
    "enum": "str",
    "number": "float64",
    "integer": "Int64",
    "boolean": "boolean",
    "date": "datetime64[ns]",
}


def parse_column(cells: pd.Series, column: Column, parse: Callable[[str], Any]) -> Parsed:
    """Parse the distinct non-blank values of ``cells`` and map them back to every row; or,
    when pyarrow's own conversion reads every value as ``parse`` would, the whole column in
    one pass (:func:`_read_whole`)."""
    whole = _read_whole(cells, parse)
    if whole is not None:  # (arrays of its own: pandas need not copy them)
        return Parsed(values=pd.Series(whole, index=cells.index, copy=False),
                      bad=pd.Series(np.zeros(len(cells), dtype=bool), index=cells.index,
                                    copy=False),
                      reasons={}, codes=np.broadcast_to(np.intp(-1), len(cells)),
                      uniques=np.array([], dtype=object))
    codes, uniques = _factorize(cells)
    results = [parse(u) for u in uniques]
    reasons = {i: r for i, r in enumerate(results) if isinstance(r, Bad)}
    good = [None if isinstance(r, Bad) else r for r in results]
    bad_unique = np.zeros(len(uniques) + 1, dtype=bool)
    if reasons:
        bad_unique[list(reasons)] = True
    bad = bad_unique[codes]  # codes == -1 picks the trailing False
    values = _take(good, codes, column.kind)
    # Blank and bad rows are already missing: ``good`` holds None for a bad value, and a blank
    # row's code, -1, takes the None appended last.
    return Parsed(values=pd.Series(values, index=cells.index, copy=False),
                  bad=pd.Series(bad, index=cells.index, copy=False), reasons=reasons,
                  codes=codes, uniques=uniques)


def _read_whole(cells: pd.Series, parse: Callable[[str], Any]) -> Any:
    """The typed values of a column of numbers or dates, converted by pyarrow in one pass
    (several times faster than parsing each distinct value), or None when any value is not one
    the conversion reads exactly as ``parse`` does: then every value goes through ``parse``,
    which also words what is wrong.

    pyarrow reads a subset of what ``parse`` reads, to the same value: a date only as
    ``YYYY-MM-DD`` (and only a real one), a number only in Python's own float syntax (``80%``
    and ``1,234`` fail), correctly rounded as ``float`` is. What ``parse`` then refuses or
    changes is done or checked on the result: dates read as no end are blank, dates outside
    the accepted years refused, and numbers not finite, too large, or (for whole numbers) with
    a fraction refused. The random
    columns of tests/read/test_whole_columns.py hold the two readings equal."""
    plain_date = parse is parse_date or (isinstance(parse, DateParser) and not parse.formats)
    if not arrow_text(cells) or not (plain_date or parse in (parse_number, parse_integer)):
        return None
    text = pa.chunked_array(pa.array(cells.array))
    try:
        typed = pc.cast(text, pa.date32() if plain_date else pa.float64())
    except (pa.ArrowInvalid, pa.ArrowNotImplementedError):
        return None
    if plain_date:
        return _whole_dates(typed, parse.no_end if isinstance(parse, DateParser) else ())
    lowest, highest = pc.min_max(typed).values()  # (missing values left out)
    if pc.any(pc.is_nan(typed)).as_py() or (lowest.is_valid and (
            lowest.as_py() < -MAX_WHOLE or highest.as_py() > MAX_WHOLE)):
        return None  # a value not finite or out of range: parse_number words why
    values = typed.to_numpy() if typed.num_chunks else np.array([], dtype=np.float64)
    values = values + 0.0  # as parse_number: -0.0 is 0.0 (and missing is NaN)
    if parse is parse_number:
        return values
    if not np.array_equal(np.floor(values), values, equal_nan=True):
        return None  # a fraction: not a whole number
    missing = np.isnan(values)
    return pd.arrays.IntegerArray(np.where(missing, 0, values).astype(np.int64), missing)


_FIRST_DAY, _LAST_DAY = ((day - dt.date(1970, 1, 1)).days for day in (EARLIEST_DATE, LATEST_DATE))


def _whole_dates(typed: pa.ChunkedArray, no_end: Collection[dt.date]) -> np.ndarray | None:
    """A column converted to dates, as ``datetime64[ns]`` (missing as NaT), the dates read as
    no end (an HR system's 4712-12-31) blank as the parser leaves them; when every other date
    is in the accepted years."""
    if no_end:
        ends = pc.is_in(typed, pa.array(sorted(no_end), pa.date32()))
        if pc.any(ends).as_py():
            typed = pc.if_else(ends, pa.scalar(None, pa.date32()), typed)
    if typed.null_count < len(typed):
        # (compared as days since 1970: pyarrow reads dates, such as year 0, Python has not)
        first, last = pc.min_max(typed.cast(pa.int32())).values()
        if first.as_py() < _FIRST_DAY or last.as_py() > _LAST_DAY:
            return None
    days = typed.to_numpy() if typed.num_chunks else np.array([], dtype="datetime64[D]")
    return days.astype("datetime64[ns]")


def _factorize(cells: pd.Series) -> tuple[np.ndarray, np.ndarray]:
    """:func:`wfkpi.core.arrow.factorize`, the distinct values as Python objects."""
    codes, uniques = factorize(cells)
    return codes, np.array(uniques.tolist(), dtype=object)


def _take(good: list[Any], codes: np.ndarray, kind: str) -> Any:
    dtype = DTYPES[kind]
    if kind == "date":
        base = pd.to_datetime(pd.Series(good + [None], dtype=object)).astype(dtype).to_numpy()
    else:
        base = pd.array(good + [None], dtype=dtype)
    return base[codes] if kind == "date" else base.take(codes)


def text_column(cells: pd.Series) -> pd.Series:
    """Trimmed text, blank as missing."""
    return blank_as_missing(cells.astype("str"))


def relabel(texts: pd.Series, aliases: Mapping[str, str]) -> pd.Series:
    """A text column with the mapping's labels replaced by their values: a cell matching a
    label (case, spaces, hyphens and underscores aside) becomes the value, other cells stay as
    they are. Each distinct text is looked up once."""
    table = {label_key(label): value for label, value in aliases.items()}
    return map_distinct(texts, lambda text: table.get(label_key(text), text))


# An id written as a number: digits, perhaps after zeros, perhaps with a decimal part of zeros
# ("0100634", "100634.0"); the digits that matter are the group. (Python's re and pyarrow's
# RE2 read it alike: tests/read/test_fast_reading.py.)
NUMBER_ID = r"0*([0-9]+?)(?:\.0+)?"


def worker_id(text: str) -> str:
    """A worker id as ids are compared (docs/data-contract.md): an id of digits is the number
    it writes, without leading zeros or a decimal part of zeros (``0100634``, ``100634.0`` and
    ``100634`` are one id; ``0`` stays ``0``); any other id is its text."""
    m = re.fullmatch(NUMBER_ID, text)
    return m[1] if m else text


def worker_ids(texts: pd.Series) -> pd.Series:
    """:func:`worker_id` of every cell of a text column. Only an id starting with ``0`` or
    holding ``.`` can change, so a column with neither (looked for at C speed) is returned
    as it is; otherwise pyarrow rewrites the column in one call (on text it holds), or each
    distinct id is worked out once."""
    if not arrow_text(texts):
        return map_distinct(texts, worker_id)
    array = pa.array(texts.array)
    if not pc.any(pc.or_(pc.starts_with(array, "0"), pc.match_substring(array, "."))).as_py():
        return texts
    changed = pc.replace_substring_regex(array, f"^{NUMBER_ID}$", r"\1")
    return pd.Series(changed, dtype=texts.dtype, index=texts.index, name=texts.name)


def map_distinct(texts: pd.Series, change: Callable[[str], str]) -> pd.Series:
    """``texts.map(change)`` for a text column, with ``change`` called once per distinct text
    (missing stays missing)."""
    codes, uniques = _factorize(texts)
    changed = [change(u) for u in uniques]
    if changed == list(uniques):
        return texts
    return pd.Series(_take(changed, codes, "text"), index=texts.index, name=texts.name)


def blank_as_missing(cells: pd.Series) -> pd.Series:
    """``cells.where(cells != "")``: empty text as missing. On the pyarrow-backed ``str`` dtype
    (what every reader gives) it is done with one pyarrow call, several times faster than
    pandas' ``where`` on a million rows."""
    if not arrow_text(cells):
        return cells.where(cells != "")
    array = pa.array(cells.array)
    empty = pc.equal(array, "")
    if not pc.any(empty).as_py():  # (copying a million texts for nothing takes a while)
        return cells
    missing = pc.if_else(empty, pa.scalar(None, array.type), array)
    return pd.Series(missing, dtype=cells.dtype, index=cells.index, name=cells.name)
