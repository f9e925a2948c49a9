"""Cell text to typed values: dates, numbers, yes/no and enumerations (wfkpi.read.values)."""

from __future__ import annotations

import datetime as dt
import math

import pandas as pd
import pytest
from hypothesis import given, settings
from hypothesis import strategies as st

from wfkpi.core.schema import columns
from wfkpi.read.values import (
    Bad,
    boolean_parser,
    enum_parser,
    parse_column,
    parse_date,
    parse_integer,
    parse_number,
)

D = dt.date


# ----------------------------------------------------------------------------- dates

@pytest.mark.parametrize(
    ("text", "expected"),
    [
        # ISO, with or without leading zeros, with a midnight time
        ("2025-09-30", D(2025, 9, 30)),
        ("2025-9-3", D(2025, 9, 3)),
        ("2025-09-30 00:00:00", D(2025, 9, 30)),
        ("2025-09-30T00:00:00", D(2025, 9, 30)),
        ("2025-09-30 00:00", D(2025, 9, 30)),
        # day-first with / - .
        ("30/09/2025", D(2025, 9, 30)),
        ("30-09-2025", D(2025, 9, 30)),
        ("30.09.2025", D(2025, 9, 30)),
        ("3/9/2025", D(2025, 9, 3)),
        ("30/09/2025 00:00", D(2025, 9, 30)),
        # month names
        ("30 Sep 2025", D(2025, 9, 30)),
        ("30 sep 2025", D(2025, 9, 30)),
        ("30-Sep-2025", D(2025, 9, 30)),
        ("30-Sep-25", D(2025, 9, 30)),
        ("30 Sept 2025", D(2025, 9, 30)),
        ("30 Sep. 2025", D(2025, 9, 30)),
        ("30 September 2025", D(2025, 9, 30)),
        ("1 JAN 2025", D(2025, 1, 1)),
        # two-digit years: 00-49 are 2000s, 50-99 are 1900s
        ("30/09/25", D(2025, 9, 30)),
        ("01/01/00", D(2000, 1, 1)),
        ("31/12/49", D(2049, 12, 31)),
        ("01/01/50", D(1950, 1, 1)),
        ("14/07/68", D(1968, 7, 14)),
        # compact
        ("20250930", D(2025, 9, 30)),
        # Excel serials (1900 date system), fractions are times of day
        ("45930", D(2025, 9, 30)),
        ("45930.0", D(2025, 9, 30)),
        ("45930.75", D(2025, 9, 30)),
        ("43836", D(2020, 1, 6)),
        ("10000", D(1927, 5, 18)),
        ("2025-09-30 09:15:00", D(2025, 9, 30)),
        ("30/09/2025 17:30", D(2025, 9, 30)),
        # leap days that exist
        ("29/02/2024", D(2024, 2, 29)),
        ("29/02/2000", D(2000, 2, 29)),
        # the edges of the accepted range
        ("01/01/1900", D(1900, 1, 1)),
        ("31/12/2100", D(2100, 12, 31)),
    ],
)
def test_dates_that_are_read(text: str, expected: dt.date) -> None:
    assert parse_date(text) == expected


@pytest.mark.parametrize(
    ("text", "expected"),
    [
        ("03/04/2025", D(2025, 4, 3)),  # 3 April, never 4 March
        ("01/02/2025", D(2025, 2, 1)),
        ("12/11/2025", D(2025, 11, 12)),
        ("05-06-2025", D(2025, 6, 5)),
        ("07.08.2025", D(2025, 8, 7)),
        ("3/4/25", D(2025, 4, 3)),
    ],
)
def test_ambiguous_dates_are_read_day_first(text: str, expected: dt.date) -> None:
    assert parse_date(text) == expected


@pytest.mark.parametrize("text", ["12/31/2025", "09/30/2025", "2/29/2024", "01-13-2025"])
def test_month_first_dates_are_errors_that_say_so(text: str) -> None:
    assert parse_date(text) == Bad(
        "bad-date",
        "not a real day-first (DD/MM/YYYY) date; it reads as month-first, which wfkpi never "
        "assumes",
    )


@pytest.mark.parametrize(
    "text", ["31/02/2025", "29/02/2025", "31/09/2025", "32/01/2025", "31.04.2025"]
)
def test_impossible_day_first_dates_are_errors(text: str) -> None:
    assert parse_date(text) == Bad("bad-date", "not a real day-first (DD/MM/YYYY) date")


