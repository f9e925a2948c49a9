"""Equality labels read against closed lists: ethnicity grouped as DfE groups it, disability, and
whether each answer was recorded.

A label is compared after :func:`label_key` (case, spacing, apostrophes and punctuation ignored,
``&`` read as ``and``) with the wordings of the lists below: the Office for National Statistics'
2021, 2011 and 2001 census categories, the DfE census codes, the Skills for Care ASC-WDS
bulk-upload codes and the usual "not known" and "declined" answers. Nothing is guessed: a label in
none of the lists is :data:`UNKNOWN`, left out of the figures and listed by
:func:`unknown_labels`. The lists and their sources: docs/equality.md.
"""

from __future__ import annotations

import re
from collections.abc import Callable, Iterable, Mapping
from functools import lru_cache
from typing import NamedTuple

import pandas as pd

# What a label says. Ethnicity: minority ethnic or White; disability: disabled or not.
MINORITY = 1
DISABLED = 1
WHITE = 0
NOT_DISABLED = 0
NOT_KNOWN = -1  # not known or declined: recorded or not, no group
UNKNOWN = -2  # in none of the lists


def label_key(label: str) -> str:
    """A label as the lists compare it: case-folded, ``&`` as ``and``, apostrophes dropped,
    every other run of punctuation and spacing one space, trimmed ("" for a blank)."""
    text = re.sub(r"['’‘`]", "", label.casefold().replace("&", " and "))
    return " ".join(re.sub(r"[\W_]+", " ", text).split())


class Reading(NamedTuple):
    """One label read: its group (a constant above) and whether an answer was recorded."""

    group: int
    recorded: bool


# ------------------------------------------------------------------ answers that are no group

# Not recorded: no answer was taken. Blank (a label with no letter or digit) is one of them.
NOT_ANSWERED = (
    "",
    "Not known",  # NHS Data Dictionary, ethnic category 99
    "Not stated",  # NHS Data Dictionary, ethnic category Z
    "Don't know",  # ASC-WDS ethnicity 99, DISABLED 3
    "Information not yet obtained",  # DfE NOBT
    "Missing",  # ASC-WDS local authority report, a question left unanswered
    "Unknown", "Not recorded", "Not obtained", "n/a", "NA",  # HR-system exports
)  # fmt: skip

# Declined: the person was asked and chose not to answer, which is recorded.
DECLINED = (
    "Prefer not to say",  # GSS harmonised standards, for a question that may be declined
    "Refused",  # DfE REFU
    "Declared not stated or refused",  # DfE REFU (CSWW schema)
    "Undisclosed",  # ASC-WDS DISABLED 2
    "Declined", "Information refused", "Not declared", "Not disclosed",  # HR-system exports
)  # fmt: skip


# ------------------------------------------------------------------------------ ethnicity

class Group(NamedTuple):
    """An ethnic group: its names (a label alone, or followed by one of its wordings, as in
    ``White: Irish`` or ``Asian or Asian British - Indian``) and its wordings."""

    value: int  # MINORITY or WHITE
    names: tuple[str, ...]
    wordings: tuple[str, ...]


