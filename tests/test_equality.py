"""Equality labels: ethnicity and disability read against closed lists (docs/equality.md)."""

from __future__ import annotations

import re
from pathlib import Path

import numpy as np
import pandas as pd
import pytest

from wfkpi.core.equality import (
    ASCWDS_DISABLED,
    ASCWDS_ETHNICITY,
    DECLINED,
    DFE_ETHNICITY,
    DISABILITY,
    ETHNIC_GROUPS,
    MINORITY,
    NOT_ANSWERED,
    NOT_KNOWN,
    UNKNOWN,
    WHITE,
    disability_recorded,
    ethnic_group_of,
    ethnicity_recorded,
    label_key,
    read_disability,
    read_ethnicity,
    unknown_disability_labels,
    unknown_labels,
)

DOCS = Path(__file__).resolve().parents[1] / "docs" / "equality.md"

# ONS Census 2021, ethnic group classification of 19 categories, in ONS's wording.
ONS_2021 = {
    "Asian, Asian British or Asian Welsh: Bangladeshi": MINORITY,
    "Asian, Asian British or Asian Welsh: Chinese": MINORITY,
    "Asian, Asian British or Asian Welsh: Indian": MINORITY,
    "Asian, Asian British or Asian Welsh: Pakistani": MINORITY,
    "Asian, Asian British or Asian Welsh: Other Asian": MINORITY,
    "Black, Black British, Black Welsh, Caribbean or African: African": MINORITY,
    "Black, Black British, Black Welsh, Caribbean or African: Caribbean": MINORITY,
    "Black, Black British, Black Welsh, Caribbean or African: Other Black": MINORITY,
    "Mixed or Multiple ethnic groups: White and Asian": MINORITY,
    "Mixed or Multiple ethnic groups: White and Black African": MINORITY,
    "Mixed or Multiple ethnic groups: White and Black Caribbean": MINORITY,
    "Mixed or Multiple ethnic groups: Other Mixed or Multiple ethnic groups": MINORITY,
    "White: English, Welsh, Scottish, Northern Irish or British": WHITE,
    "White: Irish": WHITE,
    "White: Gypsy or Irish Traveller": WHITE,
    "White: Roma": WHITE,
    "White: Other White": WHITE,
    "Other ethnic group: Arab": MINORITY,
    "Other ethnic group: Any other ethnic group": MINORITY,
}
ONS_2021_GROUPS = {
    "Asian, Asian British or Asian Welsh": MINORITY,
    "Black, Black British, Black Welsh, Caribbean or African": MINORITY,
    "Mixed or Multiple ethnic groups": MINORITY,
    "White": WHITE,
    "Other ethnic group": MINORITY,
}
# ONS 2011 census, table KS201EW's 18 categories.
ONS_2011 = {
    "White: English/Welsh/Scottish/Northern Irish/British": WHITE,
    "White: Irish": WHITE,
    "White: Gypsy or Irish Traveller": WHITE,
    "White: Other White": WHITE,
    "Mixed/multiple ethnic group: White and Black Caribbean": MINORITY,
    "Mixed/multiple ethnic group: White and Black African": MINORITY,
    "Mixed/multiple ethnic group: White and Asian": MINORITY,
    "Mixed/multiple ethnic group: Other Mixed": MINORITY,
    "Asian/Asian British: Indian": MINORITY,
    "Asian/Asian British: Pakistani": MINORITY,
    "Asian/Asian British: Bangladeshi": MINORITY,
    "Asian/Asian British: Chinese": MINORITY,
    "Asian/Asian British: Other Asian": MINORITY,
    "Black/African/Caribbean/Black British: African": MINORITY,
    "Black/African/Caribbean/Black British: Caribbean": MINORITY,
    "Black/African/Caribbean/Black British: Other Black": MINORITY,
    "Other ethnic group: Arab": MINORITY,
    "Other ethnic group: Any other ethnic group": MINORITY,
}
# ONS 2021 census question for England (the GSS harmonised standard's answer options).
ONS_2021_QUESTION = {
    "English, Welsh, Scottish, Northern Irish or British": WHITE,
    "Irish": WHITE,
    "Gypsy or Irish Traveller": WHITE,
    "Roma": WHITE,
    "Any other White background": WHITE,
    "White and Black Caribbean": MINORITY,
    "White and Black African": MINORITY,
    "White and Asian": MINORITY,
    "Any other Mixed or Multiple ethnic background": MINORITY,
    "Indian": MINORITY,
    "Pakistani": MINORITY,
    "Bangladeshi": MINORITY,
    "Chinese": MINORITY,
    "Any other Asian background": MINORITY,
    "Caribbean": MINORITY,
    "African": MINORITY,
    "Any other Black, Black British, or Caribbean background": MINORITY,
    "Arab": MINORITY,
    "Any other ethnic group": MINORITY,
}
# DfE census codes, stated here independently of the module's table.
DFE = {
    "WBRI": WHITE, "WIRI": WHITE, "WIRT": WHITE, "WOTH": WHITE, "WROM": WHITE,
    "MWBC": MINORITY, "MWBA": MINORITY, "MWAS": MINORITY, "MOTH": MINORITY, "AIND": MINORITY,
    "APKN": MINORITY, "ABAN": MINORITY, "AOTH": MINORITY, "BCRB": MINORITY, "BAFR": MINORITY,
    "BOTH": MINORITY, "CHNE": MINORITY, "OOTH": MINORITY, "REFU": NOT_KNOWN, "NOBT": NOT_KNOWN,
}  # fmt: skip
# ASC-WDS bulk-upload ETHNICITY codes: 31-34 White, 35-47 and 98 minority ethnic, 99 don't know.
ASCWDS = {**{str(c): WHITE for c in range(31, 35)}, **{str(c): MINORITY for c in range(35, 48)},
          "98": MINORITY, "99": NOT_KNOWN}  # fmt: skip


