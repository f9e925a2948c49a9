"""Worker ids as integer codes, worked out once per column and shared.

Three things compare worker ids: the check for a spell given twice (:mod:`wfkpi.read.rules`), the
count of a table's rows that name a worker in the workers table (the reader's ``unknown-worker``
and ``unmatched-workers`` issues, the engine's tables whose ids do not join) and the engine's
person codes. Each reads a column of ids as integer codes, and :func:`encode` gives them: one
factorisation of the column, kept for pyarrow-backed text for as long as the column's data
lives, so that the reader's checks and the engine's codes hash every id of an extract once.
Matching a table's ids to the workers table's is then a lookup among the distinct ids of each
(:func:`lookup`, once for the two columns), which are as many as the people, not the rows.

What is kept is keyed on the pyarrow data behind the column, which cannot change: a column
filtered, sorted or written to holds new data and is encoded afresh, while a frame passed on
unchanged, or copied, or with other columns dropped, shares its ids' codes.
"""

from __future__ import annotations

import weakref
from dataclasses import dataclass, field
from typing import cast

import numpy as np
import pandas as pd
import pyarrow as pa
import pyarrow.compute as pc

from wfkpi.core.arrow import arrow_text, factorize, is_in


@dataclass(frozen=True)
class Encoded:
    """A column of ids as integer codes."""

    codes: np.ndarray  # int64 per row: the id's position in ``uniques``; -1 for a blank
    uniques: pd.Index  # the distinct ids (blanks aside), in order of first appearance
    blanks: bool  # whether any row is blank
    # :func:`lookup`'s answers for this column, by the identity of the other column's codes
    looked_up: dict[int, tuple[weakref.ref[Encoded], np.ndarray]] = field(
        default_factory=dict, compare=False, repr=False)

    def subset(self, rows: np.ndarray) -> Encoded:
        """The codes of the rows ``rows`` (a boolean mask or positions), numbered again as
        :func:`encode` would number them (in order of first appearance among those rows),
        without reading the ids again."""
        kept = self.codes[rows]
        dense, used = pd.factorize(kept)  # ``used``: the old codes in order of appearance
        blank = used < 0
        if blank.any():
            at = int(np.flatnonzero(blank)[0])
            dense = np.where(dense == at, -1, dense - (dense > at))
            used = used[~blank]
        return Encoded(_fixed(dense), self.uniques.take(used), bool(blank.any()))


def _fixed(codes: np.ndarray) -> np.ndarray:
    """Codes as int64, read-only: they are shared, and a change would be everyone's."""
    codes = codes.astype(np.int64, copy=False)
    codes.flags.writeable = False
    return codes


# The codes of each pyarrow-backed column encoded, by the identity of its (immutable) pyarrow
# data; an entry goes when the data does.
_KEPT: dict[int, tuple[weakref.ref[pa.ChunkedArray], Encoded]] = {}


def _data(ids: pd.Series) -> pa.ChunkedArray | None:
    """The pyarrow data behind pyarrow-backed text (None for any other column): immutable, so
    that codes worked out from it hold as long as it lives."""
    if not arrow_text(ids):
        return None
    data = cast(pd.arrays.ArrowStringArray, ids.array).__arrow_array__()
    return data if isinstance(data, pa.ChunkedArray) else None


def _kept(data: pa.ChunkedArray | None) -> Encoded | None:
    entry = None if data is None else _KEPT.get(id(data))
    return entry[1] if entry is not None and entry[0]() is data else None


def _keep(data: pa.ChunkedArray | None, encoded: Encoded) -> None:
    if data is None:
        return
    key = id(data)

    def forget(ref: weakref.ref[pa.ChunkedArray]) -> None:
        entry = _KEPT.get(key)
        if entry is not None and entry[0] is ref:
            del _KEPT[key]

    _KEPT[key] = (weakref.ref(data, forget), encoded)


def encode(ids: pd.Series) -> Encoded:
    """``ids`` as integer codes: each row's position among the column's distinct ids, in order
    of first appearance, and -1 for a blank (``pd.factorize``). Worked out once for the data of
    a pyarrow-backed text column, then shared."""
    data = _data(ids)
    found = _kept(data)
    if found is not None:
        return found
    codes, uniques = factorize(ids)
    encoded = Encoded(_fixed(codes), uniques, bool((codes < 0).any()))
    _keep(data, encoded)
    return encoded


def carry(source: pd.Series, rows: np.ndarray, ids: pd.Series) -> None:
    """Keep for ``ids``, the rows ``rows`` of ``source`` (a boolean mask or positions), the
    codes :func:`encode` gave ``source``, numbered again: a table some of whose rows are set
    aside is not encoded afresh."""
    before, data = _kept(_data(source)), _data(ids)
    if before is not None and data is not None and _kept(data) is None:
        _keep(data, before.subset(rows))


def lookup(ids: Encoded, known: Encoded) -> np.ndarray:
    """For each distinct id of ``ids``, its code in ``known``; -1 for one not among them.
    Worked out once for two columns' codes (the reader's checks and the engine's codes ask the
    same of every table), and read-only."""
    entry = ids.looked_up.get(id(known))
    if entry is not None and entry[0]() is known:
        return entry[1]
    found = None
    if arrow_text(ids.uniques) and arrow_text(known.uniques):
        mine, theirs = pa.array(ids.uniques.array), pa.array(known.uniques.array)
        if mine.type == theirs.type:
            at = pc.index_in(mine, value_set=theirs)
            found = pc.fill_null(at, -1).to_numpy(zero_copy_only=False)
    if found is None:
        found = known.uniques.get_indexer(ids.uniques)
    found = _fixed(found)
    for gone in [key for key, (ref, _) in ids.looked_up.items() if ref() is None]:
        del ids.looked_up[gone]
    ids.looked_up[id(known)] = (weakref.ref(known), found)
    return found


def codes_in(ids: pd.Series, known: Encoded) -> np.ndarray:
    """Each of ``ids``' code in ``known`` (its position among ``known``'s distinct ids); -1 for
    a blank and for an id not among them."""
    mine = encode(ids)
    return np.append(lookup(mine, known), -1)[mine.codes]


def found(ids: pd.Series, known: pd.Series) -> np.ndarray:
    """Which ``ids`` are among ``known`` (a blank matches a blank), as
    :func:`wfkpi.core.arrow.is_in` finds them, from the two columns' codes: on pyarrow-backed
    text, a lookup among the distinct ids of each."""
    if not (arrow_text(ids) and arrow_text(known)):
        return is_in(ids, known)
    mine, theirs = encode(ids), encode(known)
    return np.append(lookup(mine, theirs) >= 0, theirs.blanks)[mine.codes]
