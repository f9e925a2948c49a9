"""Worker ids as integer codes (:mod:`wfkpi.core.ids`) and the engine's person codes built on
them (:func:`wfkpi.engine.population.person_codes`): the codes agree with a plain mapping of
each distinct id, the matches with ``is_in``, and the person codes with one factorisation of
every id column, workers first — on text and on loosely typed columns, with blanks."""

from __future__ import annotations

import numpy as np
import pandas as pd
from hypothesis import HealthCheck, given, settings
from hypothesis import strategies as st

from wfkpi.core import ids
from wfkpi.core.arrow import is_in
from wfkpi.engine.population import person_codes, unjoined

PROPERTY = settings(max_examples=150, deadline=None, derandomize=True,
                    suppress_health_check=[HealthCheck.too_slow])

WORKER_IDS = ["W1", "W2", "W3", "007", "", None]
OTHER_IDS = [*WORKER_IDS, "7", "X9", "x9", "w1"]

id_lists = st.lists(st.sampled_from(OTHER_IDS), max_size=25)
dtypes = st.sampled_from(["str", object])


def _column(values: list[str | None], dtype: object) -> pd.Series:
    return pd.Series(values, dtype=dtype)  # type: ignore[call-overload]


def _mapping(values: list[str | None]) -> dict[str, int]:
    """Each distinct id's position in order of first appearance, blanks aside."""
    codes: dict[str, int] = {}
    for value in values:
        if value is not None and value not in codes:
            codes[value] = len(codes)
    return codes


def _reference(workers: pd.DataFrame, others: list[pd.DataFrame | None]
               ) -> tuple[np.ndarray, list[np.ndarray | None], int]:
    """The person codes as one factorisation of every id column concatenated, workers first."""
    frames = [workers, *(frame for frame in others if frame is not None)]
    codes, _ = pd.factorize(pd.concat([frame["worker_id"] for frame in frames],
                                      ignore_index=True))
    codes = codes.astype(np.int64)
    n = len(workers)
    people = int(codes[:n].max()) + 1 if n else 0
    parts: list[np.ndarray | None] = []
    at = n
    for frame in others:
        if frame is None:
            parts.append(None)
            continue
        parts.append(codes[at : at + len(frame)])
        at += len(frame)
    return codes[:n], parts, people


@PROPERTY
@given(id_lists, dtypes)
def test_codes_agree_with_a_plain_mapping(values: list[str | None], dtype: object) -> None:
    encoded = ids.encode(_column(values, dtype))
    mapping = _mapping(values)
    assert encoded.codes.tolist() == [-1 if v is None else mapping[v] for v in values]
    assert encoded.uniques.tolist() == list(mapping)
    assert encoded.blanks == (None in values)


@PROPERTY
@given(id_lists, st.lists(st.sampled_from(WORKER_IDS), max_size=12), dtypes, dtypes)
def test_matches_agree_with_is_in_and_a_plain_mapping(
    values: list[str | None], known: list[str | None], dtype: object, known_dtype: object,
) -> None:
    column, workers = _column(values, dtype), _column(known, known_dtype)
    mapping = _mapping(known)
    assert ids.found(column, workers).tolist() == is_in(column, workers).tolist()
    if dtype == known_dtype == "str":  # (is_in's matching of blanks held as objects varies)
        assert ids.found(column, workers).tolist() == [
            (None in known) if v is None else v in mapping for v in values]
    assert ids.codes_in(column, ids.encode(workers)).tolist() == [
        -1 if v is None else mapping.get(v, -1) for v in values]


@PROPERTY
@given(id_lists, st.data())
def test_the_codes_of_some_rows_are_those_of_the_rows_encoded_afresh(
    values: list[str | None], data: st.DataObject,
) -> None:
    keep = np.array(data.draw(st.lists(st.booleans(), min_size=len(values),
                                       max_size=len(values))), dtype=bool)
    column = _column(values, "str")
    subset = ids.encode(column).subset(keep)
    fresh = ids.encode(column[keep].reset_index(drop=True))
    assert subset.codes.tolist() == fresh.codes.tolist()
    assert subset.uniques.tolist() == fresh.uniques.tolist()
    assert subset.blanks == fresh.blanks


@PROPERTY
@given(st.lists(st.sampled_from(WORKER_IDS), max_size=12),
       st.lists(st.one_of(st.none(), id_lists), max_size=4), dtypes)
def test_person_codes_are_one_factorisation_of_every_id_column(
    workers_ids: list[str | None], others_ids: list[list[str | None] | None], dtype: object,
) -> None:
    workers = pd.DataFrame({"worker_id": _column(workers_ids, dtype)})
    others = [None if values is None else pd.DataFrame({"worker_id": _column(values, dtype)})
              for values in others_ids]
    person, parts, people = person_codes(workers, others)
    expected_person, expected_parts, expected_people = _reference(workers, others)
    assert person.dtype == np.int64
    assert person.tolist() == expected_person.tolist()
    assert people == expected_people
    assert [None if p is None else p.tolist() for p in parts] == \
        [None if p is None else p.tolist() for p in expected_parts]
    assert all(p is None or p.dtype == np.int64 for p in parts)


def test_a_column_is_encoded_once_and_afresh_when_its_data_changes() -> None:
    frame = pd.DataFrame({"worker_id": pd.Series(["A", "B", "A", None], dtype="str"),
                          "other": [1, 2, 3, 4]})
    first = ids.encode(frame["worker_id"])
    assert ids.encode(frame["worker_id"]) is first
    assert ids.encode(frame.copy()["worker_id"]) is first
    assert ids.encode(frame.drop(columns=["other"])["worker_id"]) is first
    assert not first.codes.flags.writeable  # shared: nobody may change them
    later = frame.iloc[1:]
    assert ids.encode(later["worker_id"]).codes.tolist() == [0, 1, -1]
    frame.loc[0, "worker_id"] = "C"
    assert ids.encode(frame["worker_id"]).uniques.tolist() == ["C", "B", "A"]


def test_person_codes_do_not_share_the_workers_codes() -> None:
    workers = pd.DataFrame({"worker_id": pd.Series(["A", "B"], dtype="str")})
    person, _, _ = person_codes(workers, [])
    person[0] = 5
    assert person_codes(workers, [])[0].tolist() == [0, 1]


def test_unjoined_counts_the_rows_naming_a_worker() -> None:
    workers = pd.DataFrame({"worker_id": pd.Series([f"W{n}" for n in range(10)], dtype="str")})
    near = pd.DataFrame({"worker_id": pd.Series([f"W{n}" for n in range(9)] + ["X"],
                                                dtype="str")})
    far = pd.DataFrame({"worker_id": pd.Series([f"W{n}" for n in range(8)] + ["X", "Y"],
                                               dtype="str")})
    reasons = unjoined({"workers": workers, "absences": near, "training": far,
                        "appraisals": near.iloc[:0]})
    assert reasons == {
        "training": "training: 8 of 10 rows name a worker in the workers table (at least 90% "
                    "must): the worker ids do not join; `wfkpi validate` lists the rows",
        "appraisals": "the appraisals table has no rows",
    }