def schema_codes() -> set[str]:
    """The ethnicity codes of the CSWW census schemas shipped with wfkpi."""
    codes: set[str] = set()
    for schema in (Path(__file__).resolve().parents[1] / "src/wfkpi/data/csww").glob("*.xsd"):
        block = re.search(r'name="ethnicitytype">(.*?)</xs:simpleType>', schema.read_text(),
                          flags=re.DOTALL)
        assert block is not None
        codes |= set(re.findall(r'<xs:enumeration value="(\w+)"', block.group(1)))
    return codes


# ------------------------------------------------------------------------ official lists

@pytest.mark.parametrize(("label", "group"), ONS_2021.items())
def test_ons_2021_categories(label, group):
    assert ethnic_group_of(label) == group
    assert ethnicity_recorded(label)


@pytest.mark.parametrize(("label", "group"), ONS_2021_GROUPS.items())
def test_ons_2021_high_level_groups(label, group):
    assert ethnic_group_of(label) == group


@pytest.mark.parametrize(("label", "group"), ONS_2011.items())
def test_ons_2011_categories(label, group):
    assert ethnic_group_of(label) == group


@pytest.mark.parametrize(("label", "group"), ONS_2021_QUESTION.items())
def test_ons_2021_question_answers(label, group):
    assert ethnic_group_of(label) == group


@pytest.mark.parametrize(("code", "group"), DFE.items())
def test_dfe_codes(code, group):
    assert ethnic_group_of(code) == group
    assert ethnic_group_of(code.lower()) == group
    assert ethnicity_recorded(code) == (code != "NOBT")  # refused is an answer


def test_dfe_codes_cover_the_csww_schemas():
    assert schema_codes() <= set(DFE)
    assert set(DFE) - schema_codes() == {"WIRT", "WROM"}  # from DfE's common basic data set
    assert set(DFE_ETHNICITY) == set(DFE)


@pytest.mark.parametrize(("code", "group"), ASCWDS.items())
def test_ascwds_codes(code, group):
    assert ethnic_group_of(code) == group
    assert ethnicity_recorded(code) == (code != "99")  # 99 is "Don't know"


def test_ascwds_codes_are_all_listed():
    assert set(ASCWDS_ETHNICITY) == set(ASCWDS)


@pytest.mark.parametrize("label", ["31.0", "031", "30", "48", "97", "100", "999", "3 1"])
def test_numbers_other_than_ascwds_codes_are_unknown(label):
    assert ethnic_group_of(label) == UNKNOWN


# --------------------------------------------------------------------------- the issue

@pytest.mark.parametrize(("label", "group"), [
    ("British", WHITE),
    ("Irish", WHITE),
    ("English/Welsh/Scottish/Northern Irish/British", WHITE),
    ("Gypsy or Irish Traveller", WHITE),
    ("Roma", WHITE),
    ("Any other White background", WHITE),
    ("White British", WHITE),
    ("31", WHITE),  # ASC-WDS: English / Welsh / Scottish / Northern Irish / British
    ("Arab", MINORITY),
    ("White and Black Caribbean", MINORITY),
    ("Black, Black British, Caribbean or African: Caribbean", MINORITY),
    ("Asian or Asian British - Indian", MINORITY),
    ("Don't know", NOT_KNOWN),
    ("Prefer not to say", NOT_KNOWN),
])  # fmt: skip
def test_labels_that_were_misread(label, group):
    assert ethnic_group_of(label) == group