# Census categories (ONS 2021, 2011, 2001) and the wordings of the questions asking them, by
# group. White minorities count as White, as in DfE's workforce statistics.
ETHNIC_GROUPS = (
    Group(WHITE, ("White",), (  # ONS 2001-2021, ASC-WDS
        "English, Welsh, Scottish, Northern Irish or British",  # ONS 2021
        "English/Welsh/Scottish/Northern Irish/British",  # ONS 2011, ASC-WDS 31
        "British",  # ONS 2001, DfE WBRI (White British)
        "Irish",  # ONS 2001-2021, DfE WIRI, ASC-WDS 32
        "Gypsy or Irish Traveller",  # ONS 2011-2021, ASC-WDS 33
        "Traveller of Irish heritage",  # DfE WIRT
        "Roma",  # ONS 2021
        "Gypsy/Roma",  # DfE WROM
        "Other White",  # ONS 2011-2021 classifications
        "Any other White background",  # ONS 2001-2021 questions, DfE WOTH, ASC-WDS 34
    )),
    Group(MINORITY, (
        "Mixed",  # ONS 2001, GOV.UK Ethnicity facts and figures
        "Mixed/multiple ethnic group",  # ONS 2011 classification
        "Mixed/multiple ethnic groups",  # ONS 2011 question, ASC-WDS
        "Mixed or Multiple ethnic groups",  # ONS 2021
    ), (
        "White and Black Caribbean",  # ONS 2001-2021, DfE MWBC, ASC-WDS 35
        "White and Black African",  # ONS 2001-2021, DfE MWBA, ASC-WDS 36
        "White and Asian",  # ONS 2001-2021, DfE MWAS, ASC-WDS 37
        "Any other Mixed background",  # ONS 2001, DfE MOTH
        "Other Mixed",  # ONS 2011 classification
        "Any other Mixed/multiple ethnic background",  # ONS 2011 question, ASC-WDS 38
        "Other Mixed or Multiple ethnic groups",  # ONS 2021 classification
        "Any other Mixed or Multiple ethnic background",  # ONS 2021 question, ASC-WDS 38 on screen
    )),
    Group(MINORITY, (
        "Asian",  # GOV.UK Ethnicity facts and figures
        "Asian or Asian British",  # ONS 2001, ONS 2021 question (England)
        "Asian/Asian British",  # ONS 2011, ASC-WDS
        "Asian, Asian British or Asian Welsh",  # ONS 2021 classification
    ), (
        "Indian",  # ONS 2001-2021, DfE AIND, ASC-WDS 39
        "Pakistani",  # ONS 2001-2021, DfE APKN, ASC-WDS 40
        "Bangladeshi",  # ONS 2001-2021, DfE ABAN, ASC-WDS 41
        "Chinese",  # ONS 2011-2021, DfE CHNE, ASC-WDS 42
        "Other Asian",  # ONS 2011-2021 classifications
        "Any other Asian background",  # ONS 2001-2021 questions, DfE AOTH, ASC-WDS 43
    )),
    Group(MINORITY, (
        "Black",  # GOV.UK Ethnicity facts and figures
        "Black or Black British",  # ONS 2001
        "Black/African/Caribbean/Black British",  # ONS 2011, ASC-WDS
        "Black, Black British, Caribbean or African",  # ONS 2021 question (England)
        "Black, Black British, Black Welsh, Caribbean or African",  # ONS 2021 classification
    ), (
        "Caribbean",  # ONS 2001-2021, DfE BCRB, ASC-WDS 45
        "African",  # ONS 2001-2021, DfE BAFR, ASC-WDS 44
        "Any other Black background",  # ONS 2001, DfE BOTH
        "Other Black",  # ONS 2011-2021 classifications
        "Any other Black/African/Caribbean background",  # ONS 2011 question, ASC-WDS 46
        "Any other Black, African or Caribbean background",  # ASC-WDS 46 on screen
        "Any other Black, Black British or Caribbean background",  # ONS 2021 question
    )),
    Group(MINORITY, (
        "Other ethnic group",  # ONS 2011-2021, ASC-WDS
        "Chinese or other ethnic group",  # ONS 2001
        "Other ethnic groups",  # NHS Data Dictionary
    ), (
        "Arab",  # ONS 2011-2021, ASC-WDS 47
        "Chinese",  # ONS 2001 (in "Chinese or other ethnic group")
        "Any other ethnic group",  # ONS 2001-2021, DfE OOTH, ASC-WDS 98
    )),
)  # fmt: skip

# DfE census ethnicity codes, each read as its description: the CSWW schemas' 18 codes plus
# WIRT and WROM of DfE's common basic data set (school, children in need and looked-after
# children censuses).
DFE_ETHNICITY = {
    "WBRI": "White British", "WIRI": "White Irish", "WIRT": "Traveller of Irish heritage",
    "WOTH": "Any other White background", "WROM": "Gypsy/Roma",
    "MWBC": "White and Black Caribbean", "MWBA": "White and Black African",
    "MWAS": "White and Asian", "MOTH": "Any other Mixed background", "AIND": "Indian",
    "APKN": "Pakistani", "ABAN": "Bangladeshi", "AOTH": "Any other Asian background",
    "BCRB": "Black Caribbean", "BAFR": "Black African", "BOTH": "Any other Black background",
    "CHNE": "Chinese", "OOTH": "Any other ethnic group", "REFU": "Refused",
    "NOBT": "Information not yet obtained",
}  # fmt: skip

# ASC-WDS bulk-upload ETHNICITY codes (Skills for Care), each read as its ASC-WDS name. Only a
# label that is exactly one of these numbers is read as one.
ASCWDS_ETHNICITY = {
    "31": "English / Welsh / Scottish / Northern Irish / British", "32": "Irish",
    "33": "Gypsy or Irish Traveller", "34": "Any other White background",
    "35": "White and Black Caribbean", "36": "White and Black African", "37": "White and Asian",
    "38": "Any other Mixed/ multiple ethnic background", "39": "Indian", "40": "Pakistani",
    "41": "Bangladeshi", "42": "Chinese", "43": "Any other Asian background", "44": "African",
    "45": "Caribbean", "46": "Any other Black / African / Caribbean background", "47": "Arab",
    "98": "Any other ethnic group", "99": "Don't know",
}  # fmt: skip