@pytest.mark.parametrize("text", ["02/31/2025", "11/31/2025", "00/01/2025"])
def test_month_first_hint_only_when_month_first_is_a_real_date(text: str) -> None:
    assert parse_date(text) == Bad("bad-date", "not a real day-first (DD/MM/YYYY) date")


@pytest.mark.parametrize(
    ("text", "message"),
    [
        ("2025-02-30", "not a real ISO (YYYY-MM-DD) date"),
        ("2025-13-01", "not a real ISO (YYYY-MM-DD) date"),
        ("30 Feb 2025", "not a real day-month-year date"),
        ("20250230", "not a real YYYYMMDD date"),
        (
            "30 Sepember 2025",
            "unknown month name; expected ISO (2025-09-30), day-first (30/09/2025, "
            "30 Sep 2025) or an Excel serial number",
        ),
    ],
)
def test_impossible_dates_in_other_forms_are_errors(text: str, message: str) -> None:
    assert parse_date(text) == Bad("bad-date", message)


@pytest.mark.parametrize(
    "text",
    [
        "yesterday",
        "30th September 2025",
        "-45930",
        "1e4",
        "30/09",
        "N/A",
    ],
)
def test_text_that_is_not_a_date(text: str) -> None:
    assert parse_date(text) == Bad(
        "bad-date",
        "not a date; expected ISO (2025-09-30), day-first (30/09/2025, 30 Sep 2025) or an "
        "Excel serial number",
    )


@pytest.mark.parametrize(
    ("text", "message"),
    [
        ("31/12/1899", "dates before 1900 or after 2100 are not accepted"),
        ("01/01/2101", "dates before 1900 or after 2100 are not accepted"),
        ("0205-09-30", "dates before 1900 or after 2100 are not accepted"),
        ("9999-12-31", "dates before 1900 or after 2100 are not accepted"),
    ],
)
def test_dates_outside_1900_to_2100_are_out_of_range(text: str, message: str) -> None:
    assert parse_date(text) == Bad("out-of-range", message)


@pytest.mark.parametrize("text", ["2025", "0", "61", "9999", "2958465"])
def test_numbers_outside_the_serial_range_are_not_dates(text: str) -> None:
    """A bare year (or a small number) is not taken for an Excel serial date."""
    assert parse_date(text) == Bad(
        "bad-date", "not a date; a number is read as an Excel serial date only from 10000 "
        "(1927) to 73415 (2100)")


_DATES = st.dates(min_value=D(1900, 3, 1), max_value=D(2100, 12, 31))


@settings(max_examples=100, deadline=None)
@given(_DATES)
def test_every_accepted_form_of_a_date_reads_back_the_same_date(date: dt.date) -> None:
    serial = (date - D(1899, 12, 30)).days
    forms = [
        date.isoformat(),
        date.strftime("%d/%m/%Y"),
        f"{date.day}/{date.month}/{date.year}",
        date.strftime("%d-%m-%Y"),
        date.strftime("%d.%m.%Y"),
        date.strftime("%d %b %Y"),
        date.strftime("%d-%b-%Y"),
        date.strftime("%d %B %Y"),
        date.strftime("%Y%m%d"),
    ]
    if serial >= 10_000:
        forms += [str(serial), f"{serial}.0"]
    for form in forms:
        assert parse_date(form) == date, form


@settings(max_examples=100, deadline=None)
@given(st.dates(min_value=D(1950, 1, 1), max_value=D(2049, 12, 31)))
def test_two_digit_years_read_back_in_1950_to_2049(date: dt.date) -> None:
    assert parse_date(date.strftime("%d/%m/%y")) == date
    assert parse_date(date.strftime("%d-%b-%y")) == date


@settings(max_examples=100, deadline=None)
@given(st.integers(1, 12), st.integers(1, 12), st.integers(1990, 2030))
def test_a_date_valid_both_ways_is_always_read_day_first(day: int, month: int, year: int) -> None:
    assert parse_date(f"{day:02d}/{month:02d}/{year}") == D(year, month, day)