def test_a_white_british_workforce_has_no_minority_ethnic_staff():
    staff = pd.Series(["31"] * 40 + ["British"] * 30 + ["Irish"] * 5 + ["99"] * 3, dtype="str")
    groups = staff.map(ethnic_group_of)
    assert (groups[groups >= 0] == WHITE).all()
    assert (groups == NOT_KNOWN).sum() == 3


@pytest.mark.parametrize("label", [
    "Martian", "Other", "other", "Any other", "White Other", "Asian and White", "Black British",
    "Not White", "English", "Scottish", "BAME", "Whiteish", "Traveller", "Mixed race",
])  # fmt: skip
def test_labels_in_no_list_are_unknown(label):
    assert ethnic_group_of(label) == UNKNOWN
    assert ethnicity_recorded(label)  # an answer was given, in words the lists do not know


# ------------------------------------------------------------------------------- answers

@pytest.mark.parametrize("label", [
    None, "", "   ", "-", "Not known", "NOT KNOWN", "Unknown", "Don't know", "Don’t know",
    "dont know", "Not stated", "Not recorded", "Not obtained", "Information not yet obtained",
    "Missing", "n/a", "N/A", "NA", "NOBT", "99",
])  # fmt: skip
def test_not_known_is_not_recorded(label):
    text = "" if label is None else label
    assert ethnic_group_of(text) == NOT_KNOWN
    assert not ethnicity_recorded(text)


@pytest.mark.parametrize("label", [
    "Prefer not to say", "PREFER NOT TO SAY", "Refused", "REFU", "Declined",
    "Information refused", "Not declared", "Not disclosed", "Undisclosed",
    "Declared not stated or Refused",
])  # fmt: skip
def test_declined_is_recorded_without_a_group(label):
    assert ethnic_group_of(label) == NOT_KNOWN
    assert ethnicity_recorded(label)


# ------------------------------------------------------------------------------ variants

@pytest.mark.parametrize(("label", "group"), [
    ("WHITE - IRISH", WHITE),
    ("white:irish", WHITE),
    ("White Irish", WHITE),
    ("  White   -   British  ", WHITE),
    ("White - English, Welsh, Scottish, Northern Irish or British", WHITE),
    ("English / Welsh / Scottish / Northern Irish / British", WHITE),
    ("english welsh scottish northern irish british", WHITE),
    ("White – Any other White background", WHITE),  # an en dash
    ("Gypsy / Roma", WHITE),
    ("Traveller of Irish Heritage", WHITE),
    ("White & Asian", MINORITY),
    ("Mixed (White and Asian)", MINORITY),
    ("Mixed: White and Asian", MINORITY),
    ("Mixed White and Black Caribbean", MINORITY),
    ("Mixed / multiple ethnic groups: Any other Mixed / multiple ethnic background", MINORITY),
    ("Asian Indian", MINORITY),
    ("Asian/Asian British - Pakistani", MINORITY),
    ("BLACK AFRICAN", MINORITY),
    ("Black or Black British: Any other Black background", MINORITY),
    ("Black / African / Caribbean / Black British: Any other Black / African / Caribbean "
     "background", MINORITY),
    ("Chinese or other ethnic group: Chinese", MINORITY),
    ("Other ethnic groups - Any other ethnic group", MINORITY),
])  # fmt: skip
def test_case_spacing_and_punctuation_variants(label, group):
    assert ethnic_group_of(label) == group


@pytest.mark.parametrize("label", [
    "Black: Irish",  # a wording after another group's name
    "White: Indian",
    "Asian: White and Asian",
    "Irish White",  # name after the wording
])  # fmt: skip
def test_a_wording_follows_only_its_own_groups_names(label):
    assert ethnic_group_of(label) == UNKNOWN


def test_label_key():
    assert label_key("  White - Irish ") == "white irish"
    assert label_key("White & Asian") == label_key("white and asian")
    assert label_key("Don’t know") == label_key("Dont know") == "dont know"
    assert label_key("n/a") == "n a"
    assert label_key("-") == ""


# ------------------------------------------------------------------------ unknown labels

def test_unknown_labels_counts_each_distinct_label_sorted():
    values = pd.Series(["Martian", "White British", "Other", "Martian", None, "", "  ", "REFU",
                        "Martian", "martian", "Not known", "31", "31.0", np.nan], dtype=object)
    assert unknown_labels(values) == {"31.0": 1, "Martian": 3, "Other": 1, "martian": 1}


