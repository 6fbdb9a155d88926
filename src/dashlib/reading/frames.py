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
    return pd.Index(vals).get_indexer(objects(series)) >= 0


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