@settings(max_examples=100, deadline=None)
@given(st.dates(min_value=D(1990, 1, 1), max_value=D(2030, 12, 31)).filter(lambda d: d.day > 12))
def test_a_date_valid_only_month_first_is_never_swapped(date: dt.date) -> None:
    result = parse_date(f"{date.month:02d}/{date.day:02d}/{date.year}")
    assert isinstance(result, Bad)
    assert result.code == "bad-date"
    assert "month-first" in result.message


# --------------------------------------------------------------------------- numbers

@pytest.mark.parametrize(
    ("text", "expected"),
    [
        ("1", 1.0),
        ("1.0", 1.0),
        ("0.8", 0.8),
        (" 0.8 ", 0.8),
        (".5", 0.5),
        ("+1", 1.0),
        ("-2.5", -2.5),
        ("80%", 0.8),
        ("100%", 1.0),
        ("80 %", 0.8),
        ("1,234.5", 1234.5),
        ("12,345,678", 12345678.0),
        ("-1,234", -1234.0),
        ("1e3", 1000.0),
    ],
)
def test_numbers_as_people_write_them(text: str, expected: float) -> None:
    assert parse_number(text) == pytest.approx(expected)


@pytest.mark.parametrize("text", ["-0", "-0.0", "-0%"])
def test_minus_zero_is_plain_zero(text: str) -> None:
    value = parse_number(text)
    assert value == 0.0
    assert math.copysign(1.0, value) == 1.0


@pytest.mark.parametrize("text", ["NaN", "nan", "inf", "-inf", "Infinity", "-Infinity"])
def test_nan_and_infinity_are_not_numbers(text: str) -> None:
    assert parse_number(text) == Bad("bad-number", "not a finite number")


@pytest.mark.parametrize(
    "text", ["abc", "0,8", "12,34", "£5", "five", "1.2.3", "(1)", "1 000", "%", "--1"]
)
def test_text_that_is_not_a_number(text: str) -> None:
    assert parse_number(text) == Bad("bad-number", "not a number")


@pytest.mark.parametrize(
    ("text", "expected"),
    [("1", 1), ("1.0", 1), ("5.0", 5), ("4.00", 4), ("0.0", 0), ("-0", 0), ("1,000", 1000),
     ("+3", 3)],
)
def test_whole_numbers_accept_a_zero_fraction(text: str, expected: int) -> None:
    value = parse_integer(text)
    assert value == expected
    assert type(value) is int


@pytest.mark.parametrize("text", ["5.5", "0.1", "80%", "NaN", "inf", "five", "1,5"])
def test_not_whole_numbers(text: str) -> None:
    assert parse_integer(text) == Bad("bad-integer", "not a whole number")


@settings(max_examples=100, deadline=None)
@given(st.floats(min_value=-1e9, max_value=1e9, allow_nan=False, allow_infinity=False))
def test_any_finite_float_written_by_python_reads_back(value: float) -> None:
    assert parse_number(repr(value)) == value


@settings(max_examples=100, deadline=None)
@given(st.integers(min_value=-(10**12), max_value=10**12))
def test_integers_with_thousands_separators_read_back(value: int) -> None:
    assert parse_integer(f"{value:,}") == value
    assert parse_integer(f"{value}.0") == value


# -------------------------------------------------------------------------- booleans

@pytest.mark.parametrize(
    ("text", "expected"),
    [
        ("true", True), ("TRUE", True), ("True", True), ("yes", True), ("Yes", True),
        ("YES", True), ("y", True), ("Y", True), ("1", True), ("1.0", True),
        (" yes ", True),
        ("false", False), ("FALSE", False), ("no", False), ("No", False), ("n", False),
        ("N", False), ("0", False), ("0.0", False), (" no ", False),
    ],
)
def test_yes_no_values(text: str, expected: bool) -> None:
    assert boolean_parser({})(text) is expected


@pytest.mark.parametrize("text", ["2", "maybe", "t", "f", "-1", "yes please", "registered"])
def test_not_yes_no(text: str) -> None:
    assert boolean_parser({})(text) == Bad("bad-boolean", "not yes/no, true/false, y/n or 1/0")


def test_mapping_labels_for_yes_no_ignore_case_and_spacing() -> None:
    parse = boolean_parser({"Registered": True, "Not registered": False})
    assert parse("REGISTERED") is True
    assert parse("not  registered") is False
    assert parse("Not-Registered") is False
    assert parse("yes") is True  # the standard words still work
    assert isinstance(parse("Pending"), Bad)