def test_unknown_labels_of_an_iterable_and_of_a_string_column():
    labels = ["Zulu", "Alpha", "Zulu", None, "Indian"]
    assert unknown_labels(labels) == {"Alpha": 1, "Zulu": 2}
    assert list(unknown_labels(labels)) == ["Alpha", "Zulu"]
    assert unknown_labels(pd.Series(labels, dtype="str")) == {"Alpha": 1, "Zulu": 2}


def test_unknown_labels_of_known_or_blank_labels_is_empty():
    assert unknown_labels(pd.Series([None, "", "White", "99", "REFU"], dtype=object)) == {}
    assert unknown_labels([]) == {}


def test_unknown_labels_of_a_large_column():
    values = pd.Series(["White British", "Martian", "", "Indian"] * 250_000, dtype="str")
    assert unknown_labels(values) == {"Martian": 250_000}


def test_a_number_column_reads_as_ascwds_codes():
    assert unknown_labels(pd.Series([31, 42, 99, 12], dtype="int64")) == {"12": 1}


# ----------------------------------------------------------------------------- disability

@pytest.mark.parametrize(("label", "recorded"), [
    ("Yes", True), ("no", True), ("Y", True), ("N", True), ("Disabled", True),
    ("Not disabled", True), ("Disabled under the Equality Act", True),
    ("Not disabled under the Equality Act", True), ("Prefer not to say", True),
    ("Undisclosed", True), ("Refused", True), ("", False), ("Not known", False),
    ("Don't know", False), ("not stated", False), ("Missing", False),
    ("0", True), ("1", True), ("2", True), ("3", False),  # ASC-WDS DISABLED codes
])  # fmt: skip
def test_disability_recorded(label, recorded):
    assert disability_recorded(label) == recorded
    assert read_disability(label).group != UNKNOWN


@pytest.mark.parametrize("label", ["Sometimes", "4", "REFU", "NOBT", "Yes, a little"])
def test_disability_labels_in_no_list_are_unknown(label):
    assert read_disability(label).group == UNKNOWN
    assert disability_recorded(label)


def test_unknown_disability_labels():
    values = pd.Series(["Yes", "No", "Sometimes", None, "Sometimes", "4", "Undisclosed"],
                       dtype=object)
    assert unknown_disability_labels(values) == {"4": 1, "Sometimes": 2}


def test_ascwds_disabled_codes_read_as_the_reader_labels_them():
    # the ASC-WDS reader turns DISABLED 0-3 into these labels before the engine reads them
    for code, label in {"0": "no", "1": "yes", "2": "undisclosed", "3": "not known"}.items():
        assert read_disability(code) == read_disability(label)


# ---------------------------------------------------------------------- the lists and docs

OUTCOMES = {(WHITE, True): "White", (MINORITY, True): "minority ethnic",
            (NOT_KNOWN, True): "declined", (NOT_KNOWN, False): "not known"}
DISABILITY_OUTCOMES = {(1, True): "disabled", (0, True): "not disabled",
                       (NOT_KNOWN, True): "declined", (NOT_KNOWN, False): "not known"}


def documented(section: str, outcomes: set[str]) -> set[tuple[str, str]]:
    """(label key, what it counts as) for each table row of a section of docs/equality.md."""
    text = DOCS.read_text(encoding="utf-8")
    body = text.split(f"\n## {section}\n", 1)[1].split("\n## ", 1)[0]
    pattern = r"^\| `([^`]+)` \| (" + "|".join(map(re.escape, outcomes)) + r") \|"
    return {(label_key(label), outcome)
            for label, outcome in re.findall(pattern, body, flags=re.MULTILINE)}


def test_docs_list_every_ethnicity_label_and_what_it_counts_as():
    labels = [*NOT_ANSWERED, *DECLINED, *DFE_ETHNICITY, *ASCWDS_ETHNICITY,
              *(label for g in ETHNIC_GROUPS for label in (*g.names, *g.wordings))]
    expected = {(label_key(label), OUTCOMES[read_ethnicity(label)]) for label in labels if label}
    assert documented("Ethnicity", set(OUTCOMES.values())) == expected


def test_docs_list_every_disability_label_and_what_it_counts_as():
    expected = {(label_key(label), DISABILITY_OUTCOMES[read_disability(label)])
                for label in (*DISABILITY, *ASCWDS_DISABLED)}
    assert documented("Disability", set(DISABILITY_OUTCOMES.values())) == expected


def test_codes_read_as_their_names():
    for code, name in DFE_ETHNICITY.items():
        assert read_ethnicity(code) == read_ethnicity(name) != read_ethnicity("Martian")
    for code, name in ASCWDS_ETHNICITY.items():
        assert read_ethnicity(code) == read_ethnicity(name) != read_ethnicity("Martian")
