"""Text columns held by pyarrow: the check and the fast path the readers and the engine share.

The readers give text columns pandas' default ``str`` dtype, held by pyarrow; on those, pyarrow's
own functions stand in for pandas' slower ones with the same results.
"""

from __future__ import annotations

import numpy as np
import pandas as pd
import pyarrow as pa
import pyarrow.compute as pc


def arrow_text(cells: pd.Series | pd.Index) -> bool:
    """Whether ``cells`` (a column or an index) have pandas' default ``str`` dtype, text held
    by pyarrow with NaN for missing: the dtype the readers give, on which pyarrow's own
    functions can stand in for pandas' slower ones with the same results."""
    dtype = cells.dtype
    return (isinstance(dtype, pd.StringDtype) and dtype.storage == "pyarrow"
            and dtype.na_value is np.nan)


def is_in(values: pd.Series, known: pd.Series) -> np.ndarray:
    """Which ``values`` are among ``known`` (a missing value matches a missing one). On
    pyarrow-backed text with one pyarrow call: pandas' ``isin`` on such text takes seconds on a
    million rows, ``Index.get_indexer`` most of one."""
    if arrow_text(values) and arrow_text(known):
        found = pc.is_in(pa.array(values.array), value_set=pa.array(known.array),
                         skip_nulls=False)
        return found.to_numpy(zero_copy_only=False).astype(bool)
    return pd.Index(known.unique()).get_indexer(values) != -1


def factorize(column: pd.Series) -> tuple[np.ndarray, pd.Index]:
    """``pandas.factorize(column)``: per row the position of its value among the distinct
    values (in order of first appearance), -1 for a missing one, and those values. On
    pyarrow-backed text, pyarrow's own dictionary encoding, which pandas also uses, without
    pandas' extra passes over the codes (a quarter less time on a million distinct ids)."""
    if not arrow_text(column):
        codes, uniques = pd.factorize(column)
        return codes, pd.Index(uniques)
    encoded = pa.chunked_array(pa.array(column.array)).dictionary_encode().combine_chunks()
    codes = encoded.indices.fill_null(-1).to_numpy().astype(np.intp)
    return codes, pd.Index(pd.array(encoded.dictionary, dtype=column.dtype))