# ------------------------------------------------------------------------ enumerations

EMPLOYMENT = columns("workers")["employment_type"]
LEAVING = columns("workers")["leaving_reason"]


@pytest.mark.parametrize(
    ("text", "expected"),
    [
        ("permanent", "permanent"),
        ("Permanent", "permanent"),
        ("PERMANENT", "permanent"),
        ("  permanent  ", "permanent"),
        ("fixed_term", "fixed_term"),
        ("Fixed Term", "fixed_term"),
        ("fixed-term", "fixed_term"),
        ("FIXED  TERM", "fixed_term"),
        ("Self Employed", "self_employed"),
        ("self-employed", "self_employed"),
        ("Agency", "agency"),
    ],
)
def test_canonical_enum_values_in_any_case_and_spacing(text: str, expected: str) -> None:
    assert enum_parser(EMPLOYMENT, {})(text) == expected


@pytest.mark.parametrize(
    ("text", "expected"),
    [
        ("Perm", "permanent"),
        ("perm", "permanent"),
        (" PERM ", "permanent"),
        ("Locum", "agency"),
        ("LOCUM", "agency"),
        ("Fixed Term Contract", "fixed_term"),
        ("fixed-term contract", "fixed_term"),
        ("permanent", "permanent"),  # canonical values still accepted beside the labels
    ],
)
def test_mapping_labels_for_enums(text: str, expected: str) -> None:
    labels = {"Perm": "permanent", "Locum": "agency", "Fixed Term Contract": "fixed_term"}
    assert enum_parser(EMPLOYMENT, labels)(text) == expected


@pytest.mark.parametrize("text", ["Redundancy - Voluntary", "redundancy voluntary"])
def test_leaving_reason_spelt_with_spaces_and_dashes(text: str) -> None:
    assert enum_parser(LEAVING, {})(text) == "redundancy_voluntary"


@pytest.mark.parametrize("text", ["Perm.", "Secondment", "casual worker", "p"])
def test_unknown_enum_label_names_the_allowed_values_and_the_mapping_key(text: str) -> None:
    assert enum_parser(EMPLOYMENT, {"Perm": "permanent"})(text) == Bad(
        "bad-value",
        "not a known value; expected one of: permanent, fixed_term, temporary, bank, casual, "
        "agency, self_employed, other (or map the label under values.employment_type)",
    )


# ------------------------------------------------------------------------- columns

def test_parse_column_maps_each_distinct_value_back_to_every_row() -> None:
    cells = pd.Series(["1", None, "x", "0.5", "1", "x"], index=[2, 3, 4, 5, 6, 7])
    parsed = parse_column(cells, columns("workers")["fte"], parse_number)
    assert parsed.values.index.tolist() == [2, 3, 4, 5, 6, 7]
    assert parsed.values.tolist()[0] == 1.0
    assert parsed.values.isna().tolist() == [False, True, True, False, False, True]
    assert parsed.values[5] == 0.5
    assert parsed.bad.tolist() == [False, False, True, False, False, True]
    assert list(parsed.reasons.values()) == [Bad("bad-number", "not a number")]


def test_parse_column_of_dates_gives_datetimes() -> None:
    cells = pd.Series(["03/04/2025", "45930", None, "31/02/2025"])
    parsed = parse_column(cells, columns("workers")["start_date"], parse_date)
    assert str(parsed.values.dtype) == "datetime64[ns]"
    assert parsed.values[0] == pd.Timestamp("2025-04-03")
    assert parsed.values[1] == pd.Timestamp("2025-09-30")
    assert parsed.values[2:].isna().all()
    assert parsed.bad.tolist() == [False, False, False, True]


@pytest.mark.parametrize("text", ["1e308", "9007199254740994", "-1e16"])
def test_numbers_too_large_for_any_figure_are_refused(text: str) -> None:
    """Summing a million such figures must stay finite, so none above 2**53 is read."""
    for parse, code in ((parse_number, "bad-number"), (parse_integer, "bad-integer")):
        value = parse(text)
        assert isinstance(value, Bad)
        assert (value.code, value.message) == (
            code, "beyond ±9,007,199,254,740,992, more than any figure here can be")
    assert parse_number("9007199254740992") == 2.0**53
