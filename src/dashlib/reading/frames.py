"""Fast helpers for large tables of strings: object arrays, membership, exploded categories."""

from __future__ import annotations

import numpy as np
import pandas as pd
import pyarrow as pa
import pyarrow.compute as pc


def objects(values) -> np.ndarray:
    """Values as a numpy object array (pandas' Arrow strings are slow to iterate and hash)."""
    if isinstance(values, pd.Series | pd.Index):
        return values.to_numpy(dtype=object)
    if isinstance(values, set | frozenset):
        values = list(values)
    return np.asarray(values, dtype=object)


def fast_isin(series: pd.Series, values) -> np.ndarray:
    """``series.isin(values)`` as a bool array, fast for large value sets of strings.

    pandas' Arrow-string ``isin`` builds one Arrow scalar per value, which takes
    seconds for 100,000 IDs; a hash lookup on object arrays takes milliseconds.
    """
    vals = pd.unique(objects(values))
    if len(vals) == 0:
        return np.zeros(len(series), dtype=bool)
    column = _arrow_strings(series)
    if column is not None:
        # Arrow's own hash lookup: no Python string per row (a page asks this of a
        # whole table on every view; the strings cost CPU and left the small-object
        # heap fragmented after a crowd of visitors)
        wanted = pa.array([v for v in vals if isinstance(v, str)], type=column.type)
        found = pc.is_in(column, value_set=wanted, skip_nulls=True)
        return found.to_numpy(zero_copy_only=False).astype(bool, copy=False)
    return pd.Index(vals).get_indexer(objects(series)) >= 0


def _arrow_strings(series: pd.Series) -> pa.ChunkedArray | None:
    """The Arrow strings behind a pandas string column (Arrow-backed), else None."""
    array = series.array
    if not hasattr(array, "__arrow_array__"):
        return None
    column = array.__arrow_array__()
    column = column if isinstance(column, pa.ChunkedArray) else pa.chunked_array([column])
    if not (pa.types.is_string(column.type) or pa.types.is_large_string(column.type)):
        return None
    return column


def explode_categories(incidents: pd.DataFrame) -> pd.DataFrame:
    """One row per (incident, target category); incidents without a category are left out.

    Split and flattened in Arrow (one pass, no Python list per incident): about ten
    times faster than ``str.split().explode()`` at 100,000 incidents, same rows.
    """
    cats = pa.array(
        objects(incidents["target_categories"].astype("string").fillna("")), pa.string()
    )
    lists = pc.split_pattern(cats, ";")
    flat = pc.list_flatten(lists)
    parents = pc.list_parent_indices(lists).to_numpy()
    keep = np.asarray(pc.not_equal(flat, "").to_numpy(zero_copy_only=False), dtype=bool)
    ids = objects(incidents["incident_id"])[parents[keep]]
    return pd.DataFrame({"incident_id": ids, "category": flat.to_numpy(zero_copy_only=False)[keep]})