# ----------------------------------------------------------------------------- disability

DISABILITY = {
    "Yes": DISABLED, "Y": DISABLED, "No": NOT_DISABLED, "N": NOT_DISABLED,  # yes/no questions
    "Disabled": DISABLED, "Not disabled": NOT_DISABLED,
    "Disabled under the Equality Act": DISABLED,  # ONS 2021
    "Not disabled under the Equality Act": NOT_DISABLED,  # ONS 2021
}  # fmt: skip

# ASC-WDS bulk-upload DISABLED codes, each read as its ASC-WDS name.
ASCWDS_DISABLED = {"0": "No", "1": "Yes", "2": "Undisclosed", "3": "Don't know"}


# ------------------------------------------------------------------------------ the lists

def _add(table: dict[str, Reading], label: str, reading: Reading) -> None:
    if table.setdefault(label_key(label), reading) != reading:
        raise ValueError(f"{label!r} is read two ways")


def _table(groups: Iterable[tuple[int, Iterable[str]]],
           codes: Iterable[Mapping[str, str]]) -> dict[str, Reading]:
    """label key -> reading: the answers that are no group, each group's labels, and codes
    read as the label they stand for."""
    table: dict[str, Reading] = {}
    for label in NOT_ANSWERED:
        _add(table, label, Reading(NOT_KNOWN, False))
    for label in DECLINED:
        _add(table, label, Reading(NOT_KNOWN, True))
    for value, labels in groups:
        for label in labels:
            _add(table, label, Reading(value, True))
    for listing in codes:
        for code, name in listing.items():
            _add(table, code, table[label_key(name)])
    return table


def group_labels(group: Group) -> tuple[str, ...]:
    """Every label of a group: its names and wordings alone, and each wording after each name."""
    return (*group.names, *group.wordings,
            *(f"{name} {wording}" for name in group.names for wording in group.wordings))


ETHNICITY = _table(((g.value, group_labels(g)) for g in ETHNIC_GROUPS),
                   (DFE_ETHNICITY, ASCWDS_ETHNICITY))
DISABILITY_ANSWERS = _table(((value, (label,)) for label, value in DISABILITY.items()),
                            (ASCWDS_DISABLED,))


@lru_cache(maxsize=4096)
def read_ethnicity(label: str) -> Reading:
    """How one ethnicity label reads; a label in none of the lists is :data:`UNKNOWN` and
    recorded (an answer was given, in words the lists do not know)."""
    return ETHNICITY.get(label_key(label), Reading(UNKNOWN, True))


@lru_cache(maxsize=4096)
def read_disability(label: str) -> Reading:
    """How one disability label reads, as :func:`read_ethnicity`."""
    return DISABILITY_ANSWERS.get(label_key(label), Reading(UNKNOWN, True))


def ethnic_group_of(label: str) -> int:
    """1 minority ethnic (Asian, Black, Mixed, other ethnic groups), 0 White (White minorities
    included, as DfE counts them), -1 not known or declined (blank included), -2 a label in none
    of the lists."""
    return read_ethnicity(label).group


def ethnicity_recorded(label: str) -> bool:
    """Whether an answer was given: anything but blank or not known ('prefer not to say' is an
    answer, and so is a label in none of the lists)."""
    return read_ethnicity(label).recorded


def disability_recorded(label: str) -> bool:
    """Whether a disability answer was given, by the same rule as :func:`ethnicity_recorded`."""
    return read_disability(label).recorded


def unknown_labels(values: pd.Series | Iterable[str | None]) -> dict[str, int]:
    """The distinct ethnicity labels in none of the lists, as written, with how many times each
    occurs, sorted by label; blanks are not listed."""
    return _unknown(values, read_ethnicity)


def unknown_disability_labels(values: pd.Series | Iterable[str | None]) -> dict[str, int]:
    """As :func:`unknown_labels`, for disability labels."""
    return _unknown(values, read_disability)


def _unknown(values: pd.Series | Iterable[str | None],
             read: Callable[[str], Reading]) -> dict[str, int]:
    series = values if isinstance(values, pd.Series) else pd.Series(list(values), dtype=object)
    found: dict[str, int] = {}
    for value, count in series.value_counts(dropna=True).items():  # each distinct label once
        label = str(value)
        if read(label).group == UNKNOWN:
            found[label] = found.get(label, 0) + int(count)
    return dict(sorted(found.items()))
